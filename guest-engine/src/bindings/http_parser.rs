//! `binding('http_parser')`: HTTP/1.x message heads, chunk sizes and trailers parsed by the
//! `httparse` crate, with the framing facts llhttp reports to Node when a head completes
//! (content length, chunked, upgrade, keep-alive). `_http_common`'s `HTTPParser` drives
//! these over a connection's bytes and owns the body state. Malformed input throws an
//! `Error` shaped like Node's parser errors: message `Parse Error: <reason>`, `code`
//! `HPE_*` and `reason`.

use rquickjs::{Array, Ctx, Exception, IntoJs, Object, Result, TypedArray, Value};

/// The methods llhttp accepts, as `http.METHODS` lists them (sorted).
#[rustfmt::skip]
const METHODS: &[&str] = &[
    "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK",
    "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS",
    "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT",
    "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
];

/// Throws Node's parser error for `code`.
fn parse_error(ctx: &Ctx<'_>, code: &str, reason: &str) -> rquickjs::Error {
    let built = Exception::from_message(ctx.clone(), &format!("Parse Error: {reason}")).and_then(
        |exception| {
            let object: &Object = exception.as_object();
            object.set("code", code)?;
            object.set("reason", reason)?;
            Ok(exception)
        },
    );
    match built {
        Ok(exception) => ctx.throw(exception.into_value()),
        Err(e) => e,
    }
}

/// Header bytes as a JS string, one char per byte (Node decodes heads as latin1).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The head's bytes the parser may look at, and how many header lines they can hold.
fn head_window(buf: &[u8], max_header_size: usize) -> (&[u8], usize) {
    let window = &buf[..buf.len().min(max_header_size)];
    let lines = window.iter().filter(|&&b| b == b'\n').count();
    (window, lines + 1)
}

/// `[name, value, name, value, ...]`, as `rawHeaders`.
fn raw_headers<'js>(ctx: &Ctx<'js>, headers: &[httparse::Header<'_>]) -> Result<Array<'js>> {
    let raw = Array::new(ctx.clone())?;
    for (i, header) in headers.iter().enumerate() {
        raw.set(2 * i, header.name)?;
        raw.set(2 * i + 1, latin1(header.value))?;
    }
    Ok(raw)
}

/// What the headers say about the body and the connection.
#[derive(Default)]
struct Framing {
    content_length: Option<u64>,
    chunked: bool,
    transfer_encoding: bool,
    connection_close: bool,
    connection_keep_alive: bool,
    connection_upgrade: bool,
    upgrade_header: bool,
}

fn framing(ctx: &Ctx<'_>, headers: &[httparse::Header<'_>], request: bool) -> Result<Framing> {
    let mut f = Framing::default();
    for header in headers {
        let value = header.value;
        if header.name.eq_ignore_ascii_case("content-length") {
            let text = std::str::from_utf8(value)
                .unwrap_or("")
                .trim_matches([' ', '\t']);
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(parse_error(
                    ctx,
                    "HPE_INVALID_CONTENT_LENGTH",
                    "Invalid character in Content-Length",
                ));
            }
            let length = text.parse::<u64>().map_err(|_| {
                parse_error(ctx, "HPE_INVALID_CONTENT_LENGTH", "Content-Length overflow")
            })?;
            // Any second Content-Length is refused, as llhttp does: two framings of one
            // body are how requests get smuggled past proxies.
            if f.content_length.is_some() {
                return Err(parse_error(
                    ctx,
                    "HPE_UNEXPECTED_CONTENT_LENGTH",
                    "Duplicate Content-Length",
                ));
            }
            f.content_length = Some(length);
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            f.transfer_encoding = true;
            let last = latin1(value)
                .rsplit(',')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            f.chunked = last == "chunked";
        } else if header.name.eq_ignore_ascii_case("connection") {
            for token in latin1(value).split(',') {
                match token.trim().to_ascii_lowercase().as_str() {
                    "close" => f.connection_close = true,
                    "keep-alive" => f.connection_keep_alive = true,
                    "upgrade" => f.connection_upgrade = true,
                    _ => {}
                }
            }
        } else if header.name.eq_ignore_ascii_case("upgrade") {
            f.upgrade_header = true;
        }
    }
    if f.transfer_encoding && f.content_length.is_some() {
        return Err(parse_error(
            ctx,
            "HPE_INVALID_TRANSFER_ENCODING",
            "Transfer-Encoding can't be present with Content-Length",
        ));
    }
    if request && f.transfer_encoding && !f.chunked {
        return Err(parse_error(
            ctx,
            "HPE_INVALID_TRANSFER_ENCODING",
            "Request has invalid `Transfer-Encoding`",
        ));
    }
    Ok(f)
}

/// The object JS reads for a complete head.
fn head_object<'js>(
    ctx: &Ctx<'js>,
    headers: &[httparse::Header<'_>],
    version: u8,
    bytes_parsed: usize,
    f: &Framing,
) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("rawHeaders", raw_headers(ctx, headers)?)?;
    o.set("versionMajor", 1)?;
    o.set("versionMinor", version)?;
    o.set("bytesParsed", bytes_parsed as f64)?;
    match f.content_length {
        Some(length) => o.set("contentLength", length as f64)?,
        None => o.set("contentLength", Value::new_null(ctx.clone()))?,
    }
    o.set("chunked", f.chunked)?;
    o.set(
        "shouldKeepAlive",
        if version >= 1 {
            !f.connection_close
        } else {
            f.connection_keep_alive
        },
    )?;
    Ok(o)
}

/// The error httparse's `kind` means in a start line (of a request when `request`) or a
/// header block.
fn head_error(
    ctx: &Ctx<'_>,
    kind: httparse::Error,
    window: &[u8],
    request: bool,
) -> rquickjs::Error {
    match kind {
        httparse::Error::Token => {
            let method_is_token = window
                .iter()
                .take_while(|&&b| b != b' ')
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b));
            if method_is_token {
                parse_error(ctx, "HPE_INVALID_URL", "Invalid characters in url")
            } else {
                parse_error(ctx, "HPE_INVALID_METHOD", "Invalid method encountered")
            }
        }
        httparse::Error::HeaderName => {
            parse_error(ctx, "HPE_INVALID_HEADER_TOKEN", "Invalid header token")
        }
        httparse::Error::HeaderValue => {
            parse_error(ctx, "HPE_INVALID_HEADER_TOKEN", "Invalid header value char")
        }
        httparse::Error::NewLine => parse_error(ctx, "HPE_LF_EXPECTED", "Missing expected LF"),
        httparse::Error::Status => parse_error(ctx, "HPE_INVALID_STATUS", "Invalid status code"),
        httparse::Error::Version if !request => {
            parse_error(ctx, "HPE_INVALID_VERSION", "Invalid HTTP version")
        }
        httparse::Error::Version => {
            // A request line is `METHOD URL VERSION`: a third word that is no HTTP version
            // (or a fourth word) is not a version problem.
            let first_line = window.split(|&b| b == b'\n').next().unwrap_or_default();
            let words: Vec<&[u8]> = first_line.trim_ascii().split(|&b| b == b' ').collect();
            if words.len() == 3 && words[2].starts_with(b"HTTP/") {
                parse_error(ctx, "HPE_INVALID_VERSION", "Invalid HTTP version")
            } else {
                parse_error(ctx, "HPE_INVALID_CONSTANT", "Expected HTTP/, RTSP/ or ICE/")
            }
        }
        httparse::Error::TooManyHeaders => {
            parse_error(ctx, "HPE_HEADER_OVERFLOW", "Header overflow")
        }
    }
}

/// `null` while the head is incomplete; throws `HPE_HEADER_OVERFLOW` once it cannot fit.
fn incomplete<'js>(ctx: &Ctx<'js>, buffered: usize, max_header_size: usize) -> Result<Value<'js>> {
    if buffered >= max_header_size {
        return Err(parse_error(ctx, "HPE_HEADER_OVERFLOW", "Header overflow"));
    }
    Ok(Value::new_null(ctx.clone()))
}

fn parse_request<'js>(ctx: &Ctx<'js>, buf: &[u8], max_header_size: usize) -> Result<Value<'js>> {
    let (window, lines) = head_window(buf, max_header_size);
    let mut slots = vec![httparse::EMPTY_HEADER; lines];
    let mut request = httparse::Request::new(&mut slots);
    let parsed = match request.parse(window) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            if let Some(method) = request.method
                && !METHODS.contains(&method)
            {
                return Err(parse_error(
                    ctx,
                    "HPE_INVALID_METHOD",
                    "Invalid method encountered",
                ));
            }
            return incomplete(ctx, buf.len(), max_header_size);
        }
        Err(kind) => return Err(head_error(ctx, kind, window, true)),
    };
    let method = request.method.unwrap_or_default();
    if !METHODS.contains(&method) {
        return Err(parse_error(
            ctx,
            "HPE_INVALID_METHOD",
            "Invalid method encountered",
        ));
    }
    let f = framing(ctx, request.headers, true)?;
    let version = request.version.unwrap_or(1);
    let o = head_object(ctx, request.headers, version, parsed, &f)?;
    o.set("method", method)?;
    o.set("url", request.path.unwrap_or_default())?;
    o.set(
        "upgrade",
        method == "CONNECT" || (f.connection_upgrade && f.upgrade_header),
    )?;
    Ok(o.into_value())
}

fn parse_response<'js>(ctx: &Ctx<'js>, buf: &[u8], max_header_size: usize) -> Result<Value<'js>> {
    let (window, lines) = head_window(buf, max_header_size);
    let mut slots = vec![httparse::EMPTY_HEADER; lines];
    let mut response = httparse::Response::new(&mut slots);
    let parsed = match response.parse(window) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return incomplete(ctx, buf.len(), max_header_size),
        Err(kind) => return Err(head_error(ctx, kind, window, false)),
    };
    let f = framing(ctx, response.headers, false)?;
    let version = response.version.unwrap_or(1);
    let o = head_object(ctx, response.headers, version, parsed, &f)?;
    o.set("statusCode", response.code.unwrap_or_default())?;
    o.set(
        "statusMessage",
        latin1(response.reason.unwrap_or_default().as_bytes()),
    )?;
    o.set(
        "upgrade",
        response.code == Some(101) && f.connection_upgrade && f.upgrade_header,
    )?;
    Ok(o.into_value())
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("methods", METHODS.to_vec())?;
    super::set_fn(
        ctx,
        &o,
        "parseRequest",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>, max_header_size: u32| {
            parse_request(&ctx, super::bytes(&data), max_header_size as usize)
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "parseResponse",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>, max_header_size: u32| {
            parse_response(&ctx, super::bytes(&data), max_header_size as usize)
        },
    )?;
    // `[bytesConsumed, chunkSize]` for a chunk-size line (with its extensions and CRLF).
    super::set_fn(
        ctx,
        &o,
        "parseChunkSize",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>| -> Result<Value<'js>> {
            match httparse::parse_chunk_size(super::bytes(&data)) {
                Ok(httparse::Status::Complete((consumed, size))) => {
                    vec![consumed as f64, size as f64].into_js(&ctx)
                }
                Ok(httparse::Status::Partial) => Ok(Value::new_null(ctx.clone())),
                Err(httparse::InvalidChunkSize) => Err(parse_error(
                    &ctx,
                    "HPE_INVALID_CHUNK_SIZE",
                    "Invalid character in chunk size",
                )),
            }
        },
    )?;
    // The trailer section after the last chunk: `{ rawHeaders, bytesParsed }`.
    super::set_fn(
        ctx,
        &o,
        "parseTrailers",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>, max_header_size: u32| -> Result<Value<'js>> {
            let buf = super::bytes(&data);
            let max_header_size = max_header_size as usize;
            let (window, lines) = head_window(buf, max_header_size);
            let mut slots = vec![httparse::EMPTY_HEADER; lines];
            match httparse::parse_headers(window, &mut slots) {
                Ok(httparse::Status::Complete((parsed, headers))) => {
                    let o = Object::new(ctx.clone())?;
                    o.set("rawHeaders", raw_headers(&ctx, headers)?)?;
                    o.set("bytesParsed", parsed as f64)?;
                    Ok(o.into_value())
                }
                Ok(httparse::Status::Partial) => incomplete(&ctx, buf.len(), max_header_size),
                Err(kind) => Err(head_error(&ctx, kind, b"", false)),
            }
        },
    )?;
    Ok(o)
}
