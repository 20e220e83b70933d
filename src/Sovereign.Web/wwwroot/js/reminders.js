// Reminders on this device (/reminders): the browser asks for permission only after the tap on "Turn on reminders
// here"; its push subscription (an address at its push service and the keys a payload is encrypted to) then goes to
// the server. "Stop" on this device's row also ends the browser's subscription.
(() => {
  const section = document.getElementById('reminder-devices');
  if (!section) return;
  const form = section.querySelector('.reminders-subscribe');
  const status = section.querySelector('.reminders-status');
  if (!('serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window)) {
    section.querySelector('.reminders-unsupported').hidden = false;
    form.hidden = true;
    return;
  }
  const serverKey = Uint8Array.from(atob(section.dataset.publicKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const current = async () => (await navigator.serviceWorker.ready).pushManager.getSubscription();

  // Which row is this browser.
  current().then((subscription) => {
    for (const row of section.querySelectorAll('[data-endpoint]'))
      if (subscription && row.dataset.endpoint === subscription.endpoint) row.querySelector('.this-device').hidden = false;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      if (await Notification.requestPermission() !== 'granted') {
        status.textContent = 'Notifications are blocked for this site. Allow them in the browser\u2019s site settings, then try again.';
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.getSubscription()
        || await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
      const { endpoint, keys } = subscription.toJSON();
      form.elements.Endpoint.value = endpoint;
      form.elements.P256dh.value = keys.p256dh;
      form.elements.Auth.value = keys.auth;
      const response = await fetch(form.action, { method: 'POST', credentials: 'same-origin', body: new URLSearchParams(new FormData(form)) });
      if (response.ok) { location.reload(); return; }
      status.textContent = new DOMParser().parseFromString(await response.text(), 'text/html').body.textContent.trim()
        || 'Reminders could not be turned on. Try again.';
    } catch {
      status.textContent = 'This browser could not set up notifications (no connection to its push service?). Try again later.';
    } finally {
      button.disabled = false;
    }
  });

  for (const stop of section.querySelectorAll('.reminders-stop')) {
    stop.addEventListener('submit', async (event) => {
      event.preventDefault();
      const subscription = await current().catch(() => null);
      if (subscription && stop.closest('[data-endpoint]').dataset.endpoint === subscription.endpoint) await subscription.unsubscribe().catch(() => {});
      stop.submit();
    });
  }
})();
