//! Which names the kernel's resolver turned into which addresses. A network rule may name a
//! host (`api.example.com`); the permission check runs on the address a guest connects to,
//! and that address is allowed for the rule only if this resolver produced it from a name
//! the rule covers. A guest cannot resolve a name somewhere else and claim it, and a name
//! that later resolves elsewhere (DNS rebinding) is checked again at its new address.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::IpAddr;

/// Addresses remembered per runtime, oldest forgotten first: enough for any real guest's
/// working set while bounding what a guest resolving names in a loop can make the host keep.
pub const MAX_REMEMBERED_ADDRESSES: usize = 4096;

#[derive(Default)]
pub struct ResolvedNames {
    names: BTreeMap<IpAddr, BTreeSet<String>>,
    order: VecDeque<IpAddr>,
}

impl ResolvedNames {
    pub fn record(&mut self, name: &str, addresses: &[IpAddr]) {
        let name = name.to_ascii_lowercase();
        for address in addresses {
            let names = self.names.entry(*address).or_default();
            if names.is_empty() {
                self.order.push_back(*address);
            }
            names.insert(name.clone());
        }
        while self.order.len() > MAX_REMEMBERED_ADDRESSES {
            if let Some(oldest) = self.order.pop_front() {
                self.names.remove(&oldest);
            }
        }
    }

    /// The names `address` was resolved from.
    pub fn names_of(&self, address: IpAddr) -> impl Iterator<Item = &str> {
        self.names
            .get(&address)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}
