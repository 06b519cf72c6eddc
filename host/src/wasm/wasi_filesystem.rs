//! `wasi:filesystem` answered by the kernel's VFS, so unmodified WASI programs (the
//! commands, anything built with wasi-libc or Rust's std) see the runtime's one virtual
//! filesystem, with its permissions, modes and mounts, and nothing of the real host.
//!
//! The only preopen is `/`, the VFS root; wasi-libc resolves relative paths against its
//! own working directory, which the commands set from the kernel's at start. Every path
//! call goes through the process's [`ProcessFs`], exactly as the kernel's own WIT calls do.

use super::kernel_streams::KernelStream;
use super::process::ProcessState;
use secure_exec_kernel::fd_table::OpenFileDescription;
use secure_exec_kernel::vfs::{FileKind, Metadata, Timestamp};
use secure_exec_kernel::{Errno, KernelResult, OpenFlags, ProcessFs, path};
use std::sync::Arc;
use wasmtime::component::{HasData, Linker, Resource};
use wasmtime_wasi::p2::bindings::clocks::wall_clock::Datetime;
use wasmtime_wasi_io::streams::{DynInputStream, DynOutputStream};

mod generated {
    wasmtime::component::bindgen!({
        path: "host/wit/wasi-filesystem",
        world: "wasi:filesystem/imports",
        imports: { default: trappable },
        require_store_data_send: true,
        with: {
            "wasi:io": wasmtime_wasi_io::bindings::wasi::io,
            "wasi:clocks/wall-clock": wasmtime_wasi::p2::bindings::clocks::wall_clock,
            "wasi:filesystem/types.descriptor": super::Descriptor,
            "wasi:filesystem/types.directory-entry-stream": super::DirectoryEntries,
        },
    });
}

use generated::wasi::filesystem::{preopens, types};
use types::{
    Advice, DescriptorFlags, DescriptorStat, DescriptorType, DirectoryEntry, ErrorCode,
    MetadataHashValue, NewTimestamp, OpenFlags as WasiOpenFlags, PathFlags,
};

/// A `wasi:filesystem` descriptor: a directory (by absolute path) or an open file.
pub enum Descriptor {
    Directory(String),
    File(Arc<OpenFileDescription>),
}

/// What `read-directory` hands out, listed at once (directories are small and the VFS
/// has no directory cursor).
pub struct DirectoryEntries(std::vec::IntoIter<DirectoryEntry>);

type FsResult<T> = wasmtime::Result<Result<T, ErrorCode>>;

/// Registers `wasi:filesystem/types` and `preopens` on `linker`.
pub fn add_to_linker(linker: &mut Linker<ProcessState>) -> wasmtime::Result<()> {
    struct Fs;
    impl HasData for Fs {
        type Data<'a> = &'a mut ProcessState;
    }
    types::add_to_linker::<ProcessState, Fs>(linker, |s| s)?;
    preopens::add_to_linker::<ProcessState, Fs>(linker, |s| s)
}

fn error_code(errno: Errno) -> ErrorCode {
    match errno {
        Errno::EACCES => ErrorCode::Access,
        Errno::EAGAIN => ErrorCode::WouldBlock,
        Errno::EBADF => ErrorCode::BadDescriptor,
        Errno::EBUSY => ErrorCode::Busy,
        Errno::EEXIST => ErrorCode::Exist,
        Errno::EFBIG => ErrorCode::FileTooLarge,
        Errno::EINTR => ErrorCode::Interrupted,
        Errno::EISDIR => ErrorCode::IsDirectory,
        Errno::ELOOP => ErrorCode::Loop,
        Errno::EMLINK => ErrorCode::TooManyLinks,
        Errno::EMFILE | Errno::ENFILE => ErrorCode::Quota,
        Errno::ENAMETOOLONG => ErrorCode::NameTooLong,
        Errno::ENOENT => ErrorCode::NoEntry,
        Errno::ENOMEM => ErrorCode::InsufficientMemory,
        Errno::ENOSPC => ErrorCode::InsufficientSpace,
        Errno::ENOTDIR => ErrorCode::NotDirectory,
        Errno::ENOTEMPTY => ErrorCode::NotEmpty,
        Errno::ENOTSUP | Errno::ENOSYS => ErrorCode::Unsupported,
        Errno::EPERM => ErrorCode::NotPermitted,
        Errno::EPIPE => ErrorCode::Pipe,
        Errno::EROFS => ErrorCode::ReadOnly,
        Errno::ESPIPE => ErrorCode::InvalidSeek,
        Errno::EXDEV => ErrorCode::CrossDevice,
        _ => ErrorCode::Io,
    }
}

fn descriptor_type(kind: FileKind) -> DescriptorType {
    match kind {
        FileKind::Regular => DescriptorType::RegularFile,
        FileKind::Directory => DescriptorType::Directory,
        FileKind::Symlink => DescriptorType::SymbolicLink,
        FileKind::Fifo => DescriptorType::Fifo,
        FileKind::CharDevice => DescriptorType::CharacterDevice,
        FileKind::Socket => DescriptorType::Socket,
        FileKind::Other => DescriptorType::Unknown,
    }
}

fn datetime(ns: Timestamp) -> Option<Datetime> {
    Some(Datetime {
        seconds: ns.div_euclid(1_000_000_000) as u64,
        nanoseconds: ns.rem_euclid(1_000_000_000) as u32,
    })
}

fn descriptor_stat(meta: Metadata) -> DescriptorStat {
    DescriptorStat {
        type_: descriptor_type(meta.kind),
        link_count: meta.nlink,
        size: meta.size,
        data_access_timestamp: datetime(meta.atime),
        data_modification_timestamp: datetime(meta.mtime),
        status_change_timestamp: datetime(meta.ctime),
    }
}

/// Unwraps a host call's `Ok(Ok(value))`; returns the guest's error (`Ok(Err(code))`) or
/// the trap early.
macro_rules! guest_try {
    ($call:expr) => {
        match $call? {
            Ok(value) => value,
            Err(code) => return Ok(Err(code)),
        }
    };
}

impl ProcessState {
    /// A stream over the file `fd` from `position` (appending with none), in the table.
    fn file_stream<S: Send + 'static>(
        &mut self,
        fd: &Resource<Descriptor>,
        position: Option<u64>,
        wrap: fn(KernelStream) -> S,
    ) -> FsResult<Resource<S>> {
        let description = guest_try!(self.file(fd));
        Ok(Ok(self
            .table
            .push(wrap(KernelStream::file(description, position)))?))
    }

    /// The absolute path of `relative` under the directory descriptor `dir`.
    fn resolve_at(&self, dir: &Resource<Descriptor>, relative: &str) -> FsResult<String> {
        let Descriptor::Directory(base) = self.table.get(dir)? else {
            return Ok(Err(ErrorCode::NotDirectory));
        };
        Ok(path::resolve(base, relative).map_err(error_code))
    }

    /// Runs a path call as this process, with `relative` resolved against `dir`.
    fn at<T>(
        &self,
        dir: &Resource<Descriptor>,
        relative: &str,
        call: impl FnOnce(&ProcessFs<'_>, &str) -> KernelResult<T>,
    ) -> FsResult<T> {
        let absolute = guest_try!(self.resolve_at(dir, relative));
        Ok(self.with_fs(|fs| call(fs, &absolute)).map_err(error_code))
    }

    fn with_fs<T>(&self, call: impl FnOnce(&ProcessFs<'_>) -> KernelResult<T>) -> KernelResult<T> {
        self.kernel.process_fs(self.pid).and_then(|fs| call(&fs))
    }

    fn file(
        &self,
        fd: &Resource<Descriptor>,
    ) -> wasmtime::Result<Result<Arc<OpenFileDescription>, ErrorCode>> {
        Ok(match self.table.get(fd)? {
            Descriptor::File(description) => Ok(description.clone()),
            Descriptor::Directory(_) => Err(ErrorCode::IsDirectory),
        })
    }

    fn metadata(&self, fd: &Resource<Descriptor>) -> FsResult<Metadata> {
        Ok(match self.table.get(fd)? {
            Descriptor::File(description) => description.metadata(),
            Descriptor::Directory(dir) => self.with_fs(|fs| fs.stat(dir)),
        }
        .map_err(error_code))
    }

    fn new_timestamp(&self, time: NewTimestamp, current: Timestamp) -> Timestamp {
        match time {
            NewTimestamp::NoChange => current,
            NewTimestamp::Now => self.kernel.clock().wall().as_nanos() as Timestamp,
            NewTimestamp::Timestamp(t) => i64::try_from(t.seconds)
                .unwrap_or(i64::MAX)
                .saturating_mul(1_000_000_000)
                .saturating_add(i64::from(t.nanoseconds)),
        }
    }

    fn set_times_of(
        &self,
        path: &str,
        atime: NewTimestamp,
        mtime: NewTimestamp,
        follow: bool,
    ) -> KernelResult<()> {
        self.with_fs(|fs| {
            let meta = if follow {
                fs.stat(path)?
            } else {
                fs.lstat(path)?
            };
            let atime = self.new_timestamp(atime, meta.atime);
            let mtime = self.new_timestamp(mtime, meta.mtime);
            fs.utimes(path, (atime, mtime), follow)
        })
    }
}

impl types::Host for ProcessState {
    fn filesystem_error_code(
        &mut self,
        err: Resource<wasmtime_wasi_io::streams::Error>,
    ) -> wasmtime::Result<Option<ErrorCode>> {
        let err = self.table.get(&err)?;
        Ok(err.downcast_ref::<Errno>().copied().map(error_code))
    }
}

impl types::HostDescriptor for ProcessState {
    fn read_via_stream(
        &mut self,
        fd: Resource<Descriptor>,
        offset: u64,
    ) -> FsResult<Resource<DynInputStream>> {
        self.file_stream(&fd, Some(offset), |s| -> DynInputStream { Box::new(s) })
    }

    fn write_via_stream(
        &mut self,
        fd: Resource<Descriptor>,
        offset: u64,
    ) -> FsResult<Resource<DynOutputStream>> {
        self.file_stream(&fd, Some(offset), |s| -> DynOutputStream { Box::new(s) })
    }

    fn append_via_stream(
        &mut self,
        fd: Resource<Descriptor>,
    ) -> FsResult<Resource<DynOutputStream>> {
        self.file_stream(&fd, None, |s| -> DynOutputStream { Box::new(s) })
    }

    fn advise(&mut self, _: Resource<Descriptor>, _: u64, _: u64, _: Advice) -> FsResult<()> {
        Ok(Ok(()))
    }

    fn sync_data(&mut self, _: Resource<Descriptor>) -> FsResult<()> {
        Ok(Ok(()))
    }

    fn sync(&mut self, _: Resource<Descriptor>) -> FsResult<()> {
        Ok(Ok(()))
    }

    fn get_flags(&mut self, fd: Resource<Descriptor>) -> FsResult<DescriptorFlags> {
        Ok(Ok(match self.table.get(&fd)? {
            Descriptor::Directory(_) => DescriptorFlags::READ | DescriptorFlags::MUTATE_DIRECTORY,
            Descriptor::File(d) => {
                let mut flags = DescriptorFlags::empty();
                if d.readable {
                    flags |= DescriptorFlags::READ;
                }
                if d.writable {
                    flags |= DescriptorFlags::WRITE;
                }
                flags
            }
        }))
    }

    fn get_type(&mut self, fd: Resource<Descriptor>) -> FsResult<DescriptorType> {
        Ok(self.metadata(&fd)?.map(|m| descriptor_type(m.kind)))
    }

    fn set_size(&mut self, fd: Resource<Descriptor>, size: u64) -> FsResult<()> {
        let description = guest_try!(self.file(&fd));
        Ok(match description.as_file() {
            Some(file) if description.writable => file.set_len(size).map_err(error_code),
            _ => Err(ErrorCode::BadDescriptor),
        })
    }

    fn set_times(
        &mut self,
        fd: Resource<Descriptor>,
        atime: NewTimestamp,
        mtime: NewTimestamp,
    ) -> FsResult<()> {
        let path = match self.table.get(&fd)? {
            Descriptor::Directory(dir) => dir.clone(),
            Descriptor::File(d) => d.path.clone(),
        };
        Ok(self
            .set_times_of(&path, atime, mtime, true)
            .map_err(error_code))
    }

    fn read(
        &mut self,
        fd: Resource<Descriptor>,
        length: u64,
        offset: u64,
    ) -> FsResult<(Vec<u8>, bool)> {
        let description = guest_try!(self.file(&fd));
        let len = usize::try_from(length)
            .unwrap_or(usize::MAX)
            .min(super::MAX_IO_CHUNK_BYTES);
        Ok(description
            .read(len, Some(offset))
            .map(|bytes| {
                let end = bytes.is_empty() && len > 0;
                (bytes, end)
            })
            .map_err(error_code))
    }

    fn write(&mut self, fd: Resource<Descriptor>, buffer: Vec<u8>, offset: u64) -> FsResult<u64> {
        let description = guest_try!(self.file(&fd));
        Ok(description
            .write(&buffer, Some(offset))
            .map(|n| n as u64)
            .map_err(error_code))
    }

    fn read_directory(&mut self, fd: Resource<Descriptor>) -> FsResult<Resource<DirectoryEntries>> {
        let Descriptor::Directory(dir) = self.table.get(&fd)? else {
            return Ok(Err(ErrorCode::NotDirectory));
        };
        let dir = dir.clone();
        let entries = match self.with_fs(|fs| fs.read_dir(&dir)) {
            Ok(entries) => entries,
            Err(errno) => return Ok(Err(error_code(errno))),
        };
        let entries: Vec<DirectoryEntry> = entries
            .into_iter()
            .map(|e| DirectoryEntry {
                type_: descriptor_type(e.kind),
                name: e.name,
            })
            .collect();
        Ok(Ok(self
            .table
            .push(DirectoryEntries(entries.into_iter()))?))
    }

    fn create_directory_at(&mut self, fd: Resource<Descriptor>, path: String) -> FsResult<()> {
        self.at(&fd, &path, |fs, p| fs.mkdir(p, 0o777, false).map(drop))
    }

    fn stat(&mut self, fd: Resource<Descriptor>) -> FsResult<DescriptorStat> {
        Ok(self.metadata(&fd)?.map(descriptor_stat))
    }

    fn stat_at(
        &mut self,
        fd: Resource<Descriptor>,
        flags: PathFlags,
        path: String,
    ) -> FsResult<DescriptorStat> {
        let follow = flags.contains(PathFlags::SYMLINK_FOLLOW);
        self.at(
            &fd,
            &path,
            |fs, p| if follow { fs.stat(p) } else { fs.lstat(p) },
        )
        .map(|r| r.map(descriptor_stat))
    }

    fn set_times_at(
        &mut self,
        fd: Resource<Descriptor>,
        flags: PathFlags,
        path: String,
        atime: NewTimestamp,
        mtime: NewTimestamp,
    ) -> FsResult<()> {
        let follow = flags.contains(PathFlags::SYMLINK_FOLLOW);
        let absolute = guest_try!(self.resolve_at(&fd, &path));
        Ok(self
            .set_times_of(&absolute, atime, mtime, follow)
            .map_err(error_code))
    }

    fn link_at(
        &mut self,
        fd: Resource<Descriptor>,
        _: PathFlags,
        old_path: String,
        new_dir: Resource<Descriptor>,
        new_path: String,
    ) -> FsResult<()> {
        let new_path = guest_try!(self.resolve_at(&new_dir, &new_path));
        self.at(&fd, &old_path, |fs, old| fs.link(old, &new_path))
    }

    fn open_at(
        &mut self,
        fd: Resource<Descriptor>,
        path_flags: PathFlags,
        path: String,
        open_flags: WasiOpenFlags,
        flags: DescriptorFlags,
    ) -> FsResult<Resource<Descriptor>> {
        let wants_dir = open_flags.contains(WasiOpenFlags::DIRECTORY);
        let follow = path_flags.contains(PathFlags::SYMLINK_FOLLOW);
        let kernel_flags = OpenFlags {
            read: flags.contains(DescriptorFlags::READ),
            write: flags.contains(DescriptorFlags::WRITE),
            create: open_flags.contains(WasiOpenFlags::CREATE),
            exclusive: open_flags.contains(WasiOpenFlags::EXCLUSIVE),
            truncate: open_flags.contains(WasiOpenFlags::TRUNCATE),
            append: false,
            directory: false,
            no_follow: !follow,
        };
        let opened = self.at(&fd, &path, |fs, p| {
            let meta = if follow { fs.stat(p) } else { fs.lstat(p) };
            match meta {
                Ok(meta) if meta.kind == FileKind::Directory => {
                    if kernel_flags.write || kernel_flags.truncate {
                        return Err(Errno::EISDIR);
                    }
                    if kernel_flags.create && kernel_flags.exclusive {
                        return Err(Errno::EEXIST);
                    }
                    let real = fs.realpath(p)?;
                    Ok(Descriptor::Directory(real))
                }
                Ok(_) if wants_dir => Err(Errno::ENOTDIR),
                Err(Errno::ENOENT) if wants_dir => Err(Errno::ENOENT),
                _ => fs
                    .open_description(p, kernel_flags, 0o666)
                    .map(Descriptor::File),
            }
        })?;
        Ok(match opened {
            Ok(descriptor) => Ok(self.table.push(descriptor)?),
            Err(e) => Err(e),
        })
    }

    fn readlink_at(&mut self, fd: Resource<Descriptor>, path: String) -> FsResult<String> {
        self.at(&fd, &path, |fs, p| fs.readlink(p))
    }

    fn remove_directory_at(&mut self, fd: Resource<Descriptor>, path: String) -> FsResult<()> {
        self.at(&fd, &path, |fs, p| fs.rmdir(p))
    }

    fn rename_at(
        &mut self,
        fd: Resource<Descriptor>,
        old_path: String,
        new_dir: Resource<Descriptor>,
        new_path: String,
    ) -> FsResult<()> {
        let new_path = guest_try!(self.resolve_at(&new_dir, &new_path));
        self.at(&fd, &old_path, |fs, old| fs.rename(old, &new_path))
    }

    fn symlink_at(
        &mut self,
        fd: Resource<Descriptor>,
        target: String,
        path: String,
    ) -> FsResult<()> {
        self.at(&fd, &path, |fs, p| fs.symlink(&target, p))
    }

    fn unlink_file_at(&mut self, fd: Resource<Descriptor>, path: String) -> FsResult<()> {
        self.at(&fd, &path, |fs, p| fs.unlink(p))
    }

    fn is_same_object(
        &mut self,
        a: Resource<Descriptor>,
        b: Resource<Descriptor>,
    ) -> wasmtime::Result<bool> {
        let (a, b) = (self.metadata(&a)?, self.metadata(&b)?);
        Ok(matches!((a, b), (Ok(a), Ok(b)) if a.dev == b.dev && a.ino == b.ino))
    }

    fn metadata_hash(&mut self, fd: Resource<Descriptor>) -> FsResult<MetadataHashValue> {
        Ok(self.metadata(&fd)?.map(|m| MetadataHashValue {
            lower: m.ino,
            upper: m.dev,
        }))
    }

    fn metadata_hash_at(
        &mut self,
        fd: Resource<Descriptor>,
        flags: PathFlags,
        path: String,
    ) -> FsResult<MetadataHashValue> {
        let follow = flags.contains(PathFlags::SYMLINK_FOLLOW);
        self.at(
            &fd,
            &path,
            |fs, p| if follow { fs.stat(p) } else { fs.lstat(p) },
        )
        .map(|r| {
            r.map(|m| MetadataHashValue {
                lower: m.ino,
                upper: m.dev,
            })
        })
    }

    fn drop(&mut self, fd: Resource<Descriptor>) -> wasmtime::Result<()> {
        self.table.delete(fd)?;
        Ok(())
    }
}

impl types::HostDirectoryEntryStream for ProcessState {
    fn read_directory_entry(
        &mut self,
        entries: Resource<DirectoryEntries>,
    ) -> FsResult<Option<DirectoryEntry>> {
        Ok(Ok(self.table.get_mut(&entries)?.0.next()))
    }

    fn drop(&mut self, entries: Resource<DirectoryEntries>) -> wasmtime::Result<()> {
        self.table.delete(entries)?;
        Ok(())
    }
}

impl preopens::Host for ProcessState {
    fn get_directories(&mut self) -> wasmtime::Result<Vec<(Resource<Descriptor>, String)>> {
        let root = self.table.push(Descriptor::Directory("/".to_string()))?;
        Ok(vec![(root, "/".to_string())])
    }
}
