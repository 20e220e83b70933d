// Quick exit: the button, or Escape pressed three times within two seconds, leaves for a neutral site at once.
// location.replace keeps this page out of the back button's history.
(() => {
  const link = document.getElementById('quick-exit');
  if (!link) return;
  const leave = () => { document.body.hidden = true; window.location.replace(link.href); };
  link.addEventListener('click', (event) => { event.preventDefault(); leave(); });
  let presses = [];
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 2000).concat(now);
    if (presses.length >= 3) leave();
  });
})();
