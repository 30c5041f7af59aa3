// Numbers on the charts' axes and in their tooltips (kit/charts.js tickText, logTickText): the
// same form on every chart, grouped digits from 1,000 up instead of fmt's exponent form (a
// count axis read "1e+5, 80000, 60000", the theory's "1e+6, 1e+5, 10000"), fmt below that.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tickText, logTickText, axisTicks } from '../../web/src/kit/charts.js';
import { fmt } from '../../web/src/i18n.js';

test('a linear axis: grouped whole numbers from 1,000 up, a mean with one decimal, small numbers as fmt', () => {
  assert.deepEqual([100000, 80000, 60000, 1000, 12345678].map((v) => tickText(v)), ['100,000', '80,000', '60,000', '1,000', '12,345,678']);
  assert.equal(tickText(1019 + 1 / 3), '1,019.3');
  assert.equal(tickText(-25000), '−25,000');
  for (const v of [0, 0.5, -0.25, 68 + 1 / 3, 999, 1e-5]) assert.equal(tickText(v), fmt(v), String(v));
  assert.equal(tickText(0.123456, 3), fmt(0.123456, 3));
  // Beyond grouping's reach: fmt's exponent form.
  assert.equal(tickText(3e17), fmt(3e17));
});

test('a log axis: 1, 2 and 5 times a power of ten labelled like a linear axis, the ticks between them blank', () => {
  assert.deepEqual([1e6, 1e5, 1e4, 1000, 100, 10, 1].map(logTickText), ['1,000,000', '100,000', '10,000', '1,000', '100', '10', '1']);
  assert.deepEqual([2e5, 5e4, 500, 0.02].map(logTickText), ['200,000', '50,000', '500', '0.02']);
  assert.deepEqual([3e5, 7e4, 900, 0.04].map(logTickText), ['', '', '', '']);
});

test('a linear axis gives its ticks the digits their step needs, so that neighbours differ', () => {
  const labels = (values, digits) => {
    const ticks = values.map((value) => ({ value }));
    return values.map((v, i) => axisTicks(digits)(v, i, ticks));
  };
  // A loss between 0.6930 and 0.6940: with 3 digits these read 0.694, 0.694, 0.693, 0.693, 0.693.
  const close = [0.6938, 0.6936, 0.6934, 0.6932, 0.693];
  assert.deepEqual(close.map((v) => tickText(v, 3)), ['0.694', '0.694', '0.693', '0.693', '0.693']);
  assert.deepEqual(labels(close, 3), ['0.6938', '0.6936', '0.6934', '0.6932', '0.693']);
  // Ticks far enough apart keep the digits asked for, and large ones their grouping.
  assert.deepEqual(labels([0, 0.2, 0.4, 0.6], 3), ['0', '0.2', '0.4', '0.6']);
  assert.deepEqual(labels([0, 20000, 40000], 4), ['0', '20,000', '40,000']);
  assert.deepEqual(labels([1.05, 1.1, 1.15], 3), ['1.05', '1.1', '1.15']);
});
