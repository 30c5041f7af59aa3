// The Regions panel's plane: a Chart.js scatter chart with the regions plugin underneath the
// training points (2-D), or the exact piecewise-linear fit with its breakpoints over the data
// (1-D). Plain arrays in, clicks out in data coordinates; no engine, no URL state.

import {
  Chart, ScatterController, LineController, LineElement, PointElement, LinearScale, Tooltip,
} from 'chart.js';
import { regionsPlugin } from '../plugins/regions.js';
import { fmt } from '../i18n.js';

Chart.register(ScatterController, LineController, LineElement, PointElement, LinearScale, Tooltip);

const GRID = 'rgba(60, 64, 72, 0.10)';
const TEXT = '#3c4048';
const CURVE = '#0b3c8c';

/** Creates the chart; onClick(point, {shift}) gets [x, y] (2-D) or [x] (1-D) inside the plot. */
export function createRegionsChart(canvas, { onClick, labels }) {
  const font = { family: getComputedStyle(document.body).fontFamily, size: 11 };
  const chart = new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [] },
    plugins: [regionsPlugin],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      events: ['mousemove', 'mouseout'],
      scales: {
        x: { type: 'linear', grid: { color: GRID }, border: { display: false }, ticks: { color: TEXT, font, callback: (v) => fmt(v) } },
        y: { type: 'linear', grid: { color: GRID }, border: { display: false }, ticks: { color: TEXT, font, callback: (v) => fmt(v) } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
        regions: {},
      },
    },
  });
  let dims = 2;

  canvas.addEventListener('click', (e) => {
    const a = chart.chartArea;
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    if (!a || px < a.left || px > a.right || py < a.top || py > a.bottom) return;
    const x = chart.scales.x.getValueForPixel(px);
    const y = chart.scales.y.getValueForPixel(py);
    onClick(dims === 2 ? [x, y] : [x], { shift: e.shiftKey });
  });

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
        datasets.push({ label: labels.data, data, pointRadius: 2.6, backgroundColor: 'rgba(29,33,41,0.35)', borderColor: 'rgba(29,33,41,0.0)' });
      }
    }
    if (view.inputs === 1) {
      datasets.push({ type: 'line', role: 'curve', label: labels.fit, data: [], borderColor: CURVE, borderWidth: 2.6, pointRadius: 0, tension: 0, order: -1 });
      datasets.push({ role: 'kinks', label: labels.kinks, data: [], pointRadius: 4.5, pointStyle: 'circle', backgroundColor: '#ffffff', borderColor: CURVE, borderWidth: 2, order: -2 });
    }
    chart.data.datasets = datasets;
    const [x0, x1, y0, y1] = view.box;
    Object.assign(chart.options.scales.x, { min: x0, max: x1 });
    Object.assign(chart.options.scales.y, { min: y0, max: y1 });
    chart.update('none');
  }

  /** Plugin options (see plugins/regions.js); 1-D: curve [{x,y}] and kinks [{x,y}] too. */
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

  return { chart, setData, setRegions, destroy: () => chart.destroy() };
}
