// Chart.js plugin: shades the saturation zones of each curve, the x intervals where
// |f'(x)| is below a threshold, as light full-height bands in the curve's colour plus a
// solid strip per curve along the top edge (so overlapping curves stay distinguishable).
// It only draws; the intervals are computed by saturationIntervals() from sampled data.

/**
 * Intervals [x0, x1] where |dy| < threshold, from samples xs[i], dy[i] (xs increasing).
 * Each edge is put halfway between the last sample inside and the first outside.
 */
export function saturationIntervals(xs, dy, threshold) {
  const out = [];
  const n = xs.length;
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const inside = i < n && Math.abs(dy[i]) < threshold;
    if (inside && start < 0) start = i;
    if (!inside && start >= 0) {
      const x0 = start === 0 ? xs[0] : (xs[start - 1] + xs[start]) / 2;
      const x1 = i === n ? xs[n - 1] : (xs[i - 1] + xs[i]) / 2;
      if (x1 > x0) out.push([x0, x1]);
      start = -1;
    }
  }
  return out;
}

function withAlpha(hex, alpha) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const v = parseInt(m[1], 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

export const saturationBandsPlugin = {
  id: 'saturationBands',
  // bands: [{ color: '#rrggbb', intervals: [[x0, x1], ...] }]
  defaults: { bands: [], fillAlpha: 0.12, stripHeight: 5, stripGap: 2 },
  beforeDatasetsDraw(chart, _args, opts) {
    const bands = opts.bands || [];
    if (bands.length === 0) return;
    const { ctx, chartArea: area, scales: { x } } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.width, area.height);
    ctx.clip();
    // Several curves' bands overlap: keep their sum about as light as one band.
    const fillAlpha = opts.fillAlpha / bands.length;
    bands.forEach((band, row) => {
      for (const [x0, x1] of band.intervals) {
        const p0 = Math.max(area.left, x.getPixelForValue(x0));
        const p1 = Math.min(area.right, x.getPixelForValue(x1));
        if (p1 <= p0) continue;
        ctx.fillStyle = withAlpha(band.color, fillAlpha);
        ctx.fillRect(p0, area.top, p1 - p0, area.height);
        ctx.fillStyle = withAlpha(band.color, 0.75);
        ctx.fillRect(p0, area.top + row * (opts.stripHeight + opts.stripGap), p1 - p0, opts.stripHeight);
      }
    });
    ctx.restore();
  },
};
