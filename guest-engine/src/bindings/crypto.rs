//! `binding('crypto')`: hashing, HMAC, randomness, key derivation, ciphers and asymmetric
//! keys in Rust (RustCrypto crates and the kernel's random source through WASI).
//! `node:crypto` and WebCrypto give them their APIs.

mod cipher;
mod dh;
mod keys;
pub(super) mod x509;

use hmac::{Mac, SimpleHmac};
use rquickjs::{Ctx, Exception, Function, Object, Result, TypedArray};
use sha2::digest::DynDigest;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Largest single `randomBytes` request, Node's `kMaxLength` for random bytes (2^31 - 1).
const MAX_RANDOM_BYTES: usize = i32::MAX as usize;

thread_local! {
    /// xorshift128+ state behind `Math.random` (the generator V8 uses).
    static MATH_RANDOM: Cell<[u64; 2]> = const { Cell::new([0x9e37_79b9_7f4a_7c15, 0xbf58_476d_1ce4_e5b9]) };
}

/// Seeds `Math.random` from the kernel's random source. Called at every process start and
/// never during pre-initialization, which would freeze one seed into every instance.
pub fn reseed_math_random() {
    let mut seed = [0u8; 16];
    if getrandom::fill(&mut seed).is_ok() {
        let low = u64::from_le_bytes(seed[..8].try_into().expect("8 bytes"));
        let high = u64::from_le_bytes(seed[8..].try_into().expect("8 bytes"));
        MATH_RANDOM.with(|state| state.set([low | 1, high]));
    }
}

fn math_random() -> f64 {
    MATH_RANDOM.with(|state| {
        let [mut s1, s0] = state.get();
        s1 ^= s1 << 23;
        s1 ^= s1 >> 17;
        s1 ^= s0 ^ (s0 >> 26);
        state.set([s0, s1]);
        (s0.wrapping_add(s1) >> 11) as f64 / (1u64 << 53) as f64
    })
}

/// Replaces QuickJS's `Math.random`, whose seed lives in the context and would be shared by
/// every instance of a pre-initialized snapshot.
pub fn install_math_random(ctx: &Ctx<'_>) -> Result<()> {
    let math: Object = ctx.globals().get("Math")?;
    math.set(
        "random",
        Function::new(ctx.clone(), math_random)?.with_name("random")?,
    )
}

/// Runs `f` with the hash type named by `algorithm` as `D`.
macro_rules! with_hash {
    ($ctx:expr, $algorithm:expr, $D:ident => $body:expr) => {
        match $algorithm {
            "md5" => {
                type $D = md5::Md5;
                $body
            }
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
            "sha512-224" => {
                type $D = sha2::Sha512_224;
                $body
            }
            "sha512-256" => {
                type $D = sha2::Sha512_256;
                $body
            }
            "sha3-224" => {
                type $D = sha3::Sha3_224;
                $body
            }
            "sha3-256" => {
                type $D = sha3::Sha3_256;
                $body
            }
            "sha3-384" => {
                type $D = sha3::Sha3_384;
                $body
            }
            "sha3-512" => {
                type $D = sha3::Sha3_512;
                $body
            }
            "ripemd160" => {
                type $D = ripemd::Ripemd160;
                $body
            }
            other => return Err(throw($ctx, &format!("Invalid digest: {other}"))),
        }
    };
}

/// The hashes `createHash` offers, by Node's (OpenSSL's) lowercase names.
const HASHES: [&str; 15] = [
    "md5",
    "ripemd160",
    "sha1",
    "sha224",
    "sha256",
    "sha3-224",
    "sha3-256",
    "sha3-384",
    "sha3-512",
    "sha384",
    "sha512",
    "sha512-224",
    "sha512-256",
    "shake128",
    "shake256",
];

fn new_digest(algorithm: &str) -> Option<Box<dyn DynDigest>> {
    Some(match algorithm {
        "md5" => Box::new(md5::Md5::default()),
        "ripemd160" => Box::new(ripemd::Ripemd160::default()),
        "sha1" => Box::new(sha1::Sha1::default()),
        "sha224" => Box::new(sha2::Sha224::default()),
        "sha256" => Box::new(sha2::Sha256::default()),
        "sha384" => Box::new(sha2::Sha384::default()),
        "sha512" => Box::new(sha2::Sha512::default()),
        "sha512-224" => Box::new(sha2::Sha512_224::default()),
        "sha512-256" => Box::new(sha2::Sha512_256::default()),
        "sha3-224" => Box::new(sha3::Sha3_224::default()),
        "sha3-256" => Box::new(sha3::Sha3_256::default()),
        "sha3-384" => Box::new(sha3::Sha3_384::default()),
        "sha3-512" => Box::new(sha3::Sha3_512::default()),
        _ => return None,
    })
}

/// An extendable-output function (SHAKE) behind one interface.
trait DynXof {
    fn update(&mut self, data: &[u8]);
    fn finalize(self: Box<Self>, len: usize) -> Vec<u8>;
    fn box_clone(&self) -> Box<dyn DynXof>;
}

impl<X: sha3::digest::Update + sha3::digest::ExtendableOutput + Clone + 'static> DynXof for X {
    fn update(&mut self, data: &[u8]) {
        sha3::digest::Update::update(self, data);
    }
    fn finalize(self: Box<Self>, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        sha3::digest::ExtendableOutput::finalize_xof_into(*self, &mut out);
        out
    }
    fn box_clone(&self) -> Box<dyn DynXof> {
        Box::new(self.clone())
    }
}

/// A hash in progress: a fixed-size digest, or a SHAKE function with its output length
/// and the algorithm's default output length.
enum Hasher {
    Fixed(Box<dyn DynDigest>),
    Xof(Box<dyn DynXof>, usize, usize),
}

impl Hasher {
    /// `output_length` is the requested digest size; `None` takes the algorithm's default.
    fn new(
        algorithm: &str,
        output_length: Option<usize>,
    ) -> std::result::Result<Self, &'static str> {
        let xof: Option<(Box<dyn DynXof>, usize)> = match algorithm {
            "shake128" => Some((Box::new(sha3::Shake128::default()), 16)),
            "shake256" => Some((Box::new(sha3::Shake256::default()), 32)),
            _ => None,
        };
        if let Some((xof, default_length)) = xof {
            return Ok(Hasher::Xof(
                xof,
                output_length.unwrap_or(default_length),
                default_length,
            ));
        }
        let digest = new_digest(algorithm).ok_or("Digest method not supported")?;
        match output_length {
            Some(length) if length != digest.output_size() => {
                Err("ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH|not XOF or invalid length")
            }
            _ => Ok(Hasher::Fixed(digest)),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Fixed(digest) => digest.update(data),
            Hasher::Xof(xof, ..) => xof.update(data),
        }
    }

    fn finalize(self) -> Vec<u8> {
        match self {
            Hasher::Fixed(digest) => digest.finalize().into_vec(),
            Hasher::Xof(xof, length, _) => xof.finalize(length),
        }
    }

    /// A copy of the state; a SHAKE copy has `output_length` or else the default size.
    fn copy(&self, output_length: Option<usize>) -> std::result::Result<Self, &'static str> {
        match self {
            Hasher::Fixed(digest) => match output_length {
                Some(length) if length != digest.output_size() => {
                    Err("ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH|not XOF or invalid length")
                }
                _ => Ok(Hasher::Fixed(digest.box_clone())),
            },
            Hasher::Xof(xof, _, default_length) => Ok(Hasher::Xof(
                xof.box_clone(),
                output_length.unwrap_or(*default_length),
                *default_length,
            )),
        }
    }
}

/// A keyed MAC behind one interface for every supported hash.
trait DynMac {
    fn update(&mut self, data: &[u8]);
    fn finalize(self: Box<Self>) -> Vec<u8>;
}

impl<M: Mac + 'static> DynMac for M {
    fn update(&mut self, data: &[u8]) {
        Mac::update(self, data);
    }
    fn finalize(self: Box<Self>) -> Vec<u8> {
        Mac::finalize(*self).into_bytes().to_vec()
    }
}

fn new_mac(ctx: &Ctx<'_>, algorithm: &str, key: &[u8]) -> Result<Box<dyn DynMac>> {
    fn keyed<M: Mac + hmac::digest::KeyInit + 'static>(key: &[u8]) -> Box<dyn DynMac> {
        Box::new(<M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes any key"))
    }
    with_hash!(ctx, algorithm, D => Ok(keyed::<SimpleHmac<D>>(key)))
}

/// `{ update(bytes), digest() -> Uint8Array, copy(outputLength?) }` over a hasher.
fn hash_object<'js>(ctx: &Ctx<'js>, hasher: Hasher) -> Result<Object<'js>> {
    let state = Rc::new(RefCell::new(Some(hasher)));
    let object = Object::new(ctx.clone())?;
    let s = state.clone();
    object.set(
        "update",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| {
                let mut hasher = s.borrow_mut();
                let hasher = hasher.as_mut().ok_or_else(|| finalized(&ctx))?;
                hasher.update(super::bytes(&data));
                Ok::<_, rquickjs::Error>(())
            },
        )?,
    )?;
    let s = state.clone();
    object.set(
        "digest",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
            let hasher = s.borrow_mut().take().ok_or_else(|| finalized(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, hasher.finalize())
        })?,
    )?;
    let s = state;
    object.set(
        "copy",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, output_length: Option<f64>| {
                let copy = s
                    .borrow()
                    .as_ref()
                    .ok_or_else(|| finalized(&ctx))?
                    .copy(output_length.map(|n| n as usize))
                    .map_err(|message| throw(&ctx, message))?;
                hash_object(&ctx, copy)
            },
        )?,
    )?;
    Ok(object)
}

fn finalized(ctx: &Ctx<'_>) -> rquickjs::Error {
    Exception::throw_message(ctx, "Digest already called")
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(
        ctx,
        &o,
        "createHash",
        |ctx: Ctx<'js>, algorithm: String, output_length: Option<f64>| {
            let hasher = Hasher::new(&algorithm, output_length.map(|n| n as usize))
                .map_err(|message| throw(&ctx, message))?;
            hash_object(&ctx, hasher)
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "createHmac",
        |ctx: Ctx<'js>, algorithm: String, key: TypedArray<'js, u8>| -> Result<Object<'js>> {
            let mac = new_mac(&ctx, &algorithm, super::bytes(&key))?;
            let state = Rc::new(RefCell::new(Some(mac)));
            let object = Object::new(ctx.clone())?;
            let s = state.clone();
            object.set(
                "update",
                Function::new(
                    ctx.clone(),
                    move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| {
                        let mut mac = s.borrow_mut();
                        mac.as_mut()
                            .ok_or_else(|| finalized(&ctx))?
                            .update(super::bytes(&data));
                        Ok::<_, rquickjs::Error>(())
                    },
                )?,
            )?;
            object.set(
                "digest",
                Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
                    let mac = state.borrow_mut().take().ok_or_else(|| finalized(&ctx))?;
                    TypedArray::<u8>::new_copy(ctx, mac.finalize())
                })?,
            )?;
            Ok(object)
        },
    )?;
    super::set_fn(ctx, &o, "hashes", || HASHES.map(String::from).to_vec())?;
    register_kdf(ctx, &o)?;
    register_cipher(ctx, &o)?;
    register_keys(ctx, &o)?;
    register_dh(ctx, &o)?;
    register_x509(ctx, &o)?;
    super::set_fn(ctx, &o, "randomBytes", |ctx: Ctx<'js>, len: f64| {
        if !(0.0..=MAX_RANDOM_BYTES as f64).contains(&len) {
            return Err(Exception::throw_range(
                &ctx,
                "randomBytes size out of range",
            ));
        }
        let mut bytes = vec![0u8; len as usize];
        getrandom::fill(&mut bytes)
            .map_err(|e| Exception::throw_internal(&ctx, &format!("random source failed: {e}")))?;
        TypedArray::<u8>::new_copy(ctx, bytes)
    })?;
    Ok(o)
}

fn throw(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    Exception::throw_message(ctx, message)
}

fn register_kdf<'js>(ctx: &Ctx<'js>, o: &Object<'js>) -> Result<()> {
    super::set_fn(
        ctx,
        o,
        "pbkdf2",
        |ctx: Ctx<'js>,
         digest: String,
         password: TypedArray<'js, u8>,
         salt: TypedArray<'js, u8>,
         iterations: u32,
         keylen: usize| {
            let mut out = vec![0u8; keylen];
            let (password, salt) = (super::bytes(&password), super::bytes(&salt));
            with_hash!(&ctx, digest.as_str(), D => pbkdf2::pbkdf2::<SimpleHmac<D>>(password, salt, iterations, &mut out)
                .map_err(|e| throw(&ctx, &e.to_string()))?);
            TypedArray::<u8>::new_copy(ctx, out)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "scrypt",
        |ctx: Ctx<'js>,
         password: TypedArray<'js, u8>,
         salt: TypedArray<'js, u8>,
         log_n: u8,
         r: u32,
         p: u32,
         keylen: usize| {
            let params = scrypt::Params::new(log_n, r, p, keylen.max(10))
                .map_err(|_| Exception::throw_range(&ctx, "Invalid scrypt params"))?;
            let mut out = vec![0u8; keylen];
            scrypt::scrypt(
                super::bytes(&password),
                super::bytes(&salt),
                &params,
                &mut out,
            )
            .map_err(|_| Exception::throw_range(&ctx, "Invalid scrypt params"))?;
            TypedArray::<u8>::new_copy(ctx, out)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "hkdf",
        |ctx: Ctx<'js>,
         digest: String,
         ikm: TypedArray<'js, u8>,
         salt: TypedArray<'js, u8>,
         info: TypedArray<'js, u8>,
         keylen: usize| {
            let mut out = vec![0u8; keylen];
            let (ikm, salt, info) = (super::bytes(&ikm), super::bytes(&salt), super::bytes(&info));
            with_hash!(&ctx, digest.as_str(), D => hkdf::SimpleHkdf::<D>::new(Some(salt), ikm)
                .expand(info, &mut out)
                .map_err(|_| Exception::throw_range(&ctx, "Invalid key length"))?);
            TypedArray::<u8>::new_copy(ctx, out)
        },
    )?;
    Ok(())
}

fn cipher_error(ctx: &Ctx<'_>, error: cipher::CipherError) -> rquickjs::Error {
    use cipher::CipherError as E;
    let (code, message) = match error {
        E::UnknownCipher => ("ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher"),
        E::InvalidKeyLength => ("ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"),
        E::InvalidIv => ("ERR_CRYPTO_INVALID_IV", "Invalid initialization vector"),
        E::BadDecrypt => ("ERR_OSSL_BAD_DECRYPT", "bad decrypt"),
        E::WrongFinalBlockLength => (
            "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH",
            "wrong final block length",
        ),
        E::Authenticate => ("", "Unsupported state or unable to authenticate data"),
        E::InvalidState => ("ERR_CRYPTO_INVALID_STATE", "Invalid state"),
    };
    throw(ctx, &format!("{code}|{message}"))
}

fn register_cipher<'js>(ctx: &Ctx<'js>, o: &Object<'js>) -> Result<()> {
    super::set_fn(ctx, o, "ciphers", || {
        cipher::CIPHERS
            .iter()
            .map(|(name, key, iv)| (name.to_string(), *key, *iv))
            .map(|(n, k, i)| vec![n, k.to_string(), i.to_string()])
            .collect::<Vec<_>>()
    })?;
    super::set_fn(
        ctx,
        o,
        "createCipher",
        |ctx: Ctx<'js>,
         name: String,
         encrypt: bool,
         key: TypedArray<'js, u8>,
         iv: TypedArray<'js, u8>|
         -> Result<Object<'js>> {
            let state = cipher::Cipher::new(&name, encrypt, super::bytes(&key), super::bytes(&iv))
                .map_err(|e| cipher_error(&ctx, e))?;
            let state = Rc::new(RefCell::new(state));
            let object = Object::new(ctx.clone())?;
            let s = state.clone();
            object.set(
                "update",
                Function::new(
                    ctx.clone(),
                    move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| {
                        let out = s
                            .borrow_mut()
                            .update(super::bytes(&data))
                            .map_err(|e| cipher_error(&ctx, e))?;
                        TypedArray::<u8>::new_copy(ctx, out)
                    },
                )?,
            )?;
            let s = state.clone();
            object.set(
                "final",
                Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
                    let out = s.borrow_mut().finish().map_err(|e| cipher_error(&ctx, e))?;
                    TypedArray::<u8>::new_copy(ctx, out)
                })?,
            )?;
            let s = state.clone();
            object.set(
                "setAAD",
                Function::new(
                    ctx.clone(),
                    move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| {
                        s.borrow_mut()
                            .set_aad(super::bytes(&data))
                            .map_err(|e| cipher_error(&ctx, e))
                    },
                )?,
            )?;
            let s = state.clone();
            object.set(
                "setAuthTag",
                Function::new(
                    ctx.clone(),
                    move |ctx: Ctx<'js>, data: TypedArray<'js, u8>| {
                        s.borrow_mut()
                            .set_auth_tag(super::bytes(&data))
                            .map_err(|e| cipher_error(&ctx, e))
                    },
                )?,
            )?;
            let s = state.clone();
            object.set(
                "getAuthTag",
                Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
                    let tag = s.borrow().auth_tag().map(<[u8]>::to_vec);
                    tag.map(|t| TypedArray::<u8>::new_copy(ctx, t)).transpose()
                })?,
            )?;
            let s = state;
            object.set(
                "setAutoPadding",
                Function::new(ctx.clone(), move |padding: bool| {
                    s.borrow_mut().set_auto_padding(padding);
                })?,
            )?;
            Ok(object)
        },
    )?;
    Ok(())
}

fn key_error<'a, 'js>(ctx: &'a Ctx<'js>) -> impl Fn(String) -> rquickjs::Error + 'a {
    move |message| throw(ctx, &message)
}

fn digest_bytes(ctx: &Ctx<'_>, algorithm: &str, data: &[u8]) -> Result<Vec<u8>> {
    let mut hasher =
        new_digest(algorithm).ok_or_else(|| throw(ctx, &format!("Invalid digest: {algorithm}")))?;
    hasher.update(data);
    Ok(hasher.finalize().to_vec())
}

fn sign_params<'a>(digest: &'a str, options: &Object<'_>) -> Result<keys::SignParams<'a>> {
    let salt: Option<f64> = options.get("saltLength")?;
    Ok(keys::SignParams {
        digest,
        pss: options.get::<_, Option<bool>>("pss")?.unwrap_or(false),
        salt_length: salt.filter(|s| *s >= 0.0).map(|s| s as usize),
        p1363: options.get::<_, Option<bool>>("p1363")?.unwrap_or(false),
    })
}

/// An RSA operation without padding schemes of its own (`privateEncrypt`/`publicDecrypt`):
/// key DER, data, whether to use PKCS#1 v1.5 padding.
type RawRsaOperation = fn(&[u8], &[u8], bool) -> keys::KeyResult<Vec<u8>>;

fn register_keys<'js>(ctx: &Ctx<'js>, o: &Object<'js>) -> Result<()> {
    super::set_fn(
        ctx,
        o,
        "keyInfo",
        |ctx: Ctx<'js>, der: TypedArray<'js, u8>, private: bool| -> Result<Object<'js>> {
            let der = super::bytes(&der);
            let public = if private {
                keys::parse_private(der)
                    .and_then(|key| key.public())
                    .map_err(key_error(&ctx))?
            } else {
                keys::parse_public(der).map_err(key_error(&ctx))?
            };
            let info = Object::new(ctx.clone())?;
            info.set("type", public.key_type())?;
            if let Some(curve) = public.named_curve() {
                info.set("namedCurve", curve)?;
            }
            if let Some((bits, exponent)) = public.rsa_details() {
                info.set("modulusLength", bits)?;
                info.set(
                    "publicExponent",
                    TypedArray::<u8>::new_copy(ctx.clone(), exponent)?,
                )?;
            }
            if let Some((bits, divisor_bits)) = public.dsa_details() {
                info.set("modulusLength", bits)?;
                info.set("divisorLength", divisor_bits)?;
            }
            if let Some(params) = public.pss_params() {
                info.set("hashAlgorithm", params.hash)?;
                info.set("mgf1HashAlgorithm", params.mgf1)?;
                info.set("saltLength", params.salt)?;
            }
            Ok(info)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "publicOf",
        |ctx: Ctx<'js>, der: TypedArray<'js, u8>| {
            let spki = keys::parse_private(super::bytes(&der))
                .and_then(|k| k.public()?.to_spki())
                .map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, spki)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "fromLegacy",
        |ctx: Ctx<'js>, format: String, private: bool, der: TypedArray<'js, u8>| {
            let out =
                keys::from_legacy(&format, private, super::bytes(&der)).map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, out)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "certificatePublicKey",
        |ctx: Ctx<'js>, der: TypedArray<'js, u8>| {
            let spki = keys::certificate_public_key(super::bytes(&der)).map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, spki)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "toLegacy",
        |ctx: Ctx<'js>, format: String, private: bool, der: TypedArray<'js, u8>| {
            let out =
                keys::to_legacy(&format, private, super::bytes(&der)).map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, out)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "publicRaw",
        |ctx: Ctx<'js>, der: TypedArray<'js, u8>, compressed: bool| {
            let raw = keys::parse_public(super::bytes(&der))
                .and_then(|k| k.raw(compressed))
                .map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, raw)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "publicFromRaw",
        |ctx: Ctx<'js>, kind: String, raw: TypedArray<'js, u8>| {
            let spki = keys::public_from_raw(&kind, super::bytes(&raw))
                .and_then(|k| k.to_spki())
                .map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, spki)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "jwkParts",
        |ctx: Ctx<'js>, der: TypedArray<'js, u8>, private: bool| -> Result<Object<'js>> {
            let parts = keys::jwk_parts(private, super::bytes(&der)).map_err(key_error(&ctx))?;
            let object = Object::new(ctx.clone())?;
            for (name, value) in parts {
                object.set(name, TypedArray::<u8>::new_copy(ctx.clone(), value)?)?;
            }
            Ok(object)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "fromJwk",
        |ctx: Ctx<'js>, kind: String, parts: Object<'js>| -> Result<Object<'js>> {
            let get = |name: &str| -> Option<Vec<u8>> {
                parts
                    .get::<_, Option<TypedArray<'js, u8>>>(name)
                    .ok()
                    .flatten()
                    .map(|a| super::bytes(&a).to_vec())
            };
            let (private, der) = keys::from_jwk(&kind, &get).map_err(key_error(&ctx))?;
            let result = Object::new(ctx.clone())?;
            result.set("private", private)?;
            result.set("der", TypedArray::<u8>::new_copy(ctx.clone(), der)?)?;
            Ok(result)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "generateKeyPair",
        |ctx: Ctx<'js>, kind: String, modulus_length: usize, exponent: f64, curve: String| {
            let (private, public) = keys::generate(&kind, modulus_length, exponent as u64, &curve)
                .map_err(key_error(&ctx))?;
            Ok::<_, rquickjs::Error>(vec![
                TypedArray::<u8>::new_copy(ctx.clone(), private)?,
                TypedArray::<u8>::new_copy(ctx, public)?,
            ])
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "generateDsaKeyPair",
        |ctx: Ctx<'js>, modulus_length: usize, divisor_length: usize| {
            let (private, public) =
                keys::generate_dsa(modulus_length, divisor_length).map_err(key_error(&ctx))?;
            Ok::<_, rquickjs::Error>(vec![
                TypedArray::<u8>::new_copy(ctx.clone(), private)?,
                TypedArray::<u8>::new_copy(ctx, public)?,
            ])
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "generateDhKeyPair",
        |ctx: Ctx<'js>, prime: TypedArray<'js, u8>, generator: u32| {
            let (private, public) =
                keys::generate_dh(super::bytes(&prime), generator).map_err(key_error(&ctx))?;
            Ok::<_, rquickjs::Error>(vec![
                TypedArray::<u8>::new_copy(ctx.clone(), private)?,
                TypedArray::<u8>::new_copy(ctx, public)?,
            ])
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "generateRsaPssKeyPair",
        |ctx: Ctx<'js>,
         modulus_length: usize,
         exponent: f64,
         hash: Option<String>,
         mgf1: String,
         salt: u8| {
            // An unrestricted key has no digest; a restricted one all three parameters.
            let params = hash
                .map(|hash| keys::PssParams::new(&hash, &mgf1, salt))
                .transpose()
                .map_err(key_error(&ctx))?;
            let (private, public) = keys::generate_rsa_pss(modulus_length, exponent as u64, params)
                .map_err(key_error(&ctx))?;
            Ok::<_, rquickjs::Error>(vec![
                TypedArray::<u8>::new_copy(ctx.clone(), private)?,
                TypedArray::<u8>::new_copy(ctx, public)?,
            ])
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "derive",
        |ctx: Ctx<'js>, private: TypedArray<'js, u8>, public: TypedArray<'js, u8>| {
            let secret = keys::derive(super::bytes(&private), super::bytes(&public))
                .map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, secret)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "sign",
        |ctx: Ctx<'js>,
         der: TypedArray<'js, u8>,
         digest: String,
         data: TypedArray<'js, u8>,
         options: Object<'js>| {
            let data = super::bytes(&data);
            let hashed = if digest.is_empty() {
                Vec::new()
            } else {
                digest_bytes(&ctx, &digest, data)?
            };
            let params = sign_params(&digest, &options)?;
            let signature =
                keys::sign(super::bytes(&der), data, &hashed, &params).map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, signature)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "verify",
        |ctx: Ctx<'js>,
         der: TypedArray<'js, u8>,
         digest: String,
         data: TypedArray<'js, u8>,
         signature: TypedArray<'js, u8>,
         options: Object<'js>| {
            let data = super::bytes(&data);
            let hashed = if digest.is_empty() {
                Vec::new()
            } else {
                digest_bytes(&ctx, &digest, data)?
            };
            let params = sign_params(&digest, &options)?;
            keys::verify(
                super::bytes(&der),
                data,
                &hashed,
                super::bytes(&signature),
                &params,
            )
            .map_err(key_error(&ctx))
        },
    )?;
    // RSA encryption with the public key and decryption with the private one take the
    // same arguments: key DER, data, OAEP digest (none for PKCS#1 v1.5) and label.
    type RsaCipher = fn(&[u8], &[u8], Option<&str>, &[u8]) -> keys::KeyResult<Vec<u8>>;
    let rsa_ciphers: [(&str, RsaCipher); 2] = [
        ("rsaEncrypt", keys::rsa_encrypt),
        ("rsaDecrypt", keys::rsa_decrypt),
    ];
    for (name, cipher) in rsa_ciphers {
        super::set_fn(
            ctx,
            o,
            name,
            move |ctx: Ctx<'js>,
                  der: TypedArray<'js, u8>,
                  data: TypedArray<'js, u8>,
                  digest: Option<String>,
                  label: TypedArray<'js, u8>| {
                let out = cipher(
                    super::bytes(&der),
                    super::bytes(&data),
                    digest.as_deref(),
                    super::bytes(&label),
                )
                .map_err(key_error(&ctx))?;
                TypedArray::<u8>::new_copy(ctx, out)
            },
        )?;
    }
    let raw_rsa: [(&str, RawRsaOperation); 2] = [
        ("rsaPrivateEncrypt", keys::rsa_private_encrypt),
        ("rsaPublicDecrypt", keys::rsa_public_decrypt),
    ];
    for (name, operation) in raw_rsa {
        super::set_fn(
            ctx,
            o,
            name,
            move |ctx: Ctx<'js>, der: TypedArray<'js, u8>, data: TypedArray<'js, u8>, pad: bool| {
                let out = operation(super::bytes(&der), super::bytes(&data), pad)
                    .map_err(key_error(&ctx))?;
                TypedArray::<u8>::new_copy(ctx, out)
            },
        )?;
    }
    super::set_fn(ctx, o, "isEncryptedPkcs8", |der: TypedArray<'js, u8>| {
        keys::is_encrypted_pkcs8(super::bytes(&der))
    })?;
    super::set_fn(
        ctx,
        o,
        "encryptPkcs8",
        |ctx: Ctx<'js>,
         der: TypedArray<'js, u8>,
         cipher: String,
         passphrase: TypedArray<'js, u8>| {
            let out = keys::encrypt_pkcs8(super::bytes(&der), &cipher, super::bytes(&passphrase))
                .map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, out)
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "decryptPkcs8",
        |ctx: Ctx<'js>, der: TypedArray<'js, u8>, passphrase: TypedArray<'js, u8>| {
            let out = keys::decrypt_pkcs8(super::bytes(&der), super::bytes(&passphrase))
                .map_err(key_error(&ctx))?;
            TypedArray::<u8>::new_copy(ctx, out)
        },
    )?;
    Ok(())
}

fn big(bytes: &TypedArray<'_, u8>) -> num_bigint_dig::BigUint {
    num_bigint_dig::BigUint::from_bytes_be(super::bytes(bytes))
}

fn big_array<'js>(ctx: &Ctx<'js>, value: &num_bigint_dig::BigUint) -> Result<TypedArray<'js, u8>> {
    TypedArray::<u8>::new_copy(ctx.clone(), value.to_bytes_be())
}

/// Classic Diffie-Hellman over big-endian numbers: group primes, prime generation, the
/// parameter check, key generation and the shared secret.
fn register_x509<'js>(ctx: &Ctx<'js>, o: &Object<'js>) -> Result<()> {
    // `{ der, info }` of a certificate given as DER or PEM, or null when it does not parse.
    super::set_fn(
        ctx,
        o,
        "x509Parse",
        |ctx: Ctx<'js>, input: TypedArray<'js, u8>| -> Result<rquickjs::Value<'js>> {
            let Some(der) = x509::certificate_der(super::bytes(&input)) else {
                return Ok(rquickjs::Value::new_null(ctx));
            };
            let result = Object::new(ctx.clone())?;
            result.set("info", x509::describe(&ctx, &der)?)?;
            result.set("der", TypedArray::<u8>::new_copy(ctx, der)?)?;
            Ok(result.into_value())
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "x509CheckIssued",
        |subject: TypedArray<'js, u8>, issuer: TypedArray<'js, u8>| {
            x509::check_issued(super::bytes(&subject), super::bytes(&issuer))
        },
    )?;
    // Whether the SPKI `spki` is the key the certificate `der` certifies.
    super::set_fn(
        ctx,
        o,
        "x509HasPublicKey",
        |der: TypedArray<'js, u8>, spki: TypedArray<'js, u8>| {
            let cert = rustls::pki_types::CertificateDer::from(super::bytes(&der));
            super::tls::same_public_key(super::bytes(&spki), &cert)
        },
    )
}

fn register_dh<'js>(ctx: &Ctx<'js>, o: &Object<'js>) -> Result<()> {
    super::set_fn(ctx, o, "dhGroup", |ctx: Ctx<'js>, name: String| {
        dh::group_prime(&name)
            .map(|prime| big_array(&ctx, &prime))
            .transpose()
    })?;
    super::set_fn(
        ctx,
        o,
        "dhGeneratePrime",
        |ctx: Ctx<'js>, bits: usize, generator: u32| {
            big_array(&ctx, &dh::generate_prime(bits, generator))
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "dhCheck",
        |prime: TypedArray<'js, u8>, generator: TypedArray<'js, u8>| {
            dh::check(&big(&prime), &big(&generator))
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "dhGenerateKey",
        |ctx: Ctx<'js>,
         prime: TypedArray<'js, u8>,
         generator: TypedArray<'js, u8>,
         private: Option<TypedArray<'js, u8>>| {
            let prime = big(&prime);
            let private = match private {
                Some(bytes) => big(&bytes),
                None => dh::generate_private(&prime).map_err(|message| throw(&ctx, message))?,
            };
            let public = dh::public_key(&prime, &big(&generator), &private)
                .map_err(|message| throw(&ctx, message))?;
            Ok::<_, rquickjs::Error>(vec![big_array(&ctx, &private)?, big_array(&ctx, &public)?])
        },
    )?;
    super::set_fn(
        ctx,
        o,
        "dhComputeSecret",
        |ctx: Ctx<'js>,
         prime: TypedArray<'js, u8>,
         private: TypedArray<'js, u8>,
         peer: TypedArray<'js, u8>| {
            let secret = dh::compute_secret(&big(&prime), &big(&private), &big(&peer))
                .map_err(|message| throw(&ctx, message))?;
            TypedArray::<u8>::new_copy(ctx, secret)
        },
    )?;
    Ok(())
}
