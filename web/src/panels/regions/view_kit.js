// Small pieces the Regions sub-views share: a line chart of {x, y} series, a series in the
// theme's curve colours, chart and canvas boxes, one job at a time (kit/job.js) and a labelled
// select of numbers. No engine, no URL state.

import { el, uid } from '../../kit/dom.js';
import { THEME, XY_CHART, chartFont, createChart, curveColour, tickText, logTickText, axisTicks } from '../../kit/charts.js';
import { jobFromGenerator, runJob } from '../../kit/job.js';

const font = chartFont(11);
// Ticks as on every chart (kit/charts.js tickText); a logarithmic y axis labels 1, 2 and 5
// times a power of ten only, a logarithmic x axis (few, spread ticks) every tick it keeps.
const axis = (text, log, y) => ({ type: log ? 'logarithmic' : 'linear', title: { display: true, text, color: THEME.text, font },
  ticks: { color: THEME.text, font, maxTicksLimit: 7, callback: log && y ? logTickText : axisTicks() }, grid: { color: THEME.grid } });

/**
 * A line chart of {x, y} series (kit/charts.js options); set(datasets) redraws it. value(y):
 * the text of a value in the tooltip (default tickText).
 */
export function xyChart(canvas, xTitle, yTitle, logX = false, logY = false, value = (v) => tickText(v)) {
  const chart = createChart(canvas, { type: 'line', data: { datasets: [] }, options: { ...XY_CHART,
    scales: { x: axis(xTitle, logX, false), y: axis(yTitle, logY, true) },
    plugins: { legend: { align: 'start', labels: { color: THEME.text, font, boxWidth: 14, boxHeight: 2 } },
      tooltip: { callbacks: { title: (items) => (items.length ? `${xTitle} ${tickText(items[0].parsed.x)}` : ''),
        label: (i) => `${i.dataset.label}: ${value(i.parsed.y)}` } } } } });
  // The series' colours are resolved once for the chart's theme (a change of theme mounts the
  // panel again): options without functions are shared by all points, not resolved point by point.
  const fixed = (v) => (typeof v === 'function' ? v({ chart }) : v);
  return { chart, set(ds) {
    chart.data.datasets = ds.map((d) => ({ ...d, borderColor: fixed(d.borderColor), backgroundColor: fixed(d.backgroundColor) }));
    chart.update('none');
  } };
}

/** A series: colour number i of the theme's curve palette; `x` extra Chart.js dataset options. */
export const series = (label, data, i, x = {}) => ({ label, data, borderColor: (c) => curveColour(i, c.chart.canvas),
  backgroundColor: (c) => curveColour(i, c.chart.canvas), borderWidth: 2, pointRadius: 0, ...x });

export const chartBox = (canvas, cls = 'rg-chart') => el('div', { class: cls }, canvas);
export const canvasFor = (label) => el('canvas', { role: 'img', 'aria-label': label });

/**
 * A job driver that keeps one job at a time: run(generator, onDone, budgetMs) stops the
 * previous one; busy while a run goes on; again(f): f() once the run going on has ended and
 * its onDone been called (the last f asked; a new run or an error forgets it).
 */
export function jobSlot(onError) {
  let job = null;
  let next = null;
  const slot = {
    busy: false,
    run(gen, onDone, budgetMs) {
      job?.stop();
      slot.busy = true;
      next = null;
      job = runJob(jobFromGenerator(gen), { budgetMs,
        onDone: (p) => { slot.busy = false; onDone?.(p.result); const f = next; next = null; f?.(); },
        onError: (e) => { slot.busy = false; next = null; onError?.(e); } });
    },
    again(f) { next = f; },
    stop() { job?.stop(); slot.busy = false; next = null; },
  };
  return slot;
}

/** A labelled select of numbers; onChange(number). */
export function numberSelect(label, values, value, onChange, text = String) {
  const id = uid('rg');
  const s = el('select', { id }, values.map((v) => el('option', { value: v, selected: v === value, text: text(v) })));
  s.addEventListener('change', () => onChange(Number(s.value)));
  return el('div', { class: 'field rg-field' }, el('label', { for: id, text: label }), s);
}
