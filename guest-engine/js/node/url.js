// node:url — re-exports the WHATWG API from internal/url (`URL`,
// `URLSearchParams`, `domainToASCII`, `domainToUnicode`, `fileURLToPath`,
// `pathToFileURL`, `urlToHttpOptions`) and implements Node's legacy API:
// the `Url` object, `parse`, `format`, `resolve` and `resolveObject`.
//
// The legacy parser is deliberately not WHATWG: it is Node's own lenient,
// RFC 2396-flavoured scanner, reproduced here behaviour for behaviour —
// trimming, backslash conversion before the query, the `//path?query` fast
// path, the "last @ before the host ends" auth rule, cutting the hostname
// at the first character that cannot be in it, auto-escaping of unwise
// characters, and the resolution algorithm with its special cases for
// protocols without slashes.

const { ERR_INVALID_ARG_TYPE, ERR_INVALID_URL } = require('internal/errors').codes;
const {
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  fileURLToPath,
  pathToFileURL: pathToFileURLUnchecked,
  urlToHttpOptions,
  formatURL,
} = require('internal/url');
// Methods of `querystring` are looked up when used, as users may replace
// them, except `escape`, which Node's own auth encoding does not go through.
const querystring = require('querystring');
const { escape: querystringEscape } = querystring;

// Protocols that may contain "unsafe" and "unwise" characters as they are.
const unsafeProtocol = new Set(['javascript', 'javascript:']);
// Protocols that never have a hostname.
const hostlessProtocol = new Set(['javascript', 'javascript:']);
// Protocols that always contain a `//`.
const slashedProtocol = new Set([
  'http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:',
  'file', 'file:', 'ws', 'ws:', 'wss', 'wss:',
]);

const protocolPattern = /^[a-z0-9.+-]+:/i;
const portPattern = /:[0-9]*$/;
const hostPattern = /^\/\/[^@/]+@[^@/]+/;
// A path with an optional query and nothing else, parsed without the machinery.
const simplePathPattern = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
const hostnameMaxLen = 255;

// Characters that end the host part: the first of them starts the path.
const hostEndingChars = new Set(['#', '/', '?']);
// Characters that can never be in a host, but do not end the auth part.
const nonHostChars = new Set([' ', '"', '%', '\'', ';', '<', '>', '\\', '^', '`', '{', '|', '}']);
// Characters that must not survive in a hostname: spoofing guards for what
// the IDNA conversion might produce.
const forbiddenHostChars = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
const forbiddenHostCharsIpv6 = /[\0\t\n\r #%/<>?@\\^|]/;

// Delimiters and unwise characters of RFC 2396, plus `'`, escaped in the
// part after the host.
const autoEscapes = {
  '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', '\'': '%27', '<': '%3C',
  '>': '%3E', '\\': '%5C', '^': '%5E', '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D',
};
const autoEscapePattern = /[\t\n\r "'<>\\^`{|}]/g;

function isWhitespace(code) {
  return code < 33 || code === 0xA0 || code === 0xFEFF;
}

function isIpv6Hostname(hostname) {
  return hostname[0] === '[' && hostname[hostname.length - 1] === ']';
}

function validateString(value, name) {
  if (typeof value !== 'string') throw new ERR_INVALID_ARG_TYPE(name, 'string', value);
}

let warnedInvalidPort = false;

function warnInvalidPort(url) {
  if (warnedInvalidPort) return;
  warnedInvalidPort = true;
  globalThis.process?.emitWarning?.(
    `The URL ${url} is invalid. Future versions of Node.js will throw an error.`,
    'DeprecationWarning',
    'DEP0170',
  );
}

// IDNA ToASCII as url.parse applies it to a lower-cased hostname: only labels
// that are not plain ASCII, or claim to be punycode, are converted (and
// validated). '' when a label is invalid. Each label is converted followed by
// a dummy label, so that the WHATWG host parser behind domainToASCII does not
// read a numeric result as an IPv4 address. Node's conversion returns a C
// string, so the hostname ends at a NUL.
function hostnameToASCII(hostname) {
  const labels = hostname.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (/^[\x00-\x7f]*$/.test(label) && !label.startsWith('xn--')) continue;
    const ascii = domainToASCII(`${label}.x`);
    if (!ascii.endsWith('.x')) return '';
    labels[i] = ascii.slice(0, -2);
  }
  return labels.join('.').split('\0', 1)[0];
}

// The "user:password" of a URL, percent-encoded as by querystring.escape
// except for the colon.
function encodeAuth(auth) {
  return querystringEscape(auth).replace(/%3A/g, ':');
}

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

function urlParse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const urlObject = new Url();
  urlObject.parse(url, parseQueryString, slashesDenoteHost);
  return urlObject;
}

// Trims whitespace and C0 controls and turns backslashes before the query or
// hash into slashes, as browsers do. Also tells whether there is a `#`
// anywhere, and an `@` before the query or hash.
function prepareInput(url) {
  let start = 0;
  let end = url.length;
  while (start < end && isWhitespace(url.charCodeAt(start))) start++;
  while (end > start && isWhitespace(url.charCodeAt(end - 1))) end--;
  const trimmed = url.slice(start, end);
  let split = trimmed.search(/[?#]/);
  if (split === -1) split = trimmed.length;
  const beforeSplit = trimmed.slice(0, split);
  return {
    rest: beforeSplit.replace(/\\/g, '/') + trimmed.slice(split),
    hasHash: trimmed.includes('#', split),
    hasAt: beforeSplit.includes('@'),
  };
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  validateString(url, 'url');
  let { rest, hasHash, hasAt } = prepareInput(url);

  if (!slashesDenoteHost && !hasHash && !hasAt) {
    const simplePath = simplePathPattern.exec(rest);
    if (simplePath) {
      this.path = rest;
      this.href = rest;
      this.pathname = simplePath[1];
      if (simplePath[2]) {
        this.search = simplePath[2];
        this.query = parseQueryString ? querystring.parse(this.search.slice(1)) : this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = { __proto__: null };
      }
      return this;
    }
  }

  let proto = protocolPattern.exec(rest);
  let lowerProto;
  if (proto) {
    proto = proto[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }

  // `user@server` always names a host, and so does `//server` after a
  // protocol (or with slashesDenoteHost), except for hostless protocols.
  let slashes;
  if (slashesDenoteHost || proto || hostPattern.test(rest)) {
    slashes = rest.startsWith('//');
    if (slashes && !(proto && hostlessProtocol.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  // (Node tests the protocol as written against slashedProtocol here.)
  if (!hostlessProtocol.has(lowerProto) && (slashes || (proto && !slashedProtocol.has(proto)))) {
    rest = parseAuthority(this, rest, url);
  }

  if (!unsafeProtocol.has(lowerProto)) {
    rest = rest.replace(autoEscapePattern, (ch) => autoEscapes[ch]);
  }

  const hashIdx = rest.indexOf('#');
  if (hashIdx !== -1) this.hash = rest.slice(hashIdx);
  const beforeHash = hashIdx === -1 ? rest : rest.slice(0, hashIdx);
  const questionIdx = beforeHash.indexOf('?');
  if (questionIdx !== -1) {
    this.search = beforeHash.slice(questionIdx);
    this.query = beforeHash.slice(questionIdx + 1);
    if (parseQueryString) this.query = querystring.parse(this.query);
  } else if (parseQueryString) {
    this.search = null;
    this.query = { __proto__: null };
  }

  const pathEnd = questionIdx !== -1 ? questionIdx : hashIdx;
  if (pathEnd === -1) {
    if (rest.length > 0) this.pathname = rest;
  } else if (pathEnd > 0) {
    this.pathname = rest.slice(0, pathEnd);
  }
  if (slashedProtocol.has(lowerProto) && this.hostname && !this.pathname) {
    this.pathname = '/';
  }

  if (this.pathname || this.search) {
    this.path = (this.pathname || '') + (this.search || '');
  }

  this.href = this.format();
  return this;
};

// Sets the auth, host, hostname and port of `self` from the front of `rest`
// (what follows the protocol and slashes) and returns what remains. `url` is
// the input, for error messages.
function parseAuthority(self, rest, url) {
  // The auth part ends at the last `@` before the host ends; the host at
  // the first character that cannot be in one after that. Tabs and
  // newlines are dropped on the way, as the WHATWG parser does.
  let atSign = -1;
  let nonHost = -1;
  for (let i = 0; i < rest.length; ++i) {
    const ch = rest[i];
    if (ch === '\t' || ch === '\n' || ch === '\r') {
      rest = rest.slice(0, i) + rest.slice(i + 1);
      i--;
    } else if (hostEndingChars.has(ch)) {
      if (nonHost === -1) nonHost = i;
      break;
    } else if (nonHostChars.has(ch)) {
      if (nonHost === -1) nonHost = i;
    } else if (ch === '@') {
      atSign = i;
      nonHost = -1;
    }
  }
  let hostStart = 0;
  if (atSign !== -1) {
    self.auth = decodeURIComponent(rest.slice(0, atSign));
    hostStart = atSign + 1;
  }
  if (nonHost === -1) {
    self.host = rest.slice(hostStart);
    rest = '';
  } else {
    self.host = rest.slice(hostStart, nonHost);
    rest = rest.slice(nonHost);
  }

  self.parseHost();
  // There is a host, so the hostname is a string even if it is empty.
  if (typeof self.hostname !== 'string') self.hostname = '';

  const ipv6Hostname = isIpv6Hostname(self.hostname);
  if (!ipv6Hostname) {
    // A character left in the hostname that cannot be in one moves it and
    // everything after it into the path.
    const hostname = self.hostname;
    const cut = hostname.search(/[/\\#?:]/);
    if (cut !== -1) {
      if (hostname[cut] === ':') warnInvalidPort(url);
      self.hostname = hostname.slice(0, cut);
      rest = `/${hostname.slice(cut)}${rest}`;
    }
  }

  self.hostname = self.hostname.length > hostnameMaxLen ? '' : self.hostname.toLowerCase();

  if (self.hostname !== '') {
    if (ipv6Hostname) {
      if (forbiddenHostCharsIpv6.test(self.hostname)) throw new ERR_INVALID_URL(url);
    } else {
      self.hostname = hostnameToASCII(self.hostname);
      if (self.hostname === '' || forbiddenHostChars.test(self.hostname)) {
        throw new ERR_INVALID_URL(url);
      }
    }
  }

  self.host = self.hostname + (self.port ? `:${self.port}` : '');

  // The brackets stay in `host` only.
  if (ipv6Hostname) {
    self.hostname = self.hostname.slice(1, -1);
    if (rest[0] !== '/') rest = `/${rest}`;
  }
  return rest;
}

function urlFormat(urlObject, options) {
  if (typeof urlObject === 'string') {
    urlObject = urlParse(urlObject);
  } else if (typeof urlObject !== 'object' || urlObject === null) {
    throw new ERR_INVALID_ARG_TYPE('urlObject', ['Object', 'string'], urlObject);
  } else if (urlObject instanceof URL) {
    const flags = { fragment: true, unicode: false, search: true, auth: true };
    if (options) {
      if (typeof options !== 'object' || Array.isArray(options)) {
        throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
      }
      for (const name of Object.keys(flags)) {
        if (options[name] != null) flags[name] = Boolean(options[name]);
      }
    }
    return formatURL(urlObject, flags);
  }
  return Url.prototype.format.call(urlObject);
}

Url.prototype.format = function format() {
  let auth = this.auth || '';
  if (auth) auth = `${encodeAuth(auth)}@`;

  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  let query = '';

  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    const hostname = this.hostname;
    host = auth + (this.hostname.includes(':') && !isIpv6Hostname(hostname) ? `[${hostname}]` : hostname);
    if (this.port) host += `:${this.port}`;
  }

  if (this.query !== null && typeof this.query === 'object') {
    query = querystring.stringify(this.query);
  }

  let search = this.search || (query && `?${query}`) || '';

  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58 /* : */) protocol += ':';

  if (typeof pathname === 'string') {
    pathname = pathname.replace(/[#?]/g, (ch) => (ch === '#' ? '%23' : '%3F'));
  }

  // Only the slashed protocols get the `//` (`mailto:` and the like do not),
  // unless the URL had it to begin with.
  if (this.slashes || slashedProtocol.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname.charCodeAt(0) !== 47 /* / */) pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol === 'file:') {
      host = '//';
    }
  }

  search = search.replace(/#/g, '%23');

  if (hash && hash.charCodeAt(0) !== 35 /* # */) hash = `#${hash}`;
  if (search && search.charCodeAt(0) !== 63 /* ? */) search = `?${search}`;

  return protocol + host + pathname + search + hash;
};

function urlResolve(source, relative) {
  return urlParse(source, false, true).resolve(relative);
}

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(urlParse(relative, false, true)).format();
};

function urlResolveObject(source, relative) {
  if (!source) return relative;
  return urlParse(source, false, true).resolveObject(relative);
}

// `pathname` and `search` joined, as http.request wants it.
function setPath(result) {
  if (result.pathname !== null || result.search !== null) {
    result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
  }
}

// For protocols without slashes, a host can end up holding `auth@host`.
function splitAuthFromHost(result) {
  const parts = result.host && result.host.indexOf('@') > 0 ? result.host.split('@') : false;
  if (parts) {
    result.auth = parts.shift();
    result.host = result.hostname = parts.shift();
  }
}

Url.prototype.resolveObject = function resolveObject(relative) {
  if (typeof relative === 'string') {
    const rel = new Url();
    rel.parse(relative, false, true);
    relative = rel;
  }

  const result = new Url();
  Object.assign(result, this);

  // The hash always comes from the relative URL, even an empty one.
  result.hash = relative.hash;

  if (relative.href === '') {
    result.href = result.format();
    return result;
  }

  // `//host/path` keeps only the protocol.
  if (relative.slashes && !relative.protocol) {
    for (const key of Object.keys(relative)) {
      if (key !== 'protocol') result[key] = relative[key];
    }
    if (slashedProtocol.has(result.protocol) && result.hostname && !result.pathname) {
      result.path = result.pathname = '/';
    }
    result.href = result.format();
    return result;
  }

  if (relative.protocol && relative.protocol !== result.protocol) {
    // Another protocol: without slashes the relative URL is absolute; with
    // them it needs a host, taken from the path when it has none (but for
    // `file:`, which may go without).
    if (!slashedProtocol.has(relative.protocol)) {
      Object.assign(result, relative);
      result.href = result.format();
      return result;
    }

    result.protocol = relative.protocol;
    if (!relative.host && !/^file:?$/.test(relative.protocol) &&
        !hostlessProtocol.has(relative.protocol)) {
      const relPath = (relative.pathname || '').split('/');
      while (relPath.length && !(relative.host = relPath.shift()));
      if (!relative.host) relative.host = '';
      if (!relative.hostname) relative.hostname = '';
      if (relPath[0] !== '') relPath.unshift('');
      if (relPath.length < 2) relPath.unshift('');
      result.pathname = relPath.join('/');
    } else {
      result.pathname = relative.pathname;
    }
    result.search = relative.search;
    result.query = relative.query;
    result.host = relative.host || '';
    result.auth = relative.auth;
    result.hostname = relative.hostname || relative.host;
    result.port = relative.port;
    if (result.pathname || result.search) {
      result.path = (result.pathname || '') + (result.search || '');
    }
    result.slashes = result.slashes || relative.slashes;
    result.href = result.format();
    return result;
  }

  const isSourceAbs = result.pathname && result.pathname.charAt(0) === '/';
  const isRelAbs = relative.host || (relative.pathname && relative.pathname.charAt(0) === '/');
  let mustEndAbs = isRelAbs || isSourceAbs || (result.host && relative.pathname);
  const removeAllDots = mustEndAbs;
  let srcPath = (result.pathname && result.pathname.split('/')) || [];
  const relPath = (relative.pathname && relative.pathname.split('/')) || [];
  const noLeadingSlashes = result.protocol && !slashedProtocol.has(result.protocol);

  // Without slashes, `..` may climb into the host: the host becomes the
  // first path segment for now, and is put back at the end.
  if (noLeadingSlashes) {
    result.hostname = '';
    result.port = null;
    if (result.host) {
      if (srcPath[0] === '') srcPath[0] = result.host;
      else srcPath.unshift(result.host);
    }
    result.host = '';
    if (relative.protocol) {
      relative.hostname = null;
      relative.port = null;
      result.auth = null;
      if (relative.host) {
        if (relPath[0] === '') relPath[0] = relative.host;
        else relPath.unshift(relative.host);
      }
      relative.host = null;
    }
    mustEndAbs = mustEndAbs && (relPath[0] === '' || srcPath[0] === '');
  }

  if (isRelAbs) {
    if (relative.host || relative.host === '') {
      if (result.host !== relative.host) result.auth = null;
      result.host = relative.host;
      result.port = relative.port;
    }
    if (relative.hostname || relative.hostname === '') {
      if (result.hostname !== relative.hostname) result.auth = null;
      result.hostname = relative.hostname;
    }
    result.search = relative.search;
    result.query = relative.query;
    srcPath = relPath;
  } else if (relPath.length) {
    // A relative path replaces the last segment.
    srcPath.pop();
    srcPath = srcPath.concat(relPath);
    result.search = relative.search;
    result.query = relative.query;
  } else if (relative.search !== null && relative.search !== undefined) {
    // Only a new query, like href="?foo".
    if (noLeadingSlashes) {
      result.hostname = result.host = srcPath.shift();
      splitAuthFromHost(result);
    }
    result.search = relative.search;
    result.query = relative.query;
    setPath(result);
    result.href = result.format();
    return result;
  }

  if (!srcPath.length) {
    result.pathname = null;
    result.path = result.search ? `/${result.search}` : null;
    result.href = result.format();
    return result;
  }

  // A path ending in `.` or `..` (or `/`) keeps a trailing slash.
  let last = srcPath[srcPath.length - 1];
  const hasTrailingSlash =
    ((result.host || relative.host || srcPath.length > 1) && (last === '.' || last === '..')) ||
    last === '';

  // Drop `.` segments and resolve `..` ones; `up` counts the `..` that go
  // above the first segment.
  let up = 0;
  for (let i = srcPath.length - 1; i >= 0; i--) {
    last = srcPath[i];
    if (last === '.') {
      srcPath.splice(i, 1);
    } else if (last === '..') {
      srcPath.splice(i, 1);
      up++;
    } else if (up) {
      srcPath.splice(i, 1);
      up--;
    }
  }

  // A relative result keeps the `..` that could not be resolved.
  if (!mustEndAbs && !removeAllDots) {
    while (up--) srcPath.unshift('..');
  }

  if (mustEndAbs && srcPath[0] !== '' && (!srcPath[0] || srcPath[0].charAt(0) !== '/')) {
    srcPath.unshift('');
  }

  if (hasTrailingSlash && srcPath.join('/').slice(-1) !== '/') {
    srcPath.push('');
  }

  const isAbsolute = srcPath[0] === '' || (srcPath[0] && srcPath[0].charAt(0) === '/');

  if (noLeadingSlashes) {
    result.hostname = result.host = isAbsolute ? '' : srcPath.length ? srcPath.shift() : '';
    splitAuthFromHost(result);
  }

  mustEndAbs = mustEndAbs || (result.host && srcPath.length);

  if (mustEndAbs && !isAbsolute) srcPath.unshift('');

  if (srcPath.length) {
    result.pathname = srcPath.join('/');
  } else {
    result.pathname = null;
    result.path = null;
  }

  setPath(result);
  result.auth = relative.auth || result.auth;
  result.slashes = result.slashes || relative.slashes;
  result.href = result.format();
  return result;
};

Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  let port = portPattern.exec(host);
  if (port) {
    port = port[0];
    if (port !== ':') this.port = port.slice(1);
    host = host.slice(0, host.length - port.length);
  }
  if (host) this.hostname = host;
};

function pathToFileURL(path, options) {
  validateString(path, 'path');
  return pathToFileURLUnchecked(path, options);
}

module.exports = {
  // The legacy API
  Url,
  parse: urlParse,
  resolve: urlResolve,
  resolveObject: urlResolveObject,
  format: urlFormat,

  // The WHATWG API
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,

  // Utilities
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
