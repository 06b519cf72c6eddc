//! An in-memory file system: inodes with hard links, symlinks, mode bits, owners and
//! timestamps, bounded in bytes and inodes so a guest cannot exhaust the host's memory.

use super::metadata::now;
use super::{Credentials, DirEntry, File, FileKind, FileSystem, Metadata, OpenOptions, Timestamp};
use crate::errno::{Errno, KernelResult};
use crate::path;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

/// Default byte capacity of one in-memory file system. The bytes live in host RAM, so this
/// bounds what a guest can make the host hold; 1 GiB fits real workloads (a large
/// `node_modules` copied in) while leaving the host room for many runtimes' metadata.
pub const DEFAULT_CAPACITY_BYTES: u64 = 1 << 30;
/// Default inode limit: ~1M entries is more than any real tree needs, and caps the
/// per-inode bookkeeping at well under a gigabyte.
pub const DEFAULT_MAX_INODES: u64 = 1 << 20;
/// Device number reported in `stat.dev` for in-memory file systems.
const MEMORY_DEV: u64 = 0x5345;
const ROOT_INO: u64 = 1;

enum Content {
    File(Vec<u8>),
    Directory(BTreeMap<String, u64>),
    Symlink(String),
}

struct Inode {
    meta: Metadata,
    content: Content,
    /// Open handles; an unlinked inode lives until the last one closes.
    open_handles: usize,
}

struct State {
    inodes: HashMap<u64, Inode>,
    next_ino: u64,
    used_bytes: u64,
    capacity_bytes: u64,
    max_inodes: u64,
}

/// See the module docs. Cloning shares the same tree.
#[derive(Clone)]
pub struct MemoryFs {
    state: Arc<Mutex<State>>,
}

impl Default for MemoryFs {
    fn default() -> Self {
        MemoryFs::with_limits(DEFAULT_CAPACITY_BYTES, DEFAULT_MAX_INODES)
    }
}

impl MemoryFs {
    /// An empty file system (a root directory owned by root, mode 0755).
    pub fn with_limits(capacity_bytes: u64, max_inodes: u64) -> Self {
        let mut inodes = HashMap::new();
        inodes.insert(
            ROOT_INO,
            Inode {
                meta: new_meta(ROOT_INO, FileKind::Directory, 0o755, Credentials::ROOT),
                content: Content::Directory(BTreeMap::new()),
                open_handles: 0,
            },
        );
        inodes.get_mut(&ROOT_INO).expect("root").meta.nlink = 2;
        MemoryFs {
            state: Arc::new(Mutex::new(State {
                inodes,
                next_ino: ROOT_INO + 1,
                used_bytes: 0,
                capacity_bytes,
                max_inodes,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Bytes of file content currently stored.
    pub fn used_bytes(&self) -> u64 {
        self.lock().used_bytes
    }
}

fn new_meta(ino: u64, kind: FileKind, mode: u32, owner: Credentials) -> Metadata {
    let t = now();
    Metadata {
        kind,
        mode,
        uid: owner.uid,
        gid: owner.gid,
        size: 0,
        nlink: 1,
        ino,
        dev: MEMORY_DEV,
        atime: t,
        mtime: t,
        ctime: t,
        birthtime: t,
    }
}

impl State {
    fn inode(&self, ino: u64) -> KernelResult<&Inode> {
        self.inodes.get(&ino).ok_or(Errno::ENOENT)
    }

    fn inode_mut(&mut self, ino: u64) -> KernelResult<&mut Inode> {
        self.inodes.get_mut(&ino).ok_or(Errno::ENOENT)
    }

    fn lookup(&self, path: &str) -> KernelResult<u64> {
        let mut ino = ROOT_INO;
        for name in path::components(path) {
            match &self.inode(ino)?.content {
                Content::Directory(entries) => ino = *entries.get(name).ok_or(Errno::ENOENT)?,
                _ => return Err(Errno::ENOTDIR),
            }
        }
        Ok(ino)
    }

    /// The parent directory's inode and the final name; `/` itself has no parent entry.
    fn lookup_parent<'p>(&self, path: &'p str) -> KernelResult<(u64, &'p str)> {
        let (parent, name) = path::split_parent(path).ok_or(Errno::EBUSY)?;
        let ino = self.lookup(parent)?;
        match self.inode(ino)?.content {
            Content::Directory(_) => Ok((ino, name)),
            _ => Err(Errno::ENOTDIR),
        }
    }

    fn entries_mut(&mut self, dir: u64) -> KernelResult<&mut BTreeMap<String, u64>> {
        match &mut self.inode_mut(dir)?.content {
            Content::Directory(entries) => Ok(entries),
            _ => Err(Errno::ENOTDIR),
        }
    }

    fn touch_dir(&mut self, dir: u64) {
        if let Ok(inode) = self.inode_mut(dir) {
            let t = now();
            inode.meta.mtime = t;
            inode.meta.ctime = t;
        }
    }

    /// Adds a new inode named `name` in `dir`.
    fn create(
        &mut self,
        dir: u64,
        name: &str,
        kind: FileKind,
        mode: u32,
        owner: Credentials,
        content: Content,
    ) -> KernelResult<u64> {
        if self.entries_mut(dir)?.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        if self.inodes.len() as u64 >= self.max_inodes {
            return Err(Errno::ENOSPC);
        }
        let ino = self.next_ino;
        self.next_ino += 1;
        let mut meta = new_meta(ino, kind, mode, owner);
        if let Content::Symlink(target) = &content {
            meta.size = target.len() as u64;
        }
        if kind == FileKind::Directory {
            meta.nlink = 2;
            self.inode_mut(dir)?.meta.nlink += 1;
        }
        self.inodes.insert(
            ino,
            Inode {
                meta,
                content,
                open_handles: 0,
            },
        );
        self.entries_mut(dir)?.insert(name.to_string(), ino);
        self.touch_dir(dir);
        Ok(ino)
    }

    /// Drops one link to `ino`, freeing it when no link or open handle remains.
    fn release_link(&mut self, ino: u64) {
        let Some(inode) = self.inodes.get_mut(&ino) else {
            return;
        };
        inode.meta.nlink = inode.meta.nlink.saturating_sub(1);
        inode.meta.ctime = now();
        self.collect(ino);
    }

    fn collect(&mut self, ino: u64) {
        let dead = self
            .inodes
            .get(&ino)
            .is_some_and(|i| i.open_handles == 0 && (i.meta.nlink == 0 || is_dead_dir(i)));
        if !dead {
            return;
        }
        // Removed whatever it is; only a file's bytes count against the capacity.
        if let Some(Inode {
            content: Content::File(bytes),
            ..
        }) = self.inodes.remove(&ino)
        {
            self.used_bytes -= bytes.len() as u64;
        }
    }

    fn resize(&mut self, ino: u64, len: u64) -> KernelResult<()> {
        let used = self.used_bytes;
        let capacity = self.capacity_bytes;
        let inode = self.inode_mut(ino)?;
        let Content::File(bytes) = &mut inode.content else {
            return Err(Errno::EISDIR);
        };
        let old = bytes.len() as u64;
        if len > old && used + (len - old) > capacity {
            return Err(Errno::ENOSPC);
        }
        bytes.resize(len as usize, 0);
        let t = now();
        inode.meta.size = len;
        inode.meta.mtime = t;
        inode.meta.ctime = t;
        self.used_bytes = used + len - old;
        Ok(())
    }
}

fn is_dead_dir(inode: &Inode) -> bool {
    matches!(inode.content, Content::Directory(_)) && inode.meta.nlink < 2
}

impl FileSystem for MemoryFs {
    fn lstat(&self, path: &str) -> KernelResult<Metadata> {
        let state = self.lock();
        Ok(state.inode(state.lookup(path)?)?.meta.clone())
    }

    fn read_link(&self, path: &str) -> KernelResult<String> {
        let state = self.lock();
        match &state.inode(state.lookup(path)?)?.content {
            Content::Symlink(target) => Ok(target.clone()),
            _ => Err(Errno::EINVAL),
        }
    }

    fn read_dir(&self, path: &str) -> KernelResult<Vec<DirEntry>> {
        let state = self.lock();
        let Content::Directory(entries) = &state.inode(state.lookup(path)?)?.content else {
            return Err(Errno::ENOTDIR);
        };
        entries
            .iter()
            .map(|(name, ino)| {
                Ok(DirEntry {
                    name: name.clone(),
                    kind: state.inode(*ino)?.meta.kind,
                })
            })
            .collect()
    }

    fn create_dir(&self, path: &str, mode: u32, owner: Credentials) -> KernelResult<()> {
        let mut state = self.lock();
        let (dir, name) = state.lookup_parent(path)?;
        let content = Content::Directory(BTreeMap::new());
        state
            .create(dir, name, FileKind::Directory, mode, owner, content)
            .map(drop)
    }

    fn remove_dir(&self, path: &str) -> KernelResult<()> {
        let mut state = self.lock();
        let (dir, name) = state.lookup_parent(path)?;
        let ino = *state.entries_mut(dir)?.get(name).ok_or(Errno::ENOENT)?;
        match &state.inode(ino)?.content {
            Content::Directory(entries) if !entries.is_empty() => return Err(Errno::ENOTEMPTY),
            Content::Directory(_) => {}
            _ => return Err(Errno::ENOTDIR),
        }
        state.entries_mut(dir)?.remove(name);
        state.inode_mut(dir)?.meta.nlink -= 1;
        state.touch_dir(dir);
        state.inode_mut(ino)?.meta.nlink = 0;
        state.collect(ino);
        Ok(())
    }

    fn unlink(&self, path: &str) -> KernelResult<()> {
        let mut state = self.lock();
        let (dir, name) = state.lookup_parent(path)?;
        let ino = *state.entries_mut(dir)?.get(name).ok_or(Errno::ENOENT)?;
        if let Content::Directory(_) = state.inode(ino)?.content {
            return Err(Errno::EISDIR);
        }
        state.entries_mut(dir)?.remove(name);
        state.touch_dir(dir);
        state.release_link(ino);
        Ok(())
    }

    fn rename(&self, from: &str, to: &str) -> KernelResult<()> {
        let mut state = self.lock();
        let (from_dir, from_name) = state.lookup_parent(from)?;
        let (to_dir, to_name) = state.lookup_parent(to)?;
        let ino = *state
            .entries_mut(from_dir)?
            .get(from_name)
            .ok_or(Errno::ENOENT)?;
        let moving_dir = matches!(state.inode(ino)?.content, Content::Directory(_));
        if moving_dir && (to == from || to.starts_with(&format!("{from}/"))) {
            return if to == from {
                Ok(())
            } else {
                Err(Errno::EINVAL)
            };
        }
        if let Some(&existing) = state.entries_mut(to_dir)?.get(to_name) {
            if existing == ino {
                return Ok(());
            }
            match (&state.inode(existing)?.content, moving_dir) {
                (Content::Directory(entries), true) if !entries.is_empty() => {
                    return Err(Errno::ENOTEMPTY);
                }
                (Content::Directory(_), true) => {
                    state.inode_mut(to_dir)?.meta.nlink -= 1;
                    state.inode_mut(existing)?.meta.nlink = 0;
                    state.collect(existing);
                }
                (Content::Directory(_), false) => return Err(Errno::EISDIR),
                (_, true) => return Err(Errno::ENOTDIR),
                (_, false) => state.release_link(existing),
            }
        }
        state.entries_mut(from_dir)?.remove(from_name);
        state.entries_mut(to_dir)?.insert(to_name.to_string(), ino);
        if moving_dir && from_dir != to_dir {
            state.inode_mut(from_dir)?.meta.nlink -= 1;
            state.inode_mut(to_dir)?.meta.nlink += 1;
        }
        state.touch_dir(from_dir);
        state.touch_dir(to_dir);
        state.inode_mut(ino)?.meta.ctime = now();
        Ok(())
    }

    fn symlink(&self, target: &str, path: &str, owner: Credentials) -> KernelResult<()> {
        let mut state = self.lock();
        let (dir, name) = state.lookup_parent(path)?;
        let content = Content::Symlink(target.to_string());
        state
            .create(dir, name, FileKind::Symlink, 0o777, owner, content)
            .map(drop)
    }

    fn hard_link(&self, existing: &str, new_path: &str) -> KernelResult<()> {
        let mut state = self.lock();
        let ino = state.lookup(existing)?;
        if let Content::Directory(_) = state.inode(ino)?.content {
            return Err(Errno::EPERM);
        }
        let (dir, name) = state.lookup_parent(new_path)?;
        if state.entries_mut(dir)?.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        state.entries_mut(dir)?.insert(name.to_string(), ino);
        state.touch_dir(dir);
        let inode = state.inode_mut(ino)?;
        inode.meta.nlink += 1;
        inode.meta.ctime = now();
        Ok(())
    }

    fn set_mode(&self, path: &str, mode: u32) -> KernelResult<()> {
        let mut state = self.lock();
        let ino = state.lookup(path)?;
        let meta = &mut state.inode_mut(ino)?.meta;
        meta.mode = mode;
        meta.ctime = now();
        Ok(())
    }

    fn set_owner(&self, path: &str, owner: Credentials) -> KernelResult<()> {
        let mut state = self.lock();
        let ino = state.lookup(path)?;
        let meta = &mut state.inode_mut(ino)?.meta;
        meta.uid = owner.uid;
        meta.gid = owner.gid;
        meta.ctime = now();
        Ok(())
    }

    fn set_times(&self, path: &str, atime: Timestamp, mtime: Timestamp) -> KernelResult<()> {
        let mut state = self.lock();
        let ino = state.lookup(path)?;
        let meta = &mut state.inode_mut(ino)?.meta;
        meta.atime = atime;
        meta.mtime = mtime;
        meta.ctime = now();
        Ok(())
    }

    fn open(
        &self,
        path: &str,
        options: OpenOptions,
        owner: Credentials,
    ) -> KernelResult<Arc<dyn File>> {
        let mut state = self.lock();
        let ino = match state.lookup(path) {
            Ok(ino) => {
                if options.truncate {
                    state.resize(ino, 0)?;
                }
                ino
            }
            Err(Errno::ENOENT) if options.create => {
                let (dir, name) = state.lookup_parent(path)?;
                let content = Content::File(Vec::new());
                state.create(dir, name, FileKind::Regular, options.mode, owner, content)?
            }
            Err(e) => return Err(e),
        };
        let inode = state.inode_mut(ino)?;
        if !matches!(inode.content, Content::File(_)) && options.write {
            return Err(Errno::EISDIR);
        }
        inode.open_handles += 1;
        Ok(Arc::new(MemoryFile {
            fs: self.clone(),
            ino,
        }))
    }
}

/// An open handle on an in-memory file; keeps the inode alive after unlink.
struct MemoryFile {
    fs: MemoryFs,
    ino: u64,
}

impl File for MemoryFile {
    fn read_at(&self, len: usize, offset: u64) -> KernelResult<Vec<u8>> {
        let state = self.fs.lock();
        let Content::File(bytes) = &state.inode(self.ino)?.content else {
            return Err(Errno::EISDIR);
        };
        let start = (offset as usize).min(bytes.len());
        let end = start.saturating_add(len).min(bytes.len());
        Ok(bytes[start..end].to_vec())
    }

    fn write_at(&self, data: &[u8], offset: u64) -> KernelResult<usize> {
        let mut state = self.fs.lock();
        let end = offset.checked_add(data.len() as u64).ok_or(Errno::EFBIG)?;
        let size = state.inode(self.ino)?.meta.size;
        if end > size {
            state.resize(self.ino, end)?;
        }
        let inode = state.inode_mut(self.ino)?;
        let Content::File(bytes) = &mut inode.content else {
            return Err(Errno::EISDIR);
        };
        bytes[offset as usize..end as usize].copy_from_slice(data);
        let t = now();
        inode.meta.mtime = t;
        inode.meta.ctime = t;
        Ok(data.len())
    }

    fn set_len(&self, len: u64) -> KernelResult<()> {
        self.fs.lock().resize(self.ino, len)
    }

    fn metadata(&self) -> KernelResult<Metadata> {
        Ok(self.fs.lock().inode(self.ino)?.meta.clone())
    }

    fn set_mode(&self, mode: u32) -> KernelResult<()> {
        let mut state = self.fs.lock();
        let meta = &mut state.inode_mut(self.ino)?.meta;
        meta.mode = mode;
        meta.ctime = now();
        Ok(())
    }

    fn set_times(&self, atime: Timestamp, mtime: Timestamp) -> KernelResult<()> {
        let mut state = self.fs.lock();
        let meta = &mut state.inode_mut(self.ino)?.meta;
        meta.atime = atime;
        meta.mtime = mtime;
        meta.ctime = now();
        Ok(())
    }
}

impl Drop for MemoryFile {
    fn drop(&mut self) {
        let mut state = self.fs.lock();
        if let Ok(inode) = state.inode_mut(self.ino) {
            inode.open_handles -= 1;
        }
        state.collect(self.ino);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: Credentials = Credentials {
        uid: 1000,
        gid: 1000,
    };

    fn write(fs: &MemoryFs, path: &str, data: &[u8]) {
        let options = OpenOptions {
            create: true,
            truncate: true,
            mode: 0o644,
            ..Default::default()
        };
        fs.open(path, options, USER)
            .unwrap()
            .write_at(data, 0)
            .unwrap();
    }

    #[test]
    fn files_directories_and_links() {
        let fs = MemoryFs::default();
        fs.create_dir("/a", 0o755, USER).unwrap();
        write(&fs, "/a/f", b"hello");
        assert_eq!(fs.lstat("/a/f").unwrap().size, 5);
        assert_eq!(fs.create_dir("/a", 0o755, USER), Err(Errno::EEXIST));
        assert_eq!(fs.remove_dir("/a"), Err(Errno::ENOTEMPTY));
        fs.hard_link("/a/f", "/a/g").unwrap();
        assert_eq!(fs.lstat("/a/g").unwrap().nlink, 2);
        fs.symlink("f", "/a/s", USER).unwrap();
        assert_eq!(fs.read_link("/a/s").unwrap(), "f");
        assert_eq!(fs.lstat("/a/s").unwrap().kind, FileKind::Symlink);
        assert_eq!(fs.lstat("/a/f/x"), Err(Errno::ENOTDIR));
        let names: Vec<_> = fs
            .read_dir("/a")
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["f", "g", "s"]);
    }

    #[test]
    fn unlinked_file_lives_while_open_and_frees_bytes_after() {
        let fs = MemoryFs::default();
        write(&fs, "/f", b"data");
        let handle = fs.open("/f", OpenOptions::default(), USER).unwrap();
        fs.unlink("/f").unwrap();
        assert_eq!(fs.lstat("/f"), Err(Errno::ENOENT));
        assert_eq!(handle.read_at(10, 0).unwrap(), b"data");
        assert_eq!(fs.used_bytes(), 4);
        drop(handle);
        assert_eq!(fs.used_bytes(), 0);
    }

    #[test]
    fn open_files_and_directories_change_attributes() {
        let fs = MemoryFs::default();
        write(&fs, "/f", b"data");
        let file = fs.open("/f", OpenOptions::default(), USER).unwrap();
        file.set_mode(0o600).unwrap();
        file.set_times(1_000, 2_000).unwrap();
        let meta = fs.lstat("/f").unwrap();
        assert_eq!((meta.mode, meta.atime, meta.mtime), (0o600, 1_000, 2_000));
        fs.create_dir("/d", 0o755, USER).unwrap();
        let dir = fs.open("/d", OpenOptions::default(), USER).unwrap();
        assert_eq!(dir.metadata().unwrap().kind, FileKind::Directory);
        assert_eq!(dir.read_at(1, 0), Err(Errno::EISDIR));
        let write = OpenOptions {
            write: true,
            ..Default::default()
        };
        assert_eq!(fs.open("/d", write, USER).err(), Some(Errno::EISDIR));
    }

    #[test]
    fn rename_replaces_and_refuses_dir_into_itself() {
        let fs = MemoryFs::default();
        write(&fs, "/x", b"1");
        write(&fs, "/y", b"22");
        fs.rename("/x", "/y").unwrap();
        assert_eq!(fs.lstat("/y").unwrap().size, 1);
        fs.create_dir("/d", 0o755, USER).unwrap();
        assert_eq!(fs.rename("/d", "/d/e"), Err(Errno::EINVAL));
        assert_eq!(fs.rename("/d", "/y"), Err(Errno::ENOTDIR));
    }

    #[test]
    fn capacity_is_enforced() {
        let fs = MemoryFs::with_limits(8, 100);
        let options = OpenOptions {
            create: true,
            mode: 0o644,
            ..Default::default()
        };
        let file = fs.open("/f", options, USER).unwrap();
        file.write_at(b"12345678", 0).unwrap();
        assert_eq!(file.write_at(b"9", 8), Err(Errno::ENOSPC));
        let small = MemoryFs::with_limits(1 << 20, 2);
        small.create_dir("/a", 0o755, USER).unwrap();
        assert_eq!(small.create_dir("/b", 0o755, USER), Err(Errno::ENOSPC));
    }
}
