// Dark mode: the page follows the system's prefers-color-scheme until the reader picks a
// theme in the header; the choice is kept in the URL (theme=light|dark, nothing for auto);
// charts and heatmaps are drawn in the theme's colours; <activation-lab theme="..."> follows
// its own attribute.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, waitReady, flushedHash, afterFrames } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const theme = (page) => page.evaluate(() => document.documentElement.dataset.theme);
const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

// Mean luminance (0..255) of the plot area of the chart on `selector` (inside its axes).
async function plotLuminance(page, selector) {
  return page.$eval(selector, (c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(Math.round(c.width * 0.2), Math.round(c.height * 0.1), Math.round(c.width * 0.7), Math.round(c.height * 0.7));
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    return sum / (data.length / 4);
  });
}

test('auto follows the system: dark when it prefers dark, light when it switches back, and the link says nothing', async () => {
  const page = await env.newPage();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${env.base}index.html#panel=playground&lang=en`);
  await waitReady(page, '.panel-playground[data-opened] .pg-plot canvas[data-drawn]');
  assert.equal(await theme(page), 'dark');
  assert.equal(await bodyBackground(page), 'rgb(17, 19, 24)');
  assert.equal(await page.$eval('.theme-btn[aria-pressed="true"]', (b) => b.dataset.themeChoice), 'auto');
  assert.ok(await plotLuminance(page, '.pg-plot canvas') < 90, 'the heatmap lies on the dark plane');
  assert.doesNotMatch(await flushedHash(page), /theme=/);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  await page.waitForSelector('.panel-playground[data-opened] .pg-plot canvas[data-drawn]');
  assert.ok(await plotLuminance(page, '.pg-plot canvas') > 180, 'the heatmap lies on the light plane');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the header switch sets the theme, keeps it in the URL and keeps the focus; the link opens in that theme', async () => {
  const page = await env.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${env.base}index.html#panel=curves&lang=zh`);
  await waitReady(page, '.panel-curves .chart-box canvas[data-drawn]');
  assert.equal(await theme(page), 'light');
  await page.click('.theme-btn[data-theme-choice="dark"]');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.match(await flushedHash(page), /(^|[#&])theme=dark(&|$)/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.themeChoice), 'dark');
  assert.equal(await page.$eval('.theme-btn[data-theme-choice="dark"]', (b) => b.getAttribute('aria-pressed')), 'true');
  assert.equal(await page.$eval('.theme-switch', (g) => g.getAttribute('aria-label')), '色彩主題');
  // The curve colours are the dark palette's (the swatch beside each function).
  assert.equal(await page.$eval('.fn-item[data-fn="tanh"] .swatch', (s) => getComputedStyle(s).backgroundColor), 'rgb(240, 120, 42)');
  const link = await flushedHash(page);
  const again = await env.newPage();
  await again.emulateMedia({ colorScheme: 'light' });
  await again.goto(`${env.base}index.html${link}`);
  await waitReady(again);
  assert.equal(await theme(again), 'dark', 'a link with theme=dark opens dark on a light system');
  await page.click('.theme-btn[data-theme-choice="auto"]');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.doesNotMatch(await flushedHash(page), /theme=/);
  assert.deepEqual([...page.problems, ...again.problems], []);
  await page.close();
  await again.close();
});

test('embed.html takes the theme from its link (hash or ?theme=)', async () => {
  const page = await env.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${env.base}embed.html?panel=softmax&theme=dark`);
  await waitReady(page, '.panel-softmax[data-ready="1"]');
  assert.equal(await theme(page), 'dark');
  await page.goto(`${env.base}embed.html?panel=softmax#theme=dark`);
  await waitReady(page, '.panel-softmax[data-ready="1"]');
  assert.equal(await theme(page), 'dark');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('<activation-lab theme="dark"> is dark inside on a light page, follows a changed attribute, and auto follows the system', async () => {
  const page = await env.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${env.base}index.html#panel=softmax&lang=en`);
  await waitReady(page);
  await page.evaluate(() => {
    const a = document.createElement('activation-lab');
    a.setAttribute('panel', 'playground');
    a.setAttribute('theme', 'dark');
    a.id = 'dark-one';
    document.body.append(a);
  });
  await page.waitForSelector('#dark-one[data-ready="1"]');
  const frameTheme = () => page.$eval('#dark-one', (a) => a.shadowRoot.querySelector('.alab-root').dataset.theme);
  assert.equal(await frameTheme(), 'dark');
  assert.equal(await theme(page), 'light', 'the page around it stays light');
  const surface = () => page.$eval('#dark-one', (a) => getComputedStyle(a.shadowRoot.querySelector('.controls')).backgroundColor);
  assert.equal(await surface(), 'rgb(27, 30, 37)');
  await page.$eval('#dark-one', (a) => a.setAttribute('theme', 'light'));
  await page.waitForFunction(() => document.querySelector('#dark-one').shadowRoot.querySelector('.alab-root').dataset.theme === 'light');
  assert.equal(await surface(), 'rgb(255, 255, 255)');
  await page.$eval('#dark-one', (a) => a.removeAttribute('theme'));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.querySelector('#dark-one').shadowRoot.querySelector('.alab-root').dataset.theme === 'dark');
  await afterFrames(page, 2);
  assert.deepEqual(page.problems, []);
  await page.close();
});
