// A reusable Chart.js view of a 2-D classification problem (data points over the decision
// heatmap) or a 1-D regression problem (data points and the fitted curve). It takes plain
// arrays and reports clicks in data coordinates; it knows nothing about the engine or URLs.

import { createPlaneChart } from './plane_chart.js';
import { heatmapPlugin, CLASS_COLOURS } from './heatmap.js';
import { fmt } from '../i18n.js';
import { palette } from './charts.js';


const CURVE_COLOUR = '#0072B2';

function pointsOf(set, inputs, keep) {
  const out = [];
  if (!set) return out;
  for (let i = 0; i < set.n; i++) {
    if (!keep(set.y[i])) continue;
    out.push(inputs === 2 ? { x: set.x[2 * i], y: set.x[2 * i + 1] } : { x: set.x[i], y: set.y[i] });
  }
  return out;
}

/**
 * Creates the chart on `canvas`. onClick(x, y, {shift}) gets data coordinates of clicks inside
 * the plot area. Returns { setData(view), setOutputs(out), pixelsPerUnit(), chart, destroy() }.
 */
export function createDecisionChart(canvas, { onClick, labels }) {
  const plane = createPlaneChart(canvas, {
    plugins: [heatmapPlugin],
    touch: true,
    onClick,
    tooltip: {
      filter: (item) => item.dataset.role !== 'curve',
      callbacks: { label: (item) => `${item.dataset.label}: (${fmt(item.parsed.x)}, ${fmt(item.parsed.y)})` },
    },
  });
  const { chart } = plane;

  let dims = 2;

  /**
   * view: { inputs: 1|2, box: [xmin,xmax,ymin,ymax] (1-D: [xmin,xmax,ymin,ymax] of the plot),
   *         classes (0 = regression), train, test: {x, y, n}, own: {x, y, n}, showTest }
   */
  function setData(view) {
    dims = view.inputs;
    const datasets = [];
    const K = view.classes;
    const groups = K > 0 ? [...Array(K).keys()] : [null];
    // The theme's colours as fixed values, not THEME's scriptable options: Chart.js then
    // resolves the options of a dataset's points once instead of once per point (500 points:
    // 20-40 ms of the Playground's first chart update). A change of theme builds the panel again.
    const { ink, halo } = palette(canvas);
    const styles = [
      { set: view.train, role: 'train', style: 'circle', radius: 3.4, filled: true },
      { set: view.own, role: 'own', style: 'rectRot', radius: 5.5, filled: true },
      { set: view.showTest ? view.test : null, role: 'test', style: 'circle', radius: 3.2, filled: false },
    ];
    for (const s of styles) {
      for (const k of groups) {
        const colour = k === null ? ink : CLASS_COLOURS[k % CLASS_COLOURS.length];
        const data = pointsOf(s.set, view.inputs, (y) => k === null || y === k);
        if (!data.length) continue;
        datasets.push({
          role: s.role, label: labels(s.role, k), data,
          pointStyle: s.style, pointRadius: s.radius, pointHoverRadius: s.radius + 1.5,
          backgroundColor: s.filled ? colour : halo,
          borderColor: s.filled ? halo : colour, borderWidth: s.filled ? 1 : 1.6,
        });
      }
    }
    if (view.inputs === 1) {
      // order -1: drawn after (over) the points.
      datasets.push({ type: 'line', role: 'curve', label: 'f', data: [], borderColor: CURVE_COLOUR, borderWidth: 2.6, pointRadius: 0, tension: 0, order: -1 });
    }
    plane.setView(view.box, datasets);
  }

  // The heatmap is drawn from one canvas of the chart's own, into which each picture is copied
  // pixel for pixel (resized to it first), and handed to the plugin as chart.$heatmap: a new
  // picture, of any size, is a redraw. An update would resolve every point's options again (10
  // to 30 ms with 500 points), which the Playground did whenever its picture changed resolution
  // (when it starts playing, say) and for its first picture.
  let shown = null;
  /** out: { image } (2-D heatmap canvas, or null) or { curve: [{x, y}] } (1-D). */
  function setOutputs(out) {
    if (dims === 2) {
      if (out.image) {
        const { width, height } = out.image;
        if (!shown) shown = Object.assign(document.createElement('canvas'), { width, height });
        if (shown.width !== width || shown.height !== height) Object.assign(shown, { width, height });   // (cleared)
        const ctx = shown.getContext('2d');
        ctx.clearRect(0, 0, width, height);
        ctx.drawImage(out.image, 0, 0);
      }
      chart.$heatmap = out.image ? shown : null;
      chart.draw();
      return;
    }
    chart.$heatmap = null;
    const ds = chart.data.datasets.find((d) => d.role === 'curve');
    if (ds) ds.data = out.curve ?? [];
    chart.update('none');
  }

  return { chart, setData, setOutputs, pixelsPerUnit: plane.pixelsPerUnit, destroy: plane.destroy };
}
