// node:console — the global `console` and the `Console` class: util.format semantics,
// log/info/debug to stdout, warn/error/trace to stderr, dir, assert, count, time, group,
// and table.

const { formatWithOptions, inspect } = require('util');

const kGroupIndentationWidth = 2;

class Console {
  constructor(stdout, stderr, ignoreErrors) {
    let options = stdout;
    if (!options || typeof options.write === 'function') {
      options = { stdout, stderr, ignoreErrors };
    }
    this._stdout = options.stdout;
    this._stderr = options.stderr || options.stdout;
    this._inspectOptions = options.inspectOptions || {};
    this._counts = new Map();
    this._timers = new Map();
    this._indent = '';
    for (const key of Object.getOwnPropertyNames(Console.prototype)) {
      if (key !== 'constructor' && typeof this[key] === 'function') this[key] = this[key].bind(this);
    }
  }

  _write(stream, args) {
    let text = formatWithOptions(this._inspectOptions, ...args);
    if (this._indent) text = this._indent + text.replaceAll('\n', `\n${this._indent}`);
    stream.write(`${text}\n`);
  }

  log(...args) { this._write(this._stdout, args); }
  info(...args) { this._write(this._stdout, args); }
  debug(...args) { this._write(this._stdout, args); }
  warn(...args) { this._write(this._stderr, args); }
  error(...args) { this._write(this._stderr, args); }

  dir(object, options) {
    this._write(this._stdout, [inspect(object, { customInspect: false, ...options })]);
  }

  dirxml(...args) { this.log(...args); }

  trace(...args) {
    const error = new Error(formatWithOptions(this._inspectOptions, ...args));
    error.name = 'Trace';
    const frames = String(error.stack).split('\n').slice(1).join('\n');
    this._write(this._stderr, [`Trace: ${error.message}${frames ? `\n${frames}` : ''}`]);
  }

  assert(condition, ...args) {
    if (condition) return;
    if (typeof args[0] === 'string') {
      args[0] = `Assertion failed: ${args[0]}`;
    } else {
      args.unshift('Assertion failed');
    }
    this.warn(...args);
  }

  count(label = 'default') {
    label = `${label}`;
    const count = (this._counts.get(label) || 0) + 1;
    this._counts.set(label, count);
    this.log(`${label}: ${count}`);
  }

  countReset(label = 'default') {
    label = `${label}`;
    if (!this._counts.has(label)) {
      process.emitWarning(`Count for '${label}' does not exist`);
      return;
    }
    this._counts.delete(label);
  }

  group(...args) {
    if (args.length > 0) this.log(...args);
    this._indent += ' '.repeat(kGroupIndentationWidth);
  }

  groupCollapsed(...args) { this.group(...args); }

  groupEnd() {
    this._indent = this._indent.slice(0, this._indent.length - kGroupIndentationWidth);
  }

  time(label = 'default') {
    label = `${label}`;
    if (this._timers.has(label)) {
      process.emitWarning(`Label '${label}' already exists for console.time()`);
      return;
    }
    this._timers.set(label, process.hrtime.bigint());
  }

  _elapsed(label) {
    const start = this._timers.get(label);
    if (start === undefined) {
      process.emitWarning(`No such label '${label}' for console.timeEnd()`);
      return undefined;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
  }

  timeEnd(label = 'default') {
    label = `${label}`;
    const elapsed = this._elapsed(label);
    if (elapsed === undefined) return;
    this._timers.delete(label);
    this.log(`${label}: ${elapsed}`);
  }

  timeLog(label = 'default', ...data) {
    label = `${label}`;
    const elapsed = this._elapsed(label);
    if (elapsed !== undefined) this.log(`${label}: ${elapsed}`, ...data);
  }

  table(data, properties) {
    if (data === null || typeof data !== 'object') {
      this.log(data);
      return;
    }
    this.log(renderTable(data, properties));
  }
}

// Node's box-drawing table for console.table.
function renderTable(data, properties) {
  const rows = data instanceof Map ? [...data.entries()].map(([k, v]) => [k, v])
    : Object.entries(data);
  const indexHeader = data instanceof Map ? '(iteration index)' : '(index)';
  const columns = [];
  let hasValues = false;
  for (const [, value] of rows) {
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (!columns.includes(key) && (!properties || properties.includes(key))) columns.push(key);
      }
    } else {
      hasValues = true;
    }
  }
  const header = [indexHeader, ...columns, ...(hasValues ? ['Values'] : [])];
  const cell = (v) => (v === undefined ? '' : inspect(v, { depth: 1, breakLength: Infinity }));
  const body = rows.map(([key, value]) => {
    const isObject = value !== null && typeof value === 'object';
    return [String(key), ...columns.map((c) => (isObject ? cell(value[c]) : '')),
      ...(hasValues ? [isObject ? '' : cell(value)] : [])];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)) + 2);
  const pad = (text, width) => {
    const left = Math.floor((width - text.length) / 2);
    return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
  };
  const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
  const row = (cells) => `│${cells.map((c, i) => pad(c, widths[i])).join('│')}│`;
  return [line('┌', '┬', '┐'), row(header), line('├', '┼', '┤'), ...body.map(row),
    line('└', '┴', '┘')].join('\n');
}

const globalConsole = new Console({ stdout: process.stdout, stderr: process.stderr });
globalConsole.Console = Console;

module.exports = globalConsole;
