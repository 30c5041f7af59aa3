// Chart.js plugin: names each curve on the chart itself, beside the last point of its line
// inside the plot area, in the curve's colour on a halo of the plane colour, so a reader
// (colour-blind or not) can tell eight curves apart without matching colours to a legend.
// Labels that would overlap are pushed apart vertically. It only draws: a dataset is named
// when it carries `endLabel` (the text).

import { palette } from '../../kit/charts.js';
import { signal } from '../../signals.js';

// The last drawn point of dataset `index` inside the chart area, or null.
function lastInside(chart, index) {
  const a = chart.chartArea;
  const points = chart.getDatasetMeta(index).data;
  for (let j = points.length - 1; j >= 0; j--) {
    const p = points[j];
    if (!p || p.skip || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    if (p.x >= a.left && p.x <= a.right && p.y >= a.top && p.y <= a.bottom) return p;
  }
  return null;
}

/**
 * Vertical positions for labels wanted at `ys` (sorted ascending by the caller), each `h`
 * apart at least, kept within [top, bottom]: pushed down from the top, then back up.
 */
export function spreadLabels(ys, h, top, bottom) {
  const out = ys.slice();
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.max(out[i], top + h / 2, i > 0 ? out[i - 1] + h : -Infinity);
  }
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = Math.min(out[i], bottom - h / 2, i < out.length - 1 ? out[i + 1] - h : Infinity);
  }
  return out;
}

export const curveLabelsPlugin = {
  id: 'curveLabels',
  // font: a Chart.js font object (family, size, weight)
  defaults: { font: { size: 12, weight: '600' } },
  afterDatasetsDraw(chart, _args, opts) {
    const labels = [];
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.endLabel || !chart.isDatasetVisible(i)) return;
      const p = lastInside(chart, i);
      // Just above the line's end, so the text does not sit on the line.
      if (p) labels.push({ text: ds.endLabel, colour: ds.borderColor, x: p.x, y: p.y - 10 });
    });
    signal(chart.canvas, 'curveLabels', labels.map((l) => l.text).join('|'));
    if (!labels.length) return;
    const { ctx, chartArea: a } = chart;
    const size = opts.font?.size ?? 12;
    const h = size + 3;
    labels.sort((l, m) => l.y - m.y);
    const ys = spreadLabels(labels.map((l) => l.y), h, a.top, a.bottom);
    ctx.save();
    ctx.font = `${opts.font?.weight ?? '600'} ${size}px ${opts.font?.family ?? 'sans-serif'}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4;
    ctx.strokeStyle = palette(chart).plane;
    labels.forEach((l, i) => {
      const x = Math.min(l.x, a.right) - 4;
      ctx.strokeText(l.text, x, ys[i]);
      ctx.fillStyle = l.colour;
      ctx.fillText(l.text, x, ys[i]);
    });
    ctx.restore();
  },
};
