// Taps that survive no signal (and, on sign-out, this device's reminders stop). "Done today", the morning commitment and "I rode one out", tapped with no network, are kept on this
// phone (IndexedDB: the address tapped, the instant, a key, the page's antiforgery token; never a page) and sent when the
// network is back, or on the next page load. The server takes the instant within bounds and writes a key only once
// (Pages/Offline/TapReplay.cs). Signing out, or Quick exit, empties the queue.
(() => {
  const DB = 'sovereign-taps';
  const STORE = 'taps';
  const KEPT = /\/habits\/[0-9a-f-]{36}\/complete$|\/checkin\/commit$|\/urges\/passed$/;

  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = async (mode, work) => {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const result = work(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(result.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally { db.close(); }
  };

  // htmx could not reach the server: keep the tap, and say so on its card.
  document.addEventListener('htmx:sendError', async (event) => {
    const config = event.detail.requestConfig;
    const url = new URL(config.path, location.href);
    if (config.verb !== 'post' || !KEPT.test(url.pathname)) return;
    const token = document.querySelector('meta[name="request-verification-token"]')?.content
      || document.querySelector('#actions input[name="__RequestVerificationToken"]')?.value;
    const tap = { key: crypto.randomUUID(), url: url.pathname + url.search, at: new Date().toISOString(), token };
    await run('readwrite', (store) => store.put(tap));
    const submitter = config.triggeringEvent?.submitter;
    const card = submitter?.closest('.habit-card, .check-in-card li, .check-in-card, .urge-tap');
    if (submitter) submitter.disabled = true;
    if (card && !card.querySelector('.offline-note')) {
      const note = document.createElement('p');
      note.className = 'offline-note small mb-0';
      note.setAttribute('role', 'status');
      note.textContent = 'Saved on this phone, will sync.';
      card.append(note);
    }
  });

  let replaying = false;
  const replay = async () => {
    // A page locked by being left alone (lock.js) sends nothing: it replays once opened again.
    if (replaying || !navigator.onLine || document.documentElement.classList.contains('locked')) return;
    replaying = true;
    let sent = 0;
    try {
      const taps = await run('readonly', (store) => store.getAll());
      for (const tap of taps.sort((a, b) => a.at.localeCompare(b.at))) {
        // The server takes a tap for 7 days; an older one (kept while signed out) goes unsent.
        if (Date.now() - Date.parse(tap.at) > 7 * 24 * 3600 * 1000 || !KEPT.test(new URL(tap.url, location.href).pathname)) { await run('readwrite', (store) => store.delete(tap.key)); continue; }
        let response;
        try {
          response = await fetch(tap.url, {
            // As htmx would send it: answered with the card (or 401 when signed out, never a redirect to follow).
            method: 'POST', credentials: 'same-origin',
            headers: { RequestVerificationToken: tap.token || '', 'HX-Request': 'true', 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ key: tap.key, at: tap.at }),
          });
        } catch { return; } // still no network: try again later
        // Signed out by time (not by the person: that empties the queue), too many at once, or a server in trouble: kept for later.
        if (response.status === 401 || response.status === 429 || response.status >= 500) return;
        // Written, answered as written before (the same key), or refused for good (too old, gone): done with it.
        await run('readwrite', (store) => store.delete(tap.key));
        sent++;
      }
    } finally {
      replaying = false;
      // The cards on screen are older than what was just written.
      if (sent > 0 && document.getElementById('actions')) location.reload();
    }
  };
  addEventListener('online', replay);
  replay();

  const forget = () => {
    try { indexedDB.deleteDatabase(DB); } catch { /* nothing kept */ }
    // Reminders stop with the sign-out: the push service then answers "gone" and the server forgets the device.
    navigator.serviceWorker?.getRegistration().then((r) => r?.pushManager?.getSubscription()).then((s) => s?.unsubscribe()).catch(() => {});
  };
  // Every sign-out form (the confirmation page's posts to its own address); Quick exit calls forget() itself.
  document.addEventListener('submit', (event) => {
    if (/\/auth\/logout/.test(new URL(event.target.action, location.href).pathname)) forget();
  });
  window.sovereignTaps = { replay, forget };
})();
