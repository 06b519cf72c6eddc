// _tls_common — `SecureContext` and `createSecureContext` for `node:tls`: the validated
// credentials and protocol settings (certificate chain, private key, trusted CAs, protocol
// versions, cipher suites) each TLS connection made from the context uses, the server
// session state its connections share (session cache, `ticketKeys`, `sessionTimeout`), and
// `peerCertificate`, the object shape `getPeerCertificate()` returns (finished, as in
// Node, by `translatePeerCertificate`, which parses OpenSSL's `infoAccess` text). The
// connections themselves run in the engine (binding('tls'), rustls): PEM is parsed there,
// and a context is checked once when it is made so that bad keys throw here, as in Node.
// Encrypted private keys are decrypted with `crypto.createPrivateKey`. PKCS#12 (`pfx`),
// custom DH parameters and OpenSSL engines do not exist in this TLS stack.

const { Buffer } = require('buffer');
const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_METHOD_NOT_IMPLEMENTED,
    ERR_TLS_INVALID_PROTOCOL_METHOD,
    ERR_TLS_INVALID_PROTOCOL_VERSION,
    ERR_TLS_PROTOCOL_VERSION_CONFLICT,
  },
  validateBuffer,
  validateInt32,
  validateObject,
  validateString,
} = require('internal/errors');

const tlsBinding = binding('tls');

const PROTOCOL_VERSIONS = {
  'TLSv1': 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

// OpenSSL's method names: the [min, max] versions each allows.
const PROTOCOL_METHODS = {
  TLS_method: [null, null],
  TLS_client_method: [null, null],
  TLS_server_method: [null, null],
  SSLv23_method: [null, null],
  SSLv23_client_method: [null, null],
  SSLv23_server_method: [null, null],
  TLSv1_method: ['TLSv1', 'TLSv1'],
  TLSv1_client_method: ['TLSv1', 'TLSv1'],
  TLSv1_server_method: ['TLSv1', 'TLSv1'],
  TLSv1_1_method: ['TLSv1.1', 'TLSv1.1'],
  TLSv1_1_client_method: ['TLSv1.1', 'TLSv1.1'],
  TLSv1_1_server_method: ['TLSv1.1', 'TLSv1.1'],
  TLSv1_2_method: ['TLSv1.2', 'TLSv1.2'],
  TLSv1_2_client_method: ['TLSv1.2', 'TLSv1.2'],
  TLSv1_2_server_method: ['TLSv1.2', 'TLSv1.2'],
};

// `[name, standardName, version]` of each suite the engine implements.
const SUITES = tlsBinding.cipherSuites();

const DEFAULT_CIPHERS = SUITES.map(([name]) => name).join(':');

// The suites an OpenSSL cipher string selects, as standard names; null keeps them all.
// Named suites restrict TLS 1.2 (and TLS 1.3 when a TLS 1.3 suite is named, as OpenSSL's
// separate ciphersuites list would). Keywords such as HIGH or !aNULL, and suites this
// stack does not implement, leave the defaults.
function selectCiphers(ciphers) {
  const tokens = ciphers.split(/[:, ]+/).filter((token) => token && !/^[!+\-@]/.test(token));
  const named = SUITES.filter(([name, standard]) => tokens.includes(name) || tokens.includes(standard));
  if (named.length === 0) return null;
  const tls12 = named.filter((suite) => suite[2] === 'TLSv1.2');
  const namedTls13 = named.filter((suite) => suite[2] === 'TLSv1.3');
  const tls13 = namedTls13.length > 0 ?
    namedTls13 : SUITES.filter((suite) => suite[2] === 'TLSv1.3');
  return [...tls13, ...tls12].map(([, standard]) => standard);
}

// A PEM option (`cert`, `ca`, `key`): a string or byte view, or an array of them.
function pemList(value, name, allowObjects = false) {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (allowObjects && item !== null && typeof item === 'object' && !ArrayBuffer.isView(item)) {
      return item;
    }
    if (typeof item === 'string') return item;
    if (ArrayBuffer.isView(item)) {
      return Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('latin1');
    }
    const field = Array.isArray(value) ? `${name}[${i}]` : name;
    throw new ERR_INVALID_ARG_TYPE(field, ['string', 'Buffer', 'TypedArray', 'DataView'], item);
  });
}

// The bytes of a Buffer, TypedArray or DataView, as a Uint8Array.
function bytesOf(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function privateKeyPem(key, passphrase) {
  if (!key.includes('ENCRYPTED')) return key;
  const { createPrivateKey } = require('crypto');
  return createPrivateKey({ key, passphrase, format: 'pem' })
    .export({ type: 'pkcs8', format: 'pem' });
}

function protocolVersion(version, which) {
  if (version === undefined || version === null) return undefined;
  validateString(version, `options.${which === 'minimum' ? 'min' : 'max'}Version`);
  if (PROTOCOL_VERSIONS[version] === undefined) {
    throw new ERR_TLS_INVALID_PROTOCOL_VERSION(version, which);
  }
  return PROTOCOL_VERSIONS[version];
}

function SecureContext(secureProtocol, secureOptions, minVersion, maxVersion) {
  if (!(this instanceof SecureContext)) {
    return new SecureContext(secureProtocol, secureOptions, minVersion, maxVersion);
  }
  const tls = require('tls');
  if (secureProtocol) {
    validateString(secureProtocol, 'options.secureProtocol');
    if (minVersion !== undefined) {
      throw new ERR_TLS_PROTOCOL_VERSION_CONFLICT(minVersion, secureProtocol);
    }
    if (maxVersion !== undefined) {
      throw new ERR_TLS_PROTOCOL_VERSION_CONFLICT(maxVersion, secureProtocol);
    }
    if (/^SSLv[23]/.test(secureProtocol) && !secureProtocol.startsWith('SSLv23')) {
      throw new Error(`${secureProtocol.slice(0, 5)} methods disabled`);
    }
    const range = PROTOCOL_METHODS[secureProtocol];
    if (range === undefined) throw new ERR_TLS_INVALID_PROTOCOL_METHOD(secureProtocol);
    [minVersion, maxVersion] = range;
  }
  // The settings each connection made from this context starts from (see binding('tls')).
  this.settings = {
    cert: null,
    key: null,
    ca: null,
    ciphers: null,
    minVersion: protocolVersion(minVersion ?? tls.DEFAULT_MIN_VERSION, 'minimum'),
    maxVersion: protocolVersion(maxVersion ?? tls.DEFAULT_MAX_VERSION, 'maximum'),
  };
  this.secureOptions = secureOptions;
  // What the server connections accepted with this context share to resume sessions.
  this.sessions = tlsBinding.serverSessions();
}

function createSecureContext(options = {}) {
  validateObject(options, 'options');
  const { secureProtocol, secureOptions, minVersion, maxVersion, passphrase } = options;
  const context = new SecureContext(secureProtocol, secureOptions, minVersion, maxVersion);
  const { settings } = context;

  const ca = pemList(options.ca, 'options.ca');
  if (ca.length > 0) settings.ca = ca.join('\n');

  const certs = pemList(options.cert, 'options.cert');
  if (certs.length > 0) settings.cert = certs.join('\n');

  const keys = pemList(options.key, 'options.key', true);
  if (keys.length > 0) {
    // rustls serves one certificate: the first key (with its own passphrase, if any).
    const first = keys[0];
    const pem = typeof first === 'string' ?
      first : pemList(first.pem, 'options.key.pem')[0];
    const keyPassphrase = typeof first === 'string' ? passphrase : (first.passphrase ?? passphrase);
    settings.key = privateKeyPem(pem, keyPassphrase);
  }

  if (options.pfx !== undefined) {
    throw new ERR_METHOD_NOT_IMPLEMENTED('tls.createSecureContext (pfx)');
  }

  if (options.ciphers !== undefined && options.ciphers !== null) {
    validateString(options.ciphers, 'options.ciphers');
    settings.ciphers = selectCiphers(options.ciphers);
  }
  const { sessionTimeout, ticketKeys } = options;
  if (sessionTimeout !== undefined && sessionTimeout !== null) {
    validateInt32(sessionTimeout, 'options.sessionTimeout');
    tlsBinding.setSessionTimeout(context.sessions, Math.max(sessionTimeout, 0));
  }
  if (ticketKeys !== undefined && ticketKeys !== null) {
    validateBuffer(ticketKeys, 'options.ticketKeys');
    if (ticketKeys.byteLength !== 48) {
      throw new ERR_INVALID_ARG_VALUE('options.ticketKeys', ticketKeys.byteLength,
                                      'must be exactly 48 bytes');
    }
    tlsBinding.setTicketKeys(context.sessions, bytesOf(ticketKeys));
  }
  if (options.ecdhCurve !== undefined) validateString(options.ecdhCurve, 'options.ecdhCurve');
  if (options.sigalgs !== undefined) validateString(options.sigalgs, 'options.sigalgs');

  tlsBinding.checkContext(settings);
  return context;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// OpenSSL's printed time: `Nov  5 09:08:07 2026 GMT`.
function certificateTime(seconds) {
  const date = new Date(seconds * 1000);
  const two = (n) => String(n).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ` +
    `${date.getUTCFullYear()} GMT`;
}

// `[[shortName, value], ...]` as Node's null-prototype name object; repeated names list
// their values in an array.
function nameObject(entries) {
  const object = { __proto__: null };
  for (const [key, value] of entries) {
    if (object[key] === undefined) object[key] = value;
    else if (Array.isArray(object[key])) object[key].push(value);
    else object[key] = [object[key], value];
  }
  return object;
}

// The certificate object of `der` as `getPeerCertificate()` returns it, or null.
function certificateObject(der) {
  const info = tlsBinding.parseCertificate(der);
  if (info === null) return null;
  const cert = {
    subject: nameObject(info.subject),
    issuer: nameObject(info.issuer),
  };
  if (info.subjectaltname !== undefined) cert.subjectaltname = info.subjectaltname;
  if (info.infoAccess !== undefined) cert.infoAccess = info.infoAccess;
  cert.ca = info.ca;
  if (info.modulus !== undefined) {
    cert.modulus = info.modulus;
    cert.bits = info.bits;
    cert.exponent = info.exponent;
    cert.pubkey = Buffer.from(info.pubkey);
  } else {
    if (info.bits !== undefined) cert.bits = info.bits;
    cert.pubkey = Buffer.from(info.pubkey);
    if (info.asn1Curve !== undefined) {
      cert.asn1Curve = info.asn1Curve;
      cert.nistCurve = info.nistCurve;
    }
  }
  cert.valid_from = certificateTime(info.validFrom);
  cert.valid_to = certificateTime(info.validTo);
  cert.fingerprint = info.fingerprint;
  cert.fingerprint256 = info.fingerprint256;
  cert.fingerprint512 = info.fingerprint512;
  if (info.extKeyUsage !== undefined) cert.ext_key_usage = info.extKeyUsage;
  cert.serialNumber = info.serialNumber;
  cert.raw = Buffer.from(der);
  Object.defineProperty(cert, 'selfIssued', { value: info.selfIssued });
  return cert;
}

// Node's last step of a certificate object: `infoAccess` from OpenSSL's text
// (`method - URI:location` lines; a quoted location is JSON) to a null-prototype object of
// lists, down the chain of issuers.
function translatePeerCertificate(c) {
  if (!c) return null;
  if (c.issuerCertificate != null && c.issuerCertificate !== c) {
    c.issuerCertificate = translatePeerCertificate(c.issuerCertificate);
  }
  if (c.infoAccess != null) {
    const text = c.infoAccess;
    const infoAccess = { __proto__: null };
    for (const [, key, value] of `${text}`.matchAll(/([^\n:]*):([^\n]*)(?:\n|$)/g)) {
      const location = value.charCodeAt(0) === 0x22 ? JSON.parse(value) : value;
      if (key in infoAccess) infoAccess[key].push(location);
      else infoAccess[key] = [location];
    }
    c.infoAccess = infoAccess;
  }
  return c;
}

// The peer's chain (leaf first, DER) as the leaf's certificate object; `detailed` links
// each certificate to its issuer's (`issuerCertificate`), a self-issued root to itself.
function peerCertificate(chain, detailed) {
  if (!chain || chain.length === 0) return null;
  const certs = (detailed ? chain : chain.slice(0, 1)).map(certificateObject);
  if (certs[0] === null) return null;
  if (detailed) {
    for (let i = 0; i < certs.length; i++) {
      const cert = certs[i];
      if (cert === null) break;
      const next = certs[i + 1];
      if (next) cert.issuerCertificate = next;
      else if (cert.selfIssued) cert.issuerCertificate = cert;
    }
  }
  return translatePeerCertificate(certs[0]);
}

module.exports = {
  SecureContext,
  bytesOf,
  certificateTime,
  createSecureContext,
  peerCertificate,
  translatePeerCertificate,
  DEFAULT_CIPHERS,
  SUITES,
};
