//! `spawn`: a process starting a child. The kernel finds the executable, follows `#!`
//! lines to the host program that will run, checks the child-process permission, hands the
//! child the descriptors the parent names (and nothing else) and enters it in the process
//! table. The host then starts the program's instance for the new pid.

use crate::errno::{Errno, KernelResult};
use crate::fd_table::FdTable;
use crate::permissions::Access;
use crate::process_fs::ProcessFs;
use crate::process_table::{INIT_PID, Pid, ProcessSpec};
use crate::program::{self, MAX_INTERPRETER_DEPTH, Program};

/// `PATH` searched when the child's environment has none (POSIX's default).
const DEFAULT_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// What a process asks for when it spawns a child.
#[derive(Debug, Clone, Default)]
pub struct SpawnRequest {
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    /// The child's working directory, relative to the parent's.
    pub cwd: String,
    /// The parent's descriptors that become the child's 0, 1, 2, 3, ...
    pub fds: Vec<u32>,
    pub new_process_group: bool,
}

/// A child entered in the process table, ready for the host to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spawned {
    pub pid: Pid,
    /// The host program to run (`coreutils/ls`, `node`, ...).
    pub program: String,
    /// The argument vector after `#!` rewriting: `[interpreter, arg, script, args...]`.
    pub argv: Vec<String>,
}

impl ProcessFs<'_> {
    /// Spawns a child of this process running the executable `argv[0]` names.
    pub fn spawn(&self, request: SpawnRequest) -> KernelResult<Spawned> {
        self.check_may_spawn()?;
        let argv0 = request.argv.first().ok_or(Errno::EINVAL)?;
        let path_var = request
            .env
            .iter()
            .find(|(key, _)| key == "PATH")
            .map_or(DEFAULT_PATH, |(_, value)| value.as_str());
        let mut path = program::find_executable(self, argv0, path_var)?;
        let mut argv = request.argv.clone();
        let mut depth = 0;
        let program = loop {
            match program::read_program(self, &path)? {
                Program::Host(name) => break name,
                Program::Script {
                    interpreter,
                    argument,
                } => {
                    depth += 1;
                    if depth > MAX_INTERPRETER_DEPTH {
                        return Err(Errno::ELOOP);
                    }
                    let mut rewritten = vec![interpreter.clone()];
                    rewritten.extend(argument);
                    rewritten.push(path.clone());
                    rewritten.extend(argv.into_iter().skip(1));
                    argv = rewritten;
                    path = program::find_executable(self, &interpreter, path_var)?;
                }
            }
        };
        if program.starts_with(program::TOOL_PROGRAM_PREFIX)
            && self.kernel().permissions().tools == Some(Access::Deny)
        {
            return Err(Errno::EACCES);
        }
        self.enter_child(SpawnRequest { argv, ..request }, program)
    }

    /// Spawns a child of this process running host program `program` with `request`'s
    /// argv as is (no `PATH` search): how the host starts scripts it was handed.
    pub fn spawn_program(&self, request: SpawnRequest, program: &str) -> KernelResult<Spawned> {
        self.check_may_spawn()?;
        self.enter_child(request, program.to_string())
    }

    /// The child-process permission: guests need it; the host (init) is privileged.
    fn check_may_spawn(&self) -> KernelResult<()> {
        let denied = self.kernel().permissions().child_process == Access::Deny;
        if denied && self.pid() != INIT_PID {
            return Err(Errno::EACCES);
        }
        Ok(())
    }

    fn enter_child(&self, request: SpawnRequest, program: String) -> KernelResult<Spawned> {
        let cwd = self.resolve_directory(&request.cwd)?;
        let mut fds = FdTable::default();
        for (child_fd, &parent_fd) in request.fds.iter().enumerate() {
            fds.insert_at(child_fd as u32, self.description(parent_fd)?)?;
        }
        let parent = self.pid();
        let (_, parent_group) = self.kernel().processes().parentage(parent)?;
        let (credentials, umask) = self.identity();
        let pid = self.kernel().processes().spawn(ProcessSpec {
            ppid: parent,
            pgid: (!request.new_process_group).then_some(parent_group),
            argv: request.argv.clone(),
            env: request.env,
            cwd,
            credentials,
            umask,
            fds,
        })?;
        Ok(Spawned {
            pid,
            program,
            argv: request.argv,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fd_table::{Endpoint, OpenFileDescription};
    use crate::permissions::Permissions;
    use crate::program::host_program_file;
    use crate::{Kernel, KernelConfig};
    use std::sync::Arc;

    fn kernel(permissions: Permissions) -> (Kernel, Pid) {
        let kernel = Kernel::new(KernelConfig {
            permissions,
            ..Default::default()
        });
        kernel
            .install_host_program("/usr/bin/ls", "coreutils/ls")
            .unwrap();
        kernel
            .install_host_program("/usr/bin/node", "node")
            .unwrap();
        let mut fds = FdTable::default();
        let null = Arc::new(OpenFileDescription::stream(Endpoint::Null, "/dev/null"));
        for fd in 0..3 {
            fds.insert_at(fd, null.clone()).unwrap();
        }
        let pid = kernel
            .processes()
            .spawn(ProcessSpec {
                ppid: INIT_PID,
                pgid: None,
                argv: vec!["sh".into()],
                env: vec![],
                cwd: "/root".into(),
                credentials: kernel.user(),
                umask: 0o022,
                fds,
            })
            .unwrap();
        (kernel, pid)
    }

    fn request(argv: &[&str]) -> SpawnRequest {
        SpawnRequest {
            argv: argv.iter().map(|a| a.to_string()).collect(),
            cwd: ".".into(),
            fds: vec![0, 1, 2],
            ..Default::default()
        }
    }

    #[test]
    fn finds_programs_on_path_and_follows_shebangs() {
        let (kernel, sh) = kernel(Permissions::default());
        let fs = kernel.process_fs(sh).unwrap();
        let ls = fs.spawn(request(&["ls", "-l"])).unwrap();
        assert_eq!(ls.program, "coreutils/ls");
        assert_eq!(ls.argv, ["ls", "-l"]);
        assert_eq!(kernel.processes().parentage(ls.pid).unwrap().0, sh);
        assert_eq!(kernel.process_fs(ls.pid).unwrap().cwd(), "/root");

        kernel
            .write_file("/root/tool.js", b"#!/usr/bin/node\nconsole.log(1)")
            .unwrap();
        assert_eq!(
            fs.spawn(request(&["./tool.js"])).err(),
            Some(Errno::EACCES),
            "not executable yet"
        );
        fs.chmod("/root/tool.js", 0o755).unwrap();
        let script = fs.spawn(request(&["./tool.js", "x"])).unwrap();
        assert_eq!(script.program, "node");
        assert_eq!(script.argv, ["/usr/bin/node", "/root/tool.js", "x"]);
        assert_eq!(
            fs.spawn(request(&["no-such-command"])).err(),
            Some(Errno::ENOENT)
        );
        assert_eq!(host_program_file("node"), "#!secure-exec:node\n");
    }

    #[test]
    fn children_get_only_the_named_descriptors() {
        let (kernel, sh) = kernel(Permissions::default());
        let fs = kernel.process_fs(sh).unwrap();
        let (read_end, write_end) = fs.pipe().unwrap();
        let mut req = request(&["ls"]);
        req.fds = vec![read_end, 1, 2];
        let child = fs.spawn(req).unwrap();
        let child_fs = kernel.process_fs(child.pid).unwrap();
        assert!(child_fs.description(0).is_ok());
        assert_eq!(child_fs.description(write_end).err(), Some(Errno::EBADF));
    }

    #[test]
    fn denied_child_processes_fail_with_eacces() {
        let (kernel, sh) = kernel(Permissions {
            child_process: Access::Deny,
            ..Default::default()
        });
        let fs = kernel.process_fs(sh).unwrap();
        assert_eq!(fs.spawn(request(&["ls"])).err(), Some(Errno::EACCES));
    }
}
