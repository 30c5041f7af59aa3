// The Regions panel's 3-D view: the network's output (logit 1) over the plane as a surface
// drawn on a canvas 2D context, every exact cell a flat facet from its polygon and its map
// (A, c). A ReLU net morphed by the slider into Leaky ReLU is its own exact cells again (the
// engine partitions it for that α); into softplus or SiLU, a smooth surface sampled on a grid.
// Either way the ReLU net's exact cells, the limit, are outlined on top. Curved input features
// (x1², sin x1, ...) leave no cells at all: every morph is then sampled, with no outlines.
// Painter's algorithm: facets sorted far to near, no 3-D library. Drag or arrow keys turn it; a click
// on a facet shows its A = W_L D_{L-1} ... D_1 W_1 and c, on a smooth surface the height and
// the gradient the core computes at the point under the cursor.
// Never a long frame, with tens of thousands of facets: the surface is built in slices over
// animation frames (flat typed arrays), projected and sorted once per view, and its exact
// picture is filled into a back buffer a slice per frame, shown when complete (so the settled
// picture is every facet, anti-aliased, far to near). While a large surface turns, each frame
// shows a quick picture instead: the same facets rasterised in script, one colour per pixel
// (no sort: a pixel keeps the nearest facet's colour), until the exact one is ready.

import { el, clear, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { palette } from '../../kit/charts.js';
import { frameLoop } from '../../kit/frame_loop.js';
import { patternColour, slopeColour } from './regions_plugin.js';
import { tex, texNum, gradientTex, diagTex } from './detail.js';
import { typeset, typesetText } from '../../kit/tex.js';
import { morph, morphParam } from './counting.js';

const FAMILIES = ['none', 'softplus', 'silu', 'leaky_relu'];
const G = 40;                              // samples a side of a curved surface
const LIGHT = [-0.45, -0.5, 0.74];         // towards the light, in the view's world axes
const BUDGET = 8;                          // ms of the view's work per animation frame
const PACKED = new Map();                  // 'rgb(r,g,b)' -> 0xRRGGBB
const packed = (css) => {
  const v = PACKED.get(css) ?? css.match(/\d+/g).reduce((a, d) => (a << 8) | Number(d), 0);
  if (PACKED.size < 4096) PACKED.set(css, v);
  return v;
};

export function surfaceView(box, { ctx, section, engine }) {
  const { t, fnName } = ctx.i18n;
  const st = ctx.state;
  const canvas = el('canvas', { class: 'rg-3d', tabindex: 0, role: 'img', 'aria-label': t('rg.sf.label') });
  const fid = uid('rg');
  const rid = uid('rg');
  const fam = el('select', { id: fid }, FAMILIES.map((f) => el('option', { value: f, selected: f === st.rmf, text: f === 'none' ? t('rg.sf.none') : fnName(f) })));
  const range = el('input', { id: rid, type: 'range', min: 0, max: 100, step: 1, value: st.rmp });
  const rangeLabel = el('label', { for: rid, class: 'field-label' });
  const info = el('p', { 'aria-live': 'polite' });
  const card = el('section', { class: 'card rg-card rg-facet', hidden: true, 'aria-live': 'polite' });
  const hint = el('p', { class: 'hint' });
  const body = el('div', { class: 'rg-view' }, el('div', { class: 'rg-two' }, el('div', { class: 'field rg-field' }, el('label', { for: fid, text: t('rg.sf.morph') }), fam),
    el('div', { class: 'field range-field' }, rangeLabel, range)), el('div', { class: 'rg-3d-wrap' }, canvas), hint);
  box.append(el('p', { class: 'lead', text: t('rg.sf.intro') }), body, info, card);
  fam.addEventListener('change', () => { ctx.setState({ rmf: fam.value }); build(); });
  range.addEventListener('input', () => { ctx.setState({ rmp: Number(range.value) }); build(); });

  const view = { yaw: -0.6, pitch: 0.6 };
  let s = null;
  let geo = null;      // the surface to show (see shade()); null: none
  let job = null;      // a generator building the next geo
  let proj = null;     // geo projected for the current view (see project())
  let work = null;     // an exact picture being drawn into bufs[1]
  let shown = null;    // the picture on the canvas: { geo, P (its projection), exact }
  let picked = -1;
  let spot = null;     // the clicked point of a smooth surface: { geo, w (its world u, v, q) }
  let msPer = 0.004;   // measured time of one facet in an exact picture
  const bufs = [el('canvas'), el('canvas')];   // the last exact picture and the one being drawn
  const quick = el('canvas');
  let quickImg = null, quickZ = null;
  const loop = frameLoop(tick);
  const redraw = () => loop.start();
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(redraw) : null;
  resize?.observe(canvas);

  // Raw facets: facet i has the vertices start[i] .. start[i + 1] - 1, vertex k at x, y, height
  // p[3k .. 3k + 2]; base[i] its colour 0xRRGGBB (-1: an outline only). Yields between slices.
  function* cellsRaw(reg, asWire) {
    const { vertexStart: S, vertices: V, A, c, outputs: K } = reg;
    const n = S.length - 1;
    const p = new Float64Array(3 * S[n]);
    const base = new Int32Array(n).fill(-1);
    for (let r = 0; r < n; r++) {
      const a0 = A[r * K * 2], a1 = A[r * K * 2 + 1], c0 = c[r * K];
      for (let v = S[r]; v < S[r + 1]; v++) {
        p[3 * v] = V[2 * v];
        p[3 * v + 1] = V[2 * v + 1];
        p[3 * v + 2] = a0 * V[2 * v] + a1 * V[2 * v + 1] + c0;
      }
      if (!asWire) base[r] = packed(patternColour(reg.patterns[r]));
      if ((r & 127) === 127) yield;
    }
    return { n, start: S, p, base };
  }

  // A smooth net's surface sampled on a G x G grid (the forward pass a few rows at a time).
  function* sampledRaw(model) {
    const [x0, x1, y0, y1] = s.box;
    const xs = [];
    for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) xs.push(x0 + ((x1 - x0) * i) / (G - 1), y0 + ((y1 - y0) * j) / (G - 1));
    const z = new Float64Array(G * G);
    for (let j = 0; j < G; j += 5) {
      const f = engine.forward(model, xs.slice(2 * j * G, 2 * Math.min(G, j + 5) * G), { jacobians: false });
      const K = f.logits.length / f.n;
      for (let q = 0; q < f.n; q++) z[j * G + q] = f.logits[q * K];
      yield;
    }
    let lo = Infinity, hi = -Infinity;
    for (const v of z) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const n = (G - 1) * (G - 1);
    const start = new Int32Array(n + 1).map((_, i) => 4 * i);
    const p = new Float64Array(12 * n), base = new Int32Array(n);
    let k = 0;
    for (let j = 0; j + 1 < G; j++) {
      for (let i = 0; i + 1 < G; i++) {
        const at = k;
        for (const [a, b] of [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]]) p.set([xs[2 * (b * G + a)], xs[2 * (b * G + a) + 1], z[b * G + a]], 3 * k++);
        const mid = (p[3 * at + 2] + p[3 * at + 5] + p[3 * at + 8] + p[3 * at + 11]) / 4;
        base[at / 4] = packed(slopeColour(hi > lo ? 1 - (mid - lo) / (hi - lo) : 0.5));
      }
    }
    return { n, start, p, base };
  }

  // World coordinates w (u, v in [-1, 1] over the box, q the height in [-0.7, 0.7]) and each
  // facet's Lambert shade (from its normal: any three corners, it is flat) as a CSS colour and
  // as a pixel (0xAABBGGRR): fixed until rebuilt.
  function* shade(faces, wire, extra) {
    let zlo = Infinity, zhi = -Infinity;
    for (const q of [faces, wire]) for (let i = 3 * q.start[0] + 2; i < 3 * q.start[q.n]; i += 3) { zlo = Math.min(zlo, q.p[i]); zhi = Math.max(zhi, q.p[i]); }
    if (!(zhi > zlo)) { zlo -= 1; zhi += 1; }
    const [x0, x1, y0, y1] = s.box;
    for (const q of [faces, wire]) {
      const w = (q.w = new Float64Array(q.p.length));
      q.colour = new Array(q.n);
      q.pixel = new Uint32Array(q.n);
      for (let f = 0; f < q.n; f++) {
        const a = q.start[f], b = q.start[f + 1];
        for (let i = 3 * a; i < 3 * b; i += 3) {
          w[i] = (2 * (q.p[i] - x0)) / (x1 - x0) - 1;
          w[i + 1] = (2 * (q.p[i + 1] - y0)) / (y1 - y0) - 1;
          w[i + 2] = 1.4 * ((q.p[i + 2] - zlo) / (zhi - zlo) - 0.5);
        }
        if ((f & 511) === 511) yield;
        if (q.base[f] < 0 || b - a < 3) continue;
        const k = 3 * (b - 1), o = 3 * a;
        const e1 = [w[o + 3] - w[o], w[o + 4] - w[o + 1], w[o + 5] - w[o + 2]], e2 = [w[k] - w[o], w[k + 1] - w[o + 1], w[k + 2] - w[o + 2]];
        const n = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
        const lit = 0.55 + (0.45 * Math.abs(n[0] * LIGHT[0] + n[1] * LIGHT[1] + n[2] * LIGHT[2])) / (Math.hypot(...n) || 1);
        const [R, Gr, B] = [16, 8, 0].map((sh) => Math.round(((q.base[f] >> sh) & 255) * lit));
        q.colour[f] = `rgb(${R},${Gr},${B})`;
        q.pixel[f] = (0xff000000 | (B << 16) | (Gr << 8) | R) >>> 0;
      }
    }
    return { ...faces, wire, box: s.box, zlo, zhi, ...extra };
  }

  const none = () => ({ n: 0, start: [0], p: new Float64Array(0), base: new Int32Array(0) });

  // The exact cells of a model (engine.regionsJob), a few milliseconds of the core between
  // yields; the core's job is freed when the generator is closed early (build() closes it).
  function* partition(model) {
    const rj = engine.regionsJob(model, s.box);
    try {
      for (;;) {
        const r = rj.step(3);
        if (r.done) return r.result;
        yield;
      }
    } finally {
      rj.cancel();
    }
  }

  function build() {
    job?.return();
    job = null;
    if (!s || !s.model || !s.box) return;
    const acts = [s.model.activation].flat();
    const relu = acts.every((a) => a === 'relu');
    const f = relu ? st.rmf : 'none';
    fam.disabled = !relu;
    range.disabled = f === 'none';
    const name = f === 'leaky_relu' ? 'α' : 'β';
    rangeLabel.textContent = f === 'none' ? t('rg.sf.param0') : t('rg.sf.param', { p: name, v: texNum(morphParam(f, st.rmp)).replace(/\\times10\^\{(-?\d+)\}/, 'e$1') });
    picked = -1;
    spot = null;
    card.hidden = true;
    const { reg, model } = s;
    // Curved input features (x1², sin x1, ...) leave no cells of the plane: neither the ReLU
    // net's tiles nor a Leaky ReLU net's (the core refuses to partition them).
    const fs = model.features;
    const plain = !fs || (fs.length === 2 && fs[0] === 'x1' && fs[1] === 'x2');
    const leaky = f === 'leaky_relu' && plain;   // piecewise linear: its own exact cells
    const smooth = !(reg && f === 'none') && !leaky;   // a sampled surface: a click shows a gradient
    hint.textContent = t(smooth ? 'rg.sf.hintSmooth' : 'rg.sf.hint');
    canvas.setAttribute('aria-label', t(smooth ? 'rg.sf.labelSmooth' : 'rg.sf.label'));
    const exactCells = reg && f === 'none';
    const alpha = f === 'leaky_relu' ? morphParam(f, st.rmp) : 0;
    if (exactCells) {
      info.textContent = t('rg.sf.flat', { n: reg.vertexStart.length - 1 });
    } else if (f === 'leaky_relu') {
      info.textContent = leaky ? '' : t('rg.sf.leakyCurved', { a: fmt(alpha, 3) });   // the exact tiles: said when known
    } else if (f === 'none') {
      const pl = engine.piecewiseLinear();
      info.textContent = acts.every((a) => pl.has(a)) ? t('rg.ln.noCells') : t('rg.sf.curved', { fn: [...new Set(acts)].map(fnName).join(', ') });
    } else info.textContent = t(plain ? 'rg.sf.limit' : 'rg.sf.limitCurved', { fn: fnName(f) });
    // The signal waits for the panel's cells when they are still being computed (never for a
    // net with curved features: the panel's partition of it can only fail).
    const waits = s.exact && !reg && plain;
    if (waits) delete section.dataset.surface;
    job = (function* () {
      try {
        const net = f === 'none' ? model : morph(model, f, st.rmp);
        const cells = exactCells ? reg : leaky ? yield* partition(net) : null;
        const faces = cells ? yield* cellsRaw(cells, false) : yield* sampledRaw(net);
        const wire = exactCells || f === 'none' || !reg ? none() : yield* cellsRaw(reg, true);
        if (leaky) info.textContent = t('rg.sf.leaky', { n: faces.n, a: fmt(alpha, 3) });
        return yield* shade(faces, wire, { exact: !!cells, reg: cells, model: net, alpha, waits, curved: !plain });
      } catch (e) {
        info.textContent = ctx.i18n.errorText(e);
        return yield* shade(none(), none(), { exact: false, waits });
      }
    })();
    redraw();
  }

  // The view now: canvas size, pixel ratio, angles and theme; null while the canvas has no size.
  function viewNow() {
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (!w || !h || !s || !s.box) return null;
    const dpr = window.devicePixelRatio || 1;
    const pal = palette(canvas);
    return { w, h, dpr, W: Math.round(w * dpr), H: Math.round(h * dpr), pal, key: [w, h, dpr, view.yaw, view.pitch, pal.plane].join() };
  }

  // World (u, v, q) -> screen x, y (CSS pixels) for every vertex of facets and outlines, and
  // each facet's rank key: the mean depth along the ground of its corners (seen from above, a
  // view ray meets a graph surface first where that is least), descending, and its index on
  // ties, packed in a double (exact below 2^53: |depth| <= 1.42 and under 2^18 facets; the core
  // stops at 200,000 cells). Far to near is ascending keys; the nearer of two facets has the larger key.
  function camera(V) {
    const S = Math.min(V.w / 2.9, V.h / 3.2);   // |X| <= 1.42 and |up| <= 1.6 at any angle
    return { cy: Math.cos(view.yaw), sy: Math.sin(view.yaw), cp: Math.cos(view.pitch), sp: Math.sin(view.pitch), S, ox: V.w / 2, oy: V.h * 0.53 };
  }
  function project(g, V) {
    const { cy, sy, cp, sp, S, ox, oy } = camera(V);
    const screen = (W, depth) => {
      const m = W.length / 3, X = new Float64Array(m), Y = new Float64Array(m);
      for (let k = 0, i = 0; k < m; k++, i += 3) {
        const u = W[i], v = W[i + 1], Yr = u * sy + v * cy;
        X[k] = ox + S * (u * cy - v * sy);
        Y[k] = oy - S * (Yr * sp + W[i + 2] * cp);
        if (depth) depth[k] = Yr;
      }
      return { X, Y };
    };
    const depth = new Float64Array(g.w.length / 3);
    const P = { V, ...screen(g.w, depth), wire: screen(g.wire.w), floor: [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([u, v]) => [ox + S * (u * cy - v * sy), oy - S * ((u * sy + v * cy) * sp - 0.7 * cp)]) };
    const keys = (P.keys = new Float64Array(g.n)), st = g.start;
    for (let i = 0, a = st[0]; i < g.n; i++) {
      const b = st[i + 1];
      let d = 0;
      for (let k = a; k < b; k++) d += depth[k];
      keys[i] = Math.round((2 - (b > a ? d / (b - a) : 0)) * 2 ** 33) * 2 ** 18 + i;
      a = b;
    }
    return P;
  }

  // The facets far to near (one native sort of numbers), when first needed.
  function orderOf(P) {
    if (!P.order) {
      const keys = P.keys.slice().sort();
      P.order = new Uint32Array(keys.length);
      for (let j = 0; j < keys.length; j++) P.order[j] = keys[j] % 2 ** 18;
    }
    return P.order;
  }

  const poly = (g, X, Y, a, b) => {
    g.beginPath();
    g.moveTo(X[a], Y[a]);
    for (let k = a + 1; k < b; k++) g.lineTo(X[k], Y[k]);
    g.closePath();
  };

  // The plane and the floor (the box at the lowest height).
  function backdrop(g, P) {
    const { V } = P;
    g.setTransform(V.dpr, 0, 0, V.dpr, 0, 0);
    g.fillStyle = V.pal.plane;
    g.fillRect(0, 0, V.w, V.h);
    g.beginPath();
    for (const [x, y] of P.floor) g.lineTo(x, y);
    g.closePath();
    g.strokeStyle = V.pal.axis;
    g.lineWidth = 1;
    g.lineJoin = 'miter';
    g.stroke();
  }

  // An exact picture: every facet filled (and outlined) far to near with the canvas, then the
  // outlines, a slice at a time into the back buffer.
  function startExact(g, P) {
    const b = bufs[1];
    if (b.width !== P.V.W || b.height !== P.V.H) Object.assign(b, { width: P.V.W, height: P.V.H });
    const bg = b.getContext('2d', { willReadFrequently: true });
    const t0 = performance.now();
    orderOf(P);
    backdrop(bg, P);
    return { geo: g, P, bg, i: 0, ms: performance.now() - t0 };
  }

  function exactStep(d, until) {
    const { geo: g, P, bg } = d;
    const pal = P.V.pal;
    const exact = g.exact;
    const edges = exact && g.n <= 3000;   // thousands of tiles: their fills show the edges
    const t0 = performance.now();
    bg.lineJoin = 'round';
    while (d.i < g.n + g.wire.n) {
      const end = Math.min(g.n + g.wire.n, d.i + 400);
      bg.lineWidth = exact && g.n < 800 ? 0.7 : 0.35;
      bg.strokeStyle = pal.dark ? 'rgba(0,0,0,0.55)' : 'rgba(29,33,41,0.45)';
      for (; d.i < end && d.i < g.n; d.i++) {
        const f = P.order[d.i];
        bg.fillStyle = g.colour[f];
        poly(bg, P.X, P.Y, g.start[f], g.start[f + 1]);
        bg.fill();
        if (edges) bg.stroke();
        else if (!exact) { bg.strokeStyle = g.colour[f]; bg.stroke(); }   // hides the seams of a sampled surface
      }
      // The outlines of thousands of cells, lighter (at full ink they hide the surface).
      const many = g.wire.n > 3000;
      bg.strokeStyle = pal.dark ? (many ? 'rgba(227,230,235,0.5)' : '#e3e6eb') : many ? 'rgba(29,33,41,0.5)' : '#1d2129';
      bg.lineWidth = many ? 0.5 : 0.9;
      for (; d.i < end; d.i++) {
        const f = d.i - g.n;
        poly(bg, P.wire.X, P.wire.Y, g.wire.start[f], g.wire.start[f + 1]);
        bg.stroke();
      }
      bg.getImageData(0, 0, 1, 1);   // rasterises the slice now (else all of it when shown)
      if (performance.now() >= until) break;
    }
    d.ms += performance.now() - t0;
    return d.i >= g.n + g.wire.n;
  }

  // A quick picture while the view turns: the same facets rasterised here, one colour per pixel
  // (no anti-aliasing), each pixel the facet of largest key over it (as painted far to near,
  // without sorting), over the canvas's own backdrop.
  function quickPicture(g, P) {
    const { w, h } = P.V;
    if (quick.width !== w || quick.height !== h) { Object.assign(quick, { width: w, height: h }); quickImg = null; }
    if (!quickImg) { quickImg = quick.getContext('2d').createImageData(w, h); quickZ = new Float64Array(w * h); }
    const px = new Uint32Array(quickImg.data.buffer), zb = quickZ;
    px.fill(0);
    zb.fill(-1);
    const { X, Y, keys } = P, st = g.start, pixel = g.pixel;
    for (let f = 0; f < g.n; f++) {
      const a = st[f], b = st[f + 1], colour = pixel[f], z = keys[f];
      if (!colour || b <= a) continue;
      let lo = Y[a], hi = lo;
      for (let k = a + 1; k < b; k++) { const y = Y[k]; if (y < lo) lo = y; else if (y > hi) hi = y; }
      const r1 = Math.min(h - 1, Math.floor(hi - 0.5));
      for (let r = Math.max(0, Math.ceil(lo - 0.5)); r <= r1; r++) {
        const yc = r + 0.5;
        let xl = Infinity, xr = -Infinity;
        for (let k = a, m = b - 1; k < b; m = k++) {
          const yk = Y[k], ym = Y[m];
          if ((yk <= yc) !== (ym <= yc)) {
            const x = X[k] + ((yc - yk) * (X[m] - X[k])) / (ym - yk);
            if (x < xl) xl = x;
            if (x > xr) xr = x;
          }
        }
        const o = r * w, c1 = o + Math.min(w - 1, Math.floor(xr - 0.5));
        for (let c = o + Math.max(0, Math.ceil(xl - 0.5)); c <= c1; c++) if (z > zb[c]) { zb[c] = z; px[c] = colour; }
      }
    }
    const ink = P.V.pal.dark ? 0xffebe6e3 : 0xff29211d;
    const { X: WX, Y: WY } = P.wire;
    for (let f = 0; f < g.wire.n; f++) {
      const a = g.wire.start[f], b = g.wire.start[f + 1];
      for (let k = a, m = b - 1; k < b; m = k++) {   // a pixel a step along the longer axis
        const dx = WX[k] - WX[m], dy = WY[k] - WY[m], steps = Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))) || 1;
        for (let i = 0, x = WX[m], y = WY[m]; i <= steps; i++, x += dx / steps, y += dy / steps) {
          const xi = Math.floor(x), yi = Math.floor(y);
          if (xi >= 0 && xi < w && yi >= 0 && yi < h) px[yi * w + xi] = ink;
        }
      }
    }
    quick.getContext('2d').putImageData(quickImg, 0, 0);
  }

  // Puts the shown picture on the canvas, with the chosen facet's outline.
  function present() {
    const { P, exact } = shown, { V } = P;
    if (canvas.width !== V.W || canvas.height !== V.H) Object.assign(canvas, { width: V.W, height: V.H });
    const g = canvas.getContext('2d');
    if (exact) {
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.drawImage(bufs[0], 0, 0);
      g.setTransform(V.dpr, 0, 0, V.dpr, 0, 0);
    } else {
      backdrop(g, P);
      g.drawImage(quick, 0, 0, V.w, V.h);
    }
    const f = shown.geo.exact && picked >= 0 && picked < shown.geo.n ? picked : -1;
    if (spot && spot.geo === shown.geo) {   // the clicked point of a smooth surface
      const { cy, sy, cp, sp, S, ox, oy } = camera(V), [u, v, q] = spot.w;
      g.beginPath();
      g.arc(ox + S * (u * cy - v * sy), oy - S * ((u * sy + v * cy) * sp + q * cp), 4.5, 0, 2 * Math.PI);
      g.fillStyle = V.pal.dark ? '#ff8f80' : '#b42318';
      g.fill();
      g.lineWidth = 1.5;
      g.strokeStyle = V.pal.dark ? '#1b1e25' : '#ffffff';
      g.stroke();
    }
    if (f >= 0) {
      poly(g, P.X, P.Y, shown.geo.start[f], shown.geo.start[f + 1]);
      g.lineWidth = 3;
      g.lineJoin = 'round';
      g.strokeStyle = V.pal.dark ? '#ff8f80' : '#b42318';
      g.stroke();
    }
    if (!exact) return;
    // data-surface describes the latest surface once its exact picture is on the canvas.
    const sg = shown.geo;
    if (sg === geo && !job && signalled !== sg.id) {
      signalled = sg.id;
      if (!sg.waits) signal(section, 'surface', JSON.stringify({ facets: sg.n, exact: sg.exact && sg.n > 0, wire: sg.wire.n }));
    }
    signal(canvas, 'drawn', (Number(canvas.dataset.drawn) || 0) + 1);
  }

  // One animation frame's work, about BUDGET ms: build, project, then draw. A picture under
  // way for another view is dropped; for an older surface in this view it is finished first,
  // and a build shares the frame with any picture to draw (so a net that trains still gets its
  // pictures).
  let geoSeq = 0, signalled = 0;
  function tick() {
    const until = performance.now() + BUDGET;
    const V = viewNow();
    const big = () => (geo.n + geo.wire.n) * msPer > BUDGET;
    const current = () => shown && shown.exact && shown.geo === geo && shown.P.V.key === V.key;
    const large = V && geo && big();
    const turning = large && shown && shown.P.V.key !== V.key;   // its quick picture first
    const projected = () => proj && proj.geo === geo && proj.V.key === V.key;
    // A large surface's projection and its sort each take a frame of their own.
    const heavy = large && (!projected() || (!work && !current() && !proj.order));
    if (job && !turning && !heavy) {   // half the frame when a picture is under way too
      const stop = work || (V && geo && !current()) ? until - BUDGET / 2 : until;
      let r;
      do r = job.next(); while (!r.done && performance.now() < stop);
      if (r.done) { geo = Object.assign(r.value, { id: ++geoSeq }); job = null; }
      if (performance.now() >= until || (r.done && V && big())) return true;
    }
    if (!geo || !V) return !!job;
    if (!projected()) {
      proj = Object.assign(project(geo, V), { geo });
      if (big() && !turning) return true;
    }
    if (work && work.P.V.key !== V.key) work = null;
    if (!work) {
      if (current()) return !!job;
      if ((!shown || shown.P.V.key !== V.key) && big()) {
        quickPicture(geo, proj);
        shown = { geo, P: proj, exact: false };
        present();
        return true;
      }
      work = startExact(geo, proj);
      if (performance.now() >= until) return true;
    }
    if (exactStep(work, until)) {
      msPer = work.ms / Math.max(1, work.geo.n + work.geo.wire.n);
      bufs.reverse();
      shown = { geo: work.geo, P: work.P, exact: true };
      work = null;
      present();
    }
    return true;
  }

  // The topmost facet under a screen point (crossing-number test on its projection).
  function pick(px, py) {
    if (!shown) return -1;
    const { geo: g, P } = shown, { X, Y } = P, order = orderOf(P);
    for (let j = order.length - 1; j >= 0; j--) {
      const f = order[j];
      let inside = false;
      for (let a = g.start[f], b = g.start[f + 1] - 1; a < g.start[f + 1]; b = a++) {
        if ((Y[a] > py) !== (Y[b] > py) && px < ((X[b] - X[a]) * (py - Y[a])) / (Y[b] - Y[a]) + X[a]) inside = !inside;
      }
      if (inside) return f;
    }
    return -1;
  }

  // A smooth surface at the point under (px, py) on its facet f (a grid quad, two triangles in
  // the picture): x, y by the barycentric weights of the triangle hit (the quad's centre when
  // px is null), then the core's forward pass gives the height z and the gradient there.
  function showPoint(f, px, py) {
    const g = shown.geo, P = shown.P, a = g.start[f], m = g.start[f + 1] - a;
    let wts = new Array(m).fill(1 / m);
    for (let k = 1; px !== null && k + 1 < m; k++) {
      const [i, j, l] = [a, a + k, a + k + 1];
      const det = (P.Y[j] - P.Y[l]) * (P.X[i] - P.X[l]) + (P.X[l] - P.X[j]) * (P.Y[i] - P.Y[l]);
      const b0 = ((P.Y[j] - P.Y[l]) * (px - P.X[l]) + (P.X[l] - P.X[j]) * (py - P.Y[l])) / det;
      const b1 = ((P.Y[l] - P.Y[i]) * (px - P.X[l]) + (P.X[i] - P.X[l]) * (py - P.Y[l])) / det;
      if (b0 >= -1e-9 && b1 >= -1e-9 && b0 + b1 <= 1 + 1e-9) { wts = new Array(m).fill(0); wts[0] = b0; wts[k] = b1; wts[k + 1] = 1 - b0 - b1; break; }
    }
    const at = (arr, c) => wts.reduce((sum, w, k) => sum + w * arr[3 * (a + k) + c], 0);
    const point = [at(g.p, 0), at(g.p, 1)];
    spot = { geo: g, w: [at(g.w, 0), at(g.w, 1), at(g.w, 2)] };
    picked = f;
    present();
    const fw = engine.forward(g.model, point);
    const z = fw.logits[0], grad = Array.from(fw.jacobianLogits.slice(0, 2));
    clear(card);
    card.hidden = false;
    Object.assign(card.dataset, { region: f, point: JSON.stringify(point), z: JSON.stringify(z), grad: JSON.stringify(grad) });
    delete card.dataset.a;
    delete card.dataset.c;
    const m1 = el('div', { class: 'math rg-map' }), m2 = el('div', { class: 'math rg-map' });
    tex(m1, `z = ${texNum(z)}`);
    tex(m2, gradientTex(grad));
    card.append(el('h3', { text: t('rg.sf.pointTitle', { x: point.map((v) => fmt(v, 3)).join(', ') }) }), el('p', { text: t(g.curved ? 'rg.sf.gradCurved' : 'rg.sf.grad') }), m1, m2);
  }

  function showCell(r) {
    spot = null;
    if (r >= 0 && !shown.geo.exact) { showPoint(r, null, null); return; }
    picked = r;
    if (shown) present();
    clear(card);
    card.hidden = r < 0;
    if (r < 0) return;
    const { reg, model } = shown.geo, K = reg.outputs, L = model.weights.length;
    const A = Array.from(reg.A.slice(r * K * 2, (r + 1) * K * 2)), c = Array.from(reg.c.slice(r * K, (r + 1) * K));
    const point = [reg.centroid[2 * r], reg.centroid[2 * r + 1]];
    Object.assign(card.dataset, { region: r, a: JSON.stringify(A), c: JSON.stringify(c), point: JSON.stringify(point) });
    const pat = reg.patterns[r];
    const alpha = shown.geo.alpha;   // an off neuron's slope (0: ReLU)
    const prod = Array.from({ length: L }, (_, i) => (i ? `D_{${L - i}}W_{${L - i}}` : `W_{${L}}`)).join(' \\allowbreak ');
    const mat = (rows) => `\\begin{pmatrix} ${rows.join(' \\\\ ')} \\end{pmatrix}`;
    const m1 = el('div', { class: 'math rg-map' }), m2 = el('div', { class: 'math rg-map' });
    tex(m1, `A = ${prod} \\allowbreak = ${mat(Array.from({ length: K }, (_, o) => `${texNum(A[2 * o])} & ${texNum(A[2 * o + 1])}`))}`);
    tex(m2, `c = ${mat(c.map(texNum))}`);
    // Each layer's D_l: written out for a narrow layer, else its count of ones; they wrap.
    const ds = el('ul', { class: 'math rg-ds' });
    let k = 0;
    model.layers.slice(1, -1).forEach((n, l) => {
      const bits = pat.slice(k, (k += n));
      const item = el('li'), name = el('span');
      if (n <= 10) typeset(name, diagTex(l + 1, [...bits].map((ch) => (ch === '1' ? 1 : alpha))));
      else typeset(name, `D_{${l + 1}}`);
      item.append(name);
      if (n > 10) item.append(t('rg.sf.dCount', { on: [...bits].filter((ch) => ch === '1').length, n }));
      ds.append(item);
    });
    const why = el('p');
    typesetText(why, t(alpha ? 'rg.sf.cellLeaky' : 'rg.sf.cell', { a: fmt(alpha, 3) }));
    card.append(el('h3', { text: t('rg.sf.cellTitle', { x: point.map((v) => fmt(v, 3)).join(', ') }) }), why, m1, m2, ds);
  }

  let drag = null;
  canvas.addEventListener('pointerdown', (e) => { drag = { x: e.clientX, y: e.clientY, moved: 0 }; canvas.setPointerCapture?.(e.pointerId); });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    drag.moved += Math.abs(dx) + Math.abs(dy);
    Object.assign(drag, { x: e.clientX, y: e.clientY });
    turn(dx * 0.01, dy * 0.01);
  });
  canvas.addEventListener('pointerup', (e) => {
    if (drag && drag.moved < 5) {
      const b = canvas.getBoundingClientRect();
      const x = e.clientX - b.left, y = e.clientY - b.top, f = pick(x, y);
      if (f >= 0 && !shown.geo.exact) showPoint(f, x, y);
      else showCell(f);
    }
    drag = null;
  });
  canvas.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && shown && shown.geo.n) {   // the keyboard's click: the next tile (grid square)
      e.preventDefault();
      showCell((picked + 1) % shown.geo.n);
      return;
    }
    const d = { ArrowLeft: [-0.15, 0], ArrowRight: [0.15, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] }[e.key];
    if (!d) return;
    e.preventDefault();
    turn(...d);
  });
  function turn(dy, dp) {
    view.yaw += dy;
    view.pitch = Math.min(1.5, Math.max(0.05, view.pitch + dp));
    redraw();
  }

  function update(next) {
    const changed = !s || next.reg !== s.reg || next.model !== s.model;
    s = next;
    body.hidden = s.inputs !== 2;
    if (body.hidden) { job?.return(); info.textContent = t('rg.sf.only2d'); geo = job = work = shown = proj = null; return; }
    if (changed) build();
  }

  return { update, destroy() { job?.return(); loop.stop(); resize?.disconnect(); } };
}
