// Chart.js for the whole page: every controller, element, scale and plugin the panels use is
// registered here once, and one theme (text, grid and axis colours, the page's font) is set
// as Chart.js defaults, so a chart only states what is particular to it. Panels create
// charts through createChart(); nothing else imports 'chart.js'.

import {
  Chart, BarController, BarElement, CategoryScale, Decimation, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Decimation, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip);

/** The theme's colours: text and ticks, grid lines, the x = 0 / y = 0 axes, grid over a coloured plane. */
export const THEME = Object.freeze({
  text: '#3c4048',
  grid: '#e6e8ec',
  axis: '#8a8f98',
  gridOverPlane: 'rgba(60, 64, 72, 0.12)',
});

// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), yellow
// left out for contrast on white, then two extra dark tones.
export const CURVE_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#7F5A3C'];

// Where activations are compared side by side (Gradient flow, Convergence), each keeps one
// colour, whichever subset is shown: its place in this list picks it.
const COMPARED_ORDER = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'gelu', 'elu', 'selu', 'silu', 'softplus', 'softsign', 'hardtanh', 'mish'];

/** The colour of activation `name` in the comparison charts. */
export function activationColour(name) {
  return CURVE_COLOURS[Math.max(0, COMPARED_ORDER.indexOf(name)) % CURVE_COLOURS.length];
}

let themed = false;

function applyTheme() {
  if (themed) return;
  themed = true;
  const family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = THEME.text;
  Chart.defaults.borderColor = THEME.grid;
  Chart.defaults.font.family = family;
  Chart.defaults.font.size = 11;
}

/** new Chart(canvas, config) with the page's theme applied first. */
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
  return { family: getComputedStyle(document.body).fontFamily, size };
}
