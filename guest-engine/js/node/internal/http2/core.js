// The HTTP/2 protocol engine behind `http2`: the RFC 9113 frame codec and connection
// state machine (preface, SETTINGS, flow control, PING, GOAWAY), Http2Session with its
// server and client flavours, Http2Stream as a Duplex over one stream, and the
// Http2Server / connect() entry points over net sockets.

const EventEmitter = require('events');
const net = require('net');
const {
  Server: HttpServer,
  _connectionListener: httpConnectionListener,
  httpServerPreClose,
  initHttpServer,
  storeHTTPOptions,
} = require('_http_server');
const { Duplex } = require('stream');
const { Buffer } = require('buffer');
const { AsyncResource } = require('async_hooks');
const { inspect } = require('util');
const { [Symbol.for('secure-exec.perf.timeOperation')]: timeOperation } = require('perf_hooks');
const {
  codes: {
    ERR_HTTP2_ALTSVC_INVALID_ORIGIN,
    ERR_HTTP2_ALTSVC_LENGTH,
    ERR_HTTP2_CONNECT_AUTHORITY,
    ERR_HTTP2_CONNECT_PATH,
    ERR_HTTP2_CONNECT_SCHEME,
    ERR_HTTP2_GOAWAY_SESSION,
    ERR_HTTP2_HEADERS_AFTER_RESPOND,
    ERR_HTTP2_HEADERS_SENT,
    ERR_HTTP2_INVALID_INFO_STATUS,
    ERR_HTTP2_INVALID_ORIGIN,
    ERR_HTTP2_INVALID_PSEUDOHEADER,
    ERR_HTTP2_INVALID_SESSION,
    ERR_HTTP2_INVALID_STREAM,
    ERR_HTTP2_MAX_PENDING_SETTINGS_ACK,
    ERR_HTTP2_NESTED_PUSH,
    ERR_HTTP2_NO_SOCKET_MANIPULATION,
    ERR_HTTP2_ORIGIN_LENGTH,
    ERR_HTTP2_OUT_OF_STREAMS,
    ERR_HTTP2_PING_CANCEL,
    ERR_HTTP2_PING_LENGTH,
    ERR_HTTP2_PUSH_DISABLED,
    ERR_HTTP2_SESSION_ERROR,
    ERR_HTTP2_SETTINGS_CANCEL,
    ERR_HTTP2_SOCKET_BOUND,
    ERR_HTTP2_SOCKET_UNBOUND,
    ERR_HTTP2_STATUS_101,
    ERR_HTTP2_STATUS_INVALID,
    ERR_HTTP2_STREAM_CANCEL,
    ERR_HTTP2_STREAM_ERROR,
    ERR_HTTP2_STREAM_SELF_DEPENDENCY,
    ERR_HTTP2_TOO_MANY_CUSTOM_SETTINGS,
    ERR_HTTP2_TOO_MANY_INVALID_FRAMES,
    ERR_HTTP2_TRAILERS_ALREADY_SENT,
    ERR_HTTP2_TRAILERS_NOT_READY,
    ERR_HTTP2_UNSUPPORTED_PROTOCOL,
    ERR_HTTP2_INFO_STATUS_NOT_ALLOWED,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_CHAR,
    ERR_OUT_OF_RANGE,
  },
  AbortError,
  validateArray,
  validateBoolean,
  validateFunction,
  validateInt32,
  validateNumber,
  validateObject,
  validateUint32,
} = require('internal/errors');
const { Decoder, Encoder, HpackError } = require('internal/http2/hpack');
const {
  FrameType,
  NghttpError,
  applySettingPairs,
  isStandardSetting,
  kMaxAdditionalSettings,
  assertValidPseudoHeaderResponse,
  assertValidPseudoHeaderTrailer,
  constants,
  getDefaultSettings,
  kSensitiveHeaders,
  mapToHeaders,
  nameForErrorCode,
  packPairs,
  settingsToPairs,
  toHeaderObject,
  toRawHeaders,
  unpackPairs,
  validateSettings,
} = require('internal/http2/util');

const {
  NGHTTP2_NO_ERROR,
  NGHTTP2_PROTOCOL_ERROR,
  NGHTTP2_INTERNAL_ERROR,
  NGHTTP2_FLOW_CONTROL_ERROR,
  NGHTTP2_STREAM_CLOSED,
  NGHTTP2_FRAME_SIZE_ERROR,
  NGHTTP2_REFUSED_STREAM,
  NGHTTP2_ENHANCE_YOUR_CALM,
  NGHTTP2_CANCEL,
  NGHTTP2_COMPRESSION_ERROR,
  NGHTTP2_SESSION_SERVER,
  NGHTTP2_SESSION_CLIENT,
  NGHTTP2_STREAM_STATE_IDLE,
  NGHTTP2_STREAM_STATE_OPEN,
  NGHTTP2_STREAM_STATE_RESERVED_LOCAL,
  NGHTTP2_STREAM_STATE_RESERVED_REMOTE,
  NGHTTP2_STREAM_STATE_HALF_CLOSED_LOCAL,
  NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE,
  NGHTTP2_STREAM_STATE_CLOSED,
  NGHTTP2_DEFAULT_WEIGHT,
  PADDING_STRATEGY_ALIGNED,
  PADDING_STRATEGY_MAX,
} = constants;

const kFlagEndStream = 0x1;
const kFlagAck = 0x1;
const kFlagEndHeaders = 0x4;
const kFlagPadded = 0x8;
const kFlagPriority = 0x20;

const kPreface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const kMaxStreamId = 2 ** 31 - 1;
const kMaxWindow = 2 ** 31 - 1;
// The most padding nghttp2 adds to a frame (NGHTTP2_MAX_PADLEN).
const kMaxPadding = 256;
const kDefaultWindow = 65535;
// nghttp2's defaults: the largest header block it sends, the most entries it accepts in
// one SETTINGS frame, and the fewest header pairs `maxHeaderListPairs` may allow.
const kDefaultMaxSendHeaderBlock = 65536;
const kDefaultMaxSettings = 32;
const kMinHeaderListPairs = 4;
const kDefaultHeaderListPairs = 128;
// NGHTTP2_ERR_CALLBACK_FAILURE: the error number of sessions Node ends from its callbacks.
const kErrCallbackFailure = -902;
const kNoPayloadMethods = new Set(['DELETE', 'GET', 'HEAD']);

const kSession = Symbol('session');
const kSocket = Symbol('socket');
const kSessions = Symbol('sessions');
const kServer = Symbol('server');
const kState = Symbol('state');
const kType = Symbol('type');
const kProtocol = Symbol('protocol');
const kAuthority = Symbol('authority');
const kInfoHeaders = Symbol('sent-info-headers');
const kSentHeaders = Symbol('sent-headers');
const kSentTrailers = Symbol('sent-trailers');
const kOptions = Symbol('options');
const kTimeout = Symbol('timeout');
const kOrigin = Symbol('origin');
const kProxySocket = Symbol('proxy-socket');
const kPerf = Symbol('perf');
const kInspect = Symbol.for('nodejs.util.inspect.custom');

// ---------------------------------------------------------------------------------------
// Frame encoding

function frameHeader(type, flags, streamId, length) {
  const header = Buffer.allocUnsafe(9);
  header.writeUIntBE(length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return header;
}

function frame(type, flags, streamId, payload = Buffer.alloc(0)) {
  const header = frameHeader(type, flags, streamId, payload.length);
  return payload.length === 0 ? header : Buffer.concat([header, payload]);
}

// The payload length nghttp2 pads a HEADERS or DATA frame to under Node's padding
// strategies: ALIGNED (and its alias CALLBACK) makes the whole frame a multiple of 8
// bytes, MAX uses all of `maxPayload`; neither goes past `maxPayload`.
function paddedLength(strategy, length, maxPayload) {
  if (strategy === PADDING_STRATEGY_MAX) return maxPayload;
  if (strategy !== PADDING_STRATEGY_ALIGNED) return length;
  const misalignment = (length + 9) % 8;
  return misalignment === 0 ? length : Math.min(maxPayload, length + 8 - misalignment);
}

function uint32Payload(...values) {
  const buf = Buffer.allocUnsafe(values.length * 4);
  values.forEach((value, i) => buf.writeUInt32BE(value, i * 4));
  return buf;
}

function isPayloadMeaningless(method) {
  return kNoPayloadMethods.has(method);
}

function streamClosedCode(code) {
  return code !== NGHTTP2_NO_ERROR && code !== NGHTTP2_CANCEL;
}

// ---------------------------------------------------------------------------------------
// Http2Session

// The socket as a session exposes it: reading and writing it directly would corrupt the
// HTTP/2 framing, so those members throw; everything else reaches the socket (or, after
// the session is gone, ERR_HTTP2_SOCKET_UNBOUND).
const kDisallowedSocketMembers = new Set(['pause', 'read', 'resume', 'write', 'setEncoding',
                                          'setKeepAlive', 'setNoDelay']);
const proxySocketHandler = {
  get(session, prop) {
    if (prop === 'setTimeout' || prop === 'ref' || prop === 'unref') {
      return session[prop].bind(session);
    }
    if (prop === 'destroy' || prop === 'emit' || prop === 'end') {
      const socket = session[kSocket];
      if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
      return socket[prop].bind(socket);
    }
    if (kDisallowedSocketMembers.has(prop)) throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
    const socket = session[kSocket];
    if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
    const value = socket[prop];
    return typeof value === 'function' ? value.bind(socket) : value;
  },
  getPrototypeOf(session) {
    const socket = session[kSocket];
    if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
    return Reflect.getPrototypeOf(socket);
  },
  set(session, prop, value) {
    if (prop === 'setTimeout' || prop === 'ref' || prop === 'unref') {
      session[prop] = value;
      return true;
    }
    if (kDisallowedSocketMembers.has(prop)) throw new ERR_HTTP2_NO_SOCKET_MANIPULATION();
    const socket = session[kSocket];
    if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
    socket[prop] = value;
    return true;
  },
  has(session, prop) {
    const socket = session[kSocket];
    if (socket === undefined) throw new ERR_HTTP2_SOCKET_UNBOUND();
    return prop in socket;
  },
};

class Http2Session extends EventEmitter {
  constructor(type, options, socket) {
    super();
    if (socket[kSession] !== undefined) throw new ERR_HTTP2_SOCKET_BOUND();
    socket[kSession] = this;
    this[kType] = type;
    this[kSocket] = socket;
    this[kOptions] = options;
    this[kProxySocket] = null;
    this[kTimeout] = null;
    this[kState] = {
      connecting: true,
      closed: false,
      destroyed: false,
      goawaySent: false,
      goawayReceived: false,
      destroyCode: NGHTTP2_NO_ERROR,
      goawayCode: NGHTTP2_NO_ERROR,
      streams: new Map(),
      pendingStreams: new Set(),
      blockedRequests: [],
      pendingSettings: [],
      pendingPings: [],
      flushScheduled: false,
      inbuf: Buffer.alloc(0),
      prefaceReceived: type === NGHTTP2_SESSION_CLIENT,
      headerBlock: null,
      sendWindow: kDefaultWindow,
      recvWindow: kDefaultWindow,
      effectiveRecvWindow: kDefaultWindow,
      recvData: 0,
      nextStreamId: type === NGHTTP2_SESSION_CLIENT ? 1 : 2,
      lastProcStreamId: 0,
      lastPeerStreamId: 0,
      invalidFrames: 0,
      maxInvalidFrames: options.maxSessionInvalidFrames ?? 1000,
      rejectedStreams: 0,
      maxRejectedStreams: options.maxSessionRejectedStreams ?? 100,
      bytesRead: 0,
      bytesWritten: 0,
      framesReceived: 0,
      framesSent: 0,
      streamCount: 0,
      streamDurations: 0,
      maxOpenStreams: 0,
      pingRTT: 0,
      unref: false,
    };
    this[kPerf] = timeOperation('http2', 'Http2Session',
                                { type: type === NGHTTP2_SESSION_SERVER ? 'server' : 'client' },
                                true);
    const local = getDefaultSettings();
    delete local.maxHeaderSize;
    this[kState].localSettings = local;
    const remote = getDefaultSettings();
    delete remote.maxHeaderSize;
    this[kState].remoteSettings = remote;
    this[kState].encoder = new Encoder();
    this[kState].decoder = new Decoder();

    this.on('newListener', (event) => {
      if (event === 'timeout' && this[kTimeout] === null) this.setTimeout(0);
    });

    socket.on('data', (chunk) => this._onData(chunk));
    socket.on('error', (err) => {
      if (!this.destroyed) this.destroy(err);
    });
    socket.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
    socket.on('end', () => {
      if (!this.destroyed) this.destroy();
    });
    socket.on('timeout', () => this.emit('timeout'));

    if (socket.secureConnecting) {
      socket.once('secureConnect', () => this._setup());
    } else if (socket.connecting) {
      socket.once('connect', () => this._setup());
    } else {
      this._setup();
    }
  }

  _setup() {
    const state = this[kState];
    if (state.destroyed) return;
    state.connecting = false;
    const socket = this[kSocket];
    const options = this[kOptions];
    if (this[kType] === NGHTTP2_SESSION_CLIENT) this._write(kPreface, undefined, 0);
    const pairs = settingsToPairs(options.settings);
    this._queueSettings(pairs, undefined);
    this._writeSettings(pairs);
    if (socket.alpnProtocol !== undefined && socket.alpnProtocol !== false) {
      this.alpnProtocol = socket.alpnProtocol;
    } else {
      this.alpnProtocol = this[kType] === NGHTTP2_SESSION_CLIENT || !socket.encrypted ?
        'h2c' : 'h2';
    }
    this.encrypted = !!socket.encrypted;
    if (this[kType] === NGHTTP2_SESSION_CLIENT) {
      this[kOrigin] = this[kProtocol] === 'https:' ?
        `https://${this[kAuthority]}` : `http://${this[kAuthority]}`;
    }
    process.nextTick(() => {
      if (state.destroyed) return;
      const pending = [...state.pendingStreams];
      this.emit('connect', this, socket);
      for (const stream of pending) stream._onReady();
      for (const op of state.pendingOps ?? []) op();
      state.pendingOps = null;
      if (state.inbuf.length > 0) this._processInput();
    });
  }

  _whenConnected(op) {
    const state = this[kState];
    if (!state.connecting) {
      op();
      return;
    }
    (state.pendingOps ??= []).push(op);
  }

  get connecting() {
    return this[kState].connecting;
  }

  get closed() {
    return this[kState].closed;
  }

  get destroyed() {
    return this[kState].destroyed;
  }

  get type() {
    return this[kType];
  }

  get encrypted() {
    return this._encrypted;
  }

  set encrypted(value) {
    this._encrypted = value;
  }

  get pendingSettingsAck() {
    return this[kState].pendingSettings.length > 0;
  }

  get localSettings() {
    const state = this[kState];
    state.localView ??= settingsView(state.localSettings);
    return state.localView;
  }

  get remoteSettings() {
    const state = this[kState];
    state.remoteView ??= settingsView(state.remoteSettings);
    return state.remoteView;
  }

  get originSet() {
    if (!this.encrypted || this.destroyed) return undefined;
    return [...(this[kState].originSet ?? [this[kOrigin]])];
  }

  get socket() {
    if (this[kSocket] === undefined) return undefined;
    this[kProxySocket] ??= new Proxy(this, proxySocketHandler);
    return this[kProxySocket];
  }

  [kInspect](depth, options) {
    if (typeof depth === 'number' && depth < 0) return this;
    const view = {
      type: this[kType],
      closed: this.closed,
      destroyed: this.destroyed,
      state: this.state,
      localSettings: this.localSettings,
      remoteSettings: this.remoteSettings,
    };
    return `Http2Session ${inspect(view, options)}`;
  }

  get state() {
    const state = this[kState];
    if (state.destroyed) return {};
    return {
      effectiveLocalWindowSize: state.effectiveRecvWindow,
      effectiveRecvDataLength: state.recvData,
      nextStreamID: state.nextStreamId,
      localWindowSize: state.recvWindow,
      lastProcStreamID: state.lastProcStreamId,
      remoteWindowSize: state.sendWindow,
      outboundQueueSize: 1,
      deflateDynamicTableSize: state.encoder.table.size,
      inflateDynamicTableSize: state.decoder.table.size,
    };
  }

  setLocalWindowSize(windowSize) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    validateInt32(windowSize, 'windowSize', 0);
    const state = this[kState];
    // A larger window is granted at once; a smaller one only lowers what nghttp2 calls
    // the effective window, since credit already granted cannot be taken back.
    state.effectiveRecvWindow = windowSize;
    this._whenConnected(() => {
      const delta = windowSize - state.recvWindow;
      if (delta > 0) {
        this._write(frame(FrameType.WINDOW_UPDATE, 0, 0, uint32Payload(delta)));
        state.recvWindow = windowSize;
      }
    });
  }

  setTimeout(msecs, callback) {
    if (this.destroyed) return;
    validateNumber(msecs, 'msecs', 0);
    if (callback !== undefined) {
      validateFunction(callback, 'callback');
      this.once('timeout', callback);
    }
    if (this[kTimeout] !== null) clearTimeout(this[kTimeout]);
    this[kTimeout] = null;
    this._timeoutMs = msecs;
    this._refreshTimeout();
  }

  _refreshTimeout() {
    if (!this._timeoutMs) return;
    if (this[kTimeout] !== null) {
      this[kTimeout].refresh();
      return;
    }
    this[kTimeout] = setTimeout(() => {
      this[kTimeout] = null;
      if (this.destroyed) return;
      this.emit('timeout');
    }, this._timeoutMs);
    if (this[kState].unref) this[kTimeout].unref();
  }

  ref() {
    this[kState].unref = false;
    if (this[kSocket] !== undefined && typeof this[kSocket].ref === 'function') {
      this[kSocket].ref();
    }
  }

  unref() {
    this[kState].unref = true;
    if (this[kSocket] !== undefined && typeof this[kSocket].unref === 'function') {
      this[kSocket].unref();
    }
    if (this[kTimeout] !== null) this[kTimeout].unref();
  }

  ping(payload, callback) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (typeof payload === 'function') {
      callback = payload;
      payload = undefined;
    }
    if (payload !== undefined && !ArrayBuffer.isView(payload)) {
      throw new ERR_INVALID_ARG_TYPE('payload', ['Buffer', 'TypedArray', 'DataView'], payload);
    }
    if (payload !== undefined && payload.byteLength !== 8) throw new ERR_HTTP2_PING_LENGTH();
    validateFunction(callback, 'callback');
    const bytes = payload === undefined ? Buffer.alloc(8) :
      Buffer.from(payload.buffer, payload.byteOffset, 8);
    const state = this[kState];
    const entry = {
      payload: Buffer.from(bytes), callback, start: 0, resource: new AsyncResource('HTTP2PING'),
    };
    if (state.pendingPings.length >= (this[kOptions].maxOutstandingPings ?? 10)) {
      process.nextTick(settlePing, entry, new ERR_HTTP2_PING_CANCEL());
      return false;
    }
    state.pendingPings.push(entry);
    this._whenConnected(() => {
      entry.start = performanceNow();
      this._write(frame(FrameType.PING, 0, 0, entry.payload));
    });
    return true;
  }

  settings(settings, callback) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    validateObject(settings, 'settings');
    validateSettings(settings);
    if (callback !== undefined) validateFunction(callback, 'callback');
    const state = this[kState];
    const max = this[kOptions].maxOutstandingSettings ?? 10;
    // Too many unacknowledged SETTINGS frames end the session, as in Node.
    if (state.pendingSettings.length >= max) {
      this.destroy(new ERR_HTTP2_MAX_PENDING_SETTINGS_ACK());
      return;
    }
    const pairs = settingsToPairs(settings);
    this._queueSettings(pairs, callback);
    this._whenConnected(() => this._writeSettings(pairs));
  }

  _queueSettings(pairs, callback) {
    this[kState].pendingSettings.push({ pairs, callback, start: performanceNow() });
  }

  // Writes a SETTINGS frame already counted in `pendingSettings`.
  _writeSettings(pairs) {
    // As in Node, `localSettings` lists custom settings as soon as they are sent; the
    // standard ones change when the peer acknowledges them.
    const custom = pairs.filter(([id]) => !isStandardSetting(id));
    if (custom.length > 0) {
      applySettingPairs(this[kState].localSettings, custom);
      this[kState].localView = undefined;
    }
    // Like nghttp2, a new concurrency limit is enforced from the moment it is sent.
    for (const [id, value] of pairs) {
      if (id === 3) this[kState].pendingMaxConcurrentStreams = value;
    }
    this._write(frame(FrameType.SETTINGS, 0, 0, packPairs(pairs)));
  }

  goaway(code = NGHTTP2_NO_ERROR, lastStreamID = 0, opaqueData) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (opaqueData !== undefined && !ArrayBuffer.isView(opaqueData)) {
      throw new ERR_INVALID_ARG_TYPE('opaqueData', ['Buffer', 'TypedArray', 'DataView'],
                                     opaqueData);
    }
    validateNumber(code, 'code');
    validateNumber(lastStreamID, 'lastStreamID');
    const data = opaqueData === undefined ? Buffer.alloc(0) :
      Buffer.from(opaqueData.buffer, opaqueData.byteOffset, opaqueData.byteLength);
    this._whenConnected(() => this._sendGoaway(code, lastStreamID || this[kState].lastProcStreamId, data));
  }

  _sendGoaway(code, lastStreamId, data = Buffer.alloc(0)) {
    const state = this[kState];
    if (this[kSocket] === undefined || this[kSocket].destroyed) return;
    state.goawaySent = true;
    this._write(frame(FrameType.GOAWAY, 0, 0,
                      Buffer.concat([uint32Payload(lastStreamId, code), data])));
  }

  close(callback) {
    if (this.closed || this.destroyed) return;
    if (callback !== undefined) {
      validateFunction(callback, 'callback');
      this.once('close', callback);
    }
    const state = this[kState];
    state.closed = true;
    if (!state.connecting && !state.goawaySent) {
      this._sendGoaway(NGHTTP2_NO_ERROR, state.lastProcStreamId);
    }
    this._maybeDestroy();
  }

  _maybeDestroy() {
    const state = this[kState];
    if (state.closed && !state.destroyed && state.streams.size === 0 &&
        state.pendingStreams.size === 0) {
      this.destroy();
    }
  }

  destroy(error = NGHTTP2_NO_ERROR, code) {
    const state = this[kState];
    if (state.destroyed) return;
    if (typeof error === 'number') {
      code = error;
      error = code !== NGHTTP2_NO_ERROR ? new ERR_HTTP2_SESSION_ERROR(code) : undefined;
    }
    if (code === undefined && error != null) code = NGHTTP2_INTERNAL_ERROR;
    code ??= NGHTTP2_NO_ERROR;
    state.destroyed = true;
    state.destroyCode = code;

    // The GOAWAY leaves ahead of the RST_STREAM frames of the streams closed below, so the
    // peer's streams learn the session's code.
    const socket = this[kSocket];
    if (socket !== undefined && !socket.destroyed && !state.connecting &&
        (!state.goawaySent || code !== NGHTTP2_NO_ERROR)) {
      this._sendGoaway(code, state.lastProcStreamId);
    }
    const cancel = new ERR_HTTP2_STREAM_CANCEL(error);
    for (const stream of state.pendingStreams) stream.destroy(cancel);
    state.pendingStreams.clear();
    for (const stream of [...state.streams.values()]) stream.destroy(error);

    for (const entry of state.pendingPings) {
      process.nextTick(settlePing, entry, new ERR_HTTP2_PING_CANCEL());
    }
    state.pendingPings = [];
    for (const entry of state.pendingSettings) {
      if (entry.callback) process.nextTick(entry.callback, new ERR_HTTP2_SETTINGS_CANCEL());
    }

    if (this[kTimeout] !== null) {
      clearTimeout(this[kTimeout]);
      this[kTimeout] = null;
    }
    if (socket !== undefined) {
      if (error != null || code !== NGHTTP2_NO_ERROR || state.connecting) {
        socket.destroy(error);
      } else if (!socket.destroyed) {
        socket.end();
      }
      // As in Node, the session lets go of its socket: the proxy from `session.socket`
      // now throws ERR_HTTP2_SOCKET_UNBOUND.
      socket[kSession] = undefined;
      this[kSocket] = undefined;
      this[kProxySocket] = null;
    }
    if (this[kServer] !== undefined) this[kServer][kSessions].delete(this);
    this[kPerf]?.({
      bytesRead: state.bytesRead,
      bytesWritten: state.bytesWritten,
      framesReceived: state.framesReceived,
      framesSent: state.framesSent,
      maxConcurrentStreams: state.maxOpenStreams,
      pingRTT: state.pingRTT,
      streamAverageDuration: state.streamCount === 0 ? 0 :
        state.streamDurations / state.streamCount,
      streamCount: state.streamCount,
    });
    process.nextTick(() => {
      if (error != null) this.emit('error', error);
      this.emit('close');
    });
  }

  // Writes `buf`, which holds `frames` whole frames, to the socket.
  _write(buf, callback, frames = 1) {
    const socket = this[kSocket];
    if (socket === undefined || socket.destroyed || socket.writableEnded) {
      if (callback) process.nextTick(callback);
      return;
    }
    this[kState].bytesWritten += buf.length;
    this[kState].framesSent += frames;
    socket.write(buf, callback);
    this._refreshTimeout();
  }

  // ------------------------------------------------------------------ inbound frames

  _onData(chunk) {
    const state = this[kState];
    if (state.destroyed) return;
    state.bytesRead += chunk.length;
    state.inbuf = state.inbuf.length === 0 ? chunk : Buffer.concat([state.inbuf, chunk]);
    this._refreshTimeout();
    if (state.connecting) return;
    this._processInput();
  }

  _processInput() {
    const state = this[kState];
    if (!state.prefaceReceived) {
      const n = Math.min(state.inbuf.length, kPreface.length);
      if (!state.inbuf.subarray(0, n).equals(kPreface.subarray(0, n))) {
        this._onBadPreface();
        return;
      }
      if (state.inbuf.length < kPreface.length) return;
      state.inbuf = state.inbuf.subarray(kPreface.length);
      state.prefaceReceived = true;
    }
    while (!state.destroyed && state.inbuf.length >= 9) {
      const buf = state.inbuf;
      const length = buf.readUIntBE(0, 3);
      if (length > state.localSettings.maxFrameSize) {
        this._connectionError(NGHTTP2_FRAME_SIZE_ERROR);
        return;
      }
      if (buf.length < 9 + length) break;
      const type = buf[3];
      const flags = buf[4];
      const streamId = buf.readUInt32BE(5) & 0x7fffffff;
      const payload = buf.subarray(9, 9 + length);
      state.inbuf = buf.subarray(9 + length);
      state.framesReceived++;
      try {
        this._onFrame(type, flags, streamId, payload);
      } catch (err) {
        if (err instanceof HpackError) {
          this._connectionError(NGHTTP2_COMPRESSION_ERROR);
          return;
        }
        throw err;
      }
    }
  }

  _onBadPreface() {
    const server = this[kServer];
    const socket = this[kSocket];
    if (server !== undefined && server.listenerCount('unknownProtocol') > 0) {
      this[kState].destroyed = true;
      socket.removeAllListeners('data');
      socket[kSession] = undefined;
      server[kSessions].delete(this);
      server.emit('unknownProtocol', socket);
      return;
    }
    this.destroy(new NghttpError(-903, 'Received bad client magic byte string'),
                 NGHTTP2_PROTOCOL_ERROR);
  }

  _connectionError(code) {
    const state = this[kState];
    if (state.destroyed) return;
    this._sendGoaway(code, state.lastPeerStreamId);
    const message = code === NGHTTP2_FLOW_CONTROL_ERROR ? 'Flow control error' :
      code === NGHTTP2_FRAME_SIZE_ERROR ? 'The length of the frame is invalid' :
      code === NGHTTP2_COMPRESSION_ERROR ? 'Header compression/decompression error' :
      'Protocol error';
    const errno = code === NGHTTP2_FLOW_CONTROL_ERROR ? -524 :
      code === NGHTTP2_FRAME_SIZE_ERROR ? -522 :
      code === NGHTTP2_COMPRESSION_ERROR ? -523 : -505;
    const error = new NghttpError(errno, message);
    this.emit('frameError', 0, code, 0);
    this.destroy(error, code);
  }

  // Counts an invalid frame from the peer: as in Node, the one after
  // `maxSessionInvalidFrames` of them ends the session.
  _onInvalidFrame() {
    const state = this[kState];
    if (state.invalidFrames++ <= state.maxInvalidFrames) return;
    const { message } = new ERR_HTTP2_TOO_MANY_INVALID_FRAMES();
    this.destroy(new NghttpError(kErrCallbackFailure, message,
                                 'ERR_HTTP2_TOO_MANY_INVALID_FRAMES'));
  }

  _onFrame(type, flags, streamId, payload) {
    const state = this[kState];
    if (state.headerBlock !== null && type !== FrameType.CONTINUATION) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    switch (type) {
      case FrameType.DATA: return this._onDataFrame(flags, streamId, payload);
      case FrameType.HEADERS: return this._onHeadersFrame(flags, streamId, payload);
      case FrameType.PRIORITY: return this._onPriority(streamId, payload);
      case FrameType.RST_STREAM: return this._onRstStream(streamId, payload);
      case FrameType.SETTINGS: return this._onSettings(flags, streamId, payload);
      case FrameType.PUSH_PROMISE: return this._onPushPromise(flags, streamId, payload);
      case FrameType.PING: return this._onPing(flags, streamId, payload);
      case FrameType.GOAWAY: return this._onGoaway(streamId, payload);
      case FrameType.WINDOW_UPDATE: return this._onWindowUpdate(streamId, payload);
      case FrameType.CONTINUATION: return this._onContinuation(flags, streamId, payload);
      case FrameType.ALTSVC: return this._onAltsvc(streamId, payload);
      case FrameType.ORIGIN: return this._onOrigin(streamId, payload);
      default: return;
    }
  }

  _stripPadding(flags, payload) {
    if (!(flags & kFlagPadded)) return payload;
    if (payload.length < 1) return null;
    const pad = payload[0];
    if (pad >= payload.length) return null;
    return payload.subarray(1, payload.length - pad);
  }

  _onDataFrame(flags, streamId, payload) {
    const state = this[kState];
    if (streamId === 0) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    state.recvData += payload.length;
    if (payload.length > 0) {
      // Connection-level credit is returned at once; stream credit as it is consumed.
      this._write(frame(FrameType.WINDOW_UPDATE, 0, 0, uint32Payload(payload.length)));
    }
    const data = this._stripPadding(flags, payload);
    if (data === null) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    const stream = state.streams.get(streamId);
    if (stream === undefined || stream[kState].remoteClosed) {
      if (streamId > state.lastPeerStreamId && (streamId % 2 === 1) ===
          (this[kType] === NGHTTP2_SESSION_SERVER)) {
        this._connectionError(NGHTTP2_PROTOCOL_ERROR);
        return;
      }
      this._write(frame(FrameType.RST_STREAM, 0, streamId, uint32Payload(NGHTTP2_STREAM_CLOSED)));
      return;
    }
    const sstate = stream[kState];
    sstate.recvWindow -= payload.length;
    if (sstate.recvWindow < 0) {
      stream._rst(NGHTTP2_FLOW_CONTROL_ERROR);
      return;
    }
    // A request body must match its content-length (RFC 9113 §8.1.1).
    if (sstate.contentLength !== undefined) {
      sstate.bodyLength += data.length;
      if (sstate.bodyLength > sstate.contentLength ||
          ((flags & kFlagEndStream) && sstate.bodyLength !== sstate.contentLength)) {
        stream._rst(NGHTTP2_PROTOCOL_ERROR);
        return;
      }
    }
    // Empty DATA frames that do not end the stream count as invalid (a flood guard).
    if (payload.length === 0 && !(flags & kFlagEndStream)) {
      this._onInvalidFrame();
      if (state.destroyed) return;
    }
    sstate.unconsumed += payload.length;
    sstate.bytesRead += data.length;
    stream._markFirst('firstByteAt');
    if (data.length > 0) {
      if (stream.push(data)) stream._consume();
    } else if (payload.length > 0) {
      stream._consume();
    }
    if (flags & kFlagEndStream) stream._onRemoteEnd();
  }

  _onHeadersFrame(flags, streamId, payload) {
    if (streamId === 0) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    let block = this._stripPadding(flags, payload);
    if (block === null) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    let weight = NGHTTP2_DEFAULT_WEIGHT;
    if (flags & kFlagPriority) {
      if (block.length < 5) {
        this._connectionError(NGHTTP2_PROTOCOL_ERROR);
        return;
      }
      weight = block[4] + 1;
      block = block.subarray(5);
    }
    const pending = { type: FrameType.HEADERS, streamId, flags, weight, chunks: [block] };
    if (flags & kFlagEndHeaders) {
      this._onHeaderBlock(pending);
    } else {
      this[kState].headerBlock = pending;
    }
  }

  _onContinuation(flags, streamId, payload) {
    const state = this[kState];
    const pending = state.headerBlock;
    if (pending === null || pending.streamId !== streamId) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    pending.chunks.push(payload);
    if (flags & kFlagEndHeaders) {
      state.headerBlock = null;
      this._onHeaderBlock(pending);
    }
  }

  _onPushPromise(flags, streamId, payload) {
    if (this[kType] === NGHTTP2_SESSION_SERVER || !this[kState].localSettings.enablePush) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    const body = this._stripPadding(flags, payload);
    if (body === null || body.length < 4) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    const pending = {
      type: FrameType.PUSH_PROMISE,
      streamId,
      flags,
      promisedId: body.readUInt32BE(0) & 0x7fffffff,
      chunks: [body.subarray(4)],
    };
    if (flags & kFlagEndHeaders) {
      this._onHeaderBlock(pending);
    } else {
      this[kState].headerBlock = pending;
    }
  }

  _onHeaderBlock(pending) {
    const state = this[kState];
    const list = state.decoder.decode(Buffer.concat(pending.chunks));
    let size = 0;
    for (const [name, value] of list) size += name.length + value.length + 32;
    if (pending.type === FrameType.PUSH_PROMISE) {
      this._onPushedStream(pending, list);
      return;
    }
    const { streamId, flags } = pending;
    const endStream = (flags & kFlagEndStream) !== 0;
    let stream = state.streams.get(streamId);
    if (stream === undefined) {
      if (this[kType] === NGHTTP2_SESSION_CLIENT || streamId % 2 === 0 ||
          streamId <= state.lastPeerStreamId) {
        if (streamId > state.lastPeerStreamId && this[kType] === NGHTTP2_SESSION_SERVER) {
          this._connectionError(NGHTTP2_PROTOCOL_ERROR);
          return;
        }
        this._write(frame(FrameType.RST_STREAM, 0, streamId, uint32Payload(NGHTTP2_STREAM_CLOSED)));
        return;
      }
      state.lastPeerStreamId = streamId;
      if (state.closed || state.goawaySent) {
        this._write(frame(FrameType.RST_STREAM, 0, streamId, uint32Payload(NGHTTP2_REFUSED_STREAM)));
        return;
      }
      const maxPairs = Math.max(this[kOptions].maxHeaderListPairs ?? kDefaultHeaderListPairs,
                                kMinHeaderListPairs);
      const tooLarge = size > state.localSettings.maxHeaderListSize || list.length > maxPairs;
      const maxStreams = state.pendingMaxConcurrentStreams ??
        state.localSettings.maxConcurrentStreams;
      if (this._openStreamCount(false) >= maxStreams || tooLarge) {
        this._write(frame(FrameType.RST_STREAM, 0, streamId,
                          uint32Payload(tooLarge ? NGHTTP2_ENHANCE_YOUR_CALM :
                            NGHTTP2_REFUSED_STREAM)));
        if (state.rejectedStreams++ > state.maxRejectedStreams) {
          this.destroy(new NghttpError(kErrCallbackFailure, 'The user callback function failed'));
        }
        return;
      }
      const contentLength = requestContentLength(list);
      if (!isValidFieldSection(list) || !hasRequestPseudoHeaders(list) ||
          Number.isNaN(contentLength) ||
          (endStream && contentLength !== undefined && contentLength !== 0)) {
        this._write(frame(FrameType.RST_STREAM, 0, streamId, uint32Payload(NGHTTP2_PROTOCOL_ERROR)));
        this._onInvalidFrame();
        return;
      }
      state.lastProcStreamId = streamId;
      stream = new ServerHttp2Stream(this, streamId, NGHTTP2_STREAM_STATE_OPEN, list);
      stream[kState].weight = pending.weight;
      stream[kState].contentLength = contentLength;
      stream[kState].bodyLength = 0;
      stream._markFirst('firstHeaderAt');
      const headers = toHeaderObject(list);
      if (endStream) {
        stream[kState].endAfterHeaders = true;
        stream._onRemoteEnd();
      }
      this.emit('stream', stream, headers, flags, toRawHeaders(list));
      return;
    }
    state.lastProcStreamId = Math.max(state.lastProcStreamId, streamId);
    if (size > state.localSettings.maxHeaderListSize || !isValidFieldSection(list)) {
      stream._rst(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    stream._onHeaders(list, flags, endStream);
  }

  _onPushedStream(pending, list) {
    const state = this[kState];
    const parent = state.streams.get(pending.streamId);
    const { promisedId } = pending;
    if (parent === undefined || state.closed) {
      this._write(frame(FrameType.RST_STREAM, 0, promisedId, uint32Payload(NGHTTP2_REFUSED_STREAM)));
      return;
    }
    const stream = new ClientHttp2Stream(this, promisedId, NGHTTP2_STREAM_STATE_RESERVED_REMOTE, {});
    stream[kState].localClosed = true;
    stream.end();
    const headers = toHeaderObject(list);
    this.emit('stream', stream, headers, pending.flags, toRawHeaders(list));
  }

  // 'priority' is emitted by the stream the frame names or, for a stream not open (yet),
  // by the session.
  _onPriority(streamId, payload) {
    if (streamId === 0 || payload.length !== 5) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    const parent = payload.readUInt32BE(0) & 0x7fffffff;
    const exclusive = (payload[0] & 0x80) !== 0;
    const weight = payload[4] + 1;
    const stream = this[kState].streams.get(streamId);
    if (stream === undefined) {
      this.emit('priority', streamId, parent, weight, exclusive);
      return;
    }
    if (stream.destroyed) return;
    stream[kState].weight = weight;
    stream._refreshTimeout();
    stream.emit('priority', streamId, parent, weight, exclusive);
  }

  _onRstStream(streamId, payload) {
    if (streamId === 0 || payload.length !== 4) {
      this._connectionError(streamId === 0 ? NGHTTP2_PROTOCOL_ERROR : NGHTTP2_FRAME_SIZE_ERROR);
      return;
    }
    const stream = this[kState].streams.get(streamId);
    if (stream === undefined) return;
    stream._onClose(payload.readUInt32BE(0));
  }

  _onSettings(flags, streamId, payload) {
    const state = this[kState];
    if (streamId !== 0) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    if (flags & kFlagAck) {
      if (payload.length !== 0) {
        this._connectionError(NGHTTP2_FRAME_SIZE_ERROR);
        return;
      }
      const entry = state.pendingSettings.shift();
      if (entry === undefined) {
        this._onInvalidFrame();
        return;
      }
      this._applyLocalSettings(entry.pairs);
      const settings = this.localSettings;
      if (entry.callback) entry.callback(null, settings, performanceNow() - entry.start);
      this.emit('localSettings', settings);
      return;
    }
    if (payload.length % 6 !== 0) {
      this._connectionError(NGHTTP2_FRAME_SIZE_ERROR);
      return;
    }
    if (payload.length / 6 > (this[kOptions].maxSettings ?? kDefaultMaxSettings)) {
      this._connectionError(NGHTTP2_ENHANCE_YOUR_CALM);
      return;
    }
    const pairs = unpackPairs(payload);
    for (const [id, value] of pairs) {
      // Extended CONNECT (RFC 8441 §3) cannot be turned off once the peer enabled it.
      if ((id === 2 && value > 1) || (id === 4 && value > kMaxWindow) ||
          (id === 5 && (value < 16384 || value > 16777215)) || (id === 8 && value > 1) ||
          (id === 8 && value === 0 && state.remoteSettings.enableConnectProtocol)) {
        this._connectionError(id === 4 ? NGHTTP2_FLOW_CONTROL_ERROR : NGHTTP2_PROTOCOL_ERROR);
        return;
      }
    }
    const previousWindow = state.remoteSettings.initialWindowSize;
    applySettingPairs(state.remoteSettings, pairs, this[kOptions].remoteCustomSettings ?? []);
    state.remoteView = undefined;
    for (const [id, value] of pairs) {
      if (id === 1) state.encoder.setMaxTableSize(value);
    }
    const delta = state.remoteSettings.initialWindowSize - previousWindow;
    if (delta !== 0) {
      for (const stream of state.streams.values()) stream[kState].sendWindow += delta;
    }
    this._write(frame(FrameType.SETTINGS, kFlagAck, 0));
    this.emit('remoteSettings', this.remoteSettings);
    this._scheduleFlush();
  }

  _applyLocalSettings(pairs) {
    const state = this[kState];
    const previousWindow = state.localSettings.initialWindowSize;
    applySettingPairs(state.localSettings, pairs);
    state.localView = undefined;
    for (const [id, value] of pairs) {
      if (id === 1) state.decoder.setMaxAllowedSize(value);
    }
    const delta = state.localSettings.initialWindowSize - previousWindow;
    if (delta !== 0) {
      for (const stream of state.streams.values()) stream[kState].recvWindow += delta;
    }
  }

  _onPing(flags, streamId, payload) {
    const state = this[kState];
    if (streamId !== 0 || payload.length !== 8) {
      this._connectionError(streamId !== 0 ? NGHTTP2_PROTOCOL_ERROR : NGHTTP2_FRAME_SIZE_ERROR);
      return;
    }
    if (flags & kFlagAck) {
      const index = state.pendingPings.findIndex((entry) => entry.payload.equals(payload));
      if (index === -1) {
        // An acknowledgement of a ping we never sent terminates the session.
        this._connectionError(NGHTTP2_PROTOCOL_ERROR);
        return;
      }
      const [entry] = state.pendingPings.splice(index, 1);
      state.pingRTT = performanceNow() - entry.start;
      settlePing(entry, null, performanceNow() - entry.start, Buffer.from(payload));
      return;
    }
    this._write(frame(FrameType.PING, kFlagAck, 0, payload));
    this.emit('ping', Buffer.from(payload));
  }

  _onGoaway(streamId, payload) {
    const state = this[kState];
    if (streamId !== 0 || payload.length < 8) {
      this._connectionError(NGHTTP2_PROTOCOL_ERROR);
      return;
    }
    const lastStreamId = payload.readUInt32BE(0) & 0x7fffffff;
    const code = payload.readUInt32BE(4);
    state.goawayReceived = true;
    state.goawayCode = code;
    this.emit('goaway', code, lastStreamId, Buffer.from(payload.subarray(8)));
    // Streams we opened that the peer never processed will not be answered.
    for (const stream of [...state.streams.values()]) {
      if (stream.id > lastStreamId && (stream.id % 2 === 1) ===
          (this[kType] === NGHTTP2_SESSION_CLIENT)) {
        stream._onClose(NGHTTP2_REFUSED_STREAM);
      }
    }
    if (code === NGHTTP2_NO_ERROR) {
      this.close();
    } else {
      this.destroy(new ERR_HTTP2_SESSION_ERROR(code), NGHTTP2_NO_ERROR);
    }
  }

  _onWindowUpdate(streamId, payload) {
    const state = this[kState];
    if (payload.length !== 4) {
      this._connectionError(NGHTTP2_FRAME_SIZE_ERROR);
      return;
    }
    const increment = payload.readUInt32BE(0) & 0x7fffffff;
    if (streamId === 0) {
      if (increment === 0 || state.sendWindow + increment > kMaxWindow) {
        this._connectionError(increment === 0 ? NGHTTP2_PROTOCOL_ERROR :
          NGHTTP2_FLOW_CONTROL_ERROR);
        return;
      }
      state.sendWindow += increment;
    } else {
      const stream = state.streams.get(streamId);
      if (stream === undefined) return;
      if (increment === 0) {
        stream._rst(NGHTTP2_PROTOCOL_ERROR);
        return;
      }
      stream[kState].sendWindow += increment;
      if (stream[kState].sendWindow > kMaxWindow) {
        stream._rst(NGHTTP2_FLOW_CONTROL_ERROR);
        return;
      }
    }
    this._scheduleFlush();
  }

  _onAltsvc(streamId, payload) {
    if (this[kType] !== NGHTTP2_SESSION_CLIENT || payload.length < 2) return;
    const originLength = payload.readUInt16BE(0);
    if (payload.length < 2 + originLength) return;
    const origin = payload.toString('latin1', 2, 2 + originLength);
    const value = payload.toString('latin1', 2 + originLength);
    if ((streamId === 0) === (originLength === 0)) return;
    if (streamId !== 0 && !this[kState].streams.has(streamId)) return;
    this.emit('altsvc', value, origin, streamId);
  }

  // ORIGIN frames (RFC 8336) count only on TLS connections.
  _onOrigin(streamId, payload) {
    if (this[kType] !== NGHTTP2_SESSION_CLIENT || streamId !== 0 || !this.encrypted) return;
    const origins = [];
    let pos = 0;
    while (pos + 2 <= payload.length) {
      const length = payload.readUInt16BE(pos);
      origins.push(payload.toString('latin1', pos + 2, pos + 2 + length));
      pos += 2 + length;
    }
    const originSet = this[kState].originSet ??= new Set([this[kOrigin]]);
    for (const origin of origins) originSet.add(origin);
    this.emit('origin', origins);
  }

  // ------------------------------------------------------------------ outbound data

  _scheduleFlush() {
    const state = this[kState];
    if (state.flushScheduled || state.destroyed) return;
    state.flushScheduled = true;
    setImmediate(() => {
      state.flushScheduled = false;
      this._flush();
    });
  }

  _flush() {
    const state = this[kState];
    if (state.destroyed || state.connecting) return;
    this._sendBlockedRequests();
    for (const stream of [...state.streams.values()]) {
      stream._flushOutput();
      if (state.destroyed) return;
    }
  }

  // Sends a header block as HEADERS (or PUSH_PROMISE, whose `prefix` is the promised id,
  // or HEADERS with the priority `prefix`) plus CONTINUATION frames.
  _sendHeaders(streamId, list, flags, type = FrameType.HEADERS, prefix = null) {
    const state = this[kState];
    const maxBlock = this[kOptions].maxSendHeaderBlockLength ?? kDefaultMaxSendHeaderBlock;
    if (headerBlockBound(list) > maxBlock) {
      this._onHeadersNotSent(streamId, type);
      return;
    }
    const block = state.encoder.encode(list);
    const max = state.remoteSettings.maxFrameSize;
    const firstRoom = prefix === null ? max : max - prefix.length;
    let first = block.subarray(0, firstRoom);
    let rest = block.subarray(first.length);
    if (prefix !== null) first = Buffer.concat([prefix, first]);
    if (type === FrameType.HEADERS && rest.length === 0) {
      const padded = paddedLength(this[kOptions].paddingStrategy, first.length,
                                  Math.min(max, first.length + kMaxPadding));
      if (padded > first.length) {
        const padding = padded - first.length;
        first = Buffer.concat([Buffer.of(padding - 1), first, Buffer.alloc(padding - 1)]);
        flags |= kFlagPadded;
      }
    }
    const frames = [frame(type, flags | (rest.length === 0 ? kFlagEndHeaders : 0), streamId, first)];
    while (rest.length > 0) {
      const piece = rest.subarray(0, max);
      rest = rest.subarray(piece.length);
      frames.push(frame(FrameType.CONTINUATION, rest.length === 0 ? kFlagEndHeaders : 0,
                        streamId, piece));
    }
    this._write(frames.length === 1 ? frames[0] : Buffer.concat(frames), undefined,
                frames.length);
  }

  // A header block over maxSendHeaderBlockLength is not sent: the stream gets 'frameError'
  // and closes, as NGHTTP2_REFUSED_STREAM if it is a request that never went out, else
  // with RST_STREAM NGHTTP2_FRAME_SIZE_ERROR; then, as in Node, the session closes.
  _onHeadersNotSent(streamId, type) {
    const stream = this[kState].streams.get(streamId);
    if (stream === undefined) return;
    const opened = this[kType] === NGHTTP2_SESSION_SERVER || type !== FrameType.HEADERS ||
      stream[kState].headersSent;
    const code = opened ? NGHTTP2_FRAME_SIZE_ERROR : NGHTTP2_REFUSED_STREAM;
    stream._markClosed(code);
    process.nextTick(() => {
      stream.emit('frameError', type, NGHTTP2_FRAME_SIZE_ERROR, streamId);
      setImmediate(() => {
        if (opened) this._write(frame(FrameType.RST_STREAM, 0, streamId, uint32Payload(code)));
        stream._closeReadable(code);
        this.close();
      });
    });
  }

  // The streams open on the wire that this endpoint (`outgoing`) or its peer initiated:
  // what each side's SETTINGS_MAX_CONCURRENT_STREAMS limits.
  _openStreamCount(outgoing) {
    const ownParity = this[kType] === NGHTTP2_SESSION_CLIENT ? 1 : 0;
    let count = 0;
    for (const stream of this[kState].streams.values()) {
      const sstate = stream[kState];
      if ((sstate.id % 2 === ownParity) === outgoing && !sstate.closed && !sstate.requestPending) {
        count++;
      }
    }
    return count;
  }

  // Requests wait, in order, while the peer's concurrency limit is reached (as nghttp2
  // holds their HEADERS); each goes out once an open stream closes or the limit grows.
  _sendBlockedRequests() {
    const state = this[kState];
    while (state.blockedRequests.length > 0 && !state.destroyed &&
           this._openStreamCount(true) < state.remoteSettings.maxConcurrentStreams) {
      const stream = state.blockedRequests.shift();
      if (!stream.destroyed) stream._sendRequest();
    }
  }

  _allocateStreamId() {
    const state = this[kState];
    const id = state.nextStreamId;
    if (id > kMaxStreamId) return -1;
    state.nextStreamId += 2;
    return id;
  }
}

const kFieldName = /^:?[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const kForbiddenValueChars = /[\0\r\n]/;
const kPath = /^[\x21-\x7e\x80-\xff]+$/;

// The checks nghttp2 makes of a received field section (RFC 9113 §8.2.1): lower-case
// token names, values without NUL, CR or LF, and a :path of visible characters.
function isValidFieldSection(list) {
  for (const [name, value] of list) {
    if (!kFieldName.test(name) || kForbiddenValueChars.test(value)) return false;
    if (name === ':path' && !kPath.test(value)) return false;
  }
  return true;
}

const kRequestPseudoHeaders = new Set([':method', ':scheme', ':path', ':authority', ':protocol']);

// nghttp2's rules for a request's pseudo-headers: only request ones, each once, before
// the regular fields; :method always, and :scheme with :path unless it is a plain CONNECT
// (which needs :authority instead).
function hasRequestPseudoHeaders(list) {
  const seen = new Map();
  let regular = false;
  for (const [name, value] of list) {
    if (name[0] !== ':') {
      regular = true;
      continue;
    }
    if (regular || !kRequestPseudoHeaders.has(name) || seen.has(name)) return false;
    seen.set(name, value);
  }
  if (!seen.has(':method')) return false;
  if (seen.get(':method') === 'CONNECT' && !seen.has(':protocol')) {
    return seen.has(':authority') && !seen.has(':scheme') && !seen.has(':path');
  }
  return seen.has(':scheme') && seen.has(':path');
}

// nghttp2's upper bound of the encoded size of a header list (nghttp2_hd_deflate_bound).
function headerBlockBound(list) {
  let size = 12;
  for (const [name, value] of list) size += 12 + name.length + value.length;
  return size;
}

// The content-length of a received request: undefined without one, NaN when malformed.
function requestContentLength(list) {
  const field = list.find(([name]) => name === 'content-length');
  if (field === undefined) return undefined;
  return /^[0-9]+$/.test(field[1]) ? Number(field[1]) : NaN;
}

// nghttp2 keeps a stream weight within 1..256.
function clampWeight(weight) {
  return Math.min(Math.max(weight | 0, 1), 256);
}

// The stream dependency and weight that PRIORITY frames (and prioritised HEADERS) carry.
function priorityPayload(parent, weight, exclusive) {
  const payload = Buffer.allocUnsafe(5);
  payload.writeUInt32BE(((parent & 0x7fffffff) | (exclusive ? 0x80000000 : 0)) >>> 0, 0);
  payload[4] = weight - 1;
  return payload;
}

// Calls a ping's callback inside its HTTP2PING async resource, which then ends.
function settlePing(entry, ...args) {
  entry.resource.runInAsyncScope(entry.callback, undefined, ...args);
  entry.resource.emitDestroy();
}

// A settings object as the session getters return it: a copy with the `maxHeaderSize`
// alias and the custom settings.
function settingsView(settings) {
  return {
    ...settings,
    maxHeaderSize: settings.maxHeaderListSize,
    customSettings: { ...settings.customSettings },
  };
}

function performanceNow() {
  const [seconds, nanos] = process.hrtime();
  return seconds * 1e3 + nanos / 1e6;
}

class ServerHttp2Session extends Http2Session {
  constructor(options, socket, server) {
    super(NGHTTP2_SESSION_SERVER, options, socket);
    this[kServer] = server;
  }

  get server() {
    return this[kServer];
  }

  altsvc(alt, originOrStream) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (typeof alt !== 'string') throw new ERR_INVALID_ARG_TYPE('alt', 'string', alt);
    if (!/^[\x20-\x7e]*$/.test(alt)) throw new ERR_INVALID_CHAR('alt');
    let stream = 0;
    let origin = '';
    if (typeof originOrStream === 'number') {
      if (!Number.isInteger(originOrStream) || originOrStream <= 0 ||
          originOrStream > 0xffffffff) {
        throw new ERR_OUT_OF_RANGE('originOrStream', `> 0 && < ${2 ** 32}`, originOrStream);
      }
      stream = originOrStream;
    } else if (originOrStream !== undefined) {
      if (typeof originOrStream === 'string') {
        origin = new URL(originOrStream).origin;
      } else if (originOrStream !== null && typeof originOrStream === 'object' &&
                 typeof originOrStream.origin === 'string') {
        origin = originOrStream.origin;
      } else {
        throw new ERR_INVALID_ARG_TYPE('originOrStream', ['string', 'number', 'URL', 'object'],
                                       originOrStream);
      }
      if (origin === 'null' || origin === '') throw new ERR_HTTP2_ALTSVC_INVALID_ORIGIN();
    }
    const originBytes = Buffer.from(origin, 'latin1');
    if (originBytes.length + alt.length > 16382) throw new ERR_HTTP2_ALTSVC_LENGTH();
    const head = Buffer.allocUnsafe(2);
    head.writeUInt16BE(originBytes.length, 0);
    this._whenConnected(() => this._write(frame(FrameType.ALTSVC, 0, stream,
      Buffer.concat([head, originBytes, Buffer.from(alt, 'latin1')]))));
  }

  origin(...origins) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    const parts = [];
    let length = 0;
    for (const item of origins) {
      let origin;
      if (typeof item === 'string') {
        origin = new URL(item).origin;
      } else if (item != null && typeof item === 'object') {
        origin = item.origin;
      } else {
        throw new ERR_INVALID_ARG_TYPE('origin', ['string', 'URL', 'object'], item);
      }
      if (typeof origin !== 'string' || origin === 'null') throw new ERR_HTTP2_INVALID_ORIGIN();
      const bytes = Buffer.from(origin, 'latin1');
      const head = Buffer.allocUnsafe(2);
      head.writeUInt16BE(bytes.length, 0);
      parts.push(head, bytes);
      length += 2 + bytes.length;
    }
    if (length > 16382) throw new ERR_HTTP2_ORIGIN_LENGTH();
    this._whenConnected(() => this._write(frame(FrameType.ORIGIN, 0, 0, Buffer.concat(parts))));
  }
}

class ClientHttp2Session extends Http2Session {
  constructor(options, socket) {
    super(NGHTTP2_SESSION_CLIENT, options, socket);
  }

  setNextStreamID(id) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    validateNumber(id, 'id');
    if (id <= 0 || id > 0xffffffff) {
      throw new ERR_OUT_OF_RANGE('id', `> 0 and <= ${0xffffffff}`, id);
    }
    this[kState].nextStreamId = id;
  }

  request(headers, options) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_SESSION();
    if (this.closed) throw new ERR_HTTP2_GOAWAY_SESSION();
    if (headers === undefined || headers === null) headers = {};
    else validateObject(headers, 'headers');
    if (options === undefined || options === null) options = {};
    else validateObject(options, 'options');
    const copy = { __proto__: null, ...headers };
    if (headers[kSensitiveHeaders] !== undefined) copy[kSensitiveHeaders] = headers[kSensitiveHeaders];
    headers = copy;
    for (const key of Object.keys(headers)) {
      const lower = key.toLowerCase();
      if (lower !== key && lower[0] === ':') {
        headers[lower] = headers[key];
        delete headers[key];
      }
    }
    if (headers[':method'] === undefined) headers[':method'] = 'GET';
    const method = String(headers[':method']);
    const connect = method === 'CONNECT';
    const extendedConnect = connect && headers[':protocol'] !== undefined;
    if (!connect || extendedConnect) {
      if (headers[':authority'] === undefined && headers.host === undefined) {
        headers[':authority'] = this[kAuthority];
      }
      if (headers[':scheme'] === undefined) headers[':scheme'] = this[kProtocol].slice(0, -1);
      if (headers[':path'] === undefined) headers[':path'] = '/';
    } else {
      if (headers[':authority'] === undefined) throw new ERR_HTTP2_CONNECT_AUTHORITY();
      if (headers[':scheme'] !== undefined) throw new ERR_HTTP2_CONNECT_SCHEME();
      if (headers[':path'] !== undefined) throw new ERR_HTTP2_CONNECT_PATH();
    }
    for (const name of ['endStream', 'exclusive', 'silent', 'waitForTrailers']) {
      if (options[name] !== undefined) validateBoolean(options[name], `options.${name}`);
    }
    for (const name of ['weight', 'parent']) {
      if (options[name] !== undefined) validateNumber(options[name], `options.${name}`);
    }
    if (options.endStream === undefined) options = { ...options, endStream: isPayloadMeaningless(method) };
    if (options.signal !== undefined) {
      const { validateAbortSignal } = require('internal/errors');
      validateAbortSignal(options.signal, 'options.signal');
    }
    let list;
    try {
      list = mapToHeaders(headers);
    } catch (err) {
      // An invalid header name makes the whole session unusable, as in Node.
      if (err.code === 'ERR_INVALID_HTTP_TOKEN') this.destroy(err);
      throw err;
    }
    const stream = new ClientHttp2Stream(this, undefined, NGHTTP2_STREAM_STATE_IDLE, options);
    stream[kSentHeaders] = headers;
    stream[kState].headerList = list;
    stream[kState].requestEnd = options.endStream;
    stream[kState].waitForTrailers = !!options.waitForTrailers;
    if (options.weight !== undefined || options.parent !== undefined ||
        options.exclusive !== undefined) {
      const weight = clampWeight(options.weight ?? NGHTTP2_DEFAULT_WEIGHT);
      stream[kState].priority = { parent: options.parent ?? 0, weight, exclusive: !!options.exclusive };
      stream[kState].weight = weight;
    }
    if (options.endStream) stream.end();
    if (options.signal) {
      const signal = options.signal;
      const abort = () => stream.destroy(new AbortError(undefined, { cause: signal.reason }));
      if (signal.aborted) {
        abort();
      } else {
        signal.addEventListener('abort', abort, { once: true });
        stream.once('close', () => signal.removeEventListener('abort', abort));
      }
    }
    const state = this[kState];
    if (state.connecting) {
      state.pendingStreams.add(stream);
    } else if (stream._assignId()) {
      process.nextTick(() => stream._onReady());
    }
    return stream;
  }
}

// ---------------------------------------------------------------------------------------
// Http2Stream

class Http2Stream extends Duplex {
  constructor(session, id, streamState, options) {
    super({
      allowHalfOpen: true,
      decodeStrings: false,
      autoDestroy: false,
      highWaterMark: options?.highWaterMark,
      signal: undefined,
    });
    this[kSession] = session;
    this[kSentHeaders] = undefined;
    this[kSentTrailers] = undefined;
    this[kInfoHeaders] = undefined;
    this[kTimeout] = null;
    this[kState] = {
      id,
      streamState,
      closed: false,
      localClosed: false,
      remoteClosed: false,
      rstCode: NGHTTP2_NO_ERROR,
      aborted: false,
      headersSent: false,
      trailersSent: false,
      wantTrailersEmitted: false,
      waitForTrailers: false,
      endAfterHeaders: false,
      sendWindow: session[kState].remoteSettings.initialWindowSize,
      recvWindow: session[kState].localSettings.initialWindowSize,
      unconsumed: 0,
      didRead: false,
      queue: [],
      queuedBytes: 0,
      finalCallback: null,
      endAfterQueue: false,
      weight: NGHTTP2_DEFAULT_WEIGHT,
      startedAt: performanceNow(),
      firstByteAt: 0,
      firstByteSentAt: 0,
      firstHeaderAt: 0,
      bytesRead: 0,
      bytesWritten: 0,
    };
    this[kPerf] = timeOperation('http2', 'Http2Stream', {}, true);
    if (id !== undefined) this._register(id);
    // As in Node, a stream that is done is destroyed after its 'finish' listeners ran (and,
    // through _closeReadable, after its 'end' ones).
    this.on('finish', () => process.nextTick(() => this._maybeDestroy()));
  }

  _register(id) {
    this[kState].id = id;
    const sessionState = this[kSession][kState];
    sessionState.streams.set(id, this);
    sessionState.maxOpenStreams = Math.max(sessionState.maxOpenStreams, sessionState.streams.size);
  }

  // Records a moment of the stream's life (`firstByteAt`, ...) the first time it happens.
  _markFirst(name) {
    const state = this[kState];
    if (state[name] === 0) state[name] = performanceNow();
  }

  get id() {
    return this[kState].id;
  }

  get pending() {
    return this[kState].id === undefined;
  }

  // As in Node, a destroyed stream no longer exposes its session.
  get session() {
    return this.destroyed ? undefined : this[kSession];
  }

  get sentHeaders() {
    return this[kSentHeaders];
  }

  get sentTrailers() {
    return this[kSentTrailers];
  }

  get sentInfoHeaders() {
    return this[kInfoHeaders];
  }

  get headersSent() {
    return this[kState].headersSent;
  }

  get aborted() {
    return this[kState].aborted;
  }

  get closed() {
    return this[kState].closed;
  }

  get rstCode() {
    return this[kState].closed ? this[kState].rstCode : undefined;
  }

  get endAfterHeaders() {
    return this[kState].endAfterHeaders;
  }

  get bufferSize() {
    return this[kState].queuedBytes + this.writableLength;
  }

  [kInspect](depth, options) {
    if (typeof depth === 'number' && depth < 0) return this;
    const view = {
      id: this.id ?? '<pending>',
      closed: this.closed,
      destroyed: this.destroyed,
      state: this.state,
      readableState: this._readableState,
      writableState: this._writableState,
    };
    return `Http2Stream ${inspect(view, options)}`;
  }

  get state() {
    const state = this[kState];
    if (this.destroyed || state.id === undefined) return {};
    let streamState = state.streamState;
    if (state.closed) streamState = NGHTTP2_STREAM_STATE_CLOSED;
    else if (state.localClosed && state.remoteClosed) streamState = NGHTTP2_STREAM_STATE_CLOSED;
    else if (state.localClosed) streamState = NGHTTP2_STREAM_STATE_HALF_CLOSED_LOCAL;
    else if (state.remoteClosed) streamState = NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE;
    return {
      state: streamState,
      weight: state.weight,
      sumDependencyWeight: 0,
      localClose: state.localClosed ? 1 : 0,
      remoteClose: state.remoteClosed ? 1 : 0,
      localWindowSize: state.recvWindow,
    };
  }

  priority(options) {
    if (this.destroyed) throw new ERR_HTTP2_INVALID_STREAM();
    validateObject(options, 'options');
    const spec = {
      parent: options.parent ?? 0,
      weight: options.weight ?? NGHTTP2_DEFAULT_WEIGHT,
      exclusive: options.exclusive ?? false,
      silent: options.silent ?? false,
    };
    validateNumber(spec.parent, 'options.parent', 0);
    validateNumber(spec.weight, 'options.weight');
    validateBoolean(spec.exclusive, 'options.exclusive');
    validateBoolean(spec.silent, 'options.silent');
    const state = this[kState];
    // Until a request's HEADERS are out, the PRIORITY frame waits and then leaves ahead of
    // them, as nghttp2 sends queued PRIORITY frames before new streams' HEADERS.
    if (this.pending || state.requestPending) {
      (state.pendingPriority ??= []).push(spec);
      return;
    }
    this._sendPriority(spec);
  }

  // Sends a PRIORITY frame unless `spec.silent`; a dependency on the stream itself is
  // ignored, as in Node.
  _sendPriority(spec) {
    const state = this[kState];
    this._refreshTimeout();
    if (spec.parent === state.id) return;
    state.weight = clampWeight(spec.weight);
    if (spec.silent) return;
    this[kSession]._write(frame(FrameType.PRIORITY, 0, state.id,
                                priorityPayload(spec.parent, state.weight, spec.exclusive)));
  }

  setTimeout(msecs, callback) {
    if (this.destroyed) return this;
    validateNumber(msecs, 'msecs', 0);
    if (callback !== undefined) {
      validateFunction(callback, 'callback');
      this.once('timeout', callback);
    }
    if (this[kTimeout] !== null) clearTimeout(this[kTimeout]);
    this[kTimeout] = null;
    this._timeoutMs = msecs;
    this._refreshTimeout();
    return this;
  }

  _refreshTimeout() {
    if (!this._timeoutMs) return;
    if (this[kTimeout] !== null) {
      this[kTimeout].refresh();
      return;
    }
    this[kTimeout] = setTimeout(() => {
      this[kTimeout] = null;
      if (!this.destroyed) this.emit('timeout');
    }, this._timeoutMs);
  }

  close(code = NGHTTP2_NO_ERROR, callback) {
    validateUint32(code, 'code');
    if (callback !== undefined) {
      validateFunction(callback, 'callback');
      this.once('close', callback);
    }
    const state = this[kState];
    if (state.closed) return;
    // A graceful close of a stream that is still sending waits until everything is out.
    if (code === NGHTTP2_NO_ERROR && this.writableEnded && !this.writableFinished) {
      this.once('finish', () => this.close(code));
      return;
    }
    this._markClosed(code);
    // A pending stream sends its HEADERS and RST_STREAM once it has an id (_onReady).
    if (this.pending) {
      this.push(null);
      return;
    }
    this._sendRst(code);
    process.nextTick(() => this._closeReadable(code));
  }

  sendTrailers(headers) {
    const state = this[kState];
    if (this.destroyed || state.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (state.trailersSent) throw new ERR_HTTP2_TRAILERS_ALREADY_SENT();
    if (!state.wantTrailersEmitted) throw new ERR_HTTP2_TRAILERS_NOT_READY();
    validateObject(headers, 'headers');
    const list = mapToHeaders(headers, assertValidPseudoHeaderTrailer);
    state.trailersSent = true;
    this[kSentTrailers] = headers;
    this._refreshTimeout();
    if (list.length === 0) {
      this._sendData(kFlagEndStream);
    } else {
      this[kSession]._sendHeaders(state.id, list, kFlagEndStream);
    }
    // Like nghttp2, the stream closes after the frame is out, not within this call.
    state.localClosed = true;
    if (state.remoteClosed) process.nextTick(() => this._onClose(NGHTTP2_NO_ERROR));
  }

  // Sends RST_STREAM with `code` (the stream closes at once).
  _rst(code) {
    if (this[kState].closed) return;
    this._sendRst(code);
    this._onClose(code);
  }

  // Nothing is sent for a stream the peer has not seen (a request whose HEADERS are not out).
  // Streams of a session being destroyed still send theirs after its GOAWAY, as in Node,
  // unless the peer's own GOAWAY ended the session.
  _sendRst(code) {
    const session = this[kSession];
    const state = this[kState];
    if (state.id === undefined || state.requestPending ||
        (session.destroyed && session[kState].goawayReceived)) {
      return;
    }
    session._write(frame(FrameType.RST_STREAM, 0, state.id, uint32Payload(code)));
  }

  // --------------------------------------------------------------- Duplex plumbing

  _write(data, encoding, callback) {
    this._writeChunks([{ chunk: data, encoding }], callback);
  }

  _writev(chunks, callback) {
    this._writeChunks(chunks, callback);
  }

  _writeChunks(chunks, callback) {
    if (this.pending) {
      this.once('ready', () => this._writeChunks(chunks, callback));
      return;
    }
    const state = this[kState];
    if (state.localClosed || state.closed) {
      callback(new ERR_HTTP2_INVALID_STREAM());
      return;
    }
    if (!state.headersSent) this._proceed();
    this._refreshTimeout();
    let total = 0;
    for (const { chunk, encoding } of chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
      total += buf.length;
      state.queue.push({ data: buf, offset: 0, callback: null });
    }
    state.queuedBytes += total;
    const session = this[kSession];
    // As in Node, the callback waits until the bytes leave in DATA frames, which is also
    // what applies backpressure when the peer's flow-control window is exhausted.
    state.queue[state.queue.length - 1].callback = callback;
    // Also as in Node, when end() follows this write with nothing buffered behind it, the
    // write's last DATA frame carries END_STREAM.
    process.nextTick(() => {
      const writableState = this._writableState;
      if (writableState.ending && writableState.bufferedRequestCount === 0 &&
          !state.waitForTrailers) {
        state.endAfterQueue = true;
      }
    });
    session._scheduleFlush();
  }

  _final(callback) {
    if (this.pending) {
      this.once('ready', () => this._final(callback));
      return;
    }
    const state = this[kState];
    if (state.localClosed || state.closed) {
      callback();
      return;
    }
    // Before the response headers, END_STREAM waits for them (respond() sends it along);
    // after them it goes out (or 'wantTrailers' is emitted) on the next tick.
    state.finalCallback = callback;
    if (state.headersSent) process.nextTick(() => this._flushOutput());
  }

  _read() {
    const state = this[kState];
    state.didRead = true;
    if (state.unconsumed > 0) this._consume();
  }

  // Returns the stream-level flow-control credit for the bytes handed to the reader.
  _consume() {
    const state = this[kState];
    const amount = state.unconsumed;
    if (amount === 0 || state.closed || state.remoteClosed) {
      state.unconsumed = 0;
      return;
    }
    state.unconsumed = 0;
    state.recvWindow += amount;
    this[kSession]._write(frame(FrameType.WINDOW_UPDATE, 0, state.id, uint32Payload(amount)));
  }

  // Sends as much queued data as the windows allow, then END_STREAM (or 'wantTrailers').
  _flushOutput() {
    const state = this[kState];
    if (state.closed || state.localClosed || state.id === undefined || !state.headersSent) {
      return;
    }
    const session = this[kSession];
    const sstate = session[kState];
    const maxFrame = sstate.remoteSettings.maxFrameSize;
    const ending = state.finalCallback !== null || state.endAfterQueue;
    while (state.queue.length > 0) {
      // Like nghttp2, one DATA frame carries as many queued writes as the windows and the
      // frame size allow.
      const room = Math.min(state.sendWindow, sstate.sendWindow, maxFrame);
      const pieces = [];
      const callbacks = [];
      let size = 0;
      while (state.queue.length > 0) {
        const item = state.queue[0];
        const remaining = item.data.length - item.offset;
        if (remaining > 0 && size >= room) break;
        const take = Math.min(room - size, remaining);
        pieces.push(item.data.subarray(item.offset, item.offset + take));
        item.offset += take;
        size += take;
        if (item.offset < item.data.length) break;
        state.queue.shift();
        if (item.callback) callbacks.push(item.callback);
      }
      if (pieces.length === 0) return;
      state.sendWindow -= size;
      sstate.sendWindow -= size;
      state.queuedBytes -= size;
      state.bytesWritten += size;
      this._markFirst('firstByteSentAt');
      const last = state.queue.length === 0 && ending && !state.waitForTrailers;
      const payload = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, size);
      this._sendData(last ? kFlagEndStream : 0, payload,
                     callbacks.length === 0 ? undefined : () => callbacks.forEach((cb) => cb()));
      if (last) {
        this._finishWritable();
        this._onLocalEnd();
        return;
      }
    }
    if (ending) {
      if (state.waitForTrailers) {
        this._finishWritable();
        if (!state.wantTrailersEmitted) {
          state.wantTrailersEmitted = true;
          if (this.listenerCount('wantTrailers') === 0) {
            this._sendData(kFlagEndStream);
            this._onLocalEnd();
          } else {
            this.emit('wantTrailers');
          }
        }
        return;
      }
      this._sendData(kFlagEndStream);
      this._finishWritable();
      this._onLocalEnd();
    }
  }

  // Sends one DATA frame whose payload the windows were already charged for. Padding (see
  // paddedLength) is charged too, within what they have left; like Node, a padded frame
  // goes out as separate writes of its header, pad length, payload and padding.
  _sendData(flags, payload = Buffer.alloc(0), callback) {
    const state = this[kState];
    const session = this[kSession];
    const sstate = session[kState];
    const room = Math.min(state.sendWindow, sstate.sendWindow, kMaxPadding,
                          sstate.remoteSettings.maxFrameSize - payload.length);
    const padded = paddedLength(session[kOptions].paddingStrategy, payload.length,
                                payload.length + Math.max(room, 0));
    if (padded === payload.length) {
      session._write(frame(FrameType.DATA, flags, state.id, payload), callback);
      return;
    }
    const padding = padded - payload.length;
    state.sendWindow -= padding;
    sstate.sendWindow -= padding;
    const pieces = [frameHeader(FrameType.DATA, flags | kFlagPadded, state.id, padded),
                    Buffer.of(padding - 1), payload, Buffer.alloc(padding - 1)]
      .filter((piece) => piece.length > 0);
    pieces.forEach((piece, i) => {
      session._write(piece, i === pieces.length - 1 ? callback : undefined, i === 0 ? 1 : 0);
    });
  }

  _finishWritable() {
    const callback = this[kState].finalCallback;
    this[kState].finalCallback = null;
    if (callback) callback();
  }

  _onLocalEnd() {
    const state = this[kState];
    state.localClosed = true;
    if (state.remoteClosed) this._onClose(NGHTTP2_NO_ERROR);
  }

  _onRemoteEnd() {
    const state = this[kState];
    if (state.remoteClosed) return;
    state.remoteClosed = true;
    this.push(null);
    if (state.localClosed) this._onClose(NGHTTP2_NO_ERROR);
  }

  _onHeaders(list, flags, endStream) {
    this._markFirst('firstHeaderAt');
    const headers = toHeaderObject(list);
    const raw = toRawHeaders(list);
    this._refreshTimeout();
    this._emitHeaders(headers, flags, raw, endStream);
    if (endStream) this._onRemoteEnd();
  }

  _emitHeaders(headers, flags, raw) {
    this.emit('trailers', headers, flags, raw);
  }

  _markClosed(code) {
    const state = this[kState];
    if (state.closed) return false;
    const wasLocalClosed = state.localClosed;
    state.closed = true;
    state.rstCode = code;
    state.localClosed = true;
    state.remoteClosed = true;
    // Data that never left is dropped; the writes waiting on it complete all the same.
    for (const item of state.queue) {
      if (item.callback) process.nextTick(item.callback);
    }
    state.queue = [];
    state.queuedBytes = 0;
    this[kSession]._scheduleFlush();
    if (!wasLocalClosed && !this.writableEnded && !this.writableFinished) {
      if (!state.aborted) {
        state.aborted = true;
        this.emit('aborted');
      }
      this.end();
    }
    if (state.finalCallback !== null) this._finishWritable();
    return true;
  }

  // The stream closed on the wire (both sides ended, or RST_STREAM with `code`).
  _onClose(code) {
    if (this.destroyed || !this._markClosed(code)) return;
    this._closeReadable(code);
  }

  // After the stream closed: destroys it at once on an error code, else once the reader
  // has seen 'end'.
  _closeReadable(code) {
    if (this.destroyed) return;
    if (!this.readable || code !== NGHTTP2_NO_ERROR) {
      this.destroy();
      return;
    }
    this.once('end', () => this._maybeDestroy());
    this.push(null);
    const session = this[kSession];
    if (session[kType] === NGHTTP2_SESSION_SERVER && !this[kState].didRead &&
        this.readableFlowing === null) {
      this.resume();
    } else {
      this.read(0);
    }
  }

  _maybeDestroy() {
    if (this.destroyed) return;
    const state = this[kState];
    if (state.closed && this.writableFinished !== false && !this.readable) {
      this.destroy();
      return;
    }
    if ((this.writableFinished || this.writableEnded) && this.readableEnded) {
      if (!state.closed && state.localClosed && state.remoteClosed) this.destroy();
    }
  }

  _destroy(err, callback) {
    const session = this[kSession];
    const state = this[kState];
    if (this[kTimeout] !== null) {
      clearTimeout(this[kTimeout]);
      this[kTimeout] = null;
    }
    if (state.id === undefined) {
      session[kState].pendingStreams.delete(this);
    }
    let code = state.closed ? state.rstCode : (err != null ? NGHTTP2_INTERNAL_ERROR : NGHTTP2_CANCEL);
    // Streams of a destroyed session close with the code of the GOAWAY it received, else
    // with the code it was destroyed with.
    if (session.destroyed && !state.closed) {
      code = session[kState].goawayCode || session[kState].destroyCode;
    }
    if (!state.closed) {
      // Bytes written before the reset still go out, as nghttp2 sends queued data first.
      if (!session.destroyed) this._flushOutput();
      this._sendRst(code);
      this._markClosed(code);
    }
    state.rstCode = code;
    if (state.id !== undefined) session[kState].streams.delete(state.id);
    this._recordStatistics();
    if (err == null && streamClosedCode(code)) {
      err = new ERR_HTTP2_STREAM_ERROR(nameForErrorCode(code));
    }
    callback(err);
    if (!session.destroyed) {
      session._maybeDestroy();
      session._scheduleFlush();
    }
  }

  // Reports the stream to 'http2' performance observers and adds it to its session's counts.
  _recordStatistics() {
    const state = this[kState];
    const sessionState = this[kSession][kState];
    const since = (moment) => (moment === 0 ? 0 : moment - state.startedAt);
    sessionState.streamCount++;
    sessionState.streamDurations += performanceNow() - state.startedAt;
    this[kPerf]?.({
      bytesRead: state.bytesRead,
      bytesWritten: state.bytesWritten,
      id: state.id,
      timeToFirstByte: since(state.firstByteAt),
      timeToFirstByteSent: since(state.firstByteSentAt),
      timeToFirstHeader: since(state.firstHeaderAt),
    });
  }
}

class ServerHttp2Stream extends Http2Stream {
  constructor(session, id, streamState, requestList, pushed = false) {
    super(session, id, streamState, session[kOptions]);
    this[kState].pushed = pushed;
    this[kState].requestHeaders = requestList;
    this[kState].method = requestList?.find(([name]) => name === ':method')?.[1];
  }

  get pushAllowed() {
    return !this.destroyed && !this.closed && !this.session.closed &&
      this.session.remoteSettings.enablePush && !this[kState].pushed;
  }

  _proceed() {
    this.respond();
  }

  additionalHeaders(headers) {
    if (this.destroyed || this.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (this.headersSent) throw new ERR_HTTP2_HEADERS_AFTER_RESPOND();
    validateObject(headers, 'headers');
    const copy = { __proto__: null, ...headers };
    if (copy[':status'] !== undefined) {
      const status = copy[':status'] | 0;
      if (status === 101) throw new ERR_HTTP2_STATUS_101();
      if (status < 100 || status >= 200) throw new ERR_HTTP2_INVALID_INFO_STATUS(copy[':status']);
    }
    const list = mapToHeaders(copy, assertValidPseudoHeaderResponse);
    (this[kInfoHeaders] ??= []).push(copy);
    this[kSession]._sendHeaders(this.id, list, 0);
  }

  respond(headers, options) {
    if (this.destroyed || this.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (this.headersSent) throw new ERR_HTTP2_HEADERS_SENT();
    const state = this[kState];
    options = options === undefined ? {} : options;
    validateObject(options, 'options');
    if (options.endStream !== undefined) validateBoolean(options.endStream, 'options.endStream');
    if (options.waitForTrailers !== undefined) {
      validateBoolean(options.waitForTrailers, 'options.waitForTrailers');
    }
    headers = this._prepareResponseHeaders(headers, options);
    let endStream = !!options.endStream;
    const status = headers[':status'];
    if (status === 204 || status === 205 || status === 304 || state.method === 'HEAD') {
      endStream = true;
    }
    const list = mapToHeaders(headers, assertValidPseudoHeaderResponse);
    this._sendResponseHeaders(headers, list, endStream, !!options.waitForTrailers);
  }

  _prepareResponseHeaders(headers, options) {
    if (headers === undefined || headers === null) headers = {};
    else validateObject(headers, 'headers');
    const copy = { __proto__: null, ...headers };
    if (headers[kSensitiveHeaders] !== undefined) copy[kSensitiveHeaders] = headers[kSensitiveHeaders];
    if (copy[':status'] === undefined) copy[':status'] = 200;
    const status = copy[':status'] = copy[':status'] | 0;
    if (status < 200 || status > 599) {
      if (status === 101) throw new ERR_HTTP2_STATUS_101();
      if (status >= 100 && status < 200) throw new ERR_HTTP2_INFO_STATUS_NOT_ALLOWED();
      throw new ERR_HTTP2_STATUS_INVALID(status);
    }
    if (options.sendDate !== false && copy.date === undefined && copy.Date === undefined) {
      copy.date = new Date().toUTCString();
    }
    return copy;
  }

  _sendResponseHeaders(headers, list, endStream, waitForTrailers) {
    const state = this[kState];
    state.headersSent = true;
    state.waitForTrailers = waitForTrailers;
    this[kSentHeaders] = headers;
    this._refreshTimeout();
    const session = this[kSession];
    if (state.finalCallback !== null && state.queue.length === 0) endStream = true;
    // An empty response carries END_STREAM on its HEADERS; it can have no trailers.
    if (endStream) {
      session._sendHeaders(this.id, list, kFlagEndStream);
      this._finishWritable();
      if (!this.writableEnded) this.end();
      this._onLocalEnd();
      return;
    }
    session._sendHeaders(this.id, list, 0);
    if (endStream) this.end();
    session._scheduleFlush();
  }

  pushStream(headers, options, callback) {
    if (!this.pushAllowed) {
      if (this[kState].pushed) throw new ERR_HTTP2_NESTED_PUSH();
      throw new ERR_HTTP2_PUSH_DISABLED();
    }
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    validateFunction(callback, 'callback');
    if (this.destroyed || this.closed) throw new ERR_HTTP2_INVALID_STREAM();
    if (options !== undefined) validateObject(options, 'options');
    if (headers === undefined || headers === null) headers = {};
    else validateObject(headers, 'headers');
    const session = this[kSession];
    const copy = { __proto__: null, ...headers };
    if (copy[':method'] === undefined) copy[':method'] = 'GET';
    if (copy[':authority'] === undefined) {
      copy[':authority'] = this[kState].requestHeaders.find(([n]) => n === ':authority')?.[1];
    }
    if (copy[':scheme'] === undefined) {
      copy[':scheme'] = this[kState].requestHeaders.find(([n]) => n === ':scheme')?.[1] ?? 'http';
    }
    if (copy[':path'] === undefined) copy[':path'] = '/';
    const method = copy[':method'];
    if (method === 'CONNECT') throw new ERR_HTTP2_INVALID_PSEUDOHEADER(':method');
    const list = mapToHeaders(copy);
    const id = session._allocateStreamId();
    if (id < 0) {
      process.nextTick(callback, new ERR_HTTP2_OUT_OF_STREAMS());
      return;
    }
    const pushed = new ServerHttp2Stream(session, id, NGHTTP2_STREAM_STATE_RESERVED_LOCAL,
                                         list, true);
    pushed[kState].method = method;
    pushed[kState].remoteClosed = true;
    pushed.push(null);
    const promised = uint32Payload(id);
    session._sendHeaders(this.id, list, 0, FrameType.PUSH_PROMISE, promised);
    if (method === 'HEAD') pushed.end();
    process.nextTick(callback, null, pushed, copy, 0);
  }

  respondWithFD(fd, headers, options) {
    require('internal/http2/send_file').respondWithFD(this, fd, headers, options);
  }

  respondWithFile(path, headers, options) {
    require('internal/http2/send_file').respondWithFile(this, path, headers, options);
  }
}

class ClientHttp2Stream extends Http2Stream {
  constructor(session, id, streamState, options) {
    super(session, id, streamState, options);
    this[kState].headersSent = id !== undefined;
    this[kState].responseReceived = false;
    this.on('headers', (headers) => {
      if (headers[':status'] === 100) this.emit('continue');
    });
  }

  _proceed() {}

  // Gives the request its stream id (as soon as the session is connected, like Node);
  // its HEADERS go out in _onReady. False when the ids are used up.
  _assignId() {
    const state = this[kState];
    const session = this[kSession];
    session[kState].pendingStreams.delete(this);
    const id = session._allocateStreamId();
    if (id < 0) {
      this.destroy(new ERR_HTTP2_OUT_OF_STREAMS());
      return false;
    }
    this._register(id);
    state.requestPending = true;
    state.streamState = NGHTTP2_STREAM_STATE_OPEN;
    state.sendWindow = session[kState].remoteSettings.initialWindowSize;
    state.recvWindow = session[kState].localSettings.initialWindowSize;
    return true;
  }

  _onReady() {
    const state = this[kState];
    const session = this[kSession];
    if (this.destroyed || session.destroyed || state.headersSent) return;
    if (state.id === undefined && !this._assignId()) return;
    const sessionState = session[kState];
    if (!state.closed && (sessionState.blockedRequests.length > 0 ||
        session._openStreamCount(true) >= sessionState.remoteSettings.maxConcurrentStreams)) {
      sessionState.blockedRequests.push(this);
      return;
    }
    this._sendRequest();
  }

  // Sends the request's HEADERS (with END_STREAM when it has no body) and emits 'ready'.
  _sendRequest() {
    const state = this[kState];
    const session = this[kSession];
    const id = state.id;
    state.requestPending = false;
    if (state.closed) {
      session._sendHeaders(id, state.headerList, 0);
      this._sendRst(state.rstCode);
      this.emit('ready');
      this.destroy();
      return;
    }
    if (state.priority?.parent === id) {
      this.destroy(new ERR_HTTP2_STREAM_SELF_DEPENDENCY());
      return;
    }
    for (const spec of state.pendingPriority ?? []) this._sendPriority(spec);
    state.pendingPriority = undefined;
    const endStream = state.requestEnd && !state.waitForTrailers;
    const flags = endStream ? kFlagEndStream : 0;
    if (state.priority === undefined) {
      session._sendHeaders(id, state.headerList, flags);
    } else {
      const { parent, weight, exclusive } = state.priority;
      session._sendHeaders(id, state.headerList, flags | kFlagPriority, FrameType.HEADERS,
                           priorityPayload(parent, weight, exclusive));
    }
    state.headersSent = true;
    if (endStream) {
      state.finalCallback = null;
      this._onLocalEnd();
    }
    this.emit('ready');
    if (state.requestEnd && state.waitForTrailers) session._scheduleFlush();
  }

  _emitHeaders(headers, flags, raw, endStream) {
    const state = this[kState];
    const status = Number(headers[':status']);
    if (!state.responseReceived) {
      if (status >= 100 && status < 200) {
        this.emit('headers', headers, flags, raw);
        return;
      }
      state.responseReceived = true;
      if (endStream) state.endAfterHeaders = true;
      this.emit(this.id % 2 === 0 ? 'push' : 'response', headers, flags, raw);
      return;
    }
    this.emit('trailers', headers, flags, raw);
  }
}

// ---------------------------------------------------------------------------------------
// Servers and clients

function initializeOptions(options) {
  if (options === undefined) options = {};
  else validateObject(options, 'options');
  options = { ...options };
  if (options.settings !== undefined) {
    validateObject(options.settings, 'options.settings');
    validateSettings(options.settings);
    options.settings = { ...options.settings };
  }
  if (options.maxSessionInvalidFrames !== undefined) {
    validateUint32(options.maxSessionInvalidFrames, 'maxSessionInvalidFrames');
  }
  if (options.maxSessionRejectedStreams !== undefined) {
    validateUint32(options.maxSessionRejectedStreams, 'maxSessionRejectedStreams');
  }
  for (const name of ['unknownProtocolTimeout']) {
    if (options[name] !== undefined) validateUint32(options[name], name);
  }
  if (options.remoteCustomSettings !== undefined) {
    validateArray(options.remoteCustomSettings, 'options.remoteCustomSettings');
    if (options.remoteCustomSettings.length > kMaxAdditionalSettings) {
      throw new ERR_HTTP2_TOO_MANY_CUSTOM_SETTINGS();
    }
    options.remoteCustomSettings = [...options.remoteCustomSettings];
  }
  return options;
}

function setupServer(server, options, requestListener) {
  server[kOptions] = options;
  server[kSessions] = new Set();
  server.timeout = 0;
  const compat = require('internal/http2/compat');
  server[compat.kRequestClass] = options.Http2ServerRequest ?? compat.Http2ServerRequest;
  server[compat.kResponseClass] = options.Http2ServerResponse ?? compat.Http2ServerResponse;
  server.on('newListener', (event) => {
    if (event === 'request' && server.listenerCount('stream') === 0 &&
        !server._compatInstalled) {
      server._compatInstalled = true;
      server.on('stream', require('internal/http2/compat').onServerStream);
    }
  });
  if (typeof requestListener === 'function') server.on('request', requestListener);
}

function onServerConnection(server, socket) {
  const session = new ServerHttp2Session(server[kOptions], socket, server);
  server[kSessions].add(session);
  session.on('stream', (stream, headers, flags, raw) => {
    server.emit('stream', stream, headers, flags, raw);
  });
  session.on('error', (err) => {
    if (server.listenerCount('sessionError') > 0) server.emit('sessionError', err, session);
  });
  session.on('priority', (id, parent, weight, exclusive) => {
    server.emit('priority', id, parent, weight, exclusive);
  });
  session.on('close', () => server[kSessions].delete(session));
  session.on('timeout', () => {
    if (server.listenerCount('timeout') > 0) server.emit('timeout', session);
    else session.destroy();
  });
  if (server.timeout) session.setTimeout(server.timeout);
  server.emit('session', session);
}

function closeServerSessions(server) {
  for (const session of server[kSessions]) {
    if (!session.closed) session.close();
  }
}

class Http2Server extends net.Server {
  constructor(options, requestListener) {
    options = initializeOptions(options);
    super({ ...options, allowHalfOpen: true, pauseOnConnect: false },
          (socket) => onServerConnection(this, socket));
    setupServer(this, options, requestListener);
  }

  setTimeout(msecs, callback) {
    this.timeout = msecs;
    if (callback !== undefined) {
      validateFunction(callback, 'callback');
      this.on('timeout', callback);
    }
    return this;
  }

  updateSettings(settings) {
    validateObject(settings, 'settings');
    validateSettings(settings);
    this[kOptions].settings = { ...this[kOptions].settings, ...settings };
  }

  close(callback) {
    closeServerSessions(this);
    return super.close(callback);
  }

  async [Symbol.asyncDispose]() {
    const { promisify } = require('util');
    return promisify(this.close).call(this);
  }
}

function createServer(options, handler) {
  if (typeof options === 'function') {
    handler = options;
    options = {};
  }
  return new Http2Server(options, handler);
}

const kUnknownProtocolReply = 'HTTP/1.0 403 Forbidden\r\n' +
  'Content-Type: text/plain\r\n\r\n' +
  'Missing ALPN Protocol, expected `h2` to be available.\n' +
  'If this is a HTTP request: The server was not configured with the `allowHTTP1` ' +
  'option or a listener for the `unknownProtocol` event.\n';

// A TLS connection that did not negotiate `h2`: served as HTTP/1.1 with `allowHTTP1`,
// otherwise handed to 'unknownProtocol' listeners or refused (and destroyed after
// `unknownProtocolTimeout` if the peer does not close it).
function onSecureFallback(server, socket) {
  const options = server[kOptions];
  if (options.allowHTTP1 === true) {
    httpConnectionListener.call(server, socket);
    return;
  }
  if (server.emit('unknownProtocol', socket)) return;
  const timer = setTimeout(() => {
    if (!socket.destroyed) socket.destroy();
  }, options.unknownProtocolTimeout ?? 10000);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.end(kUnknownProtocolReply);
}

let Http2SecureServer;

// `Http2SecureServer` extends `tls.Server`, which is only loaded by the first secure server.
function secureServerClass() {
  if (Http2SecureServer !== undefined) return Http2SecureServer;
  const tls = require('tls');
  Http2SecureServer = class Http2SecureServer extends tls.Server {
    constructor(options, requestListener) {
      options = initializeOptions(options);
      if (!options.ALPNCallback) {
        options.ALPNProtocols = options.allowHTTP1 === true ? ['h2', 'http/1.1'] : ['h2'];
      }
      super(options, (socket) => {
        if (socket.alpnProtocol === false || socket.alpnProtocol === 'http/1.1') {
          onSecureFallback(this, socket);
        } else {
          onServerConnection(this, socket);
        }
      });
      if (options.allowHTTP1 === true) {
        storeHTTPOptions.call(this, {
          ...options,
          IncomingMessage: options.Http1IncomingMessage,
          ServerResponse: options.Http1ServerResponse,
        });
        initHttpServer(this);
      }
      setupServer(this, options, requestListener);
    }

    close(callback) {
      if (this[kOptions].allowHTTP1 === true) httpServerPreClose(this);
      closeServerSessions(this);
      return super.close(callback);
    }
  };
  for (const name of ['setTimeout', 'updateSettings']) {
    Http2SecureServer.prototype[name] = Http2Server.prototype[name];
  }
  // HTTP/1.1 connections (allowHTTP1) are tracked and closed as an http.Server's are.
  for (const name of ['closeAllConnections', 'closeIdleConnections']) {
    Http2SecureServer.prototype[name] = HttpServer.prototype[name];
  }
  return Http2SecureServer;
}

function createSecureServer(options, handler) {
  const ServerClass = secureServerClass();
  return new ServerClass(options, handler);
}

function connect(authority, options, listener) {
  if (typeof options === 'function') {
    listener = options;
    options = undefined;
  }
  options = initializeOptions(options);
  if (typeof authority === 'string') authority = new URL(authority);
  validateObject(authority, 'authority', { allowArray: false, allowFunction: false });
  const protocol = authority.protocol || options.protocol || 'https:';
  const port = String(authority.port || options.port || (protocol === 'https:' ? 443 : 80));
  let host = 'localhost';
  if (authority.hostname) {
    host = authority.hostname;
    if (host[0] === '[') host = host.slice(1, -1);
  } else if (authority.host) {
    host = authority.host;
  }
  let socket;
  if (typeof options.createConnection === 'function') {
    socket = options.createConnection(authority, options);
  } else if (protocol === 'http:') {
    socket = net.connect({ port, host, localAddress: options.localAddress });
  } else if (protocol === 'https:') {
    let tls;
    try {
      tls = require('tls');
    } catch {
      const { codes: { ERR_METHOD_NOT_IMPLEMENTED } } = require('internal/errors');
      throw new ERR_METHOD_NOT_IMPLEMENTED('http2.connect over https (no tls module)');
    }
    socket = tls.connect({ ...options, host, port: Number(port), servername: options.servername ?? (net.isIP(host) ? undefined : host), ALPNProtocols: ['h2'] });
  } else {
    throw new ERR_HTTP2_UNSUPPORTED_PROTOCOL(protocol);
  }
  const session = new ClientHttp2Session(options, socket);
  session[kAuthority] = authority.host || `${host}:${port}`;
  if (authority.port === '' && !(authority.host || '').includes(':') && authority.host) {
    session[kAuthority] = authority.host;
  }
  session[kProtocol] = protocol;
  if (typeof listener === 'function') session.once('connect', listener);
  return session;
}

// util.promisify(http2.connect) resolves with the session once it connects.
Object.defineProperty(connect, Symbol.for('nodejs.util.promisify.custom'), {
  __proto__: null,
  value(authority, options) {
    return new Promise((resolve, reject) => {
      const session = connect(authority, options, () => {
        session.removeListener('error', reject);
        resolve(session);
      });
      session.once('error', reject);
    });
  },
});

function performServerHandshake(socket, options) {
  options = initializeOptions(options);
  return new ServerHttp2Session(options, socket, undefined);
}

module.exports = {
  ClientHttp2Session,
  ClientHttp2Stream,
  Http2Server,
  Http2Session,
  Http2Stream,
  ServerHttp2Session,
  ServerHttp2Stream,
  connect,
  createServer,
  createSecureServer,
  kSession,
  kSocket,
  kState,
  performServerHandshake,
};
