// What the benchmarks share: a timing loop and the random ReLU nets they time.

// ms per call of fn: `warmup` calls first, then whole calls until minMs has passed.
export function msPerCall(fn, minMs, warmup = 0) {
  for (let i = 0; i < warmup; ++i) fn();
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    ++calls;
    t = performance.now();
  }
  return (t - t0) / calls;
}

// A seeded uniform generator in [0, 1) (mulberry32).
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A ReLU net with a linear output, drawn like torch nn.Linear (U(+-1/sqrt(fan_in))), seeded.
export function randomReluNet(layers, seed) {
  const rnd = mulberry32(seed);
  const weights = [], biases = [];
  for (let l = 0; l + 1 < layers.length; ++l) {
    const s = 1 / Math.sqrt(layers[l]);
    weights.push(Array.from({ length: layers[l + 1] }, () => Array.from({ length: layers[l] }, () => (2 * rnd() - 1) * s)));
    biases.push(Array.from({ length: layers[l + 1] }, () => (2 * rnd() - 1) * s));
  }
  return { layers, activation: 'relu', output: 'linear', weights, biases };
}
