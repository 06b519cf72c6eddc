//! Running another command to its end, as `find -exec` and `xargs` do: the child gets the
//! caller's environment and working directory (unless told another), the given standard
//! input and the caller's standard output and error.

use std::io::Write;

use secure_exec_system::{Errno, ExitStatus, Fd, SpawnRequest, System};

/// Runs `argv` and waits for it. Our own buffered output is flushed first so that it
/// comes before the child's.
pub fn run(
    sys: &mut dyn System,
    stdout: &mut dyn Write,
    argv: Vec<String>,
    cwd: Option<String>,
    stdin: Fd,
) -> Result<ExitStatus, Errno> {
    run_with_env(sys, stdout, argv, std::env::vars().collect(), cwd, stdin)
}

/// [`run`] with the child's environment given.
pub fn run_with_env(
    sys: &mut dyn System,
    stdout: &mut dyn Write,
    argv: Vec<String>,
    env: Vec<(String, String)>,
    cwd: Option<String>,
    stdin: Fd,
) -> Result<ExitStatus, Errno> {
    let _ = stdout.flush();
    let cwd = cwd.unwrap_or_else(|| sys.cwd());
    let request = SpawnRequest {
        argv,
        env,
        cwd,
        stdin,
        stdout: 1,
        stderr: 2,
        new_process_group: false,
    };
    let pid = sys.spawn(&request)?;
    loop {
        if let Some((_, status)) = sys.wait(Some(pid), false)? {
            return Ok(status);
        }
    }
}
