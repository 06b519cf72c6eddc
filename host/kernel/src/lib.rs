//! The virtual kernel of secure-exec-wasm.
//!
//! Everything a guest can affect lives here: the virtual file system behind a mount table,
//! the process table with per-process descriptor tables, the output streams the host
//! captures, and the permission policy checked on every operation. This crate knows nothing
//! of WebAssembly: the wasmtime glue in the `secure-exec-wasm` crate translates guest calls
//! (WASI and the `secure-exec:kernel` WIT interfaces) into calls on [`Kernel`], so every
//! subsystem here is unit-tested without a guest.
//!
//! One subsystem per module: [`vfs`] (file systems, mounts, resolution), [`process_table`]
//! (lifecycle, wait, signals), [`spawn`] and [`program`] (finding and starting
//! executables), [`fd_table`] and [`pipe`], [`process_fs`] (file calls as a process makes
//! them), [`net`] (the socket table), [`output`], [`permissions`], [`signal`], [`wait_queue`], [`clock`], [`entropy`],
//! [`errno`], [`path`].

pub mod clock;
pub mod entropy;
pub mod errno;
pub mod fd_table;
pub mod kernel;
pub mod net;
pub mod output;
pub mod path;
pub mod permissions;
pub mod pipe;
pub mod process_fs;
pub mod process_table;
pub mod program;
pub mod signal;
pub mod spawn;
pub mod vfs;
pub mod wait_queue;

pub use errno::{Errno, KernelResult};
pub use kernel::{DEFAULT_HOME, DEFAULT_USER, Kernel, KernelConfig, MountError};
pub use process_fs::{OpenFlags, ProcessFs};
pub use process_table::{INIT_PID, Pid, ProcessSpec};
pub use signal::{ExitStatus, Signal};
pub use spawn::{SpawnRequest, Spawned};
