//! The sed script language, parsed into a flat program: blocks become conditional jumps
//! past their `}`, labels become indices.

use regex::bytes::{Regex, RegexBuilder};

use crate::posix_regex;

/// A regex in an address or `s`; `None` is the empty regex, which reuses the last one run.
pub type Pattern = Option<Regex>;

#[derive(Debug, Clone)]
pub enum Address {
    Line(u64),
    Last,
    Match(Pattern),
    /// `first~step`.
    Step(u64, u64),
}

#[derive(Debug, Clone)]
pub enum RangeEnd {
    To(Address),
    /// `addr1,+N`.
    Plus(u64),
    /// `addr1,~N`: up to the next line whose number is a multiple of N.
    Multiple(u64),
}

#[derive(Debug, Clone, Default)]
pub struct Selector {
    pub start: Option<Address>,
    pub end: Option<RangeEnd>,
    pub negate: bool,
}

/// One piece of an `s` replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Literal(Vec<u8>),
    /// `&` is group 0, `\1`..`\9` the others.
    Group(usize),
    /// `\U`, `\L`, `\E`: case of what follows.
    Case(Case),
    /// `\u`, `\l`: case of the next character.
    CaseOne(Case),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Upper,
    Lower,
    Keep,
}

#[derive(Debug, Clone)]
pub struct Substitute {
    pub pattern: Pattern,
    pub replacement: Vec<Piece>,
    pub global: bool,
    /// Replace from the Nth match on (`s/x/y/2`).
    pub nth: usize,
    pub print: bool,
    pub write: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Command {
    /// `{`: when not selected, jump to the index after the matching `}`.
    Block(usize),
    /// `b`, or `t`/`T` when `Some(true)`/`Some(false)` says whether a substitution must
    /// have happened; jumps to an index (the program's length for the end).
    Branch(usize, Option<bool>),
    Substitute(Box<Substitute>),
    Translate(Vec<(char, char)>),
    Delete,
    DeleteFirstLine,
    Print,
    PrintFirstLine,
    Next,
    AppendNext,
    Quit {
        status: i32,
        print: bool,
    },
    Append(Vec<u8>),
    Insert(Vec<u8>),
    Change(Vec<u8>),
    ReadFile(String),
    WriteFile(String),
    LineNumber,
    List(Option<usize>),
    Hold,
    HoldAppend,
    Get,
    GetAppend,
    Exchange,
    Zap,
}

#[derive(Debug, Clone)]
pub struct Instruction {
    pub selector: Selector,
    pub command: Command,
}

/// A parsed script, and whether it began with `#n` (as `-n`).
pub struct Program {
    pub instructions: Vec<Instruction>,
    pub quiet: bool,
}

/// Parses `script`; errors read like GNU's: `-e expression #1, char 3: unknown command`.
pub fn parse(script: &str, extended: bool) -> Result<Program, String> {
    let mut parser = ScriptParser {
        chars: script.chars().collect(),
        pos: 0,
        extended,
        instructions: Vec::new(),
        labels: Vec::new(),
        branches: Vec::new(),
        blocks: Vec::new(),
    };
    parser
        .parse()
        .map_err(|message| format!("-e expression #1, char {}: {message}", parser.pos))?;
    Ok(Program {
        instructions: parser.instructions,
        quiet: script.starts_with("#n\n") || script == "#n",
    })
}

struct ScriptParser {
    chars: Vec<char>,
    pos: usize,
    extended: bool,
    instructions: Vec<Instruction>,
    labels: Vec<(String, usize)>,
    /// Branch instructions and the labels they name.
    branches: Vec<(usize, String)>,
    /// Indices of the `{` not yet closed.
    blocks: Vec<usize>,
}

impl ScriptParser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += usize::from(c.is_some());
        c
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    fn number(&mut self) -> Option<u64> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.chars[start..self.pos]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    }

    /// The rest of the line, for file names and labels; `;` also ends labels.
    fn word(&mut self, stop_at_semicolon: bool) -> String {
        self.skip_blanks();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == '\n' || (stop_at_semicolon && (c == ';' || c == '}')) {
                break;
            }
            self.pos += 1;
        }
        self.chars[start..self.pos]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
    }

    fn parse(&mut self) -> Result<(), String> {
        loop {
            while matches!(self.peek(), Some(' ' | '\t' | '\n' | ';')) {
                self.pos += 1;
            }
            let Some(c) = self.peek() else { break };
            if c == '#' {
                while !matches!(self.next(), None | Some('\n')) {}
                continue;
            }
            let selector = self.selector()?;
            let command = self.next().ok_or("missing command")?;
            self.command(selector, command)?;
            if command == '{' {
                continue;
            }
            self.skip_blanks();
            match self.peek() {
                None | Some('\n' | ';' | '}' | '#') => {}
                Some(_) => return Err("extra characters after command".into()),
            }
        }
        if !self.blocks.is_empty() {
            return Err("unmatched `{'".into());
        }
        for (index, label) in std::mem::take(&mut self.branches) {
            let target = self
                .labels
                .iter()
                .find(|(name, _)| *name == label)
                .map(|(_, target)| *target)
                .ok_or_else(|| format!("can't find label for jump to `{label}'"))?;
            if let Command::Branch(to, _) = &mut self.instructions[index].command {
                *to = target;
            }
        }
        Ok(())
    }

    fn selector(&mut self) -> Result<Selector, String> {
        let mut selector = Selector {
            start: self.address()?,
            ..Selector::default()
        };
        if selector.start.is_some() && self.peek() == Some(',') {
            self.pos += 1;
            self.skip_blanks();
            selector.end = Some(match self.peek() {
                Some('+') => {
                    self.pos += 1;
                    RangeEnd::Plus(self.number().ok_or("expected number after +")?)
                }
                Some('~') => {
                    self.pos += 1;
                    RangeEnd::Multiple(self.number().ok_or("expected number after ~")?)
                }
                _ => RangeEnd::To(self.address()?.ok_or("unexpected `,'")?),
            });
        }
        if matches!(selector.start, Some(Address::Line(0)))
            && !matches!(selector.end, Some(RangeEnd::To(Address::Match(_))))
        {
            return Err("invalid usage of line address 0".into());
        }
        self.skip_blanks();
        while self.peek() == Some('!') {
            self.pos += 1;
            selector.negate = true;
            self.skip_blanks();
        }
        Ok(selector)
    }

    fn address(&mut self) -> Result<Option<Address>, String> {
        Ok(Some(match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let first = self.number().ok_or("invalid line number")?;
                if self.peek() == Some('~') {
                    self.pos += 1;
                    Address::Step(first, self.number().unwrap_or(0))
                } else {
                    Address::Line(first)
                }
            }
            Some('$') => {
                self.pos += 1;
                Address::Last
            }
            Some('/') | Some('\\') => {
                if self.next() == Some('\\') {
                    self.pos += 1;
                }
                let delimiter = self.chars[self.pos - 1];
                let text = self
                    .delimited(delimiter, true)
                    .ok_or("unterminated address regex")?;
                let (mut insensitive, mut multiline) = (false, false);
                loop {
                    match self.peek() {
                        Some('I') => insensitive = true,
                        Some('M') => multiline = true,
                        _ => break,
                    }
                    self.pos += 1;
                }
                Address::Match(self.regex(&text, insensitive, multiline)?)
            }
            _ => return Ok(None),
        }))
    }

    /// Text up to an unescaped `delimiter` (consumed); `\delimiter` becomes `delimiter`.
    /// In a regex, a delimiter inside a bracket expression does not end it.
    fn delimited(&mut self, delimiter: char, regex: bool) -> Option<String> {
        let mut text = String::new();
        loop {
            let c = self.next()?;
            if c == delimiter {
                return Some(text);
            }
            match c {
                '\n' if regex => return None,
                '\\' => {
                    let escaped = self.next()?;
                    if escaped == delimiter {
                        text.push(escaped);
                    } else if escaped == 'n' && !regex {
                        text.push('\n');
                    } else {
                        text.push('\\');
                        text.push(escaped);
                    }
                }
                '[' if regex => {
                    text.push('[');
                    for opening in ['^', ']'] {
                        if self.peek() == Some(opening) {
                            text.push(opening);
                            self.pos += 1;
                        }
                    }
                    loop {
                        let c = self.next().filter(|&c| c != '\n')?;
                        text.push(c);
                        match c {
                            ']' => break,
                            '[' if matches!(self.peek(), Some(':' | '=' | '.')) => {
                                let kind = self.next()?;
                                text.push(kind);
                                while !(text.ends_with(kind)
                                    && self.peek() == Some(']')
                                    && !text.ends_with(&format!("[{kind}")))
                                {
                                    text.push(self.next()?);
                                }
                                text.push(self.next()?);
                            }
                            _ => {}
                        }
                    }
                }
                _ => text.push(c),
            }
        }
    }

    fn regex(&self, text: &str, insensitive: bool, multiline: bool) -> Result<Pattern, String> {
        if text.is_empty() {
            return Ok(None);
        }
        let translated = posix_regex::translate_sed(text, self.extended)?;
        RegexBuilder::new(&translated)
            .case_insensitive(insensitive)
            .multi_line(multiline)
            .dot_matches_new_line(true)
            .build()
            .map(Some)
            .map_err(|e| match e {
                regex::Error::Syntax(text) => text
                    .lines()
                    .last()
                    .unwrap_or("invalid regex")
                    .trim()
                    .to_string(),
                other => other.to_string(),
            })
    }

    fn command(&mut self, selector: Selector, c: char) -> Result<(), String> {
        let has_range = selector.end.is_some();
        let command = match c {
            '{' => {
                self.blocks.push(self.instructions.len());
                Command::Block(0)
            }
            '}' => {
                if selector.start.is_some() {
                    return Err("} doesn't want any addresses".into());
                }
                let open = self.blocks.pop().ok_or("unexpected `}'")?;
                let end = self.instructions.len();
                self.instructions[open].command = Command::Block(end);
                return Ok(());
            }
            ':' => {
                if selector.start.is_some() {
                    return Err(": doesn't want any addresses".into());
                }
                let label = self.word(true);
                if label.is_empty() {
                    return Err("\":\" lacks a label".into());
                }
                self.labels.push((label, self.instructions.len()));
                return Ok(());
            }
            'b' | 't' | 'T' => {
                let label = self.word(true);
                if !label.is_empty() {
                    self.branches.push((self.instructions.len(), label));
                }
                let condition = match c {
                    't' => Some(true),
                    'T' => Some(false),
                    _ => None,
                };
                Command::Branch(usize::MAX, condition)
            }
            's' => Command::Substitute(Box::new(self.substitute()?)),
            'y' => self.translate()?,
            'a' | 'i' | 'c' => {
                let text = self.text();
                match c {
                    'a' => Command::Append(text),
                    'i' => Command::Insert(text),
                    _ => Command::Change(text),
                }
            }
            'r' => Command::ReadFile(self.word(false)),
            'w' => Command::WriteFile(self.word(false)),
            'q' | 'Q' => {
                self.skip_blanks();
                let status = self.number().unwrap_or(0) as i32;
                Command::Quit {
                    status,
                    print: c == 'q',
                }
            }
            'l' => {
                self.skip_blanks();
                Command::List(self.number().map(|n| n as usize))
            }
            'd' => Command::Delete,
            'D' => Command::DeleteFirstLine,
            'p' => Command::Print,
            'P' => Command::PrintFirstLine,
            'n' => Command::Next,
            'N' => Command::AppendNext,
            '=' => Command::LineNumber,
            'h' => Command::Hold,
            'H' => Command::HoldAppend,
            'g' => Command::Get,
            'G' => Command::GetAppend,
            'x' => Command::Exchange,
            'z' => Command::Zap,
            _ => return Err(format!("unknown command: `{c}'")),
        };
        if has_range && matches!(command, Command::Quit { .. }) {
            return Err("command only uses one address".into());
        }
        self.instructions.push(Instruction { selector, command });
        Ok(())
    }

    /// The text of `a`, `i` or `c` with its newline (none if empty, as in `$a\`): `a\`
    /// then lines, or GNU's one-line `a text`.
    fn text(&mut self) -> Vec<u8> {
        self.skip_blanks();
        // `a\` then a newline, or `a\text`, which keeps the text's leading blanks.
        if self.peek() == Some('\\') {
            self.pos += 1;
            if self.peek() == Some('\n') {
                self.pos += 1;
            }
        }
        let mut text = String::new();
        while let Some(c) = self.next() {
            match c {
                '\n' => break,
                '\\' => {
                    if let Some(escaped) = self.next() {
                        text.push(escaped);
                    }
                }
                _ => text.push(c),
            }
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.into_bytes()
    }

    fn substitute(&mut self) -> Result<Substitute, String> {
        let unterminated = || "unterminated `s' command".to_string();
        let delimiter = self.next().ok_or_else(unterminated)?;
        if delimiter == '\n' || delimiter == '\\' {
            return Err(unterminated());
        }
        let pattern_text = self.delimited(delimiter, true).ok_or_else(unterminated)?;
        let replacement = self.replacement(delimiter).ok_or_else(unterminated)?;
        let mut substitute = Substitute {
            pattern: None,
            replacement,
            global: false,
            nth: 1,
            print: false,
            write: None,
        };
        let (mut insensitive, mut multiline) = (false, false);
        loop {
            match self.peek() {
                Some('g') => substitute.global = true,
                Some('p') => substitute.print = true,
                Some('i' | 'I') => insensitive = true,
                Some('m' | 'M') => multiline = true,
                Some('w') => {
                    self.pos += 1;
                    substitute.write = Some(self.word(false));
                    break;
                }
                Some(c) if c.is_ascii_digit() => {
                    substitute.nth = self
                        .number()
                        .filter(|&n| n > 0)
                        .ok_or("number option to `s' command may not be zero")?
                        as usize;
                    continue;
                }
                Some('e') => return Err("the `e' flag is not supported".into()),
                _ => break,
            }
            self.pos += 1;
        }
        substitute.pattern = self.regex(&pattern_text, insensitive, multiline)?;
        Ok(substitute)
    }

    fn replacement(&mut self, delimiter: char) -> Option<Vec<Piece>> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let flush = |literal: &mut String, pieces: &mut Vec<Piece>| {
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(literal).into_bytes()));
            }
        };
        loop {
            let c = self.next()?;
            if c == delimiter {
                flush(&mut literal, &mut pieces);
                return Some(pieces);
            }
            let piece = match c {
                '&' => Piece::Group(0),
                '\n' => return None,
                '\\' => match self.next()? {
                    d @ '0'..='9' => Piece::Group(d as usize - '0' as usize),
                    'n' => {
                        literal.push('\n');
                        continue;
                    }
                    't' => {
                        literal.push('\t');
                        continue;
                    }
                    'U' => Piece::Case(Case::Upper),
                    'L' => Piece::Case(Case::Lower),
                    'E' => Piece::Case(Case::Keep),
                    'u' => Piece::CaseOne(Case::Upper),
                    'l' => Piece::CaseOne(Case::Lower),
                    other => {
                        literal.push(other);
                        continue;
                    }
                },
                _ => {
                    literal.push(c);
                    continue;
                }
            };
            flush(&mut literal, &mut pieces);
            pieces.push(piece);
        }
    }

    fn translate(&mut self) -> Result<Command, String> {
        let unterminated = || "unterminated `y' command".to_string();
        let delimiter = self.next().ok_or_else(unterminated)?;
        let from = self.delimited(delimiter, false).ok_or_else(unterminated)?;
        let to = self.delimited(delimiter, false).ok_or_else(unterminated)?;
        let unescape = |s: &str| -> Vec<char> { s.replace("\\\\", "\\").chars().collect() };
        let (from, to) = (unescape(&from), unescape(&to));
        if from.len() != to.len() {
            return Err("strings for `y' command are different lengths".into());
        }
        Ok(Command::Translate(from.into_iter().zip(to).collect()))
    }
}
