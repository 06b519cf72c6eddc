//! POSIX error numbers as the kernel reports them.
//!
//! Every fallible kernel call returns an [`Errno`]. Guests see the upper-case name (Node's
//! `err.code`), the Linux number (Node's negative `err.errno`) and libuv's message text.

use std::fmt;

macro_rules! errnos {
    ($($variant:ident = $number:literal, $message:literal;)*) => {
        /// A POSIX error, named and numbered as on Linux.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Errno {
            $($variant,)*
        }

        impl Errno {
            /// The name Node puts in `err.code`, e.g. `"ENOENT"`.
            pub fn code(self) -> &'static str {
                match self { $(Errno::$variant => stringify!($variant),)* }
            }

            /// The Linux errno value (Node reports its negation in `err.errno`).
            pub fn number(self) -> i32 {
                match self { $(Errno::$variant => $number,)* }
            }

            /// The errno with Linux number `number`, if the kernel knows it.
            pub fn from_number(number: i32) -> Option<Errno> {
                match number { $($number => Some(Errno::$variant),)* _ => None }
            }

            /// libuv's description, the text Node puts in messages.
            pub fn message(self) -> &'static str {
                match self { $(Errno::$variant => $message,)* }
            }
        }
    };
}

errnos! {
    EPERM = 1, "operation not permitted";
    ENOENT = 2, "no such file or directory";
    ESRCH = 3, "no such process";
    EINTR = 4, "interrupted system call";
    EIO = 5, "i/o error";
    E2BIG = 7, "argument list too long";
    ENOEXEC = 8, "exec format error";
    EBADF = 9, "bad file descriptor";
    ECHILD = 10, "no child processes";
    EAGAIN = 11, "resource temporarily unavailable";
    ENOMEM = 12, "not enough memory";
    EACCES = 13, "permission denied";
    EBUSY = 16, "resource busy or locked";
    EEXIST = 17, "file already exists";
    EXDEV = 18, "cross-device link not permitted";
    ENOTDIR = 20, "not a directory";
    EISDIR = 21, "illegal operation on a directory";
    EINVAL = 22, "invalid argument";
    ENFILE = 23, "file table overflow";
    EMFILE = 24, "too many open files";
    EFBIG = 27, "file too large";
    ENOSPC = 28, "no space left on device";
    ESPIPE = 29, "invalid seek";
    EROFS = 30, "read-only file system";
    EMLINK = 31, "too many links";
    EPIPE = 32, "broken pipe";
    ENAMETOOLONG = 36, "name too long";
    ENOSYS = 38, "function not implemented";
    ENOTEMPTY = 39, "directory not empty";
    ELOOP = 40, "too many symbolic links encountered";
    ENOTSOCK = 88, "socket operation on non-socket";
    EMSGSIZE = 90, "message too long";
    ENOTSUP = 95, "operation not supported on socket";
    EADDRINUSE = 98, "address already in use";
    EADDRNOTAVAIL = 99, "address not available";
    ENETUNREACH = 101, "network is unreachable";
    ECONNABORTED = 103, "software caused connection abort";
    ECONNRESET = 104, "connection reset by peer";
    ENOTCONN = 107, "socket is not connected";
    ETIMEDOUT = 110, "connection timed out";
    ECONNREFUSED = 111, "connection refused";
    EHOSTUNREACH = 113, "host is unreachable";
    // Not a Linux errno: libuv's EAI_NONAME, which Node reports as `ENOTFOUND`.
    ENOTFOUND = 3008, "unknown node or service";
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for Errno {}

impl From<std::io::Error> for Errno {
    /// The errno of a host I/O error; `EIO` for errors without a known number.
    fn from(error: std::io::Error) -> Self {
        error
            .raw_os_error()
            .and_then(Errno::from_number)
            .unwrap_or(Errno::EIO)
    }
}

/// The result type of kernel calls.
pub type KernelResult<T> = Result<T, Errno>;
