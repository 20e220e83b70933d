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
