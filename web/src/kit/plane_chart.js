// The plane chart: a Chart.js scatter chart over a fixed box of the input plane (or the x
// axis and the output of a 1-D problem), with a background drawn by a plugin (the decision
// heatmap, the exact regions) and clicks reported in data coordinates. The decision chart
// and the Regions panel's chart are both built on it. Plain numbers in and out.

import { THEME, XY_CHART, chartFont, createChart } from './charts.js';
import { fmt } from '../i18n.js';

/**
 * Creates the chart. plugins: background plugins; pluginOptions: their options under
 * options.plugins; tooltip: Chart.js tooltip options (default off); onClick(x, y, {shift})
 * for clicks inside the plot area. Returns { chart, setBox(box), setDatasets(list), destroy() }.
 */
export function createPlaneChart(canvas, { plugins = [], pluginOptions = {}, tooltip = { enabled: false }, onClick, touch = false }) {
  const font = chartFont(11);
  const axis = () => ({
    type: 'linear', grid: { color: THEME.gridOverPlane }, border: { display: false }, ticks: { color: THEME.text, font, callback: (v) => fmt(v) },
  });
  const chart = createChart(canvas, {
    type: 'scatter',
    data: { datasets: [] },
    plugins,
    options: {
      ...XY_CHART,
      events: touch ? ['mousemove', 'mouseout', 'touchstart', 'touchmove'] : ['mousemove', 'mouseout'],
      scales: { x: axis(), y: axis() },
      plugins: { legend: { display: false }, tooltip, ...pluginOptions },
    },
  });

  function clicked(e) {
    const a = chart.chartArea;
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    if (!a || px < a.left || px > a.right || py < a.top || py > a.bottom) return;
    onClick(chart.scales.x.getValueForPixel(px), chart.scales.y.getValueForPixel(py), { shift: e.shiftKey });
  }
  if (onClick) canvas.addEventListener('click', clicked);

  return {
    chart,
    /** The plotted box [xmin, xmax, ymin, ymax] and the datasets, redrawn at once. */
    setView(box, datasets) {
      chart.data.datasets = datasets;
      const [x0, x1, y0, y1] = box;
      Object.assign(chart.options.scales.x, { min: x0, max: x1 });
      Object.assign(chart.options.scales.y, { min: y0, max: y1 });
      chart.update('none');
    },
    /** Size of one data unit in CSS pixels along x (for hit-testing clicks on points). */
    pixelsPerUnit() {
      const x = chart.scales.x;
      return Math.abs(x.getPixelForValue(1) - x.getPixelForValue(0));
    },
    destroy() {
      canvas.removeEventListener('click', clicked);
      chart.destroy();
    },
  };
}
