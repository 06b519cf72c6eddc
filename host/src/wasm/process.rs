//! One guest process's store data: its pid in the kernel, its WASI context (arguments,
//! environment, stdio over its kernel descriptors; files come from `wasi_filesystem`), its
//! limits, and the `secure-exec:kernel` interfaces implemented by forwarding to the kernel
//! as this process.

use super::bindings::{Errno, filesystem, poll, process, types};
use super::kernel_streams::{KernelStream, OutputLimitExceeded};
use super::launch::{Launcher, NODE_EXEC_PATH};
use super::limits::GuestLimiter;
use super::{KernelMonotonicClock, KernelRandom, KernelWallClock};
use secure_exec_kernel::fd_table::{FdTable, OpenFileDescription};
use secure_exec_kernel::process_table::DEFAULT_UMASK;
use secure_exec_kernel::vfs::{Change, ChangeKind, DirEntry, FileKind, Metadata};
use secure_exec_kernel::{
    ExitStatus, INIT_PID, Kernel, KernelConfig, KernelResult, OpenFlags, Pid, ProcessFs,
    ProcessSpec, Signal, SpawnRequest,
};
use std::future::poll_fn;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

pub struct ProcessState {
    pub kernel: Arc<Kernel>,
    pub pid: Pid,
    pub wasi: WasiCtx,
    pub table: ResourceTable,
    pub limiter: GuestLimiter,
    /// How this process starts children; none while pre-initializing the engine.
    launcher: Option<Arc<Launcher>>,
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
    /// The store data of kernel process `pid`: WASI arguments `argv`, its environment,
    /// stdio over its descriptors 0–2, clocks and randomness from the kernel.
    pub fn new(launcher: Arc<Launcher>, pid: Pid, argv: &[String]) -> KernelResult<Self> {
        let kernel = launcher.kernel.clone();
        let env = kernel
            .processes()
            .get(pid)?
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .env
            .clone();
        let stdio = |fd| KernelStream::stdio(kernel.clone(), pid, fd, launcher.capture_limit_bytes);
        let (clock, entropy) = (kernel.clock(), kernel.entropy());
        let wasi = WasiCtx::builder()
            .args(argv)
            .envs(&env)
            .stdin(stdio(0))
            .stdout(stdio(1))
            .stderr(stdio(2))
            .wall_clock(KernelWallClock(clock.clone()))
            .monotonic_clock(KernelMonotonicClock(clock.clone()))
            .secure_random(KernelRandom(entropy.clone()))
            .insecure_random(KernelRandom(entropy.clone()))
            .insecure_random_seed(KernelRandom(entropy.clone()).seed())
            .build();
        Ok(ProcessState {
            limiter: GuestLimiter::new(launcher.memory_limit_bytes),
            kernel,
            pid,
            wasi,
            table: ResourceTable::new(),
            launcher: Some(launcher),
        })
    }

    /// State for pre-initializing the engine: a process of a throwaway kernel with no
    /// arguments, environment or output, since `init` touches none of them.
    pub fn for_initialization() -> Self {
        let kernel = Arc::new(Kernel::new(KernelConfig::default()));
        let spec = ProcessSpec {
            ppid: INIT_PID,
            pgid: None,
            argv: Vec::new(),
            env: Vec::new(),
            cwd: "/".into(),
            credentials: kernel.user(),
            umask: DEFAULT_UMASK,
            fds: FdTable::default(),
        };
        let pid = kernel
            .processes()
            .spawn(spec)
            .expect("an empty process table has room");
        ProcessState {
            kernel,
            pid,
            wasi: WasiCtx::builder().build(),
            table: ResourceTable::new(),
            limiter: GuestLimiter::new(crate::DEFAULT_MEMORY_LIMIT_BYTES),
            launcher: None,
        }
    }

    /// Runs a file system call as this process.
    pub(super) fn fs<T>(
        &self,
        call: impl FnOnce(&ProcessFs<'_>) -> KernelResult<T>,
    ) -> Result<T, Errno> {
        self.kernel
            .process_fs(self.pid)
            .and_then(|fs| call(&fs))
            .map_err(wit_errno)
    }

    /// The open file description behind this process's `fd`.
    pub(super) fn description(&self, fd: u32) -> Result<Arc<OpenFileDescription>, Errno> {
        self.fs(|fs| fs.description(fd))
    }
}

macro_rules! errno_map {
    ($($kernel:ident => $wit:ident),* $(,)?) => {
        /// The WIT form of a kernel errno.
        pub(super) fn wit_errno(errno: secure_exec_kernel::Errno) -> Errno {
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
    EADDRNOTAVAIL => Eaddrnotavail, ENETUNREACH => Enetunreach, ECONNABORTED => Econnaborted,
    ENOTCONN => Enotconn, EHOSTUNREACH => Ehostunreach, ENOTFOUND => Enotfound,
    ENOTSOCK => Enotsock, EMSGSIZE => Emsgsize,
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
        FileKind::Fifo | FileKind::CharDevice | FileKind::Socket | FileKind::Other => {
            filesystem::FileKind::Other
        }
    };
    filesystem::DirEntry {
        name: entry.name,
        kind,
    }
}

fn change(change: Change) -> filesystem::Change {
    filesystem::Change {
        kind: match change.kind {
            ChangeKind::Rename => filesystem::ChangeKind::Rename,
            ChangeKind::Change => filesystem::ChangeKind::Change,
        },
        filename: change.filename,
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

    async fn read(&mut self, fd: u32, len: u32, position: Option<u64>) -> Result<Vec<u8>, Errno> {
        let len = (len as usize).min(super::MAX_IO_CHUNK_BYTES);
        let description = self.description(fd)?;
        description
            .read_wait(len, position)
            .await
            .map_err(wit_errno)
    }

    /// Writes what fits, waiting only until something does (a short count, as POSIX
    /// `write` on a pipe), so a guest can interleave writing a child's stdin with reading
    /// its output.
    /// Output past the host's capture limit ends the process (a trap the host reports as
    /// [`OutputLimitExceeded`]) instead of failing the write.
    async fn write(
        &mut self,
        fd: u32,
        data: Vec<u8>,
        position: Option<u64>,
    ) -> wasmtime::Result<Result<u32, Errno>> {
        let description = match self.description(fd) {
            Ok(description) => description,
            Err(errno) => return Ok(Err(errno)),
        };
        match description.write_wait(&data, position).await {
            Ok(written) => Ok(Ok(written as u32)),
            Err(secure_exec_kernel::Errno::EFBIG) if description.is_output() => {
                Err(wasmtime::Error::new(OutputLimitExceeded {
                    stream: description.path.clone(),
                    limit_bytes: self.launcher.as_ref().map_or(0, |l| l.capture_limit_bytes),
                }))
            }
            Err(errno) => Ok(Err(wit_errno(errno))),
        }
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
        self.fs(|fs| fs.utimes(&path, (atime, mtime), true))
    }

    fn lutimes(&mut self, path: String, atime: i64, mtime: i64) -> Result<(), Errno> {
        self.fs(|fs| fs.utimes(&path, (atime, mtime), false))
    }

    fn fchmod(&mut self, fd: u32, mode: u32) -> Result<(), Errno> {
        self.fs(|fs| fs.fchmod(fd, mode))
    }

    fn futimes(&mut self, fd: u32, atime: i64, mtime: i64) -> Result<(), Errno> {
        self.fs(|fs| fs.futimes(fd, (atime, mtime)))
    }

    fn truncate(&mut self, path: String, len: u64) -> Result<(), Errno> {
        self.fs(|fs| fs.truncate(&path, len))
    }

    fn watch(&mut self, path: String, recursive: bool) -> Result<u32, Errno> {
        self.fs(|fs| fs.watch(&path, recursive))
    }

    fn read_changes(&mut self, watch: u32) -> Result<Vec<filesystem::Change>, Errno> {
        self.fs(|fs| fs.read_changes(watch))
            .map(|changes| changes.into_iter().map(change).collect())
    }

    fn pipe(&mut self) -> Result<(u32, u32), Errno> {
        self.fs(|fs| fs.pipe())
    }

    fn pipe_from(&mut self, data: Vec<u8>) -> Result<u32, Errno> {
        self.fs(|fs| fs.pipe_from(data))
    }

    fn dup(&mut self, fd: u32) -> Result<u32, Errno> {
        self.fs(|fs| fs.dup(fd))
    }

    fn dup2(&mut self, fd: u32, to: u32) -> Result<(), Errno> {
        self.fs(|fs| fs.dup2(fd, to))
    }
}

impl process::Host for ProcessState {
    fn get_identity(&mut self) -> process::Identity {
        let ppid = self
            .kernel
            .processes()
            .parentage(self.pid)
            .map_or(0, |(ppid, _)| ppid);
        let credentials = self
            .kernel
            .processes()
            .get(self.pid)
            .map_or(self.kernel.user(), |p| {
                p.lock().unwrap_or_else(|e| e.into_inner()).credentials
            });
        process::Identity {
            pid: self.pid,
            ppid,
            uid: credentials.uid,
            gid: credentials.gid,
            exec_path: NODE_EXEC_PATH.to_string(),
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
        self.fs(|fs| Ok(fs.umask(mask))).unwrap_or(DEFAULT_UMASK)
    }

    fn spawn(&mut self, request: process::SpawnRequest) -> Result<u32, Errno> {
        let launcher = self.launcher.clone().ok_or(Errno::Enosys)?;
        let mut fds = vec![request.stdin, request.stdout, request.stderr];
        fds.extend(request.extra_fds);
        let spawned = self.fs(|fs| {
            fs.spawn(SpawnRequest {
                argv: request.argv,
                env: request.env,
                cwd: request.cwd,
                fds,
                new_process_group: request.new_process_group,
            })
        })?;
        let pid = spawned.pid;
        drop(launcher.start(spawned, None));
        Ok(pid)
    }

    async fn wait(
        &mut self,
        pid: Option<u32>,
        no_hang: bool,
    ) -> Result<Option<(u32, process::ExitStatus)>, Errno> {
        let waited = self.kernel.processes().wait(self.pid, pid, no_hang).await;
        waited
            .map(|ended| ended.map(|(pid, status)| (pid, wit_exit_status(status))))
            .map_err(wit_errno)
    }

    fn kill(&mut self, target: i32, signal: process::Signal) -> Result<(), Errno> {
        self.kernel
            .processes()
            .signal(self.pid, target, kernel_signal(signal))
            .map_err(wit_errno)
    }

    fn exit(&mut self, status: u8) -> wasmtime::Result<()> {
        Err(wasmtime::Error::new(wasmtime_wasi::I32Exit(i32::from(
            status,
        ))))
    }

    fn getpgid(&mut self) -> u32 {
        self.kernel
            .processes()
            .parentage(self.pid)
            .map_or(self.pid, |(_, pgid)| pgid)
    }
}

macro_rules! signal_map {
    ($($kernel:ident => $wit:ident),* $(,)?) => {
        fn kernel_signal(signal: process::Signal) -> Signal {
            match signal { $(process::Signal::$wit => Signal::$kernel,)* }
        }

        fn wit_signal(signal: Signal) -> process::Signal {
            match signal { $(Signal::$kernel => process::Signal::$wit,)* }
        }
    };
}

signal_map! {
    SIGHUP => Sighup, SIGINT => Sigint, SIGQUIT => Sigquit, SIGKILL => Sigkill,
    SIGUSR1 => Sigusr1, SIGUSR2 => Sigusr2, SIGPIPE => Sigpipe, SIGALRM => Sigalrm,
    SIGTERM => Sigterm,
}

fn wit_exit_status(status: ExitStatus) -> process::ExitStatus {
    match status {
        ExitStatus::Exited(code) => process::ExitStatus::Exited(code),
        ExitStatus::Signaled(signal) => process::ExitStatus::Signaled(wit_signal(signal)),
    }
}

impl poll::Host for ProcessState {
    async fn poll(&mut self, targets: Vec<poll::Pollable>, timeout_ns: Option<u64>) -> Vec<u32> {
        let descriptions: Vec<Option<Arc<OpenFileDescription>>> = targets
            .iter()
            .map(|target| match target {
                poll::Pollable::Readable(fd) | poll::Pollable::Writable(fd) => {
                    self.description(*fd).ok()
                }
                poll::Pollable::ChildExited(_) => None,
            })
            .collect();
        let processes = self.kernel.processes();
        let ready = poll_fn(|cx| {
            let ready: Vec<u32> = targets
                .iter()
                .zip(&descriptions)
                .enumerate()
                .filter(|(_, (target, description))| {
                    let state = match (target, description) {
                        (poll::Pollable::Readable(_), Some(d)) => d.poll_readable(cx),
                        (poll::Pollable::Writable(_), Some(d)) => d.poll_writable(cx),
                        (poll::Pollable::ChildExited(pid), _) => processes.poll_ended(*pid, cx),
                        // A closed descriptor is "ready": the call on it fails at once.
                        (_, None) => Poll::Ready(()),
                    };
                    state.is_ready()
                })
                .map(|(index, _)| index as u32)
                .collect();
            if ready.is_empty() {
                Poll::Pending
            } else {
                Poll::Ready(ready)
            }
        });
        match timeout_ns {
            Some(ns) => tokio::time::timeout(Duration::from_nanos(ns), ready)
                .await
                .unwrap_or_default(),
            None => ready.await,
        }
    }
}
