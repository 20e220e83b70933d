// A supporter's "Notify me on this device" (the shared page /s/{token}): asked only on the tap, the browser's push
// subscription goes to the link, and the page's address is kept in this browser alone (the server keeps no token to
// name it), so that a tap on the notification opens this page again (wwwroot/sw.js).
(() => {
  const section = document.querySelector('.share-notify');
  if (!section || !('serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window)) return;
  const [on, off, status] = ['.share-notify-on', '.share-notify-off', '.share-notify-status'].map((s) => section.querySelector(s));
  const base = section.dataset.notifications;
  const links = () => caches.open('sovereign-links');
  const keyOf = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const script = document.currentScript;
  section.hidden = false;

  const showOn = (isOn) => { on.hidden = isOn; off.hidden = !isOn; };
  links().then((cache) => cache.match(location.pathname)).then((hit) => showOn(!!hit && Notification.permission === 'granted'));

  on.addEventListener('click', async () => {
    on.disabled = true;
    try {
      if (await Notification.requestPermission() !== 'granted') { status.textContent = 'Notifications are blocked for this site in the browser\u2019s settings.'; return; }
      const setup = await fetch(base, { credentials: 'same-origin' });
      if (!setup.ok) { status.textContent = 'This page is no longer shared.'; return; }
      const { publicKey, token } = await setup.json();
      const registration = await navigator.serviceWorker.register(new URL('../sw.js', script.src)).then(() => navigator.serviceWorker.ready);
      const subscription = await registration.pushManager.getSubscription()
        || await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyOf(publicKey) });
      const { endpoint, keys } = subscription.toJSON();
      const response = await fetch(base, {
        method: 'POST', credentials: 'same-origin', headers: { RequestVerificationToken: token },
        body: new URLSearchParams({ Endpoint: endpoint, P256dh: keys.p256dh, Auth: keys.auth, Name: 'Supporter' }),
      });
      if (!response.ok) { status.textContent = (await response.text()) || 'Notifications could not be turned on.'; return; }
      const { link } = await response.json();
      const cache = await links();
      await cache.put(`/links/${link}`, new Response(location.pathname));
      await cache.put(location.pathname, new Response(link));
      showOn(true);
      status.textContent = 'On: this device will tell you when they ask for support.';
    } catch {
      status.textContent = 'This browser could not set up notifications just now. Try again later.';
    } finally {
      on.disabled = false;
    }
  });

  off.addEventListener('click', async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    const setup = await fetch(base, { credentials: 'same-origin' });
    if (subscription && setup.ok) {
      const { token } = await setup.json();
      await fetch(`${base}/stop`, { method: 'POST', credentials: 'same-origin', headers: { RequestVerificationToken: token }, body: new URLSearchParams({ endpoint: subscription.endpoint }) });
    }
    const cache = await links();
    const link = await (await cache.match(location.pathname))?.text();
    await cache.delete(location.pathname);
    if (link) await cache.delete(`/links/${link}`);
    showOn(false);
    status.textContent = 'Off: no more notifications from this page.';
  });
})();
