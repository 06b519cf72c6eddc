//! `grep`: print lines that match patterns, as GNU grep does for its common options
//! (`-E -F -G -P`, `-i -v -w -x`, `-c -l -L -o -q -s -m`, `-n -h -H`, `-r -R`,
//! context `-A -B -C`, `-e -f`, `-z`). Exit 0 if a line was selected, 1 if none, 2 on trouble.

use std::collections::VecDeque;
use std::io::{self, Write};

use regex::bytes::{Regex, RegexBuilder};
use secure_exec_system::{FileKind, System};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::Input;
use crate::posix_regex;

const HELP: &str = "\
Usage: grep [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
  -E, -F, -G, -P            extended, fixed-string, basic (default), perl-style patterns
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -f, --file=FILE           take PATTERNS from FILE
  -i, --ignore-case         ignore case distinctions
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -z, --null-data           a data line ends in 0 byte, not newline
  -v, --invert-match        select non-matching lines
  -m, --max-count=NUM       stop after NUM selected lines
  -n, --line-number         print line number with output lines
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
  -s, --no-messages         suppress error messages
  -r, --recursive           search directories; -R also follows all symlinks
  -L, --files-without-match print only names of FILEs with no selected lines
  -l, --files-with-matches  print only names of FILEs with selected lines
  -c, --count               print only a count of selected lines per FILE
  -Z, --null                print 0 byte after FILE name
  -A, -B, -C NUM            print NUM lines of trailing, leading, or both context
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Basic,
    Extended,
    Fixed,
    Perl,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Listing {
    Lines,
    Count,
    FilesWith,
    FilesWithout,
    Quiet,
}

struct Options {
    syntax: Syntax,
    ignore_case: bool,
    word: bool,
    line: bool,
    invert: bool,
    listing: Listing,
    only_matching: bool,
    line_number: bool,
    with_filename: Option<bool>,
    no_messages: bool,
    /// `-r` (false) or `-R` (true: follow every symlink).
    recursive: Option<bool>,
    before: usize,
    after: usize,
    max_count: Option<u64>,
    delimiter: u8,
    null_after_name: bool,
    text: bool,
    /// `--include`, `--exclude` and `--exclude-dir` wildcards, matched against base names.
    include: Vec<String>,
    exclude: Vec<String>,
    exclude_dir: Vec<String>,
}

/// What a file's search ended with.
enum Outcome {
    Selected(u64),
    /// `-q` saw a selected line: the whole run is over.
    Done,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let Parsed {
        options,
        mut patterns,
        pattern_files,
        mut files,
    } = match parse(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => return cli::help(io, HELP),
        Err(usage) => return usage.report("grep", io, 2),
    };
    for path in &pattern_files {
        let Some(data) = crate::input::read_operand(sys, io, "grep", path) else {
            return 2;
        };
        let lines = crate::input::lines(&data)
            .into_iter()
            .map(|line| String::from_utf8_lossy(line).into_owned());
        patterns.get_or_insert_default().extend(lines);
    }
    let patterns = match patterns {
        Some(patterns) => patterns,
        None if files.is_empty() => return Usage("no pattern given".into()).report("grep", io, 2),
        None => files.remove(0).split('\n').map(String::from).collect(),
    };
    let matcher = match Matcher::new(&options, &patterns) {
        Ok(matcher) => matcher,
        Err(message) => {
            cli::error(io, "grep", message);
            return 2;
        }
    };
    let implicit_dot = files.is_empty() && options.recursive.is_some();
    if files.is_empty() {
        files.push(if implicit_dot { ".".into() } else { "-".into() });
    }
    let with_filename = options
        .with_filename
        .unwrap_or(files.len() > 1 || options.recursive.is_some());
    let mut grep = Grep {
        sys,
        options: &options,
        matcher: &matcher,
        with_filename,
        trouble: false,
        selected: false,
    };
    for file in &files {
        match grep.operand(io, file, implicit_dot) {
            Ok(true) => {}
            Ok(false) => return 0,
            Err(_) => return 2,
        }
    }
    match (grep.selected, grep.trouble) {
        (_, true) if options.listing != Listing::Quiet => 2,
        (true, _) => 0,
        (false, true) => 2,
        (false, false) => 1,
    }
}

struct Parsed {
    options: Options,
    /// From `-e`; `None` if there was none, when the first operand is the pattern.
    patterns: Option<Vec<String>>,
    /// From `-f`, read once the command line is known to be good.
    pattern_files: Vec<String>,
    files: Vec<String>,
}

fn parse(args: Vec<String>) -> Result<Option<Parsed>, Usage> {
    let mut options = Options {
        syntax: Syntax::Basic,
        ignore_case: false,
        word: false,
        line: false,
        invert: false,
        listing: Listing::Lines,
        only_matching: false,
        line_number: false,
        with_filename: None,
        no_messages: false,
        recursive: None,
        before: 0,
        after: 0,
        max_count: None,
        delimiter: b'\n',
        null_after_name: false,
        text: false,
        include: Vec::new(),
        exclude: Vec::new(),
        exclude_dir: Vec::new(),
    };
    let mut patterns: Option<Vec<String>> = None;
    let mut pattern_files = Vec::new();
    let mut operands = Vec::new();
    let mut parser = Parser::new(args);
    let context = |value: String| {
        cli::number::<usize>(&value)
            .ok_or(Usage(format!("{value}: invalid context length argument")))
    };
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(operand), _) => operands.push(operand.clone()),
            (_, "help") => return Ok(None),
            (Arg::Short('E'), _) | (_, "extended-regexp") => options.syntax = Syntax::Extended,
            (Arg::Short('F'), _) | (_, "fixed-strings") => options.syntax = Syntax::Fixed,
            (Arg::Short('G'), _) | (_, "basic-regexp") => options.syntax = Syntax::Basic,
            (Arg::Short('P'), _) | (_, "perl-regexp") => options.syntax = Syntax::Perl,
            (Arg::Short('e'), _) | (_, "regexp") => {
                let value = parser.required(&arg)?;
                patterns
                    .get_or_insert_default()
                    .extend(value.split('\n').map(String::from));
            }
            (Arg::Short('f'), _) | (_, "file") => pattern_files.push(parser.required(&arg)?),
            (_, "include") => options.include.push(parser.required(&arg)?),
            (_, "exclude") => options.exclude.push(parser.required(&arg)?),
            (_, "exclude-dir") => options.exclude_dir.push(parser.required(&arg)?),
            (Arg::Short('i' | 'y'), _) | (_, "ignore-case") => options.ignore_case = true,
            (_, "no-ignore-case") => options.ignore_case = false,
            (Arg::Short('w'), _) | (_, "word-regexp") => options.word = true,
            (Arg::Short('x'), _) | (_, "line-regexp") => options.line = true,
            (Arg::Short('z'), _) | (_, "null-data") => options.delimiter = 0,
            (Arg::Short('v'), _) | (_, "invert-match") => options.invert = true,
            (Arg::Short('c'), _) | (_, "count") => options.listing = Listing::Count,
            (Arg::Short('l'), _) | (_, "files-with-matches") => {
                options.listing = Listing::FilesWith
            }
            (Arg::Short('L'), _) | (_, "files-without-match") => {
                options.listing = Listing::FilesWithout
            }
            (Arg::Short('q'), _) | (_, "quiet" | "silent") => options.listing = Listing::Quiet,
            (Arg::Short('o'), _) | (_, "only-matching") => options.only_matching = true,
            (Arg::Short('n'), _) | (_, "line-number") => options.line_number = true,
            (Arg::Short('H'), _) | (_, "with-filename") => options.with_filename = Some(true),
            (Arg::Short('h'), _) | (_, "no-filename") => options.with_filename = Some(false),
            (Arg::Short('s'), _) | (_, "no-messages") => options.no_messages = true,
            (Arg::Short('r'), _) | (_, "recursive") => options.recursive = Some(false),
            (Arg::Short('R'), _) | (_, "dereference-recursive") => options.recursive = Some(true),
            (Arg::Short('Z'), _) | (_, "null") => options.null_after_name = true,
            (Arg::Short('a'), _) | (_, "text") => options.text = true,
            (Arg::Short('A'), _) | (_, "after-context") => {
                options.after = context(parser.required(&arg)?)?
            }
            (Arg::Short('B'), _) | (_, "before-context") => {
                options.before = context(parser.required(&arg)?)?
            }
            (Arg::Short('C'), _) | (_, "context") => {
                options.after = context(parser.required(&arg)?)?;
                options.before = options.after;
            }
            (Arg::Short(digit @ '0'..='9'), _) => {
                let rest = parser.attached().unwrap_or_default();
                options.after = context(format!("{digit}{rest}"))?;
                options.before = options.after;
            }
            (Arg::Short('m'), _) | (_, "max-count") => {
                let value = parser.required(&arg)?;
                options.max_count =
                    Some(cli::number(&value).ok_or(Usage(format!("invalid max count '{value}'")))?);
            }
            (Arg::Short('U'), _) | (_, "color" | "colour" | "line-buffered" | "binary") => {}
            _ => return Err(Usage::unknown(&arg)),
        }
    }
    Ok(Some(Parsed {
        options,
        patterns,
        pattern_files,
        files: operands,
    }))
}

/// The patterns as one regex; `None` when there are no patterns, which match nothing.
struct Matcher {
    regex: Option<Regex>,
}

impl Matcher {
    fn new(options: &Options, patterns: &[String]) -> Result<Matcher, String> {
        if patterns.is_empty() {
            return Ok(Matcher { regex: None });
        }
        let alternatives = patterns
            .iter()
            .map(|pattern| match options.syntax {
                Syntax::Fixed => Ok(regex::escape(pattern)),
                Syntax::Basic => posix_regex::translate(pattern, false),
                Syntax::Extended => posix_regex::translate(pattern, true),
                Syntax::Perl => Ok(pattern.clone()),
            })
            .map(|alternative| alternative.map(|a| format!("(?:{a})")))
            .collect::<Result<Vec<String>, String>>()?;
        let mut combined = alternatives.join("|");
        if options.line {
            combined = format!("^(?:{combined})$");
        } else if options.word {
            combined = format!(r"\b{{start-half}}(?:{combined})\b{{end-half}}");
        }
        let regex = RegexBuilder::new(&combined)
            .case_insensitive(options.ignore_case)
            .build()
            .map_err(|e| match e {
                regex::Error::Syntax(text) => text
                    .lines()
                    .last()
                    .unwrap_or("invalid pattern")
                    .trim()
                    .to_string(),
                other => other.to_string(),
            })?;
        Ok(Matcher { regex: Some(regex) })
    }

    fn is_match(&self, line: &[u8]) -> bool {
        self.regex.as_ref().is_some_and(|r| r.is_match(line))
    }
}

struct Grep<'a> {
    sys: &'a mut dyn System,
    options: &'a Options,
    matcher: &'a Matcher,
    with_filename: bool,
    trouble: bool,
    selected: bool,
}

impl Grep<'_> {
    /// Searches a command-line operand; `Ok(false)` once `-q` has its answer.
    fn operand(&mut self, io: &mut Stdio<'_>, file: &str, implicit_dot: bool) -> io::Result<bool> {
        if file == "-" {
            let mut input = Input::stdin(&mut *io.stdin);
            let mut output = Output {
                stdout: &mut *io.stdout,
                stderr: &mut *io.stderr,
            };
            return self.search(&mut output, &mut input, "(standard input)", false);
        }
        match self.options.recursive {
            Some(_) => self.walk(io, file, true, implicit_dot),
            None => self.file(io, file),
        }
    }

    fn walk(
        &mut self,
        io: &mut Stdio<'_>,
        path: &str,
        top: bool,
        implicit_dot: bool,
    ) -> io::Result<bool> {
        let follow = top || self.options.recursive == Some(true);
        let stat = if follow {
            self.sys.stat(path)
        } else {
            self.sys.lstat(path)
        };
        match stat {
            Ok(stat) if stat.is_dir() => {}
            Ok(stat) if stat.kind() == FileKind::Symlink => return Ok(true),
            _ => return self.file(io, path),
        }
        if !top && matches_any(&self.options.exclude_dir, path) {
            return Ok(true);
        }
        let mut entries = match self.sys.read_dir(path) {
            Ok(entries) => entries,
            Err(errno) => {
                self.complain(io, path, errno.message());
                return Ok(true);
            }
        };
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        for entry in entries {
            let child = if implicit_dot && top {
                entry.name
            } else {
                cli::join(path, &entry.name)
            };
            if !self.walk(io, &child, false, implicit_dot)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn file(&mut self, io: &mut Stdio<'_>, path: &str) -> io::Result<bool> {
        let options = self.options;
        if matches_any(&options.exclude, path)
            || !options.include.is_empty() && !matches_any(&options.include, path)
        {
            return Ok(true);
        }
        match crate::input::read_path(self.sys, path) {
            Ok(data) => {
                let mut output = Output {
                    stdout: &mut *io.stdout,
                    stderr: &mut *io.stderr,
                };
                // Like GNU grep, a NUL near the start makes the whole file binary.
                let binary = data[..data.len().min(32 * 1024)].contains(&0);
                self.search(&mut output, &mut Input::memory(data), path, binary)
            }
            Err(errno) => {
                self.complain(io, path, errno.message());
                Ok(true)
            }
        }
    }

    fn complain(&mut self, io: &mut Stdio<'_>, path: &str, message: &str) {
        self.trouble = true;
        if !self.options.no_messages {
            cli::error(io, "grep", format_args!("{path}: {message}"));
        }
    }

    /// Searches one input and prints what the options ask for.
    fn search(
        &mut self,
        out: &mut Output<'_>,
        input: &mut Input<'_>,
        name: &str,
        binary: bool,
    ) -> io::Result<bool> {
        let count = match self.lines(out, input, name, binary)? {
            Outcome::Done => {
                self.selected = true;
                return Ok(false);
            }
            Outcome::Selected(count) => count,
        };
        self.selected |= match self.options.listing {
            // GNU grep 3.5 and later: -L succeeds when it lists a file.
            Listing::FilesWithout => count == 0,
            _ => count > 0,
        };
        let end = if self.options.null_after_name {
            "\0"
        } else {
            "\n"
        };
        match self.options.listing {
            Listing::Count if self.with_filename => writeln!(out.stdout, "{name}:{count}")?,
            Listing::Count => writeln!(out.stdout, "{count}")?,
            Listing::FilesWith if count > 0 => write!(out.stdout, "{name}{end}")?,
            Listing::FilesWithout if count == 0 => write!(out.stdout, "{name}{end}")?,
            _ => {}
        }
        Ok(true)
    }

    fn lines(
        &mut self,
        out: &mut Output<'_>,
        input: &mut Input<'_>,
        name: &str,
        mut binary: bool,
    ) -> io::Result<Outcome> {
        let options = self.options;
        let printing = options.listing == Listing::Lines;
        let mut printer = Printer {
            name: self.with_filename.then_some(name),
            line_number: options.line_number,
            delimiter: options.delimiter,
            last_printed: None,
            context: options.before > 0 || options.after > 0,
        };
        let mut before: VecDeque<(u64, Vec<u8>)> = VecDeque::new();
        let mut after_left = 0;
        let mut count = 0;
        let mut number = 0;
        let mut record = Vec::new();
        while input.next_record(&mut record, options.delimiter)? {
            number += 1;
            let line = record.strip_suffix(&[options.delimiter]).unwrap_or(&record);
            binary |= line.contains(&0);
            let suppressed = binary && !options.text && options.delimiter != 0;
            let selected = self.matcher.is_match(line) != options.invert;
            // Past `-m`'s count only trailing context is still printed.
            if options.max_count.is_some_and(|max| count >= max)
                && (selected || after_left == 0 || !printing)
            {
                break;
            }
            if !selected {
                if after_left > 0 && printing && !suppressed {
                    after_left -= 1;
                    printer.line(out.stdout, number, line, '-')?;
                } else if options.before > 0 {
                    before.push_back((number, line.to_vec()));
                    if before.len() > options.before {
                        before.pop_front();
                    }
                }
                continue;
            }
            count += 1;
            match options.listing {
                Listing::Quiet => return Ok(Outcome::Done),
                Listing::FilesWith => break,
                Listing::Lines if suppressed => {
                    out.stdout.flush()?;
                    writeln!(out.stderr, "grep: {name}: binary file matches")?;
                    break;
                }
                Listing::Lines => {
                    for (n, text) in before.drain(..) {
                        printer.line(out.stdout, n, &text, '-')?;
                    }
                    if options.only_matching {
                        if !options.invert {
                            printer.matches(out.stdout, number, line, self.matcher)?;
                        }
                    } else {
                        printer.line(out.stdout, number, line, ':')?;
                    }
                    after_left = options.after;
                }
                _ => {}
            }
        }
        Ok(Outcome::Selected(count))
    }
}

/// Whether `path`'s last component matches one of the wildcards.
fn matches_any(globs: &[String], path: &str) -> bool {
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    globs
        .iter()
        .any(|glob| crate::glob::matches(glob, name, false))
}

struct Output<'a> {
    stdout: &'a mut dyn Write,
    stderr: &'a mut dyn Write,
}

/// Prints selected and context lines with their prefixes and `--` between groups.
struct Printer<'a> {
    name: Option<&'a str>,
    line_number: bool,
    delimiter: u8,
    last_printed: Option<u64>,
    context: bool,
}

impl Printer<'_> {
    fn prefix(&mut self, out: &mut dyn Write, number: u64, separator: char) -> io::Result<()> {
        if self.context && self.last_printed.is_some_and(|last| number > last + 1) {
            out.write_all(b"--\n")?;
        }
        self.last_printed = Some(number);
        if let Some(name) = self.name {
            write!(out, "{name}{separator}")?;
        }
        if self.line_number {
            write!(out, "{number}{separator}")?;
        }
        Ok(())
    }

    fn line(
        &mut self,
        out: &mut dyn Write,
        number: u64,
        line: &[u8],
        separator: char,
    ) -> io::Result<()> {
        self.prefix(out, number, separator)?;
        out.write_all(line)?;
        out.write_all(&[self.delimiter])
    }

    fn matches(
        &mut self,
        out: &mut dyn Write,
        number: u64,
        line: &[u8],
        matcher: &Matcher,
    ) -> io::Result<()> {
        let Some(regex) = &matcher.regex else {
            return Ok(());
        };
        for found in regex.find_iter(line).filter(|m| !m.is_empty()) {
            self.prefix(out, number, ':')?;
            out.write_all(found.as_bytes())?;
            out.write_all(&[self.delimiter])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn sys() -> FakeSystem {
        let mut sys = FakeSystem::new();
        sys.add_file("a.txt", "apple\nbanana\ncherry\napricot\n")
            .add_file("b.txt", "blueberry\navocado\n")
            .add_file("dir/c.txt", "grape\napple pie\n")
            .add_file("dir/sub/d.txt", "pineapple\n");
        sys
    }

    fn grep(args: &[&str], stdin: &str) -> (i32, String, String) {
        let mut all = vec!["grep"];
        all.extend(args);
        let run = run(&mut sys(), main, &all, stdin);
        (run.status, run.stdout, run.stderr)
    }

    #[test]
    fn selects_lines_from_stdin_and_files() {
        assert_eq!(
            grep(&["an"], "banana\nkiwi\n"),
            (0, "banana\n".into(), String::new())
        );
        assert_eq!(grep(&["ap", "a.txt"], "").0, 0);
        assert_eq!(grep(&["^ap", "a.txt"], "").1, "apple\napricot\n");
        assert_eq!(grep(&["zzz", "a.txt"], "").0, 1);
        assert_eq!(grep(&["a", "-"], "x\n").0, 1);
    }

    #[test]
    fn several_files_get_name_prefixes() {
        assert_eq!(
            grep(&["av\\|ch", "a.txt", "b.txt"], "").1,
            "a.txt:cherry\nb.txt:avocado\n"
        );
        assert_eq!(grep(&["-h", "avo", "a.txt", "b.txt"], "").1, "avocado\n");
        assert_eq!(grep(&["-H", "che", "a.txt"], "").1, "a.txt:cherry\n");
    }

    #[test]
    fn counting_listing_and_quiet() {
        assert_eq!(
            grep(&["-c", "a", "a.txt", "b.txt"], "").1,
            "a.txt:3\nb.txt:1\n"
        );
        assert_eq!(grep(&["-l", "berry", "a.txt", "b.txt"], "").1, "b.txt\n");
        assert_eq!(grep(&["-L", "berry", "a.txt", "b.txt"], "").1, "a.txt\n");
        assert_eq!(
            grep(&["-q", "cherry", "a.txt", "missing"], ""),
            (0, String::new(), String::new())
        );
        assert_eq!(grep(&["-vc", "a", "a.txt"], "").1, "1\n");
    }

    #[test]
    fn case_words_lines_and_inversion() {
        assert_eq!(grep(&["-i", "APPLE"], "Apple\npear\n").1, "Apple\n");
        assert_eq!(grep(&["-w", "pie"], "apple pie\npies\n").1, "apple pie\n");
        assert_eq!(grep(&["-x", "pie"], "pie\napple pie\n").1, "pie\n");
        assert_eq!(grep(&["-v", "a"], "a\nb\nc\n").1, "b\nc\n");
        assert_eq!(grep(&["-n", "c"], "a\nc\n").1, "2:c\n");
    }

    #[test]
    fn pattern_syntaxes() {
        assert_eq!(grep(&["-E", "a+b|x"], "aab\nx\ny\n").1, "aab\nx\n");
        assert_eq!(grep(&["a+b"], "aab\na+b\n").1, "a+b\n");
        assert_eq!(grep(&["-F", "a.*"], "a.*\nabc\n").1, "a.*\n");
        assert_eq!(grep(&["-e", "x", "-e", "y"], "x\ny\nz\n").1, "x\ny\n");
        assert_eq!(grep(&["-o", "[0-9]\\+"], "a12b3\n").1, "12\n3\n");
        assert_eq!(grep(&["-P", "\\d{2}"], "a12\nb3\n").1, "a12\n");
    }

    #[test]
    fn patterns_from_a_file() {
        let mut sys = sys();
        sys.add_file("pats", "kiwi\nban\n");
        let run = run(&mut sys, main, &["grep", "-f", "pats", "a.txt"], "");
        assert_eq!(run.stdout, "banana\n");
    }

    #[test]
    fn context_lines_and_separators() {
        let input = "1\n2\nhit\n4\n5\n6\n7\nhit\n9\n";
        assert_eq!(grep(&["-C1", "hit"], input).1, "2\nhit\n4\n--\n7\nhit\n9\n");
        assert_eq!(
            grep(&["-nA1", "hit"], input).1,
            "3:hit\n4-4\n--\n8:hit\n9-9\n"
        );
        assert_eq!(
            grep(&["-B", "2", "hit"], "1\nhit\nhit\n").1,
            "1\nhit\nhit\n"
        );
    }

    #[test]
    fn max_count_stops_early() {
        assert_eq!(grep(&["-m1", "a"], "a1\na2\n").1, "a1\n");
    }

    #[test]
    fn recursive_search_prefixes_paths() {
        assert_eq!(
            grep(&["-r", "apple", "dir"], "").1,
            "dir/c.txt:apple pie\ndir/sub/d.txt:pineapple\n"
        );
        assert_eq!(grep(&["-r", "pine"], "").1, "dir/sub/d.txt:pineapple\n");
        assert_eq!(
            grep(&["-rl", "apple", "."], "").1,
            "./a.txt\n./dir/c.txt\n./dir/sub/d.txt\n"
        );
    }

    #[test]
    fn include_and_exclude_filter_files() {
        assert_eq!(
            grep(&["-r", "--include=*.txt", "apple", "."], "").1,
            "./a.txt:apple\n./dir/c.txt:apple pie\n./dir/sub/d.txt:pineapple\n"
        );
        assert_eq!(
            grep(&["-rl", "--exclude=c.*", "apple"], "").1,
            "a.txt\ndir/sub/d.txt\n"
        );
        assert_eq!(
            grep(&["-rl", "--exclude-dir=sub", "apple"], "").1,
            "a.txt\ndir/c.txt\n"
        );
    }

    #[test]
    fn files_without_match_succeed_when_listing() {
        assert_eq!(
            grep(&["-L", "zzz", "a.txt"], ""),
            (0, "a.txt\n".into(), String::new())
        );
        assert_eq!(grep(&["-L", "apple", "a.txt"], "").0, 1);
        assert_eq!(
            grep(&["-2", "cherry", "a.txt"], "").1,
            "apple\nbanana\ncherry\napricot\n"
        );
    }

    #[test]
    fn errors_and_usage() {
        let (status, _, err) = grep(&["x", "nope"], "");
        assert_eq!(
            (status, err.as_str()),
            (2, "grep: nope: No such file or directory\n")
        );
        let (status, _, err) = grep(&["x", "dir"], "");
        assert_eq!((status, err.as_str()), (2, "grep: dir: Is a directory\n"));
        assert_eq!(grep(&["-s", "x", "nope"], "").2, "");
        assert_eq!(grep(&[], "").0, 2);
        assert_eq!(grep(&["-E", "("], "").0, 2);
        assert!(grep(&["--help"], "").1.starts_with("Usage: grep"));
        let (status, _, err) = grep(&["-f", "nope", "a.txt"], "");
        assert_eq!(
            (status, err.as_str()),
            (2, "grep: nope: No such file or directory\n")
        );
    }

    #[test]
    fn unreadable_files_are_reported() {
        let mut sys = sys();
        sys.set_mode("a.txt", 0o200);
        let run = run(&mut sys, main, &["grep", "a", "a.txt", "b.txt"], "");
        assert_eq!(run.stdout, "b.txt:avocado\n");
        assert_eq!(run.stderr, "grep: a.txt: Permission denied\n");
        assert_eq!(run.status, 2);
    }

    #[test]
    fn binary_files_are_announced() {
        let mut sys = sys();
        sys.add_file("bin", "match\n\0\n");
        let run = run(&mut sys, main, &["grep", "match", "bin"], "");
        assert_eq!(
            (run.stdout.as_str(), run.stderr.as_str()),
            ("", "grep: bin: binary file matches\n")
        );
        assert_eq!(grep(&["-a", "b"], "a\0b\n").1, "a\0b\n");
        let (status, out, err) = grep(&["b"], "a\0b\n");
        assert_eq!(
            (status, out.as_str(), err.as_str()),
            (0, "", "grep: (standard input): binary file matches\n")
        );
    }
}
