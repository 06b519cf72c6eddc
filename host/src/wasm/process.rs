//! One guest process's store data: its pid in the kernel, its WASI context (arguments,
//! environment, stdio streams; no preopened host directories), its limits, and the
//! `secure-exec:kernel` interfaces implemented by forwarding to the kernel as this process.

use super::bindings::{Errno, filesystem, process, types};
use super::limits::GuestLimiter;
use secure_exec_kernel::vfs::{DirEntry, FileKind, Metadata};
use secure_exec_kernel::{
    INIT_PID, Kernel, KernelConfig, KernelResult, OpenFlags, Pid, ProcessFs, ProcessSpec,
};
use std::sync::Arc;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

pub struct ProcessState {
    pub kernel: Arc<Kernel>,
    pub pid: Pid,
    pub exec_path: String,
    pub wasi: WasiCtx,
    pub table: ResourceTable,
    pub limiter: GuestLimiter,
}

impl WasiView for ProcessState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl ProcessState {
    /// State for pre-initializing the engine: a process of a throwaway kernel with no
    /// arguments, environment or output, since `init` touches none of them.
    pub fn for_initialization() -> Self {
        let kernel = Arc::new(Kernel::new(KernelConfig::default()));
        let spec = ProcessSpec {
            ppid: INIT_PID,
            argv: Vec::new(),
            env: Vec::new(),
            cwd: "/".into(),
            credentials: kernel.user(),
        };
        let pid = kernel
            .processes()
            .spawn(spec)
            .expect("an empty process table has room");
        ProcessState {
            kernel,
            pid,
            exec_path: crate::NODE_EXEC_PATH.to_string(),
            wasi: WasiCtx::builder().build(),
            table: ResourceTable::new(),
            limiter: GuestLimiter::new(crate::DEFAULT_MEMORY_LIMIT_BYTES),
        }
    }

    /// Runs a file system call as this process.
    fn fs<T>(&self, call: impl FnOnce(&ProcessFs<'_>) -> KernelResult<T>) -> Result<T, Errno> {
        self.kernel
            .process_fs(self.pid)
            .and_then(|fs| call(&fs))
            .map_err(wit_errno)
    }
}

macro_rules! errno_map {
    ($($kernel:ident => $wit:ident),* $(,)?) => {
        /// The WIT form of a kernel errno.
        fn wit_errno(errno: secure_exec_kernel::Errno) -> Errno {
            match errno { $(secure_exec_kernel::Errno::$kernel => Errno::$wit,)* }
        }
    };
}

errno_map! {
    EPERM => Eperm, ENOENT => Enoent, ESRCH => Esrch, EINTR => Eintr, EIO => Eio,
    E2BIG => E2big, ENOEXEC => Enoexec, EBADF => Ebadf, ECHILD => Echild, EAGAIN => Eagain,
    ENOMEM => Enomem, EACCES => Eacces, EBUSY => Ebusy, EEXIST => Eexist, EXDEV => Exdev,
    ENOTDIR => Enotdir, EISDIR => Eisdir, EINVAL => Einval, ENFILE => Enfile,
    EMFILE => Emfile, EFBIG => Efbig, ENOSPC => Enospc, ESPIPE => Espipe, EROFS => Erofs,
    EMLINK => Emlink, EPIPE => Epipe, ENAMETOOLONG => Enametoolong, ENOSYS => Enosys,
    ENOTEMPTY => Enotempty, ELOOP => Eloop, ENOTSUP => Enotsup, ETIMEDOUT => Etimedout,
    ECONNREFUSED => Econnrefused, ECONNRESET => Econnreset, EADDRINUSE => Eaddrinuse,
}

fn file_stat(meta: Metadata) -> filesystem::FileStat {
    const BLOCK: u64 = 512;
    filesystem::FileStat {
        dev: meta.dev,
        ino: meta.ino,
        mode: meta.st_mode(),
        nlink: meta.nlink,
        uid: meta.uid,
        gid: meta.gid,
        rdev: 0,
        size: meta.size,
        blksize: 4096,
        blocks: meta.size.div_ceil(BLOCK),
        atime: meta.atime,
        mtime: meta.mtime,
        ctime: meta.ctime,
        birthtime: meta.birthtime,
    }
}

fn dir_entry(entry: DirEntry) -> filesystem::DirEntry {
    let kind = match entry.kind {
        FileKind::Regular => filesystem::FileKind::Regular,
        FileKind::Directory => filesystem::FileKind::Directory,
        FileKind::Symlink => filesystem::FileKind::Symlink,
        FileKind::Other => filesystem::FileKind::Other,
    };
    filesystem::DirEntry {
        name: entry.name,
        kind,
    }
}

fn open_flags(flags: filesystem::OpenFlags) -> OpenFlags {
    use filesystem::OpenFlags as F;
    OpenFlags {
        read: flags.contains(F::READ),
        write: flags.contains(F::WRITE),
        create: flags.contains(F::CREATE),
        exclusive: flags.contains(F::EXCLUSIVE),
        truncate: flags.contains(F::TRUNCATE),
        append: flags.contains(F::APPEND),
        directory: flags.contains(F::DIRECTORY),
        no_follow: flags.contains(F::NO_FOLLOW),
    }
}

impl types::Host for ProcessState {}

impl filesystem::Host for ProcessState {
    fn open(
        &mut self,
        path: String,
        flags: filesystem::OpenFlags,
        mode: u32,
    ) -> Result<u32, Errno> {
        self.fs(|fs| fs.open(&path, open_flags(flags), mode))
    }

    fn close(&mut self, fd: u32) -> Result<(), Errno> {
        self.fs(|fs| fs.close(fd))
    }

    fn read(&mut self, fd: u32, len: u32, position: Option<u64>) -> Result<Vec<u8>, Errno> {
        self.fs(|fs| fs.read(fd, len as usize, position))
    }

    fn write(&mut self, fd: u32, data: Vec<u8>, position: Option<u64>) -> Result<u32, Errno> {
        self.fs(|fs| fs.write(fd, &data, position))
            .map(|n| n as u32)
    }

    fn fstat(&mut self, fd: u32) -> Result<filesystem::FileStat, Errno> {
        self.fs(|fs| fs.fstat(fd)).map(file_stat)
    }

    fn ftruncate(&mut self, fd: u32, len: u64) -> Result<(), Errno> {
        self.fs(|fs| fs.ftruncate(fd, len))
    }

    fn read_file(&mut self, path: String) -> Result<Vec<u8>, Errno> {
        self.fs(|fs| fs.read_file(&path))
    }

    fn write_file(
        &mut self,
        path: String,
        data: Vec<u8>,
        append: bool,
        mode: u32,
    ) -> Result<(), Errno> {
        self.fs(|fs| fs.write_file(&path, &data, append, mode))
    }

    fn stat(&mut self, path: String) -> Result<filesystem::FileStat, Errno> {
        self.fs(|fs| fs.stat(&path)).map(file_stat)
    }

    fn lstat(&mut self, path: String) -> Result<filesystem::FileStat, Errno> {
        self.fs(|fs| fs.lstat(&path)).map(file_stat)
    }

    fn access(&mut self, path: String, mode: u32) -> Result<(), Errno> {
        self.fs(|fs| fs.access(&path, mode))
    }

    fn readdir(&mut self, path: String) -> Result<Vec<filesystem::DirEntry>, Errno> {
        self.fs(|fs| fs.read_dir(&path))
            .map(|entries| entries.into_iter().map(dir_entry).collect())
    }

    fn mkdir(&mut self, path: String, mode: u32, recursive: bool) -> Result<Option<String>, Errno> {
        self.fs(|fs| fs.mkdir(&path, mode, recursive))
    }

    fn rmdir(&mut self, path: String) -> Result<(), Errno> {
        self.fs(|fs| fs.rmdir(&path))
    }

    fn unlink(&mut self, path: String) -> Result<(), Errno> {
        self.fs(|fs| fs.unlink(&path))
    }

    fn rename(&mut self, old_path: String, new_path: String) -> Result<(), Errno> {
        self.fs(|fs| fs.rename(&old_path, &new_path))
    }

    fn link(&mut self, existing: String, new_path: String) -> Result<(), Errno> {
        self.fs(|fs| fs.link(&existing, &new_path))
    }

    fn symlink(&mut self, target: String, path: String) -> Result<(), Errno> {
        self.fs(|fs| fs.symlink(&target, &path))
    }

    fn readlink(&mut self, path: String) -> Result<String, Errno> {
        self.fs(|fs| fs.readlink(&path))
    }

    fn realpath(&mut self, path: String) -> Result<String, Errno> {
        self.fs(|fs| fs.realpath(&path))
    }

    fn chmod(&mut self, path: String, mode: u32) -> Result<(), Errno> {
        self.fs(|fs| fs.chmod(&path, mode))
    }

    fn utimes(&mut self, path: String, atime: i64, mtime: i64) -> Result<(), Errno> {
        self.fs(|fs| fs.utimes(&path, atime, mtime))
    }

    fn truncate(&mut self, path: String, len: u64) -> Result<(), Errno> {
        self.fs(|fs| fs.truncate(&path, len))
    }
}

impl process::Host for ProcessState {
    fn get_identity(&mut self) -> process::Identity {
        let (ppid, credentials) = self
            .kernel
            .processes()
            .get(self.pid)
            .map(|p| {
                let p = p.lock().unwrap_or_else(|e| e.into_inner());
                (p.ppid, p.credentials)
            })
            .unwrap_or((0, self.kernel.user()));
        process::Identity {
            pid: self.pid,
            ppid,
            uid: credentials.uid,
            gid: credentials.gid,
            exec_path: self.exec_path.clone(),
            hostname: self.kernel.hostname().to_string(),
        }
    }

    fn cwd(&mut self) -> String {
        self.fs(|fs| Ok(fs.cwd().to_string()))
            .unwrap_or_else(|_| "/".to_string())
    }

    fn chdir(&mut self, path: String) -> Result<(), Errno> {
        self.fs(|fs| fs.chdir(&path))
    }

    fn umask(&mut self, mask: u32) -> u32 {
        self.fs(|fs| Ok(fs.umask(mask))).unwrap_or(0o022)
    }
}
