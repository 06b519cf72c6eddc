// internal/stack_trace — V8's stack trace format on QuickJS's stack trace API.
//
// QuickJS-NG builds `error.stack` when an error is created or `Error.captureStackTrace`
// runs and, like V8, hands the frames to `Error.prepareStackTrace(error, callSites)`
// when that is a function. This module owns:
// - Node 22's default `Error.prepareStackTrace` (installed at boot; user code replaces it
//   the way it does in Node): the `Name: message` header V8 puts on the first line
//   (`TypeError [ERR_X]: message` for Node's own errors), then `    at ...` per frame;
// - `CallSite.prototype.toString`, V8's frame text (`fn (file:line:col)`, `new Fn (...)`,
//   a bare `file:line:col` for anonymous functions), which QuickJS's CallSite lacks;
// - which frames are shown: the CommonJS module wrapper reads `Object.<anonymous>` as in
//   Node, and the engine's `call`/`apply` frames, which V8 never shows, are left out;
// - V8's wording for the engine's own errors (`Cannot read properties of null (reading
//   'x')` for QuickJS's `cannot read property 'x' of null`), which Node users match on.
//   The default `Error.prepareStackTrace` rewrites the message as the error is created;
//   only messages that carry all that V8's wording says are rewritten.

// Marks Node's own errors (`codes.ERR_*`), whose header also names the code.
const kIsNodeError = Symbol('kIsNodeError');

// The compiled CommonJS wrappers (`function (exports, require, module, ...)`).
const moduleWrappers = new WeakSet();

// Natives V8 runs without a frame of their own.
const frameless = new Set([Function.prototype.call, Function.prototype.apply, Reflect.apply]);

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
const engineErrorPrototypes = new Set([
  TypeError.prototype, RangeError.prototype, ReferenceError.prototype,
]);

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
    if (error instanceof Error) useV8Message(error);
    if (error[kIsNodeError] === true && error.code !== undefined) {
      return `${error.name} [${error.code}]: ${error.message}`;
    }
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

// V8's text for the frame of `site`, whose function is `fn`.
function frameText(site, fn) {
  let location = site.getFileName() ?? '<anonymous>';
  const line = site.getLineNumber();
  if (line !== null) {
    const column = site.getColumnNumber();
    location = column === null ? `${location}:${line}` : `${location}:${line}:${column}`;
  }
  const name = moduleWrappers.has(fn) ? 'Object.<anonymous>' : site.getFunctionName();
  if (site.isConstructor()) return `new ${name ?? '<anonymous>'} (${location})`;
  return name === null ? location : `${name} (${location})`;
}

function callSiteToString() {
  return frameText(this, this.getFunction());
}

const nativeCaptureStackTrace = Error.captureStackTrace;
const { get: errorStack } = Object.getOwnPropertyDescriptor(Error.prototype, 'stack');
let capturing = false;

// V8's Error.captureStackTrace: the frames start below `fn` (below this function when
// there is no `fn`), and there are none when `fn` is not on the stack.
function captureStackTrace(object, fn) {
  capturing = true;
  try {
    nativeCaptureStackTrace(object, typeof fn === 'function' ? fn : captureStackTrace);
  } finally {
    capturing = false;
  }
}

// Runs for every error the engine creates, so it builds the text with one join. The engine
// also calls it on every throw, of primitives and of errors that have their stack already;
// what it returns then is not stored, so nothing is built.
function prepareStackTrace(error, callSites) {
  if (!capturing) {
    if (typeof error !== 'object' || error === null) return '';
    const stack = errorStack.call(error);
    if (stack !== undefined) return stack;
  } else if (callSites.length !== 0 && callSites[0].getFunction() === captureStackTrace) {
    // The engine found no frame of `fn` and started from the top.
    return stackHeader(error);
  }
  const lines = [stackHeader(error)];
  for (let i = 0; i < callSites.length; i++) {
    const site = callSites[i];
    const fn = site.getFunction();
    if (!frameless.has(fn)) lines.push(frameText(site, fn));
  }
  return lines.join('\n    at ');
}

// Installs the default `Error.prepareStackTrace` and completes the CallSite prototype.
function installStackTraceFormat() {
  Error.prepareStackTrace = (error, callSites) => callSites;
  const callSite = {};
  Error.captureStackTrace(callSite);
  const [site] = callSite.stack;
  Object.defineProperty(Object.getPrototypeOf(site), 'toString', {
    __proto__: null, value: callSiteToString, writable: true, enumerable: false, configurable: true,
  });
  Error.prepareStackTrace = prepareStackTrace;
  Error.captureStackTrace = captureStackTrace;
}

module.exports = {
  installStackTraceFormat,
  kIsNodeError,
  moduleWrappers,
};
