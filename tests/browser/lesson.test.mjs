// The guided lesson tab: every step opens from its own link, runs its experiment after a
// prediction and shows the measured number inside the range the preset search found over
// seeds (bench/lesson_presets.mjs; the step's own seed is one of them), in English at a
// projector's size and in Chinese at a phone's width with nothing sticking out; arrow keys
// move between steps except inside a form control; the Dead ReLUs steps run no sweep unless
// asked; the presenter view; the embeddable page; and links without panel= still open the
// Curves panel.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, waitReady, flushedHash } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

// The headline number of each step (section data-measured) and its range over the seeds of the
// preset search. Softmax is exact: e² / (e² + e + e^0.1), computed here.
const softmaxP1 = Math.exp(2) / (Math.exp(2) + Math.exp(1) + Math.exp(0.1));
const STEPS = [
  { id: 'linear', range: [0.288, 0.634] },            // identity net test accuracy, seeds 1-20
  { id: 'saturate', range: [1e-9, 3.1e-8] },        // sigmoid layer-1 / last gradient ratio
  { id: 'centred', range: [0.488, 0.514] },           // sigmoid mean activation
  { id: 'converge', range: [9, 17] },              // ReLU mean epochs to loss 0.1
  { id: 'dead', range: [0.156, 0.782] },            // ReLU share never active
  { id: 'leaky', range: [0.028, 0.3] },             // Leaky ReLU final loss (runs that trained)
  { id: 'regions', range: [68, 178] },              // linear regions at initialisation
  { id: 'softmax', range: [softmaxP1 - 1e-12, softmaxP1 + 1e-12] },
];

const lessonUrl = (hash) => `${env.base}index.html#panel=lesson&${hash}`;
const stepOf = (page) => page.$eval('.panel-lesson', (s) => Number(s.dataset.lessonStep));

async function runStep(page, k, lang) {
  await page.goto(lessonUrl(`step=${k}&lang=${lang}`));
  await waitReady(page);
  await page.waitForSelector(`.panel-lesson[data-lesson-step="${k}"][data-lesson-state="predict"]`);
  // No run before a prediction (one made earlier in the visit is remembered).
  const picked = await page.$$eval('.ls-answer input:checked', (r) => r.length);
  assert.equal(await page.$eval('.ls-run', (b) => b.disabled), picked === 0, `step ${k}: Run is enabled only after a prediction`);
  await page.check('.ls-answer input[value="1"]');
  await page.click('.ls-run');
  await page.waitForSelector('.panel-lesson[data-lesson-state="measured"]');
  return {
    value: await page.$eval('.panel-lesson', (s) => Number(s.dataset.measured)),
    text: await page.$eval('.ls-measured', (p) => p.textContent),
    verdict: await page.$eval('.ls-verdict', (p) => p.textContent),
    widget: await page.$eval('.ls-widget .panel', (p) => p.className),
  };
}

for (const [lang, size] of [['en', { width: 1280, height: 800 }], ['zh', { width: 390, height: 844 }]]) {
  test(`every step opens by link, runs and measures within its seed range (${lang}, ${size.width} px)`, async () => {
    const page = await env.newPage();
    page.setDefaultTimeout(180000);
    await page.setViewportSize(size);
    for (const [i, step] of STEPS.entries()) {
      const k = i + 1;
      const r = await runStep(page, k, lang);
      assert.ok(r.value >= step.range[0] && r.value <= step.range[1], `step ${k} (${step.id}): ${r.value} outside ${step.range}`);
      assert.doesNotMatch(r.text, /\{\w+\}|NaN|undefined/, `step ${k}: ${r.text}`);
      assert.ok(r.verdict.length > 0);
      if (lang === 'zh') {
        assert.match(await page.$eval('.ls-count', (p) => p.textContent), new RegExp(`第 ${k} 步`));
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant');
        const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(over <= 0, `step ${k} sticks out by ${over} px at 390 px`);
      }
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('the Dead ReLUs step trains only its traced run; the sweep waits for its button, and the panel itself still sweeps at once', async () => {
  const page = await env.newPage();
  page.setDefaultTimeout(120000);
  const r = await runStep(page, 5, 'en');
  assert.match(r.text, /Seed 23, learning rate 1\.25/);
  // Measured from the trace alone: no sweep ran, none shows, and the claim card says so.
  assert.equal(await page.$eval('.panel-dead', (s) => s.dataset.sweep), 'idle');
  assert.equal(await page.$$eval('.dead-table tbody tr', (rows) => rows.length), 0);
  assert.equal(await page.$eval('.panel-dead .progress', (p) => p.hidden), true);
  assert.equal(await page.$eval('.dead-sweep', (c) => c.hidden), true);
  assert.match(await page.$eval('.dead-claim .claim-found', (f) => f.textContent), /has not run yet/);
  assert.doesNotMatch(await page.$eval('.ls-widget', (w) => w.textContent), /Partial result/);
  assert.match(await page.$eval('.dead-offer-text', (p) => p.textContent), /90 times: ReLU and Leaky ReLU at 9 learning rates, 5 seeds each/);
  // A new seed count changes the offer, still without running anything.
  await page.fill('.ls-widget input[name="dseeds"]', '1');
  await page.locator('.ls-widget input[name="dseeds"]').blur();
  assert.match(await page.$eval('.dead-offer-text', (p) => p.textContent), /18 times/);
  assert.equal(await page.$eval('.panel-dead', (s) => s.dataset.sweep), 'idle');
  // Asked for, it runs all 18 trainings and fills the table; the step's measurement stays.
  await page.click('.dead-start');
  await page.waitForSelector('.panel-dead[data-sweep="done"]');
  assert.equal(await page.$$eval('.dead-table tbody tr', (rows) => rows.length), 9);
  assert.match(await page.$eval('.panel-dead .progress-text', (p) => p.textContent), /Done: 18 runs/);
  assert.equal(await page.$eval('.dead-offer', (c) => c.hidden), true);
  assert.equal(await page.$eval('.panel-lesson', (s) => Number(s.dataset.measured)), r.value);
  // The Dead ReLUs panel's own link starts its sweep on opening, as it always did.
  await page.goto(`${env.base}index.html#panel=dead&dseeds=1&lang=en`);
  await waitReady(page);
  const own = await page.waitForSelector('.panel-dead[data-sweep]');
  assert.notEqual(await own.getAttribute('data-sweep'), 'idle');
  assert.equal(await page.$eval('.dead-offer', (c) => c.hidden), true);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('arrow keys move between steps and write the step to the URL, but not from inside a form control', async () => {
  const page = await env.newPage();
  await page.goto(lessonUrl('step=2&lang=en'));
  await waitReady(page);
  await page.waitForSelector('.panel-lesson[data-lesson-step="2"]');
  await page.focus('.ls-next');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.panel-lesson[data-lesson-step="3"]');
  assert.match(await flushedHash(page), /step=3/);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.waitForSelector('.panel-lesson[data-lesson-step="1"]');
  assert.equal(await page.$eval('.ls-prev', (b) => b.disabled), true);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await stepOf(page), 1, 'no step before the first');
  // In a radio group the arrow keys choose an answer; the step stays.
  await page.focus('.ls-answer input[value="0"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepOf(page), 1);
  assert.equal(await page.$eval('.ls-answer input[value="1"]', (r) => r.checked), true, 'the arrow chose the next answer');
  // The numbered step links open their step.
  await page.click('.ls-steps a[href*="step=4"]');
  await page.waitForSelector('.panel-lesson[data-lesson-step="4"]');
  assert.match(await flushedHash(page), /step=4/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the presenter view hides the page header, enlarges the type, and Escape leaves it', async () => {
  const page = await env.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(lessonUrl('step=1&lang=en'));
  await waitReady(page);
  const normal = await page.$eval('.ls-step-title', (h) => parseFloat(getComputedStyle(h).fontSize));
  await page.click('.ls-present');
  assert.match(await flushedHash(page), /present=1/);
  const big = await page.$eval('.ls-step-title', (h) => parseFloat(getComputedStyle(h).fontSize));
  assert.ok(big >= 1.5 * normal, `${big} vs ${normal}`);
  assert.equal(await page.$eval('.topbar', (h) => getComputedStyle(h).display), 'none');
  assert.equal(await page.$eval('.ls-present', (b) => b.getAttribute('aria-pressed')), 'true');
  // A link with present=1 opens in the presenter view; Escape leaves it.
  await page.goto(lessonUrl('step=5&present=1&lang=zh'));
  await waitReady(page);
  await page.waitForSelector('.panel-lesson.present[data-lesson-step="5"]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.panel-lesson:not(.present)');
  assert.doesNotMatch(await flushedHash(page), /present=1/);
  assert.notEqual(await page.$eval('.topbar', (h) => getComputedStyle(h).display), 'none');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('embed.html?panel=lesson shows the lesson alone and runs a step', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}embed.html?panel=lesson#step=8&lang=en`);
  await waitReady(page);
  assert.equal(await page.$$eval('.tab', (t) => t.length), 0);
  await page.check('.ls-answer input[value="1"]');
  await page.click('.ls-run');
  await page.waitForSelector('.panel-lesson[data-lesson-state="measured"]');
  assert.ok(Math.abs(await page.$eval('.panel-lesson', (s) => Number(s.dataset.measured)) - softmaxP1) < 1e-12);
  assert.match(await page.$eval('.ls-notes a', (a) => a.getAttribute('href')), /^index\.html#.*panel=softmax/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the lesson is the first tab, yet a link without panel= (or with an unknown one) still opens Curves', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#lang=en`);
  await waitReady(page);
  await page.waitForSelector('.panel-curves');
  assert.equal(await page.$eval('.tab', (t) => t.dataset.panel), 'lesson');
  await page.goto(`${env.base}index.html#panel=nosuch&lang=en`);
  await waitReady(page);
  await page.waitForSelector('.panel-curves');
  await page.close();
});

test('axe finds no violation in a measured step with its panel mounted, in both languages at 390 px', async () => {
  const { readFile } = await import('node:fs/promises');
  const { createRequire } = await import('node:module');
  const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const page = await env.newPage();
  page.setDefaultTimeout(120000);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lang of ['en', 'zh']) {
    await runStep(page, 6, lang);
    await page.evaluate(axe);
    // The step as measured (its sweep offered, not run), then with the sweep it was asked for
    // (the second language's visit shows the sweep this page already finished).
    for (const sweep of lang === 'en' ? ['idle', 'done'] : ['done']) {
      if (lang === 'en' && sweep === 'done') await page.click('.dead-start');
      await page.waitForSelector(`.panel-dead[data-sweep="${sweep}"]`);
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
        .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
      assert.deepEqual(violations, [], `${lang}, sweep ${sweep}`);
    }
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});
