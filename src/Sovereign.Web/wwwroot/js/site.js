// Sends the antiforgery token with every htmx request (ASP.NET reads the RequestVerificationToken header).
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="request-verification-token"]');
  if (token) event.detail.headers['RequestVerificationToken'] = token.content;
});

// A Copy button (data-copy = the id of a field or of an element with text): copies, or selects it where the clipboard
// is not allowed (without JavaScript the text is there to select by hand).
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const text = 'value' in source ? source.value : source.textContent.trim();
  if ('select' in source) source.select(); else window.getSelection().selectAllChildren(source);
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Selected: copy it now';
  }
});

// The service worker (wwwroot/sw.js): the app opens with no signal. It sits at the site's root, beside this folder.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register(new URL('../sw.js', document.currentScript.src))
    // Once in a while (the first page of a visit), the offline copies are fetched again: the lines may have changed.
    .then(() => { if (!sessionStorage.getItem('sv-offline-kept')) { sessionStorage.setItem('sv-offline-kept', '1'); navigator.serviceWorker.ready.then((r) => r.active?.postMessage('refresh-public-pages')); } })
    .catch(() => {});
}
