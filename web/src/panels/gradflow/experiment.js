// Gradient flow (issue 5, experiments 2 and 3): one deep network per activation, same data,
// same initialisation seed; the norm of the full-data gradient of each weight layer and the
// mean activation of each hidden layer, at initialisation and after training steps. Engine in,
// plain numbers out: no DOM, so node tests run it. It does not decide what to draw.

export const GRADFLOW_ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'gelu', 'elu', 'selu', 'silu', 'softplus', 'softsign', 'hardtanh', 'mish'];
export const GRADFLOW_INITS = ['torch', 'xavier', 'he'];
export const GRADFLOW_POINTS = 200;      // circle data set: 150 training points, 50 test

/** The trainer config of one gradient-flow network (plain SGD, BCE on a sigmoid output). */
export function gradflowConfig({ depth, width, activation, init = 'torch', seed = 1, lr = 0.1, batchSize = 20 }) {
  return {
    layers: [2, ...Array(depth).fill(width), 1],
    activation, output: 'sigmoid', loss: 'bce', optimizer: 'sgd', lr, batchSize, shuffle: true, init, seed,
  };
}

/** The data set every network of the experiment trains on (seeded). */
export function gradflowData(engine, seed = 1) {
  return engine.makeDataset('circle', { n: GRADFLOW_POINTS, noise: 0.3, seed, testFraction: 0.25 });
}

/**
 * One trainer's measurements: gradNorms per weight layer (layer 1 first), meanActivations per
 * hidden layer, ratio = layer-1 norm / last layer's norm, the full-data loss and accuracy.
 */
export function layerProfile(trainer) {
  const s = trainer.stats();
  const gradNorms = Array.from(s.gradNorms);
  const last = gradNorms[gradNorms.length - 1];
  return {
    gradNorms,
    meanActivations: Array.from(s.meanActivations),
    ratio: last > 0 ? gradNorms[0] / last : NaN,
    loss: s.trainLoss,
    accuracy: s.trainAccuracy,
  };
}

/**
 * The experiment: one network per activation. settings: { depth, width, activations[], init,
 * seed, lr }. Returns { runs: [{ activation, atInit, now, step, diverged }], train(steps),
 * delete() }; train() advances every network that has not diverged and refreshes `now`.
 */
export function createGradflow(engine, settings) {
  const data = gradflowData(engine, settings.seed);
  const runs = [];
  try {
    for (const activation of settings.activations) {
      const trainer = engine.createTrainer(gradflowConfig({ ...settings, activation }), data.train, data.test);
      const run = { activation, trainer, atInit: null, now: null, step: 0, diverged: '' };
      runs.push(run);  // pushed first, so the catch below deletes it if profiling throws
      run.atInit = run.now = layerProfile(trainer);
    }
  } catch (e) {
    for (const r of runs) r.trainer.delete();
    throw e;
  }
  return {
    runs,
    data,
    /** Trains every live network `steps` SGD steps and measures again. */
    train(steps) {
      for (const r of runs) {
        if (r.diverged) continue;
        const res = r.trainer.train(steps);
        r.step = res.step;
        if (res.diverged) r.diverged = res.message || 'diverged';
        r.now = layerProfile(r.trainer);
      }
    },
    delete() {
      for (const r of runs) r.trainer.delete();
      runs.length = 0;
    },
  };
}
