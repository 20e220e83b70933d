// Pre-selects the browser's time zone on forms that ask for one (the server default is UTC).
for (const select of document.querySelectorAll('select[data-browser-timezone="true"]')) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && [...select.options].some((o) => o.value === zone)) select.value = zone;
}
