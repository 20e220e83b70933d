// Loaded in <head>, before anything is drawn. The server writes the chosen colour mode (data-color-mode) and, for
// light or dark, Bootstrap's data-bs-theme; on "Automatic" this takes the device's setting at once and follows it when
// it changes. Printing is always light.
(() => {
  const root = document.documentElement;
  const chosen = root.dataset.colorMode || 'auto';
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const apply = () => { root.dataset.bsTheme = chosen === 'auto' ? (dark.matches ? 'dark' : 'light') : chosen; };
  apply();
  if (chosen === 'auto') dark.addEventListener('change', apply);
  addEventListener('beforeprint', () => { root.dataset.bsTheme = 'light'; });
  addEventListener('afterprint', apply);
})();
