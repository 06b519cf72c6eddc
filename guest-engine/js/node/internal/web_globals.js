// internal/web_globals — installs the web-platform globals Node has: `Event`,
// `EventTarget`, `CustomEvent`, `AbortController`, `AbortSignal`, `DOMException`, the
// WHATWG streams classes (compression streams included), `Blob` / `File`, and fetch with
// `Headers`, `Request`, `Response` and `FormData`, the messaging classes
// (`MessageChannel`, `MessagePort`, `MessageEvent`, `BroadcastChannel`), `navigator` and
// the Web Crypto classes (`Crypto`, `CryptoKey`, `SubtleCrypto`).
// `internal/bootstrap` calls `install(defineLazyGlobal)`; each global's module loads on
// first use.

// Global name → [module, export name].
const LAZY = {
  Event: ['internal/event_target', 'Event'],
  EventTarget: ['internal/event_target', 'EventTarget'],
  CustomEvent: ['internal/event_target', 'CustomEvent'],
  AbortController: ['internal/abort_controller', 'AbortController'],
  AbortSignal: ['internal/abort_controller', 'AbortSignal'],
  DOMException: ['internal/dom_exception', 'DOMException'],
  ReadableStream: ['internal/webstreams/readablestream', 'ReadableStream'],
  ReadableStreamDefaultReader: ['internal/webstreams/readablestream',
    'ReadableStreamDefaultReader'],
  ReadableStreamBYOBReader: ['internal/webstreams/readablestream', 'ReadableStreamBYOBReader'],
  ReadableStreamBYOBRequest: ['internal/webstreams/readablestream',
    'ReadableStreamBYOBRequest'],
  ReadableByteStreamController: ['internal/webstreams/readablestream',
    'ReadableByteStreamController'],
  ReadableStreamDefaultController: ['internal/webstreams/readablestream',
    'ReadableStreamDefaultController'],
  WritableStream: ['internal/webstreams/writablestream', 'WritableStream'],
  WritableStreamDefaultWriter: ['internal/webstreams/writablestream',
    'WritableStreamDefaultWriter'],
  WritableStreamDefaultController: ['internal/webstreams/writablestream',
    'WritableStreamDefaultController'],
  TransformStream: ['internal/webstreams/transformstream', 'TransformStream'],
  TransformStreamDefaultController: ['internal/webstreams/transformstream',
    'TransformStreamDefaultController'],
  ByteLengthQueuingStrategy: ['internal/webstreams/queuingstrategies',
    'ByteLengthQueuingStrategy'],
  CountQueuingStrategy: ['internal/webstreams/queuingstrategies', 'CountQueuingStrategy'],
  TextEncoderStream: ['internal/webstreams/encoding', 'TextEncoderStream'],
  TextDecoderStream: ['internal/webstreams/encoding', 'TextDecoderStream'],
  CompressionStream: ['internal/webstreams/compression', 'CompressionStream'],
  DecompressionStream: ['internal/webstreams/compression', 'DecompressionStream'],
  Blob: ['internal/blob', 'Blob'],
  File: ['internal/blob', 'File'],
  Headers: ['internal/fetch/headers', 'Headers'],
  Request: ['internal/fetch/request', 'Request'],
  Response: ['internal/fetch/response', 'Response'],
  FormData: ['internal/fetch/formdata', 'FormData'],
  fetch: ['internal/fetch/fetch', 'fetch'],
  MessageChannel: ['internal/worker/messaging', 'MessageChannel'],
  MessagePort: ['internal/worker/messaging', 'MessagePort'],
  MessageEvent: ['internal/worker/messaging', 'MessageEvent'],
  BroadcastChannel: ['internal/worker/messaging', 'BroadcastChannel'],
  navigator: ['internal/navigator', 'navigator'],
  Crypto: ['internal/crypto/webcrypto', 'Crypto'],
  CryptoKey: ['internal/crypto/webcrypto', 'CryptoKey'],
  SubtleCrypto: ['internal/crypto/webcrypto', 'SubtleCrypto'],
};

function install(defineLazyGlobal) {
  for (const name of Object.keys(LAZY)) {
    const [module, exportName] = LAZY[name];
    defineLazyGlobal(name, () => require(module)[exportName]);
  }
}

module.exports = { install, names: Object.keys(LAZY) };
