//! Host-side errors: what can go wrong around a guest, typed, with messages a person can
//! act on. A guest's own failures (an exception, a non-zero exit) are not errors here:
//! they are part of a run's result, as they are of a Node process.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the script ran longer than its {} ms timeout and was stopped", .0.as_millis())]
    Timeout(Duration),

    #[error("the run was cancelled")]
    Cancelled,

    #[error(
        "the guest exceeded its memory limit of {} MiB (raise `memory_limit_bytes` if this is expected)",
        .limit_bytes >> 20
    )]
    MemoryLimit { limit_bytes: u64 },

    #[error(
        "the guest wrote more than {} MiB to {stream}; output is capped so a flood cannot exhaust the host",
        .limit_bytes >> 20
    )]
    OutputLimit { stream: String, limit_bytes: usize },

    #[error("the guest crashed: {0}")]
    Trap(String),

    #[error("{path}: {errno}")]
    Fs {
        path: String,
        errno: secure_exec_kernel::Errno,
    },

    #[error("cannot mount {host_path} at {guest_path}: {source}")]
    Mount {
        host_path: String,
        guest_path: String,
        #[source]
        source: secure_exec_kernel::MountError,
    },

    #[error("the runtime cannot start a process: {0}")]
    Spawn(secure_exec_kernel::Errno),

    #[error("cannot start the guest's instance (too many live processes in this host?): {0}")]
    Instantiate(String),

    #[error("the script threw: {0}")]
    Guest(crate::GuestError),

    #[error("the script did not call `__return`, so there is no value (exit code {exit_code})")]
    NoValue { exit_code: i32 },

    #[error("the value passed to `__return` does not have the expected shape: {0}")]
    ValueShape(#[source] serde_json::Error),

    #[error("invalid option: {0}")]
    InvalidOption(String),

    #[error("the engine component failed to load: {0}")]
    Engine(String),

    #[error("cannot connect to port {port} of the runtime's loopback: {errno}")]
    Connect {
        port: u16,
        errno: secure_exec_kernel::Errno,
    },

    #[error("HTTP exchange with the guest on port {port} failed: {reason}")]
    Fetch { port: u16, reason: String },

    #[error("nothing listened on port {port} within {} ms", .timeout.as_millis())]
    ListenerTimeout { port: u16, timeout: Duration },

    #[error("process {pid} ended before anything listened on port {port}")]
    ExitedBeforeListening {
        pid: secure_exec_kernel::Pid,
        port: u16,
    },

    #[error("cannot publish host port {host_port}: {source}")]
    Publish {
        host_port: u16,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
