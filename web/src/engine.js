// engine.js: the only JavaScript that touches the WASM module. It wraps the raw embind
// functions into a small friendly API, converts arrays, and turns the core's {error}
// results into a thrown CoreError. Panels and tools use this, never the module itself.
// It does not draw, parse URLs or know about the page.

/** The one error type of the core: a bad setting or input, with a readable message. */
export class CoreError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CoreError';
  }
}

function check(result) {
  if (result && typeof result.error === 'string') throw new CoreError(result.error);
  return result;
}

function toFloat64(xs, what) {
  if (xs instanceof Float64Array) return xs;
  if (ArrayBuffer.isView(xs)) return Float64Array.from(xs);
  if (Array.isArray(xs)) {
    // Plain arrays must hold numbers: null, true or "1" are mistakes, not 0 or 1.
    const bad = xs.findIndex((v) => typeof v !== 'number');
    if (bad >= 0) throw new CoreError(`${what}[${bad}] must be a number, got ${JSON.stringify(xs[bad])}`);
    return Float64Array.from(xs);
  }
  throw new CoreError(`${what} must be an array of numbers`);
}

const isInt = (v) => Number.isInteger(v);

/**
 * Network fields (design.md section 4: layers, activation, activation_params, output,
 * weights [l][out][in], biases [l][out]) -> the flat spec the core takes. Checks every
 * shape and number and throws CoreError naming the first problem. `needParams` false
 * allows a model without weights (they are then drawn by the initialiser).
 */
export function modelToSpec(model, needParams = true) {
  if (!model || typeof model !== 'object' || Array.isArray(model)) throw new CoreError('a model must be a JSON object');
  const { layers } = model;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every((n) => isInt(n) && n >= 1 && n <= 4096))
    throw new CoreError("'layers' must be a list of at least 2 whole numbers >= 1, e.g. [2, 8, 1]");
  const L = layers.length - 1;
  const hidden = L - 1;
  const act = model.activation ?? 'relu';
  const names = Array.isArray(act) ? act : Array(hidden).fill(act);
  if (names.length !== hidden) throw new CoreError(`'activation' as a list needs ${hidden} entries (one per hidden layer)`);
  if (!names.every((n) => typeof n === 'string')) throw new CoreError("'activation' must be a name or a list of names");
  const ap = model.activation_params ?? {};
  const plist = Array.isArray(ap) ? ap : Array(hidden).fill(ap);
  if (plist.length !== hidden) throw new CoreError(`'activation_params' as a list needs ${hidden} entries`);
  if (!plist.every((p) => p && typeof p === 'object' && !Array.isArray(p))) throw new CoreError("'activation_params' must be an object or a list of objects");
  const output = model.output ?? 'linear';
  if (typeof output !== 'string') throw new CoreError("'output' must be linear, sigmoid or softmax");
  const spec = { layers: layers.slice(), activations: names, activationParams: plist, output };
  // With no hidden layer the activation is unused, but a misspelt name is still a mistake.
  if (hidden === 0 && typeof act === 'string') spec.unusedActivation = { name: act, params: Array.isArray(ap) ? {} : ap };
  if (model.weights === undefined && model.biases === undefined && !needParams) return spec;
  const { weights, biases } = model;
  if (!Array.isArray(weights) || weights.length !== L) throw new CoreError(`'weights' must be a list of ${L} matrices (out x in)`);
  if (!Array.isArray(biases) || biases.length !== L) throw new CoreError(`'biases' must be a list of ${L} vectors`);
  let count = 0;
  for (let l = 0; l < L; ++l) count += layers[l + 1] * layers[l] + layers[l + 1];
  const params = new Float64Array(count);
  let k = 0;
  const put = (v, where) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CoreError(`${where} must be a finite number, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`);
    params[k++] = v;
  };
  for (let l = 0; l < L; ++l) {
    const W = weights[l], b = biases[l];
    const shapeOk = Array.isArray(W) && W.length === layers[l + 1] && W.every((r) => Array.isArray(r) && r.length === layers[l]);
    if (!shapeOk) throw new CoreError(`weights[${l}] must have shape [${layers[l + 1]}][${layers[l]}] (out x in)`);
    W.forEach((row, i) => row.forEach((v, j) => put(v, `weights[${l}][${i}][${j}]`)));
    if (!Array.isArray(b) || b.length !== layers[l + 1]) throw new CoreError(`biases[${l}] must have length ${layers[l + 1]}`);
    b.forEach((v, i) => put(v, `biases[${l}][${i}]`));
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
  for (const k of ['lr', 'momentum', 'l2', 'batchSize', 'eps', 'shuffleSeed', 'beta1', 'beta2'])
    if (s[k] !== undefined && typeof s[k] !== 'number') throw new CoreError(`${k} must be a number`);
  return s;
}

function dataFor(d, classes, what) {
  if (!d || typeof d !== 'object') throw new CoreError(`${what} must be {x, y, n}`);
  const x = toFloat64(d.x, `${what}.x`);
  const y = toFloat64(d.y, `${what}.y`);
  const n = d.n ?? y.length;
  if (!isInt(n) || n < 1 || x.length % n !== 0) throw new CoreError(`${what}: x must hold n * inputs numbers`);
  return { x, y, inputs: x.length / n, classes, targetDim: classes > 0 ? 1 : y.length / n };
}

/**
 * Loads the core: `factory` is the MODULARIZE function core.js defines
 * (globalThis.createCoreModule in the page, require('core.js') in node).
 */
export async function createEngine(factory, moduleOptions = {}) {
  if (typeof factory !== 'function') throw new CoreError('the WebAssembly core (core.js) is not loaded');
  const M = await factory(moduleOptions);
  let catalogue = null;
  const engine = {
    module: M,

    /** Every activation of the catalogue: name, aliases, params (with ranges), TeX, flags. */
    activations() {
      if (!catalogue) catalogue = M.activationCatalogue();
      return catalogue;
    },

    /** f and f' of one activation over a whole array, in one call. */
    evaluate(name, params, xs) {
      if (typeof name !== 'string') throw new CoreError('activation name must be a string');
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
        throw new CoreError('softmax scores must be a vector or rows of equal length');
      const flat = new Float64Array(rows.length * k);
      rows.forEach((r, i) => flat.set(toFloat64(r, 'scores'), i * k));
      if (typeof temperature !== 'number') throw new CoreError('temperature must be a number');
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
      const spec = checkUnused(modelToSpec(model));
      return check(M.forward(spec, toFloat64(x, 'x'), jacobians));
    },

    /** One whole training run for the command-line tool (data as core datasets). */
    trainRun(model, config, data, steps) {
      const spec = checkUnused(modelToSpec(model));
      return check(M.trainRun(spec, settingsFrom(config), data, steps));
    },

    /**
     * Exact linear regions of a piecewise-linear net (network fields) over box
     * [xmin,xmax,ymin,ymax] (2 inputs) or [xmin,xmax] (1 input). Flat arrays; see
     * cpp/include/alab/regions.h for the layout. patterns: one string per region.
     */
    regions(model, box) {
      return splitPatterns(check(M.regions(modelToSpec(model), toFloat64(box, 'box'))));
    },

    /** The region of point x: pattern and the local map logits = A x + c. */
    regionAt(model, x) {
      return check(M.regionAt(modelToSpec(model), toFloat64(x, 'x')));
    },

    /** Where the pattern changes along the segment a -> b: t values, patterns, maps. */
    segment(model, a, b) {
      return splitPatterns(check(M.segmentCrossings(modelToSpec(model), toFloat64(a, 'a'), toFloat64(b, 'b'))));
    },

    /** The toy data sets: [{name, kind, classes, inputs}]. */
    datasets() {
      return M.datasetList();
    },

    /**
     * Seeded data set with a train/test split. noise is the standard deviation of the
     * jitter in input units (inputs live in [-6, 6]; 0 to 2 is a sensible range).
     */
    makeDataset(name, { n = 500, noise = 0.5, seed = 1, testFraction = 0.5 } = {}) {
      const d = check(M.makeDataset(String(name), n, noise, seed, testFraction));
      const box = d.inputs === 2 ? [-6, 6, -6, 6] : [-6, 6];
      return { ...d, box };
    },

    /**
     * A trainer for the page (see the Playground). config: layers, activation(s),
     * activationParams, output, loss, optimizer, lr, momentum, nesterov, l2, batchSize,
     * shuffle, init (torch|xavier|he), seed. train/test: {x, y, n}; labels in y when the
     * loss is bce/cross_entropy (classification), targets otherwise. Call .delete().
     */
    createTrainer(config, train, test) {
      return makeTrainer(config, modelToSpec(configModel(config), false), train, test);
    },

    /** A trainer that starts from an imported model (network fields). */
    createTrainerFromModel(model, config, train, test) {
      return makeTrainer({ ...config, layers: model?.layers }, modelToSpec(model, true), train, test);
    },
  };
  return engine;

  // Checks the activation named by a model without hidden layers (it is otherwise unused).
  function checkUnused(spec) {
    if (spec.unusedActivation) check(M.evaluate(spec.unusedActivation.name, spec.unusedActivation.params, new Float64Array(0)));
    return spec;
  }

  function configModel(config) {
    if (!config || typeof config !== 'object') throw new CoreError('trainer config must be an object');
    return { layers: config.layers, activation: config.activation, activation_params: config.activationParams ?? {}, output: config.output };
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
      if (deleted) throw new CoreError('this trainer was deleted');
    };
    const hiddenSizes = spec.layers.slice(1, -1);
    return {
      hiddenSizes,
      layers: spec.layers.slice(),
      train(steps) {
        alive();
        return check(handle.train(steps));
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
