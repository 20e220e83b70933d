// The urge-surfing timer: five minutes with gentle prompts. Without JavaScript the form still logs the urge.
(() => {
  const timer = document.querySelector('[data-surf-seconds]');
  if (!timer) return;
  timer.hidden = false;
  const clock = timer.querySelector('[data-surf-clock]');
  const prompt = timer.querySelector('[data-surf-prompt]');
  const start = timer.querySelector('[data-surf-start]');
  const prompts = [
    'Notice where you feel the urge in your body.',
    'Breathe in for four… and out for six.',
    'It is a wave. Let it rise. You are watching it, not obeying it.',
    'Is it as strong as a minute ago? Just notice.',
    'Breathe out slowly. The wave is passing.',
  ];
  start.addEventListener('click', () => {
    start.disabled = true;
    const total = Number(timer.dataset.surfSeconds);
    const began = Date.now();
    const tick = () => {
      const left = Math.max(0, total - Math.floor((Date.now() - began) / 1000));
      clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
      prompt.textContent = left === 0 ? 'You rode it out. How strong is it now?' : prompts[Math.floor((total - left) / 60) % prompts.length];
      if (left > 0) setTimeout(tick, 1000);
      else start.textContent = 'Done';
    };
    tick();
  });
})();
