//! File system calls as one process makes them: paths resolve against its working
//! directory, the runtime's permission policy is checked on every call (against the path
//! asked for and, under path rules, the path it resolves to), and POSIX mode checks apply
//! to its identity.

use crate::errno::{Errno, KernelResult};
use crate::fd_table::{Endpoint, OpenFileDescription};
use crate::kernel::Kernel;
use crate::net::{Listener, StreamSocket};
use crate::path;
use crate::permissions::{FsAccess, FsPolicy};
use crate::pipe;
use crate::process_table::{Pid, Process};
use crate::vfs::{
    self, AccessMode, Change, ChangeKind, Credentials, DirEntry, File, FileKind, Metadata,
    OpenOptions, Timestamp,
};
use std::sync::{Arc, Mutex, MutexGuard};

/// How a file is opened: `open(2)`'s flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenFlags {
    pub read: bool,
    pub write: bool,
    pub create: bool,
    pub exclusive: bool,
    pub truncate: bool,
    pub append: bool,
    pub directory: bool,
    pub no_follow: bool,
}

pub struct ProcessFs<'k> {
    kernel: &'k Kernel,
    process: Arc<Mutex<Process>>,
    cwd: String,
    who: Credentials,
    umask: u32,
}

impl<'k> ProcessFs<'k> {
    pub(crate) fn new(kernel: &'k Kernel, pid: Pid) -> KernelResult<Self> {
        let process = kernel.processes().get(pid)?;
        let (cwd, who, umask) = {
            let p = process.lock().unwrap_or_else(|e| e.into_inner());
            (p.cwd.clone(), p.credentials, p.umask)
        };
        Ok(ProcessFs {
            kernel,
            process,
            cwd,
            who,
            umask,
        })
    }

    fn process(&self) -> MutexGuard<'_, Process> {
        self.process.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The absolute path of `path`, after the permission check for `access`.
    fn checked(&self, path: &str, access: FsAccess) -> KernelResult<String> {
        let absolute = path::resolve(&self.cwd, path)?;
        let permissions = self.kernel.permissions();
        permissions.check_fs(access, &absolute)?;
        if matches!(permissions.fs, FsPolicy::Rules(_))
            && let Ok(real) = self.kernel.vfs().realpath(&absolute, self.who)
        {
            permissions.check_fs(access, &real)?;
        }
        Ok(absolute)
    }

    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    pub fn kernel(&self) -> &'k Kernel {
        self.kernel
    }

    pub fn pid(&self) -> Pid {
        self.process().pid
    }

    /// Who this process acts as, and its creation mask.
    pub fn identity(&self) -> (Credentials, u32) {
        (self.who, self.umask)
    }

    /// The absolute path of the directory `path` names; `ENOTDIR` if it is something else.
    /// A working directory is not an access to files, so the fs policy does not apply.
    pub fn resolve_directory(&self, path: &str) -> KernelResult<String> {
        let absolute = path::resolve(&self.cwd, path)?;
        if self.kernel.vfs().stat(&absolute, self.who)?.kind != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        Ok(absolute)
    }

    pub fn chdir(&self, path: &str) -> KernelResult<()> {
        let absolute = self.checked(path, FsAccess::Read)?;
        let real = self.kernel.vfs().realpath(&absolute, self.who)?;
        let meta = self.kernel.vfs().stat(&real, self.who)?;
        if meta.kind != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        if !AccessMode::EXECUTE.granted(&meta, self.who) {
            return Err(Errno::EACCES);
        }
        self.process().cwd = real;
        Ok(())
    }

    /// Sets the creation mask, returning the previous one.
    pub fn umask(&self, mask: u32) -> u32 {
        std::mem::replace(&mut self.process().umask, mask & 0o777)
    }

    pub fn open(&self, path: &str, flags: OpenFlags, mode: u32) -> KernelResult<u32> {
        let description = self.open_description(path, flags, mode)?;
        self.process().fds.insert(description)
    }

    /// Opens `path` as a description not (yet) in the descriptor table.
    pub fn open_description(
        &self,
        path: &str,
        flags: OpenFlags,
        mode: u32,
    ) -> KernelResult<Arc<OpenFileDescription>> {
        let writes = flags.write || flags.append || flags.truncate || flags.create;
        let absolute = self.checked(
            path,
            if writes {
                FsAccess::Write
            } else {
                FsAccess::Read
            },
        )?;
        if let Some(device) = self.device(&absolute)? {
            return Ok(device);
        }
        if flags.directory
            && self.kernel.vfs().stat(&absolute, self.who)?.kind != FileKind::Directory
        {
            return Err(Errno::ENOTDIR);
        }
        let readable = flags.read || !(flags.write || flags.append);
        let writable = flags.write || flags.append;
        let mut access = AccessMode::EXISTS;
        if readable {
            access = access.union(AccessMode::READ);
        }
        if writable {
            access = access.union(AccessMode::WRITE);
        }
        let options = OpenOptions {
            write: writable,
            create: flags.create,
            exclusive: flags.exclusive,
            truncate: flags.truncate,
            mode: mode & !self.umask & 0o7777,
        };
        let file =
            self.kernel
                .vfs()
                .open(&absolute, access, options, !flags.no_follow, self.who)?;
        Ok(Arc::new(OpenFileDescription::file(
            file,
            absolute,
            readable,
            writable,
            flags.append,
        )))
    }

    /// The devices of `/dev`: `null`, and `stdin`/`stdout`/`stderr`/`fd/N`, which name
    /// this process's own descriptors.
    fn device(&self, absolute: &str) -> KernelResult<Option<Arc<OpenFileDescription>>> {
        let own_fd = match absolute {
            "/dev/null" => {
                let null = OpenFileDescription::stream(Endpoint::Null, absolute);
                return Ok(Some(Arc::new(null)));
            }
            "/dev/stdin" => 0,
            "/dev/stdout" => 1,
            "/dev/stderr" => 2,
            other => match other.strip_prefix("/dev/fd/").map(str::parse::<u32>) {
                Some(Ok(fd)) => fd,
                Some(Err(_)) => return Err(Errno::ENOENT),
                None => return Ok(None),
            },
        };
        self.description(own_fd).map(Some)
    }

    pub fn close(&self, fd: u32) -> KernelResult<()> {
        let closed = self.process().fds.remove(fd)?;
        drop(closed);
        Ok(())
    }

    /// The open file description behind `fd`.
    pub fn description(&self, fd: u32) -> KernelResult<Arc<OpenFileDescription>> {
        self.process().fds.get(fd)
    }

    /// Installs `description` at the lowest free descriptor.
    pub fn install(&self, description: Arc<OpenFileDescription>) -> KernelResult<u32> {
        self.process().fds.insert(description)
    }

    /// A pipe: `(read end, write end)`.
    pub fn pipe(&self) -> KernelResult<(u32, u32)> {
        let (reader, writer) = pipe::pipe(self.kernel().buffers());
        let reader = Arc::new(OpenFileDescription::stream(
            Endpoint::PipeReader(reader),
            "pipe:",
        ));
        let writer = Arc::new(OpenFileDescription::stream(
            Endpoint::PipeWriter(writer),
            "pipe:",
        ));
        let mut process = self.process();
        let read_fd = process.fds.insert(reader)?;
        match process.fds.insert(writer) {
            Ok(write_fd) => Ok((read_fd, write_fd)),
            Err(errno) => {
                let unused = process.fds.remove(read_fd);
                drop(process);
                drop(unused);
                Err(errno)
            }
        }
    }

    /// The read end of a pipe that holds `data` and then ends.
    pub fn pipe_from(&self, data: Vec<u8>) -> KernelResult<u32> {
        let reader = Endpoint::PipeReader(pipe::pipe_from(data, self.kernel().buffers())?);
        self.install(Arc::new(OpenFileDescription::stream(reader, "pipe:")))
    }

    pub fn dup(&self, fd: u32) -> KernelResult<u32> {
        let description = self.description(fd)?;
        self.install(description)
    }

    pub fn dup2(&self, fd: u32, to: u32) -> KernelResult<()> {
        let description = self.description(fd)?;
        let mut process = self.process();
        let replaced = process.fds.get(to).ok();
        process.fds.insert_at(to, description)?;
        drop(process);
        drop(replaced);
        Ok(())
    }

    pub fn read(&self, fd: u32, len: usize, position: Option<u64>) -> KernelResult<Vec<u8>> {
        self.description(fd)?.read(len, position)
    }

    pub fn write(&self, fd: u32, data: &[u8], position: Option<u64>) -> KernelResult<usize> {
        let description = self.description(fd)?;
        let written = description.write(data, position)?;
        self.file_changed(&description);
        Ok(written)
    }

    /// Reports a write or truncate through `description` to the watches, if it is a file.
    fn file_changed(&self, description: &OpenFileDescription) {
        if description.as_file().is_some() {
            let watches = self.kernel.vfs().watches();
            watches.notify(ChangeKind::Change, &description.path);
        }
    }

    pub fn fstat(&self, fd: u32) -> KernelResult<Metadata> {
        self.description(fd)?.metadata()
    }

    pub fn ftruncate(&self, fd: u32, len: u64) -> KernelResult<()> {
        let description = self.description(fd)?;
        match description.as_file() {
            Some(file) if description.writable => file.set_len(len)?,
            _ => return Err(Errno::EINVAL),
        }
        self.file_changed(&description);
        Ok(())
    }

    /// A descriptor that turns readable when something changes at `path` (an existing file
    /// or directory; with `recursive`, anywhere below it): see [`crate::vfs::watch`].
    pub fn watch(&self, path: &str, recursive: bool) -> KernelResult<u32> {
        let absolute = self.checked(path, FsAccess::Read)?;
        self.kernel.vfs().stat(&absolute, self.who)?;
        let watch = self.kernel.vfs().watches().add(absolute.clone(), recursive);
        let description = OpenFileDescription::stream(Endpoint::Watch(watch), &absolute);
        self.install(Arc::new(description))
    }

    /// The changes a watch descriptor has queued, oldest first; `EAGAIN` when none.
    pub fn read_changes(&self, fd: u32) -> KernelResult<Vec<Change>> {
        let changes = self.description(fd)?.as_watch()?.take_changes();
        if changes.is_empty() {
            return Err(Errno::EAGAIN);
        }
        Ok(changes)
    }

    pub fn read_file(&self, path: &str) -> KernelResult<Vec<u8>> {
        let absolute = self.checked(path, FsAccess::Read)?;
        let options = OpenOptions::default();
        let file = self
            .kernel
            .vfs()
            .open(&absolute, AccessMode::READ, options, true, self.who)?;
        let size = file.metadata()?.size;
        file.read_at(size as usize, 0)
    }

    pub fn write_file(&self, path: &str, data: &[u8], append: bool, mode: u32) -> KernelResult<()> {
        let flags = OpenFlags {
            write: true,
            create: true,
            truncate: !append,
            append,
            ..Default::default()
        };
        let fd = self.open(path, flags, mode)?;
        let result = self.write(fd, data, None);
        self.close(fd)?;
        result.map(drop)
    }

    pub fn stat(&self, path: &str) -> KernelResult<Metadata> {
        let absolute = self.checked(path, FsAccess::Read)?;
        self.kernel.vfs().stat(&absolute, self.who)
    }

    pub fn lstat(&self, path: &str) -> KernelResult<Metadata> {
        let absolute = self.checked(path, FsAccess::Read)?;
        self.kernel.vfs().lstat(&absolute, self.who)
    }

    pub fn access(&self, path: &str, mode: u32) -> KernelResult<()> {
        let wanted = AccessMode::from_bits(mode);
        let access = if mode & 2 != 0 {
            FsAccess::Write
        } else {
            FsAccess::Read
        };
        let absolute = self.checked(path, access)?;
        self.kernel.vfs().access(&absolute, wanted, self.who)
    }

    pub fn read_dir(&self, path: &str) -> KernelResult<Vec<DirEntry>> {
        let absolute = self.checked(path, FsAccess::Read)?;
        self.kernel.vfs().read_dir(&absolute, self.who)
    }

    pub fn mkdir(&self, path: &str, mode: u32, recursive: bool) -> KernelResult<Option<String>> {
        let absolute = self.checked(path, FsAccess::Write)?;
        let mode = mode & !self.umask & 0o7777;
        self.kernel
            .vfs()
            .create_dir(&absolute, mode, recursive, self.who)
    }

    pub fn rmdir(&self, path: &str) -> KernelResult<()> {
        let absolute = self.checked(path, FsAccess::Write)?;
        self.kernel.vfs().remove_dir(&absolute, self.who)
    }

    pub fn unlink(&self, path: &str) -> KernelResult<()> {
        let absolute = self.checked(path, FsAccess::Write)?;
        self.kernel.vfs().unlink(&absolute, self.who)
    }

    pub fn rename(&self, from: &str, to: &str) -> KernelResult<()> {
        let from = self.checked(from, FsAccess::Write)?;
        let to = self.checked(to, FsAccess::Write)?;
        self.kernel.vfs().rename(&from, &to, self.who)
    }

    pub fn link(&self, existing: &str, new_path: &str) -> KernelResult<()> {
        let existing = self.checked(existing, FsAccess::Read)?;
        let new_path = self.checked(new_path, FsAccess::Write)?;
        self.kernel.vfs().hard_link(&existing, &new_path, self.who)
    }

    pub fn symlink(&self, target: &str, path: &str) -> KernelResult<()> {
        let absolute = self.checked(path, FsAccess::Write)?;
        self.kernel.vfs().symlink(target, &absolute, self.who)
    }

    pub fn readlink(&self, path: &str) -> KernelResult<String> {
        let absolute = self.checked(path, FsAccess::Read)?;
        self.kernel.vfs().read_link(&absolute, self.who)
    }

    pub fn realpath(&self, path: &str) -> KernelResult<String> {
        let absolute = self.checked(path, FsAccess::Read)?;
        self.kernel.vfs().realpath(&absolute, self.who)
    }

    /// Listens on a Unix-domain socket at `path`. As `bind(2)` requires, its directory must
    /// exist, the process must be allowed to write there, and nothing may be at the path
    /// (`EADDRINUSE`); the name itself lives in the socket table, not the file system.
    pub fn listen_unix(&self, path: &str, backlog: usize) -> KernelResult<Arc<Listener>> {
        let absolute = self.checked(path, FsAccess::Write)?;
        let (parent, _) = path::split_parent(&absolute).ok_or(Errno::EADDRINUSE)?;
        if self.kernel.vfs().stat(parent, self.who)?.kind != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        if self.kernel.vfs().lstat(&absolute, self.who).is_ok() {
            return Err(Errno::EADDRINUSE);
        }
        self.kernel.net().listen_unix(&absolute, backlog)
    }

    /// Connects to the Unix-domain socket at `path` (see
    /// [`SocketTable::connect_unix`](crate::net::SocketTable::connect_unix)).
    pub fn connect_unix(&self, path: &str) -> KernelResult<StreamSocket> {
        let absolute = self.checked(path, FsAccess::Write)?;
        let file_exists = self.kernel.vfs().lstat(&absolute, self.who).is_ok();
        Ok(self.kernel.net().connect_unix(&absolute, file_exists))
    }

    pub fn chmod(&self, path: &str, mode: u32) -> KernelResult<()> {
        let absolute = self.checked(path, FsAccess::Write)?;
        self.kernel.vfs().set_mode(&absolute, mode, self.who)
    }

    /// `utimes`, or with `follow` false `lutimes` (the times of a symlink itself).
    pub fn utimes(
        &self,
        path: &str,
        times: (Timestamp, Timestamp),
        follow: bool,
    ) -> KernelResult<()> {
        let absolute = self.checked(path, FsAccess::Write)?;
        self.kernel
            .vfs()
            .set_times(&absolute, times, follow, self.who)
    }

    /// The file open at `fd`, for a change to its attributes, after the permission check a
    /// change by its path would have.
    fn file_to_change(&self, fd: u32) -> KernelResult<(Arc<OpenFileDescription>, Arc<dyn File>)> {
        let description = self.description(fd)?;
        let file = description.as_file().ok_or(Errno::EINVAL)?.clone();
        self.checked(&description.path, FsAccess::Write)?;
        Ok((description, file))
    }

    /// `fchmod`: only the file's owner (or root) may.
    pub fn fchmod(&self, fd: u32, mode: u32) -> KernelResult<()> {
        let (description, file) = self.file_to_change(fd)?;
        vfs::may_set_mode(&file.metadata()?, self.who)?;
        file.set_mode(mode & 0o7777)?;
        self.file_changed(&description);
        Ok(())
    }

    /// `futimes`: the file's owner, root, or anyone who may write it may.
    pub fn futimes(&self, fd: u32, (atime, mtime): (Timestamp, Timestamp)) -> KernelResult<()> {
        let (description, file) = self.file_to_change(fd)?;
        vfs::may_set_times(&file.metadata()?, self.who)?;
        file.set_times(atime, mtime)?;
        self.file_changed(&description);
        Ok(())
    }

    pub fn truncate(&self, path: &str, len: u64) -> KernelResult<()> {
        let flags = OpenFlags {
            write: true,
            ..Default::default()
        };
        let fd = self.open(path, flags, 0)?;
        let result = self.ftruncate(fd, len);
        self.close(fd)?;
        result
    }
}
