//! A host directory mounted into the VFS (the seed's `mounts`): read lazily through
//! cap-std, so nothing is copied up front and no path can leave the directory (`..` and
//! symlinks are refused by cap-std; the VFS resolves links in the virtual namespace before
//! they get here anyway). A read-only mount answers every change with `EROFS`.

use super::{Credentials, DirEntry, File, FileKind, FileSystem, Metadata, OpenOptions, Timestamp};
use crate::errno::{Errno, KernelResult};
use cap_fs_ext::{DirExt, SystemTimeSpec};
use cap_std::fs::{Dir, MetadataExt, OpenOptionsExt, Permissions, PermissionsExt};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

pub struct HostDirFs {
    dir: Dir,
    read_only: bool,
}

impl HostDirFs {
    /// Opens `host_path` for mounting. This is the one place the kernel touches the host's
    /// ambient file system, on the embedder's behalf.
    pub fn open(host_path: &Path, read_only: bool) -> std::io::Result<Self> {
        let dir = Dir::open_ambient_dir(host_path, cap_std::ambient_authority())?;
        Ok(HostDirFs { dir, read_only })
    }

    fn writable(&self) -> KernelResult<()> {
        if self.read_only {
            Err(Errno::EROFS)
        } else {
            Ok(())
        }
    }
}

/// `/a/b` (a path inside the mount) as cap-std's relative `a/b`; the mount root is `.`.
fn relative(path: &str) -> &str {
    match path.trim_start_matches('/') {
        "" => ".",
        rest => rest,
    }
}

fn timestamp(seconds: i64, nanos: i64) -> Timestamp {
    seconds.saturating_mul(1_000_000_000).saturating_add(nanos)
}

fn metadata(meta: &cap_std::fs::Metadata) -> Metadata {
    let file_type = meta.file_type();
    let kind = if file_type.is_symlink() {
        FileKind::Symlink
    } else if file_type.is_dir() {
        FileKind::Directory
    } else if file_type.is_file() {
        FileKind::Regular
    } else {
        FileKind::Other
    };
    let ctime = timestamp(meta.ctime(), meta.ctime_nsec());
    Metadata {
        kind,
        mode: meta.mode() & 0o7777,
        uid: meta.uid(),
        gid: meta.gid(),
        size: meta.size(),
        nlink: meta.nlink(),
        ino: meta.ino(),
        dev: meta.dev(),
        atime: timestamp(meta.atime(), meta.atime_nsec()),
        mtime: timestamp(meta.mtime(), meta.mtime_nsec()),
        ctime,
        birthtime: ctime,
    }
}

fn std_time(timestamp: Timestamp) -> std::time::SystemTime {
    if timestamp >= 0 {
        UNIX_EPOCH + Duration::from_nanos(timestamp as u64)
    } else {
        UNIX_EPOCH - Duration::from_nanos(timestamp.unsigned_abs())
    }
}

fn system_time(timestamp: Timestamp) -> SystemTimeSpec {
    SystemTimeSpec::Absolute(cap_std::time::SystemTime::from_std(std_time(timestamp)))
}

impl FileSystem for HostDirFs {
    fn lstat(&self, path: &str) -> KernelResult<Metadata> {
        Ok(metadata(&self.dir.symlink_metadata(relative(path))?))
    }

    fn read_link(&self, path: &str) -> KernelResult<String> {
        let target = self.dir.read_link_contents(relative(path))?;
        target
            .into_os_string()
            .into_string()
            .map_err(|_| Errno::EINVAL)
    }

    fn read_dir(&self, path: &str) -> KernelResult<Vec<DirEntry>> {
        let mut entries = Vec::new();
        for entry in self.dir.read_dir(relative(path))? {
            let entry = entry?;
            let file_type = entry.file_type()?;
            let kind = if file_type.is_symlink() {
                FileKind::Symlink
            } else if file_type.is_dir() {
                FileKind::Directory
            } else if file_type.is_file() {
                FileKind::Regular
            } else {
                FileKind::Other
            };
            let name = entry.file_name().into_string().map_err(|_| Errno::EINVAL)?;
            entries.push(DirEntry { name, kind });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn create_dir(&self, path: &str, mode: u32, _owner: Credentials) -> KernelResult<()> {
        self.writable()?;
        self.dir.create_dir(relative(path))?;
        Ok(self
            .dir
            .set_permissions(relative(path), Permissions::from_mode(mode))?)
    }

    fn remove_dir(&self, path: &str) -> KernelResult<()> {
        self.writable()?;
        Ok(self.dir.remove_dir(relative(path))?)
    }

    fn unlink(&self, path: &str) -> KernelResult<()> {
        self.writable()?;
        Ok(self.dir.remove_file(relative(path))?)
    }

    fn rename(&self, from: &str, to: &str) -> KernelResult<()> {
        self.writable()?;
        Ok(self.dir.rename(relative(from), &self.dir, relative(to))?)
    }

    fn symlink(&self, target: &str, path: &str, _owner: Credentials) -> KernelResult<()> {
        self.writable()?;
        Ok(self.dir.symlink_contents(target, relative(path))?)
    }

    fn hard_link(&self, existing: &str, new_path: &str) -> KernelResult<()> {
        self.writable()?;
        Ok(self
            .dir
            .hard_link(relative(existing), &self.dir, relative(new_path))?)
    }

    fn set_mode(&self, path: &str, mode: u32) -> KernelResult<()> {
        self.writable()?;
        Ok(self
            .dir
            .set_permissions(relative(path), Permissions::from_mode(mode))?)
    }

    fn set_owner(&self, _path: &str, _owner: Credentials) -> KernelResult<()> {
        // Host files keep their host owners: a guest's root is not the host's.
        Err(if self.read_only {
            Errno::EROFS
        } else {
            Errno::EPERM
        })
    }

    fn set_times(&self, path: &str, atime: Timestamp, mtime: Timestamp) -> KernelResult<()> {
        self.writable()?;
        let (atime, mtime) = (Some(system_time(atime)), Some(system_time(mtime)));
        if self.dir.symlink_metadata(relative(path))?.is_symlink() {
            return Ok(self.dir.set_symlink_times(relative(path), atime, mtime)?);
        }
        Ok(self.dir.set_times(relative(path), atime, mtime)?)
    }

    fn open(
        &self,
        path: &str,
        options: OpenOptions,
        _owner: Credentials,
    ) -> KernelResult<std::sync::Arc<dyn File>> {
        if options.write || options.create || options.truncate {
            self.writable()?;
        }
        let mut open = cap_std::fs::OpenOptions::new();
        open.read(true)
            .write(options.write)
            .create(options.create && !options.exclusive)
            .create_new(options.create && options.exclusive)
            .truncate(options.truncate)
            .mode(options.mode);
        let file = self.dir.open_with(relative(path), &open)?.into_std();
        Ok(std::sync::Arc::new(HostFile {
            file,
            read_only: self.read_only,
        }))
    }
}

/// An open host file; `read_only` when its mount is.
struct HostFile {
    file: std::fs::File,
    read_only: bool,
}

impl HostFile {
    fn writable(&self) -> KernelResult<()> {
        if self.read_only {
            Err(Errno::EROFS)
        } else {
            Ok(())
        }
    }
}

impl File for HostFile {
    fn read_at(&self, len: usize, offset: u64) -> KernelResult<Vec<u8>> {
        let mut buffer = vec![0u8; len];
        let mut filled = 0;
        while filled < len {
            let read = self
                .file
                .read_at(&mut buffer[filled..], offset + filled as u64)?;
            if read == 0 {
                break;
            }
            filled += read;
        }
        buffer.truncate(filled);
        Ok(buffer)
    }

    fn write_at(&self, data: &[u8], offset: u64) -> KernelResult<usize> {
        self.file.write_all_at(data, offset)?;
        Ok(data.len())
    }

    fn set_len(&self, len: u64) -> KernelResult<()> {
        Ok(self.file.set_len(len)?)
    }

    fn metadata(&self) -> KernelResult<Metadata> {
        let meta = cap_std::fs::Metadata::from_just_metadata(self.file.metadata()?);
        Ok(metadata(&meta))
    }

    fn set_mode(&self, mode: u32) -> KernelResult<()> {
        self.writable()?;
        let permissions = std::os::unix::fs::PermissionsExt::from_mode(mode);
        Ok(self.file.set_permissions(permissions)?)
    }

    fn set_times(&self, atime: Timestamp, mtime: Timestamp) -> KernelResult<()> {
        self.writable()?;
        let times = std::fs::FileTimes::new()
            .set_accessed(std_time(atime))
            .set_modified(std_time(mtime));
        Ok(self.file.set_times(times)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::MemoryFs;
    use crate::vfs::{AccessMode, Vfs};
    use std::sync::Arc;

    const ROOT: Credentials = Credentials::ROOT;

    fn mounted(read_only: bool) -> (tempfile::TempDir, Vfs) {
        let host = tempfile::tempdir().unwrap();
        std::fs::create_dir(host.path().join("lib")).unwrap();
        std::fs::write(host.path().join("lib/a.txt"), b"host bytes").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", host.path().join("escape")).unwrap();
        let vfs = Vfs::new(Arc::new(MemoryFs::default()));
        vfs.create_dir("/mnt", 0o755, false, ROOT).unwrap();
        let fs = HostDirFs::open(host.path(), read_only).unwrap();
        vfs.mounts().mount("/mnt", Arc::new(fs));
        (host, vfs)
    }

    fn read(vfs: &Vfs, path: &str) -> KernelResult<Vec<u8>> {
        let file = vfs.open(path, AccessMode::READ, OpenOptions::default(), true, ROOT)?;
        file.read_at(1 << 20, 0)
    }

    #[test]
    fn reads_lazily_and_lists_the_host_tree() {
        let (_host, vfs) = mounted(false);
        assert_eq!(read(&vfs, "/mnt/lib/a.txt").unwrap(), b"host bytes");
        let names: Vec<_> = vfs
            .read_dir("/mnt", ROOT)
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["escape", "lib"]);
        assert_eq!(
            vfs.stat("/mnt/lib", ROOT).unwrap().kind,
            FileKind::Directory
        );
    }

    #[test]
    fn symlinks_resolve_in_the_virtual_namespace() {
        let (_host, vfs) = mounted(false);
        assert_eq!(vfs.read_link("/mnt/escape", ROOT).unwrap(), "/etc/hostname");
        assert_eq!(
            read(&vfs, "/mnt/escape"),
            Err(Errno::ENOENT),
            "never the host's /etc"
        );
        assert_eq!(
            read(&vfs, "/mnt/../mnt/lib/../lib/a.txt").unwrap(),
            b"host bytes"
        );
    }

    #[test]
    fn writes_reach_the_host_unless_read_only() {
        let (host, vfs) = mounted(false);
        let options = OpenOptions {
            create: true,
            write: true,
            truncate: true,
            mode: 0o644,
            ..Default::default()
        };
        let file = vfs
            .open("/mnt/new.txt", AccessMode::WRITE, options, true, ROOT)
            .unwrap();
        file.write_at(b"from guest", 0).unwrap();
        assert_eq!(
            std::fs::read(host.path().join("new.txt")).unwrap(),
            b"from guest"
        );

        let (_host, vfs) = mounted(true);
        let denied = vfs
            .open("/mnt/new.txt", AccessMode::WRITE, options, true, ROOT)
            .err();
        assert_eq!(denied, Some(Errno::EROFS));
        assert_eq!(vfs.unlink("/mnt/lib/a.txt", ROOT), Err(Errno::EROFS));
        assert_eq!(
            vfs.create_dir("/mnt/d", 0o755, false, ROOT),
            Err(Errno::EROFS)
        );
    }
}
