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
  if (ArrayBuffer.isView(xs) || Array.isArray(xs)) {
    const out = Float64Array.from(xs, Number);
    return out;
  }
  throw new CoreError(`${what} must be an array of numbers`);
}

/**
 * Loads the core: `factory` is the MODULARIZE function core.js defines
 * (globalThis.createCoreModule in the page, require('core.js') in node).
 */
export async function createEngine(factory, moduleOptions = {}) {
  if (typeof factory !== 'function') throw new CoreError('the WebAssembly core (core.js) is not loaded');
  const M = await factory(moduleOptions);
  let catalogue = null;
  return {
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
  };
}
