// The Regions panel: the exact linear regions of a piecewise-linear network, drawn over the
// input plane while it trains, with their count over training; a click shows one point's
// activation pattern and local linear map M = (A, c), two points a and b show M1 != M2 and the
// boundaries between them. The network is the panel's own (fields rsrc, rds, ract, rw, rd,
// rseed) or the Playground's; view fields rcol, rdata, and the points rpt. Numerics are the engine's.

import { el, clear, uid, focusedElement } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { createLossChart } from '../../kit/loss_chart.js';
import { patternColour, slopeColour, slopeGradientStops, cellsImageJob } from './regions_plugin.js';
import { createRegionsChart } from './chart.js';
import { palette } from '../../kit/charts.js';
import { tex, mapTex, texNum, patternGrid, patternDiff, productName } from './detail.js';
import {
  OWN_DATASETS, ownActivations, takeOwnNet, takePlaygroundNet, recordCounts, historyOf, hiddenActivations,
} from './model.js';
import { plotBox } from '../../kit/training.js';
import { normalisePlayground } from '../../kit/network_session.js';
import { frameLoop, frameSpent } from '../../kit/frame_loop.js';
import { runJob, jobFromGenerator } from '../../kit/job.js';
import { warmCore, isCold } from '../../kit/warm_core.js';
import { createViews, VIEWS, OWN_NETS } from './views.js';
import { segmentAlong, complete } from './counting.js';

const FRAME_BUDGET_MS = 10;     // training per animation frame
const MAX_STEPS_PER_FRAME = 25;     // slow enough to watch the cells move (~1,500 steps/s)
const MIN_REGIONS_INTERVAL = 150;   // ms between region recomputations while training
const REGIONS_SLICE_MS = 10;        // work on a large partition per animation frame
const SYNC_CELLS = 500;             // partitions up to this many cells are drawn at once
const SYNC_NEURONS = 160;           // nets with more hidden neurons start their cells a frame later,
                                    // and a Playground net that large is built over frames (load())

export default {
  id: 'regions',
  titleKey: 'panel.regions',

  /** Builds the panel in `root`. ctx: { engine, state, setState(patch), compact }. */
  mount(root, ctx) {
    const { t, fnName, errorText } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    const exact = engine.piecewiseLinear();   // activations the core partitions exactly
    warmCore(engine);   // its code optimised before a large net's first frames (kit/warm_core.js)
    state.rw = Math.round(state.rw);
    state.rd = Math.round(state.rd);
    state.rseed = Math.round(state.rseed);
    ctx.setState({});
    const ui = { playing: false, next: 'a', points: [null, null], lastRegionsAt: 0, regionsMs: 0, paintMs: 0, countsAt: 0, cellsStep: 0, cellsProgress: null };
    let net = null;            // the source (regions_model.js)
    let reg = null;            // last engine.regions result, or null
    let regError = '';         // why there are no regions ('' = there are)
    let model = null;          // exported network fields of the current weights
    let regRun = null;         // the partition being computed over frames (kit/job.js), or null
    let loading = null;        // a large Playground network being built over frames (load()), or null

    // ---- layout
    const headingId = uid('h');
    const section = el('section', { class: `panel panel-regions${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const controls = el('form', { class: 'controls rg-controls', onsubmit: (e) => e.preventDefault() });
    const playBtn = el('button', { type: 'button', class: 'btn rg-play', onclick: () => (ui.playing ? pause() : play()) });
    const resetBtn = el('button', { type: 'button', class: 'btn secondary rg-reset', text: t('rg.reset'), onclick: () => reset() });
    const counter = el('span', { class: 'rg-counter' });
    const alertBox = el('p', { class: 'error rg-alert', role: 'alert', hidden: true });
    const plotCanvas = el('canvas', { role: 'img', 'aria-label': t('rg.plotLabel') });
    const plotFrame = el('div', { class: 'rg-plot' }, plotCanvas);
    const smoothBox = el('div', { class: 'rg-smooth', role: 'status', hidden: true });
    const legend = el('div', { class: 'chart-legend rg-legend' });
    const readouts = el('dl', { class: 'rg-readouts', 'aria-live': 'off' });
    // For screen readers: the counts, said when they change while training is stopped.
    const countStatus = el('p', { class: 'sr-only rg-status', role: 'status' });
    const countCanvas = el('canvas', { role: 'img', 'aria-label': t('rg.countLabel') });
    const side = el('div', { class: 'rg-side' });
    // The sub-views (views.js) see the current network, its cells and the points a and b.
    const views = createViews({ ctx, section, engine, get: () => ({ reg, model, net, exact: !!reg || (!!model && !regError), points: ui.points,
      box: net && net.meta ? net.meta.box : null, inputs: net && net.meta ? net.meta.inputs : 2, epoch: net && net.last ? net.last.epoch : 0 }) });
    const partView = el('div', { class: 'rg-part' },
      el('div', { class: 'rg-plot-wrap' }, plotFrame, smoothBox), legend,
      el('p', { class: 'hint rg-click-hint', text: t('rg.clickHint') }),
      readouts, countStatus,
      el('h3', { class: 'rg-count-title', text: t('rg.countTitle') }),
      el('div', { class: 'rg-count' }, countCanvas));
    const playBar = el('div', { class: 'rg-playbar' }, playBtn, resetBtn, counter);
    const centre = el('div', { class: 'chart-col rg-centre' }, playBar, alertBox, partView, views.box);
    // The sub-view choice heads the controls (kept across their rebuilds; no height above the plot).
    const viewBar = el('fieldset', { class: 'group rg-views' }, el('legend', { text: t('rg.v.label') }),
      VIEWS.map((v) => {
        const input = el('input', { type: 'radio', name: `rv-${headingId}`, value: v, checked: v === state.rv });
        input.addEventListener('change', () => showView(v));
        return el('label', { class: 'check' }, input, el('span', { text: t(`rg.v.${v}`) }));
      }));
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('rg.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('rg.intro') })),
      el('div', { class: 'rg-layout' }, controls, centre, side));

    function showView(v) {
      ctx.setState({ rv: v });
      const back = partView.hidden && v === 'partition';
      partView.hidden = side.hidden = v !== 'partition';
      // A view of other networks: no Play, Reset or step counter, no settings of the panel's
      // net or of its plot, and the net rests.
      playBar.hidden = OWN_NETS.has(v);
      showNetControls();
      if (playBar.hidden) pause();
      views.show(v);
      if (back && painted) paint();   // the cards and the segment a -> b (not made behind a sub-view)
    }
    root.append(section);

    const chart = createRegionsChart(plotCanvas, {
      onClick: (p, { shift }) => place(p, shift ? 'b' : ui.next),
      labels: { cls: (k) => t('rg.classN', { k }), data: t('rg.data'), fit: t('rg.fit'), kinks: t('rg.kinks') },
    });
    // The count chart is made when first drawn (a large Playground net's: on a frame of its own, see load()).
    let counts = null;
    function countChart() {
      if (counts) return counts;
      counts = createLossChart(countCanvas, { trainLabel: t('rg.r.regions'), testLabel: t('rg.r.pieces'), stepLabel: t('rg.stepAxis') });
      // Affine pieces are drawn only when they differ from the regions; no struck-out legend entry.
      counts.chart.options.plugins.legend.labels.filter = (item, data) => !data.datasets[item.datasetIndex].hidden;
      return counts;
    }

    function showAlert(msg) { alertBox.hidden = !msg; alertBox.textContent = msg || ''; }

    // ---- controls
    function radioGroup(name, legendText, values, current, label, onChange) {
      const group = el('fieldset', { class: 'rg-radios' }, el('legend', { class: 'field-label', text: legendText }));
      for (const v of values) {
        const input = el('input', { type: 'radio', name: `${name}-${headingId}`, value: v, checked: v === current, dataset: { field: name } });
        input.addEventListener('change', () => { if (input.checked) onChange(v); });
        group.append(el('label', { class: 'check' }, input, el('span', { text: label(v) })));
      }
      return group;
    }

    function numberField(key, label, min, max) {
      const id = uid('rg');
      const input = el('input', { id, type: 'number', class: 'num', min, max, step: 1, value: state[key], name: key });
      const err = el('p', { class: 'field-error', hidden: true });
      input.addEventListener('change', () => {
        const v = Number(input.value);
        const ok = input.value.trim() !== '' && Number.isInteger(v) && v >= min && v <= max;
        input.setAttribute('aria-invalid', String(!ok));
        err.hidden = ok;
        err.textContent = ok ? '' : t('rg.intError', { min, max });
        if (ok && v !== state[key]) change({ [key]: v });
      });
      return el('div', { class: 'field rg-field' }, el('label', { for: id, text: label }), input, err);
    }

    function selectField(key, label, values, name) {
      const id = uid('rg');
      const select = el('select', { id, name: key });
      for (const v of values) select.append(el('option', { value: v, selected: v === state[key], text: name(v) }));
      select.addEventListener('change', () => change({ [key]: select.value }));
      return el('div', { class: 'field rg-field' }, el('label', { for: id, text: label }), select);
    }

    // Rebuilding the controls keeps the keyboard focus on the same control (by name and value).
    function buildControls() {
      const active = focusedElement(controls);
      const focused = active && controls.contains(active) ? active : null;
      const focusKey = focused ? [focused.getAttribute('name'), focused.type === 'radio' ? focused.value : '', focused.className] : null;
      buildControlsNow();
      if (!focusKey) return;
      const again = [...controls.querySelectorAll('input, select, button')].find((e) =>
        e.getAttribute('name') === focusKey[0] && (e.type === 'radio' ? e.value === focusKey[1] : true) && e.className === focusKey[2]);
      if (again) again.focus();
    }

    function buildControlsNow() {
      clear(controls);
      const source = el('fieldset', { class: 'group' }, el('legend', { text: t('rg.network') }),
        radioGroup('rsrc', t('rg.source'), ['own', 'pg'], state.rsrc, (v) => t(`rg.src.${v}`), (v) => change({ rsrc: v })));
      if (state.rsrc === 'own') {
        source.append(
          selectField('rds', t('rg.dataset'), OWN_DATASETS, (v) => t(`pg.ds.${v}`)),
          selectField('ract', t('rg.activation'), ownActivations(engine), (v) => fnName(v)),
          el('div', { class: 'rg-pair' }, numberField('rw', t('rg.width'), 1, 32), numberField('rd', t('rg.depth'), 1, 4)),
          numberField('rseed', t('rg.seed'), 0, 999999),
          el('p', { class: 'hint', text: t('rg.ownHint') }));
      } else {
        const m = net && net.trainer ? net.trainer.layers : null;
        const acts = model ? hiddenActivations(model) : [];
        const desc = loading ? '…' : m ? t('rg.pgDesc', { layers: m.join('–'), acts: [...new Set(acts)].map(fnName).join(t('err.listSep')) }) : t('rg.pgNone');
        source.append(el('p', { class: 'hint rg-pg-desc', text: desc }));
        if (acts.some((a) => !exact.has(a))) {
          source.append(el('button', { type: 'button', class: 'btn secondary rg-make-relu', text: t('rg.makeRelu'),
            onclick: () => { ctx.setState({ act: state.layers.map(() => 'relu') }); rebuild({ force: true }); } }));
        }
        source.append(el('p', { class: 'hint', text: t('rg.pgHint') }));
      }
      const view = el('fieldset', { class: 'group' }, el('legend', { text: t('rg.view') }),
        radioGroup('rcol', t('rg.colourBy'), ['pattern', 'slope'], state.rcol, (v) => t(`rg.col.${v}`), (v) => { ctx.setState({ rcol: v }); recolour(); }),
        radioGroup('next', t('rg.clickPlaces'), ['a', 'b'], ui.next, (v) => t(`rg.place.${v}`), (v) => { ui.next = v; }),
        coordinateForm());
      const dataToggle = el('input', { type: 'checkbox', checked: state.rdata, name: 'rdata' });
      dataToggle.addEventListener('change', () => { ctx.setState({ rdata: dataToggle.checked }); setChartData(); paint(); });
      view.append(el('label', { class: 'check' }, dataToggle, el('span', { text: t('rg.showData') })),
        el('button', { type: 'button', class: 'btn secondary rg-clear', text: t('rg.clearPoints'), onclick: () => { ui.points = [null, null]; ui.next = 'a'; savePoints(); buildControls(); paint(); } }));
      controls.append(viewBar, source, view);
      showNetControls();
    }

    // Every control group but the sub-view choice concerns the panel's own net and plot.
    function showNetControls() {
      for (const group of controls.children) if (group !== viewBar) group.hidden = OWN_NETS.has(state.rv);
    }

    // Typing a point's coordinates places it too (for keyboards and exact positions).
    function coordinateForm() {
      const dims = net && net.meta ? net.meta.inputs : 2;
      const box = net && net.meta ? net.meta.box : engine.dataBox(2);
      const inputs = [];
      const row = el('div', { class: 'rg-coords' });
      for (let j = 0; j < dims; j++) {
        const id = uid('rg');
        const input = el('input', { id, type: 'number', class: 'num', step: 'any', name: `coord${j}`, min: box[2 * j], max: box[2 * j + 1], placeholder: '0' });
        inputs.push(input);
        row.append(el('label', { for: id, text: j === 0 ? 'x₁' : 'x₂' }), input);
      }
      if (dims === 1) row.firstChild.textContent = 'x';
      const err = el('p', { class: 'field-error rg-coord-error', hidden: true });
      const go = el('button', { type: 'button', class: 'btn secondary rg-place', text: t('rg.placeBtn') });
      const submit = () => {
        const p = inputs.map((i, j) => {
          const v = Number(i.value);
          return i.value.trim() !== '' && Number.isFinite(v) && v >= box[2 * j] && v <= box[2 * j + 1] ? v : NaN;
        });
        // (Cells still being computed: the point is kept and shown with them, see place().)
        const ok = p.every(Number.isFinite);
        inputs.forEach((i, j) => i.setAttribute('aria-invalid', String(!Number.isFinite(p[j]))));
        err.hidden = !!ok;
        err.textContent = ok ? '' : t('rg.coordError', { lo: fmt(box[0]), hi: fmt(box[1]) });
        if (ok) place(p, ui.next);
      };
      go.addEventListener('click', submit);
      for (const i of inputs) i.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); submit(); } });
      row.append(go);
      return el('div', { class: 'rg-coord-form' }, row, err);
    }

    // ---- the network
    function change(patch) {
      ctx.setState(patch);
      rebuild();
    }

    let built = false;   // rebuild() has run: later ones do not repair the link
    function rebuild({ force = false } = {}) {
      pause();
      if (loading) loading.stop();
      loading = null;
      const want = state.rsrc === 'pg' ? 'pg' : 'own';
      // The Playground's network as the Playground would build it from this link: an unknown
      // activation replaced (it reached the core: a raw error and a blank panel), noted and
      // written back.
      if (want === 'pg') {
        const was = JSON.stringify([state.layers, state.act, state.apar, state.batch, state.seed, state.feat, state.out]);
        if (normalisePlayground(ctx.i18n, state, engine.activations()).length) ctx.linkIssue?.('act');
        if (JSON.stringify([state.layers, state.act, state.apar, state.batch, state.seed, state.feat, state.out]) !== was) ctx.setState({});
        // A parameter of the link moved into its slider's range or dropped (no such parameter).
        if (!built && ctx.link?.apar && JSON.stringify(state.apar) !== JSON.stringify(ctx.link.apar)) ctx.linkIssue?.('apar');
      }
      built = true;
      if (!net || net.kind !== want) {
        if (net) net.release();
        net = want === 'pg' ? takePlaygroundNet(ctx.session) : takeOwnNet(engine);
      }
      if (want === 'pg' && state.layers.reduce((a, b) => a + b, 0) > SYNC_NEURONS) { load(force); return; }
      ensureNet(force);
      reg = null;
      computeRegions(paint);
      buildControls();
      setChartData();
      paint();
    }

    function ensureNet(force, stats = true) {
      try {
        net.ensure(state, force, { stats });
        showAlert(net.diverged ? t('rg.diverged', { msg: errorText(net.diverged) }) : '');
      } catch (e) {
        showAlert(t('rg.settingError', { msg: errorText(e) }));
      }
    }

    // The same as rebuild() for a large Playground network (the 8 x 64: building its trainer,
    // reading its statistics, the charts' data and the first paint each take a good share of a
    // frame), a step or more per animation frame; then its cells as usual (computeRegions).
    // Meanwhile the panel shows no network: nothing to play, no cells, the count pending.
    function load(force) {
      if (regRun) regRun.stop();
      regRun = null;
      reg = null;
      model = null;
      regError = '';
      function* steps() {
        ensureNet(force, false);
        yield;
        // Its statistics and cells once the core is warm (kit/warm_core.js): cold, they run long.
        while (net.trainer && isCold(engine, net.trainer.layers)) yield { rest: true };
        net.readStats();
        yield;
        setChartData();
        countChart();
        yield;
      }
      const done = () => {
        loading = null;
        computeRegions(paint);
        buildControls();
        paint();
      };
      loading = runJob(jobFromGenerator(steps()), { budgetMs: REGIONS_SLICE_MS, onDone: done, onError: (e) => { showAlert(t('rg.settingError', { msg: errorText(e) })); done(); } });
      buildControls();
      // The cells of the network before go (on mount there is nothing to clear yet).
      if (painted) paint(); else drawReadouts();
    }

    function reset() { rebuild({ force: true }); }

    // Exact regions of the current weights (or the reason there are none), and their count,
    // a slice at a time (engine.regionsJob): a small net's are done at once (returns true);
    // a large one's go on over the next frames (false), training waits meanwhile (frame()),
    // and then(), usually paint, runs once they are in. Until then the previous cells stay
    // (rebuild() drops them: another network).
    function computeRegions(then = null) {
      if (regRun) regRun.stop();
      regRun = null;
      regError = '';
      model = null;
      const tr = net && net.trainer;
      if (!tr) { reg = null; regError = 'none'; return true; }
      model = tr.exportModel();
      const acts = hiddenActivations(model);
      const smooth = acts.filter((a) => !exact.has(a));
      if (smooth.length) { reg = null; regError = 'smooth'; return true; }
      const step = net.step();
      let spent = 0;
      const finish = (r) => {
        reg = r;
        ui.cellsStep = step;
        ui.cellsProgress = null;
        section.dataset.cellsStep = String(step);
        ui.regionsMs = spent;
        ui.lastRegionsAt = performance.now();
        recordCounts(tr, step, reg.patternRegions, reg.affinePieces);
      };
      const fail = (e) => { reg = null; regError = errorText(e); ui.lastRegionsAt = performance.now(); };
      let job = null;
      let result = null;
      let picture = null;
      let pictured = false;
      let along = null;   // where a -> b crosses the new cells (see crossingsOf)
      // A large net (the Playground's 8 x 64) starts on the next frame: reading it into the
      // core and the first split already take a frame's share.
      const big = model.layers.slice(1, -1).reduce((a, b) => a + b, 0) > SYNC_NEURONS;
      if (!big) try {
        job = engine.regionsJob(model, net.meta.box);
        const t0 = performance.now();
        const first = job.step(REGIONS_SLICE_MS);
        spent = performance.now() - t0;
        if (first.done && first.result.patternRegions <= SYNC_CELLS) { finish(first.result); return true; }
        if (first.done) result = first.result;
      } catch (e) {
        fail(e);
        return true;
      }
      // Then the colours and the picture of the cells, over frames too, before they are shown.
      const timed = {
        step(ms) {
          const t0 = performance.now();
          try {
            if (!job) {
              job = engine.regionsJob(model, net.meta.box);
              return { done: false, progress: 0 };
            }
            if (!result) {
              const p = job.step(ms);
              if (!p.done) return { done: false, progress: 0.8 * p.progress };
              result = p.result;
            }
            if (!pictured) {
              picture = picture || drawJob(result);
              const p = picture.step(ms - (performance.now() - t0));
              if (!p.done) return { done: false, progress: 0.8 + 0.2 * p.progress };
              pictured = true;
            }
            // With a and b placed, where the segment crosses the new cells is found here too, a
            // slice at a time, for the paint that shows them (it held a good part of its task).
            const [a, b] = ui.points;
            if (a && b && a.length === result.inputs && b.length === result.inputs && !partView.hidden) {
              // The key is the segment the job was made for: a point moved meanwhile is another.
              if (!along) along = { key: `${a}|${b}`, job: jobFromGenerator(segmentAlong(net, result, net.meta.box, a, b)) };
              const p = along.job.step(ms - (performance.now() - t0));
              if (!p.done) return { done: false, progress: 0.99 };
              crossingsKept = { reg: result, key: along.key, v: p.result };
            }
            return { done: true, progress: 1, result };
          } finally {
            spent += performance.now() - t0;
          }
        },
        cancel: () => { if (job) job.cancel(); },
      };
      ui.cellsProgress = 0;
      regRun = runJob(timed, {
        budgetMs: REGIONS_SLICE_MS,
        onFrame: (p) => { ui.cellsProgress = p.progress; drawCounter(); },
        onDone: (p) => { regRun = null; finish(p.result); if (then) then(); },
        onError: (e) => { regRun = null; fail(e); if (then) then(); },
      });
      return false;
    }

    // The colours of partition r, then the picture of its cells (2-D), a slice at a time; both
    // land in the caches paint() reads.
    function drawJob(r) {
      const fills = [];
      let f = null;
      let picture = null;
      return {
        step(ms) {
          const t0 = performance.now();
          if (!f && state.rcol === 'pattern') {
            while (fills.length < r.patterns.length && performance.now() - t0 < ms) {
              const to = Math.min(r.patterns.length, fills.length + 1000);
              for (let i = fills.length; i < to; i++) fills.push(patternColour(r.patterns[i]));
            }
            if (fills.length < r.patterns.length) return { done: false, progress: 0.5 * fills.length / r.patterns.length };
            f = { fills, slopes: null };
          }
          if (!f) f = fillsFor(r);
          if (fillCache.f !== f) {
            f.imageId = ++imageSeq;
            fillCache = { reg: r, col: state.rcol, f };
          }
          if (r.inputs !== 2) return { done: true, progress: 1 };
          picture = picture || cellsImageJob(chart.chart, { regions: r, fills: f.fills, slopes: f.slopes, arrows: state.rcol === 'slope', imageId: f.imageId });
          const p = picture.step(ms - (performance.now() - t0));
          return { done: p.done, progress: 0.5 + 0.5 * p.progress };
        },
      };
    }

    // Another colouring: a large partition's colours and picture are made over frames first
    // (drawJob; training waits meanwhile, as for its cells), then painted.
    let recolourRun = null;   // regRun when it is such a job
    function recolour() {
      if (regRun && regRun === recolourRun) { regRun.stop(); regRun = null; }   // chosen again meanwhile
      if (!reg || reg.inputs !== 2 || reg.patterns.length <= SYNC_CELLS || regRun) { paint(); return; }
      const shown = () => { regRun = recolourRun = null; paint(); };
      regRun = recolourRun = runJob(drawJob(reg), { budgetMs: REGIONS_SLICE_MS, onDone: shown, onError: shown });
    }

    // ---- points a and b
    // Before the cells are in (a large net's take seconds) the point is kept all the same and
    // shown with them.
    function place(p, which) {
      if (!net) return;
      ui.points[which === 'b' ? 1 : 0] = p;
      ui.next = which === 'a' ? 'b' : 'a';
      savePoints();
      // Only the choice of the next point changes in the controls (rebuilding them, and putting
      // the focus back, forced a layout in the click's task).
      for (const r of controls.querySelectorAll('input[data-field="next"]')) r.checked = r.value === ui.next;
      paint();
    }

    // Points live in the URL as rpt=a.x:..,a.y:..,b.x:..,b.y:.. (y only for 2-D inputs).
    function savePoints(repair = false) {
      const rpt = {};
      ui.points.forEach((p, i) => {
        if (!p) return;
        const n = i === 0 ? 'a' : 'b';
        rpt[`${n}.x`] = Number(p[0].toPrecision(6));
        if (p.length > 1) rpt[`${n}.y`] = Number(p[1].toPrecision(6));
      });
      (repair && ctx.repair || ctx.setState)({ rpt });
    }

    // A point of the link with a coordinate too few or too many for the network's inputs
    // (known once it is built) is dropped, noted and written back.
    let dimsChecked = !ctx.link?.rpt;
    function checkPointDims(inputs) {
      if (dimsChecked) return;
      dimsChecked = true;
      if (ui.points.every((p) => !p || p.length === inputs)) return;
      ui.points = ui.points.map((p) => (p && p.length === inputs ? p : null));
      ui.next = ui.points[0] && !ui.points[1] ? 'b' : 'a';
      for (const r of controls.querySelectorAll('input[data-field="next"]')) r.checked = r.value === ui.next;
      savePoints(true);
      ctx.linkIssue?.('rpt');
    }

    // A coordinate outside the data box is moved onto its edge (the plot shows the box only);
    // that, or a key other than a.x, a.y, b.x, b.y, is written back and noted (ctx.linkIssue).
    function loadPoints() {
      const v = state.rpt && typeof state.rpt === 'object' ? state.rpt : {};
      const [lo, hi] = engine.dataBox(1);
      let adjusted = Object.keys(v).some((k) => !/^[ab]\.[xy]$/.test(k));
      const num = (k) => {
        if (!Number.isFinite(v[k])) return undefined;
        const c = Math.min(hi, Math.max(lo, v[k]));
        if (c !== v[k]) adjusted = true;
        return c;
      };
      ui.points = ['a', 'b'].map((n) => {
        const x = num(`${n}.x`);
        const y = num(`${n}.y`);
        if (x === undefined) { if (y !== undefined) adjusted = true; return null; }
        return y === undefined ? [x] : [x, y];
      });
      if (ui.points[0] && !ui.points[1]) ui.next = 'b';
      if (adjusted) { savePoints(); ctx.linkIssue?.('rpt'); }
    }

    function probe(p) {
      try {
        return net.trainer.regionAt(p);
      } catch {
        return null;
      }
    }

    // ---- drawing
    function setChartData() {
      const m = net && net.meta;
      plotFrame.classList.toggle('wide', !!m && m.inputs === 1);
      if (!m) return;
      chart.setData({ inputs: m.inputs, box: plotBox(m, [net.trainSet()]), classes: m.kind === 'regression' ? 0 : m.classes, train: net.trainSet(), showData: state.rdata });
    }

    // Fill colour and slope of each region for the chosen colouring.
    function fillsFor(r) {
      const R = r.patterns.length;
      const K = r.outputs;
      const n = r.inputs;
      if (state.rcol === 'pattern') return { fills: r.patterns.map(patternColour), slopes: null };
      const slopes = [];
      let max = 0;
      for (let i = 0; i < R; i++) {
        // The output whose logit is largest at the cell's centre (the only one when K = 1).
        let best = 0;
        if (K > 1 && n === 2) {
          let bestZ = -Infinity;
          for (let k = 0; k < K; k++) {
            const z = r.A[(i * K + k) * 2] * r.centroid[2 * i] + r.A[(i * K + k) * 2 + 1] * r.centroid[2 * i + 1] + r.c[i * K + k];
            if (z > bestZ) { bestZ = z; best = k; }
          }
        }
        const gx = n === 2 ? r.A[(i * K + best) * 2] : r.a[i];
        const gy = n === 2 ? r.A[(i * K + best) * 2 + 1] : 0;
        const norm = Math.hypot(gx, gy);
        slopes.push({ gx, gy, norm });
        if (Number.isFinite(norm)) max = Math.max(max, norm);
      }
      return { fills: slopes.map((s) => slopeColour(max > 0 ? s.norm / max : 0)), slopes, max };
    }

    // The colours only change with the regions or the colouring (the plugin caches its image on them).
    let fillCache = { reg: null, col: '', f: null };
    let imageSeq = 0;   // names a partition's colouring for the plugin's picture cache
    function fillsCached() {
      if (fillCache.reg !== reg || fillCache.col !== state.rcol) fillCache = { reg, col: state.rcol, f: { ...fillsFor(reg), imageId: ++imageSeq } };
      return fillCache.f;
    }

    let painted = false;   // paint() has drawn once
    function paint() {
      painted = true;
      const m = net && net.meta;
      smoothBox.hidden = regError !== 'smooth';
      plotFrame.classList.toggle('muted-plot', regError === 'smooth');
      // The right-hand column is rebuilt on the next frame (showSide), from what this paint saw.
      const sideParts = [];
      sideLater(sideParts);
      clear(legend);
      drawReadouts();
      if (loading) {   // no network yet (see load())
        chart.setRegions({ regions: null, points: [null, null] });
        section.dataset.regions = '';
        views.update();
        return;
      }
      if (!partView.hidden) drawCounts();   // (behind a sub-view: when the partition view comes back)
      if (!m) { chart.setRegions({ regions: null, points: [null, null] }); return; }
      checkPointDims(m.inputs);
      if (regError === 'smooth') {
        clear(smoothBox);
        const acts = [...new Set(hiddenActivations(model).filter((a) => !exact.has(a)))].map(fnName).join(t('err.listSep'));
        smoothBox.append(el('p', { class: 'rg-smooth-title', text: t('rg.smoothTitle') }), el('p', { text: t('rg.smooth', { fn: acts }) }));
        sideParts.push(el('section', { class: 'card rg-card rg-smooth-card' }, el('h3', { text: t('rg.smoothTitle') }), el('p', { text: t(state.rsrc === 'pg' ? 'rg.smoothHintPg' : 'rg.smoothHint') })));
      } else if (regError && regError !== 'none') {
        showAlert(t('rg.regionsError', { msg: regError }));
      }
      // Points of the other input dimension (a 2-D point on a 1-D net) are not shown.
      const points = reg ? ui.points.map((p) => (p && p.length === reg.inputs ? p : null)) : [null, null];
      const probes = points.map((p) => (p ? probe(p) : null));
      // The point's cell in the partition shown: the one with its pattern.
      const highlight = probes.map((q) => (q && reg ? reg.patterns.indexOf(q.pattern) : -1));
      let crossings = null;
      // Behind a sub-view the plot and the cards are hidden: no segment a -> b, no plot, no cards.
      const shown = !partView.hidden;
      if (reg && points[0] && points[1] && shown) crossings = crossingsOf(points[0], points[1]);
      const opts = { regions: reg, highlight, points, crossings: crossings ? crossings.t : null, fills: [], slopes: null, arrows: false };
      if (reg) {
        const f = fillsCached();
        Object.assign(opts, f, { arrows: state.rcol === 'slope' && reg.inputs === 2 });
        drawLegend(f);
      }
      if (shown && m.inputs === 1) {
        const curve = [];
        const kinks = [];
        if (reg) {
          for (let i = 0; i < reg.a.length; i++) {
            curve.push({ x: reg.bounds[i], y: reg.a[i] * reg.bounds[i] + reg.c[i] });
            curve.push({ x: reg.bounds[i + 1], y: reg.a[i] * reg.bounds[i + 1] + reg.c[i] });
          }
          for (const x of reg.kinks) {
            const q = probe([x]);
            if (q) kinks.push({ x, y: q.logits[0] });
          }
        } else if (net.trainer) {
          const [x0, x1] = m.box;
          const ys = net.trainer.curve(x0, x1, 400);
          ys.forEach((y, i) => curve.push({ x: x0 + ((x1 - x0) * i) / 399, y }));
        }
        opts.heights = probes.map((q) => (q ? q.logits[0] : 0));
        chart.setRegions(opts, curve, kinks);
      } else if (shown) {
        chart.setRegions(opts);
      }
      if (reg && shown) {
        const seen = { reg, model, box: m.box };
        sideParts.push(() => sideCards(seen, points, probes, crossings));
      }
      section.dataset.regions = reg ? String(reg.patternRegions) : '';
      views.update();
    }

    // Where a -> b passes from cell to cell (counting.js segmentAlong: from the cells shown; on a
    // large net engine.segment's exact fallback took a quarter of a second), kept while the
    // cells and points stay; cells computed over frames come with theirs (computeRegions).
    let crossingsKept = { reg: null, key: '', v: null };
    function crossingsOf(a, b) {
      const key = `${a}|${b}`;
      if (crossingsKept.reg === reg && crossingsKept.key === key) return crossingsKept.v;
      const v = complete(segmentAlong(net, reg, net.meta.box, a, b));
      crossingsKept = { reg, key, v };
      return v;
    }

    function drawLegend(f) {
      if (state.rcol === 'pattern') {
        legend.append(el('span', { class: 'legend-item muted', text: t(reg.inputs === 2 ? 'rg.legendPattern' : 'rg.legendPattern1') }));
      } else {
        const bar = el('span', { class: 'rg-scale', 'aria-hidden': 'true' });
        bar.style.setProperty('--scale', `linear-gradient(90deg, ${slopeGradientStops()})`);
        legend.append(el('span', { class: 'legend-item' }, el('span', { text: '0' }), bar, el('span', { text: fmt(f.max ?? 0, 3) })),
          el('span', { class: 'legend-item muted', text: t(reg.inputs === 2 ? 'rg.legendSlope' : 'rg.legendSlope1') }));
      }
      if (state.rdata && net.meta.kind !== 'regression') {
        // Matches regions_chart.js: light/dark circles, then triangles, squares, diamonds.
        const keys = el('div', { class: 'rg-classes' });
        for (let k = 0; k < Math.max(2, net.meta.classes); k++) {
          const shape = k < 2 ? 'circle' : ['triangle', 'square', 'diamond'][(k - 2) % 3];
          keys.append(el('span', { class: 'legend-item' }, el('span', { class: `rg-key ${shape} ${k % 2 ? 'dark' : 'light'}`, 'aria-hidden': 'true' }), el('span', { text: t('rg.classN', { k }) })));
        }
        legend.append(keys);
      }
    }

    // The epoch and step trained. While playing, cells are computed again only now and then (a
    // large net's over many frames): meanwhile it also says which step the cells shown belong
    // to (the count and the plot are theirs) and how far the new ones are.
    function drawCounter() {
      const last = net && net.last;
      let text = t('rg.counter', { epoch: fmt(last ? last.epoch : 0, 3), step: last ? last.step : 0 });
      // (Not for cells under a second old: a small net's are computed again every few frames.)
      const behind = !!(reg && last && ui.cellsStep !== last.step && performance.now() - ui.lastRegionsAt > 1000);
      const computing = behind && regRun && regRun !== recolourRun && ui.cellsProgress !== null;
      // (Paused: the cells being computed are those of the step shown.)
      if (computing) text += t(ui.playing ? 'rg.cellsComputing' : 'rg.cellsPaused', { shown: ui.cellsStep, step: last.step, pct: Math.round(100 * ui.cellsProgress) });
      else if (behind) text += t('rg.cellsOf', { shown: ui.cellsStep });
      if (counter.textContent !== text) counter.textContent = text;
      counter.classList.toggle('rg-behind', !!behind);
    }

    function drawReadouts() {
      const last = net && net.last;
      drawCounter();
      signal(section, 'step', last ? last.step : 0);
      playBtn.textContent = ui.playing ? t('rg.pause') : t('rg.play');
      playBtn.setAttribute('aria-pressed', String(ui.playing));
      playBtn.disabled = !(net && net.trainer) || !!loading;
      const one = reg && reg.inputs === 1;
      const rows = [
        ['regions', reg ? String(reg.patternRegions) : regRun || loading ? '…' : '—', reg ? reg.patternRegions : NaN],
        ['pieces', reg ? String(reg.affinePieces) : '—', reg ? reg.affinePieces : NaN],
        one ? ['breaks', String(reg.kinks.length), reg.kinks.length] : ['neurons', reg ? String(reg.neurons) : '—', reg ? reg.neurons : NaN],
        ['ms', reg ? `${fmt(ui.regionsMs, 2)} ms` : '—', ui.regionsMs],
      ];
      clear(readouts);
      for (const [k, v, raw] of rows) {
        readouts.append(el('div', { class: `rg-readout rg-r-${k}` }, el('dt', { text: t(`rg.r.${k}`) }), el('dd', { text: v, dataset: { value: String(raw) } })));
      }
      if (!ui.playing && reg) {
        const said = rows.filter(([k]) => k !== 'ms').map(([k, v]) => `${t(`rg.r.${k}`)} ${v}`).join(t('app.statusSep'));
        if (countStatus.textContent !== said) countStatus.textContent = said;
      }
    }

    let countsDrawn = null;   // the history the count chart shows: [chart, list, length, last point]
    function drawCounts() {
      // While playing, the count chart follows at most twice a second.
      if (ui.playing && performance.now() - ui.countsAt < 500) return;
      const h = net && net.trainer ? historyOf(net.trainer) : [];
      // A paint with the same history (a point placed, another colouring) leaves the chart as it
      // is: an update costs 10 ms and more.
      const key = [counts, h, h.length, h[h.length - 1]];
      if (countsDrawn && key.every((v, i) => v === countsDrawn[i])) return;
      ui.countsAt = performance.now();
      countChart().update({ train: h.map((p) => ({ x: p.step, y: p.regions })), test: h.some((p) => p.pieces !== p.regions) ? h.map((p) => ({ x: p.step, y: p.pieces })) : [], log: false });
      countsDrawn = key;
    }

    // The right-hand column waits for the next frame (two 512-neuron pattern cards and their
    // layout took a good third of a click's task on the 8 x 64 net): parts are nodes, or
    // functions that make them then; a newer paint's parts replace them. The section's
    // data-cards-pending signal is set until they are in the page.
    let sideNext = null;
    const sideLoop = frameLoop(() => { showSide(); return false; });
    function sideLater(parts) {
      sideNext = parts;
      signal(section, 'cardsPending', 1);
      sideLoop.start();
    }
    function showSide() {
      const parts = sideNext;
      sideNext = null;
      if (!parts) return;
      // Nodes already in the column in their place stay (a point card updated in place is not
      // taken out and put back, which would style and lay it out anew).
      const nodes = parts.flatMap((p) => (typeof p === 'function' ? p() : p));
      nodes.forEach((node, i) => { if (side.childNodes[i] !== node) side.insertBefore(node, side.childNodes[i] ?? null); });
      while (side.childNodes.length > nodes.length) side.lastChild.remove();
      delete section.dataset.cardsPending;
    }
    const setText = (node, text) => { if (node.textContent !== text) node.textContent = text; };
    const pointCards = {};   // name (a, b) -> the card shown for that point and what it holds

    // The cards of the right-hand column for the cells, model and box one paint saw: the
    // identity product, points a and b, their comparison.
    function sideCards({ reg, model, box }, points, probes, crossings) {
      const cards = [];
      const acts = hiddenActivations(model);
      const n = reg.inputs;
      const K = reg.outputs;
      if (acts.every((a) => a === 'identity')) cards.push(identityCard(reg, model));
      const names = ['a', 'b'];
      const colours = palette(side).dark ? ['#e3e6eb', '#ff8f80'] : ['#1d2129', '#b42318'];   // points a and b, as on the plot
      const both = probes[0] && probes[1];
      const diff = both ? patternDiff(probes[0].pattern, probes[1].pattern) : null;
      const shape = `${model.layers}|${acts}`;
      probes.forEach((q, i) => {
        const name = names[i];
        if (!q) { delete pointCards[name]; return; }
        const p = points[i];
        // The card shown for this point on a net of the same shape is updated in place (while
        // playing, every new paint of the cells makes the cards again: a new 512-neuron grid
        // was laid out and painted anew each time).
        let kept = pointCards[name];
        const fresh = !kept || kept.shape !== shape;
        if (fresh) {
          kept = pointCards[name] = { shape, card: el('section', { class: `card rg-card rg-point rg-point-${name}` }), title: document.createTextNode(''),
            grid: null, map: el('div', { class: `math rg-map${K > 1 ? ' multi' : ''}` }), tex: '', check: el('p', { class: 'hint' }) };
        }
        const { card } = kept;
        kept.grid = patternGrid(ctx.i18n, q.pattern, model.layers.slice(1, -1), acts, diff && diff.size ? diff : null, kept.grid);
        if (fresh) {
          card.append(el('h3', {}, el('span', { class: `rg-badge rg-badge-${name}`, text: name }), kept.title),
            el('p', { class: 'rg-sub', text: t('rg.patternTitle') }), kept.grid, el('p', { class: 'rg-sub', text: t('rg.mapTitle') }), kept.map, kept.check);
        }
        Object.assign(card.dataset, { point: JSON.stringify(p), a: JSON.stringify(Array.from(q.A)), c: JSON.stringify(Array.from(q.c)), pattern: q.pattern });
        const coords = p.map((v) => fmt(v, 3)).join(', ');
        setText(kept.title, ` ${t('rg.pointTitle', { p: coords })}`);
        const other = both ? probes[1 - i] : null;
        const map = mapTex(`M_{${name}}`, q.A, q.c, n, K, other && other.pattern !== q.pattern ? other : null, colours[1]);
        if (kept.tex !== map) { tex(kept.map, map); kept.tex = map; }
        const z = Array.from(q.logits).map((v) => fmt(v)).join(', ');
        setText(kept.check, t(K === 1 ? 'rg.mapCheck' : 'rg.mapCheckK', { z }));
        cards.push(card);
      });
      if (both) {
        const sameRegion = probes[0].pattern === probes[1].pattern;
        // Different patterns can still share a map (e.g. hardtanh neurons saturated on either
        // side, or a neuron nothing downstream listens to): compare the maps themselves.
        const close = (u, v) => Array.from(u).every((x, j) => Math.abs(x - v[j]) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(v[j])));
        const sameMap = sameRegion || (close(probes[0].A, probes[1].A) && close(probes[0].c, probes[1].c));
        const k = crossings ? crossings.t.length : -1;
        cards.push(madeFor('compare', `${sameRegion} ${sameMap} ${diff.size} ${k} ${n}`, () => {
          const card = el('section', { class: 'card rg-card rg-compare', dataset: { same: String(sameRegion), sameMap: String(sameMap) } });
          const eq = el('div', { class: 'math rg-neq' });
          tex(eq, sameMap ? 'M_a = M_b' : 'M_a \\neq M_b');
          const text = sameRegion ? t('rg.sameRegion') : sameMap ? t('rg.sameMap', { n: diff.size }) : t('rg.diffRegion', { n: diff.size });
          card.append(el('h3', { text: t('rg.compareTitle') }), eq, el('p', { text }));
          if (crossings) card.append(el('p', { class: 'rg-segment', dataset: { crossings: String(k) }, text: t(n === 2 ? 'rg.segment' : 'rg.segment1', { k, pieces: k + 1 }) }));
          return card;
        }));
      } else if (!probes[0] && !probes[1]) {
        cards.push(el('section', { class: 'card rg-card rg-empty' }, el('h3', { text: t('rg.pickTitle') }), el('p', { text: t('rg.pickHint') })));
      } else {
        cards.push(el('p', { class: 'hint rg-pick-b', text: t('rg.pickB') }));
      }
      const measured = t(n === 2 ? 'rg.measured' : 'rg.measured1', { box: boxText(box) });
      cards.push(madeFor('measured', measured, () => el('section', { class: 'card rg-card rg-measured' }, el('h3', { text: t('rg.measuredTitle') }), el('p', { text: measured }))));
      return cards;
    }

    // The card `what` made last when it was made for the same key, else a new one from make():
    // a card kept stays in the column as it is (see showSide).
    const made = {};
    function madeFor(what, key, make) {
      if (made[what]?.key !== key) made[what] = { key, node: make() };
      return made[what].node;
    }

    // [x0, x1] x [y0, y1] (or [x0, x1] for 1-D) as text.
    function boxText(box) {
      const iv = (lo, hi) => `[${fmt(lo)}, ${fmt(hi)}]`;
      return box.length === 4 ? `${iv(box[0], box[1])} × ${iv(box[2], box[3])}` : iv(box[0], box[1]);
    }

    // Without activations: the layers multiply out to one matrix, and there is one region.
    function identityCard(reg, model) {
      const L = model.weights.length;
      const { A, c } = engine.collapseIdentity(model);
      const n = model.layers[0];
      const K = model.layers[L];
      const card = el('section', { class: 'card rg-card rg-identity', dataset: { a: JSON.stringify(A), c: JSON.stringify(c) } });
      const m1 = el('div', { class: 'math' });
      const rows = [];
      for (let k = 0; k < K; k++) rows.push(A.slice(k * n, (k + 1) * n).map(texNum).join(' & '));
      tex(m1, `M = ${productName(L)} = \\begin{pmatrix} ${rows.join(' \\\\ ')} \\end{pmatrix}`);
      const m2 = el('div', { class: 'math' });
      tex(m2, `c = \\begin{pmatrix} ${c.map(texNum).join(' \\\\ ')} \\end{pmatrix}`);
      card.append(el('h3', { text: t('rg.identityTitle') }), el('p', { text: t('rg.identity', { layers: L, n: reg.patternRegions }) }), m1,
        el('p', { class: 'rg-sub', text: t('rg.identityBias') }), m2);
      return card;
    }

    // ---- training loop: steps within a frame budget; regions at most every ~150 ms
    const loop = frameLoop(frame);

    function frame() {
      if (!ui.playing) return false;
      // While the cells of the current weights are being computed (their job runs on its own
      // frames), the network waits: the cells drawn are always those of the weights trained.
      if (regRun) { drawReadouts(); return true; }
      // A frame whose task already holds other work (the last slice of the cells and their
      // paint, ahead of this tick) trains on the next one.
      if (frameSpent() > FRAME_BUDGET_MS) { drawReadouts(); return true; }
      net.trainFor(FRAME_BUDGET_MS, MAX_STEPS_PER_FRAME);
      if (net.diverged) { pause(); showAlert(t('rg.diverged', { msg: errorText(net.diverged) })); return false; }
      const now = performance.now();
      // Regions and their drawing take at most about a quarter of the time while playing.
      if (now - ui.lastRegionsAt >= Math.max(MIN_REGIONS_INTERVAL, 3 * (ui.regionsMs + ui.paintMs))) {
        const drawn = () => {
          if (regError && regError !== 'smooth' && regError !== 'none') pause();
          const p0 = performance.now();
          paint();
          ui.paintMs = performance.now() - p0;
        };
        if (computeRegions(drawn)) drawn();
      } else {
        drawReadouts();
      }
      return ui.playing;
    }

    function play() {
      if (!net || !net.trainer || loading) return;
      if (net.diverged) { reset(); if (!net.trainer) return; }
      ui.playing = true;
      loop.start();
      drawReadouts();
    }

    function pause() {
      const was = ui.playing;
      ui.playing = false;
      loop.stop();
      if (was && net) net.settle();   // the statistics of the weights trained last
      if (was) drawReadouts();   // the button and the counter say so at once, a cells job running or not
      // (A partition still being computed is that of the weights now: it paints when done; a
      // recolouring job's cells may be frames older, so they are computed again.)
      if (was && playBtn.isConnected && (!regRun || regRun === recolourRun) && computeRegions(paint)) paint();
    }

    loadPoints();
    rebuild();
    showView(state.rv);
    return {
      destroy() {
        views.destroy();
        pause();
        sideLoop.stop();   // after pause, whose last paint may ask for the side column
        if (loading) loading.stop();
        if (regRun) regRun.stop();
        if (net) net.release();
        chart.destroy();
        if (counts) counts.destroy();
        section.remove();
      },
    };
  },
};
