//! Path resolution across mounts: walks a path one component at a time, follows symlinks
//! in the virtual namespace (so an absolute link target means a virtual path, never a host
//! one), and checks search permission on every directory it passes.

use super::{AccessMode, Credentials, FileKind, FileSystem, MountTable};
use crate::errno::{Errno, KernelResult};
use crate::path;
use std::collections::VecDeque;
use std::sync::Arc;

/// Most symlinks followed while resolving one path (Linux `MAXSYMLINKS`), then `ELOOP`.
pub const MAX_SYMLINK_HOPS: usize = 40;

/// A resolved path: its virtual form, the file system holding it and the path inside it.
pub struct Resolved {
    pub path: String,
    pub fs: Arc<dyn FileSystem>,
    pub inner: String,
}

/// Resolves the absolute, normalized `path`. Intermediate symlinks are always followed;
/// the final one only with `follow_final`. A missing final component is not an error
/// (the caller may be about to create it); a missing directory on the way is `ENOENT`.
pub fn resolve(
    mounts: &MountTable,
    path: &str,
    follow_final: bool,
    who: Credentials,
) -> KernelResult<Resolved> {
    let mut pending: VecDeque<String> = path::components(path).map(str::to_string).collect();
    let mut current: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(component) = pending.pop_front() {
        match component.as_str() {
            "" | "." => continue,
            ".." => {
                current.pop();
                continue;
            }
            _ => current.push(component),
        }
        let is_last = pending.is_empty();
        if is_last && !follow_final {
            break;
        }
        let refs: Vec<&str> = current.iter().map(String::as_str).collect();
        let (fs, inner) = mounts.lookup(&path::join_components(&refs));
        match fs.lstat(&inner) {
            Ok(meta) if meta.kind == FileKind::Symlink => {
                hops += 1;
                if hops > MAX_SYMLINK_HOPS {
                    return Err(Errno::ELOOP);
                }
                let target = fs.read_link(&inner)?;
                current.pop();
                if target.starts_with('/') {
                    current.clear();
                }
                for part in target.split('/').rev() {
                    pending.push_front(part.to_string());
                }
            }
            Ok(meta) if !is_last => {
                if meta.kind != FileKind::Directory {
                    return Err(Errno::ENOTDIR);
                }
                if !AccessMode::EXECUTE.granted(&meta, who) {
                    return Err(Errno::EACCES);
                }
            }
            Ok(_) => {}
            Err(Errno::ENOENT) if is_last => {}
            Err(e) => return Err(e),
        }
    }
    let refs: Vec<&str> = current.iter().map(String::as_str).collect();
    let path = path::join_components(&refs);
    let (fs, inner) = mounts.lookup(&path);
    Ok(Resolved { path, fs, inner })
}
