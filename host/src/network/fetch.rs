//! [`NodeRuntime::fetch`](crate::NodeRuntime::fetch): an HTTP/1.1 request from the host
//! to a guest's listener, through the kernel's socket table (never the real network, so it
//! works while the guest's network is denied). hyper speaks the protocol.

use super::socket_io::SocketIo;
use crate::error::{Error, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use secure_exec_kernel::Kernel;
use std::sync::Arc;
use std::time::Duration;

/// How long a request may take, response body included, unless it says otherwise.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Largest response body `fetch` collects: responses are held in memory whole, so a guest
/// streaming without end must not be able to exhaust the host.
pub const MAX_RESPONSE_BYTES: usize = 64 << 20;

/// A request to a guest's server: the seed's `{ path, method, headers, body }`.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    pub method: String,
    /// Path and query (`/api?x=1`).
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// [`DEFAULT_FETCH_TIMEOUT`] if unset.
    pub timeout: Option<Duration>,
}

impl Default for FetchRequest {
    fn default() -> Self {
        FetchRequest {
            method: "GET".into(),
            path: "/".into(),
            headers: Vec::new(),
            body: Vec::new(),
            timeout: None,
        }
    }
}

impl FetchRequest {
    /// A `GET` of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        FetchRequest {
            path: path.into(),
            ..Default::default()
        }
    }

    /// A request with `method` and `body`.
    pub fn new(
        method: impl Into<String>,
        path: impl Into<String>,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        FetchRequest {
            method: method.into(),
            path: path.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A guest server's answer.
#[derive(Debug, Clone)]
pub struct FetchResponse {
    pub status: u16,
    /// In the order the server sent them, names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl FetchResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Aborts a task when dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Sends `request` to the guest listening on loopback `port`.
pub async fn fetch(kernel: &Kernel, port: u16, request: FetchRequest) -> Result<FetchResponse> {
    let timeout = request.timeout.unwrap_or(DEFAULT_FETCH_TIMEOUT);
    tokio::time::timeout(timeout, exchange(kernel, port, request))
        .await
        .map_err(|_| Error::Timeout(timeout))?
}

async fn exchange(kernel: &Kernel, port: u16, request: FetchRequest) -> Result<FetchResponse> {
    let http_error = |error: hyper::Error| Error::Fetch {
        port,
        reason: error.to_string(),
    };
    let socket = kernel
        .net()
        .connect_local(port)
        .map_err(|errno| Error::Connect { port, errno })?;
    let io = TokioIo::new(SocketIo(Arc::new(socket)));
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(http_error)?;
    let mut builder = hyper::Request::builder()
        .method(request.method.as_str())
        .uri(&request.path);
    if !request
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        builder = builder.header(hyper::header::HOST, format!("localhost:{port}"));
    }
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let http_request = builder
        .body(Full::new(Bytes::from(request.body)))
        .map_err(|e| Error::InvalidOption(format!("fetch request: {e}")))?;
    // The connection drives the socket on its own task, which ends once `sender` is gone,
    // and is stopped if this exchange is dropped first (a timeout).
    let _connection = AbortOnDrop(tokio::spawn(connection));
    let response = sender
        .send_request(http_request)
        .await
        .map_err(http_error)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_string(), value)
        })
        .collect();
    let body = Limited::new(response.into_body(), MAX_RESPONSE_BYTES)
        .collect()
        .await
        .map_err(|error| Error::Fetch {
            port,
            reason: error.to_string(),
        })?
        .to_bytes()
        .to_vec();
    Ok(FetchResponse {
        status,
        headers,
        body,
    })
}
