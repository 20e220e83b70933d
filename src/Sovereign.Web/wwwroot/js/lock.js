// Locked when left alone (the account's setting, in <html data-lock-after> as seconds). After that long with no request
// from this page, its content is hidden — not removed: nothing typed is lost — and the unlock form is shown in its
// place; the tab's title says only "Locked". Help, Quick exit and signing out stay. The server locks the session too
// (Pages/Auth/SessionLock.cs), never before this page does: a tap, a key or scrolling is told to it at most every 30 s.
(() => {
  const root = document.documentElement;
  const after = Number(root.dataset.lockAfter) * 1000;
  const screen = document.getElementById('lock-screen');
  if (!after || !screen) return;
  const unlockUrl = new URL(screen.querySelector('form.unlock-form').action);
  const stateUrl = unlockUrl.pathname + '/state';
  let lastRequest = Date.now(); // loading this page was one
  let title = document.title;

  const locked = () => root.classList.contains('locked');
  const lock = () => {
    if (locked()) return;
    title = document.title;
    document.querySelectorAll('.modal.show').forEach((modal) => window.bootstrap?.Modal.getInstance(modal)?.hide());
    root.classList.add('locked');
    screen.hidden = false;
    document.title = 'Locked';
    screen.querySelector('input[type="password"]')?.focus();
  };
  const unlock = () => {
    root.classList.remove('locked');
    screen.hidden = true;
    document.title = title;
    lastRequest = Date.now();
  };
  const check = () => { if (!locked() && Date.now() - lastRequest >= after) lock(); };
  const ping = () => {
    lastRequest = Date.now();
    fetch(stateUrl, { credentials: 'same-origin', headers: { 'HX-Request': 'true' } })
      .then((response) => { if (response.status === 423) lock(); })
      .catch(() => { /* no signal: the page's own clock still locks it */ });
  };

  const active = () => {
    check();
    if (!locked() && Date.now() - lastRequest > 30000) ping();
  };
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input']) addEventListener(type, active, { capture: true, passive: true });
  // Nothing is sent from a locked page but the forms of the lock screen (unlock, sign out).
  document.addEventListener('submit', (event) => {
    check();
    if (locked() && !screen.contains(event.target)) event.preventDefault();
    else lastRequest = Date.now();
  }, true);
  document.addEventListener('htmx:beforeRequest', (event) => {
    check();
    if (locked()) event.preventDefault();
    else lastRequest = Date.now();
  });
  // Timers sleep with the phone: look again whenever the page is seen.
  setInterval(check, 5000);
  document.addEventListener('visibilitychange', check);
  addEventListener('pageshow', check);
  addEventListener('focus', check);

  const say = (form, text) => {
    let message = screen.querySelector('.unlock-message');
    if (!message) {
      message = document.createElement('p');
      message.className = 'unlock-message text-danger mt-2';
      message.setAttribute('role', 'alert');
    }
    form.after(message);
    message.textContent = text;
  };
  screen.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!form.classList.contains('unlock-form')) return;
    event.preventDefault();
    let response;
    try {
      response = await fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { 'HX-Request': 'true' } });
    } catch {
      say(form, 'No connection right now: try again when there is signal.');
      return;
    }
    screen.querySelector('.unlock-message')?.remove();
    if (response.status === 204) {
      form.reset();
      unlock();
    } else if (response.headers.get('HX-Redirect')) {
      location.assign(response.headers.get('HX-Redirect')); // signed out after too many wrong tries
    } else if (response.status === 422) {
      form.outerHTML = await response.text();
      screen.querySelector('input[type="password"]')?.focus();
    } else {
      say(form, response.status === 429 ? 'Too many tries from this network. Wait a minute, then try again.' : 'That did not work. Try again.');
    }
  });
})();
