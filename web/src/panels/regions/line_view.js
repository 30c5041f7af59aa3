// The Regions sub-view "along a line, and over training": the output along a -> b with its
// breakpoints (engine.segment), the distances from the training points to the nearest
// boundary beside 1/N, and per recomputation of the cells while training: breakpoints on
// a -> b, cells near the data and cells the decision boundary crosses.

import { el } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { boundaryStats, boundaryCells } from './counting.js';
import { xyChart, series, chartBox, canvasFor } from './view_kit.js';

const RADIUS = 0.25;   // "near" a training point: within a quarter of an input unit
const histories = new WeakMap();   // trainer -> [{x: epoch, seg, near, edge}]

/** Builds the view in `box`; update(s) takes the panel's network, cells and points a, b. */
export function lineView(box, { ctx, section }) {
  const { t } = ctx.i18n;
  const [c1, c2, c3] = ['rg.ln.title', 'rg.ln.histTitle', 'rg.ln.overTitle'].map((k) => canvasFor(t(k)));
  const along = xyChart(c1, t('rg.ln.t'), t('rg.ln.out'));
  const hist = xyChart(c2, t('rg.ln.dist'), t('rg.ln.share'));
  const over = xyChart(c3, t('rg.ln.epoch'), t('rg.th.count'));
  const head = el('p', { 'aria-live': 'polite' });
  const histText = el('p', { class: 'hint' });
  box.append(el('h3', { text: t('rg.ln.title') }), head, chartBox(c1),
    el('div', { class: 'rg-two' },
      el('div', {}, el('h3', { text: t('rg.ln.histTitle') }), chartBox(c2), histText),
      el('div', {}, el('h3', { text: t('rg.ln.overTitle') }), chartBox(c3), el('p', { class: 'hint', text: t('rg.ln.over', { r: fmt(RADIUS) }) }))));
  let seen = null;

  function update(s) {
    if (!s.reg || !s.net.trainer || s.reg === seen) {
      if (!s.exact) head.textContent = t('rg.ln.noCells');
      return;
    }
    seen = s.reg;
    const { reg, box: bx, inputs: d } = s;
    const own = s.points.every((p) => p && p.length === d);
    const [a, b] = own ? s.points : [bx.filter((_, i) => i % 2 === 0), bx.filter((_, i) => i % 2 === 1)];
    let seg;
    try { seg = s.net.trainer.segment(a, b); } catch { return; }
    const K = seg.t.length;
    const ts = [0, ...seg.t, 1];
    const O = seg.outputs;
    const z = (k, tt) => a.reduce((acc, ai, i) => acc + seg.A[(k * O) * d + i] * (ai + tt * (b[i] - ai)), seg.c[k * O]);
    const curve = [];
    for (let k = 0; k <= K; k++) curve.push({ x: ts[k], y: z(k, ts[k]) }, { x: ts[k + 1], y: z(k, ts[k + 1]) });
    const fmtP = (p) => `(${p.map((v) => fmt(v, 3)).join(', ')})`;
    head.textContent = t('rg.ln.crossings', { k: K, p: K + 1, a: fmtP(a), b: fmtP(b) }) + (own ? '' : t('rg.ln.noPoints'));
    along.set([series(t('rg.ln.out'), curve, 0), series(t('rg.kinks'), Array.from(seg.t, (x, k) => ({ x, y: z(k, x) })), 1, { showLine: false, pointRadius: 3.5 })]);
    // Distances to the nearest boundary, as shares of the points in 24 bins, beside 1/N.
    const data = s.net.trainSet();
    const { dist, near } = boundaryStats(reg, bx, data.x, RADIUS);
    const N = reg.neurons;
    const fin = [...dist].filter(Number.isFinite).sort((u, v) => u - v);
    const top = Math.max(2 / N, fin[Math.floor(0.95 * (fin.length - 1))] ?? 1);
    const B = 24;
    const h = Array(B).fill(0);
    for (const v of fin) if (v <= top) h[Math.min(B - 1, Math.floor((v / top) * B))] += 1 / fin.length;
    const bars = h.flatMap((v, i) => [{ x: (i * top) / B, y: v }, { x: ((i + 1) * top) / B, y: v }]);
    const tall = Math.max(...h);
    hist.set([series(t('rg.ln.share'), bars, 0),
      series(t('rg.ln.inv', { n: N }), [{ x: 1 / N, y: 0 }, { x: 1 / N, y: tall }], 1, { borderDash: [5, 4] })]);
    const med = fin.length ? fin[Math.floor(fin.length / 2)] : NaN;
    histText.textContent = t('rg.ln.hist', { m: fmt(med, 3), inv: fmt(1 / N, 3) });
    // One point per recomputation of the regions: epoch, breakpoints on a -> b, cells near data and on the decision boundary.
    const edge = s.net.meta.kind === 'regression' ? NaN : boundaryCells(reg);
    if (!histories.has(s.net.trainer)) histories.set(s.net.trainer, []);
    const list = histories.get(s.net.trainer);
    const x = s.epoch;
    if (list.length && list[list.length - 1].x >= x) list.length = list.findIndex((p) => p.x >= x);
    list.push({ x, seg: K, near, edge });
    if (list.length > 600) list.splice(0, list.length - 600);
    const pick = (f) => list.map((p) => ({ x: p.x, y: p[f] }));
    const dot = { pointRadius: 2 };
    over.set([series(t('rg.ln.seg'), pick('seg'), 0, dot), series(t('rg.ln.near', { r: fmt(RADIUS) }), pick('near'), 1, dot),
      ...(Number.isNaN(edge) ? [] : [series(t('rg.ln.edge'), pick('edge'), 2, dot)])]);
    signal(section, 'line', JSON.stringify({ a, b, crossings: K, near, edge: Number.isNaN(edge) ? null : edge, points: list.length }));
  }

  return { update, destroy() { along.chart.destroy(); hist.chart.destroy(); over.chart.destroy(); } };
}
