//! Builtins over processes: `wait` and `kill`.

use secure_exec_system::{Errno, Signal};

use super::usage_error;
use crate::shell::{Shell, Status};

/// `wait [pid...]`: with no pid, every background job (status 0).
pub fn wait(shell: &mut Shell, args: &[String]) -> Status {
    if args.len() == 1 {
        shell.wait_all_jobs();
        return Ok(0);
    }
    let mut status = 0;
    for operand in &args[1..] {
        let Ok(pid) = operand.parse::<u32>() else {
            shell.report(format_args!(
                "wait: `{operand}': not a pid or valid job spec"
            ));
            status = 2;
            continue;
        };
        status = match shell.wait_job(pid) {
            Some(code) => code,
            None => {
                shell.report(format_args!("wait: pid {pid} is not a child of this shell"));
                127
            }
        };
    }
    Ok(status)
}

/// What `kill` does to each pid.
#[derive(Clone, Copy)]
enum Action {
    Send(Signal),
    /// Signal 0: only checks that the process is there (for the shell's own jobs).
    Probe,
}

fn parse_action(text: &str) -> Option<Action> {
    if text == "0" {
        Some(Action::Probe)
    } else {
        Signal::parse(text).map(Action::Send)
    }
}

/// `kill [-s SIGNAL | -SIGNAL] pid...` and `kill -l [status]`.
pub fn kill(shell: &mut Shell, args: &[String]) -> Status {
    let mut rest = &args[1..];
    let mut action = Action::Send(Signal::TERM);
    if let Some(option) = rest.first() {
        let (name, used) = match option.as_str() {
            "-l" | "-L" => return list_signals(shell, &rest[1..]),
            "-s" | "-n" => match rest.get(1) {
                Some(name) => (Some(name.as_str()), 2),
                None => {
                    return usage_error(
                        shell,
                        "kill",
                        format!("{option}: option requires an argument"),
                    );
                }
            },
            "--" => (None, 1),
            text if text.starts_with('-') && text.len() > 1 => (Some(&text[1..]), 1),
            _ => (None, 0),
        };
        if let Some(name) = name {
            let Some(parsed) = parse_action(name) else {
                return usage_error(
                    shell,
                    "kill",
                    format!("{name}: invalid signal specification"),
                );
            };
            action = parsed;
        }
        rest = &rest[used..];
    }
    if rest.first().is_some_and(|arg| arg == "--") {
        rest = &rest[1..];
    }
    if rest.is_empty() {
        return usage_error(shell, "kill", "usage: kill [-s sigspec | -sigspec] pid ...");
    }
    let mut status = 0;
    for target in rest {
        let Ok(pid) = target.parse::<i32>() else {
            shell.report(format_args!(
                "kill: {target}: arguments must be process or job IDs"
            ));
            status = 1;
            continue;
        };
        let result = match action {
            Action::Send(signal) => shell.sys.kill(pid, signal),
            Action::Probe => probe(shell, pid),
        };
        if let Err(error) = result {
            let message = match error {
                Errno::Esrch => "No such process".to_string(),
                other => other.to_string(),
            };
            shell.report(format_args!("kill: ({pid}) - {message}"));
            status = 1;
        }
    }
    Ok(status)
}

/// `kill -0 pid`: the shell itself and its running jobs are there; nothing else is known.
fn probe(shell: &mut Shell, pid: i32) -> Result<(), Errno> {
    let running = match u32::try_from(pid) {
        Ok(pid) if pid == shell.state.pid => true,
        Ok(pid) => shell.job_is_running(pid) == Some(true),
        Err(_) => false,
    };
    if running { Ok(()) } else { Err(Errno::Esrch) }
}

/// `kill -l`: every signal name; `kill -l 130`: the signal of an exit status.
fn list_signals(shell: &mut Shell, operands: &[String]) -> Status {
    if operands.is_empty() {
        let names: Vec<&str> = Signal::ALL
            .iter()
            .map(|signal| &signal.name()[3..])
            .collect();
        shell.print(&format!("{}\n", names.join(" ")))?;
        return Ok(0);
    }
    let mut status = 0;
    for operand in operands {
        let number = operand
            .parse::<u32>()
            .ok()
            .map(|n| if n > 128 { n - 128 } else { n });
        let signal = match number {
            Some(number) => u8::try_from(number)
                .ok()
                .and_then(|n| Signal::parse(&n.to_string())),
            None => Signal::parse(operand),
        };
        match (signal, number) {
            (Some(signal), Some(_)) => shell.print(&format!("{}\n", &signal.name()[3..]))?,
            (Some(signal), None) => shell.print(&format!("{}\n", signal.number()))?,
            (None, _) => {
                shell.report(format_args!(
                    "kill: {operand}: invalid signal specification"
                ));
                status = 1;
            }
        }
    }
    Ok(status)
}
