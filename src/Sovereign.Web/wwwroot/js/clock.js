// The sobriety clock ticks every second from its data-since instant (ISO 8601, UTC); the server already rendered it.
(() => {
  const tick = () => {
    for (const clock of document.querySelectorAll('[data-since]')) {
      const elapsed = Math.max(0, Math.floor((Date.now() - Date.parse(clock.dataset.since)) / 1000));
      const parts = { days: Math.floor(elapsed / 86400), hours: Math.floor(elapsed / 3600) % 24, minutes: Math.floor(elapsed / 60) % 60, seconds: elapsed % 60 };
      for (const [unit, value] of Object.entries(parts)) {
        const el = clock.querySelector(`[data-unit="${unit}"]`);
        if (el && el.textContent !== String(value)) el.textContent = String(value);
      }
    }
  };
  if (document.querySelector('[data-since]')) setInterval(tick, 1000);
})();
