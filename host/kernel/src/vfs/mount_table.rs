//! The mount table: which backing [`FileSystem`] answers for which part of the virtual tree.

use super::FileSystem;
use crate::path;
use std::sync::{Arc, RwLock};

/// A file system attached at `guest_path`.
#[derive(Clone)]
pub struct Mount {
    pub guest_path: String,
    pub fs: Arc<dyn FileSystem>,
}

/// Mounts ordered deepest first, so the first prefix match is the most specific one.
pub struct MountTable {
    mounts: RwLock<Vec<Mount>>,
}

impl MountTable {
    pub fn new(root: Arc<dyn FileSystem>) -> Self {
        MountTable {
            mounts: RwLock::new(vec![Mount {
                guest_path: "/".into(),
                fs: root,
            }]),
        }
    }

    /// Attaches `fs` at the normalized absolute `guest_path`, shadowing what was there.
    pub fn mount(&self, guest_path: &str, fs: Arc<dyn FileSystem>) {
        let mut mounts = self.mounts.write().unwrap_or_else(|e| e.into_inner());
        mounts.retain(|m| m.guest_path != guest_path);
        mounts.push(Mount {
            guest_path: guest_path.to_string(),
            fs,
        });
        mounts.sort_by_key(|m| std::cmp::Reverse(path::components(&m.guest_path).count()));
    }

    /// The file system holding `path` and the path inside it.
    pub fn lookup(&self, path: &str) -> (Arc<dyn FileSystem>, String) {
        let mounts = self.mounts.read().unwrap_or_else(|e| e.into_inner());
        for mount in mounts.iter() {
            if let Some(rest) = strip_mount_prefix(path, &mount.guest_path) {
                return (mount.fs.clone(), rest);
            }
        }
        unreachable!("the root mount matches every absolute path")
    }

    pub fn is_mount_point(&self, path: &str) -> bool {
        let mounts = self.mounts.read().unwrap_or_else(|e| e.into_inner());
        path != "/" && mounts.iter().any(|m| m.guest_path == path)
    }

    /// Names of mount points directly inside the directory `dir`.
    pub fn mounted_children(&self, dir: &str) -> Vec<String> {
        let mounts = self.mounts.read().unwrap_or_else(|e| e.into_inner());
        mounts
            .iter()
            .filter_map(|m| path::split_parent(&m.guest_path))
            .filter(|(parent, _)| *parent == dir)
            .map(|(_, name)| name.to_string())
            .collect()
    }

    pub fn list(&self) -> Vec<Mount> {
        self.mounts
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

fn strip_mount_prefix(path: &str, mount: &str) -> Option<String> {
    if mount == "/" {
        return Some(path.to_string());
    }
    let rest = path.strip_prefix(mount)?;
    match rest {
        "" => Some("/".to_string()),
        _ if rest.starts_with('/') => Some(rest.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::MemoryFs;

    #[test]
    fn deepest_mount_wins_and_prefix_is_component_wise() {
        let root: Arc<dyn FileSystem> = Arc::new(MemoryFs::default());
        let data: Arc<dyn FileSystem> = Arc::new(MemoryFs::default());
        let table = MountTable::new(root.clone());
        table.mount("/data", data.clone());
        let (fs, inner) = table.lookup("/data/x/y");
        assert!(Arc::ptr_eq(&fs, &data));
        assert_eq!(inner, "/x/y");
        let (fs, inner) = table.lookup("/database");
        assert!(Arc::ptr_eq(&fs, &root));
        assert_eq!(inner, "/database");
        assert_eq!(table.mounted_children("/"), vec!["data".to_string()]);
        assert!(table.is_mount_point("/data"));
    }
}
