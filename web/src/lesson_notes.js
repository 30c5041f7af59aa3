// Which of the lesson's points apply to which activation: saturation shape, dying neurons,
// the kink convention, plus the catalogue's own flags (zero-centred, uses exp, piecewise
// linear). It returns i18n keys with their placeholder values, never text, so the same
// table serves every language. It is not a description of the maths (the catalogue's TeX).

// sat:   'both' | 'hardBoth' | 'slow' | 'negative' | 'negHard' | 'positive' | 'middle' |
//        'leaky' | 'none' | 'flat' | 'grows'   (see the sat.* strings in i18n.js)
// dying: 'relu' (exactly flat somewhere) | 'leaky' (keeps a slope) | 'soft' (tiny slope)
// zc:    'partly' where outputs dip below 0 without being balanced (else the catalogue's flag)
// group: the section of the function picker
// fold:  what it does to the plane a layer gets, as the Regions layer view says (rg.ly.fold.*):
//        'relu' | 'leaky' | 'clip' | 'shrink' | 'identity' | 'jump' (the rest: 'curved')
const TRAITS = {
  identity: { group: 'classic', sat: 'none', fold: 'identity' },
  sigmoid: { group: 'classic', sat: 'both', extra: true },
  tanh: { group: 'classic', sat: 'both', extra: true },
  binary_step: { group: 'classic', sat: 'flat', kink: true, fold: 'jump' },
  relu: { group: 'relu', sat: 'negHard', dying: 'relu', kink: true, fold: 'relu' },
  leaky_relu: { group: 'relu', sat: 'leaky', dying: 'leaky', kink: true, fold: 'leaky' },
  prelu: { group: 'relu', sat: 'leaky', dying: 'leaky', kink: true, fold: 'leaky' },
  rrelu: { group: 'relu', sat: 'leaky', dying: 'leaky', kink: true, fold: 'leaky' },
  relu6: { group: 'relu', sat: 'hardBoth', dying: 'relu', kink: true, fold: 'clip' },
  threshold: { group: 'relu', sat: 'negHard', dying: 'relu', kink: true, fold: 'jump' },
  elu: { group: 'smooth', sat: 'negative', dying: 'soft', zc: 'partly', kink: true },
  selu: { group: 'smooth', sat: 'negative', dying: 'soft', zc: 'partly', kink: true },
  celu: { group: 'smooth', sat: 'negative', dying: 'soft', zc: 'partly', kink: true },
  gelu: { group: 'smooth', sat: 'negative', dying: 'soft', zc: 'partly' },
  gelu_tanh: { group: 'smooth', sat: 'negative', dying: 'soft', zc: 'partly' },
  silu: { group: 'smooth', sat: 'negative', dying: 'soft', zc: 'partly' },
  mish: { group: 'smooth', sat: 'negative', dying: 'soft', zc: 'partly' },
  softplus: { group: 'smooth', sat: 'negative', dying: 'soft', extra: true },
  squareplus: { group: 'smooth', sat: 'negative', dying: 'soft' },
  exponential: { group: 'smooth', sat: 'grows', extra: true },
  hardsigmoid: { group: 'hard', sat: 'hardBoth', kink: true, fold: 'clip' },
  hardtanh: { group: 'hard', sat: 'hardBoth', kink: true, fold: 'clip' },
  hardswish: { group: 'hard', sat: 'negHard', dying: 'relu', kink: true, zc: 'partly' },
  hard_sigmoid_keras2: { group: 'hard', sat: 'hardBoth', kink: true, fold: 'clip' },
  sparse_plus: { group: 'hard', sat: 'negHard', dying: 'relu', kink: true },
  sparse_sigmoid: { group: 'hard', sat: 'hardBoth', kink: true, fold: 'clip' },
  softsign: { group: 'other', sat: 'slow' },
  logsigmoid: { group: 'other', sat: 'positive' },
  softshrink: { group: 'other', sat: 'middle', kink: true, fold: 'shrink' },
  hardshrink: { group: 'other', sat: 'middle', kink: true, fold: 'jump' },
  tanhshrink: { group: 'other', sat: 'middle' },
};

export const GROUPS = ['classic', 'relu', 'smooth', 'hard', 'other'];

/** The picker group of a catalogue entry ('other' for names this table does not know). */
export function groupOf(name) {
  return TRAITS[name]?.group ?? 'other';
}

/** What an activation does to the plane a layer gets (the fold of TRAITS; 'curved' if none). */
export const foldOf = (name) => TRAITS[name]?.fold ?? 'curved';

function fmtParams(params) {
  const out = {};
  for (const [k, v] of Object.entries(params)) out[k] = String(Number(v.toPrecision(4)));
  return out;
}

/**
 * The lesson's points for one activation, as [{ key, vars }] in display order.
 * info: a catalogue entry from engine.activations(); params: current values by name;
 * hasKinks: whether the current curve has kinks.
 */
export function lessonPoints(info, params, hasKinks) {
  const tr = TRAITS[info.name] ?? {};
  const vars = fmtParams(params);
  if ('lower' in params && 'upper' in params) {
    vars.mean = String(Number(((params.lower + params.upper) / 2).toPrecision(4)));
  }
  const points = [];
  if (tr.sat) points.push({ key: `sat.${tr.sat}` });
  if (tr.extra) points.push({ key: `extra.${info.name}`, vars });
  if (info.name !== 'identity' && info.name !== 'exponential') {
    points.push({ key: info.zeroCentred ? 'zc.yes' : tr.zc === 'partly' ? 'zc.partly' : 'zc.no' });
  }
  if (tr.dying) points.push({ key: `dying.${tr.dying}` });
  points.push({ key: info.usesExp ? 'cost.exp' : 'cost.cheap' });
  if (info.piecewiseLinear && info.name !== 'identity') points.push({ key: 'pwl.note' });
  if (tr.kink) points.push({ key: `kink.${info.name}`, vars });
  else if (hasKinks) points.push({ key: 'kink.generic' });
  else points.push({ key: 'kink.smooth' });
  return points;
}
