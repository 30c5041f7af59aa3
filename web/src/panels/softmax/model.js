// The numbers of the Softmax panel, without DOM: the chosen variant's values from the core
// (engine.softmax, which subtracts the maximum), the probabilities and log-probabilities
// beside them, their sum, and what the textbook formula gives when computed naively in
// doubles (to show the overflow the core avoids).

export const SOFTMAX_VARIANTS = ['softmax', 'log_softmax', 'softmin'];
export const MAX_SCORES = 10;
export const PRESETS = {
  example: [2, 1, 0.1],
  large: [1000, 1001, 1002],
  equal: [1, 1, 1, 1],
  spread: [4, 2, 0, -2, -4],
};

/**
 * scores (finite numbers), temperature > 0, variant -> {y: the variant's values, probs,
 * logProbs, sum (of probs), shift (the maximum the core subtracts, of s/T or -s/T), naive:
 * {probs, finite} (exp(s/T) / sum exp(s/T) computed directly)}.
 */
export function softmaxView(engine, scores, temperature, variant = 'softmax') {
  const y = Array.from(engine.softmax(scores, temperature, variant).y);
  // softmin(s) = softmax(-s): its probabilities and log-probabilities come from -s.
  const sign = variant === 'softmin' ? -1 : 1;
  const s = scores.map((v) => sign * v);
  const probs = Array.from(engine.softmax(s, temperature, 'softmax').y);
  const logProbs = Array.from(engine.softmax(s, temperature, 'log_softmax').y);
  const sum = probs.reduce((a, b) => a + b, 0);
  const scaled = s.map((v) => v / temperature);
  const shift = Math.max(...scaled);
  const e = scaled.map((v) => Math.exp(v));
  const total = e.reduce((a, b) => a + b, 0);
  const naive = e.map((v) => v / total);
  return { y, probs, logProbs, sum, shift, naive: { probs: naive, finite: naive.every(Number.isFinite), expMax: Math.exp(shift) } };
}
