//! The shell's own descriptor table. Code that runs inside the shell (builtins, functions,
//! compound commands, subshells) reads and writes through it: each number refers to a
//! kernel descriptor, to an in-memory capture (the output of `$(...)` or of a pipeline
//! stage feeding another in-process stage), or to in-memory input (here-documents, a
//! captured stage's output). Redirections only change this table; children get kernel
//! descriptors made from it when they are spawned.
//!
//! It also owns the drains: pipes whose data the shell must keep reading while it blocks
//! on something else (a child's output going to a capture), so that a child blocked on a
//! full pipe never waits on the shell while the shell waits on it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use secure_exec_system::{Fd, Pid, Pollable, SysResult, System};

/// How much is read from a pipe at once.
const CHUNK: usize = 64 * 1024;

/// Output collected in memory.
pub type Capture = Rc<RefCell<Vec<u8>>>;

/// Input held in memory: `data` from `position` on, then what `source` (a kernel pipe
/// still being written) brings.
#[derive(Debug, Default)]
pub struct MemoryInput {
    data: Vec<u8>,
    position: usize,
    source: Option<Fd>,
}

pub type SharedInput = Rc<RefCell<MemoryInput>>;

impl MemoryInput {
    pub fn new(data: Vec<u8>) -> SharedInput {
        Rc::new(RefCell::new(MemoryInput {
            data,
            position: 0,
            source: None,
        }))
    }

    /// Input that arrives from the read end of a pipe.
    pub fn streamed(source: Fd) -> SharedInput {
        Rc::new(RefCell::new(MemoryInput {
            data: Vec::new(),
            position: 0,
            source: Some(source),
        }))
    }

    pub fn source(&self) -> Option<Fd> {
        self.source
    }

    /// Takes away the pipe still feeding this input (its owner closes it).
    pub fn take_source(&mut self) -> Option<Fd> {
        self.source.take()
    }

    pub fn has_buffered_data(&self) -> bool {
        self.position < self.data.len()
    }

    /// Hands out everything buffered (it counts as read).
    pub fn take_buffered(&mut self) -> Vec<u8> {
        let rest = self.data.split_off(self.position);
        self.data.clear();
        self.position = 0;
        rest
    }

    /// Replaces what is buffered with `data` (what a child left unread).
    pub fn put_back(&mut self, data: Vec<u8>) {
        self.data = data;
        self.position = 0;
    }

    fn take(&mut self, len: usize) -> Vec<u8> {
        let end = self.data.len().min(self.position + len);
        let chunk = self.data[self.position..end].to_vec();
        self.position = end;
        chunk
    }
}

/// What one of the shell's descriptor numbers refers to.
#[derive(Debug, Clone)]
pub enum Target {
    Kernel(Fd),
    Capture(Capture),
    Input(SharedInput),
}

/// Where a drained pipe's data goes.
#[derive(Debug, Clone)]
enum Sink {
    Capture(Capture),
    Input(SharedInput),
}

#[derive(Debug)]
struct Drain {
    fd: Fd,
    sink: Sink,
}

#[derive(Debug, Clone)]
pub struct FdTable {
    targets: BTreeMap<u32, Target>,
    /// Kernel descriptors this copy of the table owns (the standard ones and those opened
    /// for redirections); closed once nothing refers to them. A subshell's copy owns
    /// none of its parent's.
    opened: Vec<Fd>,
    /// For each command whose redirections are in force, what the numbers it changed
    /// held before (they still count as references).
    scopes: Vec<Vec<(u32, Option<Target>)>>,
    /// Shared by every copy of the table (subshells and pipeline stages).
    drains: Rc<RefCell<Vec<Drain>>>,
}

impl FdTable {
    /// The table a process starts with: 0, 1 and 2 are the kernel's. They count as its
    /// own, so that once nothing refers to them (`exec >file`, `exec 0<&-`) they are
    /// closed and whoever reads the old standard output sees its end.
    pub fn standard() -> FdTable {
        FdTable {
            targets: (0..3).map(|fd| (fd, Target::Kernel(fd))).collect(),
            opened: vec![0, 1, 2],
            scopes: Vec::new(),
            drains: Rc::default(),
        }
    }

    pub fn get(&self, number: u32) -> Option<Target> {
        self.targets.get(&number).cloned()
    }

    /// Points `number` at `target`, or closes it with `None`.
    pub fn set(&mut self, number: u32, target: Option<Target>) {
        match target {
            Some(target) => self.targets.insert(number, target),
            None => self.targets.remove(&number),
        };
    }

    /// Starts a command's redirections: `set_scoped` changes last until `end_scope`.
    pub fn begin_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    /// Like `set`, undone by the innermost `end_scope`.
    pub fn set_scoped(&mut self, number: u32, target: Option<Target>) {
        let previous = self.get(number);
        let scope = self.scopes.last_mut().expect("a redirection scope is open");
        if !scope.iter().any(|(saved, _)| *saved == number) {
            scope.push((number, previous));
        }
        self.set(number, target);
    }

    /// Puts back what the innermost scope changed and closes what is no longer used.
    pub fn end_scope(&mut self, sys: &mut dyn System) {
        let scope = self.scopes.pop().expect("a redirection scope is open");
        for (number, target) in scope.into_iter().rev() {
            self.set(number, target);
        }
        self.release_unreferenced(sys);
    }

    /// Takes ownership of a kernel descriptor opened for a redirection.
    pub fn adopt(&mut self, fd: Fd) {
        self.opened.push(fd);
    }

    /// Closes the descriptors it owns that nothing refers to any more.
    pub fn release_unreferenced(&mut self, sys: &mut dyn System) {
        let in_force = self.targets.values();
        let saved = self
            .scopes
            .iter()
            .flatten()
            .filter_map(|(_, target)| target.as_ref());
        let referenced: Vec<Fd> = in_force
            .chain(saved)
            .filter_map(|target| match target {
                Target::Kernel(fd) => Some(*fd),
                _ => None,
            })
            .collect();
        self.opened.retain(|fd| {
            let keep = referenced.contains(fd);
            if !keep {
                let _ = sys.close(*fd);
            }
            keep
        });
    }

    /// A copy for a subshell: the same targets, none of them its to close.
    pub fn for_subshell(&self) -> FdTable {
        FdTable {
            targets: self.targets.clone(),
            opened: Vec::new(),
            scopes: Vec::new(),
            drains: self.drains.clone(),
        }
    }

    /// Closes everything this copy opened (a subshell ending).
    pub fn release_all(&mut self, sys: &mut dyn System) {
        for fd in self.opened.drain(..) {
            let _ = sys.close(fd);
        }
    }

    /// Keeps reading `fd` into `capture` whenever the shell would block.
    pub fn drain_into_capture(&self, fd: Fd, capture: &Capture) {
        self.drains.borrow_mut().push(Drain {
            fd,
            sink: Sink::Capture(capture.clone()),
        });
    }

    /// Keeps reading `input`'s source into it whenever the shell would block.
    pub fn drain_into_input(&self, input: &SharedInput) {
        if let Some(fd) = input.borrow().source {
            self.drains.borrow_mut().push(Drain {
                fd,
                sink: Sink::Input(input.clone()),
            });
        }
    }

    /// Stops draining `fd` in the background (its reader is about to run).
    pub fn stop_draining(&self, fd: Fd) {
        self.drains.borrow_mut().retain(|drain| drain.fd != fd);
    }

    /// Reads `fd` to its end (into where it drains), serving the other drains meanwhile.
    pub fn finish_drain(&self, sys: &mut dyn System, fd: Fd) {
        while self.drains.borrow().iter().any(|drain| drain.fd == fd) {
            self.pump(sys, None);
        }
    }

    /// Finishes every drain that feeds `capture`.
    pub fn finish_drains_into(&self, sys: &mut dyn System, capture: &Capture) {
        loop {
            let next = self
                .drains
                .borrow()
                .iter()
                .find_map(|drain| match &drain.sink {
                    Sink::Capture(c) if Rc::ptr_eq(c, capture) => Some(drain.fd),
                    _ => None,
                });
            match next {
                Some(fd) => self.finish_drain(sys, fd),
                None => return,
            }
        }
    }

    /// Waits for child `pid` to end without letting its output back up.
    pub fn wait_for_child(&self, sys: &mut dyn System, pid: Pid) {
        while !self.drains.borrow().is_empty() {
            if self.pump(sys, Some(Pollable::ChildExited(pid))) {
                return;
            }
        }
    }

    /// Blocks until `wanted` is ready or some drain made progress; reads every ready
    /// drain. Returns whether `wanted` is ready.
    fn pump(&self, sys: &mut dyn System, wanted: Option<Pollable>) -> bool {
        let mut targets: Vec<Pollable> = self
            .drains
            .borrow()
            .iter()
            .map(|drain| Pollable::Readable(drain.fd))
            .collect();
        let drain_count = targets.len();
        targets.extend(wanted);
        let ready = sys.poll(&targets, None);
        for &index in &ready {
            if index < drain_count
                && let Pollable::Readable(fd) = targets[index]
            {
                self.serve_drain(sys, fd);
            }
        }
        ready
            .iter()
            .any(|&index| index == drain_count && wanted.is_some())
    }

    fn serve_drain(&self, sys: &mut dyn System, fd: Fd) {
        let Some(sink) = self
            .drains
            .borrow()
            .iter()
            .find(|drain| drain.fd == fd)
            .map(|drain| drain.sink.clone())
        else {
            return;
        };
        match sys.read(fd, CHUNK) {
            Ok(chunk) if !chunk.is_empty() => match sink {
                Sink::Capture(capture) => capture.borrow_mut().extend_from_slice(&chunk),
                Sink::Input(input) => input.borrow_mut().data.extend_from_slice(&chunk),
            },
            _ => {
                self.stop_draining(fd);
                let _ = sys.close(fd);
                if let Sink::Input(input) = sink {
                    input.borrow_mut().source = None;
                }
            }
        }
    }

    fn has_drains(&self) -> bool {
        !self.drains.borrow().is_empty()
    }

    /// Writes all of `data` to kernel descriptor `fd`, serving drains while it is full.
    pub fn write_kernel(&self, sys: &mut dyn System, fd: Fd, mut data: &[u8]) -> SysResult<()> {
        while !data.is_empty() {
            if !self.has_drains() {
                return sys.write_all(fd, data);
            }
            if self.pump(sys, Some(Pollable::Writable(fd))) {
                let written = sys.write(fd, data)?;
                data = &data[written..];
            }
        }
        Ok(())
    }

    /// Reads up to `len` bytes from kernel descriptor `fd`, serving drains meanwhile.
    pub fn read_kernel(&self, sys: &mut dyn System, fd: Fd, len: usize) -> SysResult<Vec<u8>> {
        while self.has_drains() {
            if self.pump(sys, Some(Pollable::Readable(fd))) {
                break;
            }
        }
        sys.read(fd, len)
    }

    /// Writes all of `data` to the shell's descriptor `number`.
    pub fn write(&self, sys: &mut dyn System, number: u32, data: &[u8]) -> SysResult<()> {
        match self.targets.get(&number) {
            Some(Target::Kernel(fd)) => self.write_kernel(sys, *fd, data),
            Some(Target::Capture(capture)) => {
                capture.borrow_mut().extend_from_slice(data);
                Ok(())
            }
            Some(Target::Input(_)) | None => Err(secure_exec_system::Errno::Ebadf),
        }
    }

    /// Reads up to `len` bytes from the shell's descriptor `number`; empty at the end.
    pub fn read(&self, sys: &mut dyn System, number: u32, len: usize) -> SysResult<Vec<u8>> {
        match self.targets.get(&number) {
            Some(Target::Kernel(fd)) => self.read_kernel(sys, *fd, len),
            Some(Target::Input(input)) => self.read_input(sys, input, len),
            Some(Target::Capture(_)) | None => Err(secure_exec_system::Errno::Ebadf),
        }
    }

    fn read_input(
        &self,
        sys: &mut dyn System,
        input: &SharedInput,
        len: usize,
    ) -> SysResult<Vec<u8>> {
        if input.borrow().has_buffered_data() {
            return Ok(input.borrow_mut().take(len));
        }
        let Some(source) = input.borrow().source else {
            return Ok(Vec::new());
        };
        self.stop_draining(source);
        let chunk = self.read_kernel(sys, source, len)?;
        if chunk.is_empty() {
            input.borrow_mut().source = None;
            let _ = sys.close(source);
        }
        Ok(chunk)
    }

    /// Reads the rest of `input`'s source into its buffer.
    pub fn fill_input(&self, sys: &mut dyn System, input: &SharedInput) {
        let Some(source) = input.borrow().source else {
            return;
        };
        self.stop_draining(source);
        loop {
            match self.read_kernel(sys, source, CHUNK) {
                Ok(chunk) if !chunk.is_empty() => {
                    input.borrow_mut().data.extend_from_slice(&chunk);
                }
                _ => break,
            }
        }
        input.borrow_mut().source = None;
        let _ = sys.close(source);
    }
}
