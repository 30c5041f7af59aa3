// Exact twin of a piecewise-linear net (see regions_exact.h): dyadic rationals m * 2^e with
// Boost.Multiprecision's cpp_int mantissas, the pre-activation maps of one chain of pieces
// cached layer by layer, and sign predicates as integer determinants. Slow by design and
// called rarely; a number beyond kMaxBits, or more than kMaxStoredBits held at once, stop it
// (ok() turns false) instead of exhausting memory: exact maps gain about 53 bits a layer,
// and more when weights span many orders of magnitude.
#include "regions_exact.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include <boost/multiprecision/cpp_int.hpp>

namespace alab::regions_detail {
namespace {

using Int = boost::multiprecision::cpp_int;

// A mantissa may have at most this many bits (128 KiB), and the cached maps, lines and
// output maps together at most kMaxStoredBits (64 MiB); beyond either the net is refused.
constexpr long long kMaxBits = 1 << 20;
constexpr long long kMaxStoredBits = 1LL << 29;

struct Dyadic {
  Int m;           // value = m * 2^e; zero is m = 0, e = 0
  long long e = 0;
};

int sign_of(const Int& x) { return x.sign(); }

// A double as mi * 2^e with mi odd (or zero); exact for every finite double, subnormals too.
struct SmallDyadic {
  std::int64_t m = 0;
  long long e = 0;
};
SmallDyadic small_dyadic(double x) {
  if (x == 0) return {};
  int ex = 0;
  const double f = std::frexp(x, &ex);  // x = f * 2^ex, 0.5 <= |f| < 1
  std::int64_t mi = std::int64_t(std::ldexp(f, 53));
  const int tz = __builtin_ctzll(std::uint64_t(mi < 0 ? -mi : mi));
  return {mi / (std::int64_t(1) << tz), ex - 53 + tz};
}
Dyadic from_double(double x) {
  const SmallDyadic s = small_dyadic(x);
  Dyadic r;
  r.m = s.m;
  r.e = s.e;
  return r;
}

// The number of trailing zero bits of |x| (x != 0), read from its limbs.
unsigned trailing_zeros(const Int& x) {
  const auto* limbs = x.backend().limbs();
  const unsigned limb_bits = sizeof limbs[0] * 8;
  unsigned n = 0;
  for (unsigned i = 0; i < x.backend().size(); ++i, n += limb_bits)
    if (limbs[i]) return n + unsigned(__builtin_ctzll(limbs[i]));
  return n;
}

void normalize(Dyadic& x) {
  if (x.m.is_zero()) {
    x.e = 0;
    return;
  }
  const unsigned tz = trailing_zeros(x.m);
  if (tz) {
    x.m >>= tz;  // exact: the shifted-out bits are zeros (so the sign does not matter)
    x.e += tz;
  }
}

// An upper bound on the bits of |x| (whole limbs), without copying it.
long long bits(const Int& x) { return (long long)x.backend().size() * long(sizeof *x.backend().limbs() * 8); }

struct LayerData {
  std::vector<SmallDyadic> W;  // n_out x n_in, exactly
  std::vector<SmallDyadic> b;
  int n_in = 0, n_out = 0;
  std::vector<double> slopes, offsets;  // hidden layers only
};

struct Line {
  Int a, b, e;
};

}  // namespace

struct ExactNet::Impl {
  int d = 2, w = 3;
  std::vector<LayerData> layers;  // hidden layers, then the output layer
  std::vector<int> pattern_offset;
  std::vector<Dyadic> input;  // net.inputs() x w
  std::vector<std::vector<Dyadic>> frames;  // frames[l]: layer l's pre-activation maps, n_out x w
  std::string cached;                       // the pieces frames[0 .. valid) were computed for
  int valid = 0;
  std::vector<Line> lines;
  std::vector<std::vector<Dyadic>> maps;
  bool failed = false;
  std::vector<long long> frame_bits;  // bits held by each frame
  long long stored_bits = 0;          // by the frames, lines and maps together

  bool too_big(long long b) {
    if (b > kMaxBits) failed = true;
    return failed;
  }
  // Accounts for `b` more bits held (negative: released).
  void hold(long long b) {
    stored_bits += b;
    if (stored_bits > kMaxStoredBits) failed = true;
  }
  static long long size_of(const std::vector<Dyadic>& v) {
    long long b = 0;
    for (const Dyadic& x : v) b += bits(x.m) + 64;
    return b;
  }

  // out (n_out x w) = W * in + b e_last, exactly; `in` is n_in x w.
  void affine(const LayerData& L, const std::vector<Dyadic>& in, std::vector<Dyadic>& out) {
    out.assign(std::size_t(L.n_out) * w, Dyadic{});
    Int term;
    for (int m = 0; m < L.n_out && !failed; ++m) {
      const SmallDyadic* wm = &L.W[std::size_t(m) * L.n_in];
      for (int i = 0; i < w && !failed; ++i) {
        // The sum of the terms w_mj h_ji (and the bias), aligned to the smallest exponent.
        const SmallDyadic bias = i == w - 1 ? L.b[m] : SmallDyadic{};
        bool any = bias.m != 0;
        long long emin = bias.e;
        for (int j = 0; j < L.n_in; ++j) {
          const Dyadic& h = in[std::size_t(j) * w + i];
          if (wm[j].m == 0 || h.m.is_zero()) continue;
          emin = any ? std::min(emin, wm[j].e + h.e) : wm[j].e + h.e;
          any = true;
        }
        if (!any) continue;
        Dyadic& acc = out[std::size_t(m) * w + i];
        acc.e = emin;
        for (int j = 0; j < L.n_in; ++j) {
          const Dyadic& h = in[std::size_t(j) * w + i];
          if (wm[j].m == 0 || h.m.is_zero()) continue;
          const long long shift = wm[j].e + h.e - emin;
          if (too_big(shift + bits(h.m) + 64)) return;
          term = h.m;
          term *= wm[j].m;
          if (shift) term <<= unsigned(shift);
          acc.m += term;
        }
        if (bias.m != 0) {
          if (too_big(bias.e - emin + 64)) return;
          term = bias.m;
          if (bias.e > emin) term <<= unsigned(bias.e - emin);
          acc.m += term;
        }
        normalize(acc);
      }
    }
  }

  void account(int l) {
    const long long b = size_of(frames[l]);
    hold(b - frame_bits[l]);
    frame_bits[l] = b;
  }

  // Makes frames[0 .. layer] hold the maps for `pattern`.
  void ensure(int layer, const char* pattern) {
    // Frame l depends on the pieces of layers 0 .. l-1: keep the frames whose layers agree.
    int keep = std::min(valid, layer + 1);
    for (int q = 0; q + 1 < keep; ++q) {
      const int off = pattern_offset[q], n = layers[q].n_out;
      if (cached.compare(off, n, pattern + off, n) != 0) {
        keep = q + 1;
        break;
      }
    }
    if (keep == 0) {
      affine(layers[0], input, frames[0]);
      account(0);
      keep = 1;
    }
    std::vector<Dyadic> h;
    for (int l = keep; l <= layer && !failed; ++l) {
      const LayerData& prev = layers[l - 1];
      const int off = pattern_offset[l - 1];
      h.assign(std::size_t(prev.n_out) * w, Dyadic{});
      for (int j = 0; j < prev.n_out; ++j) {
        const int s = pattern[off + j] - '0';
        const double slope = prev.slopes[s], offset = prev.offsets[s];
        cached[off + j] = pattern[off + j];
        if (slope != 0) {
          const Dyadic sd = from_double(slope);
          for (int i = 0; i < w; ++i) {
            const Dyadic& z = frames[l - 1][std::size_t(j) * w + i];
            if (z.m.is_zero()) continue;
            h[std::size_t(j) * w + i] = Dyadic{z.m * sd.m, z.e + sd.e};
          }
        }
        if (offset != 0) {
          Dyadic& c = h[std::size_t(j) * w + w - 1];
          const Dyadic od = from_double(offset);
          if (c.m.is_zero()) {
            c = od;
          } else {
            const long long emin = std::min(c.e, od.e);
            if (too_big(std::max(c.e, od.e) - emin + std::max(bits(c.m), bits(od.m)))) return;
            c.m = (c.m << unsigned(c.e - emin)) + (od.m << unsigned(od.e - emin));
            c.e = emin;
            normalize(c);
          }
        }
      }
      affine(layers[l], h, frames[l]);
      account(l);
    }
    valid = failed ? 0 : layer + 1;
  }

  // Integer coefficients of (a, b, e) scaled by one power of two.
  int add_line(const Dyadic& a, const Dyadic& b, const Dyadic& e) {
    long long emin = 0;
    bool any = false;
    for (const Dyadic* x : {&a, &b, &e})
      if (!x->m.is_zero()) emin = any ? std::min(emin, x->e) : x->e, any = true;
    Line L;
    Int* dst[3] = {&L.a, &L.b, &L.e};
    const Dyadic* src[3] = {&a, &b, &e};
    for (int k = 0; k < 3; ++k) {
      if (src[k]->m.is_zero()) continue;
      const long long shift = src[k]->e - emin;
      if (too_big(shift + bits(src[k]->m))) break;
      *dst[k] = src[k]->m << unsigned(shift);
    }
    hold(bits(L.a) + bits(L.b) + bits(L.e) + 192);
    lines.push_back(std::move(L));
    return int(lines.size()) - 1;
  }
};

ExactNet::ExactNet(const Network& net, int d, const std::vector<double>& input_plus,
                   const std::vector<double>& input_minus)
    : impl_(std::make_unique<Impl>()) {
  Impl& x = *impl_;
  x.d = d;
  x.w = d + 1;
  const std::size_t L = net.num_layers();
  int offset = 0;
  for (std::size_t l = 0; l < L; ++l) {
    LayerData ld;
    ld.n_in = net.layers[l];
    ld.n_out = net.layers[l + 1];
    const double* W = net.W(l);
    const double* b = net.b(l);
    for (std::size_t k = 0; k < std::size_t(ld.n_out) * ld.n_in; ++k) ld.W.push_back(small_dyadic(W[k]));
    for (int k = 0; k < ld.n_out; ++k) ld.b.push_back(small_dyadic(b[k]));
    if (l + 1 < L) {
      std::vector<double> breaks;
      net.hidden[l].linear_pieces(breaks, ld.slopes, ld.offsets);
      x.pattern_offset.push_back(offset);
      offset += ld.n_out;
    }
    x.layers.push_back(std::move(ld));
  }
  x.cached.assign(offset, '0');
  x.frames.resize(L);
  x.frame_bits.assign(L, 0);
  x.input.resize(input_plus.size());
  for (std::size_t i = 0; i < input_plus.size(); ++i) {
    Dyadic p = from_double(input_plus[i]), m = from_double(input_minus[i]);
    if (m.m.is_zero()) {
      x.input[i] = std::move(p);
      continue;
    }
    m.m = -m.m;
    if (p.m.is_zero()) {
      x.input[i] = std::move(m);
      continue;
    }
    const long long emin = std::min(p.e, m.e);
    Dyadic s{(p.m << unsigned(p.e - emin)) + (m.m << unsigned(m.e - emin)), emin};
    normalize(s);
    x.input[i] = std::move(s);
  }
}

ExactNet::~ExactNet() = default;

int ExactNet::fixed_line(double a, double b, double e) {
  return impl_->add_line(from_double(a), from_double(b), from_double(e));
}

int ExactNet::neuron_line(int layer, int j, double kink, const char* pattern) {
  Impl& x = *impl_;
  x.ensure(layer, pattern);
  if (x.failed) return x.add_line({}, {}, {});
  const int w = x.w;
  const std::vector<Dyadic>& Z = x.frames[layer];
  Dyadic e = Z[std::size_t(j) * w + w - 1];
  if (kink != 0) {
    Dyadic k = from_double(-kink);
    if (e.m.is_zero()) {
      e = std::move(k);
    } else {
      const long long emin = std::min(e.e, k.e);
      if (x.too_big(std::max(e.e, k.e) - emin + std::max(bits(e.m), bits(k.m)))) return x.add_line({}, {}, {});
      e.m = (e.m << unsigned(e.e - emin)) + (k.m << unsigned(k.e - emin));
      e.e = emin;
    }
  }
  if (w == 3) return x.add_line(Z[std::size_t(j) * 3], Z[std::size_t(j) * 3 + 1], e);
  return x.add_line(Z[std::size_t(j) * 2], Dyadic{}, e);
}

int ExactNet::side(int m, int l1, int l2) {
  const Line &A = impl_->lines[l1], &B = impl_->lines[l2], &M = impl_->lines[m];
  const Int d2 = A.a * B.b - B.a * A.b;
  const Int d3 = M.a * (A.b * B.e - B.b * A.e) - M.b * (A.a * B.e - B.a * A.e) + M.e * d2;
  return sign_of(d3) * sign_of(d2);
}

int ExactNet::order_on(int c, int p1, int p2, int q1, int q2) {
  const Line& C = impl_->lines[c];
  // A point l1 x l2 is (Nx / D, Ny / D); its position along c is (-C.b Nx + C.a Ny) / D.
  auto position = [&](int i1, int i2, Int& num, Int& den) {
    const Line &A = impl_->lines[i1], &B = impl_->lines[i2];
    den = A.a * B.b - B.a * A.b;
    num = -C.b * (A.b * B.e - B.b * A.e) + C.a * (B.a * A.e - A.a * B.e);
  };
  Int np, dp, nq, dq;
  position(p1, p2, np, dp);
  position(q1, q2, nq, dq);
  return sign_of(Int(nq * dp - np * dq)) * sign_of(dp) * sign_of(dq);
}

int ExactNet::side_1d(int m, int p) {
  const Line &M = impl_->lines[m], &P = impl_->lines[p];
  // m at u = -P.e / P.a: (M.e P.a - M.a P.e) / P.a
  return sign_of(Int(M.e * P.a - M.a * P.e)) * sign_of(P.a);
}

int ExactNet::order_1d(int p, int q) {
  const Line &P = impl_->lines[p], &Q = impl_->lines[q];
  // -Q.e / Q.a - (-P.e / P.a) = (P.e Q.a - Q.e P.a) / (P.a Q.a)
  return sign_of(Int(P.e * Q.a - Q.e * P.a)) * sign_of(P.a) * sign_of(Q.a);
}

double ExactNet::root_1d(int p) {
  const Line& P = impl_->lines[p];
  if (P.a.is_zero() || P.e.is_zero()) return 0.0;
  // -e / a: an integer quotient of 64 to 66 bits scaled by 2^-s, rounded once to a double.
  Int num = abs(P.e), den = abs(P.a);
  const bool negative = (P.e < 0) == (P.a < 0);
  const long long s = 64 - (static_cast<long long>(msb(num)) - static_cast<long long>(msb(den)));
  const Int q = s >= 0 ? Int((num << unsigned(s)) / den) : Int(num / (den << unsigned(-s)));
  const double r = std::ldexp(q.convert_to<double>(), int(-s));
  return negative ? -r : r;
}

int ExactNet::output_map(const char* pattern) {
  Impl& x = *impl_;
  const int out = int(x.layers.size()) - 1;
  x.ensure(out, pattern);
  x.maps.push_back(x.failed ? std::vector<Dyadic>{} : x.frames[out]);
  x.hold(Impl::size_of(x.maps.back()));
  return int(x.maps.size()) - 1;
}

bool ExactNet::same_map(int map1, int map2) const {
  const auto &a = impl_->maps[map1], &b = impl_->maps[map2];
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].e != b[i].e || a[i].m != b[i].m) return false;
  return true;
}

bool ExactNet::ok() const { return !impl_->failed; }

}  // namespace alab::regions_detail
