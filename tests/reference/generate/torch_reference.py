#!/usr/bin/python3
"""Computes the PyTorch reference numbers in tests/reference/torch/ (float64, CPU).

Each case file holds a `request` in the command-line tool's format (tests/reference/README.md)
and the `expected` answer computed here with PyTorch, so a test that matches it shows the
project computes what PyTorch computes. Activation cases also carry 60-digit mpmath values
(`y_exact`, `dy_exact`). This is a reference program, not part of the project's build: it
needs Debian's python3-torch, python3-mpmath and python3-numpy; run it with /usr/bin/python3.

  torch_reference.py check [FILE...]   recompute every (or the named) case, print the largest
                                       differences from the stored answer; exit 1 past tolerance
  torch_reference.py write FILE...     recompute and rewrite the named case files
  torch_reference.py new CASE.json     make tests/reference/torch/<id>.json from a case spec
  torch_reference.py run < REQUEST     answer one request on stdout, like tools/alab.mjs

A case spec is {"id", "description", "request", optional "init": {"seed": n}}; with "init",
the request's weights and biases are drawn like nn.Linear's defaults from that seed. An
activation request without "x" gets the standard 200 points (edge values, the points around
each kink, seeded random values).
"""

import json
import math
import os
import random
import sys

import refjson

try:
    import mpmath
    import torch
    import torch.nn.functional as F
except ImportError as e:  # pragma: no cover - a message for the newcomer
    refjson.fail(f"{e}: install Debian's python3-torch and python3-mpmath (apt-get install "
                 "python3-torch python3-mpmath) and run this with /usr/bin/python3")

torch.set_default_dtype(torch.float64)
mpmath.mp.dps = 60
MP_TINY = mpmath.mpf("1e-40")  # distance from a kink at which one-sided limits are taken

DEFAULT_TOLERANCE = {
    "activation": {"abs": 1e-13, "rel": 1e-11,
                   "rule": "pass if |got-ref| <= abs + rel*|ref| for ref = the torch value or the exact value"},
    "softmax": {"abs": 1e-14, "rel": 1e-12},
    "forward": {"abs": 1e-12, "rel": 1e-10},
    "train": {"loss_rel": 1e-9, "params_abs": 1e-9,
              "rule": "loss_history and final_loss_full relative, parameters absolute"},
}


# ---------------------------------------------------------------------------------------
# Activations: the torch function, the exact function and derivative (mpmath), the kinks.
# Each entry: params (defaults), torch(p) -> function of a tensor, f(x, p) and df(x, p) on
# mpmath numbers, kinks(p) -> x values where f' jumps, and the torch.nn class it follows.
# At a kink, df follows PyTorch's choice, so dy_exact there equals torch's dy.

def _sig(x):
    return 1 / (1 + mpmath.exp(-x))


def _softplus(x):
    return mpmath.log1p(mpmath.exp(x)) if x < 0 else x + mpmath.log1p(mpmath.exp(-x))


SELU_ALPHA = mpmath.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mpmath.mpf("1.0507009873554804934193349852946")
GELU_C = mpmath.sqrt(2 / mpmath.pi)


def _gelu_tanh(x):
    return x / 2 * (1 + mpmath.tanh(GELU_C * (x + mpmath.mpf("0.044715") * x ** 3)))


def _gelu_tanh_d(x):
    u = GELU_C * (x + mpmath.mpf("0.044715") * x ** 3)
    t = mpmath.tanh(u)
    return (1 + t) / 2 + x / 2 * (1 - t * t) * GELU_C * (1 + 3 * mpmath.mpf("0.044715") * x ** 2)


def _mish_d(x):
    sp = _softplus(x)
    t = mpmath.tanh(sp)
    return t + x * (1 - t * t) * _sig(x)


ACTIVATIONS = {
    "identity": dict(params={}, torch=lambda p: (lambda t: t), f=lambda x, p: x, df=lambda x, p: 1,
                     source="torch.nn.Identity"),
    "sigmoid": dict(params={}, torch=lambda p: torch.sigmoid, f=lambda x, p: _sig(x),
                    df=lambda x, p: _sig(x) * _sig(-x), source="torch.nn.Sigmoid"),
    "tanh": dict(params={}, torch=lambda p: torch.tanh, f=lambda x, p: mpmath.tanh(x),
                 df=lambda x, p: mpmath.sech(x) ** 2, source="torch.nn.Tanh"),
    "relu": dict(params={}, torch=lambda p: F.relu, f=lambda x, p: max(x, 0), df=lambda x, p: 1 if x > 0 else 0,
                 kinks=lambda p: [0.0], source="torch.nn.ReLU"),
    "leaky_relu": dict(params={"negative_slope": 0.01},
                       torch=lambda p: (lambda t: F.leaky_relu(t, p["negative_slope"])),
                       f=lambda x, p: x if x > 0 else p["negative_slope"] * x,
                       df=lambda x, p: 1 if x > 0 else p["negative_slope"],
                       kinks=lambda p: [0.0], source="torch.nn.LeakyReLU"),
    "prelu": dict(params={"weight": 0.25},
                  torch=lambda p: (lambda t: F.prelu(t, torch.tensor([p["weight"]]))),
                  f=lambda x, p: x if x > 0 else p["weight"] * x, df=lambda x, p: 1 if x > 0 else p["weight"],
                  kinks=lambda p: [0.0], source="torch.nn.PReLU (weight held constant)"),
    "rrelu": dict(params={"lower": 0.125, "upper": 1 / 3},
                  torch=lambda p: (lambda t: F.rrelu(t, p["lower"], p["upper"], training=False)),
                  f=lambda x, p: x if x > 0 else (mpmath.mpf(p["lower"]) + p["upper"]) / 2 * x,
                  df=lambda x, p: 1 if x > 0 else (mpmath.mpf(p["lower"]) + p["upper"]) / 2,
                  kinks=lambda p: [0.0], source="torch.nn.RReLU in eval mode"),
    "relu6": dict(params={}, torch=lambda p: F.relu6, f=lambda x, p: min(max(x, 0), 6),
                  df=lambda x, p: 1 if 0 < x < 6 else 0, kinks=lambda p: [0.0, 6.0], source="torch.nn.ReLU6"),
    "elu": dict(params={"alpha": 1.0}, torch=lambda p: (lambda t: F.elu(t, p["alpha"])),
                f=lambda x, p: x if x > 0 else p["alpha"] * mpmath.expm1(x),
                df=lambda x, p: 1 if x > 0 else p["alpha"] * mpmath.exp(x),
                kinks=lambda p: [] if p["alpha"] == 1 else [0.0], source="torch.nn.ELU"),
    "selu": dict(params={}, torch=lambda p: F.selu,
                 f=lambda x, p: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mpmath.expm1(x)),
                 df=lambda x, p: SELU_SCALE * (1 if x > 0 else SELU_ALPHA * mpmath.exp(x)),
                 kinks=lambda p: [0.0], source="torch.nn.SELU"),
    "celu": dict(params={"alpha": 1.0}, torch=lambda p: (lambda t: F.celu(t, p["alpha"])),
                 f=lambda x, p: x if x > 0 else p["alpha"] * mpmath.expm1(x / p["alpha"]),
                 df=lambda x, p: 1 if x > 0 else mpmath.exp(x / p["alpha"]), source="torch.nn.CELU"),
    "gelu": dict(params={}, torch=lambda p: F.gelu, f=lambda x, p: x * mpmath.ncdf(x),
                 df=lambda x, p: mpmath.ncdf(x) + x * mpmath.npdf(x), source="torch.nn.GELU",
                 resolved={"approximate": "none"}),
    "gelu_tanh": dict(params={}, torch=lambda p: (lambda t: F.gelu(t, approximate="tanh")),
                      f=lambda x, p: _gelu_tanh(x), df=lambda x, p: _gelu_tanh_d(x),
                      source="torch.nn.GELU(approximate='tanh')"),
    "silu": dict(params={}, torch=lambda p: F.silu, f=lambda x, p: x * _sig(x),
                 df=lambda x, p: _sig(x) * (1 + x * _sig(-x)), source="torch.nn.SiLU"),
    "mish": dict(params={}, torch=lambda p: F.mish, f=lambda x, p: x * mpmath.tanh(_softplus(x)),
                 df=lambda x, p: _mish_d(x), source="torch.nn.Mish"),
    # torch returns x itself once beta*x > threshold; the exact value is the true softplus.
    "softplus": dict(params={"beta": 1.0, "threshold": 20.0},
                     torch=lambda p: (lambda t: F.softplus(t, p["beta"], p["threshold"])),
                     f=lambda x, p: _softplus(p["beta"] * x) / p["beta"], df=lambda x, p: _sig(p["beta"] * x),
                     switch=lambda p: [p["threshold"] / p["beta"]], source="torch.nn.Softplus"),
    "softsign": dict(params={}, torch=lambda p: F.softsign, f=lambda x, p: x / (1 + abs(x)),
                     df=lambda x, p: 1 / (1 + abs(x)) ** 2, source="torch.nn.Softsign"),
    "hardsigmoid": dict(params={}, torch=lambda p: F.hardsigmoid,
                        f=lambda x, p: 0 if x <= -3 else (1 if x >= 3 else x / 6 + mpmath.mpf(1) / 2),
                        df=lambda x, p: mpmath.mpf(1) / 6 if -3 < x < 3 else 0,
                        kinks=lambda p: [-3.0, 3.0], source="torch.nn.Hardsigmoid"),
    "hardtanh": dict(params={"min_val": -1.0, "max_val": 1.0},
                     torch=lambda p: (lambda t: F.hardtanh(t, p["min_val"], p["max_val"])),
                     f=lambda x, p: min(max(x, p["min_val"]), p["max_val"]),
                     df=lambda x, p: 1 if p["min_val"] < x < p["max_val"] else 0,
                     kinks=lambda p: [p["min_val"], p["max_val"]], source="torch.nn.Hardtanh"),
    "hardswish": dict(params={}, torch=lambda p: F.hardswish,
                      f=lambda x, p: 0 if x <= -3 else (x if x >= 3 else x * (x + 3) / 6),
                      df=lambda x, p: 0 if x < -3 else (1 if x > 3 else x / 3 + mpmath.mpf(1) / 2),
                      kinks=lambda p: [-3.0, 3.0], source="torch.nn.Hardswish"),
    "logsigmoid": dict(params={}, torch=lambda p: F.logsigmoid, f=lambda x, p: -_softplus(-x),
                       df=lambda x, p: _sig(-x), source="torch.nn.LogSigmoid"),
    "softshrink": dict(params={"lambd": 0.5}, torch=lambda p: (lambda t: F.softshrink(t, p["lambd"])),
                       f=lambda x, p: x - p["lambd"] if x > p["lambd"] else (x + p["lambd"] if x < -p["lambd"] else 0),
                       df=lambda x, p: 1 if abs(x) > p["lambd"] else 0,
                       kinks=lambda p: [-p["lambd"], p["lambd"]], source="torch.nn.Softshrink"),
    "hardshrink": dict(params={"lambd": 0.5}, torch=lambda p: (lambda t: F.hardshrink(t, p["lambd"])),
                       f=lambda x, p: x if abs(x) > p["lambd"] else 0,
                       df=lambda x, p: 1 if abs(x) > p["lambd"] else 0,
                       kinks=lambda p: [-p["lambd"], p["lambd"]], source="torch.nn.Hardshrink"),
    "tanhshrink": dict(params={}, torch=lambda p: F.tanhshrink, f=lambda x, p: x - mpmath.tanh(x),
                       df=lambda x, p: mpmath.tanh(x) ** 2, source="torch.nn.Tanhshrink"),
    "threshold": dict(params={"threshold": 0.0, "value": 0.0},
                      torch=lambda p: (lambda t: F.threshold(t, p["threshold"], p["value"])),
                      f=lambda x, p: x if x > p["threshold"] else p["value"],
                      df=lambda x, p: 1 if x > p["threshold"] else 0,
                      kinks=lambda p: [p["threshold"]], source="torch.nn.Threshold"),
    "exponential": dict(params={}, torch=lambda p: torch.exp, f=lambda x, p: mpmath.exp(x),
                        df=lambda x, p: mpmath.exp(x), source="keras exponential (torch.exp)"),
    "squareplus": dict(params={"b": 4.0}, torch=lambda p: (lambda t: (t + torch.sqrt(t * t + p["b"])) / 2),
                       f=lambda x, p: (x + mpmath.sqrt(x * x + p["b"])) / 2,
                       df=lambda x, p: (1 + x / mpmath.sqrt(x * x + p["b"])) / 2,
                       source="jax.nn.squareplus, written out in torch"),
}
ALIASES = {"linear": "identity", "none": "identity", "logistic": "sigmoid", "swish": "silu",
           "hard_sigmoid": "hardsigmoid", "hard_tanh": "hardtanh", "hard_swish": "hardswish",
           "hard_silu": "hardswish", "log_sigmoid": "logsigmoid", "soft_shrink": "softshrink",
           "hard_shrink": "hardshrink", "tanh_shrink": "tanhshrink", "exp": "exponential"}
PARAM_ALIASES = {"lambda": "lambd", "default_value": "value"}


def resolve(name, params):
    """(canonical name, catalogue entry, params with defaults); fails on an unknown name or parameter."""
    canonical = ALIASES.get(name, name)
    if canonical not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r} (this generator knows {', '.join(ACTIVATIONS)})")
    entry = ACTIVATIONS[canonical]
    full = dict(entry["params"])
    for k, v in (params or {}).items():
        k = PARAM_ALIASES.get(k, k)
        if k not in full:
            raise ValueError(f"{canonical} has no parameter {k!r}")
        full[k] = refjson.decode_number(v)
    return canonical, entry, full


def torch_activation(name, params):
    _, entry, full = resolve(name, params)
    return entry["torch"](full)


def mp_float(v):
    """An mpmath number (or int) rounded to the nearest double; overflow gives +-inf."""
    return float(mpmath.mpf(v))


def torch_scalar(fn, x, copies=1):
    """f(x) and f'(x) by autograd on a tensor of `copies` equal elements; the first element's."""
    t = torch.full((copies,), x, requires_grad=True)
    y = fn(t)
    y.sum().backward()
    return y[0].item(), t.grad[0].item()


def activation_points(kinks, switches, seed):
    """200 x values: edge values, each kink (and switch point) with its neighbours, seeded random."""
    edges = [0.0, 1e-12, -1e-12, 1.0, -1.0, 10.0, -10.0, 30.0, -30.0, 50.0, -50.0, 100.0, -100.0,
             700.0, -700.0, 1000.0, -1000.0, 1e-300, -1e-300, 1e-6, -1e-6, 0.5, -0.5, 2.0, -2.0,
             3.0, -3.0, 6.0, 20.0, -20.0, 37.0, -37.0, 709.0, 710.0, -709.0, -710.0, -745.0,
             5e-324, -5e-324, 1e-9, -1e-9, 1e20, -1e20]
    special = []
    for k in list(kinks) + list(switches):
        special += [k, math.nextafter(k, -math.inf), math.nextafter(k, math.inf), k - 1e-9, k + 1e-9]
    rng = random.Random(seed)
    xs = []
    for v in edges + special:
        if v not in xs:
            xs.append(v)
    while len(xs) < 200:
        v = rng.uniform(-8, 8) if rng.random() < 0.7 else math.copysign(10 ** rng.uniform(-8, 2.5), rng.random() - 0.5)
        if v not in xs:
            xs.append(v)
    return xs[:200]


def op_activation(req, with_exact=True):
    name, entry, params = resolve(req["name"], req.get("params"))
    fn = entry["torch"](params)
    xs = [refjson.decode_number(v) for v in refjson.flatten(req["x"])]
    out = {"y": [], "dy": []}
    for x in xs:  # one element at a time: torch's vectorised kernels differ at some kinks
        y, dy = torch_scalar(fn, x)
        out["y"].append(y)
        out["dy"].append(dy)
    if with_exact:
        out["y_exact"] = [mp_float(entry["f"](mpmath.mpf(x), params)) for x in xs]
        out["dy_exact"] = [mp_float(entry["df"](mpmath.mpf(x), params)) for x in xs]
    return out


def activation_metadata(req, expected):
    """The case fields beside `expected`: resolved name, kinks and their derivative conventions."""
    name, entry, params = resolve(req["name"], req.get("params"))
    fn = entry["torch"](params)
    kinks = []
    for k in entry.get("kinks", lambda p: [])(params):
        kinks.append({"x": k, "dy_torch": torch_scalar(fn, k)[1], "dy_torch_vectorized": torch_scalar(fn, k, 64)[1],
                      "dy_left_limit": mp_float(entry["df"](mpmath.mpf(k) - MP_TINY, params)),
                      "dy_right_limit": mp_float(entry["df"](mpmath.mpf(k) + MP_TINY, params))})
    xs = [refjson.decode_number(v) for v in req["x"]]
    vs_exact = {}
    for field in ("y", "dy"):
        worst, at = 0.0, xs[0] if xs else None
        for x, a, b in zip(xs, expected[field], expected[field + "_exact"]):
            if math.isfinite(a) and math.isfinite(b) and abs(a - b) > worst:
                worst, at = abs(a - b), x
        vs_exact[field] = {"max_abs_torch_vs_exact": worst, "at_x": at}
    return {"resolved": {"name": name, "params": {**params, **entry.get("resolved", {})}, "source": entry["source"]},
            "kinks": kinks, "switch_points": entry.get("switch", lambda p: [])(params), "torch_vs_exact": vs_exact}


# ---------------------------------------------------------------------------------------
# Softmax

def op_softmax(req):
    x = torch.tensor(req["x"], dtype=torch.float64)
    T = float(req.get("temperature", 1.0))
    variant = req.get("variant", "softmax")
    f = {"softmax": lambda r: F.softmax(r / T, dim=-1), "log_softmax": lambda r: F.log_softmax(r / T, dim=-1),
         "softmin": lambda r: F.softmin(r / T, dim=-1)}[variant]
    rows = x if x.dim() == 2 else x.unsqueeze(0)
    ys = [f(r).tolist() for r in rows]
    jac = [torch.autograd.functional.jacobian(f, r).tolist() for r in rows]
    return {"y": ys if x.dim() == 2 else ys[0], "jacobian": jac if x.dim() == 2 else jac[0]}


# ---------------------------------------------------------------------------------------
# The network: z_l = a_{l-1} W_l^T + b_l, hidden activations on the whole batch, output
# activation linear / sigmoid / softmax over each sample's K outputs.

class Net:
    def __init__(self, req):
        self.layers = [int(n) for n in req["layers"]]
        L = len(self.layers) - 1
        acts = req.get("activation", "relu")
        acts = acts if isinstance(acts, list) else [acts] * (L - 1)
        aparams = req.get("activation_params", {})
        aparams = aparams if isinstance(aparams, list) else [aparams] * (L - 1)
        if len(acts) != L - 1 or len(aparams) != L - 1:
            raise ValueError("activation and activation_params need one entry per hidden layer")
        self.hidden = [torch_activation(a, p) for a, p in zip(acts, aparams)]
        self.output = req.get("output", "linear")
        if self.output not in ("linear", "sigmoid", "softmax"):
            raise ValueError(f"unknown output {self.output!r}")
        self.W = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in req["weights"]]
        self.b = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in req["biases"]]
        for l in range(L):
            if tuple(self.W[l].shape) != (self.layers[l + 1], self.layers[l]) or tuple(self.b[l].shape) != (self.layers[l + 1],):
                raise ValueError(f"layer {l}: weights must be {self.layers[l + 1]}x{self.layers[l]}, biases {self.layers[l + 1]}")

    def inputs(self, x):
        t = torch.tensor(x, dtype=torch.float64)
        if t.dim() == 1:
            t = t.unsqueeze(1) if self.layers[0] == 1 else t.unsqueeze(0)
        return t

    def forward(self, x, keep=None):
        a = x
        for l, act in enumerate(self.hidden):
            z = F.linear(a, self.W[l], self.b[l])
            a = act(z)
            if keep is not None:
                keep.append((z, a))
        logits = F.linear(a, self.W[-1], self.b[-1])
        out = {"linear": lambda z: z, "sigmoid": torch.sigmoid, "softmax": lambda z: F.softmax(z, dim=1)}[self.output](logits)
        return logits, out

    def params(self):
        return self.W + self.b


def per_sample_jacobian(fn, x, K):
    """[N][K][n0]: d fn(x)[n][k] / d x[n]; the samples are independent, so one backward per k."""
    x = x.clone().requires_grad_(True)
    y = fn(x)
    rows = []
    for k in range(K):
        (g,) = torch.autograd.grad(y[:, k].sum(), x, retain_graph=True)
        rows.append(g)
    return torch.stack(rows, dim=1)


def op_forward(req):
    net = Net(req)
    x = net.inputs(req["x"])
    K = net.layers[-1]
    keep = []
    with torch.no_grad():
        logits, out = net.forward(x, keep)
    jac = per_sample_jacobian(lambda t: net.forward(t)[1], x, K)
    jac_logits = per_sample_jacobian(lambda t: net.forward(t)[0], x, K)
    offset = logits - torch.einsum("nki,ni->nk", jac_logits, x)
    return {"outputs": out.tolist(), "logits": logits.tolist(),
            "hidden_pre_activations": [z.tolist() for z, _ in keep], "hidden_activations": [a.tolist() for _, a in keep],
            "jacobian": jac.tolist(), "jacobian_logits": jac_logits.tolist(), "local_offset": offset.tolist()}


def op_train(req):
    net = Net(req)
    x = net.inputs(req["x"])
    N, K = x.shape[0], net.layers[-1]
    loss_name = req.get("loss", "mse")
    need = {"bce": "sigmoid", "cross_entropy": "softmax"}.get(loss_name)
    if need and net.output != need:
        raise ValueError(f"loss {loss_name} needs output {need}")
    y = req["y"]
    if loss_name == "cross_entropy" and not isinstance(y[0], list):
        target = torch.tensor([int(v) for v in y], dtype=torch.long)
    else:
        target = torch.tensor(y, dtype=torch.float64)
        if target.dim() == 1:
            target = target.unsqueeze(1)
    bce_probs = req.get("bce_impl", "logits") == "probs"

    def data_loss(xb, tb):
        logits, out = net.forward(xb)
        if loss_name == "mse":
            return F.mse_loss(out, tb)
        if loss_name == "bce":
            return F.binary_cross_entropy(torch.sigmoid(logits), tb) if bce_probs else F.binary_cross_entropy_with_logits(logits, tb)
        if loss_name == "cross_entropy":
            return F.cross_entropy(logits, tb)
        raise ValueError(f"unknown loss {loss_name!r}")

    l2 = float(req.get("l2", 0.0))
    l2_biases = bool(req.get("l2_biases", False))
    groups = [{"params": net.W, "weight_decay": l2}, {"params": net.b, "weight_decay": l2 if l2_biases else 0.0}]
    lr = float(req.get("lr", 0.1))
    opt_name = req.get("optimizer", "sgd")
    if opt_name == "sgd":
        opt = torch.optim.SGD(groups, lr=lr)
    elif opt_name == "momentum":
        opt = torch.optim.SGD(groups, lr=lr, momentum=float(req.get("momentum", 0.9)), dampening=0,
                              nesterov=bool(req.get("nesterov", False)))
    elif opt_name == "adam":
        b1, b2 = req.get("betas", [0.9, 0.999])
        opt = torch.optim.Adam(groups, lr=lr, betas=(float(b1), float(b2)), eps=float(req.get("eps", 1e-8)))
    else:
        raise ValueError(f"unknown optimizer {opt_name!r}")

    B = int(req.get("batch_size", N))
    batching = req.get("batching", "epoch")
    steps = int(req["steps"])

    def rows(k):
        if batching == "epoch":
            nb = -(-N // B)
            j = k % nb
            return torch.arange(j * B, min((j + 1) * B, N))
        if batching == "wrap":
            return torch.tensor([(k * B + i) % N for i in range(B)])
        raise ValueError(f"unknown batching {batching!r}")

    def penalty():
        s = sum((w * w).sum() for w in net.W)
        if l2_biases:
            s = s + sum((b * b).sum() for b in net.b)
        return (l2 / 2 * s).item()

    with torch.no_grad():
        initial_full = data_loss(x, target).item()
    history, penalties, initial_grads = [], [], None
    for k in range(steps):
        idx = rows(k)
        opt.zero_grad()
        loss = data_loss(x[idx], target[idx])
        loss.backward()
        if k == 0:
            initial_grads = {"weights": [w.grad.tolist() for w in net.W], "biases": [b.grad.tolist() for b in net.b]}
        history.append(loss.item())
        if l2 != 0:
            penalties.append(penalty())
        opt.step()
    with torch.no_grad():
        final_full = data_loss(x, target).item()
        final_out = net.forward(x)[1]
    result = {"loss_history": history, "weights": [w.tolist() for w in net.W], "biases": [b.tolist() for b in net.b],
              "final_loss_full": final_full, "initial_loss_full": initial_full, "initial_grads": initial_grads,
              "final_outputs": final_out.tolist()}
    if l2 != 0:
        result["l2_penalty_history"] = penalties
    return result


def answer(req, with_exact=True):
    op = req.get("op")
    if op == "activation":
        return op_activation(req, with_exact)
    if op == "softmax":
        return op_softmax(req)
    if op == "forward":
        return op_forward(req)
    if op == "train":
        return op_train(req)
    raise ValueError(f"unknown op {op!r}")


def draw_initial_parameters(request, seed):
    """Weights and biases like nn.Linear's default init, U(-1/sqrt(fan_in), +1/sqrt(fan_in)), seeded."""
    g = torch.Generator().manual_seed(seed)
    layers = request["layers"]
    W, b = [], []
    for l in range(len(layers) - 1):
        bound = 1 / math.sqrt(layers[l])
        W.append(((torch.rand(layers[l + 1], layers[l], generator=g) * 2 - 1) * bound).tolist())
        b.append(((torch.rand(layers[l + 1], generator=g) * 2 - 1) * bound).tolist())
    request["weights"], request["biases"] = W, b


# ---------------------------------------------------------------------------------------
# The case files

def build_case(case):
    """Fills `expected` (and, for activations, the metadata fields) of a case from its request."""
    req = case["request"]
    kind = req["op"]
    case["kind"] = kind
    case["expected"] = answer(req)
    if kind == "activation":
        case.update(activation_metadata(req, case["expected"]))
    case.setdefault("tolerance", DEFAULT_TOLERANCE[kind])
    # Cross-checks made by an earlier program are not recomputed here: drop them rather than keep stale ones.
    for stale in ("checks", "sensitivity"):
        case.pop(stale, None)
    case["generator"] = {"program": "tests/reference/generate/torch_reference.py", "torch": torch.__version__,
                         "mpmath": mpmath.__version__}
    return case


def compare_case(path):
    """Recomputes a case and prints the largest differences; True when within its tolerance."""
    case = refjson.read(path)
    req, stored = case["request"], case["expected"]
    got = answer(req, with_exact="y_exact" in stored)
    tol = case.get("tolerance", DEFAULT_TOLERANCE[req["op"]])
    ok, parts, identical = True, [], True
    for field, ref in stored.items():
        if field not in got:
            parts.append(f"{field}: not recomputed")
            continue
        d_abs, d_rel = refjson.max_difference(got[field], ref)
        identical &= d_abs == 0
        if req["op"] == "train":
            limit_ok = d_rel <= tol["loss_rel"] if "loss" in field else d_abs <= tol["params_abs"]
        else:
            limit_ok = all(abs(a - b) <= tol["abs"] + tol["rel"] * abs(b) or (math.isnan(a) and math.isnan(b)) or a == b
                           for a, b in zip(refjson.flatten(got[field]), refjson.flatten(ref))) and \
                len(refjson.flatten(got[field])) == len(refjson.flatten(ref))
        ok &= limit_ok
        if d_abs:
            parts.append(f"{field} {d_abs:.1e} abs / {d_rel:.1e} rel")
    status = "identical" if identical and ok else ("ok" if ok else "DIFFERS")
    print(f"{os.path.basename(path)}: {status}" + (f" ({'; '.join(parts)})" if parts else ""))
    return ok


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "check":
        results = [compare_case(p) for p in refjson.case_files("torch", rest)]
        print(f"{sum(results)} of {len(results)} cases reproduced within their tolerance")
        return 0 if all(results) else 1
    if cmd == "write":
        if not rest:
            refjson.fail("write: name the case files to rewrite")
        for p in refjson.case_files("torch", rest):
            refjson.write(p, build_case(refjson.read(p)))
            print(f"wrote {p}")
        return 0
    if cmd == "new":
        if len(rest) != 1:
            refjson.fail("new: give one case spec file")
        spec = refjson.read(rest[0])
        req = spec["request"]
        if "init" in spec:
            draw_initial_parameters(req, int(spec["init"]["seed"]))
        if req["op"] == "activation" and "x" not in req:
            _, entry, params = resolve(req["name"], req.get("params"))
            req["x"] = activation_points(entry.get("kinks", lambda p: [])(params), entry.get("switch", lambda p: [])(params),
                                         seed=spec.get("seed", 20240611))
            req["exact"] = True
        case = {"id": spec["id"], "kind": req["op"], "description": spec.get("description", ""), "request": req}
        if "tolerance" in spec:
            case["tolerance"] = spec["tolerance"]
        path = os.path.join(refjson.REFERENCE_DIR, "torch", spec["id"] + ".json")
        refjson.write(path, build_case(case))
        print(f"wrote {path}")
        return 0
    if cmd == "run":
        try:
            req = json.load(sys.stdin)
            res = [answer(r) for r in req] if isinstance(req, list) else answer(req)
        except (ValueError, KeyError, TypeError, RuntimeError) as e:
            print(json.dumps({"error": str(e)}))
            return 2
        print(json.dumps(refjson.encode(res)))
        return 0
    refjson.fail(f"unknown command {cmd!r}; try --help")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
