//! The syntax tree: what the parser builds and the executor walks.

use std::rc::Rc;

/// A list of commands, as a script, a `{ ...; }` body or an `if` branch holds them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Program {
    pub items: Vec<ListItem>,
}

/// One `and_or` list, ended by `;`, a newline, or `&` (run in the background).
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub and_or: AndOr,
    pub background: bool,
}

/// `a && b || c`: pipelines joined by connectors, evaluated left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `[!] a | b | c`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Simple(SimpleCommand),
    Compound {
        body: CompoundCommand,
        redirects: Vec<Redirect>,
    },
    /// `name() body`: the body is a compound command with its own redirections.
    FunctionDefinition {
        name: String,
        body: Rc<Command>,
    },
}

impl Command {
    /// The redirections applied around the command; function definitions have none.
    pub fn redirects_mut(&mut self) -> Option<&mut Vec<Redirect>> {
        match self {
            Command::Simple(simple) => Some(&mut simple.redirects),
            Command::Compound { redirects, .. } => Some(redirects),
            Command::FunctionDefinition { .. } => None,
        }
    }
}

/// `NAME=value ... word ... redirections`, in any order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SimpleCommand {
    pub assignments: Vec<Assignment>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// The line the command starts on, for `$LINENO`.
    pub line: usize,
}

/// `NAME=value` or `NAME+=value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub name: String,
    pub value: Word,
    pub append: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CompoundCommand {
    /// `{ list; }`
    BraceGroup(Program),
    /// `( list )`
    Subshell(Program),
    If {
        /// `if`/`elif` conditions, each with the branch it guards.
        branches: Vec<(Program, Program)>,
        otherwise: Option<Program>,
    },
    /// `for name [in words]; do body; done`; without `in`, the positional parameters.
    For {
        variable: String,
        items: Option<Vec<Word>>,
        body: Program,
    },
    Loop {
        kind: LoopKind,
        condition: Program,
        body: Program,
    },
    Case {
        subject: Word,
        arms: Vec<CaseArm>,
    },
    /// `(( expression ))`: true when the expression is not zero.
    Arithmetic(Word),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopKind {
    While,
    Until,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: Program,
    pub terminator: CaseTerminator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseTerminator {
    /// `;;`: the `case` ends.
    Break,
    /// `;&`: the next arm's body runs too.
    FallThrough,
    /// `;;&`: the next arms' patterns are tested too.
    Continue,
}

/// A redirection: `fd` is the number written before the operator, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    pub fd: Option<u32>,
    pub kind: RedirectKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RedirectKind {
    /// `<`
    Read(Word),
    /// `>`
    Write(Word),
    /// `>|`: writes even with `noclobber`.
    Clobber(Word),
    /// `>>`
    Append(Word),
    /// `<>`
    ReadWrite(Word),
    /// `&>` (and `>&file`): standard output and standard error.
    WriteBoth(Word),
    /// `&>>`
    AppendBoth(Word),
    /// `<&n`, `<&-`
    DuplicateInput(Word),
    /// `>&n`, `>&-`, or `>&file`
    DuplicateOutput(Word),
    /// `<<` and `<<-`: the body, with no expansion left in it when the delimiter was quoted.
    HereDocument(Word),
    /// `<<<word`
    HereString(Word),
}

impl RedirectKind {
    /// The descriptor redirected when no number is written.
    pub fn default_fd(&self) -> u32 {
        match self {
            RedirectKind::Read(_)
            | RedirectKind::ReadWrite(_)
            | RedirectKind::DuplicateInput(_)
            | RedirectKind::HereDocument(_)
            | RedirectKind::HereString(_) => 0,
            _ => 1,
        }
    }
}

/// A word as written: the pieces expansion turns into fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    pub parts: Vec<WordPart>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WordPart {
    /// Unquoted text: pattern characters in it are active, and `~` starts a tilde prefix.
    Literal(String),
    /// Text quoted by `'...'`, `$'...'`, a backslash, or inside `"..."`: taken as is.
    Quoted(String),
    /// `"..."`: the expansions inside are neither split nor globbed.
    DoubleQuoted(Vec<WordPart>),
    Parameter(Box<ParameterExpansion>),
    /// `$(...)` or `` `...` ``
    CommandSubstitution(Rc<Program>),
    /// `$((...))`: the expression text, expanded before it is evaluated.
    Arithmetic(Word),
}

/// `$name` or `${name...}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterExpansion {
    /// A variable name, a positional number, or one of `@ * # ? - $ ! 0`.
    pub name: String,
    pub operation: ParameterOperation,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParameterOperation {
    /// `$name`, `${name}`
    Value,
    /// `${#name}`
    Length,
    /// `${name-word}` and the others of its family; `if_empty` is the `:` form.
    Fallback {
        kind: FallbackKind,
        if_empty: bool,
        word: Word,
    },
    /// `${name#pattern}`, `${name##pattern}`
    RemovePrefix { pattern: Word, longest: bool },
    /// `${name%pattern}`, `${name%%pattern}`
    RemoveSuffix { pattern: Word, longest: bool },
    /// `${name/pattern/replacement}` and its `//`, `/#`, `/%` forms.
    Replace {
        pattern: Word,
        replacement: Word,
        mode: ReplaceMode,
    },
    /// `${name:offset}`, `${name:offset:length}` (arithmetic words).
    Substring { offset: Word, length: Option<Word> },
    /// `${name^}`, `${name^^}`, `${name,}`, `${name,,}`
    ChangeCase { upper: bool, all: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FallbackKind {
    /// `-`: the word when unset.
    UseDefault,
    /// `=`: assign the word when unset.
    AssignDefault,
    /// `?`: fail with the word as message when unset.
    Error,
    /// `+`: the word when set.
    UseAlternative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceMode {
    First,
    All,
    Prefix,
    Suffix,
}
