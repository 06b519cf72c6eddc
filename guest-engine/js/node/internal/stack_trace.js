// internal/stack_trace — V8's stack trace format on QuickJS's stack trace API.
//
// QuickJS-NG captures the frames when an error is created or `Error.captureStackTrace`
// runs and, like V8, hands them to `Error.prepareStackTrace(error, callSites)` when that is
// a function. This module owns:
// - capture without formatting: the engine's hook keeps the CallSites, and the text is
//   built on the first read of `stack`, as V8 does. So an error created and dropped (a
//   failed lookup, a rejected probe) costs no string work, a message changed before the
//   first read shows in the header, and an `Error.prepareStackTrace` installed after the
//   error was created is the one that formats it;
// - Node 22's default formatting: the `Name: message` header V8 puts on the first line
//   (`TypeError [ERR_X]: message` for Node's own errors), then `    at ...` per frame;
// - `CallSite.prototype.toString`, V8's frame text (`fn (file:line:col)`, `new Fn (...)`,
//   a bare `file:line:col` for anonymous functions), which QuickJS's CallSite lacks;
// - which frames are shown and how they are named: the CommonJS module wrapper reads
//   `Object.<anonymous>` as in Node, internal functions V8 names after their receiver's
//   type read as V8 shows them (`process.processTicksAndRejections`), and the engine's
//   `call`/`apply` frames and this runtime's async-context switches, which V8 has no
//   frames for, are left out;
// - V8's wording for the engine's own errors (`Cannot read properties of null (reading
//   'x')` for QuickJS's `cannot read property 'x' of null`), which Node users match on.
//   The message is rewritten as the error is created; only messages that carry all that
//   V8's wording says are rewritten.

// Marks Node's own errors (`codes.ERR_*`), whose header also names the code.
const kIsNodeError = Symbol('kIsNodeError');

// The names V8 gives the frames of functions QuickJS names otherwise: the compiled
// CommonJS wrappers (`Object.<anonymous>`), and internal functions V8 shows with the type
// of their receiver, which QuickJS's CallSite does not expose.
const frameNames = new WeakMap();

function nameFrames(fn, name) {
  frameNames.set(fn, name);
}

// Natives V8 runs without a frame of their own (`call`/`apply` of every realm).
const framelessFunctions = new WeakSet();

// Leaves the frames of `fn`, an engine native with no counterpart in V8, out of stacks.
function hideFrames(fn) {
  framelessFunctions.add(fn);
}

// The module that switches async contexts around deferred callbacks, which V8 does
// natively: its frames have no counterpart in Node's stacks.
const framelessFile = 'node:internal/async_context';

function isFrameless(site, fn) {
  return framelessFunctions.has(fn) || site.getFileName() === framelessFile;
}

// QuickJS message → V8 message, for the engine's TypeError, RangeError and ReferenceError.
const v8Messages = new Map([
  ['invalid string length', 'Invalid string length'],
  ['invalid array length', 'Invalid array length'],
  ['BigInt division by zero', 'Division by zero'],
  ['Date value is NaN', 'Invalid time value'],
  ['cannot convert symbol to string', 'Cannot convert a Symbol value to a string'],
  ['empty array', 'Reduce of empty array with no initial value'],
  ['circular prototype chain', 'Cyclic __proto__ value'],
]);
const v8MessagePatterns = [
  [/^cannot read property '(.*)' of (null|undefined)$/s, "Cannot read properties of $2 (reading '$1')"],
  [/^cannot set property '(.*)' of (null|undefined)$/s, "Cannot set properties of $2 (setting '$1')"],
  [/^(?!this )([\w$]+) is not initialized$/, "Cannot access '$1' before initialization"],
];
// The prototypes of the engine's TypeError, RangeError and ReferenceError in every realm.
const engineErrorPrototypes = new WeakSet();

function useV8Message(error) {
  if (!engineErrorPrototypes.has(Object.getPrototypeOf(error)) || !Object.hasOwn(error, 'message')) {
    return;
  }
  const { message } = error;
  if (typeof message !== 'string') return;
  let v8Message = v8Messages.get(message);
  for (let i = 0; v8Message === undefined && i < v8MessagePatterns.length; i++) {
    const [pattern, replacement] = v8MessagePatterns[i];
    if (pattern.test(message)) v8Message = message.replace(pattern, replacement);
  }
  if (v8Message !== undefined) error.message = v8Message;
}

// The first line of a stack: what V8's ErrorUtils::ToString gives, `<error>` when reading
// the name or message throws.
function stackHeader(error) {
  try {
    if (error[kIsNodeError] === true && error.code !== undefined) {
      return `${error.name} [${error.code}]: ${error.message}`;
    }
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

// QuickJS names the top level of a script `<eval>`; V8 shows it as anonymous.
function scriptAsAnonymous(name) {
  return name === '<eval>' ? null : name;
}

// V8's text for the frame of `site`, whose function is `fn`.
function frameText(site, fn) {
  let location = site.getFileName() ?? '<anonymous>';
  const line = site.getLineNumber();
  if (line !== null) {
    const column = site.getColumnNumber();
    location = column === null ? `${location}:${line}` : `${location}:${line}:${column}`;
  }
  const name = frameNames.get(fn) ?? scriptAsAnonymous(site.getFunctionName());
  if (site.isConstructor()) return `new ${name ?? '<anonymous>'} (${location})`;
  return name === null ? location : `${name} (${location})`;
}

function callSiteToString() {
  return frameText(this, this.getFunction());
}

// Node's default stack text: the header, then a line per frame V8 would show.
function defaultStackText(error, callSites) {
  const lines = [stackHeader(error)];
  for (let i = 0; i < callSites.length; i++) {
    const site = callSites[i];
    const fn = site.getFunction();
    if (!isFrameless(site, fn)) lines.push(frameText(site, fn));
  }
  return lines.join('\n    at ');
}

// What the engine stores as the `stack` of an error (or of an object
// `Error.captureStackTrace` ran on) whose frames nobody has read yet. The frames wait in
// `capturedFrames`, keyed by the object, so they live exactly as long as it does: the
// engine also keeps the last stack value it built for itself, and a shared marker there
// holds nothing alive. Private to this module, so no value user code stores in `stack` is
// ever taken for it.
const kUnformatted = Object.freeze({ __proto__: null });
const capturedFrames = new WeakMap();
// Set while `Error.captureStackTrace` runs the engine's capture.
let capturing = false;

// Node's default `Error.prepareStackTrace`, which user code may call from its own.
function ErrorPrepareStackTrace(error, trace) {
  return defaultStackText(error, trace);
}

// Stores `value` as `object`'s own `stack`, the data property V8 gives errors (a frozen
// object keeps none, as an assignment to it would).
function defineOwnStack(object, value) {
  Reflect.defineProperty(object, 'stack', {
    __proto__: null, value, writable: true, enumerable: false, configurable: true,
  });
}

// Installs V8's stack traces in the realm of `global` (the main one, or a vm context's):
// the engine's capture hook, `Error.prepareStackTrace` as user code sees it (Node's
// default, replaceable as in Node), `Error.captureStackTrace`, the lazy `stack` accessor,
// and the CallSite prototype's `toString`.
function installStackTraceFormat(global = globalThis) {
  const { Error: RealmError, Function: RealmFunction, Reflect: RealmReflect } = global;
  const nativeCaptureStackTrace = RealmError.captureStackTrace;
  const {
    get: nativeStackGetter,
    set: nativeStackSetter,
  } = Object.getOwnPropertyDescriptor(RealmError.prototype, 'stack');
  framelessFunctions.add(RealmFunction.prototype.call)
    .add(RealmFunction.prototype.apply)
    .add(RealmReflect.apply);
  engineErrorPrototypes.add(global.TypeError.prototype)
    .add(global.RangeError.prototype)
    .add(global.ReferenceError.prototype);

  // What user code sees as `Error.prepareStackTrace`. The engine's own slot always holds
  // `captureFrames`; this one formats, on first read of a stack.
  let prepareStackTrace = ErrorPrepareStackTrace;

  // The text of `object`'s captured frames, by the `Error.prepareStackTrace` installed
  // now, stored as its own `stack`.
  function formatCaptured(object) {
    const callSites = capturedFrames.get(object) ?? [];
    capturedFrames.delete(object);
    const text = typeof prepareStackTrace === 'function' ?
      Reflect.apply(prepareStackTrace, RealmError, [object, callSites]) :
      defaultStackText(object, callSites);
    defineOwnStack(object, text);
    return text;
  }

  // `Error.prototype.stack`: the engine keeps an error's stack in the error itself.
  function getStack() {
    const stack = Reflect.apply(nativeStackGetter, this, []);
    return stack === kUnformatted ? formatCaptured(this) : stack;
  }

  // `stack` of an object `Error.captureStackTrace` ran on, until its first read.
  function getCapturedOwnStack() {
    return formatCaptured(this);
  }

  // V8 lets any value be assigned to `stack`.
  function setStack(value) {
    if (this === RealmError.prototype || this === null ||
        (typeof this !== 'object' && typeof this !== 'function')) {
      Reflect.apply(nativeStackSetter, this, [value]);
      return;
    }
    capturedFrames.delete(this);
    defineOwnStack(this, value);
  }

  // V8's Error.captureStackTrace: the frames start below `fn` (below this function when
  // there is no `fn`), and there are none when `fn` is not on the stack. The engine stores
  // the capture as an own data property; it becomes an accessor that formats on first
  // read.
  function captureStackTrace(object, fn) {
    capturing = true;
    try {
      nativeCaptureStackTrace(object, typeof fn === 'function' ? fn : captureStackTrace);
    } finally {
      capturing = false;
    }
    if (Reflect.getOwnPropertyDescriptor(object, 'stack')?.value !== kUnformatted) return;
    Reflect.defineProperty(object, 'stack', {
      __proto__: null,
      get: getCapturedOwnStack,
      set: setStack,
      enumerable: false,
      configurable: true,
    });
  }

  // The engine's hook, run for every error it creates: it keeps the frames for the first
  // read of `stack`. The engine also calls it on every throw, of primitives and of errors
  // that have their stack already; what it returns then is not stored, so nothing is kept.
  function captureFrames(error, callSites) {
    if (!capturing) {
      if (typeof error !== 'object' || error === null) return '';
      const stack = Reflect.apply(nativeStackGetter, error, []);
      if (stack !== undefined) return stack;
      if (error instanceof RealmError) useV8Message(error);
    } else if (callSites.length !== 0 && callSites[0].getFunction() === captureStackTrace) {
      // The engine found no frame of `fn` and started from the top.
      capturedFrames.delete(error);
      return kUnformatted;
    }
    capturedFrames.set(error, callSites);
    return kUnformatted;
  }

  RealmError.prepareStackTrace = (error, callSites) => callSites;
  const callSite = {};
  RealmError.captureStackTrace(callSite);
  const [site] = callSite.stack;
  Object.defineProperty(Object.getPrototypeOf(site), 'toString', {
    __proto__: null, value: callSiteToString, writable: true, enumerable: false, configurable: true,
  });
  Object.defineProperty(RealmError.prototype, 'stack', {
    __proto__: null, get: getStack, set: setStack, enumerable: false, configurable: true,
  });
  RealmError.prepareStackTrace = captureFrames;
  Object.defineProperty(RealmError, 'prepareStackTrace', {
    __proto__: null,
    get() { return prepareStackTrace; },
    set(value) { prepareStackTrace = value; },
    enumerable: false,
    configurable: true,
  });
  RealmError.captureStackTrace = captureStackTrace;
}

module.exports = {
  installStackTraceFormat,
  hideFrames,
  kIsNodeError,
  nameFrames,
};
