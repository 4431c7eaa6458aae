// The multi URL picker's rows are plain form fields; without a script the page offers one empty row and a
// cleared row is dropped on save. With it, "Add a link" adds as many rows as the editor needs.
export function initLinkRows(container) {
  const list = container.querySelector('[data-link-rows]');
  const add = container.querySelector('[data-link-add]');
  if (!list || !add) {
    return;
  }

  add.hidden = false;
  add.addEventListener('click', () => {
    const rows = list.querySelectorAll('[data-link-row]');
    const last = rows[rows.length - 1];
    const index = rows.length;
    const row = last.cloneNode(true);
    row.querySelectorAll('[id]').forEach((el) => { el.id = el.id.replace(/-\d+-/, `-${index}-`); });
    row.querySelectorAll('label[for]').forEach((el) => { el.htmlFor = el.htmlFor.replace(/-\d+-/, `-${index}-`); });
    row.querySelectorAll('input').forEach((input) => { input.value = ''; });
    row.querySelectorAll('select').forEach((select) => { select.selectedIndex = 0; });
    const legend = row.querySelector('legend');
    if (legend) {
      legend.textContent = legend.textContent.replace(/\d+/, String(index + 1));
    }
    list.appendChild(row);
    row.querySelector('input')?.focus();
  });
}
