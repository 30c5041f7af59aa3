// TypeScript declarations of the npm package's engine (`import { createEngine } from
// 'activation-lab'`): web/src/engine.js with the WebAssembly core built in. Written by hand
// from the API comment at the top of web/src/engine.js; keep the two in step.
// Arrays the core returns are Float64Array / Int32Array / Float32Array copies unless a
// method says "view" (a view into WebAssembly memory: use it before calling the engine again).

/** Numbers in: a plain array or any typed array (copied to Float64Array). */
export type Numbers = ArrayLike<number>;

/** The one error type: a bad setting or input, with a stable code, named details and an English message. */
export class CoreError extends Error {
  constructor(message: string, code?: string, details?: Record<string, unknown>);
  readonly name: 'CoreError';
  /** Stable id, e.g. 'lr_invalid', 'diverged', 'not_piecewise_linear'. */
  code: string;
  /** Named values of the message, e.g. {step: 120, value: Infinity}. */
  details: Record<string, unknown>;
}

/** The errors the engine raises itself (a JS value of the wrong shape), code -> English template. */
export declare const ENGINE_ERRORS: Readonly<Record<string, string>>;

// ---- Facts the core owns

export interface ActivationParam {
  name: string;
  default: number;
  /** The accepted range. */
  min: number;
  max: number;
  /** The range a slider offers. */
  sliderMin: number;
  sliderMax: number;
  aliases: string[];
}

/** One entry of the activation catalogue. */
export interface Activation {
  name: string;
  aliases: string[];
  params: ActivationParam[];
  /** Where the definition comes from, e.g. the PyTorch function. */
  source: string;
  formulaTex: string;
  derivativeTex: string;
  /** Continuous and piecewise linear: the exact region code partitions it. */
  piecewiseLinear: boolean;
  zeroCentred: boolean;
  usesExp: boolean;
  /** f'(x) = 0 for every x < 0 (a neuron can die). */
  flatBelowZero: boolean;
}

export interface DatasetInfo {
  name: string;
  kind: 'classification' | 'regression';
  classes: number;
  inputs: number;
  box: number[];
}

export interface Limits {
  maxLayerWidth: number;
  maxTrainSteps: number;
  maxBatchSize: number;
  maxGridSide: number;
  minDatasetPoints: number;
  maxDatasetPoints: number;
  maxNoise: number;
  maxDataDim: number;
  maxClasses: number;
  maxSoftmaxJacobian: number;
  /** [min, max] of every input axis of the data sets. */
  dataBox: [number, number];
}

// ---- Networks and data

/** Activation parameters by name, e.g. {negative_slope: 0.1}. */
export type ActivationParams = Record<string, number>;

/**
 * A network in the project's JSON fields (weights[l][out][in], biases[l][out]). Without
 * weights and biases (createTrainer) they are drawn by the initialiser.
 */
export interface Model {
  layers: number[];
  /** One name for every hidden layer, or one per hidden layer. Default 'relu'. */
  activation?: string | string[];
  activation_params?: ActivationParams | ActivationParams[];
  /** Default 'linear'; any other activation of the catalogue is applied to each logit. */
  output?: string;
  /** Parameters of an output activation of the catalogue. */
  output_params?: ActivationParams;
  /** Layer 1's inputs computed from two raw inputs: 'x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'. */
  features?: string[];
  weights?: number[][][];
  biases?: number[][];
}

/** A full model, as exportModel() returns it. */
export interface ExportedModel extends Model {
  activation: string | string[];
  activation_params: ActivationParams | ActivationParams[];
  output: string;
  weights: number[][][];
  biases: number[][];
}

/** Points: x holds n * inputs numbers (row-major); y the labels (classification) or targets. */
export interface Data {
  x: Numbers;
  y: Numbers;
  n?: number;
}

export interface Dataset {
  name: string;
  kind: 'classification' | 'regression';
  inputs: number;
  classes: number;
  train: { x: Float64Array; y: Float64Array; n: number };
  test: { x: Float64Array; y: Float64Array; n: number };
  box: number[];
}

export interface DatasetOptions {
  /** Points in all, before the split. Default 500. */
  n?: number;
  /** Standard deviation of the jitter, in input units. Default 0.5. */
  noise?: number;
  seed?: number;
  /** Share of the points held out as the test set. Default 0.5. */
  testFraction?: number;
}

/** Training settings (the page's names). */
export interface TrainSettings {
  loss?: 'mse' | 'bce' | 'cross_entropy';
  optimizer?: 'sgd' | 'momentum' | 'adam';
  lr?: number;
  momentum?: number;
  nesterov?: boolean;
  l2?: number;
  l2Biases?: boolean;
  batchSize?: number;
  shuffle?: boolean;
  /** Batches within an epoch ('epoch': the last batch may be short) or wrapping around ('wrap'). */
  batching?: 'epoch' | 'wrap';
  /** How binary cross-entropy is computed: from logits (stable) or from probabilities. */
  bceImpl?: 'logits' | 'probs';
  eps?: number;
  betas?: [number, number];
  /** The shuffling seed. */
  seed?: number;
  shuffleSeed?: number;
}

/** A trainer's configuration: the network, its initialisation and the training settings. */
export interface TrainerConfig extends TrainSettings {
  layers: number[];
  activation?: string | string[];
  activationParams?: ActivationParams | ActivationParams[];
  output?: 'linear' | 'sigmoid' | 'softmax';
  init?: 'torch' | 'xavier' | 'he' | 'default' | 'xavier_uniform' | 'glorot' | 'he_normal' | 'kaiming';
  /** Number of classes when the loss is a classification loss (default: from the output layer). */
  classes?: number;
}

// ---- Results

export interface Evaluation {
  name: string;
  params: ActivationParams;
  y: Float64Array;
  dy: Float64Array;
  /** Inputs where the function or its slope jumps. */
  kinks: Float64Array;
}

export interface SoftmaxResult {
  /** rows * k values. */
  y: Float64Array;
  /** rows * k * k: the Jacobian of each row. */
  jacobian: Float64Array;
  rows: number;
  k: number;
}

export interface ActivationTiming {
  forwardNs: number;
  backwardNs: number;
  samples: number;
}

export interface ForwardResult {
  n: number;
  outputs: Float64Array;
  logits: Float64Array;
  hiddenPre: Float64Array;
  hiddenAct: Float64Array;
  jacobian: Float64Array;
  jacobianLogits: Float64Array;
  localOffset: Float64Array;
}

export interface TrainRunResult {
  initialLoss: number;
  initialGrads: Float64Array;
  lossHistory: Float64Array;
  l2History: Float64Array;
  params: Float64Array;
  finalLoss: number;
  finalOutputs: Float64Array;
}

export interface IdentityProduct {
  /** outputs x inputs, row-major. */
  A: number[];
  /** The same as rows. */
  M: number[][];
  c: number[];
  inputs: number;
  outputs: number;
}

/** Exact linear regions of a 2-input network (see cpp/include/alab/regions.h). */
export interface Regions2D {
  inputs: 2;
  patternRegions: number;
  affinePieces: number;
  neurons: number;
  outputs: number;
  boxArea: number;
  totalArea: number;
  maxVertices: number;
  /** One string per region: a char per hidden neuron, '0' + the piece it is in. */
  patterns: string[];
  /** Region r's polygon is vertices vertexStart[r] .. vertexStart[r+1]-1, counter-clockwise. */
  vertexStart: Int32Array;
  /** x0, y0, x1, y1, ... */
  vertices: Float64Array;
  area: Float64Array;
  /** cx0, cy0, cx1, cy1, ... */
  centroid: Float64Array;
  /** A[(r * outputs + o) * 2 + i] = d logit_o / d x_i on region r. */
  A: Float64Array;
  /** c[r * outputs + o]. */
  c: Float64Array;
  /** The affine piece (cells with equal maps sharing an edge) of each region. */
  piece: Int32Array;
  /** With {perLayer: true}: the cells after hidden layers 1..k (the last is patternRegions). */
  cellsPerLayer?: number[];
  /** With {perLayer: true}: Serra et al. (2018, Theorem 1)'s bound for the inputs and widths. */
  upperBound?: bigint;
}

/** Exact linear regions of a 1-input network: intervals. */
export interface Regions1D {
  inputs: 1;
  patternRegions: number;
  affinePieces: number;
  neurons: number;
  outputs: number;
  patterns: string[];
  /** Interval i is [bounds[i], bounds[i+1]]. */
  bounds: Float64Array;
  /** Where the pattern changes. */
  breakpoints: Float64Array;
  /** Where the map (a, c) changes. */
  kinks: Float64Array;
  /** logit_o = a[i * outputs + o] * x + c[i * outputs + o] on interval i. */
  a: Float64Array;
  c: Float64Array;
  piece: Int32Array;
  /** With {perLayer: true}: the intervals after hidden layers 1..k (the last is patternRegions). */
  cellsPerLayer?: number[];
  /** With {perLayer: true}: Serra et al. (2018, Theorem 1)'s bound for 1 input and the widths. */
  upperBound?: bigint;
}

export type Regions = Regions1D | Regions2D;

/** A partition computed over several calls (engine.regionsJob). */
export interface RegionsJob {
  /** progress: share of the box in finished cells; result once done. */
  step(budgetMs?: number): { done: boolean; progress: number; result?: Regions };
  cancel(): void;
}

export interface RegionOptions {
  /** Fail with a CoreError instead of enumerating more cells than this. */
  maxRegions?: number;
  /** Also count the cells after each hidden layer and give the upper bound (cellsPerLayer, upperBound). */
  perLayer?: boolean;
}

/** The cell of one point: its pattern and the local map logits = A x + c. */
export interface PointRegion {
  pattern: string;
  /** Index of the cell in the last regions() partition (a trainer's), else -1. */
  region: number;
  A: Float64Array;
  c: Float64Array;
  logits: Float64Array;
  inputs: number;
  outputs: number;
}

/** Where the pattern changes along a segment a -> b (t in 0..1), and the map of each piece. */
export interface SegmentCrossings {
  t: Float64Array;
  patterns: string[];
  neurons: number;
  A: Float64Array;
  c: Float64Array;
  inputs: number;
  outputs: number;
}

export interface TrainResult {
  losses: Float64Array;
  diverged: boolean;
  /** The divergence as a CoreError, else null. */
  error: CoreError | null;
  message: string;
  step: number;
  epoch: number;
}

export interface TrainerStats {
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** Per hidden neuron: how many training points switch it on. */
  activeCounts: Int32Array;
  gradNorms: Float64Array;
  meanActivations: Float64Array;
  hiddenSizes: number[];
  /** Share of hidden neurons no training point switches on. */
  deadShare: number;
}

/** A network being trained; call delete() when done (it owns WebAssembly memory). */
export interface Trainer {
  readonly hiddenSizes: number[];
  readonly layers: number[];
  /** Runs `steps` optimizer steps. */
  train(steps: number): TrainResult;
  setConfig(partial: TrainSettings): void;
  stats(): TrainerStats;
  /** Outputs on a w x h grid of box [xmin, xmax, ymin, ymax], row 0 at the top (a copy). */
  grid(box: Numbers, w: number, h: number): Float32Array;
  /** grid() without the copy (a view), with every neuron's value when allNeurons is true. */
  gridView(box: Numbers, w: number, h: number, allNeurons?: boolean): Float32Array;
  /** m outputs along x0 .. x1 (1-input networks). */
  curve(x0: number, x1: number, m: number): Float32Array;
  predict(x: Numbers): Float64Array;
  /** Flat parameters: per layer the weights row-major, then the biases. */
  params(): Float64Array;
  /** Replaces the parameters (same layout as params(), all finite); clears the optimizer's state. */
  setParams(params: Numbers): void;
  exportModel(): ExportedModel;
  regions(box: Numbers): Regions;
  regionAt(x: Numbers): PointRegion;
  segment(a: Numbers, b: Numbers): SegmentCrossings;
  delete(): void;
}

/** The engine: every method throws CoreError on bad input. */
export interface Engine {
  /** The Emscripten module underneath (embind functions; not a stable API). */
  readonly module: unknown;

  /** Every activation of the catalogue. */
  activations(): Activation[];
  /** Names of the activations the exact region code partitions. */
  piecewiseLinear(): Set<string>;
  /** Names of the activations whose slope is 0 for every negative input. */
  flatBelowZero(): Set<string>;
  limits(): Limits;
  /** The box every data set lies in: [xmin, xmax, ymin, ymax] for 2 inputs, [xmin, xmax] for 1. */
  dataBox(inputs?: 1 | 2): number[];
  /** Every code a CoreError can carry, with its English template. */
  errorCodes(): { code: string; message: string }[];

  /** f and f' of one activation over a whole array. */
  evaluate(name: string, params: ActivationParams | null | undefined, xs: Numbers): Evaluation;
  /** softmax, log_softmax or softmin of one vector or of rows, with temperature. */
  softmax(scores: Numbers | Numbers[], temperature?: number, variant?: 'softmax' | 'log_softmax' | 'softmin'): SoftmaxResult;
  /** Nanoseconds per element of f and f', measured by the core here. */
  timeActivation(name: string, params?: ActivationParams, options?: { n?: number; samples?: number; minMs?: number }): ActivationTiming;
  /** Forward pass of a model on x (n * inputs numbers), every intermediate. */
  forward(model: Model, x: Numbers, options?: { jacobians?: boolean }): ForwardResult;
  /** One whole training run (data as {x, y, n, inputs, classes, targetDim}). */
  trainRun(model: Model, config: TrainSettings, data: object, steps: number): TrainRunResult;
  /** The layers of an all-identity network multiplied out. */
  collapseIdentity(model: Model): IdentityProduct;
  /** Exact linear regions of a piecewise-linear net over box [xmin, xmax, ymin, ymax] or [xmin, xmax]. */
  regions(model: Model, box: Numbers, options?: RegionOptions): Regions;
  /**
   * regions() a slice at a time, for callers with a frame budget: step(budgetMs) works for
   * about budgetMs; the first step does a fixed amount of work. The job keeps its own copy of
   * the net. cancel() frees it early.
   */
  regionsJob(model: Model, box: Numbers, options?: { maxRegions?: number }): RegionsJob;
  /** The region of point x (region is -1: no partition to index into). */
  regionAt(model: Model, x: Numbers): PointRegion;
  /**
   * Where the pattern changes along a + t (b - a): t in (0, 1) ascending (t.length + 1 pieces).
   * With {maps: false}, A and c are empty: the pieces' maps are not computed.
   */
  segment(model: Model, a: Numbers, b: Numbers, options?: { maps?: boolean }): SegmentCrossings;
  /**
   * The bound of Serra, Tjandraatmadja and Ramalingam (2018, Theorem 1) on the regions of a
   * ReLU net with `inputs` inputs (1 to 1024) and hidden widths n_1..n_L: the sum over
   * 0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l) of prod_l C(n_l, j_l), exact.
   */
  regionsUpperBound(inputs: number, widths: Numbers): bigint;
  /** The command-line tool's regions answer as UTF-8 JSON text (reference README section 9). */
  regionsJson(model: Model, box: Numbers, options?: RegionOptions): Uint8Array;
  /** The toy data sets, in display order. */
  datasets(): DatasetInfo[];
  /** A seeded data set with a train/test split. */
  makeDataset(name: string, options?: DatasetOptions): Dataset;
  createTrainer(config: TrainerConfig, train: Data, test?: Data): Trainer;
  createTrainerFromModel(model: Model, config: TrainSettings & { classes?: number }, train: Data, test?: Data): Trainer;
}

/** The Emscripten factory of the core (what core.js / core.mjs export). */
export type CoreModuleFactory = (moduleOptions?: object) => Promise<unknown>;

/**
 * Loads the WebAssembly core and returns the engine. With no arguments it uses the core
 * built into this package; `factory` may be another build's createCoreModule.
 */
export function createEngine(factory?: CoreModuleFactory, moduleOptions?: object): Promise<Engine>;

/** The core built into this package (its Emscripten factory). */
export declare const createCoreModule: CoreModuleFactory;

/** Network fields -> the core's flat spec (checks every shape; throws CoreError). */
export function modelToSpec(model: Model, needParams?: boolean, maxWidth?: number): object;

/** Flat parameters (per layer W row-major, then b) -> nested weights and biases. */
export function paramsToLayers(layers: number[], params: ArrayLike<number> & { subarray(start: number, end: number): ArrayLike<number> }): {
  weights: number[][][];
  biases: number[][];
};
