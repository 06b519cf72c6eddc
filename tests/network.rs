//! Network: the host's ways into guest servers (`wait_for_listener`, `fetch`, `publish`)
//! through the kernel's socket table, and the permission gate between guests and the real
//! network. Every connection here stays on loopback addresses: a denial is shown by a
//! listener on the host's 127.0.0.1 that never sees the guest's connection.

mod common;

use common::runtime;
use secure_exec_wasm::kernel::Signal;
use secure_exec_wasm::{
    Error, FetchRequest, NetRule, NetworkPolicy, NodeRuntime, NodeRuntimeOptions, Permissions,
    RunOptions, WaitForListener,
};
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const HELLO_SERVER: &str = r#"
    const http = require("node:http");
    http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => body += chunk);
        req.on("end", () => {
            res.setHeader("x-method", req.method);
            res.end(req.url === "/echo" ? `${req.headers["x-test"]}:${body}` : "ok");
        });
    }).listen(3000);
"#;

async fn start_server(rt: &NodeRuntime, code: &str) -> secure_exec_wasm::ProcessHandle {
    let server = rt
        .spawn(code, RunOptions::default())
        .expect("server spawns");
    rt.wait_for_listener(WaitForListener::port(3000).from_process(server.pid()))
        .await
        .expect("the guest listens");
    server
}

/// The seed's "driving a guest dev server from the host", with the network denied.
#[tokio::test]
async fn host_drives_a_guest_dev_server() {
    let rt = runtime().await;
    let server = rt
        .spawn(
            r#"import http from "node:http";
               http.createServer((_, res) => res.end("ok")).listen(3000);"#,
            RunOptions::default(),
        )
        .unwrap();
    let listener = rt
        .wait_for_listener(WaitForListener::port(3000).from_process(server.pid()))
        .await
        .unwrap();
    assert_eq!(listener.port, 3000);
    let response = rt
        .fetch(listener.port, FetchRequest::get("/"))
        .await
        .unwrap();
    assert_eq!((response.status, response.text().as_str()), (200, "ok"));
    server.kill(Signal::SIGTERM).unwrap();
    let exit = server.wait().await.unwrap();
    assert_eq!(exit.signal, Some("SIGTERM"));
}

#[tokio::test]
async fn fetch_sends_methods_headers_and_bodies() {
    let rt = runtime().await;
    let _server = start_server(&rt, HELLO_SERVER).await;
    let request = FetchRequest::new("POST", "/echo", "payload").header("x-test", "t1");
    let response = rt.fetch(3000, request).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.header("X-Method"), Some("POST"));
    assert_eq!(response.text(), "t1:payload");
    match rt.fetch(3999, FetchRequest::get("/")).await {
        Err(Error::Connect { port: 3999, errno }) => assert_eq!(errno.code(), "ECONNREFUSED"),
        other => panic!("expected a refused connection, got {other:?}"),
    }
}

#[tokio::test]
async fn waiting_for_a_listener_fails_when_the_process_ends_or_time_runs_out() {
    let rt = runtime().await;
    let quitter = rt
        .spawn("console.log('no server')", RunOptions::default())
        .unwrap();
    let query = WaitForListener::port(3000).from_process(quitter.pid());
    assert!(matches!(
        rt.wait_for_listener(query).await,
        Err(Error::ExitedBeforeListening { port: 3000, .. })
    ));
    let query = WaitForListener::port(3001).timeout(Duration::from_millis(100));
    assert!(matches!(
        rt.wait_for_listener(query).await,
        Err(Error::ListenerTimeout { port: 3001, .. })
    ));
}

/// A guest server answers 1,000 requests from the host without leaking descriptors.
#[tokio::test]
async fn a_guest_server_serves_a_thousand_requests_without_a_leak() {
    let rt = runtime().await;
    let server = start_server(&rt, HELLO_SERVER).await;
    let descriptors = || {
        rt.kernel()
            .processes()
            .get(server.pid())
            .unwrap()
            .lock()
            .unwrap()
            .fds
            .len()
    };
    let before = descriptors();
    for i in 0..1000 {
        let request = FetchRequest::new("POST", "/echo", i.to_string()).header("x-test", "n");
        let response = rt.fetch(3000, request).await.unwrap();
        assert_eq!(response.text(), format!("n:{i}"));
    }
    // The server closes each connection once the host's side is gone.
    let mut after = descriptors();
    for _ in 0..100 {
        if after <= before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        after = descriptors();
    }
    assert!(after <= before, "descriptors grew from {before} to {after}");
}

#[tokio::test]
async fn publish_forwards_host_connections_to_the_guest() {
    let rt = runtime().await;
    let _server = start_server(&rt, HELLO_SERVER).await;
    let published = rt.publish(0, 3000).await.unwrap();
    let mut client = tokio::net::TcpStream::connect(published.address())
        .await
        .unwrap();
    client
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    client.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with("ok"), "{response}");
}

/// A host listener that answers every connection with a fixed HTTP response and counts
/// the connections it saw.
async fn host_http_server() -> (u16, tokio::sync::mpsc::UnboundedReceiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (seen, connections) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = seen.send(());
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nfrom host")
                    .await;
            });
        }
    });
    (port, connections)
}

const FETCH_HOST: &str = r#"
    const port = process.env.HOST_PORT;
    try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        globalThis.__return({ status: response.status, body: await response.text() });
    } catch (error) {
        globalThis.__return({ error: error.message, code: error.cause?.code, cause: error.cause?.message });
    }
"#;

async fn fetch_host_from_guest(options: NodeRuntimeOptions, port: u16) -> Value {
    let rt = NodeRuntime::create(options).await.unwrap();
    let run = RunOptions {
        env: [("HOST_PORT".to_string(), port.to_string())].into(),
        ..RunOptions::default()
    };
    common::value_in(&rt, FETCH_HOST, run).await
}

#[tokio::test]
async fn exempt_loopback_ports_reach_the_host_while_the_network_is_denied() {
    let (port, mut connections) = host_http_server().await;
    let options = NodeRuntimeOptions {
        loopback_exempt_ports: [port].into(),
        ..NodeRuntimeOptions::default()
    };
    let value = fetch_host_from_guest(options, port).await;
    assert_eq!(value["status"], 200, "{value}");
    assert_eq!(value["body"], "from host");
    assert!(connections.try_recv().is_ok());
}

#[tokio::test]
async fn denied_and_private_destinations_never_reach_the_host() {
    let (port, mut connections) = host_http_server().await;
    // Denied (the default): the guest's loopback has no listener on the port.
    let value = fetch_host_from_guest(NodeRuntimeOptions::default(), port).await;
    assert_eq!(value["error"], "fetch failed", "{value}");
    assert_eq!(value["code"], "ECONNREFUSED", "{value}");
    // Allowed: still no loopback or other private range without a rule naming it.
    let allow = NodeRuntimeOptions {
        permissions: Permissions {
            network: NetworkPolicy::Allow,
            ..Permissions::default()
        },
        ..NodeRuntimeOptions::default()
    };
    let value = fetch_host_from_guest(allow, port).await;
    assert_eq!(value["code"], "ECONNREFUSED", "{value}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        connections.try_recv().is_err(),
        "the host listener saw a connection"
    );
    // A rule naming the address and port opens it.
    let rule: NetRule = format!("127.0.0.1:{port}").parse().unwrap();
    let ruled = NodeRuntimeOptions {
        permissions: Permissions {
            network: NetworkPolicy::Rules(vec![rule]),
            ..Permissions::default()
        },
        ..NodeRuntimeOptions::default()
    };
    let value = fetch_host_from_guest(ruled, port).await;
    assert_eq!(value["body"], "from host", "{value}");
}

#[tokio::test]
async fn denials_name_the_permission_without_dialing_or_resolving() {
    let value = common::eval(
        r#"
        const net = require("node:net");
        const dns = require("node:dns/promises");
        const failures = {};
        await new Promise((resolve) => {
            net.connect(80, "203.0.113.7").on("error", (error) => {
                failures.connect = { code: error.code, message: error.message };
                resolve();
            });
        });
        try { await dns.lookup("example.com"); } catch (error) {
            failures.dns = { code: error.code, message: error.message };
        }
        try { await fetch("http://example.com/"); } catch (error) {
            failures.fetch = { message: error.message, code: error.cause?.code };
        }
        globalThis.__return(failures);
        "#,
    )
    .await;
    assert_eq!(value["connect"]["code"], "EACCES", "{value}");
    let message = value["connect"]["message"].as_str().unwrap();
    assert!(
        message.contains("203.0.113.7:80") && message.contains("permissions.network"),
        "{message}"
    );
    assert_eq!(value["dns"]["code"], "EACCES", "{value}");
    assert!(
        value["dns"]["message"]
            .as_str()
            .unwrap()
            .contains("permissions.network")
    );
    assert_eq!(value["fetch"]["message"], "fetch failed");
    assert_eq!(value["fetch"]["code"], "EACCES");
}

/// https to a loopback destination uses the engine's TLS, which verifies certificates as
/// Node does: a self-signed server on an exempt loopback port is refused with OpenSSL's
/// code.
#[tokio::test]
async fn guest_tls_verifies_server_certificates() {
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.key_pair.serialize_der()));
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // Whether a request reached the server. The TLS handshake itself may finish before the
    // client judges the certificate (Node checks it once the handshake is done).
    let (requests, mut received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let request = match acceptor.accept(stream).await {
                Ok(mut tls) => {
                    let mut byte = [0u8; 1];
                    matches!(tls.read(&mut byte).await, Ok(1))
                }
                Err(_) => false,
            };
            let _ = requests.send(request);
        }
    });
    let rt = NodeRuntime::create(NodeRuntimeOptions {
        loopback_exempt_ports: [port].into(),
        ..NodeRuntimeOptions::default()
    })
    .await
    .unwrap();
    let code = format!(
        r#"require("node:https").get("https://localhost:{port}/", () => __return("no error"))
            .on("error", (error) => __return(error.code));"#
    );
    let value = common::value_in(&rt, &code, RunOptions::default()).await;
    assert_eq!(value, "DEPTH_ZERO_SELF_SIGNED_CERT");
    assert_eq!(
        received.recv().await,
        Some(false),
        "no request may reach an unverified server"
    );
}
