//! `env`: print the environment, or run a command in a changed one (`-i`, `-u NAME`,
//! `NAME=VALUE`). Scripts' `#!/usr/bin/env node` lines go through it.

use secure_exec_system::{Errno, System};

use crate::Stdio;
use crate::spawn;

const USAGE: &str = "Usage: env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]\n\
Set each NAME to VALUE in the environment and run COMMAND, or print the environment.\n";

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    run(sys, io, args, std::env::vars().collect())
}

/// `env` over the starting environment `env`.
fn run(
    sys: &mut dyn System,
    io: &mut Stdio<'_>,
    args: Vec<String>,
    mut env: Vec<(String, String)>,
) -> i32 {
    let mut args = args.into_iter().skip(1).peekable();
    while let Some(arg) = args.next_if(|a| a.starts_with('-') && a != "-") {
        match arg.as_str() {
            "-i" | "--ignore-environment" => env.clear(),
            "-u" | "--unset" => match args.next() {
                Some(name) => env.retain(|(key, _)| *key != name),
                None => return usage_error(io, "option requires an argument -- 'u'"),
            },
            "--help" => {
                let _ = io.stdout.write_all(USAGE.as_bytes());
                return 0;
            }
            "--" => break,
            other => return usage_error(io, &format!("invalid option -- '{other}'")),
        }
    }
    while let Some(assignment) = args.next_if(|a| a.contains('=')) {
        let (key, value) = assignment.split_once('=').unwrap_or_default();
        env.retain(|(existing, _)| existing != key);
        env.push((key.to_string(), value.to_string()));
    }
    let command: Vec<String> = args.collect();
    if command.is_empty() {
        for (key, value) in &env {
            if writeln!(io.stdout, "{key}={value}").is_err() {
                return 1;
            }
        }
        return 0;
    }
    let name = command[0].clone();
    match spawn::run_with_env(sys, io.stdout, command, env, None, 0) {
        Ok(status) => status.code(),
        Err(errno) => {
            let _ = writeln!(io.stderr, "env: '{name}': {}", errno.message());
            if errno == Errno::Enoent { 127 } else { 126 }
        }
    }
}

fn usage_error(io: &mut Stdio<'_>, message: &str) -> i32 {
    let _ = writeln!(io.stderr, "env: {message}\n{USAGE}");
    125
}

#[cfg(test)]
mod tests {
    use super::run;
    use crate::testing::{FakeSystem, run as run_utility};

    fn env(args: &[&str], start: &[(&str, &str)]) -> (i32, String, FakeSystem) {
        let start: Vec<(String, String)> = start
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut sys = FakeSystem::new();
        let out = run_utility(&mut sys, |s, io, a| run(s, io, a, start), args, "");
        (out.status, out.stdout, sys)
    }

    #[test]
    fn prints_the_changed_environment() {
        let (status, stdout, _) = env(&["env", "-u", "B", "C=3"], &[("A", "1"), ("B", "2")]);
        assert_eq!((status, stdout.as_str()), (0, "A=1\nC=3\n"));
        let (_, stdout, _) = env(&["env", "-i", "X=y"], &[("A", "1")]);
        assert_eq!(stdout, "X=y\n");
    }

    #[test]
    fn runs_commands_in_the_changed_environment() {
        let (status, _, sys) = env(&["env", "-i", "PATH=/bin", "echo", "hi"], &[("A", "1")]);
        assert_eq!(status, 0);
        let spawned = &sys.spawned[0];
        assert_eq!(spawned.argv, ["echo", "hi"]);
        assert_eq!(spawned.env, [("PATH".to_string(), "/bin".to_string())]);
    }
}
