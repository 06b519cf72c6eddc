//! `pwd`: the working directory, physical (`-P`, the default, as GNU's `pwd` program) or
//! logical (`-L`: `$PWD` when it names the same directory).

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    pwd(sys, io, args, std::env::var("PWD").ok())
}

fn pwd(
    sys: &mut dyn System,
    io: &mut Stdio<'_>,
    args: Vec<String>,
    env_pwd: Option<String>,
) -> i32 {
    let mut logical = false;
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Long(name) if name == "help" => {
                return cli::help(
                    io,
                    "Usage: pwd [-L|-P]\nPrint the full filename of the current working directory.\n",
                );
            }
            Arg::Short('L') => logical = true,
            Arg::Long(name) if name == "logical" => logical = true,
            Arg::Short('P') => logical = false,
            Arg::Long(name) if name == "physical" => logical = false,
            Arg::Operand(_) => {}
            _ => return Usage::unknown(&arg).report("pwd", io, 1),
        }
    }
    let cwd = sys.cwd();
    let physical = sys.realpath(&cwd).unwrap_or(cwd);
    let shown = env_pwd
        .filter(|pwd| logical && is_same_directory(sys, pwd, &physical))
        .unwrap_or(physical);
    match writeln!(io.stdout, "{shown}") {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// Whether `$PWD` is an absolute name without `.` or `..` for `physical`.
fn is_same_directory(sys: &mut dyn System, pwd: &str, physical: &str) -> bool {
    if !pwd.starts_with('/') || pwd.split('/').any(|part| part == "." || part == "..") {
        return false;
    }
    match (sys.stat(pwd), sys.stat(physical)) {
        (Ok(a), Ok(b)) => (a.dev, a.ino) == (b.dev, b.ino),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::pwd;
    use crate::testing::{FakeSystem, run};

    fn pwd_with(sys: &mut FakeSystem, env: Option<&str>, args: &[&str]) -> String {
        run(
            sys,
            |sys, io, args| pwd(sys, io, args, env.map(String::from)),
            args,
            "",
        )
        .stdout
    }

    #[test]
    fn physical_and_logical() {
        let mut sys = FakeSystem::new();
        sys.add_dir("/real")
            .add_symlink("/real", "/home/user/alias");
        secure_exec_system::System::chdir(&mut sys, "/home/user/alias").unwrap();
        assert_eq!(pwd_with(&mut sys, None, &["pwd"]), "/real\n");
        assert_eq!(
            pwd_with(&mut sys, Some("/home/user/alias"), &["pwd", "-L"]),
            "/home/user/alias\n"
        );
        assert_eq!(
            pwd_with(&mut sys, Some("/home/user/alias"), &["pwd"]),
            "/real\n"
        );
        assert_eq!(pwd_with(&mut sys, Some("/tmp"), &["pwd", "-L"]), "/real\n");
        assert_eq!(
            pwd_with(&mut sys, Some("/home/user/../user/alias"), &["pwd", "-L"]),
            "/real\n"
        );
    }
}
