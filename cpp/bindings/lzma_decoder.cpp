// LZMA decoder for the compressed WebAssembly binary that core.js and core.mjs carry
// (scripts/pack-core.mjs writes it with `xz --format=lzma`). Built on its own into a tiny
// WebAssembly module with no imports and no C library (clang --target=wasm32 -ffreestanding,
// see CMakeLists.txt); cpp/bindings/embedded_module.js runs it. Decoding in WebAssembly
// takes a few milliseconds where JavaScript needed 70-90 ms on a cold start. The whole output
// stays in memory and is the dictionary. Decoding only: no encoder, no .xz container.

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;

namespace {

// Literal contexts: the packer writes lc = 3, lp = 0; up to lc + lp = 4 is accepted.
constexpr u32 kMaxLcLp = 4;
constexpr u32 kStates = 12;
constexpr u32 kPosStatesMax = 16;   // pb <= 4

// Probabilities: 11-bit estimates that the next bit is 0.
struct Probs {
  u16 literal[0x300u << kMaxLcLp];
  u16 is_match[kStates * kPosStatesMax], is_rep[kStates], is_rep_g0[kStates], is_rep_g1[kStates],
      is_rep_g2[kStates], is_rep0_long[kStates * kPosStatesMax];
  u16 pos_slot[4][64], pos_special[115], align[16];
  u16 len_choice[2], len_low[kPosStatesMax][8], len_mid[kPosStatesMax][8], len_high[256];
  u16 rep_choice[2], rep_low[kPosStatesMax][8], rep_mid[kPosStatesMax][8], rep_high[256];
};
Probs probs;

struct RangeDecoder {
  const u8* in;
  const u8* end;
  u32 range;
  u32 code;
  bool overrun;

  u8 next() {
    if (in >= end) {
      overrun = true;
      return 0;
    }
    return *in++;
  }
  void normalize() {
    if (range < (1u << 24)) {
      range <<= 8;
      code = (code << 8) | next();
    }
  }
  u32 bit(u16* p) {
    const u32 bound = (range >> 11) * *p;
    if (code < bound) {
      range = bound;
      *p = u16(*p + ((2048 - *p) >> 5));
      normalize();
      return 0;
    }
    range -= bound;
    code -= bound;
    *p = u16(*p - (*p >> 5));
    normalize();
    return 1;
  }
  // Bits with probability one half (the middle bits of long distances).
  u32 direct(u32 count) {
    u32 r = 0;
    for (; count > 0; --count) {
      range >>= 1;
      u32 b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      r = (r << 1) | b;
      normalize();
    }
    return r;
  }
  // A binary tree of `count` bits, most significant first; probabilities at p[1 ...].
  u32 tree(u16* p, u32 count) {
    u32 m = 1;
    for (u32 i = 0; i < count; ++i) m = (m << 1) | bit(p + m);
    return m - (1u << count);
  }
  // The same tree read least significant bit first.
  u32 reverse_tree(u16* p, u32 count) {
    u32 m = 1, r = 0;
    for (u32 i = 0; i < count; ++i) {
      const u32 b = bit(p + m);
      m = (m << 1) | b;
      r |= b << i;
    }
    return r;
  }
  // Match lengths minus 2: low (8 per position state), mid (8 more), high (256).
  u32 length(u16* choice, u16 (*low)[8], u16 (*mid)[8], u16* high, u32 pos_state) {
    if (bit(&choice[0]) == 0) return tree(low[pos_state], 3);
    if (bit(&choice[1]) == 0) return 8 + tree(mid[pos_state], 3);
    return 16 + tree(high, 8);
  }
};

void fill(u16* p, u32 n) {
  for (u32 i = 0; i < n; ++i) p[i] = 1024;
}

}  // namespace

// Decodes the .lzma stream in[0 .. in_len) into out[0 .. out_len). Returns 0, or: -1 bad
// header, -2 bad range coder start, -3 a distance before the start, -4 input too short,
// -5 output of another length than out_len.
extern "C" int lzma_decode(const u8* in, u32 in_len, u8* out, u32 out_len) {
  if (in_len < 18 || in[0] >= 9 * 5 * 5) return -1;
  const u32 lc = in[0] % 9, lp = in[0] / 9 % 5, pb = in[0] / 45;
  if (lc + lp > kMaxLcLp) return -1;
  fill(reinterpret_cast<u16*>(&probs), sizeof(Probs) / sizeof(u16));

  RangeDecoder rc{in + 18, in + in_len, 0xffffffffu, 0, false};
  if (in[13] != 0) return -2;
  rc.code = (u32(in[14]) << 24) | (u32(in[15]) << 16) | (u32(in[16]) << 8) | in[17];
  if (rc.code == rc.range) return -2;

  const u32 pb_mask = (1u << pb) - 1, lp_mask = (1u << lp) - 1;
  u32 state = 0, pos = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
  while (pos < out_len) {
    const u32 pos_state = pos & pb_mask;
    if (rc.bit(&probs.is_match[(state << 4) + pos_state]) == 0) {
      // A literal, coded in the context of the previous byte (and, right after a match, of
      // the byte at the last match distance).
      const u32 prev = pos > 0 ? out[pos - 1] : 0;
      u16* lit = probs.literal + 0x300 * (((pos & lp_mask) << lc) + (prev >> (8 - lc)));
      u32 s = 1;
      if (state >= 7) {
        if (rep0 >= pos) return -3;
        u32 match_byte = out[pos - rep0 - 1];
        while (s < 0x100) {
          const u32 match_bit = (match_byte >> 7) & 1;
          match_byte <<= 1;
          const u32 b = rc.bit(&lit[((1 + match_bit) << 8) + s]);
          s = (s << 1) | b;
          if (b != match_bit) break;
        }
      }
      while (s < 0x100) s = (s << 1) | rc.bit(&lit[s]);
      out[pos++] = u8(s);
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    u32 len;
    if (rc.bit(&probs.is_rep[state]) == 0) {
      // A new match: its length, then its distance (slot, then the slot's low bits).
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = rc.length(probs.len_choice, probs.len_low, probs.len_mid, probs.len_high, pos_state);
      state = state < 7 ? 7 : 10;
      const u32 slot = rc.tree(probs.pos_slot[len < 3 ? len : 3], 6);
      if (slot < 4) {
        rep0 = slot;
      } else {
        const u32 n = (slot >> 1) - 1;
        rep0 = (2 | (slot & 1)) << n;
        if (slot < 14) rep0 += rc.reverse_tree(probs.pos_special + rep0 - slot, n);
        else rep0 += (rc.direct(n - 4) << 4) + rc.reverse_tree(probs.align, 4);
        if (rep0 == 0xffffffffu) break;   // end marker
      }
    } else {
      // A repeated distance: one of the last four.
      if (rc.bit(&probs.is_rep_g0[state]) == 0) {
        if (rc.bit(&probs.is_rep0_long[(state << 4) + pos_state]) == 0) {
          // One byte at the last distance.
          if (rep0 >= pos) return -3;
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          ++pos;
          continue;
        }
      } else {
        u32 dist;
        if (rc.bit(&probs.is_rep_g1[state]) == 0) {
          dist = rep1;
        } else {
          if (rc.bit(&probs.is_rep_g2[state]) == 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = rc.length(probs.rep_choice, probs.rep_low, probs.rep_mid, probs.rep_high, pos_state);
      state = state < 7 ? 8 : 11;
    }
    len += 2;
    if (rep0 >= pos) return -3;
    if (len > out_len - pos) return -5;
    for (const u8* from = out + pos - rep0 - 1; len > 0; --len) out[pos++] = *from++;
    if (rc.overrun) return -4;
  }
  if (rc.overrun) return -4;
  return pos == out_len ? 0 : -5;
}
