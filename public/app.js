// Provisio's only page script (CSP: script-src 'self', so no inline handlers anywhere).
// - <time datetime> elements are shown in the viewer's time zone, also after htmx swaps;
// - forms and buttons with data-confirm ask first;
// (the provisioning-log page's rows, flyout and copy buttons are public/logs.js, loaded by that page only);
// - the log filter form learns the browser's UTC offset, so custom From/To mean local wall time;
// - the new-application form swaps the Tenant URL default when the template changes;
// - Test Connection shows the seconds it has waited, and its Cancel aborts the request;
// - a refused form's error summary is brought into view and focus goes to its first bad field (on load and
//   after an htmx swap); a summary link focuses its field.
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

  // The summary sits at the top of the form; the field may be further down, so scroll to the summary and focus
  // the field without scrolling it away (typing there scrolls it into view; the summary links lead to it).
  // Each summary once: a later swap elsewhere (a polled status panel) must not pull focus back.
  function focusFirstError() {
    const summary = document.querySelector('.error-summary:not([data-focused])');
    if (!summary) return;
    summary.setAttribute('data-focused', '');
    const form = summary.closest('form') ?? summary.parentElement;
    const field = form?.querySelector('[aria-invalid="true"]') ?? document.querySelector('[aria-invalid="true"]');
    summary.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -12); // a little air above it
    if (field instanceof HTMLElement) field.focus({ preventScroll: true });
    else {
      summary.setAttribute('tabindex', '-1');
      summary.focus({ preventScroll: true });
    }
  }
  document.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest('.error-summary a[href^="#"]') : null;
    const field = link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (!(field instanceof HTMLElement)) return;
    e.preventDefault();
    (field.closest('.field') ?? field).scrollIntoView({ block: 'center' });
    field.focus({ preventScroll: true });
  });
  document.addEventListener('htmx:after:settle', focusFirstError);

  // htmx 4 event names are colon-separated. An outerHTML swap detaches the old target, so re-scan the document.
  document.addEventListener('htmx:after:swap', refresh);
  document.addEventListener('htmx:after:settle', refresh);

  function start() {
    refresh();
    focusFirstError();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
