//! [`ProcessHandle`]: a process the host started with [`NodeRuntime::spawn`]
//! (crate::NodeRuntime::spawn), running on its own until the host waits for it or kills it.

use crate::error::{Error, Result};
use crate::result::ExecResult;
use crate::runtime::Started;
use crate::wasm::launch::ProcessOutcome;
use secure_exec_kernel::fd_table::OpenFileDescription;
use secure_exec_kernel::output::OutputStream;
use secure_exec_kernel::{ExitStatus, INIT_PID, Kernel, Pid, Signal};
use std::sync::Arc;
use tokio::task::JoinHandle;

/// A running guest process.
pub struct ProcessHandle {
    kernel: Arc<Kernel>,
    pid: Pid,
    /// The write end of its stdin pipe, until closed.
    stdin: Option<Arc<OpenFileDescription>>,
    stdout: Arc<OutputStream>,
    stderr: Arc<OutputStream>,
    /// The task running the process.
    outcome: JoinHandle<ProcessOutcome>,
}

/// The name of the signal that ended a process, if one did.
pub(crate) fn signal_name(status: ExitStatus) -> Option<&'static str> {
    match status {
        ExitStatus::Signaled(signal) => Some(signal.name()),
        ExitStatus::Exited(_) => None,
    }
}

impl ProcessHandle {
    /// Runs `started` on its own task and hands back the handle.
    pub(crate) fn new(kernel: Arc<Kernel>, started: Started) -> Self {
        ProcessHandle {
            kernel,
            pid: started.pid,
            stdin: started.stdin,
            stdout: started.stdout,
            stderr: started.stderr,
            outcome: tokio::spawn(started.running),
        }
    }

    /// The process's pid in the runtime's kernel.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    fn stdin(&self) -> Result<&Arc<OpenFileDescription>> {
        self.stdin
            .as_ref()
            .ok_or(Error::Spawn(secure_exec_kernel::Errno::EPIPE))
    }

    /// Writes all of `data` to the process's stdin, waiting while its pipe is full.
    /// Fails with `EPIPE` once the process has stopped reading (or stdin was closed).
    pub async fn write_stdin(&self, data: impl AsRef<[u8]>) -> Result<()> {
        let stdin = self.stdin()?;
        let mut data = data.as_ref();
        while !data.is_empty() {
            let written = stdin.write_wait(data, None).await.map_err(Error::Spawn)?;
            data = &data[written..];
        }
        Ok(())
    }

    /// Closes the process's stdin: its reads see end of file.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Sends `signal` to the process (every signal ends it).
    pub fn kill(&self, signal: Signal) -> Result<()> {
        self.kernel
            .processes()
            .signal(INIT_PID, self.pid as i32, signal)
            .map_err(Error::Spawn)
    }

    /// Waits for the process to end: its status and captured output.
    pub async fn wait(mut self) -> Result<ExecResult> {
        self.close_stdin();
        let outcome = (&mut self.outcome)
            .await
            .map_err(|e| Error::Engine(e.to_string()))?;
        if let Some(failure) = outcome.failure {
            return Err(failure);
        }
        Ok(ExecResult {
            exit_code: outcome.status.shell_code(),
            signal: signal_name(outcome.status),
            stdout: self.stdout.contents(),
            stderr: self.stderr.contents(),
            error: outcome.error,
        })
    }
}

impl Drop for ProcessHandle {
    /// A handle dropped without `wait` ends its process group and frees its entry.
    fn drop(&mut self) {
        let pid = self.pid;
        let _ = self
            .kernel
            .processes()
            .signal(INIT_PID, -(pid as i32), Signal::SIGKILL);
        self.kernel.processes().reap(pid);
    }
}
