//! `kill`: send a signal (`-s SIG`, `-SIG`, `-N`; TERM by default) to processes or, with a
//! negative id, process groups, through the kernel; `-l` and `-L` list the signals it
//! knows.

use secure_exec_system::{Signal, System};

use crate::Stdio;
use crate::cli::{self, Usage};

const HELP: &str = "\
Usage: kill [-s SIGNAL | -SIGNAL] PID...
  or:  kill -l [SIGNAL]...
  or:  kill -L
Send signals to processes, or list signals.
  -s, --signal=SIGNAL, -SIGNAL   specify the signal to be sent
  -l, --list                     list signal names, or convert names to and from numbers
  -L, --table                    list signal names and numbers in a table
";

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut args = args.into_iter().skip(1).peekable();
    let mut signal = Signal::TERM;
    let mut signal_given = false;
    let mut list = false;
    // A negative number after the signal is a process group, not a signal.
    while let Some(arg) = args.next_if(|arg| {
        arg.starts_with('-') && arg.len() > 1 && !(signal_given && arg[1..].parse::<i32>().is_ok())
    }) {
        let parsed = match arg.as_str() {
            "--" => break,
            "--help" => return cli::help(io, HELP),
            "-l" | "--list" => {
                list = true;
                continue;
            }
            "-L" | "--table" => {
                for signal in Signal::ALL {
                    let _ = writeln!(io.stdout, "{:>2} {}", signal.number(), &signal.name()[3..]);
                }
                return 0;
            }
            "-s" | "--signal" => match args.next() {
                Some(name) => Signal::parse(&name).ok_or(name),
                None => {
                    return Usage("option requires an argument -- 's'".into())
                        .report("kill", io, 1);
                }
            },
            _ if arg.starts_with("--signal=") => {
                Signal::parse(&arg[9..]).ok_or(arg[9..].to_string())
            }
            _ => Signal::parse(&arg[1..]).ok_or(arg[1..].to_string()),
        };
        match parsed {
            Ok(parsed) => {
                signal = parsed;
                signal_given = true;
            }
            Err(name) => {
                cli::error(io, "kill", format_args!("'{name}': invalid signal"));
                return 1;
            }
        }
    }
    let operands: Vec<String> = args.collect();
    if list {
        return list_signals(io, &operands);
    }
    if operands.is_empty() {
        return Usage("no process ID specified".into()).report("kill", io, 1);
    }
    let mut status = 0;
    for operand in &operands {
        let Ok(pid) = operand.parse::<i32>() else {
            cli::error(io, "kill", format_args!("'{operand}': invalid process id"));
            status = 1;
            continue;
        };
        if let Err(errno) = sys.kill(pid, signal) {
            cli::error(io, "kill", format_args!("({pid}) - {errno}"));
            status = 1;
        }
    }
    status
}

/// `kill -l`: every name, or each operand converted between name and number (an exit
/// status above 128 names the signal that caused it).
fn list_signals(io: &mut Stdio<'_>, operands: &[String]) -> i32 {
    if operands.is_empty() {
        for signal in Signal::ALL {
            let _ = writeln!(io.stdout, "{}", &signal.name()[3..]);
        }
        return 0;
    }
    let mut status = 0;
    for operand in operands {
        let found = match operand.parse::<u32>() {
            Ok(number) => {
                let number = if number > 128 { number - 128 } else { number };
                u8::try_from(number)
                    .ok()
                    .and_then(|n| Signal::parse(&n.to_string()))
                    .map(|s| s.name()[3..].to_string())
            }
            Err(_) => Signal::parse(operand).map(|s| s.number().to_string()),
        };
        match found {
            Some(text) => {
                let _ = writeln!(io.stdout, "{text}");
            }
            None => {
                cli::error(io, "kill", format_args!("'{operand}': invalid signal"));
                status = 1;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};
    use secure_exec_system::Signal;

    #[test]
    fn sends_signals() {
        let mut sys = FakeSystem::new();
        assert_eq!(run(&mut sys, main, &["kill", "100"], "").status, 0);
        assert_eq!(run(&mut sys, main, &["kill", "-9", "100"], "").status, 0);
        assert_eq!(
            run(&mut sys, main, &["kill", "-s", "HUP", "1"], "").status,
            0
        );
        assert_eq!(run(&mut sys, main, &["kill", "-INT", "-100"], "").status, 0);
        assert_eq!(
            run(&mut sys, main, &["kill", "-SIGUSR1", "--", "-1"], "").status,
            0
        );
        assert_eq!(
            run(&mut sys, main, &["kill", "-TERM", "-100"], "").status,
            0
        );
        assert_eq!(
            sys.signals,
            [
                (100, Signal::TERM),
                (100, Signal::KILL),
                (1, Signal::HUP),
                (-100, Signal::INT),
                (-1, Signal::USR1),
                (-100, Signal::TERM)
            ]
        );
    }

    #[test]
    fn errors() {
        let mut sys = FakeSystem::new();
        let missing = run(&mut sys, main, &["kill", "555", "100"], "");
        assert_eq!(
            (missing.status, missing.stderr.as_str()),
            (1, "kill: (555) - No such process\n")
        );
        assert_eq!(
            run(&mut sys, main, &["kill", "-FOO", "1"], "").stderr,
            "kill: 'FOO': invalid signal\n"
        );
        assert_eq!(run(&mut sys, main, &["kill"], "").status, 1);
        assert_eq!(run(&mut sys, main, &["kill", "abc"], "").status, 1);
    }

    #[test]
    fn lists_signals() {
        let mut sys = FakeSystem::new();
        assert!(
            run(&mut sys, main, &["kill", "-l"], "")
                .stdout
                .starts_with("HUP\nINT\nQUIT\nKILL\n")
        );
        assert_eq!(
            run(&mut sys, main, &["kill", "-l", "9", "TERM", "130"], "").stdout,
            "KILL\n15\nINT\n"
        );
        assert!(
            run(&mut sys, main, &["kill", "-L"], "")
                .stdout
                .starts_with(" 1 HUP\n 2 INT\n")
        );
    }
}
