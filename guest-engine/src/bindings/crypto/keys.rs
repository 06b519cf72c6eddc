//! Asymmetric keys for `KeyObject`, `sign`/`verify`, `diffieHellman` and WebCrypto: RSA,
//! RSA-PSS, DSA, EC (P-256, P-384, P-521, secp256k1), Ed25519, Ed448, X25519, X448 and finite-field Diffie-Hellman. A key crosses to JavaScript as DER (PKCS#8 for
//! private keys, SPKI for public ones) and is parsed again by each operation.

use p256::elliptic_curve::sec1::ToEncodedPoint;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, PrivateKeyInfo};
use rand_core::{CryptoRng, RngCore};
use rsa::pkcs1::{
    DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey, EncodeRsaPublicKey,
};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use spki::{DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoRef};

/// The kernel's random source as a `rand_core` generator.
pub struct KernelRng;

impl RngCore for KernelRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        getrandom::fill(dest).expect("kernel random source");
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for KernelRng {}

pub type KeyResult<T> = Result<T, String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

const ED25519_OID: &str = "1.3.101.112";
const X25519_OID: &str = "1.3.101.110";
const ED448_OID: &str = "1.3.101.113";
const X448_OID: &str = "1.3.101.111";
const RSA_OID: &str = "1.2.840.113549.1.1.1";
const RSA_PSS_OID: &str = "1.2.840.113549.1.1.10";
const MGF1_OID: &str = "1.2.840.113549.1.1.8";
const DH_OID: &str = "1.2.840.113549.1.3.1";
const DSA_OID: &str = "1.2.840.10040.4.1";
const EC_OID: &str = "1.2.840.10045.2.1";
const P256_OID: &str = "1.2.840.10045.3.1.7";
const K256_OID: &str = "1.3.132.0.10";
const P384_OID: &str = "1.3.132.0.34";
const P521_OID: &str = "1.3.132.0.35";

/// The last arc of the RFC 8410 curve key OIDs (1.3.101.x).
const ED25519_ARC: u8 = 112;
const X25519_ARC: u8 = 110;
const ED448_ARC: u8 = 113;
const X448_ARC: u8 = 111;

/// The DER AlgorithmIdentifier of an RFC 8410 curve: OID 1.3.101.`arc`, no parameters.
fn curve_algorithm(arc: u8) -> [u8; 7] {
    [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, arc]
}

/// The fixed-shape PKCS#8 encoding of an RFC 8410 private key (at most 127 bytes long):
/// version 0, the algorithm, and the key as an OCTET STRING inside the privateKey one.
fn curve_pkcs8(arc: u8, key: &[u8]) -> Vec<u8> {
    let n = key.len() as u8;
    [
        &[0x30, n + 14, 0x02, 0x01, 0x00][..],
        &curve_algorithm(arc),
        &[0x04, n + 2, 0x04, n],
        key,
    ]
    .concat()
}

/// The fixed-shape SPKI encoding of an RFC 8410 public key: the algorithm, and the key as a
/// BIT STRING with no unused bits.
fn curve_spki(arc: u8, key: &[u8]) -> Vec<u8> {
    let n = key.len() as u8;
    [
        &[0x30, n + 10][..],
        &curve_algorithm(arc),
        &[0x03, n + 1, 0x00],
        key,
    ]
    .concat()
}

/// The X448 function of RFC 7748: the clamped scalar `k` times the point with u-coordinate `u`.
fn x448(k: &[u8; 56], u: &[u8; 56]) -> [u8; 56] {
    let mut scalar = *k;
    scalar[0] &= 252;
    scalar[55] |= 128;
    let scalar = ed448_goldilocks_plus::Scalar::from_bytes(&scalar);
    (&ed448_goldilocks_plus::MontgomeryPoint(*u) * &scalar).0
}

/// The restrictions an RSA-PSS key may carry (RFC 4055): its digest, its MGF1 digest and
/// the minimum salt length.
#[derive(Clone, Copy)]
pub struct PssParams {
    pub hash: &'static str,
    pub mgf1: &'static str,
    pub salt: u8,
}

/// The digests RSA-PSS parameters may name.
const DIGEST_OIDS: [(&str, &str); 5] = [
    ("sha1", "1.3.14.3.2.26"),
    ("sha224", "2.16.840.1.101.3.4.2.4"),
    ("sha256", "2.16.840.1.101.3.4.2.1"),
    ("sha384", "2.16.840.1.101.3.4.2.2"),
    ("sha512", "2.16.840.1.101.3.4.2.3"),
];

fn digest_name(oid: &pkcs8::ObjectIdentifier) -> KeyResult<&'static str> {
    let oid = oid.to_string();
    DIGEST_OIDS
        .iter()
        .find(|(_, known)| *known == oid)
        .map(|(name, _)| *name)
        .ok_or_else(|| "Unsupported RSA-PSS digest".to_string())
}

fn digest_identifier(name: &str) -> KeyResult<spki::AlgorithmIdentifierRef<'static>> {
    let (_, oid) = DIGEST_OIDS
        .iter()
        .find(|(known, _)| *known == name)
        .ok_or_else(|| format!("Invalid digest: {name}"))?;
    Ok(spki::AlgorithmIdentifierRef {
        oid: oid.parse().map_err(err)?,
        parameters: Some(pkcs8::der::AnyRef::NULL),
    })
}

impl PssParams {
    pub fn new(hash: &str, mgf1: &str, salt: u8) -> KeyResult<Self> {
        let known = |name: &str| digest_name(&digest_identifier(name)?.oid);
        Ok(PssParams {
            hash: known(hash)?,
            mgf1: known(mgf1)?,
            salt,
        })
    }

    fn decode(parameters: Option<pkcs8::der::AnyRef<'_>>) -> KeyResult<Option<Self>> {
        let Some(any) = parameters else {
            return Ok(None);
        };
        let params: rsa::pkcs1::RsaPssParams<'_> = any.decode_as().map_err(err)?;
        let mgf1 = params
            .mask_gen
            .parameters
            .ok_or_else(|| "Invalid RSA-PSS parameters".to_string())?;
        Ok(Some(PssParams {
            hash: digest_name(&params.hash.oid)?,
            mgf1: digest_name(&mgf1.oid)?,
            salt: params.salt_len,
        }))
    }

    /// The DER of the `RSASSA-PSS-params` these restrictions are written as.
    fn encode(&self) -> KeyResult<Vec<u8>> {
        use pkcs8::der::Encode;
        rsa::pkcs1::RsaPssParams {
            hash: digest_identifier(self.hash)?,
            mask_gen: spki::AlgorithmIdentifier {
                oid: MGF1_OID.parse().map_err(err)?,
                parameters: Some(digest_identifier(self.mgf1)?),
            },
            salt_len: self.salt,
            trailer_field: Default::default(),
        }
        .to_der()
        .map_err(err)
    }
}

/// Writes an RSA-PSS key: its PKCS#1 form under the id-RSASSA-PSS algorithm, with the
/// parameters when the key is restricted; `wrap` makes the PKCS#8 or SPKI structure.
fn encode_rsa_pss(
    params: &Option<PssParams>,
    pkcs1: &[u8],
    wrap: impl FnOnce(spki::AlgorithmIdentifierRef<'_>, &[u8]) -> KeyResult<Vec<u8>>,
) -> KeyResult<Vec<u8>> {
    use pkcs8::der::Decode;
    let encoded = params.as_ref().map(PssParams::encode).transpose()?;
    let parameters = encoded
        .as_deref()
        .map(pkcs8::der::AnyRef::from_der)
        .transpose()
        .map_err(err)?;
    let algorithm = spki::AlgorithmIdentifierRef {
        oid: RSA_PSS_OID.parse().map_err(err)?,
        parameters,
    };
    wrap(algorithm, pkcs1)
}

/// The domain parameters of a Diffie-Hellman key (PKCS #3 `DHParameter`).
#[derive(Clone, PartialEq)]
pub struct DhParams {
    pub prime: BigUint,
    pub generator: BigUint,
}

impl DhParams {
    fn decode(parameters: Option<pkcs8::der::AnyRef<'_>>) -> KeyResult<Self> {
        use pkcs8::der::asn1::{SequenceOf, UintRef};
        let any = parameters.ok_or_else(|| "missing DH parameters".to_string())?;
        // prime, generator and the optional private value length.
        let values: SequenceOf<UintRef<'_>, 3> = any.decode_as().map_err(err)?;
        let mut values = values.iter();
        let mut next = || {
            values
                .next()
                .map(|value| BigUint::from_bytes_be(value.as_bytes()))
                .ok_or_else(|| "invalid DH parameters".to_string())
        };
        Ok(DhParams {
            prime: next()?,
            generator: next()?,
        })
    }

    fn algorithm_parameters(&self) -> KeyResult<Vec<u8>> {
        use pkcs8::der::Encode;
        use pkcs8::der::asn1::{SequenceOf, UintRef};
        let (prime, generator) = (self.prime.to_bytes_be(), self.generator.to_bytes_be());
        let mut values = SequenceOf::<UintRef<'_>, 2>::new();
        values
            .add(UintRef::new(&prime).map_err(err)?)
            .map_err(err)?;
        values
            .add(UintRef::new(&generator).map_err(err)?)
            .map_err(err)?;
        values.to_der().map_err(err)
    }

    /// Writes a DH key: the number as an INTEGER under the dhKeyAgreement algorithm with
    /// these parameters; `wrap` makes the PKCS#8 or SPKI structure.
    fn encode(
        &self,
        number: &BigUint,
        wrap: impl FnOnce(spki::AlgorithmIdentifierRef<'_>, &[u8]) -> KeyResult<Vec<u8>>,
    ) -> KeyResult<Vec<u8>> {
        use pkcs8::der::{Decode, Encode};
        let parameters = self.algorithm_parameters()?;
        let bytes = number.to_bytes_be();
        let integer = pkcs8::der::asn1::UintRef::new(&bytes)
            .and_then(|value| value.to_der())
            .map_err(err)?;
        let algorithm = spki::AlgorithmIdentifierRef {
            oid: DH_OID.parse().map_err(err)?,
            parameters: Some(pkcs8::der::AnyRef::from_der(&parameters).map_err(err)?),
        };
        wrap(algorithm, &integer)
    }
}

/// The number inside a DH key's INTEGER.
fn dh_number(der: &[u8]) -> KeyResult<BigUint> {
    use pkcs8::der::Decode;
    let value = pkcs8::der::asn1::UintRef::from_der(der).map_err(err)?;
    Ok(BigUint::from_bytes_be(value.as_bytes()))
}

fn private_key_info(algorithm: spki::AlgorithmIdentifierRef<'_>, key: &[u8]) -> KeyResult<Vec<u8>> {
    use pkcs8::der::Encode;
    PrivateKeyInfo::new(algorithm, key).to_der().map_err(err)
}

fn public_key_info(algorithm: spki::AlgorithmIdentifierRef<'_>, key: &[u8]) -> KeyResult<Vec<u8>> {
    use pkcs8::der::Encode;
    spki::SubjectPublicKeyInfoRef {
        algorithm,
        subject_public_key: pkcs8::der::asn1::BitStringRef::from_bytes(key).map_err(err)?,
    }
    .to_der()
    .map_err(err)
}

pub enum Private {
    Rsa(Box<RsaPrivateKey>),
    Dsa(Box<dsa::SigningKey>),
    Dh(DhParams, BigUint),
    RsaPss(Box<RsaPrivateKey>, Option<PssParams>),
    P256(p256::SecretKey),
    K256(k256::SecretKey),
    P384(p384::SecretKey),
    P521(p521::SecretKey),
    Ed25519([u8; 32]),
    X25519([u8; 32]),
    Ed448([u8; 57]),
    X448([u8; 56]),
}

pub enum Public {
    Rsa(RsaPublicKey),
    Dsa(Box<dsa::VerifyingKey>),
    Dh(DhParams, BigUint),
    RsaPss(RsaPublicKey, Option<PssParams>),
    P256(p256::PublicKey),
    K256(k256::PublicKey),
    P384(p384::PublicKey),
    P521(p521::PublicKey),
    Ed25519([u8; 32]),
    X25519([u8; 32]),
    Ed448([u8; 57]),
    X448([u8; 56]),
}

fn okp_private<const N: usize>(info: &PrivateKeyInfo<'_>) -> KeyResult<[u8; N]> {
    let inner = info.private_key;
    if inner.len() != N + 2 || inner[0] != 0x04 || inner[1] as usize != N {
        return Err("invalid curve private key".into());
    }
    Ok(inner[2..].try_into().expect("N bytes"))
}

pub fn parse_private(der: &[u8]) -> KeyResult<Private> {
    let info = PrivateKeyInfo::try_from(der).map_err(err)?;
    Ok(match info.algorithm.oid.to_string().as_str() {
        RSA_OID => Private::Rsa(Box::new(RsaPrivateKey::from_pkcs8_der(der).map_err(err)?)),
        RSA_PSS_OID => Private::RsaPss(
            Box::new(RsaPrivateKey::from_pkcs1_der(info.private_key).map_err(err)?),
            PssParams::decode(info.algorithm.parameters)?,
        ),
        EC_OID => {
            let curve = info.algorithm.parameters_oid().map_err(err)?.to_string();
            match curve.as_str() {
                P256_OID => Private::P256(p256::SecretKey::from_pkcs8_der(der).map_err(err)?),
                K256_OID => Private::K256(k256::SecretKey::from_pkcs8_der(der).map_err(err)?),
                P384_OID => Private::P384(p384::SecretKey::from_pkcs8_der(der).map_err(err)?),
                P521_OID => Private::P521(p521::SecretKey::from_pkcs8_der(der).map_err(err)?),
                _ => return Err("Unsupported curve".into()),
            }
        }
        ED25519_OID => Private::Ed25519(okp_private(&info)?),
        X25519_OID => Private::X25519(okp_private(&info)?),
        ED448_OID => Private::Ed448(okp_private(&info)?),
        X448_OID => Private::X448(okp_private(&info)?),
        DH_OID => Private::Dh(
            DhParams::decode(info.algorithm.parameters)?,
            dh_number(info.private_key)?,
        ),
        DSA_OID => Private::Dsa(Box::new(dsa::SigningKey::try_from(info).map_err(err)?)),
        _ => return Err("Unsupported key type".into()),
    })
}

pub fn parse_public(der: &[u8]) -> KeyResult<Public> {
    let info = SubjectPublicKeyInfoRef::try_from(der).map_err(err)?;
    fn raw<const N: usize>(info: &SubjectPublicKeyInfoRef<'_>) -> KeyResult<[u8; N]> {
        info.subject_public_key
            .as_bytes()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| "invalid public key".to_string())
    }
    Ok(match info.algorithm.oid.to_string().as_str() {
        RSA_OID => Public::Rsa(RsaPublicKey::from_public_key_der(der).map_err(err)?),
        RSA_PSS_OID => Public::RsaPss(
            RsaPublicKey::from_pkcs1_der(info.subject_public_key.raw_bytes()).map_err(err)?,
            PssParams::decode(info.algorithm.parameters)?,
        ),
        EC_OID => {
            let curve = info.algorithm.parameters_oid().map_err(err)?.to_string();
            match curve.as_str() {
                P256_OID => Public::P256(p256::PublicKey::from_public_key_der(der).map_err(err)?),
                K256_OID => Public::K256(k256::PublicKey::from_public_key_der(der).map_err(err)?),
                P384_OID => Public::P384(p384::PublicKey::from_public_key_der(der).map_err(err)?),
                P521_OID => Public::P521(p521::PublicKey::from_public_key_der(der).map_err(err)?),
                _ => return Err("Unsupported curve".into()),
            }
        }
        ED25519_OID => Public::Ed25519(raw(&info)?),
        X25519_OID => Public::X25519(raw(&info)?),
        ED448_OID => Public::Ed448(raw(&info)?),
        X448_OID => Public::X448(raw(&info)?),
        DH_OID => Public::Dh(
            DhParams::decode(info.algorithm.parameters)?,
            dh_number(info.subject_public_key.raw_bytes())?,
        ),
        DSA_OID => Public::Dsa(Box::new(dsa::VerifyingKey::try_from(info).map_err(err)?)),
        _ => return Err("Unsupported key type".into()),
    })
}

impl Private {
    pub fn to_pkcs8(&self) -> KeyResult<Vec<u8>> {
        Ok(match self {
            Private::Rsa(k) => k.to_pkcs8_der().map_err(err)?.as_bytes().to_vec(),
            Private::Dsa(k) => k.to_pkcs8_der().map_err(err)?.as_bytes().to_vec(),
            Private::RsaPss(k, params) => {
                let pkcs1 = k.to_pkcs1_der().map_err(err)?;
                encode_rsa_pss(params, pkcs1.as_bytes(), private_key_info)?
            }
            Private::P256(k) => k.to_pkcs8_der().map_err(err)?.as_bytes().to_vec(),
            Private::K256(k) => k.to_pkcs8_der().map_err(err)?.as_bytes().to_vec(),
            Private::P384(k) => k.to_pkcs8_der().map_err(err)?.as_bytes().to_vec(),
            Private::P521(k) => k.to_pkcs8_der().map_err(err)?.as_bytes().to_vec(),
            Private::Ed25519(k) => curve_pkcs8(ED25519_ARC, k),
            Private::X25519(k) => curve_pkcs8(X25519_ARC, k),
            Private::Ed448(k) => curve_pkcs8(ED448_ARC, k),
            Private::X448(k) => curve_pkcs8(X448_ARC, k),
            Private::Dh(params, x) => params.encode(x, private_key_info)?,
        })
    }

    pub fn public(&self) -> KeyResult<Public> {
        Ok(match self {
            Private::Rsa(k) => Public::Rsa(k.to_public_key()),
            Private::Dsa(k) => Public::Dsa(Box::new(k.verifying_key().clone())),
            Private::RsaPss(k, params) => Public::RsaPss(k.to_public_key(), *params),
            Private::P256(k) => Public::P256(k.public_key()),
            Private::K256(k) => Public::K256(k.public_key()),
            Private::P384(k) => Public::P384(k.public_key()),
            Private::P521(k) => Public::P521(k.public_key()),
            Private::Ed25519(k) => Public::Ed25519(
                ed25519_dalek::SigningKey::from_bytes(k)
                    .verifying_key()
                    .to_bytes(),
            ),
            Private::Dh(params, x) => Public::Dh(
                params.clone(),
                super::dh::public_key(&params.prime, &params.generator, x)?,
            ),
            Private::X25519(k) => Public::X25519(
                x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(*k)).to_bytes(),
            ),
            Private::Ed448(k) => Public::Ed448(
                ed448_goldilocks_plus::SigningKey::from(ed448_goldilocks_plus::SecretKey::from(*k))
                    .verifying_key()
                    .to_bytes(),
            ),
            Private::X448(k) => Public::X448(x448(
                k,
                &ed448_goldilocks_plus::MontgomeryPoint::GENERATOR.0,
            )),
        })
    }
}

impl Public {
    pub fn to_spki(&self) -> KeyResult<Vec<u8>> {
        Ok(match self {
            Public::Rsa(k) => k.to_public_key_der().map_err(err)?.as_bytes().to_vec(),
            Public::Dsa(k) => k.to_public_key_der().map_err(err)?.as_bytes().to_vec(),
            Public::RsaPss(k, params) => {
                let pkcs1 = k.to_pkcs1_der().map_err(err)?;
                encode_rsa_pss(params, pkcs1.as_bytes(), public_key_info)?
            }
            Public::P256(k) => k.to_public_key_der().map_err(err)?.as_bytes().to_vec(),
            Public::K256(k) => k.to_public_key_der().map_err(err)?.as_bytes().to_vec(),
            Public::P384(k) => k.to_public_key_der().map_err(err)?.as_bytes().to_vec(),
            Public::P521(k) => k.to_public_key_der().map_err(err)?.as_bytes().to_vec(),
            Public::Ed25519(k) => curve_spki(ED25519_ARC, k),
            Public::X25519(k) => curve_spki(X25519_ARC, k),
            Public::Ed448(k) => curve_spki(ED448_ARC, k),
            Public::X448(k) => curve_spki(X448_ARC, k),
            Public::Dh(params, y) => params.encode(y, public_key_info)?,
        })
    }

    pub fn key_type(&self) -> &'static str {
        match self {
            Public::Rsa(_) => "rsa",
            Public::Dsa(_) => "dsa",
            Public::RsaPss(..) => "rsa-pss",
            Public::P256(_) | Public::K256(_) | Public::P384(_) | Public::P521(_) => "ec",
            Public::Ed25519(_) => "ed25519",
            Public::X25519(_) => "x25519",
            Public::Ed448(_) => "ed448",
            Public::X448(_) => "x448",
            Public::Dh(..) => "dh",
        }
    }

    pub fn named_curve(&self) -> Option<&'static str> {
        match self {
            Public::P256(_) => Some("prime256v1"),
            Public::K256(_) => Some("secp256k1"),
            Public::P384(_) => Some("secp384r1"),
            Public::P521(_) => Some("secp521r1"),
            _ => None,
        }
    }

    /// Modulus length in bits and public exponent of an RSA key.
    pub fn rsa_details(&self) -> Option<(usize, Vec<u8>)> {
        match self {
            Public::Rsa(k) | Public::RsaPss(k, _) => Some((k.n().bits(), k.e().to_bytes_be())),
            _ => None,
        }
    }

    /// Bit lengths of the prime p and of the subgroup order q of a DSA key.
    pub fn dsa_details(&self) -> Option<(usize, usize)> {
        match self {
            Public::Dsa(k) => Some((k.components().p().bits(), k.components().q().bits())),
            _ => None,
        }
    }

    /// The restrictions of an RSA-PSS key, if it has any.
    pub fn pss_params(&self) -> Option<PssParams> {
        match self {
            Public::RsaPss(_, params) => *params,
            _ => None,
        }
    }

    /// The EC point (SEC1, optionally compressed) or the raw RFC 8410 curve key.
    pub fn raw(&self, compressed: bool) -> KeyResult<Vec<u8>> {
        Ok(match self {
            Public::P256(k) => k.to_encoded_point(compressed).as_bytes().to_vec(),
            Public::K256(k) => k.to_encoded_point(compressed).as_bytes().to_vec(),
            Public::P384(k) => k.to_encoded_point(compressed).as_bytes().to_vec(),
            Public::P521(k) => k.to_encoded_point(compressed).as_bytes().to_vec(),
            Public::Ed25519(k) | Public::X25519(k) => k.to_vec(),
            Public::Ed448(k) => k.to_vec(),
            Public::X448(k) => k.to_vec(),
            Public::Rsa(_) | Public::RsaPss(..) | Public::Dh(..) | Public::Dsa(_) => {
                return Err("Only EC and curve keys have a raw form".into());
            }
        })
    }
}

/// A public key from its raw form: an EC point for `curve`, or the bytes of an RFC 8410
/// curve key.
pub fn public_from_raw(kind: &str, bytes: &[u8]) -> KeyResult<Public> {
    fn okp<const N: usize>(bytes: &[u8]) -> KeyResult<[u8; N]> {
        bytes
            .try_into()
            .map_err(|_| "Invalid key length".to_string())
    }
    Ok(match kind {
        "P-256" => Public::P256(
            p256::PublicKey::from_sec1_bytes(bytes).map_err(|_| "Invalid key data".to_string())?,
        ),
        "secp256k1" => Public::K256(
            k256::PublicKey::from_sec1_bytes(bytes).map_err(|_| "Invalid key data".to_string())?,
        ),
        "P-384" => Public::P384(
            p384::PublicKey::from_sec1_bytes(bytes).map_err(|_| "Invalid key data".to_string())?,
        ),
        "P-521" => Public::P521(
            p521::PublicKey::from_sec1_bytes(bytes).map_err(|_| "Invalid key data".to_string())?,
        ),
        "ed25519" => Public::Ed25519(okp(bytes)?),
        "x25519" => Public::X25519(okp(bytes)?),
        "ed448" => Public::Ed448(okp(bytes)?),
        "x448" => Public::X448(okp(bytes)?),
        _ => return Err("Unsupported key type".into()),
    })
}

/// The subject public key (SPKI) of a DER X.509 certificate: the seventh field of its
/// `tbsCertificate`, or the sixth when the optional version is absent.
pub fn certificate_public_key(der: &[u8]) -> KeyResult<Vec<u8>> {
    use pkcs8::der::asn1::AnyRef;
    use pkcs8::der::{Decode, Encode, SliceReader, Tagged};
    let certificate = AnyRef::from_der(der).map_err(err)?;
    let mut reader = SliceReader::new(certificate.value()).map_err(err)?;
    let tbs = AnyRef::decode(&mut reader).map_err(err)?;
    let mut fields = SliceReader::new(tbs.value()).map_err(err)?;
    let mut field = AnyRef::decode(&mut fields).map_err(err)?;
    if field.tag().is_context_specific() {
        field = AnyRef::decode(&mut fields).map_err(err)?;
    }
    // `field` is the serial number; the signature algorithm, issuer, validity and subject
    // come before the key.
    for _ in 0..5 {
        field = AnyRef::decode(&mut fields).map_err(err)?;
    }
    let spki = field.to_der().map_err(err)?;
    parse_public(&spki)?;
    Ok(spki)
}

/// Re-encodes a PKCS#1 or SEC1 key as PKCS#8/SPKI.
pub fn from_legacy(format: &str, private: bool, der: &[u8]) -> KeyResult<Vec<u8>> {
    match (format, private) {
        ("pkcs1", true) => {
            Private::Rsa(Box::new(RsaPrivateKey::from_pkcs1_der(der).map_err(err)?)).to_pkcs8()
        }
        ("pkcs1", false) => Public::Rsa(RsaPublicKey::from_pkcs1_der(der).map_err(err)?).to_spki(),
        ("sec1", true) => {
            let parsed = sec1::EcPrivateKey::try_from(der).map_err(err)?;
            let curve = parsed
                .parameters
                .and_then(|p| p.named_curve())
                .map(|o| o.to_string());
            match curve.as_deref() {
                Some(P384_OID) => {
                    Private::P384(p384::SecretKey::from_sec1_der(der).map_err(err)?).to_pkcs8()
                }
                Some(P521_OID) => {
                    Private::P521(p521::SecretKey::from_sec1_der(der).map_err(err)?).to_pkcs8()
                }
                Some(K256_OID) => {
                    Private::K256(k256::SecretKey::from_sec1_der(der).map_err(err)?).to_pkcs8()
                }
                Some(P256_OID) | None => {
                    Private::P256(p256::SecretKey::from_sec1_der(der).map_err(err)?).to_pkcs8()
                }
                _ => Err("Unsupported curve".into()),
            }
        }
        ("dsa", true) => {
            // OpenSSL's DSA private key: SEQUENCE { version, p, q, g, y, x }.
            use pkcs8::der::{Decode, asn1::UintRef};
            let fields = Vec::<UintRef<'_>>::from_der(der).map_err(err)?;
            let [version, p, q, g, y, x] = fields.as_slice() else {
                return Err("invalid DSA private key".into());
            };
            if version.as_bytes() != [0] {
                return Err("invalid DSA private key".into());
            }
            let n = |v: &UintRef<'_>| BigUint::from_bytes_be(v.as_bytes());
            let components = dsa::Components::from_components(n(p), n(q), n(g)).map_err(err)?;
            let public = dsa::VerifyingKey::from_components(components, n(y)).map_err(err)?;
            let key = dsa::SigningKey::from_components(public, n(x)).map_err(err)?;
            Private::Dsa(Box::new(key)).to_pkcs8()
        }
        _ => Err(format!("Unsupported key encoding {format}")),
    }
}

/// SEC1 with the named-curve parameters OpenSSL writes (and other parsers expect).
fn sec1_with_curve(der: &[u8], curve: &str) -> KeyResult<Vec<u8>> {
    use sec1::der::Encode;
    let mut key = sec1::EcPrivateKey::try_from(der).map_err(err)?;
    let oid = curve.parse().map_err(err)?;
    key.parameters = Some(sec1::EcParameters::NamedCurve(oid));
    key.to_der().map_err(err)
}

/// Exports a key as PKCS#1 (RSA) or SEC1 (EC).
pub fn to_legacy(format: &str, private: bool, der: &[u8]) -> KeyResult<Vec<u8>> {
    if private {
        match (format, parse_private(der)?) {
            ("pkcs1", Private::Rsa(k)) => Ok(k.to_pkcs1_der().map_err(err)?.as_bytes().to_vec()),
            ("sec1", Private::P256(k)) => sec1_with_curve(&k.to_sec1_der().map_err(err)?, P256_OID),
            ("sec1", Private::K256(k)) => sec1_with_curve(&k.to_sec1_der().map_err(err)?, K256_OID),
            ("sec1", Private::P384(k)) => sec1_with_curve(&k.to_sec1_der().map_err(err)?, P384_OID),
            ("sec1", Private::P521(k)) => sec1_with_curve(&k.to_sec1_der().map_err(err)?, P521_OID),
            _ => Err(format!("Unsupported key encoding {format}")),
        }
    } else {
        match (format, parse_public(der)?) {
            ("pkcs1", Public::Rsa(k)) => Ok(k.to_pkcs1_der().map_err(err)?.as_bytes().to_vec()),
            _ => Err(format!("Unsupported key encoding {format}")),
        }
    }
}

/// JWK members (as raw big-endian bytes; JavaScript base64url-encodes them).
pub fn jwk_parts(private: bool, der: &[u8]) -> KeyResult<Vec<(&'static str, Vec<u8>)>> {
    let (public, secret) = if private {
        let key = parse_private(der)?;
        (key.public()?, Some(key))
    } else {
        (parse_public(der)?, None)
    };
    let mut parts = Vec::new();
    match &public {
        Public::Rsa(k) => {
            parts.push(("n", k.n().to_bytes_be()));
            parts.push(("e", k.e().to_bytes_be()));
        }
        Public::P256(_) | Public::K256(_) | Public::P384(_) | Public::P521(_) => {
            let point = public.raw(false)?;
            let size = (point.len() - 1) / 2;
            parts.push(("x", point[1..1 + size].to_vec()));
            parts.push(("y", point[1 + size..].to_vec()));
        }
        Public::Ed25519(k) | Public::X25519(k) => parts.push(("x", k.to_vec())),
        Public::Ed448(k) => parts.push(("x", k.to_vec())),
        Public::X448(k) => parts.push(("x", k.to_vec())),
        Public::RsaPss(..) | Public::Dh(..) | Public::Dsa(_) => {
            return Err("Unsupported JWK key type".into());
        }
    }
    match secret {
        Some(Private::Rsa(k)) => {
            let primes = k.primes();
            parts.push(("d", k.d().to_bytes_be()));
            parts.push(("p", primes[0].to_bytes_be()));
            parts.push(("q", primes[1].to_bytes_be()));
            parts.push(("dp", k.dp().map(|v| v.to_bytes_be()).unwrap_or_default()));
            parts.push(("dq", k.dq().map(|v| v.to_bytes_be()).unwrap_or_default()));
            parts.push((
                "qi",
                k.crt_coefficient()
                    .map(|v| v.to_bytes_be())
                    .unwrap_or_default(),
            ));
        }
        Some(Private::P256(k)) => parts.push(("d", k.to_bytes().to_vec())),
        Some(Private::K256(k)) => parts.push(("d", k.to_bytes().to_vec())),
        Some(Private::P384(k)) => parts.push(("d", k.to_bytes().to_vec())),
        Some(Private::P521(k)) => parts.push(("d", k.to_bytes().to_vec())),
        Some(Private::Ed25519(k)) | Some(Private::X25519(k)) => parts.push(("d", k.to_vec())),
        Some(Private::Ed448(k)) => parts.push(("d", k.to_vec())),
        Some(Private::X448(k)) => parts.push(("d", k.to_vec())),
        Some(Private::RsaPss(..)) | Some(Private::Dh(..)) | Some(Private::Dsa(_)) | None => {}
    }
    Ok(parts)
}

/// A key from JWK members; `kind` is "RSA", a curve name ("P-256", "P-384") or an OKP
/// curve ("Ed25519", "X25519", "Ed448", "X448"). Returns PKCS#8 when `d` is present, SPKI otherwise.
pub fn from_jwk(kind: &str, get: &dyn Fn(&str) -> Option<Vec<u8>>) -> KeyResult<(bool, Vec<u8>)> {
    let need = |name: &str| get(name).ok_or_else(|| format!("Invalid JWK: missing {name}"));
    let d = get("d");
    match kind {
        "RSA" => {
            let n = BigUint::from_bytes_be(&need("n")?);
            let e = BigUint::from_bytes_be(&need("e")?);
            match d {
                Some(d) => {
                    let primes = vec![
                        BigUint::from_bytes_be(&need("p")?),
                        BigUint::from_bytes_be(&need("q")?),
                    ];
                    let key =
                        RsaPrivateKey::from_components(n, e, BigUint::from_bytes_be(&d), primes)
                            .map_err(err)?;
                    Ok((true, Private::Rsa(Box::new(key)).to_pkcs8()?))
                }
                None => Ok((
                    false,
                    Public::Rsa(RsaPublicKey::new(n, e).map_err(err)?).to_spki()?,
                )),
            }
        }
        "P-256" | "secp256k1" | "P-384" | "P-521" => {
            if let Some(d) = d {
                let key = match kind {
                    "P-256" => Private::P256(
                        p256::SecretKey::from_slice(&d)
                            .map_err(|_| "Invalid JWK EC key".to_string())?,
                    ),
                    "secp256k1" => Private::K256(
                        k256::SecretKey::from_slice(&d)
                            .map_err(|_| "Invalid JWK EC key".to_string())?,
                    ),
                    "P-384" => Private::P384(
                        p384::SecretKey::from_slice(&d)
                            .map_err(|_| "Invalid JWK EC key".to_string())?,
                    ),
                    _ => Private::P521(
                        p521::SecretKey::from_slice(&d)
                            .map_err(|_| "Invalid JWK EC key".to_string())?,
                    ),
                };
                return Ok((true, key.to_pkcs8()?));
            }
            let point = [&[0x04][..], &need("x")?, &need("y")?].concat();
            Ok((false, public_from_raw(kind, &point)?.to_spki()?))
        }
        "Ed25519" | "X25519" | "Ed448" | "X448" => {
            fn b<const N: usize>(v: Vec<u8>) -> KeyResult<[u8; N]> {
                v.try_into().map_err(|_| "Invalid JWK OKP key".to_string())
            }
            let Some(d) = d else {
                let x = need("x")?;
                let key = public_from_raw(&kind.to_ascii_lowercase(), &x)
                    .map_err(|_| "Invalid JWK OKP key".to_string())?;
                return Ok((false, key.to_spki()?));
            };
            let key = match kind {
                "Ed25519" => Private::Ed25519(b(d)?),
                "X25519" => Private::X25519(b(d)?),
                "Ed448" => Private::Ed448(b(d)?),
                _ => Private::X448(b(d)?),
            };
            Ok((true, key.to_pkcs8()?))
        }
        _ => Err("Unsupported JWK key type".into()),
    }
}

/// Generates a key pair, returned as (PKCS#8, SPKI).
pub fn generate(
    kind: &str,
    modulus_length: usize,
    exponent: u64,
    curve: &str,
) -> KeyResult<(Vec<u8>, Vec<u8>)> {
    let mut rng = KernelRng;
    let key = match kind {
        "rsa" => Private::Rsa(Box::new(generate_rsa_key(modulus_length, exponent)?)),
        "ec" => match curve {
            "P-256" => Private::P256(p256::SecretKey::random(&mut rng)),
            "secp256k1" => Private::K256(k256::SecretKey::random(&mut rng)),
            "P-384" => Private::P384(p384::SecretKey::random(&mut rng)),
            "P-521" => Private::P521(p521::SecretKey::random(&mut rng)),
            _ => return Err("Invalid EC curve name".into()),
        },
        "ed25519" => Private::Ed25519(random_bytes(&mut rng)),
        "x25519" => Private::X25519(random_bytes(&mut rng)),
        "ed448" => Private::Ed448(random_bytes(&mut rng)),
        "x448" => Private::X448(random_bytes(&mut rng)),
        _ => return Err(format!("Unsupported key type {kind}")),
    };
    Ok((key.to_pkcs8()?, key.public()?.to_spki()?))
}

fn random_bytes<const N: usize>(rng: &mut KernelRng) -> [u8; N] {
    let mut bytes = [0u8; N];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// Generates a Diffie-Hellman key pair over `prime` and `generator`, as (PKCS#8, SPKI).
pub fn generate_dh(prime: &[u8], generator: u32) -> KeyResult<(Vec<u8>, Vec<u8>)> {
    let params = DhParams {
        prime: BigUint::from_bytes_be(prime),
        generator: BigUint::from(generator),
    };
    let private = super::dh::generate_private(&params.prime)?;
    let key = Private::Dh(params, private);
    Ok((key.to_pkcs8()?, key.public()?.to_spki()?))
}

/// Generates a DSA key pair over new domain parameters with an `l`-bit prime p and an `n`-bit
/// subgroup order q, as (PKCS#8, SPKI).
pub fn generate_dsa(l: usize, n: usize) -> KeyResult<(Vec<u8>, Vec<u8>)> {
    if n < 2 || l <= n {
        return Err("Invalid DSA parameter sizes".into());
    }
    let mut rng = KernelRng;
    let key = Private::Dsa(Box::new(dsa::SigningKey::generate(
        &mut rng,
        dsa_components(l, n)?,
    )));
    Ok((key.to_pkcs8()?, key.public()?.to_spki()?))
}

/// DSA domain parameters (FIPS 186-4 shape): q is a random `n`-bit prime, p = 2kq + 1 is the
/// first `l`-bit prime at or above a random start, found with the sieve the RSA primes use
/// (the residues of p modulo the small primes advance by those of 2q), and g = h^((p-1)/q)
/// for the first h > 1 that gives g != 1.
fn dsa_components(l: usize, n: usize) -> KeyResult<dsa::Components> {
    use num_bigint_dig::RandPrime;
    use num_traits::{One, ToPrimitive};
    let primes = super::dh::small_primes();
    let mut rng = KernelRng;
    loop {
        let q: BigUint = rng.gen_prime(n);
        let step = &q << 1;
        let top = BigUint::one() << (l - 1);
        let start = super::dh::random_below_bits(l) | &top;
        let start = &start - (&start % &step) + 1u32;
        let residues: Vec<(u64, u64)> = primes
            .iter()
            .map(|&r| {
                let r = BigUint::from(r);
                (
                    (&start % &r).to_u64().expect("small"),
                    (&step % &r).to_u64().expect("small"),
                )
            })
            .collect();
        for k in 0..(4 * l) as u64 {
            let sieved = primes
                .iter()
                .zip(&residues)
                .all(|(&r, &(m, s))| (m + k * s) % u64::from(r) != 0);
            if !sieved {
                continue;
            }
            let p = &start + &step * k;
            if p.bits() != l {
                break;
            }
            if !num_bigint_dig::prime::probably_prime(&p, super::dh::PRIME_ROUNDS) {
                continue;
            }
            let exponent = (&p - 1u32) / &q;
            let g = (2u32..)
                .map(|h| BigUint::from(h).modpow(&exponent, &p))
                .find(|g| !g.is_one())
                .expect("a generator exists");
            return dsa::Components::from_components(p, q, g).map_err(err);
        }
    }
}

/// Generates an RSA-PSS key pair, restricted to `params` when given, as (PKCS#8, SPKI).
/// Moduli below this size take the rsa crate's own generation (they are too small to sieve).
const MIN_SIEVED_MODULUS_BITS: usize = 128;

/// An RSA key of `modulus_length` bits. The primes come from a sieved search: candidates step
/// by two from a random start whose residues modulo the small primes advance with them, so
/// only candidates free of small factors (about one in twelve) reach the modular
/// exponentiations of the primality test, where the time goes.
fn generate_rsa_key(modulus_length: usize, exponent: u64) -> KeyResult<RsaPrivateKey> {
    let e = BigUint::from(exponent);
    if modulus_length < MIN_SIEVED_MODULUS_BITS {
        return RsaPrivateKey::new_with_exp(&mut KernelRng, modulus_length, &e).map_err(err);
    }
    // An even exponent has no inverse modulo the even p - 1: no prime would ever fit.
    if exponent < 3 || exponent.is_multiple_of(2) {
        return Err("error:020000B2:rsa routines::pub exponent out of range".into());
    }
    let primes = super::dh::small_primes();
    loop {
        let p = rsa_prime(modulus_length.div_ceil(2), exponent, &primes);
        let q = rsa_prime(modulus_length / 2, exponent, &primes);
        if p != q {
            return RsaPrivateKey::from_p_q(p, q, e).map_err(err);
        }
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A prime of exactly `bits` bits with its top two bits set, so the product of two such
/// primes has exactly the sum of their lengths, and with `p - 1` coprime to `exponent`.
fn rsa_prime(bits: usize, exponent: u64, primes: &[u32]) -> BigUint {
    use num_traits::ToPrimitive;
    loop {
        let top = (BigUint::from(3u32)) << (bits - 2);
        let start = super::dh::random_below_bits(bits) | top | BigUint::from(1u32);
        let residues: Vec<u32> = primes
            .iter()
            .map(|&r| (&start % r).to_u32().expect("small"))
            .collect();
        for delta in (0..1u32 << 20).step_by(2) {
            let sieved = primes
                .iter()
                .zip(&residues)
                .all(|(&r, &m)| (m + delta % r) % r != 0);
            if !sieved {
                continue;
            }
            let p = &start + delta;
            if p.bits() != bits {
                break;
            }
            let coprime = gcd(exponent, ((&p - 1u32) % exponent).to_u64().expect("small")) == 1;
            if coprime && num_bigint_dig::prime::probably_prime(&p, super::dh::PRIME_ROUNDS) {
                return p;
            }
        }
    }
}

pub fn generate_rsa_pss(
    modulus_length: usize,
    exponent: u64,
    params: Option<PssParams>,
) -> KeyResult<(Vec<u8>, Vec<u8>)> {
    let key = Private::RsaPss(
        Box::new(generate_rsa_key(modulus_length, exponent)?),
        params,
    );
    Ok((key.to_pkcs8()?, key.public()?.to_spki()?))
}

/// The shared secret of ECDH / X25519 / X448.
pub fn derive(private: &[u8], public: &[u8]) -> KeyResult<Vec<u8>> {
    match (parse_private(private)?, parse_public(public)?) {
        (Private::P256(s), Public::P256(p)) => Ok(p256::ecdh::diffie_hellman(
            s.to_nonzero_scalar(),
            p.as_affine(),
        )
        .raw_secret_bytes()
        .to_vec()),
        (Private::K256(s), Public::K256(p)) => Ok(k256::ecdh::diffie_hellman(
            s.to_nonzero_scalar(),
            p.as_affine(),
        )
        .raw_secret_bytes()
        .to_vec()),
        (Private::P384(s), Public::P384(p)) => Ok(p384::ecdh::diffie_hellman(
            s.to_nonzero_scalar(),
            p.as_affine(),
        )
        .raw_secret_bytes()
        .to_vec()),
        (Private::P521(s), Public::P521(p)) => Ok(p521::ecdh::diffie_hellman(
            s.to_nonzero_scalar(),
            p.as_affine(),
        )
        .raw_secret_bytes()
        .to_vec()),
        (Private::Dh(params, x), Public::Dh(peer_params, y)) => {
            if params != peer_params {
                return Err("mismatching domain parameters".into());
            }
            Ok(super::dh::compute_secret(&params.prime, &x, &y)?)
        }
        (Private::X25519(s), Public::X25519(p)) => {
            let shared = x25519_dalek::StaticSecret::from(s)
                .diffie_hellman(&x25519_dalek::PublicKey::from(p));
            if !shared.was_contributory() {
                return Err("Failed to derive shared secret".into());
            }
            Ok(shared.to_bytes().to_vec())
        }
        (Private::X448(s), Public::X448(p)) => {
            let shared = x448(&s, &p);
            if shared.iter().all(|&b| b == 0) {
                return Err("Failed to derive shared secret".into());
            }
            Ok(shared.to_vec())
        }
        _ => Err("Incompatible key types for Diffie-Hellman".into()),
    }
}

/// How an RSA or ECDSA signature is produced; `hashed` is already the message digest
/// (Ed25519 signs the message itself).
pub struct SignParams<'a> {
    pub digest: &'a str,
    pub pss: bool,
    pub salt_length: Option<usize>,
    pub p1363: bool,
}

macro_rules! with_digest {
    ($name:expr, $D:ident => $body:expr) => {
        match $name {
            "sha1" => {
                type $D = sha1::Sha1;
                $body
            }
            "sha224" => {
                type $D = sha2::Sha224;
                $body
            }
            "sha256" => {
                type $D = sha2::Sha256;
                $body
            }
            "sha384" => {
                type $D = sha2::Sha384;
                $body
            }
            "sha512" => {
                type $D = sha2::Sha512;
                $body
            }
            other => Err(format!("Invalid digest: {other}")),
        }
    };
}

/// The salt length for an RSA-PSS key: the one asked for, else the key's minimum. A
/// restricted key only signs with its own digest (used for MGF1 too) and at least its salt.
fn pss_salt(restriction: Option<PssParams>, params: &SignParams<'_>) -> KeyResult<Option<usize>> {
    let Some(restriction) = restriction else {
        return Ok(params.salt_length);
    };
    if restriction.hash != params.digest || restriction.mgf1 != params.digest {
        return Err("digest not allowed".into());
    }
    let minimum = usize::from(restriction.salt);
    match params.salt_length {
        Some(salt) if salt < minimum => Err("pss saltlen too small".into()),
        Some(salt) => Ok(Some(salt)),
        None => Ok(Some(minimum)),
    }
}

/// The salt length a PSS signature was made with, read from the encoded message the public
/// key recovers (OpenSSL's RSA_PSS_SALTLEN_AUTO, the default when verifying); `None` when
/// the signature is no well-formed PSS encoding, which then fails verification.
fn pss_recovered_salt<D: sha2::Digest>(key: &RsaPublicKey, signature: &[u8]) -> Option<usize> {
    let em_bits = key.n().bits() - 1;
    let em_len = em_bits.div_ceil(8);
    let h_len = <D as sha2::Digest>::output_size();
    let s = BigUint::from_bytes_be(signature);
    if &s >= key.n() || em_len < h_len + 2 {
        return None;
    }
    let recovered = rsa::hazmat::rsa_encrypt(key, &s).ok()?.to_bytes_be();
    if recovered.len() > em_len {
        return None;
    }
    let mut em = vec![0u8; em_len - recovered.len()];
    em.extend_from_slice(&recovered);
    if em[em_len - 1] != 0xbc {
        return None;
    }
    let (db, rest) = em.split_at_mut(em_len - h_len - 1);
    let h = &rest[..h_len];
    // Unmask the data block with MGF1 over the hash.
    for (counter, chunk) in db.chunks_mut(h_len).enumerate() {
        let mut mgf = D::new();
        mgf.update(h);
        mgf.update((counter as u32).to_be_bytes());
        chunk
            .iter_mut()
            .zip(mgf.finalize())
            .for_each(|(b, m)| *b ^= m);
    }
    db[0] &= 0xff >> (8 * em_len - em_bits);
    let separator = db.iter().position(|&b| b != 0)?;
    (db[separator] == 0x01).then(|| db.len() - separator - 1)
}

/// The salt length to verify a PSS signature with: the one asked for, else the one it carries.
fn pss_verify_salt<D: sha2::Digest>(
    key: &RsaPublicKey,
    signature: &[u8],
    salt: Option<usize>,
) -> Option<usize> {
    salt.or_else(|| pss_recovered_salt::<D>(key, signature))
}

fn pss_max_salt(bits: usize, hash_len: usize) -> usize {
    (bits - 1).div_ceil(8).saturating_sub(hash_len + 2)
}

pub fn sign(
    der: &[u8],
    message: &[u8],
    hashed: &[u8],
    params: &SignParams<'_>,
) -> KeyResult<Vec<u8>> {
    let mut rng = KernelRng;
    match parse_private(der)? {
        Private::Rsa(key) => with_digest!(params.digest, D => {
            if params.pss {
                let salt = params.salt_length.unwrap_or_else(|| pss_max_salt(key.n().bits(), hashed.len()));
                key.sign_with_rng(&mut rng, rsa::Pss::new_with_salt::<D>(salt), hashed).map_err(err)
            } else {
                key.sign(rsa::Pkcs1v15Sign::new::<D>(), hashed).map_err(err)
            }
        }),
        Private::RsaPss(key, restriction) => {
            let salt = pss_salt(restriction, params)?
                .unwrap_or_else(|| pss_max_salt(key.n().bits(), hashed.len()));
            with_digest!(params.digest, D => {
                key.sign_with_rng(&mut rng, rsa::Pss::new_with_salt::<D>(salt), hashed).map_err(err)
            })
        }
        Private::P256(key) => {
            use ecdsa::signature::hazmat::RandomizedPrehashSigner;
            let sig: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(key)
                .sign_prehash_with_rng(&mut rng, &field_prehash(hashed, 32))
                .map_err(err)?;
            Ok(if params.p1363 {
                sig.to_bytes().to_vec()
            } else {
                sig.to_der().as_bytes().to_vec()
            })
        }
        Private::K256(key) => {
            use ecdsa::signature::hazmat::RandomizedPrehashSigner;
            let sig: k256::ecdsa::Signature = k256::ecdsa::SigningKey::from(key)
                .sign_prehash_with_rng(&mut rng, &field_prehash(hashed, 32))
                .map_err(err)?;
            Ok(if params.p1363 {
                sig.to_bytes().to_vec()
            } else {
                sig.to_der().as_bytes().to_vec()
            })
        }
        Private::P384(key) => {
            use ecdsa::signature::hazmat::RandomizedPrehashSigner;
            let sig: p384::ecdsa::Signature = p384::ecdsa::SigningKey::from(key)
                .sign_prehash_with_rng(&mut rng, &field_prehash(hashed, 48))
                .map_err(err)?;
            Ok(if params.p1363 {
                sig.to_bytes().to_vec()
            } else {
                sig.to_der().as_bytes().to_vec()
            })
        }
        Private::P521(key) => {
            use ecdsa::signature::hazmat::RandomizedPrehashSigner;
            let sig: p521::ecdsa::Signature =
                p521::ecdsa::SigningKey::from(ecdsa::SigningKey::<p521::NistP521>::from(key))
                    .sign_prehash_with_rng(&mut rng, &field_prehash(hashed, 66))
                    .map_err(err)?;
            Ok(if params.p1363 {
                sig.to_bytes().to_vec()
            } else {
                sig.to_der().as_bytes().to_vec()
            })
        }
        Private::Ed25519(key) => {
            use ed25519_dalek::Signer;
            Ok(ed25519_dalek::SigningKey::from_bytes(&key)
                .sign(message)
                .to_bytes()
                .to_vec())
        }
        Private::Dsa(key) => {
            use ecdsa::signature::hazmat::RandomizedPrehashSigner;
            let sig = key.sign_prehash_with_rng(&mut rng, hashed).map_err(err)?;
            if params.p1363 {
                let size = key.verifying_key().components().q().bits().div_ceil(8);
                Ok([left_pad(sig.r(), size), left_pad(sig.s(), size)].concat())
            } else {
                use pkcs8::der::Encode;
                sig.to_der().map_err(err)
            }
        }
        Private::Ed448(key) => Ok(ed448_goldilocks_plus::SigningKey::from(
            ed448_goldilocks_plus::SecretKey::from(key),
        )
        .sign_raw(message)
        .to_bytes()
        .to_vec()),
        Private::X25519(_) | Private::X448(_) | Private::Dh(..) => {
            Err("Operation not supported for this key type".into())
        }
    }
}

/// An ECDSA digest as the curve's signing code takes it: OpenSSL accepts digests shorter than
/// the field (SHA-1 with P-384, SHA-256 with P-521), whose integer value is the same once
/// zero-padded on the left to the field's length.
fn field_prehash(hashed: &[u8], field_bytes: usize) -> Vec<u8> {
    let mut padded = vec![0u8; field_bytes.saturating_sub(hashed.len())];
    padded.extend_from_slice(hashed);
    padded
}

pub fn verify(
    der: &[u8],
    message: &[u8],
    hashed: &[u8],
    signature: &[u8],
    params: &SignParams<'_>,
) -> KeyResult<bool> {
    match parse_public(der)? {
        Public::Rsa(key) => with_digest!(params.digest, D => {
            if params.pss {
                Ok(pss_verify_salt::<D>(&key, signature, params.salt_length)
                    .is_some_and(|salt| key.verify(rsa::Pss::new_with_salt::<D>(salt), hashed, signature).is_ok()))
            } else {
                Ok(key.verify(rsa::Pkcs1v15Sign::new::<D>(), hashed, signature).is_ok())
            }
        }),
        Public::RsaPss(key, restriction) => {
            let salt = pss_salt(restriction, params)?;
            with_digest!(params.digest, D => {
                Ok(pss_verify_salt::<D>(&key, signature, salt)
                    .is_some_and(|salt| key.verify(rsa::Pss::new_with_salt::<D>(salt), hashed, signature).is_ok()))
            })
        }
        Public::P256(key) => {
            use ecdsa::signature::hazmat::PrehashVerifier;
            let sig = if params.p1363 {
                p256::ecdsa::Signature::from_slice(signature)
            } else {
                p256::ecdsa::Signature::from_der(signature)
            };
            Ok(sig.is_ok_and(|sig| {
                p256::ecdsa::VerifyingKey::from(key)
                    .verify_prehash(&field_prehash(hashed, 32), &sig)
                    .is_ok()
            }))
        }
        Public::K256(key) => {
            use ecdsa::signature::hazmat::PrehashVerifier;
            let sig = if params.p1363 {
                k256::ecdsa::Signature::from_slice(signature)
            } else {
                k256::ecdsa::Signature::from_der(signature)
            };
            Ok(sig.is_ok_and(|sig| {
                k256::ecdsa::VerifyingKey::from(key)
                    .verify_prehash(&field_prehash(hashed, 32), &sig)
                    .is_ok()
            }))
        }
        Public::P384(key) => {
            use ecdsa::signature::hazmat::PrehashVerifier;
            let sig = if params.p1363 {
                p384::ecdsa::Signature::from_slice(signature)
            } else {
                p384::ecdsa::Signature::from_der(signature)
            };
            Ok(sig.is_ok_and(|sig| {
                p384::ecdsa::VerifyingKey::from(key)
                    .verify_prehash(&field_prehash(hashed, 48), &sig)
                    .is_ok()
            }))
        }
        Public::P521(key) => {
            use ecdsa::signature::hazmat::PrehashVerifier;
            let sig = if params.p1363 {
                p521::ecdsa::Signature::from_slice(signature)
            } else {
                p521::ecdsa::Signature::from_der(signature)
            };
            Ok(sig.is_ok_and(|sig| {
                p521::ecdsa::VerifyingKey::from(ecdsa::VerifyingKey::<p521::NistP521>::from(key))
                    .verify_prehash(&field_prehash(hashed, 66), &sig)
                    .is_ok()
            }))
        }
        Public::Ed25519(key) => {
            let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&key) else {
                return Ok(false);
            };
            let Ok(sig) = ed25519_dalek::Signature::from_slice(signature) else {
                return Ok(false);
            };
            Ok(key.verify_strict(message, &sig).is_ok())
        }
        Public::Dsa(key) => {
            use ecdsa::signature::hazmat::PrehashVerifier;
            let sig = if params.p1363 {
                let half = signature.len() / 2;
                if signature.len() != 2 * key.components().q().bits().div_ceil(8) {
                    return Ok(false);
                }
                dsa::Signature::from_components(
                    BigUint::from_bytes_be(&signature[..half]),
                    BigUint::from_bytes_be(&signature[half..]),
                )
            } else {
                use pkcs8::der::Decode;
                dsa::Signature::from_der(signature).map_err(|_| ecdsa::signature::Error::new())
            };
            Ok(sig.is_ok_and(|sig| key.verify_prehash(hashed, &sig).is_ok()))
        }
        Public::Ed448(key) => {
            let Ok(key) = ed448_goldilocks_plus::VerifyingKey::from_bytes(&key) else {
                return Ok(false);
            };
            let Some(sig) = signature
                .try_into()
                .ok()
                .and_then(|bytes| ed448_goldilocks_plus::Signature::from_bytes(bytes).ok())
            else {
                return Ok(false);
            };
            Ok(key.verify_raw(&sig, message).is_ok())
        }
        Public::X25519(_) | Public::X448(_) | Public::Dh(..) => {
            Err("Operation not supported for this key type".into())
        }
    }
}

/// RSA encryption: OAEP with `digest` and `label`, or PKCS#1 v1.5 when `digest` is None.
pub fn rsa_encrypt(
    der: &[u8],
    data: &[u8],
    digest: Option<&str>,
    label: &[u8],
) -> KeyResult<Vec<u8>> {
    let Public::Rsa(key) = parse_public(der)? else {
        return Err("RSA key required".into());
    };
    let mut rng = KernelRng;
    match digest {
        None => key
            .encrypt(&mut rng, rsa::Pkcs1v15Encrypt, data)
            .map_err(err),
        Some(name) => with_digest!(name, D => {
            let mut padding = rsa::Oaep::new::<D>();
            padding.label = (!label.is_empty()).then(|| String::from_utf8_lossy(label).into_owned());
            key.encrypt(&mut rng, padding, data).map_err(err)
        }),
    }
}

pub fn rsa_decrypt(
    der: &[u8],
    data: &[u8],
    digest: Option<&str>,
    label: &[u8],
) -> KeyResult<Vec<u8>> {
    let Private::Rsa(key) = parse_private(der)? else {
        return Err("RSA key required".into());
    };
    match digest {
        None => key.decrypt(rsa::Pkcs1v15Encrypt, data).map_err(err),
        Some(name) => with_digest!(name, D => {
            let mut padding = rsa::Oaep::new::<D>();
            padding.label = (!label.is_empty()).then(|| String::from_utf8_lossy(label).into_owned());
            key.decrypt(padding, data).map_err(err)
        }),
    }
}

/// Whether `der` is an `EncryptedPrivateKeyInfo` (an encrypted PKCS#8 key).
pub fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    pkcs8::EncryptedPrivateKeyInfo::try_from(der).is_ok()
}

/// Encrypts a PKCS#8 key with PBES2 as OpenSSL does by default: PBKDF2-HMAC-SHA256 over
/// 2048 iterations with a random 16-byte salt, then `cipher` (AES-CBC) under a random IV.
pub fn encrypt_pkcs8(der: &[u8], cipher: &str, passphrase: &[u8]) -> KeyResult<Vec<u8>> {
    use pkcs8::pkcs5::pbes2::{EncryptionScheme, Parameters, Pbkdf2Params};
    let (mut salt, mut iv) = ([0u8; 16], [0u8; 16]);
    KernelRng.fill_bytes(&mut salt);
    KernelRng.fill_bytes(&mut iv);
    let encryption = match cipher {
        "aes-128-cbc" => EncryptionScheme::Aes128Cbc { iv: &iv },
        "aes-192-cbc" => EncryptionScheme::Aes192Cbc { iv: &iv },
        "aes-256-cbc" => EncryptionScheme::Aes256Cbc { iv: &iv },
        _ => return Err(format!("unsupported PKCS#8 cipher {cipher}")),
    };
    let kdf = Pbkdf2Params::hmac_with_sha256(2048, &salt)
        .map_err(err)?
        .into();
    let document = PrivateKeyInfo::try_from(der)
        .map_err(err)?
        .encrypt_with_params(Parameters { kdf, encryption }, passphrase)
        .map_err(err)?;
    Ok(document.as_bytes().to_vec())
}

/// The PKCS#8 key inside an `EncryptedPrivateKeyInfo`.
pub fn decrypt_pkcs8(der: &[u8], passphrase: &[u8]) -> KeyResult<Vec<u8>> {
    let document = pkcs8::EncryptedPrivateKeyInfo::try_from(der)
        .map_err(err)?
        .decrypt(passphrase)
        .map_err(err)?;
    Ok(document.as_bytes().to_vec())
}

/// `value` as exactly `size` big-endian bytes.
fn left_pad(value: &BigUint, size: usize) -> Vec<u8> {
    let bytes = value.to_bytes_be();
    let mut out = vec![0u8; size.saturating_sub(bytes.len())];
    out.extend_from_slice(&bytes);
    out
}

/// `privateEncrypt`: the raw RSA private operation on `data`, padded first with PKCS#1 v1.5
/// block type 1 when `pad` is set (otherwise `data` must be exactly the modulus size).
pub fn rsa_private_encrypt(der: &[u8], data: &[u8], pad: bool) -> KeyResult<Vec<u8>> {
    let Private::Rsa(key) = parse_private(der)? else {
        return Err("RSA key required".into());
    };
    let size = key.size();
    let block = if pad {
        if data.len() + 11 > size {
            return Err("data too large for key size".into());
        }
        let mut block = vec![0xff; size];
        block[0] = 0;
        block[1] = 1;
        block[size - data.len() - 1] = 0;
        block[size - data.len()..].copy_from_slice(data);
        block
    } else if data.len() == size {
        data.to_vec()
    } else {
        return Err("data too large for key size".into());
    };
    let signed = rsa::hazmat::rsa_decrypt_and_check(
        key.as_ref(),
        Some(&mut KernelRng),
        &BigUint::from_bytes_be(&block),
    )
    .map_err(err)?;
    Ok(left_pad(&signed, size))
}

/// `publicDecrypt`: the raw RSA public operation on `data`, then removal of PKCS#1 v1.5
/// block type 1 padding when `pad` is set.
pub fn rsa_public_decrypt(der: &[u8], data: &[u8], pad: bool) -> KeyResult<Vec<u8>> {
    let Public::Rsa(key) = parse_public(der)? else {
        return Err("RSA key required".into());
    };
    let size = key.size();
    if data.len() != size {
        return Err("data greater than mod len".into());
    }
    let opened = rsa::hazmat::rsa_encrypt(&key, &BigUint::from_bytes_be(data)).map_err(err)?;
    let block = left_pad(&opened, size);
    if !pad {
        return Ok(block);
    }
    let padding_end = block[2..]
        .iter()
        .position(|&byte| byte != 0xff)
        .map(|index| index + 2);
    match padding_end {
        Some(end) if block[0] == 0 && block[1] == 1 && block[end] == 0 && end >= 10 => {
            Ok(block[end + 1..].to_vec())
        }
        _ => Err("invalid padding".into()),
    }
}
