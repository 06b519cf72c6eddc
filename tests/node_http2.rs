//! `node:http2` in the engine: sessions and streams over the kernel's virtual loopback, in
//! cleartext (h2c) and over TLS with ALPN `h2`, and the compatibility API. The expected
//! value is what Node prints for the same script.

mod common;

use serde_json::json;

/// Two concurrent streams on one cleartext session echo method, path, a header and the
/// body; a secure server negotiates `h2` and answers through the compatibility API.
#[tokio::test(flavor = "multi_thread")]
async fn http2_sessions_carry_concurrent_streams_in_cleartext_and_over_tls() {
    let value = common::node_json(
        common::TLS_FILES,
        &[],
        r#"
const http2 = require('http2');
const fs = require('fs');
const results = {};
const server = http2.createServer();
server.on('stream', (stream, headers) => {
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => { body += d; });
  stream.on('end', () => {
    stream.respond({ ':status': 200, 'content-type': 'text/plain', 'x-echo': headers['x-name'] });
    stream.end(`${headers[':method']} ${headers[':path']} ${body}`);
  });
});
const secure = http2.createSecureServer({ key: fs.readFileSync('/tls/key.pem'), cert: fs.readFileSync('/tls/cert.pem') }, (req, res) => {
  res.setHeader('x-version', req.httpVersion);
  res.end(`compat ${req.url}`);
});
const request = (session, headers, body) => new Promise((resolve, reject) => {
  const req = session.request(headers);
  let text = '';
  let response;
  req.setEncoding('utf8');
  req.on('response', (h) => { response = h; });
  req.on('data', (d) => { text += d; });
  req.on('end', () => resolve({ status: response[':status'], echo: response['x-echo'] ?? response['x-version'], text }));
  req.on('error', reject);
  req.end(body);
});
server.listen(0, async () => {
  const session = http2.connect(`http://localhost:${server.address().port}`);
  results.plain = await Promise.all([
    request(session, { ':method': 'POST', ':path': '/a', 'x-name': 'one' }, 'first'),
    request(session, { ':method': 'POST', ':path': '/b', 'x-name': 'two' }, 'second'),
  ]);
  results.settings = session.remoteSettings.initialWindowSize;
  session.close();
  server.close();
  secure.listen(0, async () => {
    const tlsSession = http2.connect(`https://localhost:${secure.address().port}`, { ca: fs.readFileSync('/tls/cert.pem') });
    results.secure = await request(tlsSession, { ':path': '/c' });
    results.alpn = tlsSession.alpnProtocol;
    tlsSession.close();
    secure.close();
    console.log(JSON.stringify(results));
  });
});
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "plain": [
                { "status": 200, "echo": "one", "text": "POST /a first" },
                { "status": 200, "echo": "two", "text": "POST /b second" }
            ],
            "settings": 65535,
            "secure": { "status": 200, "echo": "2.0", "text": "compat /c" },
            "alpn": "h2"
        })
    );
}
