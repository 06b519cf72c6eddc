//! Builtins that steer the run: `:`/`true`, `false`, `exit`, `return`, `break`,
//! `continue`, `eval`, `.`/`source`, `exec` and `trap`.

use secure_exec_system::Signal;

use super::usage_error;
use crate::quote::quote;
use crate::shell::{Flow, Shell, Status};

pub fn colon(_shell: &mut Shell, _args: &[String]) -> Status {
    Ok(0)
}

pub fn false_(_shell: &mut Shell, _args: &[String]) -> Status {
    Ok(1)
}

/// The status argument of `exit` and `return`: `$?` without one, 2 (reported) when it
/// is not a number.
fn status_argument(shell: &mut Shell, args: &[String]) -> i32 {
    match args.get(1) {
        None => shell.state.last_status,
        Some(text) => match text.parse::<i64>() {
            Ok(status) => (status & 0xff) as i32,
            Err(_) => {
                shell.report(format_args!(
                    "{}: {text}: numeric argument required",
                    args[0]
                ));
                2
            }
        },
    }
}

pub fn exit(shell: &mut Shell, args: &[String]) -> Status {
    Err(Flow::Exit(status_argument(shell, args)))
}

pub fn return_from(shell: &mut Shell, args: &[String]) -> Status {
    if shell.state.function_depth == 0 && shell.state.source_depth == 0 {
        shell.report("return: can only `return' from a function or sourced script");
        return Ok(1);
    }
    Err(Flow::Return(status_argument(shell, args)))
}

/// The loop count of `break` and `continue`, clamped to the loops there are.
fn loop_levels(shell: &mut Shell, args: &[String]) -> Result<usize, i32> {
    let name = &args[0];
    let levels = match args.get(1) {
        None => 1,
        Some(text) => match text.parse::<usize>() {
            Ok(levels) if levels > 0 => levels,
            _ => {
                shell.report(format_args!("{name}: {text}: loop count out of range"));
                return Err(1);
            }
        },
    };
    if shell.state.loop_depth == 0 {
        shell.report(format_args!(
            "{name}: only meaningful in a `for', `while', or `until' loop"
        ));
        return Err(0);
    }
    Ok(levels.min(shell.state.loop_depth))
}

pub fn break_loop(shell: &mut Shell, args: &[String]) -> Status {
    match loop_levels(shell, args) {
        Ok(levels) => Err(Flow::Break(levels)),
        Err(status) => Ok(status),
    }
}

pub fn continue_loop(shell: &mut Shell, args: &[String]) -> Status {
    match loop_levels(shell, args) {
        Ok(levels) => Err(Flow::Continue(levels)),
        Err(status) => Ok(status),
    }
}

pub fn eval(shell: &mut Shell, args: &[String]) -> Status {
    if !shell.may_nest("eval") {
        return Ok(1);
    }
    let text = args[1..].join(" ");
    shell.run_text(&text)
}

/// `. file [args]`: runs the file in this shell; `return` ends it.
pub fn source(shell: &mut Shell, args: &[String]) -> Status {
    let Some(file) = args.get(1) else {
        return usage_error(shell, &args[0], "filename argument required");
    };
    if !shell.may_nest(&args[0]) {
        return Ok(1);
    }
    let path = if file.contains('/') {
        file.clone()
    } else {
        super::lookup::find_in_path(shell, file, 4).unwrap_or_else(|| file.clone())
    };
    let text = match shell.sys.read_file(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) => {
            shell.report(format_args!("{file}: {error}"));
            return Ok(1);
        }
    };
    let replaced_positional = (args.len() > 2)
        .then(|| std::mem::replace(&mut shell.state.positional, args[2..].to_vec()));
    shell.state.source_depth += 1;
    let result = shell.run_text(&text);
    shell.state.source_depth -= 1;
    if let Some(positional) = replaced_positional {
        shell.state.positional = positional;
    }
    match result {
        Err(Flow::Return(status)) => Ok(status),
        other => other,
    }
}

/// `exec command args` (reached through `command exec`; the executor runs `exec` itself
/// to give it the command's assignments and redirections).
pub fn exec(shell: &mut Shell, args: &[String]) -> Status {
    shell.replace_with_program(&args[1..], &[])
}

/// `trap [action] condition...`: `EXIT` handlers run when the shell exits; handlers for
/// signals are kept (and listed) but never run, since every signal ends the shell.
pub fn trap(shell: &mut Shell, args: &[String]) -> Status {
    let operands = match args.get(1).map(String::as_str) {
        Some("-l") => {
            let names: Vec<&str> = Signal::ALL.iter().map(|signal| signal.name()).collect();
            shell.print(&format!("{}\n", names.join(" ")))?;
            return Ok(0);
        }
        Some("-p") | None => {
            let listing = trap_listing(shell);
            shell.print(&listing)?;
            return Ok(0);
        }
        Some("--") => &args[2..],
        _ => &args[1..],
    };
    let (action, conditions) = match operands {
        [] => return Ok(0),
        [first, ..] if first.parse::<u32>().is_ok() => (None, operands),
        [first, rest @ ..] if first == "-" => (None, rest),
        [first, rest @ ..] => (Some(first.clone()), rest),
    };
    let mut status = 0;
    for condition in conditions {
        let Some(key) = trap_condition(condition) else {
            shell.report(format_args!(
                "trap: {condition}: invalid signal specification"
            ));
            status = 1;
            continue;
        };
        if key == "EXIT" {
            shell.state.exit_trap = action.clone();
        } else {
            match &action {
                Some(action) => shell.state.other_traps.insert(key, action.clone()),
                None => shell.state.other_traps.remove(&key),
            };
        }
    }
    Ok(status)
}

/// `EXIT`/`0`, a signal name or number, or one of bash's pseudo-signals.
fn trap_condition(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    match upper.as_str() {
        "EXIT" | "0" | "SIGEXIT" => Some("EXIT".to_string()),
        "ERR" | "DEBUG" | "RETURN" => Some(upper),
        _ => Signal::parse(text).map(|signal| signal.name().to_string()),
    }
}

fn trap_listing(shell: &Shell) -> String {
    let exit = shell
        .state
        .exit_trap
        .as_ref()
        .map(|action| ("EXIT".to_string(), action.clone()));
    exit.into_iter()
        .chain(shell.state.other_traps.clone())
        .map(|(condition, action)| format!("trap -- {} {condition}\n", quote(&action)))
        .collect()
}
