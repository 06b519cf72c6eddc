// node:stream/consumers — reads a whole stream (Readable, web ReadableStream, or any async
// iterable) into one value: text, json, buffer, arrayBuffer, and blob where the engine
// provides Blob.
//
// Chunks may be strings (UTF-8 encoded), Buffers/TypedArrays/DataViews, ArrayBuffers, or
// Blobs; anything else is converted with String(), as the Blob constructor would.

let BufferClass;
function lazyBuffer() {
  BufferClass ??= require('buffer').Buffer;
  return BufferClass;
}

// The bytes of one chunk, as the Blob constructor would take them.
async function chunkBytes(chunk) {
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (typeof globalThis.Blob === 'function' && chunk instanceof globalThis.Blob) {
    return new Uint8Array(await chunk.arrayBuffer());
  }
  return lazyBuffer().from(String(chunk), 'utf8');
}

async function arrayBuffer(stream) {
  const parts = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = await chunkBytes(chunk);
    parts.push(bytes);
    length += bytes.byteLength;
  }
  const result = new Uint8Array(length);
  let offset = 0;
  for (const bytes of parts) {
    result.set(bytes, offset);
    offset += bytes.byteLength;
  }
  return result.buffer;
}

async function buffer(stream) {
  return lazyBuffer().from(await arrayBuffer(stream));
}

async function text(stream) {
  const dec = new TextDecoder();
  let str = '';
  for await (const chunk of stream) {
    if (typeof chunk === 'string') {
      str += chunk;
    } else {
      str += dec.decode(chunk, { stream: true });
    }
  }
  // Flush an incomplete trailing character.
  str += dec.decode(undefined, { stream: false });
  return str;
}

async function json(stream) {
  const str = await text(stream);
  return JSON.parse(str);
}

async function blob(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new globalThis.Blob(chunks);
}

module.exports = {
  arrayBuffer,
  // Only where the engine has Blob.
  ...(typeof globalThis.Blob === 'function' ? { blob } : {}),
  buffer,
  text,
  json,
};
