//! WASI's random interfaces, answered by the kernel's [`Entropy`] source (both the secure
//! and the "insecure" generator draw from it: there is no reason to hand guests a weaker
//! one).

use rand_core::TryRng;
use secure_exec_kernel::entropy::Entropy;
use std::convert::Infallible;
use std::sync::Arc;

pub struct KernelRandom(pub Arc<dyn Entropy>);

impl KernelRandom {
    /// A seed for WASI's `insecure-seed`, drawn from the same source.
    pub fn seed(&self) -> u128 {
        let mut bytes = [0u8; 16];
        self.0.fill(&mut bytes);
        u128::from_le_bytes(bytes)
    }
}

impl TryRng for KernelRandom {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut bytes = [0u8; 4];
        self.0.fill(&mut bytes);
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0u8; 8];
        self.0.fill(&mut bytes);
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        self.0.fill(dest);
        Ok(())
    }
}
