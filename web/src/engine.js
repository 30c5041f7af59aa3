// engine.js: the only JavaScript that touches the WASM module. It wraps the raw embind
// functions into a small friendly API, converts arrays, and turns the core's {error}
// results into a thrown CoreError. Panels and tools use this, never the module itself.
// It does not draw, parse URLs or know about the page (nor its languages: a CoreError
// carries a code and details, and web/src/i18n.js's errorText() words them).
//
// API (const engine = await createEngine(createCoreModule)):
//   Facts the core owns (read them here instead of copying them into the page):
//     activations()       catalogue entries {name, aliases, params [{name, default, min, max,
//                         sliderMin, sliderMax, aliases}], source, formulaTex, derivativeTex,
//                         piecewiseLinear, zeroCentred, usesExp, flatBelowZero}
//     piecewiseLinear()   Set of activation names the exact region code partitions
//                         (continuous and piecewise linear)
//     flatBelowZero()     Set of activation names with f'(x) = 0 for every x < 0 (dead neurons)
//     datasets()          [{name, kind: 'classification'|'regression', classes, inputs, box}]
//     dataBox(inputs = 2) the box every data set lies in: [xmin, xmax, ymin, ymax] or [xmin, xmax]
//     limits()            {maxLayerWidth, maxTrainSteps, maxBatchSize, maxGridSide, minDatasetPoints,
//                         maxDatasetPoints, maxNoise, maxDataDim, maxClasses, maxSoftmaxJacobian, dataBox}
//     errorCodes()        [{code, message}]: every code a CoreError can carry, English template
//   Computation:
//     evaluate(name, params, xs), softmax(scores, T, variant), timeActivation(name, params, opts)
//     forward(model, x), trainRun(model, config, data, steps)
//     collapseIdentity(model)   the product of an identity network's layers: {A (flat, outputs x
//                               inputs), M ([out][in]), c, inputs, outputs}, plain arrays
//     regions(model, box, {maxRegions, perLayer}), regionAt(model, x) (region: -1, no partition),
//     segment(model, a, b), regionsUpperBound(inputs, widths) (BigInt), regionsJson(model, box, opts)
//     makeDataset(name, opts) -> {..., box}
//     createTrainer(config, train, test) / createTrainerFromModel(model, config, train, test):
//       train(steps) -> {losses, diverged, error (a CoreError when diverged, else null), message,
//       step, epoch}; regions(box); regionAt(x) -> {pattern, region: index of the point's cell
//       in the last regions() partition, -1 if none or trained since, A, c, logits}; stats(),
//       grid(), gridView(), curve(), predict(), params(), setParams(), exportModel(), setConfig(), delete()
//   Errors: every function throws CoreError {message (English), code, details}.

// Work units (one neuron's line against one cell) of a regions job's first slice: a few
// milliseconds; nets with up to a few hundred cells are done within it.
const REGIONS_FIRST_SLICE = 20000;
// Characters of patterns a regions job hands over at once (a few milliseconds of decoding on a
// busy machine: a million took 10-25 ms of main-thread CPU under load).
const REGIONS_PATTERN_CHARS = 1 << 18;
// Milliseconds of core work a regions job asks for at once, the clock read between: a unit's
// cost varies along the walk, so one call sized to the whole budget by the last slice's rate
// could run to several times it.
const REGIONS_SUBSLICE_MS = 2;

/** The one error type of the core: a bad setting or input, with a code, details and an English message. */
export class CoreError extends Error {
  constructor(message, code = 'internal', details = {}) {
    super(message);
    this.name = 'CoreError';
    this.code = code;          // stable id, e.g. 'lr_invalid', 'diverged'
    this.details = details;    // named values, e.g. {step: 120, value: Infinity}
  }
}

// The errors engine.js raises itself (a JS value of the wrong shape, before the core sees
// it), with their English templates. The core's codes come from the module (errorCodes()).
export const ENGINE_ERRORS = {
  core_not_loaded: 'the WebAssembly core (core.js) is not loaded',
  array_item_not_number: '{field}[{index}] must be a number, got {value}',
  not_a_number_array: '{field} must be an array of numbers',
  not_a_text: '{field} must be a string',
  model_not_object: 'a model must be a JSON object',
  model_layers_invalid: "'layers' must be a list of at least 2 whole numbers from 1 to {max}, e.g. [2, 8, 1]",
  model_activation_count: "'activation' as a list needs {count} entries (one per hidden layer)",
  model_activation_invalid: "'activation' must be a name or a list of names",
  model_activation_params_count: "'activation_params' as a list needs {count} entries",
  model_activation_params_invalid: "'activation_params' must be an object or a list of objects",
  model_output_invalid: "'output' must be a name: linear, sigmoid, softmax or an activation",
  model_output_params_invalid: "'output_params' must be an object",
  model_features_invalid: "'features' must be a list of feature names (x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2))",
  model_weights_count: "'weights' must be a list of {count} matrices (out x in)",
  model_biases_count: "'biases' must be a list of {count} vectors",
  model_weights_shape: 'weights[{layer}] must have shape [{rows}][{cols}] (out x in)',
  model_biases_shape: 'biases[{layer}] must have length {length}',
  model_number_not_finite: '{field} must be a finite number, got {value}',
  softmax_scores_ragged: 'softmax scores must be a vector or rows of equal length',
  data_not_object: '{field} must be {x, y, n}',
  data_shape: '{field}: x must hold n * inputs numbers',
  trainer_config_invalid: 'trainer config must be an object',
  trainer_deleted: 'this trainer was deleted',
};

/** A CoreError for one of ENGINE_ERRORS, its message filled from `details`. */
function engineError(code, details = {}) {
  const message = ENGINE_ERRORS[code].replace(/\{(\w+)\}/g, (m, k) => (k in details ? String(details[k]) : m));
  return new CoreError(message, code, details);
}

// A core status {message, code, details} (or a failed result {error, code, details}) as a CoreError.
function coreError(status) {
  return new CoreError(status.error ?? status.message, status.code ?? 'internal', status.details ?? {});
}

function check(result) {
  if (result && typeof result.error === 'string') throw coreError(result);
  return result;
}

function toFloat64(xs, what) {
  if (xs instanceof Float64Array) return xs;
  if (ArrayBuffer.isView(xs)) return Float64Array.from(xs);
  if (Array.isArray(xs)) {
    // Plain arrays must hold numbers: null, true or "1" are mistakes, not 0 or 1.
    const bad = xs.findIndex((v) => typeof v !== 'number');
    if (bad >= 0) throw engineError('array_item_not_number', { field: what, index: bad, value: JSON.stringify(xs[bad]) });
    return Float64Array.from(xs);
  }
  throw engineError('not_a_number_array', { field: what });
}

const isInt = (v) => Number.isInteger(v);

/**
 * Network fields (design.md section 4: layers, activation, activation_params, output,
 * weights [l][out][in], biases [l][out]) -> the flat spec the core takes. Checks every
 * shape and number and throws CoreError naming the first problem. `needParams` false
 * allows a model without weights (they are then drawn by the initialiser). `maxWidth` is
 * the core's widest layer (limits().maxLayerWidth): wider layers are refused before the
 * weights are copied.
 */
export function modelToSpec(model, needParams = true, maxWidth = Infinity) {
  if (!model || typeof model !== 'object' || Array.isArray(model)) throw engineError('model_not_object');
  const { layers } = model;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every((n) => isInt(n) && n >= 1 && n <= maxWidth))
    throw engineError('model_layers_invalid', { max: maxWidth });
  const L = layers.length - 1;
  const hidden = L - 1;
  const act = model.activation ?? 'relu';
  const names = Array.isArray(act) ? act : Array(hidden).fill(act);
  if (names.length !== hidden) throw engineError('model_activation_count', { count: hidden });
  if (!names.every((n) => typeof n === 'string')) throw engineError('model_activation_invalid');
  const ap = model.activation_params ?? {};
  const plist = Array.isArray(ap) ? ap : Array(hidden).fill(ap);
  if (plist.length !== hidden) throw engineError('model_activation_params_count', { count: hidden });
  if (!plist.every((p) => p && typeof p === 'object' && !Array.isArray(p))) throw engineError('model_activation_params_invalid');
  const output = model.output ?? 'linear';
  if (typeof output !== 'string') throw engineError('model_output_invalid');
  const spec = { layers: layers.slice(), activations: names, activationParams: plist, output };
  if (model.output_params !== undefined) {
    const op = model.output_params;
    if (!op || typeof op !== 'object' || Array.isArray(op)) throw engineError('model_output_params_invalid');
    spec.outputParams = op;
  }
  if (model.features !== undefined) {
    if (!Array.isArray(model.features) || !model.features.every((f) => typeof f === 'string')) throw engineError('model_features_invalid');
    spec.features = model.features.slice();
  }
  // With no hidden layer the activation is unused, but a misspelt name is still a mistake.
  if (hidden === 0 && typeof act === 'string') spec.unusedActivation = { name: act, params: Array.isArray(ap) ? {} : ap };
  if (model.weights === undefined && model.biases === undefined && !needParams) return spec;
  const { weights, biases } = model;
  if (!Array.isArray(weights) || weights.length !== L) throw engineError('model_weights_count', { count: L });
  if (!Array.isArray(biases) || biases.length !== L) throw engineError('model_biases_count', { count: L });
  let count = 0;
  for (let l = 0; l < L; ++l) count += layers[l + 1] * layers[l] + layers[l + 1];
  const params = new Float64Array(count);
  let k = 0;
  // The field's name is made only for the error (a 2-64-64-64-1 net has 8,600 numbers).
  const notFinite = (v, where) => engineError('model_number_not_finite', { field: where, value: typeof v === 'number' ? String(v) : JSON.stringify(v) });
  for (let l = 0; l < L; ++l) {
    const W = weights[l], b = biases[l];
    const shapeOk = Array.isArray(W) && W.length === layers[l + 1] && W.every((r) => Array.isArray(r) && r.length === layers[l]);
    if (!shapeOk) throw engineError('model_weights_shape', { layer: l, rows: layers[l + 1], cols: layers[l] });
    W.forEach((row, i) => row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw notFinite(v, `weights[${l}][${i}][${j}]`);
      params[k++] = v;
    }));
    if (!Array.isArray(b) || b.length !== layers[l + 1]) throw engineError('model_biases_shape', { layer: l, length: layers[l + 1] });
    b.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw notFinite(v, `biases[${l}][${i}]`);
      params[k++] = v;
    });
  }
  spec.params = params;
  return spec;
}

/** Flat params (core layout: per layer W row-major, then b) -> {weights, biases} nested. */
export function paramsToLayers(layers, params) {
  const weights = [], biases = [];
  let k = 0;
  for (let l = 0; l + 1 < layers.length; ++l) {
    const W = [];
    for (let i = 0; i < layers[l + 1]; ++i) {
      W.push(Array.from(params.subarray(k, k + layers[l])));
      k += layers[l];
    }
    weights.push(W);
    biases.push(Array.from(params.subarray(k, k + layers[l + 1])));
    k += layers[l + 1];
  }
  return { weights, biases };
}

function specToModel(spec, params) {
  const same = (a) => a.every((v) => JSON.stringify(v) === JSON.stringify(a[0]));
  const model = {
    layers: spec.layers.slice(),
    activation: spec.activations.length && same(spec.activations) ? spec.activations[0] : spec.activations.slice(),
    activation_params: spec.activationParams.length && same(spec.activationParams) ? { ...spec.activationParams[0] } : spec.activationParams.map((p) => ({ ...p })),
    output: spec.output,
  };
  if (spec.activations.length === 0) model.activation = 'relu';
  if (spec.activationParams.length === 0) model.activation_params = {};
  if (spec.features) model.features = spec.features.slice();
  if (spec.outputParams) model.output_params = { ...spec.outputParams };
  return { ...model, ...paramsToLayers(spec.layers, params) };
}

// Splits the core's concatenated pattern string into one string per region.
function splitPatterns(r) {
  if (r.patterns === undefined) return r;
  const n = r.neurons, list = [];
  const count = n > 0 ? r.patterns.length / n : (r.patternRegions ?? (r.t ? r.t.length + 1 : 1));
  for (let i = 0; i < count; ++i) list.push(n > 0 ? r.patterns.substr(i * n, n) : '');
  return { ...r, patterns: list };
}

// Page-level training config -> the core's settings object.
function settingsFrom(config) {
  const s = {};
  const map = { loss: 'loss', optimizer: 'optimizer', lr: 'lr', momentum: 'momentum', nesterov: 'nesterov', l2: 'l2',
    l2Biases: 'l2Biases', batchSize: 'batchSize', shuffle: 'shuffle', batching: 'batching', bceImpl: 'bceImpl',
    eps: 'eps', seed: 'shuffleSeed', shuffleSeed: 'shuffleSeed' };
  for (const [from, to] of Object.entries(map)) if (config[from] !== undefined) s[to] = config[from];
  if (Array.isArray(config.betas)) [s.beta1, s.beta2] = config.betas;
  // The core checks types too; this names the page's key (seed, not shuffleSeed).
  for (const k of ['lr', 'momentum', 'l2', 'batchSize', 'eps', 'shuffleSeed', 'beta1', 'beta2'])
    if (s[k] !== undefined && typeof s[k] !== 'number') throw new CoreError(`${k} must be a number`, 'not_a_number', { field: k });
  return s;
}

function dataFor(d, classes, what) {
  if (!d || typeof d !== 'object') throw engineError('data_not_object', { field: what });
  const x = toFloat64(d.x, `${what}.x`);
  const y = toFloat64(d.y, `${what}.y`);
  const n = d.n ?? y.length;
  if (!isInt(n) || n < 1 || x.length % n !== 0) throw engineError('data_shape', { field: what });
  return { x, y, inputs: x.length / n, classes, targetDim: classes > 0 ? 1 : y.length / n };
}

/**
 * Loads the core: `factory` is the MODULARIZE function core.js defines
 * (globalThis.createCoreModule in the page, require('core.js') in node).
 */
export async function createEngine(factory, moduleOptions = {}) {
  if (typeof factory !== 'function') throw engineError('core_not_loaded');
  const M = await factory(moduleOptions);
  let catalogue = null, datasetList = null, limits = null, codes = null;
  let spareRegionsJob = null;   // a finished or cancelled regions job, kept to be started again
  const namesWhere = (flag) => new Set(engine.activations().filter((a) => a[flag]).map((a) => a.name));
  const engine = {
    module: M,

    /** Every activation of the catalogue: name, aliases, params (with ranges), TeX, flags. */
    activations() {
      if (!catalogue) catalogue = M.activationCatalogue();
      return catalogue;
    },

    /** Names of the activations the exact region code partitions (continuous, piecewise linear). */
    piecewiseLinear() {
      return namesWhere('piecewiseLinear');
    },

    /** Names of the activations whose slope is 0 for every negative input (a neuron can die). */
    flatBelowZero() {
      return namesWhere('flatBelowZero');
    },

    /** The core's limits on requests, and its data box ([min, max] per axis). */
    limits() {
      if (!limits) limits = M.limits();
      return limits;
    },

    /** The box every data set lies in: [xmin, xmax, ymin, ymax] for 2 inputs, [xmin, xmax] for 1. */
    dataBox(inputs = 2) {
      const [lo, hi] = engine.limits().dataBox;
      return inputs === 1 ? [lo, hi] : [lo, hi, lo, hi];
    },

    /** Every error code a CoreError can carry (the core's, then engine.js's), with its English template. */
    errorCodes() {
      if (!codes) codes = [...M.errorCodes(), ...Object.entries(ENGINE_ERRORS).map(([code, message]) => ({ code, message }))];
      return codes;
    },

    /** f and f' of one activation over a whole array, in one call. */
    evaluate(name, params, xs) {
      if (typeof name !== 'string') throw engineError('not_a_text', { field: 'name' });
      return check(M.evaluate(name, params ?? {}, toFloat64(xs, 'x')));
    },

    /**
     * softmax / log_softmax / softmin of one vector (number[]) or of rows (number[][]),
     * with temperature. Returns {y, jacobian} flat (rows*k, rows*k*k), plus rows and k.
     */
    softmax(scores, temperature = 1, variant = 'softmax') {
      const isRows = Array.isArray(scores) && (Array.isArray(scores[0]) || ArrayBuffer.isView(scores[0]));
      const rows = isRows ? scores : [scores];
      const k = rows[0]?.length ?? 0;
      if (rows.some((r) => !Array.isArray(r) && !ArrayBuffer.isView(r)) || rows.some((r) => r.length !== k))
        throw engineError('softmax_scores_ragged');
      const flat = new Float64Array(rows.length * k);
      rows.forEach((r, i) => flat.set(toFloat64(r, 'scores'), i * k));
      if (typeof temperature !== 'number') throw new CoreError('temperature must be a number', 'not_a_number', { field: 'temperature' });
      const out = check(M.softmax(flat, rows.length, k, temperature, String(variant)));
      return { y: out.y, jacobian: out.jacobian, rows: rows.length, k };
    },

    /**
     * Nanoseconds per element of f and of f' for one activation, measured by the core
     * in this browser: n inputs over [-6, 6], warm-up, median of `samples` repeats.
     */
    timeActivation(name, params = {}, { n = 4096, samples = 7, minMs = 2 } = {}) {
      return check(M.timeActivation(String(name), params ?? {}, n, samples, minMs));
    },

    /** Forward pass of a model (network fields) on x (n * inputs): every intermediate. */
    forward(model, x, { jacobians = true } = {}) {
      const spec = checkUnused(specOf(model));
      return check(M.forward(spec, toFloat64(x, 'x'), jacobians));
    },

    /** One whole training run for the command-line tool (data as core datasets). */
    trainRun(model, config, data, steps) {
      const spec = checkUnused(specOf(model));
      return check(M.trainRun(spec, settingsFrom(config), data, steps));
    },

    /**
     * For a model whose hidden activations are all the identity: the layers multiplied out,
     * logits = A x + c. Returns {A: flat outputs x inputs row-major, M: the same as rows,
     * c, inputs, outputs}, plain arrays. Any other activation throws (not_identity_network).
     */
    collapseIdentity(model) {
      const r = check(M.collapseIdentity(specOf(model)));
      const A = Array.from(r.A), c = Array.from(r.c);
      const M_ = Array.from({ length: r.outputs }, (_, o) => A.slice(o * r.inputs, (o + 1) * r.inputs));
      return { A, M: M_, c, inputs: r.inputs, outputs: r.outputs };
    },

    /**
     * Exact linear regions of a piecewise-linear net (network fields) over box
     * [xmin,xmax,ymin,ymax] (2 inputs) or [xmin,xmax] (1 input). Flat arrays; see
     * cpp/include/alab/regions.h for the layout. patterns: one string per region.
     * perLayer: true adds cellsPerLayer (number[], the cells after hidden layers 1..k; the
     * last is patternRegions) and upperBound (BigInt, Serra et al. 2018, Theorem 1, for the
     * input dimension and the hidden widths).
     */
    regions(model, box, { maxRegions, perLayer = false } = {}) {
      const options = maxRegions === undefined ? { perLayer: perLayer === true } : { maxRegions, perLayer: perLayer === true };
      const r = splitPatterns(check(M.regions(specOf(model), toFloat64(box, 'box'), options)));
      if (r.cellsPerLayer) {
        r.cellsPerLayer = Array.from(r.cellsPerLayer);
        r.upperBound = BigInt(r.upperBound);
      }
      return r;
    },

    /**
     * The bound of Serra, Tjandraatmadja and Ramalingam (2018, Theorem 1) on the linear
     * regions of a ReLU net with `inputs` inputs and hidden widths `widths` (n_1..n_L), as a
     * BigInt: the sum over (j_1..j_L), 0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1},
     * n_l), of prod_l C(n_l, j_l). No network needed (inputs 1 to 1024).
     */
    regionsUpperBound(inputs, widths) {
      return BigInt(check(M.regionsUpperBound(inputs, toFloat64(widths, 'widths'))).upperBound);
    },

    /**
     * For the command-line tool: the regions answer of reference/README.md section 9 as
     * UTF-8 JSON text (a Uint8Array copy), made in one pass in WASM. Options as regions(),
     * and view: true gives the text where the core keeps it instead of a copy, valid only
     * until the next call into the core (the tool writes a single answer at once: copying
     * a 10 MB answer costs about 10 ms in a fresh process).
     */
    regionsJson(model, box, { maxRegions, perLayer = false, view = false } = {}) {
      const options = maxRegions === undefined ? { perLayer: perLayer === true } : { maxRegions, perLayer: perLayer === true };
      const { json } = check(M.regionsJson(specOf(model), toFloat64(box, 'box'), options));
      return view === true ? json : json.slice();
    },

    /**
     * The region of point x: pattern and the local map logits = A x + c. region is -1 here
     * (no partition to index into); a trainer's regionAt gives the index.
     */
    regionAt(model, x) {
      return check(M.regionAt(specOf(model), toFloat64(x, 'x')));
    },

    /**
     * regions(model, box) a slice at a time, as a job for kit/job.js: step(budgetMs) works for
     * about budgetMs and returns {done, progress (share of the box in finished cells), result
     * (the regions, once done)}; cancel() frees it. The first step does a fixed amount of
     * work, whatever the clock says, so a small net is done after it on any machine. The
     * job holds its own copy of the net: the model may train meanwhile. Throws CoreError.
     */
    regionsJob(model, box, { maxRegions } = {}) {
      // The last job freed is started again: its buffers keep their size, so a net partitioned
      // again (the page does while it trains) fills them without growing and copying them.
      const job = spareRegionsJob || new M.RegionsJob();
      spareRegionsJob = null;
      let live = true;
      const free = () => {
        if (!live) return;
        live = false;
        if (spareRegionsJob) job.delete(); else spareRegionsJob = job;
      };
      const guard = (r) => { try { return check(r); } catch (e) { free(); throw e; } };
      const first = guard(job.start(specOf(model), toFloat64(box, 'box'), maxRegions === undefined ? {} : { maxRegions }));
      let perMs = 0;        // work units a millisecond, measured
      let walked = false;   // the core's walk is done: its result is there to read
      let shell = null;     // the finished partition, its patterns still in the core
      const patterns = [];
      let result = null;
      if (first.done) { result = splitPatterns(guard(job.result())); free(); }
      const slice = (units) => {
        const c0 = performance.now();
        const r = guard(job.step(units));
        const rate = units / Math.max(0.2, performance.now() - c0);
        perMs = perMs > 0 ? (perMs + rate) / 2 : rate;
        walked = r.done;
        return r;
      };
      // The patterns come over a slice of cells at a time (they are megabytes for large nets).
      const take = () => {
        const n = shell.neurons;
        const R = shell.patternRegions;
        const to = Math.min(R, patterns.length + Math.max(1, Math.floor(REGIONS_PATTERN_CHARS / Math.max(1, n))));
        const from = patterns.length;
        const text = n > 0 ? guard(job.patterns(from, to)) : '';
        for (let i = from; i < to; i++) patterns.push(text.substr((i - from) * n, n));
        if (patterns.length === R) { result = { ...shell, patterns }; free(); }
      };
      return {
        step(budgetMs = 8) {
          const t0 = performance.now();
          let r = null;
          const opening = perMs === 0;
          if (!walked && !result) {
            if (opening) r = slice(REGIONS_FIRST_SLICE);   // the first step: a fixed amount
            else do r = slice(Math.max(256, Math.round(perMs * Math.min(REGIONS_SUBSLICE_MS, budgetMs - (performance.now() - t0))))); while (!walked && performance.now() - t0 < budgetMs * 0.8);
          }
          // The result's arrays (copied out of the core) wait for the next step when the walk took half of this one.
          if (walked && !shell && (!r || opening || performance.now() - t0 < budgetMs / 2)) shell = guard(job.result());
          // Patterns of more than one take wait for the next step when the last slice took half of this one.
          const wait = r && shell && shell.patternRegions * shell.neurons > REGIONS_PATTERN_CHARS && performance.now() - t0 >= budgetMs / 2;
          if (shell && !result && !wait) do take(); while (!result && performance.now() - t0 < budgetMs);
          return result ? { done: true, progress: 1, result } : { done: false, progress: walked ? 1 : r.progress };
        },
        cancel: free,
      };
    },

    /**
     * Where the pattern changes along the segment a -> b: t values, patterns, maps. With
     * {maps: false} A and c are empty (the maps are not computed).
     */
    segment(model, a, b, { maps = true } = {}) {
      const spec = specOf(model), pa = toFloat64(a, 'a'), pb = toFloat64(b, 'b');
      return splitPatterns(check(maps === false ? M.segmentCrossings(spec, pa, pb, false) : M.segmentCrossings(spec, pa, pb)));
    },

    /** The toy data sets: [{name, kind, classes, inputs, box}], in display order. */
    datasets() {
      if (!datasetList) datasetList = check(M.datasetList());
      return datasetList;
    },

    /**
     * Seeded data set with a train/test split. noise is the standard deviation of the
     * jitter in input units (the data box is dataBox(); 0 to 2 is a sensible range).
     */
    makeDataset(name, { n = 500, noise = 0.5, seed = 1, testFraction = 0.5 } = {}) {
      const d = check(M.makeDataset(String(name), n, noise, seed, testFraction));
      return { ...d, box: engine.dataBox(d.inputs) };
    },

    /**
     * A trainer for the page (see the Playground). config: layers, activation(s),
     * activationParams, output, loss, optimizer, lr, momentum, nesterov, l2, batchSize,
     * shuffle, init (torch|xavier|he), seed. train/test: {x, y, n}; labels in y when the
     * loss is bce/cross_entropy (classification), targets otherwise. Call .delete().
     */
    createTrainer(config, train, test) {
      return makeTrainer(config, specOf(configModel(config), false), train, test);
    },

    /** A trainer that starts from an imported model (network fields). */
    createTrainerFromModel(model, config, train, test) {
      return makeTrainer({ ...config, layers: model?.layers }, specOf(model, true), train, test);
    },
  };
  return engine;

  function specOf(model, needParams = true) {
    return modelToSpec(model, needParams, engine.limits().maxLayerWidth);
  }

  // Checks the activation named by a model without hidden layers (it is otherwise unused).
  function checkUnused(spec) {
    if (spec.unusedActivation) check(M.evaluate(spec.unusedActivation.name, spec.unusedActivation.params, new Float64Array(0)));
    return spec;
  }

  function configModel(config) {
    if (!config || typeof config !== 'object') throw engineError('trainer_config_invalid');
    const model = { layers: config.layers, activation: config.activation, activation_params: config.activationParams ?? {}, output: config.output };
    if (config.features) model.features = config.features;
    if (config.outputParams) model.output_params = config.outputParams;
    return model;
  }

  function makeTrainer(config, spec, train, test) {
    const classification = config.loss === 'bce' || config.loss === 'cross_entropy' || config.classes > 0;
    const K = spec.layers[spec.layers.length - 1];
    const classes = classification ? (config.classes ?? Math.max(2, K)) : 0;
    const trainData = dataFor(train, classes, 'train');
    const testData = test && test.n > 0 ? dataFor(test, classes, 'test') : undefined;
    const settings = settingsFrom(config);
    const handle = new M.Trainer();
    try {
      check(handle.reset(spec, settings, trainData, testData, config.init ?? 'torch', config.seed ?? 1));
    } catch (e) {
      handle.delete();
      throw e;
    }
    let deleted = false;
    const alive = () => {
      if (deleted) throw engineError('trainer_deleted');
    };
    const hiddenSizes = spec.layers.slice(1, -1);
    return {
      hiddenSizes,
      layers: spec.layers.slice(),
      /** {losses, diverged, error: the divergence as a CoreError (else null), message, step, epoch}. */
      train(steps) {
        alive();
        const r = check(handle.train(steps));
        const error = r.status ? coreError(r.status) : null;
        delete r.status;
        return { ...r, error };
      },
      setConfig(partial) {
        alive();
        check(handle.setSettings(settingsFrom(partial)));
      },
      stats() {
        alive();
        const s = handle.stats();
        const counts = Int32Array.from(s.activeCounts);
        const dead = counts.reduce((a, c) => a + (c === 0 ? 1 : 0), 0);
        return { ...s, activeCounts: counts, hiddenSizes, deadShare: counts.length ? dead / counts.length : 0 };
      },
      /** Outputs on a w x h grid of box, row 0 = top (y max); a copy. */
      grid(box, w, h) {
        return this.gridView(box, w, h).slice();
      },
      /** Same as grid() without the copy: use it before calling the engine again. */
      gridView(box, w, h, allNeurons = false) {
        alive();
        const [x0, x1, y0, y1] = box;
        // The core's grid starts at y0 (bottom); ask for the box flipped so row 0 is the top.
        return check(handle.gridView(x0, x1, y1, y0, w, h, allNeurons));
      },
      curve(x0, x1, m) {
        alive();
        return check(handle.gridView(x0, x1, 0, 0, m, 1, false)).slice();
      },
      regions(box) {
        alive();
        return splitPatterns(check(handle.regions(toFloat64(box, 'box'))));
      },
      /** The point's pattern, map and region: its cell's index in the last regions() result (-1: none). */
      regionAt(x) {
        alive();
        return check(handle.regionAt(toFloat64(x, 'x')));
      },
      segment(a, b) {
        alive();
        return splitPatterns(check(handle.segment(toFloat64(a, 'a'), toFloat64(b, 'b'))));
      },
      predict(x) {
        alive();
        return check(handle.predict(toFloat64(x, 'x')));
      },
      params() {
        alive();
        return handle.params();
      },
      /** Replaces the parameters (flat, params() layout; finite); clears the optimizer's state. */
      setParams(params) {
        alive();
        check(handle.setParams(toFloat64(params, 'params')));
      },
      exportModel() {
        alive();
        return specToModel(spec, handle.params());
      },
      delete() {
        if (!deleted) handle.delete();
        deleted = true;
      },
    };
  }
}
