// The Regions panel's 3-D view: the network's output (logit 1) over the plane as a surface
// drawn on a canvas 2D context, every exact cell a flat facet from its polygon and its map
// (A, c), or, for a smooth activation (or a ReLU net smoothed by the slider), a surface
// sampled on a grid with the exact ReLU cells outlined on top. Painter's algorithm: facets
// sorted far to near, no depth buffer and no 3-D library. Drag or arrow keys turn it; a click
// on a facet shows its A = W_L D_{L-1} ... D_1 W_1 and c.

import { el, clear, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { palette } from '../../kit/charts.js';
import { frameLoop } from '../../kit/frame_loop.js';
import { patternColour, slopeColour } from './regions_plugin.js';
import { tex, texNum } from './detail.js';
import { morph, morphParam } from './counting.js';

const FAMILIES = ['none', 'softplus', 'silu', 'leaky_relu'];
const G = 40;                              // samples a side of a curved surface
const LIGHT = [-0.45, -0.5, 0.74];         // towards the light, in the view's world axes
const rgbOf = (s) => s.match(/\d+/g).map(Number);

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
  const body = el('div', { class: 'rg-view' }, el('div', { class: 'rg-two' }, el('div', { class: 'field rg-field' }, el('label', { for: fid, text: t('rg.sf.morph') }), fam),
    el('div', { class: 'field range-field' }, rangeLabel, range)), el('div', { class: 'rg-3d-wrap' }, canvas), el('p', { class: 'hint', text: t('rg.sf.hint') }));
  box.append(el('p', { class: 'lead', text: t('rg.sf.intro') }), body, info, card);
  fam.addEventListener('change', () => { ctx.setState({ rmf: fam.value }); build(); });
  range.addEventListener('input', () => { ctx.setState({ rmp: Number(range.value) }); build(); });

  const view = { yaw: -0.6, pitch: 0.6 };
  let s = null, facets = [], wire = [], drawn = [], picked = -1, zlo = 0, zhi = 1;
  const loop = frameLoop(() => { render(); return false; });
  const redraw = () => loop.start();
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(redraw) : null;
  resize?.observe(canvas);

  // Facets {p: [x, y, z, ...], fill: [r, g, b], r: cell index or -1} and outlines (exact cells over a smoothed net).
  function cellsOf(reg, asWire) {
    const { vertexStart: S, vertices: V, A, c, outputs: K } = reg;
    const out = [];
    for (let r = 0; r + 1 < S.length; r++) {
      const p = [];
      for (let v = S[r]; v < S[r + 1]; v++) p.push(V[2 * v], V[2 * v + 1], A[r * K * 2] * V[2 * v] + A[r * K * 2 + 1] * V[2 * v + 1] + c[r * K]);
      out.push({ p, fill: asWire ? null : rgbOf(patternColour(reg.patterns[r])), r });
    }
    return out;
  }

  function sampled(model) {
    const [x0, x1, y0, y1] = s.box;
    const xs = [];
    for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) xs.push(x0 + ((x1 - x0) * i) / (G - 1), y0 + ((y1 - y0) * j) / (G - 1));
    const f = engine.forward(model, xs, { jacobians: false });
    const K = f.logits.length / f.n;
    const z = (i, j) => f.logits[(j * G + i) * K];
    let lo = Infinity, hi = -Infinity;
    for (let p = 0; p < f.n; p++) { lo = Math.min(lo, f.logits[p * K]); hi = Math.max(hi, f.logits[p * K]); }
    const out = [];
    for (let j = 0; j + 1 < G; j++) {
      for (let i = 0; i + 1 < G; i++) {
        const p = [];
        for (const [a, b] of [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]]) p.push(xs[2 * (b * G + a)], xs[2 * (b * G + a) + 1], z(a, b));
        const mid = (p[2] + p[5] + p[8] + p[11]) / 4;
        out.push({ p, fill: rgbOf(slopeColour(hi > lo ? 1 - (mid - lo) / (hi - lo) : 0.5)), r: -1 });
      }
    }
    return out;
  }

  function build() {
    if (!s || !s.model) return;
    const acts = [s.model.activation].flat();
    const relu = acts.every((a) => a === 'relu');
    const f = relu ? st.rmf : 'none';
    fam.disabled = !relu;
    range.disabled = f === 'none';
    const name = f === 'leaky_relu' ? 'α' : 'β';
    rangeLabel.textContent = f === 'none' ? t('rg.sf.param0') : t('rg.sf.param', { p: name, v: texNum(morphParam(f, st.rmp)).replace(/\\times10\^\{(-?\d+)\}/, 'e$1') });
    picked = -1;
    card.hidden = true;
    try {
      if (s.reg && f === 'none') {
        facets = cellsOf(s.reg, false);
        wire = [];
        info.textContent = t('rg.sf.flat', { n: facets.length });
      } else {
        facets = sampled(f === 'none' ? s.model : morph(s.model, f, st.rmp));
        wire = f === 'none' || !s.reg ? [] : cellsOf(s.reg, true);
        const pl = engine.piecewiseLinear();
        info.textContent = f === 'none' ? (acts.every((a) => pl.has(a)) ? t('rg.ln.noCells') : t('rg.sf.curved', { fn: [...new Set(acts)].map(fnName).join(t('err.listSep')) })) : t('rg.sf.limit', { p: name, lim: f === 'leaky_relu' ? '0' : '∞' });
      }
    } catch (e) {
      facets = [];
      wire = [];
      info.textContent = ctx.i18n.errorText(e);
    }
    zlo = Infinity;
    zhi = -Infinity;
    for (const q of [...facets, ...wire]) for (let i = 2; i < q.p.length; i += 3) { zlo = Math.min(zlo, q.p[i]); zhi = Math.max(zhi, q.p[i]); }
    if (!(zhi > zlo)) { zlo -= 1; zhi += 1; }
    // World coordinates u, v in [-1, 1] over the box and q the height in [-0.7, 0.7], and each
    // facet's Lambert shade (from its normal: any three corners, it is flat): fixed until rebuilt.
    const [x0, x1, y0, y1] = s.box;
    for (const f of [...facets, ...wire]) {
      const w = (f.w = []);
      for (let i = 0; i < f.p.length; i += 3) w.push((2 * (f.p[i] - x0)) / (x1 - x0) - 1, (2 * (f.p[i + 1] - y0)) / (y1 - y0) - 1, 1.4 * ((f.p[i + 2] - zlo) / (zhi - zlo) - 0.5));
      if (!f.fill) continue;
      const k = w.length - 3;
      const e1 = [w[3] - w[0], w[4] - w[1], w[5] - w[2]], e2 = [w[k] - w[0], w[k + 1] - w[1], w[k + 2] - w[2]];
      const n = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
      const lit = 0.55 + (0.45 * Math.abs(n[0] * LIGHT[0] + n[1] * LIGHT[1] + n[2] * LIGHT[2])) / (Math.hypot(...n) || 1);
      f.colour = `rgb(${f.fill.map((v) => Math.round(v * lit)).join(',')})`;
    }
    // The signal waits for the panel's cells when they are still being computed.
    if (s.exact && !s.reg) delete section.dataset.surface;
    else signal(section, 'surface', JSON.stringify({ facets: facets.length, exact: facets.length > 0 && facets[0].r >= 0, wire: wire.length }));
    redraw();
  }

  function render() {
    if (!s || !s.box) return;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (!w || !h) return;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pal = palette(canvas);
    g.fillStyle = pal.plane;
    g.fillRect(0, 0, w, h);
    const cy = Math.cos(view.yaw), sy = Math.sin(view.yaw), cp = Math.cos(view.pitch), sp = Math.sin(view.pitch);
    const S = Math.min(w / 2.9, h / 3.2);   // |X| <= 1.42 and |up| <= 1.6 at any angle
    // World (u, v, q) -> screen x, y and the depth along the ground (seen from above, a view
    // ray meets a graph surface first where that is least).
    const proj = (u, v, q) => {
      const X = u * cy - v * sy, Y = u * sy + v * cy;
      return [w / 2 + S * X, h * 0.53 - S * (Y * sp + q * cp), Y];
    };
    const projAll = (f) => { const pts = []; for (let i = 0; i < f.w.length; i += 3) pts.push(proj(f.w[i], f.w[i + 1], f.w[i + 2])); return pts; };
    const poly = (pts) => { g.beginPath(); for (const p of pts) g.lineTo(p[0], p[1]); g.closePath(); };
    // The floor: the box at the lowest height.
    poly([[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([u, v]) => proj(u, v, -0.7)));
    g.strokeStyle = pal.axis;
    g.lineWidth = 1;
    g.stroke();
    const list = facets.map((f) => {
      const pts = projAll(f);
      return { f, pts, depth: pts.reduce((a, p) => a + p[2], 0) / pts.length };
    }).sort((a, b) => b.depth - a.depth);
    const exact = facets.length && facets[0].r >= 0;
    g.lineJoin = 'round';
    g.lineWidth = exact && facets.length < 800 ? 0.7 : 0.35;
    g.strokeStyle = pal.dark ? 'rgba(0,0,0,0.55)' : 'rgba(29,33,41,0.45)';
    const edges = exact && facets.length <= 3000;   // thousands of tiles: their fills show the edges
    for (const { f, pts } of list) {
      g.fillStyle = f.colour;
      poly(pts);
      g.fill();
      if (edges) g.stroke();
      else if (!exact) { g.strokeStyle = f.colour; g.stroke(); }   // hides the seams of a sampled surface
    }
    drawn = list;
    g.strokeStyle = pal.dark ? '#e3e6eb' : '#1d2129';
    g.lineWidth = 0.9;
    for (const f of wire) { poly(projAll(f)); g.stroke(); }
    const hit = picked >= 0 && list.find((d) => d.f.r === picked);
    if (hit) { poly(hit.pts); g.lineWidth = 3; g.strokeStyle = pal.dark ? '#ff8f80' : '#b42318'; g.stroke(); }
    signal(canvas, 'drawn', (Number(canvas.dataset.drawn) || 0) + 1);
  }

  // The topmost exact facet under a screen point (crossing-number test on its projection).
  function pick(px, py) {
    for (let i = drawn.length - 1; i >= 0; i--) {
      const { pts, f } = drawn[i];
      let inside = false;
      for (let a = 0, b = pts.length - 1; a < pts.length; b = a++) {
        if ((pts[a][1] > py) !== (pts[b][1] > py) && px < ((pts[b][0] - pts[a][0]) * (py - pts[a][1])) / (pts[b][1] - pts[a][1]) + pts[a][0]) inside = !inside;
      }
      if (inside) return f.r;
    }
    return -1;
  }

  function showCell(r) {
    picked = r;
    redraw();
    clear(card);
    card.hidden = r < 0;
    if (r < 0) return;
    const reg = s.reg, K = reg.outputs, L = s.model.weights.length;
    const A = Array.from(reg.A.slice(r * K * 2, (r + 1) * K * 2)), c = Array.from(reg.c.slice(r * K, (r + 1) * K));
    const point = [reg.centroid[2 * r], reg.centroid[2 * r + 1]];
    Object.assign(card.dataset, { region: r, a: JSON.stringify(A), c: JSON.stringify(c), point: JSON.stringify(point) });
    const pat = reg.patterns[r];
    let k = 0;
    const D = s.model.layers.slice(1, -1).map((n, l) => `D_{${l + 1}} = \\operatorname{diag}(${[...pat.slice(k, (k += n))].join(',')})`);
    const prod = Array.from({ length: L }, (_, i) => (i ? `D_{${L - i}}W_{${L - i}}` : `W_{${L}}`)).join('');
    const mat = (rows) => `\\begin{pmatrix} ${rows.join(' \\\\ ')} \\end{pmatrix}`;
    const m1 = el('div', { class: 'math rg-map' }), m2 = el('div', { class: 'math rg-map' });
    tex(m1, `A = ${prod} = ${mat(Array.from({ length: K }, (_, o) => `${texNum(A[2 * o])} & ${texNum(A[2 * o + 1])}`))}`);
    tex(m2, `c = ${mat(c.map(texNum))}`);
    const dl = el('div', { class: 'math rg-map' });
    tex(dl, D.join(',\\quad '));
    card.append(el('h3', { text: t('rg.sf.cellTitle', { x: point.map((v) => fmt(v, 3)).join(', ') }) }), el('p', { text: t('rg.sf.cell') }), m1, m2, dl);
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
      showCell(pick(e.clientX - b.left, e.clientY - b.top));
    }
    drag = null;
  });
  canvas.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && facets.length && facets[0].r >= 0) {   // the keyboard's click: the next tile
      e.preventDefault();
      showCell((picked + 1) % facets.length);
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
    if (body.hidden) { info.textContent = t('rg.sf.only2d'); facets = []; wire = []; return; }
    if (changed) build();
  }

  return { update, destroy() { loop.stop(); resize?.disconnect(); } };
}
