//! Running a parsed program: the cycle of reading a line into the pattern space, running
//! the commands whose addresses select it, and printing it.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};

use regex::bytes::{Captures, Regex};
use secure_exec_system::{Fd, OpenFlags, System};

use super::parse::{Address, Case, Command, Pattern, Piece, Program, RangeEnd, Substitute};
use crate::input::Input;

/// One input line, and whether it ended with the delimiter (the last may not).
struct Line {
    text: Vec<u8>,
    complete: bool,
}

/// The input files read as one stream, one line ahead so that `$` can be known.
pub struct Source<'a> {
    pending: VecDeque<String>,
    stdin: Option<&'a mut dyn Read>,
    current: Option<Input<'a>>,
    peeked: Option<Line>,
    delimiter: u8,
    /// A file could not be read (exit status 2).
    pub failed: bool,
}

impl<'a> Source<'a> {
    pub fn files(files: Vec<String>, stdin: &'a mut dyn Read, delimiter: u8) -> Source<'a> {
        Source {
            pending: files.into(),
            stdin: Some(stdin),
            current: None,
            peeked: None,
            delimiter,
            failed: false,
        }
    }

    pub fn memory(data: Vec<u8>, delimiter: u8) -> Source<'a> {
        Source {
            pending: VecDeque::new(),
            stdin: None,
            current: Some(Input::memory(data)),
            peeked: None,
            delimiter,
            failed: false,
        }
    }

    fn read(&mut self, sys: &mut dyn System, stderr: &mut dyn Write) -> io::Result<Option<Line>> {
        loop {
            if let Some(input) = &mut self.current {
                let mut text = Vec::new();
                if input.next_record(&mut text, self.delimiter)? {
                    let complete = text.last() == Some(&self.delimiter);
                    if complete {
                        text.pop();
                    }
                    return Ok(Some(Line { text, complete }));
                }
                self.current = None;
            }
            let Some(path) = self.pending.pop_front() else {
                return Ok(None);
            };
            if path == "-" {
                self.current = self.stdin.take().map(Input::stdin);
                continue;
            }
            match crate::input::read_path(sys, &path) {
                Ok(data) => self.current = Some(Input::memory(data)),
                Err(errno) => {
                    writeln!(stderr, "sed: can't read {path}: {errno}")?;
                    self.failed = true;
                }
            }
        }
    }

    fn next(&mut self, sys: &mut dyn System, stderr: &mut dyn Write) -> io::Result<Option<Line>> {
        match self.peeked.take() {
            Some(line) => Ok(Some(line)),
            None => self.read(sys, stderr),
        }
    }

    fn at_end(&mut self, sys: &mut dyn System, stderr: &mut dyn Write) -> io::Result<bool> {
        if self.peeked.is_none() {
            self.peeked = self.read(sys, stderr)?;
        }
        Ok(self.peeked.is_none())
    }
}

/// How a cycle ended.
enum Flow {
    /// The end of the script, or `d` (`print: false`).
    End {
        print: bool,
    },
    /// `D` with a newline left: run the script again on what remains.
    Restart,
    Quit {
        print: bool,
        status: i32,
    },
}

/// Text queued by `a` and `r` for the end of the cycle.
enum Append {
    Text(Vec<u8>),
    File(String),
}

#[derive(Clone, Copy, Default)]
struct RangeState {
    active: bool,
    /// For `N`, `+N` and `~N` ends: the last line of the range.
    last_line: u64,
}

pub struct Exec<'a> {
    program: &'a Program,
    quiet: bool,
    delimiter: u8,
    line_wrap: usize,
    sys: &'a mut dyn System,
    stderr: &'a mut dyn Write,
    pattern: Vec<u8>,
    hold: Vec<u8>,
    line: u64,
    complete: bool,
    appends: Vec<Append>,
    last_regex: Option<Regex>,
    substituted: bool,
    ranges: Vec<RangeState>,
    files: HashMap<String, Fd>,
    /// The last output lacked its newline: the next one starts with it.
    owed_newline: bool,
}

/// The settings from the command line.
pub struct Settings {
    pub quiet: bool,
    pub delimiter: u8,
    pub line_wrap: usize,
}

impl<'a> Exec<'a> {
    /// Prepares to run `program`, creating the files its `w` commands write.
    pub fn new(
        program: &'a Program,
        settings: Settings,
        sys: &'a mut dyn System,
        stderr: &'a mut dyn Write,
    ) -> Result<Exec<'a>, String> {
        let mut files = HashMap::new();
        for instruction in &program.instructions {
            let path = match &instruction.command {
                Command::WriteFile(path) => path,
                Command::Substitute(s) => match &s.write {
                    Some(path) => path,
                    None => continue,
                },
                _ => continue,
            };
            if path != "/dev/stdout" && path != "/dev/stderr" && !files.contains_key(path) {
                let fd = sys
                    .open(path, OpenFlags::TRUNCATE, 0o666)
                    .map_err(|errno| format!("couldn't open file {path}: {errno}"))?;
                files.insert(path.clone(), fd);
            }
        }
        Ok(Exec {
            program,
            quiet: settings.quiet || program.quiet,
            delimiter: settings.delimiter,
            line_wrap: settings.line_wrap,
            sys,
            stderr,
            pattern: Vec::new(),
            hold: Vec::new(),
            line: 0,
            complete: true,
            appends: Vec::new(),
            last_regex: None,
            substituted: false,
            ranges: vec![RangeState::default(); program.instructions.len()],
            files,
            owed_newline: false,
        })
    }

    /// Runs the program over `source`, printing to `out`; `Some(status)` if it quit.
    /// Line numbers and ranges start afresh, as for each file of `-s` and `-i`.
    pub fn run(&mut self, source: &mut Source<'_>, out: &mut dyn Write) -> io::Result<Option<i32>> {
        self.line = 0;
        self.owed_newline = false;
        for (state, instruction) in self.ranges.iter_mut().zip(&self.program.instructions) {
            // `0,/re/` is in its range before the first line.
            state.active = matches!(instruction.selector.start, Some(Address::Line(0)));
        }
        let mut reuse = false;
        loop {
            if !reuse {
                let Some(line) = source.next(self.sys, self.stderr)? else {
                    return Ok(None);
                };
                self.pattern = line.text;
                self.complete = line.complete;
                self.line += 1;
                self.substituted = false;
            }
            reuse = false;
            match self.cycle(source, out)? {
                Flow::End { print } => {
                    if print && !self.quiet {
                        self.emit_pattern(out)?;
                    }
                }
                Flow::Restart => reuse = true,
                Flow::Quit { print, status } => {
                    if print && !self.quiet {
                        self.emit_pattern(out)?;
                    }
                    self.flush_appends(out)?;
                    return Ok(Some(status));
                }
            }
            self.flush_appends(out)?;
        }
    }

    /// The kernel, for `-i`'s reads and writes between runs.
    pub fn system(&mut self) -> &mut dyn System {
        self.sys
    }

    /// Prints `sed: message`.
    pub fn complain(&mut self, message: &str) {
        let _ = writeln!(self.stderr, "sed: {message}");
    }

    pub fn finish(self) {
        for fd in self.files.into_values() {
            let _ = self.sys.close(fd);
        }
    }

    fn cycle(&mut self, source: &mut Source<'_>, out: &mut dyn Write) -> io::Result<Flow> {
        let program = self.program;
        let mut pc = 0;
        while let Some(instruction) = program.instructions.get(pc) {
            if !self.selected(pc, source)? {
                pc = match instruction.command {
                    Command::Block(end) => end,
                    _ => pc + 1,
                };
                continue;
            }
            match &instruction.command {
                Command::Block(_) => {}
                Command::Branch(target, condition) => {
                    let jump = match condition {
                        None => true,
                        Some(want) => std::mem::take(&mut self.substituted) == *want,
                    };
                    if jump {
                        pc = (*target).min(program.instructions.len());
                        continue;
                    }
                }
                Command::Substitute(substitute) => self.substitute(substitute, out)?,
                Command::Translate(pairs) => {
                    let text = String::from_utf8_lossy(&self.pattern);
                    let mapped: String = text
                        .chars()
                        .map(|c| {
                            pairs
                                .iter()
                                .find(|(from, _)| *from == c)
                                .map_or(c, |(_, to)| *to)
                        })
                        .collect();
                    self.pattern = mapped.into_bytes();
                }
                Command::Delete => return Ok(Flow::End { print: false }),
                Command::DeleteFirstLine => {
                    let Some(end) = self.pattern.iter().position(|&b| b == b'\n') else {
                        return Ok(Flow::End { print: false });
                    };
                    self.pattern.drain(..=end);
                    return Ok(Flow::Restart);
                }
                Command::Print => self.emit_pattern(out)?,
                Command::PrintFirstLine => {
                    let end = self
                        .pattern
                        .iter()
                        .position(|&b| b == b'\n')
                        .unwrap_or(self.pattern.len());
                    let first = self.pattern[..end].to_vec();
                    self.emit(out, &first, true)?;
                }
                Command::Next | Command::AppendNext => {
                    if source.at_end(self.sys, self.stderr)? {
                        return Ok(Flow::Quit {
                            print: true,
                            status: 0,
                        });
                    }
                    if matches!(instruction.command, Command::Next) && !self.quiet {
                        self.emit_pattern(out)?;
                    }
                    self.flush_appends(out)?;
                    let line = source.next(self.sys, self.stderr)?.expect("not at the end");
                    if matches!(instruction.command, Command::Next) {
                        self.pattern = line.text;
                    } else {
                        self.pattern.push(self.delimiter);
                        self.pattern.extend(line.text);
                    }
                    self.complete = line.complete;
                    self.line += 1;
                }
                Command::Quit { status, print } => {
                    return Ok(Flow::Quit {
                        print: *print,
                        status: *status,
                    });
                }
                Command::Append(text) => self.appends.push(Append::Text(text.clone())),
                Command::ReadFile(path) => self.appends.push(Append::File(path.clone())),
                Command::Insert(text) => self.emit_raw(out, text)?,
                Command::Change(text) => {
                    let selector = &instruction.selector;
                    if selector.end.is_none() || selector.negate || !self.ranges[pc].active {
                        self.emit_raw(out, text)?;
                    }
                    return Ok(Flow::End { print: false });
                }
                Command::WriteFile(path) => {
                    let data = self.pattern.clone();
                    self.write_to(out, path, &data)?;
                }
                Command::LineNumber => {
                    let text = format!("{}\n", self.line);
                    self.emit_raw(out, text.as_bytes())?;
                }
                Command::List(width) => {
                    let listed = list(&self.pattern, width.unwrap_or(self.line_wrap));
                    self.emit_raw(out, &listed)?;
                }
                Command::Hold => self.hold = self.pattern.clone(),
                Command::HoldAppend => {
                    self.hold.push(self.delimiter);
                    self.hold.extend_from_slice(&self.pattern);
                }
                Command::Get => self.pattern = self.hold.clone(),
                Command::GetAppend => {
                    self.pattern.push(self.delimiter);
                    self.pattern.extend_from_slice(&self.hold);
                }
                Command::Exchange => std::mem::swap(&mut self.pattern, &mut self.hold),
                Command::Zap => self.pattern.clear(),
            }
            pc += 1;
        }
        Ok(Flow::End { print: true })
    }

    fn selected(&mut self, pc: usize, source: &mut Source<'_>) -> io::Result<bool> {
        let selector = &self.program.instructions[pc].selector;
        let hit = match (&selector.start, &selector.end) {
            (None, _) => true,
            (Some(start), None) => self.matches(start, source)?,
            (Some(start), Some(end)) => self.in_range(pc, start, end, source)?,
        };
        Ok(hit != selector.negate)
    }

    fn matches(&mut self, address: &Address, source: &mut Source<'_>) -> io::Result<bool> {
        Ok(match address {
            Address::Line(n) => self.line == *n,
            Address::Last => source.at_end(self.sys, self.stderr)?,
            Address::Step(first, 0) => self.line == *first,
            Address::Step(first, step) => {
                self.line >= *first && (self.line - first).is_multiple_of(*step)
            }
            Address::Match(pattern) => self
                .regex(pattern)
                .is_some_and(|regex| regex.is_match(&self.pattern)),
        })
    }

    fn in_range(
        &mut self,
        pc: usize,
        start: &Address,
        end: &RangeEnd,
        source: &mut Source<'_>,
    ) -> io::Result<bool> {
        let line = self.line;
        if self.ranges[pc].active {
            let last_line = self.ranges[pc].last_line;
            let done = match end {
                RangeEnd::To(Address::Line(_)) | RangeEnd::Plus(_) | RangeEnd::Multiple(_) => {
                    line >= last_line
                }
                RangeEnd::To(address) => self.matches(address, source)?,
            };
            if done {
                self.ranges[pc].active = false;
            }
            return Ok(true);
        }
        if !self.matches(start, source)? {
            return Ok(false);
        }
        let last_line = match end {
            RangeEnd::To(Address::Line(n)) => *n,
            RangeEnd::Plus(n) => line + n,
            RangeEnd::Multiple(0) => line,
            RangeEnd::Multiple(n) => line.div_ceil(*n) * n,
            RangeEnd::To(Address::Last) => {
                if source.at_end(self.sys, self.stderr)? {
                    line
                } else {
                    u64::MAX
                }
            }
            RangeEnd::To(_) => u64::MAX,
        };
        self.ranges[pc] = RangeState {
            active: last_line > line,
            last_line,
        };
        Ok(true)
    }

    /// The regex `pattern` names (the last one run if empty), remembered as the last.
    fn regex(&mut self, pattern: &Pattern) -> Option<Regex> {
        if let Some(regex) = pattern {
            self.last_regex = Some(regex.clone());
        }
        self.last_regex.clone()
    }

    fn substitute(&mut self, substitute: &Substitute, out: &mut dyn Write) -> io::Result<()> {
        let Some(regex) = self.regex(&substitute.pattern) else {
            return Ok(());
        };
        let mut result = Vec::new();
        let mut copied = 0;
        let mut replaced = false;
        for (index, captures) in regex.captures_iter(&self.pattern).enumerate() {
            if index + 1 < substitute.nth {
                continue;
            }
            let found = captures.get(0).expect("group 0 always matches");
            result.extend_from_slice(&self.pattern[copied..found.start()]);
            expand(&substitute.replacement, &captures, &mut result);
            copied = found.end();
            replaced = true;
            if !substitute.global {
                break;
            }
        }
        if !replaced {
            return Ok(());
        }
        result.extend_from_slice(&self.pattern[copied..]);
        self.pattern = result;
        self.substituted = true;
        if substitute.print {
            self.emit_pattern(out)?;
        }
        if let Some(path) = &substitute.write {
            let data = self.pattern.clone();
            self.write_to(out, path, &data)?;
        }
        Ok(())
    }

    fn emit_pattern(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let pattern = std::mem::take(&mut self.pattern);
        let result = self.emit(out, &pattern, self.complete);
        self.pattern = pattern;
        result
    }

    /// Prints `text` and, unless it is the input's unterminated last line, a delimiter.
    fn emit(&mut self, out: &mut dyn Write, text: &[u8], delimited: bool) -> io::Result<()> {
        self.emit_raw(out, text)?;
        if delimited {
            out.write_all(&[self.delimiter])?;
        } else {
            self.owed_newline = true;
        }
        Ok(())
    }

    fn emit_raw(&mut self, out: &mut dyn Write, text: &[u8]) -> io::Result<()> {
        if std::mem::take(&mut self.owed_newline) {
            out.write_all(&[self.delimiter])?;
        }
        out.write_all(text)
    }

    fn flush_appends(&mut self, out: &mut dyn Write) -> io::Result<()> {
        for append in std::mem::take(&mut self.appends) {
            match append {
                Append::Text(text) => self.emit_raw(out, &text)?,
                Append::File(path) => {
                    if let Ok(data) = crate::input::read_path(self.sys, &path) {
                        self.emit_raw(out, &data)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn write_to(&mut self, out: &mut dyn Write, path: &str, data: &[u8]) -> io::Result<()> {
        let mut line = data.to_vec();
        line.push(self.delimiter);
        match path {
            "/dev/stdout" => self.emit_raw(out, &line),
            "/dev/stderr" => self.stderr.write_all(&line),
            _ => {
                let fd = self.files[path];
                self.sys
                    .write_all(fd, &line)
                    .map_err(|errno| io::Error::other(errno.message()))
            }
        }
    }
}

/// Appends the replacement for one match to `out`.
fn expand(pieces: &[Piece], captures: &Captures<'_>, out: &mut Vec<u8>) {
    let mut case = Case::Keep;
    let mut next_char: Option<Case> = None;
    for piece in pieces {
        let text: &[u8] = match piece {
            Piece::Literal(text) => text,
            Piece::Group(n) => captures.get(*n).map_or(&[], |m| m.as_bytes()),
            Piece::Case(new) => {
                case = *new;
                next_char = None;
                continue;
            }
            Piece::CaseOne(new) => {
                next_char = Some(*new);
                continue;
            }
        };
        if case == Case::Keep && next_char.is_none() || text.is_empty() {
            out.extend_from_slice(text);
            continue;
        }
        let text = String::from_utf8_lossy(text);
        for (i, c) in text.chars().enumerate() {
            let applied = match next_char.filter(|_| i == 0).unwrap_or(case) {
                Case::Upper => c.to_uppercase().collect::<String>(),
                Case::Lower => c.to_lowercase().collect::<String>(),
                Case::Keep => c.to_string(),
            };
            out.extend_from_slice(applied.as_bytes());
        }
        next_char = None;
    }
}

/// `l`'s unambiguous form: C escapes, octal for the unprintable, `\` where a line wraps,
/// `$` at the end.
fn list(text: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut column = 0;
    for &byte in text {
        let piece = match byte {
            b'\\' => "\\\\".to_string(),
            0x07 => "\\a".into(),
            0x08 => "\\b".into(),
            0x0c => "\\f".into(),
            b'\n' => "\\n".into(),
            b'\r' => "\\r".into(),
            b'\t' => "\\t".into(),
            0x0b => "\\v".into(),
            32..=126 => (byte as char).to_string(),
            _ => format!("\\{byte:03o}"),
        };
        if width > 1 && column + piece.len() > width - 1 {
            out.extend_from_slice(b"\\\n");
            column = 0;
        }
        column += piece.len();
        out.extend_from_slice(piece.as_bytes());
    }
    out.extend_from_slice(b"$\n");
    out
}
