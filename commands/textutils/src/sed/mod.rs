//! `sed`: the stream editor, GNU-compatible for scripts given with `-e`/`-f` or as the first
//! operand, `-n`, `-E`/`-r`, `-s`, `-z`, `-l N` and `-i[SUFFIX]` (in place, through the
//! kernel, keeping the file's mode and owner). Addresses: `N`, `$`, `/re/I`, `\cREc`,
//! `first~step`, `a,b`, `a,+N`, `a,~N`, `0,/re/` and `!`; commands: `{}` `s` `y` `d` `D`
//! `p` `P` `n` `N` `q` `Q` `a` `i` `c` `r` `w` `=` `l` `h` `H` `g` `G` `x` `z` `:` `b` `t` `T`.

mod exec;
mod parse;

use std::io::Write;

use secure_exec_system::{OpenFlags, SysResult, System};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use exec::{Exec, Settings, Source};

const HELP: &str = "\
Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...
  -n, --quiet, --silent      suppress automatic printing of pattern space
  -e script, --expression=script
                             add the script to the commands to be executed
  -f script-file, --file=script-file
                             add the contents of script-file to the commands
  -i[SUFFIX], --in-place[=SUFFIX]
                             edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N      specify the desired line-wrap length for the `l' command
  -E, -r, --regexp-extended  use extended regular expressions in the script
  -s, --separate             consider files as separate rather than as a single
                             continuous long stream
  -z, --null-data            separate lines by NUL characters
";

/// A piece of the script: `-e` text or a `-f` file, joined by newlines in order.
enum Script {
    Text(String),
    File(String),
}

struct Invocation {
    scripts: Vec<Script>,
    files: Vec<String>,
    quiet: bool,
    extended: bool,
    separate: bool,
    in_place: Option<String>,
    delimiter: u8,
    line_wrap: usize,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let invocation = match parse_args(args) {
        Ok(Some(invocation)) => invocation,
        Ok(None) => return cli::help(io, HELP),
        Err(usage) => return usage.report("sed", io, 1),
    };
    if invocation.in_place.is_some() && invocation.files == ["-"] {
        cli::error(io, "sed", "no input files");
        return 1;
    }
    let mut pieces = Vec::new();
    for script in &invocation.scripts {
        match script {
            Script::Text(text) => pieces.push(text.clone()),
            Script::File(path) => match crate::input::read_all(sys, io.stdin, path) {
                Ok(data) => {
                    let text = String::from_utf8_lossy(&data);
                    pieces.push(text.strip_suffix('\n').unwrap_or(&text).to_string());
                }
                Err(error) => {
                    cli::error(
                        io,
                        "sed",
                        format_args!("couldn't open file {path}: {error}"),
                    );
                    return 1;
                }
            },
        }
    }
    let program = match parse::parse(&pieces.join("\n"), invocation.extended) {
        Ok(program) => program,
        Err(message) => {
            cli::error(io, "sed", message);
            return 1;
        }
    };
    let settings = Settings {
        quiet: invocation.quiet,
        delimiter: invocation.delimiter,
        line_wrap: invocation.line_wrap,
    };
    let mut exec = match Exec::new(&program, settings, sys, &mut *io.stderr) {
        Ok(exec) => exec,
        Err(message) => {
            cli::error(io, "sed", message);
            return 4;
        }
    };
    let result = match &invocation.in_place {
        Some(suffix) => edit_in_place(&mut exec, &invocation, suffix),
        None => stream(&mut exec, io.stdin, io.stdout, &invocation),
    };
    exec.finish();
    match result {
        Ok(status) => status,
        Err(message) => {
            cli::error(io, "sed", message);
            4
        }
    }
}

fn parse_args(args: Vec<String>) -> Result<Option<Invocation>, Usage> {
    let mut invocation = Invocation {
        scripts: Vec::new(),
        files: Vec::new(),
        quiet: false,
        extended: false,
        separate: false,
        in_place: None,
        delimiter: b'\n',
        line_wrap: 70,
    };
    let scripts = &mut invocation.scripts;
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Operand(operand) => invocation.files.push(operand.clone()),
            Arg::Long(name) if name == "help" => return Ok(None),
            Arg::Short('n') => invocation.quiet = true,
            Arg::Long(name) if name == "quiet" || name == "silent" => invocation.quiet = true,
            Arg::Short('E' | 'r') => invocation.extended = true,
            Arg::Long(name) if name == "regexp-extended" => invocation.extended = true,
            Arg::Short('s') => invocation.separate = true,
            Arg::Long(name) if name == "separate" => invocation.separate = true,
            Arg::Short('z') => invocation.delimiter = 0,
            Arg::Long(name) if name == "null-data" => invocation.delimiter = 0,
            Arg::Short('u') => {}
            Arg::Long(name)
                if name == "posix" || name == "unbuffered" || name == "follow-symlinks" => {}
            Arg::Short('e') => scripts.push(Script::Text(parser.required(&arg)?)),
            Arg::Long(name) if name == "expression" => {
                scripts.push(Script::Text(parser.required(&arg)?))
            }
            Arg::Short('f') => scripts.push(Script::File(parser.required(&arg)?)),
            Arg::Long(name) if name == "file" => scripts.push(Script::File(parser.required(&arg)?)),
            Arg::Short('i') => invocation.in_place = Some(parser.attached().unwrap_or_default()),
            Arg::Long(name) if name == "in-place" => {
                invocation.in_place = Some(parser.attached().unwrap_or_default())
            }
            Arg::Short('l') => {
                let value = parser.required(&arg)?;
                invocation.line_wrap =
                    cli::number(&value).ok_or(Usage(format!("invalid line length: {value}")))?;
            }
            _ => return Err(Usage::unknown(&arg)),
        }
    }
    if invocation.scripts.is_empty() {
        if invocation.files.is_empty() {
            return Err(Usage("no script specified".into()));
        }
        let script = invocation.files.remove(0);
        invocation.scripts.push(Script::Text(script));
    }
    if invocation.files.is_empty() {
        invocation.files.push("-".into());
    }
    Ok(Some(invocation))
}

/// Runs the program over the files as one stream, or each alone with `-s`.
fn stream(
    exec: &mut Exec<'_>,
    stdin: &mut dyn std::io::Read,
    stdout: &mut dyn Write,
    invocation: &Invocation,
) -> Result<i32, String> {
    let groups: Vec<Vec<String>> = if invocation.separate {
        invocation
            .files
            .iter()
            .map(|file| vec![file.clone()])
            .collect()
    } else {
        vec![invocation.files.clone()]
    };
    let mut failed = false;
    for files in groups {
        let mut source = Source::files(files, &mut *stdin, invocation.delimiter);
        let quit = exec
            .run(&mut source, stdout)
            .map_err(|e| format!("couldn't write: {e}"))?;
        failed |= source.failed;
        if let Some(status) = quit {
            return Ok(status);
        }
    }
    Ok(if failed { 2 } else { 0 })
}

/// `-i`: each file is edited alone and rewritten in place (so it keeps its mode and
/// owner), after a copy to `file` + `suffix` when there is a suffix.
fn edit_in_place(
    exec: &mut Exec<'_>,
    invocation: &Invocation,
    suffix: &str,
) -> Result<i32, String> {
    let mut status = 0;
    for path in &invocation.files {
        let data = match exec.system().stat(path) {
            Ok(stat) if !stat.is_file() => {
                Err((4, format!("couldn't edit {path}: not a regular file")))
            }
            Ok(_) => exec
                .system()
                .read_file(path)
                .map_err(|errno| (2, format!("can't read {path}: {errno}"))),
            Err(errno) => Err((2, format!("can't read {path}: {errno}"))),
        };
        let data = match data {
            Ok(data) => data,
            Err((failure, message)) => {
                exec.complain(&message);
                status = failure;
                continue;
            }
        };
        let mut output = Vec::new();
        let mut source = Source::memory(data.clone(), invocation.delimiter);
        let quit = exec
            .run(&mut source, &mut output)
            .map_err(|e| e.to_string())?;
        if !suffix.is_empty() {
            let backup = backup_name(path, suffix);
            write_file(exec.system(), &backup, &data)
                .map_err(|errno| format!("couldn't open file {backup}: {errno}"))?;
        }
        write_file(exec.system(), path, &output)
            .map_err(|errno| format!("couldn't edit {path}: {errno}"))?;
        if let Some(quit) = quit {
            return Ok(quit);
        }
    }
    Ok(status)
}

/// `file.bak` for suffix `.bak`; a `*` in the suffix stands for the file's name.
fn backup_name(path: &str, suffix: &str) -> String {
    if !suffix.contains('*') {
        return format!("{path}{suffix}");
    }
    let (dir, name) = match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    };
    let backup = suffix.replace('*', name);
    if backup.contains('/') {
        backup
    } else {
        format!("{dir}{backup}")
    }
}

fn write_file(sys: &mut dyn System, path: &str, data: &[u8]) -> SysResult<()> {
    let fd = sys.open(path, OpenFlags::TRUNCATE, 0o666)?;
    let written = sys.write_all(fd, data);
    sys.close(fd)?;
    written
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn sed(args: &[&str], stdin: &str) -> String {
        let mut all = vec!["sed"];
        all.extend(args);
        let run = run(&mut FakeSystem::new(), main, &all, stdin);
        assert_eq!(run.stderr, "", "sed {args:?}");
        run.stdout
    }

    fn sed_status(args: &[&str], stdin: &str) -> (i32, String, String) {
        let mut all = vec!["sed"];
        all.extend(args);
        let run = run(&mut FakeSystem::new(), main, &all, stdin);
        (run.status, run.stdout, run.stderr)
    }

    const NUMBERS: &str = "one\ntwo\nthree\nfour\nfive\n";

    #[test]
    fn substitution_flags_and_replacements() {
        assert_eq!(sed(&["s/o/0/"], "foo\n"), "f0o\n");
        assert_eq!(sed(&["s/o/0/g"], "foo\n"), "f00\n");
        assert_eq!(sed(&["s/o/0/2"], "fooo\n"), "fo0o\n");
        assert_eq!(sed(&["s/o/0/2g"], "fooo\n"), "fo00\n");
        assert_eq!(
            sed(&["s/\\(f\\)\\(o*\\)/[\\2\\1&]/"], "foo!\n"),
            "[ooffoo]!\n"
        );
        assert_eq!(sed(&["-E", "s/(a|b)+/<&>/"], "xabay\n"), "x<aba>y\n");
        assert_eq!(sed(&["s|/usr|/opt|"], "/usr/bin\n"), "/opt/bin\n");
        assert_eq!(sed(&["s/A/x/I"], "a\n"), "x\n");
        assert_eq!(sed(&["s/x/a\\nb/"], "x\n"), "a\nb\n");
        assert_eq!(sed(&["s/\\w\\+/\\u&/g"], "hello world\n"), "Hello World\n");
        assert_eq!(sed(&["s/.*/\\U&/"], "shout\n"), "SHOUT\n");
        assert_eq!(sed(&["s/x*/-/g"], "abc\n"), "-a-b-c-\n");
        assert_eq!(sed(&["s/[/]/_/"], "a/b\n"), "a_b\n");
        assert_eq!(sed(&["N;s/[\\n]/+/"], "a\nb\n"), "a+b\n");
        assert_eq!(sed(&["s/\\n*$//;s/[\\t]/T/"], "a\tb\n"), "aTb\n");
        assert_eq!(sed(&["-n", "s/two/2/p"], NUMBERS), "2\n");
    }

    #[test]
    fn addresses_and_ranges() {
        assert_eq!(sed(&["-n", "2p"], NUMBERS), "two\n");
        assert_eq!(sed(&["-n", "$p"], NUMBERS), "five\n");
        assert_eq!(sed(&["2,4d"], NUMBERS), "one\nfive\n");
        assert_eq!(sed(&["/two/,/four/d"], NUMBERS), "one\nfive\n");
        assert_eq!(sed(&["-n", "/three/,$p"], NUMBERS), "three\nfour\nfive\n");
        assert_eq!(sed(&["2!d"], NUMBERS), "two\n");
        assert_eq!(sed(&["-n", "1~2p"], NUMBERS), "one\nthree\nfive\n");
        assert_eq!(sed(&["-n", "/two/,+1p"], NUMBERS), "two\nthree\n");
        assert_eq!(sed(&["-n", "2,~4p"], NUMBERS), "two\nthree\nfour\n");
        assert_eq!(sed(&["0,/o/d"], NUMBERS), "two\nthree\nfour\nfive\n");
        assert_eq!(sed(&["1,/o/d"], NUMBERS), "three\nfour\nfive\n");
        assert_eq!(sed(&["-n", "4,2p"], NUMBERS), "four\n");
        assert_eq!(sed(&["-n", "\\,f,p"], NUMBERS), "four\nfive\n");
        assert_eq!(sed(&["-n", "/T/Ip"], NUMBERS), "two\nthree\n");
    }

    #[test]
    fn text_commands() {
        assert_eq!(sed(&["2i\\\nbefore"], "a\nb\n"), "a\nbefore\nb\n");
        assert_eq!(sed(&["1a after"], "a\nb\n"), "a\nafter\nb\n");
        assert_eq!(sed(&["1a\\  indented"], "a\n"), "a\n  indented\n");
        assert_eq!(sed(&["a\\\n  two\\\nlines"], "a\n"), "a\n  two\nlines\n");
        assert_eq!(sed(&["-e", "1a\\", "-e", "x"], "a\n"), "a\nx\n");
        assert_eq!(sed(&["2c\\\nchanged"], "a\nb\nc\n"), "a\nchanged\nc\n");
        assert_eq!(sed(&["2,3c gone"], "a\nb\nc\nd\n"), "a\ngone\nd\n");
        assert_eq!(sed(&["$a\\"], "a\nb"), "a\nb\n");
        assert_eq!(sed(&["="], "a\nb\n"), "1\na\n2\nb\n");
        assert_eq!(sed(&["-n", "l"], "a\tb\\\n"), "a\\tb\\\\$\n");
        assert_eq!(sed(&["-n", "l 5"], "abcdefgh\n"), "abcd\\\nefgh$\n");
    }

    #[test]
    fn blocks_labels_and_hold_space() {
        assert_eq!(sed(&["-n", "/t/{s/t/T/;p}"], NUMBERS), "Two\nThree\n");
        assert_eq!(sed(&[":a;N;$!ba;s/\\n/,/g"], "a\nb\nc\n"), "a,b,c\n");
        assert_eq!(sed(&["-n", "1!G;h;$p"], "a\nb\nc\n"), "c\nb\na\n");
        assert_eq!(
            sed(&["s/x/y/;ta;s/$/ no/;b;:a;s/$/ yes/"], "x\nz\n"),
            "y yes\nz no\n"
        );
        assert_eq!(sed(&["s/x/y/;Ta;s/$/ yes/;:a"], "x\nz\n"), "y yes\nz\n");
        assert_eq!(sed(&["x;$!d;x;G"], "a\nb\n"), "b\na\n");
        assert_eq!(sed(&["$!N;P;D"], "a\nb\nc\n"), "a\nb\nc\n");
        assert_eq!(sed(&["N;N;s/\\n/+/g"], "1\n2\n3\n4\n"), "1+2+3\n4\n");
        assert_eq!(sed(&["n;d"], NUMBERS), "one\nthree\nfive\n");
        assert_eq!(sed(&["y/abc/xyz/"], "aabbcc\n"), "xxyyzz\n");
        assert_eq!(sed(&["-n", "/one/{n;p}"], NUMBERS), "two\n");
        assert_eq!(sed(&["#n\n2p"], NUMBERS), "two\n");
        assert_eq!(sed(&["z;s/^$/empty/"], "x\n"), "empty\n");
    }

    #[test]
    fn quitting() {
        assert_eq!(sed(&["2q"], NUMBERS), "one\ntwo\n");
        assert_eq!(sed(&["2Q"], NUMBERS), "one\n");
        assert_eq!(
            sed_status(&["q5"], NUMBERS),
            (5, "one\n".into(), String::new())
        );
        assert_eq!(sed(&["-n", "$="], NUMBERS), "5\n");
    }

    #[test]
    fn missing_final_newline_is_kept() {
        assert_eq!(sed(&["s/b/c/"], "a\nb"), "a\nc");
        assert_eq!(sed(&["p"], "a"), "a\na");
    }

    #[test]
    fn files_are_one_stream_unless_separate() {
        let mut sys = FakeSystem::new();
        sys.add_file("x", "1\n2\n").add_file("y", "3\n4\n");
        assert_eq!(
            run(&mut sys, main, &["sed", "-n", "$p", "x", "y"], "").stdout,
            "4\n"
        );
        assert_eq!(
            run(&mut sys, main, &["sed", "-s", "-n", "$p", "x", "y"], "").stdout,
            "2\n4\n"
        );
        assert_eq!(
            run(&mut sys, main, &["sed", "1d", "x", "-"], "5\n").stdout,
            "2\n5\n"
        );
        let missing = run(&mut sys, main, &["sed", "p", "nope", "x"], "");
        assert_eq!(
            (missing.status, missing.stderr.as_str()),
            (2, "sed: can't read nope: No such file or directory\n")
        );
        assert_eq!(missing.stdout, "1\n1\n2\n2\n");
    }

    #[test]
    fn in_place_editing_keeps_the_mode_and_makes_backups() {
        let mut sys = FakeSystem::new();
        sys.add_file("f", "hello\nworld\n").set_mode("f", 0o600);
        let result = run(&mut sys, main, &["sed", "-i.bak", "s/o/0/g", "f"], "");
        assert_eq!((result.status, result.stdout.as_str()), (0, ""));
        assert_eq!(sys.contents("f"), "hell0\nw0rld\n");
        assert_eq!(sys.contents("f.bak"), "hello\nworld\n");
        assert_eq!(sys.mode("f"), 0o600);
        run(&mut sys, main, &["sed", "-i", "-e", "1d", "f"], "");
        assert_eq!(sys.contents("f"), "w0rld\n");
        let dir = run(&mut sys, main, &["sed", "-i", "p", "/tmp"], "");
        assert_eq!(
            (dir.status, dir.stderr.as_str()),
            (4, "sed: couldn't edit /tmp: not a regular file\n")
        );
    }

    #[test]
    fn scripts_from_files_and_write_files() {
        let mut sys = FakeSystem::new();
        sys.add_file("script.sed", "s/a/b/\n/b/w out\n")
            .add_file("extra", "EXTRA\n");
        let result = run(&mut sys, main, &["sed", "-f", "script.sed"], "a\nc\n");
        assert_eq!(result.stdout, "b\nc\n");
        assert_eq!(sys.contents("out"), "b\n");
        let read = run(&mut sys, main, &["sed", "1r extra"], "a\nb\n");
        assert_eq!(read.stdout, "a\nEXTRA\nb\n");
    }

    #[test]
    fn null_data() {
        assert_eq!(sed(&["-z", "s/^/>/"], "a\0b\0"), ">a\0>b\0");
    }

    #[test]
    fn script_errors() {
        let (status, _, err) = sed_status(&["s/a/b"], "");
        assert_eq!(
            (status, err.as_str()),
            (
                1,
                "sed: -e expression #1, char 5: unterminated `s' command\n"
            )
        );
        assert_eq!(
            sed_status(&["k"], "").2,
            "sed: -e expression #1, char 1: unknown command: `k'\n"
        );
        assert_eq!(sed_status(&["b nowhere"], "").0, 1);
        assert_eq!(sed_status(&["{p"], "").0, 1);
        assert_eq!(sed_status(&["p}"], "").0, 1);
        assert_eq!(sed_status(&[], "").0, 1);
        assert_eq!(
            sed_status(&["-i", "p"], ""),
            (1, String::new(), "sed: no input files\n".into())
        );
        assert_eq!(
            sed_status(&["-f", "nope"], ""),
            (
                1,
                String::new(),
                "sed: couldn't open file nope: No such file or directory\n".into()
            )
        );
        assert!(
            sed_status(&["s/\\(a\\)\\1/x/"], "")
                .2
                .contains("back-references")
        );
    }
}
