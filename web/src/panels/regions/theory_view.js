// The Regions sub-view "against the theory": random ReLU nets at a fixed budget of hidden
// neurons, by depth and by N, their exact cells beside one layer's count and the bound of
// Serra et al. (2018, Theorem 1); and the sawtooth whose pieces double with every layer.

import { el, uid } from '../../kit/dom.js';
import { signal } from '../../signals.js';
import { generalPosition, depthsOf, sawtooth } from './counting.js';
import { xyChart, series, chartBox, canvasFor, jobSlot, numberSelect } from './view_kit.js';

const BUDGETS = [12, 24, 36, 48];
const SWEEP_N = [8, 16, 24, 32, 48];
const SWEEP_DEPTHS = [1, 2, 4];
// Means of a few nets are shown with one decimal, the same in the status and the charts' tooltips.
const tenth = (v) => Math.round(v * 10) / 10;
const MEAN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const meanText = (v) => MEAN.format(v);
const swept = new WeakMap();   // engine -> Map(N -> the sweep's counts): seeded, so the same every time

/** Builds the view in `box`; the sweep runs in slices and redo() rebuilds it for a new budget. */
export function theoryView(box, { ctx, section, engine, redo, adjust }) {
  const { t } = ctx.i18n;
  const st = ctx.state;
  // The budget nearest the link's N (rn=13 shows 12 and says so).
  const N = BUDGETS.reduce((a, b) => (Math.abs(b - st.rn) < Math.abs(a - st.rn) ? b : a));
  adjust('rn', N);
  const status = el('p', { class: 'hint', role: 'status', text: t('rg.th.running') });
  const [d1, d2, d3] = ['rg.th.depthTitle', 'rg.th.nTitle', 'rg.th.sawTitle'].map((k) => canvasFor(t(k, { n: N })));
  const sawText = el('p', { 'aria-live': 'polite' });
  const sid = uid('rg');
  const sawL = el('input', { id: sid, type: 'range', min: 1, max: 10, step: 1, value: 4 });
  // The depths this N allows, said with the intro (N = 12: 1, 2, 3, 4 or 6, not every depth up to 8).
  const list = new Intl.ListFormat(ctx.i18n.htmlLang, { type: 'disjunction' }).format(depthsOf(N).map(String));
  const lead = [t('rg.th.intro'), t('rg.th.depths', { n: N, list })].join(t('app.sentenceSep'));
  box.append(el('p', { class: 'lead', text: lead }),
    numberSelect(t('rg.th.budget'), BUDGETS, N, (v) => { ctx.setState({ rn: v }); redo(); }), status,
    el('div', { class: 'rg-two' },
      el('div', {}, el('h3', { text: t('rg.th.depthTitle', { n: N }) }), chartBox(d1)),
      el('div', {}, el('h3', { text: t('rg.th.nTitle') }), chartBox(d2))),
    el('p', { text: t('rg.th.gap') }),
    el('h3', { text: t('rg.th.sawTitle') }), el('div', { class: 'field range-field' }, el('label', { for: sid, class: 'field-label', text: t('rg.th.sawL') }), sawL),
    chartBox(d3), sawText);
  // The charts once their canvases are in the page (see kit/charts.js createChart).
  const depthChart = xyChart(d1, t('rg.th.depth'), t('rg.th.count'), false, true, meanText);
  const nChart = xyChart(d2, t('rg.th.neurons'), t('rg.th.count'), true, true, meanText);
  const sawChart = xyChart(d3, 'x', 'tᴸ(x)');
  const slot = jobSlot((e) => { status.textContent = ctx.i18n.errorText(e); });
  const area = engine.dataBox(2);
  const data = engine.makeDataset('circle', { n: 8, seed: 1, testFraction: 0 }).train;

  function cells(layers, seed) {
    const tr = engine.createTrainer({ layers, activation: 'relu', output: 'linear', loss: 'mse', init: 'torch', seed }, data);
    try { return engine.regions(tr.exportModel(), area).patternRegions; } finally { tr.delete(); }
  }
  const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;

  const known = swept.get(engine) ?? new Map();
  swept.set(engine, known);
  const sweep = function* () {
    const depths = depthsOf(N);
    const total = depths.length * 3 + SWEEP_N.length * SWEEP_DEPTHS.length * 2;
    let done = 0;
    const measured = [];
    for (const d of depths) {
      const c = [];
      for (let seed = 1; seed <= 3; seed++) { c.push(cells([2, ...Array(d).fill(N / d), 1], seed)); yield { done: ++done, total }; }
      measured.push(mean(c));
    }
    const byN = SWEEP_DEPTHS.map(() => []);
    for (const n of SWEEP_N) {
      for (const [i, d] of SWEEP_DEPTHS.entries()) {
        const c = [];
        for (let seed = 1; seed <= 2; seed++) { c.push(cells([2, ...Array(d).fill(n / d), 1], seed)); yield { done: ++done, total }; }
        byN[i].push({ x: n, y: mean(c) });
      }
    }
    return { depths, measured, byN };
  };
  const show = ({ depths, measured, byN }) => {
    const bounds = depths.map((d) => engine.regionsUpperBound(2, Array(d).fill(N / d)));
    const pts = (f) => depths.map((d, i) => ({ x: d, y: f(d, i) }));
    depthChart.set([
      series(t('rg.th.bound'), pts((d, i) => Number(bounds[i])), 1, { borderDash: [6, 4], pointRadius: 3 }),
      series(t('rg.th.oneLayer'), pts(() => generalPosition(N)), 2, { borderDash: [2, 3] }),
      series(t('rg.th.measured'), pts((d, i) => measured[i]), 0, { pointRadius: 3.5 }),
    ]);
    // c N² through the measured points (least squares in log space).
    const all = byN.flat();
    const c = Math.exp(mean(all.map((p) => Math.log(p.y) - 2 * Math.log(p.x))));
    nChart.set([...byN.map((p, i) => series(t('rg.th.layersN', { d: SWEEP_DEPTHS[i] }), p, i, { pointRadius: 3 })),
      series(t('rg.th.guide'), SWEEP_N.map((n) => ({ x: n, y: c * n * n })), 6, { borderDash: [5, 4], borderWidth: 1.5 })]);
    const top = bounds.reduce((j, b, i) => (b > bounds[j] ? i : j), 0);
    status.textContent = t('rg.th.done', { n: N, bound: bounds[top].toString(), d: depths[top], lo: tenth(Math.min(...measured)), hi: tenth(Math.max(...measured)) });
    signal(section, 'theory', JSON.stringify({ n: N, depths, bound: bounds.map(String), measured, oneLayer: generalPosition(N) }));
  };
  if (known.has(N)) show(known.get(N));
  else slot.run(sweep(), (r) => { known.set(N, r); show(r); });

  function saw() {
    const L = Number(sawL.value);
    const r = engine.regions(sawtooth(L), [0, 1]);
    const p = [];
    for (let i = 0; i + 1 < r.bounds.length; i++) for (const x of [r.bounds[i], r.bounds[i + 1]]) p.push({ x, y: r.a[i] * x + r.c[i] });
    sawChart.set([series(t('rg.th.sawLine', { L }), p, 0)]);
    sawText.textContent = t('rg.th.saw', { L, p: r.affinePieces, q: 2 ** L });
    signal(section, 'saw', JSON.stringify({ L, pieces: r.affinePieces, cells: r.patternRegions }));
  }
  sawL.addEventListener('input', saw);
  saw();
  return { update() {}, destroy() { slot.stop(); depthChart.chart.destroy(); nChart.chart.destroy(); sawChart.chart.destroy(); } };
}
