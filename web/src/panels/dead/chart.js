// The Dead ReLUs panel's two Chart.js views: the dead share over training steps (one line
// per activation) and the sweep (final dead share against the learning rate on a log axis:
// mean line, one dot per seed, a cross per diverged run, the lesson's 40% as a dotted line).
// Plain {x, y} points in; they know nothing about the engine.

import { THEME, XY_CHART, chartFont, createChart } from '../../kit/charts.js';
import { fmt } from '../../i18n.js';


export const ACT_COLOUR = { relu: '#0072B2', leaky_relu: '#D55E00' };
const DOT_ALPHA = { relu: 'rgba(0, 114, 178, 0.45)', leaky_relu: 'rgba(213, 94, 0, 0.45)' };

function baseOptions(font, xTitle, yTitle) {
  return {
    ...XY_CHART,
    scales: {
      x: { type: 'linear', ticks: { color: THEME.text, font, maxTicksLimit: 8, callback: (v) => fmt(v) }, grid: { color: THEME.grid }, title: { display: true, text: xTitle, color: THEME.text, font } },
      y: { type: 'linear', min: 0, max: 100, ticks: { color: THEME.text, font, stepSize: 20, callback: (v) => `${v}%` }, grid: { color: THEME.grid }, title: { display: true, text: yTitle, color: THEME.text, font } },
    },
    plugins: {
      legend: { display: true, position: 'top', align: 'end', labels: { color: THEME.text, font, boxWidth: 14, boxHeight: 8, usePointStyle: false } },
      tooltip: { callbacks: {} },
    },
  };
}

/** Dead share (%) against the step: update({series: {act: [{x: step, y: %}]}, steps}). */
export function createTraceChart(canvas, { labels, stepLabel, yLabel }) {
  const font = chartFont(11);
  const ds = (act, dash) => ({ label: labels[act], data: [], borderColor: ACT_COLOUR[act], backgroundColor: ACT_COLOUR[act], borderWidth: 2.2, borderDash: dash, pointRadius: 0, pointHoverRadius: 3, tension: 0 });
  const options = baseOptions(font, stepLabel, yLabel);
  options.interaction = { mode: 'index', intersect: false };
  options.plugins.tooltip.callbacks = { title: (items) => (items.length ? `${stepLabel} ${fmt(items[0].parsed.x)}` : ''), label: (i) => `${i.dataset.label}: ${fmt(i.parsed.y, 3)}%` };
  const chart = createChart(canvas, { type: 'line', data: { datasets: [ds('relu', []), ds('leaky_relu', [6, 4])] }, options });
  return {
    chart,
    update({ series, steps }) {
      chart.data.datasets[0].data = (series.relu || []).slice();
      chart.data.datasets[1].data = (series.leaky_relu || []).slice();
      chart.options.scales.x.min = 0;
      chart.options.scales.x.max = steps;
      chart.update('none');
    },
    destroy: () => chart.destroy(),
  };
}

/**
 * Final dead share (%) against the learning rate (log axis). update({summary, lrs}) with
 * summarizeSweep()'s rows; dots of the two activations are nudged apart horizontally.
 */
export function createSweepChart(canvas, { labels, lrLabel, yLabel, claimLabel, divergedLabel }) {
  const font = chartFont(11);
  const options = baseOptions(font, lrLabel, yLabel);
  options.scales.x.type = 'logarithmic';
  options.scales.x.ticks.callback = (v) => {
    const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
    return Math.abs(m - 1) < 1e-6 || Math.abs(m - 3) < 1e-6 ? fmt(v) : '';
  };
  options.plugins.legend.labels.filter = (item, data) => !item.text.startsWith('_') && !data.datasets[item.datasetIndex].hidden;
  options.plugins.tooltip.callbacks = { label: (i) => `${i.dataset.label.replace(/^_/, '')}: lr ${fmt(i.raw.lr ?? i.parsed.x)}, ${fmt(i.parsed.y, 3)}%${i.raw.seed ? ` (seed ${i.raw.seed})` : ''}` };
  const mean = (act, dash) => ({ type: 'line', label: labels[act], data: [], borderColor: ACT_COLOUR[act], backgroundColor: ACT_COLOUR[act], borderWidth: 2.4, borderDash: dash, pointRadius: 4, pointHoverRadius: 5, tension: 0 });
  const dots = (act) => ({ type: 'scatter', label: `_${labels[act]}`, data: [], backgroundColor: DOT_ALPHA[act], borderColor: DOT_ALPHA[act], pointRadius: 3, pointHoverRadius: 4 });
  const crosses = { type: 'scatter', label: divergedLabel, data: [], pointStyle: 'crossRot', pointRadius: 5, borderWidth: 2, borderColor: THEME.axis, backgroundColor: THEME.axis };
  const claim = { type: 'line', label: claimLabel, data: [], borderColor: THEME.axis, borderWidth: 1.5, borderDash: [2, 3], pointRadius: 0, pointHoverRadius: 0 };
  const chart = createChart(canvas, { type: 'line', data: { datasets: [mean('relu', []), mean('leaky_relu', [6, 4]), dots('relu'), dots('leaky_relu'), crosses, claim] }, options });
  return {
    chart,
    update({ summary, lrs }) {
      const [mr, ml, dr, dl, cx, cl] = chart.data.datasets;
      const nudge = { relu: 0.93, leaky_relu: 1.07 };
      const meanOf = (act) => summary.filter((s) => s.act === act && s.mean !== null).map((s) => ({ x: s.lr, y: 100 * s.mean, lr: s.lr }));
      const dotsOf = (act, div) => summary.filter((s) => s.act === act).flatMap((s) => s.dots.filter((d) => d.diverged === div && Number.isFinite(d.share))
        .map((d) => ({ x: s.lr * nudge[act], y: 100 * d.share, lr: s.lr, seed: d.seed })));
      mr.data = meanOf('relu');
      ml.data = meanOf('leaky_relu');
      dr.data = dotsOf('relu', false);
      dl.data = dotsOf('leaky_relu', false);
      cx.data = [...dotsOf('relu', true), ...dotsOf('leaky_relu', true)];
      cx.hidden = cx.data.length === 0;
      const lo = Math.min(...lrs), hi = Math.max(...lrs);
      cl.data = [{ x: lo * 0.7, y: 40 }, { x: hi * 1.4, y: 40 }];
      chart.options.scales.x.min = lo * 0.7;
      chart.options.scales.x.max = hi * 1.4;
      chart.update('none');
    },
    destroy: () => chart.destroy(),
  };
}
