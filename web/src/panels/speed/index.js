// The Speed panel (experiment 5): nanoseconds per element of f and f' for the chosen
// activations, timed live in this browser by the core (experiment.js), one activation
// per animation frame with progress and Cancel, as horizontal bars; those that need exp are
// marked. Settings in the hash: spfn (the activations).

import { STATIC_CHART, THEME, chartFont, createChart } from '../../kit/charts.js';
import { el, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { SPEED_DEFAULT, createSpeedJob } from './experiment.js';
import { claimCard } from '../../kit/claim_card.js';
import { progressBar } from '../../kit/progress_bar.js';
import { runJob } from '../../kit/job.js';


const FWD = '#0072B2';
const BWD = '#56B4E9';
const EXP_MARK = ' · eˣ';

export default {
  id: 'speed',
  titleKey: 'panel.speed',

  mount(root, ctx) {
    const { t, fnName, errorText } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    const catalogue = engine.activations();
    const known = new Set(catalogue.map((a) => a.name));
    const unknown = state.spfn.filter((n) => !known.has(n));
    state.spfn = state.spfn.filter((n) => known.has(n));
    let run = null, job = null, t0 = 0;

    const headingId = uid('h');
    const section = el('section', { class: `panel panel-speed${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const alertBox = el('p', { class: 'error speed-alert', role: 'alert', hidden: !unknown.length, text: unknown.length ? t('speed.unknown', { names: unknown.join(', ') }) : '' });
    const claim = claimCard(ctx.i18n, t('speed.claim'), 'speed-claim');
    const canvas = el('canvas', { role: 'img', 'aria-label': t('speed.chartLabel') });
    const chartBox = el('div', { class: 'exp-chart speed-chart' }, canvas);
    const progress = progressBar(ctx.i18n, () => cancel());
    const table = el('table', { class: 'exp-table speed-table' });
    const controls = el('form', { class: 'controls exp-controls', onsubmit: (e) => e.preventDefault() });
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('speed.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('speed.intro') })),
      el('div', { class: 'exp-layout' }, controls, el('div', { class: 'exp-main' }, alertBox,
        el('div', { class: 'chart-col' }, el('h3', { class: 'exp-chart-title', text: t('speed.chartTitle') }), progress.node, chartBox,
          el('p', { class: 'hint exp-legend' }, el('span', {}, el('span', { class: 'exp-key fwd' }), t('speed.fwd')), el('span', {}, el('span', { class: 'exp-key bwd' }), t('speed.bwd')), el('span', { text: t('speed.expKey', { mark: EXP_MARK.trim() }) }))),
        claim.node,
        el('div', { class: 'card exp-card' }, el('div', { class: 'exp-table-wrap' }, table),
          el('p', { class: 'exp-note', text: t('speed.caveat') })))));
    root.append(section);

    const font = chartFont(11);
    const chart = createChart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [
        { label: t('speed.fwd'), data: [], backgroundColor: FWD, borderWidth: 0, barPercentage: 0.9, categoryPercentage: 0.8 },
        { label: t('speed.bwd'), data: [], backgroundColor: BWD, borderWidth: 0, barPercentage: 0.9, categoryPercentage: 0.8 },
      ] },
      options: {
        ...STATIC_CHART,
        indexAxis: 'y',
        scales: {
          x: { beginAtZero: true, ticks: { color: THEME.text, font, callback: (v) => fmt(v) }, grid: { color: THEME.grid }, title: { display: true, text: t('speed.axis'), color: THEME.text, font } },
          y: { ticks: { color: THEME.text, font: { ...font, size: 12 }, autoSkip: false }, grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (i) => `${i.dataset.label}: ${fmt(i.parsed.x, 3)} ns` } },
        },
      },
    });

    // ---- controls: which activations
    const checks = el('div', { class: 'exp-checks' });
    function buildChecks() {
      checks.replaceChildren(...catalogue.map((a) => {
        const box = el('input', { type: 'checkbox', name: 'spfn', value: a.name, checked: state.spfn.includes(a.name) });
        box.addEventListener('change', () => {
          const set = new Set(state.spfn);
          if (box.checked) set.add(a.name); else set.delete(a.name);
          ctx.setState({ spfn: catalogue.map((c) => c.name).filter((n) => set.has(n)) });
        });
        return el('label', { class: 'check' }, box, el('span', { text: `${fnName(a.name)}${a.usesExp ? EXP_MARK : ''}` }));
      }));
    }
    const pick = (names) => { ctx.setState({ spfn: names }); buildChecks(); };
    controls.append(el('fieldset', { class: 'group' }, el('legend', { text: t('speed.which') }),
      el('div', { class: 'exp-row' },
        el('button', { type: 'button', class: 'btn secondary speed-default', text: t('speed.pickDefault'), onclick: () => pick(SPEED_DEFAULT.slice()) }),
        el('button', { type: 'button', class: 'btn secondary speed-all', text: t('speed.pickAll'), onclick: () => pick(catalogue.map((a) => a.name)) }),
        el('button', { type: 'button', class: 'btn secondary speed-none', text: t('speed.pickNone'), onclick: () => pick([]) })),
      checks,
      el('button', { type: 'button', class: 'btn speed-run', text: t('speed.run'), onclick: () => start() }),
      el('p', { class: 'hint', text: t('speed.method', { rounds: 3 }) })));
    buildChecks();

    function start() {
      if (run) run.stop();
      if (!state.spfn.length) { alertBox.hidden = false; alertBox.textContent = t('xp.noneChosen'); return; }
      alertBox.hidden = true;
      job = createSpeedJob(engine, state.spfn.slice());
      const j = job;
      t0 = performance.now();
      section.dataset.speed = 'running';
      progress.show(0, t('speed.progress', { done: 0, total: j.total, round: 1, rounds: j.rounds }));
      draw(j);
      run = runJob(j, {
        budgetMs: 8,
        onFrame: (p) => { progress.show(p.progress, t('speed.progress', { done: p.round > 1 ? p.total : p.finished, total: p.total, round: p.round, rounds: p.rounds })); draw(j); },
        onDone: (p) => {
          progress.finish(t('speed.doneIn', { total: p.total, s: fmt((performance.now() - t0) / 1000, 2) }));
          section.dataset.speed = 'done';
        },
        onError: (e) => { progress.finish(); section.dataset.speed = 'error'; alertBox.hidden = false; alertBox.textContent = t('ex.runError', { msg: errorText(e) }); },
      });
    }

    function cancel() {
      if (!run || !run.running) return;
      run.stop();
      progress.finish(t('speed.cancelled', { done: job.results.length, total: job.total }));
      section.dataset.speed = 'cancelled';
    }

    function draw(j) {
      const rows = j.results.slice().sort((a, b) => (a.forwardNs ?? 0) - (b.forwardNs ?? 0));
      chart.data.labels = rows.map((r) => `${fnName(r.name)}${r.usesExp ? EXP_MARK : ''}`);
      chart.data.datasets[0].data = rows.map((r) => r.forwardNs ?? 0);
      chart.data.datasets[1].data = rows.map((r) => r.backwardNs ?? 0);
      chartBox.style.height = `${Math.max(200, 60 + 28 * Math.max(rows.length, Math.min(j.total, 8)))}px`;
      chart.resize();
      chart.update('none');
      const head = el('tr', {}, ...[t('speed.col.fn'), t('speed.col.fwd'), t('speed.col.bwd'), t('speed.col.exp')].map((s) => el('th', { scope: 'col', text: s })));
      table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows.map((r) => el('tr', { dataset: { name: r.name, fwd: String(r.forwardNs), bwd: String(r.backwardNs), rounds: String(r.rounds) } },
        el('th', { scope: 'row', text: fnName(r.name) }), el('td', { text: ns(r.forwardNs) }), el('td', { text: ns(r.backwardNs) }),
        el('td', { text: r.usesExp ? t('speed.yes') : '–' })))));
      found(rows, j);
    }

    // A time for display; null (no round measured more than 0) says so.
    function ns(v) { return v === null || v === undefined ? t('speed.tooFast') : fmt(v, 3); }

    function found(rows, j) {
      const by = new Map(rows.map((r) => [r.name, r]));
      const relu = by.get('relu');
      const exp = rows.filter((r) => r.usesExp), plain = rows.filter((r) => !r.usesExp);
      const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null; };
      const lines = [];
      if (relu) lines.push(t('speed.found.relu', { f: ns(relu.forwardNs), b: ns(relu.backwardNs) }));
      const others = ['sigmoid', 'tanh', 'gelu'].map((n) => by.get(n)).filter(Boolean);
      if (relu && relu.forwardNs && others.length) {
        lines.push(others.map((o) => t('speed.found.vs', { fn: fnName(o.name), f: ns(o.forwardNs), b: ns(o.backwardNs), k: fmt(o.forwardNs / relu.forwardNs, 2) })).join(' · '));
      }
      if (exp.length && plain.length) {
        const me = median(exp.map((r) => r.forwardNs ?? 0)), mp = median(plain.map((r) => r.forwardNs ?? 0));
        lines.push(t('speed.found.groups', { e: fmt(me, 3), p: fmt(mp, 3), k: fmt(me / mp, 2), ne: exp.length, np: plain.length }));
      }
      if (!lines.length) lines.push(t(j.results.length ? 'speed.found.pickRelu' : 'ex.pending'));
      lines.push(t('speed.found.machine'));
      claim.setFound(lines);
    }

    start();
    return {
      destroy() {
        if (run) run.stop();
        chart.destroy();
      },
    };
  },
};
