//! The process table: pids, parentage, identity, working directory and descriptors of every
//! process in a runtime. A process is an entry here for as long as it runs; the host removes
//! it (reaps it) when the guest instance behind it finishes.

use crate::errno::{Errno, KernelResult};
use crate::fd_table::FdTable;
use crate::vfs::Credentials;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

pub type Pid = u32;

/// The runtime's own process, parent of every process the host starts.
pub const INIT_PID: Pid = 1;
/// Most live processes per runtime; past it spawning fails with `EAGAIN` (as `fork` does at
/// `RLIMIT_NPROC`). Each process is a wasm instance with its own linear memory, so this is
/// what bounds a fork bomb's host memory.
pub const DEFAULT_MAX_PROCESSES: usize = 256;
/// Default `umask` of new processes.
pub const DEFAULT_UMASK: u32 = 0o022;

/// What a new process starts with.
#[derive(Debug, Clone)]
pub struct ProcessSpec {
    pub ppid: Pid,
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cwd: String,
    pub credentials: Credentials,
}

/// One live process.
pub struct Process {
    pub pid: Pid,
    pub ppid: Pid,
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cwd: String,
    pub umask: u32,
    pub credentials: Credentials,
    pub fds: FdTable,
}

pub struct ProcessTable {
    inner: Mutex<Inner>,
    max_processes: usize,
}

struct Inner {
    next_pid: Pid,
    processes: BTreeMap<Pid, Arc<Mutex<Process>>>,
}

impl ProcessTable {
    pub fn new(max_processes: usize) -> Self {
        ProcessTable {
            inner: Mutex::new(Inner {
                next_pid: INIT_PID + 1,
                processes: BTreeMap::new(),
            }),
            max_processes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a process and returns its pid; `EAGAIN` when the table is full.
    pub fn spawn(&self, spec: ProcessSpec) -> KernelResult<Pid> {
        let mut inner = self.lock();
        if inner.processes.len() >= self.max_processes {
            return Err(Errno::EAGAIN);
        }
        let pid = inner.next_pid;
        inner.next_pid += 1;
        let process = Process {
            pid,
            ppid: spec.ppid,
            argv: spec.argv,
            env: spec.env,
            cwd: spec.cwd,
            umask: DEFAULT_UMASK,
            credentials: spec.credentials,
            fds: FdTable::default(),
        };
        inner.processes.insert(pid, Arc::new(Mutex::new(process)));
        Ok(pid)
    }

    pub fn get(&self, pid: Pid) -> KernelResult<Arc<Mutex<Process>>> {
        self.lock().processes.get(&pid).cloned().ok_or(Errno::ESRCH)
    }

    /// Removes a finished process; its descriptors close as the entry drops.
    pub fn reap(&self, pid: Pid) {
        self.lock().processes.remove(&pid);
    }

    pub fn len(&self) -> usize {
        self.lock().processes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().processes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> ProcessSpec {
        ProcessSpec {
            ppid: INIT_PID,
            argv: vec!["node".into()],
            env: vec![],
            cwd: "/".into(),
            credentials: Credentials::ROOT,
        }
    }

    #[test]
    fn pids_are_unique_and_bounded() {
        let table = ProcessTable::new(2);
        let a = table.spawn(spec()).unwrap();
        let b = table.spawn(spec()).unwrap();
        assert_ne!(a, b);
        assert_eq!(table.spawn(spec()), Err(Errno::EAGAIN));
        table.reap(a);
        assert!(table.spawn(spec()).unwrap() > b);
        assert_eq!(table.get(a).err(), Some(Errno::ESRCH));
    }
}
