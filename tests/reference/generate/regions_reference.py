#!/usr/bin/python3
"""Counts the linear regions of small ReLU / Leaky ReLU networks exactly (tests/reference/regions/).

Every number is a Python Fraction: the weights, biases and box are taken as the exact values
of their doubles, and the box is cut polygon by polygon, neuron by neuron, layer by layer.
No tolerance is involved, so the counts are facts a double-precision implementation must
match. Floats appear only in the output (each the nearest double of an exact value). Python
standard library only; tests/reference/README.md defines the terms.

  regions_reference.py check [FILE...]   recompute every (or the named) case, print what differs
  regions_reference.py write FILE...     recompute and rewrite the named case files
  regions_reference.py new CASE.json     make tests/reference/regions/<name>.json from a case spec
  regions_reference.py run < INPUT       answer one input ({"weights", "biases", "activation",
                                         "alpha", "box"}) on stdout
  regions_reference.py segment < INPUT   the regions input plus "a" and "b": where the pattern
                                         changes along a + t (b - a), t in (0, 1)

A case spec is {"name", "description", "input"}; an input without "weights" but with
"random": {"layers": [2, 8, 8, 1], "seed": n, "scale": s} gets weights and biases drawn from
U(-s, s) with Python's seeded random, rounded to 6 significant digits, and the seed is kept
in the case. A spec (or case) may also hold "segments": [{"a": [...], "b": [...]}]: the
expected answer then lists, for each, the parameters t in (0, 1) where the activation pattern
changes along a + t (b - a) (exact, as strings, and as the nearest doubles) and the pieces.

Every expected answer also holds cells_per_layer (the cells of the box cut by hidden layers
1..k, k = 1..L; the last is pattern_regions) and serra_upper_bound (Serra, Tjandraatmadja and
Ramalingam 2018, Theorem 1, summed term by term over every admissible (j_1..j_L)).
"""

import itertools
import json
import math
import random
import sys
from fractions import Fraction
from math import comb

import refjson

REL_AREA_THRESHOLDS = ["1e-12", "1e-9", "1e-6"]


def exact(v):
    """The exact rational value of a double (a number or one of the JSON number strings)."""
    return Fraction(refjson.decode_number(v))


class Net:
    """Hidden layers W_l, b_l (l < L) with the activation after each, then an affine output layer."""

    def __init__(self, inp):
        self.W = [[[exact(v) for v in row] for row in w] for w in inp["weights"]]
        self.b = [[exact(v) for v in bias] for bias in inp["biases"]]
        self.activation = inp.get("activation", "relu")
        if self.activation not in ("relu", "leaky_relu"):
            raise ValueError("activation must be relu or leaky_relu")
        self.alpha = exact(inp.get("alpha", 0.01)) if self.activation == "leaky_relu" else Fraction(0)
        self.box = [exact(v) for v in inp["box"]]
        self.inputs = len(self.W[0][0])
        if len(self.box) != 2 * self.inputs or self.inputs not in (1, 2):
            raise ValueError("box must be [xmin, xmax, ymin, ymax] for 2 inputs or [xmin, xmax] for 1")
        self.widths = [len(w) for w in self.W[:-1]]

    def slope(self, on):
        return Fraction(1) if on else self.alpha


def affine_layer(W, b, M, m):
    """The pre-activations W (M x + m) + b as the affine map (W M, W m + b) of the input x."""
    WM = [[sum(w_k * M[k][i] for k, w_k in enumerate(row)) for i in range(len(M[0]))] for row in W]
    Wm = [sum(w_k * m[k] for k, w_k in enumerate(row)) + b_j for row, b_j in zip(W, b)]
    return WM, Wm


# ---------------------------------------------------------------------------------------
# 2-D: convex polygons, counter-clockwise lists of (x, y) Fractions.

def split(poly, u, v):
    """Cuts `poly` by the line u.x + v = 0 -> [(piece, on)], on meaning u.x + v > 0 inside.

    A line that only touches a vertex or runs along an edge leaves the polygon whole.
    """
    s = [u[0] * x + u[1] * y + v for x, y in poly]
    if all(t >= 0 for t in s) or all(t <= 0 for t in s):
        return [(poly, any(t > 0 for t in s))]
    pos, neg = [], []
    n = len(poly)
    for i in range(n):
        p, q, sp, sq = poly[i], poly[(i + 1) % n], s[i], s[(i + 1) % n]
        if sp >= 0:
            pos.append(p)
        if sp <= 0:
            neg.append(p)
        if (sp > 0 and sq < 0) or (sp < 0 and sq > 0):
            t = sp / (sp - sq)
            cut = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            pos.append(cut)
            neg.append(cut)
    return [(pos, True), (neg, False)]


def area_and_centroid(poly):
    a2 = cx = cy = Fraction(0)
    n = len(poly)
    for i in range(n):
        (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        a2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return a2 / 2, (cx / (3 * a2), cy / (3 * a2))


def share_an_edge(P, Q):
    """True when convex polygons P and Q share a boundary segment of positive length."""
    for i in range(len(P)):
        p, q = P[i], P[(i + 1) % len(P)]
        d = (q[0] - p[0], q[1] - p[1])
        dd = d[0] * d[0] + d[1] * d[1]
        for j in range(len(Q)):
            r, s = Q[j], Q[(j + 1) % len(Q)]
            if any(d[0] * (w[1] - p[1]) - d[1] * (w[0] - p[0]) != 0 for w in (r, s)):
                continue  # not on the line through p and q
            tr = ((r[0] - p[0]) * d[0] + (r[1] - p[1]) * d[1]) / dd
            ts = ((s[0] - p[0]) * d[0] + (s[1] - p[1]) * d[1]) / dd
            if min(max(tr, ts), 1) - max(min(tr, ts), 0) > 0:
                return True
    return False


def cells_2d(net, per_layer=None):
    """[(pattern, polygon, A, c)]: the activation-pattern cells of the box with their output map.

    per_layer, a list, gets the number of cells after each hidden layer."""
    x0, x1, y0, y1 = net.box
    cells = [([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], "", [[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]],
              [Fraction(0), Fraction(0)])]
    for W, b in zip(net.W[:-1], net.b[:-1]):
        nxt = []
        for poly, bits, M, m in cells:
            Z, z = affine_layer(W, b, M, m)
            pieces = [(poly, "")]
            for j in range(len(W)):
                pieces = [(sub, pat + ("1" if on else "0")) for piece, pat in pieces for sub, on in split(piece, Z[j], z[j])]
            for sub, pat in pieces:
                D = [net.slope(ch == "1") for ch in pat]
                nxt.append((sub, bits + pat, [[D[j] * v for v in Z[j]] for j in range(len(W))], [D[j] * z[j] for j in range(len(W))]))
        cells = nxt
        if per_layer is not None:
            per_layer.append(len(cells))
    out = []
    for poly, bits, M, m in cells:
        A, c = affine_layer(net.W[-1], net.b[-1], M, m)
        out.append((bits, poly, A, c))
    return sorted(out, key=lambda cell: cell[0])


def merge_pieces(cells, adjacent):
    """Piece index of each cell: cells with the same map (A, c) that are adjacent, transitively.

    Pieces are numbered in the order their first cell appears.
    """
    parent = list(range(len(cells)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    groups = {}
    for i, cell in enumerate(cells):
        key = (tuple(map(tuple, cell[2])), tuple(cell[3]))
        groups.setdefault(key, []).append(i)
    for members in groups.values():
        for i, j in itertools.combinations(members, 2):
            if root(i) != root(j) and adjacent(i, j):
                parent[root(i)] = root(j)
    ids, piece = {}, []
    for i in range(len(cells)):
        piece.append(ids.setdefault(root(i), len(ids)))
    return piece


def start_low(poly):
    """The polygon from its lowest vertex (smallest y, then x), still counter-clockwise."""
    k = min(range(len(poly)), key=lambda i: (poly[i][1], poly[i][0]))
    return poly[k:] + poly[:k]


def serra_bound(n0, widths):
    """Serra et al. 2018, Theorem 1: sum over admissible (j_1..j_L) of prod C(n_l, j_l)."""
    total = 0

    def walk(l, caps, prod):
        nonlocal total
        if l == len(widths):
            total += prod
            return
        for j in range(min([n0, widths[l]] + caps) + 1):
            walk(l + 1, caps + [widths[l] - j], prod * comb(widths[l], j))

    walk(0, [], 1)
    return total


def arrangement_formula(net):
    """One hidden layer: the cells of the lines' arrangement in the box, 1 + lines + sum over
    crossings inside the box of (lines through it - 1). Lines are distinct zero lines that
    cut the box's interior."""
    x0, x1, y0, y1 = net.box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    lines = []
    for (a, b_), c in zip(net.W[0], net.b[0]):
        if a == 0 and b_ == 0:
            continue
        s = [a * x + b_ * y + c for x, y in corners]
        if not (any(t > 0 for t in s) and any(t < 0 for t in s)):
            continue
        scale = a if a != 0 else b_  # the same line written twice counts once
        key = (a / scale, b_ / scale, c / scale)
        if key not in lines:
            lines.append(key)
    points = {}
    for (a1, b1, c1), (a2, b2, c2) in itertools.combinations(lines, 2):
        det = a1 * b2 - a2 * b1
        if det == 0:
            continue
        x, y = (b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det
        if x0 < x < x1 and y0 < y < y1:
            points.setdefault((x, y), set()).update([(a1, b1, c1), (a2, b2, c2)])
    return {"value": 1 + len(lines) + sum(len(s) - 1 for s in points.values()), "lines_crossing_box": len(lines),
            "crossings_inside": len(points), "crossings_with_3plus_lines": sum(1 for s in points.values() if len(s) >= 3)}


def whole_plane_formula(net):
    """One hidden layer: the cells of the same lines over the whole plane (no box)."""
    lines = []
    for (a, b_), c in zip(net.W[0], net.b[0]):
        if a == 0 and b_ == 0:
            continue
        scale = a if a != 0 else b_
        key = (a / scale, b_ / scale, c / scale)
        if key not in lines:
            lines.append(key)
    points = {}
    for (a1, b1, c1), (a2, b2, c2) in itertools.combinations(lines, 2):
        det = a1 * b2 - a2 * b1
        if det != 0:
            points.setdefault(((b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det), set()).update([(a1, b1, c1), (a2, b2, c2)])
    return 1 + len(lines) + sum(len(s) - 1 for s in points.values())


def regions_2d(net):
    per_layer = []
    cells = cells_2d(net, per_layer)
    piece = merge_pieces(cells, lambda i, j: share_an_edge(cells[i][1], cells[j][1]))
    x0, x1, y0, y1 = net.box
    box_area = (x1 - x0) * (y1 - y0)
    regions, areas = [], []
    for (bits, poly, A, c), p in zip(cells, piece):
        area, (cx, cy) = area_and_centroid(poly)
        areas.append(area)
        regions.append({"pattern": bits, "area": float(area), "centroid": [float(cx), float(cy)],
                        "vertices": [[float(x), float(y)] for x, y in start_low(poly)],
                        "A": [[float(v) for v in row] for row in A], "c": [float(v) for v in c], "piece": p})
    total = sum(areas)
    out = {"pattern_regions": len(cells), "affine_pieces": max(piece) + 1, "total_area": float(total),
           "box_area": float(box_area), "total_area_exact": str(total), "min_region_area": float(min(areas)),
           "max_vertices": max(len(cell[1]) for cell in cells),
           "cells_below_rel_area": {t: sum(1 for a in areas if a < Fraction(t) * box_area) for t in REL_AREA_THRESHOLDS},
           "serra_upper_bound": serra_bound(2, net.widths), "cells_per_layer": per_layer}
    if len(net.widths) == 1:
        out["arrangement_formula"] = arrangement_formula(net)
        out["whole_plane_formula"] = whole_plane_formula(net)
    out["regions"] = regions
    return out, cells


# ---------------------------------------------------------------------------------------
# 1-D: intervals [lo, hi].

def split_interval(net, lo, hi, M, m, per_layer=None):
    """The cells (lo', hi', pattern, M', m') of the parameter interval [lo, hi], where the
    net's input is the affine map M u + m of the parameter u (M: inputs x 1). per_layer, a
    list, gets the number of cells after each hidden layer. Sorted by lo'."""
    cells = [(lo, hi, "", M, m)]
    for W, b in zip(net.W[:-1], net.b[:-1]):
        nxt = []
        for a, z_hi, bits, M, m in cells:
            Z, z = affine_layer(W, b, M, m)
            pieces = [(a, z_hi, "")]
            for j in range(len(W)):
                u, v = Z[j][0], z[j]
                cut = []
                for s, e, pat in pieces:
                    r = -v / u if u != 0 else None
                    bounds = [s, r, e] if r is not None and s < r < e else [s, e]
                    for p, q in zip(bounds, bounds[1:]):
                        cut.append((p, q, pat + ("1" if u * (p + q) / 2 + v > 0 else "0")))
                pieces = cut
            for s, e, pat in pieces:
                D = [net.slope(ch == "1") for ch in pat]
                nxt.append((s, e, bits + pat, [[D[j] * Z[j][0]] for j in range(len(W))], [D[j] * z[j] for j in range(len(W))]))
        cells = nxt
        if per_layer is not None:
            per_layer.append(len(cells))
    cells.sort(key=lambda cell: cell[0])
    return cells


def regions_1d(net):
    lo, hi = net.box
    per_layer = []
    cells = split_interval(net, lo, hi, [[Fraction(1)]], [Fraction(0)], per_layer)
    maps = [affine_layer(net.W[-1], net.b[-1], M, m) for _, _, _, M, m in cells]
    piece, kinks = [0], []
    for i in range(1, len(cells)):
        same = maps[i] == maps[i - 1]
        piece.append(piece[-1] if same else piece[-1] + 1)
        if not same:
            kinks.append(float(cells[i][0]))
    intervals = [{"lo": float(s), "hi": float(e), "pattern": bits, "a": [float(row[0]) for row in A], "c": [float(v) for v in c],
                  "piece": p} for (s, e, bits, _, _), (A, c), p in zip(cells, maps, piece)]
    return {"pattern_regions": len(cells), "affine_pieces": piece[-1] + 1, "total_length": float(hi - lo),
            "upper_bound_prod_n_plus_1": math.prod(n + 1 for n in net.widths),
            "serra_upper_bound": serra_bound(1, net.widths), "cells_per_layer": per_layer,
            "breakpoints": [float(cell[0]) for cell in cells[1:]], "kinks": kinks, "intervals": intervals}, None


def segment(net, a, b):
    """Where the activation pattern changes along a + t (b - a), t in (0, 1), a != b."""
    a = [exact(v) for v in a]
    b = [exact(v) for v in b]
    if len(a) != net.inputs or len(b) != net.inputs:
        raise ValueError(f"a and b need {net.inputs} coordinates")
    if a == b:
        raise ValueError("a and b are the same point")
    cells = split_interval(net, Fraction(0), Fraction(1), [[bi - ai] for ai, bi in zip(a, b)], a)
    t = [cell[0] for cell in cells[1:]]
    return {"a": [float(v) for v in a], "b": [float(v) for v in b], "t": [float(v) for v in t],
            "t_exact": [str(v) for v in t], "pieces": len(t) + 1}


def answer_case(case):
    """A case's expected answer: the regions answer, plus its segments when it names any."""
    out = answer(case["input"])
    if case.get("segments"):
        net = Net(case["input"])
        out["segments"] = [segment(net, q["a"], q["b"]) for q in case["segments"]]
    return out


def without_neurons(inp, dead):
    """The input with the hidden neurons `dead` ({(layer, index)}) deleted."""
    W = [[list(row) for row in w] for w in inp["weights"]]
    b = [list(v) for v in inp["biases"]]
    for l, j in sorted(dead, reverse=True):
        del W[l][j]
        del b[l][j]
        for row in W[l + 1]:
            del row[j]
    return {**inp, "weights": W, "biases": b}


def answer(inp):
    net = Net(inp)
    if net.inputs == 1:
        return regions_1d(net)[0]
    out, cells = regions_2d(net)
    # A ReLU neuron that is off on the whole box changes nothing: the counts equal those of the
    # net without it (Leaky ReLU neurons still pass alpha * z, so this holds for ReLU only).
    if net.activation == "relu":
        positions = [(l, j) for l, n in enumerate(net.widths) for j in range(n)]
        dead = {pos for k, pos in enumerate(positions) if all(cell[0][k] == "0" for cell in cells)}
        if dead and len(dead) < len(positions):
            smaller = answer(without_neurons(inp, dead))
            regions = out.pop("regions")
            out["same_as_deleted_net"] = {"pattern_regions": smaller["pattern_regions"], "affine_pieces": smaller["affine_pieces"]}
            out["regions"] = regions
    return out


def random_input(spec):
    """Weights and biases drawn from U(-scale, scale), seeded, rounded to 6 significant digits."""
    rng = random.Random(spec["seed"])
    scale = spec.get("scale", 1.0)
    layers = spec["layers"]
    draw = lambda: float(f"{rng.uniform(-scale, scale):.6g}")
    W = [[[draw() for _ in range(layers[l])] for _ in range(layers[l + 1])] for l in range(len(layers) - 1)]
    b = [[draw() for _ in range(layers[l + 1])] for l in range(len(layers) - 1)]
    return W, b


# ---------------------------------------------------------------------------------------

def same_polygon(got, ref):
    """Vertex lists equal up to where the (counter-clockwise) list starts."""
    if len(got) != len(ref):
        return False
    return any(got[k:] + got[:k] == ref for k in range(len(got)))


def compare_case(path):
    case = refjson.read(path)
    stored = case["expected"]
    got = answer_case(case)
    problems, notes = [], []
    for field, ref in stored.items():
        if field not in got:
            notes.append(f"{field} not recomputed")
        elif field == "regions":
            if len(got[field]) != len(ref):
                problems.append(f"regions: {len(got[field])} instead of {len(ref)}")
                continue
            for g, r in zip(got[field], ref):
                for k in r:
                    if k == "vertices":
                        if not same_polygon(g[k], r[k]):
                            problems.append(f"region {r['pattern']}: vertices differ")
                    elif g.get(k) != r[k]:
                        d_abs, _ = refjson.max_difference(g.get(k), r[k]) if k not in ("pattern",) else (math.inf, 0)
                        problems.append(f"region {r['pattern']}: {k} differs ({d_abs:.1e})")
        elif got[field] != ref:
            problems.append(f"{field}: {got[field]!r} instead of {ref!r}")
    name = path.rsplit("/", 1)[-1]
    print(f"{name}: {'identical' if not problems else 'DIFFERS'}"
          + (f" ({'; '.join(problems[:8])})" if problems else "") + (f" [{'; '.join(notes)}]" if notes else ""))
    return not problems


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "check":
        results = [compare_case(p) for p in refjson.case_files("regions", rest)]
        print(f"{sum(results)} of {len(results)} cases reproduced exactly")
        return 0 if all(results) else 1
    if cmd == "write":
        if not rest:
            refjson.fail("write: name the case files to rewrite")
        for p in refjson.case_files("regions", rest):
            case = refjson.read(p)
            case["expected"] = answer_case(case)
            refjson.write(p, case)
            print(f"wrote {p}")
        return 0
    if cmd == "new":
        if len(rest) != 1:
            refjson.fail("new: give one case spec file")
        spec = refjson.read(rest[0])
        inp = dict(spec["input"])
        seed = None
        if "random" in inp:
            seed = inp["random"]["seed"]
            inp["weights"], inp["biases"] = random_input(inp.pop("random"))
        case = {"name": spec["name"], "description": spec.get("description", ""), "seed": seed, "input": inp}
        if spec.get("segments"):
            case["segments"] = spec["segments"]
        case["expected"] = answer_case(case)
        path = f"{refjson.REFERENCE_DIR}/regions/{spec['name']}.json"
        refjson.write(path, case)
        print(f"wrote {path}: {case['expected']['pattern_regions']} pattern regions, {case['expected']['affine_pieces']} affine pieces")
        return 0
    if cmd == "segment":
        try:
            inp = json.load(sys.stdin)
            inp.setdefault("box", [0, 1] * len(inp["weights"][0][0]))  # unused by a segment
            print(json.dumps(refjson.encode(segment(Net(inp), inp["a"], inp["b"]))))
        except (ValueError, KeyError, TypeError, ZeroDivisionError) as e:
            print(json.dumps({"error": str(e)}))
            return 2
        return 0
    if cmd == "run":
        try:
            print(json.dumps(refjson.encode(answer(json.load(sys.stdin)))))
        except (ValueError, KeyError, TypeError, ZeroDivisionError) as e:
            print(json.dumps({"error": str(e)}))
            return 2
        return 0
    refjson.fail(f"unknown command {cmd!r}; try --help")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
