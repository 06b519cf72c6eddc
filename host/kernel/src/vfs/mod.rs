//! The virtual filesystem: the [`FileSystem`] trait every backing store implements, and
//! [`Vfs`], which resolves paths across the mount table (symlinks, `..`, mount points),
//! applies POSIX mode checks for the caller's credentials, and dispatches to the backing
//! file system. Permission policy is checked one level up, in [`crate::Kernel`].

mod host_dir;
pub mod memory;
mod metadata;
mod mount_table;
mod resolve;

pub use host_dir::HostDirFs;
pub use memory::MemoryFs;
pub use metadata::{Credentials, DirEntry, FileKind, Metadata, Timestamp};
pub use mount_table::{Mount, MountTable};

use crate::errno::{Errno, KernelResult};
use crate::path;
use resolve::Resolved;
use std::sync::Arc;

/// How [`FileSystem::open`] opens: files are always readable; `write` asks for writing too.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    pub write: bool,
    pub create: bool,
    pub exclusive: bool,
    pub truncate: bool,
    /// Permission bits for a created file (after the umask).
    pub mode: u32,
}

/// A backing store for part of the virtual tree. Paths are absolute within the file system
/// and already resolved: implementations never follow symlinks themselves (the [`Vfs`]
/// does, so that links can cross mounts and are confined by the mount table).
pub trait FileSystem: Send + Sync {
    /// Metadata of the entry itself (a symlink is not followed).
    fn lstat(&self, path: &str) -> KernelResult<Metadata>;
    fn read_link(&self, path: &str) -> KernelResult<String>;
    fn read_dir(&self, path: &str) -> KernelResult<Vec<DirEntry>>;
    fn create_dir(&self, path: &str, mode: u32, owner: Credentials) -> KernelResult<()>;
    fn remove_dir(&self, path: &str) -> KernelResult<()>;
    fn unlink(&self, path: &str) -> KernelResult<()>;
    fn rename(&self, from: &str, to: &str) -> KernelResult<()>;
    fn symlink(&self, target: &str, path: &str, owner: Credentials) -> KernelResult<()>;
    fn hard_link(&self, existing: &str, new_path: &str) -> KernelResult<()>;
    fn set_mode(&self, path: &str, mode: u32) -> KernelResult<()>;
    fn set_owner(&self, path: &str, owner: Credentials) -> KernelResult<()>;
    fn set_times(&self, path: &str, atime: Timestamp, mtime: Timestamp) -> KernelResult<()>;
    fn open(
        &self,
        path: &str,
        options: OpenOptions,
        owner: Credentials,
    ) -> KernelResult<Arc<dyn File>>;
}

/// An open regular file in a backing store.
pub trait File: Send + Sync {
    /// Reads up to `len` bytes at `offset`; fewer at end of file, none past it.
    fn read_at(&self, len: usize, offset: u64) -> KernelResult<Vec<u8>>;
    fn write_at(&self, data: &[u8], offset: u64) -> KernelResult<usize>;
    fn set_len(&self, len: u64) -> KernelResult<()>;
    fn metadata(&self) -> KernelResult<Metadata>;
}

/// Access wanted by an operation, for POSIX mode checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessMode(u32);

impl AccessMode {
    pub const EXISTS: AccessMode = AccessMode(0);
    pub const EXECUTE: AccessMode = AccessMode(1);
    pub const WRITE: AccessMode = AccessMode(2);
    pub const READ: AccessMode = AccessMode(4);

    pub fn from_bits(bits: u32) -> Self {
        AccessMode(bits & 7)
    }

    pub fn union(self, other: AccessMode) -> AccessMode {
        AccessMode(self.0 | other.0)
    }

    /// Whether `meta` grants this access to `who` (root bypasses read/write; execute
    /// needs at least one execute bit, as on Linux).
    pub fn granted(self, meta: &Metadata, who: Credentials) -> bool {
        if who.uid == 0 {
            return self.0 & 1 == 0 || meta.kind == FileKind::Directory || meta.mode & 0o111 != 0;
        }
        let shift = if meta.uid == who.uid {
            6
        } else if meta.gid == who.gid {
            3
        } else {
            0
        };
        (meta.mode >> shift) & self.0 == self.0
    }
}

/// The virtual filesystem of one runtime: a mount table plus path resolution.
pub struct Vfs {
    mounts: MountTable,
}

impl Vfs {
    /// A VFS whose root is `root`.
    pub fn new(root: Arc<dyn FileSystem>) -> Self {
        Vfs {
            mounts: MountTable::new(root),
        }
    }

    pub fn mounts(&self) -> &MountTable {
        &self.mounts
    }

    fn resolve(&self, path: &str, follow_final: bool, who: Credentials) -> KernelResult<Resolved> {
        resolve::resolve(&self.mounts, path, follow_final, who)
    }

    /// Requires write and search permission on the directory containing `path`.
    fn check_parent_writable(&self, resolved: &Resolved, who: Credentials) -> KernelResult<()> {
        let parent = path::split_parent(&resolved.path)
            .map(|(p, _)| p)
            .ok_or(Errno::EBUSY)?;
        let meta = self.stat(parent, who)?;
        if !AccessMode::WRITE
            .union(AccessMode::EXECUTE)
            .granted(&meta, who)
        {
            return Err(Errno::EACCES);
        }
        Ok(())
    }

    pub fn stat(&self, path: &str, who: Credentials) -> KernelResult<Metadata> {
        let r = self.resolve(path, true, who)?;
        r.fs.lstat(&r.inner)
    }

    pub fn lstat(&self, path: &str, who: Credentials) -> KernelResult<Metadata> {
        let r = self.resolve(path, false, who)?;
        r.fs.lstat(&r.inner)
    }

    /// The canonical path: every symlink resolved.
    pub fn realpath(&self, path: &str, who: Credentials) -> KernelResult<String> {
        let r = self.resolve(path, true, who)?;
        r.fs.lstat(&r.inner)?;
        Ok(r.path)
    }

    pub fn access(&self, path: &str, mode: AccessMode, who: Credentials) -> KernelResult<()> {
        let meta = self.stat(path, who)?;
        if mode.granted(&meta, who) {
            Ok(())
        } else {
            Err(Errno::EACCES)
        }
    }

    pub fn read_link(&self, path: &str, who: Credentials) -> KernelResult<String> {
        let r = self.resolve(path, false, who)?;
        r.fs.read_link(&r.inner)
    }

    pub fn read_dir(&self, path: &str, who: Credentials) -> KernelResult<Vec<DirEntry>> {
        let r = self.resolve(path, true, who)?;
        let meta = r.fs.lstat(&r.inner)?;
        if meta.kind != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        if !AccessMode::READ.granted(&meta, who) {
            return Err(Errno::EACCES);
        }
        let mut entries = r.fs.read_dir(&r.inner)?;
        for mount in self.mounts.mounted_children(&r.path) {
            if !entries.iter().any(|e| e.name == mount) {
                entries.push(DirEntry {
                    name: mount,
                    kind: FileKind::Directory,
                });
            }
        }
        Ok(entries)
    }

    /// Creates one directory, or with `recursive` every missing one, returning the first
    /// directory created (Node's `mkdir -p` result).
    pub fn create_dir(
        &self,
        path: &str,
        mode: u32,
        recursive: bool,
        who: Credentials,
    ) -> KernelResult<Option<String>> {
        if !recursive {
            let r = self.resolve(path, false, who)?;
            self.check_parent_writable(&r, who)?;
            r.fs.create_dir(&r.inner, mode, who)?;
            return Ok(Some(r.path));
        }
        let mut first_created = None;
        let mut prefix = Vec::new();
        for component in path::components(path) {
            prefix.push(component);
            let current = path::join_components(&prefix);
            match self.stat(&current, who) {
                Ok(meta) if meta.kind == FileKind::Directory => continue,
                Ok(_) => return Err(Errno::ENOTDIR),
                Err(Errno::ENOENT) => {
                    let r = self.resolve(&current, false, who)?;
                    self.check_parent_writable(&r, who)?;
                    r.fs.create_dir(&r.inner, mode, who)?;
                    first_created.get_or_insert(current);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(first_created)
    }

    pub fn remove_dir(&self, path: &str, who: Credentials) -> KernelResult<()> {
        let r = self.resolve(path, false, who)?;
        if self.mounts.is_mount_point(&r.path) {
            return Err(Errno::EBUSY);
        }
        self.check_parent_writable(&r, who)?;
        r.fs.remove_dir(&r.inner)
    }

    pub fn unlink(&self, path: &str, who: Credentials) -> KernelResult<()> {
        let r = self.resolve(path, false, who)?;
        self.check_parent_writable(&r, who)?;
        r.fs.unlink(&r.inner)
    }

    pub fn rename(&self, from: &str, to: &str, who: Credentials) -> KernelResult<()> {
        let source = self.resolve(from, false, who)?;
        let dest = self.resolve(to, false, who)?;
        if !Arc::ptr_eq(&source.fs, &dest.fs) {
            return Err(Errno::EXDEV);
        }
        self.check_parent_writable(&source, who)?;
        self.check_parent_writable(&dest, who)?;
        source.fs.rename(&source.inner, &dest.inner)
    }

    pub fn hard_link(&self, existing: &str, new_path: &str, who: Credentials) -> KernelResult<()> {
        let source = self.resolve(existing, false, who)?;
        let dest = self.resolve(new_path, false, who)?;
        if !Arc::ptr_eq(&source.fs, &dest.fs) {
            return Err(Errno::EXDEV);
        }
        self.check_parent_writable(&dest, who)?;
        source.fs.hard_link(&source.inner, &dest.inner)
    }

    pub fn symlink(&self, target: &str, path: &str, who: Credentials) -> KernelResult<()> {
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        let r = self.resolve(path, false, who)?;
        self.check_parent_writable(&r, who)?;
        r.fs.symlink(target, &r.inner, who)
    }

    /// Changes permission bits; only the owner (or root) may.
    pub fn set_mode(&self, path: &str, mode: u32, who: Credentials) -> KernelResult<()> {
        let r = self.resolve(path, true, who)?;
        let meta = r.fs.lstat(&r.inner)?;
        if who.uid != 0 && who.uid != meta.uid {
            return Err(Errno::EPERM);
        }
        r.fs.set_mode(&r.inner, mode & 0o7777)
    }

    /// Changes owner and group; only root may (Linux without `CAP_CHOWN` refuses).
    pub fn set_owner(&self, path: &str, owner: Credentials, who: Credentials) -> KernelResult<()> {
        let r = self.resolve(path, true, who)?;
        r.fs.lstat(&r.inner)?;
        if who.uid != 0 {
            return Err(Errno::EPERM);
        }
        r.fs.set_owner(&r.inner, owner)
    }

    pub fn set_times(
        &self,
        path: &str,
        atime: Timestamp,
        mtime: Timestamp,
        who: Credentials,
    ) -> KernelResult<()> {
        let r = self.resolve(path, true, who)?;
        let meta = r.fs.lstat(&r.inner)?;
        if who.uid != 0 && who.uid != meta.uid && !AccessMode::WRITE.granted(&meta, who) {
            return Err(Errno::EPERM);
        }
        r.fs.set_times(&r.inner, atime, mtime)
    }

    /// Opens (and maybe creates) a regular file, checking read/write access.
    pub fn open(
        &self,
        path: &str,
        access: AccessMode,
        options: OpenOptions,
        follow: bool,
        who: Credentials,
    ) -> KernelResult<Arc<dyn File>> {
        let r = self.resolve(path, follow, who)?;
        match r.fs.lstat(&r.inner) {
            Ok(meta) => {
                if options.create && options.exclusive {
                    return Err(Errno::EEXIST);
                }
                match meta.kind {
                    FileKind::Directory => return Err(Errno::EISDIR),
                    FileKind::Symlink => return Err(Errno::ELOOP),
                    _ => {}
                }
                let wanted = if options.truncate {
                    access.union(AccessMode::WRITE)
                } else {
                    access
                };
                if !wanted.granted(&meta, who) {
                    return Err(Errno::EACCES);
                }
            }
            Err(Errno::ENOENT) if options.create => self.check_parent_writable(&r, who)?,
            Err(e) => return Err(e),
        }
        r.fs.open(&r.inner, options, who)
    }
}
