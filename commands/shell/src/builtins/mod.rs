//! The builtin commands: the table names are looked up in, and what builtins share.

mod control;
mod directory;
mod echo;
mod getopts;
mod lookup;
mod printf;
mod process;
mod read;
mod test;
mod ulimit;
mod umask;
mod variables;

use crate::shell::{Shell, Status};

/// A builtin's code: it gets the whole argument vector, its name first.
pub type BuiltinFn = fn(&mut Shell, &[String]) -> Status;

pub struct Builtin {
    pub name: &'static str,
    /// POSIX special builtins: found before functions; their prefix assignments stay.
    pub special: bool,
    pub run: BuiltinFn,
}

const fn special(name: &'static str, run: BuiltinFn) -> Builtin {
    Builtin {
        name,
        special: true,
        run,
    }
}

const fn regular(name: &'static str, run: BuiltinFn) -> Builtin {
    Builtin {
        name,
        special: false,
        run,
    }
}

const BUILTINS: &[Builtin] = &[
    special(":", control::colon),
    special(".", control::source),
    special("break", control::break_loop),
    special("continue", control::continue_loop),
    special("eval", control::eval),
    special("exec", control::exec),
    special("exit", control::exit),
    special("export", variables::export),
    special("readonly", variables::readonly),
    special("return", control::return_from),
    special("set", variables::set),
    special("shift", variables::shift),
    special("trap", control::trap),
    special("unset", variables::unset),
    regular("[", test::bracket),
    regular("cd", directory::cd),
    regular("command", lookup::command),
    regular("echo", echo::echo),
    regular("false", control::false_),
    regular("getopts", getopts::getopts),
    regular("kill", process::kill),
    regular("local", variables::local),
    regular("printf", printf::printf),
    regular("pwd", directory::pwd),
    regular("read", read::read),
    regular("source", control::source),
    regular("test", test::test),
    regular("true", control::colon),
    regular("type", lookup::type_),
    regular("ulimit", ulimit::ulimit),
    regular("umask", umask::umask),
    regular("wait", process::wait),
];

pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|builtin| builtin.name == name)
}

/// Reports `name: message` and returns the status of a misused builtin.
fn usage_error(shell: &mut Shell, name: &str, message: impl std::fmt::Display) -> Status {
    shell.report(format_args!("{name}: {message}"));
    Ok(2)
}
