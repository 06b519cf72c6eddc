//! The web platform APIs of the guest: WHATWG streams (backpressure, tee, pipeThrough, byte
//! streams with BYOB readers, text encoder/decoder streams), `Blob`/`File`, `Headers`,
//! `Request`, `Response` and `FormData`, the Node stream adapters, and `fetch` against an
//! `http.createServer` in the same guest over the kernel's virtual loopback. Each script's
//! expected value is what Node 22 returns for it.

mod common;

use secure_exec_wasm::{NodeRuntime, NodeRuntimeOptions, Platform, RunOptions};
use serde_json::json;

/// A pull source under a count strategy fills exactly its high-water mark before anyone
/// reads; a tee feeds a TransformStream branch and a plain branch the same chunks; a
/// writer's desiredSize falls with queued writes; byte streams fill BYOB views.
#[tokio::test]
async fn streams_backpressure_tee_pipe_through_and_byob() {
    let value = common::eval(
        r#"
const log = [];
let pulls = 0;
const source = new ReadableStream({
  pull(c) { pulls++; c.enqueue(pulls); if (pulls === 5) c.close(); },
}, new CountQueuingStrategy({ highWaterMark: 2 }));
await new Promise((r) => setTimeout(r, 5));
const pulledBeforeRead = pulls;
const [left, right] = source.tee();
const upper = new TransformStream({
  transform(chunk, controller) { controller.enqueue(`n${chunk}`); },
  flush(controller) { controller.enqueue('end'); },
});
const all = async (stream) => { const out = []; for await (const c of stream) out.push(c); return out; };
const [piped, plain] = await Promise.all([all(left.pipeThrough(upper)), all(right)]);
const writes = [];
const sink = new WritableStream({
  write(chunk) { writes.push(chunk); return new Promise((r) => setTimeout(r, 1)); },
}, { highWaterMark: 2 });
const writer = sink.getWriter();
const sizes = [writer.desiredSize];
writer.write('a'); sizes.push(writer.desiredSize);
writer.write('b'); sizes.push(writer.desiredSize);
await writer.ready; await writer.close();
const text = await all(ReadableStream.from(['hé', 'llo'])
  .pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream()));
const locked = (() => { const s = new ReadableStream(); s.getReader(); try { s.getReader(); } catch (e) { return [e.name, e.code, e.message]; } })();
const errored = await new ReadableStream({ start(c) { c.error(new Error('boom')); } })
  .pipeTo(new WritableStream()).catch((e) => e.message);
const bytes = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1, 2, 3, 4, 5])); c.close(); } });
const byob = bytes.getReader({ mode: 'byob' });
const r1 = await byob.read(new Uint8Array(2));
const r2 = await byob.read(new Uint8Array(8));
const r3 = await byob.read(new Uint8Array(8));
const [byteLeft, byteRight] = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([7, 8, 9])); c.close(); } }).tee();
const leftReader = byteLeft.getReader({ mode: 'byob' });
const byteTee = [[...(await leftReader.read(new Uint8Array(2))).value],
  [...(await leftReader.read(new Uint8Array(2))).value], (await all(byteRight)).map((c) => [...c])];
__return({
  pulledBeforeRead, piped, plain, writes, sizes, text, locked, errored,
  byob: [[...r1.value], r1.done, [...r2.value], r2.done, r3.value.length, r3.done], byteTee,
  strategies: [new ByteLengthQueuingStrategy({ highWaterMark: 4 }).size(new Uint8Array(3)),
    new CountQueuingStrategy({ highWaterMark: 1 }).size('x')],
  streamWeb: typeof require('stream/web').ReadableStream === 'function' &&
    require('stream/web').ReadableStream === ReadableStream,
});"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "pulledBeforeRead": 2,
            "piped": ["n1", "n2", "n3", "n4", "n5", "end"],
            "plain": [1, 2, 3, 4, 5],
            "writes": ["a", "b"],
            "sizes": [2, 1, 0],
            "text": ["hé", "llo"],
            "locked": ["TypeError", "ERR_INVALID_STATE", "Invalid state: ReadableStream is locked"],
            "errored": "boom",
            "byob": [[1, 2], false, [3, 4, 5], false, 0, true],
            "byteTee": [[7, 8], [9], [[7, 8], [9]]],
            "strategies": [3, 1],
            "streamWeb": true,
        })
    );
}

/// Blob/File contents and slicing, Headers ordering and set-cookie, multipart FormData
/// round-tripped through a Request, Response statics and a used body, and
/// Readable.toWeb / fromWeb / Writable.toWeb over the global web streams.
#[tokio::test]
async fn blob_headers_request_response_form_data() {
    let value = common::eval(
        r#"
const { Readable, Writable } = require('stream');
const buffer = require('buffer');
const blob = new Blob(['hello ', new Uint8Array([119, 111]), new Blob(['rld'])], { type: 'Text/Plain' });
const file = new File(['abc'], 'a.txt', { type: 'text/plain', lastModified: 42 });
const headers = new Headers({ 'X-B': '2', 'x-a': ' 1 ' });
headers.append('Set-Cookie', 'a=1');
headers.append('set-cookie', 'b=2');
headers.append('x-a', '3');
const badName = (() => { try { headers.append('bad name', 'v'); } catch (e) { return [e.name, e.message]; } })();
const form = new FormData();
form.append('a', '1');
form.append('f', new Blob(['file body'], { type: 'text/plain' }), 'f.txt');
const request = new Request('http://example.com/x', { method: 'post', body: form });
const parsed = await request.formData();
const json = Response.json({ k: 'v' }, { status: 201 });
const clone = json.clone();
const used = await json.text().then(() => json.text()).catch((e) => [e.name, e.message]);
const urlencoded = new Request('http://a/', { method: 'POST', body: new URLSearchParams('a=1&b=2') });
const toWeb = [];
for await (const c of Readable.toWeb(Readable.from(['a', 'b']))) toWeb.push(c);
const fromWeb = [];
for await (const c of Readable.fromWeb(ReadableStream.from(['x', 'y']), { objectMode: true })) fromWeb.push(c);
const sink = [];
const writer = Writable.toWeb(new Writable({ write(c, e, cb) { sink.push(c.toString()); cb(); } })).getWriter();
await writer.write(new TextEncoder().encode('hi'));
await writer.close();
__return({
  blob: [blob.size, blob.type, await blob.text(), await blob.slice(-5, -1).text(),
    [...await blob.slice(0, 2).bytes()], (await blob.arrayBuffer()).byteLength],
  blobStream: await new Response(blob.stream()).text(),
  file: [file.name, file.lastModified, file.size, file instanceof Blob, String(file)],
  bufferExports: buffer.Blob === Blob && buffer.File === File,
  headers: [[...headers], headers.get('X-A'), headers.getSetCookie(), headers.has('x-b'), badName],
  form: [request.method, /^multipart\/form-data; boundary=/.test(request.headers.get('content-type')),
    parsed.get('a'), parsed.get('f').name, parsed.get('f').type, await parsed.get('f').text()],
  response: [json.status, json.headers.get('content-type'), await clone.json(), used],
  statics: [Response.redirect('http://a.example/', 301).headers.get('location'),
    Response.error().type, Response.error().status],
  nullBody: (() => { try { new Response('x', { status: 204 }); } catch (e) { return e.name; } })(),
  getBody: (() => { try { new Request('http://a/', { body: 'x' }); } catch (e) { return e.message; } })(),
  duplex: (() => { try { new Request('http://a/', { method: 'POST', body: new ReadableStream() }); } catch (e) { return e.message; } })(),
  urlencoded: [urlencoded.headers.get('content-type'), [...await urlencoded.formData()]],
  adapters: { toWeb, fromWeb, sink },
});"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "blob": [11, "text/plain", "hello world", "worl", [104, 101], 11],
            "blobStream": "hello world",
            "file": ["a.txt", 42, 3, true, "[object File]"],
            "bufferExports": true,
            "headers": [[["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-a", "1, 3"], ["x-b", "2"]], "1, 3", ["a=1", "b=2"], true, ["TypeError", "Headers.append: \"bad name\" is an invalid header name."]],
            "form": ["POST", true, "1", "f.txt", "text/plain", "file body"],
            "response": [201, "application/json", {"k": "v"}, ["TypeError", "Body is unusable: Body has already been read"]],
            "statics": ["http://a.example/", "error", 0],
            "nullBody": "TypeError",
            "getBody": "Request with GET/HEAD method cannot have body.",
            "duplex": "RequestInit: duplex option is required when sending a body.",
            "urlencoded": ["application/x-www-form-urlencoded;charset=UTF-8", [["a", "1"], ["b", "2"]]],
            "adapters": {"toWeb": ["a", "b"], "fromWeb": ["x", "y"], "sink": ["hi"]},
        })
    );
}

/// fetch over the loopback: GET with headers, POST with a JSON body, a streamed PUT body
/// (chunked), a response read chunk by chunk, 302 followed, 303 turned into GET, manual and
/// error redirect modes, abort (timer and already-aborted signal), a data: URL, and a
/// refused connection as undici reports it.
#[tokio::test]
async fn fetch_against_a_loopback_server() {
    let value = common::eval(
        r#"
const http = require('http');
const server = http.createServer((req, res) => {
  if (req.url === '/echo') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'] ?? null,
        te: req.headers['transfer-encoding'] ?? null, body: Buffer.concat(chunks).toString() }));
    });
  } else if (req.url === '/chunks') {
    res.write('one');
    setTimeout(() => { res.write('two'); setTimeout(() => res.end('three'), 5); }, 5);
  } else if (req.url === '/moved') {
    res.writeHead(302, { location: '/hello' }); res.end();
  } else if (req.url === '/see-other') {
    res.writeHead(303, { location: '/echo' }); res.end();
  } else if (req.url === '/hang') {
    // Never answers: the client aborts.
  } else {
    res.setHeader('x-test', 'yes');
    res.appendHeader('set-cookie', 'a=1');
    res.appendHeader('set-cookie', 'b=2');
    res.end(`hello ${req.method}`);
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const get = await fetch(`${base}/hello`);
const getResult = [get.status, get.statusText, get.ok, get.type, get.headers.get('x-test'),
  get.headers.getSetCookie(), await get.text(), get.bodyUsed];
const post = await (await fetch(`${base}/echo`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 1 }),
})).json();
const streamed = await (await fetch(`${base}/echo`, {
  method: 'PUT', duplex: 'half',
  body: ReadableStream.from(['par', 'ts']).pipeThrough(new TextEncoderStream()),
})).json();
const chunked = await fetch(`${base}/chunks`);
const reader = chunked.body.getReader();
const pieces = [];
for (let r = await reader.read(); !r.done; r = await reader.read()) {
  pieces.push(new TextDecoder().decode(r.value));
}
const followed = await fetch(`${base}/moved`);
const redirect = [followed.status, followed.redirected, followed.url === `${base}/hello`,
  await followed.text()];
const seeOther = await (await fetch(`${base}/see-other`, { method: 'POST', body: 'x' })).json();
const manual = await fetch(`${base}/moved`, { redirect: 'manual' });
const redirectError = await fetch(`${base}/moved`, { redirect: 'error' })
  .then(() => 'resolved', (e) => [e.name, e.message]);
const controller = new AbortController();
setTimeout(() => controller.abort(), 10);
const aborted = await fetch(`${base}/hang`, { signal: controller.signal })
  .then(() => 'resolved', (e) => [e.name, e.message, e instanceof DOMException]);
const reason = await fetch(`${base}/hang`, { signal: AbortSignal.abort(new Error('mine')) })
  .then(() => 'resolved', (e) => e.message);
const data = await fetch('data:text/plain;charset=utf-8,hi%20there');
const dataResult = [data.headers.get('content-type'), await data.text()];
const closed = http.createServer();
await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
const closedPort = closed.address().port;
await new Promise((resolve) => closed.close(resolve));
const refused = await fetch(`http://127.0.0.1:${closedPort}/`)
  .then(() => 'resolved', (e) => [e.name, e.message, e.cause?.code, e.cause?.syscall]);
server.close();
__return({ get: getResult, post, streamed, pieces, redirect, seeOther,
  manual: [manual.status, manual.headers.get('location')], redirectError, aborted, reason,
  data: dataResult, refused });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "get": [200, "OK", true, "basic", "yes", ["a=1", "b=2"], "hello GET", true],
            "post": {"method": "POST", "type": "application/json", "te": null, "body": "{\"a\":1}"},
            "streamed": {"method": "PUT", "type": null, "te": "chunked", "body": "parts"},
            "pieces": ["one", "two", "three"],
            "redirect": [200, true, true, "hello GET"],
            "seeOther": {"method": "GET", "type": null, "te": null, "body": ""},
            "manual": [302, "/hello"],
            "redirectError": ["TypeError", "fetch failed"],
            "aborted": ["AbortError", "This operation was aborted", true],
            "reason": "mine",
            "data": ["text/plain;charset=utf-8", "hi there"],
            "refused": ["TypeError", "fetch failed", "ECONNREFUSED", "connect"],
        })
    );
}

/// Under the default permissions the real network is denied: fetch fails as undici does,
/// with the kernel's EACCES (from connect, or from the name lookup) as the cause.
#[tokio::test]
async fn fetch_outside_the_sandbox_is_denied() {
    let value = common::eval(
        r#"
const failure = (e) => [e.name, e.message, e.cause?.code, e.cause?.syscall];
__return([
  await fetch('http://93.184.216.34/').then(() => 'resolved', failure),
  await fetch('http://example.com/').then(() => 'resolved', failure),
]);"#,
    )
    .await;
    assert_eq!(
        value,
        json!([
            ["TypeError", "fetch failed", "EACCES", "connect"],
            ["TypeError", "fetch failed", "EACCES", "getaddrinfo"],
        ])
    );
}

/// The browser platform has fetch and the streams/Blob globals; neutral has none of them.
#[tokio::test(flavor = "multi_thread")]
async fn browser_platform_has_fetch_and_streams() {
    let code = r#"
const names = ['fetch', 'Headers', 'Request', 'Response', 'FormData', 'Blob', 'File',
  'ReadableStream', 'WritableStream', 'TransformStream', 'TextEncoderStream',
  'TextDecoderStream', 'CountQueuingStrategy', 'ByteLengthQueuingStrategy'];
__return({
  present: names.filter((n) => typeof globalThis[n] === 'function').length,
  text: typeof Response === 'function' ? await new Response(new Blob(['ok'])).text() : null,
});"#;
    for (platform, present, text) in [
        (Platform::Browser, 14, json!("ok")),
        (Platform::Neutral, 0, json!(null)),
    ] {
        let rt = NodeRuntime::create(NodeRuntimeOptions {
            platform,
            ..Default::default()
        })
        .await
        .unwrap();
        let value = common::value_in(&rt, code, RunOptions::default()).await;
        assert_eq!(
            value,
            json!({ "present": present, "text": text }),
            "{platform:?}"
        );
    }
}
