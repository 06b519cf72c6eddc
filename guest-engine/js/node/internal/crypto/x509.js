// internal/crypto/x509 — `crypto.X509Certificate`: a certificate parsed once by the engine
// (binding('crypto').x509Parse, which also backs `getPeerCertificate()`), its fields in
// OpenSSL's text forms, `checkHost`/`checkEmail`/`checkIP` as OpenSSL's `X509_check_*`
// match them, `checkIssued`, `checkPrivateKey`, `verify` (the certificate's signature
// under a public key), `toLegacyObject` (the `getPeerCertificate()` shape), and
// `issuerCertificate` for certificates that come from a TLS peer's chain.

const {
  native, Buffer, errors, toBuffer, cryptoError,
} = require('internal/crypto/util');
const { KeyObject, isKeyObject } = require('internal/crypto/keys');
const { isIP, isIPv4 } = require('internal/net/address');

const kInspect = Symbol.for('nodejs.util.inspect.custom');

// Set by X509Certificate's static block: the certificate of a TLS peer's chain.
let certificateOfChain;

// The subject-name policies of `checkHost` and `checkEmail` (OpenSSL's
// X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT / NEVER_CHECK_SUBJECT).
const SUBJECT_POLICIES = new Set(['default', 'always', 'never']);

function tlsCommon() {
  return require('_tls_common');
}

function invalidArg(message) {
  return cryptoError('ERR_INVALID_ARG_VALUE', message, TypeError);
}

// Node's parsed `checkHost`/`checkEmail`/`checkIP` options.
function checkOptions(options = {}) {
  const { validateObject, validateString, validateBoolean, codes } = errors();
  validateObject(options, 'options');
  const {
    subject = 'default',
    wildcards = true,
    partialWildcards = true,
    multiLabelWildcards = false,
    singleLabelSubdomains = false,
  } = { ...options };
  validateString(subject, 'options.subject');
  validateBoolean(wildcards, 'options.wildcards');
  validateBoolean(partialWildcards, 'options.partialWildcards');
  validateBoolean(multiLabelWildcards, 'options.multiLabelWildcards');
  validateBoolean(singleLabelSubdomains, 'options.singleLabelSubdomains');
  if (!SUBJECT_POLICIES.has(subject)) {
    throw new codes.ERR_INVALID_ARG_VALUE('options.subject', subject);
  }
  return { subject, wildcards, partialWildcards, multiLabelWildcards, singleLabelSubdomains };
}

// The candidates `X509_check_*` compares against: the alternative names of `tag`, or the
// subject attributes `subjectAttribute` when the policy allows and no such name exists.
function candidates(info, tag, subjectAttribute, subject) {
  const names = (info.altNames ?? [])
    .filter(([nameTag]) => nameTag === tag)
    .map(([, bytes]) => toBuffer(bytes).toString('latin1'));
  if (subject === 'always' || (subject === 'default' && names.length === 0)) {
    for (const [key, value] of info.subject) {
      if (key === subjectAttribute) names.push(value);
    }
  }
  return names;
}

// Whether the (lower-case) certificate label pattern `label`, holding one `*`, matches
// `host` the way OpenSSL's wildcard matching does.
function wildcardLabelMatches(label, host, { partialWildcards, multiLabelWildcards }) {
  const star = label.indexOf('*');
  const prefix = label.slice(0, star);
  const suffix = label.slice(star + 1);
  if (label !== '*' && (!partialWildcards || label.startsWith('xn--'))) return false;
  if (host.length < prefix.length + suffix.length + (label === '*' ? 1 : 0)) return false;
  if (!host.startsWith(prefix) || !host.endsWith(suffix)) return false;
  const covered = host.slice(prefix.length, host.length - suffix.length);
  return multiLabelWildcards ? !covered.startsWith('.') : !covered.includes('.');
}

function hostMatches(pattern, host, flags) {
  const wanted = pattern.toLowerCase();
  const name = host.toLowerCase();
  if (wanted === name) return true;
  if (flags.singleLabelSubdomains && wanted.startsWith('.') && name.endsWith(wanted)) {
    return !name.slice(0, -wanted.length).includes('.');
  }
  const dot = wanted.indexOf('.');
  if (!flags.wildcards || dot === -1 || !wanted.slice(0, dot).includes('*')) return false;
  const rest = wanted.slice(dot);
  if (rest.includes('*') || rest.split('.').length < 3 || !name.endsWith(rest)) return false;
  return wildcardLabelMatches(wanted.slice(0, dot), name.slice(0, -rest.length), flags);
}

function emailMatches(pattern, email) {
  const at = pattern.lastIndexOf('@');
  const emailAt = email.lastIndexOf('@');
  if (at === -1 || emailAt === -1) return pattern === email;
  return pattern.slice(0, at) === email.slice(0, emailAt) &&
    pattern.slice(at).toLowerCase() === email.slice(emailAt).toLowerCase();
}

// The network-order bytes of an IPv4 or IPv6 address string.
function ipBytes(ip) {
  if (isIPv4(ip)) return Buffer().from(ip.split('.').map(Number));
  let [head, tail = null] = ip.split('::');
  const groups = (part) => (part ? part.split(':') : []);
  const expand = (parts) => parts.flatMap((group) => {
    if (group.includes('.')) {
      const [a, b, c, d] = group.split('.').map(Number);
      return [(a << 8) | b, (c << 8) | d];
    }
    return [parseInt(group, 16)];
  });
  head = expand(groups(head));
  const rest = tail === null ? [] : expand(groups(tail));
  const words = [...head, ...new Array(8 - head.length - rest.length).fill(0), ...rest];
  const bytes = Buffer().alloc(16);
  words.forEach((word, i) => bytes.writeUInt16BE(word, i * 2));
  return bytes;
}

function x509Error() {
  const error = cryptoError('ERR_OSSL_PEM_NO_START_LINE', 'error:0480006C:PEM routines::no start line');
  error.library = 'PEM routines';
  error.reason = 'no start line';
  return error;
}

// OpenSSL's error for a certificate whose subject public key does not decode.
function keyDecodeError() {
  const error = cryptoError('ERR_OSSL_EVP_DECODE_ERROR',
    'error:03000072:digital envelope routines::decode error');
  error.library = 'digital envelope routines';
  error.reason = 'decode error';
  return error;
}

class X509Certificate {
  #der;
  #info;
  #issuerCertificate;
  #publicKey;

  constructor(buffer) {
    if (typeof buffer === 'string') buffer = Buffer().from(buffer);
    if (!ArrayBuffer.isView(buffer)) {
      throw new (errors().codes.ERR_INVALID_ARG_TYPE)('buffer',
        ['string', 'Buffer', 'TypedArray', 'DataView'], buffer);
    }
    const parsed = native.x509Parse(
      new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    if (parsed === null) throw x509Error();
    this.#der = Buffer().from(parsed.der);
    this.#info = parsed.info;
  }

  get subject() { return this.#info.subjectText; }

  get subjectAltName() { return this.#info.subjectaltname; }

  get issuer() { return this.#info.issuerText; }

  get issuerCertificate() { return this.#issuerCertificate; }

  get infoAccess() { return this.#info.infoAccess; }

  get validFrom() { return tlsCommon().certificateTime(this.#info.validFrom); }

  get validTo() { return tlsCommon().certificateTime(this.#info.validTo); }

  get validFromDate() { return new Date(this.#info.validFrom * 1000); }

  get validToDate() { return new Date(this.#info.validTo * 1000); }

  get fingerprint() { return this.#info.fingerprint; }

  get fingerprint256() { return this.#info.fingerprint256; }

  get fingerprint512() { return this.#info.fingerprint512; }

  get keyUsage() { return this.#info.extKeyUsage; }

  get serialNumber() { return this.#info.serialNumber; }

  get raw() { return this.#der; }

  get ca() { return this.#info.ca; }

  get publicKey() {
    if (this.#publicKey === undefined) {
      try {
        this.#publicKey = new KeyObject('public', { der: this.#info.pubkey });
      } catch {
        throw keyDecodeError();
      }
    }
    return this.#publicKey;
  }

  toString() {
    const body = this.#der.toString('base64').match(/.{1,64}/g).join('\n');
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  }

  toJSON() { return this.toString(); }

  toLegacyObject() {
    return tlsCommon().peerCertificate([this.#der], false);
  }

  checkHost(name, options) {
    errors().validateString(name, 'name');
    const flags = checkOptions(options);
    if (name.includes('\0')) throw invalidArg('Invalid name');
    return candidates(this.#info, 2, 'CN', flags.subject)
      .find((pattern) => hostMatches(pattern, name, flags));
  }

  checkEmail(email, options) {
    errors().validateString(email, 'email');
    const { subject } = checkOptions(options);
    if (email.includes('\0')) throw invalidArg('Invalid name');
    const found = candidates(this.#info, 1, 'emailAddress', subject)
      .some((pattern) => emailMatches(pattern, email));
    return found ? email : undefined;
  }

  checkIP(ip, options) {
    errors().validateString(ip, 'ip');
    checkOptions(options);
    if (isIP(ip) === 0 || ip.includes('%')) throw invalidArg('Invalid IP');
    const wanted = ipBytes(ip);
    const found = (this.#info.altNames ?? [])
      .some(([tag, bytes]) => tag === 7 && wanted.equals(toBuffer(bytes)));
    return found ? ip : undefined;
  }

  checkIssued(otherCert) {
    if (!isX509Certificate(otherCert)) {
      throw new (errors().codes.ERR_INVALID_ARG_TYPE)('otherCert', 'X509Certificate', otherCert);
    }
    return native.x509CheckIssued(this.#der, otherCert.#der);
  }

  checkPrivateKey(pkey) {
    if (!isKeyObject(pkey) || pkey.type !== 'private') {
      throw new (errors().codes.ERR_INVALID_ARG_VALUE)('pkey', pkey);
    }
    return native.x509HasPublicKey(this.#der, native.publicOf(pkey._der));
  }

  verify(pkey) {
    if (!isKeyObject(pkey)) {
      throw new (errors().codes.ERR_INVALID_ARG_TYPE)('pkey', 'KeyObject', pkey);
    }
    if (pkey.type !== 'public') {
      throw new (errors().codes.ERR_INVALID_ARG_VALUE)('pkey', pkey);
    }
    const { tbs, signature, signatureDigest, signatureKeyType } = this.#info;
    if (signatureKeyType !== pkey.asymmetricKeyType) return false;
    try {
      return native.verify(pkey._der, signatureDigest ?? '', tbs, signature,
        { pss: false, saltLength: undefined, p1363: false });
    } catch {
      return false;
    }
  }

  [kInspect](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `X509Certificate ${require('util').inspect({
      subject: this.subject,
      subjectAltName: this.subjectAltName,
      issuer: this.issuer,
      infoAccess: this.infoAccess,
      validFrom: this.validFrom,
      validTo: this.validTo,
      validFromDate: this.validFromDate,
      validToDate: this.validToDate,
      fingerprint: this.fingerprint,
      fingerprint256: this.fingerprint256,
      fingerprint512: this.fingerprint512,
      keyUsage: this.keyUsage,
      serialNumber: this.serialNumber,
    }, opts)}`;
  }

  static {
    // The leaf of a TLS peer's chain (DER, leaf first), each certificate linked to the
    // next as `issuerCertificate` (the last, or a self-issued one, has none).
    certificateOfChain = (chain) => {
      const certs = chain.map((der) => new X509Certificate(toBuffer(der)));
      for (let i = 0; i + 1 < certs.length; i++) {
        if (!certs[i].#info.selfIssued) certs[i].#issuerCertificate = certs[i + 1];
      }
      return certs[0];
    };
  }
}

function isX509Certificate(value) {
  return value instanceof X509Certificate;
}

require('internal/structured_clone').registerCloneableType({
  isInstance: isX509Certificate,
  clone: (cert) => new X509Certificate(cert.raw),
});

module.exports = { X509Certificate, isX509Certificate, certificateOfChain };
