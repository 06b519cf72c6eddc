// node:perf_hooks — `performance` (now, timeOrigin, mark/measure, toJSON) on the
// monotonic clock the kernel provides.

const { now } = require('internal/timers');

// Taken on first use in a process (never while the engine boots into a shared snapshot).
let timeOrigin;
function origin() {
  timeOrigin ??= Date.now() - now();
  return timeOrigin;
}
const entries = [];

class PerformanceEntry {
  constructor(name, entryType, startTime, duration, detail) {
    this.name = name;
    this.entryType = entryType;
    this.startTime = startTime;
    this.duration = duration;
    this.detail = detail ?? null;
  }

  toJSON() {
    return { ...this };
  }
}

class Performance {
  get timeOrigin() {
    return origin();
  }

  now() {
    return now();
  }

  mark(name, options = {}) {
    const entry = new PerformanceEntry(`${name}`, 'mark', options.startTime ?? now(), 0, options.detail);
    entries.push(entry);
    return entry;
  }

  measure(name, startOrOptions, endMark) {
    const find = (mark) => {
      if (mark === undefined) return undefined;
      if (typeof mark === 'number') return mark;
      const found = entries.findLast((e) => e.entryType === 'mark' && e.name === mark);
      if (!found) {
        const error = new SyntaxError(`The "${mark}" performance mark has not been set`);
        error.code = 'ERR_INVALID_PERFORMANCE_MARK';
        throw error;
      }
      return found.startTime;
    };
    const options = startOrOptions !== null && typeof startOrOptions === 'object' ? startOrOptions : {};
    const start = find(options.start ?? (typeof startOrOptions === 'object' ? undefined : startOrOptions)) ?? 0;
    const end = find(options.end ?? endMark) ?? now();
    const entry = new PerformanceEntry(`${name}`, 'measure', start, end - start, options.detail);
    entries.push(entry);
    return entry;
  }

  getEntries() {
    return [...entries];
  }

  getEntriesByName(name, type) {
    return entries.filter((e) => e.name === name && (type === undefined || e.entryType === type));
  }

  getEntriesByType(type) {
    return entries.filter((e) => e.entryType === type);
  }

  clearMarks(name) {
    remove((e) => e.entryType === 'mark' && (name === undefined || e.name === name));
  }

  clearMeasures(name) {
    remove((e) => e.entryType === 'measure' && (name === undefined || e.name === name));
  }

  toJSON() {
    return { timeOrigin: origin(), nodeTiming: {}, eventLoopUtilization: {} };
  }

  get [Symbol.toStringTag]() {
    return 'Performance';
  }
}

function remove(predicate) {
  for (let i = entries.length - 1; i >= 0; i--) if (predicate(entries[i])) entries.splice(i, 1);
}

const performance = new Performance();

module.exports = { performance, Performance, PerformanceEntry };
