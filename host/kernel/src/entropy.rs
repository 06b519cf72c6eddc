//! Randomness as guests see it: every random byte a guest draws (WASI random, and through it
//! `crypto.randomBytes`, `getRandomValues`, the `Math.random` seed) comes from the kernel's
//! [`Entropy`] source.

pub trait Entropy: Send + Sync {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]);
}

/// The operating system's CSPRNG.
#[derive(Default)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&self, dest: &mut [u8]) {
        getrandom::fill(dest).expect("the operating system's random source failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_with_distinct_bytes() {
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        OsEntropy.fill(&mut a);
        OsEntropy.fill(&mut b);
        assert_ne!(a, b);
    }
}
