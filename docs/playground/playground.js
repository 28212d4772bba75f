// playground.js: the playground page (docs/chapter/playground.md) around nnbook.js. Its
// address holds the settings (?seed=1&alpha=0.9&...): opening it, or changing a control,
// trains that run at once, in slices, so the page paints and takes input as it trains.
// uPlot (its minified classic script) draws the curves; the diagram and the boundary are
// a few shapes, drawn here.

import {
  DATASETS, DERIVATIVES, HIDDEN_LAYER, MAX_EPOCHS, MODELS, PERCEPTRON, SEED_MAX, cost,
  createRun, predict, settingsFor,
} from "./nnbook.js";

const uPlot = globalThis.uPlot;

// --- Settings: read from the address or the controls, refused or clamped with a message ---

/** The perceptron's run: what a setting missing or refused falls back to. */
const DEFAULTS = Object.freeze({ ...PERCEPTRON, derivative: "z", model: "neuron",
                                 hidden: HIDDEN_LAYER.hidden });
/** The learning rates the page takes: at most 100, so no weight overflows in MAX_EPOCHS. */
const ALPHA = Object.freeze({ min: 0.001, max: 100 });
const EPOCHS = Object.freeze({ min: 1, max: MAX_EPOCHS });
/** The hidden units the page's network takes: as many as its diagram has room for. */
const HIDDEN = Object.freeze({ min: 1, max: 4 });
/** The settings of one model alone. */
const MODEL_OF = Object.freeze({ derivative: "neuron", hidden: "network" });
const applies = (name, model) => (MODEL_OF[name] ?? model) === model;
const WHOLE = /^\d+$/;
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

const english = new Intl.NumberFormat("en-US", { maximumFractionDigits: 20 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact" });

/** A value the reader gave, quoted and cut short, for a message (shown as text, never HTML). */
function quoted(text) {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function refuse(name, text, expected) {
  const fallback = DEFAULTS[name];
  return { problem: `${name} must be ${expected}, not ${quoted(text)}; the default, ` +
                    `${typeof fallback === "number" ? english.format(fallback) : fallback}, is used.` };
}

function inRange(name, text, pattern, kind, { min, max }) {
  const expected = `${kind} from ${english.format(min)} to ${english.format(max)}`;
  if (!pattern.test(text)) return refuse(name, text, expected);
  const value = Number(text);
  if (value >= min && value <= max) return { value };
  const used = value < min ? min : max;
  return { value: used, problem: `${name} must be ${expected}, not ${quoted(text)}; ` +
                                 `${english.format(used)} is used.` };
}

function oneOf(name, text, names) {
  if (Object.hasOwn(names, text)) return { value: text };
  return refuse(name, text, `one of ${Object.keys(names).join(", ")}`);
}

/** How each setting is read from its text: a value, a problem, or both (clamped). */
const READ = {
  seed: (text) => (WHOLE.test(text) && Number(text) <= SEED_MAX ? { value: Number(text) }
    : refuse("seed", text, `a whole number from 0 to ${english.format(SEED_MAX)}`)),
  alpha: (text) => inRange("alpha", text, DECIMAL, "a number", ALPHA),
  epochs: (text) => inRange("epochs", text, WHOLE, "a whole number", EPOCHS),
  derivative: (text) => oneOf("derivative", text, DERIVATIVES),
  data: (text) => oneOf("data", text, DATASETS),
  model: (text) => oneOf("model", text, MODELS),
  hidden: (text) => inRange("hidden", text, WHOLE, "a whole number", HIDDEN),
};

/** The settings a query (URLSearchParams) asks for, and what was wrong with it. */
function readSettings(query) {
  const settings = { ...DEFAULTS };
  const problems = [];
  for (const name of new Set(query.keys())) {
    if (!Object.hasOwn(READ, name)) {
      problems.push(`${quoted(name)} is not a setting (they are ${Object.keys(READ).join(", ")}); ` +
                    "it is ignored.");
    }
  }
  for (const name of Object.keys(READ)) {
    const given = query.getAll(name);
    if (given.length === 0) continue;
    if (given.length > 1) problems.push(`${name} is given ${given.length} times; the first is used.`);
    const { value, problem } = READ[name](given[0].trim());
    if (problem) problems.push(problem);
    if (value !== undefined) settings[name] = value;
  }
  for (const name of Object.keys(MODEL_OF)) {
    if (query.has(name) && !applies(name, settings.model)) {
      problems.push(`${name} is a setting of the ${MODEL_OF[name]} alone; it is ignored.`);
    }
  }
  return { settings, problems };
}

/** The query that asks for `settings`, every setting of its model named. */
function queryOf(settings) {
  return new URLSearchParams(Object.keys(READ).filter((name) => applies(name, settings.model))
    .map((name) => [name, String(settings[name])])).toString();
}

// --- The page's elements, and the colours of the palette in use ---------------------------

const $ = (id) => document.getElementById(id);
const root = $("playground");
const form = $("pg-form");
const buttons = { step: $("pg-step"), run: $("pg-run"), reset: $("pg-reset") };
const SVG = "http://www.w3.org/2000/svg";

let colors;

/** The palette's colours, as the page's CSS gives them (Material's and the book's). */
function readColors() {
  const style = getComputedStyle(root);
  const get = (name) => style.getPropertyValue(`--pg-${name}`).trim();
  colors = {
    lines: [1, 2, 3, 4].map((i) => get(`line-${i}`)), one: get("one"), zero: get("zero"),
    text: get("text"), grid: get("grid"), background: get("background"),
  };
}

// --- The error curves: uPlot, at the epochs nnbook's figures sample -----------------------

/** Epoch indices to plot, as nnbook.figures.sampled_epochs picks them: log-spaced for
 * log-log axes, and for linear axes those with an even grid added. */
function sampledEpochs(epochs, scale, points = 400) {
  const logSpaced = Array.from({ length: points },
    (_, i) => Math.trunc(epochs ** (i / (points - 1))) - 1);
  const even = scale === "linear"
    ? Array.from({ length: points }, (_, i) => Math.trunc((i * (epochs - 1)) / (points - 1)))
    : [];
  return [...new Set([...logSpaced, ...even])].sort((a, b) => a - b);
}

const CHART_HEIGHT = 240;

class ErrorChart {
  constructor(element, scale) {
    this.element = element;
    this.scale = scale;
  }

  /** A new, empty chart for a run of `labels.length` examples over `epochs` epochs. */
  reset(epochs, labels) {
    this.chart?.destroy();
    this.epochs = sampledEpochs(epochs, this.scale);
    this.examples = labels.length;
    const log = this.scale === "loglog";
    const axis = (label, values) => ({
      label, values, space: 60, stroke: colors.text, grid: { stroke: colors.grid, width: 1 },
      ticks: { stroke: colors.grid, width: 1 },
    });
    // Epochs as 50K and 1M, so they fit a phone; errors below 0.001 as 1e-4 (uPlot would
    // cut 0.0001 to 0).
    const epochLabels = (u, splits) => splits.map((v) => (v == null ? null : compact.format(v)));
    const errorLabels = (u, splits) => splits.map((v) => (v == null ? null
      : v >= 0.001 ? english.format(v) : v.toExponential(0)));
    this.chart = new uPlot({
      width: this.element.clientWidth, height: CHART_HEIGHT,
      padding: [null, 20, null, null],  // room for the last epoch's label
      scales: {
        x: { time: false, distr: log ? 3 : 1, range: [1, Math.max(epochs, 2)] },
        y: log ? { distr: 3 } : { range: [-1, 1] },
      },
      axes: [axis("epoch", epochLabels), log ? axis("|ŷ − y|", errorLabels) : axis("ŷ − y")],
      series: [{ label: "epoch" }, ...labels.map((label, k) => ({
        label, stroke: colors.lines[k % 4], width: 2, points: { show: false },
      }))],
      cursor: { show: false },
      legend: { live: false },
    }, [[], ...labels.map(() => [])], this.element);
  }

  /** The curves up to the run's last epoch trained. */
  update(run) {
    const done = run.epoch;
    const shown = this.epochs.filter((epoch) => epoch < done);
    if (done > 0 && shown.at(-1) !== done - 1) shown.push(done - 1);
    const errors = run.errors;
    const m = this.examples;
    const log = this.scale === "loglog";
    const series = Array.from({ length: m }, (_, k) => shown.map((epoch) => {
      const error = errors[epoch * m + k];
      return log ? Math.abs(error) || null : error;  // log axes have no 0
    }));
    this.chart.setData([shown.map((epoch) => epoch + 1), ...series]);
  }

  resize() {
    this.chart?.setSize({ width: this.element.clientWidth, height: CHART_HEIGHT });
  }
}

// --- The diagram: inputs, weights, units and ŷ, as SVG ------------------------------------

function svgElement(tag, attributes, parent) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  parent.append(element);
  return element;
}

const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
const sub = (i) => SUBSCRIPTS[i];
/** A number as the diagram says it, with a true minus sign. */
const signed = (value, digits) => value.toFixed(digits).replace("-", "−");

class Diagram {
  constructor(svg) {
    this.svg = svg;
  }

  /** Draw the model of `run`: its inputs, units and output, and their weights' lines. */
  reset(run) {
    this.svg.replaceChildren();  // its viewBox, 360 by 200, is in the page
    this.title = svgElement("title", { id: "pg-diagram-title" }, this.svg);
    // The lines and units, then every label over them.
    const shapes = svgElement("g", {}, this.svg);
    const labels = svgElement("g", {}, this.svg);
    this.lines = [];
    this.labels = [];
    this.network = "hidden" in run;
    const column = (x, count, spacing) => Array.from({ length: count },
      (_, i) => ({ x, y: 100 + (i - (count - 1) / 2) * spacing }));
    const inputs = this.network ? column(30, run.features, 80)
      : column(30, run.features, 140 / Math.max(run.features - 1, 1));
    const output = { x: this.network ? 290 : 240, y: 100 };
    const hidden = this.network ? column(165, run.hidden, Math.min(80, 140 / (run.hidden - 1 || 1)))
      : [];
    // Units a little smaller where there are more than two hidden ones, to leave room for
    // their biases.
    const radius = run.hidden > 2 ? 13 : 17;
    // Each weight's line, labelled just above it, a fraction of the way along; more than
    // four lines into the hidden layer, unlabelled (the title says them).
    const connect = (from, to, along, labelled = true) => {
      this.lines.push(svgElement("line", { x1: from.x, y1: from.y, x2: to.x, y2: to.y,
                                            class: "pg-weight" }, shapes));
      if (!labelled) {
        this.labels.push(null);
        return;
      }
      const angle = (Math.atan2(to.y - from.y, to.x - from.x) * 180) / Math.PI;
      const [x, y] = [from.x + along * (to.x - from.x), from.y + along * (to.y - from.y)];
      this.labels.push(svgElement("text", { x: 0, y: -11, class: "pg-label",
                                             transform: `translate(${x} ${y}) rotate(${angle})` },
                                  labels));
    };
    if (this.network) {
      for (const input of inputs) {
        for (const unit of hidden) connect(input, unit, 0.35, run.hidden <= 2);
      }
      for (const unit of hidden) connect(unit, output, 0.5);
    } else {
      for (const input of inputs) connect(input, output, 0.4);
    }
    svgElement("line", { x1: output.x, y1: output.y, x2: 340, y2: output.y,
                         class: "pg-output" }, shapes);
    const node = ({ x, y }, text, className = "") => {
      svgElement("circle", { cx: x, cy: y, r: radius, class: className }, shapes);
      svgElement("text", { x, y }, shapes).textContent = text;
    };
    inputs.forEach((input, i) => node(input, `x${sub(i + 1)}`));
    this.biases = [...hidden, ...(this.network ? [output] : [])].map((unit) => {
      node(unit, "φ", "pg-neuron");
      return svgElement("text", { x: unit.x, y: unit.y + radius + 9, class: "pg-label pg-bias" },
                        labels);
    });
    if (!this.network) node(output, "φ", "pg-neuron");
    node({ x: 340, y: output.y }, "ŷ");
  }

  /** Each line's weight, width by size, style by sign; each unit's bias; all in the title. */
  update(run) {
    let weights, said;
    if (this.network) {
      const { W1, b1, W2, b2 } = run.network;
      weights = [...W1, ...W2];
      [...b1, ...b2].forEach((b, u) => { this.biases[u].textContent = `b ${signed(b, 2)}`; });
      const list = (values) => `[${Array.from(values, (v) => signed(v, 3)).join(", ")}]`;
      const rows = Array.from({ length: run.features },
                              (_, j) => list(W1.subarray(j * run.hidden, (j + 1) * run.hidden)));
      said = `The network: inputs x₁ and x₂, ${run.hidden} hidden units and the output ŷ. ` +
        `W1 = [${rows.join(", ")}], b1 = ${list(b1)}, W2 = ${list(W2)}, b2 = ${signed(b2[0], 3)}.`;
    } else {
      weights = run.weights;
      said = `The neuron: its ${weights.length} inputs, weighted by ` +
        `${Array.from(weights, (w, i) => `w${sub(i + 1)} = ${signed(w, 3)}`).join(", ")}, ` +
        "are summed into z, and ŷ = φ(z).";
    }
    weights.forEach((w, i) => {
      if (this.labels[i]) {
        this.labels[i].textContent = this.network ? signed(w, 2) : `w${sub(i + 1)} = ${signed(w, 3)}`;
      }
      this.lines[i].setAttribute("stroke-width", (1 + 2 * Math.sqrt(Math.min(Math.abs(w), 20)))
        .toFixed(2));
      this.lines[i].setAttribute("class", `pg-weight ${w < 0 ? "pg-negative" : "pg-positive"}`);
    });
    this.title.textContent = said;
  }
}

// --- The boundary: the output over (x₁, x₂), on a canvas ----------------------------------

const LOW = -0.25;
const HIGH = 1.25;
const SHADES = 65;  // points of the plane a side, shaded and smoothed as the canvas scales up

function rgb(hex) {
  const n = Number.parseInt(hex.replace("#", ""), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Where the ½ line crosses the sides of a cell, its corners' outputs clockwise from the top
 * left (marching squares): each pair of crossings is a piece of the line. */
const CORNERS = [[0, 0], [1, 0], [1, 1], [0, 1]];
function crossings(v) {
  const points = [];
  for (let k = 0; k < 4; k++) {
    const [p, q] = [v[k] - 0.5, v[(k + 1) % 4] - 0.5];
    if ((p < 0) !== (q < 0)) {
      const t = p / (p - q);
      const [from, to] = [CORNERS[k], CORNERS[(k + 1) % 4]];
      points.push([from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])]);
    }
  }
  return points;
}

class Boundary {
  constructor(canvas) {
    this.canvas = canvas;
    this.shading = Object.assign(document.createElement("canvas"), { width: SHADES,
                                                                     height: SHADES });
  }

  /** The examples, and the plane's points as the model takes them, like `inputs`. */
  reset(data, inputs) {
    this.data = data;
    this.points = [];
    for (let row = 0; row < SHADES; row++) {
      for (let column = 0; column < SHADES; column++) {
        const x1 = LOW + (column / (SHADES - 1)) * (HIGH - LOW);
        const x2 = HIGH - (row / (SHADES - 1)) * (HIGH - LOW);
        this.points.push(inputs.length === 3 ? [x1, x2, 1] : [x1, x2]);
      }
    }
    this.resize();
  }

  /** Match the canvas's pixels to its size on screen (which clears it, if they change). */
  resize() {
    const side = Math.round(this.canvas.clientWidth * devicePixelRatio);
    if (this.canvas.width !== side) this.canvas.width = this.canvas.height = side;
  }

  /** Shade ŷ over (x₁, x₂) as the book's figures do, fading out at ½; draw the line where
   * ŷ = ½, and the examples. */
  draw(outputs) {
    const { canvas } = this;
    const context = canvas.getContext("2d");
    const side = canvas.width;
    const scale = side / 288;  // sizes below are for a canvas 288 pixels a side
    const toPixel = (x) => ((x - LOW) / (HIGH - LOW)) * side;
    context.clearRect(0, 0, side, side);

    const yHat = outputs(this.points);
    const image = new ImageData(SHADES, SHADES);
    const [zero, one] = [rgb(colors.zero), rgb(colors.one)];
    yHat.forEach((y, i) => {
      image.data.set([...(y < 0.5 ? zero : one), 255 * 0.55 * Math.abs(2 * y - 1)], 4 * i);
    });
    this.shading.getContext("2d").putImageData(image, 0, 0);
    // Each point's pixel is centred on it: half a cell of the square is outside the canvas.
    const cell = side / (SHADES - 1);
    context.drawImage(this.shading, -cell / 2, -cell / 2, side + cell, side + cell);

    // The line where ŷ = ½, a piece in each cell it crosses.
    context.beginPath();
    for (let row = 0; row + 1 < SHADES; row++) {
      for (let column = 0; column + 1 < SHADES; column++) {
        const at = row * SHADES + column;
        const found = crossings([yHat[at], yHat[at + 1], yHat[at + SHADES + 1], yHat[at + SHADES]]);
        for (let k = 0; k + 1 < found.length; k += 2) {
          context.moveTo((column + found[k][0]) * cell, (row + found[k][1]) * cell);
          context.lineTo((column + found[k + 1][0]) * cell, (row + found[k + 1][1]) * cell);
        }
      }
    }
    context.strokeStyle = colors.text;
    context.lineWidth = 2 * scale;
    context.lineCap = "round";
    context.stroke();

    // The examples: a dot for target 1, a ring for target 0, each labelled; then the axes.
    context.font = `${13 * scale}px system-ui, sans-serif`;
    context.lineJoin = "round";
    const label = (text, x, y, align = "center") => {  // on a halo of the page's colour
      context.textAlign = align;
      context.lineWidth = 4 * scale;
      context.strokeStyle = colors.background;
      context.strokeText(text, x, y);
      context.fillStyle = colors.text;
      context.fillText(text, x, y);
    };
    this.data.inputs.forEach((x, i) => {
      const [px, py] = [toPixel(x[0]), side - toPixel(x[1])];
      context.beginPath();
      context.arc(px, py, 7 * scale, 0, 2 * Math.PI);
      context.lineWidth = 3 * scale;
      context.strokeStyle = colors.text;
      context.fillStyle = this.data.targets[i] === 1 ? colors.text : colors.background;
      context.fill();
      context.stroke();
      label(`[${x[0]}, ${x[1]}] → ${this.data.targets[i]}`, px,
            py + (x[1] === 1 ? -16 : 24) * scale);
    });
    // The axes, in the corners the examples' labels leave free.
    label("x₁ →", side - 6 * scale, side - 6 * scale, "right");
    label("x₂ ↑", 6 * scale, 16 * scale, "left");
  }
}

// --- Training in slices -------------------------------------------------------------------

/** The longest a training task runs: well under the 50 ms of a long task. */
const SLICE_MS = 8;
/** The longest a run trained at once goes without letting the page paint a frame. */
const FRAME_MS = 33;
/** Epochs trained between looks at the clock. */
const CHUNK = 500;
/** A paced run takes about this many frames, at an even pace along log-log axes. */
const PACE_FRAMES = 200;
/** The performance mark and measure of a run trained at once. */
const STARTED = "playground: start";
const TRAINED = "playground: train";

const charts = [new ErrorChart($("pg-errors-linear"), "linear"),
                new ErrorChart($("pg-errors-loglog"), "loglog")];
const diagram = new Diagram($("pg-diagram"));
const boundary = new Boundary($("pg-boundary"));

let settings;      // the run's settings, as readSettings gives them
let data;          // its data set, from nnbook.js's DATASETS
let given;         // what the run is given: nnbook.js's settingsFor(settings)
let run;           // the run being trained, from nnbook.js's createRun
let paced = false; // whether the run is training at a pace to watch
let cancel = null; // stops the training task that is due, if any
let drawing = false;
let painted = 0;   // when the figures were last drawn, as performance.now() says

/** Train a slice, draw, and come back for more until the run, or its pace, is done. */
function tick() {
  cancel = null;
  const goal = paced
    ? Math.min(run.epochs, Math.max(run.epoch + 1, Math.ceil(run.epoch * run.epochs ** (1 / PACE_FRAMES))))
    : run.epochs;
  const started = performance.now();
  while (run.epoch < goal && performance.now() - started < SLICE_MS) {
    run.step(Math.min(CHUNK, goal - run.epoch));
  }
  requestDraw();
  if (!run.done) {
    schedule(tick);
  } else {
    if (!paced) performance.measure(TRAINED, { start: STARTED });
    stop(`Trained ${english.format(run.epochs)} epochs.`);
  }
}

/** Run `task` once the page has taken input, after a frame if `frameFirst` (by default, for
 * a paced run or after FRAME_MS unpainted), ahead of the page's other tasks where the
 * browser has scheduler.postTask. */
function schedule(task, frameFirst = paced || performance.now() - painted > FRAME_MS) {
  if (frameFirst) {
    const frame = requestAnimationFrame(() => soon(task));
    cancel = () => cancelAnimationFrame(frame);
  } else {
    soon(task);
  }
}

function soon(task) {
  if (globalThis.scheduler?.postTask) {
    const controller = new AbortController();
    scheduler.postTask(task, { priority: "user-blocking", signal: controller.signal })
      .catch(() => {});  // aborted: the run was stopped
    cancel = () => controller.abort();
  } else {
    const timer = setTimeout(task);
    cancel = () => clearTimeout(timer);
  }
}

/** Stop training; if `what` happened, say so and where the run is. */
function stop(what) {
  cancel?.();
  cancel = null;
  paced = false;
  if (!run) return;
  showButtons();
  if (what) announce(what);
}

/** Train the whole run, in slices, once the page has painted; measured as TRAINED. */
function trainAtOnce() {
  stop();
  schedule(() => {
    performance.mark(STARTED);
    tick();
  }, true);
}

/** Train from where the run is, at a pace to watch. */
function trainPaced() {
  stop();
  paced = true;
  tick();
  showButtons();
}

/** Start `settings`' run from its initial weights, and train it at once. */
function start(chosen) {
  stop();
  settings = chosen;
  data = DATASETS[settings.data];
  given = settingsFor(settings);
  run = createRun(given);
  resetCharts();
  diagram.reset(run);
  boundary.reset(data, given.inputs[0]);
  draw();  // the initial weights at once, so the page's layout is settled before it loads
  trainAtOnce();
}

/** Empty charts for the run, each example's curve labelled with its inputs, as the model
 * takes them. */
function resetCharts() {
  const labels = given.inputs.map((x) => `x = [${x.join(", ")}]`);
  for (const chart of charts) chart.reset(run.epochs, labels);
}

function requestDraw() {
  if (drawing) return;
  drawing = true;
  requestAnimationFrame(draw);
}

const stats = $("pg-stats");

/** The run's model as it is now: the neuron's weights, or the network. */
const model = () => run.network ?? run.weights;

/** What the run's `learned` model has reached: epoch, cost, and the neuron's prediction for
 * the new input or the network's outputs. */
function summary(learned = model()) {
  const { inputs, targets } = given;
  return {
    epoch: `Epoch ${english.format(run.epoch)} of ${english.format(run.epochs)}`,
    cost: `cost ${cost(inputs, targets, learned).toExponential(3)}`,
    prediction: learned.b1
      ? `outputs ${Array.from(predict(inputs, learned), (y) => y.toFixed(4)).join(", ")}`
      : `prediction for [${data.newInput.join(", ")}]: ` +
        `${predict([data.newInput], learned)[0].toFixed(8)}`,
  };
}

function draw() {
  drawing = false;
  painted = performance.now();
  const learned = model();
  const { epoch, cost: costText, prediction } = summary(learned);
  stats.textContent = `${epoch} · ${costText} · ${prediction}`;
  diagram.update(run);
  boundary.draw((points) => predict(points, learned));
  for (const chart of charts) chart.update(run);
}

/** Said to screen readers when a run stops, not on every frame. */
function announce(what) {
  const { epoch, cost: costText, prediction } = summary();
  $("pg-status").textContent = `${what} ${epoch}; ${costText}; ${prediction}.`;
}

function showButtons() {
  const running = paced && cancel !== null;
  buttons.run.textContent = running ? "Pause" : "Run";
  buttons.run.setAttribute("aria-disabled", String(!running && run.done));
  buttons.step.setAttribute("aria-disabled", String(run.done));
}

// --- The controls and the address ---------------------------------------------------------

/** Show `settings` in the controls and `problems` (as text) next to them. */
function showSettings(chosen, problems) {
  for (const name of Object.keys(READ)) form.elements[name].value = chosen[name];
  // A setting of the other model alone keeps its value, and is not the run's.
  form.elements.hidden.disabled = !applies("hidden", chosen.model);
  $("pg-derivative").disabled = !applies("derivative", chosen.model);
  const message = $("pg-message");
  message.replaceChildren(...problems.map((problem) => {
    const paragraph = document.createElement("p");
    paragraph.textContent = problem;
    return paragraph;
  }));
  message.hidden = problems.length === 0;
}

/** Read the address, show what it asks for (or what it falls back to), and train it. */
function openAddress() {
  const { settings: chosen, problems } = readSettings(new URLSearchParams(location.search));
  showSettings(chosen, problems);
  // An address with a setting refused or clamped gives way to the run shown, so a link
  // copied from here asks for it; the message stays until the next change.
  if (problems.length) history.replaceState(null, "", `?${queryOf(chosen)}`);
  start(chosen);
}

form.addEventListener("change", () => {
  // The settings in the controls, those of the model chosen alone.
  const values = Object.fromEntries(Object.keys(READ)
    .map((name) => [name, form.elements[name].value]));
  const { settings: chosen, problems } = readSettings(new URLSearchParams(queryOf(values)));
  showSettings(chosen, problems);
  const query = `?${queryOf(chosen)}`;
  if (query !== location.search) history.pushState(null, "", query);
  start(chosen);
});
form.addEventListener("submit", (event) => event.preventDefault());
addEventListener("popstate", openAddress);

buttons.step.addEventListener("click", () => {
  if (run.done) return;
  stop();
  run.step(1);
  requestDraw();
  announce("One epoch trained.");
  showButtons();
});
buttons.run.addEventListener("click", () => {
  if (paced && cancel) {
    stop("Paused.");
  } else if (!run.done) {
    trainPaced();
  }
});
buttons.reset.addEventListener("click", () => {
  stop();
  run = createRun(given);
  requestDraw();
  announce("Reset to the initial weights.");
  showButtons();
});

// --- Start: the controls' limits, the palette, the page's width, then the address's run ---

Object.assign(form.elements.seed, { min: 0, max: SEED_MAX });
Object.assign(form.elements.alpha, ALPHA);
Object.assign(form.elements.epochs, EPOCHS);
Object.assign(form.elements.hidden, HIDDEN);

/** Redraw in the palette now in use: Material sets it on <body> when the reader toggles it. */
function recolor() {
  readColors();
  resetCharts();
  draw();
}
new MutationObserver(recolor).observe(document.body,
                                       { attributes: true, attributeFilter: ["data-md-color-scheme"] });
// A new width resizes the figures, and redraws them before the frame is painted.
let width = 0;
new ResizeObserver(() => {
  if (root.clientWidth === width) return;
  width = root.clientWidth;
  for (const chart of charts) chart.resize();
  boundary.resize();
  if (run) draw();
}).observe(root);

readColors();
openAddress();
