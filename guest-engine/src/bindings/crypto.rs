//! `binding('crypto')`: hashing, HMAC and randomness in Rust (RustCrypto crates and the
//! kernel's random source through WASI). `node:crypto` gives them Node's API.

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

fn new_digest(algorithm: &str) -> Option<Box<dyn DynDigest>> {
    Some(match algorithm {
        "md5" => Box::new(md5::Md5::default()),
        "sha1" => Box::new(sha1::Sha1::default()),
        "sha224" => Box::new(sha2::Sha224::default()),
        "sha256" => Box::new(sha2::Sha256::default()),
        "sha384" => Box::new(sha2::Sha384::default()),
        "sha512" => Box::new(sha2::Sha512::default()),
        "sha512-224" => Box::new(sha2::Sha512_224::default()),
        "sha512-256" => Box::new(sha2::Sha512_256::default()),
        _ => return None,
    })
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

fn new_mac(algorithm: &str, key: &[u8]) -> Option<Box<dyn DynMac>> {
    fn keyed<M: Mac + hmac::digest::KeyInit + 'static>(key: &[u8]) -> Box<dyn DynMac> {
        Box::new(<M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes any key"))
    }
    Some(match algorithm {
        "md5" => keyed::<SimpleHmac<md5::Md5>>(key),
        "sha1" => keyed::<SimpleHmac<sha1::Sha1>>(key),
        "sha224" => keyed::<SimpleHmac<sha2::Sha224>>(key),
        "sha256" => keyed::<SimpleHmac<sha2::Sha256>>(key),
        "sha384" => keyed::<SimpleHmac<sha2::Sha384>>(key),
        "sha512" => keyed::<SimpleHmac<sha2::Sha512>>(key),
        "sha512-224" => keyed::<SimpleHmac<sha2::Sha512_224>>(key),
        "sha512-256" => keyed::<SimpleHmac<sha2::Sha512_256>>(key),
        _ => return None,
    })
}

fn digest_error(ctx: &Ctx<'_>, algorithm: &str) -> rquickjs::Error {
    Exception::throw_message(ctx, &format!("Digest method not supported: {algorithm}"))
}

/// `{ update(bytes), digest() -> Uint8Array, copy() }` over a boxed hasher.
fn hash_object<'js>(ctx: &Ctx<'js>, hasher: Box<dyn DynDigest>) -> Result<Object<'js>> {
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
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
            let copy = s
                .borrow()
                .as_ref()
                .map(|h| h.box_clone())
                .ok_or_else(|| finalized(&ctx))?;
            hash_object(&ctx, copy)
        })?,
    )?;
    Ok(object)
}

fn finalized(ctx: &Ctx<'_>) -> rquickjs::Error {
    Exception::throw_message(ctx, "Digest already called")
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(ctx, &o, "createHash", |ctx: Ctx<'js>, algorithm: String| {
        let hasher = new_digest(&algorithm).ok_or_else(|| digest_error(&ctx, &algorithm))?;
        hash_object(&ctx, hasher)
    })?;
    super::set_fn(
        ctx,
        &o,
        "createHmac",
        |ctx: Ctx<'js>, algorithm: String, key: TypedArray<'js, u8>| -> Result<Object<'js>> {
            let mac = new_mac(&algorithm, super::bytes(&key)).ok_or_else(|| {
                Exception::throw_message(&ctx, &format!("Invalid digest: {algorithm}"))
            })?;
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
    super::set_fn(ctx, &o, "hashes", || {
        [
            "md5",
            "sha1",
            "sha224",
            "sha256",
            "sha384",
            "sha512",
            "sha512-224",
            "sha512-256",
        ]
        .map(String::from)
        .to_vec()
    })?;
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
