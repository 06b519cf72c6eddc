//! `binding('tls')`: TLS connections as state machines for `node:tls`, with rustls (ring
//! crypto, TLS 1.2 and 1.3). No I/O happens here: JavaScript feeds the peer's bytes in with
//! `receive`, takes the bytes to send with `takeOutput`, writes and reads plaintext with
//! `write`/`read`. `client(options)` starts a client connection; `server()` starts a server
//! connection that waits for the ClientHello, reports it (`clientHello()`: SNI name and
//! ALPN offer, so JavaScript can pick a context and protocol) and continues once
//! `accept(options)` gives its settings.
//!
//! Certificate chains are verified as OpenSSL does under Node: the handshake never fails on
//! an untrusted peer; the verification result is recorded (`info().verifyError`, an
//! OpenSSL code name such as `DEPTH_ZERO_SELF_SIGNED_CERT`) and `node:tls` decides
//! (`rejectUnauthorized`), checking the host name itself afterwards. Handshake signatures
//! are always verified. `parseCertificate(der)` describes an X.509 certificate for
//! `getPeerCertificate()` (with `crypto::x509`, which `X509Certificate` shares).
//!
//! Sessions resume. On a server, each `SecureContext` owns a `serverSessions()` object that
//! the connections it accepts share: a cache for session IDs and the keys that seal
//! stateless tickets (Node's `ticketKeys`). rustls cannot serialize a client session, so
//! the sessions a client receives stay in the engine (the newest `KEPT_SESSIONS`) and
//! JavaScript holds a 16-byte random id for each (`takeSessions()`), which a later
//! `client({ session })` hands back to resume. As with OpenSSL, a resumed connection
//! makes no new session: the tickets it receives renew the one it resumed, under the
//! same id (a TLS 1.3 ticket is single-use, so this is what lets an id resume again).

use rquickjs::class::Trace;
use rquickjs::{Array, Class, Ctx, Exception, JsLifetime, Object, Result, TypedArray, Value};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{
    ClientSessionStore, ResolvesClientCert, Resumption, Tls12ClientSessionValue,
    Tls13ClientSessionValue,
};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{
    CertificateDer, PrivateKeyDer, ServerName, SubjectPublicKeyInfoDer, TrustAnchor, UnixTime,
};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{
    Accepted, Acceptor, ProducesTickets, ServerSessionMemoryCache, StoresServerSessions,
};
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use rustls::{
    CipherSuite, ClientConfig, ClientConnection, Connection, DigitallySignedStruct,
    DistinguishedName, HandshakeKind, NamedGroup, ProtocolVersion, ServerConfig, SignatureScheme,
    SupportedProtocolVersion,
};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

/// The suites this engine offers: rustls's name, OpenSSL's name (what Node reports as
/// `name`), the protocol version that uses it.
const SUITES: &[(CipherSuite, &str, &str, &str)] = &[
    (
        CipherSuite::TLS13_AES_256_GCM_SHA384,
        "TLS_AES_256_GCM_SHA384",
        "TLS_AES_256_GCM_SHA384",
        "TLSv1.3",
    ),
    (
        CipherSuite::TLS13_AES_128_GCM_SHA256,
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_128_GCM_SHA256",
        "TLSv1.3",
    ),
    (
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLSv1.3",
    ),
    (
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLSv1.2",
    ),
    (
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLSv1.2",
    ),
    (
        CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLSv1.2",
    ),
    (
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        "ECDHE-RSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLSv1.2",
    ),
    (
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLSv1.2",
    ),
    (
        CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLSv1.2",
    ),
];

const TLS1_2: u16 = 0x0303;
const TLS1_3: u16 = 0x0304;

/// A failure reported to JavaScript as an `Error` with `code` (and OpenSSL's `reason`).
struct TlsError {
    code: String,
    reason: String,
}

impl TlsError {
    fn new(code: &str, reason: impl Into<String>) -> Self {
        TlsError {
            code: code.to_string(),
            reason: reason.into(),
        }
    }
}

fn throw(ctx: &Ctx<'_>, error: TlsError) -> rquickjs::Error {
    let result = (|| {
        let exception = Exception::from_message(ctx.clone(), &error.reason)?;
        let object: &Object = exception.as_object();
        object.set("code", error.code)?;
        object.set("library", "SSL routines")?;
        object.set("reason", error.reason)?;
        Ok(ctx.throw(exception.into_value()))
    })();
    result.unwrap_or_else(|e| e)
}

/// OpenSSL's wording of a received alert: `sslv3 alert handshake failure`,
/// `tlsv1 alert unknown ca`, `tlsv13 alert certificate required`.
fn alert_error(alert: rustls::AlertDescription) -> TlsError {
    let mut name = String::new();
    let debug = format!("{alert:?}");
    let mut previous_lower = false;
    for c in debug.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            name.push(' ');
        }
        previous_lower = c.is_ascii_lowercase();
        name.push(c.to_ascii_lowercase());
    }
    let family = match name.as_str() {
        "close notify"
        | "unexpected message"
        | "bad record mac"
        | "decompression failure"
        | "handshake failure"
        | "no certificate"
        | "bad certificate"
        | "unsupported certificate"
        | "certificate revoked"
        | "certificate expired"
        | "certificate unknown"
        | "illegal parameter" => "sslv3",
        "certificate required" | "missing extension" => "tlsv13",
        _ => "tlsv1",
    };
    let reason = format!("{family} alert {name}");
    let code = format!("ERR_SSL_{}", reason.to_ascii_uppercase().replace(' ', "_"));
    TlsError { code, reason }
}

/// A rustls failure as Node reports OpenSSL's.
fn tls_error(error: &rustls::Error) -> TlsError {
    use rustls::{Error as E, PeerIncompatible as PI};
    match error {
        E::AlertReceived(alert) => alert_error(*alert),
        E::InvalidMessage(_) => {
            TlsError::new("ERR_SSL_WRONG_VERSION_NUMBER", "wrong version number")
        }
        E::NoApplicationProtocol => {
            TlsError::new("ERR_SSL_NO_APPLICATION_PROTOCOL", "no application protocol")
        }
        E::PeerIncompatible(
            PI::ServerDoesNotSupportTls12Or13 | PI::SupportedVersionsExtensionRequired,
        ) => TlsError::new("ERR_SSL_UNSUPPORTED_PROTOCOL", "unsupported protocol"),
        E::PeerIncompatible(PI::NoCipherSuitesInCommon) => {
            TlsError::new("ERR_SSL_NO_SHARED_CIPHER", "no shared cipher")
        }
        E::PeerIncompatible(_) => TlsError::new("ERR_SSL_HANDSHAKE_FAILURE", "handshake failure"),
        E::DecryptError => TlsError::new(
            "ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC",
            "decryption failed or bad record mac",
        ),
        E::NoCertificatesPresented => TlsError::new(
            "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE",
            "peer did not return a certificate",
        ),
        other => TlsError::new("ERR_SSL_HANDSHAKE_FAILURE", other.to_string()),
    }
}

fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// The default trust anchors: Mozilla's root store (what Node bundles).
fn default_anchors() -> Arc<Vec<TrustAnchor<'static>>> {
    static ANCHORS: OnceLock<Arc<Vec<TrustAnchor<'static>>>> = OnceLock::new();
    ANCHORS
        .get_or_init(|| {
            Arc::new(
                webpki_root_certs::TLS_SERVER_ROOT_CERTS
                    .iter()
                    .filter_map(|der| webpki::anchor_from_trusted_cert(der).ok())
                    .map(|anchor| anchor.to_owned())
                    .collect(),
            )
        })
        .clone()
}

/// Every certificate in a PEM text.
fn pem_certs(pem: &str) -> std::result::Result<Vec<CertificateDer<'static>>, TlsError> {
    let certs = rustls_pemfile::certs(&mut pem.as_bytes())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|_| TlsError::new("ERR_OSSL_PEM_BAD_BASE64_DECODE", "bad base64 decode"))?;
    if certs.is_empty() {
        return Err(TlsError::new("ERR_OSSL_PEM_NO_START_LINE", "no start line"));
    }
    Ok(certs)
}

fn pem_key(pem: &str) -> std::result::Result<PrivateKeyDer<'static>, TlsError> {
    match rustls_pemfile::private_key(&mut pem.as_bytes()) {
        Ok(Some(key)) => Ok(key),
        Ok(None) => Err(TlsError::new("ERR_OSSL_PEM_NO_START_LINE", "no start line")),
        Err(_) => Err(TlsError::new(
            "ERR_OSSL_PEM_BAD_BASE64_DECODE",
            "bad base64 decode",
        )),
    }
}

/// Whether the SubjectPublicKeyInfo `spki` is the key `cert` certifies (compared as keys:
/// the same key may be encoded with different algorithm parameters).
pub(super) fn same_public_key(spki: &[u8], cert: &CertificateDer<'_>) -> bool {
    use x509_parser::x509::SubjectPublicKeyInfo;
    let (Ok((_, key)), Ok((_, cert))) = (
        SubjectPublicKeyInfo::from_der(spki),
        X509Certificate::from_der(cert),
    ) else {
        return false;
    };
    let strip = |bytes: &[u8]| {
        bytes
            .iter()
            .skip_while(|&&b| b == 0)
            .copied()
            .collect::<Vec<_>>()
    };
    match (key.parsed(), cert.public_key().parsed()) {
        (Ok(PublicKey::RSA(a)), Ok(PublicKey::RSA(b))) => {
            strip(a.modulus) == strip(b.modulus) && strip(a.exponent) == strip(b.exponent)
        }
        (Ok(PublicKey::EC(a)), Ok(PublicKey::EC(b))) => a.data() == b.data(),
        _ => key.subject_public_key.data == cert.public_key().subject_public_key.data,
    }
}

/// `chain` extended with the issuers `ca` holds, up to a self-issued root: what OpenSSL
/// sends when the configured chain is incomplete.
fn complete_chain(
    mut chain: Vec<CertificateDer<'static>>,
    ca: &[CertificateDer<'static>],
) -> Vec<CertificateDer<'static>> {
    let names = |der: &CertificateDer<'_>| {
        X509Certificate::from_der(der)
            .ok()
            .map(|(_, c)| (c.subject().as_raw().to_vec(), c.issuer().as_raw().to_vec()))
    };
    while let Some((subject, issuer)) = chain.last().and_then(names) {
        if subject == issuer {
            break;
        }
        let next = ca.iter().find(|candidate| {
            !chain.contains(candidate)
                && names(candidate)
                    .is_some_and(|(candidate_subject, _)| candidate_subject == issuer)
        });
        match next {
            Some(cert) => chain.push(cert.clone()),
            None => break,
        }
    }
    chain
}

/// A context's settings, as `node:tls` passes them for one connection.
struct Settings {
    /// The certificate chain and key this side presents, if any.
    certified: Option<Arc<CertifiedKey>>,
    anchors: Arc<Vec<TrustAnchor<'static>>>,
    /// The `ca` certificates themselves: a peer presenting one of them is trusted.
    trusted: Vec<CertificateDer<'static>>,
    versions: Vec<&'static SupportedProtocolVersion>,
    suites: Option<Vec<String>>,
    alpn: Vec<Vec<u8>>,
}

fn settings(options: &Object<'_>) -> std::result::Result<Settings, TlsError> {
    let get_string = |name: &str| options.get::<_, Option<String>>(name).ok().flatten();
    let chain = match get_string("cert") {
        Some(pem) => pem_certs(&pem)?,
        None => Vec::new(),
    };
    let key = get_string("key").map(|pem| pem_key(&pem)).transpose()?;
    let ca_certs = get_string("ca").map(|pem| pem_certs(&pem)).transpose()?;
    if key.is_some() && chain.is_empty() {
        return Err(TlsError::new(
            "ERR_OSSL_NO_CERTIFICATE_ASSIGNED",
            "no certificate assigned",
        ));
    }
    // Built by hand rather than by rustls, whose check of the pair (through webpki)
    // refuses X.509 v1 certificates.
    let certified = match key {
        Some(key) => {
            let chain = complete_chain(chain, ca_certs.as_deref().unwrap_or_default());
            let signing = provider()
                .key_provider
                .load_private_key(key)
                .map_err(|_| TlsError::new("ERR_OSSL_UNSUPPORTED", "unsupported private key"))?;
            if let Some(public) = signing.public_key()
                && !same_public_key(public.as_ref(), &chain[0])
            {
                return Err(TlsError::new(
                    "ERR_OSSL_X509_KEY_VALUES_MISMATCH",
                    "key values mismatch",
                ));
            }
            Some(Arc::new(CertifiedKey::new(chain, signing)))
        }
        None => None,
    };
    let (anchors, trusted) = match ca_certs {
        Some(certs) => {
            let anchors = certs
                .iter()
                .filter_map(|der| webpki::anchor_from_trusted_cert(der).ok())
                .map(|anchor| anchor.to_owned())
                .collect();
            (Arc::new(anchors), certs)
        }
        None => (default_anchors(), Vec::new()),
    };
    let min = options
        .get::<_, Option<u16>>("minVersion")
        .ok()
        .flatten()
        .unwrap_or(TLS1_2);
    let max = options
        .get::<_, Option<u16>>("maxVersion")
        .ok()
        .flatten()
        .unwrap_or(TLS1_3);
    let versions: Vec<_> = [
        (TLS1_2, &rustls::version::TLS12),
        (TLS1_3, &rustls::version::TLS13),
    ]
    .into_iter()
    .filter(|(v, _)| min <= *v && *v <= max)
    .map(|(_, version)| version)
    .collect();
    if versions.is_empty() {
        return Err(TlsError::new(
            "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
            "no protocols available",
        ));
    }
    let suites = options
        .get::<_, Option<Vec<String>>>("ciphers")
        .ok()
        .flatten();
    let alpn = options
        .get::<_, Option<Vec<String>>>("alpn")
        .ok()
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.chars().map(|c| c as u8).collect())
        .collect();
    Ok(Settings {
        certified,
        anchors,
        trusted,
        versions,
        suites,
        alpn,
    })
}

impl Settings {
    fn provider(&self) -> std::result::Result<Arc<CryptoProvider>, TlsError> {
        let Some(names) = &self.suites else {
            return Ok(provider());
        };
        let mut provider = (*provider()).clone();
        provider.cipher_suites.retain(|suite| {
            SUITES.iter().any(|(id, _, standard, _)| {
                *id == suite.suite() && names.iter().any(|n| n == standard)
            })
        });
        if provider.cipher_suites.is_empty() {
            return Err(TlsError::new("ERR_SSL_NO_CIPHER_MATCH", "no cipher match"));
        }
        Ok(Arc::new(provider))
    }

    fn verifier(&self, usage: Usage) -> Recorder {
        Recorder {
            anchors: self.anchors.clone(),
            trusted: self.trusted.clone(),
            algorithms: provider().signature_verification_algorithms,
            usage,
            hints: self
                .anchors
                .iter()
                .map(|a| DistinguishedName::from(a.subject.to_vec()))
                .collect(),
            result: Arc::new(Mutex::new(None)),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Usage {
    Server,
    Client,
}

/// The OpenSSL code of a chain that does not verify.
fn verify_chain(
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    anchors: &[TrustAnchor<'_>],
    trusted: &[CertificateDer<'_>],
    algorithms: &WebPkiSupportedAlgorithms,
    usage: Usage,
    now: UnixTime,
) -> Option<&'static str> {
    let self_issued = |der: &CertificateDer<'_>| {
        X509Certificate::from_der(der)
            .map(|(_, c)| c.subject().as_raw() == c.issuer().as_raw())
            .unwrap_or(false)
    };
    let listed = trusted.iter().any(|t| t.as_ref() == end_entity.as_ref());
    let Ok(cert) = webpki::EndEntityCert::try_from(end_entity) else {
        // webpki reads only X.509 v3: an older certificate is trusted only when it is
        // listed in `ca` itself; one issued by a CA cannot be checked here.
        return match (listed, self_issued(end_entity)) {
            (true, true) => None,
            (false, true) if intermediates.is_empty() => Some("DEPTH_ZERO_SELF_SIGNED_CERT"),
            _ => Some("UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
        };
    };
    let result = match usage {
        Usage::Server => cert.verify_for_usage(
            algorithms.all,
            anchors,
            intermediates,
            now,
            webpki::KeyUsage::server_auth(),
            None,
            None,
        ),
        Usage::Client => cert.verify_for_usage(
            algorithms.all,
            anchors,
            intermediates,
            now,
            webpki::KeyUsage::client_auth(),
            None,
            None,
        ),
    };
    use webpki::Error as W;
    match result {
        Ok(_) => None,
        // A self-signed certificate listed in `ca` is trusted as itself, CA or not; one
        // that is not fails as self-signed before anything else is looked at (OpenSSL).
        Err(_) if listed && self_issued(end_entity) => None,
        Err(_) if intermediates.is_empty() && self_issued(end_entity) => {
            Some("DEPTH_ZERO_SELF_SIGNED_CERT")
        }
        Err(W::UnknownIssuer) => Some(if intermediates.last().is_some_and(self_issued) {
            "SELF_SIGNED_CERT_IN_CHAIN"
        } else if intermediates.is_empty() {
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
        } else {
            "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
        }),
        Err(W::CertExpired { .. }) => Some("CERT_HAS_EXPIRED"),
        Err(W::CertNotValidYet { .. }) => Some("CERT_NOT_YET_VALID"),
        Err(
            W::InvalidSignatureForPublicKey
            | W::UnsupportedSignatureAlgorithmForPublicKeyContext(_),
        ) => Some("CERT_SIGNATURE_FAILURE"),
        Err(W::RequiredEkuNotFoundContext(_)) => Some("INVALID_PURPOSE"),
        Err(W::CaUsedAsEndEntity | W::EndEntityUsedAsCa) => Some("INVALID_CA"),
        Err(_) => Some("CERT_REJECTED"),
    }
}

/// Checks a handshake signature against the public key of `cert`. The key is read with
/// x509-parser rather than webpki, which would refuse the X.509 v1 certificates OpenSSL
/// (and Node's test fixtures) still use. TLS 1.3 allows only the scheme's first algorithm.
fn verify_signature(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
    algorithms: &WebPkiSupportedAlgorithms,
    tls13: bool,
) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
    use rustls::{CertificateError, PeerMisbehaved};
    let bad = |e: CertificateError| rustls::Error::InvalidCertificate(e);
    // TLS 1.3 forbids PKCS#1 v1.5 and SHA-1 signatures in the handshake.
    let legacy = matches!(
        dss.scheme,
        SignatureScheme::RSA_PKCS1_SHA1
            | SignatureScheme::RSA_PKCS1_SHA256
            | SignatureScheme::RSA_PKCS1_SHA384
            | SignatureScheme::RSA_PKCS1_SHA512
            | SignatureScheme::ECDSA_SHA1_Legacy
    );
    if tls13 && legacy {
        return Err(PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme.into());
    }
    let (_, parsed) =
        X509Certificate::from_der(cert.as_ref()).map_err(|_| bad(CertificateError::BadEncoding))?;
    let spki = SubjectPublicKeyInfoDer::from(parsed.public_key().raw);
    let key = webpki::RawPublicKeyEntity::try_from(&spki)
        .map_err(|_| bad(CertificateError::BadEncoding))?;
    let candidates = algorithms
        .mapping
        .iter()
        .find(|(scheme, _)| *scheme == dss.scheme)
        .map(|(_, candidates)| *candidates)
        .ok_or(PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme)?;
    let candidates = if tls13 { &candidates[..1] } else { candidates };
    if candidates
        .iter()
        .any(|alg| key.verify_signature(*alg, message, dss.signature()).is_ok())
    {
        Ok(HandshakeSignatureValid::assertion())
    } else {
        Err(bad(CertificateError::BadSignature))
    }
}

/// A verifier that records how the peer's chain verified instead of failing the handshake.
#[derive(Debug)]
struct Recorder {
    anchors: Arc<Vec<TrustAnchor<'static>>>,
    trusted: Vec<CertificateDer<'static>>,
    algorithms: WebPkiSupportedAlgorithms,
    usage: Usage,
    hints: Vec<DistinguishedName>,
    result: Arc<Mutex<Option<&'static str>>>,
}

impl Recorder {
    fn record(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) {
        let code = verify_chain(
            end_entity,
            intermediates,
            &self.anchors,
            &self.trusted,
            &self.algorithms,
            self.usage,
            now,
        );
        *self.result.lock().unwrap_or_else(|e| e.into_inner()) = code;
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        self.record(end_entity, intermediates, now);
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_signature(message, cert, dss, &self.algorithms, false)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_signature(message, cert, dss, &self.algorithms, true)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

impl ClientCertVerifier for Recorder {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.hints
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> std::result::Result<ClientCertVerified, rustls::Error> {
        self.record(end_entity, intermediates, now);
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_signature(message, cert, dss, &self.algorithms, false)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_signature(message, cert, dss, &self.algorithms, true)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Key material lines as NSS's key log format has them (`keylog` events).
#[derive(Debug, Default)]
struct KeyLines(Mutex<Vec<String>>);

impl rustls::KeyLog for KeyLines {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let line = format!("{label} {} {}\n", hex(client_random, ""), hex(secret, ""));
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    }
}

pub(super) fn hex(bytes: &[u8], separator: &str) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(separator)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The client certificate a connection presents, if any. One object per connection
/// family: rustls resumes a session only with the credentials (and verifier) that made it.
#[derive(Debug)]
struct ClientCredentials(Option<Arc<CertifiedKey>>);

impl ResolvesClientCert for ClientCredentials {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        self.0.clone()
    }

    fn has_certs(&self) -> bool {
        self.0.is_some()
    }
}

#[derive(Debug)]
enum SessionValue {
    Tls12(Tls12ClientSessionValue),
    Tls13(Tls13ClientSessionValue),
}

/// A client session kept for JavaScript, with what a connection resuming it must reuse.
struct ClientSession {
    value: RefCell<Option<SessionValue>>,
    verifier: Arc<Recorder>,
    credentials: Arc<ClientCredentials>,
}

impl ClientSession {
    /// The session for a connection to offer. A TLS 1.2 session resumes any number of
    /// times; a TLS 1.3 ticket only once (RFC 8446 C.4), as rustls requires.
    fn redeem(&self) -> Option<SessionValue> {
        let mut value = self.value.borrow_mut();
        match &*value {
            Some(SessionValue::Tls12(session)) => Some(SessionValue::Tls12(session.clone())),
            _ => value.take(),
        }
    }
}

/// How many client sessions the engine keeps; the oldest are forgotten first.
const KEPT_SESSIONS: usize = 1024;

thread_local! {
    static CLIENT_SESSIONS: RefCell<VecDeque<([u8; 16], Rc<ClientSession>)>> =
        const { RefCell::new(VecDeque::new()) };
}

/// Keeps `session`; the id JavaScript carries for it.
fn keep_session(session: ClientSession) -> [u8; 16] {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).expect("kernel random source");
    CLIENT_SESSIONS.with_borrow_mut(|sessions| {
        if sessions.len() == KEPT_SESSIONS {
            sessions.pop_front();
        }
        sessions.push_back((id, Rc::new(session)));
    });
    id
}

fn find_session(id: &[u8]) -> Option<Rc<ClientSession>> {
    CLIENT_SESSIONS.with_borrow(|sessions| {
        sessions
            .iter()
            .find(|(kept, _)| kept.as_slice() == id)
            .map(|(_, session)| session.clone())
    })
}

/// One client connection's session store: the session it offers to resume, and those
/// the server sent that JavaScript has not taken yet.
#[derive(Debug, Default)]
struct SessionSlots {
    offered: Mutex<Option<SessionValue>>,
    received: Mutex<Vec<SessionValue>>,
}

impl ClientSessionStore for SessionSlots {
    fn set_kx_hint(&self, _server_name: ServerName<'static>, _group: NamedGroup) {}

    fn kx_hint(&self, _server_name: &ServerName<'_>) -> Option<NamedGroup> {
        None
    }

    fn set_tls12_session(&self, _server_name: ServerName<'static>, value: Tls12ClientSessionValue) {
        lock(&self.received).push(SessionValue::Tls12(value));
    }

    fn tls12_session(&self, _server_name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        match &*lock(&self.offered) {
            Some(SessionValue::Tls12(value)) => Some(value.clone()),
            _ => None,
        }
    }

    fn remove_tls12_session(&self, _server_name: &ServerName<'static>) {
        let mut offered = lock(&self.offered);
        if matches!(*offered, Some(SessionValue::Tls12(_))) {
            *offered = None;
        }
    }

    fn insert_tls13_ticket(
        &self,
        _server_name: ServerName<'static>,
        value: Tls13ClientSessionValue,
    ) {
        lock(&self.received).push(SessionValue::Tls13(value));
    }

    fn take_tls13_ticket(
        &self,
        _server_name: &ServerName<'static>,
    ) -> Option<Tls13ClientSessionValue> {
        let mut offered = lock(&self.offered);
        match offered.take() {
            Some(SessionValue::Tls13(value)) => Some(value),
            other => {
                *offered = other;
                None
            }
        }
    }
}

/// What a client connection needs to hand its sessions to JavaScript.
struct ClientParts {
    sessions: Arc<SessionSlots>,
    /// The kept session this connection offered to resume, if any.
    resumed: Option<Rc<ClientSession>>,
    verifier: Arc<Recorder>,
    credentials: Arc<ClientCredentials>,
}

/// Node's `ticketKeys`: a 16-byte key name, a 16-byte AES key and a 16-byte HMAC key. A
/// ticket is the key name, a 12-byte nonce and the session sealed with AES-128-GCM under
/// the AES key (the name as additional data). GCM authenticates the ticket itself, so the
/// HMAC key is kept only to be given back by `getTicketKeys()`. Tickets sealed under other
/// keys are not redeemed: the client gets a full handshake and a new ticket.
#[derive(Debug)]
struct TicketKeys {
    keys: Mutex<[u8; 48]>,
    lifetime: Arc<AtomicU32>,
}

impl TicketKeys {
    fn aead(keys: &[u8; 48]) -> Option<ring::aead::LessSafeKey> {
        let key = ring::aead::UnboundKey::new(&ring::aead::AES_128_GCM, &keys[16..32]).ok()?;
        Some(ring::aead::LessSafeKey::new(key))
    }
}

impl ProducesTickets for TicketKeys {
    fn enabled(&self) -> bool {
        true
    }

    fn lifetime(&self) -> u32 {
        self.lifetime.load(Ordering::Relaxed)
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let keys = *lock(&self.keys);
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).ok()?;
        let mut sealed = plain.to_vec();
        Self::aead(&keys)?
            .seal_in_place_append_tag(
                ring::aead::Nonce::assume_unique_for_key(nonce),
                ring::aead::Aad::from(&keys[..16]),
                &mut sealed,
            )
            .ok()?;
        let mut ticket = Vec::with_capacity(28 + sealed.len());
        ticket.extend_from_slice(&keys[..16]);
        ticket.extend_from_slice(&nonce);
        ticket.extend_from_slice(&sealed);
        Some(ticket)
    }

    fn decrypt(&self, ticket: &[u8]) -> Option<Vec<u8>> {
        let keys = *lock(&self.keys);
        if ticket.len() < 28 || ticket[..16] != keys[..16] {
            return None;
        }
        let nonce = ring::aead::Nonce::try_assume_unique_for_key(&ticket[16..28]).ok()?;
        let mut sealed = ticket[28..].to_vec();
        let plain = Self::aead(&keys)?
            .open_in_place(nonce, ring::aead::Aad::from(&keys[..16]), &mut sealed)
            .ok()?;
        Some(plain.to_vec())
    }
}

/// How many sessions a server context keeps for resumption by session ID.
const SERVER_CACHE_SIZE: usize = 256;

/// A `SecureContext`'s server-side session state, shared by every connection it accepts.
#[derive(Trace, JsLifetime)]
#[rquickjs::class]
pub struct ServerSessions {
    #[qjs(skip_trace)]
    cache: Arc<dyn StoresServerSessions>,
    #[qjs(skip_trace)]
    tickets: Arc<TicketKeys>,
    /// Seconds a session stays resumable (Node's `sessionTimeout`, 300 by default).
    #[qjs(skip_trace)]
    lifetime: Arc<AtomicU32>,
}

impl ServerSessions {
    fn new() -> Self {
        let mut keys = [0u8; 48];
        getrandom::fill(&mut keys).expect("kernel random source");
        let lifetime = Arc::new(AtomicU32::new(300));
        ServerSessions {
            cache: ServerSessionMemoryCache::new(SERVER_CACHE_SIZE),
            tickets: Arc::new(TicketKeys {
                keys: Mutex::new(keys),
                lifetime: lifetime.clone(),
            }),
            lifetime,
        }
    }
}

enum State {
    /// A server connection before its ClientHello is complete.
    Accepting(Acceptor),
    /// A server connection that has its ClientHello and waits for `accept`.
    Accepted(Accepted),
    Open(Connection),
    Failed,
}

struct Tls {
    state: State,
    /// Bytes to send that do not come from a connection (an alert while accepting).
    output: Vec<u8>,
    /// Plaintext received and not yet read.
    plain: Vec<u8>,
    verify: Option<Arc<Mutex<Option<&'static str>>>>,
    /// Whether a chain was requested from the peer (a client always asks).
    expects_peer: bool,
    /// The `ca` certificates, which complete the peer's chain as `info()` reports it.
    trusted: Vec<CertificateDer<'static>>,
    keylog: Arc<KeyLines>,
    client: Option<ClientParts>,
}

impl Tls {
    fn new(state: State) -> Self {
        Tls {
            state,
            output: Vec::new(),
            plain: Vec::new(),
            verify: None,
            expects_peer: false,
            trusted: Vec::new(),
            keylog: Arc::default(),
            client: None,
        }
    }

    fn fail(
        &mut self,
        error: rustls::Error,
        alert: Option<rustls::server::AcceptedAlert>,
    ) -> TlsError {
        if let Some(mut alert) = alert {
            let _ = alert.write_all(&mut self.output);
        }
        self.state = State::Failed;
        tls_error(&error)
    }

    /// Feeds the peer's bytes in; how many were taken. A server connection stops taking
    /// them once its ClientHello is complete, until it is accepted.
    fn receive(&mut self, mut data: &[u8]) -> std::result::Result<usize, TlsError> {
        let total = data.len();
        while !data.is_empty() {
            match &mut self.state {
                State::Accepting(acceptor) => {
                    acceptor
                        .read_tls(&mut data)
                        .map_err(|e| TlsError::new("ERR_SSL_HANDSHAKE_FAILURE", e.to_string()))?;
                    match acceptor.accept() {
                        Ok(Some(accepted)) => self.state = State::Accepted(accepted),
                        Ok(None) => {}
                        Err((error, alert)) => return Err(self.fail(error, Some(alert))),
                    }
                }
                State::Accepted(_) | State::Failed => break,
                State::Open(connection) => {
                    connection
                        .read_tls(&mut data)
                        .map_err(|e| TlsError::new("ERR_SSL_HANDSHAKE_FAILURE", e.to_string()))?;
                    if let Err(error) = connection.process_new_packets() {
                        // The alert rustls queued for the peer still goes out.
                        while connection.wants_write() {
                            if connection.write_tls(&mut self.output).is_err() {
                                break;
                            }
                        }
                        self.state = State::Failed;
                        return Err(tls_error(&error));
                    }
                    // Drained as it comes: rustls holds only so much unread plaintext.
                    let mut chunk = [0u8; 16384];
                    while let Ok(n @ 1..) = connection.reader().read(&mut chunk) {
                        self.plain.extend_from_slice(&chunk[..n]);
                    }
                }
            }
        }
        Ok(total - data.len())
    }
}

/// The connection, or a JS error when it is not open.
fn open<'a>(ctx: &Ctx<'_>, tls: &'a mut Tls) -> Result<&'a mut Connection> {
    match &mut tls.state {
        State::Open(connection) => Ok(connection),
        _ => Err(Exception::throw_message(
            ctx,
            "TLS connection is not established",
        )),
    }
}

fn server_name(name: Option<String>) -> ServerName<'static> {
    name.and_then(|n| ServerName::try_from(n).ok())
        .unwrap_or(ServerName::IpAddress(std::net::Ipv4Addr::LOCALHOST.into()))
}

fn client(options: &Object<'_>) -> std::result::Result<Tls, TlsError> {
    let settings = settings(options)?;
    // A session to resume comes with the verifier and credentials that made it (its
    // verification result included), as rustls requires.
    let resumed = options
        .get::<_, Option<TypedArray<u8>>>("session")
        .ok()
        .flatten()
        .and_then(|id| find_session(super::bytes(&id)));
    let (verifier, credentials) = match &resumed {
        Some(session) => (session.verifier.clone(), session.credentials.clone()),
        None => (
            Arc::new(settings.verifier(Usage::Server)),
            Arc::new(ClientCredentials(settings.certified.clone())),
        ),
    };
    let sessions = Arc::new(SessionSlots::default());
    *lock(&sessions.offered) = resumed.as_ref().and_then(|session| session.redeem());
    let mut config = ClientConfig::builder_with_provider(settings.provider()?)
        .with_protocol_versions(&settings.versions)
        .map_err(|e| tls_error(&e))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_client_cert_resolver(credentials.clone());
    config.resumption = Resumption::store(sessions.clone());
    config.alpn_protocols = settings.alpn;
    let servername: Option<String> = options.get("servername").ok().flatten();
    config.enable_sni = servername.is_some();
    let mut tls = Tls::new(State::Failed);
    config.key_log = tls.keylog.clone();
    let mut connection = ClientConnection::new(Arc::new(config), server_name(servername))
        .map_err(|e| tls_error(&e))?;
    connection.set_buffer_limit(None);
    tls.state = State::Open(connection.into());
    tls.verify = Some(verifier.result.clone());
    tls.expects_peer = true;
    tls.trusted = settings.trusted;
    tls.client = Some(ClientParts {
        sessions,
        resumed,
        verifier,
        credentials,
    });
    Ok(tls)
}

fn accept(
    tls: &mut Tls,
    options: &Object<'_>,
    sessions: &ServerSessions,
) -> std::result::Result<(), TlsError> {
    let settings = settings(options)?;
    let request_cert = options.get::<_, Option<bool>>("requestCert").ok().flatten() == Some(true);
    tls.trusted = settings.trusted.clone();
    let builder = ServerConfig::builder_with_provider(settings.provider()?)
        .with_protocol_versions(&settings.versions)
        .map_err(|e| tls_error(&e))?;
    let builder = if request_cert {
        let verifier = Arc::new(settings.verifier(Usage::Client));
        tls.verify = Some(verifier.result.clone());
        tls.expects_peer = true;
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let Some(certified) = settings.certified else {
        return Err(TlsError::new(
            "ERR_SSL_NO_SHARED_CIPHER",
            "no shared cipher",
        ));
    };
    let mut config = builder.with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
    config.alpn_protocols = settings.alpn;
    config.key_log = tls.keylog.clone();
    config.session_storage = sessions.cache.clone();
    config.ticketer = sessions.tickets.clone();
    let State::Accepted(accepted) = std::mem::replace(&mut tls.state, State::Failed) else {
        return Err(TlsError::new(
            "ERR_SSL_UNEXPECTED_MESSAGE",
            "no ClientHello to accept",
        ));
    };
    match accepted.into_connection(Arc::new(config)) {
        Ok(mut connection) => {
            connection.set_buffer_limit(None);
            tls.state = State::Open(connection.into());
            Ok(())
        }
        Err((error, alert)) => Err(tls.fail(error, Some(alert))),
    }
}

fn version_name(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::TLSv1_3 => "TLSv1.3",
        ProtocolVersion::TLSv1_2 => "TLSv1.2",
        _ => "unknown",
    }
}

/// `{ protocol, cipher, standardName, alpn, servername, peerCertificates, verifyError }`.
fn info<'js>(ctx: &Ctx<'js>, tls: &Tls) -> Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    let State::Open(connection) = &tls.state else {
        return Ok(object);
    };
    if let Some(version) = connection.protocol_version() {
        object.set("protocol", version_name(version))?;
    }
    if let Some(suite) = connection.negotiated_cipher_suite() {
        let id = suite.suite();
        if let Some((_, name, standard, _)) = SUITES.iter().find(|(s, ..)| *s == id) {
            object.set("cipher", *name)?;
            object.set("standardName", *standard)?;
        }
    }
    object.set(
        "reused",
        connection.handshake_kind() == Some(HandshakeKind::Resumed),
    )?;
    if let Some(alpn) = connection.alpn_protocol() {
        object.set("alpn", alpn.iter().map(|&b| b as char).collect::<String>())?;
    }
    if let Connection::Server(server) = connection {
        object.set("servername", server.server_name())?;
    }
    if let Some(chain) = connection.peer_certificates() {
        let chain = complete_chain(
            chain.iter().map(|c| c.clone().into_owned()).collect(),
            &tls.trusted,
        );
        let certs = Array::new(ctx.clone())?;
        for (i, cert) in chain.iter().enumerate() {
            certs.set(i, TypedArray::<u8>::new_copy(ctx.clone(), cert.as_ref())?)?;
        }
        object.set("peerCertificates", certs)?;
    }
    let verify_error = match &tls.verify {
        Some(result) => *result.lock().unwrap_or_else(|e| e.into_inner()),
        None => None,
    };
    let verify_error = match (verify_error, connection.peer_certificates()) {
        (Some(code), _) => Some(code),
        (None, None) if tls.expects_peer => Some("UNSPECIFIED"),
        (None, _) => None,
    };
    object.set("verifyError", verify_error)?;
    Ok(object)
}

fn handle<'js>(ctx: &Ctx<'js>, tls: Tls) -> Result<Object<'js>> {
    let tls = Rc::new(RefCell::new(tls));
    let object = Object::new(ctx.clone())?;
    let t = tls.clone();
    // Feeds the peer's bytes in; throws the TLS failure they cause.
    super::set_fn(
        ctx,
        &object,
        "receive",
        move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| {
            let data = super::bytes(&data).to_vec();
            t.borrow_mut().receive(&data).map_err(|e| throw(&ctx, e))
        },
    )?;
    let t = tls.clone();
    // The ClientHello's `{ servername, alpn }` while a server connection waits for `accept`.
    super::set_fn(
        ctx,
        &object,
        "clientHello",
        move |ctx: Ctx<'js>| -> Result<Value<'js>> {
            let tls = t.borrow();
            let State::Accepted(accepted) = &tls.state else {
                return Ok(Value::new_null(ctx));
            };
            let hello = accepted.client_hello();
            let object = Object::new(ctx.clone())?;
            object.set("servername", hello.server_name())?;
            let protocols: Option<Vec<String>> = hello.alpn().map(|list| {
                list.map(|p| p.iter().map(|&b| b as char).collect())
                    .collect()
            });
            object.set("alpn", protocols)?;
            Ok(object.into_value())
        },
    )?;
    let t = tls.clone();
    super::set_fn(
        ctx,
        &object,
        "accept",
        move |ctx: Ctx<'js>, options: Object<'js>, sessions: Class<'js, ServerSessions>| {
            accept(&mut t.borrow_mut(), &options, &sessions.borrow()).map_err(|e| throw(&ctx, e))
        },
    )?;
    let t = tls.clone();
    // All the plaintext received so far, or null.
    super::set_fn(
        ctx,
        &object,
        "read",
        move |ctx: Ctx<'js>| -> Result<Value<'js>> {
            let plain = std::mem::take(&mut t.borrow_mut().plain);
            if plain.is_empty() {
                return Ok(Value::new_null(ctx));
            }
            Ok(TypedArray::<u8>::new(ctx, plain)?.into_value())
        },
    )?;
    let t = tls.clone();
    super::set_fn(
        ctx,
        &object,
        "write",
        // Sends `data` in records of at most `max_fragment` bytes of plaintext.
        move |ctx: Ctx<'js>, data: TypedArray<'js, u8>, max_fragment: usize| {
            let mut tls = t.borrow_mut();
            let mut writer = open(&ctx, &mut tls)?.writer();
            for fragment in super::bytes(&data).chunks(max_fragment.max(1)) {
                writer
                    .write_all(fragment)
                    .map_err(|e| Exception::throw_message(&ctx, &e.to_string()))?;
            }
            Ok::<_, rquickjs::Error>(())
        },
    )?;
    let t = tls.clone();
    // The bytes to send to the peer, or null.
    super::set_fn(
        ctx,
        &object,
        "takeOutput",
        move |ctx: Ctx<'js>| -> Result<Value<'js>> {
            let mut tls = t.borrow_mut();
            let mut out = std::mem::take(&mut tls.output);
            if let State::Open(connection) = &mut tls.state {
                while connection.wants_write() {
                    if connection.write_tls(&mut out).is_err() {
                        break;
                    }
                }
            }
            if out.is_empty() {
                return Ok(Value::new_null(ctx));
            }
            Ok(TypedArray::<u8>::new(ctx, out)?.into_value())
        },
    )?;
    let t = tls.clone();
    super::set_fn(ctx, &object, "isHandshaking", move || {
        match &t.borrow().state {
            State::Open(connection) => connection.is_handshaking(),
            _ => true,
        }
    })?;
    let t = tls.clone();
    // Whether the peer sent close_notify.
    super::set_fn(ctx, &object, "peerClosed", move || {
        match &mut t.borrow_mut().state {
            State::Open(connection) => connection
                .process_new_packets()
                .map(|io| io.peer_has_closed())
                .unwrap_or(false),
            _ => false,
        }
    })?;
    let t = tls.clone();
    super::set_fn(ctx, &object, "closeNotify", move || {
        if let State::Open(connection) = &mut t.borrow_mut().state {
            connection.send_close_notify();
        }
    })?;
    let t = tls.clone();
    super::set_fn(ctx, &object, "info", move |ctx: Ctx<'js>| {
        info(&ctx, &t.borrow())
    })?;
    let t = tls.clone();
    // Ids of the new sessions the server sent since the last call (a client's `session`
    // events); none once the connection resumed a session, which they renew instead.
    super::set_fn(
        ctx,
        &object,
        "takeSessions",
        move |ctx: Ctx<'js>| -> Result<Vec<TypedArray<'js, u8>>> {
            let tls = t.borrow();
            let Some(parts) = &tls.client else {
                return Ok(Vec::new());
            };
            let mut received = std::mem::take(&mut *lock(&parts.sessions.received));
            let reused = matches!(&tls.state, State::Open(connection)
                if connection.handshake_kind() == Some(HandshakeKind::Resumed));
            if let (true, Some(session)) = (reused, &parts.resumed) {
                if let Some(value) = received.pop() {
                    *session.value.borrow_mut() = Some(value);
                }
                return Ok(Vec::new());
            }
            received
                .into_iter()
                .map(|value| {
                    let id = keep_session(ClientSession {
                        value: RefCell::new(Some(value)),
                        verifier: parts.verifier.clone(),
                        credentials: parts.credentials.clone(),
                    });
                    TypedArray::<u8>::new_copy(ctx.clone(), id)
                })
                .collect()
        },
    )?;
    let t = tls.clone();
    // RFC 5705 keying material: `length` bytes for `label` and the optional `context`.
    super::set_fn(
        ctx,
        &object,
        "exportKeyingMaterial",
        move |ctx: Ctx<'js>,
              length: usize,
              label: String,
              context: Option<TypedArray<'js, u8>>|
              -> Result<TypedArray<'js, u8>> {
            let context = context.as_ref().map(|c| super::bytes(c).to_vec());
            let mut tls = t.borrow_mut();
            let material = open(&ctx, &mut tls)?
                .export_keying_material(vec![0u8; length], label.as_bytes(), context.as_deref())
                .map_err(|e| throw(&ctx, tls_error(&e)))?;
            TypedArray::<u8>::new(ctx, material)
        },
    )?;
    let t = tls.clone();
    // Key log lines written since the last call.
    super::set_fn(ctx, &object, "takeKeylog", move || -> Vec<String> {
        std::mem::take(
            &mut *t
                .borrow()
                .keylog
                .0
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
    })?;
    Ok(object)
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    // Throws what a connection with these settings would fail on (bad PEM, mismatched key).
    super::set_fn(
        ctx,
        &o,
        "checkContext",
        |ctx: Ctx<'js>, options: Object<'js>| {
            settings(&options).map(drop).map_err(|e| throw(&ctx, e))
        },
    )?;
    super::set_fn(ctx, &o, "client", |ctx: Ctx<'js>, options: Object<'js>| {
        let tls = client(&options).map_err(|e| throw(&ctx, e))?;
        handle(&ctx, tls)
    })?;
    super::set_fn(ctx, &o, "serverSessions", |ctx: Ctx<'js>| {
        Class::instance(ctx, ServerSessions::new())
    })?;
    // The 48 bytes of a server context's ticket keys.
    super::set_fn(
        ctx,
        &o,
        "getTicketKeys",
        |ctx: Ctx<'js>, sessions: Class<'js, ServerSessions>| {
            let keys = *lock(&sessions.borrow().tickets.keys);
            TypedArray::<u8>::new_copy(ctx, keys)
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "setTicketKeys",
        |ctx: Ctx<'js>, sessions: Class<'js, ServerSessions>, keys: TypedArray<'js, u8>| {
            let keys: [u8; 48] = super::bytes(&keys)
                .try_into()
                .map_err(|_| Exception::throw_range(&ctx, "ticket keys must be 48 bytes"))?;
            *lock(&sessions.borrow().tickets.keys) = keys;
            Ok::<_, rquickjs::Error>(())
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "setSessionTimeout",
        |sessions: Class<'js, ServerSessions>, seconds: u32| {
            sessions.borrow().lifetime.store(seconds, Ordering::Relaxed);
        },
    )?;
    super::set_fn(ctx, &o, "server", |ctx: Ctx<'js>| {
        handle(&ctx, Tls::new(State::Accepting(Acceptor::default())))
    })?;
    // `[name, standardName, version]` of each suite.
    super::set_fn(ctx, &o, "cipherSuites", || -> Vec<Vec<String>> {
        SUITES
            .iter()
            .map(|(_, name, standard, version)| {
                vec![name.to_string(), standard.to_string(), version.to_string()]
            })
            .collect()
    })?;
    // The DER of each certificate in the bundled root store.
    super::set_fn(
        ctx,
        &o,
        "rootCertificates",
        |ctx: Ctx<'js>| -> Result<Array<'js>> {
            let certs = Array::new(ctx.clone())?;
            for (i, der) in webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().enumerate() {
                certs.set(i, TypedArray::<u8>::new_copy(ctx.clone(), der.as_ref())?)?;
            }
            Ok(certs)
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "parseCertificate",
        |ctx: Ctx<'js>, der: TypedArray<'js, u8>| {
            let der = super::bytes(&der).to_vec();
            super::crypto::x509::describe(&ctx, &der)
        },
    )?;
    Ok(o)
}
