//! The runtime's permission policy, checked by the kernel on every operation it governs.
//!
//! [`Permissions::default`] is the secure default of the seed: file system, child processes,
//! process control and environment allowed; network denied. Embedders change fields of the
//! default (`Permissions { network: NetworkPolicy::Allow, ..Default::default() }`), which is
//! the Rust form of the seed's "merged over the secure default".

use crate::errno::{Errno, KernelResult};
use std::collections::BTreeSet;

/// An all-or-nothing capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    #[default]
    Allow,
    Deny,
}

/// What guests may do with the virtual file system.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FsPolicy {
    #[default]
    Allow,
    Deny,
    /// Reads anywhere, writes nowhere.
    ReadOnly,
    /// Only paths under the listed prefixes, each readable and optionally writable.
    Rules(Vec<FsRule>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsRule {
    /// An absolute virtual path; the rule covers it and everything below it.
    pub path: String,
    pub write: bool,
}

/// Which host-provided environment variables a guest may see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum EnvPolicy {
    #[default]
    Allow,
    Deny,
    /// Only these names.
    Only(BTreeSet<String>),
}

/// Network egress beyond the kernel's virtual loopback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NetworkPolicy {
    Allow,
    #[default]
    Deny,
}

/// The kind of file system access an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsAccess {
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permissions {
    pub fs: FsPolicy,
    pub network: NetworkPolicy,
    pub child_process: Access,
    pub process: Access,
    pub env: EnvPolicy,
    /// Host tools; `None` means "granted when tools are registered", as in the seed.
    pub tools: Option<Access>,
}

impl Permissions {
    /// `EACCES` unless the policy lets a guest perform `access` on the absolute `path`.
    pub fn check_fs(&self, access: FsAccess, path: &str) -> KernelResult<()> {
        let allowed = match &self.fs {
            FsPolicy::Allow => true,
            FsPolicy::Deny => false,
            FsPolicy::ReadOnly => access == FsAccess::Read,
            FsPolicy::Rules(rules) => rules
                .iter()
                .any(|rule| covers(&rule.path, path) && (access == FsAccess::Read || rule.write)),
        };
        if allowed { Ok(()) } else { Err(Errno::EACCES) }
    }

    /// Whether a guest may see the environment variable `name`.
    pub fn env_visible(&self, name: &str) -> bool {
        match &self.env {
            EnvPolicy::Allow => true,
            EnvPolicy::Deny => false,
            EnvPolicy::Only(names) => names.contains(name),
        }
    }
}

fn covers(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty()
        || path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_default_denies_network_only() {
        let p = Permissions::default();
        assert_eq!(p.network, NetworkPolicy::Deny);
        assert_eq!(p.child_process, Access::Allow);
        assert!(p.check_fs(FsAccess::Write, "/x").is_ok());
        assert!(p.env_visible("HOME"));
    }

    #[test]
    fn fs_rules_cover_whole_components() {
        let p = Permissions {
            fs: FsPolicy::Rules(vec![
                FsRule {
                    path: "/data".into(),
                    write: false,
                },
                FsRule {
                    path: "/tmp".into(),
                    write: true,
                },
            ]),
            ..Default::default()
        };
        assert!(p.check_fs(FsAccess::Read, "/data/a").is_ok());
        assert_eq!(p.check_fs(FsAccess::Write, "/data/a"), Err(Errno::EACCES));
        assert_eq!(p.check_fs(FsAccess::Read, "/database"), Err(Errno::EACCES));
        assert!(p.check_fs(FsAccess::Write, "/tmp/x").is_ok());
        let ro = Permissions {
            fs: FsPolicy::ReadOnly,
            ..Default::default()
        };
        assert_eq!(ro.check_fs(FsAccess::Write, "/a"), Err(Errno::EACCES));
    }

    #[test]
    fn env_policy_filters_names() {
        let p = Permissions {
            env: EnvPolicy::Only(["A".to_string()].into_iter().collect()),
            ..Default::default()
        };
        assert!(p.env_visible("A"));
        assert!(!p.env_visible("B"));
    }
}
