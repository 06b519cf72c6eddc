// The names of the global object's properties, by who defines them: the ECMAScript
// language (with the JavaScript engine's own `console`), the web platform's interfaces
// exposed in every global scope (`[Exposed=*]`), those of a window-like scope, and Node's
// own. Tests use these sets to tell a leaked global from one that belongs there.
'use strict';

// ECMA-262's value, function and constructor properties of the global object, plus the
// ECMA-402 `Intl` namespace and the engine-provided `console`.
const intrinsics = new Set([
  'globalThis', 'Infinity', 'NaN', 'undefined',
  'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
  'AggregateError', 'Array', 'ArrayBuffer', 'AsyncDisposableStack', 'BigInt', 'BigInt64Array',
  'BigUint64Array', 'Boolean', 'DataView', 'Date', 'DisposableStack', 'Error', 'EvalError',
  'FinalizationRegistry', 'Float16Array', 'Float32Array', 'Float64Array', 'Function',
  'Int8Array', 'Int16Array', 'Int32Array', 'Iterator', 'Map', 'Number', 'Object', 'Promise',
  'Proxy', 'RangeError', 'ReferenceError', 'RegExp', 'Set', 'SharedArrayBuffer', 'String',
  'SuppressedError', 'Symbol', 'SyntaxError', 'TypeError', 'Uint8Array', 'Uint8ClampedArray',
  'Uint16Array', 'Uint32Array', 'URIError', 'WeakMap', 'WeakRef', 'WeakSet',
  'Atomics', 'JSON', 'Math', 'Reflect', 'Intl', 'WebAssembly', 'console',
]);
if (typeof globalThis.gc === 'function') intrinsics.add('gc');

// Interfaces and functions every web global scope has (`[Exposed=*]`).
const webIdlExposedWildcard = new Set([
  'DOMException', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal',
  'EventTarget', 'Event', 'URL', 'URLSearchParams', 'MessageChannel', 'MessagePort',
  'MessageEvent',
]);

// Those of window and worker scopes that Node also has.
const webIdlExposedWindow = new Set([
  'atob', 'btoa', 'clearInterval', 'clearTimeout', 'queueMicrotask', 'setInterval',
  'setTimeout', 'structuredClone', 'Blob', 'BroadcastChannel', 'ByteLengthQueuingStrategy',
  'CompressionStream', 'CountQueuingStrategy', 'CustomEvent', 'DecompressionStream', 'File',
  'FormData', 'Headers', 'Navigator', 'navigator', 'Performance', 'PerformanceEntry',
  'PerformanceMark', 'PerformanceMeasure', 'PerformanceObserver',
  'PerformanceObserverEntryList', 'PerformanceResourceTiming', 'performance',
  'ReadableByteStreamController', 'ReadableStream', 'ReadableStreamBYOBReader',
  'ReadableStreamBYOBRequest', 'ReadableStreamDefaultController',
  'ReadableStreamDefaultReader', 'Request', 'Response', 'TextDecoderStream',
  'TextEncoderStream', 'TransformStream', 'TransformStreamDefaultController', 'WebSocket',
  'WritableStream', 'WritableStreamDefaultController', 'WritableStreamDefaultWriter',
  'crypto', 'Crypto', 'CryptoKey', 'SubtleCrypto', 'fetch', 'EventSource',
]);

// Node's own globals.
const nodeGlobals = new Set([
  'process', 'global', 'Buffer', 'clearImmediate', 'setImmediate',
]);

module.exports = { intrinsics, webIdlExposedWildcard, webIdlExposedWindow, nodeGlobals };
