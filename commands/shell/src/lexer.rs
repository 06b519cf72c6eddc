//! Turns source text into tokens: operators, newlines, descriptor numbers and words. Words
//! come out already divided into their quoted and expanded parts (`$(...)` bodies are
//! parsed on the spot), and here-document bodies are read here when the parser asks.

use std::rc::Rc;

use crate::ast::{
    FallbackKind, ParameterExpansion, ParameterOperation, ReplaceMode, Word, WordPart,
};
use crate::parser::{Parser, Problem, SyntaxError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    AndIf,
    OrIf,
    Semicolon,
    DoubleSemicolon,
    SemicolonAnd,
    DoubleSemicolonAnd,
    Pipe,
    /// `|&`: a pipe that carries standard error too.
    PipeBoth,
    Ampersand,
    LeftParen,
    RightParen,
    Less,
    Great,
    DoubleLess,
    DoubleLessDash,
    TripleLess,
    DoubleGreat,
    LessAnd,
    GreatAnd,
    LessGreat,
    Clobber,
    AndGreat,
    AndDoubleGreat,
}

/// Longest first, so that the first match is the right one.
const OPERATORS: &[(&str, Operator)] = &[
    (";;&", Operator::DoubleSemicolonAnd),
    ("<<-", Operator::DoubleLessDash),
    ("<<<", Operator::TripleLess),
    ("&>>", Operator::AndDoubleGreat),
    ("&&", Operator::AndIf),
    ("||", Operator::OrIf),
    (";;", Operator::DoubleSemicolon),
    (";&", Operator::SemicolonAnd),
    ("|&", Operator::PipeBoth),
    ("<<", Operator::DoubleLess),
    (">>", Operator::DoubleGreat),
    ("<&", Operator::LessAnd),
    (">&", Operator::GreatAnd),
    ("<>", Operator::LessGreat),
    (">|", Operator::Clobber),
    ("&>", Operator::AndGreat),
    ("|", Operator::Pipe),
    ("&", Operator::Ampersand),
    (";", Operator::Semicolon),
    ("(", Operator::LeftParen),
    (")", Operator::RightParen),
    ("<", Operator::Less),
    (">", Operator::Great),
];

impl Operator {
    pub fn text(self) -> &'static str {
        OPERATORS
            .iter()
            .find(|(_, op)| *op == self)
            .map(|(text, _)| *text)
            .expect("every operator is in the table")
    }

    pub fn is_redirection(self) -> bool {
        matches!(
            self,
            Operator::Less
                | Operator::Great
                | Operator::DoubleLess
                | Operator::DoubleLessDash
                | Operator::TripleLess
                | Operator::DoubleGreat
                | Operator::LessAnd
                | Operator::GreatAnd
                | Operator::LessGreat
                | Operator::Clobber
                | Operator::AndGreat
                | Operator::AndDoubleGreat
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Word(WordToken),
    /// Digits written right before a redirection operator, as in `2>`.
    IoNumber(u32),
    Operator(Operator),
    Newline,
    End,
}

impl Token {
    /// How a syntax error names the token.
    pub fn describe(&self) -> String {
        match self {
            Token::Word(word) => word.raw.clone(),
            Token::IoNumber(number) => number.to_string(),
            Token::Operator(op) => op.text().to_string(),
            Token::Newline => "newline".to_string(),
            Token::End => "end of file".to_string(),
        }
    }

    /// Whether this is the unquoted word `keyword`.
    pub fn is_word(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(word) if word.raw == keyword)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WordToken {
    pub word: Word,
    /// The source text, quotes included: keywords, assignments and here-document
    /// delimiters are recognized from it.
    pub raw: String,
}

/// Where reading continues once the line that introduced here-documents ends.
#[derive(Debug, Clone)]
struct HereDocumentResume {
    /// The position of the newline that ends the introducing line.
    line_end: usize,
    /// The position just after the last body read.
    resume: usize,
    /// How many lines the bodies take.
    lines: usize,
}

pub struct Lexer {
    chars: Rc<[char]>,
    pos: usize,
    line: usize,
    here_documents: Option<HereDocumentResume>,
    /// Whether the end of the text is the end of the input (no more lines can come).
    input_complete: bool,
}

impl Lexer {
    pub fn new(text: &str, first_line: usize, input_complete: bool) -> Lexer {
        Lexer {
            chars: text.chars().collect(),
            pos: 0,
            line: first_line,
            here_documents: None,
            input_complete,
        }
    }

    pub fn line(&self) -> usize {
        self.line
    }

    /// Whether the next character (right after the last token) is `c`.
    pub fn next_char_is(&self, c: char) -> bool {
        self.peek() == Some(c)
    }

    fn error(&self, problem: Problem) -> SyntaxError {
        SyntaxError {
            line: self.line,
            problem,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        loop {
            match self.peek() {
                None => return Ok(Token::End),
                Some(' ' | '\t') => {
                    self.bump();
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                Some('\n') => {
                    let at = self.pos;
                    self.bump();
                    self.skip_here_document_bodies(at);
                    return Ok(Token::Newline);
                }
                Some(_) => break,
            }
        }
        if let Some((text, op)) = OPERATORS.iter().find(|(text, _)| self.starts_with(text)) {
            self.pos += text.chars().count();
            return Ok(Token::Operator(*op));
        }
        if let Some(number) = self.io_number() {
            return Ok(Token::IoNumber(number));
        }
        self.read_word()
    }

    /// Digits followed by `<` or `>`.
    fn io_number(&mut self) -> Option<u32> {
        let digits = self.chars[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 || !matches!(self.peek_at(digits), Some('<' | '>')) {
            return None;
        }
        let text: String = self.chars[self.pos..self.pos + digits].iter().collect();
        let number = text.parse().ok()?;
        self.pos += digits;
        Some(number)
    }

    fn skip_here_document_bodies(&mut self, newline_at: usize) {
        if let Some(resume) = &self.here_documents
            && resume.line_end == newline_at
        {
            self.pos = resume.resume;
            self.line += resume.lines;
            self.here_documents = None;
        }
    }

    fn read_word(&mut self) -> Result<Token, SyntaxError> {
        let start = self.pos;
        let mut parts = PartsBuilder::default();
        while let Some(c) = self.peek() {
            if matches!(
                c,
                ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>'
            ) {
                break;
            }
            self.read_unquoted_element(&mut parts)?;
        }
        let raw = self.chars[start..self.pos].iter().collect();
        Ok(Token::Word(WordToken {
            word: parts.finish(),
            raw,
        }))
    }

    /// One quoted string, escape, expansion or plain character of an unquoted word.
    fn read_unquoted_element(&mut self, parts: &mut PartsBuilder) -> Result<(), SyntaxError> {
        match self.peek() {
            Some('\'') => {
                let text = self.read_single_quoted()?;
                parts.quoted_text(&text);
            }
            Some('"') => {
                let inner = self.read_double_quoted()?;
                parts.part(WordPart::DoubleQuoted(inner));
            }
            Some('\\') => {
                self.bump();
                match self.bump() {
                    Some('\n') => {}
                    Some(c) => parts.quoted(c),
                    None => parts.literal('\\'),
                }
            }
            Some('$') => self.read_dollar(parts, false)?,
            Some('`') => {
                let program = self.read_backquoted(false)?;
                parts.part(WordPart::CommandSubstitution(program));
            }
            Some(c) => {
                self.bump();
                parts.literal(c);
            }
            None => {}
        }
        Ok(())
    }

    fn read_single_quoted(&mut self) -> Result<String, SyntaxError> {
        self.bump();
        let mut text = String::new();
        loop {
            match self.bump() {
                Some('\'') => return Ok(text),
                Some(c) => text.push(c),
                None => return Err(self.error(Problem::Unterminated('\''))),
            }
        }
    }

    /// The inside of `"..."`, the opening quote not yet consumed.
    fn read_double_quoted(&mut self) -> Result<Vec<WordPart>, SyntaxError> {
        self.bump();
        let mut parts = PartsBuilder::default();
        loop {
            match self.peek() {
                None => return Err(self.error(Problem::Unterminated('"'))),
                Some('"') => {
                    self.bump();
                    return Ok(parts.finish().parts);
                }
                Some(_) => self.read_double_quoted_element(&mut parts, &['"'])?,
            }
        }
    }

    /// One element of double-quoted text, where a backslash escapes only `$`, `` ` ``,
    /// `\`, a newline, and the `also_escapable` characters.
    fn read_double_quoted_element(
        &mut self,
        parts: &mut PartsBuilder,
        also_escapable: &[char],
    ) -> Result<(), SyntaxError> {
        match self.peek() {
            Some('\\') => {
                self.bump();
                match self.peek() {
                    Some('\n') => {
                        self.bump();
                    }
                    Some(c) if matches!(c, '$' | '`' | '\\') || also_escapable.contains(&c) => {
                        self.bump();
                        parts.quoted(c);
                    }
                    _ => parts.quoted('\\'),
                }
            }
            Some('$') => self.read_dollar(parts, true)?,
            Some('`') => {
                let program = self.read_backquoted(true)?;
                parts.part(WordPart::CommandSubstitution(program));
            }
            Some(c) => {
                self.bump();
                parts.quoted(c);
            }
            None => {}
        }
        Ok(())
    }

    /// `$...` at the current position.
    fn read_dollar(
        &mut self,
        parts: &mut PartsBuilder,
        in_double_quotes: bool,
    ) -> Result<(), SyntaxError> {
        self.bump();
        match self.peek() {
            Some('{') => {
                let expansion = self.read_braced_parameter(in_double_quotes)?;
                parts.part(WordPart::Parameter(Box::new(expansion)));
            }
            Some('(') if self.peek_at(1) == Some('(') => {
                let part = self.read_arithmetic_or_substitution()?;
                parts.part(part);
            }
            Some('(') => {
                self.bump();
                let program = self.read_command_substitution()?;
                parts.part(WordPart::CommandSubstitution(program));
            }
            Some('\'') if !in_double_quotes => {
                let text = self.read_ansi_c_quoted()?;
                parts.quoted_text(&text);
            }
            Some('"') if !in_double_quotes => {
                let inner = self.read_double_quoted()?;
                parts.part(WordPart::DoubleQuoted(inner));
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let name = self.read_name();
                parts.part(parameter(name, ParameterOperation::Value));
            }
            Some(c) if c.is_ascii_digit() || is_special_parameter(c) => {
                self.bump();
                parts.part(parameter(c.to_string(), ParameterOperation::Value));
            }
            _ => {
                if in_double_quotes {
                    parts.quoted('$');
                } else {
                    parts.literal('$');
                }
            }
        }
        Ok(())
    }

    fn read_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| *c == '_' || c.is_ascii_alphanumeric())
        {
            self.bump();
            name.push(c);
        }
        name
    }

    /// `${...}`, the `$` consumed.
    fn read_braced_parameter(
        &mut self,
        in_double_quotes: bool,
    ) -> Result<ParameterExpansion, SyntaxError> {
        let start = self.pos - 1;
        self.bump();
        if self.peek() == Some('#') && self.peek_at(1) != Some('}') {
            let before = self.pos;
            self.bump();
            let name = self.read_parameter_name();
            if !name.is_empty() && self.peek() == Some('}') {
                self.bump();
                return Ok(ParameterExpansion {
                    name,
                    operation: ParameterOperation::Length,
                });
            }
            self.pos = before;
        }
        let name = self.read_parameter_name();
        if name.is_empty() {
            return Err(self.bad_substitution(start));
        }
        let operation = self.read_parameter_operation(in_double_quotes, start)?;
        Ok(ParameterExpansion { name, operation })
    }

    fn read_parameter_name(&mut self) -> String {
        match self.peek() {
            Some(c) if c == '_' || c.is_ascii_alphabetic() => self.read_name(),
            Some(c) if c.is_ascii_digit() => {
                let mut digits = String::new();
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    self.bump();
                    digits.push(d);
                }
                digits
            }
            Some(c) if is_special_parameter(c) => {
                self.bump();
                c.to_string()
            }
            _ => String::new(),
        }
    }

    fn read_parameter_operation(
        &mut self,
        in_double_quotes: bool,
        start: usize,
    ) -> Result<ParameterOperation, SyntaxError> {
        let Some(c) = self.bump() else {
            return Err(self.error(Problem::UnexpectedEnd));
        };
        let operation = match c {
            '}' => return Ok(ParameterOperation::Value),
            ':' if matches!(self.peek(), Some('-' | '=' | '?' | '+')) => {
                let kind = fallback_kind(self.bump().unwrap_or('-'));
                let word = self.read_parameter_word(&['}'], in_double_quotes)?;
                ParameterOperation::Fallback {
                    kind,
                    if_empty: true,
                    word,
                }
            }
            ':' => {
                let offset = self.read_parameter_word(&[':', '}'], false)?;
                let length = if self.peek() == Some(':') {
                    self.bump();
                    Some(self.read_parameter_word(&['}'], false)?)
                } else {
                    None
                };
                ParameterOperation::Substring { offset, length }
            }
            '-' | '=' | '?' | '+' => ParameterOperation::Fallback {
                kind: fallback_kind(c),
                if_empty: false,
                word: self.read_parameter_word(&['}'], in_double_quotes)?,
            },
            '#' | '%' => {
                let longest = self.peek() == Some(c);
                if longest {
                    self.bump();
                }
                let pattern = self.read_parameter_word(&['}'], false)?;
                if c == '#' {
                    ParameterOperation::RemovePrefix { pattern, longest }
                } else {
                    ParameterOperation::RemoveSuffix { pattern, longest }
                }
            }
            '/' => {
                let mode = match self.peek() {
                    Some('/') => ReplaceMode::All,
                    Some('#') => ReplaceMode::Prefix,
                    Some('%') => ReplaceMode::Suffix,
                    _ => ReplaceMode::First,
                };
                if mode != ReplaceMode::First {
                    self.bump();
                }
                let pattern = self.read_parameter_word(&['/', '}'], false)?;
                let replacement = if self.peek() == Some('/') {
                    self.bump();
                    self.read_parameter_word(&['}'], false)?
                } else {
                    Word::default()
                };
                ParameterOperation::Replace {
                    pattern,
                    replacement,
                    mode,
                }
            }
            '^' | ',' => {
                let all = self.peek() == Some(c);
                if all {
                    self.bump();
                }
                if self.peek() != Some('}') {
                    return Err(self.bad_substitution(start));
                }
                ParameterOperation::ChangeCase {
                    upper: c == '^',
                    all,
                }
            }
            _ => return Err(self.bad_substitution(start)),
        };
        match self.bump() {
            Some('}') => Ok(operation),
            Some(_) => Err(self.bad_substitution(start)),
            None => Err(self.error(Problem::UnexpectedEnd)),
        }
    }

    fn bad_substitution(&mut self, start: usize) -> SyntaxError {
        while self.peek().is_some_and(|c| c != '}' && c != '\n') {
            self.bump();
        }
        let end = if self.peek() == Some('}') {
            self.pos + 1
        } else {
            self.pos
        };
        let text = self.chars[start..end].iter().collect();
        self.error(Problem::BadSubstitution(text))
    }

    /// The word inside `${name<op>word}`, up to one of `stops` (not consumed). Blanks are
    /// part of it; quotes and expansions nest. Patterns, replacements and offsets are read
    /// as unquoted even inside double quotes (the quotes around the expansion do not make
    /// a pattern literal); the words of `-`, `=`, `?` and `+` take the quoting around them.
    fn read_parameter_word(
        &mut self,
        stops: &[char],
        in_double_quotes: bool,
    ) -> Result<Word, SyntaxError> {
        let mut parts = PartsBuilder::default();
        loop {
            match self.peek() {
                None => return Err(self.error(Problem::UnexpectedEnd)),
                Some(c) if stops.contains(&c) => return Ok(parts.finish()),
                Some(_) if in_double_quotes => {
                    if self.peek() == Some('"') {
                        let inner = self.read_double_quoted()?;
                        parts.part(WordPart::DoubleQuoted(inner));
                    } else {
                        self.read_double_quoted_element(&mut parts, stops)?;
                    }
                }
                Some(_) => self.read_unquoted_element(&mut parts)?,
            }
        }
    }

    /// `$((`: arithmetic if a matching `))` closes it, otherwise a command substitution
    /// whose body starts with a subshell.
    fn read_arithmetic_or_substitution(&mut self) -> Result<WordPart, SyntaxError> {
        let (start, line) = (self.pos, self.line);
        self.bump();
        self.bump();
        if let Some(expression) = self.read_arithmetic_body()? {
            return Ok(WordPart::Arithmetic(expression));
        }
        self.pos = start + 1;
        self.line = line;
        let program = self.read_command_substitution()?;
        Ok(WordPart::CommandSubstitution(program))
    }

    /// After `((`: the expression up to the matching `))`, or `None` when a lone `)`
    /// closes it first.
    fn read_arithmetic_body(&mut self) -> Result<Option<Word>, SyntaxError> {
        let mut parts = PartsBuilder::default();
        let mut depth = 0usize;
        loop {
            match self.peek() {
                None => return Err(self.error(Problem::UnexpectedEnd)),
                Some(')') if depth == 0 => {
                    if self.peek_at(1) != Some(')') {
                        return Ok(None);
                    }
                    self.bump();
                    self.bump();
                    return Ok(Some(parts.finish()));
                }
                Some(c @ ('(' | ')')) => {
                    if c == '(' {
                        depth += 1;
                    } else {
                        depth -= 1;
                    }
                    self.bump();
                    parts.quoted(c);
                }
                Some('"') => {
                    let inner = self.read_double_quoted()?;
                    parts.part(WordPart::DoubleQuoted(inner));
                }
                Some(_) => self.read_double_quoted_element(&mut parts, &[])?,
            }
        }
    }

    /// `((expression))` as a command, the first `(` already consumed: `None` (and nothing
    /// consumed) when it is a nested subshell instead.
    pub fn read_arithmetic_command(&mut self) -> Result<Option<Word>, SyntaxError> {
        let (start, line) = (self.pos, self.line);
        self.bump();
        let expression = self.read_arithmetic_body()?;
        if expression.is_none() {
            self.pos = start;
            self.line = line;
        }
        Ok(expression)
    }

    /// The body of `$(...)`, the `(` consumed: parsed in place, up to its `)`.
    fn read_command_substitution(&mut self) -> Result<Rc<crate::ast::Program>, SyntaxError> {
        let inner = Lexer {
            chars: self.chars.clone(),
            pos: self.pos,
            line: self.line,
            here_documents: self.here_documents.take(),
            input_complete: self.input_complete,
        };
        let mut parser = Parser::from_lexer(inner);
        let program = parser.parse_command_substitution()?;
        let inner = parser.into_lexer();
        self.pos = inner.pos;
        self.line = inner.line;
        self.here_documents = inner.here_documents;
        Ok(Rc::new(program))
    }

    /// `` `...` ``: backslashes before `$`, `` ` ``, `\` (and `"` inside double quotes)
    /// are removed, then the text is parsed as a program.
    fn read_backquoted(
        &mut self,
        in_double_quotes: bool,
    ) -> Result<Rc<crate::ast::Program>, SyntaxError> {
        let line = self.line;
        self.bump();
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error(Problem::Unterminated('`'))),
                Some('`') => break,
                Some('\\') => match self.peek() {
                    Some(c) if matches!(c, '$' | '`' | '\\') || (in_double_quotes && c == '"') => {
                        self.bump();
                        text.push(c);
                    }
                    _ => text.push('\\'),
                },
                Some(c) => text.push(c),
            }
        }
        let mut parser = Parser::new(&text, line, true);
        Ok(Rc::new(parser.parse_to_end()?))
    }

    /// `$'...'`, the `$` consumed: C escapes.
    fn read_ansi_c_quoted(&mut self) -> Result<String, SyntaxError> {
        self.bump();
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error(Problem::Unterminated('\''))),
                Some('\'') => return Ok(text),
                Some('\\') => self.read_ansi_c_escape(&mut text),
                Some(c) => text.push(c),
            }
        }
    }

    fn read_ansi_c_escape(&mut self, text: &mut String) {
        let Some(c) = self.bump() else {
            text.push('\\');
            return;
        };
        let simple = match c {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'e' | 'E' => Some('\x1b'),
            'f' => Some('\x0c'),
            'v' => Some('\x0b'),
            '\\' | '\'' | '"' | '?' => Some(c),
            _ => None,
        };
        if let Some(simple) = simple {
            text.push(simple);
            return;
        }
        let (radix, max_digits) = match c {
            '0'..='7' => {
                self.pos -= 1;
                (8, 3)
            }
            'x' => (16, 2),
            'u' => (16, 4),
            'U' => (16, 8),
            'c' => {
                match self.bump() {
                    Some(control) => text.push(char::from(control as u8 & 0x1f)),
                    None => text.push_str("\\c"),
                }
                return;
            }
            _ => {
                text.push('\\');
                text.push(c);
                return;
            }
        };
        let mut value = 0u32;
        let mut digits = 0;
        while digits < max_digits
            && let Some(digit) = self.peek().and_then(|d| d.to_digit(radix))
        {
            self.bump();
            value = value * radix + digit;
            digits += 1;
        }
        if digits == 0 {
            text.push('\\');
            text.push(c);
        } else if radix == 8 || c == 'x' {
            text.push(char::from(value as u8));
        } else {
            text.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }

    /// Reads the body of the here-document whose delimiter word is `delimiter_raw`: it
    /// starts on the line after the current one (or after the previous body on this line).
    pub fn read_here_document(
        &mut self,
        delimiter_raw: &str,
        strip_tabs: bool,
    ) -> Result<Word, SyntaxError> {
        let quoted = delimiter_raw.contains(['\'', '"', '\\']);
        let delimiter: Vec<char> = remove_quotes(delimiter_raw).chars().collect();
        let (line_end, start, lines_before) = match &self.here_documents {
            Some(resume) => (resume.line_end, resume.resume, resume.lines),
            None => match self.chars[self.pos..].iter().position(|c| *c == '\n') {
                Some(offset) => (self.pos + offset, self.pos + offset + 1, 0),
                None if self.input_complete => return Ok(Word::default()),
                None => return Err(self.error(Problem::UnexpectedEnd)),
            },
        };
        let mut pos = start;
        let mut body = String::new();
        let mut found = false;
        while pos < self.chars.len() {
            let end = self.chars[pos..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(self.chars.len(), |offset| pos + offset);
            let mut line = &self.chars[pos..end];
            if strip_tabs {
                while line.first() == Some(&'\t') {
                    line = &line[1..];
                }
            }
            pos = (end + 1).min(self.chars.len());
            if line == delimiter.as_slice() {
                found = true;
                break;
            }
            body.extend(line);
            if end < self.chars.len() {
                body.push('\n');
            }
        }
        if !found && !self.input_complete {
            return Err(self.error(Problem::UnexpectedEnd));
        }
        let lines = self.chars[start..pos]
            .iter()
            .filter(|c| **c == '\n')
            .count();
        let body_line = self.line + 1 + lines_before;
        self.here_documents = Some(HereDocumentResume {
            line_end,
            resume: pos,
            lines: lines_before + lines,
        });
        if quoted {
            return Ok(Word {
                parts: vec![WordPart::Quoted(body)],
            });
        }
        Lexer::new(&body, body_line, true).read_here_document_body()
    }

    /// An unquoted here-document body: expansions, and backslashes that escape only `$`,
    /// `` ` ``, `\` and newlines.
    fn read_here_document_body(&mut self) -> Result<Word, SyntaxError> {
        let mut parts = PartsBuilder::default();
        while self.peek().is_some() {
            self.read_double_quoted_element(&mut parts, &[])?;
        }
        Ok(parts.finish())
    }
}

fn parameter(name: String, operation: ParameterOperation) -> WordPart {
    WordPart::Parameter(Box::new(ParameterExpansion { name, operation }))
}

fn is_special_parameter(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!')
}

fn fallback_kind(c: char) -> FallbackKind {
    match c {
        '=' => FallbackKind::AssignDefault,
        '?' => FallbackKind::Error,
        '+' => FallbackKind::UseAlternative,
        _ => FallbackKind::UseDefault,
    }
}

/// A here-document delimiter without its quoting.
fn remove_quotes(raw: &str) -> String {
    let mut text = String::new();
    let mut chars = raw.chars();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '\\') | (Some('"'), '\\') => text.extend(chars.next()),
            _ => text.push(c),
        }
    }
    text
}

/// Collects a word's parts, merging neighbouring text of the same quoting.
#[derive(Default)]
struct PartsBuilder {
    parts: Vec<WordPart>,
    text: String,
    text_quoted: bool,
}

impl PartsBuilder {
    fn literal(&mut self, c: char) {
        self.text_char(c, false);
    }

    fn quoted(&mut self, c: char) {
        self.text_char(c, true);
    }

    /// Quoted text kept as its own part even when empty, so that `''` makes a field.
    fn quoted_text(&mut self, text: &str) {
        self.part(WordPart::Quoted(text.to_string()));
    }

    fn text_char(&mut self, c: char, quoted: bool) {
        if !self.text.is_empty() && self.text_quoted != quoted {
            self.flush();
        }
        self.text_quoted = quoted;
        self.text.push(c);
    }

    fn part(&mut self, part: WordPart) {
        self.flush();
        self.parts.push(part);
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.parts.push(if self.text_quoted {
                WordPart::Quoted(text)
            } else {
                WordPart::Literal(text)
            });
        }
    }

    fn finish(mut self) -> Word {
        self.flush();
        Word { parts: self.parts }
    }
}
