// Sovereign's service worker: the app opens with no signal, and nothing private is ever written to a cache.
// What is kept: the offline page and the public help page (fetched without cookies, so never anyone's own lines or
// people), and static files by their fingerprinted URLs (they never change). Pages go to the network first; with no
// network a page answers with the offline page, and "Need help now?" with its public copy.
const CACHE = 'sovereign-1';
// A supporter's shared pages that notify (share-notify.js): link id → the page's address, kept only in their browser.
const LINKS = 'sovereign-links';
const scope = new URL(self.registration.scope);
const at = (path) => new URL(path, scope).href;
const PUBLIC_PAGES = [at('offline'), at('help')];

const isAsset = (url) => url.origin === scope.origin && /\/(css|js|lib|icons)\//.test(url.pathname);
// MapStaticAssets puts a content hash in the file name (site.3xk9q2h1ab.css): such a URL always means the same bytes.
const isFingerprinted = (url) => /\.[a-z0-9]{8,}\.(css|js|png|svg|woff2?)$/.test(url.pathname);

async function keepPublicPages() {
  const cache = await caches.open(CACHE);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  for (const page of PUBLIC_PAGES) {
    try {
      // neutral=1: the copy names no app (it cannot know whether its reader chose discreet mode).
      const response = await fetch(`${page}?zone=${encodeURIComponent(zone)}&neutral=1`, { credentials: 'omit', cache: 'no-store' });
      if (!response.ok) continue;
      const html = await response.clone().text();
      await cache.put(page, response);
      // The stylesheets and scripts the page names, so it looks right offline.
      const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => new URL(m[1], page)).filter((u) => isAsset(u) && isFingerprinted(u));
      await Promise.all(assets.map(async (u) => (await cache.match(u.href)) || cache.add(u.href)));
    } catch {
      // No network while installing: the worker starts anyway, and the next page load asks again (site.js).
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepPublicPages().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE && key !== LINKS) await caches.delete(key);
    await self.clients.claim();
  })());
});

// "Refresh the offline copies" (after the crisis lines change, or a new version): any page may ask.
self.addEventListener('message', (event) => {
  if (event.data === 'refresh-public-pages') event.waitUntil(keepPublicPages());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  if (isAsset(url)) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok && isFingerprinted(url)) await cache.put(request, response.clone());
      return response;
    })());
  } else if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(async () => {
      const cache = await caches.open(CACHE);
      const help = url.pathname === new URL(at('help')).pathname ? await cache.match(at('help')) : undefined;
      return help || (await cache.match(at('offline'))) || Response.error();
    }));
  }
  // Everything else (fragments, downloads, the manifest) goes to the network as if there were no worker.
});

// A reminder or a supporter's notification (Pages/Reminders/PushSender.cs sends it, encrypted to this browser).
self.addEventListener('push', (event) => {
  let data;
  try { data = event.data.json(); } catch { data = { title: 'A note for today', body: '' }; }
  event.waitUntil(self.registration.showNotification(data.title, {
    body: data.body,
    tag: data.tag, // delivered twice, shown once
    icon: at('icons/notes-192.png'), // the neutral icon: a lock screen may be seen by anyone
    data,
    actions: data.done ? [{ action: 'done', title: 'Done' }] : [],
  }));
});

async function openPage(data) {
  let url = at(data.url || '');
  if (data.link) {
    const kept = await (await caches.open(LINKS)).match(`/links/${data.link}`);
    url = kept ? new URL(await kept.text(), scope).href : scope.href;
  }
  for (const client of await self.clients.matchAll({ type: 'window' }))
    if (client.url === url && 'focus' in client) return client.focus();
  return self.clients.openWindow(url);
}

// "Done" completes the habit without opening the app: the same request (and key rule) as a tap kept offline, so a
// notification delivered twice completes it once. Signed out or locked: the app opens instead.
async function complete(data) {
  try {
    const setup = await fetch(at('reminders/token'), { credentials: 'same-origin', redirect: 'manual' });
    if (!setup.ok) return openPage(data);
    const { token } = await setup.json();
    const response = await fetch(at(data.done), {
      method: 'POST', credentials: 'same-origin', redirect: 'manual',
      headers: { RequestVerificationToken: token, 'HX-Request': 'true', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: data.key, at: new Date().toISOString() }),
    });
    if (!response.ok) return openPage(data);
  } catch {
    return openPage(data);
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  event.waitUntil(event.action === 'done' && data.done ? complete(data) : openPage(data));
});
