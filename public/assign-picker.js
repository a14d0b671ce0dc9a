// The assignment picker (views/partials/assignment-picker.tsx). Without this script the form still works:
// Search posts it back with the results and the chips. With it:
// - ticking a result adds a chip (a ticked box named principalId), unticking removes it, so the selection
//   survives new searches, which htmx swaps into #pick-results;
// - unticking a chip drops it and unticks its result;
// - Enter in the search box searches at once instead of posting the form;
// - "Assign N selected" and the live region follow the selection and the result count;
// - a refused submit scrolls its error summary into view and focuses the first bad field.
(() => {
  const form = () => document.getElementById('assign-form');

  function chipsBox() {
    return document.querySelector('#pick-chosen .chips');
  }

  function findChip(id) {
    for (const el of document.querySelectorAll('#pick-chosen input[data-chip]')) if (el.value === id) return el;
    return null;
  }

  function updateCount() {
    const n = document.querySelectorAll('#pick-chosen input[data-chip]').length;
    for (const el of document.querySelectorAll('[data-pick-count]')) el.textContent = String(n);
    const none = document.querySelector('#pick-chosen .pick-none');
    if (none) none.hidden = n > 0;
  }

  function addChip(box) {
    const chips = chipsBox();
    if (!chips || findChip(box.value)) return;
    const label = document.createElement('label');
    label.className = 'chip';
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = 'principalId';
    input.value = box.value;
    input.checked = true;
    input.setAttribute('data-chip', '');
    const kind = document.createElement('span');
    const isGroup = box.dataset.pickKind === 'group';
    kind.className = `kind-tag kind-${isGroup ? 'group' : 'user'}`;
    kind.textContent = isGroup ? 'Group' : 'User';
    label.append(input, kind, ` ${box.dataset.pickName ?? box.value}`);
    chips.append(label);
  }

  document.addEventListener('change', (e) => {
    const box = e.target;
    if (!(box instanceof HTMLInputElement) || !box.closest('#assign-form')) return;
    if (box.closest('#pick-results') && box.type === 'checkbox') {
      if (box.checked) addChip(box);
      else findChip(box.value)?.closest('label')?.remove();
      updateCount();
    } else if (box.hasAttribute('data-chip') && !box.checked) {
      for (const r of document.querySelectorAll('#pick-results input[type=checkbox]')) {
        if (r.value === box.value) r.checked = false;
      }
      box.closest('label')?.remove();
      updateCount();
    }
  });

  document.addEventListener('keydown', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.id !== 'pick' || e.key !== 'Enter') return;
    if (!form()) return;
    e.preventDefault();
    input.dispatchEvent(new Event('search'));
  });

  // After each typeahead swap (htmx fires it on the requesting input, not on #pick-results): read the count
  // out, and tick results already chosen.
  function afterSwap() {
    const status = document.getElementById('pick-status');
    if (!status) return;
    const summary = document.querySelector('#pick-results [data-pick-summary]');
    const text = summary?.getAttribute('data-pick-summary') ?? '';
    if (status.textContent !== text) status.textContent = text;
    for (const r of document.querySelectorAll('#pick-results input[type=checkbox]')) {
      if (findChip(r.value)) r.checked = true;
    }
  }
  document.addEventListener('htmx:after:swap', afterSwap);

  // A refused submit: the summary at the top of the form in view, focus on the first bad field. app.js does this
  // for every form when it has the shared focus helper (it marks the summary data-focused); this covers the rest.
  const summary = document.querySelector('#assign-form .error-summary');
  if (summary && !summary.hasAttribute('data-focused')) {
    summary.setAttribute('data-focused', '');
    summary.scrollIntoView({ block: 'start' });
    const field = document.querySelector('#assign-form [aria-invalid="true"]');
    if (field instanceof HTMLElement) field.focus({ preventScroll: true });
  }
})();
