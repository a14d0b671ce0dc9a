// The provisioning-log page (and the entry page's copy buttons). CSP: script-src 'self', so no inline handlers.
// - details open in a flyout (<dialog id="log-flyout">, shown modal) that takes focus, closes with Esc or its
//   Close button, and gives focus back to the row; the URL carries ?entry=<id>, so a reload or a shared link
//   reopens it and Back closes it;
// - rows are one Tab stop (roving tabindex): ArrowUp/ArrowDown/Home/End move, Enter or Space opens;
// - "Skip to results" lands on the current row;
// - copy buttons put an id on the clipboard and say "Copied" (aria-live).
(() => {
  const flyout = document.getElementById('log-flyout');
  const results = document.getElementById('log-results');
  // The flyout manages the URL itself; htmx's history would restore the whole page on Back instead.
  if (flyout && window.htmx?.config) window.htmx.config.history = false;

  const rows = () => (results ? [...results.querySelectorAll('tr.log-row')] : []);
  const rowOf = (id) => rows().find((r) => r.dataset.entryId === id) ?? null;
  const entryInUrl = () => new URL(location.href).searchParams.get('entry');
  let shownId = null;
  let reopening = false; // closing the non-modal deep-link dialog to reopen it modal fires a `close` later

  /** Make `row` the one Tab stop of the list; its copy buttons follow it, the other rows' leave the order. */
  function activate(row, focus) {
    for (const r of rows()) {
      const on = r === row;
      r.tabIndex = on ? 0 : -1;
      for (const el of r.querySelectorAll('a, button')) el.tabIndex = on && el.matches('button') ? 0 : -1;
    }
    if (focus && row) {
      row.focus();
      row.scrollIntoView({ block: 'nearest' });
    }
  }

  function currentRow() {
    return rows().find((r) => r.tabIndex === 0) ?? rows()[0] ?? null;
  }

  function setUrl(id) {
    const url = new URL(location.href);
    if ((url.searchParams.get('entry') ?? null) === id) return;
    if (id === null) {
      // Opened by us: going back both closes and forgets it; opened by a link: just drop the parameter.
      if (history.state?.logFlyout) history.back();
      else {
        url.searchParams.delete('entry');
        history.replaceState(null, '', url);
      }
      return;
    }
    url.searchParams.set('entry', id);
    if (entryInUrl() === null) history.pushState({ logFlyout: true }, '', url);
    else history.replaceState(history.state, '', url);
  }

  function showFlyout() {
    const article = flyout?.querySelector('#log-detail article[data-log-id]');
    if (!flyout || !article) return;
    const id = article.getAttribute('data-log-id');
    if (flyout.open && !flyout.matches(':modal')) {
      reopening = true; // rendered open by a deep link (and usable so without script): reopen it modal
      flyout.close();
    }
    if (!flyout.open) flyout.showModal();
    shownId = id;
    for (const r of rows()) {
      if (r.dataset.entryId === id) r.setAttribute('aria-current', 'true');
      else r.removeAttribute('aria-current');
    }
    const row = rowOf(id);
    if (row) activate(row, false);
    flyout.scrollTo(0, 0);
    flyout.querySelector('#log-detail-title')?.focus();
    setUrl(id);
  }

  function load(id) {
    if (!window.htmx) {
      location.assign(`/logs/${encodeURIComponent(id)}`);
      return;
    }
    window.htmx.ajax('GET', `/logs/${encodeURIComponent(id)}`, { target: '#log-detail', swap: 'innerHTML' });
  }

  function open(row) {
    const id = row.dataset.entryId;
    if (!id) return;
    activate(row, false);
    if (id === shownId && flyout?.querySelector(`#log-detail article[data-log-id="${CSS.escape(id)}"]`)) showFlyout();
    else load(id);
  }

  if (flyout) {
    flyout.addEventListener('close', () => {
      if (reopening) {
        reopening = false;
        return;
      }
      shownId = null;
      const row = currentRow();
      if (row) activate(row, true);
      setUrl(null);
    });
    // A click on the backdrop (outside the panel) closes, as Esc does.
    flyout.addEventListener('click', (e) => {
      if (e.target === flyout) {
        const r = flyout.getBoundingClientRect();
        if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) flyout.close();
      }
    });
    document.addEventListener('htmx:after:swap', () => {
      const article = flyout.querySelector('#log-detail article[data-log-id]');
      if (article && article.getAttribute('data-log-id') !== shownId) showFlyout();
    });
    window.addEventListener('popstate', () => {
      const id = entryInUrl();
      if (id === null) {
        if (flyout.open) flyout.close();
      } else if (id !== shownId) load(id);
    });
  }

  if (results) {
    results.addEventListener('click', (e) => {
      const target = e.target instanceof Element ? e.target : null;
      const row = target?.closest('tr.log-row');
      if (!row) return;
      if (target.closest('a.row-link')) {
        activate(row, false); // htmx loads it; the swap opens the flyout
        return;
      }
      if (target.closest('a, button, input, select, textarea, label')) return;
      if (String(window.getSelection?.() ?? '') !== '') return; // the user is selecting text
      open(row);
    });
    results.addEventListener('keydown', (e) => {
      const row = e.target instanceof Element ? e.target.closest('tr.log-row') : null;
      if (!row || e.altKey || e.ctrlKey || e.metaKey) return;
      const list = rows();
      const at = list.indexOf(row);
      const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 }[e.key];
      if (to !== undefined) {
        e.preventDefault();
        const next = list[Math.max(0, Math.min(list.length - 1, to))];
        if (next) activate(next, true);
      } else if ((e.key === 'Enter' || e.key === ' ') && e.target === row) {
        e.preventDefault();
        open(row);
      }
    });
    const selected = results.querySelector('tr.log-row[aria-current]');
    activate(selected ?? rows()[0] ?? null, false);
  }

  // "Skip to results": straight onto the current row (the section itself when the list is empty).
  document.addEventListener('click', (e) => {
    const skip = e.target instanceof Element ? e.target.closest('a.skip-link[href="#log-results"]') : null;
    if (!skip || !results) return;
    e.preventDefault();
    const row = currentRow();
    if (row) activate(row, true);
    else results.focus();
  });

  // Copy buttons: shown only here, where a script can run them.
  function showCopyButtons(root) {
    for (const b of root.querySelectorAll('button.copy-btn[hidden]')) b.hidden = false;
  }

  function fallbackCopy(text) {
    // navigator.clipboard needs https (or localhost); Provisio may be reached over plain http on a LAN.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'sr-only';
    (document.activeElement?.closest('dialog') ?? document.body).append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }

  let statusTimer = null;
  function say(button, text, ok) {
    const status = (button.closest('dialog') ?? document).querySelector('.copy-status');
    if (status) {
      status.textContent = text;
      status.classList.toggle('copy-failed', !ok);
      clearTimeout(statusTimer);
      statusTimer = setTimeout(() => {
        status.textContent = '';
      }, 2500);
    }
    button.classList.add('copied');
    setTimeout(() => button.classList.remove('copied'), 1500);
  }

  document.addEventListener('click', async (e) => {
    const button = e.target instanceof Element ? e.target.closest('button.copy-btn[data-copy]') : null;
    if (!button) return;
    e.preventDefault();
    const value = button.getAttribute('data-copy') ?? '';
    const label = button.getAttribute('data-copy-label') ?? 'ID';
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(value);
        ok = true;
      } else ok = fallbackCopy(value);
    } catch {
      ok = fallbackCopy(value);
    }
    say(button, ok ? `Copied ${label}` : `Could not copy the ${label}: select it and press Ctrl+C`, ok);
  });

  document.addEventListener('htmx:after:swap', () => showCopyButtons(document));
  showCopyButtons(document);
  if (flyout?.open) showFlyout(); // a deep link (?entry=) rendered it open
})();
