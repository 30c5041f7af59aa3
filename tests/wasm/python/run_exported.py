#!/usr/bin/python3
"""Runs exported Activation Lab models (tests/wasm/export_pytorch.test.mjs).

Reads a JSON list of cases {code, x, jacobian} on stdin. For each, executes the exported
script (it must define `model`, a float64 torch.nn.Module, using only torch) and answers
{outputs, jacobian?}: model(x) and, when asked, d outputs / d x per sample by autograd.
Non-finite numbers are written as the strings "inf", "-inf", "nan".
"""
import json
import math
import sys

import torch


def clean(v):
    if isinstance(v, list):
        return [clean(e) for e in v]
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def run(case):
    scope = {"__name__": "exported"}
    exec(compile(case["code"], "exported.py", "exec"), scope)
    model = scope["model"]
    assert isinstance(model, torch.nn.Module), "model is not a torch.nn.Module"
    params = list(model.parameters())
    assert params and all(p.dtype == torch.float64 for p in params), "parameters are not float64"
    x = torch.tensor(case["x"], dtype=torch.float64)
    with torch.no_grad():
        y = model(x)
    assert y.dtype == torch.float64, "outputs are not float64"
    out = {"outputs": clean(y.tolist())}
    if case.get("jacobian"):
        rows = []
        for row in x:
            J = torch.autograd.functional.jacobian(lambda r: model(r.unsqueeze(0))[0], row)
            rows.append(J.tolist())
        out["jacobian"] = clean(rows)
    return out


def main():
    cases = json.load(sys.stdin)
    answers = []
    for case in cases:
        try:
            answers.append(run(case))
        except Exception as e:  # reported per case, so one bad script names itself
            answers.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(answers, sys.stdout)


main()
