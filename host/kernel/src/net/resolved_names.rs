//! Which names the kernel's resolver turned into which addresses. A network rule may name a
//! host (`api.example.com`); the permission check runs on the address a guest connects to,
//! and that address is allowed for the rule only if this resolver produced it from a name
//! the rule covers. A guest cannot resolve a name somewhere else and claim it, and a name
//! that later resolves elsewhere (DNS rebinding) is checked again at its new address.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::IpAddr;

/// (address, name) pairs remembered per runtime, oldest forgotten first: enough for any
/// real guest's working set while bounding what a guest resolving names in a loop (say,
/// random subdomains of a wildcard name) can make the host keep.
pub const MAX_REMEMBERED_PAIRS: usize = 4096;

#[derive(Default)]
pub struct ResolvedNames {
    names: BTreeMap<IpAddr, BTreeSet<String>>,
    order: VecDeque<(IpAddr, String)>,
}

impl ResolvedNames {
    pub fn record(&mut self, name: &str, addresses: &[IpAddr]) {
        let name = name.to_ascii_lowercase();
        for address in addresses {
            if self.names.entry(*address).or_default().insert(name.clone()) {
                self.order.push_back((*address, name.clone()));
            }
        }
        while self.order.len() > MAX_REMEMBERED_PAIRS {
            let Some((address, name)) = self.order.pop_front() else {
                break;
            };
            if let Some(names) = self.names.get_mut(&address) {
                names.remove(&name);
                if names.is_empty() {
                    self.names.remove(&address);
                }
            }
        }
    }

    /// The names `address` was resolved from.
    pub fn names_of(&self, address: IpAddr) -> Vec<String> {
        self.names
            .get(&address)
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }
}
