//! `ulimit [-HSa] [-c] [limit]`: the resource limits a process may read and set. The
//! only limit the sandbox has per process in `ulimit`'s terms is the core file size, which
//! is always 0: the kernel never writes core files. So `ulimit -c 0` (how scripts turn
//! core dumps off) succeeds, raising it fails as for an unprivileged process, and the
//! other limits are reported as not supported rather than invented.

use super::usage_error;
use crate::shell::{Shell, Status};

pub fn ulimit(shell: &mut Shell, args: &[String]) -> Status {
    let mut operands = Vec::new();
    for arg in &args[1..] {
        match arg.as_str() {
            // Hard and soft limits are the same here.
            "-H" | "-S" | "-c" => {}
            "-a" => {
                shell.print("core file size (blocks, -c) 0\n")?;
                return Ok(0);
            }
            option if option.starts_with('-') && option.len() > 1 => {
                return usage_error(shell, "ulimit", format!("{option}: limit not supported"));
            }
            operand => operands.push(operand),
        }
    }
    match operands.as_slice() {
        [] => {
            shell.print("0\n")?;
            Ok(0)
        }
        ["0"] => Ok(0),
        [limit] if *limit == "unlimited" || limit.parse::<u64>().is_ok() => {
            shell.report(format_args!(
                "ulimit: core file size: cannot modify limit: Operation not permitted"
            ));
            Ok(1)
        }
        [limit] => usage_error(shell, "ulimit", format!("{limit}: invalid number")),
        _ => usage_error(shell, "ulimit", "too many arguments"),
    }
}
