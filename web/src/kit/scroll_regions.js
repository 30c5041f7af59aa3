// Wide content that may not fit its box (formulas, tables, the network diagram) scrolls
// sideways inside it. While it does, the box is a labelled region that takes the keyboard
// focus (so arrow keys scroll it) and shows shadows at the edges that have more (style.css
// .scroll-x); when everything fits it is neither. Panels mark such boxes with the class
// scroll-x (or one of the classes in WIDE); the host watches its panel for them.

const WIDE = '.scroll-x, .exp-table-wrap, .sm-formula, .nl-math, .rg-map, .rg-neq, .formulas dd, .pg-diagram-wrap';

// The name of the box for a screen reader: the nearest heading of its card, or the panel's.
function nameOf(node, t) {
  const card = node.closest('.fn-card, .card, .chart-col, .controls, section');
  const heading = card && card.querySelector('h3, h2, legend');
  const what = heading ? heading.textContent.trim() : '';
  return what ? t('app.scrollsNamed', { what }) : t('app.scrolls');
}

// `label`, or "label (2)", "label (3)"... when another region of `root` already has it.
function uniqueLabel(label, node, root) {
  const taken = new Set([...root.querySelectorAll('[role="region"][aria-label]')].filter((n) => n !== node).map((n) => n.getAttribute('aria-label')));
  if (!taken.has(label)) return label;
  let k = 2;
  while (taken.has(`${label} (${k})`)) k += 1;
  return `${label} (${k})`;
}

function update(node, t, root) {
  const over = node.scrollWidth > node.clientWidth + 1;
  if (over === (node.dataset.scrolls === '1')) return;
  node.dataset.scrolls = over ? '1' : '0';
  if (over) {
    node.tabIndex = 0;
    node.setAttribute('role', 'region');
    node.setAttribute('aria-label', uniqueLabel(nameOf(node, t), node, root));
  } else {
    node.removeAttribute('tabindex');
    node.removeAttribute('role');
    node.removeAttribute('aria-label');
  }
}

/**
 * Watches `root` for wide boxes (now and as the panel adds them) and keeps their focusability
 * and labels in step with whether they overflow. `t` is the host's translator. Returns stop().
 */
export function watchScrollRegions(root, t) {
  const watched = new WeakSet();
  const sizes = new ResizeObserver((entries) => {
    for (const e of entries) update(e.target.closest(WIDE) || e.target, t, root);
  });
  const adopt = (node) => {
    if (watched.has(node)) return;
    watched.add(node);
    node.classList.add('scroll-x');
    sizes.observe(node);
  };
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches(WIDE)) adopt(node);
    for (const n of node.querySelectorAll(WIDE)) adopt(n);
  };
  scan(root);
  // Content replaced inside a box (a table redrawn, a formula typeset) changes its scroll
  // width but not its size: check the boxes the mutations happened in.
  const changes = new MutationObserver((records) => {
    const touched = new Set();
    for (const r of records) {
      for (const n of r.addedNodes) scan(n);
      const target = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const box = target && target.closest(WIDE);
      if (box && root.contains(box)) touched.add(box);
    }
    for (const box of touched) { adopt(box); update(box, t, root); }
  });
  changes.observe(root, { childList: true, subtree: true, characterData: true });
  return () => { sizes.disconnect(); changes.disconnect(); };
}
