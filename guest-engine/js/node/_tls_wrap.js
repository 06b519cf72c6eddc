// _tls_wrap — `TLSSocket`, the TLS `Server`, `connect` and `createServer` of `node:tls`.
//
// A TLSSocket is a `net.Socket` whose bytes are the plaintext of a TLS connection carried
// by another stream, its transport (`_parent`): a `net.Socket` it connects itself
// (`tls.connect` without `socket`), one a TLS server accepted, or any Duplex handed in as
// `socket`. The TLS connection itself runs in the engine (binding('tls'), rustls): this
// file moves ciphertext between it and the transport, buffers writes until the handshake
// is done, and gives the handshake's outcome Node's events and checks — `secureConnect`
// after the peer's chain and host name were checked (`rejectUnauthorized`,
// `checkServerIdentity`), `secureConnection`/`tlsClientError` on a server, SNI contexts
// (`SNICallback`, `addContext`), ALPN (`ALPNProtocols`, `ALPNCallback`), `keylog`,
// session resumption (`session` events, `getSession`/`setSession`, server `ticketKeys`)
// and `exportKeyingMaterial`.
//
// rustls speaks TLS 1.2 and 1.3 only and has no renegotiation, PSK or OCSP stapling, and
// keeps the client's sessions to itself: a session Buffer here is an engine id for a
// session kept in this process (see binding('tls')), not OpenSSL's serialized session,
// and the raw ticket (`getTLSTicket`) and Finished messages are not available.

const net = require('net');
const { Buffer } = require('buffer');
const {
  SecureContext,
  bytesOf,
  createSecureContext,
  peerCertificate,
  SUITES,
} = require('_tls_common');
const {
  codes: {
    ERR_INTERNAL_ASSERTION,
    ERR_INVALID_ARG_TYPE,
    ERR_METHOD_NOT_IMPLEMENTED,
    ERR_MULTIPLE_CALLBACK,
    ERR_OUT_OF_RANGE,
    ERR_TLS_ALPN_CALLBACK_INVALID_RESULT,
    ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS,
    ERR_TLS_HANDSHAKE_TIMEOUT,
    ERR_TLS_INVALID_CONTEXT,
    ERR_TLS_INVALID_STATE,
    ERR_TLS_REQUIRED_SERVER_NAME,
    ERR_TLS_SNI_FROM_SERVER,
  },
  validateBuffer,
  validateFunction,
  validateInt32,
  validateNumber,
  validateObject,
  validateString,
  validateUint32,
} = require('internal/errors');

const tlsBinding = binding('tls');

// TLS's largest record, and the smallest OpenSSL lets a connection choose.
const MAX_SEND_FRAGMENT = 16384;
const MIN_SEND_FRAGMENT = 512;

// What OpenSSL says of each verification failure binding('tls') reports.
const VERIFY_MESSAGES = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  INVALID_PURPOSE: 'unsupported certificate purpose',
  INVALID_CA: 'invalid CA certificate',
  CERT_REJECTED: 'certificate rejected',
  UNSPECIFIED: 'Unspecified certificate verification error',
};

function verifyError(code) {
  const error = new Error(VERIFY_MESSAGES[code] ?? code);
  error.code = code;
  return error;
}

function connResetException(message) {
  const error = new Error(message);
  error.code = 'ECONNRESET';
  return error;
}

// ALPN protocols as a list of names (latin1 strings): from an array of strings or byte
// views, or from the wire format (length-prefixed names) in one byte view.
function alpnList(protocols) {
  if (protocols === undefined || protocols === null) return null;
  if (Array.isArray(protocols)) {
    return protocols.map((protocol) => {
      const bytes = typeof protocol === 'string' ? Buffer.from(protocol) :
        Buffer.from(protocol.buffer, protocol.byteOffset, protocol.byteLength);
      if (bytes.length > 255) {
        throw new ERR_OUT_OF_RANGE('The byte length of the protocol at index 0',
                                   'less than or equal to 255', bytes.length);
      }
      return bytes.toString('latin1');
    });
  }
  if (ArrayBuffer.isView(protocols)) {
    const bytes = Buffer.from(protocols.buffer, protocols.byteOffset, protocols.byteLength);
    const list = [];
    for (let i = 0; i < bytes.length; i += 1 + bytes[i]) {
      list.push(bytes.toString('latin1', i + 1, i + 1 + bytes[i]));
    }
    return list;
  }
  throw new ERR_INVALID_ARG_TYPE('options.ALPNProtocols',
                                 ['Array', 'Buffer', 'TypedArray', 'DataView'], protocols);
}

// `tls.convertALPNProtocols`: `out.ALPNProtocols` becomes the wire format.
function convertALPNProtocols(protocols, out) {
  const list = alpnList(protocols);
  if (list === null) return;
  out.ALPNProtocols = Buffer.concat(list.map((name) => {
    const bytes = Buffer.from(name, 'latin1');
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  }));
}

function TLSSocket(socket, options) {
  if (!(this instanceof TLSSocket)) return new TLSSocket(socket, options);
  const tlsOptions = { ...options };
  if (tlsOptions.secureContext === undefined) {
    tlsOptions.secureContext = createSecureContext(tlsOptions);
  } else if (!(tlsOptions.secureContext instanceof SecureContext)) {
    throw new ERR_TLS_INVALID_CONTEXT('context');
  }
  this._tlsOptions = tlsOptions;
  this._secureEstablished = false;
  this._controlReleased = false;
  this.secureConnecting = true;
  this._SNICallback = null;
  this.servername = null;
  this.alpnProtocol = null;
  this.authorized = false;
  this.authorizationError = null;
  this.encrypted = true;
  this._parent = null;
  // The engine's TLS connection (null until a client starts it).
  this._tls = null;
  this._isServer = Boolean(tlsOptions.isServer);
  this._requestCert = this._isServer ? Boolean(tlsOptions.requestCert) : true;
  this._rejectUnauthorized = tlsOptions.rejectUnauthorized !== false;
  this._alpn = alpnList(tlsOptions.ALPNProtocols);
  this._keyCert = null;
  this._servernameToSend = null;
  // A server connection waits for `accept` between its ClientHello and the rest.
  this._accepted = !this._isServer;
  this._helloSeen = false;
  this._heldCiphertext = [];
  // Writes (and the end) wait for the handshake.
  this._waitingWrite = null;
  this._waitingFinal = null;
  this._handshakeTimer = null;
  this._hadError = false;
  // A client's session: the one it offers to resume, the newest it was given.
  this._sessionToOffer = null;
  this._session = null;
  this._sessionReused = false;
  // The most plaintext one TLS record carries (setMaxSendFragment).
  this._maxSendFragment = MAX_SEND_FRAGMENT;
  // How many writes of TLS's own output (see _flushProtocol) are under way.
  this._protocolWrites = 0;

  net.Socket.call(this, {
    allowHalfOpen: socket ? Boolean(socket.allowHalfOpen) : Boolean(tlsOptions.allowHalfOpen),
    highWaterMark: tlsOptions.highWaterMark,
    signal: tlsOptions.signal,
  });

  if (this._isServer) {
    this._tls = tlsBinding.server();
    const timeout = tlsOptions.handshakeTimeout ?? 120000;
    if (timeout > 0) {
      this._handshakeTimer = require('timers').setTimeout(() => {
        this._handshakeTimer = null;
        this._tlsFailure(new ERR_TLS_HANDSHAKE_TIMEOUT());
      }, timeout);
      this._handshakeTimer.unref();
    }
  }
  if (socket) this._wrap(socket);
}
Object.setPrototypeOf(TLSSocket.prototype, net.Socket.prototype);
Object.setPrototypeOf(TLSSocket, net.Socket);

TLSSocket.prototype._wrap = function(socket) {
  this._parent = socket;
  socket.on('data', (chunk) => this._receive(chunk));
  socket.on('end', () => this._transportEnded());
  socket.on('error', (error) => {
    if (this._protocolWrites > 0 && error.code === 'EPIPE') this.destroy();
    else this._tlsFailure(error);
  });
  socket.on('close', () => {
    if (!this.destroyed) this.destroy();
  });
  if (!socket.connecting) this.connecting = false;
};

// `tls.connect` without `socket`: the TLSSocket connects a transport of its own.
TLSSocket.prototype.connect = function(...args) {
  const socket = new net.Socket({ allowHalfOpen: this.allowHalfOpen });
  this._wrap(socket);
  this.connecting = true;
  socket.once('connect', () => {
    this.connecting = false;
    this._touch();
    this.emit('connect');
    this._start();
  });
  socket.connect(...args);
  return this;
};

// Starts a client's handshake (sends the ClientHello).
TLSSocket.prototype._start = function() {
  if (this._tls !== null || this.destroyed) return;
  try {
    this._tls = tlsBinding.client({
      ...this._tlsOptions.secureContext.settings,
      servername: this._servernameToSend,
      alpn: this._alpn,
      session: this._sessionToOffer === null ? null : bytesOf(this._sessionToOffer),
    });
  } catch (error) {
    this.destroy(error);
    return;
  }
  this._flush();
};

TLSSocket.prototype.setServername = function(name) {
  validateString(name, 'name');
  if (this._isServer) throw new ERR_TLS_SNI_FROM_SERVER();
  this._servernameToSend = name;
};

// Sends TLS's own output (session tickets, close_notify), which the peer may have closed
// the connection too soon to get: that ends the connection without an error. (A TCP
// stack takes these bytes and learns of the peer's close later; this transport refuses
// the write at once, with EPIPE.)
TLSSocket.prototype._flushProtocol = function() {
  this._protocolWrites++;
  this._flush((error) => {
    if (!error) this._protocolWrites--;
  });
};

// Sends what the TLS connection has for the peer.
TLSSocket.prototype._flush = function(callback) {
  const output = this._tls === null ? null : this._tls.takeOutput();
  this._emitKeylog();
  const parent = this._parent;
  if (output === null || parent === null || !parent.writable) {
    if (callback) callback();
    return;
  }
  parent.write(Buffer.from(output.buffer, output.byteOffset, output.byteLength), callback);
};

TLSSocket.prototype._emitKeylog = function() {
  if (this._tls === null) return;
  for (const line of this._tls.takeKeylog()) {
    const bytes = Buffer.from(line, 'latin1');
    if (this._isServer) this._tlsOptions.server?.emit('keylog', bytes, this);
    else this.emit('keylog', bytes);
  }
};

TLSSocket.prototype._receive = function(chunk) {
  if (this.destroyed || this._tls === null) return;
  if (this._helloSeen && !this._accepted) {
    this._heldCiphertext.push(chunk);
    return;
  }
  this._touch();
  let used;
  try {
    used = this._tls.receive(chunk);
  } catch (error) {
    this._flush();
    this._tlsFailure(error);
    return;
  }
  if (!this._accepted) {
    // A complete ClientHello: the rest waits until the connection is accepted.
    const hello = this._tls.clientHello();
    if (hello === null) return;
    this._helloSeen = true;
    if (used < chunk.length) this._heldCiphertext.push(chunk.subarray(used));
    this._onClientHello(hello);
    return;
  }
  const completing = !this._secureEstablished && !this._tls.isHandshaking();
  // What a TLS 1.3 server sends as its handshake completes are session tickets, which a
  // client that rejected the certificate has closed too soon to get.
  if (completing && this._isServer) this._flushProtocol();
  else this._flush();
  if (completing) this._onHandshakeDone();
  if (this.destroyed) return;
  if (this._secureEstablished) this._emitSessions(this._takeSessions());
  if (this.destroyed) return;
  const plain = this._tls.read();
  if (plain !== null) {
    this._bytesRead += plain.length;
    if (!this.push(Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength))) {
      this._parent.pause();
    }
  }
  if (this._tls !== null && this._tls.peerClosed()) this.push(null);
};

// A server's ClientHello: pick the context (SNI) and protocol (ALPN), then go on.
TLSSocket.prototype._onClientHello = function({ servername, alpn }) {
  this.servername = servername ?? false;
  const options = this._tlsOptions;
  let called = false;
  const proceed = (error, context) => {
    if (called) {
      this.destroy(new ERR_MULTIPLE_CALLBACK());
      return;
    }
    called = true;
    if (this.destroyed) return;
    if (error) {
      this._tlsFailure(error);
      return;
    }
    if (context !== undefined && context !== null && !(context instanceof SecureContext)) {
      this._tlsFailure(new ERR_TLS_INVALID_CONTEXT('context'));
      return;
    }
    this._accept(context || options.secureContext, alpn);
  };
  const sniCallback = options.SNICallback ?? (options.server ? defaultSNICallback : null);
  if (servername && sniCallback) {
    sniCallback.call(this, servername, proceed);
  } else {
    proceed(null, undefined);
  }
};

function defaultSNICallback(servername, callback) {
  const contexts = this._tlsOptions.server._contexts;
  for (let i = contexts.length - 1; i >= 0; i--) {
    if (contexts[i][0].test(servername)) {
      callback(null, contexts[i][1]);
      return;
    }
  }
  callback(null, undefined);
}

// The certificate chain and key a server connection presents instead of its context's;
// effective until the handshake goes on (e.g. from `ALPNCallback` or `SNICallback`).
TLSSocket.prototype.setKeyCert = function(context) {
  const { settings } = context instanceof SecureContext ? context : createSecureContext(context);
  this._keyCert = { cert: settings.cert, key: settings.key };
};

TLSSocket.prototype._accept = function(context, offered) {
  const options = this._tlsOptions;
  let alpn = this._alpn;
  if (typeof options.ALPNCallback === 'function' && offered) {
    const chosen = options.ALPNCallback.call(this, { servername: this.servername, protocols: offered });
    if (chosen !== undefined && !offered.includes(chosen)) {
      this._tlsFailure(new ERR_TLS_ALPN_CALLBACK_INVALID_RESULT(chosen, offered));
      return;
    }
    alpn = chosen === undefined ? null : [chosen];
  }
  try {
    this._tls.accept({ ...context.settings, ...this._keyCert, alpn, requestCert: this._requestCert },
                     options.secureContext.sessions);
  } catch (error) {
    this._flush();
    this._tlsFailure(error);
    return;
  }
  this._accepted = true;
  this._flush();
  const held = this._heldCiphertext;
  this._heldCiphertext = null;
  for (const chunk of held) this._receive(chunk);
};

TLSSocket.prototype._onHandshakeDone = function() {
  this._secureEstablished = true;
  this.secureConnecting = false;
  if (this._handshakeTimer !== null) {
    require('timers').clearTimeout(this._handshakeTimer);
    this._handshakeTimer = null;
  }
  const info = this._tls.info();
  this.alpnProtocol = info.alpn ?? false;
  this._sessionReused = info.reused;
  if (this._isServer) this._onServerSecure(info);
  else this._onClientSecure(info);
  if (this.destroyed) return;
  const write = this._waitingWrite;
  this._waitingWrite = null;
  if (write !== null) this._write(write.data, null, write.callback);
  const final = this._waitingFinal;
  this._waitingFinal = null;
  if (final !== null) this._final(final);
};

TLSSocket.prototype._onClientSecure = function(info) {
  const options = this._connectOptions ?? {};
  let error = info.verifyError ? verifyError(info.verifyError) : undefined;
  if (!error && typeof options.checkServerIdentity === 'function') {
    const hostname = options.servername || options.host ||
      options.socket?._host || 'localhost';
    error = options.checkServerIdentity(hostname, this.getPeerCertificate(true));
  }
  if (error) {
    this.authorized = false;
    this.authorizationError = error.code || error.message;
    if (this._rejectUnauthorized) {
      this.destroy(error);
      return;
    }
  } else {
    this.authorized = true;
  }
  // A TLS 1.2 session is complete with the handshake; TLS 1.3 tickets come after it, and
  // until one does the session is an id naming nothing, which does not resume (as
  // OpenSSL's session of that moment does not). A resumed session stays the session.
  const sessions = this._takeSessions();
  if (this._sessionReused) this._session = this._sessionToOffer;
  else this._session = sessions.at(-1) ?? require('crypto').randomBytes(16);
  this.emit('secure');
  this.emit('secureConnect');
  this._emitSessions(sessions);
};

// The sessions the server sent since the last call (none on a server).
TLSSocket.prototype._takeSessions = function() {
  return this._tls.takeSessions().map((id) => Buffer.from(id.buffer, id.byteOffset, id.byteLength));
};

TLSSocket.prototype._emitSessions = function(sessions) {
  for (const session of sessions) {
    if (this.destroyed) return;
    this._session = session;
    this.emit('session', session);
  }
};

TLSSocket.prototype._onServerSecure = function(info) {
  if (this._requestCert) {
    if (info.verifyError) {
      this.authorizationError = info.verifyError;
      if (this._rejectUnauthorized) {
        this.destroy();
        return;
      }
    } else {
      this.authorized = true;
    }
  }
  this._controlReleased = true;
  this.emit('secure');
  this._tlsOptions.server?.emit('secureConnection', this);
};

// A failure of the transport or of TLS: a server's unfinished connection reports it as
// the server's `tlsClientError`; otherwise it is the socket's error.
TLSSocket.prototype._tlsFailure = function(error) {
  if (this.destroyed) return;
  this._hadError = true;
  const server = this._tlsOptions.server;
  if (this._isServer && !this._controlReleased && server) {
    server.emit('tlsClientError', error, this);
    this.destroy();
    return;
  }
  this.destroy(error);
};

TLSSocket.prototype._transportEnded = function() {
  if (this._secureEstablished) {
    this.push(null);
    return;
  }
  const options = this._connectOptions ?? {};
  const error = connResetException(
    'Client network socket disconnected before secure TLS connection was established');
  error.path = options.path;
  error.host = options.host;
  error.port = options.port;
  error.localAddress = options.localAddress;
  this._tlsFailure(error);
};

TLSSocket.prototype._read = function() {
  if (this._parent !== null && this._parent.isPaused?.()) this._parent.resume();
};

TLSSocket.prototype._write = function(chunk, encoding, callback) {
  const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
  if (!this._secureEstablished) {
    this._waitingWrite = { data, callback };
    return;
  }
  try {
    this._tls.write(data, this._maxSendFragment);
  } catch (error) {
    callback(error);
    return;
  }
  this._bytesDispatched += data.length;
  this._touch();
  this._flush(callback);
};

TLSSocket.prototype._final = function(callback) {
  if (!this._secureEstablished) {
    if (this.destroyed || this._parent === null) callback();
    else this._waitingFinal = callback;
    return;
  }
  this._tls.closeNotify();
  this._flushProtocol();
  if (this._parent.writable) this._parent.end();
  callback();
};

TLSSocket.prototype._destroy = function(error, callback) {
  if (this._handshakeTimer !== null) {
    require('timers').clearTimeout(this._handshakeTimer);
    this._handshakeTimer = null;
  }
  const parent = this._parent;
  if (parent !== null && !parent.destroyed) parent.destroy();
  this._destroySSL();
  net.Socket.prototype._destroy.call(this, error, callback);
};

// Lets go of the engine's TLS connection: nothing more is read from or written to it.
TLSSocket.prototype._destroySSL = function() {
  this._tls = null;
};

TLSSocket.prototype._peer = function() {
  return typeof this._parent?._peer === 'function' ? this._parent._peer() : {};
};

TLSSocket.prototype.address = function() {
  return typeof this._parent?.address === 'function' ? this._parent.address() : {};
};

TLSSocket.prototype._setRef = function(refed) {
  this._refed = refed;
  if (refed) this._parent?.ref?.();
  else this._parent?.unref?.();
};

TLSSocket.prototype.getPeerCertificate = function(detailed) {
  if (this._tls === null || this.destroyed) return null;
  return peerCertificate(this._tls.info().peerCertificates, Boolean(detailed)) || {};
};

TLSSocket.prototype.getCertificate = function() {
  if (this._tls === null || this.destroyed) return null;
  const { cert } = this._tlsOptions.secureContext.settings;
  if (cert === null) return {};
  const leaf = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(cert);
  if (leaf === null) return {};
  const der = Buffer.from(leaf[1].replace(/\s+/g, ''), 'base64');
  return peerCertificate([der], false) || {};
};

TLSSocket.prototype.getPeerX509Certificate = function() {
  if (this._tls === null || this.destroyed) return undefined;
  const chain = this._tls.info().peerCertificates;
  if (!chain || chain.length === 0) return undefined;
  return require('internal/crypto/x509').certificateOfChain(chain);
};

TLSSocket.prototype.getX509Certificate = function() {
  if (this._tls === null || this.destroyed) return undefined;
  const { cert } = this._tlsOptions.secureContext.settings;
  if (cert === null) return undefined;
  const { X509Certificate } = require('internal/crypto/x509');
  return new X509Certificate(cert);
};

TLSSocket.prototype.getCipher = function() {
  if (this._tls === null) return null;
  const { cipher, standardName } = this._tls.info();
  if (cipher === undefined) return null;
  const suite = SUITES.find(([name]) => name === cipher);
  return { name: cipher, standardName, version: suite[2] };
};

TLSSocket.prototype.getProtocol = function() {
  if (this._tls === null) return null;
  return this._tls.info().protocol ?? null;
};

TLSSocket.prototype.isSessionReused = function() {
  return this._sessionReused;
};

// A client's newest session, to pass as `session` to a later connection; undefined on a
// server, whose sessions stay in its context.
TLSSocket.prototype.getSession = function() {
  return this._session ?? undefined;
};

TLSSocket.prototype.setSession = function(session) {
  if (typeof session === 'string') session = Buffer.from(session, 'latin1');
  validateBuffer(session, 'session');
  this._sessionToOffer = session;
};

// Whether `size` was taken as the most plaintext each record sends (512 to 16384 bytes).
TLSSocket.prototype.setMaxSendFragment = function(size) {
  validateInt32(size, 'size');
  if (size < MIN_SEND_FRAGMENT || size > MAX_SEND_FRAGMENT) return false;
  this._maxSendFragment = size;
  return true;
};

TLSSocket.prototype.getFinished = function() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('TLSSocket.getFinished');
};

TLSSocket.prototype.getPeerFinished = function() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('TLSSocket.getPeerFinished');
};

TLSSocket.prototype.getTLSTicket = function() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('TLSSocket.getTLSTicket');
};

TLSSocket.prototype.exportKeyingMaterial = function(length, label, context) {
  validateUint32(length, 'length', true);
  validateString(label, 'label');
  if (context !== undefined) validateBuffer(context, 'context');
  if (!this._secureEstablished) throw new ERR_TLS_INVALID_STATE();
  const material = this._tls.exportKeyingMaterial(
    length, label, context === undefined ? undefined : bytesOf(context));
  return Buffer.from(material.buffer, material.byteOffset, material.byteLength);
};

// rustls never renegotiates, so there is nothing to disable.
TLSSocket.prototype.disableRenegotiation = function() {};

// ---------------------------------------------------------------------------------------
// Server

function Server(options, listener) {
  if (!(this instanceof Server)) return new Server(options, listener);
  if (typeof options === 'function') {
    listener = options;
    options = {};
  } else if (options === undefined || options === null) {
    options = {};
  } else {
    validateObject(options, 'options');
  }
  this._contexts = [];
  this.requestCert = options.requestCert === true;
  this.rejectUnauthorized = options.rejectUnauthorized !== false;
  if (options.ALPNCallback !== undefined) {
    validateFunction(options.ALPNCallback, 'options.ALPNCallback');
    if (options.ALPNProtocols) throw new ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS();
  }
  this.ALPNCallback = options.ALPNCallback;
  this.ALPNProtocols = alpnList(options.ALPNProtocols);
  if (options.SNICallback !== undefined && options.SNICallback !== null) {
    validateFunction(options.SNICallback, 'options.SNICallback');
  }
  this._SNICallback = options.SNICallback;
  const handshakeTimeout = options.handshakeTimeout ?? 120000;
  validateNumber(handshakeTimeout, 'options.handshakeTimeout');
  this._handshakeTimeout = handshakeTimeout;
  this.setSecureContext(options);
  net.Server.call(this, options, tlsConnectionListener);
  if (listener) this.on('secureConnection', listener);
}
Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);

function tlsConnectionListener(rawSocket) {
  // eslint-disable-next-line no-new
  new TLSSocket(rawSocket, {
    secureContext: this._sharedCreds,
    isServer: true,
    server: this,
    requestCert: this.requestCert,
    rejectUnauthorized: this.rejectUnauthorized,
    handshakeTimeout: this._handshakeTimeout,
    ALPNProtocols: this.ALPNProtocols,
    ALPNCallback: this.ALPNCallback,
    SNICallback: this._SNICallback,
  });
}

Server.prototype.setSecureContext = function(options) {
  validateObject(options, 'options');
  for (const name of ['key', 'cert', 'ca', 'passphrase', 'ciphers', 'ecdhCurve', 'minVersion',
    'maxVersion', 'secureProtocol', 'secureOptions', 'sigalgs']) {
    this[name] = options[name];
  }
  this._sharedCreds = createSecureContext(options);
};

Server.prototype.getTicketKeys = function() {
  const keys = tlsBinding.getTicketKeys(this._sharedCreds.sessions);
  return Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength);
};

Server.prototype.setTicketKeys = function(keys) {
  validateBuffer(keys);
  // Node asserts this (an internal assertion, not an argument error).
  if (keys.byteLength !== 48) {
    throw new ERR_INTERNAL_ASSERTION('Session ticket keys must be a 48-byte buffer');
  }
  tlsBinding.setTicketKeys(this._sharedCreds.sessions, bytesOf(keys));
};

Server.prototype.addContext = function(servername, context) {
  if (!servername) throw new ERR_TLS_REQUIRED_SERVER_NAME();
  const pattern = servername
    .replace(/[.^$+?\-\\[\]{}()|]/g, '\\$&')
    .replaceAll('*', '[^.]*');
  const secureContext = context instanceof SecureContext ? context : createSecureContext(context);
  this._contexts.push([new RegExp(`^${pattern}$`, 'i'), secureContext]);
};

function createServer(options, listener) {
  return new Server(options, listener);
}

// ---------------------------------------------------------------------------------------
// connect

// `[options, callback]` from `(port[, host][, options][, callback])` or
// `(options[, callback])`; options given after port and host override them.
function normalizeConnectArgs(args) {
  const [options, callback] = net._normalizeArgs(args);
  if (args[1] !== null && typeof args[1] === 'object') Object.assign(options, args[1]);
  else if (args[2] !== null && typeof args[2] === 'object') Object.assign(options, args[2]);
  return [options, callback];
}

function connect(...args) {
  const [given, callback] = normalizeConnectArgs(args);
  const tls = require('tls');
  const options = {
    rejectUnauthorized: process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0',
    ciphers: tls.DEFAULT_CIPHERS,
    checkServerIdentity: tls.checkServerIdentity,
    minDHSize: 1024,
    ...given,
  };
  validateFunction(options.checkServerIdentity, 'options.checkServerIdentity');
  validateNumber(options.minDHSize, 'options.minDHSize', 1);
  const context = options.secureContext || createSecureContext(options);
  const socket = new TLSSocket(options.socket, {
    allowHalfOpen: options.allowHalfOpen,
    secureContext: context,
    isServer: false,
    rejectUnauthorized: options.rejectUnauthorized !== false,
    ALPNProtocols: options.ALPNProtocols,
    highWaterMark: options.highWaterMark,
    signal: options.signal,
  });
  socket._connectOptions = options;
  if (callback) socket.once('secureConnect', callback);
  if (options.servername) socket.setServername(options.servername);
  if (options.session) socket.setSession(options.session);
  if (options.socket) {
    // A net.Socket that is not connected yet (`pending`) starts TLS once it is.
    if (options.socket.pending) options.socket.once('connect', () => socket._start());
    else socket._start();
  } else {
    if (options.timeout) socket.setTimeout(options.timeout);
    socket.connect(options);
  }
  return socket;
}

module.exports = {
  TLSSocket,
  Server,
  connect,
  convertALPNProtocols,
  createServer,
};
