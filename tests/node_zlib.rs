//! `node:zlib`, the web compression streams and fetch's content decoding, checked from
//! inside real guests. Compressed vectors come from Node 22 (embedded as base64), and each
//! expected value is what Node returns for the same script.

mod common;

use serde_json::json;

/// Node-made deflate, gzip, raw and brotli bytes decode; the guest's own output for small
/// inputs is byte-identical to Node's (same zlib); errors carry zlib's message, code and
/// errno; option validation throws Node's errors.
#[tokio::test(flavor = "multi_thread")]
async fn interop_with_node_bytes_and_errors() {
    let value = common::eval(
        r#"
const zlib = require('node:zlib');
const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
const fromNode = {
  deflate: 'eJwLyUhVKCzNTM5WSCrKL89TSMuvUMgqzS0oVsgvSy1SKMlIVchJrKpUSMlP11MIGVU8' +
    'qnhUMbUVAwBHpUMc',
  gzip: 'H4sIAAAAAAAAAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoyUhVyEmsqlRIyU/XUwgZVTyqeFQx' +
    'tRUDAOZKZrCEAwAA',
  deflateRaw: 'C8lIVSgszUzOVkgqyi/PU0jLr1DIKs0tKFbIL0stUijJSFXISayqVEjJT9dTCBlVPKp4VDG1FQMA',
  brotli: 'G4MDiCwOeNPQlV2XELsXK6nK0JLMjK1BXObyNsgZnp4Ke4MNOHBIIG8kvkGnFc4cHieqKTjCibhPgwE=',
  dict: 'eLs1KQZry0DjK4AFAGKSCJ8=',
};
const b = (s) => Buffer.from(s, 'base64');
const dictionary = Buffer.from('hello dictionary');
const out = {
  inflate: zlib.inflateSync(b(fromNode.deflate)).toString() === text,
  gunzip: zlib.gunzipSync(b(fromNode.gzip)).toString() === text,
  inflateRaw: zlib.inflateRawSync(b(fromNode.deflateRaw)).toString() === text,
  unzipGzip: zlib.unzipSync(b(fromNode.gzip)).toString() === text,
  unzipDeflate: zlib.unzipSync(b(fromNode.deflate)).toString() === text,
  brotli: zlib.brotliDecompressSync(b(fromNode.brotli)).toString() === text,
  gzip9: zlib.gzipSync('secure-exec', { level: 9 }).toString('base64'),
  deflateShort: zlib.deflateSync('hello').toString('base64'),
  dict: zlib.deflateSync('hello dictionary hello', { dictionary }).toString('base64'),
  dictBack: zlib.inflateSync(b(fromNode.dict), { dictionary }).toString(),
};
const failure = (fn, ...keys) => {
  try { fn(); } catch (e) { return keys.map((key) => e[key]); }
};
out.noDict = failure(() => zlib.inflateSync(b(fromNode.dict)), 'message', 'code', 'errno');
out.badDict = failure(() => zlib.inflateSync(b(fromNode.dict), { dictionary: Buffer.from('x') }),
  'message', 'code', 'errno');
out.truncated = failure(() => zlib.gunzipSync(b(fromNode.gzip).subarray(0, 30)),
  'message', 'code', 'errno');
out.badBrotli = failure(() => zlib.brotliDecompressSync(Buffer.from('zzzzzzzz')),
  'message', 'code', 'errno');
out.tooLarge = failure(() => zlib.deflateSync('x', { maxOutputLength: 1 }),
  'name', 'code', 'message');
out.level = failure(() => zlib.createGzip({ level: 12 }), 'name', 'code', 'message');
out.brParam = failure(() => zlib.createBrotliCompress({ params: { 99: 1 } }),
  'name', 'code', 'message');
out.argType = failure(() => zlib.deflateSync(42), 'name', 'code', 'message');
out.info = Object.keys(zlib.gzipSync('x', { info: true }));
out.crc = [zlib.crc32('hello'), zlib.crc32(Buffer.from('world'), zlib.crc32('hello '))];
out.consts = [zlib.constants.Z_BEST_COMPRESSION, zlib.Z_SYNC_FLUSH, zlib.codes.Z_DATA_ERROR,
  zlib.codes['-3'], Object.keys(zlib).includes('Z_OK')];
out.partial = zlib.inflateSync(b(fromNode.deflate).subarray(0, 20),
  { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length;
__return(out);
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "inflate": true,
            "gunzip": true,
            "inflateRaw": true,
            "unzipGzip": true,
            "unzipDeflate": true,
            "brotli": true,
            "gzip9": "H4sIAAAAAAACAytOTS4tStVNrUhNBgA4TWM6CwAAAA==",
            "deflateShort": "eJzLSM3JyQcABiwCFQ==",
            "dict": "eLs1KQZry0DjK4AFAGKSCJ8=",
            "dictBack": "hello dictionary hello",
            "noDict": ["Missing dictionary", "Z_NEED_DICT", 2],
            "badDict": ["Bad dictionary", "Z_NEED_DICT", 2],
            "truncated": ["unexpected end of file", "Z_BUF_ERROR", -5],
            "badBrotli": ["Decompression failed", "ERR__ERROR_FORMAT_RESERVED", -2],
            "tooLarge": ["RangeError", "ERR_BUFFER_TOO_LARGE", "Cannot create a Buffer larger than 1 bytes"],
            "level": ["RangeError", "ERR_OUT_OF_RANGE", "The value of \"options.level\" is out of range. It must be >= -1 and <= 9. Received 12"],
            "brParam": ["RangeError", "ERR_BROTLI_INVALID_PARAM", "99 is not a valid Brotli parameter"],
            "argType": ["TypeError", "ERR_INVALID_ARG_TYPE", "The \"buffer\" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer. Received type number (42)"],
            "info": ["buffer", "engine"],
            "crc": [907060870, 222957957],
            "consts": [9, 2, -3, "Z_DATA_ERROR", false],
            "partial": 17
        })
    );
}

/// Every format round-trips as a stream (piped in chunks, tiny chunkSize), through the
/// callback and promisified methods; flush, params, close, reset and stream errors behave
/// as in Node.
#[tokio::test(flavor = "multi_thread")]
async fn streams_callbacks_and_promises() {
    let value = common::eval(
        r#"
const zlib = require('node:zlib');
const { pipeline } = require('node:stream/promises');
const { promisify } = require('node:util');
const { Readable, Transform } = require('node:stream');
const out = {};
const text = 'stream me '.repeat(500);
const collect = (stream) => new Promise((resolve, reject) => {
  const parts = [];
  stream.on('data', (c) => parts.push(c)).on('error', reject);
  stream.on('end', () => resolve(Buffer.concat(parts)));
});
const pairs = [['Deflate', 'Inflate'], ['Gzip', 'Gunzip'], ['DeflateRaw', 'InflateRaw'],
  ['Gzip', 'Unzip'], ['BrotliCompress', 'BrotliDecompress']];
for (const [c, d] of pairs) {
  const compress = zlib[`create${c}`]({ chunkSize: 64 });
  const decompress = new zlib[d]();
  const done = collect(decompress);
  const source = Readable.from(text.match(/.{1,333}/gs).map((s) => Buffer.from(s)));
  await pipeline(source, compress, decompress);
  const back = await done;
  const method = (name) => zlib[name[0].toLowerCase() + name.slice(1)];
  const viaCallback = await new Promise((resolve) => method(c)(text, (err, buf) => resolve(buf)));
  const promised = await promisify(method(d))(viaCallback);
  out[`${c}/${d}`] = [back.toString() === text, compress.bytesWritten, decompress.bytesWritten > 0,
    promised.toString() === text, compress instanceof zlib[c], compress instanceof Transform];
}

// flush() emits what was written so far, decodable on its own.
const deflate = zlib.createDeflate();
const flushed = await new Promise((resolve) => {
  const parts = [];
  deflate.on('data', (c) => parts.push(c));
  deflate.write('partial');
  deflate.flush(() => resolve(Buffer.concat(parts)));
});
out.flush = zlib.inflateSync(flushed, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString();

// params() changes the level mid-stream.
const tuned = zlib.createDeflate({ level: 9 });
const tunedOut = collect(tuned);
tuned.write(Buffer.alloc(1000, 'a'));
await new Promise((resolve) => tuned.params(0, zlib.constants.Z_DEFAULT_STRATEGY, resolve));
tuned.end(Buffer.alloc(1000, 'b'));
out.params = zlib.inflateSync(await tunedOut).toString() === 'a'.repeat(1000) + 'b'.repeat(1000);

// Bad input fails the stream with zlib's code and errno.
const gunzip = zlib.createGunzip();
out.streamError = await new Promise((resolve) => {
  gunzip.on('error', (e) => resolve([e.message, e.code, e.errno, gunzip.destroyed]));
  gunzip.end('definitely not gzip');
});
out.afterError = gunzip._closed;

// close(callback), then a write after it.
const closing = zlib.createGzip();
await new Promise((resolve) => closing.close(resolve));
out.closed = [closing._closed, closing._handle];
out.writeAfterClose = await new Promise((resolve) => closing.write('x', (e) => resolve(e.code)));

// reset() starts a fresh stream.
const resetting = zlib.createGzip();
resetting.write('discarded');
resetting.reset();
out.reset = typeof resetting.reset;

// A truncated stream ends with Z_BUF_ERROR at the finish flush.
out.truncated = await new Promise((resolve) => zlib.inflate(
  zlib.deflateSync(text).subarray(0, 10), (e) => resolve([e.message, e.code, e.errno])));
out.promisifiedError = await promisify(zlib.brotliDecompress)(Buffer.from('zzzzzzzz'))
  .catch((e) => [e.message, e.code]);
out.unzipChain = zlib.unzipSync(Buffer.concat([zlib.gzipSync('one '), zlib.gzipSync('two')]))
  .toString();
__return(out);
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "Deflate/Inflate": [true, 5000, true, true, true, true],
            "Gzip/Gunzip": [true, 5000, true, true, true, true],
            "DeflateRaw/InflateRaw": [true, 5000, true, true, true, true],
            "Gzip/Unzip": [true, 5000, true, true, true, true],
            "BrotliCompress/BrotliDecompress": [true, 5000, true, true, true, true],
            "flush": "partial",
            "params": true,
            "streamError": ["incorrect header check", "Z_DATA_ERROR", -3, true],
            "afterError": true,
            "closed": [true, null],
            "writeAfterClose": "ERR_STREAM_DESTROYED",
            "reset": "function",
            "truncated": ["unexpected end of file", "Z_BUF_ERROR", -5],
            "promisifiedError": ["Decompression failed", "ERR__ERROR_FORMAT_RESERVED"],
            "unzipChain": "one two"
        })
    );
}

/// CompressionStream / DecompressionStream round trips, and fetch against an in-guest
/// server: `accept-encoding` sent as undici does, gzip / br / deflate (zlib or raw) and
/// stacked codings decoded, unknown codings passed through, corrupt bodies failing the read.
#[tokio::test(flavor = "multi_thread")]
async fn compression_streams_and_fetch_decoding() {
    let value = common::eval(
        r#"
const zlib = require('node:zlib');
const out = {};
const text = 'web streams compress '.repeat(50);
const collect = async (readable) => {
  const parts = [];
  for await (const c of readable) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
};
for (const format of ['gzip', 'deflate', 'deflate-raw']) {
  const compress = new CompressionStream(format);
  const compressed = await collect(new Blob([text]).stream().pipeThrough(compress));
  const decompress = new DecompressionStream(format);
  const back = await collect(new Blob([compressed]).stream().pipeThrough(decompress));
  const node = { 'gzip': 'gunzipSync', 'deflate': 'inflateSync', 'deflate-raw': 'inflateRawSync' };
  out[format] = [back.toString() === text, zlib[node[format]](compressed).toString() === text];
}
try { new CompressionStream('zip'); } catch (e) { out.badFormat = [e.name, e.code]; }
const ds = new DecompressionStream('gzip');
const w = ds.writable.getWriter();
w.write(zlib.gzipSync(text).subarray(0, 20)).catch(() => {}); w.close().catch(() => {});
try { await collect(ds.readable); } catch (e) { out.truncated = [e.code, e.message]; }
out.web = typeof require('stream/web').CompressionStream;
out.tag = Object.prototype.toString.call(new DecompressionStream('deflate'));

const http = require('http');
const seen = [];
const server = http.createServer((req, res) => {
  seen.push(req.headers['accept-encoding']);
  const body = 'compressed body '.repeat(40);
  const encoded = {
    '/gzip': ['gzip', zlib.gzipSync(body)],
    '/br': ['br', zlib.brotliCompressSync(body)],
    '/deflate': ['deflate', zlib.deflateSync(body)],
    '/raw': ['deflate', zlib.deflateRawSync(body)],
    '/chain': ['deflate, gzip', zlib.gzipSync(zlib.deflateSync(body))],
    '/unknown': ['zstd', 'as-is'],
    '/bad': ['gzip', 'not gzip at all'],
  }[req.url];
  if (encoded === undefined) {
    res.end(body);
  } else {
    res.setHeader('content-encoding', encoded[0]);
    res.end(encoded[1]);
  }
});
await new Promise((r) => server.listen(0, r));
const base = `http://127.0.0.1:${server.address().port}`;
for (const p of ['/gzip', '/br', '/deflate', '/raw', '/chain', '/unknown']) {
  const r = await fetch(base + p);
  const t = await r.text();
  out[p] = [r.headers.get('content-encoding'), t.length, t.slice(0, 16)];
}
try {
  await (await fetch(base + '/bad')).text();
} catch (e) {
  out.bad = [e.name, e.message, e.cause?.code];
}
await fetch(base + '/', { headers: { 'accept-encoding': 'identity' } }).then((r) => r.text());
out.seen = seen;
server.close();
__return(out);
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "gzip": [true, true],
            "deflate": [true, true],
            "deflate-raw": [true, true],
            "badFormat": ["TypeError", "ERR_INVALID_ARG_VALUE"],
            "truncated": ["Z_BUF_ERROR", "unexpected end of file"],
            "web": "function",
            "tag": "[object DecompressionStream]",
            "/gzip": ["gzip", 640, "compressed body "],
            "/br": ["br", 640, "compressed body "],
            "/deflate": ["deflate", 640, "compressed body "],
            "/raw": ["deflate", 640, "compressed body "],
            "/chain": ["deflate, gzip", 640, "compressed body "],
            "/unknown": ["zstd", 5, "as-is"],
            "bad": ["TypeError", "terminated", "Z_DATA_ERROR"],
            "seen": ["gzip, deflate", "gzip, deflate", "gzip, deflate", "gzip, deflate", "gzip, deflate", "gzip, deflate", "gzip, deflate", "identity"]
        })
    );
}
