// The Playground mounted again (a change of theme or language rebuilds the panel; the trained
// network stays in the host's session): at the new panel's ready signal (data-opened) the plot
// already shows the heatmap of the network's current weights, not a blank plot area while an
// 8 x 64 net's picture is made again over frames. The plot is read inside the page at the
// moment the signal is set (a MutationObserver runs before the page's next frame).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPanel } from './helpers.mjs';

let env;
browserSuite((s) => ({ env } = s));

const LARGE = `layers=${Array(8).fill(64).join(',')}&act=${Array(8).fill('relu').join(',')}`;

// Clicks `button` (a selector) and, when a new Playground panel sets data-opened, reads its
// plot: the share of opaque pixels and their mean luminance inside the axes, and its signals.
function remountAndRead(page, button) {
  return page.evaluate((sel) => new Promise((resolve) => {
    const old = document.querySelector('.panel-playground');
    const observer = new MutationObserver(() => {
      const s = [...document.querySelectorAll('.panel-playground[data-opened]')].find((p) => p !== old);
      if (!s) return;
      observer.disconnect();
      const c = s.querySelector('.pg-plot canvas');
      const { data } = c.getContext('2d').getImageData(Math.round(c.width * 0.2), Math.round(c.height * 0.1), Math.round(c.width * 0.7), Math.round(c.height * 0.7));
      let opaque = 0;
      let lum = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 255) opaque++;
        lum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      }
      const n = data.length / 4;
      resolve({ opaque: opaque / n, lum: lum / n, heat: s.dataset.heat, step: s.dataset.step, theme: document.documentElement.dataset.theme, lang: document.documentElement.lang });
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-opened'] });
    document.querySelector(sel).click();
  }), button);
}

test('after a theme or language switch the plot of a trained 8 x 64 net is not blank at the ready signal', async () => {
  const page = await env.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${env.base}index.html#panel=playground&lang=en&theme=light&${LARGE}`);
  await page.waitForSelector('.panel-playground[data-opened]', { timeout: 60000 });
  await page.click('.pg-step');
  await page.click('.pg-step');
  const step = await page.$eval('.panel-playground', (s) => s.dataset.step);
  assert.ok(Number(step) > 0, `trained to step ${step}`);
  // The picture of the trained weights is shown before the switch.
  await page.waitForFunction((n) => document.querySelector('.panel-playground').dataset.heat === n, step, { timeout: 60000 });

  const dark = await remountAndRead(page, '.theme-btn[data-theme-choice="dark"]');
  assert.equal(dark.theme, 'dark');
  assert.equal(dark.step, step, 'the trained network is kept');
  assert.ok(dark.opaque > 0.99, `at the ready signal ${(100 * (1 - dark.opaque)).toFixed(1)}% of the plot area is blank`);
  assert.ok(dark.lum < 90, `the heatmap lies on the dark plane (luminance ${dark.lum.toFixed(0)})`);
  assert.equal(dark.heat, step, 'the plot shows the picture of the current weights');

  const zh = await remountAndRead(page, '.lang-btn[data-lang="zh"]');
  assert.equal(zh.lang, 'zh-Hant');
  assert.equal(zh.step, step);
  assert.ok(zh.opaque > 0.99, `at the ready signal ${(100 * (1 - zh.opaque)).toFixed(1)}% of the plot area is blank`);
  assert.equal(zh.heat, step);

  const light = await remountAndRead(page, '.theme-btn[data-theme-choice="light"]');
  assert.ok(light.opaque > 0.99, `at the ready signal ${(100 * (1 - light.opaque)).toFixed(1)}% of the plot area is blank`);
  assert.ok(light.lum > 180, `the heatmap lies on the light plane (luminance ${light.lum.toFixed(0)})`);
  assert.equal(light.heat, step);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('switched while playing: the last picture shown until the paused picture of the kept weights replaces it', async () => {
  const page = await openPanel(env, 'playground', LARGE, { waitFor: '.panel-playground[data-opened]' });
  await page.click('.pg-play');
  // A picture made while playing is on the plot (bands of several frames' weights).
  await page.waitForSelector('.panel-playground[data-heat="mixed"]', { timeout: 60000 });
  const dark = await remountAndRead(page, '.theme-btn[data-theme-choice="dark"]');
  assert.equal(await page.$eval('.pg-play', (b) => b.getAttribute('aria-pressed')), 'false', 'the new panel is paused');
  assert.ok(Number(dark.step) > 0, `trained to step ${dark.step}`);
  assert.ok(dark.opaque > 0.99, `at the ready signal ${(100 * (1 - dark.opaque)).toFixed(1)}% of the plot area is blank`);
  assert.equal(dark.heat, 'mixed', 'the picture shown is the last one, made while playing');
  // Then the picture of the weights kept is made and shown.
  await page.waitForFunction((n) => document.querySelector('.panel-playground').dataset.heat === n, dark.step, { timeout: 60000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});
