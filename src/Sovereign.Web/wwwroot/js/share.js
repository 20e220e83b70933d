// The sharing page's "Send…" button: the phone's own share sheet (Web Share API), shown only where there is one;
// the Copy button beside it is the fallback everywhere.
document.querySelectorAll('[data-share]').forEach((button) => {
  if (!navigator.share) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const field = document.getElementById(button.dataset.share);
    try { await navigator.share({ title: 'Sovereign', url: field.value }); } catch { /* cancelled: nothing to do */ }
  });
});
