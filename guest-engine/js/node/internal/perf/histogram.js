// internal/perf/histogram — the histograms of `node:perf_hooks`: `createHistogram()`'s
// RecordableHistogram and `monitorEventLoopDelay()`'s ELDHistogram. Node keeps an
// HdrHistogram in C++; this one counts every recorded value exactly, so min, max, mean,
// stddev and percentiles are exact rather than bucketed to `figures` significant digits.
// `percentiles` lists the percentile reached at each distinct recorded value (HdrHistogram
// iterates its own buckets instead). A value above `highest` is not recorded and counts
// in `exceeds`, as in Node. Histograms are not cloneable across a MessagePort here.

const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE },
  validateInteger,
  validateNumber,
  validateObject,
} = require('internal/errors');

const kConstruct = Symbol('kConstruct');
const INT64_MAX = 9223372036854775807n;
const kInspect = Symbol.for('nodejs.util.inspect.custom');

class Histogram {
  #lowest;
  #highest;
  #counts = new Map();
  #sorted = null;
  #count = 0;
  #sum = 0;
  #sumOfSquares = 0;
  #min = INT64_MAX;
  #max = 0n;
  #exceeds = 0;

  constructor(token, lowest = 1, highest = Number.MAX_SAFE_INTEGER) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this.#lowest = BigInt(lowest);
    this.#highest = BigInt(highest);
  }

  get count() { return this.#count; }
  get countBigInt() { return BigInt(this.#count); }
  get min() { return Number(this.#min); }
  get minBigInt() { return this.#min; }
  get max() { return Number(this.#max); }
  get maxBigInt() { return this.#max; }
  get exceeds() { return this.#exceeds; }
  get exceedsBigInt() { return BigInt(this.#exceeds); }
  get mean() { return this.#count === 0 ? NaN : this.#sum / this.#count; }

  get stddev() {
    if (this.#count === 0) return NaN;
    const mean = this.#sum / this.#count;
    return Math.sqrt(Math.max(0, this.#sumOfSquares / this.#count - mean * mean));
  }

  percentile(percentile) {
    validateNumber(percentile, 'percentile');
    if (!(percentile > 0 && percentile <= 100)) {
      throw new ERR_OUT_OF_RANGE('percentile', '> 0 && <= 100', percentile);
    }
    return Number(this.#valueAt(percentile));
  }

  percentileBigInt(percentile) {
    validateNumber(percentile, 'percentile');
    if (!(percentile > 0 && percentile <= 100)) {
      throw new ERR_OUT_OF_RANGE('percentile', '> 0 && <= 100', percentile);
    }
    return this.#valueAt(percentile);
  }

  get percentiles() {
    return new Map([...this.#percentiles()].map(([p, value]) => [p, Number(value)]));
  }

  get percentilesBigInt() {
    return this.#percentiles();
  }

  reset() {
    this.#counts.clear();
    this.#sorted = null;
    this.#count = 0;
    this.#sum = 0;
    this.#sumOfSquares = 0;
    this.#min = INT64_MAX;
    this.#max = 0n;
    this.#exceeds = 0;
  }

  toJSON() {
    return {
      count: this.count,
      min: this.min,
      max: this.max,
      mean: this.mean,
      exceeds: this.exceeds,
      stddev: this.stddev,
      percentiles: Object.fromEntries(this.percentiles),
    };
  }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return `[${this.constructor.name}]`;
    const { count, min, max, mean, exceeds, stddev, percentiles } = this;
    return `Histogram ${inspect({ min, max, mean, exceeds, stddev, count, percentiles },
      { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }

  // Records `value` (a BigInt of nanoseconds or units), or counts it as exceeding.
  recordValue(value) {
    if (value < this.#lowest || value > this.#highest) {
      this.#exceeds++;
      return;
    }
    this.#counts.set(value, (this.#counts.get(value) ?? 0) + 1);
    this.#sorted = null;
    this.#count++;
    const number = Number(value);
    this.#sum += number;
    this.#sumOfSquares += number * number;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
  }

  // Adds every value recorded by `other`.
  addFrom(other) {
    for (const [value, count] of other.#counts) {
      for (let i = 0; i < count; i++) this.recordValue(value);
    }
    this.#exceeds += other.#exceeds;
  }

  #sortedValues() {
    this.#sorted ??= [...this.#counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.#sorted;
  }

  #valueAt(percentile) {
    if (this.#count === 0) return 0n;
    const wanted = Math.max(1, Math.ceil((percentile / 100) * this.#count));
    let seen = 0;
    for (const value of this.#sortedValues()) {
      seen += this.#counts.get(value);
      if (seen >= wanted) return value;
    }
    return this.#max;
  }

  #percentiles() {
    if (this.#count === 0) return new Map([[100, 0n]]);
    const result = new Map();
    let seen = 0;
    for (const value of this.#sortedValues()) {
      seen += this.#counts.get(value);
      result.set((seen / this.#count) * 100, value);
    }
    return result;
  }
}

class RecordableHistogram extends Histogram {
  #lastDelta;

  record(value) {
    if (typeof value !== 'bigint') {
      validateInteger(value, 'val', 1);
      value = BigInt(value);
    } else if (value < 1n) {
      throw new ERR_OUT_OF_RANGE('val', '>= 1', value);
    }
    this.recordValue(value);
  }

  // Records the nanoseconds since the previous call (the first call only starts).
  recordDelta() {
    const now = process.hrtime.bigint();
    if (this.#lastDelta !== undefined) this.recordValue(now - this.#lastDelta);
    this.#lastDelta = now;
  }

  add(other) {
    if (!(other instanceof RecordableHistogram)) {
      throw new ERR_INVALID_ARG_TYPE('other', 'RecordableHistogram', other);
    }
    this.addFrom(other);
  }
}

// Samples the event loop every `resolution` ms while enabled, recording in nanoseconds
// how long each turn of its unref'd timer actually took.
class ELDHistogram extends Histogram {
  #resolution;
  #timer = null;
  #previous = 0n;

  constructor(token, resolution) {
    super(token);
    this.#resolution = resolution;
  }

  enable() {
    if (this.#timer !== null) return false;
    this.#previous = process.hrtime.bigint();
    this.#timer = setInterval(() => {
      const now = process.hrtime.bigint();
      this.recordValue(now - this.#previous);
      this.#previous = now;
    }, this.#resolution);
    this.#timer.unref();
    return true;
  }

  disable() {
    if (this.#timer === null) return false;
    clearInterval(this.#timer);
    this.#timer = null;
    return true;
  }
}

function validateBound(value, name, min) {
  if (typeof value === 'bigint') return;
  validateInteger(value, name, min, Number.MAX_SAFE_INTEGER);
}

function createHistogram(options = {}) {
  validateObject(options, 'options');
  const { lowest = 1, highest = Number.MAX_SAFE_INTEGER, figures = 3 } = options;
  validateBound(lowest, 'options.lowest', 1);
  validateBound(highest, 'options.highest', 2 * Number(lowest));
  validateInteger(figures, 'options.figures', 1, 5);
  return new RecordableHistogram(kConstruct, lowest, highest);
}

function monitorEventLoopDelay(options = {}) {
  validateObject(options, 'options');
  const { resolution = 10 } = options;
  validateInteger(resolution, 'options.resolution', 1);
  return new ELDHistogram(kConstruct, resolution);
}

module.exports = {
  Histogram,
  RecordableHistogram,
  ELDHistogram,
  createHistogram,
  monitorEventLoopDelay,
};
