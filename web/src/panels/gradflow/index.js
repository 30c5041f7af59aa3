// The "Gradient flow" panel (issue 5, experiments 2 and 3): a deep network (depth 2-20) per
// chosen activation on the same data and initialisation seed; the gradient norm of every
// weight layer on a log scale and the mean activation of every hidden layer, at
// initialisation (dashed) and while SGD trains (solid), with the measured ratios in a table.
// URL fields gfd, gfw, gfact, gfinit, gflr, gfseed. Numerics: experiment.js.

import { el, clear, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { activationColour } from '../../kit/charts.js';
import { createGradflow, GRADFLOW_ACTIVATIONS, GRADFLOW_INITS } from './experiment.js';
import { createLayerChart } from './chart.js';
import { claimCard } from '../../kit/claim_card.js';
import { progressBar } from '../../kit/progress_bar.js';
import { numberField, selectField, checkList } from '../../kit/fields.js';
import { frameLoop } from '../../kit/frame_loop.js';
import { whole } from '../../kit/numbers.js';

const FRAME_BUDGET_MS = 14;
const STEP_CHUNK = 100;        // the "+N steps" button
const MAX_STEPS = 20000;

export default {
  id: 'gradflow',
  titleKey: 'panel.gradflow',

  mount(root, ctx) {
    const { t, fnName, errorText, lang } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    state.gfd = whole(state.gfd, 2, 20, 10);
    state.gfw = whole(state.gfw, 2, 64, 16);
    state.gfseed = whole(state.gfseed, 0, 999999, 1);
    // A link with none of these activations gets the usual three; one with an empty list (the
    // last box unticked) opens with none, asking for one, as the Speed panel does.
    const given = Array.isArray(state.gfact) ? state.gfact : [];
    const acts = given.filter((a) => GRADFLOW_ACTIVATIONS.includes(a));
    state.gfact = acts.length || !given.length ? acts : ['sigmoid', 'tanh', 'relu'];
    if (!GRADFLOW_INITS.includes(state.gfinit)) state.gfinit = 'torch';
    ctx.setState({});
    const ui = { playing: false, endless: false, target: 0, stepsPerFrame: 5, colours: new Map() };
    let exp = null;

    const headingId = uid('h');
    const section = el('section', { class: `panel panel-gradflow${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const controls = el('form', { class: 'controls exp-controls', onsubmit: (e) => e.preventDefault() });
    // Suggests He initialisation only while another one is chosen.
    const initHint = el('p', { class: 'hint gf-init-hint', text: t('gf.hintInit') });
    const playBtn = el('button', { type: 'button', class: 'btn exp-primary gf-play', onclick: () => (ui.playing && ui.endless ? pause() : play()) });
    const stepBtn = el('button', { type: 'button', class: 'btn secondary gf-step', text: t('gf.stepN', { n: STEP_CHUNK }), onclick: () => trainTo(stepNow() + STEP_CHUNK) });
    const resetBtn = el('button', { type: 'button', class: 'btn secondary gf-reset', text: t('gf.reset'), onclick: () => rebuild() });
    const counter = el('span', { class: 'exp-counter gf-counter' });
    const progress = progressBar(ctx.i18n, () => pause());
    const alertBox = el('p', { class: 'error gf-alert', role: 'alert', hidden: true });
    const gradCanvas = el('canvas', { role: 'img', 'aria-label': t('gf.gradLabel') });
    const meanCanvas = el('canvas', { role: 'img', 'aria-label': t('gf.meanLabel') });
    const table = el('div', { class: 'exp-table-wrap gf-table' });
    const claim2 = claimCard(ctx.i18n, t('gf.claim'));
    const claim3 = claimCard(ctx.i18n, t('gf.claimMean'));
    claim2.node.classList.add('gf-claim-grad');
    claim3.node.classList.add('gf-claim-mean');
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('gf.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('gf.intro') })),
      el('div', { class: 'exp-layout' }, controls,
        el('div', { class: 'exp-main' }, el('div', { class: 'exp-bar' }, playBtn, stepBtn, resetBtn, counter), progress.node, alertBox,
          el('h3', { class: 'exp-chart-title', text: t('gf.gradTitle') }), el('div', { class: 'exp-chart gf-grad' }, gradCanvas),
          claim2.node, table,
          el('h3', { class: 'exp-chart-title', text: t('gf.meanTitle') }), el('div', { class: 'exp-chart short gf-mean' }, meanCanvas),
          claim3.node)));
    root.append(section);
    const gradChart = createLayerChart(gradCanvas);
    const meanChart = createLayerChart(meanCanvas);

    controls.append(el('fieldset', { class: 'group' }, el('legend', { text: t('gf.network') }),
      el('div', { class: 'exp-pair' },
        numberField(ctx.i18n, { name: 'gfd', label: t('gf.depth'), value: state.gfd, min: 2, max: 20, integer: true, onValue: (v) => change({ gfd: v }) }).node,
        numberField(ctx.i18n, { name: 'gfw', label: t('gf.width'), value: state.gfw, min: 2, max: 64, integer: true, onValue: (v) => change({ gfw: v }) }).node),
      checkList({ name: 'gfact', legend: t('gf.activations'), values: GRADFLOW_ACTIVATIONS, selected: state.gfact, nameOf: fnName,
        onChange: (list) => change({ gfact: list }) }),
      selectField({ name: 'gfinit', label: t('gf.init'), values: GRADFLOW_INITS, current: state.gfinit, nameOf: (v) => t(`gf.init.${v}`), onChange: (v) => change({ gfinit: v }) }),
      el('div', { class: 'exp-pair' },
        numberField(ctx.i18n, { name: 'gflr', label: t('gf.lr'), value: state.gflr, min: 0.0001, max: 10, onValue: (v) => change({ gflr: v }) }).node,
        numberField(ctx.i18n, { name: 'gfseed', label: t('gf.seed'), value: state.gfseed, min: 0, max: 999999, integer: true, onValue: (v) => change({ gfseed: v }) }).node),
      el('p', { class: 'hint', text: t('gf.hint') }), initHint));

    function change(patch) {
      ctx.setState(patch);
      rebuild();
    }

    const stepNow = () => (exp && exp.runs.length ? Math.max(...exp.runs.map((r) => r.step)) : 0);

    function rebuild() {
      pause();
      if (exp) exp.delete();
      exp = null;
      alertBox.hidden = true;
      initHint.hidden = state.gfinit === 'he';
      state.gfact.forEach((a) => ui.colours.set(a, activationColour(a, root)));
      if (!state.gfact.length) {
        alertBox.hidden = false;
        alertBox.textContent = t('xp.noneChosen');
        draw();
        return;
      }
      try {
        exp = createGradflow(engine, { depth: state.gfd, width: state.gfw, activations: state.gfact, init: state.gfinit, seed: state.gfseed, lr: state.gflr });
      } catch (e) {
        alertBox.hidden = false;
        alertBox.textContent = t('xp.error', { msg: errorText(e) });
      }
      draw();
    }

    // ---- training: steps in chunks within a frame budget, towards ui.target (Infinity = play)
    const loop = frameLoop(tick);

    function tick() {
      if (!ui.playing || !exp) return false;
      const t0 = performance.now();
      do {
        const k = Math.max(1, Math.min(ui.stepsPerFrame, ui.target - stepNow()));
        const c0 = performance.now();
        exp.train(k);
        const dt = performance.now() - c0;
        ui.stepsPerFrame = Math.max(1, Math.min(500, Math.round((k * FRAME_BUDGET_MS) / 2 / Math.max(dt, 0.05))));
      } while (performance.now() - t0 < FRAME_BUDGET_MS && stepNow() < ui.target && exp.runs.some((r) => !r.diverged));
      if (!ui.endless) progress.show(1 - (ui.target - stepNow()) / ui.chunk, t('gf.training', { step: stepNow(), target: ui.target }));
      if (stepNow() >= Math.min(ui.target, MAX_STEPS) || exp.runs.every((r) => r.diverged)) { pause(); return false; }
      draw();
      return true;
    }

    function trainTo(target) {
      if (!exp) return;
      ui.endless = !Number.isFinite(target);
      ui.target = Math.min(MAX_STEPS, target);
      ui.chunk = Math.max(1, ui.target - stepNow());
      ui.playing = true;
      section.dataset.state = 'running';
      loop.start();
      drawBar();
    }

    function play() { trainTo(Infinity); progress.hide(); }

    function pause() {
      ui.playing = false;
      loop.stop();
      progress.hide();
      if (exp && playBtn.isConnected) draw();
    }

    // ---- drawing
    function drawBar() {
      playBtn.textContent = ui.playing && ui.endless ? t('gf.pause') : t('gf.play');
      playBtn.setAttribute('aria-pressed', String(ui.playing && ui.endless));
      playBtn.disabled = !exp;
      stepBtn.disabled = !exp || (ui.playing && !ui.endless);
      const step = stepNow();
      counter.textContent = t('gf.counter', { step, epoch: fmt(exp && exp.data ? (step * 20) / exp.data.train.n : 0, 3) });
      counter.dataset.step = String(step);
      signal(section, 'step', step);
    }

    function bounds(lists) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const vs of lists) for (const v of vs) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      if (!Number.isFinite(lo)) return {};
      return { yMin: 10 ** Math.floor(Math.log10(lo)), yMax: 10 ** Math.ceil(Math.log10(hi) + 1e-9) };
    }

    function draw() {
      drawBar();
      if (!exp) {
        // Nothing to show (no activation chosen, or the settings failed): no stale numbers either.
        gradChart.update({ series: [], log: true });
        meanChart.update({ series: [], log: false });
        clear(table);
        claim2.setFound([t('ex.nothing')]);
        claim3.setFound([t('ex.nothing')]);
        delete section.dataset.ratios;
        if (!state.gfact.length) section.dataset.state = 'none';
        return;
      }
      const trained = stepNow() > 0;
      const name = (r) => (r.diverged ? `${fnName(r.activation)} (${t('gf.divergedShort')})` : fnName(r.activation));
      const series = (pick) => exp.runs.map((r) => ({
        label: name(r), colour: ui.colours.get(r.activation), values: pick(r.now),
        initial: trained ? pick(r.atInit) : null, initialLabel: `${fnName(r.activation)} · ${t('gf.atInit')}`,
      }));
      const gs = series((p) => p.gradNorms);
      gradChart.update({ series: gs, log: true, xLabel: t('gf.layerAxis'), yLabel: t('gf.gradAxis'), xTitle: (x) => t('gf.layerN', { l: x }),
        ...bounds(gs.flatMap((s) => [s.values, s.initial ?? []])) });
      const ms = series((p) => p.meanActivations);
      meanChart.update({ series: ms, log: false, xLabel: t('gf.hiddenAxis'), yLabel: t('gf.meanAxis'), xTitle: (x) => t('gf.hiddenN', { l: x }) });
      drawTable(trained);
      drawClaims(trained);
      section.dataset.ratios = JSON.stringify(exp.runs.map((r) => [r.activation, r.atInit.ratio, r.now.ratio]));
      if (!ui.playing) section.dataset.state = 'idle';
    }

    function drawTable(trained) {
      clear(table);
      const head = ['gf.col.fn', 'gf.col.ratioInit', ...(trained ? ['gf.col.ratioNow'] : []), 'gf.col.meanInit', 'gf.col.loss'];
      const tbl = el('table', { class: 'exp-table' }, el('thead', {}, el('tr', {}, ...head.map((k) => el('th', { scope: 'col', text: t(k) })))));
      const body = el('tbody');
      for (const r of exp.runs) {
        const meanAll = r.atInit.meanActivations.reduce((a, b) => a + b, 0) / Math.max(1, r.atInit.meanActivations.length);
        const cells = [fmt(r.atInit.ratio, 2), ...(trained ? [fmt(r.now.ratio, 2)] : []), fmt(meanAll, 2), r.diverged ? t('gf.divergedShort') : fmt(r.now.loss, 3)];
        body.append(el('tr', { dataset: { fn: r.activation, ratio: String(r.atInit.ratio), ratioNow: String(r.now.ratio), mean: String(meanAll) } },
          el('th', { scope: 'row' }, el('span', { class: 'exp-swatch', 'aria-hidden': 'true', style: null, dataset: { colour: ui.colours.get(r.activation) } }), fnName(r.activation)),
          ...cells.map((c) => el('td', { text: c }))));
      }
      tbl.append(body);
      table.append(tbl);
      // Colours through CSSOM (no inline style attribute is written under the page's CSP).
      for (const sw of table.querySelectorAll('.exp-swatch')) sw.style.background = sw.dataset.colour;
    }

    function drawClaims(trained) {
      const ratios = exp.runs.map((r) => t('gf.ratioItem', { fn: fnName(r.activation), v: fmt(r.atInit.ratio, 2) })).join(t('gf.listSep'));
      let text = t('gf.result', { depth: state.gfd, list: ratios });
      if (trained) {
        const now = exp.runs.map((r) => t('gf.ratioItem', { fn: fnName(r.activation), v: r.diverged ? t('gf.divergedShort') : fmt(r.now.ratio, 2) })).join(t('gf.listSep'));
        text += `${lang === 'zh' ? '' : ' '}${t('gf.resultNow', { step: stepNow(), list: now })}`;
      }
      // The verdict follows the numbers at initialisation, whichever way they go.
      const relu = exp.runs.find((r) => r.activation === 'relu');
      const saturating = exp.runs.filter((r) => r.activation === 'sigmoid' || r.activation === 'tanh');
      if (relu && saturating.length) {
        const more = saturating.filter((r) => r.atInit.ratio > relu.atInit.ratio).map((r) => fnName(r.activation));
        const sep = lang === 'zh' ? '' : ' ';
        text += sep + (more.length
          ? `${t('gf.verdict.mixed', { more: more.join(t('gf.listSep')) })}${sep}${t(`gf.why.${state.gfinit}`)}`
          : t('gf.verdict.yes', { list: saturating.map((r) => fnName(r.activation)).join(t('gf.listSep')) }));
      }
      claim2.setFound([text]);
      const means = exp.runs.map((r) => {
        const m = r.atInit.meanActivations;
        return t('gf.ratioItem', { fn: fnName(r.activation), v: fmt(m.reduce((a, b) => a + b, 0) / Math.max(1, m.length), 2) });
      }).join(t('gf.listSep'));
      claim3.setFound([t('gf.resultMean', { list: means })]);
    }

    rebuild();
    return {
      destroy() {
        pause();
        if (exp) exp.delete();
        exp = null;
        gradChart.destroy();
        meanChart.destroy();
        section.remove();
      },
    };
  },
};
