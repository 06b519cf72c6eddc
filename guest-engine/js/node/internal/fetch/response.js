// internal/fetch/response — the Fetch `Response` class: status/headers/body from a
// ResponseInit, `Response.error()`, `Response.json()`, `Response.redirect()`, `clone()`
// and the body mixin; plus `createResponse` for responses fetch builds from the network.

const { kBody, extractBody, cloneBody, bodyUnusable, mixinBody } =
  require('internal/fetch/body');
const { Headers, createHeaders, setGuard } = require('internal/fetch/headers');

const kState = Symbol('kState');
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
// reason-phrase = *( HTAB / SP / VCHAR / obs-text )
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

function check(self) {
  if (self?.[kState] === undefined) {
    throw new (require('internal/errors').codes.ERR_INVALID_THIS)('Response');
  }
}

function initializeResponse(response, init, body) {
  if (init !== undefined && init !== null && typeof init !== 'object') {
    throw new TypeError("Response constructor: Expected init to be a dictionary.");
  }
  const status = init?.status === undefined ? 200 : Number(init.status);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  const statusText = init?.statusText === undefined ? '' : `${init.statusText}`;
  if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText');
  const state = response[kState];
  state.status = status;
  state.statusText = statusText;
  if (init?.headers !== undefined) {
    response[kState].headers = createHeaders(init.headers, 'response');
  }
  if (body !== null) {
    if (NULL_BODY_STATUS.has(status)) {
      throw new TypeError('Response constructor: Invalid response status code ' + status);
    }
    response[kBody] = body;
    if (body.type !== null && !state.headers.has('content-type')) {
      state.headers.append('content-type', body.type);
    }
  }
}

// A Response object without running the constructor steps.
function createResponse({ type = 'default', status = 200, statusText = '', url = null,
  urlList = [], headers = createHeaders(undefined, 'response'), body = null } = {}) {
  const response = Object.create(Response.prototype);
  response[kState] = { type, status, statusText, headers, urlList: url ? [url] : urlList };
  response[kBody] = body;
  return response;
}

class Response {
  constructor(body = null, init = undefined) {
    this[kState] = {
      type: 'default',
      status: 200,
      statusText: '',
      headers: createHeaders(undefined, 'response'),
      urlList: [],
    };
    this[kBody] = null;
    initializeResponse(this, init, body === null ? null : extractBody(body));
  }

  static error() {
    const response = createResponse({ type: 'error', status: 0 });
    setGuard(response[kState].headers, 'immutable');
    return response;
  }

  static json(data, init = undefined) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const body = extractBody(text);
    body.type = 'application/json';
    const response = createResponse();
    initializeResponse(response, init, body);
    return response;
  }

  static redirect(url, status = 302) {
    let parsed;
    try {
      parsed = new (require('internal/url').URL)(`${url}`);
    } catch (cause) {
      throw new TypeError(`Failed to parse URL from ${url}`, { cause });
    }
    if (!REDIRECT_STATUS.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const response = createResponse({ status });
    response[kState].headers.set('location', parsed.href);
    setGuard(response[kState].headers, 'immutable');
    return response;
  }

  get type() {
    check(this);
    return this[kState].type;
  }

  get url() {
    check(this);
    const list = this[kState].urlList;
    if (list.length === 0) return '';
    const url = new (require('internal/url').URL)(list[list.length - 1]);
    url.hash = '';
    return url.href;
  }

  get redirected() {
    check(this);
    return this[kState].urlList.length > 1;
  }

  get status() {
    check(this);
    return this[kState].status;
  }

  get ok() {
    check(this);
    return this[kState].status >= 200 && this[kState].status <= 299;
  }

  get statusText() {
    check(this);
    return this[kState].statusText;
  }

  get headers() {
    check(this);
    return this[kState].headers;
  }

  clone() {
    check(this);
    if (bodyUnusable(this[kBody])) {
      throw new TypeError('Response.clone: Body has already been consumed.');
    }
    const state = this[kState];
    const headers = new Headers(state.headers);
    setGuard(headers, state.type === 'error' ? 'immutable' : 'response');
    return createResponse({
      type: state.type,
      status: state.status,
      statusText: state.statusText,
      urlList: [...state.urlList],
      headers,
      body: this[kBody] === null ? null : cloneBody(this[kBody]),
    });
  }

  [customInspectSymbol](depth, options) {
    if (depth < 0) return this;
    const inspect = require('util').inspect;
    return `Response ${inspect({
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: this.body,
      bodyUsed: this.bodyUsed,
      ok: this.ok,
      redirected: this.redirected,
      type: this.type,
      url: this.url,
    }, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

mixinBody(Response, check);

Object.defineProperty(Response.prototype, Symbol.toStringTag, {
  value: 'Response', configurable: true,
});

module.exports = { Response, createResponse, NULL_BODY_STATUS, REDIRECT_STATUS };
