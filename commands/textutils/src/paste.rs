//! `paste`: join corresponding lines of files with tabs (or `-d LIST`, cycled), or each
//! file's lines into one with `-s`.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::{lines, read_operand};

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut delimiters = vec!["\t".to_string()];
    let mut serial = false;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => files.push(file.clone()),
            (_, "help") => {
                return cli::help(
                    io,
                    "Usage: paste [-s] [-d LIST] [FILE]...\nWrite lines of each FILE side by side, separated by TABs.\n",
                );
            }
            (Arg::Short('s'), _) | (_, "serial") => serial = true,
            (Arg::Short('d'), _) | (_, "delimiters") => match parser.required(&arg) {
                Ok(list) => delimiters = delimiter_list(&list),
                Err(usage) => return usage.report("paste", io, 1),
            },
            _ => return Usage::unknown(&arg).report("paste", io, 1),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut contents = Vec::new();
    for file in &files {
        match read_operand(sys, io, "paste", file) {
            Some(data) => contents.push(data),
            None => return 1,
        }
    }
    let inputs: Vec<Vec<&[u8]>> = contents.iter().map(|data| lines(data)).collect();
    let delimiter = |i: usize| delimiters[i % delimiters.len()].as_bytes();
    let mut out = Vec::new();
    if serial {
        for input in &inputs {
            for (i, line) in input.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(delimiter(i - 1));
                }
                out.extend_from_slice(line);
            }
            out.push(b'\n');
        }
    } else {
        let rows = inputs.iter().map(Vec::len).max().unwrap_or(0);
        for row in 0..rows {
            for (i, input) in inputs.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(delimiter(i - 1));
                }
                out.extend_from_slice(input.get(row).copied().unwrap_or_default());
            }
            out.push(b'\n');
        }
    }
    match io.stdout.write_all(&out) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// `-d`'s list: one delimiter per character, with `\n`, `\t`, `\\` and `\0` (none).
fn delimiter_list(list: &str) -> Vec<String> {
    let mut delimiters = Vec::new();
    let mut chars = list.chars();
    while let Some(c) = chars.next() {
        delimiters.push(match c {
            '\\' => match chars.next() {
                Some('n') => "\n".into(),
                Some('t') => "\t".into(),
                Some('0') | None => String::new(),
                Some(other) => other.to_string(),
            },
            _ => c.to_string(),
        });
    }
    if delimiters.is_empty() {
        delimiters.push(String::new());
    }
    delimiters
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn joins_lines() {
        let mut sys = FakeSystem::new();
        sys.add_file("a", "1\n2\n3\n").add_file("b", "x\ny");
        assert_eq!(
            run(&mut sys, main, &["paste", "a", "b"], "").stdout,
            "1\tx\n2\ty\n3\t\n"
        );
        assert_eq!(
            run(&mut sys, main, &["paste", "-d", ",:", "a", "b", "a"], "").stdout,
            "1,x:1\n2,y:2\n3,:3\n"
        );
        assert_eq!(
            run(&mut sys, main, &["paste", "-s", "a", "b"], "").stdout,
            "1\t2\t3\nx\ty\n"
        );
        assert_eq!(
            run(&mut sys, main, &["paste", "-sd,"], "a\nb\nc\n").stdout,
            "a,b,c\n"
        );
        assert_eq!(run(&mut sys, main, &["paste", "nope"], "").status, 1);
    }
}
