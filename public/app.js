// Provisio's only page script (CSP: script-src 'self', so no inline handlers anywhere).
// - <time datetime> elements are shown in the viewer's time zone, also after htmx swaps;
// - forms and buttons with data-confirm ask first;
// - a click anywhere on a log row opens its details (the row's link does the htmx request);
// - the log filter form learns the browser's UTC offset, so custom From/To mean local wall time;
// - the new-application form swaps the Tenant URL default when the template changes;
// - Test Connection shows the seconds it has waited, and its Cancel aborts the request.
(() => {
  const timeFormat = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

  function localiseTimes(root) {
    for (const el of root.querySelectorAll('time[datetime]:not([data-localised])')) {
      const iso = el.getAttribute('datetime');
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) continue;
      el.textContent = timeFormat.format(d);
      el.title = iso;
      el.setAttribute('data-localised', '');
    }
  }

  function fillTimezone(root) {
    for (const el of root.querySelectorAll('input[data-tz-offset]')) el.value = String(new Date().getTimezoneOffset());
  }

  function refresh() {
    localiseTimes(document);
    fillTimezone(document);
  }

  // Capture phase, so a refusal stops the submit before htmx sees it.
  document.addEventListener(
    'submit',
    (e) => {
      const form = e.target;
      if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  document.addEventListener(
    'click',
    (e) => {
      const target = e.target instanceof Element ? e.target : null;
      const button = target?.closest('button[data-confirm], a[data-confirm]');
      if (button && !window.confirm(button.getAttribute('data-confirm') ?? '')) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const link = target.closest('a.row-link');
    if (link) {
      for (const row of document.querySelectorAll('tr.selected')) row.classList.remove('selected');
      link.closest('tr')?.classList.add('selected');
      return;
    }
    const row = target.closest('tr[data-row-link]');
    if (!row || target.closest('a, button, input, select, textarea, label')) return;
    if (String(window.getSelection?.() ?? '') !== '') return; // the user is selecting text
    row.querySelector('a.row-link')?.click();
  });

  document.addEventListener('change', (e) => {
    const select = e.target;
    if (!(select instanceof HTMLSelectElement) || !select.dataset.tenantDefault) return;
    const input = document.getElementById(select.dataset.tenantDefault);
    const option = select.selectedOptions[0];
    if (!(input instanceof HTMLInputElement) || !option) return;
    const defaults = [...select.options].map((o) => o.dataset.defaultUrl).filter(Boolean);
    if (input.value === '' || defaults.includes(input.value)) input.value = option.dataset.defaultUrl ?? '';
  });

  // Test Connection: count the wait while the request runs; Cancel aborts it (htmx:abort on the source form).
  let testTimer = null;
  function stopTestTimer() {
    if (testTimer) clearInterval(testTimer);
    testTimer = null;
  }
  document.addEventListener('htmx:before:request', (e) => {
    if (!(e.target instanceof Element) || e.target.id !== 'test-connection-form') return;
    const elapsed = document.querySelector('[data-test-elapsed]');
    const started = Date.now();
    stopTestTimer();
    // The last answer was about other values: it must not stand beside the new wait.
    const result = document.getElementById('test-result');
    if (result) result.replaceChildren();
    if (elapsed) elapsed.textContent = '0 s';
    testTimer = setInterval(() => {
      if (elapsed) elapsed.textContent = `${Math.floor((Date.now() - started) / 1000)} s`;
    }, 1000);
  });
  document.addEventListener('htmx:finally:request', (e) => {
    if (e.target instanceof Element && e.target.id === 'test-connection-form') stopTestTimer();
  });
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-test-cancel]') : null;
    const form = button && document.getElementById(button.getAttribute('data-test-cancel') ?? '');
    if (!form) return;
    form.dispatchEvent(new CustomEvent('htmx:abort'));
    stopTestTimer();
    const result = document.getElementById('test-result');
    if (result) result.innerHTML = '<p class="alert test-cancelled" role="status">Test cancelled.</p>';
  });

  // htmx 4 event names are colon-separated. An outerHTML swap detaches the old target, so re-scan the document.
  document.addEventListener('htmx:after:swap', refresh);
  document.addEventListener('htmx:after:settle', refresh);

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', refresh);
  else refresh();
})();
