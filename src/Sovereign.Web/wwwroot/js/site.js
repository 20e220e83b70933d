// Sends the antiforgery token with every htmx request (ASP.NET reads the RequestVerificationToken header).
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="request-verification-token"]');
  if (token) event.detail.headers['RequestVerificationToken'] = token.content;
});

// Under a path base (the app served at example.org/sovereign) htmx's root-relative paths get the prefix, as the
// server does for links ("~/") and redirects.
document.addEventListener('htmx:configRequest', (event) => {
  const base = document.querySelector('meta[name="path-base"]')?.content;
  const path = event.detail.path;
  if (base && path.startsWith('/') && !path.startsWith('//') && path !== base && !path.startsWith(base + '/')) {
    event.detail.path = base + path;
  }
});
