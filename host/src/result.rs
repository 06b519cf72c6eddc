//! What a run gives back: exit code, captured output, the `__return` value and the
//! uncaught error, if any.

use crate::error::{Error, Result};
use std::fmt;

/// An exception or rejection the guest did not handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestError {
    /// The error's `name` (`TypeError`, ...).
    pub name: String,
    pub message: String,
    /// The JS stack as Node prints it: `name: message` first, then the frames.
    pub stack: String,
    /// `err.code` (`ENOENT`, `ERR_INVALID_ARG_TYPE`, ...) when it had one.
    pub code: Option<String>,
}

impl fmt::Display for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stack)
    }
}

impl std::error::Error for GuestError {}

/// A finished process-style run ([`crate::NodeRuntime::exec`]).
#[derive(Debug, Clone)]
pub struct ExecResult {
    /// The exit code, or 128 plus the signal number when a signal ended the process
    /// (as a shell's `$?`).
    pub exit_code: i32,
    /// The signal that ended the process, if one did (`"SIGTERM"`).
    pub signal: Option<&'static str>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Set when the process ended on an uncaught exception or rejection.
    pub error: Option<GuestError>,
}

impl ExecResult {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// A finished [`crate::NodeRuntime::run`]: an [`ExecResult`] plus the `__return` value.
#[derive(Debug, Clone)]
pub struct RunResult<T> {
    /// The value handed to `globalThis.__return`, if the script called it.
    pub value: Option<T>,
    pub exit_code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub error: Option<GuestError>,
}

impl<T> RunResult<T> {
    /// The returned value, or the reason there is none: the guest's uncaught error, or
    /// [`Error::NoValue`] when the script finished without calling `__return`.
    pub fn into_value(self) -> Result<T> {
        match (self.value, self.error) {
            (Some(value), _) => Ok(value),
            (None, Some(error)) => Err(Error::Guest(error)),
            (None, None) => Err(Error::NoValue {
                exit_code: self.exit_code,
            }),
        }
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}
