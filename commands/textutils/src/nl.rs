//! `nl`: number lines: `-b a|t|n|pREGEX` (which lines), `-n ln|rn|rz` (format), `-w N`,
//! `-s SEP`, `-v START`, `-i STEP`. Numbering runs on across files.

use regex::bytes::Regex;
use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::each_record;
use crate::posix_regex;

const HELP: &str = "\
Usage: nl [OPTION]... [FILE]...
Write each FILE to standard output, with line numbers added.
  -b, --body-numbering=STYLE      use STYLE for numbering body lines (a, t, n, pBRE)
  -i, --line-increment=NUMBER     line number increment at each line
  -n, --number-format=FORMAT      insert line numbers according to FORMAT (ln, rn, rz)
  -s, --number-separator=STRING   add STRING after (possible) line number
  -v, --starting-line-number=NUMBER  first line number for each section
  -w, --number-width=NUMBER       use NUMBER columns for line numbers
";

enum Style {
    All,
    NonEmpty,
    None,
    Matching(Regex),
}

struct Options {
    style: Style,
    format: String,
    width: usize,
    separator: String,
    start: i64,
    step: i64,
    files: Vec<String>,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let options = match parse(args) {
        Ok(Some(options)) => options,
        Ok(None) => return cli::help(io, HELP),
        Err(usage) => return usage.report("nl", io, 1),
    };
    let Options {
        style,
        format,
        width,
        separator,
        start,
        step,
        files,
    } = options;
    let mut number = start;
    each_record(sys, io, "nl", &files, b'\n', |record, out| {
        let line = record.strip_suffix(b"\n").unwrap_or(record);
        let numbered = match &style {
            Style::All => true,
            Style::NonEmpty => !line.is_empty(),
            Style::None => false,
            Style::Matching(regex) => regex.is_match(line),
        };
        if numbered {
            let text = match format.as_str() {
                "ln" => format!("{number:<width$}"),
                "rz" => format!("{number:0>width$}"),
                _ => format!("{number:>width$}"),
            };
            write!(out, "{text}{separator}")?;
            number += step;
        } else {
            write!(out, "{:width$}", "", width = width + separator.len())?;
        }
        out.write_all(record)
    })
}

fn parse(args: Vec<String>) -> Result<Option<Options>, Usage> {
    let mut options = Options {
        style: Style::NonEmpty,
        format: "rn".into(),
        width: 6,
        separator: "\t".into(),
        start: 1,
        step: 1,
        files: Vec::new(),
    };
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => options.files.push(file.clone()),
            (_, "help") => return Ok(None),
            (Arg::Short('b'), _) | (_, "body-numbering") => {
                let value = parser.required(&arg)?;
                options.style = match value.as_str() {
                    "a" => Style::All,
                    "t" => Style::NonEmpty,
                    "n" => Style::None,
                    _ => {
                        let pattern = value
                            .strip_prefix('p')
                            .ok_or(Usage(format!("invalid body numbering style: '{value}'")))?;
                        let translated = posix_regex::translate(pattern, false).map_err(Usage)?;
                        Style::Matching(Regex::new(&translated).map_err(|e| Usage(e.to_string()))?)
                    }
                };
            }
            (Arg::Short('n'), _) | (_, "number-format") => {
                options.format = parser.required(&arg)?;
                if !["ln", "rn", "rz"].contains(&options.format.as_str()) {
                    return Err(Usage(format!(
                        "invalid line numbering format: '{}'",
                        options.format
                    )));
                }
            }
            (Arg::Short('w'), _) | (_, "number-width") => {
                let value = parser.required(&arg)?;
                options.width = cli::number(&value)
                    .filter(|&w| w > 0)
                    .ok_or(Usage(format!("invalid line number field width: '{value}'")))?;
            }
            (Arg::Short('s'), _) | (_, "number-separator") => {
                options.separator = parser.required(&arg)?
            }
            (Arg::Short('v'), _) | (_, "starting-line-number") => {
                let value = parser.required(&arg)?;
                options.start = cli::number(&value)
                    .ok_or(Usage(format!("invalid starting line number: '{value}'")))?;
            }
            (Arg::Short('i'), _) | (_, "line-increment") => {
                let value = parser.required(&arg)?;
                options.step = cli::number(&value)
                    .ok_or(Usage(format!("invalid line number increment: '{value}'")))?;
            }
            _ => return Err(Usage::unknown(&arg)),
        }
    }
    if options.files.is_empty() {
        options.files.push("-".into());
    }
    Ok(Some(options))
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn nl(args: &[&str], stdin: &str) -> String {
        let mut all = vec!["nl"];
        all.extend(args);
        run(&mut FakeSystem::new(), main, &all, stdin).stdout
    }

    #[test]
    fn numbers_non_empty_lines() {
        assert_eq!(nl(&[], "a\n\nb\n"), "     1\ta\n       \n     2\tb\n");
        assert_eq!(nl(&["-ba", "-w2", "-s", ": "], "a\n\n"), " 1: a\n 2: \n");
        assert_eq!(
            nl(&["-n", "ln", "-w", "3", "-v", "10", "-i", "5"], "a\nb\n"),
            "10 \ta\n15 \tb\n"
        );
        assert_eq!(nl(&["-nrz", "-w3"], "a\n"), "001\ta\n");
        assert_eq!(nl(&["-b", "p^x"], "x1\ny\n"), "     1\tx1\n       y\n");
        assert_eq!(
            run(&mut FakeSystem::new(), main, &["nl", "-n", "zz"], "").status,
            1
        );
    }
}
