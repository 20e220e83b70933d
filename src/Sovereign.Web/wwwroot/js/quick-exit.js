// Quick exit: the button, or Escape pressed three times within two seconds, leaves for a neutral site at once.
// Signed in, it first ends the session on the server (a beacon survives the page being left), so Back finds only the
// sign-in page; location.replace keeps this page out of the back button's history, and every signed-in page is
// no-store, so none comes back from the browser's cache.
(() => {
  const link = document.getElementById('quick-exit');
  if (!link) return;
  const leave = () => {
    document.body.hidden = true;
    window.sovereignTaps?.forget(); // the taps kept with no signal (offline.js)
    const token = document.querySelector('meta[name="request-verification-token"]');
    if (link.dataset.endSession && token) {
      const form = new FormData();
      form.append('__RequestVerificationToken', token.content);
      navigator.sendBeacon(link.dataset.endSession, form);
    }
    window.location.replace(link.href);
  };
  link.addEventListener('click', (event) => { event.preventDefault(); leave(); });
  let presses = [];
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 2000).concat(now);
    if (presses.length >= 3) leave();
  });
})();
