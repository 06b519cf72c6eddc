// internal/bootstrap — boots the Node surface in a fresh QuickJS context.
//
// The engine calls this once per process with `binding` (the natives). It owns:
// - the builtin module loader (`requireBuiltin`), shared by every builtin and by `require`;
// - the globals of the `node` platform, installed lazily (a global's module loads on first
//   use, so a script that never touches `Buffer` never pays for it);
// - the hooks the Rust side calls: process start, event-loop phases (ticks, timers, immediates,
//   rejections, uncaught errors, exit) and module loading (entry, `import`).

const modulesBinding = binding('modules');
const engine = binding('engine');

const bindings = new Map();
function cachedBinding(name) {
  let value = bindings.get(name);
  if (value === undefined) {
    value = binding(name);
    bindings.set(name, value);
  }
  return value;
}

const builtins = new Map();
function requireBuiltin(name) {
  const cached = builtins.get(name);
  if (cached !== undefined) return cached.exports;
  if (!modulesBinding.hasBuiltin(name)) {
    const error = new Error(`No such built-in module: ${name}`);
    error.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
    throw error;
  }
  const module = { exports: {}, id: name, loaded: false };
  builtins.set(name, module);
  try {
    const body = modulesBinding.compileBuiltin(name);
    body.call(module.exports, module.exports, requireBuiltin, module, cachedBinding);
  } catch (error) {
    builtins.delete(name);
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

// The globals Node makes enumerable; the others (Buffer, process, URL, ...) are not.
const enumerableGlobals = new Set(['global', 'queueMicrotask', 'clearImmediate',
  'clearInterval', 'clearTimeout', 'atob', 'btoa', 'performance', 'setImmediate',
  'setInterval', 'setTimeout', 'structuredClone', 'fetch', 'crypto', 'navigator']);

// A global that loads on first read (through a getter named `get <name>`, as Node's) and
// becomes a plain writable property after that, or as soon as the guest assigns it.
function defineLazyGlobal(name, load) {
  const enumerable = enumerableGlobals.has(name);
  const accessors = Object.getOwnPropertyDescriptor({
    get [name]() {
      const value = load();
      Object.defineProperty(globalThis, name, {
        value, writable: true, configurable: true, enumerable,
      });
      return value;
    },
    set [name](value) {
      Object.defineProperty(globalThis, name, {
        value, writable: true, configurable: true, enumerable,
      });
    },
  }, name);
  Object.defineProperty(globalThis, name, { ...accessors, enumerable });
}

// A global that stays an accessor even when the guest assigns it, as Node keeps `process`
// and `Buffer`: the value loads on first read and an assignment replaces it.
function defineAccessorGlobal(name, load) {
  let loaded = false;
  let value;
  const accessors = Object.getOwnPropertyDescriptor({
    get [name]() {
      if (!loaded) {
        value = load();
        loaded = true;
      }
      return value;
    },
    set [name](newValue) {
      value = newValue;
      loaded = true;
    },
  }, name);
  Object.defineProperty(globalThis, name, { ...accessors, enumerable: false });
}

function defineGlobal(name, value) {
  Object.defineProperty(globalThis, name, {
    value, writable: true, configurable: true, enumerable: enumerableGlobals.has(name),
  });
}

requireBuiltin('internal/stack_trace').installStackTraceFormat();
requireBuiltin('internal/null_prototype_names').installNullPrototypeNames();

const timers = requireBuiltin('internal/timers');
const process = requireBuiltin('process');

defineGlobal('global', globalThis);
defineAccessorGlobal('process', () => process);
for (const name of ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
  'setImmediate', 'clearImmediate']) {
  defineGlobal(name, timers[name]);
}
// Node's queueMicrotask validates its callback (the engine's own, when there is one, only
// queues it).
const engineQueueMicrotask = globalThis.queueMicrotask;
defineGlobal('queueMicrotask', {
  queueMicrotask(callback) {
    if (typeof callback !== 'function') {
      throw new (requireBuiltin('internal/errors').codes.ERR_INVALID_ARG_TYPE)(
        'callback', 'Function', callback);
    }
    if (typeof engineQueueMicrotask === 'function') {
      engineQueueMicrotask(() => callback());
    } else {
      Promise.resolve().then(() => callback());
    }
  },
}.queueMicrotask);
defineLazyGlobal('console', () => requireBuiltin('console'));
defineAccessorGlobal('Buffer', () => requireBuiltin('buffer').Buffer);
defineLazyGlobal('atob', () => requireBuiltin('buffer').atob);
defineLazyGlobal('btoa', () => requireBuiltin('buffer').btoa);
defineLazyGlobal('TextEncoder', () => requireBuiltin('internal/encoding').TextEncoder);
defineLazyGlobal('TextDecoder', () => requireBuiltin('internal/encoding').TextDecoder);
defineLazyGlobal('URL', () => requireBuiltin('internal/url').URL);
defineLazyGlobal('URLSearchParams', () => requireBuiltin('internal/url').URLSearchParams);
defineLazyGlobal('structuredClone',
  () => requireBuiltin('internal/structured_clone').structuredClone);
defineLazyGlobal('crypto', () => requireBuiltin('crypto').webcrypto);
defineLazyGlobal('performance', () => requireBuiltin('perf_hooks').performance);
requireBuiltin('internal/web_globals').install(defineLazyGlobal);
defineLazyGlobal('WebAssembly', () => requireBuiltin('internal/webassembly').WebAssembly);

defineGlobal('__return', function __return(value) {
  const json = JSON.stringify(value);
  engine.setReturn(json === undefined ? 'null' : json);
});

const modules = requireBuiltin('internal/modules');

function writeStderr(text) {
  cachedBinding('process').writeStdio(2, text);
}

// Builtins most scripts reach, loaded while the engine boots so a pre-initialized
// snapshot carries them compiled and evaluated.
for (const name of ['internal/errors', 'events', 'path', 'util', 'buffer', 'console',
  'internal/encoding', 'internal/url', 'url', 'crypto', 'fs', 'os', 'perf_hooks',
  'internal/structured_clone', 'child_process']) {
  requireBuiltin(name);
}

engine.setHooks({
  startProcess: (moduleResolution, allowedBuiltins, conditions, execArgv) => {
    modules.configure(moduleResolution, allowedBuiltins, conditions);
    process._start(execArgv);
    requireBuiltin('perf_hooks')[Symbol.for('secure-exec.perf.recordStartup')]();
  },
  runTicks: process._runTicks,
  hasTicks: () => process._hasTicks(),
  takeDueTimer: timers.takeDueTimer,
  takeImmediates: timers.takeImmediates,
  hasRefedTimers: timers.hasRefedTimers,
  nextTimerDelay: timers.nextTimerDelay,
  trackRejection: process._trackRejection,
  promiseHook: (kind, promise, parent) =>
    requireBuiltin('internal/promise_hooks').emit(kind, promise, parent),
  processRejections: () => process._processRejections(),
  handleUncaught: (error, origin) => process._handleUncaught(error, origin),
  emitExit: (code) => process._emitExit(code),
  emitBeforeExit: () => process._emitBeforeExit(),
  writeStderr,
  uncaughtReport: (value) => requireBuiltin('internal/uncaught_report').uncaughtReport(value),
  populateRealm: requireBuiltin('internal/platforms').populateRealm,
  prepareEntry: modules.prepareEntry,
  resolveImport: modules.resolveImport,
  loadImport: modules.loadImport,
  loadForImport: modules.loadForImport,
  fillImportMeta: modules.fillImportMeta,
});
