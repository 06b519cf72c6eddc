// internal/fetch/request — the Fetch `Request` class: URL, method, headers, body and the
// RequestInit options (redirect, signal, duplex, ...), `clone()` and the body mixin. The
// request's signal follows the signal it was given (or the input request's).

const { kBody, extractBody, cloneBody, bodyUnusable, mixinBody } =
  require('internal/fetch/body');
const { Headers, createHeaders, setGuard } = require('internal/fetch/headers');

const kState = Symbol('kState');
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const ENUMS = {
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'error', 'manual'],
  referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin',
    'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin',
    'unsafe-url'],
  duplex: ['half'],
};

function check(self) {
  if (self?.[kState] === undefined) {
    throw new (require('internal/errors').codes.ERR_INVALID_THIS)('Request');
  }
}

function enumOption(init, name) {
  const value = init[name];
  if (value === undefined) return undefined;
  const text = `${value}`;
  if (!ENUMS[name].includes(text)) {
    throw new TypeError(`Request constructor: ${text} is not an accepted type. Expected one ` +
      `of ${ENUMS[name].join(', ')}.`);
  }
  return text;
}

function parseURL(input) {
  const { URL } = require('internal/url');
  let url;
  try {
    url = new URL(`${input}`);
  } catch (cause) {
    throw new TypeError(`Failed to parse URL from ${input}`, { cause });
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('Request cannot be constructed from a URL that includes credentials: ' +
      `${input}`);
  }
  return url;
}

// A signal that aborts when `parent` does.
function followSignal(parent) {
  const { AbortController } = require('internal/abort_controller');
  const controller = new AbortController();
  if (parent !== null && parent !== undefined) {
    if (parent.aborted) {
      controller.abort(parent.reason);
    } else {
      const onAbort = () => controller.abort(parent.reason);
      parent.addEventListener('abort', onAbort, { once: true });
    }
  }
  return controller.signal;
}

class Request {
  constructor(input, init = undefined) {
    if (arguments.length < 1) {
      throw new TypeError('Request constructor: 1 argument required, but only 0 present.');
    }
    if (init !== undefined && init !== null && typeof init !== 'object') {
      throw new TypeError('Request constructor: Expected init to be a dictionary.');
    }
    init ??= {};
    const inputRequest = input?.[kState] !== undefined ? input : null;
    const base = inputRequest === null ? {
      url: parseURL(input).href,
      method: 'GET',
      mode: 'cors',
      credentials: 'same-origin',
      cache: 'default',
      redirect: 'follow',
      referrer: 'about:client',
      referrerPolicy: '',
      integrity: '',
      keepalive: false,
      signal: null,
    } : { ...inputRequest[kState] };

    const state = {
      url: base.url,
      method: base.method,
      mode: enumOption(init, 'mode') ?? base.mode,
      credentials: enumOption(init, 'credentials') ?? base.credentials,
      cache: enumOption(init, 'cache') ?? base.cache,
      redirect: enumOption(init, 'redirect') ?? base.redirect,
      referrer: base.referrer,
      referrerPolicy: enumOption(init, 'referrerPolicy') ?? base.referrerPolicy,
      integrity: init.integrity !== undefined ? `${init.integrity}` : base.integrity,
      keepalive: init.keepalive !== undefined ? !!init.keepalive : base.keepalive,
      duplex: enumOption(init, 'duplex'),
      headers: undefined,
      signal: undefined,
    };
    if (state.mode === 'navigate') {
      throw new TypeError('Request constructor: invalid request mode navigate.');
    }
    if (init.referrer !== undefined) {
      const referrer = `${init.referrer}`;
      state.referrer = referrer === '' ? 'no-referrer' : parseURL(referrer).href;
    }
    if (init.method !== undefined) {
      const method = `${init.method}`;
      if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const upper = method.toUpperCase();
      if (FORBIDDEN_METHODS.has(upper)) {
        throw new TypeError(`'${method}' HTTP method is unsupported.`);
      }
      state.method = NORMALIZED_METHODS.has(upper) ? upper : method;
    }
    if (init.signal !== undefined && init.signal !== null) {
      require('internal/errors').validateAbortSignal(init.signal, 'RequestInit.signal');
    }
    state.signal = followSignal(init.signal !== undefined ? init.signal : base.signal);

    const headersInit = init.headers !== undefined ? init.headers :
      inputRequest !== null ? inputRequest[kState].headers : undefined;
    state.headers = createHeaders(headersInit, 'request');

    const inputBody = inputRequest !== null ? inputRequest[kBody] : null;
    if ((init.body !== undefined && init.body !== null || inputBody !== null) &&
        (state.method === 'GET' || state.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    let body = null;
    if (init.body !== undefined && init.body !== null) {
      body = extractBody(init.body, state.keepalive);
      if (body.type !== null && !state.headers.has('content-type')) {
        state.headers.append('content-type', body.type);
      }
    }
    const finalBody = body ?? inputBody;
    if (finalBody !== null && finalBody.source === null && state.duplex !== 'half') {
      throw new TypeError('RequestInit: duplex option is required when sending a body.');
    }
    if (body === null && inputBody !== null) {
      if (bodyUnusable(inputBody)) {
        throw new TypeError('Cannot construct a Request with a Request object that has ' +
          'already been used.');
      }
      // The new request takes over the input's body, leaving the input disturbed.
      const { TransformStream } = require('internal/webstreams/transformstream');
      const through = new TransformStream();
      inputBody.stream.pipeThrough(through);
      body = { ...inputBody, stream: through.readable };
    }
    this[kState] = state;
    this[kBody] = body ?? inputBody;
  }

  get method() {
    check(this);
    return this[kState].method;
  }

  get url() {
    check(this);
    return this[kState].url;
  }

  get headers() {
    check(this);
    return this[kState].headers;
  }

  get destination() {
    check(this);
    return '';
  }

  get referrer() {
    check(this);
    const referrer = this[kState].referrer;
    if (referrer === 'no-referrer') return '';
    return referrer;
  }

  get referrerPolicy() {
    check(this);
    return this[kState].referrerPolicy;
  }

  get mode() {
    check(this);
    return this[kState].mode;
  }

  get credentials() {
    check(this);
    return this[kState].credentials;
  }

  get cache() {
    check(this);
    return this[kState].cache;
  }

  get redirect() {
    check(this);
    return this[kState].redirect;
  }

  get integrity() {
    check(this);
    return this[kState].integrity;
  }

  get keepalive() {
    check(this);
    return this[kState].keepalive;
  }

  get isReloadNavigation() {
    check(this);
    return false;
  }

  get isHistoryNavigation() {
    check(this);
    return false;
  }

  get signal() {
    check(this);
    return this[kState].signal;
  }

  get duplex() {
    check(this);
    return 'half';
  }

  clone() {
    check(this);
    if (bodyUnusable(this[kBody])) throw new TypeError('unusable');
    const clone = Object.create(Request.prototype);
    const headers = new Headers(this[kState].headers);
    setGuard(headers, 'request');
    clone[kState] = { ...this[kState], headers, signal: followSignal(this[kState].signal) };
    clone[kBody] = this[kBody] === null ? null : cloneBody(this[kBody]);
    return clone;
  }

  [customInspectSymbol](depth, options) {
    if (depth < 0) return this;
    const inspect = require('util').inspect;
    return `Request ${inspect({
      method: this.method,
      url: this.url,
      headers: this.headers,
      destination: this.destination,
      referrer: this.referrer,
      referrerPolicy: this.referrerPolicy,
      mode: this.mode,
      credentials: this.credentials,
      cache: this.cache,
      redirect: this.redirect,
      integrity: this.integrity,
      keepalive: this.keepalive,
      isReloadNavigation: this.isReloadNavigation,
      isHistoryNavigation: this.isHistoryNavigation,
      signal: this.signal,
    }, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

mixinBody(Request, check);

Object.defineProperty(Request.prototype, Symbol.toStringTag, {
  value: 'Request', configurable: true,
});

// The internal request record fetch works from.
function requestState(request) {
  return { ...request[kState], body: request[kBody] };
}

module.exports = { Request, requestState };
