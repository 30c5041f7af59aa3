// Keyboard behaviour of a group of role="radio" buttons (role="radiogroup"), as WAI-ARIA
// describes it: one Tab stop (the checked radio, or the first), arrow keys move to the next
// or previous radio and choose it, Home and End to the first and last. Choosing is the
// radio's own click handler; this only moves the focus and clicks.

/** Wires `group`; call sync() after the checked radio changed by other means. Returns { sync }. */
export function radioGroupKeys(group) {
  const radios = () => [...group.querySelectorAll('[role="radio"]')].filter((r) => !r.disabled);
  function sync() {
    const list = radios();
    const checked = list.find((r) => r.getAttribute('aria-checked') === 'true') || list[0];
    for (const r of list) r.tabIndex = r === checked ? 0 : -1;
  }
  group.addEventListener('keydown', (e) => {
    const list = radios();
    const i = list.indexOf(e.target.closest('[role="radio"]'));
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const n = list.length;
    const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: n - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const target = list[(next + n) % n];
    target.focus();
    target.click();
  });
  // A click (mouse, keyboard or the keys above) may have moved the check: the Tab stop follows.
  group.addEventListener('click', () => sync());
  sync();
  return { sync };
}
