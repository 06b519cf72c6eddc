//! An in-memory [`System`] for the unit tests: a file tree with modes, owners and symlinks,
//! `/etc/passwd` and `/etc/group`, a fixed identity (uid 1000, `user`), and a few fake
//! programs for `spawn` (`echo`, `false`, `exit255`, `cat`) that write into
//! [`FakeSystem::console`].

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use secure_exec_system::{
    DirEntry, Errno, ExitStatus, Fd, FileKind, FileStat, Identity, OpenFlags, Pid, Pollable,
    S_IFDIR, S_IFLNK, S_IFREG, Signal, SpawnRequest, SysResult, System,
};

use crate::Stdio;

/// 2021-03-04 05:06:07 UTC, every node's time unless a test sets another.
pub const EPOCH_2021: i64 = 1_614_834_367 * 1_000_000_000;

/// What a utility printed and returned.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `utility` with `args` (the first is its name) and `stdin`.
pub fn run(
    sys: &mut FakeSystem,
    utility: impl FnOnce(&mut dyn System, &mut Stdio<'_>, Vec<String>) -> i32,
    args: &[&str],
    stdin: &str,
) -> Run {
    let mut input = stdin.as_bytes();
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut io = Stdio {
        stdin: &mut input,
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let status = utility(sys, &mut io, args.iter().map(|s| s.to_string()).collect());
    Run {
        status,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

#[derive(Debug, Clone)]
enum Content {
    File(Vec<u8>),
    Dir,
    Symlink(String),
    /// `/dev/null`.
    Null,
}

#[derive(Debug, Clone)]
struct Node {
    content: Content,
    mode: u32,
    uid: u32,
    gid: u32,
    ino: u64,
    atime: i64,
    mtime: i64,
    ctime: i64,
}

#[derive(Debug, Clone)]
enum Open {
    /// Descriptors 0, 1 and 2: reads are empty, writes go to `console`.
    Console,
    File {
        path: String,
        pos: usize,
        append: bool,
    },
    Dir,
    Null,
    Pipe {
        data: Vec<u8>,
        pos: usize,
    },
}

pub struct FakeSystem {
    nodes: BTreeMap<String, Node>,
    fds: BTreeMap<Fd, Open>,
    next_ino: u64,
    cwd: String,
    umask: u32,
    pub identity: Identity,
    /// What the fake programs and writes to descriptors 1 and 2 printed.
    pub console: String,
    /// Every spawn request, in order.
    pub spawned: Vec<SpawnRequest>,
    exited: VecDeque<(Pid, ExitStatus)>,
    next_pid: Pid,
    /// Processes `kill` finds.
    pub live_pids: Vec<Pid>,
    pub signals: Vec<(i32, Signal)>,
}

impl FakeSystem {
    /// `/`, `/etc/passwd`, `/etc/group`, `/dev/null`, `/tmp` and the working directory
    /// `/home/user`.
    pub fn new() -> FakeSystem {
        let mut sys = FakeSystem {
            nodes: BTreeMap::new(),
            fds: BTreeMap::from([(0, Open::Console), (1, Open::Console), (2, Open::Console)]),
            next_ino: 2,
            cwd: "/home/user".into(),
            umask: 0o022,
            identity: Identity {
                pid: 100,
                ppid: 1,
                uid: 1000,
                gid: 1000,
                hostname: "sandbox".into(),
            },
            console: String::new(),
            spawned: Vec::new(),
            exited: VecDeque::new(),
            next_pid: 200,
            live_pids: vec![1, 100],
            signals: Vec::new(),
        };
        sys.insert("/", Content::Dir, 0o755, 0);
        sys.insert("/etc", Content::Dir, 0o755, 0);
        sys.insert(
            "/etc/passwd",
            Content::File(
                b"root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n"
                    .to_vec(),
            ),
            0o644,
            0,
        );
        sys.insert(
            "/etc/group",
            Content::File(b"root:x:0:\nwheel:x:10:user\nuser:x:1000:\n".to_vec()),
            0o644,
            0,
        );
        sys.insert("/dev", Content::Dir, 0o755, 0);
        sys.insert("/dev/null", Content::Null, 0o666, 0);
        sys.insert("/tmp", Content::Dir, 0o1777, 0);
        sys.insert("/home", Content::Dir, 0o755, 0);
        sys.insert("/home/user", Content::Dir, 0o755, 1000);
        sys
    }

    fn insert(&mut self, path: &str, content: Content, mode: u32, uid: u32) {
        let ino = self.next_ino;
        self.next_ino += 1;
        self.nodes.insert(
            path.to_string(),
            Node {
                content,
                mode,
                uid,
                gid: uid,
                ino,
                atime: EPOCH_2021,
                mtime: EPOCH_2021,
                ctime: EPOCH_2021,
            },
        );
    }

    fn absolute(&self, path: &str) -> String {
        if path.starts_with('/') {
            path.to_string()
        } else {
            format!("{}/{path}", self.cwd)
        }
    }

    /// Creates `path`'s missing parents as directories owned by the user.
    fn make_parents(&mut self, path: &str) {
        let path = self.absolute(path);
        let mut prefix = String::new();
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            prefix.push('/');
            prefix.push_str(part);
            if !self.nodes.contains_key(&prefix) {
                self.insert(&prefix.clone(), Content::Dir, 0o755, 1000);
            }
        }
    }

    /// A regular file, mode 0644, owned by the user; parents made as needed.
    pub fn add_file(&mut self, path: &str, contents: &str) -> &mut Self {
        self.make_parents(path);
        let path = self.absolute(path);
        self.insert(
            &path,
            Content::File(contents.as_bytes().to_vec()),
            0o644,
            1000,
        );
        self
    }

    pub fn add_dir(&mut self, path: &str) -> &mut Self {
        self.make_parents(path);
        let path = self.absolute(path);
        self.insert(&path, Content::Dir, 0o755, 1000);
        self
    }

    pub fn add_symlink(&mut self, target: &str, path: &str) -> &mut Self {
        self.make_parents(path);
        let path = self.absolute(path);
        self.insert(&path, Content::Symlink(target.into()), 0o777, 1000);
        self
    }

    fn node_mut(&mut self, path: &str) -> &mut Node {
        let path = self.absolute(path);
        self.nodes
            .get_mut(&path)
            .unwrap_or_else(|| panic!("no node {path}"))
    }

    pub fn set_mode(&mut self, path: &str, mode: u32) -> &mut Self {
        self.node_mut(path).mode = mode;
        self
    }

    pub fn set_owner(&mut self, path: &str, uid: u32, gid: u32) -> &mut Self {
        let node = self.node_mut(path);
        node.uid = uid;
        node.gid = gid;
        self
    }

    pub fn set_mtime(&mut self, path: &str, mtime: i64) -> &mut Self {
        self.node_mut(path).mtime = mtime;
        self
    }

    /// A file's contents; panics if it is not a regular file.
    pub fn contents(&self, path: &str) -> String {
        match &self.nodes[&self.absolute(path)].content {
            Content::File(data) => String::from_utf8_lossy(data).into_owned(),
            other => panic!("{path} is {other:?}"),
        }
    }

    pub fn exists(&self, path: &str) -> bool {
        self.nodes.contains_key(&self.absolute(path))
    }

    pub fn mode(&self, path: &str) -> u32 {
        self.nodes[&self.absolute(path)].mode
    }

    /// The canonical absolute path `path` names, following symlinks in every component
    /// and in the last one if `follow`; the last component need not exist.
    fn resolve(&self, path: &str, follow: bool) -> SysResult<String> {
        if path.is_empty() {
            return Err(Errno::Enoent);
        }
        let mut queue: VecDeque<String> = self
            .absolute(path)
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .map(String::from)
            .collect();
        let mut current: Vec<String> = Vec::new();
        let mut hops = 0;
        while let Some(part) = queue.pop_front() {
            if part == "." {
                continue;
            }
            if part == ".." {
                current.pop();
                continue;
            }
            current.push(part);
            let here = format!("/{}", current.join("/"));
            let last = queue.is_empty();
            match self.nodes.get(&here).map(|n| &n.content) {
                None if last => return Ok(here),
                None => return Err(Errno::Enoent),
                Some(Content::Symlink(target)) if !last || follow => {
                    hops += 1;
                    if hops > 40 {
                        return Err(Errno::Eloop);
                    }
                    current.pop();
                    if target.starts_with('/') {
                        current.clear();
                    }
                    for part in target.split('/').rev().filter(|p| !p.is_empty()) {
                        queue.push_front(part.to_string());
                    }
                }
                Some(Content::Dir) | Some(Content::Symlink(_)) => {}
                Some(_) if !last => return Err(Errno::Enotdir),
                Some(_) => {}
            }
        }
        Ok(format!("/{}", current.join("/")))
    }

    fn existing(&self, path: &str, follow: bool) -> SysResult<String> {
        let resolved = self.resolve(path, follow)?;
        if self.nodes.contains_key(&resolved) {
            Ok(resolved)
        } else {
            Err(Errno::Enoent)
        }
    }

    /// Whether the identity may `want` (4 read, 2 write, 1 execute) the node.
    fn allowed(&self, node: &Node, want: u32) -> bool {
        let bits = if self.identity.uid == 0 {
            if want & 1 != 0 && !matches!(node.content, Content::Dir) {
                return node.mode & 0o111 != 0;
            }
            return true;
        } else if node.uid == self.identity.uid {
            node.mode >> 6
        } else if node.gid == self.identity.gid {
            node.mode >> 3
        } else {
            node.mode
        };
        bits & want == want
    }

    fn parent_of(path: &str) -> String {
        match path.rfind('/') {
            Some(0) | None => "/".into(),
            Some(i) => path[..i].into(),
        }
    }

    fn children(&self, dir: &str) -> Vec<String> {
        let prefix = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        self.nodes
            .keys()
            .filter(|k| {
                k.len() > prefix.len() && k.starts_with(&prefix) && !k[prefix.len()..].contains('/')
            })
            .map(|k| k[prefix.len()..].to_string())
            .collect()
    }

    fn stat_node(&self, path: &str) -> FileStat {
        let node = &self.nodes[path];
        let (kind, size, nlink) = match &node.content {
            Content::File(data) => (S_IFREG, data.len() as u64, 1),
            Content::Dir => {
                let subdirs = self
                    .children(path)
                    .iter()
                    .filter(|c| {
                        matches!(
                            self.nodes[&format!("{}/{c}", path.trim_end_matches('/'))].content,
                            Content::Dir
                        )
                    })
                    .count();
                (S_IFDIR, 4096, 2 + subdirs as u64)
            }
            Content::Symlink(target) => (S_IFLNK, target.len() as u64, 1),
            Content::Null => (0o020_000, 0, 1),
        };
        FileStat {
            dev: 1,
            ino: node.ino,
            mode: kind | node.mode,
            nlink,
            uid: node.uid,
            gid: node.gid,
            size,
            blocks: if kind == S_IFLNK {
                0
            } else {
                size.div_ceil(4096) * 8
            },
            atime: node.atime,
            mtime: node.mtime,
            ctime: node.ctime,
        }
    }

    fn new_fd(&mut self, open: Open) -> Fd {
        let fd = (3..)
            .find(|fd| !self.fds.contains_key(fd))
            .expect("a free descriptor");
        self.fds.insert(fd, open);
        fd
    }

    /// Runs a fake program to its end: its output goes to `console` when its stdout is
    /// descriptor 1 or 2, else to the file behind that descriptor.
    fn run_program(&mut self, request: &SpawnRequest) -> SysResult<ExitStatus> {
        let program = &request.argv[0];
        if program.contains('/') {
            let path = self.existing(program, true)?;
            let node = self.nodes[&path].clone();
            if matches!(node.content, Content::Dir) || !self.allowed(&node, 1) {
                return Err(Errno::Eacces);
            }
        }
        let args = &request.argv[1..];
        let base = program.rsplit('/').next().unwrap_or(program);
        let output = match base {
            "echo" => format!("{}\n", args.join(" ")).into_bytes(),
            "false" => return Ok(ExitStatus::Exited(1)),
            "exit255" => return Ok(ExitStatus::Exited(255)),
            "cat" => {
                let mut data = Vec::new();
                loop {
                    let chunk = self.read(request.stdin, 4096)?;
                    if chunk.is_empty() {
                        break;
                    }
                    data.extend(chunk);
                }
                data
            }
            _ => return Err(Errno::Enoent),
        };
        self.write_all(request.stdout, &output)?;
        Ok(ExitStatus::Exited(0))
    }
}

impl System for FakeSystem {
    fn open(&mut self, path: &str, flags: OpenFlags, mode: u32) -> SysResult<Fd> {
        let resolved = self.resolve(path, !flags.no_follow)?;
        match self.nodes.get(&resolved) {
            None if flags.create => {
                let parent = self.existing(&Self::parent_of(&resolved), true)?;
                let parent_node = &self.nodes[&parent];
                if !self.allowed(parent_node, 2) {
                    return Err(Errno::Eacces);
                }
                let uid = self.identity.uid;
                self.insert(
                    &resolved,
                    Content::File(Vec::new()),
                    mode & !self.umask,
                    uid,
                );
            }
            None => return Err(Errno::Enoent),
            Some(_) if flags.create && flags.exclusive => return Err(Errno::Eexist),
            Some(node) => {
                if flags.directory && !matches!(node.content, Content::Dir) {
                    return Err(Errno::Enotdir);
                }
                if (flags.read && !self.allowed(node, 4)) || (flags.write && !self.allowed(node, 2))
                {
                    return Err(Errno::Eacces);
                }
            }
        }
        let node = self.nodes.get_mut(&resolved).expect("just made");
        let open = match &mut node.content {
            Content::Dir if flags.write => return Err(Errno::Eisdir),
            Content::Dir => Open::Dir,
            Content::Null => Open::Null,
            Content::Symlink(_) => return Err(Errno::Eloop),
            Content::File(data) => {
                if flags.truncate {
                    data.clear();
                }
                Open::File {
                    path: resolved,
                    pos: 0,
                    append: flags.append,
                }
            }
        };
        Ok(self.new_fd(open))
    }

    fn close(&mut self, fd: Fd) -> SysResult<()> {
        self.fds.remove(&fd).map(|_| ()).ok_or(Errno::Ebadf)
    }

    fn read(&mut self, fd: Fd, len: usize) -> SysResult<Vec<u8>> {
        let nodes = &self.nodes;
        match self.fds.get_mut(&fd).ok_or(Errno::Ebadf)? {
            Open::Console | Open::Null => Ok(Vec::new()),
            Open::Dir => Err(Errno::Eisdir),
            Open::File { path, pos, .. } => match &nodes[path.as_str()].content {
                Content::File(data) => {
                    let start = (*pos).min(data.len());
                    let end = (start + len).min(data.len());
                    *pos = end;
                    Ok(data[start..end].to_vec())
                }
                _ => Err(Errno::Eio),
            },
            Open::Pipe { data, pos } => {
                let end = (*pos + len).min(data.len());
                let chunk = data[*pos..end].to_vec();
                *pos = end;
                Ok(chunk)
            }
        }
    }

    fn write(&mut self, fd: Fd, data: &[u8]) -> SysResult<usize> {
        match self.fds.get_mut(&fd).ok_or(Errno::Ebadf)? {
            Open::Console => self.console.push_str(&String::from_utf8_lossy(data)),
            Open::Null => {}
            Open::Dir | Open::Pipe { .. } => return Err(Errno::Ebadf),
            Open::File { path, pos, append } => {
                let Some(Node {
                    content: Content::File(contents),
                    ..
                }) = self.nodes.get_mut(path.as_str())
                else {
                    return Err(Errno::Eio);
                };
                if *append {
                    *pos = contents.len();
                }
                let end = *pos + data.len();
                if contents.len() < end {
                    contents.resize(end, 0);
                }
                contents[*pos..end].copy_from_slice(data);
                *pos = end;
            }
        }
        Ok(data.len())
    }

    fn pipe(&mut self) -> SysResult<(Fd, Fd)> {
        Err(Errno::Enosys)
    }

    fn pipe_from(&mut self, data: Vec<u8>) -> SysResult<Fd> {
        Ok(self.new_fd(Open::Pipe { data, pos: 0 }))
    }

    fn dup(&mut self, fd: Fd) -> SysResult<Fd> {
        let open = self.fds.get(&fd).ok_or(Errno::Ebadf)?.clone();
        Ok(self.new_fd(open))
    }

    fn dup2(&mut self, fd: Fd, to: Fd) -> SysResult<()> {
        let open = self.fds.get(&fd).ok_or(Errno::Ebadf)?.clone();
        self.fds.insert(to, open);
        Ok(())
    }

    fn poll(&mut self, targets: &[Pollable], _timeout: Option<Duration>) -> Vec<usize> {
        (0..targets.len()).collect()
    }

    fn stat(&mut self, path: &str) -> SysResult<FileStat> {
        let path = self.existing(path, true)?;
        Ok(self.stat_node(&path))
    }

    fn lstat(&mut self, path: &str) -> SysResult<FileStat> {
        let path = self.existing(path, false)?;
        Ok(self.stat_node(&path))
    }

    fn fstat(&mut self, fd: Fd) -> SysResult<FileStat> {
        match self.fds.get(&fd).ok_or(Errno::Ebadf)? {
            Open::File { path, .. } => Ok(self.stat_node(&path.clone())),
            _ => Err(Errno::Enotsup),
        }
    }

    fn access(&mut self, path: &str, mode: u32) -> SysResult<()> {
        let path = self.existing(path, true)?;
        if mode == 0 || self.allowed(&self.nodes[&path], mode) {
            Ok(())
        } else {
            Err(Errno::Eacces)
        }
    }

    fn read_dir(&mut self, path: &str) -> SysResult<Vec<DirEntry>> {
        let path = self.existing(path, true)?;
        let node = &self.nodes[&path];
        if !matches!(node.content, Content::Dir) {
            return Err(Errno::Enotdir);
        }
        if !self.allowed(node, 4) {
            return Err(Errno::Eacces);
        }
        // Reverse order, so that the utilities' own sorting is what the tests see.
        let mut entries: Vec<DirEntry> = self
            .children(&path)
            .into_iter()
            .map(|name| {
                let child = &self.nodes[&format!("{}/{name}", path.trim_end_matches('/'))];
                let kind = match child.content {
                    Content::File(_) => FileKind::Regular,
                    Content::Dir => FileKind::Directory,
                    Content::Symlink(_) => FileKind::Symlink,
                    Content::Null => FileKind::Other,
                };
                DirEntry { name, kind }
            })
            .collect();
        entries.reverse();
        Ok(entries)
    }

    fn mkdir(&mut self, path: &str, mode: u32, recursive: bool) -> SysResult<()> {
        let resolved = self.resolve(path, true)?;
        if self.nodes.contains_key(&resolved) {
            return if recursive {
                Ok(())
            } else {
                Err(Errno::Eexist)
            };
        }
        let parent = Self::parent_of(&resolved);
        if !self.nodes.contains_key(&parent) {
            if !recursive {
                return Err(Errno::Enoent);
            }
            self.mkdir(&parent, mode, true)?;
        }
        let uid = self.identity.uid;
        self.insert(&resolved, Content::Dir, mode & !self.umask, uid);
        Ok(())
    }

    fn rmdir(&mut self, path: &str) -> SysResult<()> {
        let path = self.existing(path, false)?;
        if !matches!(self.nodes[&path].content, Content::Dir) {
            return Err(Errno::Enotdir);
        }
        if !self.children(&path).is_empty() {
            return Err(Errno::Enotempty);
        }
        self.nodes.remove(&path);
        Ok(())
    }

    fn unlink(&mut self, path: &str) -> SysResult<()> {
        let path = self.existing(path, false)?;
        if matches!(self.nodes[&path].content, Content::Dir) {
            return Err(Errno::Eisdir);
        }
        let parent = &self.nodes[&Self::parent_of(&path)];
        if !self.allowed(parent, 2) {
            return Err(Errno::Eacces);
        }
        self.nodes.remove(&path);
        Ok(())
    }

    fn rename(&mut self, from: &str, to: &str) -> SysResult<()> {
        let from = self.existing(from, false)?;
        let to = self.resolve(to, false)?;
        let moved: Vec<String> = self
            .nodes
            .keys()
            .filter(|k| **k == from || k.starts_with(&format!("{from}/")))
            .cloned()
            .collect();
        for old in moved {
            let node = self.nodes.remove(&old).expect("listed");
            self.nodes
                .insert(format!("{to}{}", &old[from.len()..]), node);
        }
        Ok(())
    }

    fn symlink(&mut self, target: &str, path: &str) -> SysResult<()> {
        let path = self.resolve(path, false)?;
        if self.nodes.contains_key(&path) {
            return Err(Errno::Eexist);
        }
        let uid = self.identity.uid;
        self.insert(&path, Content::Symlink(target.into()), 0o777, uid);
        Ok(())
    }

    fn readlink(&mut self, path: &str) -> SysResult<String> {
        let path = self.existing(path, false)?;
        match &self.nodes[&path].content {
            Content::Symlink(target) => Ok(target.clone()),
            _ => Err(Errno::Einval),
        }
    }

    fn realpath(&mut self, path: &str) -> SysResult<String> {
        self.existing(path, true)
    }

    fn chmod(&mut self, path: &str, mode: u32) -> SysResult<()> {
        let path = self.existing(path, true)?;
        let uid = self.identity.uid;
        let node = self.nodes.get_mut(&path).expect("exists");
        if uid != 0 && node.uid != uid {
            return Err(Errno::Eperm);
        }
        node.mode = mode & 0o7777;
        Ok(())
    }

    fn utimes(&mut self, path: &str, atime: i64, mtime: i64) -> SysResult<()> {
        let path = self.existing(path, true)?;
        let node = self.nodes.get_mut(&path).expect("exists");
        node.atime = atime;
        node.mtime = mtime;
        Ok(())
    }

    fn cwd(&mut self) -> String {
        self.cwd.clone()
    }

    fn chdir(&mut self, path: &str) -> SysResult<()> {
        let path = self.existing(path, true)?;
        if !matches!(self.nodes[&path].content, Content::Dir) {
            return Err(Errno::Enotdir);
        }
        self.cwd = path;
        Ok(())
    }

    fn umask(&mut self, mask: u32) -> u32 {
        std::mem::replace(&mut self.umask, mask)
    }

    fn identity(&mut self) -> Identity {
        self.identity.clone()
    }

    fn getpgid(&mut self) -> Pid {
        self.identity.pid
    }

    fn spawn(&mut self, request: &SpawnRequest) -> SysResult<Pid> {
        self.spawned.push(request.clone());
        let status = self.run_program(request)?;
        let pid = self.next_pid;
        self.next_pid += 1;
        self.exited.push_back((pid, status));
        Ok(pid)
    }

    fn wait(&mut self, pid: Option<Pid>, _no_hang: bool) -> SysResult<Option<(Pid, ExitStatus)>> {
        let index = match pid {
            Some(pid) => self.exited.iter().position(|(p, _)| *p == pid),
            None => (!self.exited.is_empty()).then_some(0),
        };
        let index = index.ok_or(Errno::Echild)?;
        Ok(self.exited.remove(index))
    }

    fn kill(&mut self, target: i32, signal: Signal) -> SysResult<()> {
        if !self.live_pids.contains(&target.unsigned_abs()) {
            return Err(Errno::Esrch);
        }
        self.signals.push((target, signal));
        Ok(())
    }
}
