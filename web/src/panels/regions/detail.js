// Pieces of the Regions panel's explanation, built from plain data: the activation pattern of
// a point as a grid of neurons per layer, its local linear map (A, c) as TeX, and the one
// matrix an all-identity network multiplies out to. No engine calls, no URL state.

import { typeset } from '../../kit/tex.js';
import { el } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';

/**
 * Typesets TeX into node as MathML (as the Curves panel does). A formula with top-level
 * \allowbreak marks is typeset piece by piece, each piece a box of its own, so that the
 * pieces wrap onto the next line when the node is too narrow (MathML itself never breaks).
 */
export function tex(node, source) {
  const pieces = source.split('\\allowbreak');
  node.classList.toggle('tex-wrap', pieces.length > 1);
  if (pieces.length === 1) { typeset(node, source, { display: true }); return; }
  node.replaceChildren(...pieces.map((p) => {
    const box = el('span', { class: 'tex-piece' });
    typeset(box, /^\s*[-+=]/.test(p) ? `{}${p}` : p);   // a leading + - = keeps its spacing as a binary operator
    return box;
  }));
}

/** A number as TeX: 4 significant digits, exponents as powers of ten. */
export function texNum(v) {
  const s = fmt(v).replace(/−/g, '-');
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
  return m ? `${m[1]}\\times10^{${m[2]}}` : s;
}

const same = (u, v) => Math.abs(u - v) <= 1e-9 * Math.max(1, Math.abs(u), Math.abs(v));

/**
 * TeX of the local map of one point: z = A x + c. A: outputs*inputs row-major, c: outputs.
 * `other` (the other point's {A, c}) colours the entries that differ from it.
 */
export function mapTex(name, A, c, inputs, outputs, other = null, colour = '#b42318') {
  const mark = (v, w) => (other && !same(v, w) ? `\\textcolor{${colour}}{${texNum(v)}}` : texNum(v));
  const rows = [];
  for (let k = 0; k < outputs; k++) {
    const row = [];
    for (let j = 0; j < inputs; j++) row.push(mark(A[k * inputs + j], other ? other.A[k * inputs + j] : 0));
    rows.push(row.join(' & '));
  }
  const cs = [];
  for (let k = 0; k < outputs; k++) cs.push(mark(c[k], other ? other.c[k] : 0));
  const z = outputs === 1 ? 'z' : '\\mathbf{z}';
  // \allowbreak: where the line may wrap in a narrow card (see tex()).
  if (inputs === 1 && outputs === 1) return `${name}:\\; \\allowbreak ${z} = ${rows[0]}\\,x \\allowbreak + ${cs[0]}`.replace(/\+ (\\textcolor\{[^}]*\}\{)?-/g, '- $1');
  // x is the input vector (x_1, x_2); written bold so the map stays on one line.
  const x = inputs === 1 ? 'x' : '\\,\\mathbf{x}';
  const cTex = outputs === 1 ? cs[0] : `\\begin{pmatrix} ${cs.join(' \\\\ ')} \\end{pmatrix}`;
  return `${name}:\\; \\allowbreak ${z} = \\begin{pmatrix} ${rows.join(' \\\\ ')} \\end{pmatrix}${x} \\allowbreak + ${cTex}`.replace(/\+ (\\textcolor\{[^}]*\}\{)?-/g, '- $1');
}

/**
 * A point's activation pattern as one row of cells per hidden layer. pattern: one char per
 * hidden neuron, layer 1 first ('0' off / '1' on; hardtanh and relu6: '0' below, '1' inside,
 * '2' above). acts: the hidden activations. diff: neuron indices to outline (they differ
 * between a and b). Labels are worded by the host's translator `i18n`. `old`: a grid this
 * made before with the same translator; when it has the same layers and activations it is
 * updated in place and returned (only the cells whose state changed are touched: no new
 * elements, and a change of colour or outline lays nothing out again).
 */
export function patternGrid(i18n, pattern, sizes, acts, diff = null, old = null) {
  const { t } = i18n;
  const shape = `${sizes}|${acts}`;
  const box = old && old.$shape === shape ? old : patternBox(t, sizes, shape);
  // Each state's words around the neuron's number (a card of the 8 x 64 net has 512 cells:
  // one translation each cost ms).
  const words = {};
  const summary = [];
  let k = 0;
  box.$layers.forEach(({ cells, count }, l) => {
    const act = acts[l] ?? acts[acts.length - 1];
    const three = act === 'hardtanh' || act === 'relu6';
    const linear = act === 'identity';
    let on = 0;
    for (let i = 0; i < cells.length; i++, k++) {
      const ch = pattern[k] ?? '0';
      let state;
      if (linear) state = 'lin';
      else if (three) state = ch === '1' ? 'on' : ch === '2' ? 'high' : 'off';
      else state = ch === '1' ? 'on' : 'off';
      if (state === 'on' || state === 'lin') on++;
      const c = cells[i];
      if (box.$states[k] !== state) {
        box.$states[k] = state;
        const w = words[state] || (words[state] = t(`rg.state.${state}`, { i: '\u0001' }).split('\u0001'));
        c.title = w[0] + (i + 1) + (w[1] ?? '');
      }
      const cls = `rg-cell ${state}${diff && diff.has(k) ? ' diff' : ''}`;
      if (c.className !== cls) c.className = cls;
    }
    const said = t(linear ? 'rg.layerLinear' : 'rg.layerOn', { on, n: cells.length });
    if (count.textContent !== said) count.textContent = said;
    summary.push(t('rg.layerOn', { on, n: cells.length }));
  });
  const label = `${t('rg.patternOf')} ${summary.join('; ')}`;
  if (box.getAttribute('aria-label') !== label) box.setAttribute('aria-label', label);
  box.dataset.pattern = pattern;
  return box;
}

// The grid's rows, one empty cell per neuron (patternGrid gives them their states).
function patternBox(t, sizes, shape) {
  const box = el('div', { class: 'rg-pattern', role: 'img' });
  const blank = el('span', { class: 'rg-cell' });
  box.$shape = shape;
  box.$states = [];   // each cell's state, as its title words it
  box.$layers = sizes.map((n, l) => {
    const cells = Array.from({ length: n }, () => blank.cloneNode(false));
    const count = el('span', { class: 'rg-layer-count' });
    box.append(el('div', { class: 'rg-layer' }, el('span', { class: 'rg-layer-name', text: t('rg.layerN', { l: l + 1 }) }), el('div', { class: 'rg-cells' }, cells), count));
    return { cells, count };
  });
  return box;
}

/** Neuron indices where two patterns differ. */
export function patternDiff(p, q) {
  const d = new Set();
  for (let i = 0; i < Math.max(p.length, q.length); i++) if (p[i] !== q[i]) d.add(i);
  return d;
}

/** TeX "W_L \cdots W_1" written out for the layers of a model. */
export function productName(layerCount) {
  return Array.from({ length: layerCount }, (_, i) => `W_{${layerCount - i}}`).join('');
}

/** TeX of a smooth surface's gradient at a point: ∇z = (∂z/∂x_1  ∂z/∂x_2) = (g_1  g_2). */
export function gradientTex(grad) {
  return `\\nabla z = \\begin{pmatrix} \\tfrac{\\partial z}{\\partial x_1} & \\tfrac{\\partial z}{\\partial x_2} \\end{pmatrix} \\allowbreak = \\begin{pmatrix} ${grad.map(texNum).join(' & ')} \\end{pmatrix}`;
}

/** TeX of layer l's diagonal on a cell, D_l = diag(d_1, ..., d_n) (1 on, 0 or α off). */
export function diagTex(l, entries) {
  return `D_{${l}} = \\operatorname{diag}(${entries.map(texNum).join(', ')})`;
}
