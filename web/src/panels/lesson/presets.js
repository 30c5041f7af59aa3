// The settings the guided lesson opens its panels in, as patches of the URL state (state.js
// FIELDS). bench/lesson_presets.mjs runs each of them over many seeds; the README's claims
// table and the spreads quoted in the lesson's text come from that script. No DOM.

export const LESSON_PRESETS = {
  // Why non-linearity: the panel's default net, and the deep narrow one that fails with tanh
  linear: { nld: 2, nlw: 8, nlact: 'tanh', nlseed: 1 },
  deepTanh: { nld: 8, nlw: 32, nlact: 'tanh', nlseed: 1 },
  deepRelu: { nld: 8, nlw: 32, nlact: 'relu', nlseed: 1 },
  // Gradient flow at PyTorch's default initialisation, and with He initialisation
  saturate: { gfd: 10, gfw: 16, gfact: ['sigmoid', 'tanh', 'relu'], gfinit: 'torch', gfseed: 1 },
  saturateHe: { gfd: 10, gfw: 16, gfact: ['sigmoid', 'tanh', 'relu'], gfinit: 'he', gfseed: 1 },
  centred: { gfd: 10, gfw: 16, gfact: ['sigmoid', 'tanh'], gfinit: 'torch', gfseed: 1 },
  // Convergence: 2 hidden layers (the claim holds) and 6 (it does not, at this initialisation)
  converge: { cvact: ['relu', 'tanh', 'sigmoid'], cvn: 5, cvd: 2, cvlr: 0.1, cvtarget: 0.1, cvcap: 300 },
  convergeDeep: { cvact: ['relu', 'tanh', 'sigmoid'], cvn: 5, cvd: 6, cvlr: 0.1, cvtarget: 0.1, cvcap: 300 },
  // Dead ReLUs: circle, 2-16-16-1, plain SGD, batches of 10, PyTorch's initialisation, 2,000 steps
  dead: { dds: 'circle', dlr: 1.25, dseed: 23, dseeds: 5 },
  // Linear regions of the Regions panel's own small ReLU network
  regions: { rsrc: 'own', rds: 'circle', ract: 'relu', rw: 8, rd: 2, rseed: 1 },
  softmax: { sms: [2, 1, 0.1], smt: 1, smv: 'softmax' },
};
