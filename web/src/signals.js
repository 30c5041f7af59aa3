// Signals for tests and scripts: the moments a test would otherwise guess with a clock (the
// hash has been written, a chart has drawn, training has reached step n, a run has ended)
// are marked by the page as data- attributes, so a test waits for them and asserts on them.
// Nothing in the page reads them back; they are not state. tests/browser depends on these
// names, so keep them when code moves:
//   body[data-hash-seq]        how many times main.js has written the URL hash
//   body[data-hash-pending]    "1" while a throttled hash write is scheduled (main.js)
//   window.alab.hashFlushed()  a promise of location.hash once no hash write is pending (main.js)
//   canvas[data-drawn]         how many times the Chart.js chart on this canvas has drawn
//   canvas[data-curve-labels]  Curves: the names drawn at the curves' ends, "|"-separated
//   .panel[data-step]          a panel that trains live: the optimizer step its readouts show
//   .panel[data-state], [data-sweep], [data-speed]: a panel's run (running, idle, done,
//                              cancelled, error), set by the panel itself
//   .panel[data-trace-ready]   Dead ReLUs: "1" once the traced run for the current settings is drawn
//   .panel-playground[data-opened]  "1" once the Playground's opening steps are done (trainer,
//                              statistics, controls, chart data; the first picture under way, or
//                              shown: the one kept for the same weights when it is mounted again)
//   .panel-playground[data-heat]  the step of the weights whose whole heatmap the plot shows, or
//                              "mixed" for one made while playing (bands of several steps' weights)
//   .panel-regions[data-cards-pending]  "1" from a paint of the Regions panel until its right-hand
//                              column (the point cards, their comparison) is shown, a frame later
//   .panel-lesson[data-lesson-step], [data-lesson-state] (predict, running, measured),
//                              [data-measured]: the guided lesson's step, and its headline number

import { Chart } from 'chart.js';

/** Sets the signal data-<name> on `node` (a panel's section, usually) to `value`. */
export function signal(node, name, value) {
  node.dataset[name] = String(value);
}

// Every chart, whichever panel made it, counts its draws on its canvas.
Chart.register({
  id: 'alabDrawSignal',
  afterDraw(chart) {
    const c = chart.canvas;
    if (c) signal(c, 'drawn', (Number(c.dataset.drawn) || 0) + 1);
  },
});
