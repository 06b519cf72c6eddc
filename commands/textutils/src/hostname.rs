//! `hostname`: the host name the kernel gives this sandbox (`-s` for its first label);
//! setting it is refused.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut short = false;
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Long(name) if name == "help" => {
                return cli::help(
                    io,
                    "Usage: hostname [-s|--short] [-f|--fqdn]\nShow the system's host name.\n",
                );
            }
            Arg::Short('s') => short = true,
            Arg::Long(name) if name == "short" => short = true,
            Arg::Short('f' | 'A') => short = false,
            Arg::Long(name) if name == "fqdn" || name == "long" => short = false,
            Arg::Operand(_) => {
                cli::error(io, "hostname", "you must be root to change the host name");
                return 1;
            }
            _ => return Usage::unknown(&arg).report("hostname", io, 1),
        }
    }
    let hostname = sys.identity().hostname;
    let shown = if short {
        hostname.split('.').next().unwrap_or_default()
    } else {
        &hostname
    };
    match writeln!(io.stdout, "{shown}") {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn prints_the_identity_host_name() {
        let mut sys = FakeSystem::new();
        sys.identity.hostname = "box.example.org".into();
        assert_eq!(
            run(&mut sys, main, &["hostname"], "").stdout,
            "box.example.org\n"
        );
        assert_eq!(run(&mut sys, main, &["hostname", "-s"], "").stdout, "box\n");
        assert_eq!(run(&mut sys, main, &["hostname", "other"], "").status, 1);
    }
}
