//! A POSIX-style `sh` for the secure-exec kernel. It runs as one process without `fork`:
//! builtins, functions, compound commands and subshells run inside it (subshells on a
//! copy of its state), and only programs are spawned. All input and output goes through
//! [`System`], so redirections stay coherent with what children see.
//!
//! `main` takes the command line: `sh -c 'commands' [name [args...]]`, `sh script
//! [args...]`, or `sh [-s] [args...]` reading the script from standard input, with the
//! `set` options (`-e`, `-u`, `-x`, `-o pipefail`, ...) before them.

mod arith;
mod ast;
mod builtins;
mod exec;
mod expand;
mod external;
mod fds;
mod glob;
mod jobs;
mod lexer;
mod parser;
mod pattern;
mod pipeline;
mod quote;
mod redirect;
mod shell;
mod vars;

#[cfg(test)]
mod tests;

use secure_exec_system::System;

use crate::parser::Parser;
use crate::shell::{Options, Shell, Status};

/// Where the script comes from.
enum Source {
    /// `-c`: the text itself.
    Command(String),
    File(String),
    /// `-s`, or no operands: standard input.
    StandardInput,
}

struct Invocation {
    source: Source,
    /// `$0`
    script_name: String,
    positional: Vec<String>,
    options: Options,
}

/// Parses `sh`'s command line (`args[0]` is the name it was called by).
fn parse_invocation(args: &[String]) -> Result<Invocation, String> {
    let shell_name = args.first().cloned().unwrap_or_else(|| "sh".to_string());
    let mut options = Options::default();
    let mut command_mode = false;
    let mut stdin_mode = false;
    let mut rest = args.get(1..).unwrap_or_default();
    while let Some(arg) = rest.first() {
        let enable = match arg.chars().next() {
            Some('-') => true,
            Some('+') => false,
            _ => break,
        };
        rest = &rest[1..];
        if arg == "--" || arg == "-" {
            break;
        }
        options.apply_letters(&arg[1..], enable, &mut rest, &mut |letter| match letter {
            'c' => {
                command_mode = true;
                true
            }
            's' => {
                stdin_mode = true;
                true
            }
            'i' | 'l' => true,
            _ => false,
        })?;
    }
    let (source, script_name, positional) = if command_mode {
        let (text, operands) = rest
            .split_first()
            .ok_or("-c: option requires an argument".to_string())?;
        let (name, positional) = match operands.split_first() {
            Some((name, positional)) => (name.clone(), positional.to_vec()),
            None => (shell_name, Vec::new()),
        };
        (Source::Command(text.clone()), name, positional)
    } else if stdin_mode || rest.is_empty() {
        (Source::StandardInput, shell_name, rest.to_vec())
    } else {
        (
            Source::File(rest[0].clone()),
            rest[0].clone(),
            rest[1..].to_vec(),
        )
    };
    Ok(Invocation {
        source,
        script_name,
        positional,
        options,
    })
}

/// Runs the shell with `args` (`args[0]` is its name) and environment `env`; returns the
/// exit status.
pub fn main(sys: &mut dyn System, args: Vec<String>, env: Vec<(String, String)>) -> i32 {
    let name = args
        .first()
        .map(|arg0| arg0.rsplit('/').next().unwrap_or(arg0).to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "sh".to_string());
    let invocation = match parse_invocation(&args) {
        Ok(invocation) => invocation,
        Err(message) => {
            let _ = sys.write_all(2, format!("{name}: {message}\n").as_bytes());
            return 2;
        }
    };
    let mut shell = Shell::new(sys, name, invocation.script_name, env);
    shell.state.options = invocation.options;
    shell.state.positional = invocation.positional;
    let result = match invocation.source {
        Source::Command(text) => shell.run_text(&text),
        Source::File(path) => run_file(&mut shell, &path),
        Source::StandardInput => run_standard_input(&mut shell),
    };
    shell.finish(result)
}

fn run_file(shell: &mut Shell, path: &str) -> Status {
    match shell.sys.read_file(path) {
        Ok(bytes) => shell.run_text(&String::from_utf8_lossy(&bytes)),
        Err(error) => {
            shell.report(format_args!("{path}: {error}"));
            Ok(if error == secure_exec_system::Errno::Enoent {
                127
            } else {
                126
            })
        }
    }
}

/// Reads the script from standard input a line at a time (a byte at a time, so commands
/// that read standard input get what follows), running each command once it is complete.
fn run_standard_input(shell: &mut Shell) -> Status {
    let mut pending = String::new();
    let mut pending_bytes = Vec::new();
    let mut first_line = 1;
    let mut status = 0;
    loop {
        let at_end = loop {
            match shell.state.fds.read(shell.sys, 0, 1) {
                Ok(byte) if byte.is_empty() => break true,
                Ok(byte) => {
                    pending_bytes.push(byte[0]);
                    if byte[0] == b'\n' {
                        break false;
                    }
                }
                Err(error) => {
                    shell.report(format_args!("read error: {error}"));
                    break true;
                }
            }
        };
        pending.push_str(&String::from_utf8_lossy(&std::mem::take(
            &mut pending_bytes,
        )));
        let mut parser = Parser::new(&pending, first_line, at_end);
        let mut programs = Vec::new();
        let error = loop {
            match parser.next_command() {
                Ok(Some(program)) => programs.push(program),
                Ok(None) => break None,
                Err(error) => break Some(error),
            }
        };
        if error.as_ref().is_some_and(|e| e.is_incomplete()) && !at_end {
            continue;
        }
        first_line += pending.matches('\n').count();
        pending.clear();
        if !shell.state.options.noexec {
            for program in &programs {
                status = shell.run_program(program)?;
            }
        }
        if let Some(error) = error {
            shell.report(error);
            return Ok(2);
        }
        if at_end {
            return Ok(status);
        }
    }
}
