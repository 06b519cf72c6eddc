// node:perf_hooks — the performance timeline of Node 22: `performance` (an EventTarget:
// now, timeOrigin, nodeTiming, mark/measure, resource timing with its bounded buffer and
// 'resourcetimingbufferfull', timerify, eventLoopUtilization), the entry classes,
// PerformanceObserver (callbacks batched on an immediate, `buffered` replay), histograms
// (internal/perf/histogram) and the GC constants.
//
// Times are milliseconds since the process started, on the clock behind `process.hrtime`.
// The event loop's milestones and idle time come from the engine (`loopTiming`); the
// startup milestones are taken while the process starts. A worker's `timeOrigin` is its
// parent's, as in Node. 'gc' entries are produced for the collections `globalThis.gc()`
// forces (QuickJS collects otherwise without telling anyone); node:dns reports its 'dns'
// entries through `timeOperation`, as node:http its 'http' ones, node:http2 its 'http2'
// ones and node:net its 'net' ones (TCP connects).

const { EventTarget, Event } = require('internal/event_target');
const {
  codes: {
    ERR_ILLEGAL_CONSTRUCTOR,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_MISSING_ARGS,
    ERR_PERFORMANCE_INVALID_TIMESTAMP,
    ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS,
  },
  validateFunction,
  validateNumber,
  validateObject,
} = require('internal/errors');
const {
  RecordableHistogram,
  createHistogram,
  monitorEventLoopDelay,
} = require('internal/perf/histogram');

const engine = binding('engine');
const { hrtime } = binding('process');
const kConstruct = Symbol('kConstruct');
const kInspect = Symbol.for('nodejs.util.inspect.custom');

const constants = Object.freeze({
  __proto__: null,
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
});

// Milliseconds since the process started.
function now() {
  return process.uptime() * 1000;
}

// A time read from the `process.hrtime` clock (in ms), on the timeline's clock.
function fromHrtime(ms) {
  return ms < 0 ? -1 : ms - (Number(hrtime()) / 1e6 - now());
}

let timeOrigin;
const milestones = { v8Start: -1, environment: -1, bootstrapComplete: -1 };

// Called as the process starts (internal/bootstrap), before the entry script runs.
function recordStartup() {
  milestones.v8Start = now();
  timeOrigin = Date.now() - now();
  milestones.environment = now();
  milestones.bootstrapComplete = now();
}

function inspectAs(object, name, depth, options, inspect) {
  if (depth < 0) return object;
  return `${name} ${inspect(object.toJSON(),
    { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
}

// Node's V8 message for a Symbol where a string is needed.
function toName(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return `${value}`;
}

class PerformanceEntry {
  #name;
  #type;
  #start;
  #duration;

  constructor(token, name, type, start, duration) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this.#name = name;
    this.#type = type;
    this.#start = start;
    this.#duration = duration;
  }

  get name() { return this.#name; }
  get entryType() { return this.#type; }
  get startTime() { return this.#start; }
  get duration() { return this.#duration; }

  toJSON() {
    return {
      name: this.#name,
      entryType: this.#type,
      startTime: this.#start,
      duration: this.#duration,
    };
  }

  [kInspect](depth, options, inspect) {
    return inspectAs(this, this.constructor.name, depth, options, inspect);
  }
}

// An entry with a `detail` (function, gc and the other Node-specific types).
class PerformanceNodeEntry extends PerformanceEntry {
  #detail;

  constructor(token, name, type, start, duration, detail) {
    super(token, name, type, start, duration);
    this.#detail = detail;
  }

  get detail() { return this.#detail; }

  toJSON() {
    return { ...super.toJSON(), detail: this.#detail };
  }
}

function cloneDetail(detail) {
  return detail == null ? null : structuredClone(detail);
}

class PerformanceMark extends PerformanceEntry {
  #detail;

  constructor(name, options) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    name = toName(name);
    if (options !== undefined) validateObject(options, 'options');
    const startTime = options?.startTime ?? now();
    validateNumber(startTime, 'startTime');
    if (startTime < 0) throw new ERR_PERFORMANCE_INVALID_TIMESTAMP(startTime);
    super(kConstruct, name, 'mark', startTime, 0);
    this.#detail = cloneDetail(options?.detail);
  }

  get detail() { return this.#detail; }

  toJSON() {
    return { ...super.toJSON(), detail: this.#detail };
  }
}

class PerformanceMeasure extends PerformanceEntry {
  #detail;

  constructor(token, name, start, duration, detail) {
    super(token, name, 'measure', start, duration);
    this.#detail = detail;
  }

  get detail() { return this.#detail; }

  toJSON() {
    return { ...super.toJSON(), detail: this.#detail };
  }
}

for (const entryClass of [PerformanceEntry, PerformanceMark, PerformanceMeasure]) {
  Object.defineProperty(entryClass.prototype, Symbol.toStringTag, {
    __proto__: null, configurable: true, value: entryClass.name,
  });
}

// A fetch's timing, as `markResourceTiming` receives it from undici.
class PerformanceResourceTiming extends PerformanceEntry {
  #initiatorType;
  #timing;
  #cacheMode;
  #responseStatus;
  #deliveryType;

  constructor(token, name, initiatorType, timing, cacheMode, responseStatus, deliveryType) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super(token, name, 'resource', timing.startTime, timing.endTime - timing.startTime);
    this.#initiatorType = initiatorType;
    this.#timing = timing;
    this.#cacheMode = cacheMode;
    this.#responseStatus = responseStatus;
    this.#deliveryType = deliveryType;
  }

  get initiatorType() { return this.#initiatorType; }
  get workerStart() { return this.#timing.finalServiceWorkerStartTime; }
  get redirectStart() { return this.#timing.redirectStartTime; }
  get redirectEnd() { return this.#timing.redirectEndTime; }
  get fetchStart() { return this.#timing.postRedirectStartTime; }
  get domainLookupStart() { return this.#timing.finalConnectionTimingInfo?.domainLookupStartTime; }
  get domainLookupEnd() { return this.#timing.finalConnectionTimingInfo?.domainLookupEndTime; }
  get connectStart() { return this.#timing.finalConnectionTimingInfo?.connectionStartTime; }
  get connectEnd() { return this.#timing.finalConnectionTimingInfo?.connectionEndTime; }

  get secureConnectionStart() {
    return this.#timing.finalConnectionTimingInfo?.secureConnectionStartTime;
  }

  get nextHopProtocol() { return this.#timing.finalConnectionTimingInfo?.ALPNNegotiatedProtocol; }
  get requestStart() { return this.#timing.finalNetworkRequestStartTime; }
  get responseStart() { return this.#timing.finalNetworkResponseStartTime; }
  get responseEnd() { return this.#timing.endTime; }
  get encodedBodySize() { return this.#timing.encodedBodySize; }
  get decodedBodySize() { return this.#timing.decodedBodySize; }
  get deliveryType() { return this.#deliveryType; }
  get responseStatus() { return this.#responseStatus; }

  get transferSize() {
    if (this.#cacheMode === 'local') return 0;
    if (this.#cacheMode === 'validated') return 300;
    return this.#timing.encodedBodySize + 300;
  }

  // The timing fields in the order Node lists them.
  #fields() {
    return {
      ...super.toJSON(),
      initiatorType: this.initiatorType,
      nextHopProtocol: this.nextHopProtocol,
      workerStart: this.workerStart,
      redirectStart: this.redirectStart,
      redirectEnd: this.redirectEnd,
      fetchStart: this.fetchStart,
      domainLookupStart: this.domainLookupStart,
      domainLookupEnd: this.domainLookupEnd,
      connectStart: this.connectStart,
      connectEnd: this.connectEnd,
      secureConnectionStart: this.secureConnectionStart,
      requestStart: this.requestStart,
      responseStart: this.responseStart,
      responseEnd: this.responseEnd,
      transferSize: this.transferSize,
      encodedBodySize: this.encodedBodySize,
      decodedBodySize: this.decodedBodySize,
    };
  }

  toJSON() {
    return { ...this.#fields(), responseStatus: this.responseStatus, deliveryType: this.deliveryType };
  }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return this;
    const fields =
      { ...this.#fields(), deliveryType: this.deliveryType, responseStatus: this.responseStatus };
    return `PerformanceResourceTiming ${inspect(fields,
      { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

Object.defineProperty(PerformanceResourceTiming.prototype, Symbol.toStringTag, {
  __proto__: null, configurable: true, value: 'PerformanceResourceTiming',
});

// The process's milestones, as `performance.nodeTiming`.
class PerformanceNodeTiming {
  constructor(token) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
  }

  get name() { return 'node'; }
  get entryType() { return 'node'; }
  get startTime() { return 0; }
  get duration() { return now(); }
  get nodeStart() { return 0; }
  get v8Start() { return milestones.v8Start; }
  get environment() { return milestones.environment; }
  get bootstrapComplete() { return milestones.bootstrapComplete; }
  get loopStart() { return fromHrtime(engine.loopTiming().loopStart); }
  get loopExit() { return fromHrtime(engine.loopTiming().loopExit); }
  get idleTime() { return engine.loopTiming().idleTime; }

  get uvMetricsInfo() {
    const { loopCount, events, eventsWaiting } = engine.loopTiming();
    return { loopCount, events, eventsWaiting };
  }

  toJSON() {
    const json = {};
    for (const key of ['name', 'entryType', 'startTime', 'duration', 'nodeStart', 'v8Start',
      'bootstrapComplete', 'environment', 'loopStart', 'loopExit', 'idleTime']) {
      json[key] = this[key];
    }
    return json;
  }

  [kInspect](depth, options, inspect) {
    return inspectAs(this, 'PerformanceNodeTiming', depth, options, inspect);
  }
}

const nodeTiming = new PerformanceNodeTiming(kConstruct);

// The timeline's buffers: marks and measures without bound, resource entries up to the
// buffer size, with the overflow held back until 'resourcetimingbufferfull' is handled.
const userTimings = [];
let resourceTimings = [];
let resourceOverflow = [];
let resourceBufferSize = 250;
let bufferFullPending = false;

function byStartTime(entries) {
  return entries.sort((a, b) => a.startTime - b.startTime);
}

function filterEntries(entries, name, type) {
  return byStartTime(entries.filter((entry) =>
    (name === undefined || entry.name === name) &&
    (type === undefined || entry.entryType === type)));
}

// The latest mark of a name, a nodeTiming milestone, or a timestamp.
function markTime(mark) {
  if (mark === undefined) return undefined;
  if (typeof mark === 'number') {
    if (mark < 0) throw new ERR_PERFORMANCE_INVALID_TIMESTAMP(mark);
    return mark;
  }
  const name = toName(mark);
  if (['nodeStart', 'v8Start', 'environment', 'loopStart', 'loopExit',
    'bootstrapComplete'].includes(name)) {
    return nodeTiming[name];
  }
  const found = userTimings.findLast((entry) => entry.entryType === 'mark' && entry.name === name);
  if (found === undefined) {
    const { DOMException } = require('internal/dom_exception');
    throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
  }
  return found.startTime;
}

function measureSpan(startOrOptions, endMark) {
  let start;
  let end;
  let duration;
  let optionsValid = false;
  if (typeof startOrOptions === 'object' && startOrOptions !== null) {
    ({ start, end, duration } = startOrOptions);
    optionsValid = start !== undefined || end !== undefined;
  }
  if (optionsValid) {
    if (endMark !== undefined) {
      throw new ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS('endMark must not be specified');
    }
    if (start !== undefined && end !== undefined && duration !== undefined) {
      throw new ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS(
        'Must not have options.start, options.end, and options.duration specified');
    }
  }
  let endTime;
  if (endMark !== undefined) {
    endTime = markTime(endMark);
  } else if (optionsValid && end !== undefined) {
    endTime = markTime(end);
  } else if (optionsValid && start !== undefined && duration !== undefined) {
    endTime = markTime(start) + markTime(duration);
  } else {
    endTime = now();
  }
  let startTime;
  if (typeof startOrOptions === 'string') {
    startTime = markTime(startOrOptions);
  } else if (optionsValid && start !== undefined) {
    startTime = markTime(start);
  } else if (optionsValid && duration !== undefined && end !== undefined) {
    startTime = endTime - markTime(duration);
  } else {
    startTime = 0;
  }
  return { startTime, duration: endTime - startTime };
}

// Observers and the entries each is waiting to be told about.
const observers = new Set();
const pendingObservers = new Set();
let dispatchScheduled = false;

const supportedEntryTypes = Object.freeze(
  ['dns', 'function', 'gc', 'http', 'http2', 'mark', 'measure', 'net', 'resource']);

function observed(type) {
  for (const observer of observers) if (observer[kTypes].has(type)) return true;
  return false;
}

function enqueue(entry) {
  for (const observer of observers) {
    if (!observer[kTypes].has(entry.entryType)) continue;
    observer[kBuffer].push(entry);
    pendingObservers.add(observer);
  }
  if (pendingObservers.size === 0 || dispatchScheduled) return;
  dispatchScheduled = true;
  setImmediate(() => {
    dispatchScheduled = false;
    const pending = [...pendingObservers];
    pendingObservers.clear();
    for (const observer of pending) observer[kDispatch]();
  });
}

class PerformanceObserverEntryList {
  #entries;

  constructor(token, entries) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this.#entries = byStartTime(entries);
  }

  getEntries() {
    return [...this.#entries];
  }

  getEntriesByType(type) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    return filterEntries(this.#entries, undefined, toName(type));
  }

  getEntriesByName(name, type) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    return filterEntries(this.#entries, toName(name), type === undefined ? undefined : toName(type));
  }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return this;
    return `PerformanceObserverEntryList ${inspect(this.#entries,
      { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

const kTypes = Symbol('kTypes');
const kBuffer = Symbol('kBuffer');
const kDispatch = Symbol('kDispatch');

class PerformanceObserver {
  #callback;
  #mode;

  constructor(callback) {
    validateFunction(callback, 'callback');
    this.#callback = callback;
    this[kTypes] = new Set();
    this[kBuffer] = [];
  }

  static get supportedEntryTypes() {
    return supportedEntryTypes;
  }

  observe(options = {}) {
    validateObject(options, 'options');
    const { entryTypes, type, buffered } = options;
    if (entryTypes === undefined && type === undefined) {
      throw new ERR_MISSING_ARGS('options.entryTypes', 'options.type');
    }
    if (entryTypes != null && type != null) {
      throw new ERR_INVALID_ARG_VALUE('options.entryTypes', entryTypes,
        'options.entryTypes can not set with options.type together');
    }
    const mode = entryTypes != null ? 'multiple' : 'single';
    if (this.#mode !== undefined && this.#mode !== mode) {
      throw new ERR_INVALID_ARG_VALUE('options.entryTypes', entryTypes ?? type,
        'options.entryTypes can not be combined with options.type on one observer');
    }
    this.#mode = mode;
    if (mode === 'multiple') {
      if (!Array.isArray(entryTypes)) {
        throw new ERR_INVALID_ARG_TYPE('options.entryTypes', 'string[]', entryTypes);
      }
      this[kTypes].clear();
      for (const entryType of entryTypes) {
        if (supportedEntryTypes.includes(entryType)) this[kTypes].add(entryType);
      }
    } else {
      const entryType = toName(type);
      if (!supportedEntryTypes.includes(entryType)) return;
      this[kTypes].add(entryType);
      if (buffered) {
        const entries = entryType === 'resource' ? resourceTimings : userTimings;
        this[kBuffer].push(...entries.filter((entry) => entry.entryType === entryType));
        if (this[kBuffer].length > 0) pendingObservers.add(this);
      }
    }
    if (this[kTypes].size === 0) {
      observers.delete(this);
      return;
    }
    observers.add(this);
  }

  disconnect() {
    observers.delete(this);
    pendingObservers.delete(this);
    this[kTypes].clear();
    this[kBuffer] = [];
  }

  takeRecords() {
    const records = this[kBuffer];
    this[kBuffer] = [];
    return records;
  }

  [kDispatch]() {
    const records = this.takeRecords();
    if (records.length === 0) return;
    Reflect.apply(this.#callback, this,
      [new PerformanceObserverEntryList(kConstruct, records), this]);
  }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return this;
    return `PerformanceObserver ${inspect({
      connected: observers.has(this),
      pending: pendingObservers.has(this),
      entryTypes: [...this[kTypes]],
      buffer: this[kBuffer],
    }, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

function bufferResourceTiming(entry) {
  if (resourceTimings.length < resourceBufferSize && resourceOverflow.length === 0) {
    resourceTimings.push(entry);
    return;
  }
  resourceOverflow.push(entry);
  if (bufferFullPending) return;
  bufferFullPending = true;
  setImmediate(() => {
    // The Resource Timing spec's "fire a buffer full event": listeners may clear the
    // buffer or enlarge it, after which held-back entries move in, oldest first.
    while (resourceOverflow.length > 0) {
      const before = resourceOverflow.length;
      if (resourceTimings.length >= resourceBufferSize) {
        performance.dispatchEvent(new Event('resourcetimingbufferfull'));
      }
      const room = Math.max(0, resourceBufferSize - resourceTimings.length);
      resourceTimings.push(...resourceOverflow.splice(0, room));
      if (resourceOverflow.length >= before) resourceOverflow = [];
    }
    bufferFullPending = false;
  });
}

// WebIDL's `unsigned long` as Node converts the buffer size: anything that is not a
// non-negative integer below 2^32 becomes 0.
function toBufferSize(value) {
  return Number.isInteger(value) && value >= 0 && value < 2 ** 32 ? value : 0;
}

function timerify(fn, options = {}) {
  validateFunction(fn, 'fn');
  validateObject(options, 'options');
  const { histogram } = options;
  if (histogram !== undefined && !(histogram instanceof RecordableHistogram)) {
    throw new ERR_INVALID_ARG_TYPE('options.histogram', 'RecordableHistogram', histogram);
  }
  const finish = (start, args) => {
    const duration = now() - start;
    histogram?.record(Math.max(1, Math.ceil(duration * 1e6)));
    if (!observed('function')) return;
    const entry = new PerformanceNodeEntry(kConstruct, fn.name, 'function', start, duration, args);
    for (let i = 0; i < args.length; i++) entry[i] = args[i];
    enqueue(entry);
  };
  function timerified(...args) {
    const start = now();
    const result = new.target ? Reflect.construct(fn, args, fn) : Reflect.apply(fn, this, args);
    if (typeof result?.finally === 'function') return result.finally(() => finish(start, args));
    finish(start, args);
    return result;
  }
  Object.defineProperties(timerified, {
    length: { __proto__: null, configurable: true, value: fn.length },
    name: { __proto__: null, configurable: true, value: `timerified ${fn.name}` },
  });
  return timerified;
}

function eventLoopUtilization(util1, util2) {
  const loopStart = nodeTiming.loopStart;
  if (loopStart <= 0) return { idle: 0, active: 0, utilization: 0 };
  if (util2) {
    const idle = util1.idle - util2.idle;
    const active = util1.active - util2.active;
    return { idle, active, utilization: active / (idle + active) };
  }
  const idle = nodeTiming.idleTime;
  const active = now() - loopStart - idle;
  if (!util1) return { idle, active, utilization: active / (idle + active) };
  const idleDelta = idle - util1.idle;
  const activeDelta = active - util1.active;
  return { idle: idleDelta, active: activeDelta, utilization: activeDelta / (idleDelta + activeDelta) };
}

class Performance extends EventTarget {
  constructor(token) {
    if (token !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super();
  }

  get timeOrigin() {
    timeOrigin ??= Date.now() - now();
    return timeOrigin;
  }

  get nodeTiming() {
    return nodeTiming;
  }

  get eventLoopUtilization() {
    return eventLoopUtilization;
  }

  get timerify() {
    return timerify;
  }

  now() {
    return now();
  }

  mark(name, options) {
    const entry = new PerformanceMark(name, options);
    userTimings.push(entry);
    enqueue(entry);
    return entry;
  }

  measure(name, startOrOptions, endMark) {
    name = toName(name);
    const { startTime, duration } = measureSpan(startOrOptions, endMark);
    const detail = typeof startOrOptions === 'object' && startOrOptions !== null ?
      cloneDetail(startOrOptions.detail) : null;
    const entry = new PerformanceMeasure(kConstruct, name, startTime, duration, detail);
    userTimings.push(entry);
    enqueue(entry);
    return entry;
  }

  clearMarks(name) {
    this.#clear('mark', name);
  }

  clearMeasures(name) {
    this.#clear('measure', name);
  }

  clearResourceTimings(name) {
    const kept = name === undefined ? [] :
      resourceTimings.filter((entry) => entry.name !== toName(name));
    resourceTimings = kept;
  }

  #clear(type, name) {
    const wanted = name === undefined ? undefined : toName(name);
    for (let i = userTimings.length - 1; i >= 0; i--) {
      const entry = userTimings[i];
      if (entry.entryType === type && (wanted === undefined || entry.name === wanted)) {
        userTimings.splice(i, 1);
      }
    }
  }

  getEntries() {
    return byStartTime([...userTimings, ...resourceTimings]);
  }

  getEntriesByName(name, type) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    name = toName(name);
    if (type === undefined) return filterEntries([...userTimings, ...resourceTimings], name);
    type = toName(type);
    return filterEntries(type === 'resource' ? resourceTimings : userTimings, name, type);
  }

  getEntriesByType(type) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    type = toName(type);
    return filterEntries(type === 'resource' ? resourceTimings : userTimings, undefined, type);
  }

  markResourceTiming(timingInfo, requestedUrl, initiatorType, global, cacheMode, bodyInfo,
    responseStatus, deliveryType = '') {
    const entry = new PerformanceResourceTiming(kConstruct, requestedUrl, initiatorType,
      timingInfo, cacheMode, responseStatus, deliveryType);
    enqueue(entry);
    bufferResourceTiming(entry);
    return entry;
  }

  setResourceTimingBufferSize(maxSize) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('maxSize');
    resourceBufferSize = toBufferSize(maxSize);
  }

  toJSON() {
    return {
      nodeTiming: this.nodeTiming,
      timeOrigin: this.timeOrigin,
      eventLoopUtilization: this.eventLoopUtilization(),
    };
  }

  get [Symbol.toStringTag]() {
    return 'Performance';
  }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return this;
    return `Performance ${inspect(this.toJSON(),
      { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

const performance = new Performance(kConstruct);

// A worker keeps its parent's time origin (node:worker_threads).
function adoptTimeOrigin(origin) {
  timeOrigin = origin;
}

// Runs a garbage collection `globalThis.gc()` asked for, reporting it as a forced major
// collection to 'gc' observers.
function collectGarbage() {
  const start = now();
  engine.collectGarbage();
  if (!observed('gc')) return;
  const kind = constants.NODE_PERFORMANCE_GC_MAJOR;
  const flags = constants.NODE_PERFORMANCE_GC_FLAGS_FORCED;
  const entry = new PerformanceNodeEntry(kConstruct, 'gc', 'gc', start, now() - start,
    { kind, flags });
  Object.defineProperties(entry, {
    kind: { __proto__: null, enumerable: true, value: kind },
    flags: { __proto__: null, enumerable: true, value: flags },
  });
  enqueue(entry);
}

// Times one of Node's operations (a DNS lookup, say) for the observers of `type`: returns
// the function to call once it has succeeded, with what its outcome adds to `detail`, or
// undefined when nobody observes `type`. With `legacyFields` each field of the detail is
// also an accessor of the entry itself, deprecated (DEP0152), as on the entries Node's
// native layer reports (http2).
function timeOperation(type, name, detail, legacyFields = false) {
  if (!observed(type)) return undefined;
  const start = now();
  return (outcome) => {
    const fields = { ...detail, ...outcome };
    const entry = new PerformanceNodeEntry(kConstruct, name, type, start, now() - start, fields);
    if (legacyFields) defineLegacyFields(entry, name, fields);
    enqueue(entry);
  };
}

function defineLegacyFields(entry, name, fields) {
  const { deprecate } = require('util');
  const values = { ...fields };
  for (const key of Object.keys(values)) {
    const message = `Use ${name}.detail.${key} instead.`;
    Object.defineProperty(entry, key, {
      __proto__: null,
      configurable: true,
      enumerable: true,
      get: deprecate(() => values[key], message, 'DEP0152'),
      set: deprecate((value) => { values[key] = value; }, message, 'DEP0152'),
    });
  }
}

module.exports = {
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
  PerformanceResourceTiming,
  monitorEventLoopDelay,
  createHistogram,
  performance,
  constants,
  [Symbol.for('secure-exec.perf.recordStartup')]: recordStartup,
  [Symbol.for('secure-exec.perf.collectGarbage')]: collectGarbage,
  [Symbol.for('secure-exec.perf.timeOperation')]: timeOperation,
  [Symbol.for('secure-exec.perf.adoptTimeOrigin')]: adoptTimeOrigin,
};
