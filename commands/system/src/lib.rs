//! The operating system as the commands written here see it: descriptors, paths, identity
//! and processes, answered by the secure-exec kernel (`secure-exec:kernel` WIT) in the
//! `coreutils` component and by in-memory fakes in unit tests.
//!
//! Commands use `std::io` for their standard streams and `std::env` for arguments and
//! environment (both are WASI, answered by the kernel too) and this trait for everything
//! WASI has no word for: owners and modes, pipes, spawning and waiting.

use std::fmt;
use std::time::Duration;

/// A descriptor number in the calling process's table.
pub type Fd = u32;
pub type Pid = u32;

macro_rules! errnos {
    ($($name:ident => $text:literal),* $(,)?) => {
        /// A POSIX error, as the kernel reports it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Errno { $($name),* }

        impl Errno {
            /// `strerror` text, as GNU tools print it.
            pub fn message(self) -> &'static str {
                match self { $(Errno::$name => $text),* }
            }
        }
    };
}

errnos! {
    Eperm => "Operation not permitted",
    Enoent => "No such file or directory",
    Esrch => "No such process",
    Eintr => "Interrupted system call",
    Eio => "Input/output error",
    E2big => "Argument list too long",
    Enoexec => "Exec format error",
    Ebadf => "Bad file descriptor",
    Echild => "No child processes",
    Eagain => "Resource temporarily unavailable",
    Enomem => "Cannot allocate memory",
    Eacces => "Permission denied",
    Ebusy => "Device or resource busy",
    Eexist => "File exists",
    Exdev => "Invalid cross-device link",
    Enotdir => "Not a directory",
    Eisdir => "Is a directory",
    Einval => "Invalid argument",
    Enfile => "Too many open files in system",
    Emfile => "Too many open files",
    Efbig => "File too large",
    Enospc => "No space left on device",
    Espipe => "Illegal seek",
    Erofs => "Read-only file system",
    Emlink => "Too many links",
    Epipe => "Broken pipe",
    Enametoolong => "File name too long",
    Enosys => "Function not implemented",
    Enotempty => "Directory not empty",
    Eloop => "Too many levels of symbolic links",
    Enotsup => "Operation not supported",
    Etimedout => "Connection timed out",
    Econnrefused => "Connection refused",
    Econnreset => "Connection reset by peer",
    Eaddrinuse => "Address already in use",
    Eaddrnotavail => "Cannot assign requested address",
    Enetunreach => "Network is unreachable",
    Econnaborted => "Software caused connection abort",
    Enotconn => "Transport endpoint is not connected",
    Ehostunreach => "No route to host",
    Enotfound => "Name or service not known",
    Enotsock => "Socket operation on non-socket",
    Emsgsize => "Message too long",
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Errno {}

pub type SysResult<T> = Result<T, Errno>;

macro_rules! signals {
    ($($name:ident = $number:literal),* $(,)?) => {
        /// The signals the kernel delivers; each one ends the process that receives it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Signal { $($name),* }

        impl Signal {
            pub const ALL: &'static [Signal] = &[$(Signal::$name),*];

            /// The Linux signal number.
            pub fn number(self) -> u8 {
                match self { $(Signal::$name => $number),* }
            }

            /// The name with its `SIG` prefix, as `kill -l` and Node print it.
            pub fn name(self) -> &'static str {
                match self { $(Signal::$name => concat!("SIG", stringify!($name))),* }
            }
        }
    };
}

signals! {
    HUP = 1, INT = 2, QUIT = 3, KILL = 9, USR1 = 10, USR2 = 12, PIPE = 13, ALRM = 14, TERM = 15,
}

impl Signal {
    /// Parses `TERM`, `SIGTERM`, `term` or `15`.
    pub fn parse(text: &str) -> Option<Signal> {
        if let Ok(number) = text.parse::<u8>() {
            return Signal::ALL.iter().copied().find(|s| s.number() == number);
        }
        let upper = text.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        Signal::ALL.iter().copied().find(|s| &s.name()[3..] == bare)
    }
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Exited(u8),
    Signaled(Signal),
}

impl ExitStatus {
    /// The status as a shell's `$?` reports it: the code, or 128 plus the signal number.
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Exited(code) => i32::from(code),
            ExitStatus::Signaled(signal) => 128 + i32::from(signal.number()),
        }
    }

    pub fn success(self) -> bool {
        self == ExitStatus::Exited(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Regular,
    Directory,
    Symlink,
    Other,
}

/// `st_mode` file-type bits.
pub const S_IFMT: u32 = 0o170_000;
pub const S_IFREG: u32 = 0o100_000;
pub const S_IFDIR: u32 = 0o040_000;
pub const S_IFLNK: u32 = 0o120_000;

/// A file's status, as `stat(2)` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStat {
    pub dev: u64,
    pub ino: u64,
    /// File type and permission bits, as in Linux `st_mode`.
    pub mode: u32,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub blocks: u64,
    /// Nanoseconds since the Unix epoch.
    pub atime: i64,
    pub mtime: i64,
    pub ctime: i64,
}

impl FileStat {
    pub fn kind(&self) -> FileKind {
        match self.mode & S_IFMT {
            S_IFREG => FileKind::Regular,
            S_IFDIR => FileKind::Directory,
            S_IFLNK => FileKind::Symlink,
            _ => FileKind::Other,
        }
    }

    pub fn is_dir(&self) -> bool {
        self.kind() == FileKind::Directory
    }

    pub fn is_file(&self) -> bool {
        self.kind() == FileKind::Regular
    }

    /// The permission bits (with setuid, setgid and sticky).
    pub fn permissions(&self) -> u32 {
        self.mode & 0o7777
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub kind: FileKind,
}

/// `open(2)`'s flags.
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

impl OpenFlags {
    pub const READ: OpenFlags = OpenFlags {
        read: true,
        write: false,
        create: false,
        exclusive: false,
        truncate: false,
        append: false,
        directory: false,
        no_follow: false,
    };
    /// `>`: write, create, truncate.
    pub const TRUNCATE: OpenFlags = OpenFlags {
        read: false,
        write: true,
        create: true,
        truncate: true,
        ..OpenFlags::READ
    };
    /// `>>`: write, create, append.
    pub const APPEND: OpenFlags = OpenFlags {
        read: false,
        write: true,
        create: true,
        append: true,
        ..OpenFlags::READ
    };
}

/// Who the calling process is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub pid: Pid,
    pub ppid: Pid,
    pub uid: u32,
    pub gid: u32,
    pub hostname: String,
}

/// What a new process starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpawnRequest {
    /// `argv[0]` is a path if it contains `/`, else a name looked up in `env`'s `PATH`.
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cwd: String,
    /// The caller's descriptors that become the child's 0, 1 and 2; nothing else is
    /// inherited.
    pub stdin: Fd,
    pub stdout: Fd,
    pub stderr: Fd,
    pub new_process_group: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pollable {
    Readable(Fd),
    Writable(Fd),
    ChildExited(Pid),
}

/// The kernel's calls. Relative paths resolve against the process's working directory.
pub trait System {
    fn open(&mut self, path: &str, flags: OpenFlags, mode: u32) -> SysResult<Fd>;
    fn close(&mut self, fd: Fd) -> SysResult<()>;
    /// Reads up to `len` bytes, blocking until some arrive; empty at end of file.
    fn read(&mut self, fd: Fd, len: usize) -> SysResult<Vec<u8>>;
    /// Writes some of `data`, blocking while a pipe is full; returns how much was written.
    fn write(&mut self, fd: Fd, data: &[u8]) -> SysResult<usize>;
    /// A pipe: `(read end, write end)`.
    fn pipe(&mut self) -> SysResult<(Fd, Fd)>;
    /// The read end of a pipe that holds `data` and then ends.
    fn pipe_from(&mut self, data: Vec<u8>) -> SysResult<Fd>;
    fn dup(&mut self, fd: Fd) -> SysResult<Fd>;
    /// Makes `to` refer to what `fd` refers to.
    fn dup2(&mut self, fd: Fd, to: Fd) -> SysResult<()>;
    /// Blocks until one of `targets` is ready or `timeout` passes; the ready indices.
    fn poll(&mut self, targets: &[Pollable], timeout: Option<Duration>) -> Vec<usize>;

    fn stat(&mut self, path: &str) -> SysResult<FileStat>;
    fn lstat(&mut self, path: &str) -> SysResult<FileStat>;
    fn fstat(&mut self, fd: Fd) -> SysResult<FileStat>;
    /// `mode` 0 checks existence; 4, 2 and 1 read, write and execute access.
    fn access(&mut self, path: &str, mode: u32) -> SysResult<()>;
    fn read_dir(&mut self, path: &str) -> SysResult<Vec<DirEntry>>;
    fn mkdir(&mut self, path: &str, mode: u32, recursive: bool) -> SysResult<()>;
    fn rmdir(&mut self, path: &str) -> SysResult<()>;
    fn unlink(&mut self, path: &str) -> SysResult<()>;
    fn rename(&mut self, from: &str, to: &str) -> SysResult<()>;
    fn symlink(&mut self, target: &str, path: &str) -> SysResult<()>;
    fn readlink(&mut self, path: &str) -> SysResult<String>;
    fn realpath(&mut self, path: &str) -> SysResult<String>;
    fn chmod(&mut self, path: &str, mode: u32) -> SysResult<()>;
    /// Sets access and modification times (nanoseconds since the epoch).
    fn utimes(&mut self, path: &str, atime: i64, mtime: i64) -> SysResult<()>;

    fn cwd(&mut self) -> String;
    fn chdir(&mut self, path: &str) -> SysResult<()>;
    fn umask(&mut self, mask: u32) -> u32;
    fn identity(&mut self) -> Identity;
    fn getpgid(&mut self) -> Pid;
    fn spawn(&mut self, request: &SpawnRequest) -> SysResult<Pid>;
    /// Waits for `pid` (or any child) to end and reaps it; none with `no_hang` if none has.
    fn wait(&mut self, pid: Option<Pid>, no_hang: bool) -> SysResult<Option<(Pid, ExitStatus)>>;
    /// Signals process `target`, or process group `-target`.
    fn kill(&mut self, target: i32, signal: Signal) -> SysResult<()>;

    /// Reads the whole of `path`.
    fn read_file(&mut self, path: &str) -> SysResult<Vec<u8>> {
        let fd = self.open(path, OpenFlags::READ, 0)?;
        let mut contents = Vec::new();
        let result = loop {
            match self.read(fd, 64 * 1024) {
                Ok(chunk) if chunk.is_empty() => break Ok(contents),
                Ok(chunk) => contents.extend_from_slice(&chunk),
                Err(e) => break Err(e),
            }
        };
        self.close(fd)?;
        result
    }

    /// Writes all of `data` to `fd`.
    fn write_all(&mut self, fd: Fd, mut data: &[u8]) -> SysResult<()> {
        while !data.is_empty() {
            let written = self.write(fd, data)?;
            data = &data[written..];
        }
        Ok(())
    }
}

/// The name of user `uid` from `/etc/passwd`, if it has one.
pub fn user_name(sys: &mut dyn System, uid: u32) -> Option<String> {
    account_name(sys, "/etc/passwd", uid)
}

/// The name of group `gid` from `/etc/group`, if it has one.
pub fn group_name(sys: &mut dyn System, gid: u32) -> Option<String> {
    account_name(sys, "/etc/group", gid)
}

/// `name:x:id:...` lines, as `/etc/passwd` and `/etc/group` have them.
fn account_name(sys: &mut dyn System, file: &str, id: u32) -> Option<String> {
    let text = String::from_utf8(sys.read_file(file).ok()?).ok()?;
    text.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)?.parse::<u32>().ok()? == id).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_parse_by_name_and_number() {
        assert_eq!(Signal::parse("TERM"), Some(Signal::TERM));
        assert_eq!(Signal::parse("sigkill"), Some(Signal::KILL));
        assert_eq!(Signal::parse("2"), Some(Signal::INT));
        assert_eq!(Signal::parse("SIGNOPE"), None);
        assert_eq!(Signal::TERM.name(), "SIGTERM");
        assert_eq!(ExitStatus::Signaled(Signal::KILL).code(), 137);
    }
}
