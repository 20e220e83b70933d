// The urge-surfing timer: five minutes with gentle prompts. Without JavaScript the form still logs the urge.
// The start is kept in sessionStorage, so a form sent back with an error, a reload or a look at another page does not
// restart a running timer; once the urge is logged (the next page is not this one), a later visit starts afresh.
(() => {
  const key = 'sovereign-surf-began';
  const sent = 'sovereign-surf-sent';
  const timer = document.querySelector('[data-surf-seconds]');
  if (!timer) {
    if (sessionStorage.getItem(sent)) { sessionStorage.removeItem(key); sessionStorage.removeItem(sent); }
    return;
  }
  timer.hidden = false;
  const clock = timer.querySelector('[data-surf-clock]');
  const prompt = timer.querySelector('[data-surf-prompt]');
  const start = timer.querySelector('[data-surf-start]');
  const errors = document.getElementById('surf-errors');
  const form = timer.closest('form');
  const total = Number(timer.dataset.surfSeconds);
  const prompts = [
    'Notice where you feel the urge in your body.',
    'Breathe in for four… and out for six.',
    'It is a wave. Let it rise. You are watching it, not obeying it.',
    'Is it as strong as a minute ago? Just notice.',
    'Breathe out slowly. The wave is passing.',
  ];
  const run = (began) => {
    start.disabled = true;
    const tick = () => {
      const left = Math.max(0, total - Math.floor((Date.now() - began) / 1000));
      clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
      prompt.textContent = left === 0 ? 'You rode it out. How strong is it now?' : prompts[Math.floor((total - left) / 60) % prompts.length];
      if (left > 0) setTimeout(tick, 1000);
      else start.textContent = 'Done';
    };
    tick();
  };
  start.addEventListener('click', () => {
    const began = Date.now();
    sessionStorage.setItem(key, String(began));
    run(began);
  });
  // Back from the server with errors: the timer goes on where it was, and the errors are read first. Sent and back
  // here without errors: it was logged (someone quick may reach this page again before the next page's script ran).
  const returnedWithErrors = !!errors?.querySelector('li');
  if (sessionStorage.getItem(sent) && !returnedWithErrors) sessionStorage.removeItem(key);
  sessionStorage.removeItem(sent);
  const began = Number(sessionStorage.getItem(key));
  if (began && Date.now() - began < (total + 600) * 1000) run(began);
  else sessionStorage.removeItem(key);
  if (returnedWithErrors) errors.focus();
  form.addEventListener('submit', () => sessionStorage.setItem(sent, '1'));
})();
