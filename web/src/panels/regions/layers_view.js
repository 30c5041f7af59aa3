// The Regions sub-view "layer by layer": the cells after hidden layers 1..k (the panel's exact
// cells grouped by the first k layers of their patterns, counting.js layerGroups: no partition
// of its own), layer k's new boundaries drawn over the older ones, and the plane as layer k sees it: a grid and the training points carried
// through layers 1..k, at two neurons of layer k: those the link names (ru), else the pair
// whose outputs spread widest (counting.js widestPair), chosen once per network and layer.

import { el, clear, uid } from '../../kit/dom.js';
import { signal } from '../../signals.js';
import { THEME, palette } from '../../kit/charts.js';
import { createPlaneChart } from '../../kit/plane_chart.js';
import { CLASS_COLOURS } from '../../kit/heatmap.js';
import { hashColour, themedFill, imageKey, sameKey, blankImage, drawCells, flush } from './regions_plugin.js';
import { truncate, widestPair, widestPairSteps, cellNeighbours, layerGroups, complete } from './counting.js';
import { chartBox, canvasFor, jobSlot, numberSelect } from './view_kit.js';
import { hiddenActivations } from './model.js';
import { foldOf } from '../../lesson_notes.js';

const BUDGET_MS = 5;     // a frame's share of the view's work: the panel trains (and computes its cells) in the same frame
const WARP_CHUNK = 256;  // points carried through the net between two yields
const SYNC_NEURONS = 160;   // nets up to this many hidden neurons get their warped plane at once on a change of layer
// The pair of neurons chosen for each layer of a network (trainer -> Map(k -> [i, j])), made
// from its weights when the layer is first shown, then kept while it trains (the picture does
// not jump between pairs) and across re-mounts (a language switch).
const autoPairs = new WeakMap();

// Colours of layer k's new boundaries and of the older layers' (light and dark theme).
const FRESH = ['#C14F00', '#F0782A'];
const OLD = ['#1d2129', '#e3e6eb'];

// The cells after layer k drawn from the panel's final cells (chart.$layer = { cells, k }):
// each final cell filled with the colour of the cell after layer k it lies in, then the edges
// between final cells of different cells after layer k (those of layer k in colour, the older
// ones in ink over them). A 2-D picture is made over frames (picture() below) and drawn here
// as an image (the last one, stretched, while the next is made); 1-D bands are drawn directly.
const layerPlugin = {
  id: 'layerCells',
  beforeDatasetsDraw(chart) {
    const o = chart.$layer;
    if (!o || !o.cells) return;
    const { ctx, chartArea: a } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.left, a.top, a.width, a.height);
    ctx.clip();
    if (o.cells.reg.inputs === 2) {
      const pic = chart.$picture;
      if (pic) ctx.drawImage(pic.canvas, a.left, a.top, a.width, a.height);
      if (!sameKey(pic?.key, pictureKey(chart))) o.want?.();
    } else {
      drawBands(chart, o.cells, o.k);
    }
    ctx.restore();
  },
};

// What a 2-D picture shows: the cells and the layer (with the theme and the chart area).
const pictureKey = (chart) => imageKey(chart, { cells: chart.$layer.cells, k: chart.$layer.k });

// 1-D: bands of the cells after layer k, a line where two neighbouring bands differ.
function drawBands(chart, cells, k) {
  const { ctx, chartArea: a, scales: { x } } = chart;
  const dark = +palette(chart).dark;
  const { bounds } = cells.reg;
  const g = cells.groups[k];
  for (let i = 0; i + 1 < bounds.length; i++) {
    ctx.fillStyle = themedFill(dark, cells.fills[k][g[i]]);
    const x0 = x.getPixelForValue(bounds[i]);
    ctx.fillRect(x0, a.top, x.getPixelForValue(bounds[i + 1]) - x0, a.height);
  }
  for (const fresh of [true, false]) {
    ctx.beginPath();
    for (let i = 1; i + 1 < bounds.length; i++) {
      if (g[i] === g[i - 1] || fresh !== (k === 0 || cells.groups[k - 1][i] === cells.groups[k - 1][i - 1])) continue;
      const px = x.getPixelForValue(bounds[i]);
      ctx.moveTo(px, a.top);
      ctx.lineTo(px, a.bottom);
    }
    ctx.lineWidth = fresh ? 2.4 : 1.1;
    ctx.strokeStyle = (fresh ? FRESH : OLD)[dark];
    ctx.stroke();
  }
}

const EDGE_CHUNK = 800;   // final cells whose edges are drawn between two read-backs

// The 2-D picture of the cells after layer k (pictureKey): the final cells filled a chunk at a
// time (regions_plugin.js drawCells), then the edges: a generator for kit/job.js; returns
// { key, canvas }.
function* picture(chart) {
  const key = pictureKey(chart);
  const { cells, k } = chart.$layer;
  const { reg, groups, fills, across, counts } = cells;
  const S = reg.vertexStart;
  const R = S.length - 1;
  const { canvas, ctx } = blankImage(key, null);
  const px = new Float64Array(2 * S[R]);   // the vertices' pixel positions, for the edges
  const g = groups[k];
  yield* drawCells(ctx, chart, reg, (r) => themedFill(key.dark, fills[k][g[r]]), false, px);
  // Each edge once (from the cell of lower index), where the cells after layer k differ.
  const before = k > 0 ? groups[k - 1] : null;
  const thin = counts[k] > 1500 ? 0.5 : 1;   // many cells: finer lines
  const dark = +key.dark;
  ctx.lineJoin = 'round';
  for (const fresh of [true, false]) {
    ctx.lineWidth = (fresh ? 2.4 : 1.1) * thin;
    ctx.strokeStyle = (fresh ? FRESH : OLD)[dark];
    for (let from = 0; from < R; from += EDGE_CHUNK) {
      ctx.beginPath();
      for (let r = from; r < Math.min(R, from + EDGE_CHUNK); r++) {
        for (let v = S[r]; v < S[r + 1]; v++) {
          const n = across[v];
          if (n <= r || g[n] === g[r] || fresh !== (!before || before[n] === before[r])) continue;
          const w = v + 1 < S[r + 1] ? v + 1 : S[r];
          ctx.moveTo(px[2 * v], px[2 * v + 1]);
          ctx.lineTo(px[2 * w], px[2 * w + 1]);
        }
      }
      ctx.stroke();
      flush(ctx);
      yield { done: Math.min(R, from + EDGE_CHUNK), total: R };
    }
  }
  return { key, canvas };
}

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
export function layersView(box, { ctx, section, engine, adjust }) {
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
  const warpTitle = el('h3');
  const warpNote = el('p', { class: 'hint rg-warp-note' });
  // A net without hidden layers (the Playground's can have none): a word instead of the rest.
  const none = el('p', { class: 'notice rg-ly-none', role: 'status', hidden: true, text: t('rg.ly.none') });
  const shown = [el('div', { class: 'field range-field' }, rangeLabel, range), counts,
    el('div', { class: 'rg-two' },
      el('div', {}, chartBox(c1, 'rg-sq'), note),
      el('div', {}, warpTitle, units, pairNote, chartBox(c2, 'rg-sq'), warpNote))];
  box.append(el('p', { class: 'lead', text: t('rg.ly.intro') }), none, ...shown);
  // The charts once their canvases are in the page (see kit/charts.js createChart).
  const part = createPlaneChart(c1, { plugins: [layerPlugin] });
  const warp = createPlaneChart(c2, { plugins: [warpPlugin] });
  let s = null;
  let cells = null;     // the panel's cells on screen grouped by layer (layerGroups) and their neighbours
  let images = null;    // the warped plane's numbers: { model, k, values (layer k's outputs), n, pts }
  const layer = () => Math.min(Math.max(1, Math.round(st.rk)), s.model.layers.length - 2);
  const small = () => s.model.layers.slice(1, -1).reduce((a, b) => a + b, 0) <= SYNC_NEURONS;
  part.chart.$layer = { cells: null, k: 0, want: () => schedule() };

  // One job at a time brings the view up to date (work()): it runs in slices on animation
  // frames, and what changes meanwhile (training: new cells and weights) is taken up by the
  // next run once this one is over; a run keeps what is still valid (the cells grouped by
  // layer, the picture, the warped plane's numbers). A change of layer or of the theme starts
  // over at once, unless the cells are still being grouped.
  const slot = jobSlot((e) => { note.textContent = ctx.i18n.errorText(e); });
  function schedule(now = false) {
    if (slot.busy && !(now && (!s.reg || cells?.reg === s.reg))) slot.again(schedule);
    else slot.run(work(), null, BUDGET_MS);
  }

  function* work() {
    if (!s || !s.model) return;
    const widths = s.model.layers.slice(1, -1);
    if (s.reg && cells?.reg !== s.reg && s.reg.neurons === widths.reduce((a, b) => a + b, 0)) {
      const reg = s.reg;
      const across = reg.inputs === 2 ? yield* cellNeighbours(reg, s.box) : null;
      cells = { reg, across, ...(yield* layerGroups(reg, widths, hashColour)) };
      drawPart();
      yield;
    } else if (!s.reg && cells) {
      cells = null;
      drawPart();
    }
    const k = layer();
    if (k < 1) return;
    if (cells && cells.reg.inputs === 2) {
      const chart = part.chart;
      if (!sameKey(chart.$picture?.key, pictureKey(chart))) {
        chart.$picture = yield* picture(chart);
        chart.draw();
        yield;
      }
    }
    if (!images || images.model !== s.model || images.k !== k) {
      images = yield* warpImages(k);
      yield;
      // The automatic pair of neurons (kept per network and layer), then the picture on a frame of its own.
      const trainer = s.net.trainer;
      if (!st.ru.length && trainer && images.values && !autoPairs.get(trainer)?.has(k)) {
        const u = yield* widestPairSteps(images.values, 0, images.n, s.model.layers[k]);
        autoPairs.set(trainer, (autoPairs.get(trainer) ?? new Map()).set(k, u));
        yield;
      }
      drawWarp();
    }
  }

  range.addEventListener('input', () => {
    ctx.setState({ rk: Number(range.value) });
    drawPart();
    // A small net's warped plane at once; a large one's over frames (work()).
    if (small()) { images = complete(warpImages(layer())); drawWarp(); }
    schedule(true);
  });

  function update(next) {
    s = next;
    if (!s.model) return;
    if (!s.reg && cells) cells = null;
    if (!cells) drawPart();   // (the smooth note, or the counts pending)
    schedule();
  }

  // The stepper, the counts and the cells after layer k.
  function drawPart() {
    if (!s || !s.model) return;
    const L = s.model.layers.length - 2;
    const k = layer();
    none.hidden = L > 0;
    for (const e of shown) e.hidden = L < 1;
    if (L < 1) {
      if (cells) signal(section, 'layerCounts', '[]');
      return;
    }
    adjust('rk', k);   // (rk=7 on a net of 2 hidden layers shows layer 2: the link says 2)
    range.max = L;
    range.value = k;
    rangeLabel.textContent = t('rg.ly.step', { k, L });
    clear(counts);
    (cells ? cells.counts : []).forEach((n, i) => counts.append(el('li', { class: i + 1 === k ? 'on' : '', text: t('rg.ly.count', { k: i + 1, n }) })));
    const one = s.inputs === 1;
    note.textContent = s.exact ? t('rg.ly.legend') : t('rg.ly.smooth');
    Object.assign(part.chart.$layer, { cells, k: k - 1 });
    part.setView(one ? [...s.box, 0, 1] : s.box, []);
    // The counts on screen are those of the panel's cells on screen: say so to the tests.
    if (cells) signal(section, 'layerCounts', JSON.stringify(cells.counts));
  }

  // The outputs of layer k (after the activation) at the points of a grid (2-D) or of the
  // interval (1-D) and at the training points: the net cut after layer k, a chunk of points
  // at a time (kit/job.js). Returns { model, k, values (point-major, width a point), n, pts }.
  function* warpImages(k) {
    const model = s.model;
    const one = s.inputs === 1;
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
    const d = s.inputs;
    const pts = xs.length / d;
    xs.push(...s.net.trainSet().x);
    const n = xs.length / d;
    const width = model.layers[k];
    const cut = truncate(model, k);
    const before = model.layers.slice(1, k).reduce((a, b) => a + b, 0);
    let values = new Float64Array(n * width);
    for (let p = 0; p < n && values; p += WARP_CHUNK) {
      const q = Math.min(n, p + WARP_CHUNK);
      let out = null;
      try { out = engine.forward(cut, xs.slice(p * d, q * d), { jacobians: false }); } catch { values = null; break; }   // no picture; the selects stay
      // hiddenAct is layer-major: layer l holds (q - p) x width_l numbers.
      values.set(out.hiddenAct.subarray(out.n * before, out.n * (before + width)), p * width);
      yield { done: q, total: n };
    }
    return { model, k, values, n, pts };
  }

  // The images of the grid (or interval) and of the data under layers 1..k, at two neurons of layer k.
  function drawWarp() {
    if (!s || !s.model || !images) return;
    const { k, values, n, pts } = images;
    const one = s.inputs === 1;
    const G = one ? 1 : 15, M = one ? 240 : 48;
    const width = images.model.layers[k];
    const data = s.net.trainSet();
    const named = st.ru.length > 0;   // the link (or a select) chose the neurons
    let u;
    if (named && width < 2) u = [0, 0];
    else if (named) {
      // Two different neurons of this layer: ru=64,64 on a layer of 8 shows 8 and 7 (and the link says so).
      u = [0, 1].map((j) => Math.min(width, Math.max(1, Math.round(st.ru[j] ?? j + 1))) - 1);
      if (u[0] === u[1]) u[1] = u[0] + 1 < width ? u[0] + 1 : u[0] - 1;
      adjust('ru', u.map((v) => v + 1));
    } else {
      const trainer = s.net.trainer;
      const kept = trainer && autoPairs.get(trainer);
      u = kept?.get(k) ?? (values ? widestPair(values, 0, n, width) : [0, Math.min(1, width - 1)]);
      if (trainer && values && !kept?.has(k)) autoPairs.set(trainer, (kept ?? new Map()).set(k, u));
    }
    clear(units);
    const opts = Array.from({ length: width }, (_, i) => i);
    [0, 1].forEach((j) => units.append(numberSelect(t(j ? 'rg.ly.unitY' : 'rg.ly.unitX'), opts, u[j], (v) => {
      const ru = u.map((w) => w + 1);
      if (ru[1 - j] === v + 1) ru[1 - j] = ru[j];   // the other axis's neuron: the two swap
      ru[j] = v + 1;
      ctx.setState({ ru });
      drawWarp();
    }, (v) => t('rg.ly.unit', { i: v + 1 }))));
    pairNote.hidden = named || width < 2;   // (a layer of one neuron has no pair to pick)
    pairNote.textContent = pairNote.hidden ? '' : t(one ? 'rg.ly.pairAutoLine' : 'rg.ly.pairAuto', { i: u[0] + 1, j: u[1] + 1, k });
    // Said for what is shown: layer k by number, a plane or the input line, and what layer k's activation does.
    warpTitle.textContent = t(one ? 'rg.ly.warpLine' : 'rg.ly.warp', { k });
    c2.setAttribute('aria-label', t(one ? 'rg.ly.warpLabelLine' : 'rg.ly.warpLabel'));
    const fn = hiddenActivations(images.model)[k - 1];
    warpNote.textContent = [t(`rg.ly.warpIntro${one ? 'Line' : ''}${k === 1 ? '1' : ''}`, { k }),
      t(`rg.ly.fold.${foldOf(fn)}`, { fn: ctx.i18n.fnName(fn) })].join(t('app.sentenceSep'));
    if (!values) return;
    const img = (p, j) => values[p * width + u[j]];
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
    for (let p = 0; p < n; p++) {
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

  return { update, destroy() { slot.stop(); part.destroy(); warp.destroy(); } };
}
