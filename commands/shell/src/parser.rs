//! The grammar: tokens from the lexer into the syntax tree, one complete command at a
//! time, and the syntax errors it finds.

use std::fmt;
use std::rc::Rc;

use crate::ast::{
    AndOr, Assignment, CaseArm, CaseTerminator, Command, CompoundCommand, Connector, ListItem,
    LoopKind, Pipeline, Program, Redirect, RedirectKind, SimpleCommand, Word, WordPart,
};
use crate::lexer::{Lexer, Operator, Token, WordToken};

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    UnexpectedToken(String),
    /// The text ended inside a command.
    UnexpectedEnd,
    /// The text ended inside a quote.
    Unterminated(char),
    BadSubstitution(String),
}

impl SyntaxError {
    /// Whether more input could complete the command.
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self.problem,
            Problem::UnexpectedEnd | Problem::Unterminated(_)
        )
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        match &self.problem {
            Problem::UnexpectedToken(token) => {
                write!(
                    f,
                    "line {line}: syntax error near unexpected token `{token}'"
                )
            }
            Problem::UnexpectedEnd => {
                write!(f, "line {line}: syntax error: unexpected end of file")
            }
            Problem::Unterminated(quote) => write!(
                f,
                "line {line}: unexpected EOF while looking for matching `{quote}'"
            ),
            Problem::BadSubstitution(text) => write!(f, "line {line}: {text}: bad substitution"),
        }
    }
}

/// Words that start a compound command (as a function body must be).
const COMPOUND_STARTS: &[&str] = &["{", "if", "while", "until", "for", "case"];

/// Words that end a compound list when they come where a command would start.
const LIST_TERMINATORS: &[&str] = &["then", "elif", "else", "fi", "do", "done", "esac", "}"];

pub struct Parser {
    lexer: Lexer,
    peeked: Option<Token>,
}

impl Parser {
    /// A parser over `text`, whose first line is numbered `first_line`. Unless
    /// `input_complete`, an unterminated here-document is an incomplete command.
    pub fn new(text: &str, first_line: usize, input_complete: bool) -> Parser {
        Parser::from_lexer(Lexer::new(text, first_line, input_complete))
    }

    pub(crate) fn from_lexer(lexer: Lexer) -> Parser {
        Parser {
            lexer,
            peeked: None,
        }
    }

    pub(crate) fn into_lexer(self) -> Lexer {
        debug_assert!(self.peeked.is_none(), "a token was read past the end");
        self.lexer
    }

    /// The next complete command (a line's list), or `None` at the end of the text.
    pub fn next_command(&mut self) -> Result<Option<Program>, SyntaxError> {
        self.skip_newlines()?;
        if *self.peek()? == Token::End {
            return Ok(None);
        }
        let mut program = Program::default();
        loop {
            let and_or = self.parse_and_or()?;
            let background = self.peek()? == &Token::Operator(Operator::Ampersand);
            program.items.push(ListItem { and_or, background });
            match self.peek()? {
                Token::Operator(Operator::Semicolon | Operator::Ampersand) => {
                    self.advance()?;
                    if matches!(self.peek()?, Token::Newline | Token::End) {
                        break;
                    }
                }
                _ => break,
            }
        }
        match self.advance()? {
            Token::Newline | Token::End => Ok(Some(program)),
            token => Err(self.unexpected(&token)),
        }
    }

    /// Everything up to the end of the text, as one program.
    pub fn parse_to_end(&mut self) -> Result<Program, SyntaxError> {
        let mut program = Program::default();
        while let Some(command) = self.next_command()? {
            program.items.extend(command.items);
        }
        Ok(program)
    }

    /// The body of `$(...)` up to and including its `)`.
    pub(crate) fn parse_command_substitution(&mut self) -> Result<Program, SyntaxError> {
        let program = self.parse_compound_list()?;
        match self.advance()? {
            Token::Operator(Operator::RightParen) => Ok(program),
            token => Err(self.unexpected(&token)),
        }
    }

    fn peek(&mut self) -> Result<&Token, SyntaxError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        Ok(self.peeked.as_ref().expect("just peeked"))
    }

    fn advance(&mut self) -> Result<Token, SyntaxError> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lexer.next_token(),
        }
    }

    fn unexpected(&self, token: &Token) -> SyntaxError {
        let problem = match token {
            Token::End => Problem::UnexpectedEnd,
            token => Problem::UnexpectedToken(token.describe()),
        };
        SyntaxError {
            line: self.lexer.line(),
            problem,
        }
    }

    fn skip_newlines(&mut self) -> Result<(), SyntaxError> {
        while *self.peek()? == Token::Newline {
            self.advance()?;
        }
        Ok(())
    }

    fn expect_word(&mut self, keyword: &str) -> Result<(), SyntaxError> {
        let token = self.advance()?;
        if token.is_word(keyword) {
            Ok(())
        } else {
            Err(self.unexpected(&token))
        }
    }

    fn expect_operator(&mut self, operator: Operator) -> Result<(), SyntaxError> {
        match self.advance()? {
            Token::Operator(op) if op == operator => Ok(()),
            token => Err(self.unexpected(&token)),
        }
    }

    fn at_list_end(&mut self) -> Result<bool, SyntaxError> {
        Ok(match self.peek()? {
            Token::End => true,
            Token::Operator(op) => matches!(
                op,
                Operator::RightParen
                    | Operator::DoubleSemicolon
                    | Operator::SemicolonAnd
                    | Operator::DoubleSemicolonAnd
            ),
            Token::Word(word) => LIST_TERMINATORS.contains(&word.raw.as_str()),
            _ => false,
        })
    }

    /// A list that may span lines, ended by a closing keyword or operator (not consumed).
    fn parse_compound_list(&mut self) -> Result<Program, SyntaxError> {
        let mut program = Program::default();
        self.skip_newlines()?;
        while !self.at_list_end()? {
            let and_or = self.parse_and_or()?;
            let mut background = false;
            match self.peek()? {
                Token::Operator(Operator::Semicolon) | Token::Newline => {
                    self.advance()?;
                }
                Token::Operator(Operator::Ampersand) => {
                    self.advance()?;
                    background = true;
                }
                _ => {
                    program.items.push(ListItem { and_or, background });
                    break;
                }
            }
            program.items.push(ListItem { and_or, background });
            self.skip_newlines()?;
        }
        Ok(program)
    }

    /// A compound list that must hold at least one command.
    fn parse_required_list(&mut self) -> Result<Program, SyntaxError> {
        let program = self.parse_compound_list()?;
        if program.items.is_empty() {
            let token = self.advance()?;
            return Err(self.unexpected(&token));
        }
        Ok(program)
    }

    fn parse_and_or(&mut self) -> Result<AndOr, SyntaxError> {
        let first = self.parse_pipeline()?;
        let mut rest = Vec::new();
        loop {
            let connector = match self.peek()? {
                Token::Operator(Operator::AndIf) => Connector::And,
                Token::Operator(Operator::OrIf) => Connector::Or,
                _ => break,
            };
            self.advance()?;
            self.skip_newlines()?;
            rest.push((connector, self.parse_pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn parse_pipeline(&mut self) -> Result<Pipeline, SyntaxError> {
        let mut negated = false;
        while self.peek()?.is_word("!") {
            self.advance()?;
            negated = !negated;
        }
        let mut commands = vec![self.parse_command()?];
        loop {
            let both = match self.peek()? {
                Token::Operator(Operator::Pipe) => false,
                Token::Operator(Operator::PipeBoth) => true,
                _ => break,
            };
            let token = self.advance()?;
            if both {
                let last = commands.last_mut().expect("a pipeline has a command");
                let Some(redirects) = last.redirects_mut() else {
                    return Err(self.unexpected(&token));
                };
                redirects.push(Redirect {
                    fd: Some(2),
                    kind: RedirectKind::DuplicateOutput(plain_word("1")),
                });
            }
            self.skip_newlines()?;
            commands.push(self.parse_command()?);
        }
        Ok(Pipeline { negated, commands })
    }

    fn parse_command(&mut self) -> Result<Command, SyntaxError> {
        let body = match self.peek()? {
            Token::Operator(Operator::LeftParen) => {
                self.advance()?;
                if self.lexer.next_char_is('(')
                    && let Some(expression) = self.lexer.read_arithmetic_command()?
                {
                    CompoundCommand::Arithmetic(expression)
                } else {
                    let body = self.parse_required_list()?;
                    self.expect_operator(Operator::RightParen)?;
                    CompoundCommand::Subshell(body)
                }
            }
            Token::Word(word) => match word.raw.as_str() {
                "{" => {
                    self.advance()?;
                    let body = self.parse_required_list()?;
                    self.expect_word("}")?;
                    CompoundCommand::BraceGroup(body)
                }
                "if" => self.parse_if()?,
                "while" => self.parse_loop(LoopKind::While)?,
                "until" => self.parse_loop(LoopKind::Until)?,
                "for" => self.parse_for()?,
                "case" => self.parse_case()?,
                "function" => return self.parse_function_keyword(),
                keyword if LIST_TERMINATORS.contains(&keyword) => {
                    let token = self.advance()?;
                    return Err(self.unexpected(&token));
                }
                _ => return self.parse_simple_command(),
            },
            Token::IoNumber(_) => return self.parse_simple_command(),
            Token::Operator(op) if op.is_redirection() => return self.parse_simple_command(),
            _ => {
                let token = self.advance()?;
                return Err(self.unexpected(&token));
            }
        };
        let redirects = self.parse_redirects()?;
        Ok(Command::Compound { body, redirects })
    }

    fn parse_redirects(&mut self) -> Result<Vec<Redirect>, SyntaxError> {
        let mut redirects = Vec::new();
        loop {
            match self.peek()? {
                Token::IoNumber(fd) => {
                    let fd = *fd;
                    self.advance()?;
                    redirects.push(self.parse_redirect(Some(fd))?);
                }
                Token::Operator(op) if op.is_redirection() => {
                    redirects.push(self.parse_redirect(None)?)
                }
                _ => return Ok(redirects),
            }
        }
    }

    fn parse_redirect(&mut self, fd: Option<u32>) -> Result<Redirect, SyntaxError> {
        let operator = match self.advance()? {
            Token::Operator(op) if op.is_redirection() => op,
            token => return Err(self.unexpected(&token)),
        };
        let target = match self.advance()? {
            Token::Word(word) => word,
            token => return Err(self.unexpected(&token)),
        };
        let word = target.word;
        let kind = match operator {
            Operator::Less => RedirectKind::Read(word),
            Operator::Great => RedirectKind::Write(word),
            Operator::Clobber => RedirectKind::Clobber(word),
            Operator::DoubleGreat => RedirectKind::Append(word),
            Operator::LessGreat => RedirectKind::ReadWrite(word),
            Operator::LessAnd => RedirectKind::DuplicateInput(word),
            Operator::GreatAnd => RedirectKind::DuplicateOutput(word),
            Operator::AndGreat => RedirectKind::WriteBoth(word),
            Operator::AndDoubleGreat => RedirectKind::AppendBoth(word),
            Operator::TripleLess => RedirectKind::HereString(word),
            Operator::DoubleLess | Operator::DoubleLessDash => {
                let strip_tabs = operator == Operator::DoubleLessDash;
                RedirectKind::HereDocument(self.lexer.read_here_document(&target.raw, strip_tabs)?)
            }
            _ => unreachable!("only redirection operators get here"),
        };
        Ok(Redirect { fd, kind })
    }

    fn parse_simple_command(&mut self) -> Result<Command, SyntaxError> {
        let mut command = SimpleCommand {
            line: self.lexer.line(),
            ..SimpleCommand::default()
        };
        loop {
            match self.peek()? {
                Token::IoNumber(fd) => {
                    let fd = *fd;
                    self.advance()?;
                    command.redirects.push(self.parse_redirect(Some(fd))?);
                }
                Token::Operator(op) if op.is_redirection() => {
                    command.redirects.push(self.parse_redirect(None)?);
                }
                Token::Word(_) => {
                    let Token::Word(token) = self.advance()? else {
                        unreachable!("peeked a word");
                    };
                    if command.words.is_empty()
                        && let Some(assignment) = as_assignment(&token)
                    {
                        command.assignments.push(assignment);
                        continue;
                    }
                    let first = command.words.is_empty()
                        && command.assignments.is_empty()
                        && command.redirects.is_empty();
                    if first
                        && *self.peek()? == Token::Operator(Operator::LeftParen)
                        && is_function_name(&token.raw)
                    {
                        self.advance()?;
                        self.expect_operator(Operator::RightParen)?;
                        return self.parse_function_body(token.raw);
                    }
                    command.words.push(token.word);
                }
                _ => break,
            }
        }
        if command.words.is_empty()
            && command.assignments.is_empty()
            && command.redirects.is_empty()
        {
            let token = self.advance()?;
            return Err(self.unexpected(&token));
        }
        Ok(Command::Simple(command))
    }

    /// `function name [()] body`
    fn parse_function_keyword(&mut self) -> Result<Command, SyntaxError> {
        self.advance()?;
        let name = match self.advance()? {
            Token::Word(word) if is_function_name(&word.raw) => word.raw,
            token => return Err(self.unexpected(&token)),
        };
        if *self.peek()? == Token::Operator(Operator::LeftParen) {
            self.advance()?;
            self.expect_operator(Operator::RightParen)?;
        }
        self.parse_function_body(name)
    }

    fn parse_function_body(&mut self, name: String) -> Result<Command, SyntaxError> {
        self.skip_newlines()?;
        let starts_compound = match self.peek()? {
            Token::Operator(Operator::LeftParen) => true,
            Token::Word(word) => COMPOUND_STARTS.contains(&word.raw.as_str()),
            _ => false,
        };
        if !starts_compound {
            let token = self.advance()?;
            return Err(self.unexpected(&token));
        }
        let body = self.parse_command()?;
        Ok(Command::FunctionDefinition {
            name,
            body: Rc::new(body),
        })
    }

    fn parse_if(&mut self) -> Result<CompoundCommand, SyntaxError> {
        self.advance()?;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let condition = self.parse_required_list()?;
            self.expect_word("then")?;
            let body = self.parse_required_list()?;
            branches.push((condition, body));
            match self.advance()? {
                token if token.is_word("elif") => continue,
                token if token.is_word("else") => {
                    otherwise = Some(self.parse_required_list()?);
                    self.expect_word("fi")?;
                    break;
                }
                token if token.is_word("fi") => break,
                token => return Err(self.unexpected(&token)),
            }
        }
        Ok(CompoundCommand::If {
            branches,
            otherwise,
        })
    }

    fn parse_loop(&mut self, kind: LoopKind) -> Result<CompoundCommand, SyntaxError> {
        self.advance()?;
        let condition = self.parse_required_list()?;
        let body = self.parse_do_group()?;
        Ok(CompoundCommand::Loop {
            kind,
            condition,
            body,
        })
    }

    /// `do list done`
    fn parse_do_group(&mut self) -> Result<Program, SyntaxError> {
        self.expect_word("do")?;
        let body = self.parse_required_list()?;
        self.expect_word("done")?;
        Ok(body)
    }

    fn parse_for(&mut self) -> Result<CompoundCommand, SyntaxError> {
        self.advance()?;
        let variable = match self.advance()? {
            Token::Word(word) if is_name(&word.raw) => word.raw,
            token => return Err(self.unexpected(&token)),
        };
        self.skip_newlines()?;
        let mut items = None;
        if self.peek()?.is_word("in") {
            self.advance()?;
            let mut words = Vec::new();
            loop {
                match self.advance()? {
                    Token::Word(word) => words.push(word.word),
                    Token::Operator(Operator::Semicolon) | Token::Newline => break,
                    token => return Err(self.unexpected(&token)),
                }
            }
            items = Some(words);
        } else if *self.peek()? == Token::Operator(Operator::Semicolon) {
            self.advance()?;
        }
        self.skip_newlines()?;
        let body = self.parse_do_group()?;
        Ok(CompoundCommand::For {
            variable,
            items,
            body,
        })
    }

    fn parse_case(&mut self) -> Result<CompoundCommand, SyntaxError> {
        self.advance()?;
        let subject = match self.advance()? {
            Token::Word(word) => word.word,
            token => return Err(self.unexpected(&token)),
        };
        self.skip_newlines()?;
        self.expect_word("in")?;
        self.skip_newlines()?;
        let mut arms = Vec::new();
        loop {
            if self.peek()?.is_word("esac") {
                self.advance()?;
                break;
            }
            if *self.peek()? == Token::Operator(Operator::LeftParen) {
                self.advance()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.advance()? {
                    Token::Word(word) => patterns.push(word.word),
                    token => return Err(self.unexpected(&token)),
                }
                match self.advance()? {
                    Token::Operator(Operator::Pipe) => continue,
                    Token::Operator(Operator::RightParen) => break,
                    token => return Err(self.unexpected(&token)),
                }
            }
            let body = self.parse_compound_list()?;
            let terminator = match self.peek()? {
                Token::Operator(Operator::DoubleSemicolon) => CaseTerminator::Break,
                Token::Operator(Operator::SemicolonAnd) => CaseTerminator::FallThrough,
                Token::Operator(Operator::DoubleSemicolonAnd) => CaseTerminator::Continue,
                token if token.is_word("esac") => {
                    arms.push(CaseArm {
                        patterns,
                        body,
                        terminator: CaseTerminator::Break,
                    });
                    continue;
                }
                _ => {
                    let token = self.advance()?;
                    return Err(self.unexpected(&token));
                }
            };
            self.advance()?;
            self.skip_newlines()?;
            arms.push(CaseArm {
                patterns,
                body,
                terminator,
            });
        }
        Ok(CompoundCommand::Case { subject, arms })
    }
}

/// `NAME=value` or `NAME+=value` with an unquoted name.
fn as_assignment(token: &WordToken) -> Option<Assignment> {
    let equals = token.raw.find('=')?;
    let (name, append) = match token.raw[..equals].strip_suffix('+') {
        Some(name) => (name, true),
        None => (&token.raw[..equals], false),
    };
    if !is_name(name) {
        return None;
    }
    let prefix_len = equals + 1;
    let mut parts = token.word.parts.clone();
    match parts.first_mut() {
        Some(WordPart::Literal(text)) if text.len() >= prefix_len => {
            text.replace_range(..prefix_len, "");
            if text.is_empty() {
                parts.remove(0);
            }
        }
        _ => return None,
    }
    Some(Assignment {
        name: name.to_string(),
        value: Word { parts },
        append,
    })
}

pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Function names may hold more than variable names (`my-func`, `a.b`), but no quoting
/// or expansion.
fn is_function_name(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '+' | '@'))
        && !LIST_TERMINATORS.contains(&text)
}

fn plain_word(text: &str) -> Word {
    Word {
        parts: vec![WordPart::Literal(text.to_string())],
    }
}
