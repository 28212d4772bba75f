// nnbook.js: the parts of nnbook the playground runs, ported with no dependencies.
// tests/browser/test_playground_port.py holds it to nnbook: initial weights bit for bit,
// training to a relative 1e-9 (Math.exp is not NumPy's exp, nor its sums BLAS's).
// `inputs` is a list of rows; `targets` and `weights` flat lists; results Float64Arrays.

// --- Random initial weights: NumPy's legacy Mersenne Twister ------------------------------

const N = 624;                 // words of state
const M = 397;                 // the twist's offset
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** The largest seed `np.random.RandomState` takes as an integer: 2**32 - 1. */
export const SEED_MAX = 2 ** 32 - 1;

/** `np.random.RandomState(seed)` for an integer seed: NumPy's MT19937, as it draws. */
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

/** Random initial weights, uniform in [-1, 1), one per input: nnbook's `init_weights`. */
export function initWeights(seed, n = 3) {
  const random = new RandomState(seed);
  return Float64Array.from({ length: n }, () => random.uniform(-1, 1));
}

// --- The data sets and the chapter's run --------------------------------------------------

const frozen = (rows) => Object.freeze(rows.map((row) => Object.freeze(row)));

/** The data sets: examples (`inputs`), `targets`, and the `newInput` the neuron is asked about. */
export const DATASETS = Object.freeze({
  // The chapter's table: the target is the first input; the third is always 1.
  chapter: Object.freeze({
    inputs: frozen([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]]),
    targets: Object.freeze([0, 1, 1, 0]),
    newInput: Object.freeze([1, 0, 0]),
  }),
  // Exclusive or of x₁ and x₂, with the constant x₃: no single neuron can learn it.
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

/** nnbook's `PERCEPTRON`, the perceptron page's run. */
export const PERCEPTRON = Object.freeze({ data: "chapter", seed: 1, epochs: 50_000, alpha: 0.9 });

/** nnbook's `HIDDEN_LAYER`, the hidden-layer page's run. */
export const HIDDEN_LAYER = Object.freeze({ model: "network", data: "xor", seed: 1, hidden: 2,
                                            epochs: 10_000, alpha: 1 });

/** The models a run trains: the perceptron's neuron, or the hidden layer's network. */
export const MODELS = Object.freeze({ neuron: "nnbook.train", network: "nnbook.train_network" });

/**
 * The settings `train` and `createRun` take, for a model, a data set and a seed. The
 * network has biases of its own, so it takes x₁ and x₂ alone (no constant input).
 */
export function settingsFor({ model = "neuron", data = PERCEPTRON.data,
                              seed = PERCEPTRON.seed, epochs = PERCEPTRON.epochs,
                              alpha = PERCEPTRON.alpha, derivative = "z",
                              hidden = HIDDEN_LAYER.hidden } = {}) {
  if (!Object.hasOwn(DATASETS, data)) {
    throw new RangeError(`data must be one of ${Object.keys(DATASETS).join(", ")}, got ${data}`);
  }
  if (!Object.hasOwn(MODELS, model)) {
    throw new RangeError(`model must be "neuron" or "network", got ${model}`);
  }
  const { inputs, targets } = DATASETS[data];
  if (model === "network") {
    const plane = inputs.map((x) => x.slice(0, 2));
    return { inputs: plane, targets, network: initNetwork(seed, 2, hidden), epochs, alpha };
  }
  const weights = initWeights(seed, inputs[0].length);
  return { inputs, targets, weights, epochs, alpha, derivative };
}

// --- The neuron: ŷ = φ(Xw), trained by full-batch gradient descent ------------------------

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

/**
 * The outputs ŷ of a model, one per example: of the neuron's `weights`, φ(Xw) (nnbook's
 * `predict`); of a `network` (nnbook's `predict_network`).
 */
export function predict(inputs, model) {
  const { X, examples, features } = matrix(inputs);
  if (model?.b1) {
    return networkOutputs(parameters(model, features), X, examples, features);
  }
  return neuronOutputs(X, numbers("weights", model, features), examples, features);
}

/** ŷ = φ(Xw) of each example: the neuron's outputs. */
function neuronOutputs(X, w, examples, features) {
  return weightedSums(X, w, examples, features, new Float64Array(examples)).map(sigmoid);
}

/** COST = ½ Σ (ŷ - y)² of a model (as `predict` takes it) on the examples. */
export function cost(inputs, targets, model) {
  const yHat = predict(inputs, model);
  const y = numbers("targets", targets, yHat.length);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (yHat[i] - y[i]) ** 2;
  return 0.5 * sum;
}

/** Where the step takes the sigmoid's derivative: the `derivative` of a run's settings. */
export const DERIVATIVES = Object.freeze({
  z: "at z, φ'(z) = ŷ (1 - ŷ), as the equations and nnbook.train",
  output: "at the outputs, φ(ŷ) (1 - φ(ŷ)): the original notebook's slip",
});

/** The most epochs a run takes, as nnbook's `MAX_EPOCHS`. */
export const MAX_EPOCHS = 1_000_000;
/** The most hidden units a network has, as nnbook's `MAX_UNITS`. */
export const MAX_UNITS = 64;

/**
 * Training in slices, so that a page stays responsive: `run.step(1000)` trains 1,000 more
 * epochs (fewer if fewer are left). Each model's run says how one epoch trains.
 */
class Run {
  // Every error recorded, epoch by epoch; the epochs trained so far.
  #errors; #epoch = 0;

  constructor(examples, epochs, alpha) {
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_EPOCHS) {
      throw new RangeError(`epochs must be a whole number from 1 to ${MAX_EPOCHS}, got ${epochs}`);
    }
    if (!Number.isFinite(alpha) || alpha <= 0) {
      throw new RangeError(`alpha must be a positive finite number, got ${alpha}`);
    }
    for (const [name, value] of Object.entries({ examples, epochs, alpha })) {
      Object.defineProperty(this, name, { value, enumerable: true });  // read-only
    }
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

  /** ŷ - y of every example before each epoch trained so far, epoch by epoch (a view). */
  get errors() {
    return this.#errors.subarray(0, this.#epoch * this.examples);
  }

  /** Train `count` more epochs, or as many as are left; returns the run. */
  step(count = 1) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`step: count must be a whole number >= 0, got ${count}`);
    }
    const last = Math.min(this.#epoch + count, this.epochs);
    for (let epoch = this.#epoch; epoch < last; epoch++) {
      this.trainEpoch(this.#errors, epoch * this.examples);
    }
    this.#epoch = last;
    return this;
  }

  /** Train the epochs left; returns what the model learned, its outputs, and its errors. */
  finish() {
    this.step(this.epochs - this.#epoch);
    return { ...this.learned(), outputs: this.outputs, errors: this.#errors };
  }
}

/** The neuron's run: nnbook's `train` (derivative "z"), or the original `train_nn`. */
class NeuronRun extends Run {
  // Inputs (row-major), targets, weights, α times the inputs; then the outputs ŷ,
  // the errors Δ, and what Xᵀ multiplies in the step.
  #X; #y; #w; #alphaX; #yHat; #delta; #g;

  constructor({ inputs, targets, weights, epochs, alpha, derivative = "z" }) {
    const { X, examples, features } = matrix(inputs);
    super(examples, epochs, alpha);
    if (!Object.hasOwn(DERIVATIVES, derivative)) {
      throw new RangeError(`derivative must be "z" or "output", got ${derivative}`);
    }
    Object.defineProperty(this, "features", { value: features, enumerable: true });
    Object.defineProperty(this, "derivative", { value: derivative, enumerable: true });
    this.#X = X;
    this.#y = numbers("targets", targets, examples);
    this.#w = numbers("weights", weights, features);
    // nnbook writes α Xᵀ @ v, which NumPy reads as (α Xᵀ) @ v: α times each input first.
    this.#alphaX = X.map((x) => alpha * x);
    this.#yHat = new Float64Array(examples);
    this.#delta = new Float64Array(examples);
    this.#g = new Float64Array(examples);
  }

  /** The current weights (a copy). Too large an alpha can take them to ±Infinity or NaN. */
  get weights() {
    return this.#w.slice();
  }

  learned() {
    return { weights: this.weights };
  }

  /** The outputs ŷ = φ(Xw) of the current weights. */
  get outputs() {
    return neuronOutputs(this.#X, this.#w, this.examples, this.features);
  }

  /** One epoch: the forward pass, the errors recorded from `errors[at]` on, the step. */
  trainEpoch(errors, at) {
    const m = this.examples, yHat = this.#yHat, delta = this.#delta;
    weightedSums(this.#X, this.#w, m, this.features, yHat);  // z = Xw
    for (let i = 0; i < m; i++) {
      yHat[i] = sigmoid(yHat[i]);                              // ŷ = φ(z)
      delta[i] = yHat[i] - this.#y[i];                         // Δ = ŷ - y
      errors[at + i] = delta[i];
    }
    if (this.derivative === "z") this.#stepAtZ(); else this.#stepAtOutputs();
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

// --- The network: h = φ(X W1 + b1), ŷ = φ(h W2 + b2), trained by backpropagation ----------
//
// A network is { W1, b1, W2, b2 } as in nnbook's Network, each a Float64Array: W1 row-major,
// inputs × hidden; b1 one bias per hidden unit; W2 one weight per hidden unit; b2 one number.

/** Random initial weights and biases, uniform in [-1, 1): nnbook's `init_network`. */
export function initNetwork(seed, features = 2, hidden = 2) {
  for (const [name, value] of Object.entries({ features, hidden })) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_UNITS) {
      throw new RangeError(`${name} must be a whole number from 1 to ${MAX_UNITS}, got ${value}`);
    }
  }
  const random = new RandomState(seed);
  const draw = (length) => Float64Array.from({ length }, () => random.uniform(-1, 1));
  return { W1: draw(features * hidden), b1: draw(hidden), W2: draw(hidden), b2: draw(1) };
}

/** A network's four arrays, checked against its sizes, as new Float64Arrays. */
function parameters(network, features) {
  const hidden = network?.b1?.length;
  return {
    W1: numbers("W1", network?.W1, features * hidden),
    b1: numbers("b1", network?.b1, hidden),
    W2: numbers("W2", network?.W2, hidden),
    b2: numbers("b2", network?.b2, 1),
  };
}

/** ŷ of each example: the network's outputs. */
function networkOutputs(p, X, examples, features) {
  const h = new Float64Array(examples * p.b1.length);
  return Float64Array.from({ length: examples }, (_, i) => forwardOne(p, X, i, features, h));
}

/** The forward pass for example `i` of X: its hidden outputs into `h` (row i), and ŷ. */
function forwardOne({ W1, b1, W2, b2 }, X, i, features, h) {
  const k = b1.length;
  let z2 = 0;
  for (let u = 0; u < k; u++) {
    let z1 = 0;                                                  // z1 = X W1 + b1
    for (let j = 0; j < features; j++) z1 += X[i * features + j] * W1[j * k + u];
    h[i * k + u] = sigmoid(z1 + b1[u]);                          // h = φ(z1)
    z2 += h[i * k + u] * W2[u];                                  // z2 = h W2 + b2
  }
  return sigmoid(z2 + b2[0]);                                    // ŷ = φ(z2)
}

/** The network's run: nnbook's `train_network`. */
class NetworkRun extends Run {
  // Inputs (row-major), targets, the network; then the forward pass's h and ŷ, the
  // backward pass's δ2 and δ1.
  #X; #y; #p; #h; #yHat; #delta2; #delta1;

  constructor({ inputs, targets, network, epochs, alpha }) {
    const { X, examples, features } = matrix(inputs);
    super(examples, epochs, alpha);
    this.#p = parameters(network, features);
    const hidden = this.#p.b1.length;
    for (const [name, value] of Object.entries({ features, hidden })) {
      Object.defineProperty(this, name, { value, enumerable: true });
    }
    this.#X = X;
    this.#y = numbers("targets", targets, examples);
    this.#h = new Float64Array(examples * hidden);
    this.#yHat = new Float64Array(examples);
    this.#delta2 = new Float64Array(examples);
    this.#delta1 = new Float64Array(examples * hidden);
  }

  /** The current weights and biases (copies). */
  get network() {
    const { W1, b1, W2, b2 } = this.#p;
    return { W1: W1.slice(), b1: b1.slice(), W2: W2.slice(), b2: b2.slice() };
  }

  learned() {
    return { network: this.network };
  }

  /** The outputs ŷ of the current network. */
  get outputs() {
    return networkOutputs(this.#p, this.#X, this.examples, this.features);
  }

  /** One epoch: the forward pass, the errors recorded from `errors[at]` on, backpropagation
   * and the step, each in NumPy's order of operations. */
  trainEpoch(errors, at) {
    const m = this.examples, n = this.features, k = this.hidden, alpha = this.alpha;
    const { W1, b1, W2, b2 } = this.#p;
    const X = this.#X, h = this.#h, yHat = this.#yHat, delta2 = this.#delta2, delta1 = this.#delta1;
    for (let i = 0; i < m; i++) {
      yHat[i] = forwardOne(this.#p, X, i, n, h);
      errors[at + i] = yHat[i] - this.#y[i];                            // Δ = ŷ - y
      delta2[i] = (yHat[i] - this.#y[i]) * yHat[i] * (1 - yHat[i]);      // δ2 = Δ φ'(z2)
      for (let u = 0; u < k; u++) {                                      // δ1 = (δ2 W2ᵀ) φ'(z1)
        delta1[i * k + u] = delta2[i] * W2[u] * h[i * k + u] * (1 - h[i * k + u]);
      }
    }
    for (let j = 0; j < n; j++) {
      for (let u = 0; u < k; u++) {                                      // ∂COST/∂W1 = Xᵀ δ1
        let sum = 0;
        for (let i = 0; i < m; i++) sum += X[i * n + j] * delta1[i * k + u];
        W1[j * k + u] = W1[j * k + u] - alpha * sum;
      }
    }
    for (let u = 0; u < k; u++) {
      let db1 = 0, dW2 = 0;                                              // Σ δ1, hᵀ δ2
      for (let i = 0; i < m; i++) {
        db1 += delta1[i * k + u];
        dW2 += h[i * k + u] * delta2[i];
      }
      b1[u] = b1[u] - alpha * db1;
      W2[u] = W2[u] - alpha * dW2;
    }
    let db2 = 0;                                                         // Σ δ2
    for (let i = 0; i < m; i++) db2 += delta2[i];
    b2[0] = b2[0] - alpha * db2;
  }
}

/**
 * A run to train in slices, from settings such as `settingsFor` gives: the neuron's, with
 * `derivative` "z" (nnbook.train) or "output" (the original loop), or the network's.
 */
export function createRun(settings) {
  return "network" in settings ? new NetworkRun(settings) : new NeuronRun(settings);
}

/** Train at once: the `weights` or `network`, `outputs`, and `errors` ŷ - y before each
 * epoch's step (epochs × examples). */
export function train(settings) {
  return createRun(settings).finish();
}
