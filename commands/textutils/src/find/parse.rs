//! `find`'s expression language: tests, actions and the options that may stand among
//! them, joined by `!`/`-not`, `-a`/`-and` (or nothing), `-o`/`-or` and parentheses.

use regex::Regex;
use secure_exec_system::System;

use crate::{accounts, mode, posix_regex};

/// `+N` (more than), `-N` (less than) or `N` (exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    More(u64),
    Less(u64),
    Exactly(u64),
}

impl Compare {
    fn parse(text: &str) -> Option<Compare> {
        let (make, digits): (fn(u64) -> Compare, &str) = match text.as_bytes().first()? {
            b'+' => (Compare::More, &text[1..]),
            b'-' => (Compare::Less, &text[1..]),
            _ => (Compare::Exactly, text),
        };
        digits.parse().ok().map(make)
    }

    pub fn holds(self, value: u64) -> bool {
        match self {
            Compare::More(n) => value > n,
            Compare::Less(n) => value < n,
            Compare::Exactly(n) => value == n,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermMatch {
    Exactly,
    /// `-mode`: all these bits.
    All,
    /// `/mode`: any of these bits.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    Access,
    Modify,
    Change,
}

#[derive(Debug, Clone)]
pub enum Test {
    True,
    False,
    Name {
        pattern: String,
        ignore_case: bool,
    },
    Path {
        pattern: String,
        ignore_case: bool,
    },
    Regex(Regex),
    /// `-type`: the letters of the types that match.
    Type(Vec<char>),
    /// `-size`: compared in units of `unit` bytes, rounded up.
    Size {
        compare: Compare,
        unit: u64,
    },
    Newer(i64),
    Perm {
        mode: u32,
        how: PermMatch,
    },
    User(u32),
    Group(u32),
    Empty,
    /// `-mtime` and friends: the age in `unit` nanoseconds, rounded down.
    Age {
        field: TimeField,
        compare: Compare,
        unit: i64,
    },
    Links(Compare),
    Inode(Compare),
    /// `-readable` (4), `-writable` (2), `-executable` (1).
    Access(u32),
}

#[derive(Debug, Clone)]
pub enum Action {
    Print,
    Print0,
    Printf(String),
    Delete,
    Prune,
    Quit,
    /// `-exec`/`-execdir`: `batch` for the `{} +` form; `slot` numbers its batch.
    Exec {
        argv: Vec<String>,
        batch: bool,
        in_dir: bool,
        slot: usize,
    },
}

#[derive(Debug, Clone)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Test(Test),
    Action(Action),
}

/// How symbolic links are followed: `-P` (never), `-H` (named on the command line), `-L`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    Never,
    CommandLine,
    Always,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub max_depth: Option<usize>,
    pub min_depth: usize,
    pub depth_first: bool,
    pub follow: Follow,
}

/// Parses the expression in `tokens`; adds the implicit `-print` when it has no action.
pub fn parse(
    sys: &mut dyn System,
    tokens: &[String],
    options: &mut Options,
) -> Result<(Expr, usize), String> {
    let mut parser = ExprParser {
        sys,
        tokens,
        pos: 0,
        options,
        has_action: false,
        exec_slots: 0,
    };
    let expr = if tokens.is_empty() {
        Expr::Test(Test::True)
    } else {
        parser.or()?
    };
    if let Some(extra) = tokens.get(parser.pos) {
        return Err(match extra.as_str() {
            ")" => "invalid expression; you have too many ')'".into(),
            _ => format!("paths must precede expression: `{extra}'"),
        });
    }
    let expr = if parser.has_action {
        expr
    } else {
        Expr::And(Box::new(expr), Box::new(Expr::Action(Action::Print)))
    };
    Ok((expr, parser.exec_slots))
}

struct ExprParser<'a> {
    sys: &'a mut dyn System,
    tokens: &'a [String],
    pos: usize,
    options: &'a mut Options,
    has_action: bool,
    exec_slots: usize,
}

impl ExprParser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while matches!(self.peek(), Some("-o" | "-or")) {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        loop {
            match self.peek() {
                Some("-a" | "-and") => self.pos += 1,
                Some("-o" | "-or" | ")") | None => return Ok(left),
                Some(_) => {}
            }
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some("!" | "-not") => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some("(") => {
                self.pos += 1;
                if self.peek() == Some(")") {
                    return Err("invalid expression; empty parentheses are not allowed.".into());
                }
                let inner = self.or()?;
                if self.peek() != Some(")") {
                    return Err("invalid expression; I was expecting to find a ')' somewhere but did not see one.".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(_) => self.primary(),
            None => Err(format!(
                "invalid expression; you have used a binary operator '{}' with nothing after it.",
                self.tokens[self.pos - 1]
            )),
        }
    }

    fn argument(&mut self, name: &str) -> Result<String, String> {
        let value = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(|| format!("missing argument to `{name}'"))?;
        self.pos += 1;
        Ok(value)
    }

    fn compare(&mut self, name: &str) -> Result<Compare, String> {
        let value = self.argument(name)?;
        Compare::parse(&value).ok_or_else(|| format!("invalid argument `{value}' to `{name}'"))
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let name = self.tokens[self.pos].clone();
        self.pos += 1;
        let test = match name.as_str() {
            "-true" => Test::True,
            "-false" => Test::False,
            "-name" | "-iname" => Test::Name {
                pattern: self.argument(&name)?,
                ignore_case: name == "-iname",
            },
            "-path" | "-ipath" | "-wholename" | "-iwholename" => Test::Path {
                pattern: self.argument(&name)?,
                ignore_case: name.starts_with("-i"),
            },
            "-regex" | "-iregex" => {
                let pattern = self.argument(&name)?;
                let translated = posix_regex::translate(&pattern, false)?;
                let regex = regex::RegexBuilder::new(&format!("^(?:{translated})$"))
                    .case_insensitive(name == "-iregex")
                    .build()
                    .map_err(|e| e.to_string())?;
                Test::Regex(regex)
            }
            "-type" => {
                let value = self.argument(&name)?;
                let types: Vec<char> = value.split(',').filter_map(|t| t.chars().next()).collect();
                if types.is_empty() || types.iter().any(|t| !"fdlbcps".contains(*t)) {
                    return Err(format!("Unknown argument to -type: {value}"));
                }
                Test::Type(types)
            }
            "-size" => {
                let value = self.argument(&name)?;
                let (number, unit) = match value.chars().last() {
                    Some(c @ ('c' | 'w' | 'b' | 'k' | 'M' | 'G')) => (&value[..value.len() - 1], c),
                    _ => (value.as_str(), 'b'),
                };
                let unit = match unit {
                    'c' => 1,
                    'w' => 2,
                    'b' => 512,
                    'k' => 1024,
                    'M' => 1 << 20,
                    _ => 1 << 30,
                };
                let compare = Compare::parse(number)
                    .ok_or_else(|| format!("invalid -size type `{value}'"))?;
                Test::Size { compare, unit }
            }
            "-empty" => Test::Empty,
            "-newer" => {
                let reference = self.argument(&name)?;
                let stat = self
                    .sys
                    .stat(&reference)
                    .map_err(|e| format!("'{reference}': {e}"))?;
                Test::Newer(stat.mtime)
            }
            "-perm" => {
                let value = self.argument(&name)?;
                let (how, spec) = match value.as_bytes().first() {
                    Some(b'-') => (PermMatch::All, &value[1..]),
                    Some(b'/') => (PermMatch::Any, &value[1..]),
                    _ => (PermMatch::Exactly, value.as_str()),
                };
                let mode = mode::apply(spec, 0, false, 0)
                    .ok_or_else(|| format!("invalid mode `{value}'"))?;
                Test::Perm { mode, how }
            }
            "-user" | "-uid" => {
                let value = self.argument(&name)?;
                let uid = if name == "-uid" {
                    value.parse().ok()
                } else {
                    accounts::user_id(self.sys, &value)
                };
                Test::User(uid.ok_or_else(|| format!("'{value}' is not the name of a known user"))?)
            }
            "-group" | "-gid" => {
                let value = self.argument(&name)?;
                let gid = if name == "-gid" {
                    value.parse().ok()
                } else {
                    accounts::group_id(self.sys, &value)
                };
                Test::Group(
                    gid.ok_or_else(|| format!("'{value}' is not the name of an existing group"))?,
                )
            }
            "-mtime" | "-atime" | "-ctime" | "-mmin" | "-amin" | "-cmin" => {
                let field = match &name[1..2] {
                    "a" => TimeField::Access,
                    "c" => TimeField::Change,
                    _ => TimeField::Modify,
                };
                let unit = if name.ends_with("min") { 60 } else { 86_400 } * 1_000_000_000;
                Test::Age {
                    field,
                    compare: self.compare(&name)?,
                    unit,
                }
            }
            "-links" => Test::Links(self.compare(&name)?),
            "-inum" => Test::Inode(self.compare(&name)?),
            "-readable" => Test::Access(4),
            "-writable" => Test::Access(2),
            "-executable" => Test::Access(1),
            "-maxdepth" | "-mindepth" => {
                let value = self.argument(&name)?;
                let depth = value.parse().map_err(|_| {
                    format!(
                        "Expected a positive decimal integer argument to {name}, but got `{value}'"
                    )
                })?;
                if name == "-maxdepth" {
                    self.options.max_depth = Some(depth);
                } else {
                    self.options.min_depth = depth;
                }
                Test::True
            }
            "-depth" | "-d" => {
                self.options.depth_first = true;
                Test::True
            }
            "-follow" => {
                self.options.follow = Follow::Always;
                Test::True
            }
            "-xdev" | "-mount" | "-noleaf" | "-ignore_readdir_race" => Test::True,
            _ => return self.action(&name).map(Expr::Action),
        };
        Ok(Expr::Test(test))
    }

    fn action(&mut self, name: &str) -> Result<Action, String> {
        let action = match name {
            "-print" => Action::Print,
            "-print0" => Action::Print0,
            "-printf" => Action::Printf(self.argument(name)?),
            "-delete" => {
                self.options.depth_first = true;
                Action::Delete
            }
            "-prune" => return Ok(Action::Prune),
            "-quit" => Action::Quit,
            "-exec" | "-execdir" => {
                let mut argv = Vec::new();
                let batch = loop {
                    let Some(token) = self.tokens.get(self.pos) else {
                        return Err(format!("missing argument to `{name}'"));
                    };
                    self.pos += 1;
                    match token.as_str() {
                        ";" => break false,
                        "+" if argv.last().is_some_and(|last| last == "{}") => {
                            argv.pop();
                            break true;
                        }
                        _ => argv.push(token.clone()),
                    }
                };
                if argv.is_empty() {
                    return Err(format!("missing argument to `{name}'"));
                }
                self.exec_slots += 1;
                Action::Exec {
                    argv,
                    batch,
                    in_dir: name == "-execdir",
                    slot: self.exec_slots - 1,
                }
            }
            _ if name.starts_with('-') => return Err(format!("unknown predicate `{name}'")),
            _ => return Err(format!("paths must precede expression: `{name}'")),
        };
        self.has_action = true;
        Ok(action)
    }
}
