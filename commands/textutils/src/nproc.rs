//! `nproc`: the number of processing units: a sandbox process has one.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};

pub fn main(_sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Long(name) if name == "help" => {
                return cli::help(
                    io,
                    "Usage: nproc [--all] [--ignore=N]\nPrint the number of processing units available.\n",
                );
            }
            Arg::Long(name) if name == "all" => {}
            Arg::Long(name) if name == "ignore" => {
                if parser
                    .required(&arg)
                    .ok()
                    .and_then(|n| cli::number::<u64>(&n))
                    .is_none()
                {
                    return Usage("invalid number".into()).report("nproc", io, 1);
                }
            }
            _ => return Usage::unknown(&arg).report("nproc", io, 1),
        }
    }
    match writeln!(io.stdout, "1") {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn one_processor() {
        assert_eq!(
            run(&mut FakeSystem::new(), main, &["nproc"], "").stdout,
            "1\n"
        );
        assert_eq!(
            run(&mut FakeSystem::new(), main, &["nproc", "--ignore=3"], "").stdout,
            "1\n"
        );
        assert_eq!(
            run(&mut FakeSystem::new(), main, &["nproc", "-x"], "").status,
            1
        );
    }
}
