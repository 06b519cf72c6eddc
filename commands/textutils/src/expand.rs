//! `expand`: tabs to spaces, with tab stops every 8 columns, every N (`-t N`) or at a
//! list (`-t 4,10`); `-i` only for leading tabs.

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::each_record;

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut stops = vec![8];
    let mut initial = false;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => files.push(file.clone()),
            (_, "help") => {
                return cli::help(
                    io,
                    "Usage: expand [-i] [-t N|LIST] [FILE]...\nConvert tabs in each FILE to spaces.\n",
                );
            }
            (Arg::Short('i'), _) | (_, "initial") => initial = true,
            (Arg::Short('t'), _) | (_, "tabs") => {
                let value = parser.required(&arg);
                match value.ok().and_then(|v| tab_stops(&v)) {
                    Some(list) => stops = list,
                    None => {
                        return Usage("tab sizes must be ascending".into()).report("expand", io, 1);
                    }
                }
            }
            _ => return Usage::unknown(&arg).report("expand", io, 1),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    each_record(sys, io, "expand", &files, b'\n', |record, out| {
        let text = String::from_utf8_lossy(record);
        let mut expanded = String::new();
        let mut column = 0;
        let mut leading = true;
        for c in text.chars() {
            match c {
                '\t' if leading || !initial => {
                    let next = next_stop(&stops, column);
                    expanded.extend(std::iter::repeat_n(' ', next - column));
                    column = next;
                }
                '\u{8}' => {
                    column = column.saturating_sub(1);
                    expanded.push(c);
                }
                _ => {
                    leading &= c == ' ' || c == '\t';
                    column += 1;
                    expanded.push(c);
                }
            }
        }
        out.write_all(expanded.as_bytes())
    })
}

/// `N` or an ascending list `A,B,...` (blanks also separate).
fn tab_stops(text: &str) -> Option<Vec<usize>> {
    let stops: Vec<usize> = text
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok().filter(|&n| n > 0))
        .collect::<Option<_>>()?;
    (!stops.is_empty() && stops.windows(2).all(|w| w[0] < w[1])).then_some(stops)
}

/// The column the next tab stop after `column` is at; past a list's end, one column on.
fn next_stop(stops: &[usize], column: usize) -> usize {
    match stops {
        [every] => column + every - column % every,
        _ => stops
            .iter()
            .copied()
            .find(|&stop| stop > column)
            .unwrap_or(column + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn expand(args: &[&str], stdin: &str) -> String {
        let mut all = vec!["expand"];
        all.extend(args);
        run(&mut FakeSystem::new(), main, &all, stdin).stdout
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(expand(&[], "a\tb\n\tc\n"), "a       b\n        c\n");
        assert_eq!(expand(&["-t", "4"], "ab\tc\n"), "ab  c\n");
        assert_eq!(expand(&["-t", "2,5"], "\t\t\tx\n"), "      x\n");
        assert_eq!(expand(&["-i", "-t2"], "\ta\tb\n"), "  a\tb\n");
        assert_eq!(
            run(&mut FakeSystem::new(), main, &["expand", "-t", "4,2"], "").status,
            1
        );
    }
}
