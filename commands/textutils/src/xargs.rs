//! `xargs`: build command lines from standard input and run them one after another
//! (`-P` is accepted and runs them in turn). Options: `-n -L -I -i -0 -d -r -t -s -E -a -x`.
//! Children get `/dev/null` as standard input. Exit status as GNU: 123 if a command exited
//! 1-125, 124 if one exited 255, 125 if one was killed, 126/127 if one could not be run.

use secure_exec_system::{Errno, ExitStatus, Fd, OpenFlags, System};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::spawn;

const HELP: &str = "\
Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...
Run COMMAND with arguments INITIAL-ARGS and more arguments read from input.
  -0, --null                   items are separated by a null, not whitespace
  -a, --arg-file=FILE          read arguments from FILE, not standard input
  -d, --delimiter=CHARACTER    items are separated by CHARACTER
  -E END                       set logical EOF string
  -I R                         replace R in INITIAL-ARGS with names read from input
  -L, --max-lines=MAX-LINES    use at most MAX-LINES non-blank input lines per command
  -n, --max-args=MAX-ARGS      use at most MAX-ARGS arguments per command line
  -P, --max-procs=MAX-PROCS    accepted; commands run one at a time
  -r, --no-run-if-empty        if there are no arguments, then do not run COMMAND
  -s, --max-chars=MAX-CHARS    limit length of command line to MAX-CHARS
  -t, --verbose                print commands before executing them
  -x, --exit                   exit if the size (see -s) is exceeded
";

struct Options {
    command: Vec<String>,
    max_args: Option<usize>,
    max_lines: Option<usize>,
    replace: Option<String>,
    delimiter: Option<u8>,
    no_run_if_empty: bool,
    verbose: bool,
    max_chars: usize,
    eof: Option<String>,
    arg_file: Option<String>,
}

/// Why `xargs` stops early.
struct Stop(i32);

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let options = match parse(args) {
        Ok(Some(options)) => options,
        Ok(None) => return cli::help(io, HELP),
        Err(usage) => return usage.report("xargs", io, 1),
    };
    let input = match &options.arg_file {
        Some(path) => {
            crate::input::read_path(sys, path).map_err(|errno| format!("{path}: {errno}"))
        }
        None => {
            let mut data = Vec::new();
            io.stdin
                .read_to_end(&mut data)
                .map(|_| data)
                .map_err(|e| e.to_string())
        }
    };
    let input = match input {
        Ok(input) => String::from_utf8_lossy(&input).into_owned(),
        Err(message) => {
            cli::error(io, "xargs", message);
            return 1;
        }
    };
    let lines = match split(&input, &options) {
        Ok(lines) => lines,
        Err(message) => {
            cli::error(io, "xargs", message);
            return 1;
        }
    };
    let null = match sys.open("/dev/null", OpenFlags::READ, 0) {
        Ok(fd) => fd,
        Err(errno) => {
            cli::error(io, "xargs", format_args!("/dev/null: {errno}"));
            return 1;
        }
    };
    let mut runner = Runner {
        sys,
        null,
        verbose: options.verbose,
        status: 0,
    };
    let result = run_all(&mut runner, io, &options, lines);
    let _ = runner.sys.close(null);
    match result {
        Ok(()) => runner.status,
        Err(Stop(status)) => status,
    }
}

fn parse(args: Vec<String>) -> Result<Option<Options>, Usage> {
    let mut options = Options {
        command: Vec::new(),
        max_args: None,
        max_lines: None,
        replace: None,
        delimiter: None,
        no_run_if_empty: false,
        verbose: false,
        max_chars: 128 * 1024,
        eof: None,
        arg_file: None,
    };
    let mut parser = Parser::new(args).posix_order();
    let count = |value: String| -> Result<usize, Usage> {
        cli::number::<usize>(&value)
            .filter(|&n| n > 0)
            .ok_or(Usage(format!("invalid number \"{value}\"")))
    };
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(operand), _) => options.command.push(operand.clone()),
            (_, "help") => return Ok(None),
            (Arg::Short('0'), _) | (_, "null") => options.delimiter = Some(0),
            (Arg::Short('d'), _) | (_, "delimiter") => {
                let value = parser.required(&arg)?;
                options.delimiter = Some(delimiter(&value).ok_or(Usage(format!(
                    "invalid input delimiter specification {value}"
                )))?);
            }
            (Arg::Short('a'), _) | (_, "arg-file") => {
                options.arg_file = Some(parser.required(&arg)?)
            }
            (Arg::Short('E'), _) => options.eof = Some(parser.required(&arg)?),
            (Arg::Short('e'), _) | (_, "eof") => options.eof = parser.attached(),
            (Arg::Short('I'), _) => options.replace = Some(parser.required(&arg)?),
            (Arg::Short('i'), _) | (_, "replace") => {
                options.replace = Some(parser.attached().unwrap_or_else(|| "{}".into()))
            }
            (Arg::Short('L'), _) | (_, "max-lines") => {
                options.max_lines = Some(count(parser.required(&arg)?)?)
            }
            (Arg::Short('l'), _) => {
                options.max_lines = Some(parser.attached().map_or(Ok(1), count)?)
            }
            (Arg::Short('n'), _) | (_, "max-args") => {
                options.max_args = Some(count(parser.required(&arg)?)?)
            }
            (Arg::Short('s'), _) | (_, "max-chars") => {
                options.max_chars = count(parser.required(&arg)?)?
            }
            (Arg::Short('P'), _) | (_, "max-procs") => {
                parser.required(&arg)?;
            }
            (Arg::Short('r'), _) | (_, "no-run-if-empty") => options.no_run_if_empty = true,
            (Arg::Short('t'), _) | (_, "verbose") => options.verbose = true,
            (Arg::Short('x'), _) | (_, "exit") => {}
            _ => return Err(Usage::unknown(&arg)),
        }
    }
    if options.command.is_empty() {
        options.command.push("echo".into());
    }
    Ok(Some(options))
}

/// `-d`'s argument: one character or a C escape.
fn delimiter(text: &str) -> Option<u8> {
    match text {
        "\\n" => Some(b'\n'),
        "\\t" => Some(b'\t'),
        "\\0" => Some(0),
        "\\\\" => Some(b'\\'),
        _ if text.len() == 1 => Some(text.as_bytes()[0]),
        _ => text
            .strip_prefix("\\x")
            .and_then(|hex| u8::from_str_radix(hex, 16).ok()),
    }
}

/// The input as lines of items. With `-0` or `-d` every item is a line of its own; with
/// `-I` every input line is one item; otherwise items are split at blanks, with quotes
/// and backslashes, and a line ending in a blank goes on to the next.
fn split(input: &str, options: &Options) -> Result<Vec<Vec<String>>, String> {
    let mut lines: Vec<Vec<String>> = Vec::new();
    if let Some(delimiter) = options.delimiter {
        let delimiter = char::from(delimiter);
        let body = input.strip_suffix(delimiter).unwrap_or(input);
        if !input.is_empty() {
            lines.extend(body.split(delimiter).map(|item| vec![item.to_string()]));
        }
    } else if options.replace.is_some() {
        lines.extend(
            input
                .lines()
                .map(|line| line.trim_start_matches([' ', '\t']))
                .filter(|line| !line.is_empty())
                .map(|line| vec![line.to_string()]),
        );
    } else {
        let mut line = Vec::new();
        let mut item = String::new();
        let mut in_item = false;
        let mut chars = input.chars();
        let mut previous = '\n';
        while let Some(c) = chars.next() {
            let blank_before = matches!(previous, ' ' | '\t');
            previous = c;
            match c {
                '\n' => {
                    if in_item {
                        line.push(std::mem::take(&mut item));
                        in_item = false;
                    }
                    if !line.is_empty() && !blank_before {
                        lines.push(std::mem::take(&mut line));
                    }
                }
                ' ' | '\t' => {
                    if in_item {
                        line.push(std::mem::take(&mut item));
                        in_item = false;
                    }
                }
                '\'' | '"' => {
                    in_item = true;
                    loop {
                        match chars.next() {
                            Some(q) if q == c => break,
                            Some('\n') | None => {
                                let kind = if c == '\'' { "single" } else { "double" };
                                return Err(format!(
                                    "unmatched {kind} quote; by default quotes are special to xargs unless you use the -0 option"
                                ));
                            }
                            Some(other) => item.push(other),
                        }
                    }
                }
                '\\' => {
                    in_item = true;
                    if let Some(escaped) = chars.next() {
                        item.push(escaped);
                    }
                }
                _ => {
                    in_item = true;
                    item.push(c);
                }
            }
        }
        if in_item {
            line.push(item);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    let eof = options.eof.as_ref().and_then(|eof| {
        lines
            .iter()
            .enumerate()
            .find_map(|(i, line)| line.iter().position(|item| item == eof).map(|j| (i, j)))
    });
    if let Some((line, item)) = eof {
        lines[line].truncate(item);
        lines.truncate(line + 1);
        if lines[line].is_empty() {
            lines.pop();
        }
    }
    Ok(lines)
}

fn run_all(
    runner: &mut Runner<'_>,
    io: &mut Stdio<'_>,
    options: &Options,
    lines: Vec<Vec<String>>,
) -> Result<(), Stop> {
    if let Some(replace) = &options.replace {
        for line in lines {
            let item = line.concat();
            let argv = options
                .command
                .iter()
                .map(|arg| arg.replace(replace.as_str(), &item))
                .collect();
            runner.run(io, argv)?;
        }
        return Ok(());
    }
    let base_size: usize = options.command.iter().map(|arg| arg.len() + 1).sum();
    let mut batch: Vec<String> = Vec::new();
    let mut batch_lines = 0;
    let mut ran = false;
    for line in lines {
        for item in line {
            let size: usize = base_size + batch.iter().map(|arg| arg.len() + 1).sum::<usize>();
            let full = options.max_args.is_some_and(|max| batch.len() >= max)
                || (!batch.is_empty() && size + item.len() + 1 > options.max_chars);
            if full && options.max_lines.is_none() {
                runner.run(
                    io,
                    [options.command.clone(), std::mem::take(&mut batch)].concat(),
                )?;
                ran = true;
            }
            batch.push(item);
        }
        batch_lines += 1;
        if options.max_lines.is_some_and(|max| batch_lines >= max) {
            runner.run(
                io,
                [options.command.clone(), std::mem::take(&mut batch)].concat(),
            )?;
            batch_lines = 0;
            ran = true;
        }
    }
    if !batch.is_empty() || (!ran && !options.no_run_if_empty) {
        runner.run(io, [options.command.clone(), batch].concat())?;
    }
    Ok(())
}

struct Runner<'a> {
    sys: &'a mut dyn System,
    null: Fd,
    verbose: bool,
    status: i32,
}

impl Runner<'_> {
    fn run(&mut self, io: &mut Stdio<'_>, argv: Vec<String>) -> Result<(), Stop> {
        if self.verbose {
            let _ = writeln!(io.stderr, "{}", argv.join(" "));
        }
        let program = argv[0].clone();
        match spawn::run(self.sys, io.stdout, argv, None, self.null) {
            Ok(ExitStatus::Exited(0)) => Ok(()),
            Ok(ExitStatus::Exited(255)) => {
                cli::error(
                    io,
                    "xargs",
                    format_args!("{program}: exited with status 255; aborting"),
                );
                Err(Stop(124))
            }
            Ok(ExitStatus::Exited(_)) => {
                self.status = 123;
                Ok(())
            }
            Ok(ExitStatus::Signaled(signal)) => {
                cli::error(
                    io,
                    "xargs",
                    format_args!("{program}: terminated by signal {}", signal.number()),
                );
                Err(Stop(125))
            }
            Err(errno) => {
                cli::error(io, "xargs", format_args!("{program}: {errno}"));
                Err(Stop(if errno == Errno::Enoent { 127 } else { 126 }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn xargs(args: &[&str], stdin: &str) -> (i32, String, FakeSystem) {
        let mut sys = FakeSystem::new();
        let mut all = vec!["xargs"];
        all.extend(args);
        let run = run(&mut sys, main, &all, stdin);
        (run.status, run.stderr, sys)
    }

    fn console(args: &[&str], stdin: &str) -> String {
        let (status, stderr, sys) = xargs(args, stdin);
        assert_eq!((status, stderr.as_str()), (0, ""), "xargs {args:?}");
        sys.console
    }

    #[test]
    fn default_command_is_echo_with_all_items() {
        assert_eq!(console(&[], "a b\nc\n"), "a b c\n");
        assert_eq!(console(&["echo", "x"], "1 2\n"), "x 1 2\n");
        assert_eq!(console(&[], ""), "\n");
        assert_eq!(console(&["-r"], "\n"), "");
    }

    #[test]
    fn batching_by_count_lines_and_size() {
        assert_eq!(console(&["-n", "2"], "1 2 3 4 5"), "1 2\n3 4\n5\n");
        assert_eq!(console(&["-L", "1"], "a b\nc\n"), "a b\nc\n");
        assert_eq!(console(&["-L", "1"], "a \nb\nc\n"), "a b\nc\n");
        assert_eq!(console(&["-s", "13"], "aaa bbb ccc"), "aaa bbb\nccc\n");
    }

    #[test]
    fn replacement_strings() {
        assert_eq!(
            console(&["-I", "{}", "echo", "<{}>"], "a b\n  c\n\n"),
            "<a b>\n<c>\n"
        );
        assert_eq!(console(&["-i", "echo", "[{}]"], "x\n"), "[x]\n");
    }

    #[test]
    fn delimiters_and_quotes() {
        assert_eq!(console(&["-0", "-n1"], "a b\0c\0"), "a b\nc\n");
        assert_eq!(console(&["-d", ",", "-n1"], "x,y z,"), "x\ny z\n");
        assert_eq!(
            console(&["-n1"], "'a b' \"c d\" e\\ f\n"),
            "a b\nc d\ne f\n"
        );
        let (status, stderr, _) = xargs(&[], "'open\n");
        assert_eq!(status, 1);
        assert!(stderr.starts_with("xargs: unmatched single quote"));
        assert_eq!(console(&["-E", "STOP"], "a STOP b\n"), "a\n");
    }

    #[test]
    fn children_read_dev_null_and_verbose_prints_commands() {
        let (status, stderr, sys) = xargs(&["-t", "cat"], "x\n");
        assert_eq!((status, stderr.as_str()), (0, "cat x\n"));
        assert_eq!(sys.console, "");
        let request = &sys.spawned[0];
        assert_eq!((request.stdin, request.stdout, request.stderr), (3, 1, 2));
    }

    #[test]
    fn exit_statuses() {
        assert_eq!(xargs(&["false"], "a\n").0, 123);
        let (status, stderr, sys) = xargs(&["-n1", "exit255"], "a b\n");
        assert_eq!(
            (status, stderr.as_str()),
            (124, "xargs: exit255: exited with status 255; aborting\n")
        );
        assert_eq!(sys.spawned.len(), 1);
        let (status, stderr, _) = xargs(&["nosuch"], "a\n");
        assert_eq!(
            (status, stderr.as_str()),
            (127, "xargs: nosuch: No such file or directory\n")
        );
        let mut sys = FakeSystem::new();
        sys.add_file("script", "");
        assert_eq!(run(&mut sys, main, &["xargs", "./script"], "a").status, 126);
    }
}
