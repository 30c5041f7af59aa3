// A reusable Chart.js view of loss over training: train and test loss against the step, on
// a linear or logarithmic axis, decimated (LTTB) so long runs stay fast. Plain arrays in; it
// knows nothing about the engine.

import { XY_CHART, chartFont, createChart, palette, tickText, logTickText, axisTicks } from './charts.js';


export const TRAIN_COLOUR = '#0072B2';
export const TEST_COLOUR = '#D55E00';

/** Creates the chart on `canvas`; returns { update({train, test, log}), chart, destroy() }. */
export function createLossChart(canvas, { trainLabel, testLabel, stepLabel }) {
  const font = chartFont(11);
  // Every option a plain value, none a function (a scriptable option): with one, Chart.js resolves
  // each point's options on each update, up to 800 points' ten times a second while the
  // Playground trains. The theme's colours are read from the chart's host here: a change of
  // theme builds the panel again.
  // clip: points may reach 4 px past the plot area, so a dot at step 0 or on the axis's top
  // or bottom (a radius of 3 and the hover ring) is drawn whole, not cut in half by the edge.
  const line = (label, colour, dash) => ({
    label, data: [], borderColor: colour, backgroundColor: colour, borderWidth: 2, borderDash: dash,
    pointRadius: 0, pointHoverRadius: 3, tension: 0, indexAxis: 'x', clip: 4,
  });
  const ink = palette(canvas);
  const chart = createChart(canvas, {
    type: 'line',
    data: { datasets: [line(trainLabel, TRAIN_COLOUR, []), line(testLabel, TEST_COLOUR, [6, 4])] },
    options: {
      ...XY_CHART,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, ticks: { color: ink.text, font, maxTicksLimit: 6, callback: axisTicks() }, grid: { color: ink.grid },
          title: { display: true, text: stepLabel, color: ink.text, font } },
        y: { type: 'linear', ticks: { color: ink.text, font, maxTicksLimit: 6, callback: axisTicks(3) }, grid: { color: ink.grid } },
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb', samples: 400 },
        legend: { display: true, position: 'top', align: 'end', labels: { color: ink.text, font, boxWidth: 18, boxHeight: 2 } },
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
    // A line of one point draws nothing: a lone point (the start of a run) is drawn as a dot.
    // Chart.js keeps the points' shared options it resolved first through updates in mode
    // 'none': an update that changes the radius is made in the default mode, which sets them.
    const radius = [train, test].map((d) => (d.length === 1 ? 3 : 0));
    const resized = a.pointRadius !== radius[0] || b.pointRadius !== radius[1];
    [a.pointRadius, b.pointRadius] = radius;
    const { x, y } = chart.options.scales;
    y.type = log ? 'logarithmic' : 'linear';
    // On a log axis label only 1, 2 and 5 times a power of ten (Chart.js also labels the
    // axis minimum, which collides with its neighbour).
    y.ticks.callback = log ? logTickText : axisTicks(3);
    const last = train.length ? train[train.length - 1].x : 0;
    x.max = Math.max(10, last);
    chart.update(resized ? undefined : 'none');
  }

  return { chart, update, destroy: () => chart.destroy() };
}
