// Sends the antiforgery token with every htmx request (ASP.NET reads the RequestVerificationToken header).
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="request-verification-token"]');
  if (token) event.detail.headers['RequestVerificationToken'] = token.content;
});
