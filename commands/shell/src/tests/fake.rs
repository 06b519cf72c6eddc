//! A fake kernel for the shell's tests: an in-memory file system, small bounded pipes,
//! and processes that are Rust functions running on their own threads, so that children
//! really run concurrently with the shell and a pipe nobody drains really blocks. Any
//! wait that lasts too long is reported as a deadlock.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use secure_exec_system::{
    DirEntry, Errno, ExitStatus, Fd, FileKind, FileStat, Identity, OpenFlags, Pid, Pollable,
    S_IFDIR, S_IFLNK, S_IFREG, Signal, SpawnRequest, SysResult, System,
};

use super::programs;

/// Small, so that anything that forgets to drain a pipe blocks quickly.
const PIPE_CAPACITY: usize = 256;
/// How long a blocked call may wait before the test calls it a deadlock.
const DEADLOCK_TIMEOUT: Duration = Duration::from_secs(5);
pub const SHELL_PID: Pid = 1;
const MAX_SYMLINK_HOPS: usize = 40;

/// A fake program: it gets its system handle and argument vector; returns its exit code.
pub type Program = fn(&mut FakeSystem, &[String]) -> u8;

#[derive(Clone)]
enum Node {
    File {
        data: Vec<u8>,
        mode: u32,
        ino: u64,
        mtime: i64,
    },
    Dir {
        mode: u32,
        ino: u64,
    },
    Symlink {
        target: String,
        ino: u64,
    },
}

enum OpenKind {
    File {
        path: String,
        offset: usize,
        read: bool,
        write: bool,
        append: bool,
    },
    PipeRead(u64),
    PipeWrite(u64),
    /// The test's capture of the shell's standard output (0) or error (1).
    Output(usize),
}

struct OpenFile {
    kind: OpenKind,
    refs: usize,
}

struct Pipe {
    data: VecDeque<u8>,
    readers: usize,
    writers: usize,
}

struct Process {
    fds: BTreeMap<Fd, u64>,
    cwd: String,
    env: Vec<(String, String)>,
    status: Option<ExitStatus>,
    reaped: bool,
    parent: Pid,
}

#[derive(Default)]
struct KernelState {
    nodes: BTreeMap<String, Node>,
    next_ino: u64,
    clock: i64,
    open_files: HashMap<u64, OpenFile>,
    next_open_file: u64,
    pipes: HashMap<u64, Pipe>,
    next_pipe: u64,
    processes: HashMap<Pid, Process>,
    next_pid: Pid,
    umask: u32,
    outputs: [Vec<u8>; 2],
    failures: Vec<String>,
    threads: Vec<JoinHandle<()>>,
}

pub struct Kernel {
    state: Mutex<KernelState>,
    changed: Condvar,
}

/// One process's view of the fake kernel.
pub struct FakeSystem {
    kernel: Arc<Kernel>,
    pid: Pid,
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for component in path.split('/') {
        match component {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    format!("/{}", parts.join("/"))
}

fn parent_of(path: &str) -> String {
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(index) => path[..index].to_string(),
    }
}

impl KernelState {
    fn new_ino(&mut self) -> u64 {
        self.next_ino += 1;
        self.next_ino
    }

    fn tick(&mut self) -> i64 {
        self.clock += 1_000_000_000;
        self.clock
    }

    fn process(&mut self, pid: Pid) -> &mut Process {
        self.processes
            .get_mut(&pid)
            .expect("the calling process exists")
    }

    fn absolute(&mut self, pid: Pid, path: &str) -> String {
        if path.starts_with('/') {
            normalize(path)
        } else {
            normalize(&format!("{}/{path}", self.process(pid).cwd))
        }
    }

    /// The path with symbolic links resolved (the last one only if `follow_last`).
    fn resolve(&mut self, pid: Pid, path: &str, follow_last: bool) -> SysResult<String> {
        let mut path = self.absolute(pid, path);
        let mut hops = 0;
        'restart: loop {
            let components: Vec<String> = path
                .split('/')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            let mut current = String::new();
            for (index, component) in components.iter().enumerate() {
                current = format!("{current}/{component}");
                let last = index + 1 == components.len();
                match self.nodes.get(&current) {
                    Some(Node::Symlink { target, .. }) if !last || follow_last => {
                        hops += 1;
                        if hops > MAX_SYMLINK_HOPS {
                            return Err(Errno::Eloop);
                        }
                        let base = if target.starts_with('/') {
                            target.clone()
                        } else {
                            format!("{}/{target}", parent_of(&current))
                        };
                        let rest = components[index + 1..].join("/");
                        path = normalize(&format!("{base}/{rest}"));
                        continue 'restart;
                    }
                    Some(Node::File { .. }) if !last => return Err(Errno::Enotdir),
                    None if !last => return Err(Errno::Enoent),
                    _ => {}
                }
            }
            return Ok(if current.is_empty() {
                "/".to_string()
            } else {
                current
            });
        }
    }

    fn stat_node(&self, path: &str) -> SysResult<FileStat> {
        let node = self.nodes.get(path).ok_or(Errno::Enoent)?;
        let (mode, ino, size, mtime) = match node {
            Node::File {
                data,
                mode,
                ino,
                mtime,
            } => (S_IFREG | mode, *ino, data.len() as u64, *mtime),
            Node::Dir { mode, ino } => (S_IFDIR | mode, *ino, 0, 0),
            Node::Symlink { target, ino } => (S_IFLNK | 0o777, *ino, target.len() as u64, 0),
        };
        Ok(FileStat {
            dev: 1,
            ino,
            mode,
            nlink: 1,
            uid: 1000,
            gid: 1000,
            size,
            blocks: size.div_ceil(512),
            atime: mtime,
            mtime,
            ctime: mtime,
        })
    }

    fn install(&mut self, pid: Pid, kind: OpenKind) -> Fd {
        self.next_open_file += 1;
        let id = self.next_open_file;
        self.open_files.insert(id, OpenFile { kind, refs: 0 });
        self.attach(pid, id, None)
    }

    /// Puts open file `id` in `pid`'s table, at `at` or the lowest free number.
    fn attach(&mut self, pid: Pid, id: u64, at: Option<Fd>) -> Fd {
        self.open_files.get_mut(&id).expect("open file exists").refs += 1;
        let fds = &mut self.process(pid).fds;
        let fd = at.unwrap_or_else(|| (0..).find(|fd| !fds.contains_key(fd)).expect("a free fd"));
        fds.insert(fd, id);
        fd
    }

    fn descriptor(&mut self, pid: Pid, fd: Fd) -> SysResult<u64> {
        self.processes
            .get(&pid)
            .and_then(|process| process.fds.get(&fd))
            .copied()
            .ok_or(Errno::Ebadf)
    }

    fn close(&mut self, pid: Pid, fd: Fd) -> SysResult<()> {
        let id = self.process(pid).fds.remove(&fd).ok_or(Errno::Ebadf)?;
        self.release(id);
        Ok(())
    }

    fn release(&mut self, id: u64) {
        let file = self.open_files.get_mut(&id).expect("open file exists");
        file.refs -= 1;
        if file.refs > 0 {
            return;
        }
        let file = self.open_files.remove(&id).expect("open file exists");
        match file.kind {
            OpenKind::PipeRead(pipe) => self.pipes.get_mut(&pipe).expect("pipe").readers -= 1,
            OpenKind::PipeWrite(pipe) => self.pipes.get_mut(&pipe).expect("pipe").writers -= 1,
            _ => {}
        }
    }

    fn close_all(&mut self, pid: Pid) {
        let fds = std::mem::take(&mut self.process(pid).fds);
        for id in fds.into_values() {
            self.release(id);
        }
    }

    fn ready(&mut self, pid: Pid, target: &Pollable) -> bool {
        match *target {
            Pollable::Readable(fd) | Pollable::Writable(fd) => {
                let Ok(id) = self.descriptor(pid, fd) else {
                    return true;
                };
                match (&self.open_files[&id].kind, target) {
                    (OpenKind::PipeRead(pipe), Pollable::Readable(_)) => {
                        let pipe = &self.pipes[pipe];
                        !pipe.data.is_empty() || pipe.writers == 0
                    }
                    (OpenKind::PipeWrite(pipe), Pollable::Writable(_)) => {
                        let pipe = &self.pipes[pipe];
                        pipe.data.len() < PIPE_CAPACITY || pipe.readers == 0
                    }
                    _ => true,
                }
            }
            Pollable::ChildExited(child) => self
                .processes
                .get(&child)
                .is_some_and(|process| process.status.is_some()),
        }
    }

    /// The program `name` runs, found the way the kernel finds it.
    fn find_program(&mut self, pid: Pid, request: &SpawnRequest) -> SysResult<Program> {
        let name = &request.argv[0];
        let candidates: Vec<String> = if name.contains('/') {
            vec![name.clone()]
        } else {
            let path = request
                .env
                .iter()
                .find(|(key, _)| key == "PATH")
                .map(|(_, value)| value.clone())
                .unwrap_or_default();
            path.split(':').map(|dir| format!("{dir}/{name}")).collect()
        };
        let mut error = Errno::Enoent;
        for candidate in candidates {
            let Ok(path) = self.resolve(pid, &candidate, true) else {
                continue;
            };
            match self.nodes.get(&path) {
                Some(Node::File { data, mode, .. }) => {
                    if mode & 0o111 == 0 {
                        error = Errno::Eacces;
                        continue;
                    }
                    let text = String::from_utf8_lossy(data);
                    let program = text
                        .strip_prefix("#!fake:")
                        .and_then(|rest| programs::find(rest.trim()));
                    return program.ok_or(Errno::Enoexec);
                }
                Some(Node::Dir { .. }) if name.contains('/') => return Err(Errno::Eacces),
                _ => {}
            }
        }
        Err(error)
    }
}

impl Kernel {
    fn lock(&self) -> MutexGuard<'_, KernelState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits until `ready` holds, for at most `timeout` (`None` if it did not), or panics
    /// as a deadlock after the test limit.
    fn block_until<'k>(
        &'k self,
        mut state: MutexGuard<'k, KernelState>,
        timeout: Option<Duration>,
        what: &str,
        mut ready: impl FnMut(&mut KernelState) -> bool,
    ) -> (MutexGuard<'k, KernelState>, bool) {
        let deadline = Instant::now() + timeout.unwrap_or(DEADLOCK_TIMEOUT);
        loop {
            if ready(&mut state) {
                return (state, true);
            }
            let now = Instant::now();
            if now >= deadline {
                if timeout.is_some() {
                    return (state, false);
                }
                let message = format!("deadlock: blocked in {what}");
                state.failures.push(message.clone());
                drop(state);
                panic!("{message}");
            }
            state = self
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    fn exit(&self, pid: Pid, code: u8) {
        let mut state = self.lock();
        state.close_all(pid);
        let process = state.process(pid);
        process.status.get_or_insert(ExitStatus::Exited(code));
        self.changed.notify_all();
    }
}

impl FakeSystem {
    fn state(&self) -> MutexGuard<'_, KernelState> {
        self.kernel.lock()
    }

    pub fn env(&self) -> Vec<(String, String)> {
        self.state().process(self.pid).env.clone()
    }

    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// Writes all of `data` to standard output; `false` once the reader is gone.
    pub fn out(&mut self, data: impl AsRef<[u8]>) -> bool {
        self.write_all(1, data.as_ref()).is_ok()
    }

    pub fn err(&mut self, data: impl AsRef<[u8]>) {
        let _ = self.write_all(2, data.as_ref());
    }

    /// All of standard input.
    pub fn read_stdin(&mut self) -> Vec<u8> {
        let mut data = Vec::new();
        while let Ok(chunk) = self.read(0, 4096) {
            if chunk.is_empty() {
                break;
            }
            data.extend_from_slice(&chunk);
        }
        data
    }

    fn notify(&self) {
        self.kernel.changed.notify_all();
    }
}

impl System for FakeSystem {
    fn open(&mut self, path: &str, flags: OpenFlags, mode: u32) -> SysResult<Fd> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, !flags.no_follow)?;
        let umask = state.umask;
        match state.nodes.get_mut(&resolved) {
            Some(Node::Dir { .. }) if flags.write => return Err(Errno::Eisdir),
            Some(Node::Dir { .. }) => {}
            Some(Node::Symlink { .. }) => return Err(Errno::Eloop),
            Some(Node::File { .. }) if flags.create && flags.exclusive => {
                return Err(Errno::Eexist);
            }
            Some(Node::File { data, mode, .. }) => {
                if (flags.read && *mode & 0o400 == 0) || (flags.write && *mode & 0o200 == 0) {
                    return Err(Errno::Eacces);
                }
                if flags.truncate {
                    data.clear();
                }
            }
            None => {
                if !flags.create {
                    return Err(Errno::Enoent);
                }
                let parent = parent_of(&resolved);
                if !matches!(state.nodes.get(&parent), Some(Node::Dir { .. })) {
                    return Err(Errno::Enoent);
                }
                let ino = state.new_ino();
                let mtime = state.tick();
                state.nodes.insert(
                    resolved.clone(),
                    Node::File {
                        data: Vec::new(),
                        mode: mode & !umask,
                        ino,
                        mtime,
                    },
                );
            }
        }
        let kind = OpenKind::File {
            path: resolved,
            offset: 0,
            read: flags.read,
            write: flags.write,
            append: flags.append,
        };
        Ok(state.install(self.pid, kind))
    }

    fn close(&mut self, fd: Fd) -> SysResult<()> {
        let result = self.state().close(self.pid, fd);
        self.notify();
        result
    }

    fn read(&mut self, fd: Fd, len: usize) -> SysResult<Vec<u8>> {
        let mut state = self.state();
        let id = state.descriptor(self.pid, fd)?;
        let pipe = match &mut state.open_files.get_mut(&id).expect("open file").kind {
            OpenKind::File {
                path, offset, read, ..
            } => {
                if !*read {
                    return Err(Errno::Ebadf);
                }
                let (path, start) = (path.clone(), *offset);
                let data = match state.nodes.get(&path) {
                    Some(Node::File { data, .. }) => data,
                    Some(_) => return Err(Errno::Eisdir),
                    None => return Ok(Vec::new()),
                };
                let end = data.len().min(start + len);
                let chunk = data[start.min(end)..end].to_vec();
                if let OpenKind::File { offset, .. } =
                    &mut state.open_files.get_mut(&id).expect("open file").kind
                {
                    *offset = end;
                }
                return Ok(chunk);
            }
            OpenKind::PipeRead(pipe) => *pipe,
            _ => return Err(Errno::Ebadf),
        };
        let pid = self.pid;
        let (mut state, _) = self.kernel.block_until(state, None, "read", |state| {
            let pipe = &state.pipes[&pipe];
            !pipe.data.is_empty() || pipe.writers == 0 || state.descriptor(pid, fd).is_err()
        });
        state.descriptor(pid, fd)?;
        let buffer = &mut state.pipes.get_mut(&pipe).expect("pipe").data;
        let count = buffer.len().min(len);
        let chunk: Vec<u8> = buffer.drain(..count).collect();
        drop(state);
        self.notify();
        Ok(chunk)
    }

    fn write(&mut self, fd: Fd, data: &[u8]) -> SysResult<usize> {
        let mut state = self.state();
        let id = state.descriptor(self.pid, fd)?;
        let mtime = state.tick();
        let pipe = match &mut state.open_files.get_mut(&id).expect("open file").kind {
            OpenKind::Output(index) => {
                let index = *index;
                state.outputs[index].extend_from_slice(data);
                return Ok(data.len());
            }
            OpenKind::File {
                path,
                offset,
                write,
                append,
                ..
            } => {
                if !*write {
                    return Err(Errno::Ebadf);
                }
                let (path, start, append) = (path.clone(), *offset, *append);
                let Some(Node::File {
                    data: contents,
                    mtime: modified,
                    ..
                }) = state.nodes.get_mut(&path)
                else {
                    return Err(Errno::Ebadf);
                };
                let start = if append { contents.len() } else { start };
                if contents.len() < start + data.len() {
                    contents.resize(start + data.len(), 0);
                }
                contents[start..start + data.len()].copy_from_slice(data);
                *modified = mtime;
                if let OpenKind::File { offset, .. } =
                    &mut state.open_files.get_mut(&id).expect("open file").kind
                {
                    *offset = start + data.len();
                }
                return Ok(data.len());
            }
            OpenKind::PipeWrite(pipe) => *pipe,
            OpenKind::PipeRead(_) => return Err(Errno::Ebadf),
        };
        let pid = self.pid;
        let (mut state, _) = self.kernel.block_until(state, None, "write", |state| {
            let pipe = &state.pipes[&pipe];
            pipe.data.len() < PIPE_CAPACITY
                || pipe.readers == 0
                || state.descriptor(pid, fd).is_err()
        });
        state.descriptor(pid, fd)?;
        let buffer = state.pipes.get_mut(&pipe).expect("pipe");
        if buffer.readers == 0 {
            if pid != SHELL_PID {
                state.close_all(pid);
                state
                    .process(pid)
                    .status
                    .get_or_insert(ExitStatus::Signaled(Signal::PIPE));
            }
            drop(state);
            self.notify();
            return Err(Errno::Epipe);
        }
        let count = data.len().min(PIPE_CAPACITY - buffer.data.len());
        buffer.data.extend(&data[..count]);
        drop(state);
        self.notify();
        Ok(count)
    }

    fn pipe(&mut self) -> SysResult<(Fd, Fd)> {
        let mut state = self.state();
        state.next_pipe += 1;
        let pipe = state.next_pipe;
        state.pipes.insert(
            pipe,
            Pipe {
                data: VecDeque::new(),
                readers: 1,
                writers: 1,
            },
        );
        let read = state.install(self.pid, OpenKind::PipeRead(pipe));
        let write = state.install(self.pid, OpenKind::PipeWrite(pipe));
        Ok((read, write))
    }

    fn pipe_from(&mut self, data: Vec<u8>) -> SysResult<Fd> {
        let mut state = self.state();
        state.next_pipe += 1;
        let pipe = state.next_pipe;
        state.pipes.insert(
            pipe,
            Pipe {
                data: data.into(),
                readers: 1,
                writers: 0,
            },
        );
        Ok(state.install(self.pid, OpenKind::PipeRead(pipe)))
    }

    fn dup(&mut self, fd: Fd) -> SysResult<Fd> {
        let mut state = self.state();
        let id = state.descriptor(self.pid, fd)?;
        Ok(state.attach(self.pid, id, None))
    }

    fn dup2(&mut self, fd: Fd, to: Fd) -> SysResult<()> {
        let mut state = self.state();
        let id = state.descriptor(self.pid, fd)?;
        if fd == to {
            return Ok(());
        }
        let _ = state.close(self.pid, to);
        state.attach(self.pid, id, Some(to));
        Ok(())
    }

    fn poll(&mut self, targets: &[Pollable], timeout: Option<Duration>) -> Vec<usize> {
        let pid = self.pid;
        let state = self.state();
        let (mut state, _) = self.kernel.block_until(state, timeout, "poll", |state| {
            targets.iter().any(|target| state.ready(pid, target))
        });
        (0..targets.len())
            .filter(|&index| state.ready(pid, &targets[index]))
            .collect()
    }

    fn stat(&mut self, path: &str) -> SysResult<FileStat> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, true)?;
        state.stat_node(&resolved)
    }

    fn lstat(&mut self, path: &str) -> SysResult<FileStat> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, false)?;
        state.stat_node(&resolved)
    }

    fn fstat(&mut self, fd: Fd) -> SysResult<FileStat> {
        let mut state = self.state();
        let id = state.descriptor(self.pid, fd)?;
        match &state.open_files[&id].kind {
            OpenKind::File { path, .. } => {
                let path = path.clone();
                state.stat_node(&path)
            }
            _ => Ok(FileStat {
                dev: 0,
                ino: id,
                mode: 0o010_600,
                nlink: 1,
                uid: 1000,
                gid: 1000,
                size: 0,
                blocks: 0,
                atime: 0,
                mtime: 0,
                ctime: 0,
            }),
        }
    }

    fn access(&mut self, path: &str, mode: u32) -> SysResult<()> {
        let stat = self.stat(path)?;
        if stat.permissions() & (mode << 6) == mode << 6 {
            Ok(())
        } else {
            Err(Errno::Eacces)
        }
    }

    fn read_dir(&mut self, path: &str) -> SysResult<Vec<DirEntry>> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, true)?;
        match state.nodes.get(&resolved) {
            Some(Node::Dir { .. }) => {}
            Some(_) => return Err(Errno::Enotdir),
            None => return Err(Errno::Enoent),
        }
        let prefix = if resolved == "/" {
            "/".to_string()
        } else {
            format!("{resolved}/")
        };
        Ok(state
            .nodes
            .iter()
            .filter_map(|(key, node)| {
                let name = key.strip_prefix(&prefix)?;
                if name.is_empty() || name.contains('/') {
                    return None;
                }
                let kind = match node {
                    Node::File { .. } => FileKind::Regular,
                    Node::Dir { .. } => FileKind::Directory,
                    Node::Symlink { .. } => FileKind::Symlink,
                };
                Some(DirEntry {
                    name: name.to_string(),
                    kind,
                })
            })
            .collect())
    }

    fn mkdir(&mut self, path: &str, mode: u32, _recursive: bool) -> SysResult<()> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, false)?;
        if state.nodes.contains_key(&resolved) {
            return Err(Errno::Eexist);
        }
        let ino = state.new_ino();
        let mode = mode & !state.umask;
        state.nodes.insert(resolved, Node::Dir { mode, ino });
        Ok(())
    }

    fn rmdir(&mut self, path: &str) -> SysResult<()> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, false)?;
        state
            .nodes
            .remove(&resolved)
            .map(|_| ())
            .ok_or(Errno::Enoent)
    }

    fn unlink(&mut self, path: &str) -> SysResult<()> {
        self.rmdir(path)
    }

    fn rename(&mut self, from: &str, to: &str) -> SysResult<()> {
        let mut state = self.state();
        let from = state.resolve(self.pid, from, false)?;
        let to = state.resolve(self.pid, to, false)?;
        let node = state.nodes.remove(&from).ok_or(Errno::Enoent)?;
        state.nodes.insert(to, node);
        Ok(())
    }

    fn symlink(&mut self, target: &str, path: &str) -> SysResult<()> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, false)?;
        let ino = state.new_ino();
        state.nodes.insert(
            resolved,
            Node::Symlink {
                target: target.to_string(),
                ino,
            },
        );
        Ok(())
    }

    fn readlink(&mut self, path: &str) -> SysResult<String> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, false)?;
        match state.nodes.get(&resolved) {
            Some(Node::Symlink { target, .. }) => Ok(target.clone()),
            _ => Err(Errno::Einval),
        }
    }

    fn realpath(&mut self, path: &str) -> SysResult<String> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, true)?;
        state.stat_node(&resolved).map(|_| resolved)
    }

    fn chmod(&mut self, path: &str, new_mode: u32) -> SysResult<()> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, true)?;
        match state.nodes.get_mut(&resolved) {
            Some(Node::File { mode, .. } | Node::Dir { mode, .. }) => {
                *mode = new_mode & 0o7777;
                Ok(())
            }
            _ => Err(Errno::Enoent),
        }
    }

    fn utimes(&mut self, path: &str, _atime: i64, new_mtime: i64) -> SysResult<()> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, true)?;
        match state.nodes.get_mut(&resolved) {
            Some(Node::File { mtime, .. }) => {
                *mtime = new_mtime;
                Ok(())
            }
            Some(_) => Ok(()),
            None => Err(Errno::Enoent),
        }
    }

    fn cwd(&mut self) -> String {
        self.state().process(self.pid).cwd.clone()
    }

    fn chdir(&mut self, path: &str) -> SysResult<()> {
        let mut state = self.state();
        let resolved = state.resolve(self.pid, path, true)?;
        match state.nodes.get(&resolved) {
            Some(Node::Dir { .. }) => {
                state.process(self.pid).cwd = resolved;
                Ok(())
            }
            Some(_) => Err(Errno::Enotdir),
            None => Err(Errno::Enoent),
        }
    }

    fn umask(&mut self, mask: u32) -> u32 {
        std::mem::replace(&mut self.state().umask, mask)
    }

    fn identity(&mut self) -> Identity {
        Identity {
            pid: self.pid,
            ppid: 0,
            uid: 1000,
            gid: 1000,
            hostname: "test".to_string(),
        }
    }

    fn getpgid(&mut self) -> Pid {
        SHELL_PID
    }

    fn spawn(&mut self, request: &SpawnRequest) -> SysResult<Pid> {
        let mut state = self.state();
        let program = state.find_program(self.pid, request)?;
        let stdio = [request.stdin, request.stdout, request.stderr]
            .map(|fd| state.descriptor(self.pid, fd));
        let [stdin, stdout, stderr] = [stdio[0]?, stdio[1]?, stdio[2]?];
        let cwd = state.resolve(self.pid, &request.cwd, true)?;
        state.next_pid += 1;
        let pid = state.next_pid;
        state.processes.insert(
            pid,
            Process {
                fds: BTreeMap::new(),
                cwd,
                env: request.env.clone(),
                status: None,
                reaped: false,
                parent: self.pid,
            },
        );
        for (fd, id) in [stdin, stdout, stderr].into_iter().enumerate() {
            state.attach(pid, id, Some(fd as Fd));
        }
        let kernel = self.kernel.clone();
        let argv = request.argv.clone();
        let thread = std::thread::spawn(move || {
            let mut sys = FakeSystem {
                kernel: kernel.clone(),
                pid,
            };
            let result = catch_unwind(AssertUnwindSafe(|| program(&mut sys, &argv)));
            let code = result.unwrap_or_else(|_| {
                kernel.lock().failures.push(format!("{} panicked", argv[0]));
                99
            });
            kernel.exit(pid, code);
        });
        state.threads.push(thread);
        Ok(pid)
    }

    fn wait(&mut self, pid: Option<Pid>, no_hang: bool) -> SysResult<Option<(Pid, ExitStatus)>> {
        let me = self.pid;
        let is_candidate = |(child, process): (&Pid, &Process)| {
            process.parent == me && !process.reaped && pid.is_none_or(|pid| pid == *child)
        };
        let state = self.state();
        if !state.processes.iter().any(is_candidate) {
            return Err(Errno::Echild);
        }
        let timeout = no_hang.then_some(Duration::ZERO);
        let (mut state, _) = self.kernel.block_until(state, timeout, "wait", |state| {
            state
                .processes
                .iter()
                .any(|entry| is_candidate(entry) && entry.1.status.is_some())
        });
        let Some((&child, _)) = state
            .processes
            .iter()
            .find(|entry| is_candidate(*entry) && entry.1.status.is_some())
        else {
            return Ok(None);
        };
        let process = state.process(child);
        process.reaped = true;
        Ok(Some((child, process.status.expect("it has ended"))))
    }

    fn kill(&mut self, target: i32, signal: Signal) -> SysResult<()> {
        let pid = Pid::try_from(target).map_err(|_| Errno::Esrch)?;
        if pid == SHELL_PID {
            return Err(Errno::Eperm);
        }
        let mut state = self.state();
        let process = state.processes.get_mut(&pid).ok_or(Errno::Esrch)?;
        if process.status.is_none() {
            process.status = Some(ExitStatus::Signaled(signal));
            state.close_all(pid);
        }
        drop(state);
        self.notify();
        Ok(())
    }
}

/// What a shell run left behind.
#[derive(Debug)]
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    /// The descriptors the shell process still had open when it returned.
    pub open_fds: Vec<Fd>,
}

/// A fake machine: `/bin` holds the fake programs, the shell runs in `/home/user`.
pub struct Fake {
    kernel: Arc<Kernel>,
}

impl Fake {
    pub fn new() -> Fake {
        let kernel = Arc::new(Kernel {
            state: Mutex::new(KernelState {
                umask: 0o022,
                next_pid: 100,
                ..KernelState::default()
            }),
            changed: Condvar::new(),
        });
        let fake = Fake { kernel };
        for dir in ["/", "/bin", "/dev", "/tmp", "/home", "/home/user", "/etc"] {
            fake.dir(dir);
        }
        fake.file_with_mode("/dev/null", "", 0o666);
        for name in programs::NAMES {
            fake.file_with_mode(&format!("/bin/{name}"), &format!("#!fake:{name}\n"), 0o755);
        }
        fake.file(
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n",
        );
        fake.kernel.lock().processes.insert(
            SHELL_PID,
            Process {
                fds: BTreeMap::new(),
                cwd: "/home/user".to_string(),
                env: Vec::new(),
                status: None,
                reaped: false,
                parent: 0,
            },
        );
        fake
    }

    pub fn dir(&self, path: &str) {
        let mut state = self.kernel.lock();
        let ino = state.new_ino();
        state
            .nodes
            .insert(normalize(path), Node::Dir { mode: 0o755, ino });
    }

    pub fn file(&self, path: &str, contents: &str) {
        self.file_with_mode(path, contents, 0o644);
    }

    pub fn file_with_mode(&self, path: &str, contents: &str, mode: u32) {
        let mut state = self.kernel.lock();
        let ino = state.new_ino();
        let mtime = state.tick();
        state.nodes.insert(
            normalize(path),
            Node::File {
                data: contents.as_bytes().to_vec(),
                mode,
                ino,
                mtime,
            },
        );
    }

    pub fn symlink(&self, path: &str, target: &str) {
        let mut state = self.kernel.lock();
        let ino = state.new_ino();
        state.nodes.insert(
            normalize(path),
            Node::Symlink {
                target: target.to_string(),
                ino,
            },
        );
    }

    /// A file's contents, or `None` if there is no such file.
    pub fn read(&self, path: &str) -> Option<String> {
        match self.kernel.lock().nodes.get(&normalize(path)) {
            Some(Node::File { data, .. }) => Some(String::from_utf8_lossy(data).into_owned()),
            _ => None,
        }
    }

    pub fn exists(&self, path: &str) -> bool {
        self.kernel.lock().nodes.contains_key(&normalize(path))
    }

    pub fn umask(&self) -> u32 {
        self.kernel.lock().umask
    }

    pub fn shell_cwd(&self) -> String {
        self.kernel.lock().process(SHELL_PID).cwd.clone()
    }

    /// Runs the shell with `args` and `stdin`, then lets its background children finish.
    pub fn run(&self, args: &[&str], stdin: &str) -> Outcome {
        let mut sys = FakeSystem {
            kernel: self.kernel.clone(),
            pid: SHELL_PID,
        };
        {
            let mut state = self.kernel.lock();
            state.close_all(SHELL_PID);
            state.outputs = Default::default();
            let fd = state.install(SHELL_PID, OpenKind::PipeRead(0));
            assert_eq!(fd, 0);
            state.pipes.insert(
                0,
                Pipe {
                    data: stdin.as_bytes().to_vec().into(),
                    readers: 1,
                    writers: 0,
                },
            );
            state.install(SHELL_PID, OpenKind::Output(0));
            state.install(SHELL_PID, OpenKind::Output(1));
        }
        let env = [
            ("HOME", "/home/user"),
            ("PATH", "/bin"),
            ("PWD", "/home/user"),
            ("USER", "user"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let args = args.iter().map(|arg| arg.to_string()).collect();
        let status = crate::main(&mut sys, args, env);
        loop {
            let threads = std::mem::take(&mut self.kernel.lock().threads);
            if threads.is_empty() {
                break;
            }
            for thread in threads {
                let _ = thread.join();
            }
        }
        let mut state = self.kernel.lock();
        assert!(
            state.failures.is_empty(),
            "fake kernel failures: {:?}",
            state.failures
        );
        let open_fds = state.process(SHELL_PID).fds.keys().copied().collect();
        Outcome {
            status,
            stdout: String::from_utf8_lossy(&state.outputs[0]).into_owned(),
            stderr: String::from_utf8_lossy(&state.outputs[1]).into_owned(),
            open_fds,
        }
    }
}
