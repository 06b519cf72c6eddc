//! `whoami`: the name of the caller's user id, from `/etc/passwd`.

use secure_exec_system::{System, user_name};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut parser = Parser::new(args);
    if let Some(arg) = parser.next_arg() {
        if arg == Arg::Long("help".into()) {
            return cli::help(
                io,
                "Usage: whoami\nPrint the user name associated with the current effective user ID.\n",
            );
        }
        return Usage::unknown(&arg).report("whoami", io, 1);
    }
    let uid = sys.identity().uid;
    match user_name(sys, uid) {
        Some(name) => match writeln!(io.stdout, "{name}") {
            Ok(()) => 0,
            Err(_) => 1,
        },
        None => {
            cli::error(
                io,
                "whoami",
                format_args!("cannot find name for user ID {uid}"),
            );
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn prints_the_user_name() {
        let mut sys = FakeSystem::new();
        assert_eq!(run(&mut sys, main, &["whoami"], "").stdout, "user\n");
        sys.identity.uid = 0;
        assert_eq!(run(&mut sys, main, &["whoami"], "").stdout, "root\n");
        sys.identity.uid = 77;
        let unknown = run(&mut sys, main, &["whoami"], "");
        assert_eq!(
            (unknown.status, unknown.stderr.as_str()),
            (1, "whoami: cannot find name for user ID 77\n")
        );
        assert_eq!(run(&mut sys, main, &["whoami", "x"], "").status, 1);
    }
}
