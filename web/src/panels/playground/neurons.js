// The Playground's neuron view: the network drawn with every neuron as a small picture of its
// output over the plot's inputs (the plane; a strip along x for 1-D data), the weights as lines
// (colour: sign, width: size) and dead neurons crossed out. A neuron, chosen by click or from
// the keyboard, shows its formula with the current weights and its activation's curve with the
// range of weighted sums it receives on the training points shaded. The numbers come from the
// engine in batches (one grid of every neuron, one forward pass); this file only draws.

import { el, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { typeset } from '../../kit/tex.js';
import { createChart, XY_CHART, palette } from '../../kit/charts.js';
import { paintOutputs, CLASS_COLOURS } from '../../kit/heatmap.js';
import { jobFromGenerator, runJob } from '../../kit/job.js';

const GRID_VALUES = 60000;    // grid points x neurons a refresh (8 x 64 nets get 10 x 10 pictures)
const MAX_LINES = 160;        // weights drawn a layer (8 x 64 nets have 4096 each)
const ROWS = 16;              // neurons a column before a layer wraps into another column
const MIN_FRAMES = 4;         // while playing, refresh at most every 4th frame, fewer when slow,
const COST_MS = 1.5;          // so that the view costs about this much a frame on average
const SLICE_MS = 6;           // a repaint's work a frame
const PICTURES_A_SLICE = 64;  // pictures between checks of the time
const LINES_EVERY = 3;        // while playing, the lines are redrawn every third repaint
const NEG = [213, 94, 0];     // Okabe-Ito vermillion; blue (sky blue on the dark theme) above 0
const posOf = (node) => (palette(node).dark ? [86, 180, 233] : [0, 114, 178]);
const rgb = (c) => `rgb(${c})`;

// A number for a formula: 3 significant digits, powers of ten as TeX.
const texNum = (v) => fmt(v, 3).replace(/−/g, '-').replace(/e([+-]?)(\d+)$/, (_, s, d) => ` \\times 10^{${s === '-' ? '-' : ''}${d}}`);

/** The TeX of neuron j of hidden layer l (both 1-based) with weights w (one per input) and bias b. */
export function neuronTex(l, j, w, b, inputTex) {
  const terms = w.map((v, i) => `${v < 0 ? '-' : i ? '+' : ''} ${texNum(Math.abs(v))}\\,${l === 1 ? inputTex(i) : `a^{(${l - 1})}_{${i + 1}}`}`);
  return `a^{(${l})}_{${j}} = f\\left(${terms.join(' ').trim()} ${b < 0 ? '-' : '+'} ${texNum(Math.abs(b))}\\right)`;
}

// Tints for vals[off .. off+n) into image: `pos` above 0, vermillion below, on the neuron's own
// scale (transparent at 0, over the canvas's background).
function tint(image, vals, off, n, pos) {
  let scale = 1e-12;
  for (let p = 0; p < n; p++) scale = Math.max(scale, Math.abs(vals[off + p]) || 0);
  const d = image.data;
  for (let p = 0; p < n; p++) {
    const v = vals[off + p];
    const c = v >= 0 ? pos : NEG;
    d[4 * p] = c[0];
    d[4 * p + 1] = c[1];
    d[4 * p + 2] = c[2];
    d[4 * p + 3] = 230 * (Math.abs(v) / scale) ** 0.7;
  }
}

/** Builds the view for the panel object pg; returns { node, update(playing), destroy() }. */
export function createNeuronView(pg) {
  const { t, fnName } = pg.i18n;
  const { engine, session, state } = pg;
  const net = el('div', { class: 'pg-nv-net' });
  const lines = el('canvas', { class: 'pg-nv-lines', 'aria-hidden': 'true' });
  // Every hidden neuron's picture on one canvas over the buttons (which stay the focusable,
  // labelled targets): a repaint uploads one canvas, not 512 (an 8 x 64 net's rendering step).
  const shared = el('canvas', { class: 'pg-nv-pics', 'aria-hidden': 'true' });
  const scratch = document.createElement('canvas');
  const back = document.createElement('canvas');   // the pictures, until a repaint is complete
  const linesBack = document.createElement('canvas');   // the lines, likewise
  const flush = Object.assign(document.createElement('canvas'), { width: 1, height: 1 });
  const title = el('h4');
  const formula = el('div', { class: 'pg-nv-formula scroll-x' });
  const actFormula = el('div', { class: 'pg-nv-act scroll-x' });
  const curve = el('canvas', { role: 'img' });
  const range = el('p', { class: 'hint' });
  const detail = el('div', { class: 'pg-nv-detail', id: uid('pg'), hidden: true },
    el('div', { class: 'pg-nv-head' }, title,
      el('button', { type: 'button', class: 'icon-btn', text: '×', 'aria-label': t('pg.nv.close'), title: t('pg.nv.close'), onclick: () => choose(null) })),
    formula, actFormula, el('div', { class: 'pg-nv-curve' }, curve), range);
  const node = el('section', { class: 'card pg-nv' },
    el('h3', { text: t('pg.nv.title') }), el('p', { class: 'hint', text: t('pg.nv.hint') }),
    el('div', { class: 'pg-nv-wrap scroll-x' }, net), detail);

  let key = '';
  let cols = [];         // per layer (inputs, hidden..., outputs): its nodes
  let chosen = null;     // the neuron button shown in detail
  let wait = 0;
  let every = MIN_FRAMES;
  let spent = 0;         // ms the repaint under way has cost so far
  let chart = null;
  const hidden = () => cols.slice(1, -1);

  // Rebuilds the columns when the network's shape changes, a few columns a frame (an 8 x 64
  // net's 512 pictures in one task would freeze the page): a job (kit/job.js) whose end paints.
  let building = null;
  function build(sizes, labels) {
    building?.stop();
    geometry = null;
    net.replaceChildren(lines, shared);
    cols = [];
    choose(null, false);
    building = runJob(jobFromGenerator((function* () {
      for (const [l, w] of sizes.entries()) {
        const col = el('div', { class: 'pg-nv-col' });
        const list = Array.from({ length: w }, (_, j) => (l === 0 ? el('span', { class: 'pg-nv-in', text: labels[j] })
          : l === sizes.length - 1 ? el('canvas', { class: 'pg-nv-out', role: 'img', 'aria-label': t('pg.output') })
            : el('button', { type: 'button', class: `pg-nv-n${w > 16 ? ' small' : w > 8 ? ' mid' : ''}`, tabindex: -1, dataset: { l: l - 1, j, dead: 0 },
              'aria-label': t('pg.nv.neuron', { l, j: j + 1 }), 'aria-controls': detail.id, 'aria-pressed': 'false', onclick: (e) => choose(e.currentTarget) })));
        if (l > 0 && l < sizes.length - 1) {
          col.setAttribute('role', 'group');
          col.setAttribute('aria-label', t('pg.layerN', { l }));
          col.style.gridTemplateRows = `repeat(${Math.min(w, ROWS)}, auto)`;
          col.classList.add('pg-nv-grid');
        }
        col.append(...list);
        net.append(col);
        cols.push(list);
        yield { done: l + 1, total: sizes.length + 1 };
      }
      // Then the first repaint, over the next frames.
      const tr = session.trainer;
      if (!tr || tr.layers.join() !== sizes.join()) return false;
      return yield* pictures(tr);
    }())), { budgetMs: SLICE_MS, onDone: ({ result: painted }) => {
      building = null;
      const first = hidden()[0];
      if (first) first[0].tabIndex = 0;
      choose(null, false);
      if (!painted) paint();
    } });
  }

  // Arrow keys move between neurons: one tab stop for the whole network.
  net.addEventListener('keydown', (e) => {
    const b = e.target.closest('.pg-nv-n');
    const [dl, dj] = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] }[e.key] || [];
    if (!b || dl === undefined) return;
    e.preventDefault();
    const h = hidden();
    const l = Math.min(h.length - 1, Math.max(0, +b.dataset.l + dl));
    const next = h[l][Math.min(h[l].length - 1, Math.max(0, +b.dataset.j + dj))];
    b.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });

  function choose(b, focus = true) {
    if (chosen && !b && focus) chosen.focus();
    for (const c of hidden().flat()) c.setAttribute('aria-pressed', String(c === b));
    chosen = b;
    detail.hidden = !b;
    if (b) showDetail();
  }

  // The weights as lines from the right edge of each source column to the left edge of the next,
  // gathered into a few paths by sign and size (a stroke a line costs too much for 8 x 64).
  // Sizes canvas c to cover the network (device pixels); returns its context, unscaled.
  function cover(c) {
    const W = net.offsetWidth;
    const H = net.offsetHeight;
    const dpr = globalThis.devicePixelRatio || 1;
    if (c.width !== Math.round(W * dpr) || c.height !== Math.round(H * dpr)) {
      Object.assign(c, { width: Math.round(W * dpr), height: Math.round(H * dpr) });
      Object.assign(c.style, { width: `${W}px`, height: `${H}px` });
    }
    return c.getContext('2d');
  }

  // The lines of layer l to l + 1 onto ctx (its transform set). Only the MAX_LINES largest
  // weights of a layer are drawn (the rest would be faint anyway).
  function drawLayerLines(ctx, at, params, sizes, l, k) {
    const colours = [rgb(NEG), rgb(posOf(node))];
    const [nin, nout] = [sizes[l], sizes[l + 1]];
    let max = 1e-12;
    for (let q = 0; q < nin * nout; q++) max = Math.max(max, Math.abs(params[k + q]));
    const fade = Math.min(1, 9 / Math.sqrt(Math.min(nin * nout, MAX_LINES)));   // many lines: each one fainter
    const sizesUp = Float64Array.from(params.subarray(k, k + nin * nout), Math.abs).sort();
    const cut = nin * nout > MAX_LINES ? sizesUp[nin * nout - 1 - MAX_LINES] : 0;
    const paths = Array.from({ length: 16 }, () => new Path2D());   // [sign][size / 8]
    for (let o = 0; o < nout; o++) {
      for (let i = 0; i < nin; i++) {
        const w = params[k + o * nin + i];
        const r = Math.abs(w) / max;
        if (!(r > 0.02) || Math.abs(w) <= cut) continue;
        const path = paths[(w > 0) * 8 + Math.min(7, Math.floor(r * 8))];
        path.moveTo(at[l][i][1], at[l][i][2]);
        path.lineTo(at[l + 1][o][0], at[l + 1][o][2]);
      }
    }
    paths.forEach((path, q) => {
      const r = ((q % 8) + 0.5) / 8;
      ctx.globalAlpha = (0.15 + 0.75 * r) * fade;
      ctx.strokeStyle = colours[q >> 3];
      ctx.lineWidth = 0.5 + 3 * r;
      ctx.stroke(path);
    });
  }

  // The lines' steps (a generator's, see pictures()): a layer's lines a step onto a back canvas,
  // each made into pixels in its own step (the browser draws a canvas's strokes when its pixels
  // are needed: on a visible canvas, all of them in the frame's rendering, 15-25 ms for an
  // 8 x 64 net), then shown in one copy onto the visible canvas, a step of its own (heavy).
  function* drawLines(at, params, sizes) {
    const W = net.offsetWidth;
    const H = net.offsetHeight;
    const dpr = globalThis.devicePixelRatio || 1;
    const ctx = cover(linesBack);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    let k = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      drawLayerLines(ctx, at, params, sizes, l, k);
      k += sizes[l] * sizes[l + 1] + sizes[l + 1];
      // Its pixels now: a copy of one pixel needs them all (and the copy is dropped at once,
      // which lets go of the back canvas's picture it held).
      const f = flush.getContext('2d');
      f.drawImage(linesBack, 0, 0, 1, 1, 0, 0, 1, 1);
      f.clearRect(0, 0, 1, 1);
      yield {};
    }
    heavyNext = true;
    yield { rest: true };
    const front = cover(lines);
    front.setTransform(1, 0, 0, 1, 0, 0);
    front.globalAlpha = 1;
    front.clearRect(0, 0, lines.width, lines.height);
    front.drawImage(linesBack, 0, 0);
    heavyNext = false;
  }

  // Repaints every picture, the lines and the dead marks from one grid call: paused, as a job
  // over the next frames; while playing, update() gives it a slice of each of the panel's frames.
  let repaintRun = null;   // a repaint under way while paused: its job's driver (kit/job.js)
  let playingGen = null;   // a repaint under way while playing: its steps (pictures())
  let heavyNext = false;   // its next step draws on a visible canvas (the browser uploads it then)
  let repaints = 0;        // repaints while playing, for LINES_EVERY
  function paint() {
    const tr = session.trainer;
    if (!tr) return;
    const { k, labels } = shapeOf(tr);
    if (k !== key) { key = k; stopRepaint(); build(tr.layers, labels); }
    if (building) return;   // the build paints when the columns are all built
    stopRepaint();
    repaintRun = runJob(jobFromGenerator(pictures(tr)), { budgetMs: SLICE_MS, onDone: () => { repaintRun = null; } });
  }
  // What the columns are built for: the layer sizes and the inputs' names.
  function shapeOf(tr) {
    const labels = pg.inputLabels ? pg.inputLabels() : tr.layers[0] === 2 ? ['x₁', 'x₂'] : ['x'];
    return { k: JSON.stringify([tr.layers, labels]), labels };
  }
  function stopRepaint() {
    repaintRun?.stop();
    playingGen?.return();
    repaintRun = playingGen = null;
  }
  const bump = () => { node.dataset.painted = String((+node.dataset.painted || 0) + 1); };

  // A node's column edges (a wide layer wraps into several) and its middle, and each hidden
  // button's inside (within its border) in whole device pixels: read when the network's box
  // changed size or was rebuilt (reading 1,500 nodes' offsets cost ~8 ms a repaint).
  // (The observer also reports a size the geometry was read at, when a build's last column and
  // the first repaint's reading fell in one frame: that keeps it.)
  let geometry = null;
  const resized = new ResizeObserver(() => {
    if (geometry && (geometry.W !== net.offsetWidth || geometry.H !== net.offsetHeight)) geometry = null;
  });
  resized.observe(net);
  function measure(dpr) {
    if (geometry && geometry.dpr === dpr) return geometry;
    // A column's nodes share its edges, and a layer's buttons their size and borders: read once
    // a column (about 8,000 reads fewer for an 8 x 64 net).
    const at = cols.map((list) => {
      const c = list[0]?.parentElement;
      const [left, right] = c ? [c.offsetLeft, c.offsetLeft + c.offsetWidth] : [0, 0];
      return list.map((n) => [left, right, n.offsetTop + n.offsetHeight / 2]);
    });
    const rects = hidden().flatMap((list) => {
      const [bl, bt, bw, bh] = list[0] ? [list[0].clientLeft, list[0].clientTop, list[0].clientWidth, list[0].clientHeight] : [];
      return list.map((b) => {
        const [ox, oy] = [b.offsetLeft + bl, b.offsetTop + bt];
        const x = Math.round(ox * dpr);
        const y = Math.round(oy * dpr);
        return { x, y, w: Math.round((ox + bw) * dpr) - x, h: Math.round((oy + bh) * dpr) - y };
      });
    });
    geometry = { at, rects, dpr, W: net.offsetWidth, H: net.offsetHeight };
    return geometry;
  }

  // The steps of one repaint for trainer tr (a generator for kit/job.js): the lines; one grid
  // call of every neuron (copied: the engine's view does not outlive the next call); the
  // hidden neurons' pictures a slice at a time onto a back canvas, each at its button's inner
  // rectangle (the buttons carry it as data-x/y/w/h in the shared canvas's pixels); then the
  // back canvas shown in one copy, the outputs and the dead marks. Nothing shown changes before
  // the last step (but the lines), so a repaint spread over frames never shows half a network.
  function* pictures(tr) {
    const sizes = tr.layers;
    const dpr = globalThis.devicePixelRatio || 1;
    const { at, rects } = measure(dpr);
    const params = tr.params();
    // The lines (from the same parameters) on a step of their own: shown a few frames before
    // the pictures, which is not seen, and the two canvases' uploads fall on different frames.
    // While playing only every LINES_EVERY-th repaint (stroking and uploading them is the
    // heaviest step; the weights' signs and sizes change slowly).
    if (!playingGen || ++repaints % LINES_EVERY === 1) {
      for (const s of drawLines(at, params, sizes)) yield { done: 0, total: 4, ...s };
    }
    yield { done: 0, total: 4 };
    const plane = session.meta.inputs === 2;
    const R = plane ? Math.max(8, Math.min(24, Math.floor(Math.sqrt(GRID_VALUES / sizes.slice(1).reduce((a, b) => a + b))))) : 48;
    const H = plane ? R : 1;
    const [x0, x1, y0, y1] = session.plotBox();
    let vals;
    try {
      vals = tr.gridView(plane ? [x0 + (x1 - x0) / R / 2, x1 - (x1 - x0) / R / 2, y0 + (y1 - y0) / R / 2, y1 - (y1 - y0) / R / 2] : [x0, x1, 0, 0], R, H, true).slice();
    } catch {
      return false;   // a network the grid cannot evaluate (more than 2 inputs): the lines still show
    }
    yield { done: 1, total: 4 };
    const n = R * H;
    const image = new ImageData(R, H);
    const pos = posOf(node);
    const outs = cols[cols.length - 1];
    const buttons = hidden().flat();
    const counts = session.stats && session.stats.activeCounts;
    const flat = engine.flatBelowZero();
    cover(back);
    const ctx = back.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, back.width, back.height);
    if (scratch.width !== R || scratch.height !== H) Object.assign(scratch, { width: R, height: H });
    const sctx = scratch.getContext('2d');
    // Through the scratch canvas of the grid's size, scaled (smoothly) into the button's inside.
    for (let q = 0; q < buttons.length; q++) {
      tint(image, vals, q * n, n, pos);
      sctx.putImageData(image, 0, 0);
      const r = rects[q];
      if (r.w > 0 && r.h > 0) ctx.drawImage(scratch, 0, 0, R, H, r.x, r.y, r.w, r.h);
      const b = buttons[q];   // its rectangle, with its picture (not all 512 in the step that shows them)
      for (const k in r) if (b.dataset[k] !== String(r[k])) b.dataset[k] = r[k];
      if (q % PICTURES_A_SLICE === PICTURES_A_SLICE - 1) yield { done: 2, total: 4 };
    }
    // The step that shows them begins a frame (rest: a paused repaint's job ends its step here
    // too): with the last pictures' slice in one task, it was 44 ms of CPU on an 8 x 64 net.
    heavyNext = true;
    yield { done: 3, total: 4, rest: true };
    // Shown: the pictures, the outputs (a classifier's as the big plot shows them: one
    // probability in the class colours, or class o's probability in its colour), the marks.
    const front = cover(shared);
    front.setTransform(1, 0, 0, 1, 0, 0);
    front.clearRect(0, 0, shared.width, shared.height);
    front.drawImage(back, 0, 0);
    node.dataset.grid = `${R}x${H}`;
    outs.forEach((c, o) => {
      const q = buttons.length + o;
      if (session.meta.kind !== 'classification') tint(image, vals, q * n, n, pos);
      else if (outs.length === 1) paintOutputs(vals.subarray(q * n), R, H, 1, image.data, null);
      else {
        const colour = [1, 3, 5].map((i) => parseInt(CLASS_COLOURS[o % 5].slice(i, i + 2), 16));
        for (let p = 0; p < n; p++) image.data.set([...colour, 230 * vals[q * n + p]], 4 * p);
      }
      if (c.width !== R || c.height !== H) Object.assign(c, { width: R, height: H });
      c.getContext('2d').putImageData(image, 0, 0);
    });
    buttons.forEach((c, q) => {
      const dead = !!counts && counts[q] === 0 && flat.has(state.act[c.dataset.l]);
      if (c.dataset.dead === String(+dead)) return;
      const name = t('pg.nv.neuron', { l: +c.dataset.l + 1, j: +c.dataset.j + 1 });
      c.classList.toggle('dead', dead);
      c.dataset.dead = String(+dead);
      c.setAttribute('aria-label', dead ? t('pg.nv.dead', { name }) : name);
    });
    bump();
    return true;
  }

  // The chosen neuron's formula, activation curve and the range of its weighted sums.
  function showDetail() {
    const tr = session.trainer;
    if (!chosen || !tr) return;
    const l = +chosen.dataset.l;
    const j = +chosen.dataset.j;
    const model = tr.exportModel();
    const name = state.act[l];
    const ap = model.activation_params;
    const params = (Array.isArray(ap) ? ap[l] : ap) || {};
    title.textContent = `${t('pg.nv.neuron', { l: l + 1, j: j + 1 })} · ${fnName(name)}`;
    typeset(formula, neuronTex(l + 1, j + 1, model.weights[l][j], model.biases[l][j], pg.inputTex || ((i) => (model.layers[0] === 1 ? 'x' : `x_{${i + 1}}`))), { display: true });
    const list = Object.entries(params).map(([p, v]) => `\\text{${p}} = ${texNum(v)}`).join(',\\ ');
    typeset(actFormula, `${engine.activations().find((a) => a.name === name).formulaTex}${list ? `,\\quad ${list}` : ''}`, { display: true });
    // Weighted sums z of this neuron on the training points (one forward pass).
    const { train } = session.sets();
    const z = engine.forward(model, train.x, { jacobians: false }).hiddenPre;
    const w = model.layers[l + 1];
    const off = train.n * model.layers.slice(1, l + 1).reduce((a, b) => a + b, 0);
    let [lo, hi, above] = [Infinity, -Infinity, 0];
    for (let i = 0; i < train.n; i++) {
      const v = z[off + i * w + j];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      above += v > 0;
    }
    Object.assign(detail.dataset, { neuron: `${l},${j}`, zmin: lo, zmax: hi });
    const a = Math.min(-3, lo - 0.1 * (hi - lo));
    const b = Math.max(3, hi + 0.1 * (hi - lo));
    const xs = Float64Array.from({ length: 160 }, (_, i) => a + ((b - a) * i) / 159);
    const ys = engine.evaluate(name, params, xs).y;
    const data = Array.from(xs, (x, i) => ({ x, y: ys[i] }));
    curve.setAttribute('aria-label', t('pg.nv.curveLabel', { fn: fnName(name) }));
    range.textContent = t('pg.nv.range', { n: train.n, min: fmt(lo), max: fmt(hi), p: fmt((100 * above) / Math.max(1, train.n), 3) });
    const opts = { lo, hi };
    if (!chart) {
      chart = createChart(curve, {
        type: 'line',
        data: { datasets: [{ data, borderWidth: 2, pointRadius: 0 }] },
        options: { ...XY_CHART, plugins: { legend: { display: false }, zRange: opts }, scales: { x: { type: 'linear', title: { display: true, text: 'z' } } } },
        // The range of z on the training points, shaded behind the curve.
        plugins: [{ id: 'zRange', beforeDatasetsDraw(c, _, o) {
          const x = c.scales.x;
          c.ctx.fillStyle = 'rgba(230, 159, 0, 0.3)';
          c.ctx.fillRect(x.getPixelForValue(o.lo), c.chartArea.top, Math.max(2, x.getPixelForValue(o.hi) - x.getPixelForValue(o.lo)), c.chartArea.height);
        } }],
      });
    }
    Object.assign(chart.data.datasets[0], { data, borderColor: rgb(posOf(node)) });
    Object.assign(chart.options.scales.x, { min: a, max: b });
    chart.options.plugins.zRange = opts;
    chart.update('none');
  }

  return {
    node,
    /**
     * Repaints. Paused: now, over the next frames. Playing: every few frames (fewer when a
     * repaint costs more), a slice of about budgetMs a frame of the panel's loop.
     */
    update(playing, budgetMs = SLICE_MS) {
      if (!playing) { paint(); if (chosen) showDetail(); return; }
      if (building || repaintRun) return;   // a build or a paused repaint finishes on its own frames
      if (!playingGen) {
        if (++wait < every) return;
        wait = 0;
        const tr = session.trainer;
        if (!tr) return;
        if (shapeOf(tr).k !== key) { paint(); return; }
        heavyNext = false;
        playingGen = pictures(tr);
        spent = 0;
      }
      // Steps for about budgetMs; a step that draws on a visible canvas gets a frame of its own.
      const t0 = performance.now();
      let done = false;
      for (let n = 0; ; n++) {
        if (n > 0 && (heavyNext || performance.now() - t0 >= budgetMs)) break;
        const heavy = heavyNext;
        done = playingGen.next().done;
        if (done || heavy) break;
      }
      spent += performance.now() - t0;
      if (!done) return;
      playingGen = null;
      if (chosen) showDetail();
      every = Math.min(30, Math.max(MIN_FRAMES, Math.ceil(spent / COST_MS)));
    },
    /** True when update(true) would work this frame (a repaint under way or due to start). */
    get due() { return !building && !repaintRun && (!!playingGen || wait + 1 >= every); },
    /** True when that work draws on a visible canvas (the browser then uploads it: a heavier frame). */
    get heavy() { return !!playingGen && heavyNext; },
    destroy() { building?.stop(); stopRepaint(); resized.disconnect(); if (chart) chart.destroy(); },
  };
}
