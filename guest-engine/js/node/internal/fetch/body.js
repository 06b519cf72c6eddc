// internal/fetch/body — the Fetch body: extracting a body (stream, length, Content-Type)
// from a BodyInit (string, buffer, view, Blob, FormData, URLSearchParams, ReadableStream,
// async iterable), cloning it, and the body mixin Request and Response share (`body`,
// `bodyUsed`, `arrayBuffer`, `blob`, `bytes`, `formData`, `json`, `text`).

const kBody = Symbol('kBody');

function streams() {
  return require('internal/webstreams/readablestream');
}

// A byte stream that yields `parts` (Uint8Arrays and Blobs) in order.
function streamOfParts(parts) {
  const { ReadableStream } = streams();
  const { blobBytes, isBlob } = require('internal/blob');
  let index = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      while (index < parts.length) {
        const part = parts[index++];
        const bytes = isBlob(part) ? blobBytes(part) : part;
        if (bytes.byteLength > 0) {
          controller.enqueue(bytes.slice());
          return;
        }
      }
      controller.close();
      controller.byobRequest?.respond(0);
    },
  });
}

function bodyFromParts(parts, length, type) {
  return { stream: streamOfParts(parts), source: parts, length, type };
}

// extract a body: { stream, source (parts to replay, or null), length (or null), type }.
function extractBody(object, keepalive = false) {
  const { isBlob, blobBytes } = require('internal/blob');
  const { isFormData, serializeMultipart } = require('internal/fetch/formdata');
  const { isReadableStream } = streams();
  if (typeof object === 'string') {
    const bytes = new TextEncoder().encode(object);
    return bodyFromParts([bytes], bytes.byteLength, 'text/plain;charset=UTF-8');
  }
  if (object instanceof require('internal/url').URLSearchParams) {
    const bytes = new TextEncoder().encode(object.toString());
    return bodyFromParts([bytes], bytes.byteLength,
      'application/x-www-form-urlencoded;charset=UTF-8');
  }
  if (object instanceof ArrayBuffer) {
    const bytes = new Uint8Array(object.slice(0));
    return bodyFromParts([bytes], bytes.byteLength, null);
  }
  if (ArrayBuffer.isView(object)) {
    const bytes = new Uint8Array(object.buffer.slice(object.byteOffset,
      object.byteOffset + object.byteLength));
    return bodyFromParts([bytes], bytes.byteLength, null);
  }
  if (isBlob(object)) {
    return bodyFromParts([blobBytes(object)], object.size, object.type || null);
  }
  if (isFormData(object)) {
    const { parts, length, contentType } = serializeMultipart(object);
    return bodyFromParts(parts, length, contentType);
  }
  if (isReadableStream(object)) {
    if (keepalive) throw new TypeError('keepalive');
    if (object.locked || require('internal/streams/utils').isDisturbed(object)) {
      throw new TypeError('Response body object should not be disturbed or locked');
    }
    return { stream: object, source: null, length: null, type: null };
  }
  if (object !== null && typeof object[Symbol.asyncIterator] === 'function') {
    if (keepalive) throw new TypeError('keepalive');
    const stream = streams().ReadableStream.from(object);
    return { stream, source: null, length: null, type: null };
  }
  return extractBody(`${object}`);
}

// A copy of `body` whose stream is one branch of a tee; `body` keeps the other.
function cloneBody(body) {
  const [out1, out2] = body.stream.tee();
  body.stream = out1;
  return { stream: out2, source: body.source, length: body.length, type: body.type };
}

// A body to send again (a redirect): replays the source, or null for a stream body.
function replayBody(body) {
  if (body.source === null) return null;
  return bodyFromParts(body.source, body.length, body.type);
}

function bodyUnusable(body) {
  return body !== null && (body.stream.locked ||
    require('internal/streams/utils').isDisturbed(body.stream));
}

async function consumeBytes(owner) {
  const body = owner[kBody];
  if (bodyUnusable(body)) throw new TypeError('Body is unusable: Body has already been read');
  if (body === null) return new Uint8Array(0);
  const reader = body.stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    chunks.push(value);
    length += value.byteLength;
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function mimeType(owner) {
  return owner.headers.get('content-type');
}

// Installs the body mixin on `Class.prototype`; `check(self)` brand-checks the receiver.
function mixinBody(Class, check) {
  const methods = {
    get body() {
      check(this);
      return this[kBody] === null ? null : this[kBody].stream;
    },
    get bodyUsed() {
      check(this);
      return this[kBody] !== null &&
        require('internal/streams/utils').isDisturbed(this[kBody].stream);
    },
    async arrayBuffer() {
      check(this);
      const bytes = await consumeBytes(this);
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ?
        bytes.buffer :
        bytes.slice().buffer;
    },
    async blob() {
      check(this);
      const { Blob } = require('internal/blob');
      return new Blob([await consumeBytes(this)], { type: mimeType(this) ?? '' });
    },
    async bytes() {
      check(this);
      return consumeBytes(this);
    },
    async formData() {
      check(this);
      const bytes = await consumeBytes(this);
      return require('internal/fetch/formdata').parseFormData(bytes, mimeType(this));
    },
    async json() {
      check(this);
      return JSON.parse(new TextDecoder().decode(await consumeBytes(this)));
    },
    async text() {
      check(this);
      return new TextDecoder().decode(await consumeBytes(this));
    },
  };
  for (const name of Object.getOwnPropertyNames(methods)) {
    const desc = Object.getOwnPropertyDescriptor(methods, name);
    desc.enumerable = true;
    Object.defineProperty(Class.prototype, name, desc);
  }
}

module.exports = { kBody, extractBody, cloneBody, replayBody, bodyUnusable, mixinBody };
