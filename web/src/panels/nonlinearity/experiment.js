// Why non-linearity (issue 5, experiment 1): the same architecture trained on the circle data
// twice, once with the identity as every hidden activation and once with a non-linear one.
// Without activations the layers multiply out to one affine map x -> M x + c, so the decision
// boundary {M x + c = 0} is a straight line whatever the depth. Engine in, plain data out; a
// generator that yields progress so a page can run it in chunks and cancel it. No DOM.

export const NONLINEAR_CHOICES = ['tanh', 'relu', 'leaky_relu', 'sigmoid', 'gelu', 'elu', 'silu'];
export const NL_STEPS = 3000;          // Adam steps per network
export const NL_GRID = 96;             // heatmap resolution (pixels per side)
const CHUNK = 100;                     // steps per yield

/** Trainer config of one of the two networks: Adam, BCE on a sigmoid output. */
export function nonlinearityConfig({ depth, width, activation, seed }) {
  return {
    layers: [2, ...Array(depth).fill(width), 1],
    activation, output: 'sigmoid', loss: 'bce', optimizer: 'adam', lr: 0.01, batchSize: 16, shuffle: true, init: 'torch', seed,
  };
}

/**
 * The share of grid rows (of a W x H grid of probabilities, row 0 = top) whose sign change of
 * p - 1/2 lies within one pixel of the straight line M x + c = 0: 1 for any identity network,
 * less for a curved boundary. Returns { rows, onLine } over rows that cross the boundary.
 */
export function boundaryOnLine(grid, W, H, box, M, c) {
  const [x0, x1, y0, y1] = box;
  const dx = (x1 - x0) / (W - 1);
  let rows = 0;
  let onLine = 0;
  for (let r = 0; r < H; r++) {
    const y = y1 - ((y1 - y0) * r) / (H - 1);
    for (let k = 0; k + 1 < W; k++) {
      const a = grid[r * W + k] - 0.5;
      const b = grid[r * W + k + 1] - 0.5;
      if (a === 0 || Math.sign(a) === Math.sign(b)) continue;
      rows++;
      const xa = x0 + k * dx;
      // The line's x at this y (when it is not horizontal); within 1.5 pixels counts.
      if (Math.abs(M[0]) > 1e-12) {
        const xl = -(M[1] * y + c) / M[0];
        if (Math.abs(xl - (xa + dx / 2)) <= 1.5 * dx) onLine++;
      }
    }
  }
  return { rows, onLine };
}

function measure(trainer, box) {
  const s = trainer.stats();
  return {
    trainAccuracy: s.trainAccuracy, testAccuracy: s.testAccuracy, trainLoss: s.trainLoss,
    grid: trainer.grid(box, NL_GRID, NL_GRID),
    model: trainer.exportModel(),
  };
}

/**
 * The experiment. settings: { depth, width, activation, seed, steps }. Yields
 * { done, total } progress; returns { data, box, linear, nonlinear } where each side holds
 * accuracies, loss, the grid of probabilities (NL_GRID^2, row 0 = top) and the model, and
 * `linear` also { M, c, regions, line: boundaryOnLine(...) }.
 */
export function* nonlinearityRun(engine, settings) {
  const steps = settings.steps ?? NL_STEPS;
  const data = engine.makeDataset('circle', { n: 300, noise: 0.3, seed: settings.seed, testFraction: 0.3 });
  const box = data.box;
  const sides = [];
  try {
    for (const act of ['identity', settings.activation]) {
      sides.push(engine.createTrainer(nonlinearityConfig({ ...settings, activation: act }), data.train, data.test));
    }
    for (let done = 0; done < steps;) {
      const k = Math.min(CHUNK, steps - done);
      for (const tr of sides) tr.train(k);
      done += k;
      yield { done, total: steps };
    }
    const linear = measure(sides[0], box);
    const nonlinear = measure(sides[1], box);
    const { M, c } = engine.collapseIdentity(linear.model);   // M = W_L ... W_1, c the combined bias
    linear.M = M;
    linear.c = c;
    linear.regions = engine.regions(linear.model, box).patternRegions;
    linear.line = boundaryOnLine(linear.grid, NL_GRID, NL_GRID, box, M[0], c[0]);
    return { data, box, linear, nonlinear, settings: { ...settings, steps } };
  } finally {
    for (const tr of sides) tr.delete();
  }
}
