//! `tac`: each file's lines in reverse order; `-s SEP` for another separator, `-b` to
//! attach it before rather than after each record.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::read_operand;

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut separator = "\n".to_string();
    let mut before = false;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => files.push(file.clone()),
            (_, "help") => {
                return cli::help(
                    io,
                    "Usage: tac [-b] [-s SEP] [FILE]...\nWrite each FILE to standard output, last line first.\n",
                );
            }
            (Arg::Short('b'), _) | (_, "before") => before = true,
            (Arg::Short('s'), _) | (_, "separator") => match parser.required(&arg) {
                Ok(value) if !value.is_empty() => separator = value,
                Ok(_) => return Usage("separator cannot be empty".into()).report("tac", io, 1),
                Err(usage) => return usage.report("tac", io, 1),
            },
            _ => return Usage::unknown(&arg).report("tac", io, 1),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = 0;
    for file in &files {
        let Some(data) = read_operand(sys, io, "tac", file) else {
            status = 1;
            continue;
        };
        if io
            .stdout
            .write_all(&reverse(&data, separator.as_bytes(), before))
            .is_err()
        {
            return 1;
        }
    }
    status
}

/// The records of `data` in reverse order, each keeping its separator.
fn reverse(data: &[u8], separator: &[u8], before: bool) -> Vec<u8> {
    let mut records: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + separator.len() <= data.len() {
        if &data[i..i + separator.len()] == separator {
            if before {
                if i > start {
                    records.push(&data[start..i]);
                }
                start = i;
            } else {
                records.push(&data[start..i + separator.len()]);
                start = i + separator.len();
            }
            i += separator.len();
        } else {
            i += 1;
        }
    }
    if start < data.len() {
        records.push(&data[start..]);
    }
    records.into_iter().rev().flatten().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn reverses_lines() {
        let mut sys = FakeSystem::new();
        sys.add_file("f", "1\n2\n");
        assert_eq!(
            run(&mut sys, main, &["tac"], "a\nb\nc\n").stdout,
            "c\nb\na\n"
        );
        assert_eq!(run(&mut sys, main, &["tac"], "a\nb").stdout, "ba\n");
        assert_eq!(
            run(&mut sys, main, &["tac", "f", "-"], "x\ny\n").stdout,
            "2\n1\ny\nx\n"
        );
        assert_eq!(
            run(&mut sys, main, &["tac", "-s", ","], "a,b,c,").stdout,
            "c,b,a,"
        );
        assert_eq!(
            run(&mut sys, main, &["tac", "-b", "-s", ","], ",a,b").stdout,
            ",b,a"
        );
        let missing = run(&mut sys, main, &["tac", "nope"], "");
        assert_eq!(
            (missing.status, missing.stderr.as_str()),
            (1, "tac: nope: No such file or directory\n")
        );
    }
}
