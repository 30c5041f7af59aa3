// Errors cross the boundary as a code with details: CoreError carries them, the page words
// every code in English and Traditional Chinese (web/src/i18n.js, err.<code>) with the
// placeholders of the core's template, and the command-line tool still prints the English
// message.
import test from 'node:test';
import assert from 'node:assert/strict';
import { alab } from './helpers.mjs';
import { loadEngine } from '../../tools/core-loader.mjs';
import { CoreError } from '../../web/src/engine.js';
import { STRINGS, translator } from '../../web/src/i18n.js';

const engine = await loadEngine();
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Runs fn, which must throw a CoreError; returns it. */
function coreErrorOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CoreError, `not a CoreError: ${e}`);
    return e;
  }
  assert.fail('no error thrown');
}

test('every error code has an English and a Chinese sentence with the placeholders of its template', () => {
  const codes = engine.errorCodes();
  assert.ok(codes.length > 100, `${codes.length} codes`);
  assert.equal(new Set(codes.map((c) => c.code)).size, codes.length, 'codes are unique');
  for (const { code, message } of codes) {
    for (const lang of ['en', 'zh']) {
      const text = STRINGS[lang][`err.${code}`];
      assert.equal(typeof text, 'string', `err.${code} missing in ${lang}`);
      assert.deepEqual(placeholders(text), placeholders(message), `err.${code} (${lang}) placeholders`);
    }
    // The page's English is the tool's English.
    assert.equal(STRINGS.en[`err.${code}`], message, `err.${code} differs from the core's template`);
  }
  const known = new Set(codes.map((c) => `err.${c.code}`));
  const extra = Object.keys(STRINGS.en).filter((k) => k.startsWith('err.') && !known.has(k));
  assert.deepEqual(extra.sort(), ['err.inTestData', 'err.listSep', 'err.unknown'], 'no sentence for a code that does not exist');
});

test('a bad setting throws a CoreError with its code and details', () => {
  const d = engine.makeDataset('circle', { n: 40, seed: 2 });
  const cfg = { layers: [2, 4, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', lr: 0.1 };
  const lr = coreErrorOf(() => engine.createTrainer({ ...cfg, lr: -0.5 }, d.train));
  assert.equal(lr.code, 'lr_invalid');
  assert.deepEqual(lr.details, { value: -0.5 });
  assert.equal(lr.message, 'learning rate must be a finite number > 0, got -0.5');

  const act = coreErrorOf(() => engine.evaluate('relux', {}, [1]));
  assert.equal(act.code, 'unknown_activation');
  assert.equal(act.details.name, 'relux');
  assert.match(act.details.known, /hard_sigmoid_keras2/);

  const n = coreErrorOf(() => engine.makeDataset('circle', { n: engine.limits().maxDatasetPoints + 1 }));
  assert.equal(n.code, 'dataset_points_out_of_range');
  assert.equal(n.details.max, engine.limits().maxDatasetPoints);

  const whole = coreErrorOf(() => engine.makeDataset('circle', { n: 10.5 }));
  assert.deepEqual([whole.code, whole.details.field], ['not_whole_number', 'n']);

  const shape = coreErrorOf(() => engine.forward({ layers: [2, 1], weights: [[[1]]], biases: [[0]] }, [1, 2]));
  assert.equal(shape.code, 'model_weights_shape');
  assert.deepEqual(shape.details, { layer: 0, rows: 1, cols: 2 });
});

test('a diverging run reports the step in its error, and the Chinese page words it without English', () => {
  const d = engine.makeDataset('sin', { n: 40, seed: 1, testFraction: 0 });
  const tr = engine.createTrainer({ layers: [1, 8, 1], activation: 'relu', output: 'linear', loss: 'mse', lr: 1e6, seed: 1 }, d.train);
  try {
    let r;
    for (let i = 0; i < 50 && !(r && r.diverged); i++) r = tr.train(20);
    assert.equal(r.diverged, true, 'did not diverge');
    assert.ok(r.error instanceof CoreError);
    assert.match(r.error.code, /^diverged/);
    assert.equal(r.error.details.step, r.step, 'the step named is where training stopped');
    assert.equal(r.message, r.error.message);
    const zh = translator('zh').errorText(r.error);
    assert.match(zh, /^訓練在第 \d+ 步發散/);
    assert.doesNotMatch(zh, /[A-Za-z]{3,}/, zh);
    assert.match(translator('en').errorText(r.error), /^training diverged at step \d+/);
  } finally {
    tr.delete();
  }
});

test('errorText words details: activation display names, numbers, test data, unknown codes', () => {
  const { errorText } = translator('zh');
  const box = coreErrorOf(() => engine.regions({ layers: [2, 2, 1], activation: 'identity', weights: [[[1, 0], [0, 1]], [[1, 1]]], biases: [[0, 0], [0]], output: 'linear' }, [1, -1, -1, 1]));
  assert.equal(box.code, 'box_empty');
  assert.equal(errorText(box), '範圍需要 xmin < xmax');
  assert.equal(errorText({ code: 'no_such_code', message: 'something' }), '運算核心回報了一個錯誤（no_such_code）。');
  assert.equal(errorText({ code: 'data_empty', details: { data: 'test' } }), '測試資料：資料：沒有任何資料點');
  const step = coreErrorOf(() => engine.regions({ layers: [2, 2, 1], activation: 'binary_step', weights: [[[1, 0], [0, 1]], [[1, 1]]], biases: [[0, 0], [0]], output: 'linear' }, [-1, 1, -1, 1]));
  assert.equal(step.code, 'not_piecewise_linear');
  const text = errorText(step);
  assert.match(text, /二元階躍函數/);   // the activation by its Chinese display name
  assert.match(text, /恆等函數、/);     // the partitionable list, display names joined the Chinese way
  assert.equal(errorText(new TypeError('a bug')), 'a bug', 'errors without a code show as they are');
});

test('the command-line tool prints the English message, and only {error}', () => {
  const r = alab({ op: 'train', layers: [1, 1], weights: [[[1]]], biases: [[0]], x: [[1]], y: [1], steps: 1, lr: -1 });
  assert.equal(r.status, 2);
  assert.deepEqual(r.json, { error: 'learning rate must be a finite number > 0, got -1' });
});
