// Chart.js plugin: draws the exact linear regions of a network over the input plane as filled
// polygons with crisp boundaries (2-D), or as bands between breakpoints (1-D), plus the chosen
// points a and b, their highlighted regions and the segment a -> b with its crossings marked.
// It also holds the colour schemes (by activation pattern, or by the slope of the output).
// It computes no regions: it maps the engine's flat arrays to pixels with the chart's scales.
// In the dark theme the pattern tints are mixed with the dark plane instead of white, and the
// marks (boundaries, arrows, points a and b) swap their dark and light inks.

import { palette } from '../../kit/charts.js';
import { FNV_START, fnv, mixHash } from './counting.js';

// Okabe-Ito hues (without black and yellow, too light on white): readable with the common
// colour-vision deficiencies. Each is mixed with white at three strengths, so 18 fills.
const HUES = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7'].map(
  (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
const MIXES = [0.3, 0.5, 0.7];   // share of the hue; the rest is white
const DARK_PLANE = [21, 24, 30];  // PALETTES.dark.plane of kit/charts.js
const DARK_MIXES = [0.35, 0.55, 0.75];
const PALETTE = [];
const PALETTE_DARK = [];
MIXES.forEach((m, j) => {
  for (const h of HUES) {
    PALETTE.push(h.map((v) => Math.round(255 + (v - 255) * m)));
    PALETTE_DARK.push(h.map((v, k) => Math.round(DARK_PLANE[k] + (v - DARK_PLANE[k]) * DARK_MIXES[j])));
  }
});

const rgb = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;
// A pattern fill of the light theme -> the same tint on the dark plane.
const DARK_FILL = new Map(PALETTE.map((c, i) => [rgb(c), rgb(PALETTE_DARK[i])]));

const FILLS = PALETTE.map(rgb);

/** A fill colour for an activation pattern: one of 18 colour-blind-safe tints, by hash. */
export function patternColour(pattern) {
  return hashColour(fnv(FNV_START, pattern, 0, pattern.length));
}

/** The fill of a pattern whose FNV-1a state (counting.js fnv) is h. */
export const hashColour = (h) => FILLS[mixHash(h) % FILLS.length];

/** A fill of patternColour in a theme (the dark theme mixes it with the dark plane). */
export const themedFill = (dark, fill) => (dark ? DARK_FILL.get(fill) ?? fill : fill);

// A cividis-like sequential scale (perceptually even, readable with colour-vision
// deficiencies): pale yellow for a flat output, dark blue for the steepest cell.
const SLOPE_STOPS = [[255, 246, 204], [214, 205, 140], [150, 150, 125], [88, 104, 140], [30, 62, 120]];

/** Colour for s in [0, 1] on the slope scale. */
export function slopeColour(s) {
  const x = Math.min(1, Math.max(0, Number.isFinite(s) ? s : 0)) * (SLOPE_STOPS.length - 1);
  const i = Math.min(SLOPE_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return rgb(SLOPE_STOPS[i].map((v, k) => Math.round(v + (SLOPE_STOPS[i + 1][k] - v) * f)));
}

/** CSS gradient of the slope scale, for the legend. */
export function slopeGradientStops() {
  return SLOPE_STOPS.map((c, i) => `${rgb(c)} ${(100 * i) / (SLOPE_STOPS.length - 1)}%`).join(', ');
}

// Inks of the marks: [light theme, dark theme].
const INKS = {
  light: { ink: '#1d2129', halo: '#ffffff', a: '#1d2129', b: '#b42318', edge: 'rgba(29, 33, 41, 0.55)', edge1d: 'rgba(29, 33, 41, 0.45)', lift: 'rgba(255, 255, 255, 0.35)' },
  dark: { ink: '#e3e6eb', halo: '#15181e', a: '#e3e6eb', b: '#ff8f80', edge: 'rgba(0, 0, 0, 0.6)', edge1d: 'rgba(227, 230, 235, 0.45)', lift: 'rgba(255, 255, 255, 0.18)' },
};
const inks = (chart) => (palette(chart).dark ? INKS.dark : INKS.light);
// The fill of region r in the chart's theme.
const fillOf = (chart, fill) => themedFill(palette(chart).dark, fill);

function pathPolygon(ctx, xs, ys, vertices, from, to) {
  ctx.moveTo(xs.getPixelForValue(vertices[2 * from]), ys.getPixelForValue(vertices[2 * from + 1]));
  for (let v = from + 1; v < to; v++) ctx.lineTo(xs.getPixelForValue(vertices[2 * v]), ys.getPixelForValue(vertices[2 * v + 1]));
  ctx.closePath();
}

// Fills, boundaries and arrows of every cell, drawn once into an offscreen canvas of the
// chart area's device size and re-used until the regions, colours or size change (a net of a
// few thousand cells takes far longer to rasterise than a frame).
const cache = new WeakMap();   // chart -> { key fields, canvas }

/**
 * The key of a picture of the chart's area (the cells, or the layer view's): what it shows
 * (shows: an object of fields) and the theme and size it is made for. A picture is re-used
 * while sameKey.
 */
export function imageKey(chart, shows) {
  const { chartArea: { left, top, width, height } } = chart;
  const dpr = chart.currentDevicePixelRatio || 1;
  return { ...shows, dark: palette(chart).dark, W: Math.max(1, Math.round(width * dpr)), H: Math.max(1, Math.round(height * dpr)), left, top, dpr };
}
/** Whether c (a key, or an object holding its fields) has every field of the key k. */
export const sameKey = (c, k) => !!c && Object.keys(k).every((f) => c[f] === k[f]);

// The options reach the plugin through Chart.js's resolver, whose arrays are not the ones the
// panel passed: a panel names its cells' colouring by imageId (a number) instead.
const cellsKey = (chart, o) => {
  const id = o.imageId ?? -1;
  return imageKey(chart, { regions: id >= 0 ? id : o.regions, fills: id >= 0 ? id : o.fills, arrows: o.arrows });
};

// A canvas off the page: an element where there is a document (in Chromium without a GPU,
// drawing an OffscreenCanvas into the chart cost 15-50 ms a frame, an element's nothing).
const newCanvas = (W, H) => (typeof document !== 'undefined' ? Object.assign(document.createElement('canvas'), { width: W, height: H }) : new OffscreenCanvas(W, H));

/** A blank image of the key's size, mapped so that it takes chart pixels: { canvas, ctx }. */
export function blankImage(k, reuse) {
  const canvas = reuse && reuse.W === k.W && reuse.H === k.H ? reuse.canvas : newCanvas(k.W, k.H);
  // Read back (one pixel) after each slice of a picture made over frames: that makes the
  // browser raster it then rather than when the chart draws it.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, k.W, k.H);
  ctx.setTransform(k.dpr, 0, 0, k.dpr, -k.left * k.dpr, -k.top * k.dpr);
  return { canvas, ctx };
}

/** Reads back one pixel: the browser rasters what was drawn then, not when the chart draws the picture. */
export const flush = (ctx) => ctx.getImageData(0, 0, 1, 1);

/**
 * Cells from .. to - 1 of a 2-D partition: one path a fill colour (fill(r), a CSS colour),
 * filled and (edges) stroked once: a few canvas calls instead of two a cell (an 8 x 64 net has
 * 30,000 cells). Cells do not overlap. px, if given, gets their vertices' pixel positions.
 */
export function drawCellRange(ctx, chart, regions, fill, from, to, edges, px) {
  const { x: xs, y: ys } = chart.scales;
  const { vertexStart: S, vertices: V } = regions;
  const byFill = new Map();
  for (let r = from; r < to; r++) {
    const f = fill(r);
    let path = byFill.get(f);
    if (!path) byFill.set(f, (path = new Path2D()));
    for (let v = S[r]; v < S[r + 1]; v++) {
      const x = xs.getPixelForValue(V[2 * v]), y = ys.getPixelForValue(V[2 * v + 1]);
      if (px) { px[2 * v] = x; px[2 * v + 1] = y; }
      if (v === S[r]) path.moveTo(x, y);
      else path.lineTo(x, y);
    }
    path.closePath();
  }
  for (const [f, path] of byFill) {
    ctx.fillStyle = f;
    ctx.fill(path);
  }
  if (!edges) return;
  ctx.lineWidth = S.length > 601 ? 0.5 : 0.8;
  ctx.strokeStyle = inks(chart).edge;
  ctx.lineJoin = 'round';
  for (const path of byFill.values()) ctx.stroke(path);
}

const CHUNK = 400;  // cells drawn between two read-backs

/**
 * drawCellRange over all the cells, CHUNK cells at a time, each chunk read back (one pixel):
 * a generator (kit/job.js) yielding { done, total } cells.
 */
export function* drawCells(ctx, chart, regions, fill, edges, px) {
  const R = regions.vertexStart.length - 1;
  for (let from = 0; from < R; from += CHUNK) {
    const to = Math.min(R, from + CHUNK);
    drawCellRange(ctx, chart, regions, fill, from, to, edges, px);
    flush(ctx);
    yield { done: to, total: R };
  }
}

// The fill of cell r for plugin options o in the key's theme.
const cellFill = (k, o) => (r) => themedFill(k.dark, o.fills[r]);

function cellsImage(chart, o) {
  const k = cellsKey(chart, o);
  const c = cache.get(chart);
  if (sameKey(c, k)) return c.canvas;
  const { canvas, ctx } = blankImage(k, c);
  drawCellRange(ctx, chart, o.regions, cellFill(k, o), 0, o.regions.vertexStart.length - 1, true);
  if (o.arrows) drawArrows(ctx, chart, o);
  cache.set(chart, { ...k, canvas });
  return canvas;
}

/**
 * The picture of the cells for plugin options o (regions, fills, arrows, slopes) made over
 * several calls, a job for kit/job.js: step(budgetMs) draws cells for about budgetMs; once
 * done, the chart's next draw with the same options shows it without drawing a cell.
 */
export function cellsImageJob(chart, o) {
  const k = cellsKey(chart, o);
  const { canvas, ctx } = blankImage(k, null);
  const R = o.regions.vertexStart.length - 1;
  const cells = drawCells(ctx, chart, o.regions, cellFill(k, o), true);
  let next = 0;
  return {
    step(budgetMs = 8) {
      const t0 = performance.now();
      while (next < R && performance.now() - t0 < budgetMs) next = cells.next().value.done;
      if (next < R) return { done: false, progress: next / R };
      if (o.arrows) drawArrows(ctx, chart, o);
      flush(ctx);
      cache.set(chart, { ...k, canvas });
      return { done: true, progress: 1 };
    },
    cancel() {},
  };
}

function drawCells2d(chart, o) {
  const { ctx, chartArea: { left, top, width, height } } = chart;
  const { x: xs, y: ys } = chart.scales;
  const { vertexStart, vertices } = o.regions;
  const R = vertexStart.length - 1;
  ctx.drawImage(cellsImage(chart, o), left, top, width, height);
  const k = inks(chart);
  for (const [r, colour, dash] of [[o.highlight[0], k.a, []], [o.highlight[1], k.b, [6, 4]]]) {
    if (r === undefined || r < 0 || r >= R) continue;
    ctx.beginPath();
    pathPolygon(ctx, xs, ys, vertices, vertexStart[r], vertexStart[r + 1]);
    ctx.fillStyle = k.lift;
    ctx.fill();
    ctx.setLineDash(dash);
    ctx.lineWidth = 3;
    ctx.strokeStyle = colour;
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

// The direction of steepest increase of the output in each cell large enough to hold it.
function drawArrows(ctx, chart, o) {
  const { x: xs, y: ys } = chart.scales;
  const { centroid, area } = o.regions;
  const pxPerUnit = Math.abs(xs.getPixelForValue(1) - xs.getPixelForValue(0));
  ctx.lineJoin = 'round';
  for (let r = 0; r < o.slopes.length; r++) {
    const cellPx = Math.sqrt(area[r]) * pxPerUnit;
    const { gx, gy, norm } = o.slopes[r];
    if (cellPx < 26 || !(norm > 1e-12)) continue;
    const len = Math.min(cellPx * 0.35, 14);
    const cx = xs.getPixelForValue(centroid[2 * r]);
    const cy = ys.getPixelForValue(centroid[2 * r + 1]);
    const dx = (gx / norm) * len;
    const dy = (-gy / norm) * len;    // pixel y grows downwards
    const ang = Math.atan2(dy, dx);
    // A white halo first, so the arrow reads on the darkest cells too.
    for (const [colour, width] of [['rgba(255, 255, 255, 0.85)', 3.4], ['rgba(29, 33, 41, 0.85)', 1.3]]) {
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(cx - dx, cy - dy);
      ctx.lineTo(cx + dx, cy + dy);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(cx + dx, cy + dy);
      ctx.lineTo(cx + dx - 5.5 * Math.cos(ang - 0.45), cy + dy - 5.5 * Math.sin(ang - 0.45));
      ctx.lineTo(cx + dx - 5.5 * Math.cos(ang + 0.45), cy + dy - 5.5 * Math.sin(ang + 0.45));
      ctx.closePath();
      if (width > 2) ctx.stroke();
      ctx.fill();
    }
  }
}

function drawBands1d(chart, o) {
  const { ctx, chartArea: { top, bottom } } = chart;
  const { x: xs } = chart.scales;
  const { bounds } = o.regions;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const x0 = xs.getPixelForValue(bounds[i]);
    const x1 = xs.getPixelForValue(bounds[i + 1]);
    ctx.fillStyle = fillOf(chart, o.fills[i]);
    ctx.fillRect(x0, top, x1 - x0, bottom - top);
  }
  const k = inks(chart);
  ctx.strokeStyle = k.edge1d;
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  for (let i = 1; i + 1 < bounds.length; i++) {
    const x = Math.round(xs.getPixelForValue(bounds[i])) + 0.5;
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  for (const [i, colour] of [[o.highlight[0], k.a], [o.highlight[1], k.b]]) {
    if (i === undefined || i < 0 || i + 1 >= bounds.length) continue;
    const x0 = xs.getPixelForValue(bounds[i]);
    const x1 = xs.getPixelForValue(bounds[i + 1]);
    ctx.lineWidth = 3;
    ctx.strokeStyle = colour;
    ctx.strokeRect(x0 + 1.5, top + 1.5, x1 - x0 - 3, bottom - top - 3);
  }
}

function marker(ctx, x, y, label, colour, halo) {
  ctx.beginPath();
  ctx.arc(x, y, 6, 0, 2 * Math.PI);
  ctx.fillStyle = halo;
  ctx.fill();
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = colour;
  ctx.stroke();
  ctx.font = '700 14px system-ui, sans-serif';
  ctx.lineWidth = 3.5;
  ctx.strokeStyle = halo;
  ctx.strokeText(label, x + 8, y - 8);
  ctx.fillStyle = colour;
  ctx.fillText(label, x + 8, y - 8);
}

// Points a and b, the segment between them and a tick at every boundary it crosses.
function drawPoints(chart, o) {
  const { ctx } = chart;
  const { x: xs, y: ys } = chart.scales;
  const [a, b] = o.points;
  const k = inks(chart);
  const px = (p) => [xs.getPixelForValue(p[0]), ys.getPixelForValue(p.length > 1 ? p[1] : o.heights[p === a ? 0 : 1] ?? 0)];
  if (a && b && o.crossings && a.length > 1) {   // 1-D: the breakpoints on the curve say it
    const [ax, ay] = px(a);
    const [bx, by] = px(b);
    ctx.beginPath();
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, by);
    ctx.lineWidth = 4.5;
    ctx.strokeStyle = k.halo;
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = k.ink;
    ctx.stroke();
    for (const t of o.crossings) {
      const x = ax + (bx - ax) * t;
      const y = ay + (by - ay) * t;
      ctx.beginPath();
      ctx.arc(x, y, 3.6, 0, 2 * Math.PI);
      ctx.fillStyle = k.halo;
      ctx.fill();
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = k.ink;
      ctx.stroke();
    }
  }
  if (a) marker(ctx, ...px(a), 'a', k.a, k.halo);
  if (b) marker(ctx, ...px(b), 'b', k.b, k.halo);
}

export const regionsPlugin = {
  id: 'regions',
  // regions: the engine's result (2-D: vertexStart, vertices, centroid, area; 1-D: bounds);
  // fills: one CSS colour per region (imageId: a number naming regions and fills together, or
  // -1); slopes: [{gx, gy, norm}] per region (arrows) or null;
  // highlight: [region of a, region of b] (-1 = none); points: [a, b] ([x, y] or [x]);
  // crossings: t values along a -> b; heights: the curve's height at 1-D points a and b.
  // Everything is computed by the panel before drawing: the plugin never calls the engine.
  defaults: { regions: null, imageId: -1, fills: [], slopes: null, arrows: false, highlight: [-1, -1], points: [null, null], crossings: null, heights: [0, 0] },
  beforeDatasetsDraw(chart, _args, o) {
    if (!o.regions) return;
    const { ctx, chartArea: { left, top, width, height } } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    if (o.regions.inputs === 2) drawCells2d(chart, o);
    else drawBands1d(chart, o);
    ctx.restore();
  },
  afterDatasetsDraw(chart, _args, o) {
    if (!o.points[0] && !o.points[1]) return;
    const { ctx, chartArea: { left, top, width, height } } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    drawPoints(chart, o);
    ctx.restore();
  },
};
