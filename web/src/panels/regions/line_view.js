// The Regions sub-view "along a line, and over training": the output along a -> b with its
// breakpoints (where it passes from one of the panel's exact cells to the next; engine.segment
// when a or b lies outside their box), the distances from the training points to the nearest
// boundary beside 1/N, and per recomputation of the cells while training: breakpoints on
// a -> b, cells near the data and cells the decision boundary crosses.

import { el } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { boundaryStatsSteps, boundaryCellsSteps, segmentAlong } from './counting.js';
import { xyChart, series, chartBox, canvasFor, jobSlot } from './view_kit.js';
import { hiddenActivations } from './model.js';
import { foldOf } from '../../lesson_notes.js';

const BUDGET_MS = 5;   // a frame's share of the view's work: the panel trains (and computes its cells) in the same frame
const RADIUS = 0.25;   // "near" a training point: within a quarter of an input unit
const histories = new WeakMap();   // trainer -> [{x: epoch, seg, near, edge}]

/** Builds the view in `box`; update(s) takes the panel's network, cells and points a, b. */
export function lineView(box, { ctx, section, engine }) {
  const { t, fnName } = ctx.i18n;
  const [c1, c2, c3] = ['rg.ln.title', 'rg.ln.histTitle', 'rg.ln.overTitle'].map((k) => canvasFor(t(k)));
  const head = el('p', { 'aria-live': 'polite' });
  const histText = el('p', { class: 'hint' });
  // A curved activation, or one that jumps, has no breakpoints, boundaries or cells: a message
  // instead of the charts, with the way to cells for the network's source.
  const curvedBox = el('div', { class: 'notice rg-ln-curved', role: 'status', hidden: true });
  const charts = [chartBox(c1), el('div', { class: 'rg-two' },
      el('div', {}, el('h3', { text: t('rg.ln.histTitle') }), chartBox(c2), histText),
      el('div', {}, el('h3', { text: t('rg.ln.overTitle') }), chartBox(c3), el('p', { class: 'hint', text: t('rg.ln.over', { r: fmt(RADIUS) }) })))];
  box.append(el('h3', { text: t('rg.ln.title') }), head, curvedBox, ...charts);
  const pl = engine.piecewiseLinear();
  let curvedKey = null;
  function showCurved(s) {
    const fns = s.model ? [...new Set(hiddenActivations(s.model).filter((a) => !pl.has(a)))] : [];
    const key = `${ctx.state.rsrc}:${fns}`;
    signal(section, 'lineSource', ctx.state.rsrc);   // (the source this check saw: for tests)
    if (key === curvedKey) return fns.length > 0;
    curvedKey = key;
    curvedBox.hidden = !fns.length;
    head.hidden = fns.length > 0;
    for (const c of charts) c.hidden = fns.length > 0;
    const jumps = fns.filter((f) => foldOf(f) === 'jump');
    const bends = fns.filter((f) => foldOf(f) !== 'jump');
    const names = (list) => list.map(fnName).join(t('err.listSep'));
    const pg = ctx.state.rsrc === 'pg';
    curvedBox.textContent = fns.length ? [bends.length ? t('rg.ln.curved', { fn: names(bends) }) : '',
      jumps.length ? t('rg.ln.jump', { fn: names(jumps) }) : '', t(bends.length ? 'rg.ln.needs' : 'rg.ln.needsJump'),
      t(!pg ? 'rg.smoothHint' : bends.length ? 'rg.smoothHintPg' : 'rg.jumpHintPg')].filter(Boolean).join(t('app.sentenceSep')) : '';
    signal(section, 'lineCurved', fns.join());
    return fns.length > 0;
  }
  // The charts once their canvases are in the page (see kit/charts.js createChart).
  const along = xyChart(c1, t('rg.ln.t'), t('rg.ln.out'));
  const hist = xyChart(c2, t('rg.ln.dist'), t('rg.ln.share'));
  const over = xyChart(c3, t('rg.ln.epoch'), t('rg.th.count'));
  over.chart.options.scales.x.min = 0;   // epochs: none below 0 (one point at epoch 0 spread the axis over −1 .. 1)
  let seen = null;     // the cells whose results are shown (or being made)
  let latest = null;
  // One run at a time (kit/job.js, a slice of cells a frame): cells that come while it runs
  // (training) wait for its end; then the newest of them get the next run.
  const slot = jobSlot();

  let seenPoints = '';  // and the points a and b they were made for (typed in the coordinates form meanwhile)
  const changed = (s) => s.reg !== seen || JSON.stringify(s.points) !== seenPoints;

  function update(s) {
    latest = s;
    if (showCurved(s)) return;
    if (!s.reg || !s.net.trainer || !changed(s)) {
      if (!s.exact) head.textContent = t('rg.ln.noCells');
      return;
    }
    if (slot.busy) return;
    seen = s.reg;
    seenPoints = JSON.stringify(s.points);
    slot.run(work(s), () => {
      if (latest.reg && changed(latest)) update(latest);
    }, BUDGET_MS);
  }

  function* work(s) {
    const { reg, box: bx, inputs: d } = s;
    const epoch = s.epoch;
    const own = s.points.every((p) => p && p.length === d);
    const [a, b] = own ? s.points : [bx.filter((_, i) => i % 2 === 0), bx.filter((_, i) => i % 2 === 1)];
    // Where a -> b passes from cell to cell, and the map of each piece (counting.js segmentAlong).
    const seg = yield* segmentAlong(s.net, reg, bx, a, b);
    if (!seg) return;
    const ts = seg.t;
    const mapOf = seg.map;
    const K = ts.length;
    const at = [0, ...ts, 1];
    const z = (k, tt) => { const [A, c] = mapOf(k); return a.reduce((acc, ai, i) => acc + A[i] * (ai + tt * (b[i] - ai)), c); };
    const curve = [];
    for (let k = 0; k <= K; k++) curve.push({ x: at[k], y: z(k, at[k]) }, { x: at[k + 1], y: z(k, at[k + 1]) });
    const fmtP = (p) => `(${p.map((v) => fmt(v, 3)).join(', ')})`;
    head.textContent = t('rg.ln.crossings', { k: K, p: K + 1, a: fmtP(a), b: fmtP(b) }) + (own ? '' : t('rg.ln.noPoints', { group: t('rg.clickPlaces'), btn: t('rg.placeBtn') }));
    along.set([series(t('rg.ln.out'), curve, 0), series(t('rg.kinks'), ts.map((x, k) => ({ x, y: z(k, x) })), 1, { showLine: false, pointRadius: 3.5 })]);
    yield;
    // Distances to the nearest boundary, as shares of the points in 24 bins, beside 1/N.
    const data = s.net.trainSet();
    const { dist, near } = yield* boundaryStatsSteps(reg, bx, data.x, RADIUS);
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
    yield;
    // One point per recomputation of the regions: epoch, breakpoints on a -> b, cells near data and on the decision boundary.
    const edge = s.net.meta.kind === 'regression' ? NaN : yield* boundaryCellsSteps(reg);
    if (!histories.has(s.net.trainer)) histories.set(s.net.trainer, []);
    const list = histories.get(s.net.trainer);
    const x = epoch;
    if (list.length && list[list.length - 1].x >= x) list.length = list.findIndex((p) => p.x >= x);
    list.push({ x, seg: K, near, edge });
    if (list.length > 600) list.splice(0, list.length - 600);
    const pick = (f) => list.map((p) => ({ x: p.x, y: p[f] }));
    const dot = { pointRadius: 2, clip: 3 };   // (dots on the axes drawn whole)
    over.set([series(t('rg.ln.seg'), pick('seg'), 0, dot), series(t('rg.ln.near', { r: fmt(RADIUS) }), pick('near'), 1, dot),
      ...(Number.isNaN(edge) ? [] : [series(t('rg.ln.edge'), pick('edge'), 2, dot)])]);
    signal(section, 'line', JSON.stringify({ a, b, crossings: K, near, edge: Number.isNaN(edge) ? null : edge, points: list.length }));
  }

  return { update, destroy() { slot.stop(); along.chart.destroy(); hist.chart.destroy(); over.chart.destroy(); } };
}
