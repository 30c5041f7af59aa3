// The JavaScript side of the LZMA decoder (cpp/bindings/lzma_decoder.cpp, a WebAssembly
// module of its own): instantiates it, copies the stream into its memory, decodes and copies
// the result out. scripts/pack-core.mjs inlines this file into core.js and core.mjs with the
// `export` keyword removed, so it must stay one self-contained function declaration.

/**
 * Decodes an .lzma ("LZMA alone") stream `input` of which `size` bytes come out, with the
 * decoder module `decoderWasm` (bytes). Resolves to a Uint8Array; rejects on damaged input.
 */
export async function lzmaDecode(decoderWasm, input, size) {
  const problems = {
    '-1': 'bad header', '-2': 'bad range coder start', '-3': 'a distance before the start',
    '-4': 'truncated input', '-5': 'output of another length than expected',
  };
  const { instance } = await WebAssembly.instantiate(decoderWasm);
  const { memory, lzma_decode: decode, __heap_base: heapBase } = instance.exports;
  // Memory from the decoder's heap base on: the stream, then the output.
  const at = heapBase.value, out = at + input.length;
  const missing = out + size - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  new Uint8Array(memory.buffer, at, input.length).set(input);
  const status = decode(at, input.length, out, size);
  if (status !== 0) throw new Error(`lzma: ${problems[status] ?? `error ${status}`}`);
  return new Uint8Array(memory.buffer, out, size).slice();
}
