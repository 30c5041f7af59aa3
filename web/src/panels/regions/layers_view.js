// The Regions sub-view "layer by layer": the cells after hidden layers 1..k (the net cut
// after layer k, partitioned by the engine a slice at a time), layer k's new boundaries drawn over the
// older ones, and the plane as layer k sees it: a grid and the training points carried
// through layers 1..k, at two neurons of layer k: those the link names (ru), else the pair
// whose outputs spread widest (counting.js widestPair), chosen once per network and layer.

import { el, clear, uid } from '../../kit/dom.js';
import { signal } from '../../signals.js';
import { THEME, palette } from '../../kit/charts.js';
import { createPlaneChart } from '../../kit/plane_chart.js';
import { CLASS_COLOURS } from '../../kit/heatmap.js';
import { regionsPlugin, patternColour } from './regions_plugin.js';
import { truncate, widestPair } from './counting.js';
import { chartBox, canvasFor, jobSlot, numberSelect } from './view_kit.js';
import { frameLoop } from '../../kit/frame_loop.js';

const PACE = 6;   // frames between redraws (and recounts) while the net trains
const FRAME_MS = 4;   // a frame's share of a count: the panel trains and counts its own cells in the same frame
// The pair of neurons chosen for each layer of a network (trainer -> Map(k -> [i, j])), made
// from its weights when the layer is first shown, then kept while it trains (the picture does
// not jump between pairs) and across re-mounts (a language switch).
const autoPairs = new WeakMap();

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
    const thin = o.fresh.patterns.length > 1500 ? 0.5 : 1;   // many cells: finer lines
    [[o.fresh, 2.4 * thin, dark ? '#F0782A' : '#C14F00'], [o.old, 1.1 * thin, dark ? '#e3e6eb' : '#1d2129']].forEach(([reg, w, colour]) => {
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

/** Builds the view in `box`; update(s) takes the panel's network and cells. */
export function layersView(box, { ctx, section, engine }) {
  const { t } = ctx.i18n;
  const st = ctx.state;
  const rid = uid('rg');
  const range = el('input', { id: rid, type: 'range', min: 1, step: 1, name: 'rk' });
  const rangeLabel = el('label', { for: rid, class: 'field-label' });
  const counts = el('ol', { class: 'rg-ly-counts', 'aria-live': 'polite' });
  const units = el('div', { class: 'rg-pair' });
  const pairNote = el('p', { class: 'hint rg-pair-note', hidden: true });
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
      el('div', {}, warpTitle, units, pairNote, chartBox(c2, 'rg-sq'), el('p', { class: 'hint', text: t('rg.ly.warpIntro') }))));
  let busy = false;      // a count is running
  let counted = null;    // the weights whose cells `parts` holds
  const slot = jobSlot((e) => { busy = false; note.textContent = ctx.i18n.errorText(e); });
  let s = null;
  let parts = [];
  let model = null;
  let exact = false;
  const layer = () => Math.min(Math.max(1, Math.round(st.rk)), s.model.layers.length - 2);
  range.addEventListener('input', () => { ctx.setState({ rk: Number(range.value) }); draw(); });

  // While the net trains (the panel updates the view every frame) the view redraws the cells on
  // one frame and the warped plane on the next, then waits PACE frames before it counts again;
  // a count starts only once the previous one has finished. No frame carries two heavy pieces.
  let since = PACE;
  let dirty = false;
  let recount = false;
  let warpDue = false;
  const pacer = frameLoop(() => {
    since++;
    if (warpDue) { warpDue = false; if (s && s.model) drawWarp(layer(), s.inputs === 1); return true; }
    if (!dirty && !recount) return false;
    if (since < PACE) return true;
    if (dirty) { dirty = false; since = 0; drawPart(); warpDue = true; return true; }
    recount = false;
    if (exact && !busy && counted !== model) count();
    return true;
  });
  const soon = (again = false) => { dirty = true; recount ||= again; pacer.start(); };

  function update(next) {
    s = next;
    // Count again for new weights, or when the panel's own cells arrive for them (exact known).
    if (!s.model || (s.model === model && s.exact === exact)) return;
    model = s.model;
    exact = s.exact;
    if (!s.exact) { slot.stop(); busy = false; counted = null; parts = []; soon(); return; }
    // The cells of the previous weights stay on screen until the new ones are all counted.
    if (!busy) soon(true);
  }

  function count() {
    const L = model.layers.length - 2;
    const m = model;
    const box = s.box;
    const fresh = [];
    busy = true;
    slot.run((function* () {
      for (let k = 1; k <= L; k++) {
        // Each cut net's cells a slice at a time (engine.regionsJob): a large one spans frames.
        const job = engine.regionsJob(truncate(m, k), box);
        let p;
        try {
          while (!(p = job.step(FRAME_MS / 2)).done) yield { done: k - 1 + p.progress, total: L };
        } finally {
          job.cancel();
        }
        p.result.fills = p.result.patterns.map(patternColour);
        fresh.push(p.result);
        yield { done: k, total: L };
      }
    }()), () => {
      busy = false;
      parts = fresh;
      counted = m;
      // The weights changed meanwhile (training): show these cells and count the new ones.
      soon(m !== model);
    }, FRAME_MS);
  }

  function draw() {
    if (!s || !s.model) return;
    drawPart();
    drawWarp(layer(), s.inputs === 1);
  }

  // The stepper, the counts and the cells after layer k.
  function drawPart() {
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
    // The counts on screen are those of the current weights: say so to the tests.
    if (exact && counted === s.model && parts.length) signal(section, 'layerCounts', JSON.stringify(parts.map((r) => r.patternRegions)));
  }

  // The images of a grid (2-D) or of the interval (1-D) and of the data under layers 1..k,
  // at two neurons of layer k (their outputs after the activation).
  function drawWarp(k, one) {
    const width = s.model.layers[k];
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
    let out = null;
    try { out = engine.forward(s.model, [...xs, ...data.x], { jacobians: false }); } catch { /* no picture; the selects stay */ }
    // hiddenAct is layer-major: layer l holds n x width_l numbers.
    const off = out ? out.n * s.model.layers.slice(1, k).reduce((a, b) => a + b, 0) : 0;
    const named = st.ru.length > 0;   // the link (or a select) chose the neurons
    let u;
    if (named) u = [0, 1].map((j) => Math.min(width, Math.max(1, st.ru[j] ?? j + 1)) - 1);
    else {
      const trainer = s.net.trainer;
      const kept = trainer && autoPairs.get(trainer);
      u = kept?.get(k) ?? (out ? widestPair(out.hiddenAct, off, out.n, width) : [0, Math.min(1, width - 1)]);
      if (trainer && out && !kept?.has(k)) autoPairs.set(trainer, (kept ?? new Map()).set(k, u));
    }
    clear(units);
    const opts = Array.from({ length: width }, (_, i) => i);
    [0, 1].forEach((j) => units.append(numberSelect(t(j ? 'rg.ly.unitY' : 'rg.ly.unitX'), opts, u[j], (v) => {
      const ru = u.map((w) => w + 1);
      ru[j] = v + 1;
      ctx.setState({ ru });
      draw();
    }, (v) => t('rg.ly.unit', { i: v + 1 }))));
    pairNote.hidden = named || width < 2;   // (a layer of one neuron has no pair to pick)
    pairNote.textContent = pairNote.hidden ? '' : t('rg.ly.pairAuto', { i: u[0] + 1, j: u[1] + 1, k });
    warpTitle.textContent = t('rg.ly.warp', { k });
    if (!out) return;
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
    signal(section, 'warp', JSON.stringify({ k, units: u.map((v) => v + 1), auto: !named, first: [img(pts, 0), img(pts, 1)] }));
    warp.setView(view, [...sets].map(([cls, pts2]) => ({ data: pts2, pointRadius: 2.4, borderWidth: 0.8, borderColor: THEME.halo, backgroundColor: CLASS_COLOURS[cls % 5] })));
  }

  return { update, destroy() { pacer.stop(); slot.stop(); part.destroy(); warp.destroy(); } };
}
