// The Regions panel's sub-views beside the partition (URL field rv): layer by layer (the cells
// after hidden layers 1..k and the plane as layer k sees it), the counts against the theory,
// the line probe and local complexity over training, and the 3-D surface (surface.js). Each
// view is built when shown and fed the panel's current network by update(); heavy counts run
// in slices through kit/job.js. The cells themselves are the engine's.

import { el, clear, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { THEME, XY_CHART, chartFont, createChart, curveColour, palette } from '../../kit/charts.js';
import { createPlaneChart } from '../../kit/plane_chart.js';
import { CLASS_COLOURS } from '../../kit/heatmap.js';
import { jobFromGenerator, runJob } from '../../kit/job.js';
import { regionsPlugin, patternColour } from './regions_plugin.js';
import { serraBound, generalPosition, depthsOf, truncate, sawtooth, boundaryStats, boundaryCells } from './counting.js';
import { surfaceView } from './surface.js';

export const VIEWS = ['partition', 'layers', 'theory', 'line', 'surface'];

const font = chartFont(11);
const axis = (text, log) => ({ type: log ? 'logarithmic' : 'linear', title: { display: true, text, color: THEME.text, font },
  ticks: { color: THEME.text, font, maxTicksLimit: 7, callback: (v) => fmt(v) }, grid: { color: THEME.grid } });

/** A line chart of {x, y} series (kit/charts.js options); set(datasets) redraws it. */
export function xyChart(canvas, xTitle, yTitle, logX = false, logY = false) {
  const chart = createChart(canvas, { type: 'line', data: { datasets: [] }, options: { ...XY_CHART,
    scales: { x: axis(xTitle, logX), y: axis(yTitle, logY) },
    plugins: { legend: { align: 'start', labels: { color: THEME.text, font, boxWidth: 14, boxHeight: 2 } } } } });
  return { chart, set(ds) { chart.data.datasets = ds; chart.update('none'); } };
}

/** A series: colour number i of the theme's curve palette; `x` extra Chart.js dataset options. */
export const series = (label, data, i, x = {}) => ({ label, data, borderColor: (c) => curveColour(i, c.chart.canvas),
  backgroundColor: (c) => curveColour(i, c.chart.canvas), borderWidth: 2, pointRadius: 0, ...x });

export const chartBox = (canvas, cls = 'rg-chart') => el('div', { class: cls }, canvas);
export const canvasFor = (label) => el('canvas', { role: 'img', 'aria-label': label });

/** A job driver that keeps one job at a time: run(generator, onDone) stops the previous one. */
export function jobSlot(onError) {
  let job = null;
  return {
    run(gen, onDone) { job?.stop(); job = runJob(jobFromGenerator(gen), { onDone: (p) => onDone(p.result), onError }); },
    stop() { job?.stop(); },
  };
}

// Strokes every cell of a partition: polygons (2-D) or the breakpoints (1-D).
function strokeCells(chart, reg) {
  const { ctx, chartArea: a, scales: { x, y } } = chart;
  ctx.beginPath();
  if (reg.inputs === 1) {
    for (const b of reg.bounds.slice(1, -1)) { ctx.moveTo(x.getPixelForValue(b), a.top); ctx.lineTo(x.getPixelForValue(b), a.bottom); }
  } else {
    const { vertexStart: S, vertices: V } = reg;
    for (let r = 0; r + 1 < S.length; r++) {
      for (let v = S[r]; v < S[r + 1]; v++) ctx[v === S[r] ? 'moveTo' : 'lineTo'](x.getPixelForValue(V[2 * v]), y.getPixelForValue(V[2 * v + 1]));
      ctx.closePath();
    }
  }
  ctx.stroke();
}

// The newest layer's boundaries in colour, the older layers' in ink over them.
const edgesPlugin = {
  id: 'edges',
  defaults: { fresh: null, old: null },
  beforeDatasetsDraw(chart, _a, o) {
    if (!o.fresh) return;
    const { ctx, chartArea: a } = chart;
    const dark = palette(chart).dark;
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.left, a.top, a.width, a.height);
    ctx.clip();
    ctx.lineJoin = 'round';
    [[o.fresh, 2.4, dark ? '#F0782A' : '#C14F00'], [o.old, 1.1, dark ? '#e3e6eb' : '#1d2129']].forEach(([reg, w, colour]) => {
      if (!reg) return;
      ctx.lineWidth = w;
      ctx.strokeStyle = colour;
      strokeCells(chart, reg);
    });
    ctx.restore();
  },
};

// Polylines [[x0, y0, x1, y1, ...], colour] in data coordinates (chart.$lines: kept out of
// the options, whose resolver would wrap every nested array), under the datasets.
const warpPlugin = {
  id: 'warp',
  beforeDatasetsDraw(chart) {
    const { ctx, scales: { x, y } } = chart;
    ctx.save();
    ctx.lineWidth = 1;
    for (const [p, colour] of chart.$lines ?? []) {
      ctx.beginPath();
      for (let i = 0; i < p.length; i += 2) ctx.lineTo(x.getPixelForValue(p[i]), y.getPixelForValue(p[i + 1]));
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
    ctx.restore();
  },
};

function numberSelect(label, values, value, onChange, text = String) {
  const id = uid('rg');
  const s = el('select', { id }, values.map((v) => el('option', { value: v, selected: v === value, text: text(v) })));
  s.addEventListener('change', () => onChange(Number(s.value)));
  return el('div', { class: 'field rg-field' }, el('label', { for: id, text: label }), s);
}

/**
 * The sub-view host: show(id) builds the view (destroying the previous one), update() feeds it
 * env.get() = { reg, model, net, points, exact, box, inputs, step, epoch }. env: { ctx, section, engine }.
 */
export function createViews(env) {
  const box = el('div', { class: 'rg-view' });
  const makers = { layers: layersView, theory: theoryView, line: lineView, surface: surfaceView };
  let cur = null;
  let id = '';
  const update = () => { if (cur) cur.update(env.get()); };
  return {
    box,
    show(v, again = false) {
      if (v === id && !again) return;
      cur?.destroy();
      clear(box);
      id = v;
      box.hidden = !makers[v];
      cur = makers[v] ? makers[v](box, { ...env, redo: () => this.show(v, true) }) : null;
      signal(env.section, 'view', v);
      update();
    },
    update,
    destroy() { cur?.destroy(); },
  };
}

// ---- layer by layer
function layersView(box, { ctx, section, engine }) {
  const { t } = ctx.i18n;
  const st = ctx.state;
  const rid = uid('rg');
  const range = el('input', { id: rid, type: 'range', min: 1, step: 1, name: 'rk' });
  const rangeLabel = el('label', { for: rid, class: 'field-label' });
  const counts = el('ol', { class: 'rg-ly-counts', 'aria-live': 'polite' });
  const units = el('div', { class: 'rg-pair' });
  const note = el('p', { class: 'hint' });
  const c1 = canvasFor(t('rg.ly.plotLabel'));
  const c2 = canvasFor(t('rg.ly.warpLabel'));
  const part = createPlaneChart(c1, { plugins: [regionsPlugin, edgesPlugin], pluginOptions: { regions: {}, edges: {} } });
  const warp = createPlaneChart(c2, { plugins: [warpPlugin] });
  const warpTitle = el('h3');
  box.append(el('p', { class: 'lead', text: t('rg.ly.intro') }),
    el('div', { class: 'field range-field' }, rangeLabel, range), counts,
    el('div', { class: 'rg-two' },
      el('div', {}, chartBox(c1, 'rg-sq'), note),
      el('div', {}, warpTitle, units, chartBox(c2, 'rg-sq'), el('p', { class: 'hint', text: t('rg.ly.warpIntro') }))));
  const slot = jobSlot((e) => { note.textContent = ctx.i18n.errorText(e); });
  let s = null;
  let parts = [];
  let model = null;
  const layer = () => Math.min(Math.max(1, Math.round(st.rk)), s.model.layers.length - 2);
  range.addEventListener('input', () => { ctx.setState({ rk: Number(range.value) }); draw(); });

  function update(next) {
    s = next;
    if (!s.model || s.model === model) return;
    model = s.model;
    if (!s.exact) { slot.stop(); parts = []; draw(); return; }
    // The cells of the previous weights stay on screen until the new ones are all counted.
    const L = model.layers.length - 2;
    const m = model;
    const fresh = [];
    slot.run((function* () {
      for (let k = 1; k <= L; k++) {
        const r = engine.regions(truncate(m, k), s.box);
        r.fills = r.patterns.map(patternColour);
        fresh.push(r);
        yield { done: k, total: L };
      }
    }()), () => { parts = fresh; signal(section, 'layerCounts', JSON.stringify(parts.map((r) => r.patternRegions))); draw(); });
    draw();
  }

  function draw() {
    if (!s || !s.model) return;
    const L = s.model.layers.length - 2;
    const k = layer();
    range.max = L;
    range.value = k;
    rangeLabel.textContent = t('rg.ly.step', { k, L });
    clear(counts);
    parts.forEach((r, i) => counts.append(el('li', { class: i + 1 === k ? 'on' : '', text: t('rg.ly.count', { k: i + 1, n: r.patternRegions }) })));
    const r = parts[k - 1];
    const one = s.inputs === 1;
    note.textContent = s.exact ? t('rg.ly.legend') : t('rg.ly.smooth');
    part.chart.options.plugins.regions = { regions: r ?? null, fills: r ? r.fills : [] };
    part.chart.options.plugins.edges = { fresh: r ?? null, old: parts[k - 2] ?? null };
    part.setView(one ? [...s.box, 0, 1] : s.box, []);
    drawWarp(k, one);
  }

  // The images of a grid (2-D) or of the interval (1-D) and of the data under layers 1..k,
  // at two neurons of layer k (their outputs after the activation).
  function drawWarp(k, one) {
    const width = s.model.layers[k];
    const u = [0, 1].map((j) => Math.min(width, Math.max(1, st.ru[j] ?? j + 1)) - 1);
    clear(units);
    const opts = Array.from({ length: width }, (_, i) => i);
    [0, 1].forEach((j) => units.append(numberSelect(t(j ? 'rg.ly.unitY' : 'rg.ly.unitX'), opts, u[j], (v) => {
      const ru = u.map((w) => w + 1);
      ru[j] = v + 1;
      ctx.setState({ ru });
      draw();
    }, (v) => t('rg.ly.unit', { i: v + 1 }))));
    warpTitle.textContent = t('rg.ly.warp', { k });
    const [x0, x1, y0, y1] = one ? [...s.box, 0, 0] : s.box;
    const G = one ? 1 : 15, M = one ? 240 : 48;
    const xs = [];
    for (let a = 0; a < G; a++) {
      for (let i = 0; i < M; i++) {
        const f = i / (M - 1), g = G > 1 ? a / (G - 1) : 0;
        if (one) xs.push(x0 + (x1 - x0) * f);
        else xs.push(x0 + (x1 - x0) * g, y0 + (y1 - y0) * f, x0 + (x1 - x0) * f, y0 + (y1 - y0) * g);
      }
    }
    const data = s.net.trainSet();
    const d = s.inputs;
    const pts = xs.length / d;
    let out;
    try { out = engine.forward(s.model, [...xs, ...data.x], { jacobians: false }); } catch { return; }
    // hiddenAct is layer-major: layer l holds n x width_l numbers.
    const off = out.n * s.model.layers.slice(1, k).reduce((a, b) => a + b, 0);
    const img = (p, j) => out.hiddenAct[off + p * width + u[j]];
    const lines = [];
    const per = one ? 1 : 2;
    for (let a = 0; a < G * per; a++) {
      const line = [];
      for (let i = 0; i < M; i++) {
        const p = one ? i : (Math.floor(a / 2) * M + i) * 2 + (a % 2);
        line.push(img(p, 0), img(p, 1));
      }
      lines.push([line, a % 2 ? 'rgba(213, 94, 0, 0.75)' : 'rgba(0, 114, 178, 0.75)']);
    }
    let lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
    const sets = new Map();
    for (let p = 0; p < out.n; p++) {
      const q = [img(p, 0), img(p, 1)];
      q.forEach((v, j) => { lo[j] = Math.min(lo[j], v); hi[j] = Math.max(hi[j], v); });
      if (p < pts) continue;
      const cls = s.net.meta.kind === 'regression' ? 0 : data.y[p - pts];
      if (!sets.has(cls)) sets.set(cls, []);
      sets.get(cls).push({ x: q[0], y: q[1] });
    }
    // Round the view out to steps of a power of ten (over 2 when that is coarse).
    const view = [0, 1].flatMap((j) => {
      if (!(hi[j] - lo[j] > 1e-9)) return [lo[j] - 0.5, hi[j] + 0.5];   // a dead neuron: one value
      const span = hi[j] - lo[j];
      const step = 10 ** Math.floor(Math.log10(span)) / 2;
      return [Math.floor((lo[j] - 0.03 * span) / step) * step, Math.ceil((hi[j] + 0.03 * span) / step) * step];
    });
    warp.chart.$lines = lines;
    signal(section, 'warp', JSON.stringify({ k, units: u.map((v) => v + 1), first: [img(pts, 0), img(pts, 1)] }));
    warp.setView(view, [...sets].map(([cls, pts2]) => ({ data: pts2, pointRadius: 2.4, borderWidth: 0.8, borderColor: THEME.halo, backgroundColor: CLASS_COLOURS[cls % 5] })));
  }

  return { update, destroy() { slot.stop(); part.destroy(); warp.destroy(); } };
}

// ---- counted against the theory
const BUDGETS = [12, 24, 36, 48];
const SWEEP_N = [8, 16, 24, 32, 48];
const SWEEP_DEPTHS = [1, 2, 4];

function theoryView(box, { ctx, section, engine, redo }) {
  const { t } = ctx.i18n;
  const st = ctx.state;
  const N = BUDGETS.reduce((a, b) => (Math.abs(b - st.rn) < Math.abs(a - st.rn) ? b : a));
  const status = el('p', { class: 'hint', role: 'status', text: t('rg.th.running') });
  const [d1, d2, d3] = ['rg.th.depthTitle', 'rg.th.nTitle', 'rg.th.sawTitle'].map((k) => canvasFor(t(k, { n: N })));
  const depthChart = xyChart(d1, t('rg.th.depth'), t('rg.th.count'), false, true);
  const nChart = xyChart(d2, t('rg.th.neurons'), t('rg.th.count'), true, true);
  const sawChart = xyChart(d3, 'x', 'tᴸ(x)');
  const sawText = el('p', { 'aria-live': 'polite' });
  const sid = uid('rg');
  const sawL = el('input', { id: sid, type: 'range', min: 1, max: 10, step: 1, value: 4 });
  box.append(el('p', { class: 'lead', text: t('rg.th.intro') }),
    numberSelect(t('rg.th.budget'), BUDGETS, N, (v) => { ctx.setState({ rn: v }); redo(); }), status,
    el('div', { class: 'rg-two' },
      el('div', {}, el('h3', { text: t('rg.th.depthTitle', { n: N }) }), chartBox(d1)),
      el('div', {}, el('h3', { text: t('rg.th.nTitle') }), chartBox(d2))),
    el('p', { text: t('rg.th.gap') }),
    el('h3', { text: t('rg.th.sawTitle') }), el('div', { class: 'field range-field' }, el('label', { for: sid, class: 'field-label', text: t('rg.th.sawL') }), sawL),
    chartBox(d3), sawText);
  const slot = jobSlot((e) => { status.textContent = ctx.i18n.errorText(e); });
  const area = engine.dataBox(2);
  const data = engine.makeDataset('circle', { n: 8, seed: 1, testFraction: 0 }).train;

  function cells(layers, seed) {
    const tr = engine.createTrainer({ layers, activation: 'relu', output: 'linear', loss: 'mse', init: 'torch', seed }, data);
    try { return engine.regions(tr.exportModel(), area).patternRegions; } finally { tr.delete(); }
  }
  const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;

  slot.run((function* () {
    const depths = depthsOf(N);
    const total = depths.length * 3 + SWEEP_N.length * SWEEP_DEPTHS.length * 2;
    let done = 0;
    const measured = [];
    for (const d of depths) {
      const c = [];
      for (let seed = 1; seed <= 3; seed++) { c.push(cells([2, ...Array(d).fill(N / d), 1], seed)); yield { done: ++done, total }; }
      measured.push(mean(c));
    }
    const byN = SWEEP_DEPTHS.map(() => []);
    for (const n of SWEEP_N) {
      for (const [i, d] of SWEEP_DEPTHS.entries()) {
        const c = [];
        for (let seed = 1; seed <= 2; seed++) { c.push(cells([2, ...Array(d).fill(n / d), 1], seed)); yield { done: ++done, total }; }
        byN[i].push({ x: n, y: mean(c) });
      }
    }
    return { depths, measured, byN };
  }()), ({ depths, measured, byN }) => {
    const bounds = depths.map((d) => serraBound(2, Array(d).fill(N / d)));
    const pts = (f) => depths.map((d, i) => ({ x: d, y: f(d, i) }));
    depthChart.set([
      series(t('rg.th.bound'), pts((d, i) => Number(bounds[i])), 1, { borderDash: [6, 4], pointRadius: 3 }),
      series(t('rg.th.oneLayer'), pts(() => generalPosition(N)), 2, { borderDash: [2, 3] }),
      series(t('rg.th.measured'), pts((d, i) => measured[i]), 0, { pointRadius: 3.5 }),
    ]);
    // c N² through the measured points (least squares in log space).
    const all = byN.flat();
    const c = Math.exp(mean(all.map((p) => Math.log(p.y) - 2 * Math.log(p.x))));
    nChart.set([...byN.map((p, i) => series(t('rg.th.layersN', { d: SWEEP_DEPTHS[i] }), p, i, { pointRadius: 3 })),
      series(t('rg.th.guide'), SWEEP_N.map((n) => ({ x: n, y: c * n * n })), 6, { borderDash: [5, 4], borderWidth: 1.5 })]);
    status.textContent = t('rg.th.done', { n: N, bound: bounds[bounds.length - 1].toString(), m: fmt(measured[measured.length - 1], 3) });
    signal(section, 'theory', JSON.stringify({ n: N, depths, bound: bounds.map(String), measured, oneLayer: generalPosition(N) }));
  });

  function saw() {
    const L = Number(sawL.value);
    const r = engine.regions(sawtooth(L), [0, 1]);
    const p = [];
    for (let i = 0; i + 1 < r.bounds.length; i++) for (const x of [r.bounds[i], r.bounds[i + 1]]) p.push({ x, y: r.a[i] * x + r.c[i] });
    sawChart.set([series(t('rg.th.sawLine', { L }), p, 0)]);
    sawText.textContent = t('rg.th.saw', { L, p: r.affinePieces, q: 2 ** L });
    signal(section, 'saw', JSON.stringify({ L, pieces: r.affinePieces, cells: r.patternRegions }));
  }
  sawL.addEventListener('input', saw);
  saw();
  return { update() {}, destroy() { slot.stop(); depthChart.chart.destroy(); nChart.chart.destroy(); sawChart.chart.destroy(); } };
}

// ---- along a line, and over training
const RADIUS = 0.25;   // "near" a training point: within a quarter of an input unit
const histories = new WeakMap();   // trainer -> [{x: epoch, seg, near, edge}]

function lineView(box, { ctx, section }) {
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
      if (!s.reg) head.textContent = t('rg.ln.noCells');
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
