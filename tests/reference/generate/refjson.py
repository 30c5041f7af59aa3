"""Reading, writing and comparing the reference JSON files (shared by the two generators).

JSON has no infinities or NaN, so the files spell them "inf", "-inf" and "nan"; numbers are
written with Python's shortest round-trip repr, so a reader recovers the exact double.
This module is not a generator itself; see torch_reference.py and regions_reference.py.
"""

import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE_DIR = os.path.dirname(HERE)  # tests/reference


def encode(value):
    """Nested lists/dicts with the non-finite floats replaced by their strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode_number(v):
    """A number from a file or a request: a JSON number or one of "inf", "-inf", "nan"."""
    if isinstance(v, str):
        return {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}[v]
    return float(v)


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write(path, case):
    """Writes a case file the way the existing files are written: UTF-8, one line (torch/) or
    indented by one space (regions/, as the copied originals)."""
    indent = 1 if "/regions/" in path.replace("\\", "/") else None
    with open(path, "w", encoding="utf-8") as f:
        json.dump(encode(case), f, ensure_ascii=False, allow_nan=False, indent=indent)
        f.write("\n")


def flatten(v, out=None):
    """All numbers of a nested list or dict (or a single number), in order (dict keys sorted)."""
    if out is None:
        out = []
    if isinstance(v, dict):
        for k in sorted(v):
            flatten(v[k], out)
    elif isinstance(v, (list, tuple)):
        for e in v:
            flatten(e, out)
    else:
        out.append(decode_number(v))
    return out


def max_difference(got, ref):
    """(max |got - ref|, max relative difference) over two nested lists of the same shape.

    NaN must match NaN and an infinity the same infinity; otherwise the difference is inf.
    Returns (inf, inf) when the shapes differ.
    """
    g, r = flatten(got), flatten(ref)
    if len(g) != len(r):
        return math.inf, math.inf
    worst_abs = worst_rel = 0.0
    for a, b in zip(g, r):
        if math.isnan(b) or math.isinf(b):
            same = (math.isnan(a) and math.isnan(b)) or a == b
            d = 0.0 if same else math.inf
            worst_abs, worst_rel = max(worst_abs, d), max(worst_rel, d)
            continue
        d = abs(a - b)
        worst_abs = max(worst_abs, d)
        worst_rel = max(worst_rel, d / abs(b) if b != 0 else (0.0 if d == 0 else math.inf))
    return worst_abs, worst_rel


def case_files(folder, names):
    """The files named on the command line, or every *.json in tests/reference/<folder>."""
    if names:
        return [n if os.path.exists(n) else os.path.join(REFERENCE_DIR, folder, n) for n in names]
    full = os.path.join(REFERENCE_DIR, folder)
    return [os.path.join(full, f) for f in sorted(os.listdir(full)) if f.endswith(".json")]


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)
