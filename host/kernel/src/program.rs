//! Executables: how `spawn` finds the file `argv[0]` names (a path, or a name searched on
//! `PATH`) and what that file is.
//!
//! The programs the host provides (commands, `node`, tools) are files in the VFS like any
//! other, so `ls /bin`, `which ls` and `test -x` tell the truth: each holds one line,
//! `#!secure-exec:<name>`, naming the host program. Any other file starting with `#!` is a
//! script run by the interpreter its first line names.

use crate::errno::{Errno, KernelResult};
use crate::process_fs::ProcessFs;
use crate::vfs::FileKind;

/// The first bytes of a file that stands for a host-provided program.
pub const HOST_PROGRAM_PREFIX: &str = "#!secure-exec:";
/// Prefix of the host program names of tools (`#!secure-exec:tool/add`): the tools
/// permission applies to them.
pub const TOOL_PROGRAM_PREFIX: &str = "tool/";
/// The longest `#!` line read (Linux's `BINPRM_BUF_SIZE`).
const SHEBANG_MAX_BYTES: usize = 256;
/// Interpreter indirections followed before giving up (Linux allows 4 levels).
pub const MAX_INTERPRETER_DEPTH: usize = 4;

/// What an executable file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    /// A program the host provides, by name (`coreutils/ls`, `node`, `tool/add`).
    Host(String),
    /// A script: run `interpreter [argument] script-path args...`.
    Script {
        interpreter: String,
        argument: Option<String>,
    },
}

/// The contents of the VFS file that stands for host program `name`.
pub fn host_program_file(name: &str) -> String {
    format!("{HOST_PROGRAM_PREFIX}{name}\n")
}

/// Finds the executable `argv0` names: a path if it contains `/`, else the first
/// executable regular file named so in a `PATH` directory. `ENOENT` when there is none,
/// `EACCES` when the only match is not executable.
pub fn find_executable(fs: &ProcessFs<'_>, argv0: &str, path_var: &str) -> KernelResult<String> {
    if argv0.is_empty() {
        return Err(Errno::ENOENT);
    }
    if argv0.contains('/') {
        check_executable(fs, argv0)?;
        return crate::path::resolve(fs.cwd(), argv0);
    }
    let mut denied = false;
    for dir in path_var.split(':') {
        let dir = if dir.is_empty() { "." } else { dir };
        let candidate = format!("{}/{argv0}", dir.trim_end_matches('/'));
        match check_executable(fs, &candidate) {
            Ok(()) => return crate::path::resolve(fs.cwd(), &candidate),
            Err(Errno::EACCES) => denied = true,
            Err(_) => {}
        }
    }
    Err(if denied { Errno::EACCES } else { Errno::ENOENT })
}

fn check_executable(fs: &ProcessFs<'_>, path: &str) -> KernelResult<()> {
    let meta = fs.stat(path)?;
    if meta.kind != FileKind::Regular {
        return Err(Errno::EACCES);
    }
    fs.access(path, 1)
}

/// Reads what the executable at `path` is: `ENOEXEC` for a file that is neither a host
/// program nor a `#!` script.
pub fn read_program(fs: &ProcessFs<'_>, path: &str) -> KernelResult<Program> {
    let fd = fs.open(path, crate::OpenFlags::default(), 0)?;
    let head = fs.read(fd, SHEBANG_MAX_BYTES, Some(0));
    fs.close(fd)?;
    parse_program(&head?)
}

fn parse_program(head: &[u8]) -> KernelResult<Program> {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = std::str::from_utf8(line).map_err(|_| Errno::ENOEXEC)?;
    if let Some(name) = line.strip_prefix(HOST_PROGRAM_PREFIX) {
        return Ok(Program::Host(name.trim().to_string()));
    }
    let interpreter_line = line.strip_prefix("#!").ok_or(Errno::ENOEXEC)?.trim();
    let (interpreter, argument) = match interpreter_line.split_once([' ', '\t']) {
        Some((interpreter, argument)) => (interpreter, Some(argument.trim().to_string())),
        None => (interpreter_line, None),
    };
    if interpreter.is_empty() {
        return Err(Errno::ENOEXEC);
    }
    Ok(Program::Script {
        interpreter: interpreter.to_string(),
        argument: argument.filter(|a| !a.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_host_programs_and_shebangs() {
        assert_eq!(
            parse_program(host_program_file("coreutils/ls").as_bytes()),
            Ok(Program::Host("coreutils/ls".into()))
        );
        assert_eq!(
            parse_program(b"#!/usr/bin/env node\nconsole.log(1)"),
            Ok(Program::Script {
                interpreter: "/usr/bin/env".into(),
                argument: Some("node".into())
            })
        );
        assert_eq!(
            parse_program(b"#!/bin/sh\necho"),
            Ok(Program::Script {
                interpreter: "/bin/sh".into(),
                argument: None
            })
        );
        assert_eq!(parse_program(b"\x7fELF"), Err(Errno::ENOEXEC));
    }
}
