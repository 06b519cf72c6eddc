// internal/fetch/fetch — `fetch(input, init)`: `data:` URLs decoded in place, `http:` and
// `https:` through node:http / node:https (request bodies streamed, response bodies as a
// byte ReadableStream fed from the IncomingMessage), redirects (follow, at most 20 / error /
// manual), AbortSignal, and undici's error shape: `TypeError: fetch failed` whose `cause` is
// the underlying error. As undici does, it asks for compressed bodies (`accept-encoding`,
// unless the caller set one) and decodes a gzip / deflate / br `content-encoding` through
// node:zlib; a body with a coding it does not know arrives as the server sent it.

const { Request, requestState } = require('internal/fetch/request');
const { createResponse, NULL_BODY_STATUS, REDIRECT_STATUS } = require('internal/fetch/response');
const { createHeaders, appendRaw, rawPairs, removeRaw, setGuard } =
  require('internal/fetch/headers');
const { replayBody } = require('internal/fetch/body');

const MAX_REDIRECTS = 20;

// The Fetch standard's blocked ports: a request to one is a network error.
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
  102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389,
  427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665,
  6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

function fetch(input, init = undefined) {
  let request;
  try {
    request = requestState(new Request(input, init));
    // Redirects edit the header list; the caller's Request keeps its own.
    request.headers = createHeaders(request.headers, 'none');
  } catch (error) {
    return Promise.reject(error);
  }
  const signal = request.signal;
  if (signal.aborted) {
    cancelBody(request.body, signal.reason);
    return Promise.reject(signal.reason);
  }
  const url = new (require('internal/url').URL)(request.url);
  switch (url.protocol) {
    case 'data:':
      return fetchDataURL(url, request);
    case 'http:':
    case 'https:':
      return httpFetch(request, url);
    default:
      return Promise.reject(fetchFailed(new Error('unknown scheme')));
  }
}

function cancelBody(body, reason) {
  if (body !== null && !body.stream.locked) body.stream.cancel(reason).then(undefined, () => {});
}

// ---------------------------------------------------------------------------------------
// data: URLs

function fetchDataURL(url, request) {
  let parsed;
  try {
    parsed = require('internal/data_url').parseDataURL(url.href);
  } catch (error) {
    return Promise.reject(fetchFailed(error));
  }
  const { mimeType, bytes } = parsed;
  const { Blob } = require('internal/blob');
  const body = require('internal/fetch/body').extractBody(new Blob([bytes]));
  const headers = createHeaders([['content-type', mimeType]], 'immutable');
  return Promise.resolve(createResponse({
    type: 'basic', statusText: 'OK', url: request.url, headers, body,
  }));
}

// ---------------------------------------------------------------------------------------
// http: and https:

// The node:http request options for one hop.
function requestOptions(request, url) {
  const headers = {};
  for (const [name, value] of rawPairs(request.headers)) {
    const key = name.toLowerCase();
    if (headers[key] === undefined) {
      headers[key] = value;
    } else if (key === 'set-cookie' || key === 'cookie') {
      headers[key] = [].concat(headers[key], value);
    } else {
      headers[key] = `${headers[key]}, ${value}`;
    }
  }
  headers.accept ??= '*/*';
  headers['accept-language'] ??= '*';
  headers['sec-fetch-mode'] ??= 'cors';
  headers['user-agent'] ??= 'node';
  headers['accept-encoding'] ??=
    url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate';
  const body = request.body;
  if (body !== null && body.length !== null) {
    headers['content-length'] = `${body.length}`;
  } else if (body === null && (request.method === 'POST' || request.method === 'PUT')) {
    headers['content-length'] = '0';
  }
  return {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    method: request.method,
    headers,
  };
}

// Writes `body` into the ClientRequest `req` and ends it; resolves when done.
async function sendBody(req, body) {
  if (body === null) {
    req.end();
    return;
  }
  const reader = body.stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    if (!req.write(value)) {
      await new Promise((resolve) => {
        const settle = () => {
          req.off('drain', settle);
          req.off('close', settle);
          resolve();
        };
        req.on('drain', settle);
        req.on('close', settle);
      });
      if (req.destroyed) {
        reader.cancel().then(undefined, () => {});
        return;
      }
    }
  }
  req.end();
}

// A byte ReadableStream fed from the IncomingMessage `res`, pausing it under backpressure.
function responseStream(res, onCancel) {
  const { ReadableStream } = require('internal/webstreams/readablestream');
  let controller;
  const stream = new ReadableStream({
    type: 'bytes',
    start(c) {
      controller = c;
    },
    pull() {
      res.resume();
    },
    cancel() {
      controller = undefined;
      onCancel();
    },
  }, { highWaterMark: 65536 });
  res.pause();
  res.on('data', (chunk) => {
    if (controller === undefined) return;
    controller.enqueue(new Uint8Array(chunk));
    if (controller.desiredSize <= 0) res.pause();
  });
  res.on('end', () => {
    if (controller === undefined) return;
    controller.close();
    controller.byobRequest?.respond(0);
    controller = undefined;
  });
  return {
    stream,
    error(reason) {
      if (controller === undefined) return;
      controller.error(reason);
      controller = undefined;
    },
  };
}

// The node:zlib decoders for a `content-encoding` list, in the order to apply them (the
// reverse of the codings'), or none when a coding is unknown. As undici, they flush
// synchronously and stay lenient about a truncated end.
function contentDecoders(contentEncoding) {
  if (contentEncoding === undefined) return [];
  const codings = contentEncoding.toLowerCase().split(',').map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  const zlib = require('zlib');
  const { Z_SYNC_FLUSH, BROTLI_OPERATION_FLUSH } = zlib.constants;
  const zlibFlush = { flush: Z_SYNC_FLUSH, finishFlush: Z_SYNC_FLUSH };
  const decoders = [];
  for (const coding of codings.reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') {
      decoders.push(zlib.createGunzip(zlibFlush));
    } else if (coding === 'deflate') {
      decoders.push(inflateEither(zlib, zlibFlush));
    } else if (coding === 'br') {
      decoders.push(zlib.createBrotliDecompress({
        flush: BROTLI_OPERATION_FLUSH, finishFlush: BROTLI_OPERATION_FLUSH,
      }));
    } else {
      return [];
    }
  }
  return decoders;
}

// `deflate` bodies come zlib-wrapped or (from some servers) raw: the first byte tells.
function inflateEither(zlib, options) {
  const { Transform } = require('stream');
  let inflate = null;
  return new Transform({
    transform(chunk, encoding, callback) {
      if (inflate === null) {
        inflate = (chunk[0] & 0x0f) === 0x08 ?
          zlib.createInflate(options) : zlib.createInflateRaw(options);
        inflate.on('data', (data) => this.push(data));
        inflate.on('error', (error) => this.destroy(error));
      }
      inflate.write(chunk, callback);
    },
    flush(callback) {
      if (inflate === null) {
        callback();
        return;
      }
      inflate.once('end', () => callback());
      inflate.end();
    },
  });
}

function isSameOrigin(a, b) {
  return a.protocol === b.protocol && a.host === b.host;
}

function httpFetch(request, firstURL) {
  const signal = request.signal;
  const urlList = [firstURL.href];
  return new Promise((resolve, reject) => {
    let settled = false;
    let currentReq;
    let responseBody;

    const onAbort = () => {
      const reason = signal.reason;
      if (!settled) {
        settled = true;
        reject(reason);
      }
      if (responseBody !== undefined) responseBody.error(reason);
      if (currentReq !== undefined) currentReq.destroy();
      cancelBody(request.body, reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const fail = (error) => {
      signal.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      reject(error);
    };

    const hop = (url) => {
      if (url.port !== '' && BAD_PORTS.has(Number(url.port))) {
        fail(fetchFailed(new Error('bad port')));
        return;
      }
      const transport = require(url.protocol === 'https:' ? 'https' : 'http');
      let req;
      try {
        req = transport.request(requestOptions(request, url));
      } catch (error) {
        fail(fetchFailed(error));
        return;
      }
      currentReq = req;
      req.on('error', (error) => {
        if (!settled) {
          fail(fetchFailed(error));
        } else if (responseBody !== undefined) {
          responseBody.error(new TypeError('terminated', { cause: error }));
        }
      });
      req.on('response', (res) => onResponse(url, req, res));
      sendBody(req, request.body).then(undefined, (error) => {
        req.destroy(error);
      });
    };

    const onResponse = (url, req, res) => {
      if (settled) {
        res.destroy();
        return;
      }
      const status = res.statusCode;
      const location = res.headers.location;
      if (REDIRECT_STATUS.has(status) && location !== undefined && request.redirect !== 'manual') {
        res.resume();
        if (request.redirect === 'error') {
          fail(fetchFailed(new Error('unexpected redirect')));
          return;
        }
        followRedirect(url, status, location);
        return;
      }
      const headers = createHeaders(undefined, 'none');
      const raw = res.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) appendRaw(headers, raw[i], raw[i + 1]);
      setGuard(headers, 'immutable');
      let body = null;
      if (request.method === 'HEAD' || NULL_BODY_STATUS.has(status)) {
        res.resume();
      } else {
        const decoders = contentDecoders(res.headers['content-encoding']);
        let source = res;
        if (decoders.length > 0) {
          source = require('stream').pipeline(res, ...decoders, (error) => {
            if (error && responseBody !== undefined) {
              responseBody.error(new TypeError('terminated', { cause: error }));
            }
          });
        }
        responseBody = responseStream(source, () => {
          signal.removeEventListener('abort', onAbort);
          res.destroy();
        });
        res.on('end', () => signal.removeEventListener('abort', onAbort));
        res.on('error', (error) => {
          responseBody.error(new TypeError('terminated', { cause: error }));
        });
        res.on('aborted', () => responseBody.error(new TypeError('terminated', {
          cause: new Error('other side closed'),
        })));
        // The length of an encoded body is not that of what the stream yields.
        const length = decoders.length > 0 ? NaN : Number(res.headers['content-length']);
        body = { stream: responseBody.stream, source: null,
          length: Number.isInteger(length) ? length : null, type: null };
      }
      settled = true;
      resolve(createResponse({
        type: 'basic', status, statusText: res.statusMessage ?? '', urlList, headers, body,
      }));
    };

    const followRedirect = (url, status, location) => {
      let next;
      try {
        next = new (require('internal/url').URL)(location, url);
      } catch (cause) {
        fail(fetchFailed(cause));
        return;
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        fail(fetchFailed(new TypeError('URL scheme must be a HTTP(S) scheme')));
        return;
      }
      if (urlList.length > MAX_REDIRECTS) {
        fail(fetchFailed(new Error('redirect count exceeded')));
        return;
      }
      if ((status === 303 && request.method !== 'GET' && request.method !== 'HEAD') ||
          ((status === 301 || status === 302) && request.method === 'POST')) {
        request.method = 'GET';
        request.body = null;
        for (const name of ['content-encoding', 'content-language', 'content-location',
          'content-type', 'content-length']) {
          removeRaw(request.headers, name);
        }
      } else if (request.body !== null) {
        const replay = replayBody(request.body);
        if (replay === null) {
          fail(fetchFailed(new TypeError('Cannot follow a redirect with a streamed request ' +
            'body')));
          return;
        }
        request.body = replay;
      }
      if (!isSameOrigin(url, next)) {
        for (const name of ['authorization', 'proxy-authorization', 'cookie', 'host']) {
          removeRaw(request.headers, name);
        }
      }
      urlList.push(next.href);
      hop(next);
    };

    hop(firstURL);
  });
}

module.exports = { fetch };
