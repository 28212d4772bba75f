// nnbook.js: the chapter's sigmoid neuron in the browser, for the playground.
//
// A port of the parts of nnbook (Python and NumPy) that the playground runs, with no
// dependencies. tests/browser/test_playground_port.py holds it to nnbook in Chromium:
// the same seed gives the same initial weights bit for bit, and training agrees with
// nnbook to a relative 1e-9 (they differ by rounding alone: Math.exp is not NumPy's exp,
// and NumPy's BLAS may add a product's terms in another order than the index order here).
//
// Shapes: `inputs` is a list of rows, one per example; `targets` and `weights` are flat
// lists of numbers (nnbook's columns y and w); results are Float64Arrays.
//
//     import { settingsFor, train } from "./nnbook.js";
//     const { weights, outputs, errors } = train(settingsFor({ data: "chapter", seed: 1 }));

// ---------------------------------------------------------------------------------------
// Random initial weights: NumPy's legacy Mersenne Twister
// ---------------------------------------------------------------------------------------

const N = 624;                 // words of state
const M = 397;                 // the twist's offset
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** The largest seed `np.random.RandomState` takes as an integer: 2**32 - 1. */
export const SEED_MAX = 2 ** 32 - 1;

/**
 * `np.random.RandomState(seed)` for an integer seed: MT19937 seeded as NumPy's
 * `mt19937_seed` does (the reference `init_genrand`), drawing as NumPy draws.
 */
export class RandomState {
  #key = new Uint32Array(N);
  #pos = N;

  constructor(seed) {
    if (!Number.isInteger(seed) || seed < 0 || seed > SEED_MAX) {
      throw new RangeError(`seed must be an integer from 0 to 2**32 - 1, got ${seed}`);
    }
    // Knuth's multiplier. Math.imul multiplies modulo 2**32, as C's uint32_t does.
    let s = seed;
    for (let pos = 0; pos < N; pos++) {
      this.#key[pos] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + pos + 1) >>> 0;
    }
  }

  /** Refill the state: the twist of `mt19937_gen`, its three loops as one. */
  #twist() {
    const key = this.#key;
    for (let i = 0; i < N; i++) {
      const y = (key[i] & UPPER_MASK) | (key[(i + 1) % N] & LOWER_MASK);
      key[i] = key[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.#pos = 0;
  }

  /** The next 32-bit word (`genrand_int32`), tempered. */
  nextUint32() {
    if (this.#pos === N) this.#twist();
    let y = this.#key[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits (`random_sample`, `genrand_res53`). */
  randomSample() {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A double in [low, high), as `RandomState.uniform` computes it. */
  uniform(low = 0, high = 1) {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError("uniform: range exceeds valid bounds");
    return low + range * this.randomSample();
  }
}

/**
 * Random initial weights, uniform in [-1, 1), one per input: nnbook's `init_weights`,
 * `RandomState(seed).uniform(-1, 1, size=(n, 1))`, flattened. Weights are drawn in
 * order, so the first two of `n = 3` are those of `n = 2`.
 */
export function initWeights(seed, n = 3) {
  const random = new RandomState(seed);
  return Float64Array.from({ length: n }, () => random.uniform(-1, 1));
}

// ---------------------------------------------------------------------------------------
// The data sets and the chapter's run
// ---------------------------------------------------------------------------------------

const frozen = (rows) => Object.freeze(rows.map((row) => Object.freeze(row)));

/**
 * The data sets, by name: each with its examples (`inputs`, one row each), their
 * `targets`, and the `newInput` the trained neuron is asked about.
 */
export const DATASETS = Object.freeze({
  // The chapter's table: the target is the first input; the third is always 1.
  chapter: Object.freeze({
    inputs: frozen([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]]),
    targets: Object.freeze([0, 1, 1, 0]),
    newInput: Object.freeze([1, 0, 0]),
  }),
  // Exclusive or of the first two inputs, with the same constant third input:
  // no single neuron can learn it.
  xor: Object.freeze({
    inputs: frozen([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]),
    targets: Object.freeze([0, 1, 1, 0]),
    newInput: Object.freeze([1, 0, 1]),
  }),
  // The chapter's table without its constant input: no bias, so φ(0) = ½ for [0, 0].
  "no-constant": Object.freeze({
    inputs: frozen([[0, 0], [1, 1], [1, 0], [0, 1]]),
    targets: Object.freeze([0, 1, 1, 0]),
    newInput: Object.freeze([1, 0]),
  }),
});

/** The chapter's run, as nnbook's `CHAPTER`: seed 1, 50,000 epochs, learning rate 0.9. */
export const CHAPTER = Object.freeze({ data: "chapter", seed: 1, epochs: 50_000, alpha: 0.9 });

/**
 * The settings `train` and `createRun` take, for a named data set and a seed: its
 * inputs and targets, and `initWeights(seed)` for as many inputs as it has.
 */
export function settingsFor({ data = CHAPTER.data, seed = CHAPTER.seed, epochs = CHAPTER.epochs,
                              alpha = CHAPTER.alpha, derivative = "z" } = {}) {
  if (!Object.hasOwn(DATASETS, data)) {
    throw new RangeError(`data must be one of ${Object.keys(DATASETS).join(", ")}, got ${data}`);
  }
  const { inputs, targets } = DATASETS[data];
  const weights = initWeights(seed, inputs[0].length);
  return { inputs, targets, weights, epochs, alpha, derivative };
}

// ---------------------------------------------------------------------------------------
// The neuron: ŷ = φ(Xw), trained by full-batch gradient descent
// ---------------------------------------------------------------------------------------

/** The sigmoid φ(z) = 1 / (1 + e^-z). */
export function sigmoid(z) {
  return 1 / (1 + Math.exp(-z));
}

/** Inputs as one row-major Float64Array of examples × features, checked. */
function matrix(inputs) {
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every(Array.isArray)) {
    throw new TypeError("inputs must be a non-empty list of rows, one per example");
  }
  const features = inputs[0].length;
  if (features === 0 || inputs.some((row) => row.length !== features)) {
    throw new RangeError(`inputs: every row must have the same number (> 0) of inputs`);
  }
  return { X: numbers("inputs", inputs.flat()), examples: inputs.length, features };
}

/** A list of finite numbers as a new Float64Array, of `length` if given. */
function numbers(name, values, length = values?.length) {
  if (values?.length !== length) {
    throw new RangeError(`${name} must have ${length} numbers, got ${values?.length}`);
  }
  if (!Array.from(values).every((value) => Number.isFinite(value))) {
    throw new TypeError(`${name} must be finite numbers, got ${Array.from(values)}`);
  }
  return Float64Array.from(values);
}

/** z = Xw of each example: its inputs times the weights, summed in order. */
function weightedSums(X, w, examples, features, z) {
  for (let i = 0; i < examples; i++) {
    let sum = 0;
    for (let j = 0; j < features; j++) sum += X[i * features + j] * w[j];
    z[i] = sum;
  }
  return z;
}

/** The neuron's outputs ŷ = φ(Xw), one per example. */
export function predict(inputs, weights) {
  const { X, examples, features } = matrix(inputs);
  const w = numbers("weights", weights, features);
  return weightedSums(X, w, examples, features, new Float64Array(examples)).map(sigmoid);
}

/** COST = ½ Σ (ŷ - y)² of the weights on the examples: half the sum of squares. */
export function cost(inputs, targets, weights) {
  const yHat = predict(inputs, weights);
  const y = numbers("targets", targets, yHat.length);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (yHat[i] - y[i]) ** 2;
  return 0.5 * sum;
}

/** COST before each epoch's step, from the recorded errors (nnbook's `TrainingResult.costs`). */
export function costs(errors, examples) {
  if (!Number.isInteger(examples) || examples < 1 || errors.length % examples !== 0) {
    throw new RangeError(`costs: ${errors.length} errors are not whole epochs of ${examples}`);
  }
  const result = new Float64Array(errors.length / examples);
  for (let epoch = 0; epoch < result.length; epoch++) {
    let sum = 0;
    for (let i = 0; i < examples; i++) sum += errors[epoch * examples + i] ** 2;
    result[epoch] = 0.5 * sum;
  }
  return result;
}

/** Where the step takes the sigmoid's derivative: the `derivative` of a run's settings. */
export const DERIVATIVES = Object.freeze({
  z: "at z, φ'(z) = ŷ (1 - ŷ): the chapter's equations and nnbook.train",
  output: "at the outputs, φ(ŷ) (1 - φ(ŷ)): the original notebook's slip",
});

/** The most epochs a run takes, as nnbook's `MAX_EPOCHS`. */
export const MAX_EPOCHS = 1_000_000;

/**
 * Training that advances in slices, so that a page stays responsive: `run.step(1000)`
 * trains 1,000 more epochs (fewer if fewer are left). Made by `createRun`.
 */
class Run {
  // Inputs (row-major), targets, weights, α times the inputs; then the outputs ŷ,
  // the errors Δ, what Xᵀ multiplies in the step, every recorded error, epochs done.
  #X; #y; #w; #alphaX; #yHat; #delta; #g; #errors; #epoch = 0;

  constructor({ inputs, targets, weights, epochs, alpha, derivative = "z" }) {
    const { X, examples, features } = matrix(inputs);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_EPOCHS) {
      throw new RangeError(`epochs must be a whole number from 1 to ${MAX_EPOCHS}, got ${epochs}`);
    }
    if (!Number.isFinite(alpha) || alpha <= 0) {
      throw new RangeError(`alpha must be a positive finite number, got ${alpha}`);
    }
    if (!Object.hasOwn(DERIVATIVES, derivative)) {
      throw new RangeError(`derivative must be "z" or "output", got ${derivative}`);
    }
    // What the run is made of, read-only: examples, features, epochs, alpha, derivative.
    for (const [name, value] of Object.entries({ examples, features, epochs, alpha, derivative })) {
      Object.defineProperty(this, name, { value, enumerable: true });
    }
    this.#X = X;
    this.#y = numbers("targets", targets, examples);
    this.#w = numbers("weights", weights, features);
    // nnbook writes α Xᵀ @ v, which NumPy reads as (α Xᵀ) @ v: α times each input first.
    this.#alphaX = X.map((x) => alpha * x);
    this.#yHat = new Float64Array(examples);
    this.#delta = new Float64Array(examples);
    this.#g = new Float64Array(examples);
    this.#errors = new Float64Array(epochs * examples);
  }

  /** Epochs trained so far. */
  get epoch() {
    return this.#epoch;
  }

  /** Whether every epoch is trained. */
  get done() {
    return this.#epoch === this.epochs;
  }

  /** The current weights (a copy). Too large an alpha can take them to ±Infinity or NaN. */
  get weights() {
    return this.#w.slice();
  }

  /** ŷ - y of every example before each epoch trained so far, epoch by epoch (a view). */
  get errors() {
    return this.#errors.subarray(0, this.#epoch * this.examples);
  }

  /** The outputs ŷ = φ(Xw) of the current weights. */
  get outputs() {
    const { examples, features } = this;
    return weightedSums(this.#X, this.#w, examples, features, new Float64Array(examples))
      .map(sigmoid);
  }

  /** Train `count` more epochs, or as many as are left; returns the run. */
  step(count = 1) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`step: count must be a whole number >= 0, got ${count}`);
    }
    const last = Math.min(this.#epoch + count, this.epochs);
    const atZ = this.derivative === "z";
    for (let epoch = this.#epoch; epoch < last; epoch++) {
      this.#forward(epoch);
      if (atZ) this.#stepAtZ(); else this.#stepAtOutputs();
    }
    this.#epoch = last;
    return this;
  }

  /**
   * Train whatever epochs are left; returns the final `weights`, their `outputs`, and
   * all the `errors` (the run's own array: epochs × examples, epoch by epoch).
   */
  finish() {
    this.step(this.epochs - this.#epoch);
    return { weights: this.weights, outputs: this.outputs, errors: this.#errors };
  }

  /** The forward pass ŷ = φ(Xw) and the errors Δ = ŷ - y, recorded before the step. */
  #forward(epoch) {
    const m = this.examples, yHat = this.#yHat, delta = this.#delta;
    weightedSums(this.#X, this.#w, m, this.features, yHat);
    for (let i = 0; i < m; i++) {
      yHat[i] = sigmoid(yHat[i]);
      delta[i] = yHat[i] - this.#y[i];
      this.#errors[epoch * m + i] = delta[i];
    }
  }

  /** nnbook.train's step, w ← w - α Xᵀ[Δ ŷ (1 - ŷ)], in NumPy's order of operations. */
  #stepAtZ() {
    const m = this.examples, n = this.features, yHat = this.#yHat, g = this.#g;
    for (let i = 0; i < m; i++) g[i] = this.#delta[i] * yHat[i] * (1 - yHat[i]);
    for (let j = 0; j < n; j++) {
      let sum = 0;                                    // (α Xᵀ) @ g, as NumPy reads α * X.T @ g
      for (let i = 0; i < m; i++) sum += this.#alphaX[i * n + j] * g[i];
      this.#w[j] = this.#w[j] - sum;
    }
  }

  /**
   * The original notebook's step, slip included: its sigmoid_prime(outputs) is
   * φ(ŷ) (1 - φ(ŷ)) where the equations take φ'(z) = ŷ (1 - ŷ); then w ← w - α (Xᵀ deltaw).
   */
  #stepAtOutputs() {
    const m = this.examples, n = this.features, yHat = this.#yHat, g = this.#g;
    for (let i = 0; i < m; i++) {
      const phi = sigmoid(yHat[i]);
      g[i] = this.#delta[i] * (phi * (1 - phi));
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += this.#X[i * n + j] * g[i];
      this.#w[j] = this.#w[j] - this.alpha * sum;
    }
  }
}

/**
 * A training run to advance in slices: `{ inputs, targets, weights, epochs, alpha,
 * derivative }`, with `derivative` "z" (nnbook.train, the default) or "output" (the
 * original notebook's loop). See `Run` for what it exposes.
 */
export function createRun(settings) {
  return new Run(settings);
}

/**
 * Train at once: nnbook's `train` (derivative "z") or the original notebook's
 * `train_nn` (derivative "output"). Returns the final `weights`, their `outputs`
 * φ(Xw), and the `errors` ŷ - y of every example before each epoch's step
 * (epochs × examples, epoch by epoch).
 */
export function train(settings) {
  return createRun(settings).finish();
}
