// A reusable Chart.js view of sampled curves y = f(x) and f'(x) on a shared x grid: f solid,
// f' dashed, saturation bands behind, a tooltip reading x, f and f' for every curve at the
// hovered x. It takes plain arrays; it knows nothing about the engine or the URL state.

import { THEME, XY_CHART, chartFont, createChart } from '../../kit/charts.js';

import { saturationBandsPlugin } from './saturation_bands.js';
import { curveLabelsPlugin } from './curve_labels.js';
import { fmt } from '../../i18n.js';




function points(xs, ys) {
  const out = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = { x: xs[i], y: Number.isFinite(ys[i]) ? ys[i] : NaN };
  return out;
}

// Indices i where the line from sample i to i+1 should not be drawn: a kink lies between
// them and the values jump (a step of f, or any kink of f', whose slope jumps there).
// Drawing those segments would show vertical lines that are not part of the graph.
function jumpBreaks(xs, ys, kinks, always) {
  const out = new Set();
  if (!kinks || kinks.length === 0) return out;
  for (const k of kinks) {
    // First sample at or after the kink (xs is increasing and evenly spaced).
    const n = xs.length;
    const h = (xs[n - 1] - xs[0]) / (n - 1);
    const j = Math.ceil((k - xs[0]) / h - 1e-9);
    for (const i of [j - 1, j]) {                 // segments touching the kink
      if (i < 0 || i + 1 >= n) continue;
      const d = Math.abs(ys[i + 1] - ys[i]);
      const before = i > 0 ? Math.abs(ys[i] - ys[i - 1]) : 0;
      const after = i + 2 < n ? Math.abs(ys[i + 2] - ys[i + 1]) : 0;
      if ((always && d > 1e-12) || d > 10 * Math.max(before, after, 1e-12)) out.add(i);
    }
  }
  return out;
}

// Chart.js segment style that hides the segments listed in `breaks`.
function hideSegments(breaks) {
  if (breaks.size === 0) return undefined;
  return { borderColor: (c) => (breaks.has(c.p0DataIndex) ? 'rgba(0, 0, 0, 0)' : undefined) };
}

/** Creates the chart on `canvas` (tooltip words from the host's translator); returns { update(view), chart, destroy() }. */
export function createCurveChart(canvas, { t }) {
  const font = chartFont(12);
  const chart = createChart(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [saturationBandsPlugin, curveLabelsPlugin],
    options: {
      ...XY_CHART,
      interaction: { mode: 'index', intersect: false },
      elements: { point: { radius: 0, hoverRadius: 4, hitRadius: 0 }, line: { tension: 0 } },
      scales: {
        x: {
          type: 'linear',
          grid: { color: (c) => (c.tick && c.tick.value === 0 ? THEME.axis(c) : THEME.grid(c)) },
          border: { display: false },
          ticks: { color: THEME.text, font, maxTicksLimit: 13, callback: (v) => fmt(v) },
          title: { display: true, text: 'x', color: THEME.text, font: { ...font, size: 13, style: 'italic' } },
        },
        y: {
          type: 'linear',
          grace: '6%',
          grid: { color: (c) => (c.tick && c.tick.value === 0 ? THEME.axis(c) : THEME.grid(c)) },
          border: { display: false },
          ticks: { color: THEME.text, font, callback: (v) => fmt(v) },
        },
      },
      plugins: {
        legend: { display: false },
        saturationBands: { bands: [] },
        curveLabels: { font: { ...font, weight: '600' } },
        tooltip: {
          filter: (item) => item.dataset.role === 'f',
          backgroundColor: THEME.tooltip,
          titleFont: { ...font, weight: '600' },
          bodyFont: font,
          padding: 10,
          boxPadding: 4,
          usePointStyle: true,
          callbacks: {
            title: (items) => (items.length ? `x = ${fmt(items[0].parsed.x)}` : ''),
            label: (item) => {
              const ds = item.dataset;
              const i = item.dataIndex;
              return `${ds.label}:  ${t('curves.tipF', { v: fmt(ds.f[i]) })},  ${t('curves.tipDf', { v: fmt(ds.df[i]) })}`;
            },
            labelPointStyle: () => ({ pointStyle: 'line', rotation: 0 }),
          },
        },
      },
    },
  });

  /**
   * view: { xs: Float64Array, xmin, xmax, ymin?, ymax?, showDerivative, bands: [{color, intervals}],
   *         series: [{ label, color, y: Float64Array, dy: Float64Array, kinks: number[] }] }
   */
  function update(view) {
    const datasets = [];
    for (const s of view.series) {
      datasets.push({
        role: 'f', label: s.label, endLabel: s.label, f: s.y, df: s.dy, data: points(view.xs, s.y),
        segment: hideSegments(jumpBreaks(view.xs, s.y, s.kinks, false)),
        borderColor: s.color, backgroundColor: s.color, borderWidth: 2.5,
        pointHoverBackgroundColor: s.color,
      });
    }
    if (view.showDerivative) {
      for (const s of view.series) {
        datasets.push({
          role: 'df', label: `${s.label} f′`, data: points(view.xs, s.dy),
          segment: hideSegments(jumpBreaks(view.xs, s.dy, s.kinks, true)),
          borderColor: s.color, backgroundColor: s.color, borderWidth: 1.6, borderDash: [7, 5],
          pointHoverRadius: 0,
        });
      }
    }
    chart.data.datasets = datasets;
    chart.options.scales.x.min = view.xmin;
    chart.options.scales.x.max = view.xmax;
    chart.options.scales.y.min = view.ymin;     // undefined: fit the data
    chart.options.scales.y.max = view.ymax;
    chart.options.scales.y.grace = view.ymin === undefined ? '6%' : 0;
    chart.options.plugins.saturationBands.bands = view.bands;
    chart.update('none');
  }

  return { chart, update, destroy: () => chart.destroy() };
}
