//! `fold`: wrap lines at a width (`-w`, 80 by default) counting columns (tabs to the next
//! multiple of 8) or bytes (`-b`), breaking after the last blank with `-s`.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::each_record;

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut width = 80;
    let mut bytes = false;
    let mut spaces = false;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => files.push(file.clone()),
            (_, "help") => {
                return cli::help(
                    io,
                    "Usage: fold [-bs] [-w WIDTH] [FILE]...\nWrap input lines in each FILE, writing to standard output.\n",
                );
            }
            (Arg::Short('b'), _) | (_, "bytes") => bytes = true,
            (Arg::Short('s'), _) | (_, "spaces") => spaces = true,
            (Arg::Short('w'), _) | (_, "width") => {
                let value = parser.value().unwrap_or_default();
                match cli::number::<usize>(&value).filter(|&w| w > 0) {
                    Some(value) => width = value,
                    None => {
                        return Usage(format!("invalid number of columns: '{value}'"))
                            .report("fold", io, 1);
                    }
                }
            }
            (Arg::Short(digit @ '0'..='9'), _) => {
                let rest = parser.attached().unwrap_or_default();
                width = format!("{digit}{rest}").parse().unwrap_or(80);
            }
            _ => return Usage::unknown(&arg).report("fold", io, 1),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    each_record(sys, io, "fold", &files, b'\n', |record, out| {
        let text = String::from_utf8_lossy(record);
        let (line, newline) = match text.strip_suffix('\n') {
            Some(line) => (line, "\n"),
            None => (text.as_ref(), ""),
        };
        write!(out, "{}{newline}", fold(line, width, bytes, spaces))
    })
}

fn advance(column: usize, c: char, bytes: bool) -> usize {
    match c {
        _ if bytes => column + c.len_utf8(),
        '\t' => column + 8 - column % 8,
        '\u{8}' => column.saturating_sub(1),
        '\r' => 0,
        _ => column + 1,
    }
}

/// One line (without its newline) broken into lines of at most `width` columns.
fn fold(line: &str, width: usize, bytes: bool, spaces: bool) -> String {
    let mut out = String::new();
    let mut current: Vec<char> = Vec::new();
    let mut column = 0;
    for c in line.chars() {
        let next = advance(column, c, bytes);
        if next > width && !current.is_empty() {
            let split = if spaces {
                current
                    .iter()
                    .rposition(|c| c.is_whitespace())
                    .map(|i| i + 1)
            } else {
                None
            };
            let kept = split.map_or(Vec::new(), |i| current.split_off(i));
            out.extend(&current);
            out.push('\n');
            current = kept;
            column = current.iter().fold(0, |col, &c| advance(col, c, bytes));
        }
        column = advance(column, c, bytes);
        current.push(c);
    }
    out.extend(&current);
    out
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn fold(args: &[&str], stdin: &str) -> String {
        let mut all = vec!["fold"];
        all.extend(args);
        run(&mut FakeSystem::new(), main, &all, stdin).stdout
    }

    #[test]
    fn wraps_at_the_width() {
        assert_eq!(fold(&["-w", "3"], "abcdefg\nhi\n"), "abc\ndef\ng\nhi\n");
        assert_eq!(fold(&["-w5", "-s"], "aa bb cc\n"), "aa \nbb cc\n");
        assert_eq!(fold(&["-w", "4"], "\tab\n"), "\t\nab\n");
        assert_eq!(fold(&["-b", "-w", "4"], "\tabcd\n"), "\tabc\nd\n");
        assert_eq!(fold(&["-2"], "abc"), "ab\nc");
    }
}
