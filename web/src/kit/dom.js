// Small DOM helpers shared by the panels: element creation without innerHTML (so no markup
// is ever parsed from data, and no inline style attribute is written), and unique ids for
// label/control pairs. Not a framework: panels rebuild what they own.

let nextId = 0;

/** A unique id with a readable prefix, for <label for> and aria attributes. */
export function uid(prefix = 'alab') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * Creates an element: el('button', { class: 'x', type: 'button', onclick: fn }, 'text', child).
 * Attributes starting with "on" become listeners; `dataset` is an object; false/null skip.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * The focused element in the document or shadow root that holds `node` (inside an
 * <activation-lab>, document.activeElement is the element itself, not the focused control).
 */
export function focusedElement(node) {
  return node.getRootNode().activeElement ?? null;
}

/**
 * The control in `controls` that stands where `old` (a control of the same card before it was
 * built again) stood: the one with the same label, name, data- attributes and (a button) text,
 * else the one at old's former position `index`. A button that is now disabled (it reached its
 * limit) hands over to the enabled button of its row (+ to −), so the keyboard can go on.
 */
export function sameControl(old, controls, index) {
  const key = (e) => [e.tagName, e.getAttribute('aria-label'), e.name, JSON.stringify(e.dataset), e.tagName === 'BUTTON' ? e.textContent : ''].join('\n');
  const same = controls.filter((e) => key(e) === key(old));
  const found = same.length === 1 ? same[0] : controls[index];
  if (!found?.disabled) return found ?? null;
  return [...found.parentElement.children].find((e) => e.tagName === 'BUTTON' && !e.disabled && !e.hidden) ?? null;
}

/** Removes every child of `node`. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}
