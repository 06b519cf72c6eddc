//! Finite-field Diffie-Hellman for `createDiffieHellman`, `getDiffieHellman` and DH
//! `KeyObject`s: the RFC 2409/3526 MODP groups, safe-prime generation, OpenSSL's parameter
//! check (`verifyError`), key generation and the shared secret.

use num_bigint_dig::BigUint;
use num_bigint_dig::prime::probably_prime;
use num_traits::{One, ToPrimitive, Zero};

/// `floor(2^8062 * pi)`: every MODP group prime is built from a prefix of these bits.
const PI_FRACTION_HEX: &str = concat!(
    "c90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b",
    "302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5",
    "ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f83655d23dca3ad96",
    "1c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e8603",
    "9b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa051015728e5a8aaac42d",
    "ad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7abf5ae8cdb0933d7",
    "1e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200cbbe117577a615d6c",
    "770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a92108011a723c12a787e6d788719a10bdba5b26",
    "99c327186af4e23c1a946834b6150bda2583e9ca2ad44ce8dbbbc2db04de8ef92e8efc141fbecaa6287c59474e6bc05d",
    "99b2964fa090c3a2233ba186515be7ed1f612970cee2d7afb81bdd762170481cd0069127d5b05aa993b4ea988d8fddc1",
    "86ffb7dc90a6c08f4df435c93402849236c3fab4d27c7026c1d4dcb2602646dec9751e763dba37bdf8ff9406ad9e530e",
    "e5db382f413001aeb06a53ed9027d831179727b0865a8918da3edbebcf9b14ed44ce6cbaced4bb1bdb7f1447e6cc254b",
    "332051512bd7af426fb8f401378cd2bf5983ca01c64b92ecf032ea15d1721d03f482d7ce6e74fef6d55e702f46980c82",
    "b5a84031900b1c9e59e7c97fbec7e8f323a97a7e36cc88be0f1d45b7ff585ac54bd407b22b4154aacc8f6d7ebf48e1d8",
    "14cc5ed20f8037e0a79715eef29be32806a1d58bb7c5da76f550aa3d8a1fbff0eb19ccb1a313d55cda56c9ec2ef29632",
    "387fe8d76e3c0468043e8f663f4860ee12bf2d5b0b7474d6e694f91e6dbe115974a3926f12fee5e438777cb6a932df8c",
    "d8bec4d073b931ba3bc832b68d9dd300741fa7bf8afc47ed2576f6936ba424663aab639c5ae4f5683423b4742bf1c978",
    "238f16cbe39d652de3fdb8befc848ad922222e04a4037c0713eb57a81a23f0c73473fc646cea306b4bcbc8862f8385dd",
    "fa9d4b7fa2c087e879683303ed5bdd3a062b3cf5b3a278a66d2a13f83f44f82ddf310ee074ab6a364597e899a0255dc1",
    "64f31cc50846851df9ab48195ded7ea1b1d510bd7ee74d73faf36bc31ecfa268359046f4eb879f924009438b481c6cd7",
    "889a002ed5ee382bc9190da6fc026e479558e4475677e9aa9e3050e2765694dfc81f56e880b96e7160c980dd98a573ea",
);

/// Each MODP group: Node's name, its size in bits, the RFC's offset `k` that makes the prime
/// safe, and OpenSSL's private key length for the groups it knows by name (0 for the others,
/// whose private keys are one bit shorter than the prime).
const GROUPS: [(&str, usize, u32, usize); 8] = [
    ("modp1", 768, 149_686, 0),
    ("modp2", 1024, 129_093, 0),
    ("modp5", 1536, 741_804, 200),
    ("modp14", 2048, 124_476, 225),
    ("modp15", 3072, 1_690_314, 275),
    ("modp16", 4096, 240_904, 325),
    ("modp17", 6144, 929_484, 375),
    ("modp18", 8192, 4_743_158, 400),
];

/// OpenSSL's limits on the size of a DH modulus.
const MIN_MODULUS_BITS: usize = 512;
const MAX_MODULUS_BITS: usize = 10_000;

/// `DH_check` flags, as `verifyError` reports them.
const P_NOT_PRIME: u32 = 0x01;
const P_NOT_SAFE_PRIME: u32 = 0x02;
const NOT_SUITABLE_GENERATOR: u32 = 0x08;
const MODULUS_TOO_SMALL: u32 = 0x80;
const MODULUS_TOO_LARGE: u32 = 0x100;

/// Extra Miller-Rabin rounds for accepting a prime, on top of the Baillie-PSW test (one
/// base-2 round and a strong Lucas test) that `probably_prime` always runs.
pub(super) const PRIME_ROUNDS: usize = 4;

/// RFC 3526: `p = 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) * pi) + k)`.
fn modp_prime(bits: usize, k: u32) -> BigUint {
    let pi = BigUint::parse_bytes(PI_FRACTION_HEX.as_bytes(), 16).expect("pi constant");
    let pi_bits = pi >> (8192 - bits);
    let one = BigUint::one();
    ((&one << bits) + ((pi_bits + k) << 64)) - (&one << (bits - 64)) - one
}

/// The prime of a named MODP group.
pub fn group_prime(name: &str) -> Option<BigUint> {
    GROUPS
        .iter()
        .find(|group| group.0 == name)
        .map(|&(_, bits, k, _)| modp_prime(bits, k))
}

/// OpenSSL's private key length for `prime` when it is a group OpenSSL knows by name.
fn named_private_bits(prime: &BigUint) -> Option<usize> {
    GROUPS
        .iter()
        .find(|&&(_, bits, k, length)| {
            length > 0 && prime.bits() == bits && modp_prime(bits, k) == *prime
        })
        .map(|group| group.3)
}

pub(super) fn random_below_bits(bits: usize) -> BigUint {
    let mut bytes = vec![0u8; bits.div_ceil(8)];
    getrandom::fill(&mut bytes).expect("kernel random source");
    let excess = bytes.len() * 8 - bits;
    bytes[0] &= 0xff >> excess;
    BigUint::from_bytes_be(&bytes)
}

/// How far past a random start `generate_prime` searches before drawing a new start.
const SEARCH_SPAN: u32 = 1 << 24;

/// Odd primes for sieving candidates before the expensive tests. A deep sieve pays: most of
/// the time goes to modular exponentiations of candidates that survive it.
pub(super) fn small_primes() -> Vec<u32> {
    const LIMIT: usize = 1 << 20;
    let mut composite = vec![false; LIMIT];
    let mut primes = Vec::new();
    for n in 3..LIMIT {
        if !composite[n] {
            primes.push(n as u32);
            (n * n..LIMIT).step_by(n).for_each(|m| composite[m] = true);
        }
    }
    primes
}

/// A random safe prime `p = 2q + 1` of `bits` bits for `generator`, with the residue
/// OpenSSL picks so that the generator works (p = 23 mod 24 for 2, 59 mod 60 for 5).
pub fn generate_prime(bits: usize, generator: u32) -> BigUint {
    let (step, residue): (u32, u32) = match generator {
        2 => (24, 23),
        5 => (60, 59),
        _ => (12, 11),
    };
    let primes = small_primes();
    loop {
        let mut start = random_below_bits(bits) | (BigUint::one() << (bits - 1));
        let offset = (&start % step).to_u32().expect("small");
        start += (residue + step - offset) % step;
        let residues: Vec<u32> = primes
            .iter()
            .map(|&r| (&start % r).to_u32().expect("small"))
            .collect();
        for delta in (0..SEARCH_SPAN).step_by(step as usize) {
            // Neither p nor q = (p - 1) / 2 may have a small factor: p != 0, 1 mod r.
            let sieved = primes.iter().zip(&residues).all(|(&r, &m)| {
                let m = (m + delta % r) % r;
                m != 0 && m != 1
            });
            if !sieved {
                continue;
            }
            let p = &start + delta;
            if p.bits() != bits {
                break;
            }
            let q = &p >> 1;
            let two = BigUint::from(2u32);
            if two.modpow(&(&q - 1u32), &q).is_one()
                && two.modpow(&(&p - 1u32), &p).is_one()
                && probably_prime(&q, PRIME_ROUNDS)
                && probably_prime(&p, PRIME_ROUNDS)
            {
                return p;
            }
        }
    }
}

/// OpenSSL's `DH_check` of parameters without a subgroup order, as `verifyError`.
pub fn check(prime: &BigUint, generator: &BigUint) -> u32 {
    if named_private_bits(prime).is_some() {
        return 0;
    }
    let mut flags = 0;
    if prime.bits() < MIN_MODULUS_BITS {
        flags |= MODULUS_TOO_SMALL;
    }
    if prime.bits() > MAX_MODULUS_BITS {
        flags |= MODULUS_TOO_LARGE;
    }
    if generator <= &BigUint::one() || prime.is_zero() || generator >= &(prime - 1u32) {
        flags |= NOT_SUITABLE_GENERATOR;
    }
    if !probably_prime(prime, PRIME_ROUNDS) {
        flags |= P_NOT_PRIME;
    } else if !probably_prime(&(prime >> 1), PRIME_ROUNDS) {
        flags |= P_NOT_SAFE_PRIME;
    }
    flags
}

/// Refuses a modulus outside OpenSSL's bounds for key generation and agreement.
fn check_modulus(prime: &BigUint) -> Result<(), &'static str> {
    match prime.bits() {
        bits if bits < MIN_MODULUS_BITS => Err("modulus too small"),
        bits if bits > MAX_MODULUS_BITS => Err("modulus too large"),
        _ => Ok(()),
    }
}

/// A new private key for `prime`, as long as OpenSSL makes it.
pub fn generate_private(prime: &BigUint) -> Result<BigUint, &'static str> {
    check_modulus(prime)?;
    Ok(match named_private_bits(prime) {
        Some(bits) => loop {
            let key = random_below_bits(bits);
            if !key.is_zero() {
                break key;
            }
        },
        None => {
            let bits = prime.bits() - 1;
            random_below_bits(bits) | (BigUint::one() << (bits - 1))
        }
    })
}

pub fn public_key(
    prime: &BigUint,
    generator: &BigUint,
    private: &BigUint,
) -> Result<BigUint, &'static str> {
    check_modulus(prime)?;
    Ok(generator.modpow(private, prime))
}

/// The shared secret with `peer`, left-padded to the size of the prime as Node returns it.
pub fn compute_secret(
    prime: &BigUint,
    private: &BigUint,
    peer: &BigUint,
) -> Result<Vec<u8>, &'static str> {
    check_modulus(prime)?;
    if peer <= &BigUint::one() {
        return Err("Supplied key is too small");
    }
    if peer >= &(prime - 1u32) {
        return Err("Supplied key is too large");
    }
    let secret = peer.modpow(private, prime).to_bytes_be();
    let size = prime.bits().div_ceil(8);
    let mut out = vec![0u8; size - secret.len()];
    out.extend_from_slice(&secret);
    Ok(out)
}
