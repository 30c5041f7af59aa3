// A Chart.js view of one number per layer for several activations: x = layer (1 = nearest the
// input), one solid line per activation for the current weights and, optionally, a dashed
// faded line for the initial weights; y linear or logarithmic. Plain arrays in; no engine.

import { THEME, XY_CHART, chartFont, createChart } from '../../kit/charts.js';
import { fmt } from '../../i18n.js';



function powerLabel(v) {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9 ? `1e${Math.round(e)}`.replace('-', '−') : '';
}

/** Creates the chart; returns { update({ series, log, xLabel, yLabel }), chart, destroy() }. */
export function createLayerChart(canvas) {
  const font = chartFont(11);
  const chart = createChart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      ...XY_CHART,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', ticks: { color: THEME.text, font, stepSize: 1, precision: 0 }, grid: { color: THEME.grid }, title: { display: true, color: THEME.text, font } },
        y: { type: 'linear', ticks: { color: THEME.text, font }, grid: { color: THEME.grid }, title: { display: true, color: THEME.text, font } },
      },
      plugins: {
        legend: { display: true, position: 'top', align: 'start', labels: { color: THEME.text, font, boxWidth: 18, boxHeight: 2, filter: (item, data) => !data.datasets[item.datasetIndex].initial } },
        tooltip: { callbacks: { title: (items) => (items.length ? items[0].dataset.xTitle(items[0].parsed.x) : ''), label: (i) => `${i.dataset.label}: ${fmt(i.parsed.y, 3)}` } },
      },
    },
  });

  /**
   * series: [{ label, colour, values: number[] (layer 1 first), initial: number[]|null,
   * initialLabel }]; log: logarithmic y; non-positive values are left out on a log axis.
   */
  function update({ series, log, xLabel, yLabel, xTitle, yMin, yMax }) {
    const pts = (vs) => vs.map((v, i) => ({ x: i + 1, y: log && !(v > 0) ? NaN : v }));
    const datasets = [];
    // A marker shape per series, so lines that coincide (Leaky ReLU lies on ReLU) stay visible.
    const shapes = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross'];
    series.forEach((s, index) => {
      if (s.initial) {
        datasets.push({ label: s.initialLabel, data: pts(s.initial), borderColor: `${s.colour}80`, backgroundColor: `${s.colour}80`, borderDash: [5, 4],
          borderWidth: 1.5, pointRadius: 0, tension: 0, initial: true, xTitle });
      }
      datasets.push({ label: s.label, data: pts(s.values), borderColor: s.colour, backgroundColor: s.colour, borderWidth: 2.2,
        // Chart.js draws the first dataset on top: later ones get larger markers so they peek out.
        pointRadius: 3 + 0.8 * index, pointStyle: shapes[index % shapes.length], tension: 0, xTitle });
    });
    chart.data.datasets = datasets;
    const y = chart.options.scales.y;
    y.type = log ? 'logarithmic' : 'linear';
    y.ticks.callback = log ? powerLabel : (v) => fmt(v, 3);
    y.min = yMin;
    y.max = yMax;
    y.title.text = yLabel;
    const n = Math.max(1, ...series.map((s) => s.values.length));
    Object.assign(chart.options.scales.x, { min: 1, max: Math.max(2, n) });
    chart.options.scales.x.title.text = xLabel;
    chart.update('none');
  }

  return { chart, update, destroy: () => chart.destroy() };
}
