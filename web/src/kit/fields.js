// Form fields shared by the panels: a number field that accepts only finite values in range
// and keeps its last valid value, a <select>, and a list of checkboxes. Labels are tied to
// their controls; a bad entry is marked (aria-invalid) and explained beside the field.

import { el, uid } from './dom.js';
import { parseDecimal } from './numbers.js';

/**
 * A number input for values in [min, max] (whole numbers if `integer`). onValue(v) on a valid
 * change; its error sentence comes from the host's translator `i18n`. Returns { node, input, set(v) }.
 */
export function numberField({ t }, { label, value, min, max, integer = false, name, onValue, cls = '' }) {
  const id = uid('field');
  const input = el('input', { id, type: 'text', inputmode: integer ? 'numeric' : 'decimal', class: 'num', value: String(value), name, autocomplete: 'off' });
  const err = el('p', { class: 'field-error', hidden: true, role: 'alert' });
  let last = value;
  input.addEventListener('change', () => {
    const v = parseDecimal(input.value);
    const ok = v !== undefined && v >= min && v <= max && (!integer || Number.isInteger(v));
    input.setAttribute('aria-invalid', String(!ok));
    err.hidden = ok;
    err.textContent = ok ? '' : t(integer ? 'ex.intError' : 'ex.numError', { min, max, last });
    if (ok && v !== last) { last = v; onValue(v); }
  });
  const node = el('div', { class: `field form-field ${cls}`.trim() }, el('label', { for: id, text: label }), input, err);
  return {
    node,
    input,
    set(v) { last = v; input.value = String(v); input.setAttribute('aria-invalid', 'false'); err.hidden = true; },
  };
}

/** A <select> of `values` shown by nameOf(v); onChange(value). Returns the field node. */
export function selectField({ name, label, values, current, nameOf = String, onChange, cls = '' }) {
  const id = uid('field');
  const select = el('select', { id, name });
  for (const v of values) select.append(el('option', { value: v, selected: v === current, text: nameOf(v) }));
  select.addEventListener('change', () => onChange(select.value));
  return el('div', { class: `field form-field ${cls}`.trim() }, el('label', { for: id, text: label }), select);
}

/** Checkboxes for a subset of `values`; onChange(selected, in `values` order). */
export function checkList({ name, legend, values, selected, nameOf = String, onChange, cls = '' }) {
  const box = el('fieldset', { class: `checks ${cls}`.trim() }, el('legend', { class: 'field-label', text: legend }));
  const inputs = values.map((v) => el('input', { type: 'checkbox', name, value: v, checked: selected.includes(v) }));
  inputs.forEach((input, i) => {
    input.addEventListener('change', () => onChange(values.filter((_, j) => inputs[j].checked)));
    box.append(el('label', { class: 'check' }, input, el('span', { text: nameOf(values[i]) })));
  });
  return box;
}
