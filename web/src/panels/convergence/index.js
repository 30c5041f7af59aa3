// The "Convergence" panel (issue 5, experiment 4): epochs of plain SGD until the training loss
// reaches a target, for relu, tanh, sigmoid (and others), same data and initialisation seed
// per run, over several seeds: bars = mean over the runs that reached the target, dots = one
// seed, crosses at the cap = runs that did not reach it. Runs in time-budgeted chunks with
// progress and cancel. URL fields cvact, cvn, cvlr, cvtarget, cvcap, cvd. Numerics:
// experiment.js.

import { STATIC_CHART, THEME, activationColour, chartFont, createChart, palette } from '../../kit/charts.js';
import { el, clear, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { convergenceSweep, CONVERGENCE_ACTIVATIONS } from './experiment.js';
import { claimCard } from '../../kit/claim_card.js';
import { progressBar } from '../../kit/progress_bar.js';
import { numberField, checkList } from '../../kit/fields.js';
import { jobFromGenerator } from '../../kit/job.js';
import { experimentRun } from '../../kit/experiment_run.js';
import { whole } from '../../kit/numbers.js';


const MISS = (c) => (palette(c.chart).dark ? '#ff8f80' : '#b42318');   // a run that never reached the target
const WIDTH = 16;
const BATCH = 10;
const cache = { key: null, result: null };   // the last result; survives re-mounts (language switch)


/** The panel's reading of a sweep: is ReLU's mean below every other's (all runs reached)? */
export function verdict(results) {
  const relu = results.find((r) => r.activation === 'relu');
  const others = results.filter((r) => r.activation === 'relu' ? false : ['tanh', 'sigmoid'].includes(r.activation));
  if (!relu || others.length === 0) return 'na';
  if (relu.reached === 0) return 'no';
  const n = relu.epochs.length;
  const beats = others.every((o) => o.reached < o.epochs.length || o.mean > relu.mean);
  return beats && relu.reached === n ? 'yes' : beats ? 'partly' : 'no';
}

export default {
  id: 'convergence',
  titleKey: 'panel.convergence',

  mount(root, ctx) {
    const colourOf = (a) => activationColour(a, root);   // as in Gradient flow, in the host's theme
    const { t, fnName, lang } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    state.cvn = whole(state.cvn, 1, 10, 5);
    state.cvcap = whole(state.cvcap, 10, 2000, 300);
    state.cvd = whole(state.cvd, 1, 6, 2);
    // A link with none of these activations gets the usual three; one with an empty list (the
    // last box unticked) opens with none, asking for one, as the Speed panel does.
    const given = Array.isArray(state.cvact) ? state.cvact : [];
    const acts = given.filter((a) => CONVERGENCE_ACTIVATIONS.includes(a));
    state.cvact = acts.length || !given.length ? acts : ['relu', 'tanh', 'sigmoid'];
    ctx.setState({});

    const headingId = uid('h');
    const section = el('section', { class: `panel panel-convergence${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const controls = el('form', { class: 'controls exp-controls', onsubmit: (e) => e.preventDefault() });
    const runBtn = el('button', { type: 'button', class: 'btn exp-primary cv-run', text: t('cv.run'), onclick: () => start(true) });
    const progress = progressBar(ctx.i18n, () => cancel());
    const alertBox = el('p', { class: 'error cv-alert', role: 'alert', hidden: true });
    const canvas = el('canvas', { role: 'img', 'aria-label': t('cv.chartLabel') });
    const table = el('div', { class: 'exp-table-wrap cv-table' });
    const claim = claimCard(ctx.i18n, t('cv.claim'));
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('cv.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('cv.intro') })),
      el('div', { class: 'exp-layout' }, controls,
        el('div', { class: 'exp-main' }, el('div', { class: 'exp-bar' }, runBtn), progress.node, alertBox,
          el('div', { class: 'exp-chart cv-chart' }, canvas), claim.node, table)));
    root.append(section);

    const font = chartFont(11);
    const chart = createChart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        ...STATIC_CHART,
        scales: {
          x: { type: 'category', ticks: { color: THEME.text, font: { ...font, size: 12 } }, grid: { display: false } },
          y: { type: 'linear', min: 0, ticks: { color: THEME.text, font }, grid: { color: THEME.grid }, title: { display: true, color: THEME.text, font, text: t('cv.yAxis') } },
        },
        plugins: {
          legend: { display: true, position: 'top', align: 'start', labels: { color: THEME.text, font, usePointStyle: true } },
          tooltip: { callbacks: { label: (i) => (i.dataset.type === 'scatter' ? i.raw.text : t('cv.tipMean', { v: fmt(i.parsed.y, 3) })) } },
        },
      },
    });

    controls.append(el('fieldset', { class: 'group' }, el('legend', { text: t('cv.setup') }),
      checkList({ name: 'cvact', legend: t('cv.activations'), values: CONVERGENCE_ACTIVATIONS, selected: state.cvact, nameOf: fnName,
        onChange: (list) => change({ cvact: list }) }),
      el('div', { class: 'exp-pair' },
        numberField(ctx.i18n, { name: 'cvn', label: t('cv.seeds'), value: state.cvn, min: 1, max: 10, integer: true, onValue: (v) => change({ cvn: v }) }).node,
        numberField(ctx.i18n, { name: 'cvd', label: t('cv.depth'), value: state.cvd, min: 1, max: 6, integer: true, onValue: (v) => change({ cvd: v }) }).node),
      el('div', { class: 'exp-pair' },
        numberField(ctx.i18n, { name: 'cvlr', label: t('cv.lr'), value: state.cvlr, min: 0.0001, max: 10, onValue: (v) => change({ cvlr: v }) }).node,
        numberField(ctx.i18n, { name: 'cvtarget', label: t('cv.target'), value: state.cvtarget, min: 0.001, max: 0.69, onValue: (v) => change({ cvtarget: v }) }).node),
      numberField(ctx.i18n, { name: 'cvcap', label: t('cv.cap'), value: state.cvcap, min: 10, max: 2000, integer: true, onValue: (v) => change({ cvcap: v }) }).node,
      el('p', { class: 'hint', text: t('cv.hint', { width: WIDTH, batch: BATCH }) })));

    function change(patch) {
      ctx.setState(patch);
      start(false);
    }

    const settings = () => ({ activations: state.cvact.slice(), seeds: state.cvn, depth: state.cvd, width: WIDTH, lr: state.cvlr,
      batchSize: BATCH, target: state.cvtarget, cap: state.cvcap, dataset: 'circle', dataSeed: 1 });
    const runner = experimentRun(ctx.i18n, { section, button: runBtn, progress, alertBox, claim }, {
      makeJob: (s) => jobFromGenerator(convergenceSweep(engine, s)),
      runningText: t('cv.running'),
      progressText: (r) => {
        const s = settings();
        const p = r && r.info ? r.info : { done: 0, total: s.activations.length * s.seeds, activation: s.activations[0], seed: 1 };
        return t('cv.progress', { run: Math.min(p.total, Math.floor(p.done) + 1), runs: p.total, fn: fnName(p.activation), seed: p.seed });
      },
      draw,
      cache,
    });
    const start = (force) => (state.cvact.length ? runner.start(settings(), force) : showNone());

    // No activation chosen: nothing runs, and nothing of an earlier run stays on show.
    function showNone() {
      runner.stop();
      progress.hide();
      runBtn.disabled = true;
      alertBox.hidden = false;
      alertBox.textContent = t('xp.noneChosen');
      chart.data.labels = [];
      chart.data.datasets = [];
      chart.update('none');
      clear(table);
      claim.setFound([t('ex.nothing')]);
      delete section.dataset.result;
      delete section.dataset.verdict;
      section.dataset.state = 'none';
    }
    const cancel = () => runner.cancel();

    function draw(r) {
      const s = r.settings;
      const rows = r.results;
      chart.data.labels = rows.map((x) => fnName(x.activation));
      const dots = [];
      const misses = [];
      rows.forEach((x, i) => {
        const n = x.epochs.length;
        x.epochs.forEach((e, j) => {
          const dx = n > 1 ? ((j / (n - 1)) - 0.5) * 0.36 : 0;
          const text = e === null ? t('cv.tipMiss', { seed: j + 1, cap: s.cap, loss: fmt(x.finalLoss[j], 3) }) : t('cv.tipSeed', { seed: j + 1, e });
          (e === null ? misses : dots).push({ x: i + dx, y: e === null ? s.cap : e, text });
        });
      });
      chart.data.datasets = [
        { type: 'bar', label: t('cv.legendMean'), data: rows.map((x) => (Number.isFinite(x.mean) ? x.mean : null)),
          backgroundColor: rows.map((x) => `${colourOf(x.activation)}66`), borderColor: rows.map((x) => colourOf(x.activation)), borderWidth: 1.5, order: 2, pointStyle: 'rect' },
        { type: 'scatter', label: t('cv.legendSeed'), data: dots, parsing: false, backgroundColor: THEME.ink, borderColor: THEME.halo, borderWidth: 1, pointRadius: 4, order: 1 },
        { type: 'scatter', label: t('cv.legendMiss', { cap: s.cap }), data: misses, parsing: false, pointStyle: 'crossRot', borderColor: MISS, backgroundColor: MISS, borderWidth: 2.2, pointRadius: 7, order: 0, hidden: misses.length === 0 },
      ];
      chart.options.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].hidden;
      const maxE = Math.max(1, ...rows.flatMap((x) => x.epochs.map((e) => (e === null ? s.cap : e))));
      chart.options.scales.y.max = misses.length ? s.cap * 1.05 : undefined;
      chart.options.scales.y.suggestedMax = maxE * 1.1;
      chart.update('none');
      drawTable(rows, s);
      const list = rows.map((x) => t(Number.isFinite(x.mean) ? 'cv.item' : 'cv.itemNone', { fn: fnName(x.activation), v: fmt(x.mean, 3), k: x.reached, n: x.epochs.length })).join(t('gf.listSep'));
      const v = verdict(rows);
      claim.setFound([`${t('cv.result', { target: fmt(s.target), lr: fmt(s.lr), n: s.seeds, depth: s.depth, list })}${lang === 'zh' ? '' : ' '}${t(`cv.verdict.${v}`)}`]);
      section.dataset.result = JSON.stringify(rows.map((x) => ({ activation: x.activation, epochs: x.epochs, mean: Number.isFinite(x.mean) ? x.mean : null })));
      section.dataset.verdict = v;
    }

    function drawTable(rows, s) {
      clear(table);
      const head = ['cv.col.fn', 'cv.col.mean', 'cv.col.reached', 'cv.col.seeds'];
      const tbl = el('table', { class: 'exp-table' }, el('thead', {}, el('tr', {}, ...head.map((k) => el('th', { scope: 'col', text: t(k) })))));
      const body = el('tbody');
      for (const x of rows) {
        body.append(el('tr', { dataset: { fn: x.activation } }, el('th', { scope: 'row', text: fnName(x.activation) }),
          el('td', { text: Number.isFinite(x.mean) ? fmt(x.mean, 3) : '—' }),
          el('td', { text: `${x.reached} / ${x.epochs.length}` }),
          el('td', { text: x.epochs.map((e) => (e === null ? `>${s.cap}` : String(e))).join(', ') })));
      }
      tbl.append(body);
      table.append(tbl);
    }

    start(false);
    return {
      destroy() {
        runner.stop();
        chart.destroy();
        section.remove();
      },
    };
  },
};
