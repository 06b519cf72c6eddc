//! `test` and `[`: string, integer and file conditions, with `!`, `-a`, `-o` and
//! parentheses, following POSIX's rules by argument count before the general grammar.

use secure_exec_system::{FileStat, S_IFMT};

use crate::shell::{Shell, Status};

/// `st_mode` types the kernel's `FileKind` does not name.
const S_IFIFO: u32 = 0o010_000;
const S_IFCHR: u32 = 0o020_000;
const S_IFBLK: u32 = 0o060_000;
const S_IFSOCK: u32 = 0o140_000;

/// The status of a malformed condition.
const ERROR_STATUS: i32 = 2;

pub fn test(shell: &mut Shell, args: &[String]) -> Status {
    evaluate_and_report(shell, "test", &args[1..])
}

pub fn bracket(shell: &mut Shell, args: &[String]) -> Status {
    match args[1..].split_last() {
        Some((last, operands)) if last == "]" => evaluate_and_report(shell, "[", operands),
        _ => {
            shell.report("[: missing `]'");
            Ok(ERROR_STATUS)
        }
    }
}

fn evaluate_and_report(shell: &mut Shell, name: &str, operands: &[String]) -> Status {
    let operands: Vec<&str> = operands.iter().map(String::as_str).collect();
    match (Condition { shell }).evaluate(&operands) {
        Ok(true) => Ok(0),
        Ok(false) => Ok(1),
        Err(message) => {
            shell.report(format_args!("{name}: {message}"));
            Ok(ERROR_STATUS)
        }
    }
}

const UNARY: &[&str] = &[
    "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-L", "-n", "-p", "-r", "-s", "-S", "-t", "-u",
    "-w", "-x", "-z",
];

const BINARY: &[&str] = &[
    "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
];

struct Condition<'a, 's> {
    shell: &'a mut Shell<'s>,
}

type Outcome = Result<bool, String>;

impl Condition<'_, '_> {
    fn evaluate(&mut self, args: &[&str]) -> Outcome {
        match args {
            [] => Ok(false),
            [one] => Ok(!one.is_empty()),
            ["!", one] => Ok(one.is_empty()),
            [operator, operand] if UNARY.contains(operator) => self.unary(operator, operand),
            [first, _] => Err(format!("{first}: unary operator expected")),
            [left, operator, right] if BINARY.contains(operator) => {
                self.binary(left, operator, right)
            }
            ["!", rest @ ..] if args.len() <= 4 => Ok(!self.evaluate(rest)?),
            ["(", inner @ .., ")"] if args.len() <= 4 => self.evaluate(inner),
            _ => {
                let mut parser = Parser { args, pos: 0 };
                let result = parser.or(self)?;
                match args.get(parser.pos) {
                    None => Ok(result),
                    Some(extra) => Err(format!("{extra}: unexpected operator")),
                }
            }
        }
    }

    fn unary(&mut self, operator: &str, operand: &str) -> Outcome {
        let sys = &mut *self.shell.sys;
        let stat = |sys: &mut dyn secure_exec_system::System| sys.stat(operand).ok();
        let has_type =
            |stat: Option<FileStat>, kind: u32| stat.is_some_and(|s| s.mode & S_IFMT == kind);
        Ok(match operator {
            "-z" => operand.is_empty(),
            "-n" => !operand.is_empty(),
            "-e" => stat(sys).is_some(),
            "-f" => stat(sys).is_some_and(|s| s.is_file()),
            "-d" => stat(sys).is_some_and(|s| s.is_dir()),
            "-s" => stat(sys).is_some_and(|s| s.size > 0),
            "-h" | "-L" => sys
                .lstat(operand)
                .is_ok_and(|s| s.mode & S_IFMT == secure_exec_system::S_IFLNK),
            "-p" => has_type(stat(sys), S_IFIFO),
            "-c" => has_type(stat(sys), S_IFCHR),
            "-b" => has_type(stat(sys), S_IFBLK),
            "-S" => has_type(stat(sys), S_IFSOCK),
            "-u" => stat(sys).is_some_and(|s| s.mode & 0o4000 != 0),
            "-g" => stat(sys).is_some_and(|s| s.mode & 0o2000 != 0),
            "-k" => stat(sys).is_some_and(|s| s.mode & 0o1000 != 0),
            "-r" => sys.access(operand, 4).is_ok(),
            "-w" => sys.access(operand, 2).is_ok(),
            "-x" => sys.access(operand, 1).is_ok(),
            "-t" => {
                integer(operand)?;
                false
            }
            _ => return Err(format!("{operator}: unary operator expected")),
        })
    }

    fn binary(&mut self, left: &str, operator: &str, right: &str) -> Outcome {
        let sys = &mut *self.shell.sys;
        Ok(match operator {
            "=" | "==" => left == right,
            "!=" => left != right,
            "<" => left < right,
            ">" => left > right,
            "-eq" => integer(left)? == integer(right)?,
            "-ne" => integer(left)? != integer(right)?,
            "-lt" => integer(left)? < integer(right)?,
            "-le" => integer(left)? <= integer(right)?,
            "-gt" => integer(left)? > integer(right)?,
            "-ge" => integer(left)? >= integer(right)?,
            "-nt" | "-ot" => {
                let (a, b) = (sys.stat(left).ok(), sys.stat(right).ok());
                let newer = |x: &Option<FileStat>, y: &Option<FileStat>| match (x, y) {
                    (Some(x), Some(y)) => x.mtime > y.mtime,
                    (Some(_), None) => true,
                    _ => false,
                };
                if operator == "-nt" {
                    newer(&a, &b)
                } else {
                    newer(&b, &a)
                }
            }
            "-ef" => match (sys.stat(left), sys.stat(right)) {
                (Ok(a), Ok(b)) => (a.dev, a.ino) == (b.dev, b.ino),
                _ => false,
            },
            _ => return Err(format!("{operator}: binary operator expected")),
        })
    }
}

fn integer(text: &str) -> Result<i64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text}: integer expression expected"))
}

/// The general grammar, for five arguments or more:
/// `or: and (-o and)*`, `and: not (-a not)*`, `not: ! not | primary`,
/// `primary: ( or ) | unary-op arg | arg binary-op arg | arg`.
struct Parser<'a> {
    args: &'a [&'a str],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self, offset: usize) -> Option<&'a str> {
        self.args.get(self.pos + offset).copied()
    }

    fn or(&mut self, condition: &mut Condition) -> Outcome {
        let mut result = self.and(condition)?;
        while self.peek(0) == Some("-o") {
            self.pos += 1;
            result |= self.and(condition)?;
        }
        Ok(result)
    }

    fn and(&mut self, condition: &mut Condition) -> Outcome {
        let mut result = self.not(condition)?;
        while self.peek(0) == Some("-a") {
            self.pos += 1;
            result &= self.not(condition)?;
        }
        Ok(result)
    }

    fn not(&mut self, condition: &mut Condition) -> Outcome {
        if self.peek(0) == Some("!") {
            self.pos += 1;
            return Ok(!self.not(condition)?);
        }
        self.primary(condition)
    }

    fn primary(&mut self, condition: &mut Condition) -> Outcome {
        let Some(first) = self.peek(0) else {
            return Err("argument expected".to_string());
        };
        if let (Some(operator), Some(right)) = (self.peek(1), self.peek(2))
            && BINARY.contains(&operator)
        {
            self.pos += 3;
            return condition.binary(first, operator, right);
        }
        if first == "(" {
            self.pos += 1;
            let result = self.or(condition)?;
            if self.peek(0) != Some(")") {
                return Err("`)' expected".to_string());
            }
            self.pos += 1;
            return Ok(result);
        }
        if UNARY.contains(&first)
            && let Some(operand) = self.peek(1)
        {
            self.pos += 2;
            return condition.unary(first, operand);
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }
}
