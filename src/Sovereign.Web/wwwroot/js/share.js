// Share links: the management page's copy button, and the supporter's page noticing that its link was revoked.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy]');
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Selected: press Ctrl+C';
  }
});
// A refresh that finds the link gone (revoked or expired) loads the page again, which is then the plain 404.
document.addEventListener('htmx:responseError', (event) => {
  if (event.detail.xhr.status === 404 && document.getElementById('shared')) window.location.reload();
});
