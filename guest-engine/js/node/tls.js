// tls — `node:tls`: TLS 1.2/1.3 clients and servers over any stream, run inside the engine
// (binding('tls'), rustls with ring): `connect`, `createServer`/`Server`, `TLSSocket`
// (_tls_wrap), `createSecureContext`/`SecureContext` (_tls_common), and here the
// constants, `getCiphers`, `rootCertificates` (Mozilla's root store, as Node bundles),
// `convertALPNProtocols` and `checkServerIdentity`.
//
// Who does TLS: this module always does it in the engine, whatever the destination. The
// `https` client keeps one exception: a request to a host outside the sandbox's loopback
// with no TLS options of its own has the kernel's host do TLS (see https.js), so that the
// egress policy can check the server name.

const net = require('net');
const { Buffer } = require('buffer');
const { SecureContext, createSecureContext, DEFAULT_CIPHERS, SUITES } = require('_tls_common');
const {
  TLSSocket,
  Server,
  connect,
  convertALPNProtocols,
  createServer,
} = require('_tls_wrap');
const {
  codes: { ERR_METHOD_NOT_IMPLEMENTED, ERR_TLS_CERT_ALTNAME_FORMAT, ERR_TLS_CERT_ALTNAME_INVALID },
} = require('internal/errors');

function getCiphers() {
  return SUITES.map(([name]) => name.toLowerCase()).sort();
}

let rootCertificates = null;

// Each root as PEM, computed on first use.
function getRootCertificates() {
  if (rootCertificates === null) {
    rootCertificates = Object.freeze(binding('tls').rootCertificates().map((der) => {
      const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
      const lines = base64.match(/.{1,64}/g).join('\n');
      return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----`;
    }));
  }
  return rootCertificates;
}

function withoutTrailingDot(host) {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

function labelsOf(host) {
  return withoutTrailingDot(host).toLowerCase().split('.');
}

// Whether `pattern` (a DNS name from the certificate, maybe with one `*` in its first
// label) names `hostLabels`. The wildcard stands for part of one label, never in an
// IDNA label (`xn--`) and never directly under a top-level domain.
function nameMatches(hostLabels, pattern) {
  if (!pattern) return false;
  const patternLabels = labelsOf(pattern);
  if (patternLabels.length !== hostLabels.length) return false;
  if (patternLabels.includes('')) return false;
  if (patternLabels.some((label) => /[^\u0021-\u007F]/u.test(label))) return false;
  for (let i = 1; i < hostLabels.length; i++) {
    if (hostLabels[i] !== patternLabels[i]) return false;
  }
  const first = patternLabels[0];
  const host = hostLabels[0];
  const parts = first.split('*');
  if (parts.length === 1 || first.includes('xn--')) return host === first;
  if (parts.length > 2 || patternLabels.length <= 2) return false;
  const [prefix, suffix] = parts;
  return prefix.length + suffix.length <= host.length &&
    host.startsWith(prefix) && host.endsWith(suffix);
}

// A JSON string literal at the start of a string, exactly as JSON defines one.
const JSON_STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;

// Splits `subjectaltname` at its `, ` separators. Node quotes a name holding unsafe
// characters as a JSON string literal (which may contain `, `); anything else that starts
// with a quote is malformed.
function splitAltNames(altNames) {
  const names = [];
  let current = '';
  let rest = altNames;
  while (rest.length > 0) {
    const separator = rest.indexOf(', ');
    const quote = rest.indexOf('"');
    if (quote !== -1 && (separator === -1 || quote < separator)) {
      const literal = JSON_STRING.exec(rest.slice(quote));
      if (literal === null) throw new ERR_TLS_CERT_ALTNAME_FORMAT();
      current += rest.slice(0, quote) + JSON.parse(literal[0]);
      rest = rest.slice(quote + literal[0].length);
    } else if (separator !== -1) {
      names.push(current + rest.slice(0, separator));
      current = '';
      rest = rest.slice(separator + 2);
    } else {
      current += rest;
      rest = '';
    }
  }
  names.push(current);
  return names;
}

// An IP address in one spelling per address (IPv6 compressed, lowercase).
function canonicalIP(address) {
  if (net.isIPv6(address)) {
    return new net.SocketAddress({ address, family: 'ipv6' }).address;
  }
  return address;
}

// undefined when `cert` is valid for `hostname`; otherwise ERR_TLS_CERT_ALTNAME_INVALID.
function checkServerIdentity(hostname, cert) {
  const { subject, subjectaltname: altNames } = cert;
  const dnsNames = [];
  const ips = [];
  hostname = `${hostname}`;
  if (altNames) {
    for (const name of splitAltNames(altNames)) {
      if (name.startsWith('DNS:')) dnsNames.push(name.slice(4));
      else if (name.startsWith('IP Address:')) ips.push(canonicalIP(name.slice(11)));
    }
  }
  let valid = false;
  let reason = 'Unknown reason';
  hostname = withoutTrailingDot(hostname);
  if (net.isIP(hostname)) {
    valid = ips.includes(canonicalIP(hostname));
    if (!valid) reason = `IP: ${hostname} is not in the cert's list: ${ips.join(', ')}`;
  } else if (dnsNames.length > 0 || subject?.CN) {
    const hostLabels = labelsOf(hostname);
    if (dnsNames.length > 0) {
      valid = dnsNames.some((name) => nameMatches(hostLabels, name));
      if (!valid) reason = `Host: ${hostname}. is not in the cert's altnames: ${altNames}`;
    } else {
      const cn = subject.CN;
      valid = Array.isArray(cn) ?
        cn.some((name) => nameMatches(hostLabels, name)) : nameMatches(hostLabels, cn);
      if (!valid) reason = `Host: ${hostname}. is not cert's CN: ${cn}`;
    }
  } else {
    reason = 'Cert does not contain a DNS name';
  }
  if (!valid) return new ERR_TLS_CERT_ALTNAME_INVALID(reason, hostname, cert);
  return undefined;
}

function createSecurePair() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('tls.createSecurePair');
}

module.exports = {
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  DEFAULT_CIPHERS,
  DEFAULT_ECDH_CURVE: 'auto',
  DEFAULT_MIN_VERSION: 'TLSv1.2',
  DEFAULT_MAX_VERSION: 'TLSv1.3',
  SecureContext,
  Server,
  TLSSocket,
  checkServerIdentity,
  connect,
  convertALPNProtocols,
  createSecureContext,
  createSecurePair,
  createServer,
  getCiphers,
};

Object.defineProperty(module.exports, 'rootCertificates', {
  configurable: false,
  enumerable: true,
  get: getRootCertificates,
});
