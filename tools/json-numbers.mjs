// JSON number conventions of the command-line contract (reference/README.md section 1):
// non-finite numbers travel as the strings "inf", "-inf", "nan". Decoding also checks
// shapes, so a malformed request becomes a clear RequestError, never a crash.

export class RequestError extends Error {}

const NON_FINITE = new Map([
  ['inf', Infinity], ['+inf', Infinity], ['infinity', Infinity], ['+infinity', Infinity],
  ['-inf', -Infinity], ['-infinity', -Infinity], ['nan', NaN],
]);

/** True for the strings that stand for non-finite numbers ("inf", "-inf", "nan", ...). */
export function isNonFiniteString(v) {
  return typeof v === 'string' && NON_FINITE.has(v.trim().toLowerCase());
}

/** A number or one of the non-finite strings -> number; anything else is an error. */
export function decodeNumber(v, what = 'value') {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NON_FINITE.has(v.trim().toLowerCase())) return NON_FINITE.get(v.trim().toLowerCase());
  throw new RequestError(`${what}: not a number: ${JSON.stringify(v)}`);
}

/** Any nesting of numbers -> { flat: Float64Array, shape: number[] }; ragged lists are errors. */
export function decodeTensor(v, what = 'x') {
  const shape = [];
  for (let t = v; Array.isArray(t); t = t[0]) shape.push(t.length);
  const out = [];
  const walk = (node, depth) => {
    if (depth === shape.length) {
      out.push(decodeNumber(node, what));
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) throw new RequestError(`${what}: ragged or mixed nesting`);
    for (const e of node) walk(e, depth + 1);
  };
  walk(v, 0);
  return { flat: Float64Array.from(out), shape };
}

/** Flat values + shape -> nested arrays, non-finite numbers as strings. */
export function encodeTensor(flat, shape) {
  let i = 0;
  const build = (depth) => {
    if (depth === shape.length) return encodeNumber(flat[i++]);
    const a = new Array(shape[depth]);
    for (let j = 0; j < shape[depth]; ++j) a[j] = build(depth + 1);
    return a;
  };
  return build(0);
}

export function encodeNumber(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x;
}

/** Deeply replaces non-finite numbers (and typed arrays) for JSON output. */
export function encodeDeep(v) {
  if (typeof v === 'number') return encodeNumber(v);
  if (ArrayBuffer.isView(v)) return Array.from(v, encodeNumber);
  if (Array.isArray(v)) return v.map(encodeDeep);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, e] of Object.entries(v)) o[k] = encodeDeep(e);
    return o;
  }
  return v;
}
