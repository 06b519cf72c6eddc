//! `binding('http_parser')`: HTTP/1.x message heads, chunk-size lines and trailers, read
//! byte by byte with llhttp's rules (Node's parser), with the framing facts llhttp reports
//! when a head completes (content length, chunked, upgrade, keep-alive). `_http_common`'s
//! `HTTPParser` drives these over a connection's bytes and owns the body state.
//!
//! Malformed input throws an `Error` shaped like Node's parser errors: message
//! `Parse Error: <reason>`, `code` `HPE_*`, `reason`, and `bytesParsed`, the offset of the
//! offending byte in the bytes given. `lenient` is Node's `insecureHTTPParser`: it lets
//! through header values with control bytes, folded (obs-fold) header lines, versions
//! other than 0.9, 1.0, 1.1 and 2.0, and Content-Length beside Transfer-Encoding.

use rquickjs::{Array, Ctx, Exception, IntoJs, Object, Result, TypedArray, Value};

/// The methods llhttp accepts, as `http.METHODS` lists them (sorted).
#[rustfmt::skip]
const METHODS: &[&str] = &[
    "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK",
    "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS",
    "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT",
    "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
];

/// The most chunk-extension bytes one chunk may carry (Node's limit, 16 KiB).
const MAX_CHUNK_EXTENSIONS: usize = 16 * 1024;

/// Why parsing stopped short of a complete piece.
enum Stop {
    /// More bytes are needed.
    Partial,
    /// Malformed input: code, reason, and the offset of the offending byte.
    Invalid(&'static str, &'static str, usize),
}

type Parsed<T> = std::result::Result<T, Stop>;

fn invalid<T>(code: &'static str, reason: &'static str, at: usize) -> Parsed<T> {
    Err(Stop::Invalid(code, reason, at))
}

/// Throws Node's parser error.
fn parse_error(ctx: &Ctx<'_>, code: &str, reason: &str, at: usize) -> rquickjs::Error {
    let built = Exception::from_message(ctx.clone(), &format!("Parse Error: {reason}")).and_then(
        |exception| {
            let object: &Object = exception.as_object();
            object.set("code", code)?;
            object.set("reason", reason)?;
            object.set("bytesParsed", at as f64)?;
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

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A byte a strict parser takes in a header value.
fn is_value_byte(b: u8) -> bool {
    b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Parsed<u8> {
        self.buf.get(self.pos).copied().ok_or(Stop::Partial)
    }

    /// Consumes `literal`, failing at the first byte that differs.
    fn expect(&mut self, literal: &[u8], code: &'static str, reason: &'static str) -> Parsed<()> {
        for &want in literal {
            if self.peek()? != want {
                return invalid(code, reason, self.pos);
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn digit(&mut self, code: &'static str, reason: &'static str) -> Parsed<u8> {
        let b = self.peek()?;
        if !b.is_ascii_digit() {
            return invalid(code, reason, self.pos);
        }
        self.pos += 1;
        Ok(b - b'0')
    }

    /// A line end: CRLF (a bare LF is taken too); a CR without its LF is
    /// `HPE_LF_EXPECTED`, any other byte `code`.
    fn line_end(&mut self, code: &'static str, reason: &'static str) -> Parsed<()> {
        match self.peek()? {
            b'\n' => {}
            b'\r' => {
                self.pos += 1;
                if self.peek()? != b'\n' {
                    return invalid("HPE_LF_EXPECTED", "Missing expected LF", self.pos);
                }
            }
            _ => return invalid(code, reason, self.pos),
        }
        self.pos += 1;
        Ok(())
    }

    /// Empty lines before a message (after a body, clients may send a stray CRLF).
    fn skip_blank_lines(&mut self) {
        while matches!(self.buf.get(self.pos), Some(b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    /// `HTTP/<major>.<minor>`.
    fn version(&mut self, lenient: bool) -> Parsed<(u8, u8)> {
        self.expect(b"HTTP/", "HPE_INVALID_CONSTANT", "Expected HTTP/")?;
        let major = self.digit("HPE_INVALID_VERSION", "Invalid major version")?;
        self.expect(b".", "HPE_INVALID_VERSION", "Expected dot")?;
        let minor = self.digit("HPE_INVALID_VERSION", "Invalid minor version")?;
        if !lenient && !matches!((major, minor), (0, 9) | (1, 0) | (1, 1) | (2, 0)) {
            return invalid("HPE_INVALID_VERSION", "Invalid HTTP version", self.pos);
        }
        Ok((major, minor))
    }

    /// A method of `METHODS` and its space; llhttp fails at the first byte no method
    /// continues with (past the first byte).
    fn method(&mut self) -> Parsed<&'static str> {
        let start = self.pos;
        loop {
            let b = self.peek()?;
            let word = &self.buf[start..self.pos];
            if b == b' ' {
                if let Some(method) = METHODS.iter().find(|m| m.as_bytes() == word) {
                    self.pos += 1;
                    return Ok(method);
                }
            } else if METHODS.iter().any(|m| {
                m.len() > word.len()
                    && m.as_bytes().starts_with(word)
                    && m.as_bytes()[word.len()] == b
            }) {
                self.pos += 1;
                continue;
            }
            // llhttp counts a bad first byte as parsed.
            return invalid(
                "HPE_INVALID_METHOD",
                "Invalid method encountered",
                self.pos.max(start + 1),
            );
        }
    }

    /// A request target and the space after it.
    fn url(&mut self) -> Parsed<&[u8]> {
        let start = self.pos;
        loop {
            match self.peek()? {
                b' ' if self.pos > start => break,
                b'\r' | b'\n' if self.pos > start => {
                    return invalid("HPE_INVALID_CONSTANT", "Expected HTTP/", self.pos);
                }
                b if b <= 0x20 || b == 0x7f => {
                    return invalid("HPE_INVALID_URL", "Invalid characters in url", self.pos);
                }
                _ => self.pos += 1,
            }
        }
        let url = &self.buf[start..self.pos];
        self.pos += 1;
        Ok(url)
    }

    /// One header value after its colon, trimmed, and its line end.
    fn header_value(&mut self, lenient: bool) -> Parsed<&[u8]> {
        while matches!(self.peek()?, b' ' | b'\t') {
            self.pos += 1;
        }
        let start = self.pos;
        loop {
            let b = self.peek()?;
            if b == b'\r' || b == b'\n' {
                break;
            }
            if !lenient && !is_value_byte(b) {
                return invalid(
                    "HPE_INVALID_HEADER_TOKEN",
                    "Invalid header value char",
                    self.pos,
                );
            }
            self.pos += 1;
        }
        let mut end = self.pos;
        while end > start && matches!(self.buf[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        let value = &self.buf[start..end];
        // A bare LF would end the line for some readers and not for others (llhttp's strict
        // mode refuses it, as a way to smuggle a header in).
        if !lenient && self.peek()? == b'\n' {
            return invalid(
                "HPE_CR_EXPECTED",
                "Missing expected CR after header value",
                self.pos,
            );
        }
        self.line_end("HPE_LF_EXPECTED", "Missing expected LF after header value")?;
        Ok(value)
    }

    /// Header lines up to and including the empty line that ends them.
    fn headers(&mut self, lenient: bool) -> Parsed<Vec<(String, Vec<u8>)>> {
        let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
        loop {
            match self.peek()? {
                b'\r' | b'\n' => {
                    self.line_end("HPE_LF_EXPECTED", "Missing expected LF after headers")?;
                    return Ok(headers);
                }
                b' ' | b'\t' if lenient && !headers.is_empty() => {
                    // A folded line continues the previous value, joined by one space.
                    let more = self.header_value(lenient)?.to_vec();
                    let value = &mut headers.last_mut().expect("checked non-empty").1;
                    if !more.is_empty() {
                        if !value.is_empty() {
                            value.push(b' ');
                        }
                        value.extend_from_slice(&more);
                    }
                    continue;
                }
                _ => {}
            }
            let start = self.pos;
            while is_token(self.peek()?) {
                self.pos += 1;
            }
            if self.pos == start || self.peek()? != b':' {
                return invalid("HPE_INVALID_HEADER_TOKEN", "Invalid header token", self.pos);
            }
            let name = latin1(&self.buf[start..self.pos]);
            self.pos += 1;
            let value = self.header_value(lenient)?.to_vec();
            headers.push((name, value));
        }
    }
}

/// Runs `parse` over the first `max_header_size` bytes: a head that does not fit in them is
/// `HPE_HEADER_OVERFLOW` (at the end of the bytes given, as Node reports it).
fn within_limit<T>(
    buf: &[u8],
    max_header_size: usize,
    parse: impl FnOnce(&mut Cursor<'_>) -> Parsed<T>,
) -> Parsed<(T, usize)> {
    let mut cursor = Cursor {
        buf: &buf[..buf.len().min(max_header_size)],
        pos: 0,
    };
    match parse(&mut cursor) {
        Ok(value) => Ok((value, cursor.pos)),
        Err(Stop::Partial) if buf.len() >= max_header_size => {
            invalid("HPE_HEADER_OVERFLOW", "Header overflow", buf.len())
        }
        Err(stop) => Err(stop),
    }
}

/// What the headers say about the body and the connection.
#[derive(Default)]
struct Framing {
    content_length: Option<u64>,
    chunked: bool,
    transfer_encoding: bool,
    /// A coding follows `chunked` (in the same or a later Transfer-Encoding line).
    coding_after_chunked: bool,
    connection_close: bool,
    connection_keep_alive: bool,
    connection_upgrade: bool,
    upgrade_header: bool,
}

/// The framing of a head that ends at `end` (where its errors are reported).
fn framing(headers: &[(String, Vec<u8>)], lenient: bool, end: usize) -> Parsed<Framing> {
    let mut f = Framing::default();
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("content-length") {
            let text = latin1(value);
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return invalid(
                    "HPE_INVALID_CONTENT_LENGTH",
                    "Invalid character in Content-Length",
                    end,
                );
            }
            let Ok(length) = text.parse::<u64>() else {
                return invalid("HPE_INVALID_CONTENT_LENGTH", "Content-Length overflow", end);
            };
            // A second Content-Length is refused, as llhttp does: two framings of one body
            // are how requests get smuggled past proxies.
            if f.content_length.is_some() {
                return invalid(
                    "HPE_UNEXPECTED_CONTENT_LENGTH",
                    "Duplicate Content-Length",
                    end,
                );
            }
            f.content_length = Some(length);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            f.transfer_encoding = true;
            for coding in latin1(value).split(',') {
                f.coding_after_chunked |= f.chunked;
                f.chunked = coding.trim().eq_ignore_ascii_case("chunked");
            }
        } else if name.eq_ignore_ascii_case("connection") {
            for token in latin1(value).split(',') {
                match token.trim().to_ascii_lowercase().as_str() {
                    "close" => f.connection_close = true,
                    "keep-alive" => f.connection_keep_alive = true,
                    "upgrade" => f.connection_upgrade = true,
                    _ => {}
                }
            }
        } else if name.eq_ignore_ascii_case("upgrade") {
            f.upgrade_header = true;
        }
    }
    if f.transfer_encoding && f.content_length.is_some() {
        if !lenient {
            return invalid(
                "HPE_INVALID_TRANSFER_ENCODING",
                "Transfer-Encoding can't be present with Content-Length",
                end,
            );
        }
        f.content_length = None;
    }
    Ok(f)
}

/// `[name, value, name, value, ...]`, as `rawHeaders`.
fn raw_headers<'js>(ctx: &Ctx<'js>, headers: &[(String, Vec<u8>)]) -> Result<Array<'js>> {
    let raw = Array::new(ctx.clone())?;
    for (i, (name, value)) in headers.iter().enumerate() {
        raw.set(2 * i, name.as_str())?;
        raw.set(2 * i + 1, latin1(value))?;
    }
    Ok(raw)
}

/// The object JS reads for a complete head.
fn head_object<'js>(
    ctx: &Ctx<'js>,
    headers: &[(String, Vec<u8>)],
    (major, minor): (u8, u8),
    bytes_parsed: usize,
    f: &Framing,
) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("rawHeaders", raw_headers(ctx, headers)?)?;
    o.set("versionMajor", major)?;
    o.set("versionMinor", minor)?;
    o.set("bytesParsed", bytes_parsed as f64)?;
    match f.content_length {
        Some(length) => o.set("contentLength", length as f64)?,
        None => o.set("contentLength", Value::new_null(ctx.clone()))?,
    }
    o.set("chunked", f.chunked)?;
    // Transfer-Encoding whose last coding is not `chunked`: a request with it is refused
    // once its head is reported; a response's body runs to the end of the connection.
    o.set(
        "unchunkedTransferEncoding",
        f.transfer_encoding && !f.chunked,
    )?;
    let keep_alive = if (major, minor) >= (1, 1) {
        !f.connection_close
    } else {
        f.connection_keep_alive && !f.connection_close
    };
    o.set("shouldKeepAlive", keep_alive)?;
    Ok(o)
}

/// The value a parse step gives JS: its result, `null` when more bytes are needed, or the
/// parse error thrown.
fn settle<'js, T>(
    ctx: &Ctx<'js>,
    parsed: Parsed<T>,
    to_js: impl FnOnce(T) -> Result<Value<'js>>,
) -> Result<Value<'js>> {
    match parsed {
        Ok(value) => to_js(value),
        Err(Stop::Partial) => Ok(Value::new_null(ctx.clone())),
        Err(Stop::Invalid(code, reason, at)) => Err(parse_error(ctx, code, reason, at)),
    }
}

fn parse_request<'js>(
    ctx: &Ctx<'js>,
    buf: &[u8],
    max_header_size: usize,
    lenient: bool,
) -> Result<Value<'js>> {
    let parsed = within_limit(buf, max_header_size, |c| {
        c.skip_blank_lines();
        let method = c.method()?;
        let url = latin1(c.url()?);
        let version = c.version(lenient)?;
        c.line_end("HPE_INVALID_VERSION", "Expected CRLF after version")?;
        let headers = c.headers(lenient)?;
        let f = framing(&headers, lenient, c.pos)?;
        // As llhttp, a request's body must end with `chunked` once it was chunked: what
        // comes after is how a request gets smuggled past a proxy that reads it otherwise.
        if f.coding_after_chunked && !lenient {
            return invalid(
                "HPE_INVALID_TRANSFER_ENCODING",
                "Invalid `Transfer-Encoding` header value",
                c.pos,
            );
        }
        Ok((method, url, version, headers, f))
    });
    settle(ctx, parsed, |((method, url, version, headers, f), end)| {
        let o = head_object(ctx, &headers, version, end, &f)?;
        o.set("method", method)?;
        o.set("url", url)?;
        o.set(
            "upgrade",
            method == "CONNECT" || (f.connection_upgrade && f.upgrade_header),
        )?;
        Ok(o.into_value())
    })
}

fn parse_response<'js>(
    ctx: &Ctx<'js>,
    buf: &[u8],
    max_header_size: usize,
    lenient: bool,
) -> Result<Value<'js>> {
    let parsed = within_limit(buf, max_header_size, |c| {
        c.skip_blank_lines();
        let version = c.version(lenient)?;
        c.expect(b" ", "HPE_INVALID_VERSION", "Expected space after version")?;
        let mut status = 0u16;
        for _ in 0..3 {
            status = status * 10 + u16::from(c.digit("HPE_INVALID_STATUS", "Invalid status code")?);
        }
        let mut reason: &[u8] = b"";
        match c.peek()? {
            b' ' => {
                c.pos += 1;
                let start = c.pos;
                while !matches!(c.peek()?, b'\r' | b'\n') {
                    c.pos += 1;
                }
                reason = &c.buf[start..c.pos];
            }
            b'\r' | b'\n' => {}
            _ => return invalid("HPE_INVALID_STATUS", "Invalid status code", c.pos),
        }
        let reason = latin1(reason);
        c.line_end("HPE_STRICT", "Expected LF after response line")?;
        let headers = c.headers(lenient)?;
        let f = framing(&headers, lenient, c.pos)?;
        Ok((version, status, reason, headers, f))
    });
    settle(
        ctx,
        parsed,
        |((version, status, reason, headers, f), end)| {
            let o = head_object(ctx, &headers, version, end, &f)?;
            o.set("statusCode", status)?;
            o.set("statusMessage", reason)?;
            o.set(
                "upgrade",
                status == 101 && f.connection_upgrade && f.upgrade_header,
            )?;
            Ok(o.into_value())
        },
    )
}

/// A chunk-size line: hexadecimal size, optional `;` extensions, line end. Returns the
/// bytes it took and the size.
fn chunk_size(buf: &[u8]) -> Parsed<(usize, u64)> {
    let mut c = Cursor { buf, pos: 0 };
    let mut size: u64 = 0;
    while let Some(digit) = char::from(c.peek()?).to_digit(16) {
        size = size
            .checked_mul(16)
            .and_then(|s| s.checked_add(u64::from(digit)))
            .ok_or(Stop::Invalid(
                "HPE_INVALID_CHUNK_SIZE",
                "Chunk size overflow",
                c.pos,
            ))?;
        c.pos += 1;
    }
    if c.pos == 0 {
        return invalid(
            "HPE_INVALID_CHUNK_SIZE",
            "Invalid character in chunk size",
            0,
        );
    }
    if c.peek()? == b';' {
        let start = c.pos;
        loop {
            if c.pos - start > MAX_CHUNK_EXTENSIONS {
                return invalid(
                    "HPE_CHUNK_EXTENSIONS_OVERFLOW",
                    "Chunk extensions overflow",
                    c.pos,
                );
            }
            match c.peek()? {
                b'\r' => break,
                b'\t' => {}
                b if b < 0x20 || b == 0x7f => {
                    return invalid(
                        "HPE_CR_EXPECTED",
                        "Missing expected CR after chunk extension",
                        c.pos,
                    );
                }
                _ => {}
            }
            c.pos += 1;
        }
    }
    c.line_end("HPE_INVALID_CHUNK_SIZE", "Invalid character in chunk size")?;
    Ok((c.pos, size))
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("methods", METHODS.to_vec())?;
    super::set_fn(
        ctx,
        &o,
        "parseRequest",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>, max_header_size: u32, lenient: bool| {
            parse_request(&ctx, super::bytes(&data), max_header_size as usize, lenient)
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "parseResponse",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>, max_header_size: u32, lenient: bool| {
            parse_response(&ctx, super::bytes(&data), max_header_size as usize, lenient)
        },
    )?;
    // `[bytesConsumed, chunkSize]` for a chunk-size line (with its extensions and CRLF).
    super::set_fn(
        ctx,
        &o,
        "parseChunkSize",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>| -> Result<Value<'js>> {
            settle(&ctx, chunk_size(super::bytes(&data)), |(consumed, size)| {
                vec![consumed as f64, size as f64].into_js(&ctx)
            })
        },
    )?;
    // The trailer section after the last chunk: `{ rawHeaders, bytesParsed }`.
    super::set_fn(
        ctx,
        &o,
        "parseTrailers",
        |ctx: Ctx<'js>,
         data: TypedArray<'js, u8>,
         max_header_size: u32,
         lenient: bool|
         -> Result<Value<'js>> {
            let buf = super::bytes(&data);
            let parsed = within_limit(buf, max_header_size as usize, |c| c.headers(lenient));
            settle(&ctx, parsed, |(headers, end)| {
                let o = Object::new(ctx.clone())?;
                o.set("rawHeaders", raw_headers(&ctx, &headers)?)?;
                o.set("bytesParsed", end as f64)?;
                Ok(o.into_value())
            })
        },
    )?;
    Ok(o)
}
