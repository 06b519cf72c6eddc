//! `rev`: each line's characters in reverse order.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::each_record;

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Operand(file) => files.push(file.clone()),
            Arg::Long(name) if name == "help" => {
                return cli::help(
                    io,
                    "Usage: rev [FILE]...\nReverse the characters of each line.\n",
                );
            }
            _ => return Usage::unknown(&arg).report("rev", io, 1),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    each_record(sys, io, "rev", &files, b'\n', |record, out| {
        let (line, newline) = match record.strip_suffix(b"\n") {
            Some(line) => (line, "\n"),
            None => (record, ""),
        };
        let reversed: String = String::from_utf8_lossy(line).chars().rev().collect();
        write!(out, "{reversed}{newline}")
    })
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn reverses_characters() {
        let mut sys = FakeSystem::new();
        assert_eq!(
            run(&mut sys, main, &["rev"], "abc\nhé\nx").stdout,
            "cba\néh\nx"
        );
    }
}
