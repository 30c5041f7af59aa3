// The Regions panel's plane: a Chart.js scatter chart with the regions plugin underneath the
// training points (2-D), or the exact piecewise-linear fit with its breakpoints over the data
// (1-D). Plain arrays in, clicks out in data coordinates; no engine, no URL state.

import { createPlaneChart } from '../../kit/plane_chart.js';
import { regionsPlugin } from './regions_plugin.js';
import { THEME, palette } from '../../kit/charts.js';

// The fitted curve and the 1-D data points, in the chart's theme (scriptable options).
const CURVE = (c) => (palette(c.chart).dark ? '#8fd0f5' : '#0b3c8c');
const DATA_1D = (c) => (palette(c.chart).dark ? 'rgba(227, 230, 235, 0.4)' : 'rgba(29, 33, 41, 0.35)');

/** Creates the chart; onClick(point, {shift}) gets [x, y] (2-D) or [x] (1-D) inside the plot. */
export function createRegionsChart(canvas, { onClick, labels }) {
  let dims = 2;
  const plane = createPlaneChart(canvas, {
    plugins: [regionsPlugin],
    pluginOptions: { regions: {} },
    onClick: (x, y, mods) => onClick(dims === 2 ? [x, y] : [x], mods),
  });
  const { chart } = plane;

  /**
   * view: { inputs, box (2-D [xmin,xmax,ymin,ymax]; 1-D the plot's [xmin,xmax,ymin,ymax]),
   *         classes (0 = regression), train {x, y, n}, showData }
   */
  function setData(view) {
    dims = view.inputs;
    const datasets = [];
    const set = view.train;
    if (view.showData && set) {
      if (view.inputs === 2) {
        // Class by fill (white / dark) rather than by hue, so points read over any cell colour.
        const K = Math.max(2, view.classes);
        for (let k = 0; k < K; k++) {
          const data = [];
          for (let i = 0; i < set.n; i++) if (set.y[i] === k) data.push({ x: set.x[2 * i], y: set.x[2 * i + 1] });
          if (!data.length) continue;
          const dark = k % 2 === 1;
          datasets.push({ label: labels.cls(k), data, pointStyle: k < 2 ? 'circle' : ['triangle', 'rect', 'rectRot'][(k - 2) % 3],
            pointRadius: 3.2, backgroundColor: dark ? '#1d2129' : '#ffffff', borderColor: dark ? '#ffffff' : '#1d2129', borderWidth: 1.1 });
        }
      } else {
        const data = [];
        for (let i = 0; i < set.n; i++) data.push({ x: set.x[i], y: set.y[i] });
        datasets.push({ label: labels.data, data, pointRadius: 2.6, backgroundColor: DATA_1D, borderColor: 'rgba(0, 0, 0, 0)' });
      }
    }
    if (view.inputs === 1) {
      datasets.push({ type: 'line', role: 'curve', label: labels.fit, data: [], borderColor: CURVE, borderWidth: 2.6, pointRadius: 0, tension: 0, order: -1 });
      datasets.push({ role: 'kinks', label: labels.kinks, data: [], pointRadius: 4.5, pointStyle: 'circle', backgroundColor: THEME.halo, borderColor: CURVE, borderWidth: 2, order: -2 });
    }
    plane.setView(view.box, datasets);
  }

  /** Plugin options (see regions_plugin.js); 1-D: curve [{x,y}] and kinks [{x,y}] too. */
  function setRegions(opts, curve = null, kinks = null) {
    Object.assign(chart.options.plugins.regions, opts);
    if (curve) {
      const c = chart.data.datasets.find((d) => d.role === 'curve');
      if (c) c.data = curve;
      const k = chart.data.datasets.find((d) => d.role === 'kinks');
      if (k) k.data = kinks ?? [];
    }
    chart.update('none');
  }

  return { chart, setData, setRegions, destroy: plane.destroy };
}
