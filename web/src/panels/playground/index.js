// The Playground panel: the reader trains a small network live in the browser and watches the
// decision regions (or the fitted curve), the loss and the dead neurons change. It wires the
// controls (data.js, arch.js, model_io.js) to the session (kit/network_session.js) and to
// two chart views; it reads/writes only its own URL fields (ds, noise, seed, split, layers,
// act, lr, batch, opt, l2, loss). The numerics are the engine's; the teaching text is i18n's.

import { el, clear, uid, focusedElement, sameControl } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { headFor, MAX_OWN_POINTS, FEATURES, featureList, normalisePlayground } from '../../kit/network_session.js';
import { buildDataControls } from './data.js';
import { buildNetworkEditor, buildTrainingControls } from './arch.js';
import { buildModelIo, modelMismatch } from './model_io.js';
import { buildFeatureToggles, inputNames } from './features.js';
import { createNeuronView } from './neurons.js';
import { LESSONS, liveNotes, lessonPatch, deadNeurons } from './lessons.js';
import { createDecisionChart } from '../../kit/decision_chart.js';
import { createLossChart } from '../../kit/loss_chart.js';
import { createHeatmapImage, CLASS_COLOURS } from '../../kit/heatmap.js';
import { palette } from '../../kit/charts.js';
import { signal } from '../../signals.js';
import { frameLoop } from '../../kit/frame_loop.js';
import { runJob, jobFromGenerator } from '../../kit/job.js';
import { warmCore, isCold } from '../../kit/warm_core.js';

const FRAME_BUDGET_MS = 12;     // training time per animation frame at most; the rest is drawing
const FRAME_JS_MS = 18;         // the work of a frame while playing (the browser then renders it)
const HEAT_MIN_MS = 4;          // of which the heatmap's rows get at least this much
const NEURON_SLICE_MS = 5;      // and a repaint of the neuron pictures this much,
const NEURON_SHOW_MS = 16;      // or this on the frames it draws on a visible canvas (lines, pictures shown)
const REDRAW_AT_ONCE_MS = 4;    // a change redraws in its own task when the statistics took at most this
// At most this many passes over the training data per frame (about 120 epochs a second):
// the core could do thousands, but then the boundary jumps to its end state in a blink and
// the reader sees nothing happen. TensorFlow Playground does one epoch per frame.
const EPOCHS_PER_FRAME = 2;
const HEAT = 200;               // heatmap resolution (pixels per side) when paused
const HEAT_PLAYING = [200, 100, 50, 25];   // while playing: coarser when a full grid costs too much
const HEAT_SLICE_MS = 8;        // heatmap rows a frame: a grid of an 8 x 64 net takes far longer
const HEAT_FIRST_MACS = 25e6;   // multiply-adds a picture may cost at once (every lesson's net)
const CURVE_SAMPLES = 400;
const HIT_RADIUS_PX = 12;       // a click this close to a point removes it

// The last heatmap each host's session was shown with, kept past the panel (a change of theme
// or language mounts it again): { tr, last (the train() result of its weights, or undefined
// for a picture made over frames of changing weights), size, canvas }. A mount shows it at
// once for the same network instead of a blank plot while a large net's picture is made again
// (the same weights: not made again). The picture holds the class tints only (kit/heatmap.js),
// which suit either theme.
const pictures = new WeakMap();

export default {
  id: 'playground',
  titleKey: 'panel.playground',
  /** The URL enum this panel owns: every data set of the core, and the reader's own. */

  /** Builds the panel in `root`. ctx: { engine, state, setState(patch), compact }. */
  mount(root, ctx) {
    const { t, fnName, errorText } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    const catalogue = engine.activations();
    const notes = normalisePlayground(ctx.i18n, state, catalogue);
    // A parameter the link carried moved into its slider's range is noted like other repairs.
    if (ctx.link?.apar && JSON.stringify(state.apar) !== JSON.stringify(ctx.link.apar)) ctx.linkIssue?.('apar');
    ctx.setState({});
    const { session } = ctx;   // the host's network session, shared with the Regions panel
    warmCore(engine);   // its code optimised before a large net's first frames (kit/warm_core.js)
    const cold = () => !!session.trainer && isCold(engine, session.trainer.layers);
    // A link or the back button may switch the dataset under the reader's own points: ask.
    if (session.meta && session.ownCount() > 0 && session.meta.name !== state.ds &&
        !window.confirm(t('pg.confirmSwitch', { n: session.ownCount() }))) {
      ctx.setState({ ds: session.meta.name });
    }
    const ui = { cls: 0, remove: false, showTest: true, log: false, playing: false, statsFrame: false };

    // ---- layout
    const headingId = uid('h');
    const section = el('section', { class: `panel panel-playground${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const noticeBox = el('div', { class: 'notices', 'aria-live': 'polite' });
    for (const n of notes) noticeBox.append(el('p', { class: 'notice', role: 'status', text: n }));
    const leftCol = el('form', { class: 'controls pg-left', onsubmit: (e) => e.preventDefault() });
    const netCard = el('form', { class: 'controls pg-netcard', onsubmit: (e) => e.preventDefault() });
    const rightCol = el('form', { class: 'controls pg-right', onsubmit: (e) => e.preventDefault() });

    const playBtn = el('button', { type: 'button', class: 'btn pg-play', text: t('pg.play'), onclick: () => (ui.playing ? pause() : play()) });
    const stepBtn = el('button', { type: 'button', class: 'btn secondary pg-step', text: t('pg.step'), onclick: () => stepEpoch() });
    const resetBtn = el('button', { type: 'button', class: 'btn secondary pg-reset', text: t('pg.reset'), onclick: () => reset() });
    const counter = el('span', { class: 'pg-counter', 'aria-live': 'off' });
    const playBar = el('div', { class: 'pg-playbar' }, playBtn, stepBtn, resetBtn, counter);
    const alertBox = el('p', { class: 'error pg-alert', role: 'alert', hidden: true });
    const plotCanvas = el('canvas', { role: 'img', 'aria-label': t('pg.plotLabel') });
    const plotBox = el('div', { class: 'pg-plot' }, plotCanvas);
    const testToggle = el('input', { type: 'checkbox', checked: ui.showTest, name: 'showTest' });
    testToggle.addEventListener('change', () => { ui.showTest = testToggle.checked; setChartData(); draw(); });
    const plotLegend = el('div', { class: 'chart-legend pg-legend' });
    const readouts = el('dl', { class: 'pg-readouts' });
    const lossCanvas = el('canvas', { role: 'img', 'aria-label': t('pg.lossLabel') });
    const logToggle = el('input', { type: 'checkbox', name: 'logLoss' });
    logToggle.addEventListener('change', () => { ui.log = logToggle.checked; drawLoss(); });
    const liveBox = el('div', { class: 'pg-live', 'aria-live': 'polite' });
    // For screen readers: the results, said once when training stops (not every frame).
    const resultStatus = el('p', { class: 'sr-only pg-status', role: 'status' });
    const centre = el('div', { class: 'chart-col pg-centre' },
      playBar, alertBox,
      plotBox, plotLegend,
      el('label', { class: 'check' }, testToggle, el('span', { text: t('pg.showTest') })),
      readouts, resultStatus, liveBox,
      el('div', { class: 'pg-loss-head' }, el('h3', { text: t('pg.lossTitle') }),
        el('label', { class: 'check' }, logToggle, el('span', { text: t('pg.logScale') }))),
      el('div', { class: 'pg-loss' }, lossCanvas));
    const lessonList = el('ul', { class: 'pg-lessons' });
    for (const lesson of LESSONS) {
      lessonList.append(el('li', {},
        el('button', { type: 'button', class: 'pg-chip pg-try', dataset: { lesson: lesson.id }, text: t('pg.try'), onclick: () => tryLesson(lesson) }),
        el('span', { text: ` ${t(`pg.lesson.${lesson.id}`)}` })));
    }
    section.append(
      el('header', { class: 'panel-head' }, el('h2', { id: headingId, text: t('pg.heading') }),
        ctx.compact ? null : el('p', { class: 'lead', text: t('pg.intro') })),
      noticeBox,
      el('div', { class: 'pg-layout' }, leftCol, netCard, centre, rightCol),
      ctx.compact ? '' : el('section', { class: 'card pg-lesson-card' }, el('h3', { text: t('pg.lessonsTitle') }), lessonList));
    root.append(section);

    // Each chart is made on a frame of the opening of its own, or at its first use if that
    // comes sooner (both in the tab's task with the panel's layout: 25-30 ms on a busy machine).
    let decisionChart = null;
    let lossChart = null;
    const makeDecision = () => (decisionChart ??= createDecisionChart(plotCanvas, {
      onClick: (x, y, { shift }) => ((shift || ui.remove) ? removeNear(x, y) : addOwn([x, y])),
      labels: (role, k) => (k === null ? t(`pg.role.${role}`) : `${t(`pg.role.${role}`)} · ${t('pg.classN', { k })}`),
    }));
    const makeLoss = () => (lossChart ??= createLossChart(lossCanvas, { trainLabel: t('pg.trainLoss'), testLabel: t('pg.testLoss'), stepLabel: t('pg.stepAxis') }));
    const decision = {
      setData: (view) => makeDecision().setData(view),
      setOutputs: (out) => makeDecision().setOutputs(out),
      pixelsPerUnit: () => makeDecision().pixelsPerUnit(),
      destroy: () => decisionChart?.destroy(),
    };
    const loss = { update: (view) => makeLoss().update(view), destroy: () => lossChart?.destroy() };
    const heats = new Map();     // resolution -> offscreen image
    const heatImage = (size) => {
      if (!heats.has(size)) heats.set(size, createHeatmapImage(size, size));
      return heats.get(size);
    };
    let heatLevel = 0;
    let heatRate = 0;        // multiply-adds a millisecond of the heatmap's grid, measured
    // The heatmap in bands of rows; the picture shown changes when every row is in.
    let heat = null;         // { tr, size, image, K, row, centres, macs (a point), ms (spent), last (its weights' train() result) }
    let heatRun = null;      // the job finishing a paused picture on the next frames, or null
    let pictured = false;    // whether this mount has shown a picture
    const frameTimes = [];

    // ---- the panel object that the control builders call
    const pg = {
      engine, state, session, ui, i18n: ctx.i18n,
      change, setOptimizer, chooseDataset, clearOwn, importModel,
      addOwn: (xs, ys) => addPoints(xs, ys),
      isBinary: () => session.meta.kind === 'classification' && session.classes() === 2,
      inputLabels: () => inputNames(featureList(state.feat, session.meta.inputs), session.meta.inputs).labels,
      inputTex: (i) => inputNames(featureList(state.feat, session.meta.inputs), session.meta.inputs).tex(i),
      outputLabel: () => {
        const h = headFor({ ...session.meta, classes: session.classes() }, state.loss);
        return `${h.outputs} · ${h.output === 'linear' && state.out !== 'identity' ? fnName(state.out) : h.output}`;
      },
    };
    const neurons = createNeuronView(pg);
    centre.append(neurons.node);
    let data = null;
    let net = null;
    let training = null;

    // The model box is built once: what the reader pasted and the last import's message stay
    // when the other controls are rebuilt (an import rebuilds them).
    let modelIo = null;
    let builtForClasses = 0;     // classes the controls were last built for
    // Rebuilds the controls; the focused control (found again by its position among the
    // controls of its card) keeps the focus, so keyboard users can press "+" repeatedly.
    // focusLater: the focus is given on the next frame, whose rendering lays the new controls
    // out anyway (focus() now would lay them out in this task: 15-20 ms for an 8 x 64 net's).
    // keepData: the data card stays (a change of the network only: nothing on it depends on
    // the network; making it again was a few ms of the task of an 8 x 64 net's change).
    function buildControls({ focusLater = false, keepData = false } = {}) {
      const steps = controlSteps(focusLater, false, keepData);
      while (!steps.next().done) { /* all at once */ }
    }

    // The rebuild a card at a time; the opening yields between the cards (an 8 x 64 net's
    // controls in one frame were 40-50 ms with their layout). A rebuild begun meanwhile ends it.
    let builds = 0;
    let focusLoop = null;
    function* controlSteps(focusLater = false, spread = false, keepData = false) {
      const build = ++builds;
      const keep = keepData && data;
      const cards = keep ? [netCard, rightCol] : [leftCol, netCard, rightCol];
      const focused = focusedElement(leftCol);
      const card = cards.find((c) => c.contains(focused));
      const index = card ? [...card.querySelectorAll('button, input, select, textarea')].indexOf(focused) : -1;
      builtForClasses = session.classes();
      for (const c of cards) clear(c);
      if (!keep) {
        data = buildDataControls(pg);
        leftCol.append(data.node);
        data.refreshOwn();
      }
      yield;
      if (build !== builds) return;
      net = buildNetworkEditor(pg);
      netCard.append(buildFeatureToggles(pg).node, net.node);
      // Its neurons coloured before their first style pass (not on a later frame: a second one).
      if (session.stats) net.showStats(session.stats, session.sets().train.n);
      // spread: the layers shown four a frame, from the next on (their style, the activation
      // menus' options above all, is most of the card's; the making of it is this frame's).
      const cols = spread ? [...net.node.querySelectorAll('.pg-col[data-layer]')] : [];
      for (const col of cols) col.style.display = 'none';
      for (let i = 0; i < cols.length; i += 4) {
        yield;
        for (const col of cols.slice(i, i + 4)) col.style.display = '';
      }
      yield;
      if (build !== builds) return;
      training = buildTrainingControls(pg);
      modelIo ??= buildModelIo(pg);
      rightCol.append(training.node, modelIo.node);
      focusLoop?.stop();
      if (index < 0) return;
      const again = sameControl(focused, [...card.querySelectorAll('button, input, select, textarea')], index);
      if (!again) return;
      if (!focusLater) { again.focus(); return; }
      // Unless the reader has put the focus somewhere meanwhile.
      const doc = again.ownerDocument;
      focusLoop = frameLoop(() => {
        if (again.isConnected && !again.disabled && (!doc.activeElement || doc.activeElement === doc.body)) again.focus();
        return false;
      });
      focusLoop.start();
    }

    function showAlert(msg) { alertBox.hidden = !msg; alertBox.textContent = msg || ''; signal(section, 'diverged', 0); }

    // A diverged run: the message above the plot (the session went back to its last healthy
    // parameters: a button goes on from there with a third of the learning rate), and a hint
    // beside the learning rate.
    function showDiverged() {
      // Stopped at step 0: the loss of the weights the run started from is not finite, so
      // those weights (an imported model's, say) are the cause, not the learning rate.
      if (session.diverged.code === 'diverged' && session.diverged.details?.step === 0) {
        showAlert(t('pg.divergedAtStart'));
        signal(section, 'diverged', 1);
        return;
      }
      const msg = errorText(session.diverged);
      if (!session.kept) { showAlert(t('pg.diverged', { msg })); return; }
      const lr = Math.max(1e-6, Number((state.lr / 3).toPrecision(1)));
      showAlert(t('pg.divergedKept', { msg, kept: session.last ? session.last.step : 0 }));
      alertBox.append(' ', el('button', { type: 'button', class: 'btn secondary pg-continue', text: t('pg.continueLr', { lr: fmt(lr) }),
        onclick: () => {
          const problem = setOptimizer({ lr });
          if (problem) { showAlert(problem); return; }
          session.diverged = '';
          showAlert('');
          buildControls();
          play();
          playBtn.focus();
        } }));
      signal(section, 'diverged', 1);
      if (training) training.showLrError(t('pg.lrDiverged', { lr: fmt(state.lr) }));
    }

    // Makes data and trainer match the state; on a bad setting says so and keeps the page usable.
    function apply({ force = false, keepWeights = false, refresh = true } = {}) {
      try {
        session.ensureData(state);
        session.ensureTrainer(state, { force, keepWeights, refresh });
        if (session.diverged) showDiverged(); else showAlert('');
      } catch (e) {
        pause();
        showAlert(t('pg.settingError', { msg: errorText(e) }));
      }
    }

    /** Changes URL settings that shape the data or the network, then rebuilds what depends on them. */
    function change(patch) {
      if ('ds' in patch && patch.ds !== state.ds && session.ownCount() > 0 &&
          !window.confirm(t('pg.confirmSwitch', { n: session.ownCount() }))) { buildControls(); return false; }
      const shown = chartKey();
      ctx.setState(patch);
      apply({ refresh: !large() });   // a large net's statistics: on the next frame (redraw)
      syncOptimizer();
      buildControls({ focusLater: large(), keepData: Object.keys(patch).every((k) => ['layers', 'act', 'apar'].includes(k)) });
      // The points and the box (and the no-data notice, which apply() clears): not for a new network.
      if (chartKey() !== shown || session.sets().train.n === 0) setChartData();
      redraw({ settle: true });
      return true;
    }

    // What the plot's points depend on.
    const chartKey = () => JSON.stringify([session.dataKey, session.classes(), session.ownCount(), session.edits, state.loss]);

    // After a change: the readouts at once; the pictures at once for a net whose statistics
    // took a few ms, otherwise on the next frame (a large net's heatmap and pictures would make
    // this task too long).
    let redrawLoop = null;
    let redrawSettle = false;
    let redrawShow = false;   // the statistics were read on the last frame, not yet shown
    const large = () => session.statsMs > REDRAW_AT_ONCE_MS;
    // settle: the controls were rebuilt in this task; their first paint (and the focus given
    // back, see buildControls) has the next frame to itself, the statistics come a frame later.
    function redraw({ settle = false } = {}) {
      if (!large() || ui.playing) {
        redrawLoop?.stop();
        if (!session.stats) session.refresh();
        draw();
        return;
      }
      if (session.stats) drawReadouts();
      redrawSettle = settle;
      redrawShow = false;
      // The statistics when missing on one frame, shown (readouts, the editor's neuron cells)
      // on the next, the pictures on the one after (an 8 x 64 net's statistics and the first
      // colouring of its cells in one frame were 26-36 ms under load).
      redrawLoop ??= frameLoop(() => {
        if (ui.playing) return false;
        if (redrawSettle) { redrawSettle = false; return true; }
        if (!session.stats && session.trainer) { session.refresh(); redrawShow = true; return true; }
        if (redrawShow) { redrawShow = false; drawReadouts(); return true; }
        draw();
        return false;
      });
      redrawLoop.start();
    }

    function chooseDataset(name) { if (name !== state.ds) change({ ds: name }); }

    // Hands the state's optimizer settings to the trainer (after a change that kept it).
    function syncOptimizer() {
      if (!session.trainer) return;
      try {
        session.trainer.setConfig({ lr: state.lr, optimizer: state.opt, l2: state.l2, batchSize: Math.min(state.batch, session.sets().train.n) });
      } catch (e) {
        showAlert(t('pg.settingError', { msg: errorText(e) }));
      }
    }

    /** Changes optimizer settings on the running trainer; returns an error message or ''. */
    function setOptimizer(patch) {
      const map = { lr: 'lr', opt: 'optimizer', batch: 'batchSize', l2: 'l2' };
      const partial = {};
      for (const [k, v] of Object.entries(patch)) partial[map[k]] = v;
      if ('batchSize' in partial && session.trainer) partial.batchSize = Math.min(partial.batchSize, session.sets().train.n);
      try {
        if (session.trainer) session.trainer.setConfig(partial);
      } catch (e) {
        return t('pg.rejected', { msg: errorText(e), kept: fmt(state.lr) });
      }
      ctx.setState(patch);
      return '';
    }

    function addPoints(xs, ys) {
      if (session.ownCount() + ys.length > MAX_OWN_POINTS) { showAlert(t('pg.tooMany', { n: MAX_OWN_POINTS })); return; }
      session.own.x.push(...xs);
      session.own.y.push(...ys);
      ownChanged();
    }

    function addOwn([x, y]) {
      if (session.meta.inputs === 2) addPoints([x, y], [Math.min(ui.cls, session.meta.name === 'custom' ? 4 : session.meta.classes - 1)]);
      else addPoints([x], [y]);
    }

    // Removes the own or generated training point nearest to (x, y) if it is within reach.
    function removeNear(x, y) {
      if (session.removeNearest(x, y, HIT_RADIUS_PX / decision.pixelsPerUnit())) ownChanged();
    }

    function clearOwn() {
      const n = session.ownCount();
      if (n === 0 || !window.confirm(t('pg.confirmClear', { n }))) return;
      session.own = { x: [], y: [] };
      ownChanged();
    }

    function ownChanged() {
      apply({ keepWeights: true });
      if (session.classes() !== builtForClasses) buildControls();
      data.refreshOwn();
      setChartData();
      redraw();
    }

    function importModel(model) {
      const head = { inputs: session.meta.inputs, ...headFor({ ...session.meta, classes: session.classes() }, state.loss) };
      const problem = modelMismatch(ctx.i18n, model, head);
      if (problem) return problem;
      const acts = Array.isArray(model.activation) ? model.activation : model.layers.slice(1, -1).map(() => model.activation);
      const params = model.activation_params;
      const apar = {};
      acts.forEach((_, l) => {
        const p = Array.isArray(params) ? params[l] : params;
        for (const [k, v] of Object.entries(p && typeof p === 'object' ? p : {})) if (typeof v === 'number') apar[`l${l + 1}.${k}`] = v;
      });
      const feat = Object.keys(FEATURES).filter((k) => model.features?.includes(FEATURES[k]));
      const output = model.output ?? 'linear';   // the network fields' default
      const out = head.output === 'linear' && output !== 'linear' ? output : 'identity';
      const next = { ...state, layers: model.layers.slice(1, -1), act: acts, apar, feat, out };
      if (head.output === 'sigmoid' && model.loss === undefined) next.loss = state.loss;
      try {
        pause();
        session.adopt({ ...model, activation: acts }, next);
      } catch (e) {
        return e.message === 'no-data' ? t('pg.noData') : t('pg.importRejected', { msg: errorText(e) });
      }
      ctx.setState({ layers: next.layers, act: next.act, apar: next.apar, feat, out });
      session.netKey = session.keyFor(session.config(state));
      buildControls();
      showAlert('');
      redraw();
      return '';
    }

    // ---- drawing
    function setChartData() {
      const m = session.meta;
      const { train } = session.sets();
      const base = session.base ? session.base.train : { n: 0, x: [], y: [] };
      const own = session.ownSet();
      plotBox.classList.toggle('wide', m.inputs === 1);
      decision.setData({ inputs: m.inputs, classes: m.kind === 'regression' ? 0 : session.classes(), box: session.plotBox(),
        train: base, own, test: session.base ? session.base.test : null, showTest: ui.showTest });
      clear(plotLegend);
      const key = (cls, colour, text) => {
        const k = el('span', { class: `pg-key ${cls}`, 'aria-hidden': 'true' });
        if (colour) k.style.setProperty('--key', colour);
        return el('span', { class: 'legend-item' }, k, el('span', { text }));
      };
      const { ink } = palette(section);
      if (m.kind === 'classification') {
        for (let k = 0; k < session.classes(); k++) plotLegend.append(key('dot', CLASS_COLOURS[k], t('pg.classN', { k })));
        plotLegend.append(key('ring', ink, t('pg.role.test')), key('diamond', ink, t('pg.role.own')),
          el('span', { class: 'legend-item muted', text: t(session.classes() === 2 ? 'pg.heatBinary' : 'pg.heatMulti') }));
      } else {
        plotLegend.append(key('dot', ink, t('pg.role.train')), key('ring', ink, t('pg.role.test')),
          key('line', '#0072B2', t('pg.fitted')));
      }
      if (train.n === 0) showAlert(t('pg.noData'));
    }

    // Redraws what shows the network; paused, the heatmap's first `firstMacs` multiply-adds at
    // once and the rest over the next frames.
    function draw({ firstMacs = large() ? 0 : HEAT_FIRST_MACS } = {}) {
      const tr = session.trainer;
      const m = session.meta;
      if (!tr) decision.setOutputs({ image: null, curve: [] });
      else if (m.inputs === 2) {
        // While playing, the finest picture that takes at most a few frames' share.
        const cost = (l) => (HEAT_PLAYING[l] ** 2 * netMacs(tr)) / heatRate;
        const underWay = heat && heat.tr === tr && !heat.shown;
        if (ui.playing && heatRate > 0 && !underWay) {
          while (heatLevel < HEAT_PLAYING.length - 1 && cost(heatLevel) > 3 * HEAT_SLICE_MS) heatLevel++;
          while (heatLevel > 0 && cost(heatLevel - 1) <= 3 * HEAT_SLICE_MS) heatLevel--;
        }
        const size = ui.playing ? HEAT_PLAYING[heatLevel] : HEAT;
        // While playing, a picture is finished (with the weights of each band's frame) and
        // shown on a frame of its own (a chart redraw) before the next begins; otherwise a new
        // one starts now.
        if (ui.playing) {
          if (underWay && heat.row === heat.size) { if (!ui.statsFrame) showHeat(); }
          else {
            if (!underWay) heatStart(tr, size);
            if (!ui.heatPaused) heatRows(0, ui.heatMs ?? HEAT_SLICE_MS, false);
          }
        } else {
          const kept = pictures.get(session);
          if (kept?.tr === tr && kept.size === size && kept.last === session.last) {
            // The picture of these very weights (a remount, a redraw that changed no weights).
            if (heatRun) heatRun.stop();
            heatRun = null;
            heat = null;
            showPicture(kept);
          } else {
            // Meanwhile the last picture of this network, rather than a blank plot.
            if (!pictured && kept?.tr === tr) showPicture(kept);
            heatStart(tr, size);
            if (firstMacs === 0 || !heatRows(firstMacs, 0)) heatRun = runJob({ step: (ms) => ({ done: heatRows(0, ms) }) }, { budgetMs: HEAT_SLICE_MS });
          }
        }
      } else {
        const [x0, x1] = m.box;
        const ys = tr.curve(x0, x1, CURVE_SAMPLES);
        decision.setOutputs({ curve: Array.from(ys, (y, i) => ({ x: x0 + ((x1 - x0) * i) / (CURVE_SAMPLES - 1), y })) });
      }
      // While playing, a frame that read the statistics leaves the loss chart, the neuron
      // pictures and a finished heatmap to the next ones (see frame()).
      const light = ui.playing && ui.statsFrame;
      if (!light) drawLoss(!ui.playing);
      drawReadouts();
      if (!light) neurons.update(ui.playing, NEURON_SLICE_MS);
    }

    function heatStart(tr, size) {
      if (heatRun) heatRun.stop();
      heatRun = null;
      // The engine's grid includes both ends of the box; ask for pixel centres instead so the
      // image lines up with the axes.
      const [x0, x1, y0, y1] = session.meta.box;
      const hx = (x1 - x0) / size / 2;
      const hy = (y1 - y0) / size / 2;
      heat = { tr, size, image: heatImage(size), K: session.classes() > 2 ? session.classes() : 1, row: 0, centres: [x0 + hx, x1 - hx, y0 + hy, y1 - hy], macs: netMacs(tr), shown: false,
        last: ui.playing ? undefined : session.last };   // while playing, each band has the weights of its frame
    }

    // Multiply-adds of one forward pass.
    function netMacs(tr) {
      const L = tr.layers;
      let macs = 0;
      for (let l = 0; l + 1 < L.length; l++) macs += L[l] * L[l + 1];
      return macs;
    }

    // Evaluates the next bands of rows of the picture, up to `macs` multiply-adds or for about
    // budgetMs; once complete, returns true and shows it (unless `show` is false: showHeat()
    // later). Row r (0 = top) is at y = top - r (top - bottom) / (size - 1), as the engine's
    // grid of the whole box has it.
    function heatRows(macs, budgetMs, show = true) {
      const h = heat;
      if (h.tr !== session.trainer) return true;   // a new network: draw() starts its own
      const t0 = performance.now();
      const [cx0, cx1, bottom, top] = h.centres;
      const dy = (top - bottom) / (h.size - 1);
      const rowMacs = h.size * h.macs;
      while (h.row < h.size) {
        let n;
        if (macs > 0) n = Math.max(1, Math.floor(macs / rowMacs));
        else {
          const left = budgetMs - (performance.now() - t0);
          if (left <= 0 && h.rowMs !== undefined) break;
          n = h.rowMs ? Math.max(1, Math.floor(left / h.rowMs)) : 1;
        }
        n = Math.min(n, h.size - h.row);
        const c0 = performance.now();
        const r0 = h.row;
        const out = h.tr.gridView([cx0, cx1, top - (r0 + n - 1) * dy, top - r0 * dy], h.size, n);
        h.image.paintRows(out, h.K, r0, n);
        h.row += n;
        const dt = performance.now() - c0;
        h.rowMs = h.rowMs ? (h.rowMs + dt / n) / 2 : dt / n;
        if (dt > 0.5) heatRate = heatRate ? (heatRate + (n * rowMacs) / dt) / 2 : (n * rowMacs) / dt;
        if (macs > 0) break;
      }
      if (h.row < h.size) return false;
      if (show) showHeat();
      return true;
    }

    let showMs = 0;   // what showing a finished picture (a redraw of the plot) cost last time
    function showHeat() {
      const t0 = performance.now();
      heat.image.commit();
      heat.shown = true;
      const { tr, size, last } = heat;
      showPicture({ tr, size, last: last === session.last ? last : undefined, canvas: heat.image.canvas });
      showMs = performance.now() - t0;
    }

    // Shows a picture and keeps it for the session (see pictures). data-heat: the step of the
    // weights it is the whole picture of, or "mixed" (made while playing).
    function showPicture(p) {
      decision.setOutputs({ image: p.canvas });
      pictures.set(session, p);
      pictured = true;
      signal(section, 'heat', p.last === undefined ? 'mixed' : (p.last ? p.last.step : 0));
    }

    let lossDrawn = null;   // the history and scale last drawn, and when
    let lossMs = 0;         // what drawing it cost last time
    const lossKey = () => { const h = session.history; return [h.train, h.train.length, h.train[h.train.length - 1], ui.log, performance.now()]; };
    // While playing: redrawn when the history changed, at most ten times a second.
    const lossDue = (key = lossKey()) => !lossDrawn || (!key.slice(0, 4).every((v, i) => v === lossDrawn[i]) && key[4] - lossDrawn[4] >= 100);
    function drawLoss(force = true) {
      const h = session.history;
      const key = lossKey();
      if (!force && !lossDue(key)) return;
      lossDrawn = key;
      loss.update({ train: h.train, test: h.test, log: ui.log });
      lossMs = performance.now() - key[4];
    }

    let statsShown = [];   // the editor, statistics and training points it last showed
    function drawReadouts() {
      const st = session.stats;
      const last = session.last;
      const nTrain = session.sets().train.n;
      const count = t('pg.counter', { epoch: fmt(last ? last.epoch : 0, 3), step: last ? last.step : 0 });
      if (counter.textContent !== count) counter.textContent = count;
      signal(section, 'step', last ? last.step : 0);
      const label = ui.playing ? t('pg.pause') : t('pg.play');
      if (playBtn.textContent !== label) playBtn.textContent = label;
      playBtn.setAttribute('aria-pressed', String(ui.playing));
      const pct = (v) => (Number.isFinite(v) ? `${fmt(100 * v, 3)}%` : '—');
      const num = (v) => (Number.isFinite(v) ? fmt(v) : '—');
      const dead = deadNeurons(st, state.act, engine.flatBelowZero());
      // [key, text, raw value (kept in data-value for scripts and tests)]
      const rows = [
        ['epoch', fmt(last ? last.epoch : 0, 3), last ? last.epoch : 0],
        ['trainLoss', st ? num(st.trainLoss) : '—', st?.trainLoss], ['testLoss', st ? num(st.testLoss) : '—', st?.testLoss],
        ['trainAcc', st ? pct(st.trainAccuracy) : '—', st?.trainAccuracy], ['testAcc', st ? pct(st.testAccuracy) : '—', st?.testAccuracy],
        ['dead', dead.total ? t('pg.deadValue', { n: dead.dead, of: dead.total, p: pct(dead.share) }) : '—', dead.share],
      ];
      // Written in place, and only what changed (a new row every frame is a style and layout pass).
      if (readouts.children.length !== rows.length) {
        readouts.replaceChildren(...rows.map(([k]) => el('div', { class: `pg-readout pg-r-${k}` }, el('dt', { text: t(`pg.r.${k}`) }), el('dd'))));
      }
      rows.forEach(([, v, raw], i) => {
        const dd = readouts.children[i].lastChild;
        if (dd.textContent !== v) dd.textContent = v;
        if (dd.dataset.value !== String(raw)) dd.dataset.value = String(raw);
      });
      // The network editor's neuron cells only when there is something new to show (not each
      // frame: an 8 x 64 net's 512 cells were compared every frame while playing).
      if (net && (statsShown[0] !== net || statsShown[1] !== st || statsShown[2] !== nTrain)) {
        net.showStats(st, nTrain);
        statsShown = [net, st, nTrain];
      }
      if (!ui.playing) {
        const said = rows.filter(([k]) => k !== 'dead' && k !== 'trainLoss').map(([k, v]) => `${t(`pg.r.${k}`)} ${v}`).join(t('app.statusSep'));
        if (resultStatus.textContent !== said) resultStatus.textContent = said;
      }
      // The notes are a live region: rewritten only when they say something new.
      const notes = liveNotes(ctx.i18n, { ...state, feat: session.meta.inputs === 2 ? state.feat : [] }, st, engine.flatBelowZero());
      if (notes.join('\n') !== [...liveBox.children].map((p) => p.textContent).join('\n')) {
        liveBox.replaceChildren(...notes.map((n) => el('p', { class: 'notice pg-note', text: n })));
      }
    }

    // ---- training loop: many steps per frame within FRAME_BUDGET_MS
    const loop = frameLoop(frame);

    function frame() {
      if (!ui.playing) return false;
      const t0 = performance.now();
      // The statistics cost a forward and backward pass over the data (about 8 ms for an 8 x 64 net): read when due
      // (session.statsDue(): at most a tenth of the time); on those frames the heatmap may wait.
      // (Not before the core is warm, for a large net: see kit/warm_core.js.)
      const refresh = session.statsDue(t0) && !cold();
      // What else this frame does, at its last cost (the statistics, a slice of the neuron
      // pictures, the loss chart, a finished heatmap shown): training gets what is left of FRAME_JS_MS after it and a few
      // ms of heatmap, so that no frame's work grows past it (2 ms at least, FRAME_BUDGET_MS at most).
      // The loss chart follows the history, which grows on the frames that read the statistics:
      // it is drawn on the next frame, not on top of them, and so are the neuron pictures and a
      // finished heatmap (ui.statsFrame, draw()).
      const nv = !refresh && neurons.due ? (neurons.heavy ? NEURON_SHOW_MS : NEURON_SLICE_MS) : 0;
      const show = !refresh && heat && heat.tr === session.trainer && !heat.shown && heat.row === heat.size ? showMs : 0;
      const loss = !refresh && lossDue() ? lossMs : 0;
      const others = (refresh ? session.statsMs || 0 : loss) + nv + show;
      // Statistics that cost more than a heatmap slice (a large net's) have the frame to themselves.
      if (refresh && session.statsMs > HEAT_SLICE_MS) session.refresh();
      else session.trainFor(Math.min(FRAME_BUDGET_MS, Math.max(2, FRAME_JS_MS - HEAT_MIN_MS - others)), EPOCHS_PER_FRAME * stepsPerEpoch(), refresh);
      ui.statsFrame = refresh;
      ui.heatPaused = refresh && session.statsMs > HEAT_SLICE_MS;
      // The heatmap gets what is left of FRAME_JS_MS after the work drawn after it (the loss
      // chart, the neuron pictures), between 2 and 8 ms: the loss chart's share went to both.
      ui.heatMs = Math.min(HEAT_SLICE_MS, Math.max(2, FRAME_JS_MS - nv - loss - (performance.now() - t0)));
      if (session.diverged) { pause(); showDiverged(); }
      draw();
      // The work of the last frames (training + drawing), for the curious and the tests.
      frameTimes.push(performance.now() - t0);
      if (frameTimes.length > 30) frameTimes.shift();
      section.dataset.frameMs = [...frameTimes].sort((a, b) => a - b)[frameTimes.length >> 1].toFixed(1);
      return ui.playing;
    }

    function play() {
      if (session.diverged) reset();
      if (!session.trainer) apply();
      if (!session.trainer) return;
      ui.playing = true;
      redrawLoop?.stop();   // the play loop reads the statistics and draws from now on
      if (heatRun) { heatRun.stop(); heatRun = null; heat = null; }   // playing draws coarser
      loop.start();
      drawReadouts();
    }

    function pause() {
      const was = ui.playing;
      ui.playing = false;
      loop.stop();
      if (!playBtn.isConnected) return;
      if (was && !session.diverged) session.refresh();   // while playing they may lag a few frames
      if (was) redraw();   // the full-resolution heatmap again
      else drawReadouts();
    }

    // Optimizer steps in one pass over the training data.
    function stepsPerEpoch() {
      const n = session.sets().train.n;
      return Math.max(1, Math.ceil(n / Math.max(1, Math.min(state.batch, n))));
    }

    function stepEpoch() {
      pause();
      if (session.diverged || !session.trainer) return;
      session.trainFor(1000, stepsPerEpoch());
      if (session.diverged) showDiverged();
      redraw();
    }

    function reset() {
      pause();
      if (session.diverged && training) training.showLrError('');
      apply({ force: true });
      redraw();
    }

    let bringLoop = null;
    function tryLesson(lesson) {
      pause();
      if (!change(lessonPatch(lesson, state))) return;
      play();
      // The list is far below the plot: bring the plot's bar into view (not within an iframe
      // that shows the whole panel, where it is in view already), now and on the next two
      // frames, while the controls just rebuilt settle (their charts resize then).
      let frames = 0;
      const bring = () => {
        const top = playBar.getBoundingClientRect().top;
        if (top < 0 || top > window.innerHeight - 100) playBar.scrollIntoView({ block: 'start' });
        return ++frames < 3;
      };
      bring();
      bringLoop?.stop();
      bringLoop = frameLoop(bring);
      bringLoop.start();
    }

    // Opening, a step a frame (an 8 x 64 net's trainer, statistics, chart data and first
    // picture in one task froze the page for a quarter of a second): the data and the
    // controls' frame now, the rest on the next frames; data-opened marks the end. Every step
    // works from the current state, so a reader acting meanwhile (Play, a change) is safe.
    session.ensureData(state);
    let opening = jobFromGenerator((function* () {
      makeDecision();
      yield;
      makeLoss();
      yield;
      yield apply({ refresh: false });
      // A large net's statistics once the core is warm (kit/warm_core.js): cold, they run long.
      while (cold()) yield;
      yield session.refresh();
      yield* controlSteps(false, true);
      yield;
      yield setChartData();
      yield drawLoss();
      draw({ firstMacs: 0 });
    }()));
    const openLoop = frameLoop(() => {
      if (!opening.step(0).done) return true;
      opening = null;
      signal(section, 'opened', 1);
      return false;
    });
    openLoop.start();
    return {
      destroy() {
        // Stopped without pause(), which would redraw (and a large net's redraw starts a loop).
        ui.playing = false;
        loop.stop();
        openLoop.stop();
        redrawLoop?.stop();
        bringLoop?.stop();
        focusLoop?.stop();
        if (heatRun) heatRun.stop();
        decision.destroy();
        loss.destroy();
        neurons.destroy();
        section.remove();
      },
      /** For tests and the console: the session (trainer, data, history). */
      session,
    };
  },
};
