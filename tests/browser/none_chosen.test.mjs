// Unticking the last activation on Gradient flow, Convergence or Speed: the page asks for one
// ("Choose at least one activation.", in the page's language) and shows nothing of the
// activation just unticked (the issue: Gradient flow and Convergence kept charting and
// tabulating it with every box unticked). The link keeps the empty choice, so a reload shows
// the same; ticking a box again runs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, canvasStats, openPanel, flushedHash } from './helpers.mjs';

let env;
browserSuite((s) => ({ env } = s));

const ASK = { en: 'Choose at least one activation.', zh: '請至少選擇一個激活函數。' };
// The "Measured here" boxes say nothing was measured (they were empty).
const NOTHING = { en: 'Nothing measured yet.', zh: '尚無測量結果。' };

for (const lang of ['en', 'zh']) {
  test(`gradient flow (${lang}): unticking the last activation clears the charts and table and asks for one`, async () => {
    const page = await openPanel(env, 'gradflow', 'gfact=relu&gfd=4', { lang, waitFor: '.panel-gradflow[data-state="idle"][data-ratios]' });
    assert.deepEqual(await page.$$eval('.gf-table tbody tr', (trs) => trs.map((r) => r.dataset.fn)), ['relu']);
    const before = await canvasStats(page, '.gf-grad canvas');
    await page.uncheck('input[name="gfact"][value="relu"]');
    await page.waitForSelector('.panel-gradflow[data-state="none"]');
    const seen = async () => page.evaluate(() => ({
      alert: document.querySelector('.gf-alert').hidden ? null : document.querySelector('.gf-alert').textContent,
      rows: document.querySelectorAll('.gf-table tr').length,
      ratios: document.querySelector('.panel-gradflow').dataset.ratios ?? null,
      claims: [...document.querySelectorAll('.panel-gradflow .claim-found-text')].map((p) => p.textContent),
      ticked: [...document.querySelectorAll('input[name="gfact"]:checked')].length,
      buttons: [...document.querySelectorAll('.gf-play, .gf-step')].map((b) => b.disabled),
    }));
    const expected = { alert: ASK[lang], rows: 0, ratios: null, claims: [NOTHING[lang], NOTHING[lang]], ticked: 0, buttons: [true, true] };
    assert.deepEqual(await seen(), expected);
    const after = await canvasStats(page, '.gf-grad canvas');
    assert.ok(after.ink < before.ink, `the gradient chart still holds its lines: ink ${after.ink} vs ${before.ink}`);
    // The link says so: a reload opens the same empty choice.
    assert.match(await flushedHash(page), /(^|&)gfact=(&|$)/);
    await page.reload();
    await page.waitForSelector('.panel-gradflow[data-state="none"]');
    assert.deepEqual(await seen(), expected);
    // Ticking one runs it.
    await page.check('input[name="gfact"][value="tanh"]');
    await page.waitForSelector('.panel-gradflow[data-state="idle"][data-ratios]');
    assert.deepEqual(await page.$$eval('.gf-table tbody tr', (trs) => trs.map((r) => r.dataset.fn)), ['tanh']);
    assert.equal(await page.$eval('.gf-alert', (a) => a.hidden), true);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test(`convergence (${lang}): unticking the last activation clears the chart and table and asks for one`, async () => {
    const page = await openPanel(env, 'convergence', 'cvact=relu&cvn=1&cvcap=10', { lang, waitFor: '.panel-convergence[data-state="done"]' });
    assert.deepEqual(await page.$$eval('.cv-table tbody tr', (trs) => trs.map((r) => r.dataset.fn)), ['relu']);
    const before = await canvasStats(page, '.cv-chart canvas');
    await page.uncheck('input[name="cvact"][value="relu"]');
    await page.waitForSelector('.panel-convergence[data-state="none"]');
    const seen = async () => page.evaluate(() => ({
      alert: document.querySelector('.cv-alert').hidden ? null : document.querySelector('.cv-alert').textContent,
      rows: document.querySelectorAll('.cv-table tr').length,
      result: document.querySelector('.panel-convergence').dataset.result ?? null,
      claims: [...document.querySelectorAll('.panel-convergence .claim-found-text')].map((p) => p.textContent),
      ticked: [...document.querySelectorAll('input[name="cvact"]:checked')].length,
      run: document.querySelector('.cv-run').disabled,
    }));
    const expected = { alert: ASK[lang], rows: 0, result: null, claims: [NOTHING[lang]], ticked: 0, run: true };
    assert.deepEqual(await seen(), expected);
    const after = await canvasStats(page, '.cv-chart canvas');
    assert.ok(after.ink < before.ink, `the chart still holds its bars: ink ${after.ink} vs ${before.ink}`);
    assert.match(await flushedHash(page), /(^|&)cvact=(&|$)/);
    await page.reload();
    await page.waitForSelector('.panel-convergence[data-state="none"]');
    assert.deepEqual(await seen(), expected);
    await page.check('input[name="cvact"][value="tanh"]');
    await page.waitForSelector('.panel-convergence[data-state="done"][data-result]');
    assert.deepEqual(JSON.parse(await page.$eval('.panel-convergence', (p) => p.dataset.result)).map((r) => r.activation), ['tanh']);
    assert.equal(await page.$eval('.cv-alert', (a) => a.hidden), true);
    assert.equal(await page.$eval('.cv-run', (b) => b.disabled), false);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test(`speed (${lang}): Run with no activation asks for one in the same words`, async () => {
    const page = await openPanel(env, 'speed', 'spfn=relu', { lang, waitFor: '.panel-speed[data-speed="done"]' });
    await page.uncheck('input[name="spfn"][value="relu"]');
    await page.click('.speed-run');
    assert.equal(await page.$eval('.speed-alert', (a) => (a.hidden ? null : a.textContent)), ASK[lang]);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}
