//! Running programs: turning the shell's descriptors 0-2 into kernel descriptors for a
//! child (pipes for captured output and in-memory input), spawning it, and collecting
//! what it leaves: its output, the input it did not read, its exit status.

use std::rc::Rc;

use secure_exec_system::{Errno, Fd, Pid, SpawnRequest};

use crate::fds::{Capture, SharedInput, Target};
use crate::shell::Shell;

/// The status of a command that was not found.
pub const NOT_FOUND_STATUS: i32 = 127;
/// The status of a command that was found but could not run.
pub const CANNOT_RUN_STATUS: i32 = 126;

/// A started child and the pipes the shell tends for it.
#[derive(Debug)]
pub struct Child {
    pub pid: Pid,
    streams: ChildStreams,
}

/// The shell's ends of the pipes made for a child's standard streams.
#[derive(Debug, Default)]
struct ChildStreams {
    /// Read ends draining the child's output into captures.
    drains: Vec<Fd>,
    /// Pipes pre-filled with in-memory input: what the child leaves unread goes back.
    leftovers: Vec<(Fd, SharedInput)>,
    /// Descriptors the child got that the shell closes once it is spawned.
    close_after_spawn: Vec<Fd>,
    /// Captures already given a pipe, with its write end.
    capture_pipes: Vec<(Capture, Fd)>,
}

impl Shell<'_> {
    /// Starts `argv` with the shell's descriptors 0-2 as its standard streams. On failure
    /// the error is reported and its exit status returned.
    pub fn start_external(
        &mut self,
        argv: &[String],
        env: Vec<(String, String)>,
        background: bool,
    ) -> Result<Child, i32> {
        let mut streams = ChildStreams::default();
        let result =
            self.child_stdio(&mut streams, background)
                .and_then(|[stdin, stdout, stderr]| {
                    self.sys.spawn(&SpawnRequest {
                        argv: argv.to_vec(),
                        env,
                        cwd: self.state.cwd.clone(),
                        stdin,
                        stdout,
                        stderr,
                        new_process_group: false,
                    })
                });
        for fd in std::mem::take(&mut streams.close_after_spawn) {
            let _ = self.sys.close(fd);
        }
        match result {
            Ok(pid) => Ok(Child { pid, streams }),
            Err(error) => {
                self.drain_outputs(&streams);
                self.take_back_leftovers(streams);
                Err(self.report_spawn_error(&argv[0], error))
            }
        }
    }

    /// Waits for `child` while taking its output, then puts back the input it left.
    pub fn finish_child(&mut self, child: Child) -> i32 {
        self.drain_outputs(&child.streams);
        let status = self.wait_for(child.pid);
        self.take_back_leftovers(child.streams);
        status
    }

    /// Waits for process `pid` to end; its `$?`.
    pub fn wait_for(&mut self, pid: Pid) -> i32 {
        self.state.fds.wait_for_child(self.sys, pid);
        loop {
            match self.sys.wait(Some(pid), false) {
                Ok(Some((_, status))) => return status.code(),
                Ok(None) | Err(Errno::Eintr) => continue,
                Err(_) => return NOT_FOUND_STATUS,
            }
        }
    }

    fn drain_outputs(&mut self, streams: &ChildStreams) {
        for &fd in &streams.drains {
            self.state.fds.finish_drain(self.sys, fd);
        }
    }

    fn take_back_leftovers(&mut self, streams: ChildStreams) {
        for (fd, input) in streams.leftovers {
            let mut rest = Vec::new();
            while let Ok(chunk) = self.sys.read(fd, 64 * 1024) {
                if chunk.is_empty() {
                    break;
                }
                rest.extend_from_slice(&chunk);
            }
            let _ = self.sys.close(fd);
            input.borrow_mut().put_back(rest);
        }
    }

    /// The kernel descriptors a child gets as 0, 1 and 2.
    fn child_stdio(
        &mut self,
        streams: &mut ChildStreams,
        background: bool,
    ) -> Result<[Fd; 3], Errno> {
        Ok([
            self.child_input(streams, background)?,
            self.child_output(1, streams)?,
            self.child_output(2, streams)?,
        ])
    }

    /// The kernel descriptor a child reads as standard input.
    fn child_input(&mut self, streams: &mut ChildStreams, background: bool) -> Result<Fd, Errno> {
        let input = match self.state.fds.get(0) {
            Some(Target::Kernel(fd)) => return Ok(fd),
            Some(Target::Input(input)) => input,
            Some(Target::Capture(_)) | None => {
                let fd = self.sys.pipe_from(Vec::new())?;
                streams.close_after_spawn.push(fd);
                return Ok(fd);
            }
        };
        let live_source = input.borrow().source();
        if let Some(source) = live_source {
            if !input.borrow().has_buffered_data() {
                return Ok(source);
            }
            self.state.fds.fill_input(self.sys, &input);
        }
        let data = input.borrow_mut().take_buffered();
        let fd = self.sys.pipe_from(data)?;
        if background {
            streams.close_after_spawn.push(fd);
        } else {
            streams.leftovers.push((fd, input));
        }
        Ok(fd)
    }

    /// The kernel descriptor a child writes as descriptor `number`.
    fn child_output(&mut self, number: u32, streams: &mut ChildStreams) -> Result<Fd, Errno> {
        match self.state.fds.get(number) {
            Some(Target::Kernel(fd)) => Ok(fd),
            Some(Target::Capture(capture)) => {
                if let Some((_, write)) = streams
                    .capture_pipes
                    .iter()
                    .find(|(c, _)| Rc::ptr_eq(c, &capture))
                {
                    return Ok(*write);
                }
                let (read, write) = self.sys.pipe()?;
                self.state.fds.drain_into_capture(read, &capture);
                streams.drains.push(read);
                streams.close_after_spawn.push(write);
                streams.capture_pipes.push((capture, write));
                Ok(write)
            }
            Some(Target::Input(_)) | None => {
                let (read, write) = self.sys.pipe()?;
                let _ = self.sys.close(read);
                streams.close_after_spawn.push(write);
                Ok(write)
            }
        }
    }

    fn report_spawn_error(&mut self, name: &str, error: Errno) -> i32 {
        match error {
            Errno::Enoent if !name.contains('/') => {
                self.report(format_args!("{name}: command not found"));
                NOT_FOUND_STATUS
            }
            Errno::Enoent => {
                self.report(format_args!("{name}: {error}"));
                NOT_FOUND_STATUS
            }
            Errno::Enoexec => {
                self.report(format_args!("{name}: cannot execute binary file: {error}"));
                CANNOT_RUN_STATUS
            }
            _ => {
                self.report(format_args!("{name}: {error}"));
                CANNOT_RUN_STATUS
            }
        }
    }
}
