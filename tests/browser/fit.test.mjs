// Phone and projector fit: at 390 px wide nothing sticks out past the screen (wide content
// scrolls inside a focusable, labelled region instead), and on a 1280 x 800 projector each
// panel's main chart and its Play or Run button are on screen without scrolling.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, waitReady, afterFrames, showHash, PANEL_READY } from './helpers.mjs';

// Per panel: its main chart and its Play / Run button (null: it runs by itself); its finished
// signal is the shared PANEL_READY.
const PANELS = {
  curves: { chart: '.panel-curves .chart-box canvas', run: null },
  nonlinearity: { chart: '.nl-pair', run: '.nl-run' },
  playground: { chart: '.pg-plot canvas', run: '.pg-play' },
  regions: { chart: '.rg-plot canvas', run: '.rg-play' },
  gradflow: { chart: '.panel-gradflow canvas', run: '.panel-gradflow .exp-primary' },
  convergence: { chart: '.panel-convergence canvas', run: '.panel-convergence .exp-primary' },
  dead: { chart: '.dead-sweep canvas', run: '.dead-rerun' },
  speed: { chart: '.speed-chart canvas', run: '.speed-run' },
  softmax: { chart: '.sm-chart canvas', run: null },
};

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

// Opens every panel in turn in one page of the given size; calls check(page, panel) on each.
async function eachPanel(size, lang, check) {
  const page = await env.newPage();
  page.setDefaultTimeout(120000);
  await page.setViewportSize(size);
  const ids = Object.keys(PANELS);
  await page.goto(`${env.base}index.html#panel=${ids[0]}&lang=${lang}`);
  await waitReady(page);
  for (const id of ids) {
    const hash = `#panel=${id}&lang=${lang}`;
    if (decodeURIComponent(await page.evaluate(() => location.hash)) !== hash) await showHash(page, hash);
    await page.waitForSelector(PANEL_READY[id]);
    await afterFrames(page, 2);
    await check(page, id);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
}

test('on a 390 px phone nothing is cut off: the page does not scroll sideways and wide content scrolls in a focusable region', async () => {
  const found = [];
  for (const lang of ['en', 'zh']) {
    await eachPanel({ width: 390, height: 844 }, lang, async (page, id) => {
      const r = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > vw) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
        for (const e of document.querySelectorAll('#content *')) {
          const box = e.getBoundingClientRect();
          if (box.width === 0 || box.right <= vw + 0.5) continue;
          const region = e.closest('.scroll-x');
          if (region && region !== e) {
            // Inside a region that scrolls: it must say so and take the focus.
            if (region.dataset.scrolls !== '1' || region.tabIndex !== 0 || !region.getAttribute('aria-label')) out.push(`${region.className} scrolls but is not a focusable region`);
            continue;
          }
          out.push(`${e.tagName.toLowerCase()}.${e.className} ends at ${Math.round(box.right)} px`);
        }
        return [...new Set(out)];
      });
      for (const line of r) found.push(`${id} (${lang}): ${line}`);
    });
  }
  assert.deepEqual(found, []);
});

test('wide content that scrolls shows it and can be scrolled from the keyboard', async () => {
  const page = await env.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${env.base}index.html#panel=softmax&lang=en`);
  await waitReady(page, '.panel-softmax[data-ready="1"]');
  await page.waitForSelector('.sm-formula[data-scrolls="1"][tabindex="0"][role="region"]');
  const before = await page.$eval('.sm-formula', (e) => e.scrollLeft);
  await page.focus('.sm-formula');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => document.querySelector('.sm-formula').scrollLeft > b, before);
  // The edge shadows are its background: a gradient, not a plain colour.
  assert.match(await page.$eval('.sm-formula', (e) => getComputedStyle(e).backgroundImage), /gradient/);
  // At 1280 px the same formula fits: no tab stop, no region.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForSelector('.sm-formula[data-scrolls="0"]:not([tabindex]):not([role])');
  await page.close();
});

test('on a 1280 x 800 projector each panel\'s main chart and its Play or Run button are on screen without scrolling', async () => {
  const found = [];
  await eachPanel({ width: 1280, height: 800 }, 'en', async (page, id) => {
    const { chart, run } = PANELS[id];
    const r = await page.evaluate(([c, b]) => {
      const vh = window.innerHeight;
      const box = document.querySelector(c).getBoundingClientRect();
      const shown = Math.max(0, Math.min(box.bottom, vh) - Math.max(box.top, 0)) / box.height;
      const button = b ? document.querySelector(b).getBoundingClientRect() : null;
      return { shown, scrolled: window.scrollY, button: button ? button.bottom <= vh && button.top >= 0 : true };
    }, [chart, run]);
    assert.equal(r.scrolled, 0);
    if (r.shown < 0.999) found.push(`${id}: ${Math.round(100 * r.shown)}% of the chart is on screen`);
    if (!r.button) found.push(`${id}: ${run} is off screen`);
  });
  assert.deepEqual(found, []);
});

test('at desktop width the formulas of the GELU, ELU, Softplus and SiLU cards fit their cards, and eight curves are named on the chart', async () => {
  const page = await env.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${env.base}index.html#panel=curves&lang=en&fn=gelu,elu,softplus,silu,sigmoid,tanh,relu,leaky_relu`);
  await waitReady(page, '.panel-curves .chart-box canvas[data-drawn]');
  const cut = await page.$$eval('.fn-card .formulas dd', (dds) => dds
    .filter((d) => d.scrollWidth > d.clientWidth + 1)
    .map((d) => `${d.closest('.fn-card').dataset.fn}: ${d.scrollWidth} > ${d.clientWidth}`));
  assert.deepEqual(cut, []);
  assert.equal(await page.$$eval('.fn-card', (c) => c.length), 8);
  // Eight curves in eight different colours (their swatches), each named on the chart.
  const colours = await page.$$eval('.fn-item .swatch', (s) => s.map((e) => getComputedStyle(e).backgroundColor));
  assert.equal(new Set(colours).size, 8);
  const named = await page.$eval('.panel-curves .chart-box canvas', (c) => c.dataset.curveLabels.split('|'));
  assert.equal(named.length, 8);
  assert.deepEqual(new Set(named), new Set(await page.$$eval('.fn-item .fn-name', (n) => n.map((e) => e.textContent))));
  await page.close();
});
