// Locked when left alone (the account's setting, in <html data-lock-after> as seconds). After that long with no request
// from this page, its content is taken out of the page — kept aside, not lost: a half-written entry comes back — and the
// unlock form is shown in its place; the tab's title says only "Locked". Help, Quick exit and signing out stay. The
// session locks on the server at once (a beacon), so a reload or a link opens nothing; the server also locks by itself
// (Pages/Auth/SessionLock.cs), never before this page does: a tap, a key or scrolling is told to it at most every 30 s.
(() => {
  const root = document.documentElement;
  const after = Number(root.dataset.lockAfter) * 1000;
  const screen = document.getElementById('lock-screen');
  if (!after || !screen) return;
  const unlockUrl = new URL(screen.querySelector('form.unlock-form').action).pathname;
  const token = () => document.querySelector('meta[name="request-verification-token"]')?.content || '';
  let lastRequest = Date.now(); // loading this page was one
  let title = document.title;
  let kept = []; // [placeholder, content] while locked

  const locked = () => root.classList.contains('locked');
  const lock = () => {
    if (locked()) return;
    title = document.title;
    root.classList.add('locked');
    kept = [...document.querySelectorAll('main, footer, .bottom-nav, #alerts, #nav')].map((part) => {
      const placeholder = document.createComment('locked');
      part.replaceWith(placeholder);
      return [placeholder, part];
    });
    screen.hidden = false;
    document.title = 'Locked';
    const form = new FormData();
    form.append('__RequestVerificationToken', token());
    navigator.sendBeacon(unlockUrl + '/lock', form);
    screen.querySelector('input[type="password"]')?.focus();
  };
  const unlock = () => {
    kept.forEach(([placeholder, part]) => placeholder.replaceWith(part));
    kept = [];
    root.classList.remove('locked');
    screen.hidden = true;
    document.title = title;
    lastRequest = Date.now();
    window.sovereignTaps?.replay(); // taps kept with no signal wait while locked
  };
  const check = () => { if (!locked() && Date.now() - lastRequest >= after) lock(); };
  const ping = () => {
    lastRequest = Date.now();
    fetch(unlockUrl + '/state', { credentials: 'same-origin', headers: { 'HX-Request': 'true' } })
      .then((response) => {
        if (response.status === 423) lock();
        else if (response.status === 401) location.reload(); // signed out elsewhere: the page must not stay readable
      })
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
  // Urge surfing asks for five minutes without touching the phone: a running timer is someone there.
  const surfing = () => document.querySelector('[data-surf-seconds]') && Date.now() - Number(sessionStorage.getItem('sovereign-surf-began')) < 6 * 60 * 1000;
  // Timers sleep with the phone: look again whenever the page is seen.
  setInterval(() => (surfing() ? active() : check()), 5000);
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
      window.sovereignTaps?.forget(); // signed out after too many wrong tries: as any sign-out, the kept taps go
      location.assign(response.headers.get('HX-Redirect'));
    } else if (response.status === 422) {
      form.outerHTML = await response.text();
      screen.querySelector('input[type="password"]')?.focus();
    } else {
      say(form, response.status === 429 ? 'Too many tries from this network. Wait a minute, then try again.' : 'That did not work. Reload the page and try again.');
    }
  });
})();
