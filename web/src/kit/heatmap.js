// Chart.js plugin: draws a network's output over the input plane as an image under the data
// points, plus the colour scales that turn outputs into pixels. The image is painted once per
// update into an offscreen canvas and drawImage'd into the chart area (putImageData ignores
// the canvas transform and the device pixel ratio). It does not evaluate any network.
// The offscreen image holds only the class tints (transparent where the network is unsure);
// the plugin lays them over the plane colour of the chart's theme, so one image serves the
// light and the dark theme.

import { palette } from './charts.js';

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. Class 0 and
// class 1 are vermillion and blue (a diverging pair); more classes add green, pink, orange.
export const CLASS_COLOURS = ['#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00'];

const RGB = CLASS_COLOURS.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
const MAX_TINT = 0.5;   // strongest mix with the class colour, so the points stay visible

/**
 * Paints outputs (Float32Array W*H*K, neuron-major as the engine's grid returns them: output
 * k at pixel (col, row) is outputs[k*W*H + row*W + col], row 0 = top, after the output
 * activation) into `rgba`
 * (Uint8ClampedArray W*H*4). K = 1: a probability p of class 1, white at p = 0.5 (the
 * boundary) and deeper colour towards 0 or 1. K > 1: the colour of the most likely class,
 * lighter where the network is less sure (confidence rescaled so 1/K -> white).
 * `neutral` is the colour for "unsure" ([r, g, b], default white); null paints the tints
 * alone: the class colour with an alpha of the tint's strength, for laying over any plane.
 */
export function paintOutputs(outputs, W, H, K, rgba, neutral = [255, 255, 255]) {
  const n = W * H;
  for (let i = 0; i < n; i++) {
    let c;
    let s;
    if (K === 1) {
      const p = outputs[i];
      c = p >= 0.5 ? RGB[1] : RGB[0];
      s = Number.isFinite(p) ? Math.min(1, Math.abs(2 * p - 1)) : 0;
    } else {
      let best = 0;
      for (let k = 1; k < K; k++) if (outputs[k * n + i] > outputs[best * n + i]) best = k;
      c = RGB[best % RGB.length];
      const pmax = outputs[best * n + i];
      s = Number.isFinite(pmax) ? Math.max(0, (pmax - 1 / K) / (1 - 1 / K)) : 0;
    }
    const m = MAX_TINT * s ** 0.6;
    if (neutral) {
      rgba[4 * i] = neutral[0] + (c[0] - neutral[0]) * m;
      rgba[4 * i + 1] = neutral[1] + (c[1] - neutral[1]) * m;
      rgba[4 * i + 2] = neutral[2] + (c[2] - neutral[2]) * m;
      rgba[4 * i + 3] = 255;
    } else {
      rgba[4 * i] = c[0];
      rgba[4 * i + 1] = c[1];
      rgba[4 * i + 2] = c[2];
      rgba[4 * i + 3] = 255 * m;
    }
  }
}

/**
 * An offscreen image of W x H tint pixels that paint(outputs, K) refreshes; pass .canvas to
 * the plugin. A picture made in bands: paintRows(outputs of rows row0 .. row0 + rows - 1, K,
 * row0, rows) for each, then commit(); the canvas keeps the previous picture until then.
 */
export function createHeatmapImage(W, H) {
  // An element where there is a document: in Chromium without a GPU, drawing an OffscreenCanvas
  // into a chart costs up to tens of ms a frame, an element's nothing.
  const canvas = typeof document !== 'undefined' ? Object.assign(document.createElement('canvas'), { width: W, height: H }) : new OffscreenCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(W, H);
  return {
    canvas, W, H,
    paint(outputs, K) {
      paintOutputs(outputs, W, H, K, image.data, null);
      ctx.putImageData(image, 0, 0);
    },
    paintRows(outputs, K, row0, rows) {
      paintOutputs(outputs, W, rows, K, image.data.subarray(4 * W * row0, 4 * W * (row0 + rows)), null);
    },
    commit() { ctx.putImageData(image, 0, 0); },
  };
}

export const heatmapPlugin = {
  id: 'heatmap',
  // The chart's own property $heatmap: a canvas whose pixels cover the x/y scales' [min, max]
  // exactly (row 0 = y max), or null; a property, not an option, so that a new image needs
  // only a redraw (options take an update).
  beforeDatasetsDraw(chart) {
    const image = chart.$heatmap;
    if (!image) return;
    const { ctx, chartArea: { left, top, width, height } } = chart;
    ctx.save();
    ctx.fillStyle = palette(chart).plane;
    ctx.fillRect(left, top, width, height);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(image, left, top, width, height);
    ctx.restore();
  },
};
