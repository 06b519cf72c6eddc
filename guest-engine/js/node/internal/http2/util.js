// Shared pieces of the http2 module: `http2.constants`, settings (defaults, validation,
// packing), turning header objects into HPACK header lists and back, and the errors that
// name an HTTP/2 error code.

const { Buffer } = require('buffer');
const {
  codes: {
    ERR_HTTP2_HEADER_SINGLE_VALUE,
    ERR_HTTP2_INVALID_CONNECTION_HEADERS,
    ERR_HTTP2_INVALID_PACKED_SETTINGS_LENGTH,
    ERR_HTTP2_INVALID_PSEUDOHEADER,
    ERR_HTTP2_INVALID_SETTING_VALUE,
    ERR_HTTP2_TOO_MANY_CUSTOM_SETTINGS,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_HTTP_TOKEN,
  },
  validateObject,
} = require('internal/errors');

const kSensitiveHeaders = Symbol('nodejs.http2.sensitiveHeaders');

const constants = {
  NGHTTP2_ERR_FRAME_SIZE_ERROR: -522,
  NGHTTP2_SESSION_SERVER: 0,
  NGHTTP2_SESSION_CLIENT: 1,
  NGHTTP2_STREAM_STATE_IDLE: 1,
  NGHTTP2_STREAM_STATE_OPEN: 2,
  NGHTTP2_STREAM_STATE_RESERVED_LOCAL: 3,
  NGHTTP2_STREAM_STATE_RESERVED_REMOTE: 4,
  NGHTTP2_STREAM_STATE_HALF_CLOSED_LOCAL: 5,
  NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE: 6,
  NGHTTP2_STREAM_STATE_CLOSED: 7,
  NGHTTP2_FLAG_NONE: 0,
  NGHTTP2_FLAG_END_STREAM: 1,
  NGHTTP2_FLAG_END_HEADERS: 4,
  NGHTTP2_FLAG_ACK: 1,
  NGHTTP2_FLAG_PADDED: 8,
  NGHTTP2_FLAG_PRIORITY: 32,
  DEFAULT_SETTINGS_HEADER_TABLE_SIZE: 4096,
  DEFAULT_SETTINGS_ENABLE_PUSH: 1,
  DEFAULT_SETTINGS_MAX_CONCURRENT_STREAMS: 4294967295,
  DEFAULT_SETTINGS_INITIAL_WINDOW_SIZE: 65535,
  DEFAULT_SETTINGS_MAX_FRAME_SIZE: 16384,
  DEFAULT_SETTINGS_MAX_HEADER_LIST_SIZE: 65535,
  DEFAULT_SETTINGS_ENABLE_CONNECT_PROTOCOL: 0,
  MAX_MAX_FRAME_SIZE: 16777215,
  MIN_MAX_FRAME_SIZE: 16384,
  MAX_INITIAL_WINDOW_SIZE: 2147483647,
  NGHTTP2_SETTINGS_HEADER_TABLE_SIZE: 1,
  NGHTTP2_SETTINGS_ENABLE_PUSH: 2,
  NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS: 3,
  NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE: 4,
  NGHTTP2_SETTINGS_MAX_FRAME_SIZE: 5,
  NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE: 6,
  NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL: 8,
  PADDING_STRATEGY_NONE: 0,
  PADDING_STRATEGY_ALIGNED: 1,
  PADDING_STRATEGY_MAX: 2,
  PADDING_STRATEGY_CALLBACK: 1,
  NGHTTP2_NO_ERROR: 0,
  NGHTTP2_PROTOCOL_ERROR: 1,
  NGHTTP2_INTERNAL_ERROR: 2,
  NGHTTP2_FLOW_CONTROL_ERROR: 3,
  NGHTTP2_SETTINGS_TIMEOUT: 4,
  NGHTTP2_STREAM_CLOSED: 5,
  NGHTTP2_FRAME_SIZE_ERROR: 6,
  NGHTTP2_REFUSED_STREAM: 7,
  NGHTTP2_CANCEL: 8,
  NGHTTP2_COMPRESSION_ERROR: 9,
  NGHTTP2_CONNECT_ERROR: 10,
  NGHTTP2_ENHANCE_YOUR_CALM: 11,
  NGHTTP2_INADEQUATE_SECURITY: 12,
  NGHTTP2_HTTP_1_1_REQUIRED: 13,
  NGHTTP2_DEFAULT_WEIGHT: 16,
};
for (const name of [':status', ':method', ':authority', ':scheme', ':path', ':protocol']) {
  constants[`HTTP2_HEADER_${name.slice(1).toUpperCase()}`] = name;
}
for (const name of (
  'accept-encoding accept-language accept-ranges accept access-control-allow-credentials ' +
  'access-control-allow-headers access-control-allow-methods access-control-allow-origin ' +
  'access-control-expose-headers access-control-request-headers ' +
  'access-control-request-method age authorization cache-control connection ' +
  'content-disposition content-encoding content-length content-type cookie date etag ' +
  'forwarded host if-modified-since if-none-match if-range last-modified link location ' +
  'range referer server set-cookie strict-transport-security transfer-encoding te ' +
  'upgrade-insecure-requests upgrade user-agent vary x-content-type-options ' +
  'x-frame-options keep-alive proxy-connection x-xss-protection alt-svc ' +
  'content-security-policy early-data expect-ct origin purpose timing-allow-origin ' +
  'x-forwarded-for priority accept-charset access-control-max-age allow content-language ' +
  'content-location content-md5 content-range dnt expect expires from if-match ' +
  'if-unmodified-since max-forwards prefer proxy-authenticate proxy-authorization refresh ' +
  'retry-after trailer tk via warning www-authenticate http2-settings').split(' ')) {
  constants[`HTTP2_HEADER_${name.toUpperCase().replace(/-/g, '_')}`] = name;
}
for (const method of (
  'ACL BASELINE-CONTROL BIND CHECKIN CHECKOUT CONNECT COPY DELETE GET HEAD LABEL LINK LOCK ' +
  'MERGE MKACTIVITY MKCALENDAR MKCOL MKREDIRECTREF MKWORKSPACE MOVE OPTIONS ORDERPATCH ' +
  'PATCH POST PRI PROPFIND PROPPATCH PUT REBIND REPORT SEARCH TRACE UNBIND UNCHECKOUT ' +
  'UNLINK UNLOCK UPDATE UPDATEREDIRECTREF VERSION-CONTROL').split(' ')) {
  constants[`HTTP2_METHOD_${method.replace(/-/g, '_')}`] = method;
}
for (const entry of (
  '100:CONTINUE 101:SWITCHING_PROTOCOLS 102:PROCESSING 103:EARLY_HINTS 200:OK 201:CREATED ' +
  '202:ACCEPTED 203:NON_AUTHORITATIVE_INFORMATION 204:NO_CONTENT 205:RESET_CONTENT ' +
  '206:PARTIAL_CONTENT 207:MULTI_STATUS 208:ALREADY_REPORTED 226:IM_USED ' +
  '300:MULTIPLE_CHOICES 301:MOVED_PERMANENTLY 302:FOUND 303:SEE_OTHER 304:NOT_MODIFIED ' +
  '305:USE_PROXY 307:TEMPORARY_REDIRECT 308:PERMANENT_REDIRECT 400:BAD_REQUEST ' +
  '401:UNAUTHORIZED 402:PAYMENT_REQUIRED 403:FORBIDDEN 404:NOT_FOUND ' +
  '405:METHOD_NOT_ALLOWED 406:NOT_ACCEPTABLE 407:PROXY_AUTHENTICATION_REQUIRED ' +
  '408:REQUEST_TIMEOUT 409:CONFLICT 410:GONE 411:LENGTH_REQUIRED 412:PRECONDITION_FAILED ' +
  '413:PAYLOAD_TOO_LARGE 414:URI_TOO_LONG 415:UNSUPPORTED_MEDIA_TYPE ' +
  '416:RANGE_NOT_SATISFIABLE 417:EXPECTATION_FAILED 418:TEAPOT 421:MISDIRECTED_REQUEST ' +
  '422:UNPROCESSABLE_ENTITY 423:LOCKED 424:FAILED_DEPENDENCY 425:TOO_EARLY ' +
  '426:UPGRADE_REQUIRED 428:PRECONDITION_REQUIRED 429:TOO_MANY_REQUESTS ' +
  '431:REQUEST_HEADER_FIELDS_TOO_LARGE 451:UNAVAILABLE_FOR_LEGAL_REASONS ' +
  '500:INTERNAL_SERVER_ERROR 501:NOT_IMPLEMENTED 502:BAD_GATEWAY 503:SERVICE_UNAVAILABLE ' +
  '504:GATEWAY_TIMEOUT 505:HTTP_VERSION_NOT_SUPPORTED 506:VARIANT_ALSO_NEGOTIATES ' +
  '507:INSUFFICIENT_STORAGE 508:LOOP_DETECTED 509:BANDWIDTH_LIMIT_EXCEEDED ' +
  '510:NOT_EXTENDED 511:NETWORK_AUTHENTICATION_REQUIRED').split(' ')) {
  const [code, name] = entry.split(':');
  constants[`HTTP_STATUS_${name}`] = Number(code);
}

// The frame types and flags of RFC 9113, used by the session's frame codec.
const FrameType = {
  DATA: 0x0, HEADERS: 0x1, PRIORITY: 0x2, RST_STREAM: 0x3, SETTINGS: 0x4,
  PUSH_PROMISE: 0x5, PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9,
  ALTSVC: 0xa, ORIGIN: 0xc,
};

// Names of the error codes, as nghttp2 spells them in messages.
const kErrorCodeNames = [
  'NGHTTP2_NO_ERROR', 'NGHTTP2_PROTOCOL_ERROR', 'NGHTTP2_INTERNAL_ERROR',
  'NGHTTP2_FLOW_CONTROL_ERROR', 'NGHTTP2_SETTINGS_TIMEOUT', 'NGHTTP2_STREAM_CLOSED',
  'NGHTTP2_FRAME_SIZE_ERROR', 'NGHTTP2_REFUSED_STREAM', 'NGHTTP2_CANCEL',
  'NGHTTP2_COMPRESSION_ERROR', 'NGHTTP2_CONNECT_ERROR', 'NGHTTP2_ENHANCE_YOUR_CALM',
  'NGHTTP2_INADEQUATE_SECURITY', 'NGHTTP2_HTTP_1_1_REQUIRED',
];

function nameForErrorCode(code) {
  return kErrorCodeNames[code] ?? code;
}

// An nghttp2 library error, with nghttp2's error number and message; its code is
// ERR_HTTP2_ERROR unless Node gives the failure its own (`code`).
class NghttpError extends Error {
  constructor(errno, message, code = 'ERR_HTTP2_ERROR') {
    super(message);
    this.code = code;
    this.errno = errno;
  }

  get name() {
    return 'Error';
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

// ---------------------------------------------------------------------------------------
// Settings

// Setting names in identifier order, with their ids and allowed ranges.
const kSettings = [
  ['headerTableSize', 1, 0, 2 ** 32 - 1],
  ['enablePush', 2, 0, 1],
  ['maxConcurrentStreams', 3, 0, 2 ** 32 - 1],
  ['initialWindowSize', 4, 0, 2 ** 32 - 1],
  ['maxFrameSize', 5, 16384, 2 ** 24 - 1],
  ['maxHeaderListSize', 6, 0, 2 ** 32 - 1],
  ['enableConnectProtocol', 8, 0, 1],
];
const kMaxAdditionalSettings = 10;

function getDefaultSettings() {
  return {
    headerTableSize: 4096,
    enablePush: true,
    initialWindowSize: 65535,
    maxFrameSize: 16384,
    maxConcurrentStreams: 4294967295,
    maxHeaderListSize: 65535,
    maxHeaderSize: 65535,
    enableConnectProtocol: false,
  };
}

// Throws Node's errors for an invalid settings object; `maxHeaderSize` is an alias of
// `maxHeaderListSize`.
function validateSettings(settings) {
  if (settings === undefined) return;
  validateObject(settings, 'settings');
  for (const [settingName, , min, max] of kSettings) {
    const name = settingName === 'maxHeaderListSize' && settings[settingName] === undefined ?
      'maxHeaderSize' : settingName;
    const value = settings[name];
    if (value === undefined) continue;
    if (name === 'enablePush' || name === 'enableConnectProtocol') {
      if (typeof value !== 'boolean') {
        throw new ERR_HTTP2_INVALID_SETTING_VALUE(name, value);
      }
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ERR_HTTP2_INVALID_SETTING_VALUE.RangeError(name, value);
    }
  }
  if (settings.customSettings !== undefined) {
    validateObject(settings.customSettings, 'customSettings');
    const entries = Object.entries(settings.customSettings);
    if (entries.length > kMaxAdditionalSettings) throw new ERR_HTTP2_TOO_MANY_CUSTOM_SETTINGS();
    for (const [id, value] of entries) {
      const numericId = Number(id);
      if (!Number.isInteger(numericId) || numericId < 0 || numericId > 0xffff) {
        throw new ERR_HTTP2_INVALID_SETTING_VALUE.RangeError('Range Error', numericId);
      }
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 ||
          value > 2 ** 32 - 1) {
        throw new ERR_HTTP2_INVALID_SETTING_VALUE.RangeError('Range Error', value);
      }
    }
  }
}

// The [id, value] pairs a validated settings object puts on the wire.
function settingsToPairs(settings) {
  const pairs = [];
  if (settings === undefined) return pairs;
  for (const [name, id] of kSettings) {
    let value = settings[name];
    if (name === 'maxHeaderListSize' && value === undefined) value = settings.maxHeaderSize;
    if (value === undefined) continue;
    pairs.push([id, typeof value === 'boolean' ? Number(value) : value]);
  }
  if (settings.customSettings !== undefined) {
    for (const [id, value] of Object.entries(settings.customSettings)) {
      pairs.push([Number(id), value]);
    }
  }
  return pairs;
}

function packPairs(pairs) {
  const buf = Buffer.alloc(pairs.length * 6);
  pairs.forEach(([id, value], i) => {
    buf.writeUInt16BE(id, i * 6);
    buf.writeUInt32BE(value, i * 6 + 2);
  });
  return buf;
}

function getPackedSettings(settings = {}) {
  validateSettings(settings);
  return packPairs(settingsToPairs(settings));
}

// Whether `id` is one of the settings HTTP/2 defines (the rest are custom settings).
function isStandardSetting(id) {
  return kSettings.some((entry) => entry[1] === id);
}

// Applies received [id, value] pairs to a settings object (as `remoteSettings` shows them).
// Settings HTTP/2 does not define are kept only if their id is in `customIds` (when given).
function applySettingPairs(target, pairs, customIds) {
  for (const [id, value] of pairs) {
    const known = kSettings.find((entry) => entry[1] === id);
    if (known === undefined) {
      if (customIds !== undefined && !customIds.includes(id)) continue;
      target.customSettings ??= {};
      target.customSettings[id] = value;
    } else if (known[0] === 'enablePush' || known[0] === 'enableConnectProtocol') {
      target[known[0]] = value !== 0;
    } else {
      target[known[0]] = value;
    }
  }
  return target;
}

function unpackPairs(buf) {
  const pairs = [];
  for (let i = 0; i + 6 <= buf.length; i += 6) {
    pairs.push([buf.readUInt16BE(i), buf.readUInt32BE(i + 2)]);
  }
  return pairs;
}

function getUnpackedSettings(buf, options = {}) {
  if (!ArrayBuffer.isView(buf) || buf.length === undefined) {
    throw new ERR_INVALID_ARG_TYPE('buf', ['Buffer', 'TypedArray'], buf);
  }
  if (buf.length % 6 !== 0) throw new ERR_HTTP2_INVALID_PACKED_SETTINGS_LENGTH();
  // Like Node, each element of a wider typed array is read as one byte.
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf);
  const settings = {};
  for (const [id, value] of unpackPairs(bytes)) {
    const known = kSettings.find((entry) => entry[1] === id);
    if (known === undefined) {
      settings.customSettings ??= {};
      settings.customSettings[id] = value;
      continue;
    }
    if (known[0] === 'enablePush' || known[0] === 'enableConnectProtocol') {
      settings[known[0]] = value !== 0;
    } else {
      settings[known[0]] = value;
      if (known[0] === 'maxHeaderListSize') settings.maxHeaderSize = value;
    }
  }
  if (options != null && options.validate) validateSettings(settings);
  return settings;
}

// ---------------------------------------------------------------------------------------
// Headers

const kValidPseudoHeaders = new Set([':status', ':method', ':authority', ':scheme', ':path',
                                     ':protocol']);
const kSingleValueHeaders = new Set([
  ':status', ':method', ':authority', ':scheme', ':path', ':protocol',
  'access-control-allow-credentials', 'access-control-max-age',
  'access-control-request-method', 'age', 'authorization', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5',
  'content-range', 'content-type', 'date', 'dnt', 'etag', 'expires', 'from', 'host',
  'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'tk', 'upgrade-insecure-requests', 'user-agent', 'x-content-type-options',
]);
const kConnectionHeaders = new Set(['connection', 'upgrade', 'http2-settings',
                                    'transfer-encoding', 'keep-alive', 'proxy-connection']);
const kTokenRegExp = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;

function assertValidPseudoHeader(name) {
  if (!kValidPseudoHeaders.has(name)) throw new ERR_HTTP2_INVALID_PSEUDOHEADER(name);
}

function assertValidPseudoHeaderResponse(name) {
  if (name !== ':status') throw new ERR_HTTP2_INVALID_PSEUDOHEADER(name);
}

function assertValidPseudoHeaderTrailer(name) {
  throw new ERR_HTTP2_INVALID_PSEUDOHEADER(name);
}

function isIllegalConnectionSpecificHeader(name, value) {
  if (name === 'te') return value !== 'trailers';
  return kConnectionHeaders.has(name);
}

// Turns a headers object into the [name, value, neverIndex] list HPACK encodes, pseudo
// headers first, throwing Node's errors for invalid names, pseudo headers and values.
function mapToHeaders(map, assertValuePseudoHeader = assertValidPseudoHeader) {
  const pseudo = [];
  const regular = [];
  const sensitive = new Set();
  if (Array.isArray(map[kSensitiveHeaders])) {
    for (const name of map[kSensitiveHeaders]) sensitive.add(String(name).toLowerCase());
  }
  const seenSingle = new Set();
  for (const key of Object.keys(map)) {
    let value = map[key];
    if (value === undefined || key === '') continue;
    const name = key.toLowerCase();
    let values;
    if (Array.isArray(value)) {
      if (value.length < 2) {
        value = value[0];
        if (value === undefined) continue;
        values = [value];
      } else {
        if (kSingleValueHeaders.has(name)) throw new ERR_HTTP2_HEADER_SINGLE_VALUE(name);
        values = value;
      }
    } else {
      values = [value];
    }
    if (kSingleValueHeaders.has(name)) {
      if (seenSingle.has(name)) throw new ERR_HTTP2_HEADER_SINGLE_VALUE(name);
      seenSingle.add(name);
    }
    if (name[0] === ':') {
      assertValuePseudoHeader(name);
      pseudo.push([name, String(values[0]), sensitive.has(name)]);
      continue;
    }
    if (!kTokenRegExp.test(name)) throw new ERR_INVALID_HTTP_TOKEN('Header name', name);
    if (isIllegalConnectionSpecificHeader(name, values[0])) {
      throw new ERR_HTTP2_INVALID_CONNECTION_HEADERS(name);
    }
    const neverIndex = sensitive.has(name);
    for (const item of values) regular.push([name, String(item), neverIndex]);
  }
  return pseudo.concat(regular);
}

// Builds the headers object Node hands to 'stream'/'response'/'trailers' listeners from
// a decoded list: repeated fields become arrays (set-cookie), are joined with '; '
// (cookie) or ', ' (others), except single-value fields, which keep the first.
function toHeaderObject(list) {
  const obj = { __proto__: null };
  const sensitive = [];
  for (const [name, text, neverIndexed] of list) {
    if (neverIndexed) sensitive.push(name);
    const value = name === ':status' ? Number(text) : text;
    const existing = obj[name];
    if (existing === undefined) {
      obj[name] = name === 'set-cookie' ? [value] : value;
    } else if (name === 'set-cookie') {
      existing.push(value);
    } else if (name === 'cookie') {
      obj[name] = `${existing}; ${value}`;
    } else if (!kSingleValueHeaders.has(name)) {
      obj[name] = `${existing}, ${value}`;
    }
  }
  obj[kSensitiveHeaders] = sensitive;
  return obj;
}

// The flat [name, value, ...] list Node passes as `rawHeaders`.
function toRawHeaders(list) {
  const raw = [];
  for (const [name, value] of list) raw.push(name, value);
  return raw;
}

module.exports = {
  FrameType,
  NghttpError,
  applySettingPairs,
  assertValidPseudoHeader,
  assertValidPseudoHeaderResponse,
  assertValidPseudoHeaderTrailer,
  constants,
  getDefaultSettings,
  getPackedSettings,
  getUnpackedSettings,
  isStandardSetting,
  kMaxAdditionalSettings,
  kSensitiveHeaders,
  kSingleValueHeaders,
  mapToHeaders,
  nameForErrorCode,
  packPairs,
  settingsToPairs,
  toHeaderObject,
  toRawHeaders,
  unpackPairs,
  validateSettings,
};
