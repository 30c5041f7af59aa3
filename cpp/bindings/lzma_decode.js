// LZMA decoder for the compressed WebAssembly binary that core.js carries (scripts/pack-core.mjs
// writes it with `xz --format=lzma`). The whole output stays in memory and is the dictionary,
// so the header's dictionary size is not needed. Decoding only: no encoder, no .xz container.
// The packer inlines this file into core.js and core.mjs with the `export` keyword removed,
// so it must stay one self-contained function declaration.

/**
 * Decodes an .lzma ("LZMA alone") stream: 13-byte header (properties, dictionary size,
 * uncompressed size or all ones when unknown), then range-coded data. `size` is the length
 * of the output when the header does not give it. Returns a Uint8Array; throws on corrupt data.
 */
export function lzmaDecode(input, size) {
  const props = input[0];
  if (props >= 9 * 5 * 5) throw new Error('lzma: bad properties byte');
  const lc = props % 9, lp = Math.floor(props / 9) % 5, pb = Math.floor(props / 45);
  let sizeUnknown = true, headerSize = 0;
  for (let i = 0; i < 8; ++i) {
    if (input[5 + i] !== 0xff) sizeUnknown = false;
    headerSize += input[5 + i] * 2 ** (8 * i);
  }
  const outSize = sizeUnknown ? size : headerSize;
  if (!Number.isSafeInteger(outSize) || outSize < 0) throw new Error('lzma: unknown output size');
  const out = new Uint8Array(outSize);

  // Range decoder: range, code and the input position live in a Uint32Array, so they stay
  // unboxed 32-bit integers in every helper (closure variables above 2^30 would be boxed).
  const rc = new Uint32Array(3);
  if (input[13] !== 0) throw new Error('lzma: bad range coder start');
  rc[0] = 0xffffffff;
  rc[1] = ((input[14] << 24) | (input[15] << 16) | (input[16] << 8) | input[17]) >>> 0;
  rc[2] = 18;
  if (rc[1] === rc[0]) throw new Error('lzma: bad range coder start');

  // Probabilities: 11-bit estimates of "the next bit is 0", starting at one half.
  const probs = (n) => new Uint16Array(n).fill(1024);
  const bit = (p, i) => {
    let range = rc[0], code = rc[1];
    const prob = p[i];
    const bound = (range >>> 11) * prob;
    let b = 0;
    if (code < bound) {
      range = bound;
      p[i] = prob + ((2048 - prob) >>> 5);
    } else {
      range -= bound;
      code -= bound;
      p[i] = prob - (prob >>> 5);
      b = 1;
    }
    if (range < 0x1000000) {
      range *= 256;
      code = code * 256 + input[rc[2]++];
    }
    rc[0] = range;
    rc[1] = code;
    return b;
  };
  // Bits with probability one half (the middle bits of long distances).
  const direct = (count) => {
    let range = rc[0], code = rc[1], r = 0;
    for (; count > 0; --count) {
      range >>>= 1;
      let b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      r = r * 2 + b;
      if (range < 0x1000000) {
        range *= 256;
        code = code * 256 + input[rc[2]++];
      }
    }
    rc[0] = range;
    rc[1] = code;
    return r;
  };
  // A binary tree of `count` bits, most significant first, its probabilities at p[base + 1 ...].
  const tree = (p, base, count) => {
    let m = 1;
    for (let i = 0; i < count; ++i) m = (m << 1) | bit(p, base + m);
    return m - (1 << count);
  };
  // The same tree read least significant bit first.
  const reverseTree = (p, base, count) => {
    let m = 1, r = 0;
    for (let i = 0; i < count; ++i) {
      const b = bit(p, base + m);
      m = (m << 1) | b;
      r |= b << i;
    }
    return r;
  };

  // Match lengths (2 to 273): low (8 values per position state), mid (8 more), high (256).
  const lengthDecoder = () => {
    const choice = probs(2), low = probs(16 << 3), mid = probs(16 << 3), high = probs(256);
    return (posState) => {
      if (bit(choice, 0) === 0) return tree(low, posState << 3, 3);
      if (bit(choice, 1) === 0) return 8 + tree(mid, posState << 3, 3);
      return 16 + tree(high, 0, 8);
    };
  };
  const matchLength = lengthDecoder(), repLength = lengthDecoder();

  const literals = probs(0x300 << (lc + lp));
  const isMatch = probs(12 << 4), isRep = probs(12), isRepG0 = probs(12), isRepG1 = probs(12), isRepG2 = probs(12);
  const isRep0Long = probs(12 << 4);
  const posSlots = probs(4 << 6), posSpecial = probs(115), align = probs(16);
  const pbMask = (1 << pb) - 1, lpMask = (1 << lp) - 1;

  let state = 0, pos = 0;
  let rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
  while (pos < outSize) {
    const posState = pos & pbMask;
    if (bit(isMatch, (state << 4) + posState) === 0) {
      // A literal byte, coded in the context of the previous byte (and of the byte at the
      // last match distance right after a match).
      const prev = pos > 0 ? out[pos - 1] : 0;
      const base = 0x300 * (((pos & lpMask) << lc) + (prev >>> (8 - lc)));
      let s = 1;
      if (state >= 7) {
        if (rep0 >= pos) throw new Error('lzma: distance beyond the start');
        let matchByte = out[pos - rep0 - 1];
        while (s < 0x100) {
          const matchBit = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const b = bit(literals, base + ((1 + matchBit) << 8) + s);
          s = (s << 1) | b;
          if (b !== matchBit) break;
        }
      }
      while (s < 0x100) s = (s << 1) | bit(literals, base + s);
      out[pos++] = s & 0xff;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (bit(isRep, state) === 0) {
      // A new match: length, then distance (slot, then the slot's low bits).
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = matchLength(posState);
      state = state < 7 ? 7 : 10;
      const slot = tree(posSlots, Math.min(len, 3) << 6, 6);
      if (slot < 4) rep0 = slot;
      else {
        const n = (slot >>> 1) - 1;
        rep0 = (2 | (slot & 1)) * 2 ** n;
        if (slot < 14) rep0 += reverseTree(posSpecial, rep0 - slot, n);
        else rep0 += direct(n - 4) * 16 + reverseTree(align, 0, 4);
        if (rep0 === 0xffffffff) break;   // end marker
      }
    } else {
      // A repeated distance: one of the last four.
      if (bit(isRepG0, state) === 0) {
        if (bit(isRep0Long, (state << 4) + posState) === 0) {
          // One byte at the last distance.
          if (rep0 >= pos) throw new Error('lzma: distance beyond the start');
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          ++pos;
          continue;
        }
      } else {
        let dist;
        if (bit(isRepG1, state) === 0) dist = rep1;
        else {
          if (bit(isRepG2, state) === 0) dist = rep2;
          else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = repLength(posState);
      state = state < 7 ? 8 : 11;
    }
    len += 2;
    if (rep0 >= pos) throw new Error('lzma: distance beyond the start');
    if (pos + len > outSize) throw new Error('lzma: output longer than expected');
    for (let from = pos - rep0 - 1; len > 0; --len) out[pos++] = out[from++];
  }
  if (rc[2] > input.length) throw new Error('lzma: truncated input');
  if (pos !== outSize) throw new Error('lzma: output shorter than expected');
  return out;
}
