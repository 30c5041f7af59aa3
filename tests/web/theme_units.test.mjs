// The theme's pieces that need no browser: the URL key, what a setting means, the palettes,
// heatmap tints for laying over any plane, and the placement of the curves' end labels.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, toHash, defaultState, THEME_CODES } from '../../web/src/state.js';
import { resolveTheme, themeSetting } from '../../web/src/kit/theme.js';
import { PALETTES, CURVE_COLOURS } from '../../web/src/kit/charts.js';
import { paintOutputs, CLASS_COLOURS } from '../../web/src/kit/heatmap.js';
import { spreadLabels } from '../../web/src/panels/curves/curve_labels.js';

test('theme is a URL key: auto by default and left out of links, light and dark kept, anything else reported', () => {
  assert.deepEqual(THEME_CODES, ['auto', 'light', 'dark']);
  assert.equal(defaultState().theme, 'auto');
  assert.doesNotMatch(toHash(defaultState()), /theme/);
  for (const v of ['light', 'dark']) {
    const { state, issues } = parseHash(`#panel=curves&theme=${v}`);
    assert.equal(state.theme, v);
    assert.deepEqual(issues, []);
    assert.match(toHash(state), new RegExp(`(^|&)theme=${v}(&|$)`));
  }
  const bad = parseHash('#theme=purple&lang=zh');
  assert.equal(bad.state.theme, 'auto');
  assert.deepEqual(bad.issues, [{ key: 'theme', raw: 'purple' }]);
  assert.equal(bad.state.lang, 'zh', 'old keys unaffected');
});

test('a setting means light or dark; auto asks the system (light where there is none)', () => {
  assert.equal(resolveTheme('dark'), 'dark');
  assert.equal(resolveTheme('light'), 'light');
  assert.equal(resolveTheme('auto'), 'light');
  assert.equal(themeSetting(' Dark '), 'dark');
  assert.equal(themeSetting('neon'), 'auto');
  assert.equal(themeSetting(null), 'auto');
});

// Relative luminance (WCAG) of "#rrggbb".
function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };

test('palettes: eight distinct curve colours per theme; chart text readable on its plane (WCAG AA)', () => {
  for (const name of ['light', 'dark']) {
    const p = PALETTES[name];
    assert.equal(p.curves.length, 8);
    assert.equal(new Set(p.curves).size, 8);
    const ratio = contrast(p.text, p.plane);
    assert.ok(ratio >= 4.5, `${name}: text ${p.text} on ${p.plane} is ${ratio.toFixed(2)}:1`);
  }
  assert.deepEqual(CURVE_COLOURS, PALETTES.light.curves);
  // The dark palette's curves stand out from the dark plane at least 3:1 (lines, WCAG 1.4.11).
  for (const c of PALETTES.dark.curves) {
    assert.ok(contrast(c, PALETTES.dark.plane) >= 3, `${c} on ${PALETTES.dark.plane}: ${contrast(c, PALETTES.dark.plane).toFixed(2)}:1`);
  }
});

test('heatmap tints without a neutral colour: transparent on the boundary, the class colour with alpha elsewhere', () => {
  const rgba = new Uint8ClampedArray(3 * 4);
  paintOutputs(Float32Array.from([0.5, 0, 1]), 3, 1, 1, rgba, null);
  assert.equal(rgba[3], 0, 'p = 0.5 lets the plane show through');
  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  assert.deepEqual([...rgba.slice(4, 7)], rgb(CLASS_COLOURS[0]));
  assert.deepEqual([...rgba.slice(8, 11)], rgb(CLASS_COLOURS[1]));
  assert.ok(rgba[7] > 100 && rgba[11] > 100, 'sure pixels are strongly tinted');
  // Over white the tints give the white-neutral painting (to rounding).
  const white = new Uint8ClampedArray(3 * 4);
  paintOutputs(Float32Array.from([0.5, 0, 1]), 3, 1, 1, white);
  for (let i = 0; i < 3; i++) {
    const a = rgba[4 * i + 3] / 255;
    for (let k = 0; k < 3; k++) {
      const over = 255 + (rgba[4 * i + k] - 255) * a;
      assert.ok(Math.abs(over - white[4 * i + k]) <= 1, `pixel ${i} channel ${k}: ${over} vs ${white[4 * i + k]}`);
    }
  }
});

test('end labels are pushed apart to one line height and kept inside the plot', () => {
  assert.deepEqual(spreadLabels([50, 52, 54], 10, 0, 200), [50, 60, 70]);
  assert.deepEqual(spreadLabels([0, 1], 10, 0, 200), [5, 15], 'below the top edge');
  assert.deepEqual(spreadLabels([195, 199], 10, 0, 200), [185, 195], 'above the bottom edge');
  const ys = spreadLabels([100, 100, 100, 100, 100, 100, 100, 100], 14, 0, 300);
  for (let i = 1; i < ys.length; i++) assert.ok(ys[i] - ys[i - 1] >= 14 - 1e-9);
});
