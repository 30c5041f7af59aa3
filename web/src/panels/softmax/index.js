// The Softmax panel (experiment 8): up to 10 scores on sliders (and number boxes), the
// temperature, a variant switch (softmax / log_softmax / softmin), the result as bars, the
// probabilities and log-probabilities in a table with their sum, presets including scores of
// 1000 and more, and why the core subtracts the maximum. Hash fields: sms, smt, smv.
// The numbers come from softmax_model.js (engine.softmax); this file only shows them.

import { STATIC_CHART, THEME, chartFont, createChart } from '../../kit/charts.js';
import { typeset as typesetTex } from '../../kit/tex.js';
import { el, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { SOFTMAX_VARIANTS, MAX_SCORES, PRESETS, softmaxView } from './model.js';
import { claimCard } from '../../kit/claim_card.js';
import { parseDecimal } from '../../kit/numbers.js';


const SCORE_LIMIT = 1e6;

// The formula of each variant (exported for tests/web/tex.test.mjs, which typesets them).
export const FORMULA = {
  softmax: 'p_i = \\frac{e^{s_i/T}}{\\sum_j e^{s_j/T}} = \\frac{e^{(s_i - m)/T}}{\\sum_j e^{(s_j - m)/T}}, \\qquad m = \\max\\nolimits_j\\, s_j',
  log_softmax: '\\log p_i = \\frac{s_i - m}{T} - \\log \\sum_j e^{(s_j - m)/T}, \\qquad m = \\max\\nolimits_j\\, s_j',
  softmin: 'q_i = \\frac{e^{-s_i/T}}{\\sum_j e^{-s_j/T}} = \\operatorname{softmax}(-s)_i',
};

function typeset(node, tex) {
  typesetTex(node, tex, { display: true });
}

function parseScore(raw) {
  const v = parseDecimal(String(raw));
  return v !== undefined && Math.abs(v) <= SCORE_LIMIT ? v : undefined;
}

export default {
  id: 'softmax',
  titleKey: 'panel.softmax',

  mount(root, ctx) {
    const { t, errorText } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    if (!Array.isArray(state.sms) || state.sms.length === 0) state.sms = PRESETS.example.slice();
    state.sms = state.sms.slice(0, MAX_SCORES);
    if (!SOFTMAX_VARIANTS.includes(state.smv)) state.smv = 'softmax';

    const headingId = uid('h');
    const section = el('section', { class: `panel panel-softmax${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const claim = claimCard(ctx.i18n, t('sm.claim'), 'sm-claim');
    const alertBox = el('p', { class: 'error sm-alert', role: 'alert', hidden: true });
    const canvas = el('canvas', { role: 'img', 'aria-label': t('sm.chartLabel') });
    const chartTitle = el('h3', { class: 'exp-chart-title' });
    const sumLine = el('p', { class: 'sm-sum', 'aria-live': 'polite' });
    const table = el('table', { class: 'exp-table sm-table' });
    const formula = el('div', { class: 'sm-formula math' });
    const stable = el('div', { class: 'card exp-card sm-stable' });
    const controls = el('form', { class: 'controls exp-controls', onsubmit: (e) => e.preventDefault() });
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('sm.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('sm.intro') })),
      el('div', { class: 'exp-layout' }, controls, el('div', { class: 'exp-main' },
        el('div', { class: 'chart-col' }, chartTitle, formula, el('div', { class: 'exp-chart short sm-chart' }, canvas), sumLine,
          el('div', { class: 'exp-table-wrap' }, table)),
        claim.node, stable)));
    root.append(section);

    const font = chartFont(11);
    const chart = createChart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], backgroundColor: '#0072B2', borderWidth: 0, barPercentage: 0.8 }] },
      options: {
        ...STATIC_CHART,
        scales: {
          x: { ticks: { color: THEME.text, font: { ...font, size: 12 } }, grid: { display: false } },
          y: { ticks: { color: THEME.text, font, callback: (v) => fmt(v, 3) }, grid: { color: THEME.grid } },
        },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (i) => fmt(i.parsed.y, 6) } } },
      },
    });

    // ---- controls
    const scoresBox = el('div', { class: 'sm-scores' });
    const scoreError = el('p', { class: 'field-error sm-score-error', role: 'alert', hidden: true });
    const addBtn = el('button', { type: 'button', class: 'btn secondary sm-add', text: t('sm.add'), onclick: () => setScores([...state.sms, 0]) });
    const tempId = uid('ex');
    const tempSlider = el('input', { id: tempId, type: 'range', min: -2, max: 2, step: 0.01, value: Math.log10(state.smt), name: 'smt' });
    const tempValue = el('output', { for: tempId, class: 'sm-temp-value' });
    tempSlider.addEventListener('input', () => {
      const v = Number((10 ** Number(tempSlider.value)).toPrecision(3));
      ctx.setState({ smt: v });
      update();
    });
    const variants = el('fieldset', { class: 'exp-radios sm-variants' }, el('legend', { class: 'field-label', text: t('sm.variant') }));
    for (const v of SOFTMAX_VARIANTS) {
      const input = el('input', { type: 'radio', name: `smv-${headingId}`, value: v, checked: v === state.smv, dataset: { field: 'smv' } });
      input.addEventListener('change', () => { if (input.checked) { ctx.setState({ smv: v }); update(); } });
      variants.append(el('label', { class: 'check' }, input, el('span', { text: t(`sm.v.${v}`) })));
    }
    const presets = el('div', { class: 'exp-row' }, ...Object.keys(PRESETS).map((k) => el('button', {
      type: 'button', class: `btn secondary sm-preset sm-preset-${k}`, text: t(`sm.preset.${k}`), onclick: () => setScores(PRESETS[k].slice()),
    })));
    controls.append(
      el('fieldset', { class: 'group' }, el('legend', { text: t('sm.scores') }), scoresBox, scoreError, addBtn),
      el('fieldset', { class: 'group' }, el('legend', { text: t('sm.settings') }),
        el('div', { class: 'field' }, el('label', { for: tempId, class: 'field-label' }, t('sm.temperature'), ' ', tempValue), tempSlider,
          el('p', { class: 'hint', text: t('sm.tempHint') })),
        variants),
      el('fieldset', { class: 'group' }, el('legend', { text: t('sm.presets') }), presets));

    function setScores(list) {
      ctx.setState({ sms: list.slice(0, MAX_SCORES) });
      scoreError.hidden = true;
      buildScores();
      update();
    }

    function sliderRange() {
      // [-10, 10] for everyday scores; around the scores otherwise (e.g. 990..1012 for 1000..1002).
      const lo = Math.min(...state.sms), hi = Math.max(...state.sms);
      if (lo >= -10 && hi <= 10) return [-10, 10];
      return [Math.floor(lo) - 10, Math.ceil(hi) + 10];
    }

    function buildScores() {
      const [lo, hi] = sliderRange();
      scoresBox.replaceChildren(...state.sms.map((v, i) => {
        const id = uid('sm');
        const slider = el('input', { type: 'range', min: lo, max: hi, step: 0.1, value: v, 'aria-label': t('sm.scoreN', { i: i + 1 }), dataset: { i: String(i) } });
        const box = el('input', { id, type: 'text', inputmode: 'decimal', class: 'num', value: fmt(v, 8).replace(/−/g, '-'), name: `sms${i}`, autocomplete: 'off', dataset: { i: String(i) } });
        slider.addEventListener('input', () => {
          const next = state.sms.slice();
          next[i] = Number(slider.value);
          box.value = String(next[i]);
          box.setAttribute('aria-invalid', 'false');
          ctx.setState({ sms: next });
          scoreError.hidden = true;
          update();
        });
        box.addEventListener('change', () => {
          const parsed = parseScore(box.value);
          if (parsed === undefined) {
            box.setAttribute('aria-invalid', 'true');
            scoreError.hidden = false;
            scoreError.textContent = t('sm.scoreError', { i: i + 1, max: '10⁶', last: fmt(state.sms[i]) });
            return;
          }
          box.setAttribute('aria-invalid', 'false');
          scoreError.hidden = true;
          const next = state.sms.slice();
          next[i] = parsed;
          ctx.setState({ sms: next });
          if (parsed < Number(slider.min) || parsed > Number(slider.max)) buildScores();
          else slider.value = String(parsed);
          update();
        });
        const remove = el('button', { type: 'button', class: 'icon-btn sm-remove', 'aria-label': t('sm.remove', { i: i + 1 }), title: t('sm.remove', { i: i + 1 }), text: '×',
          disabled: state.sms.length <= 1, onclick: () => setScores(state.sms.filter((_, k) => k !== i)) });
        return el('div', { class: 'sm-score' }, el('label', { for: id, text: `s${sub(i + 1)}` }), slider, box, remove);
      }));
      addBtn.disabled = state.sms.length >= MAX_SCORES;
      addBtn.textContent = state.sms.length >= MAX_SCORES ? t('sm.max', { n: MAX_SCORES }) : t('sm.add');
    }

    // Which score gets the largest share; scores whose shares are equal tie, and it says so.
    function topShare(probs, variant) {
      const max = Math.max(...probs);
      const top = probs.flatMap((q, i) => (q === max ? [i] : []));
      const p = fmt(max, 4);
      if (top.length === 1) return t(variant === 'softmin' ? 'sm.found.topMin' : 'sm.found.top', { i: sub(top[0] + 1), p });
      if (top.length === probs.length) return t('sm.found.allEqual', { n: probs.length, p });
      const list = new Intl.ListFormat(ctx.i18n.htmlLang, { type: 'conjunction' }).format(top.map((i) => `s${sub(i + 1)}`));
      return t(variant === 'softmin' ? 'sm.found.topMinTie' : 'sm.found.topTie', { list, p });
    }

    function update() {
      const T = state.smt, variant = state.smv;
      tempValue.textContent = `T = ${fmt(T, 3)}`;
      let view;
      try {
        view = softmaxView(engine, state.sms, T, variant);
        alertBox.hidden = true;
      } catch (e) {
        alertBox.hidden = false;
        alertBox.textContent = t('sm.error', { msg: errorText(e) });
        return;
      }
      const labels = state.sms.map((_, i) => `s${sub(i + 1)} = ${fmt(state.sms[i])}`);
      const isLog = variant === 'log_softmax';
      chartTitle.textContent = t(`sm.chart.${variant}`);
      typeset(formula, FORMULA[variant]);
      chart.data.labels = labels;
      chart.data.datasets[0].data = view.y;
      chart.data.datasets[0].backgroundColor = isLog ? '#D55E00' : variant === 'softmin' ? '#009E73' : '#0072B2';
      const y = chart.options.scales.y;
      if (isLog) { y.min = undefined; y.max = 0; } else { y.min = 0; y.max = 1; }
      chart.update('none');
      sumLine.textContent = t(isLog ? 'sm.sumLog' : 'sm.sum', { sum: view.sum.toPrecision(15) });
      sumLine.dataset.sum = String(view.sum);
      const head = el('tr', {}, ...[t('sm.col.i'), t('sm.col.score'), t(variant === 'softmin' ? 'sm.col.q' : 'sm.col.p'), t('sm.col.logp'), t('sm.col.naive')].map((s) => el('th', { scope: 'col', text: s })));
      table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...state.sms.map((s, i) => el('tr', { dataset: { i: String(i), p: String(view.probs[i]), logp: String(view.logProbs[i]), y: String(view.y[i]) } },
        el('th', { scope: 'row', text: `s${sub(i + 1)}` }), el('td', { text: fmt(s, 6) }), el('td', { class: 'sm-p', text: fmt(view.probs[i], 6) }),
        el('td', { class: 'sm-logp', text: fmt(view.logProbs[i], 6) }), el('td', { class: 'sm-naive', text: fmt(view.naive.probs[i], 6) })))));
      drawStable(view, T);
      claim.setFound([
        t('sm.found.sum', { sum: view.sum.toPrecision(15) }),
        topShare(view.probs, variant),
        t(view.naive.finite ? 'sm.found.naiveOk' : 'sm.found.naiveBad'),
      ]);
      section.dataset.ready = '1';
    }

    function drawStable(view, T) {
      const m = view.shift * T * (state.smv === 'softmin' ? -1 : 1);
      stable.replaceChildren(el('h3', { text: t('sm.stableTitle') }),
        el('p', { text: t('sm.stable1') }),
        el('p', { class: 'sm-stable-now', text: view.naive.finite
          ? t('sm.stableOk', { e: fmt(view.naive.expMax, 4), m: fmt(m) })
          : t('sm.stableBad', { m: fmt(m) }) }),
        el('p', { class: 'exp-note', text: t('sm.stable2') }));
    }

    buildScores();
    update();
    return { destroy() { chart.destroy(); } };
  },
};

function sub(n) {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
}
