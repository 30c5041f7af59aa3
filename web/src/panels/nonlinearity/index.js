// The "Why non-linearity" panel (issue 5, experiment 1): the same network trained on the
// circle twice, with the identity and with a non-linear activation, decision heatmaps side by
// side, the single matrix M = W_L ... W_1 and bias c the identity network multiplies out to
// (MathML), and the claim next to the measured accuracies. URL fields nld, nlw, nlact, nlseed.
// Numerics are in experiment.js; this file only drives and draws.

import { typeset } from '../../kit/tex.js';
import { el, clear, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { createDecisionChart } from '../../kit/decision_chart.js';
import { createHeatmapImage } from '../../kit/heatmap.js';
import { nonlinearityRun, NONLINEAR_CHOICES, NL_GRID } from './experiment.js';
import { claimCard } from '../../kit/claim_card.js';
import { progressBar } from '../../kit/progress_bar.js';
import { numberField, selectField } from '../../kit/fields.js';
import { jobFromGenerator } from '../../kit/job.js';
import { experimentRun } from '../../kit/experiment_run.js';
import { whole } from '../../kit/numbers.js';

const cache = { key: null, result: null };   // the last result; survives re-mounts (language switch)

function tex(node, source) {
  typeset(node, source, { display: true });
}

function texNum(v) {
  const s = fmt(v).replace(/−/g, '-');
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
  return m ? `${m[1]}\\times10^{${m[2]}}` : s;
}

const pct = (v) => `${fmt(100 * v, 3)}%`;

export default {
  id: 'nonlinearity',
  titleKey: 'panel.nonlinearity',

  mount(root, ctx) {
    const { t, fnName } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    state.nld = whole(state.nld, 1, 8, 2);
    state.nlw = whole(state.nlw, 2, 32, 8);
    state.nlseed = whole(state.nlseed, 0, 999999, 1);
    if (!NONLINEAR_CHOICES.includes(state.nlact)) state.nlact = 'tanh';
    ctx.setState({});

    const headingId = uid('h');
    const section = el('section', { class: `panel panel-nonlinearity${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const controls = el('form', { class: 'controls exp-controls', onsubmit: (e) => e.preventDefault() });
    const runBtn = el('button', { type: 'button', class: 'btn exp-primary nl-run', text: t('nl.run'), onclick: () => start(true) });
    const progress = progressBar(ctx.i18n, () => cancel());
    const alertBox = el('p', { class: 'error nl-alert', role: 'alert', hidden: true });
    const sides = ['linear', 'nonlinear'].map((which) => {
      const canvas = el('canvas', { role: 'img', 'aria-label': t(`nl.plot.${which}`) });
      const title = el('h3');
      const acc = el('p', { class: `nl-acc nl-acc-${which}` });
      const box = el('div', { class: `nl-side nl-${which}` }, title, el('div', { class: 'nl-plot' }, canvas), acc);
      return { which, canvas, title, acc, box };
    });
    const claim = claimCard(ctx.i18n, t('nl.claim'));
    const mathCard = el('section', { class: 'card nl-matrix', hidden: true });
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('nl.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('nl.intro') })),
      el('div', { class: 'exp-layout' }, controls,
        el('div', { class: 'exp-main' }, el('div', { class: 'exp-bar' }, runBtn), progress.node, alertBox,
          el('div', { class: 'nl-pair' }, sides[0].box, sides[1].box), claim.node, mathCard)));
    root.append(section);

    for (const s of sides) {
      s.chart = createDecisionChart(s.canvas, { onClick: () => {}, labels: (role, k) => t('nl.classN', { k }) });
      s.image = createHeatmapImage(NL_GRID, NL_GRID);
    }

    controls.append(el('fieldset', { class: 'group' }, el('legend', { text: t('nl.network') }),
      el('div', { class: 'exp-pair' },
        numberField(ctx.i18n, { name: 'nld', label: t('nl.depth'), value: state.nld, min: 1, max: 8, integer: true, onValue: (v) => change({ nld: v }) }).node,
        numberField(ctx.i18n, { name: 'nlw', label: t('nl.width'), value: state.nlw, min: 2, max: 32, integer: true, onValue: (v) => change({ nlw: v }) }).node),
      selectField({ name: 'nlact', label: t('nl.activation'), values: NONLINEAR_CHOICES, current: state.nlact, nameOf: fnName, onChange: (v) => change({ nlact: v }) }),
      numberField(ctx.i18n, { name: 'nlseed', label: t('nl.seed'), value: state.nlseed, min: 0, max: 999999, integer: true, onValue: (v) => change({ nlseed: v }) }).node,
      el('p', { class: 'hint', text: t('nl.hint') })));

    function change(patch) {
      ctx.setState(patch);
      start(false);
    }

    const settings = () => ({ depth: state.nld, width: state.nlw, activation: state.nlact, seed: state.nlseed });
    const runner = experimentRun(ctx.i18n, { section, button: runBtn, progress, alertBox, claim }, {
      makeJob: (s) => {
        for (const side of sides) side.title.textContent = t(`nl.title.${side.which}`, { fn: fnName(s.activation) });
        return jobFromGenerator(nonlinearityRun(engine, s));
      },
      progressText: (r) => (r && r.info ? t('nl.training', { done: r.info.done, total: r.info.total }) : t('nl.training', { done: 0, total: '…' })),
      draw,
      cache,
    });
    const start = (force) => runner.start(settings(), force);
    const cancel = () => runner.cancel();

    function draw(r) {
      const s = r.settings;
      const d = r.data;
      for (const side of sides) {
        const m = r[side.which];
        side.title.textContent = t(`nl.title.${side.which}`, { fn: fnName(s.activation) });
        side.chart.setData({ inputs: 2, box: r.box, classes: 2, train: d.train, test: d.test, showTest: false });
        side.image.paint(m.grid, 1);
        side.chart.setOutputs({ image: side.image.canvas });
        clear(side.acc);
        side.acc.append(t('nl.accuracy'), ' ', el('strong', { text: pct(m.testAccuracy) }), ' ', el('span', { class: 'muted', text: t('nl.trainAcc', { acc: pct(m.trainAccuracy) }) }));
        side.acc.dataset.test = String(m.testAccuracy);
        side.acc.dataset.train = String(m.trainAccuracy);
      }
      const lin = r.linear;
      const L = s.depth + 1;
      claim.setFound([t('nl.result', {
        lin: pct(lin.testAccuracy), fn: fnName(s.activation), non: pct(r.nonlinear.testAccuracy), layers: L,
        regions: lin.regions, on: lin.line.onLine, rows: lin.line.rows, steps: s.steps,
      }),
      // A smooth activation is nearly affine near 0, where small initial weights keep a deep stack.
      r.nonlinear.testAccuracy < 0.9 && !['relu', 'leaky_relu'].includes(s.activation)
        ? t('nl.nearLinear', { fn: fnName(s.activation), non: pct(r.nonlinear.testAccuracy), steps: s.steps }) : null]);
      clear(mathCard);
      mathCard.hidden = false;
      mathCard.dataset.m = JSON.stringify(lin.M);
      mathCard.dataset.c = JSON.stringify(lin.c);
      const product = Array.from({ length: L }, (_, i) => `W_{${L - i}}`).join('');
      const eq1 = el('div', { class: 'math nl-math nl-m' });
      tex(eq1, `M = ${product} = \\begin{pmatrix} ${lin.M[0].map(texNum).join(' & ')} \\end{pmatrix},\\quad c = ${texNum(lin.c[0])}`);
      const [a, b] = lin.M[0];
      const eq2 = el('div', { class: 'math nl-math nl-line' });
      const sign = (v) => (v < 0 ? `- ${texNum(-v)}` : `+ ${texNum(v)}`);
      tex(eq2, `\\sigma(M\\mathbf{x} + c) = \\tfrac12 \\iff ${texNum(a)}\\,x_1 ${sign(b)}\\,x_2 ${sign(lin.c[0])} = 0`);
      mathCard.append(el('h3', { text: t('nl.matrixTitle', { layers: L }) }), el('p', { text: t('nl.matrixText', { layers: L, shapes: shapes(s) }) }), eq1,
        el('p', { text: t('nl.lineText') }), eq2);
    }

    function shapes(s) {
      const sizes = [2, ...Array(s.depth).fill(s.width), 1];
      return sizes.slice(1).map((n, i) => `${n}×${sizes[i]}`).join(', ');
    }

    start(false);
    return {
      destroy() {
        runner.stop();
        for (const s of sides) s.chart.destroy();
        section.remove();
      },
    };
  },
};
