#!/usr/bin/env node
// alab: the JSON command-line face of the Activation Lab core (design.md section 4).
// Reads one request object, or an array of them, on stdin; writes one response (or an
// array) on stdout, computed by the same WASM module as the page. A bad request gives
// {"error": "..."} and exit status 2; in a batch, one error replaces the whole answer.
// Formats: tests/reference/README.md. Whatever happens, stdout gets the JSON answer (status
// 0) or {"error"} (status 2) and nothing else; stderr gets nothing, except one line (and
// status 1) when stdout itself cannot be written (a closed pipe, a full disk), and a line
// about the code cache when ALAB_CACHE_LOG=1 asks for it. The core comes compiled from a
// code cache when there is one (tools/core-cache.mjs; ALAB_CACHE=0 turns it off).
import { readFileSync, writeSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import os from 'node:os';
import { coreModulePath, loadEngine } from './core-loader.mjs';
import { afterMiss, cacheEnabled, cachedModuleOptions, readCodeCache, userWasmFlag } from './core-cache.mjs';
import { CoreError, paramsToLayers } from '../web/src/engine.js';
import { exportModelCode } from '../web/src/kit/model_code.js';
import { RequestError, decodeNumber, decodeTensor, encodeTensor, encodeDeep, encodeNumber, isNonFiniteString } from './json-numbers.mjs';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

// What one run of the tool accepts and answers. Each is checked before the work it bounds,
// so a request past a limit is refused at once with a message naming the limit.
// ALAB_LIMIT_<NAME> (e.g. ALAB_LIMIT_REGIONS=50) lowers one, so tests reach each cheaply.
const LIMITS = {
  requestBytes: 256 * 2 ** 20,   // stdin
  depth: 64,                     // nesting of the request's arrays and objects
  batch: 10000,                  // requests in one array
  regions: 200000,               // cells (or intervals) in one regions answer
  answerBytes: 512 * 2 ** 20,    // the JSON written to stdout (V8 strings stop near 2^29)
  values: 2 ** 25,               // numbers, strings and the like in the request (V8 aborts the
                                 // process on an array past about 1.3e8 elements)
};
for (const key of Object.keys(LIMITS)) {
  const v = Number(process.env[`ALAB_LIMIT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`]);
  if (Number.isInteger(v) && v > 0 && v < LIMITS[key]) LIMITS[key] = v;
}

// A field that is absent takes its default; null is a value like any other (and is refused
// by the field's check), so "steps": null is an error, not 0 steps.
function field(req, key, fallback) {
  return Object.hasOwn(req, key) && req[key] !== undefined ? req[key] : fallback;
}

function decodeParams(params, what = 'params') {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new RequestError(`${what} must be an object`);
  const out = Object.create(null);   // "__proto__" stays a key (and is refused as unknown)
  for (const [k, v] of Object.entries(params)) {
    const textual = typeof v === 'string' && !isNonFiniteString(v);
    out[k] = textual ? v : decodeNumber(v, `${what}.${k}`);
  }
  return out;
}

function opActivation(engine, req) {
  if (typeof req.name !== 'string') throw new RequestError("activation: 'name' must be a string");
  if (!('x' in req)) throw new RequestError("activation: missing 'x'");
  const { flat, shape } = decodeTensor(req.x, 'x');
  const r = engine.evaluate(req.name, decodeParams(req.params), flat);
  const out = { y: encodeTensor(r.y, shape), dy: encodeTensor(r.dy, shape) };
  if (req.echo_params) {
    out.name = r.name;
    out.params = encodeDeep(r.params);
  }
  return out;
}

function opSoftmax(engine, req) {
  if (!('x' in req)) throw new RequestError("softmax: missing 'x'");
  const { flat, shape } = decodeTensor(req.x, 'x');
  if ((shape.length !== 1 && shape.length !== 2) || shape[shape.length - 1] < 1)
    throw new RequestError('softmax: x must be a non-empty vector or a matrix (rows)');
  const temperature = decodeNumber(field(req, 'temperature', 1.0), 'temperature');
  const variant = field(req, 'variant', 'softmax');
  if (typeof variant !== 'string') throw new RequestError("softmax: 'variant' must be softmax, log_softmax or softmin");
  const k = shape[shape.length - 1];
  const rows = shape.length === 2 ? shape[0] : 1;
  const rowList = Array.from({ length: rows }, (_, r) => flat.subarray(r * k, (r + 1) * k));
  const r = engine.softmax(rowList, temperature, variant);
  if (shape.length === 1) return { y: encodeTensor(r.y, [k]), jacobian: encodeTensor(r.jacobian, [k, k]) };
  return { y: encodeTensor(r.y, [rows, k]), jacobian: encodeTensor(r.jacobian, [rows, k, k]) };
}

// x of forward/train: [N][n0]; a flat list is N samples when n0 = 1, else one sample.
function decodeInputs(x, n0) {
  if (x === undefined) throw new RequestError("missing 'x'");
  const t = decodeTensor(x, 'x');
  if (t.shape.length === 1) {
    if (n0 === 1) {
      if (t.shape[0] < 1) throw new RequestError('x must hold at least one sample');
      return { flat: t.flat, n: t.shape[0] };
    }
    if (t.shape[0] === n0) return { flat: t.flat, n: 1 };
    throw new RequestError(`x as a flat list must have ${n0} entries (one sample)`);
  }
  if (t.shape.length !== 2 || t.shape[1] !== n0) throw new RequestError(`x must be N x ${n0}`);
  if (t.shape[0] < 1) throw new RequestError('x must hold at least one sample');
  return { flat: t.flat, n: t.shape[0] };
}

// Network fields with every number decoded ("inf" strings allowed; the core rejects them).
function decodeModel(req) {
  const model = { ...req };
  for (const key of ['weights', 'biases']) {
    if (Array.isArray(req[key])) model[key] = req[key].map((m, l) => (Array.isArray(m) ? decodeNested(m, `${key}[${l}]`) : m));
  }
  return model;
}
// A number passes as it is; the path naming an entry is made only for the entries that need
// it (lists, strings), not for each of a large net's thousands of numbers.
function decodeNested(v, what) {
  if (!Array.isArray(v)) return decodeNumber(v, what);
  return v.map((e, i) => (typeof e === 'number' ? e : decodeNested(e, `${what}[${i}]`)));
}

function layerSizes(req) {
  const { layers } = req;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every((n) => Number.isInteger(n) && n >= 1))
    throw new RequestError("'layers' must be a list of >= 2 positive whole numbers, e.g. [2, 8, 1]");
  return layers;
}

// Numbers a sample of x holds: the two raw inputs (x1, x2) when the net has input features.
function rawInputs(req, layers) {
  return Array.isArray(req.features) && req.features.length ? 2 : layers[0];
}

function opForward(engine, req) {
  const layers = layerSizes(req);
  const n0 = rawInputs(req, layers), K = layers.at(-1);
  const { flat, n } = decodeInputs(req.x, n0);
  const r = engine.forward(decodeModel(req), flat);
  const hiddenPre = [], hiddenAct = [];
  let off = 0;
  for (const width of layers.slice(1, -1)) {
    hiddenPre.push(encodeTensor(r.hiddenPre.subarray(off, off + n * width), [n, width]));
    hiddenAct.push(encodeTensor(r.hiddenAct.subarray(off, off + n * width), [n, width]));
    off += n * width;
  }
  return {
    outputs: encodeTensor(r.outputs, [n, K]),
    logits: encodeTensor(r.logits, [n, K]),
    hidden_pre_activations: hiddenPre,
    hidden_activations: hiddenAct,
    jacobian: encodeTensor(r.jacobian, [n, K, n0]),
    jacobian_logits: encodeTensor(r.jacobianLogits, [n, K, n0]),
    local_offset: encodeTensor(r.localOffset, [n, K]),
  };
}

const LOSSES = ['mse', 'bce', 'cross_entropy'];

// Targets in the core's data form: class indices (cross_entropy, flat list) or values.
function decodeTargets(req, loss, n, K) {
  if (req.y === undefined) throw new RequestError("missing 'y'");
  if (loss === 'cross_entropy') {
    if (K < 2) throw new RequestError('cross_entropy needs >= 2 outputs');
    if (Array.isArray(req.y) && req.y.length === n && req.y.every((e) => !Array.isArray(e))) {
      const y = Float64Array.from(req.y, (e) => {
        const v = decodeNumber(e, 'y');
        if (!Number.isInteger(v) || v < 0 || v >= K) throw new RequestError(`class index targets must be integers in [0, ${K})`);
        return v;
      });
      return { y, classes: K, targetDim: 1 };
    }
    const t = decodeTensor(req.y, 'y');
    if (t.shape.length !== 2 || t.shape[0] !== n || t.shape[1] !== K)
      throw new RequestError('cross_entropy y must be N class indices or an N x K probability matrix');
    return { y: t.flat, classes: 0, targetDim: K };
  }
  const t = decodeTensor(req.y, 'y');
  if (t.shape.length === 1) {
    if (K !== 1 || t.shape[0] !== n) throw new RequestError('flat y is only allowed when the net has 1 output (N values)');
    return { y: t.flat, classes: 0, targetDim: 1 };
  }
  if (t.shape.length !== 2 || t.shape[0] !== n || t.shape[1] !== K) throw new RequestError(`y must be N x K = ${n} x ${K}`);
  return { y: t.flat, classes: 0, targetDim: K };
}

function intField(req, key, fallback, min) {
  const v = field(req, key, fallback);
  if (!Number.isInteger(v) || v < min) throw new RequestError(`'${key}' must be a whole number >= ${min}`);
  return v;
}

// batch_size, or the whole of x (full-batch training) when it is absent.
function fullBatch(engine, req, n) {
  if (field(req, 'batch_size', undefined) !== undefined) return intField(req, 'batch_size', n, 1);
  const max = engine.limits().maxBatchSize;
  if (n > max) throw new RequestError(`x holds ${n} samples, more than one full batch can take (${max}); set 'batch_size'`);
  return n;
}

function opTrain(engine, req) {
  const layers = layerSizes(req);
  const n0 = rawInputs(req, layers), K = layers.at(-1);
  const loss = field(req, 'loss', 'mse');
  if (!LOSSES.includes(loss)) throw new RequestError("'loss' must be mse|bce|cross_entropy");
  const { flat, n } = decodeInputs(req.x, n0);
  const targets = decodeTargets(req, loss, n, K);
  if (field(req, 'steps', undefined) === undefined) throw new RequestError("missing 'steps'");
  const steps = intField(req, 'steps', 0, 0);
  const config = {
    loss,
    lr: decodeNumber(field(req, 'lr', 0.1), 'lr'),
    batchSize: fullBatch(engine, req, n),
    batching: field(req, 'batching', 'epoch'),
    optimizer: field(req, 'optimizer', 'sgd'),
    momentum: decodeNumber(field(req, 'momentum', 0.9), 'momentum'),
    nesterov: field(req, 'nesterov', false),
    eps: decodeNumber(field(req, 'eps', 1e-8), 'eps'),
    l2: decodeNumber(field(req, 'l2', 0), 'l2'),
    l2Biases: field(req, 'l2_biases', false),
    bceImpl: field(req, 'bce_impl', 'logits'),
  };
  for (const key of ['nesterov', 'l2_biases']) if (req[key] !== undefined && typeof req[key] !== 'boolean') throw new RequestError(`'${key}' must be true or false`);
  for (const key of ['batching', 'optimizer', 'bce_impl']) if (req[key] !== undefined && typeof req[key] !== 'string') throw new RequestError(`'${key}' must be a string`);
  if (req.betas !== undefined) {
    if (!Array.isArray(req.betas) || req.betas.length !== 2) throw new RequestError("'betas' must be [beta1, beta2]");
    config.betas = req.betas.map((b) => decodeNumber(b, 'betas'));
  }
  const data = { x: flat, inputs: n0, y: targets.y, classes: targets.classes, targetDim: targets.targetDim };
  const r = engine.trainRun(decodeModel(req), config, data, steps);
  const nested = paramsToLayers(layers, r.params);
  const grads = paramsToLayers(layers, r.initialGrads);
  const out = {
    loss_history: encodeDeep(r.lossHistory),
    weights: encodeDeep(nested.weights),
    biases: encodeDeep(nested.biases),
    final_loss_full: encodeNumber(r.finalLoss),
    initial_loss_full: encodeNumber(r.initialLoss),
    initial_grads: encodeDeep(grads),
    final_outputs: encodeTensor(r.finalOutputs, [n, K]),
  };
  if (config.l2 !== 0) out.l2_penalty_history = encodeDeep(r.l2History);
  return out;
}

// The regions request (reference/README.md section 9): weights/biases, or "layers" as
// [[W, b], ...] or [{W, b}, ...]; hidden activation after every layer but the last.
function regionsModel(req, op = 'regions') {
  let Ws = req.weights, bs = req.biases;
  if (Ws === undefined && Array.isArray(req.layers) && req.layers.length && typeof req.layers[0] === 'object') {
    Ws = req.layers.map((l) => (Array.isArray(l) ? l[0] : l?.W));
    bs = req.layers.map((l) => (Array.isArray(l) ? l[1] : l?.b));
  }
  if (!Array.isArray(Ws) || Ws.length < 1 || !Array.isArray(bs) || bs.length !== Ws.length)
    throw new RequestError(`${op}: 'weights' (a list of out x in matrices) and 'biases' (one vector per layer) are required`);
  const layers = [];
  Ws.forEach((W, l) => {
    if (!Array.isArray(W) || !W.length || !Array.isArray(W[0])) throw new RequestError(`${op}: weights[${l}] must be a matrix (out x in)`);
    if (l === 0) layers.push(W[0].length);
    layers.push(W.length);
  });
  const activation = field(req, 'activation', 'relu');
  if (typeof activation !== 'string') throw new RequestError(`${op}: 'activation' must be a name`);
  const params = decodeParams(req.activation_params);
  if (req.alpha !== undefined) {
    const key = { leaky_relu: 'negative_slope', prelu: 'weight' }[activation.toLowerCase().replace(/-/g, '_')];
    if (key && params[key] === undefined) params[key] = decodeNumber(req.alpha, 'alpha');
  }
  return decodeModel({ layers, activation, activation_params: params, output: 'linear', weights: Ws, biases: bs });
}

// The answer is JSON text made in one pass by the WASM side (regionsJson), byte for byte
// what JSON.stringify made of the answer objects before, several times faster for large
// partitions (a 16,000-cell answer is 10 MB). per_layer adds cells_per_layer and upper_bound
// after hidden_sizes.
function opRegions(engine, req) {
  const model = regionsModel(req);
  if (!Array.isArray(req.box)) throw new RequestError("regions: 'box' must be [xmin, xmax, ymin, ymax] or [xmin, xmax]");
  const box = req.box.map((v) => decodeNumber(v, 'box'));
  const perLayer = field(req, 'per_layer', false);
  if (typeof perLayer !== 'boolean') throw new RequestError("regions: 'per_layer' must be true or false");
  try {
    return new JsonText(engine.regionsJson(model, box, { maxRegions: LIMITS.regions, perLayer, view: true }));
  } catch (e) {
    if (e instanceof CoreError && (e.code === 'too_many_regions' || e.code === 'too_many_intervals'))
      throw new RequestError(`regions: the answer would hold more than ${LIMITS.regions} regions, the tool's limit; use a smaller network or box`);
    throw e;
  }
}

// A point of the input space: a list of n0 numbers (or, for one input, a bare number).
function segmentPoint(req, key, n0) {
  const v = req[key];
  if (v === undefined) throw new RequestError(`segment: missing '${key}'`);
  const list = n0 === 1 && !Array.isArray(v) ? [v] : v;
  if (!Array.isArray(list) || list.length !== n0)
    throw new RequestError(`segment: '${key}' must be a point of the input space, a list of ${n0} number${n0 === 1 ? '' : 's'}`);
  const point = list.map((x) => decodeNumber(x, key));
  if (!point.every(Number.isFinite)) throw new RequestError(`segment: '${key}' must hold finite numbers`);
  return point;
}

// Where the activation pattern changes along a + t (b - a), t in (0, 1): the exact crossings
// of the regions op's partition with the segment. a == b is refused: every t would name the
// same point, so t means nothing.
function opSegment(engine, req) {
  const model = regionsModel(req, 'segment');
  const n0 = model.layers[0];
  if (n0 !== 1 && n0 !== 2) throw new RequestError(`segment: the network must have 1 or 2 inputs, not ${n0}`);
  const a = segmentPoint(req, 'a', n0), b = segmentPoint(req, 'b', n0);
  if (a.every((x, i) => x === b[i])) throw new RequestError("segment: 'a' and 'b' are the same point; a segment needs two different ends");
  const r = engine.segment(model, a, b, { maps: false });   // the answer has no maps
  return { t: Array.from(r.t), pieces: r.t.length + 1 };
}

// The model as code: a PyTorch script defining `model`, or the normalised network fields.
function opExport(engine, req) {
  const format = field(req, 'format', 'pytorch');
  if (format !== 'pytorch' && format !== 'json') throw new RequestError("export: 'format' must be \"pytorch\" or \"json\"");
  layerSizes(req);
  return { code: exportModelCode(engine, decodeModel(req), format) };
}

function opList(engine) {
  const activations = {};
  for (const a of engine.activations()) {
    const params = {};
    const paramAliases = {};
    for (const p of a.params) {
      params[p.name] = p.default;
      for (const alias of p.aliases) paramAliases[alias] = p.name;
    }
    activations[a.name] = { aliases: a.aliases, params, param_aliases: paramAliases, source: a.source };
  }
  return { activations };
}

function opInfo() {
  return { tool: 'activation-lab', version: VERSION, core: 'C++20 compiled to WebAssembly', dtype: 'float64', node: process.version };
}

const OPS = {
  activation: opActivation, softmax: opSoftmax, forward: opForward, train: opTrain, regions: opRegions, list: opList, info: opInfo,
  export: opExport, segment: opSegment,
};

function handle(engine, req) {
  if (!req || typeof req !== 'object' || Array.isArray(req)) throw new RequestError('a request must be a JSON object');
  const op = typeof req.op === 'string' && Object.hasOwn(OPS, req.op) ? OPS[req.op] : null;
  if (!op)
    throw new RequestError(`unknown op ${JSON.stringify(req.op)}; expected one of ${Object.keys(OPS).join(', ')}`);
  return op(engine, req);
}

function readStdin() {
  try {
    return readFileSync(0);
  } catch {
    return Buffer.alloc(0);
  }
}

// The deepest nesting of arrays and objects in JSON text and a bound on the values it holds
// (commas + 1), found without recursion (strings skipped), so a request nested 10^5 levels
// or holding 10^8 numbers is refused before JSON.parse or any decoder gets to it. A regular
// expression jumps from one structural character to the next and indexOf over a string's
// body: over twice as fast as a loop over every character in a fresh process, where that
// loop runs unoptimised (a 2-64-64-64-1 net's 180 KB: 6.1 -> 2.6 ms, best of 20).
const STRUCTURAL = /[[\]{}",]/g;
function scanRequest(text) {
  let depth = 0;
  let max = 0;
  let commas = 0;
  STRUCTURAL.lastIndex = 0;
  for (let m; (m = STRUCTURAL.exec(text)) !== null;) {
    const at = m.index, ch = text.charCodeAt(at);
    if (ch === 44) commas++;
    else if (ch === 91 || ch === 123) { if (++depth > max) max = depth; }
    else if (ch === 93 || ch === 125) depth--;
    else {
      // A string: its end is the next quote after an even number of backslashes.
      let end = at, b;
      do {
        end = text.indexOf('"', end + 1);
        for (b = end - 1; b > at && text.charCodeAt(b) === 92; --b);
      } while (end > 0 && (end - 1 - b) % 2 === 1);
      if (end < 0) break;   // unterminated: JSON.parse says so
      STRUCTURAL.lastIndex = end + 1;
    }
  }
  return { depth: max, values: commas + 1 };
}

function parseRequest(bytes) {
  if (bytes.length > LIMITS.requestBytes) throw new RequestError(`the request is larger than ${LIMITS.requestBytes} bytes, the tool's limit`);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);   // a UTF-8 byte-order mark
  const scan = scanRequest(text);
  if (scan.depth > LIMITS.depth) throw new RequestError(`the request nests arrays and objects deeper than ${LIMITS.depth} levels, the tool's limit`);
  if (scan.values > LIMITS.values) throw new RequestError(`the request holds more than ${LIMITS.values} values, the tool's limit`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RequestError(`the request is not valid JSON: ${e.message}`);
  }
}

// An answer that is JSON text already: UTF-8 bytes, written as they are. The regions op's
// bytes lie in the core's memory until the next call into the core: a batch copies each
// answer before it handles the next request (own), a single request writes them as they are.
class JsonText {
  constructor(bytes) {
    this.bytes = bytes;
  }
}
const own = (r) => (r instanceof JsonText ? new JsonText(r.bytes.slice()) : r);
const jsonOf = (r) => (r instanceof JsonText ? r.bytes : JSON.stringify(r));

// The answer as JSON text in chunks (one per response of a batch), refused past answerBytes.
function serialise(response, batch) {
  const parts = batch ? response.map(jsonOf) : [jsonOf(response)];
  let bytes = batch ? parts.length + 1 : 0;
  for (const p of parts) {
    bytes += p.length;
    if (bytes > LIMITS.answerBytes) throw new RequestError(`the answer would be larger than ${LIMITS.answerBytes} bytes, the tool's limit; send fewer or smaller requests`);
  }
  return batch ? ['[', ...parts.flatMap((p, i) => (i ? [',', p] : [p])), ']\n'] : [parts[0], '\n'];
}

function answer(status, chunks) {
  try {
    for (const chunk of chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let off = 0;
      while (off < buf.length) {
        try {
          off += writeSync(1, buf, off, buf.length - off);
        } catch (e) {
          if (e.code !== 'EAGAIN') throw e;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);   // a full pipe: wait, then retry
        }
      }
    }
  } catch (e) {
    try { writeSync(2, `alab: cannot write the answer to stdout (${e.code || e.message})\n`); } catch { /* nowhere left to say it */ }
    process.exit(1);
  }
  process.exitCode = status;
}

// How V8 (node 20: V8 11.3) runs the core: each WebAssembly function is compiled when first
// called, by the baseline compiler (Liftoff), and the functions that run hot are compiled
// again by the optimising compiler (TurboFan) on background threads; a call keeps the code
// it started with (WebAssembly has no on-stack replacement). A regions answer is one call
// into the core: its walk over the cells and its JSON writer run once, in baseline code
// whatever V8 compiles meanwhile; only the functions they call many times (the cell
// splitter, the number formatter) can switch to optimised code, once it is compiled.
// Measured (node 20, 2 cores, interleaved runs; main thread = the wall time of an idle
// machine, all threads = the CPU time), beyond start-up:
//   2-32-32-1 (64 neurons):         main thread about 20 ms either way; all threads 18 ms with
//                                   baseline code only, 85 ms with V8's default;
//   2-64-64-1 (128):                main 82 -> 74 ms with the default, all 86 -> 158 ms;
//   2-64-64-64-1 (192):             main 169 -> 145 ms, all 176 -> 224 ms;
//   2-128-128-1 (256):              main 374 -> 353 ms, all 387 -> 451 ms;
//   2-128-128-128-1 (384):          the default is faster on both counts.
// So the optimised code never serves a small net (it only costs CPU), and serves a middling
// one only when a core is free to compile it beside the main thread: with no core free it
// costs time too (the machine's load decides). A segment request (the same net, crossed by
// one line) gains from it sooner: 2-64-64-1 main 17 -> 21 ms, all 21 -> 37 ms with the
// default, but 2-64-64-64-1 main 70 -> 51 ms, all 79 -> 83 ms. The tool tells V8 to compile
// baseline code only (--liftoff-only) for a regions or segment request on a net of up to
// SMALL_NET hidden neurons, and for a regions request up to MIDDLING_NET when the last
// minute's load average leaves no core free.
// The flag must be set before the module is compiled, so it depends on the request only.
// Other ops (training runs many calls) keep V8's default, and so does a run given a flag of
// V8's WebAssembly compilers (--liftoff..., --wasm-...) or --allow-natives-syntax on node's
// command line or in NODE_OPTIONS (userWasmFlag, the check the code cache makes too;
// bench/cli.mjs compares them).
// V8's compilation hints (a custom section asking for the splitter and the writer to be
// compiled optimised at once, read behind --experimental-wasm-compilation-hints) were tried
// and dropped: V8 then finishes instantiating only once that code is compiled, so the main
// thread's CPU time falls but the run's wall time does not (2-32-32-1 and 2-64-64-1 it rose
// by 25-40 ms; README, "A whole run of the tool").
// All this is for a run without the code cache (tools/core-cache.mjs): with it every function
// of the core is optimised code from the start, nothing is compiled, and the flag is not set.
const SMALL_NET = 128, MIDDLING_NET = 256;
function baselineOnly(request) {
  if (userWasmFlag() || !request || typeof request !== 'object' || Array.isArray(request)) return false;
  // Measured with node 20's V8 (11.x); other versions tier differently, and one without
  // the flag would print its name on stderr: they keep V8's default.
  if (!process.versions.v8.startsWith('11.')) return false;
  if (request.op !== 'regions' && request.op !== 'segment') return false;
  const weights = Array.isArray(request.weights) ? request.weights
    : Array.isArray(request.layers) ? request.layers.map((l) => (Array.isArray(l) ? l[0] : l?.W)) : null;
  if (!weights) return false;
  let neurons = 0;
  for (let l = 0; l + 1 < weights.length; ++l) neurons += Array.isArray(weights[l]) ? weights[l].length : 0;
  if (neurons <= SMALL_NET) return true;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return request.op === 'regions' && neurons <= MIDDLING_NET && os.loadavg()[0] + 1 > cores;
}

async function main() {
  let chunks;
  let status = 0;
  let cache = null;
  try {
    const request = parseRequest(readStdin());
    const batch = Array.isArray(request);
    if (batch && request.length > LIMITS.batch) throw new RequestError(`a batch holds at most ${LIMITS.batch} requests, the tool's limit; this one has ${request.length}`);
    // The core compiled once and kept (tools/core-cache.mjs); else V8 compiles it here.
    const corePath = cacheEnabled() ? coreModulePath() : null;
    cache = corePath ? readCodeCache(corePath) : null;
    if (!cache?.module && baselineOnly(request)) setFlagsFromString('--liftoff-only');
    let engine;
    if (cache?.module) {
      // Should the cached module and then the bytes fail to instantiate, `failed` says why.
      const { options, failed } = cachedModuleOptions(cache);
      engine = await Promise.race([loadEngine(options), failed]);
    } else {
      engine = await loadEngine({});
    }
    const response = batch ? request.map((r) => own(handle(engine, r))) : handle(engine, request);
    chunks = serialise(response, batch);
  } catch (e) {
    // A bad request names its mistake; anything else (out of memory, a stack overflow in the
    // module) is still an error answer, never a crash on stderr.
    const known = e instanceof RequestError || e instanceof CoreError;
    chunks = [JSON.stringify({ error: known ? e.message : `internal error: ${e && e.message ? e.message : String(e)}` }), '\n'];
    status = 2;
  }
  answer(status, chunks);
  // No cache to use: one is written in the background, after the answer (never waited for).
  if (cache?.miss) afterMiss(cache);
}

// The WASM glue rethrows uncaught exceptions with its own source on stderr; nothing may
// escape main, but if it does the answer is still JSON.
process.on('uncaughtException', (e) => {
  answer(2, [JSON.stringify({ error: `internal error: ${e && e.message ? e.message : String(e)}` }), '\n']);
  process.exit(2);
});

main();
