//! `node:tls` and the `https` server: TLS runs inside the engine (rustls), so a guest's
//! TLS server and clients talk over the kernel's virtual loopback. Certificate checks give
//! OpenSSL's codes as Node does. The expected values are what Node prints for the same
//! script (the certificate in `tests/fixtures/tls` is self-signed for `localhost`).

mod common;

use serde_json::json;

/// An `https` server answers a client that trusts its certificate; `tls.connect` reports
/// the protocol, ALPN and peer certificate, and refuses an untrusted certificate or a
/// wrong name unless told not to check.
#[tokio::test(flavor = "multi_thread")]
async fn an_https_server_and_tls_clients_check_certificates_like_node() {
    let value = common::node_json(
        common::TLS_FILES,
        &[],
        r#"
const tls = require('tls');
const https = require('https');
const fs = require('fs');
const key = fs.readFileSync('/tls/key.pem');
const cert = fs.readFileSync('/tls/cert.pem');
const connect = (options) => new Promise((resolve) => {
  const socket = tls.connect(options);
  socket.on('secureConnect', () => {
    const result = { authorized: socket.authorized, error: socket.authorizationError ?? null, protocol: socket.getProtocol(), alpn: socket.alpnProtocol, subject: socket.getPeerCertificate().subject?.CN };
    socket.end();
    resolve(result);
  });
  socket.on('error', (e) => resolve({ code: e.code }));
});
const server = https.createServer({ key, cert, ALPNProtocols: ['http/1.1'] }, (req, res) => {
  res.end(`hello ${req.url} over ${req.socket.getProtocol()}`);
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const body = await new Promise((resolve, reject) => {
    https.get({ host: 'localhost', port, path: '/x', ca: cert }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve(`${res.statusCode} ${text}`));
    }).on('error', reject);
  });
  const results = {
    body,
    trusted: await connect({ host: 'localhost', port, ca: cert, ALPNProtocols: ['http/1.1'] }),
    untrusted: await connect({ host: 'localhost', port }),
    unchecked: await connect({ host: 'localhost', port, rejectUnauthorized: false }),
    wrongName: await connect({ host: '127.0.0.1', port, ca: cert, servername: 'example.com' }),
  };
  server.close();
  console.log(JSON.stringify(results));
});
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "body": "200 hello /x over TLSv1.3",
            "trusted": { "authorized": true, "error": null, "protocol": "TLSv1.3", "alpn": "http/1.1", "subject": "localhost" },
            "untrusted": { "code": "DEPTH_ZERO_SELF_SIGNED_CERT" },
            "unchecked": { "authorized": false, "error": "DEPTH_ZERO_SELF_SIGNED_CERT", "protocol": "TLSv1.3", "alpn": false, "subject": "localhost" },
            "wrongName": { "code": "ERR_TLS_CERT_ALTNAME_INVALID" }
        })
    );
}
