#!/usr/bin/env node
// alab: the JSON command-line face of the Activation Lab core (design.md section 4).
// Reads one request object, or an array of them, on stdin; writes one response (or an
// array) on stdout, computed by the same WASM module as the page. A bad request gives
// {"error": "..."} and exit status 2; in a batch, one error replaces the whole answer.
// Formats: shared reference/README.md. Nothing but the JSON answer goes to stdout.
import { readFileSync } from 'node:fs';
import { loadEngine } from './core-loader.mjs';
import { CoreError } from '../web/src/engine.js';
import { RequestError, decodeNumber, decodeTensor, encodeTensor, encodeDeep } from './json-numbers.mjs';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

function decodeParams(params, what = 'params') {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new RequestError(`${what} must be an object`);
  const out = {};
  for (const [k, v] of Object.entries(params)) {
    const textual = typeof v === 'string' && !/^[+-]?(inf|infinity|nan)$/i.test(v.trim());
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
  const temperature = decodeNumber(req.temperature ?? 1.0, 'temperature');
  const variant = req.variant ?? 'softmax';
  const k = shape[shape.length - 1];
  const rows = shape.length === 2 ? shape[0] : 1;
  const rowList = Array.from({ length: rows }, (_, r) => flat.subarray(r * k, (r + 1) * k));
  if (rows === 0) return { y: [], jacobian: [] };
  const r = engine.softmax(rowList, temperature, variant);
  if (shape.length === 1) return { y: encodeTensor(r.y, [k]), jacobian: encodeTensor(r.jacobian, [k, k]) };
  return { y: encodeTensor(r.y, [rows, k]), jacobian: encodeTensor(r.jacobian, [rows, k, k]) };
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

const OPS = { activation: opActivation, softmax: opSoftmax, list: opList, info: opInfo };

function handle(engine, req) {
  if (!req || typeof req !== 'object' || Array.isArray(req)) throw new RequestError('a request must be a JSON object');
  const op = OPS[req.op];
  if (!op || !Object.hasOwn(OPS, req.op))
    throw new RequestError(`unknown op ${JSON.stringify(req.op)}; expected one of ${Object.keys(OPS).join(', ')}`);
  return op(engine, req);
}

function readStdin() {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

async function main() {
  let response;
  let status = 0;
  try {
    const text = readStdin();
    let request;
    try {
      request = JSON.parse(text);
    } catch (e) {
      throw new RequestError(`the request is not valid JSON: ${e.message}`);
    }
    const engine = await loadEngine();
    response = Array.isArray(request) ? request.map((r) => handle(engine, r)) : handle(engine, request);
  } catch (e) {
    if (!(e instanceof RequestError || e instanceof CoreError)) {
      response = { error: `internal error: ${e && e.message ? e.message : String(e)}` };
      status = 3;
    } else {
      response = { error: e.message };
      status = 2;
    }
  }
  process.stdout.write(JSON.stringify(response) + '\n');
  process.exitCode = status;
}

main();
