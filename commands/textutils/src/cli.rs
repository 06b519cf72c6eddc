//! What every utility shares: a GNU-style option parser (clustered short options,
//! `--long[=value]`, `--` and options after operands) and the `name: message` error lines.

use std::collections::VecDeque;

use crate::Stdio;

/// One item of a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// `-x`, alone or inside a cluster like `-xvf`.
    Short(char),
    /// `--name`, with any `=value` kept for [`Parser::value`].
    Long(String),
    Operand(String),
}

impl Arg {
    /// The name of a long option; empty for anything else.
    pub fn long(&self) -> &str {
        match self {
            Arg::Long(name) => name,
            _ => "",
        }
    }
}

/// Walks a command line option by option; the utility asks for an option's value.
pub struct Parser {
    args: VecDeque<String>,
    /// The rest of a short-option cluster, after the option last returned.
    cluster: Vec<char>,
    /// The `=value` of the long option last returned.
    inline_value: Option<String>,
    only_operands: bool,
    /// Stop treating `-x` as options at the first operand (POSIX order), as `xargs` does.
    stop_at_operand: bool,
}

impl Parser {
    /// A parser over `args`, whose first element is the utility's name.
    pub fn new(args: Vec<String>) -> Parser {
        let mut args: VecDeque<String> = args.into();
        args.pop_front();
        Parser {
            args,
            cluster: Vec::new(),
            inline_value: None,
            only_operands: false,
            stop_at_operand: false,
        }
    }

    /// Options end at the first operand; everything after it is an operand.
    pub fn posix_order(mut self) -> Parser {
        self.stop_at_operand = true;
        self
    }

    pub fn next_arg(&mut self) -> Option<Arg> {
        self.inline_value = None;
        if !self.cluster.is_empty() {
            return Some(Arg::Short(self.cluster.remove(0)));
        }
        let arg = self.args.pop_front()?;
        if self.only_operands || arg == "-" || !arg.starts_with('-') {
            if self.stop_at_operand {
                self.only_operands = true;
            }
            return Some(Arg::Operand(arg));
        }
        if arg == "--" {
            self.only_operands = true;
            return self.next_arg();
        }
        if let Some(long) = arg.strip_prefix("--") {
            return Some(match long.split_once('=') {
                Some((name, value)) => {
                    let name = name.to_string();
                    self.inline_value = Some(value.to_string());
                    Arg::Long(name)
                }
                None => Arg::Long(long.to_string()),
            });
        }
        self.cluster = arg.chars().skip(1).collect();
        Some(Arg::Short(self.cluster.remove(0)))
    }

    /// The value of the option just returned: `=value`, the rest of the cluster, or the
    /// next argument.
    pub fn value(&mut self) -> Option<String> {
        if let Some(value) = self.inline_value.take() {
            return Some(value);
        }
        if !self.cluster.is_empty() {
            return Some(self.cluster.drain(..).collect());
        }
        self.args.pop_front()
    }

    /// An optional value, which must be attached: `-i.bak`, `--in-place=.bak`.
    pub fn attached(&mut self) -> Option<String> {
        if let Some(value) = self.inline_value.take() {
            return Some(value);
        }
        (!self.cluster.is_empty()).then(|| self.cluster.drain(..).collect())
    }

    /// The value of the option just returned, or a "requires an argument" usage error.
    pub fn required(&mut self, option: &Arg) -> Result<String, Usage> {
        self.value().ok_or_else(|| Usage::missing(option))
    }
}

/// A command line the utility does not accept; printed with the "Try --help" hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage(pub String);

impl Usage {
    pub fn unknown(option: &Arg) -> Usage {
        Usage(match option {
            Arg::Short(c) => format!("invalid option -- '{c}'"),
            Arg::Long(name) => format!("unrecognized option '--{name}'"),
            Arg::Operand(operand) => format!("extra operand '{operand}'"),
        })
    }

    pub fn missing(option: &Arg) -> Usage {
        Usage(match option {
            Arg::Long(name) => format!("option '--{name}' requires an argument"),
            Arg::Short(c) => format!("option requires an argument -- '{c}'"),
            Arg::Operand(operand) => format!("missing argument after '{operand}'"),
        })
    }

    /// Prints `name: message` and the hint; returns `status` for the caller to exit with.
    pub fn report(&self, name: &str, io: &mut Stdio<'_>, status: i32) -> i32 {
        let _ = writeln!(io.stderr, "{name}: {}", self.0);
        let _ = writeln!(io.stderr, "Try '{name} --help' for more information.");
        status
    }
}

/// Prints `name: message`.
pub fn error(io: &mut Stdio<'_>, name: &str, message: impl std::fmt::Display) {
    let _ = writeln!(io.stderr, "{name}: {message}");
}

/// Prints the `--help` text.
pub fn help(io: &mut Stdio<'_>, text: &str) -> i32 {
    let _ = io.stdout.write_all(text.as_bytes());
    0
}

/// Parses a count such as `-n 5`; `None` for anything else.
pub fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.trim().parse().ok()
}

/// Joins a directory and an entry name without doubling the slash.
pub fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Vec<Arg> {
        let mut parser = Parser::new(args.iter().map(|s| s.to_string()).collect());
        std::iter::from_fn(|| parser.next_arg()).collect()
    }

    #[test]
    fn clusters_longs_and_double_dash() {
        assert_eq!(
            parse(&["x", "-ab", "file", "--long=v", "--", "-c"]),
            vec![
                Arg::Short('a'),
                Arg::Short('b'),
                Arg::Operand("file".into()),
                Arg::Long("long".into()),
                Arg::Operand("-c".into()),
            ]
        );
    }

    #[test]
    fn values_come_from_the_cluster_or_the_next_argument() {
        let mut parser = Parser::new(vec!["x".into(), "-n5".into(), "-e".into(), "pat".into()]);
        assert_eq!(parser.next_arg(), Some(Arg::Short('n')));
        assert_eq!(parser.value().as_deref(), Some("5"));
        assert_eq!(parser.next_arg(), Some(Arg::Short('e')));
        assert_eq!(parser.value().as_deref(), Some("pat"));
        assert_eq!(parser.next_arg(), None);
    }

    #[test]
    fn posix_order_stops_at_the_first_operand() {
        let mut parser =
            Parser::new(vec!["x".into(), "-t".into(), "cmd".into(), "-n".into()]).posix_order();
        assert_eq!(parser.next_arg(), Some(Arg::Short('t')));
        assert_eq!(parser.next_arg(), Some(Arg::Operand("cmd".into())));
        assert_eq!(parser.next_arg(), Some(Arg::Operand("-n".into())));
    }

    #[test]
    fn join_does_not_double_slashes() {
        assert_eq!(join("/", "etc"), "/etc");
        assert_eq!(join("a", "b"), "a/b");
    }
}
