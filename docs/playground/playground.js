// playground.js: the playground page (docs/chapter/playground.md) around nnbook.js.
//
// The settings live in the page's address (?seed=1&alpha=0.9&epochs=50000&derivative=z
// &data=chapter): opening it, or changing a control, trains that run at once and shows its
// end; Run trains from where the run is at a pace to watch. Training advances in slices of
// a few milliseconds, so the page paints and takes input while a long run trains, and the
// figures are drawn once per frame. Every number shown comes from nnbook.js, which the
// test suite holds to nnbook.
//
// uPlot draws the error curves: its minified build is a classic script that the page loads
// before this one (its ES module build is not minified, and would be over the page's
// budget alone). The neuron and the boundary are drawn here: each is a few shapes that
// change every frame, smaller to write than a charting library's options for them.

import {
  CHAPTER, DATASETS, DERIVATIVES, MAX_EPOCHS, SEED_MAX, cost, createRun, predict, settingsFor,
  sigmoid,
} from "./nnbook.js";

const uPlot = globalThis.uPlot;

// ---------------------------------------------------------------------------------------
// Settings: read from the address or the controls, refused or clamped with a message
// ---------------------------------------------------------------------------------------

/** The chapter's run: what a setting missing or refused falls back to. */
const DEFAULTS = Object.freeze({ seed: CHAPTER.seed, alpha: CHAPTER.alpha,
                                 epochs: CHAPTER.epochs, derivative: "z", data: CHAPTER.data });
/** The learning rates the page takes. With α at most 100 a weight moves by at most α an
 * epoch (each of the four examples adds at most 1 × ¼ × α), so it stays finite through
 * MAX_EPOCHS epochs: no run ends in weights that overflowed, which nnbook refuses. */
const ALPHA = Object.freeze({ min: 0.001, max: 100 });
const EPOCHS = Object.freeze({ min: 1, max: MAX_EPOCHS });
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
  return { settings, problems };
}

/** The query that asks for `settings`, every setting named. */
function queryOf(settings) {
  return new URLSearchParams(Object.keys(READ).map((name) => [name, String(settings[name])]))
    .toString();
}

// ---------------------------------------------------------------------------------------
// The page's elements, and the colours of the palette in use
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// The error curves: uPlot, at the epochs nnbook's figures sample
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// The neuron: inputs, weights and ŷ, as SVG
// ---------------------------------------------------------------------------------------

function svgElement(tag, attributes, parent) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  parent.append(element);
  return element;
}

const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

class Diagram {
  constructor(svg) {
    this.svg = svg;
  }

  /** Draw the inputs, their weights' lines, the neuron φ and ŷ, for `features` inputs. */
  reset(features) {
    this.svg.replaceChildren();  // its viewBox, 360 by 200, is in the page
    this.title = svgElement("title", { id: "pg-diagram-title" }, this.svg);
    const neuron = { x: 240, y: 100 };
    const inputs = Array.from({ length: features },
                              (_, i) => ({ x: 30, y: 30 + (140 * i) / Math.max(features - 1, 1) }));
    this.lines = [];
    this.labels = [];
    for (const input of inputs) {
      this.lines.push(svgElement("line", { x1: input.x, y1: input.y, x2: neuron.x, y2: neuron.y,
                                            class: "pg-weight" }, this.svg));
      // The label runs along its line, just above it, two fifths of the way to the neuron.
      const angle = (Math.atan2(neuron.y - input.y, neuron.x - input.x) * 180) / Math.PI;
      const [x, y] = [input.x + 0.4 * (neuron.x - input.x), input.y + 0.4 * (neuron.y - input.y)];
      this.labels.push(svgElement("text", { x: 0, y: -12, class: "pg-label",
                                             transform: `translate(${x} ${y}) rotate(${angle})` },
                                  this.svg));
    }
    inputs.forEach((input, i) => {
      svgElement("circle", { cx: input.x, cy: input.y, r: 18 }, this.svg);
      svgElement("text", { x: input.x, y: input.y }, this.svg).textContent = `x${SUBSCRIPTS[i + 1]}`;
    });
    svgElement("line", { x1: neuron.x, y1: neuron.y, x2: 330, y2: neuron.y,
                         class: "pg-output" }, this.svg);
    svgElement("circle", { cx: neuron.x, cy: neuron.y, r: 26, class: "pg-neuron" }, this.svg);
    svgElement("text", { x: neuron.x, y: neuron.y }, this.svg).textContent = "φ";
    svgElement("circle", { cx: 330, cy: neuron.y, r: 18 }, this.svg);
    svgElement("text", { x: 330, y: neuron.y }, this.svg).textContent = "ŷ";
  }

  /** Label each line with its weight, its width by the weight's size, its style by sign. */
  update(weights) {
    const said = [];
    weights.forEach((w, i) => {
      const name = `w${SUBSCRIPTS[i + 1]}`;
      this.labels[i].textContent = `${name} = ${w.toFixed(3)}`;
      this.lines[i].setAttribute("stroke-width", (1 + 2 * Math.sqrt(Math.min(Math.abs(w), 20)))
        .toFixed(2));
      this.lines[i].setAttribute("class", `pg-weight ${w < 0 ? "pg-negative" : "pg-positive"}`);
      said.push(`${name} = ${w.toFixed(3)}`);
    });
    this.title.textContent = `The neuron: its ${weights.length} inputs, weighted by ` +
      `${said.join(", ")}, are summed into z, and ŷ = φ(z).`;
  }
}

// ---------------------------------------------------------------------------------------
// The boundary: the neuron's output over (x₁, x₂), on a canvas
// ---------------------------------------------------------------------------------------

const LOW = -0.25;
const HIGH = 1.25;
const SHADES = 64;  // the shading's cells a side, smoothed as the canvas scales them up

function rgb(hex) {
  const n = Number.parseInt(hex.replace("#", ""), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

class Boundary {
  constructor(canvas) {
    this.canvas = canvas;
    this.shading = Object.assign(document.createElement("canvas"), { width: SHADES,
                                                                     height: SHADES });
  }

  reset(data) {
    this.data = data;
    this.resize();
  }

  /** Match the canvas's pixels to its size on screen (which clears it, if they change). */
  resize() {
    const side = Math.round(this.canvas.clientWidth * devicePixelRatio);
    if (this.canvas.width !== side) this.canvas.width = this.canvas.height = side;
  }

  /** Shade ŷ = φ(z) over (x₁, x₂), z = w₁x₁ + w₂x₂ + w₃ (x₃ = 1 where the data has it,
   * else z = w₁x₁ + w₂x₂); draw the line where ŷ = ½, and the examples. */
  draw(weights) {
    const [w1, w2, w3 = 0] = weights;
    const { canvas } = this;
    const context = canvas.getContext("2d");
    const side = canvas.width;
    const scale = side / 288;  // sizes below are for a canvas 288 pixels a side
    const toPixel = (x) => ((x - LOW) / (HIGH - LOW)) * side;
    context.clearRect(0, 0, side, side);

    const image = new ImageData(SHADES, SHADES);
    const [zero, one] = [rgb(colors.zero), rgb(colors.one)];
    for (let row = 0; row < SHADES; row++) {
      for (let column = 0; column < SHADES; column++) {
        const x1 = LOW + ((column + 0.5) / SHADES) * (HIGH - LOW);
        const x2 = HIGH - ((row + 0.5) / SHADES) * (HIGH - LOW);
        const yHat = sigmoid(w1 * x1 + w2 * x2 + w3);
        const at = 4 * (row * SHADES + column);
        for (let c = 0; c < 3; c++) image.data[at + c] = zero[c] + yHat * (one[c] - zero[c]);
        image.data[at + 3] = 140;
      }
    }
    this.shading.getContext("2d").putImageData(image, 0, 0);
    context.drawImage(this.shading, 0, 0, side, side);

    // The line where ŷ = ½, that is z = 0, across the whole square.
    const ends = Math.abs(w2) > Math.abs(w1)
      ? [LOW, HIGH].map((x1) => [x1, -(w3 + w1 * x1) / w2])
      : [LOW, HIGH].map((x2) => [-(w3 + w2 * x2) / w1, x2]);
    if (ends.flat().every(Number.isFinite)) {
      context.strokeStyle = colors.text;
      context.lineWidth = 2 * scale;
      context.beginPath();
      context.moveTo(toPixel(ends[0][0]), side - toPixel(ends[0][1]));
      context.lineTo(toPixel(ends[1][0]), side - toPixel(ends[1][1]));
      context.stroke();
    }

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
      label(`[${x.join(", ")}] → ${this.data.targets[i]}`, px,
            py + (x[1] === 1 ? -16 : 24) * scale);
    });
    label("x₁ →", side / 2, side - 8 * scale);
    label("x₂ ↑", 6 * scale, side / 2, "left");
  }
}

// ---------------------------------------------------------------------------------------
// Training in slices
// ---------------------------------------------------------------------------------------

/** The longest a training task runs before the page may paint and take input: well under
 * the 50 ms that makes a task a long one. */
const SLICE_MS = 8;
/** The longest a run trained at once goes without letting the page paint a frame. */
const FRAME_MS = 33;
/** Epochs trained between looks at the clock. */
const CHUNK = 500;
/** A paced run goes from its first epoch to its last in about this many frames, taking more
 * epochs each frame, so that it moves at an even pace along the log-log axes. */
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

/** Run `task` once the page has taken input, and painted a frame first if `frameFirst`: by
 * default, for a paced run or if the page has not painted for FRAME_MS. The task is one the
 * reader waits for, so it goes ahead of the page's others (scheduler.postTask) where the
 * browser has a scheduler; it never runs inside a frame, which has the figures to draw. */
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

/** Train the whole run, in slices, once the page has painted its first state; the time it
 * takes, from the first slice to the last, is the performance measure TRAINED. */
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
  run = createRun(settingsFor(settings));
  resetCharts();
  diagram.reset(run.features);
  boundary.reset(data);
  draw();  // the initial weights at once, so the page's layout is settled before it loads
  trainAtOnce();
}

/** Empty charts for the run, each example's curve labelled with its inputs. */
function resetCharts() {
  const labels = data.inputs.map((x) => `x = [${x.join(", ")}]`);
  for (const chart of charts) chart.reset(run.epochs, labels);
}

function requestDraw() {
  if (drawing) return;
  drawing = true;
  requestAnimationFrame(draw);
}

const stats = $("pg-stats");

/** What the run has reached: its epoch, cost and prediction for the data's new input. */
function summary() {
  const w = run.weights;
  return {
    epoch: `Epoch ${english.format(run.epoch)} of ${english.format(run.epochs)}`,
    cost: `cost ${cost(data.inputs, data.targets, w).toExponential(3)}`,
    prediction: `prediction for [${data.newInput.join(", ")}]: ` +
                `${predict([data.newInput], w)[0].toFixed(8)}`,
  };
}

function draw() {
  drawing = false;
  painted = performance.now();
  const w = run.weights;
  const { epoch, cost: costText, prediction } = summary();
  stats.textContent = `${epoch} · ${costText} · ${prediction}`;
  diagram.update(w);
  boundary.draw(w);
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

// ---------------------------------------------------------------------------------------
// The controls and the address
// ---------------------------------------------------------------------------------------

/** Show `settings` in the controls and `problems` (as text) next to them. */
function showSettings(chosen, problems) {
  for (const name of ["seed", "alpha", "epochs", "data"]) form.elements[name].value = chosen[name];
  form.elements.derivative.value = chosen.derivative;
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
  const { settings: chosen, problems } = readSettings(new URLSearchParams(new FormData(form)));
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
  run = createRun(settingsFor(settings));
  requestDraw();
  announce("Reset to the initial weights.");
  showButtons();
});

// ---------------------------------------------------------------------------------------
// Start: the controls' limits, the palette, the page's width, then the address's run
// ---------------------------------------------------------------------------------------

Object.assign(form.elements.seed, { min: 0, max: SEED_MAX });
Object.assign(form.elements.alpha, ALPHA);
Object.assign(form.elements.epochs, EPOCHS);

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
