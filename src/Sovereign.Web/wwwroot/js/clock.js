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

// A milestone reached is marked, calmly, the first time this device shows it (the last one seen is kept per track).
(() => {
  for (const label of document.querySelectorAll('[data-milestone-track]')) {
    const key = `sovereign-milestone-${label.dataset.milestoneTrack}`;
    const reached = Number(label.dataset.milestone);
    const seen = Number(localStorage.getItem(key) ?? '0');
    if (reached > seen) {
      const mark = document.createElement('span');
      mark.className = 'badge text-bg-success me-1 milestone-new';
      mark.textContent = 'New';
      label.prepend(mark);
      localStorage.setItem(key, String(reached));
    } else if (reached < seen) localStorage.setItem(key, String(reached)); // a relapse: the next one will be marked again
  }
})();
