//! Arithmetic expansion: evaluates `$(( ))` and `(( ))` expressions over 64-bit integers
//! with C's operators and precedence, reading and assigning shell variables.

use std::fmt;

/// The variables an expression reads and assigns.
pub trait ArithmeticVariables {
    fn get(&mut self, name: &str) -> Option<String>;
    fn set(&mut self, name: &str, value: i64) -> Result<(), String>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArithmeticError {
    pub expression: String,
    pub message: String,
}

impl fmt::Display for ArithmeticError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.expression.trim(), self.message)
    }
}

/// How deep variables whose values are expressions may refer to each other.
const MAX_NESTING: usize = 64;

pub fn evaluate(
    expression: &str,
    variables: &mut dyn ArithmeticVariables,
) -> Result<i64, ArithmeticError> {
    evaluate_nested(expression, variables, 0)
}

fn evaluate_nested(
    expression: &str,
    variables: &mut dyn ArithmeticVariables,
    depth: usize,
) -> Result<i64, ArithmeticError> {
    let fail = |message: String| ArithmeticError {
        expression: expression.to_string(),
        message,
    };
    if depth > MAX_NESTING {
        return Err(fail("expression recursion level exceeded".to_string()));
    }
    let tokens = tokenize(expression).map_err(fail)?;
    if tokens.is_empty() {
        return Ok(0);
    }
    let mut evaluator = Evaluator {
        tokens,
        pos: 0,
        variables,
        depth,
    };
    let value = evaluator.comma(true).map_err(fail)?;
    match evaluator.tokens.get(evaluator.pos) {
        None => Ok(value),
        Some(token) => Err(fail(format!(
            "syntax error in expression (error token is \"{}\")",
            token.text()
        ))),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(i64),
    Name(String),
    Op(&'static str),
}

impl Token {
    fn text(&self) -> String {
        match self {
            Token::Number(n) => n.to_string(),
            Token::Name(name) => name.clone(),
            Token::Op(op) => op.to_string(),
        }
    }
}

/// Longest first.
const OPERATORS: &[&str] = &[
    "<<=", ">>=", "**", "&&", "||", "==", "!=", "<=", ">=", "<<", ">>", "++", "--", "+=", "-=",
    "*=", "/=", "%=", "&=", "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "=", "!", "~", "&", "^",
    "|", "(", ")", "?", ":", ",",
];

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '#' | '_' | '@'))
            {
                i += 1;
            }
            let literal: String = chars[start..i].iter().collect();
            tokens.push(Token::Number(parse_number(&literal)?));
        } else if c == '_' || c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i] == '_' || chars[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            tokens.push(Token::Name(chars[start..i].iter().collect()));
        } else {
            let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
            let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) else {
                return Err(format!(
                    "syntax error: operand expected (error token is \"{}\")",
                    chars[i..].iter().collect::<String>()
                ));
            };
            tokens.push(Token::Op(op));
            i += op.len();
        }
    }
    Ok(tokens)
}

/// `12`, `0x1f`, `017`, `2#1010`.
pub fn parse_number(literal: &str) -> Result<i64, String> {
    let invalid = || format!("{literal}: value too great for base (error token is \"{literal}\")");
    let (base, digits) = if let Some((base, digits)) = literal.split_once('#') {
        let base: u32 = base.parse().map_err(|_| invalid())?;
        if !(2..=64).contains(&base) {
            return Err(format!("{literal}: invalid arithmetic base"));
        }
        (base, digits)
    } else if let Some(hex) = literal
        .strip_prefix("0x")
        .or_else(|| literal.strip_prefix("0X"))
    {
        (16, hex)
    } else if literal.len() > 1 && literal.starts_with('0') {
        (8, &literal[1..])
    } else {
        (10, literal)
    };
    if digits.is_empty() {
        return Err(invalid());
    }
    let mut value: i64 = 0;
    for c in digits.chars() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            '@' => 62,
            '_' => 63,
            _ => return Err(invalid()),
        };
        if digit >= base {
            return Err(invalid());
        }
        value = value
            .wrapping_mul(i64::from(base))
            .wrapping_add(i64::from(digit));
    }
    Ok(value)
}

struct Evaluator<'v> {
    tokens: Vec<Token>,
    pos: usize,
    variables: &'v mut dyn ArithmeticVariables,
    depth: usize,
}

type Value = Result<i64, String>;

/// Binary operators by precedence level, loosest first.
const BINARY_LEVELS: &[&[&str]] = &[
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", "<=", ">", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl Evaluator<'_> {
    fn peek_op(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos) {
            Some(Token::Op(op)) => Some(op),
            _ => None,
        }
    }

    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.peek_op() == Some(op) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn unexpected(&self) -> String {
        match self.tokens.get(self.pos) {
            Some(token) => format!(
                "syntax error in expression (error token is \"{}\")",
                token.text()
            ),
            None => "syntax error: operand expected".to_string(),
        }
    }

    /// `live` is false in branches that are parsed but not evaluated (`0 && x=1`).
    fn comma(&mut self, live: bool) -> Value {
        let mut value = self.assignment(live)?;
        while self.peek_op() == Some(",") {
            self.pos += 1;
            value = self.assignment(live)?;
        }
        Ok(value)
    }

    fn assignment(&mut self, live: bool) -> Value {
        if let (Some(Token::Name(name)), Some(Token::Op(op))) =
            (self.tokens.get(self.pos), self.tokens.get(self.pos + 1))
            && op.ends_with('=')
            && !matches!(*op, "==" | "!=" | "<=" | ">=")
        {
            let (name, op) = (name.clone(), *op);
            self.pos += 2;
            let right = self.assignment(live)?;
            if !live {
                return Ok(0);
            }
            let value = if op == "=" {
                right
            } else {
                let current = self.variable(&name)?;
                apply_binary(&op[..op.len() - 1], current, right)?
            };
            self.variables.set(&name, value)?;
            return Ok(value);
        }
        self.conditional(live)
    }

    fn conditional(&mut self, live: bool) -> Value {
        let condition = self.binary(0, live)?;
        if self.peek_op() != Some("?") {
            return Ok(condition);
        }
        self.pos += 1;
        let when_true = self.comma(live && condition != 0)?;
        self.expect(":")?;
        let when_false = self.conditional(live && condition == 0)?;
        Ok(if condition != 0 {
            when_true
        } else {
            when_false
        })
    }

    fn binary(&mut self, level: usize, live: bool) -> Value {
        if level == BINARY_LEVELS.len() {
            return self.power(live);
        }
        let mut left = self.binary(level + 1, live)?;
        while let Some(op) = self
            .peek_op()
            .filter(|op| BINARY_LEVELS[level].contains(op))
        {
            self.pos += 1;
            left = match op {
                "&&" => {
                    let right = self.binary(level + 1, live && left != 0)?;
                    i64::from(left != 0 && right != 0)
                }
                "||" => {
                    let right = self.binary(level + 1, live && left == 0)?;
                    i64::from(left != 0 || right != 0)
                }
                _ => {
                    let right = self.binary(level + 1, live)?;
                    if live {
                        apply_binary(op, left, right)?
                    } else {
                        0
                    }
                }
            };
        }
        Ok(left)
    }

    fn power(&mut self, live: bool) -> Value {
        let base = self.unary(live)?;
        if self.peek_op() != Some("**") {
            return Ok(base);
        }
        self.pos += 1;
        let exponent = self.power(live)?;
        if !live {
            return Ok(0);
        }
        apply_binary("**", base, exponent)
    }

    fn unary(&mut self, live: bool) -> Value {
        match self.peek_op() {
            Some(op @ ("+" | "-" | "!" | "~")) => {
                self.pos += 1;
                let value = self.unary(live)?;
                Ok(match op {
                    "+" => value,
                    "-" => value.wrapping_neg(),
                    "!" => i64::from(value == 0),
                    _ => !value,
                })
            }
            Some(op @ ("++" | "--")) => {
                self.pos += 1;
                let Some(Token::Name(name)) = self.tokens.get(self.pos).cloned() else {
                    return Err(self.unexpected());
                };
                self.pos += 1;
                if !live {
                    return Ok(0);
                }
                let value = step(self.variable(&name)?, op);
                self.variables.set(&name, value)?;
                Ok(value)
            }
            _ => self.postfix(live),
        }
    }

    fn postfix(&mut self, live: bool) -> Value {
        match self.tokens.get(self.pos).cloned() {
            Some(Token::Number(n)) => {
                self.pos += 1;
                Ok(n)
            }
            Some(Token::Name(name)) => {
                self.pos += 1;
                if let Some(op @ ("++" | "--")) = self.peek_op() {
                    self.pos += 1;
                    if !live {
                        return Ok(0);
                    }
                    let value = self.variable(&name)?;
                    self.variables.set(&name, step(value, op))?;
                    return Ok(value);
                }
                if live { self.variable(&name) } else { Ok(0) }
            }
            Some(Token::Op("(")) => {
                self.pos += 1;
                let value = self.comma(live)?;
                self.expect(")")?;
                Ok(value)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A variable's value: empty or unset is 0; text that is not a number is evaluated.
    fn variable(&mut self, name: &str) -> Value {
        let text = self.variables.get(name).unwrap_or_default();
        let text = text.trim();
        if text.is_empty() {
            return Ok(0);
        }
        if let Ok(value) = parse_number(text) {
            return Ok(value);
        }
        evaluate_nested(text, self.variables, self.depth + 1).map_err(|error| error.message)
    }
}

fn step(value: i64, op: &str) -> i64 {
    if op == "++" {
        value.wrapping_add(1)
    } else {
        value.wrapping_sub(1)
    }
}

fn apply_binary(op: &str, left: i64, right: i64) -> Value {
    Ok(match op {
        "+" => left.wrapping_add(right),
        "-" => left.wrapping_sub(right),
        "*" => left.wrapping_mul(right),
        "/" | "%" if right == 0 => return Err("division by 0".to_string()),
        "/" => left.wrapping_div(right),
        "%" => left.wrapping_rem(right),
        "**" if right < 0 => return Err("exponent less than 0".to_string()),
        "**" => left.wrapping_pow(u32::try_from(right).unwrap_or(u32::MAX)),
        "<<" => left.wrapping_shl(right as u32),
        ">>" => left.wrapping_shr(right as u32),
        "&" => left & right,
        "|" => left | right,
        "^" => left ^ right,
        "<" => i64::from(left < right),
        "<=" => i64::from(left <= right),
        ">" => i64::from(left > right),
        ">=" => i64::from(left >= right),
        "==" => i64::from(left == right),
        "!=" => i64::from(left != right),
        _ => return Err(format!("syntax error: invalid operator `{op}'")),
    })
}
