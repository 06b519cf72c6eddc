// node:console — the `Console` class and the global `console`.
//
// Owns option validation (streams, ignoreErrors, colorMode, inspectOptions,
// groupIndentation), writing with Node's error swallowing (a failing stream never
// throws out of console.log unless `ignoreErrors` is false or the stack overflowed),
// the `console.*` diagnostics channels, counters, timers, groups, trace, clear and
// console.table. The global console binds `process.stdout`/`process.stderr` lazily, so
// it follows later replacements of those streams.

const { formatWithOptions, inspect, types: { isMapIterator, isSetIterator } } = require('util');
const {
  codes: {
    ERR_CONSOLE_WRITABLE_STREAM,
    ERR_INCOMPATIBLE_OPTION_PAIR,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
  },
  validateArray,
  validateInteger,
} = require('internal/errors');
const { getStringWidth, shouldColorize } = require('internal/util/terminal');

const kMaxGroupIndentation = 1000;
const kSecond = 1000;
const kMinute = 60 * kSecond;
const kHour = 60 * kMinute;

const kIsConsole = Symbol('kIsConsole');
const kWriteToConsole = Symbol('kWriteToConsole');
const kGetInspectOptions = Symbol('kGetInspectOptions');
const kBindStreamsEager = Symbol('kBindStreamsEager');
const kBindStreamsLazy = Symbol('kBindStreamsLazy');
const kBindProperties = Symbol('kBindProperties');
const kColorMode = Symbol('kColorMode');
const kInspectOptions = Symbol('kInspectOptions');
const kCounts = Symbol('kCounts');
const kGroupIndent = Symbol('kGroupIndent');
const kGroupIndentationWidth = Symbol('kGroupIndentationWidth');
const kUseStdout = Symbol('kUseStdout');
const kUseStderr = Symbol('kUseStderr');

const kColorInspectOptions = { colors: true };
const kNoColorInspectOptions = {};

function noop() {}

let channels;
function consoleChannels() {
  if (channels === undefined) {
    const { channel } = require('diagnostics_channel');
    channels = {
      log: channel('console.log'),
      info: channel('console.info'),
      debug: channel('console.debug'),
      warn: channel('console.warn'),
      error: channel('console.error'),
    };
  }
  return channels;
}

function publish(name, args) {
  const target = consoleChannels()[name];
  if (target.hasSubscribers) target.publish(args);
}

function isStackOverflowError(error) {
  return error instanceof RangeError && error.message === 'Maximum call stack size exceeded';
}

// A write callback that keeps a failed write from becoming an uncaught 'error' event:
// the stream emits it later, so a one-shot noop listener is added if nobody listens.
function createWriteErrorHandler(instance, streamSymbol) {
  return (error) => {
    const stream = streamSymbol === kUseStdout ? instance._stdout : instance._stderr;
    if (error != null && !stream._writableState?.errorEmitted &&
        typeof stream.listenerCount === 'function' && stream.listenerCount('error') === 0) {
      stream.once('error', noop);
    }
  };
}

function Console(options, stderr, ignoreErrors) {
  if (!new.target) return Reflect.construct(Console, arguments);

  if (!options || typeof options.write === 'function') {
    options = { stdout: options, stderr, ignoreErrors };
  }
  const {
    stdout,
    stderr: errorStream = stdout,
    ignoreErrors: swallowErrors = true,
    colorMode = 'auto',
    inspectOptions,
    groupIndentation,
  } = options;

  if (!stdout || typeof stdout.write !== 'function') {
    throw new ERR_CONSOLE_WRITABLE_STREAM('stdout');
  }
  if (!errorStream || typeof errorStream.write !== 'function') {
    throw new ERR_CONSOLE_WRITABLE_STREAM('stderr');
  }
  if (typeof colorMode !== 'boolean' && colorMode !== 'auto') {
    throw new ERR_INVALID_ARG_VALUE('colorMode', colorMode, "must be one of: 'auto', true, false");
  }
  if (groupIndentation !== undefined) {
    validateInteger(groupIndentation, 'groupIndentation', 0, kMaxGroupIndentation);
  }
  if (inspectOptions !== undefined) {
    if (inspectOptions === null || typeof inspectOptions !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options.inspectOptions', 'object', inspectOptions);
    }
    if (inspectOptions.colors !== undefined && options.colorMode !== undefined) {
      throw new ERR_INCOMPATIBLE_OPTION_PAIR('options.inspectOptions.color', 'colorMode');
    }
  }

  // Every method is an own property bound to this instance, so `[].forEach(c.log)` works.
  for (const key of Object.keys(Console.prototype)) {
    this[key] = this[key].bind(this);
    Object.defineProperty(this[key], 'name', { value: key });
  }

  this[kBindStreamsEager](stdout, errorStream);
  this[kBindProperties](swallowErrors, colorMode, groupIndentation, inspectOptions);
}

Object.defineProperty(Console, Symbol.hasInstance, {
  value: (instance) => instance != null && instance[kIsConsole] === true,
});

// The write-error handlers a console installs however its streams are bound.
function writeErrorHandlers(console) {
  const handler = (use) => ({
    __proto__: null,
    value: createWriteErrorHandler(console, use),
    writable: true,
    configurable: true,
  });
  return { _stdoutErrorHandler: handler(kUseStdout), _stderrErrorHandler: handler(kUseStderr) };
}

const internalMethods = {
  [kBindStreamsEager](stdout, stderr) {
    Object.defineProperties(this, {
      _stdout: { __proto__: null, value: stdout, writable: true, configurable: true },
      _stderr: { __proto__: null, value: stderr, writable: true, configurable: true },
      ...writeErrorHandlers(this),
    });
  },

  // The global console reads process.stdout/stderr on each use until assigned.
  [kBindStreamsLazy](process) {
    let stdout;
    let stderr;
    Object.defineProperties(this, {
      _stdout: {
        __proto__: null,
        configurable: true,
        get() { return stdout ?? process.stdout; },
        set(value) { stdout = value; },
      },
      _stderr: {
        __proto__: null,
        configurable: true,
        get() { return stderr ?? process.stderr; },
        set(value) { stderr = value; },
      },
      ...writeErrorHandlers(this),
    });
  },

  [kBindProperties](ignoreErrors, colorMode, groupIndentation = 2, inspectOptions) {
    Object.defineProperties(this, {
      _ignoreErrors: { __proto__: null, value: Boolean(ignoreErrors), writable: true, configurable: true },
      _times: { __proto__: null, value: new Map(), writable: true, configurable: true },
      [kIsConsole]: { __proto__: null, value: true },
      [kCounts]: { __proto__: null, value: new Map(), writable: true },
      [kColorMode]: { __proto__: null, value: colorMode, writable: true },
      [kInspectOptions]: { __proto__: null, value: inspectOptions, writable: true },
      [kGroupIndent]: { __proto__: null, value: '', writable: true },
      [kGroupIndentationWidth]: { __proto__: null, value: groupIndentation, writable: true },
    });
  },

  [kWriteToConsole](streamSymbol, string) {
    const useStdout = streamSymbol === kUseStdout;
    const stream = useStdout ? this._stdout : this._stderr;
    const groupIndent = this[kGroupIndent];
    if (groupIndent.length !== 0) {
      if (string.includes('\n')) string = string.replace(/\n/g, `\n${groupIndent}`);
      string = groupIndent + string;
    }
    string += '\n';

    if (this._ignoreErrors === false) {
      stream.write(string);
      return;
    }
    // Errors may surface synchronously (a throwing write, an 'error' emitted during the
    // call) or later through the callback; both are swallowed, except a stack overflow.
    const addedListener = typeof stream.listenerCount === 'function' &&
      stream.listenerCount('error') === 0;
    try {
      if (addedListener) stream.once('error', noop);
      stream.write(string, useStdout ? this._stdoutErrorHandler : this._stderrErrorHandler);
    } catch (error) {
      if (isStackOverflowError(error)) throw error;
    } finally {
      if (addedListener) stream.removeListener('error', noop);
    }
  },

  [kGetInspectOptions](stream) {
    let color = this[kColorMode];
    if (color === 'auto') color = shouldColorize(stream);
    const options = this[kInspectOptions];
    if (options !== undefined) {
      return options.colors === undefined ? { ...options, colors: color } : options;
    }
    return color ? kColorInspectOptions : kNoColorInspectOptions;
  },
};

for (const key of Reflect.ownKeys(internalMethods)) {
  Object.defineProperty(Console.prototype, key, {
    __proto__: null, value: internalMethods[key], writable: true, configurable: true,
  });
}

function formatTimePart(value) {
  return `${value}`.padStart(2, '0');
}

// Elapsed time as Node prints it: `1.234ms`, `1.234s`, `1:02.345 (m:ss.mmm)` or
// `1:02:03.456 (h:mm:ss.mmm)`.
function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= kSecond) {
    if (ms >= kMinute) {
      if (ms >= kHour) {
        hours = Math.floor(ms / kHour);
        ms %= kHour;
      }
      minutes = Math.floor(ms / kMinute);
      ms %= kMinute;
    }
    seconds = ms / kSecond;
  }
  if (hours !== 0 || minutes !== 0) {
    const [whole, fraction] = seconds.toFixed(3).split('.');
    const prefix = hours !== 0 ? `${hours}:${formatTimePart(minutes)}` : minutes;
    return `${prefix}:${formatTimePart(whole)}.${fraction} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

function timeLogImpl(instance, name, label, data) {
  const start = instance._times.get(label);
  if (start === undefined) {
    process.emitWarning(`No such label '${label}' for console.${name}()`);
    return false;
  }
  const [secs, nanos] = process.hrtime(start);
  const formatted = formatTime(secs * 1000 + nanos / 1e6);
  if (data === undefined) {
    instance.log('%s: %s', label, formatted);
  } else {
    instance.log('%s: %s', label, formatted, ...data);
  }
  return true;
}

// log/info/debug write to stdout and warn/error to stderr; each publishes its arguments
// on its `console.<name>` channel before formatting, so subscribers may amend them.
function writer(name, streamSymbol) {
  const streamKey = streamSymbol === kUseStdout ? '_stdout' : '_stderr';
  return {
    [name](...args) {
      publish(name, args);
      this[kWriteToConsole](streamSymbol,
        formatWithOptions(this[kGetInspectOptions](this[streamKey]), ...args));
    },
  }[name];
}

const consoleMethods = {
  log: writer('log', kUseStdout),
  warn: writer('warn', kUseStderr),

  dir(object, options) {
    this[kWriteToConsole](kUseStdout, inspect(object, {
      customInspect: false,
      ...this[kGetInspectOptions](this._stdout),
      ...options,
    }));
  },

  time(label = 'default') {
    label = `${label}`;
    if (this._times.has(label)) {
      process.emitWarning(`Label '${label}' already exists for console.time()`);
      return;
    }
    this._times.set(label, process.hrtime());
  },

  timeEnd(label = 'default') {
    label = `${label}`;
    if (timeLogImpl(this, 'timeEnd', label)) this._times.delete(label);
  },

  timeLog(label = 'default', ...data) {
    label = `${label}`;
    timeLogImpl(this, 'timeLog', label, data);
  },

  trace(...args) {
    const trace = {
      name: 'Trace',
      message: formatWithOptions(this[kGetInspectOptions](this._stderr), ...args),
    };
    Error.captureStackTrace(trace, consoleMethods.trace);
    this.error(trace.stack);
  },

  assert(expression, ...args) {
    if (!expression) {
      args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
      Reflect.apply(this.warn, this, args);
    }
  },

  // Clears a TTY; a no-op for anything else, as in Node.
  clear() {
    if (this._stdout.isTTY && process.env.TERM !== 'dumb') {
      const { cursorTo, clearScreenDown } = require('readline');
      cursorTo(this._stdout, 0, 0);
      clearScreenDown(this._stdout);
    }
  },

  count(label = 'default') {
    label = `${label}`;
    const counts = this[kCounts];
    const count = (counts.get(label) ?? 0) + 1;
    counts.set(label, count);
    this.log(`${label}: ${count}`);
  },

  countReset(label = 'default') {
    label = `${label}`;
    if (!this[kCounts].delete(label)) {
      process.emitWarning(`Count for '${label}' does not exist`);
    }
  },

  group(...data) {
    if (data.length > 0) Reflect.apply(this.log, this, data);
    this[kGroupIndent] += ' '.repeat(this[kGroupIndentationWidth]);
  },

  groupEnd() {
    this[kGroupIndent] = this[kGroupIndent].slice(
      0, this[kGroupIndent].length - this[kGroupIndentationWidth]);
  },

  table(tabularData, properties) {
    if (properties !== undefined) validateArray(properties, 'properties');
    if (tabularData === null || typeof tabularData !== 'object') {
      return this.log(tabularData);
    }
    return this.log(buildTable(this, tabularData, properties));
  },
};

consoleMethods.debug = writer('debug', kUseStdout);
consoleMethods.info = writer('info', kUseStdout);
consoleMethods.dirxml = consoleMethods.log;
consoleMethods.error = writer('error', kUseStderr);
consoleMethods.groupCollapsed = consoleMethods.group;

for (const key of Object.keys(consoleMethods)) Console.prototype[key] = consoleMethods[key];

// --- console.table ----------------------------------------------------------------------

const tableChars = {
  middleMiddle: '─',
  rowMiddle: '┼',
  topRight: '┐',
  topLeft: '┌',
  leftMiddle: '├',
  topMiddle: '┬',
  bottomRight: '┘',
  bottomLeft: '└',
  bottomMiddle: '┴',
  rightMiddle: '┤',
  left: '│ ',
  right: ' │',
  middle: ' │ ',
};

function renderRow(row, columnWidths) {
  let out = tableChars.left;
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    out += cell + ' '.repeat(columnWidths[i] - getStringWidth(cell));
    if (i !== row.length - 1) out += tableChars.middle;
  }
  return out + tableChars.right;
}

// `head` are the column titles, `columns` the cells column by column (holes are blank).
function renderTable(head, columns) {
  const rows = [];
  const columnWidths = head.map((h) => getStringWidth(h));
  const longestColumn = Math.max(0, ...columns.map((c) => c.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longestColumn; j++) {
      rows[j] ??= [];
      const value = rows[j][i] = Object.hasOwn(column, j) ? column[j] : '';
      columnWidths[i] = Math.max(columnWidths[i], getStringWidth(value));
    }
  }
  const divider = columnWidths.map((w) => tableChars.middleMiddle.repeat(w + 2));
  let result = `${tableChars.topLeft}${divider.join(tableChars.topMiddle)}${tableChars.topRight}\n` +
    `${renderRow(head, columnWidths)}\n` +
    `${tableChars.leftMiddle}${divider.join(tableChars.rowMiddle)}${tableChars.rightMiddle}\n`;
  for (const row of rows) result += `${renderRow(row, columnWidths)}\n`;
  result += `${tableChars.bottomLeft}${divider.join(tableChars.bottomMiddle)}${tableChars.bottomRight}`;
  return result;
}

// Whether the items read from a Map iterator are [key, value] pairs. Node asks V8 which
// kind of iterator it is; the engine cannot tell, so entries() is recognised by its items
// all being pairs.
function isKeyValueItems(items) {
  return items.length > 0 && items.every((item) => Array.isArray(item) && item.length === 2);
}

function iterationIndexes(length) {
  return Array.from({ length }, (_, index) => `${index}`);
}

function buildTable(instance, tabularData, properties) {
  // Objects with more than two keys collapse to `[Object]`; arrays show three items.
  const formatCell = (value) => inspect(value, {
    depth: value !== null && typeof value === 'object' && !Array.isArray(value) &&
      Object.keys(value).length > 2 ? -1 : 0,
    maxArrayLength: 3,
    breakLength: Infinity,
    ...instance[kGetInspectOptions](instance._stdout),
  });

  // Maps and Map entry iterators: one row per [key, value] pair.
  let pairs;
  let items;
  if (tabularData instanceof Map) {
    pairs = [...tabularData];
  } else if (isMapIterator(tabularData)) {
    items = [...tabularData];
    if (isKeyValueItems(items)) pairs = items;
  }
  if (pairs !== undefined) {
    return renderTable(['(iteration index)', 'Key', 'Values'], [
      iterationIndexes(pairs.length),
      pairs.map(([key]) => formatCell(key)),
      pairs.map(([, value]) => formatCell(value)),
    ]);
  }

  // Sets and other iterators: one row per value.
  if (items === undefined && (tabularData instanceof Set || isSetIterator(tabularData))) {
    items = [...tabularData];
  }
  if (items !== undefined) {
    return renderTable(['(iteration index)', 'Values'], [
      iterationIndexes(items.length), items.map(formatCell),
    ]);
  }

  // Anything else: one row per own enumerable key, one column per property of the rows
  // (null-prototype, so '__proto__' is an ordinary column), plus 'Values' for primitives.
  const columns = { __proto__: null };
  let hasPrimitives = false;
  const primitiveValues = [];
  const rowKeys = Object.keys(tabularData);
  for (let row = 0; row < rowKeys.length; row++) {
    const item = tabularData[rowKeys[row]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      primitiveValues[row] = formatCell(item);
      continue;
    }
    for (const key of properties || Object.keys(item)) {
      columns[key] ??= [];
      columns[key][row] = primitive || !Object.hasOwn(item, key) ? '' : formatCell(item[key]);
    }
  }

  const head = ['(index)', ...Object.keys(columns)];
  const cells = [rowKeys, ...Object.values(columns)];
  if (hasPrimitives) {
    head.push('Values');
    cells.push(primitiveValues);
  }
  return renderTable(head, cells);
}

// --- the global console -----------------------------------------------------------------

// Like Node, the global console is a plain object (not a Console instance, though
// `console instanceof Console` holds) whose methods are bound to it.
const globalConsole = { __proto__: {} };
for (const key of Reflect.ownKeys(Console.prototype)) {
  if (key === 'constructor') continue;
  const descriptor = Reflect.getOwnPropertyDescriptor(Console.prototype, key);
  if (typeof descriptor.value === 'function') {
    descriptor.value = descriptor.value.bind(globalConsole);
    Reflect.defineProperty(descriptor.value, 'name', { __proto__: null, value: key });
  }
  Reflect.defineProperty(globalConsole, key, descriptor);
}
globalConsole[kBindStreamsLazy](process);
globalConsole[kBindProperties](true, 'auto');
globalConsole.Console = Console;

// Inspector-only methods: they only report to an attached inspector, and none can be
// attached here, so (as in Node without an inspector) they do nothing.
for (const name of ['profile', 'profileEnd', 'timeStamp']) {
  globalConsole[name] = { [name]() {} }[name];
}

module.exports = globalConsole;
