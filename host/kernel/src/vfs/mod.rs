//! The virtual filesystem: the [`FileSystem`] trait every backing store implements, and
//! [`Vfs`], which resolves paths across the mount table (symlinks, `..`, mount points),
//! applies POSIX mode checks for the caller's credentials, and dispatches to the backing
//! file system. Permission policy is checked one level up, in [`crate::Kernel`].

mod host_dir;
pub mod memory;
mod metadata;
mod mount_table;
mod resolve;
pub mod watch;

pub use host_dir::HostDirFs;
pub use memory::MemoryFs;
pub use metadata::{Credentials, DirEntry, FileKind, Metadata, Timestamp};
pub use mount_table::{Mount, MountTable};
pub use watch::{Change, ChangeKind, Watch, Watches};

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
    /// `fchmod`: the open file's permission bits.
    fn set_mode(&self, mode: u32) -> KernelResult<()>;
    /// `futimes`: the open file's access and modification times.
    fn set_times(&self, atime: Timestamp, mtime: Timestamp) -> KernelResult<()>;
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

/// Whether `who` may change the mode of the file `meta` describes: its owner or root.
pub fn may_set_mode(meta: &Metadata, who: Credentials) -> KernelResult<()> {
    if who.uid != 0 && who.uid != meta.uid {
        return Err(Errno::EPERM);
    }
    Ok(())
}

/// Whether `who` may set the times of the file `meta` describes: its owner, root, or
/// anyone who may write it.
pub fn may_set_times(meta: &Metadata, who: Credentials) -> KernelResult<()> {
    if who.uid != 0 && who.uid != meta.uid && !AccessMode::WRITE.granted(meta, who) {
        return Err(Errno::EPERM);
    }
    Ok(())
}

/// The virtual filesystem of one runtime: a mount table plus path resolution, and the
/// watches its changes are reported to.
pub struct Vfs {
    mounts: MountTable,
    watches: Watches,
}

impl Vfs {
    /// A VFS whose root is `root`.
    pub fn new(root: Arc<dyn FileSystem>) -> Self {
        Vfs {
            mounts: MountTable::new(root),
            watches: Watches::default(),
        }
    }

    pub fn mounts(&self) -> &MountTable {
        &self.mounts
    }

    pub fn watches(&self) -> &Watches {
        &self.watches
    }

    /// Reports `changed` to the watches when `result` says the change happened.
    fn notify<T>(
        &self,
        result: KernelResult<T>,
        kind: ChangeKind,
        changed: &str,
    ) -> KernelResult<T> {
        if result.is_ok() {
            self.watches.notify(kind, changed);
        }
        result
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
            self.notify(
                r.fs.create_dir(&r.inner, mode, who),
                ChangeKind::Rename,
                path,
            )?;
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
                    let created = r.fs.create_dir(&r.inner, mode, who);
                    self.notify(created, ChangeKind::Rename, &current)?;
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
        self.notify(r.fs.remove_dir(&r.inner), ChangeKind::Rename, path)
    }

    pub fn unlink(&self, path: &str, who: Credentials) -> KernelResult<()> {
        let r = self.resolve(path, false, who)?;
        self.check_parent_writable(&r, who)?;
        self.notify(r.fs.unlink(&r.inner), ChangeKind::Rename, path)
    }

    pub fn rename(&self, from: &str, to: &str, who: Credentials) -> KernelResult<()> {
        let source = self.resolve(from, false, who)?;
        let dest = self.resolve(to, false, who)?;
        if !Arc::ptr_eq(&source.fs, &dest.fs) {
            return Err(Errno::EXDEV);
        }
        self.check_parent_writable(&source, who)?;
        self.check_parent_writable(&dest, who)?;
        let renamed = source.fs.rename(&source.inner, &dest.inner);
        self.notify(renamed, ChangeKind::Rename, from)?;
        self.watches.notify(ChangeKind::Rename, to);
        Ok(())
    }

    pub fn hard_link(&self, existing: &str, new_path: &str, who: Credentials) -> KernelResult<()> {
        let source = self.resolve(existing, false, who)?;
        let dest = self.resolve(new_path, false, who)?;
        if !Arc::ptr_eq(&source.fs, &dest.fs) {
            return Err(Errno::EXDEV);
        }
        self.check_parent_writable(&dest, who)?;
        let linked = source.fs.hard_link(&source.inner, &dest.inner);
        self.notify(linked, ChangeKind::Rename, new_path)
    }

    pub fn symlink(&self, target: &str, path: &str, who: Credentials) -> KernelResult<()> {
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        let r = self.resolve(path, false, who)?;
        self.check_parent_writable(&r, who)?;
        self.notify(
            r.fs.symlink(target, &r.inner, who),
            ChangeKind::Rename,
            path,
        )
    }

    /// Changes permission bits; only the owner (or root) may.
    pub fn set_mode(&self, path: &str, mode: u32, who: Credentials) -> KernelResult<()> {
        let r = self.resolve(path, true, who)?;
        may_set_mode(&r.fs.lstat(&r.inner)?, who)?;
        self.notify(
            r.fs.set_mode(&r.inner, mode & 0o7777),
            ChangeKind::Change,
            path,
        )
    }

    /// Changes owner and group; only root may (Linux without `CAP_CHOWN` refuses).
    pub fn set_owner(&self, path: &str, owner: Credentials, who: Credentials) -> KernelResult<()> {
        let r = self.resolve(path, true, who)?;
        r.fs.lstat(&r.inner)?;
        if who.uid != 0 {
            return Err(Errno::EPERM);
        }
        self.notify(r.fs.set_owner(&r.inner, owner), ChangeKind::Change, path)
    }

    /// Sets access and modification times, of a final symlink's target with `follow`
    /// (`utimes`), else of the symlink itself (`lutimes`).
    pub fn set_times(
        &self,
        path: &str,
        (atime, mtime): (Timestamp, Timestamp),
        follow: bool,
        who: Credentials,
    ) -> KernelResult<()> {
        let r = self.resolve(path, follow, who)?;
        may_set_times(&r.fs.lstat(&r.inner)?, who)?;
        self.notify(
            r.fs.set_times(&r.inner, atime, mtime),
            ChangeKind::Change,
            path,
        )
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
        let change = match r.fs.lstat(&r.inner) {
            Ok(meta) => {
                if options.create && options.exclusive {
                    return Err(Errno::EEXIST);
                }
                match meta.kind {
                    // A directory opens for reading only (its attributes, `fstat`).
                    FileKind::Directory if options.write || options.truncate => {
                        return Err(Errno::EISDIR);
                    }
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
                options.truncate.then_some(ChangeKind::Change)
            }
            Err(Errno::ENOENT) if options.create => {
                self.check_parent_writable(&r, who)?;
                Some(ChangeKind::Rename)
            }
            Err(e) => return Err(e),
        };
        let opened = r.fs.open(&r.inner, options, who);
        match change {
            Some(kind) => self.notify(opened, kind, path),
            None => opened,
        }
    }
}
