//! `which`: the executables the shell would run for each name, searched in `$PATH`
//! (`-a` for every match). Exit 1 if any name was not found.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage, join};

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    which(sys, io, args, &std::env::var("PATH").unwrap_or_default())
}

fn which(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>, path: &str) -> i32 {
    let mut all = false;
    let mut names = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Operand(name) => names.push(name.clone()),
            Arg::Short('a') => all = true,
            Arg::Long(name) if name == "help" => {
                return cli::help(
                    io,
                    "Usage: which [-a] filename ...\nLocate the executables the shell would run.\n",
                );
            }
            _ => return Usage::unknown(&arg).report("which", io, 2),
        }
    }
    if names.is_empty() {
        return 1;
    }
    let mut status = 0;
    for name in &names {
        let candidates: Vec<String> = if name.contains('/') {
            vec![name.clone()]
        } else {
            path.split(':')
                .map(|dir| join(if dir.is_empty() { "." } else { dir }, name))
                .collect()
        };
        let mut found = false;
        for candidate in candidates {
            let executable = sys.stat(&candidate).is_ok_and(|stat| stat.is_file())
                && sys.access(&candidate, 1).is_ok();
            if executable {
                found = true;
                if writeln!(io.stdout, "{candidate}").is_err() {
                    return 1;
                }
                if !all {
                    break;
                }
            }
        }
        if !found {
            status = 1;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::which;
    use crate::testing::{FakeSystem, run};

    fn sys() -> FakeSystem {
        let mut sys = FakeSystem::new();
        sys.add_file("/bin/ls", "")
            .add_file("/usr/bin/ls", "")
            .add_file("/usr/bin/notes", "");
        sys.add_dir("/usr/bin/dir");
        sys.set_mode("/bin/ls", 0o755)
            .set_mode("/usr/bin/ls", 0o755)
            .set_mode("/usr/bin/dir", 0o755);
        sys
    }

    fn which_in(args: &[&str]) -> (i32, String) {
        let result = run(
            &mut sys(),
            |sys, io, args| which(sys, io, args, "/bin:/usr/bin"),
            args,
            "",
        );
        (result.status, result.stdout)
    }

    #[test]
    fn searches_the_path() {
        assert_eq!(which_in(&["which", "ls"]), (0, "/bin/ls\n".into()));
        assert_eq!(
            which_in(&["which", "-a", "ls"]),
            (0, "/bin/ls\n/usr/bin/ls\n".into())
        );
        assert_eq!(
            which_in(&["which", "notes", "dir", "ls"]),
            (1, "/bin/ls\n".into())
        );
        assert_eq!(
            which_in(&["which", "/usr/bin/ls"]),
            (0, "/usr/bin/ls\n".into())
        );
        assert_eq!(which_in(&["which"]).0, 1);
    }
}
