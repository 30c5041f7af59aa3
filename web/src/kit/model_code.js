// model_code.js: a network (the "network fields" of design.md section 4) as text: a
// self-contained PyTorch script, or the normalised JSON body. The page's "Export PyTorch"
// and the command-line tool's op "export" both call exportModelCode(), so they write the
// same text for the same model. Pure text: the core validates the model and resolves each
// activation's canonical name and parameters; the numbers are written as JavaScript's
// shortest round-trip decimals, which Python reads back as the same doubles.

import { modelToSpec } from '../engine.js';

// Each catalogue activation as a PyTorch module: torch's class (nn.<Class>), or a small module
// of the script's own (CUSTOM, written as the core computes it). The parameters are passed by
// name: the catalogue's names are torch's, except PReLU's weight (init).
const TORCH = Object.fromEntries(('identity Identity,sigmoid Sigmoid,tanh Tanh,relu ReLU,leaky_relu LeakyReLU,rrelu RReLU,' +
  'relu6 ReLU6,elu ELU,selu SELU,celu CELU,gelu GELU,silu SiLU,mish Mish,softplus Softplus,softsign Softsign,' +
  'hardsigmoid Hardsigmoid,hardtanh Hardtanh,hardswish Hardswish,logsigmoid LogSigmoid,softshrink Softshrink,' +
  'hardshrink Hardshrink,tanhshrink Tanhshrink,threshold Threshold').split(',').map((e) => e.split(' ')));

function torchModule(name, p) {
  const args = Object.entries(p).map(([k, v]) => `${k}=${num(v)}`).join(', ');
  if (name === 'prelu') return `nn.PReLU(init=${num(p.weight)}, dtype=torch.float64).requires_grad_(False)`;
  if (name === 'gelu_tanh') return "nn.GELU(approximate='tanh')";
  return TORCH[name] ? `nn.${TORCH[name]}(${args})` : `${CUSTOM[name][0]}(${args})`;
}

const CUSTOM = {
  binary_step: ['BinaryStep', 'step: 1 where x >= 0, else 0', 'return (x >= 0).to(x.dtype)'],
  exponential: ['Exponential', 'exp(x)', 'return torch.exp(x)'],
  squareplus: ['Squareplus', '(x + sqrt(x^2 + b)) / 2; for x < 0 as b / (2 (r - x)), r = hypot(x, sqrt(b)), which does not cancel',
    'r = torch.hypot(x, torch.sqrt(torch.tensor(self.b, dtype=x.dtype)))\n        return torch.where(x < 0, self.b / (2 * (r - x)), 0.5 * x + 0.5 * r)', 'b'],
  sparse_plus: ['SparsePlus', '0 for x <= -1, (x + 1)^2 / 4 between, x for x >= 1',
    'return torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, x, (x + 1) * (x + 1) / 4))'],
  sparse_sigmoid: ['SparseSigmoid', '(x + 1) / 2 clipped to [0, 1]', 'return torch.clamp(0.5 * (x + 1), 0, 1)'],
  hard_sigmoid_keras2: ['HardSigmoidKeras2', 'Keras 2: 0.2 x + 0.5 clipped to [0, 1]', 'return torch.clamp(0.2 * x + 0.5, 0, 1)'],
};

const OUTPUT = { linear: null, sigmoid: 'nn.Sigmoid()', softmax: 'nn.Softmax(dim=1)' };

const FEATURE = { x1: 'x1', x2: 'x2', 'x1^2': 'x1 * x1', 'x2^2': 'x2 * x2', 'x1*x2': 'x1 * x2', 'sin(x1)': 'torch.sin(x1)', 'sin(x2)': 'torch.sin(x2)' };

// A double as Python reads it back exactly: the shortest round-trip decimal (-0 keeps its sign).
function num(v) {
  return Object.is(v, -0) ? '-0.0' : String(v);
}

const same = (list) => list.every((v) => JSON.stringify(v) === JSON.stringify(list[0]));

/**
 * The model checked by the core (throws CoreError like forward would) with canonical
 * activation names and every parameter resolved: {layers, features?, activation,
 * activation_params, output, weights, biases}; one name and one object when all hidden
 * layers agree, else one per hidden layer.
 */
export function normaliseModel(engine, model) {
  const spec = modelToSpec(model, true, engine.limits().maxLayerWidth);
  const features = spec.features?.length ? spec.features : null;   // [] reads the raw inputs, like none
  engine.forward(model, new Float64Array(features ? 2 : spec.layers[0]), { jacobians: false });
  const acts = spec.activations.map((name, l) => engine.evaluate(name, spec.activationParams[l], []));
  const names = acts.map((a) => a.name);
  const params = acts.map((a) => ({ ...a.params }));
  const out = { layers: spec.layers.slice() };
  if (features) out.features = features.slice();
  out.activation = names.length === 0 ? 'relu' : same(names) ? names[0] : names;
  out.activation_params = params.length === 0 ? {} : same(params) ? params[0] : params;
  // The output: linear, sigmoid, softmax or another catalogue activation (with its parameters).
  const output = ['linear', 'identity', 'none', 'softmax'].includes(spec.output) ? { name: spec.output === 'softmax' ? 'softmax' : 'identity', params: {} }
    : engine.evaluate(spec.output, spec.outputParams ?? {}, []);
  out.output = output.name === 'identity' ? 'linear' : output.name;
  if (Object.keys(output.params).length) out.output_params = { ...output.params };
  out.weights = model.weights;
  out.biases = model.biases;
  return out;
}

function matrix(rows, indent) {
  return `[\n${rows.map((r) => `${indent}    [${r.map(num).join(', ')}],`).join('\n')}\n${indent}]`;
}

/** The PyTorch script of a normalised model (see normaliseModel). */
export function pytorchScript(m) {
  const L = m.layers.length - 1;
  const names = Array.isArray(m.activation) ? m.activation : Array(L - 1).fill(m.activation);
  const params = Array.isArray(m.activation_params) ? m.activation_params : Array(L - 1).fill(m.activation_params);
  const d = m.features ? 2 : m.layers[0];
  const lines = [
    '# A network exported by Activation Lab as a PyTorch module (float64).',
    `# Layers ${m.layers.join(' -> ')}${m.features ? ` over the input features ${m.features.join(', ')}` : ''}; hidden activation${L > 2 ? 's' : ''}: ${L > 1 ? [...new Set(names)].join(', ') : 'none'}; output: ${m.output}.`,
    `# model(x) maps an [N][${d}] float64 tensor to the network's outputs (after the output activation).`,
    'import torch',
    'from torch import nn',
    '',
  ];
  const classes = (body) => lines.push(...body, '', '');
  if (m.features) {
    classes(['class Features(nn.Module):',
      `    """The inputs of layer 1 computed from (x1, x2): ${m.features.join(', ')}."""`,
      '    def forward(self, x):',
      '        x1, x2 = x[:, 0], x[:, 1]',
      `        return torch.stack([${m.features.map((f) => FEATURE[f]).join(', ')}], dim=1)`]);
  }
  for (const name of new Set([...names, m.output])) {
    const c = CUSTOM[name];
    if (!c) continue;
    const [cls, doc, body, arg] = c;
    classes([`class ${cls}(nn.Module):`, `    """${doc}"""`,
      ...(arg ? [`    def __init__(self, ${arg}):`, '        super().__init__()', `        self.${arg} = ${arg}`, ''] : []),
      '    def forward(self, x):', `        ${body}`]);
  }
  classes(['def linear(weight, bias):',
    '    """nn.Linear with the given weight (out x in) and bias, in float64."""',
    '    layer = nn.Linear(len(weight[0]), len(weight), dtype=torch.float64)',
    '    with torch.no_grad():',
    '        layer.weight.copy_(torch.tensor(weight, dtype=torch.float64))',
    '        layer.bias.copy_(torch.tensor(bias, dtype=torch.float64))',
    '    return layer']);
  const mods = [];
  if (m.features) mods.push('Features()');
  for (let l = 0; l < L; l++) {
    mods.push(`linear(${matrix(m.weights[l], '    ')}, [${m.biases[l].map(num).join(', ')}])`);
    if (l + 1 < L) mods.push(torchModule(names[l], params[l]));
  }
  if (m.output in OUTPUT) { if (OUTPUT[m.output]) mods.push(OUTPUT[m.output]); } else mods.push(torchModule(m.output, m.output_params ?? {}));
  lines.push('model = nn.Sequential(', ...mods.map((s) => `    ${s},`), ').eval()', '',
    "if __name__ == '__main__':",
    `    print(model(torch.zeros(1, ${d}, dtype=torch.float64)))`, '');
  return lines.join('\n');
}

/** The model as code: format 'pytorch' (a script defining `model`) or 'json' (the normalised body). */
export function exportModelCode(engine, model, format) {
  const m = normaliseModel(engine, model);
  return format === 'json' ? `${JSON.stringify(m, null, 1)}\n` : pytorchScript(m);
}
