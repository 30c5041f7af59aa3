// A reusable Chart.js view of loss over training: train and test loss against the step, on
// a linear or logarithmic axis, decimated (LTTB) so long runs stay fast. Plain arrays in; it
// knows nothing about the engine.

import { THEME, XY_CHART, chartFont, createChart, tickText, logTickText, axisTicks } from './charts.js';


export const TRAIN_COLOUR = '#0072B2';
export const TEST_COLOUR = '#D55E00';

/** Creates the chart on `canvas`; returns { update({train, test, log}), chart, destroy() }. */
export function createLossChart(canvas, { trainLabel, testLabel, stepLabel }) {
  const font = chartFont(11);
  // A line of one point draws nothing: a lone point (the start of a run) is drawn as a dot.
  // (Scriptable, since Chart.js keeps the first value it resolved for a plain dataset option.)
  const line = (label, colour, dash) => ({
    label, data: [], borderColor: colour, backgroundColor: colour, borderWidth: 2, borderDash: dash,
    pointRadius: (c) => (c.dataset.data.length === 1 ? 3 : 0), pointHoverRadius: 3, tension: 0, indexAxis: 'x',
  });
  const chart = createChart(canvas, {
    type: 'line',
    data: { datasets: [line(trainLabel, TRAIN_COLOUR, []), line(testLabel, TEST_COLOUR, [6, 4])] },
    options: {
      ...XY_CHART,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, ticks: { color: THEME.text, font, maxTicksLimit: 6, callback: axisTicks() }, grid: { color: THEME.grid },
          title: { display: true, text: stepLabel, color: THEME.text, font } },
        y: { type: 'linear', ticks: { color: THEME.text, font, maxTicksLimit: 6, callback: axisTicks(3) }, grid: { color: THEME.grid } },
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb', samples: 400 },
        legend: { display: true, position: 'top', align: 'end', labels: { color: THEME.text, font, boxWidth: 18, boxHeight: 2 } },
        tooltip: { callbacks: { title: (items) => (items.length ? `${stepLabel} ${tickText(items[0].parsed.x)}` : ''), label: (i) => `${i.dataset.label}: ${tickText(i.parsed.y)}` } },
      },
    },
  });

  /** train/test: arrays of {x: step, y: loss}; log: logarithmic y axis. */
  function update({ train, test, log }) {
    const [a, b] = chart.data.datasets;
    // Decimation replaces `data` by its own copy; hand it fresh arrays every time.
    a.data = train.slice();
    b.data = test.slice();
    b.hidden = test.length === 0;
    const y = chart.options.scales.y;
    y.type = log ? 'logarithmic' : 'linear';
    // On a log axis label only 1, 2 and 5 times a power of ten (Chart.js also labels the
    // axis minimum, which collides with its neighbour).
    y.ticks.callback = log ? logTickText : axisTicks(3);
    const last = train.length ? train[train.length - 1].x : 0;
    chart.options.scales.x.max = Math.max(10, last);
    chart.update('none');
  }

  return { chart, update, destroy: () => chart.destroy() };
}
