// The Dead ReLUs panel (experiments 6 and 7): the share of hidden neurons active on no training
// point during one training run, for ReLU and Leaky ReLU, and a sweep over learning rates
// (several seeds each) of the final share, with progress and Cancel. It states the lesson's
// claim beside what the sweep measured. Settings in the hash: dds, dlr, dseed, dseeds.
// Runs come from experiment.js; this file only schedules and draws them. A host that wants
// only the traced run (the guided lesson) mounts it with ctx.options.sweep = 'demand': the
// sweep then waits for its button (or shows a sweep this page already finished).

import { el, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import {
  DEAD_DATASETS, DEAD_SETUP, SWEEP_LRS, LEAKY_SLOPE, createDeadJob, sweepRuns, summarizeSweep, sweepHeadline,
} from './experiment.js';
import { createTraceChart, createSweepChart } from './chart.js';
import { claimCard } from '../../kit/claim_card.js';
import { progressBar } from '../../kit/progress_bar.js';
import { numberField } from '../../kit/fields.js';
import { runJob } from '../../kit/job.js';
import { pct } from '../../kit/numbers.js';

const TRACE_POINTS = 50;   // checkpoints along the traced run
// Finished runs by their settings: every run is seeded, so a re-mount (language switch, tab
// change) shows them at once instead of training again. Small: a few hundred numbers each.
const finished = new Map();

export default {
  id: 'dead',
  titleKey: 'panel.dead',

  /** Builds the panel in `root`. ctx: { engine, state, setState(patch), compact, options?: { sweep: 'demand' } }. */
  mount(root, ctx) {
    const { t, errorText } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    if (!DEAD_DATASETS.includes(state.dds)) state.dds = 'circle';
    state.dseed = Math.round(state.dseed);
    state.dseeds = Math.round(state.dseeds);
    const steps = DEAD_SETUP.steps;
    let traceRun = null, sweepRun = null;
    let sweepJob = null;
    let sweepT0 = 0;
    // The sweep runs on mount unless the host asked for it on demand; once asked, it follows the settings.
    let sweepWanted = ctx.options?.sweep !== 'demand';

    // ---- layout
    const headingId = uid('h');
    const section = el('section', { class: `panel panel-dead${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const alertBox = el('p', { class: 'error dead-alert', role: 'alert', hidden: true });
    const claim = claimCard(ctx.i18n, t('dead.claim'), 'dead-claim');
    const traceCanvas = el('canvas', { role: 'img', 'aria-label': t('dead.traceLabel') });
    const traceTitle = el('h3', { class: 'exp-chart-title dead-trace-title' });
    const traceText = el('div', { class: 'dead-trace-text' });
    const sweepCanvas = el('canvas', { role: 'img', 'aria-label': t('dead.sweepLabel') });
    const sweepTitle = el('h3', { class: 'exp-chart-title' });
    const progress = progressBar(ctx.i18n, () => cancelSweep());
    const table = el('table', { class: 'exp-table dead-table' });
    const sweepOffer = el('div', { class: 'card exp-card dead-offer', hidden: true },
      el('p', { class: 'dead-offer-text' }),
      el('button', { type: 'button', class: 'btn dead-start', text: t('dead.runSweep'), onclick: () => startSweep({ again: true }) }));
    const controls = el('form', { class: 'controls exp-controls', onsubmit: (e) => e.preventDefault() });
    const main = el('div', { class: 'exp-main' });
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('dead.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('dead.intro') })),
      el('div', { class: 'exp-layout' }, controls, main));
    const sweepCol = el('div', { class: 'chart-col' }, sweepTitle, sweepOffer, progress.node, el('div', { class: 'exp-chart dead-sweep' }, sweepCanvas),
      el('div', { class: 'exp-table-wrap' }, table));
    const traceCol = el('div', { class: 'chart-col' }, traceTitle, el('div', { class: 'exp-chart short dead-trace' }, traceCanvas), traceText);
    // On demand the traced run is what the host came for, so it leads.
    main.append(alertBox, ...(sweepWanted ? [sweepCol, claim.node, traceCol] : [traceCol, sweepCol, claim.node]),
      el('div', { class: 'card exp-card dead-leaky-note' }, el('h3', { text: t('dead.leakyTitle') }), el('p', { text: t('dead.leakyNote', { a: LEAKY_SLOPE }) }),
        el('p', { class: 'exp-note', text: t('dead.reproducible') })));
    root.append(section);

    const labels = { relu: t('dead.relu'), leaky_relu: t('dead.leaky', { a: LEAKY_SLOPE }) };
    const trace = createTraceChart(traceCanvas, { labels, stepLabel: t('dead.stepAxis'), yLabel: t('dead.yAxis') });
    const sweep = createSweepChart(sweepCanvas, { labels, lrLabel: t('dead.lrAxis'), yLabel: t('dead.yAxis'), claimLabel: t('dead.claimLine'), divergedLabel: t('dead.divergedRuns') });

    function showAlert(msg) { alertBox.hidden = !msg; alertBox.textContent = msg || ''; }

    // ---- controls
    const dsId = uid('ex');
    const dsSelect = el('select', { id: dsId, name: 'dds' });
    for (const d of DEAD_DATASETS) dsSelect.append(el('option', { value: d, selected: d === state.dds, text: t(`pg.ds.${d}`) }));
    dsSelect.addEventListener('change', () => { ctx.setState({ dds: dsSelect.value }); startTrace(); startSweep(); });
    const lrField = numberField(ctx.i18n, { label: t('dead.lr'), value: state.dlr, min: 1e-4, max: 100, name: 'dlr', cls: 'dead-lr',
      onValue: (v) => { ctx.setState({ dlr: v }); startTrace(); } });
    const seedField = numberField(ctx.i18n, { label: t('dead.seed'), value: state.dseed, min: 0, max: 999999, integer: true, name: 'dseed',
      onValue: (v) => { ctx.setState({ dseed: v }); startTrace(); } });
    const seedsField = numberField(ctx.i18n, { label: t('dead.seeds'), value: state.dseeds, min: 1, max: 10, integer: true, name: 'dseeds',
      onValue: (v) => { ctx.setState({ dseeds: v }); startSweep(); } });
    const rerun = el('button', { type: 'button', class: 'btn dead-rerun', text: t('dead.rerun'), onclick: () => startSweep({ again: true }) });
    controls.append(
      el('fieldset', { class: 'group' }, el('legend', { text: t('dead.setupTitle') }),
        el('div', { class: 'field exp-field' }, el('label', { for: dsId, text: t('dead.dataset') }), dsSelect),
        el('p', { class: 'hint', text: t('dead.setup', { steps, layers: DEAD_SETUP.layers.join('–'), n: DEAD_SETUP.points / 2, batch: DEAD_SETUP.batchSize }) })),
      el('fieldset', { class: 'group' }, el('legend', { text: t('dead.sweepGroup') }), seedsField.node,
        el('p', { class: 'hint', text: t('dead.grid', { lrs: SWEEP_LRS.map((v) => fmt(v)).join(', ') }) }), rerun),
      el('fieldset', { class: 'group' }, el('legend', { text: t('dead.traceGroup') }), lrField.node, seedField.node,
        el('p', { class: 'hint', text: t('dead.traceHint') })));

    // ---- one traced run of each activation
    function startTrace() {
      if (traceRun) traceRun.stop();
      signal(section, 'traceReady', 0);
      showAlert('');
      traceTitle.textContent = t('dead.traceTitle', { lr: fmt(state.dlr), seed: state.dseed });
      const cachedTrace = finished.get(`trace|${state.dds}|${state.dlr}|${state.dseed}`);
      if (cachedTrace) { drawTrace(cachedTrace); return; }
      let job;
      try {
        job = createDeadJob(engine, [{ act: 'relu', lr: state.dlr, seed: state.dseed }, { act: 'leaky_relu', lr: state.dlr, seed: state.dseed }],
          { dataset: state.dds, steps, every: steps / TRACE_POINTS });
      } catch (e) {
        showAlert(t('ex.runError', { msg: errorText(e) }));
        return;
      }
      const key = `trace|${state.dds}|${state.dlr}|${state.dseed}`;
      traceText.replaceChildren(el('p', { class: 'hint', text: t('ex.pending') }));
      traceRun = runJob(job, {
        onDone: () => { if (!job.cancelled) finished.set(key, job.results); drawTrace(job.results); },
        onError: (e) => showAlert(t('ex.runError', { msg: errorText(e) })),
      });
    }

    function drawTrace(results) {
      const series = {};
      for (const r of results) series[r.act] = r.checks.map((c) => ({ x: c.step, y: 100 * c.share }));
      trace.update({ series, steps });
      traceText.replaceChildren(...results.map((r) => {
        const key = r.diverged ? 'dead.trace.diverged' : r.act === 'relu' ? 'dead.trace.relu' : 'dead.trace.leaky';
        const p = el('p', { class: `dead-trace-${r.act}`, dataset: { share: String(r.share), loss: String(r.loss), initial: String(r.initialShare), revived: String(r.revived), mid: String(r.deadAtMid), diverged: String(r.diverged) } },
          el('span', { class: 'exp-key', dataset: { act: r.act } }),
          t(key, { fn: labels[r.act], p: pct(r.share), step: r.stepsDone, p0: pct(r.initialShare), k: r.deadAtMid, mid: r.midStep, r: r.revived, msg: errorText(r.error ?? r.message) }));
        return p;
      }));
      signal(section, 'traceReady', 1);
    }

    // ---- the sweep over learning rates
    // again: the button asked for it (runs even if this page has the result, and wants the sweep from now on).
    function startSweep({ again = false } = {}) {
      if (sweepRun) sweepRun.stop();
      showAlert('');
      sweepTitle.textContent = t('dead.sweepTitle', { seeds: state.dseeds, steps });
      const key = `sweep|${state.dds}|${state.dseeds}`;
      const cached = !again && finished.get(key);
      if (again) sweepWanted = true;
      showSweep(Boolean(sweepWanted || cached));
      if (cached) {
        sweepJob = cached.job;
        progress.finish(t('dead.doneIn', { total: cached.job.total, s: fmt(cached.seconds, 2) }), 1);
        section.dataset.sweep = 'done';
        drawSweep(cached.job);
        return;
      }
      if (!sweepWanted) {
        // Nothing runs until the button: no chart, no table, no partial numbers beside the claim.
        sweepJob = null;
        progress.hide();
        sweepOffer.querySelector('p').textContent = t('dead.offer', { total: sweepRuns({ seeds: state.dseeds }).length, lrs: SWEEP_LRS.length, seeds: state.dseeds });
        table.replaceChildren();
        claim.setFound([t('dead.found.demand')]);
        delete claim.node.dataset.worstLr;
        delete claim.node.dataset.worstMean;
        section.dataset.sweep = 'idle';
        return;
      }
      section.dataset.sweep = 'running';
      try {
        sweepJob = createDeadJob(engine, sweepRuns({ seeds: state.dseeds }), { dataset: state.dds, steps });
      } catch (e) {
        showAlert(t('ex.runError', { msg: errorText(e) }));
        return;
      }
      const job = sweepJob;
      sweepT0 = performance.now();
      let shown = -1;
      progress.show(0, t('dead.progress', { done: 0, total: job.total }));
      drawSweep(job);
      sweepRun = runJob(job, {
        onFrame: (p) => {
          progress.show(p.progress, t('dead.progress', { done: p.finished, total: p.total }));
          if (p.finished !== shown) { shown = p.finished; drawSweep(job); }
        },
        onDone: (p) => {
          if (job.cancelled) { progress.finish(); return; }
          const seconds = (performance.now() - sweepT0) / 1000;
          finished.set(key, { job, seconds });
          progress.finish(t('dead.doneIn', { total: p.total, s: fmt(seconds, 2) }), 1);
          section.dataset.sweep = 'done';
          drawSweep(job);
        },
        onError: (e) => { progress.finish(); section.dataset.sweep = 'error'; showAlert(t('ex.runError', { msg: errorText(e) })); },
      });
    }

    // The sweep's chart, table and Run-again button, or (on demand, before it ran) the offer to run it.
    function showSweep(on) {
      sweepOffer.hidden = on;
      for (const node of [sweepCanvas.parentElement, table.parentElement, rerun]) node.hidden = !on;
    }

    function cancelSweep() {
      if (!sweepRun || !sweepRun.running) return;
      sweepRun.stop();
      progress.finish(t('dead.cancelled', { done: sweepJob.finished, total: sweepJob.total }), sweepJob.finished / sweepJob.total);
      section.dataset.sweep = 'cancelled';
      drawSweep(sweepJob);
    }

    function drawSweep(job) {
      const summary = summarizeSweep(job.results);
      sweep.update({ summary, lrs: SWEEP_LRS });
      drawTable(summary);
      drawFound(summary, job);
    }

    function drawTable(summary) {
      const head = el('tr', {}, ...[t('dead.col.lr'), t('dead.col.relu'), t('dead.col.leaky'), t('dead.col.diverged'), t('dead.col.revived')].map((s) => el('th', { scope: 'col', text: s })));
      const body = el('tbody');
      for (const lr of SWEEP_LRS) {
        const r = summary.find((s) => s.lr === lr && s.act === 'relu');
        const l = summary.find((s) => s.lr === lr && s.act === 'leaky_relu');
        if (!r && !l) continue;
        const cell = (s) => el('td', { dataset: { mean: s && s.mean !== null ? String(s.mean) : '' }, text: s ? `${pct(s.mean)}${s.mean !== null && s.min !== s.max ? ` (${pct(s.min)}–${pct(s.max)})` : ''}` : '…' });
        body.append(el('tr', { dataset: { lr: String(lr) } },
          el('th', { scope: 'row', text: fmt(lr) }), cell(r), cell(l),
          el('td', { text: `${r ? `${r.diverged}/${r.n}` : '–'} · ${l ? `${l.diverged}/${l.n}` : '–'}` }),
          el('td', { text: r && r.deadAtMid ? `${r.revived}/${r.deadAtMid}` : '–' })));
      }
      table.replaceChildren(el('thead', {}, head), body);
    }

    function drawFound(summary, job) {
      const h = sweepHeadline(summary);
      if (!h) { claim.setFound([t(job.cancelled ? 'dead.found.none' : 'ex.pending')]); return; }
      const { worst, leaky, first } = h;
      const verdict = worst.mean >= 0.3 && worst.mean <= 0.5 ? 'near' : worst.mean > 0.5 ? 'more' : 'less';
      const lines = [
        t('dead.found.worst', { lr: fmt(worst.lr), p: pct(worst.mean), n: worst.n - worst.diverged, min: pct(worst.min), max: pct(worst.max), verdict: t(`dead.verdict.${verdict}`) }),
        t('dead.found.low', { lr: fmt(first.lr), p: pct(first.mean), init: pct(first.initial) }),
        h.deadAtMid ? t('dead.found.stay', { k: h.deadAtMid, mid: steps / 2, end: steps, r: h.revived, p: pct(1 - h.revived / h.deadAtMid) }) : null,
        leaky ? (leaky.mean !== null
          ? t('dead.found.leaky', { lr: fmt(leaky.lr), p: pct(leaky.mean), a: LEAKY_SLOPE })
          : t('dead.found.leakyAllDiv', { lr: fmt(leaky.lr) })) : null,
        h.leakyAtMid ? t('dead.found.leakyStay', { k: h.leakyAtMid, mid: steps / 2, end: steps, r: h.leakyRevived, p: pct(h.leakyRevived / h.leakyAtMid), rp: pct(h.deadAtMid ? h.revived / h.deadAtMid : 0) }) : null,
        leaky && leaky.diverged ? t('dead.found.diverged', { d: leaky.diverged, n: leaky.n, lr: fmt(leaky.lr) }) : null,
        job.finished < job.total ? t('dead.partial', { done: job.finished, total: job.total }) : null,
      ];
      claim.setFound(lines);
      claim.node.dataset.worstLr = String(worst.lr);
      claim.node.dataset.worstMean = String(worst.mean);
    }

    startTrace();
    startSweep();
    return {
      destroy() {
        if (traceRun) traceRun.stop();
        if (sweepRun) sweepRun.stop();
        trace.destroy();
        sweep.destroy();
      },
    };
  },
};
