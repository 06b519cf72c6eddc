//! `node:http` and `node:https` in the guest: a server and its clients in one script, over
//! the kernel's virtual loopback. Each script's expected value is what Node 22 returns for it
//! (`https.createServer` aside: the sandbox has no TLS server).

mod common;

use serde_json::{Value, json};

/// A GET with a query and a custom header, and a POST whose body the client writes in pieces
/// (so it goes chunked); the server's response is sized by `end()` and carries set-cookie as
/// an array.
#[tokio::test]
async fn get_and_chunked_post_round_trip() {
    let value = common::eval(
        r#"
const http = require('http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    res.setHeader('X-Method', req.method);
    res.appendHeader('Set-Cookie', 'a=1');
    res.appendHeader('Set-Cookie', 'b=2');
    res.end(JSON.stringify({
      method: req.method, url: req.url, httpVersion: req.httpVersion,
      te: req.headers['transfer-encoding'] ?? null, custom: req.headers['x-custom'] ?? null,
      body: Buffer.concat(chunks).toString(),
    }));
  });
});
function send(options, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ port: server.address().port, host: '127.0.0.1', ...options }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({
        status: res.statusCode, message: res.statusMessage,
        cookies: res.headers['set-cookie'], xMethod: res.headers['x-method'],
        length: res.headers['content-length'], complete: res.complete, echo: JSON.parse(text),
      }));
    });
    req.on('error', reject);
    for (const part of body) req.write(part);
    req.end();
  });
}
server.listen(0, async () => {
  const get = await send({ path: '/search?q=1', headers: { 'X-Custom': 'yes' } }, []);
  const post = await send({ method: 'POST', path: '/upload' }, ['hello ', 'chunked ', 'world']);
  server.close(() => globalThis.__return({ get, post }));
});
"#,
    )
    .await;
    let expected: Value = json!({
        "get": {
            "status": 200,
            "message": "OK",
            "cookies": ["a=1", "b=2"],
            "xMethod": "GET",
            "length": "91",
            "complete": true,
            "echo": {
                "method": "GET",
                "url": "/search?q=1",
                "httpVersion": "1.1",
                "te": null,
                "custom": "yes",
                "body": ""
            }
        },
        "post": {
            "status": 200,
            "message": "OK",
            "cookies": ["a=1", "b=2"],
            "xMethod": "POST",
            "length": "111",
            "complete": true,
            "echo": {
                "method": "POST",
                "url": "/upload",
                "httpVersion": "1.1",
                "te": "chunked",
                "custom": null,
                "body": "hello chunked world"
            }
        }
    });
    assert_eq!(value, expected);
}

/// A keep-alive agent with `maxSockets: 1` sends sequential and queued requests over one
/// connection: `reusedSocket`, the Keep-Alive header, and the parked socket in `freeSockets`.
#[tokio::test]
async fn keep_alive_agent_reuses_one_connection() {
    let value = common::eval(
        r#"
const http = require('http');
let connections = 0;
const ports = [];
const server = http.createServer((req, res) => {
  ports.push(req.socket.remotePort);
  res.end(req.url);
});
server.on('connection', () => { connections++; });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ port: server.address().port, path, agent }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ body, reused: req.reusedSocket, connection: res.headers.connection, keepAlive: res.headers['keep-alive'] }));
    });
    req.on('error', reject);
  });
}
server.listen(0, async () => {
  const results = [];
  for (const path of ['/a', '/b', '/c']) {
    results.push(await get(path));
    await new Promise((r) => setImmediate(r));
  }
  const name = Object.keys(agent.freeSockets)[0];
  const free = agent.freeSockets[name].length;
  const parallel = await Promise.all(['/x', '/y', '/z'].map(get));
  agent.destroy();
  server.close(() => globalThis.__return({
    results, parallel: parallel.map((r) => r.body), connections,
    samePort: new Set(ports).size === 1, free,
  }));
});
"#,
    )
    .await;
    let expected: Value = json!({
        "results": [
            {
                "body": "/a",
                "reused": false,
                "connection": "keep-alive",
                "keepAlive": "timeout=5"
            },
            {
                "body": "/b",
                "reused": true,
                "connection": "keep-alive",
                "keepAlive": "timeout=5"
            },
            {
                "body": "/c",
                "reused": true,
                "connection": "keep-alive",
                "keepAlive": "timeout=5"
            }
        ],
        "parallel": ["/x", "/y", "/z"],
        "connections": 1,
        "samePort": true,
        "free": 1
    });
    assert_eq!(value, expected);
}

/// HEAD and 204 responses carry no body on the wire (three pipelined requests on one raw
/// connection, the last with `Connection: close`), and a HEAD response ends at once.
#[tokio::test]
async fn head_204_and_pipelined_responses_have_no_body() {
    let value = common::eval(
        r#"
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  if (req.url === '/empty') {
    res.writeHead(204, { 'X-Kind': 'none' });
    res.end();
  } else {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 5 });
    res.end(req.method === 'HEAD' ? undefined : 'hello');
  }
});
server.listen(0, () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  let raw = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { raw += d; });
  socket.write('HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /empty HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  socket.on('end', () => {
    const responses = raw.split(/(?=HTTP\/1\.1 )/).map((r) => {
      const [head, body] = r.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const headers = Object.fromEntries(lines.slice(1).map((l) => l.split(': ')).filter(([k]) => k !== 'Date').map(([k, v]) => [k.toLowerCase(), v]));
      return { status: lines[0], headers, body };
    });
    http.request({ port: server.address().port, method: 'HEAD', path: '/h' }, (res) => {
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; });
      res.on('end', () => {
        server.close(() => globalThis.__return({ responses, clientHead: { status: res.statusCode, length: res.headers['content-length'], bytes } }));
      });
    }).end();
  });
});
"#,
    )
    .await;
    let expected: Value = json!({
        "responses": [
            {
                "status": "HTTP/1.1 200 OK",
                "headers": {
                    "content-type": "text/plain",
                    "content-length": "5",
                    "connection": "keep-alive",
                    "keep-alive": "timeout=5"
                },
                "body": ""
            },
            {
                "status": "HTTP/1.1 204 No Content",
                "headers": {"x-kind": "none", "connection": "keep-alive", "keep-alive": "timeout=5"},
                "body": ""
            },
            {
                "status": "HTTP/1.1 200 OK",
                "headers": {
                    "content-type": "text/plain",
                    "content-length": "5",
                    "connection": "close"
                },
                "body": "hello"
            }
        ],
        "clientHead": {"status": 200, "length": "5", "bytes": 0}
    });
    assert_eq!(value, expected);
}

/// `Expect: 100-continue` through 'checkContinue' (continued and refused with 417), and an
/// Upgrade handed over to both sides' 'upgrade' handlers, which then speak their own protocol.
#[tokio::test]
async fn expect_continue_and_upgrade() {
    let value = common::eval(
        r#"
const http = require('http');
const events = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => res.end(`got ${body}`));
});
server.on('checkContinue', (req, res) => {
  events.push(`checkContinue ${req.headers.expect}`);
  if (req.url === '/deny') {
    res.writeHead(417);
    res.end();
    return;
  }
  res.writeContinue();
  server.emit('request', req, res);
});
server.on('upgrade', (req, socket, head) => {
  events.push(`upgrade ${req.headers.upgrade} head=${head}`);
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
  socket.on('data', (d) => socket.write(`echo:${d}`));
  socket.on('end', () => socket.end());
});
function expectContinue(path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ port: server.address().port, method: 'PUT', path, headers: { Expect: '100-continue' } });
    req.on('continue', () => {
      events.push(`continue ${path}`);
      req.end('payload');
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
  });
}
server.listen(0, async () => {
  const accepted = await expectContinue('/ok');
  const denied = await expectContinue('/deny');
  const upgraded = await new Promise((resolve, reject) => {
    const req = http.request({ port: server.address().port, headers: { Connection: 'Upgrade', Upgrade: 'echo' } });
    req.on('upgrade', (res, socket, head) => {
      events.push(`client upgrade ${res.statusCode} ${res.headers.upgrade} head=${head.length}`);
      socket.once('data', (d) => {
        socket.destroy();
        resolve(String(d));
      });
      socket.write('ping');
    });
    req.on('error', reject);
    req.end();
  });
  server.close(() => globalThis.__return({ accepted, denied, upgraded, events }));
});
"#,
    )
    .await;
    let expected: Value = json!({
        "accepted": {"status": 200, "body": "got payload"},
        "denied": {"status": 417, "body": ""},
        "upgraded": "echo:ping",
        "events": [
            "checkContinue 100-continue",
            "continue /ok",
            "checkContinue 100-continue",
            "upgrade echo head=",
            "client upgrade 101 echo head=0"
        ]
    });
    assert_eq!(value, expected);
}

/// 2 MiB piped up as a chunked request body and 2 MiB written back with `drain`
/// backpressure arrive intact.
#[tokio::test]
async fn large_bodies_stream_with_backpressure() {
    let value = common::eval(
        r#"
const http = require('http');
const { Readable } = require('stream');
const crypto = require('crypto');
const SIZE = 2 * 1024 * 1024;
function pattern(i) { return Buffer.alloc(64 * 1024, i % 251); }
const server = http.createServer((req, res) => {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  req.on('data', (c) => { bytes += c.length; hash.update(c); });
  req.on('end', () => {
    res.writeHead(200, { 'X-Upload-Bytes': bytes, 'X-Upload-Hash': hash.digest('hex') });
    let i = 0;
    let drains = 0;
    res.on('drain', () => { drains++; });
    (function more() {
      while (i < SIZE / (64 * 1024)) {
        if (!res.write(pattern(i++))) { res.once('drain', more); return; }
      }
      res.end();
    })();
  });
});
server.listen(0, () => {
  const expected = crypto.createHash('sha256');
  let i = 0;
  const upload = new Readable({ read() {
    if (i === SIZE / (64 * 1024)) { this.push(null); return; }
    const chunk = pattern(i++);
    expected.update(chunk);
    this.push(chunk);
  } });
  const req = http.request({ port: server.address().port, method: 'POST' }, (res) => {
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    res.on('data', (c) => { bytes += c.length; hash.update(c); });
    res.on('end', () => {
      const uploadHash = expected.digest('hex');
      server.close(() => globalThis.__return({
        uploaded: Number(res.headers['x-upload-bytes']),
        uploadIntact: res.headers['x-upload-hash'] === uploadHash,
        downloaded: bytes, chunked: res.headers['transfer-encoding'],
        downloadIntact: hash.digest('hex') === uploadHash,
      }));
    });
  });
  upload.pipe(req);
});
"#,
    )
    .await;
    let expected: Value = json!({
        "uploaded": 2097152,
        "uploadIntact": true,
        "downloaded": 2097152,
        "chunked": "chunked",
        "downloadIntact": true
    });
    assert_eq!(value, expected);
}

/// Malformed requests reach 'clientError' with llhttp's codes (or get a bare 400), a missing
/// Host is refused, a stalled head gets 408 from `headersTimeout`, and on the client side
/// `timeout` + `destroy()` give 'socket hang up', an aborted signal an AbortError, and a
/// closed port ECONNREFUSED.
#[tokio::test]
async fn bad_requests_and_timeouts() {
    let value = common::eval(
        r#"
const http = require('http');
const net = require('net');
const clientErrors = [];
const server = http.createServer({ headersTimeout: 150, requestTimeout: 300, connectionsCheckingInterval: 25 }, (req, res) => {
  if (req.url === '/slow') return;
  res.end('ok');
});
server.on('clientError', (err, socket) => {
  clientErrors.push(err.code);
  if (err.code === 'HPE_INVALID_METHOD') {
    socket.end('HTTP/1.1 400 Bad Request\r\nX-Reason: method\r\n\r\n');
  } else {
    socket.destroy(err);
  }
});
function raw(text) {
  return new Promise((resolve) => {
    const socket = net.connect(server.address().port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => { reply += d; });
    socket.on('error', () => {});
    socket.on('close', () => resolve(reply.split('\r\n')[0] || '(closed)'));
    socket.write(text);
  });
}
server.listen(0, async () => {
  const badMethod = await raw('BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n');
  const badHeader = await raw('GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n');
  server.removeAllListeners('clientError');
  const defaultBadRequest = await raw('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
  const noHost = await raw('GET / HTTP/1.1\r\n\r\n');
  const headersTimeout = await raw('GET / HTTP/1.1\r\nHost: x\r\n');
  const clientTimeout = await new Promise((resolve) => {
    const events = [];
    const req = http.get({ port: server.address().port, path: '/slow', timeout: 100 });
    req.on('timeout', () => { events.push('timeout'); req.destroy(); });
    req.on('error', (err) => events.push(`${err.code} ${err.message}`));
    req.on('close', () => resolve(events));
  });
  const aborted = await new Promise((resolve) => {
    const controller = new AbortController();
    const req = http.get({ port: server.address().port, path: '/slow', signal: controller.signal });
    req.on('error', (err) => resolve(`${err.name} ${err.code}`));
    setTimeout(() => controller.abort(), 20);
  });
  const refused = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, () => {
      const { port } = probe.address();
      probe.close(() => {
        http.get({ port, host: '127.0.0.1' }).on('error', (err) => resolve(err.code));
      });
    });
  });
  server.closeAllConnections();
  server.close(() => globalThis.__return({
    badMethod, badHeader, defaultBadRequest, noHost, headersTimeout, clientTimeout, aborted,
    refused, clientErrors,
  }));
});
"#,
    )
    .await;
    let expected: Value = json!({
        "badMethod": "HTTP/1.1 400 Bad Request",
        "badHeader": "(closed)",
        "defaultBadRequest": "HTTP/1.1 400 Bad Request",
        "noHost": "HTTP/1.1 400 Bad Request",
        "headersTimeout": "HTTP/1.1 408 Request Timeout",
        "clientTimeout": ["timeout", "ECONNRESET socket hang up"],
        "aborted": "AbortError ABORT_ERR",
        "refused": "ECONNREFUSED",
        "clientErrors": ["HPE_INVALID_METHOD", "HPE_INVALID_HEADER_TOKEN"]
    });
    assert_eq!(value, expected);
}

/// The module surface (METHODS, STATUS_CODES, header validation, https has no server), the
/// ServerResponse header API, writeHead with an array and a status message, trailers, and
/// the automatic 100 Continue.
#[tokio::test]
async fn module_surface_and_response_headers() {
    let value = common::eval(
        r#"
const http = require('http');
const https = require('https');
function code(fn) {
  try { fn(); return 'no error'; } catch (err) { return err.code; }
}
const surface = {
  methods: ['GET', 'POST', 'M-SEARCH', 'QUERY'].every((m) => http.METHODS.includes(m)),
  teapot: http.STATUS_CODES[418],
  maxHeaderSize: http.maxHeaderSize,
  badName: code(() => http.validateHeaderName('bad name')),
  badValue: code(() => http.validateHeaderValue('x', 'a\nb')),
  undefinedValue: code(() => http.validateHeaderValue('x', undefined)),
  parsers: code(() => http.setMaxIdleHTTPParsers(0)),
  httpsServer: code(() => https.createServer()),
  globalAgent: http.globalAgent instanceof http.Agent && https.globalAgent.defaultPort === 443,
};
const server = http.createServer((req, res) => {
  res.setHeader('X-A', '1');
  res.setHeader('X-List', ['p', 'q']);
  res.setHeader('X-Gone', 'bye');
  res.removeHeader('x-gone');
  const before = {
    names: res.getHeaderNames(), has: res.hasHeader('X-a'), list: res.getHeader('x-list'),
    sent: res.headersSent, headers: { ...res.getHeaders() },
    afterSent: null,
  };
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    res.writeHead(201, 'Made', ['X-B', '2', 'Trailer', 'X-Sum']);
    before.afterSent = code(() => res.setHeader('X-C', '3'));
    res.write(body.toUpperCase());
    res.addTrailers({ 'X-Sum': String(body.length) });
    res.end();
    res.on('finish', () => { before.finished = res.writableEnded && res.finished; });
    res.on('close', () => { before.closed = true; });
    server.state = before;
  });
});
server.listen(0, () => {
  const req = http.request({ port: server.address().port, method: 'POST', headers: { Expect: '100-continue' } }, (res) => {
    let text = '';
    res.on('data', (c) => { text += c; });
    res.on('end', () => {
      const response = {
        status: res.statusCode, message: res.statusMessage, text, trailers: res.trailers,
        rawHeaders: res.rawHeaders.filter((h, i) => !['Date', 'date'].includes(res.rawHeaders[i - (i % 2)])),
      };
      setImmediate(() => server.close(() => globalThis.__return({ surface, response, server: server.state })));
    });
  });
  req.on('continue', () => req.end('body text'));
});
"#,
    )
    .await;
    let expected: Value = json!({
        "surface": {
            "methods": true,
            "teapot": "I'm a Teapot",
            "maxHeaderSize": 16384,
            "badName": "ERR_INVALID_HTTP_TOKEN",
            "badValue": "ERR_INVALID_CHAR",
            "undefinedValue": "ERR_HTTP_INVALID_HEADER_VALUE",
            "parsers": "ERR_OUT_OF_RANGE",
            "httpsServer": "no error",
            "globalAgent": true
        },
        "response": {
            "status": 201,
            "message": "Made",
            "text": "BODY TEXT",
            "trailers": {"x-sum": "9"},
            "rawHeaders": [
                "X-A",
                "1",
                "X-List",
                "p",
                "X-List",
                "q",
                "X-B",
                "2",
                "Trailer",
                "X-Sum",
                "Connection",
                "keep-alive",
                "Keep-Alive",
                "timeout=5",
                "Transfer-Encoding",
                "chunked"
            ]
        },
        "server": {
            "names": ["x-a", "x-list"],
            "has": true,
            "list": ["p", "q"],
            "sent": false,
            "headers": {"x-a": "1", "x-list": ["p", "q"]},
            "afterSent": "ERR_HTTP_HEADERS_SENT",
            "finished": true,
            "closed": true
        }
    });
    assert_eq!(value, expected);
}

/// A body that runs to the end of the connection, a connection lost before the response
/// ('socket hang up') and in the middle of its body ('aborted'), HTTP/1.0, pipelining, and
/// `abort()`.
#[tokio::test]
async fn connection_close_bodies_and_lost_connections() {
    let value = common::eval(
        r#"
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  if (req.url === '/eof') {
    req.socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody until close');
    return;
  }
  if (req.url === '/hangup') { req.socket.destroy(); return; }
  if (req.url === '/cut') {
    res.writeHead(200, { 'Content-Length': 100 });
    res.write('partial');
    setTimeout(() => res.destroy(), 20);
    return;
  }
  res.end(`${req.method} ${req.url} ${req.httpVersion}`);
});
function get(path, extra = {}) {
  return new Promise((resolve) => {
    const events = [];
    const req = http.get({ port: server.address().port, path, agent: false, ...extra }, (res) => {
      events.push(`response ${res.statusCode}`);
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('aborted', () => events.push('aborted'));
      res.on('error', (e) => events.push(`res error ${e.code}`));
      res.on('end', () => events.push(`end ${body}`));
      res.on('close', () => { events.push(`res close complete=${res.complete}`); });
    });
    req.on('error', (e) => events.push(`error ${e.code} ${e.message}`));
    req.on('close', () => setTimeout(() => resolve(events), 50));
  });
}
function raw(text) {
  return new Promise((resolve) => {
    const socket = net.connect(server.address().port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => { reply += d; });
    socket.on('end', () => resolve(reply.replace(/Date: [^\r]*\r\n/g, '')));
    socket.write(text);
  });
}
server.listen(0, async () => {
  const eof = await get('/eof');
  const hangup = await get('/hangup');
  const cut = await get('/cut');
  const http10 = await raw('GET /old HTTP/1.0\r\n\r\n');
  const pipelined = await raw('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const aborted = await new Promise((resolve) => {
    const events = [];
    const req = http.get({ port: server.address().port, path: '/hangup2', agent: false });
    req.on('abort', () => events.push('abort'));
    req.on('error', (e) => events.push(`error ${e.code}`));
    req.on('close', () => resolve(events));
    req.abort();
  });
  server.close(() => globalThis.__return({ eof, hangup, cut, http10, pipelined, aborted }));
});
"#,
    )
    .await;
    let expected: Value = json!({
        "eof": ["response 200", "end body until close", "res close complete=true"],
        "hangup": ["error ECONNRESET socket hang up"],
        "cut": ["response 200", "aborted", "res error ECONNRESET", "res close complete=false"],
        "http10": "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nGET /old 1.0",
        "pipelined": "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 10\r\n\r\nGET /1 1.1HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 10\r\n\r\nGET /2 1.1",
        "aborted": ["abort"]
    });
    assert_eq!(value, expected);
}
