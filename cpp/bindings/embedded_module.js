// The end of core.js and core.mjs: hands Emscripten's factory the WebAssembly binary the file
// carries (LZMA, base64) as Module.wasmBinary, so the glue never fetches or reads a file.
// That keeps the module loadable from file://, under script-src 'self' 'wasm-unsafe-eval',
// from a CDN and in node. scripts/pack-core.mjs inlines this file without `export`.

/**
 * Wraps the MODULARIZE factory: the returned function takes the same options and supplies
 * wasmBinary (decoded once, on first use, by the decoder module) unless the caller gives one.
 */
export function withEmbeddedModule(factory, packed, size, decoder) {
  let binary = null;
  return function createCoreModule(options) {
    const opts = Object.assign({}, options);
    if (opts.wasmBinary) return factory(opts);
    if (!binary) binary = lzmaDecode(decodeBase64(decoder), decodeBase64(packed), size);
    return binary.then((bytes) => {
      opts.wasmBinary = bytes;
      return factory(opts);
    });
  };
}

function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  if (typeof Buffer === 'function') return new Uint8Array(Buffer.from(text, 'base64'));
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; ++i) bytes[i] = chars.charCodeAt(i);
  return bytes;
}
