//! The process table: pids, parentage, process groups, identity, working directory and
//! descriptors of every process in a runtime, and the lifecycle around them: exit (which
//! closes the process's descriptors and keeps its status as a zombie), `wait` (which reaps
//! it), and signals (which the host delivers by ending the process).
//!
//! Processes whose parent is gone are re-parented to [`INIT_PID`], the runtime itself, and
//! reaped as soon as they end; the host waits for the processes it started.

use crate::errno::{Errno, KernelResult};
use crate::fd_table::FdTable;
use crate::signal::{ExitStatus, Signal};
use crate::vfs::Credentials;
use crate::wait_queue::WaitQueue;
use std::collections::BTreeMap;
use std::future::poll_fn;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

pub type Pid = u32;

/// The runtime's own process, parent of every process the host starts.
pub const INIT_PID: Pid = 1;
/// Most processes per runtime, init and zombies included; past it spawning fails with `EAGAIN` (as
/// `fork` does at `RLIMIT_NPROC`). Each running process is a wasm instance with its own
/// linear memory, so this is what bounds a fork bomb's host memory.
pub const DEFAULT_MAX_PROCESSES: usize = 256;
/// Default `umask` of new processes.
pub const DEFAULT_UMASK: u32 = 0o022;

/// What a new process starts with.
#[derive(Clone)]
pub struct ProcessSpec {
    pub ppid: Pid,
    /// The process group to join; none starts a new group led by the process.
    pub pgid: Option<Pid>,
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cwd: String,
    pub credentials: Credentials,
    pub umask: u32,
    /// Its descriptors (stdio at 0–2 and whatever else it inherits).
    pub fds: FdTable,
}

/// One process's own state, locked separately from the table.
pub struct Process {
    pub pid: Pid,
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cwd: String,
    pub umask: u32,
    pub credentials: Credentials,
    pub fds: FdTable,
}

/// The table's view of a process: parentage and lifecycle.
struct Entry {
    process: Arc<Mutex<Process>>,
    ppid: Pid,
    pgid: Pid,
    /// Set when the process has ended; it is a zombie until reaped.
    status: Option<ExitStatus>,
    /// The first signal sent to it, which the host acts on by ending it.
    pending_signal: Option<Signal>,
    /// Its parent ended first: init adopted it, and nobody will wait for it.
    reparented: bool,
}

pub struct ProcessTable {
    inner: Mutex<Inner>,
    max_processes: usize,
}

struct Inner {
    next_pid: Pid,
    entries: BTreeMap<Pid, Entry>,
    /// Tasks waiting for some process to end.
    exits: WaitQueue,
    /// Tasks waiting for some process to be signalled.
    signals: WaitQueue,
}

impl ProcessTable {
    /// A table holding only init, which acts as `credentials` (the host starts its
    /// processes as init's children, through init's descriptors).
    pub fn new(max_processes: usize, credentials: Credentials) -> Self {
        let init = Process {
            pid: INIT_PID,
            argv: vec!["init".to_string()],
            env: Vec::new(),
            cwd: "/".to_string(),
            umask: DEFAULT_UMASK,
            credentials,
            fds: FdTable::default(),
        };
        let entry = Entry {
            process: Arc::new(Mutex::new(init)),
            ppid: 0,
            pgid: INIT_PID,
            status: None,
            pending_signal: None,
            reparented: false,
        };
        ProcessTable {
            inner: Mutex::new(Inner {
                next_pid: INIT_PID + 1,
                entries: BTreeMap::from([(INIT_PID, entry)]),
                exits: WaitQueue::default(),
                signals: WaitQueue::default(),
            }),
            max_processes,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a process and returns its pid; `EAGAIN` when the table is full.
    pub fn spawn(&self, spec: ProcessSpec) -> KernelResult<Pid> {
        let mut inner = self.lock();
        if inner.entries.len() >= self.max_processes {
            return Err(Errno::EAGAIN);
        }
        let pid = inner.next_pid;
        inner.next_pid += 1;
        let process = Process {
            pid,
            argv: spec.argv,
            env: spec.env,
            cwd: spec.cwd,
            umask: spec.umask,
            credentials: spec.credentials,
            fds: spec.fds,
        };
        let entry = Entry {
            process: Arc::new(Mutex::new(process)),
            ppid: spec.ppid,
            pgid: spec.pgid.unwrap_or(pid),
            status: None,
            pending_signal: None,
            reparented: false,
        };
        inner.entries.insert(pid, entry);
        Ok(pid)
    }

    pub fn get(&self, pid: Pid) -> KernelResult<Arc<Mutex<Process>>> {
        self.lock()
            .entries
            .get(&pid)
            .map(|e| e.process.clone())
            .ok_or(Errno::ESRCH)
    }

    /// `(ppid, pgid)` of a process.
    pub fn parentage(&self, pid: Pid) -> KernelResult<(Pid, Pid)> {
        self.lock()
            .entries
            .get(&pid)
            .map(|e| (e.ppid, e.pgid))
            .ok_or(Errno::ESRCH)
    }

    /// Records that `pid` ended: its descriptors close (ending pipes it held), its
    /// children pass to init, and its parent's `wait` can reap it.
    pub fn exit(&self, pid: Pid, status: ExitStatus) {
        let closed;
        {
            let mut inner = self.lock();
            let Some(entry) = inner.entries.get_mut(&pid) else {
                return;
            };
            if entry.status.is_some() {
                return;
            }
            entry.status = Some(status);
            let reparented = entry.reparented;
            closed = entry
                .process
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .fds
                .clear();
            let children: Vec<Pid> = inner
                .entries
                .iter()
                .filter(|(_, e)| e.ppid == pid)
                .map(|(&child, _)| child)
                .collect();
            for child in children {
                let ended = inner
                    .entries
                    .get(&child)
                    .is_some_and(|e| e.status.is_some());
                if ended {
                    inner.entries.remove(&child);
                } else if let Some(e) = inner.entries.get_mut(&child) {
                    e.ppid = INIT_PID;
                    e.reparented = true;
                }
            }
            if reparented {
                inner.entries.remove(&pid);
            }
            inner.exits.wake_all();
        }
        drop(closed);
    }

    /// Waits for a child of `parent` (`pid`, or any) to end and reaps it. With `no_hang`,
    /// none if no such child has ended yet; `ECHILD` if there is no such child.
    pub async fn wait(
        &self,
        parent: Pid,
        pid: Option<Pid>,
        no_hang: bool,
    ) -> KernelResult<Option<(Pid, ExitStatus)>> {
        poll_fn(|cx| {
            let mut inner = self.lock();
            let mut children = inner
                .entries
                .iter()
                .filter(|(child, e)| e.ppid == parent && pid.is_none_or(|p| p == **child))
                .peekable();
            if children.peek().is_none() {
                return Poll::Ready(Err(Errno::ECHILD));
            }
            let ended = children.find_map(|(&child, e)| e.status.map(|s| (child, s)));
            if let Some((child, status)) = ended {
                inner.entries.remove(&child);
                return Poll::Ready(Ok(Some((child, status))));
            }
            if no_hang {
                return Poll::Ready(Ok(None));
            }
            inner.exits.register(cx.waker());
            Poll::Pending
        })
        .await
    }

    /// Ready once `pid` has ended (or is gone), without reaping it.
    pub fn poll_ended(&self, pid: Pid, cx: &mut Context<'_>) -> Poll<()> {
        let mut inner = self.lock();
        match inner.entries.get(&pid) {
            Some(entry) if entry.status.is_none() => {
                inner.exits.register(cx.waker());
                Poll::Pending
            }
            _ => Poll::Ready(()),
        }
    }

    /// The status of an ended process, without reaping it.
    pub fn status(&self, pid: Pid) -> Option<ExitStatus> {
        self.lock().entries.get(&pid).and_then(|e| e.status)
    }

    /// Sends `signal` to process `target`, to process group `-target` when negative, or
    /// to the sender's own group when zero. `ESRCH` when nothing matches; `EPERM` when a
    /// target is neither the sender nor its descendant.
    pub fn signal(&self, sender: Pid, target: i32, signal: Signal) -> KernelResult<()> {
        let mut inner = self.lock();
        let group = match target {
            0 => Some(inner.entries.get(&sender).ok_or(Errno::ESRCH)?.pgid),
            t if t < 0 => Some(t.unsigned_abs()),
            _ => None,
        };
        let targets: Vec<Pid> = inner
            .entries
            .iter()
            .filter(|(pid, e)| match group {
                Some(pgid) => e.pgid == pgid,
                None => **pid == target as Pid,
            })
            .map(|(&pid, _)| pid)
            .collect();
        if targets.is_empty() {
            return Err(Errno::ESRCH);
        }
        if sender != INIT_PID
            && targets
                .iter()
                .any(|&pid| pid != sender && !is_descendant(&inner.entries, pid, sender))
        {
            return Err(Errno::EPERM);
        }
        for pid in targets {
            if let Some(entry) = inner.entries.get_mut(&pid)
                && entry.status.is_none()
                && (entry.pending_signal.is_none() || signal == Signal::SIGKILL)
            {
                entry.pending_signal = Some(signal);
            }
        }
        inner.signals.wake_all();
        Ok(())
    }

    /// Ready with the signal sent to `pid`, once one is.
    pub fn poll_signal(&self, pid: Pid, cx: &mut Context<'_>) -> Poll<Signal> {
        let mut inner = self.lock();
        match inner.entries.get(&pid).and_then(|e| e.pending_signal) {
            Some(signal) => Poll::Ready(signal),
            None => {
                inner.signals.register(cx.waker());
                Poll::Pending
            }
        }
    }

    /// Resolves when `pid` is sent a signal.
    pub async fn signalled(&self, pid: Pid) -> Signal {
        poll_fn(|cx| self.poll_signal(pid, cx)).await
    }

    /// Removes a process whatever its state (the host's handle on a process it started,
    /// dropped). One still running is first recorded as killed, so its descriptors close
    /// and its children pass to init as on any exit.
    pub fn reap(&self, pid: Pid) {
        self.exit(pid, ExitStatus::Signaled(Signal::SIGKILL));
        let removed = self.lock().entries.remove(&pid);
        drop(removed);
    }

    /// Sends `SIGKILL` to every process but init: the runtime is going away.
    pub fn kill_all(&self) {
        let mut inner = self.lock();
        for (_, entry) in inner
            .entries
            .iter_mut()
            .filter(|(pid, _)| **pid != INIT_PID)
        {
            if entry.status.is_none() {
                entry.pending_signal = Some(Signal::SIGKILL);
            }
        }
        inner.signals.wake_all();
    }

    /// Every live (not yet ended) process, with its parent: `ps`'s view.
    pub fn running(&self) -> Vec<(Pid, Pid)> {
        self.lock()
            .entries
            .iter()
            .filter(|(_, e)| e.status.is_none())
            .map(|(&pid, e)| (pid, e.ppid))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().entries.is_empty()
    }
}

/// Whether `pid` descends from `ancestor`.
fn is_descendant(entries: &BTreeMap<Pid, Entry>, mut pid: Pid, ancestor: Pid) -> bool {
    while let Some(entry) = entries.get(&pid) {
        if entry.ppid == ancestor {
            return true;
        }
        if entry.ppid == pid || entry.ppid == INIT_PID {
            return false;
        }
        pid = entry.ppid;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    fn spec(ppid: Pid) -> ProcessSpec {
        ProcessSpec {
            ppid,
            pgid: None,
            argv: vec!["node".into()],
            env: vec![],
            cwd: "/".into(),
            credentials: Credentials::ROOT,
            umask: DEFAULT_UMASK,
            fds: FdTable::default(),
        }
    }

    fn now<T>(future: impl Future<Output = T>) -> Poll<T> {
        let mut future = std::pin::pin!(future);
        future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn pids_are_unique_and_bounded() {
        let table = ProcessTable::new(3, Credentials::ROOT);
        let a = table.spawn(spec(INIT_PID)).unwrap();
        let b = table.spawn(spec(INIT_PID)).unwrap();
        assert_ne!(a, b);
        assert_eq!(table.spawn(spec(INIT_PID)).err(), Some(Errno::EAGAIN));
        table.reap(a);
        assert!(table.spawn(spec(INIT_PID)).unwrap() > b);
        assert_eq!(table.get(a).err(), Some(Errno::ESRCH));
    }

    #[test]
    fn parents_wait_for_and_reap_their_children() {
        let table = ProcessTable::new(8, Credentials::ROOT);
        let parent = table.spawn(spec(INIT_PID)).unwrap();
        let child = table.spawn(spec(parent)).unwrap();
        assert_eq!(now(table.wait(parent, None, true)), Poll::Ready(Ok(None)));
        assert!(now(table.wait(parent, Some(child), false)).is_pending());
        table.exit(child, ExitStatus::Exited(3));
        assert_eq!(
            now(table.wait(parent, None, false)),
            Poll::Ready(Ok(Some((child, ExitStatus::Exited(3)))))
        );
        assert_eq!(
            now(table.wait(parent, None, false)),
            Poll::Ready(Err(Errno::ECHILD))
        );
    }

    #[test]
    fn orphans_pass_to_init_and_ended_orphans_are_reaped() {
        let table = ProcessTable::new(8, Credentials::ROOT);
        let parent = table.spawn(spec(INIT_PID)).unwrap();
        let running = table.spawn(spec(parent)).unwrap();
        let ended = table.spawn(spec(parent)).unwrap();
        table.exit(ended, ExitStatus::Exited(0));
        table.exit(parent, ExitStatus::Exited(0));
        assert_eq!(table.parentage(running).unwrap().0, INIT_PID);
        assert_eq!(table.parentage(ended).err(), Some(Errno::ESRCH));
        table.exit(running, ExitStatus::Exited(0));
        assert_eq!(table.parentage(running).err(), Some(Errno::ESRCH));
    }

    #[test]
    fn reaping_a_running_process_passes_its_children_to_init() {
        let table = ProcessTable::new(8, Credentials::ROOT);
        let parent = table.spawn(spec(INIT_PID)).unwrap();
        let child = table.spawn(spec(parent)).unwrap();
        table.reap(parent);
        assert_eq!(table.parentage(child).unwrap().0, INIT_PID);
        table.exit(child, ExitStatus::Exited(0));
        assert_eq!(table.len(), 1, "the orphan was reaped when it ended");
        let straggler = table.spawn(spec(INIT_PID)).unwrap();
        table.kill_all();
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(
            table.poll_signal(straggler, &mut cx),
            Poll::Ready(Signal::SIGKILL)
        );
        assert!(table.poll_signal(INIT_PID, &mut cx).is_pending());
    }

    #[test]
    fn signals_reach_processes_and_groups_they_may_touch() {
        let table = ProcessTable::new(8, Credentials::ROOT);
        let shell = table.spawn(spec(INIT_PID)).unwrap();
        let job = table.spawn(spec(shell)).unwrap();
        let stranger = table.spawn(spec(INIT_PID)).unwrap();
        let mut cx = Context::from_waker(Waker::noop());
        assert!(table.poll_signal(job, &mut cx).is_pending());
        assert_eq!(
            table.signal(shell, stranger as i32, Signal::SIGTERM),
            Err(Errno::EPERM)
        );
        assert_eq!(table.signal(shell, 999, Signal::SIGTERM), Err(Errno::ESRCH));
        table.signal(shell, job as i32, Signal::SIGTERM).unwrap();
        assert_eq!(
            table.poll_signal(job, &mut cx),
            Poll::Ready(Signal::SIGTERM)
        );
        table
            .signal(INIT_PID, -(shell as i32), Signal::SIGKILL)
            .unwrap();
        assert_eq!(
            table.poll_signal(shell, &mut cx),
            Poll::Ready(Signal::SIGKILL)
        );
    }
}
