//! `comm`: compare two sorted files line by line: lines only in the first, only in the
//! second, and in both, in three tab-indented columns; `-1 -2 -3` hide columns.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::{lines, read_operand};

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut hide = [false; 3];
    let mut separator = "\t".to_string();
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Operand(file) => files.push(file.clone()),
            Arg::Short(c @ '1'..='3') => hide[*c as usize - '1' as usize] = true,
            Arg::Long(name) if name == "help" => {
                return cli::help(
                    io,
                    "Usage: comm [-123] FILE1 FILE2\nCompare sorted files FILE1 and FILE2 line by line.\n",
                );
            }
            Arg::Long(name) if name == "output-delimiter" => match parser.required(&arg) {
                Ok(value) => separator = value,
                Err(usage) => return usage.report("comm", io, 1),
            },
            Arg::Long(name) if name == "check-order" || name == "nocheck-order" => {}
            _ => return Usage::unknown(&arg).report("comm", io, 1),
        }
    }
    if files.len() != 2 {
        let message = match files.len() {
            0 => "missing operand".to_string(),
            1 => format!("missing operand after '{}'", files[0]),
            _ => format!("extra operand '{}'", files[2]),
        };
        return Usage(message).report("comm", io, 1);
    }
    let Some(first) = read_operand(sys, io, "comm", &files[0]) else {
        return 1;
    };
    let Some(second) = read_operand(sys, io, "comm", &files[1]) else {
        return 1;
    };
    let (first, second) = (lines(&first), lines(&second));
    let mut out = Vec::new();
    let mut emit = |column: usize, line: &[u8]| {
        if hide[column] {
            return;
        }
        let indent = (0..column).filter(|&c| !hide[c]).count();
        out.extend_from_slice(separator.repeat(indent).as_bytes());
        out.extend_from_slice(line);
        out.push(b'\n');
    };
    let (mut i, mut j) = (0, 0);
    while i < first.len() || j < second.len() {
        match (first.get(i), second.get(j)) {
            (Some(a), Some(b)) if a == b => {
                emit(2, a);
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                emit(0, a);
                i += 1;
            }
            (Some(a), None) => {
                emit(0, a);
                i += 1;
            }
            (_, Some(b)) => {
                emit(1, b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    match io.stdout.write_all(&out) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn three_columns() {
        let mut sys = FakeSystem::new();
        sys.add_file("a", "apple\nbanana\ncherry\n")
            .add_file("b", "banana\ndate\n");
        assert_eq!(
            run(&mut sys, main, &["comm", "a", "b"], "").stdout,
            "apple\n\t\tbanana\ncherry\n\tdate\n"
        );
        assert_eq!(
            run(&mut sys, main, &["comm", "-12", "a", "b"], "").stdout,
            "banana\n"
        );
        assert_eq!(
            run(&mut sys, main, &["comm", "-3", "a", "-"], "date\n").stdout,
            "apple\nbanana\ncherry\n\tdate\n"
        );
        assert_eq!(run(&mut sys, main, &["comm", "a"], "").status, 1);
    }
}
