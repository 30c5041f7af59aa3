// Chart.js for the whole page: every controller, element, scale and plugin the panels use is
// registered here once, and the theme (text, grid and axis colours, the page's font) is set
// as Chart.js defaults, so a chart only states what is particular to it. Panels create
// charts through createChart(); nothing else imports 'chart.js'.
// Colours follow the light or dark theme of the host a chart is drawn in (the nearest
// data-theme attribute, set by main.js): THEME's entries are scriptable Chart.js options that
// look it up at draw time, and palette(node) gives the same colours to code drawing on its own.

import {
  Chart, BarController, BarElement, CategoryScale, Decimation, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip,
} from 'chart.js';
import { fmt } from '../i18n.js';

Chart.register(BarController, BarElement, CategoryScale, Decimation, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip);

// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies). Light: the
// seven that keep some contrast on white and a dark brown for the yellow. Dark: the same hues
// lifted for a dark background, white for black and Okabe-Ito's own yellow for the brown.
// The order keeps look-alike pairs (blue / sky blue, vermillion / orange) far apart.
const CURVES_LIGHT = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#7F5A3C'];
const CURVES_DARK = ['#3D9BE0', '#F0782A', '#1DB886', '#E08FBF', '#E6A817', '#8FD0F5', '#F2F2F2', '#F0E442'];

/**
 * Every colour a chart or a canvas drawing takes from the theme. text: ticks and titles;
 * grid, axis: grid lines and the x = 0 / y = 0 lines; gridOverPlane: grid over a coloured
 * plane; plane: the neutral background of heatmaps and thumbnails; ink: neutral marks (data
 * points of a regression); halo: outlines that separate marks from what is under them;
 * tooltip: tooltip background; curves: one colour per compared function.
 */
export const PALETTES = Object.freeze({
  light: Object.freeze({
    dark: false, text: '#3c4048', grid: '#e6e8ec', axis: '#8a8f98', gridOverPlane: 'rgba(60, 64, 72, 0.12)',
    plane: '#ffffff', ink: '#3c4048', halo: '#ffffff', tooltip: 'rgba(24, 28, 36, 0.92)', curves: Object.freeze(CURVES_LIGHT),
  }),
  dark: Object.freeze({
    dark: true, text: '#c4c9d2', grid: '#2e333c', axis: '#7d8592', gridOverPlane: 'rgba(220, 225, 235, 0.10)',
    plane: '#15181e', ink: '#d5d9e0', halo: '#15181e', tooltip: 'rgba(52, 57, 68, 0.96)', curves: Object.freeze(CURVES_DARK),
  }),
});

/** "dark" or "light": the theme of the host `node` is shown in (light when it is not in one yet). */
export function themeOf(node) {
  const host = node && typeof node.closest === 'function' ? node.closest('[data-theme]') : null;
  const theme = host ? host.getAttribute('data-theme') : globalThis.document?.documentElement?.getAttribute('data-theme');
  return theme === 'dark' ? 'dark' : 'light';
}

/** The palette (PALETTES.light or .dark) for a DOM node or a Chart.js chart. */
export function palette(nodeOrChart) {
  const node = nodeOrChart && nodeOrChart.canvas ? nodeOrChart.canvas : nodeOrChart;
  return PALETTES[themeOf(node)];
}

// Scriptable option: the palette entry `key` of the chart being drawn.
const fromPalette = (key) => (context) => palette(context && context.chart)[key];

/** Theme colours as scriptable Chart.js options (text and ticks, grid lines, the axes, grid over a plane). */
export const THEME = Object.freeze({
  text: fromPalette('text'),
  grid: fromPalette('grid'),
  axis: fromPalette('axis'),
  gridOverPlane: fromPalette('gridOverPlane'),
  ink: fromPalette('ink'),
  halo: fromPalette('halo'),
  tooltip: fromPalette('tooltip'),
});

/** The light theme's colours per compared function (see curveColour for a host's theme). */
export const CURVE_COLOURS = PALETTES.light.curves;

/** Colour number i (0-based, wraps) of the curve palette in the theme of `node`. */
export function curveColour(i, node) {
  const list = palette(node).curves;
  return list[i % list.length];
}

// Where activations are compared side by side (Gradient flow, Convergence), each keeps one
// colour, whichever subset is shown: its place in this list picks it.
const COMPARED_ORDER = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'gelu', 'elu', 'selu', 'silu', 'softplus', 'softsign', 'hardtanh', 'mish'];

/** The colour of activation `name` in the comparison charts (in the theme of `node`, if given). */
export function activationColour(name, node) {
  return curveColour(Math.max(0, COMPARED_ORDER.indexOf(name)), node);
}

// The page's font stack (style.css --font). Stated here rather than read from document.body:
// inside an <activation-lab> on someone else's page, body has that page's font.
const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans TC", "PingFang TC", '
  + '"Microsoft JhengHei", "Liberation Sans", "DejaVu Sans", sans-serif';

let themed = false;

function applyTheme() {
  if (themed) return;
  themed = true;
  Chart.defaults.color = THEME.text;
  Chart.defaults.borderColor = THEME.grid;
  Chart.defaults.plugins.tooltip.backgroundColor = THEME.tooltip;
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.font.size = 11;
}

/**
 * new Chart(canvas, config) with the page's theme applied first. Make it once the canvas is in
 * the page: Chart.js learns of a canvas inserted later by watching `document`, which does not
 * see insertions inside a shadow root (the <activation-lab> element), and such a chart would
 * keep a size of 0 x 0.
 */
export function createChart(canvas, config) {
  applyTheme();
  return new Chart(canvas, config);
}

/** Options every chart of the page shares: drawn at once (no animation), sized by its box. */
export const STATIC_CHART = Object.freeze({ animation: false, responsive: true, maintainAspectRatio: false });

/** STATIC_CHART for charts fed {x, y} points (no parsing, sorted x). */
export const XY_CHART = Object.freeze({ ...STATIC_CHART, parsing: false, normalized: true });

/** The page's font for chart text at `size` px (Chart.js font object). */
export function chartFont(size = 11) {
  return { family: FONT_FAMILY, size };
}

// Digit grouping of the page's numbers ({n, number} in i18n.js): the same in English and Chinese.
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * A number on an axis or in a tooltip, the same way on every chart: from 1,000 up, grouped
 * digits (100,000, not 1e+5; a mean keeps one decimal: 1,019.3), below that fmt(v, digits),
 * and from 10^15 fmt's exponent form.
 */
export function tickText(v, digits = 4) {
  const a = Math.abs(v);
  return a >= 1000 && a < 1e15 ? GROUPED.format(v).replace('-', '−') : fmt(v, digits);
}

/**
 * A linear axis's tick callback (Chart.js passes the value, its index and all the ticks):
 * tickText with at least `digits` significant digits, and as many more as the step between
 * ticks needs for neighbours to differ (a loss between 0.6930 and 0.6940 read 0.694, 0.694,
 * 0.693, 0.693 with 3).
 */
export function axisTicks(digits = 4) {
  return (v, _i, ticks) => {
    const step = ticks && ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : 0;
    const need = step > 0 && v !== 0 ? Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(step) + 1e-9) + 1 : 0;
    return tickText(v, Math.min(12, Math.max(digits, need)));
  };
}

/** tickText on a logarithmic axis: only 1, 2 and 5 times a power of ten get a label (their neighbours would collide). */
export function logTickText(v) {
  const m = v / 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) ? tickText(v, 3) : '';
}
