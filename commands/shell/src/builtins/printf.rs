//! `printf format [arguments]`: C conversions with flags, width and precision; the format
//! is reused while arguments remain. `-v name` assigns the output instead.

use super::echo::{Escaped, expand_escapes};
use super::usage_error;
use crate::shell::{Shell, Status};

pub fn printf(shell: &mut Shell, args: &[String]) -> Status {
    let mut operands = &args[1..];
    let mut variable = None;
    if operands.first().is_some_and(|a| a == "-v") {
        let Some(name) = operands.get(1) else {
            return usage_error(shell, "printf", "-v: option requires an argument");
        };
        variable = Some(name.clone());
        operands = &operands[2..];
    }
    if operands.first().is_some_and(|a| a == "--") {
        operands = &operands[1..];
    }
    let Some((format, arguments)) = operands.split_first() else {
        return usage_error(shell, "printf", "usage: printf [-v var] format [arguments]");
    };
    let mut formatter = Formatter {
        arguments,
        next: 0,
        output: Vec::new(),
        errors: Vec::new(),
    };
    formatter.run(format);
    let status = i32::from(!formatter.errors.is_empty());
    for error in std::mem::take(&mut formatter.errors) {
        shell.report(format_args!("printf: {error}"));
    }
    match variable {
        Some(name) => {
            let value = String::from_utf8_lossy(&formatter.output).into_owned();
            if shell.assign(&name, value).is_err() {
                return Ok(1);
            }
        }
        None => shell.write_fd(1, &formatter.output)?,
    }
    Ok(status)
}

/// A conversion's flags, width and precision.
#[derive(Default)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alternate: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

struct Formatter<'a> {
    arguments: &'a [String],
    next: usize,
    output: Vec<u8>,
    errors: Vec<String>,
}

/// Formatting ended early: at `\c`, or at an invalid conversion (recorded in `errors`).
struct Stopped;

impl Formatter<'_> {
    /// Applies `format` until the arguments are used up (at least once).
    fn run(&mut self, format: &str) {
        loop {
            let before = self.next;
            if self.apply(format).is_err()
                || self.next >= self.arguments.len()
                || self.next == before
            {
                return;
            }
        }
    }

    fn next_argument(&mut self) -> Option<&str> {
        let argument = self.arguments.get(self.next)?;
        self.next += 1;
        Some(argument)
    }

    fn apply(&mut self, format: &str) -> Result<(), Stopped> {
        let chars: Vec<char> = format.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => {
                    let end = escape_end(&chars, i);
                    let escape: String = chars[i..end].iter().collect();
                    if let Escaped::Stop = expand_escapes(&escape, &mut self.output) {
                        return Err(Stopped);
                    }
                    i = end;
                }
                '%' => i = self.conversion(&chars, i + 1)?,
                c => {
                    let mut buffer = [0; 4];
                    self.output
                        .extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                    i += 1;
                }
            }
        }
        Ok(())
    }

    /// Formats the conversion whose text starts at `start` (after `%`); returns where the
    /// format goes on.
    fn conversion(&mut self, chars: &[char], start: usize) -> Result<usize, Stopped> {
        let mut i = start;
        let mut spec = Spec::default();
        while let Some(&flag) = chars.get(i) {
            match flag {
                '-' => spec.left = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '#' => spec.alternate = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        spec.width = self.number_or_star(chars, &mut i, &mut spec.left);
        if chars.get(i) == Some(&'.') {
            i += 1;
            let mut ignored = false;
            spec.precision = Some(
                self.number_or_star(chars, &mut i, &mut ignored)
                    .unwrap_or(0),
            );
        }
        let Some(&conversion) = chars.get(i) else {
            self.errors
                .push("`%': missing format character".to_string());
            return Err(Stopped);
        };
        i += 1;
        let text = match conversion {
            '%' => "%".to_string(),
            's' => {
                let argument = self.next_argument().unwrap_or("").to_string();
                truncate(&argument, spec.precision)
            }
            'b' => {
                let argument = self.next_argument().unwrap_or("").to_string();
                let mut expanded = Vec::new();
                let stop = expand_escapes(&argument, &mut expanded);
                let text = truncate(&String::from_utf8_lossy(&expanded), spec.precision);
                self.output.extend_from_slice(pad(&text, &spec).as_bytes());
                if let Escaped::Stop = stop {
                    return Err(Stopped);
                }
                return Ok(i);
            }
            'c' => self
                .next_argument()
                .and_then(|a| a.chars().next())
                .map(String::from)
                .unwrap_or_default(),
            'd' | 'i' => {
                let value = self.integer_argument();
                format_signed(value, &spec)
            }
            'u' | 'o' | 'x' | 'X' => {
                let value = self.integer_argument() as u64;
                format_unsigned(value, conversion, &spec)
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let value = self.float_argument();
                format_float(value, conversion, &spec)
            }
            other => {
                self.errors
                    .push(format!("`{other}': invalid format character"));
                return Err(Stopped);
            }
        };
        let padded = if matches!(
            conversion,
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' | 'g' | 'G'
        ) {
            pad_number(&text, &spec)
        } else {
            pad(&text, &spec)
        };
        self.output.extend_from_slice(padded.as_bytes());
        Ok(i)
    }

    /// A width or precision: digits, or `*` taken from the arguments (a negative width
    /// means left-aligned).
    fn number_or_star(&mut self, chars: &[char], i: &mut usize, left: &mut bool) -> Option<usize> {
        if chars.get(*i) == Some(&'*') {
            *i += 1;
            let value = self.integer_argument();
            if value < 0 {
                *left = true;
            }
            return Some(value.unsigned_abs() as usize);
        }
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        let digits: String = chars[start..*i].iter().collect();
        digits.parse().ok()
    }

    /// An integer argument: C syntax (`0x1f`, `017`), or `'c` for a character's code.
    fn integer_argument(&mut self) -> i64 {
        let Some(argument) = self.next_argument().map(str::to_string) else {
            return 0;
        };
        match parse_integer(&argument) {
            Some(value) => value,
            None => {
                self.errors.push(format!("{argument}: invalid number"));
                0
            }
        }
    }

    fn float_argument(&mut self) -> f64 {
        let Some(argument) = self.next_argument().map(str::to_string) else {
            return 0.0;
        };
        if let Some(c) = argument.strip_prefix(['\'', '"']) {
            return c.chars().next().map_or(0.0, |c| f64::from(u32::from(c)));
        }
        match argument.trim().parse::<f64>() {
            Ok(value) => value,
            Err(_) => match parse_integer(&argument) {
                Some(value) => value as f64,
                None => {
                    self.errors.push(format!("{argument}: invalid number"));
                    0.0
                }
            },
        }
    }
}

/// Where the backslash escape starting at `start` ends.
fn escape_end(chars: &[char], start: usize) -> usize {
    let mut end = start + 2;
    match chars.get(start + 1) {
        Some('0'..='7') => {
            while end < chars.len() && end < start + 5 && chars[end].is_digit(8) {
                end += 1;
            }
        }
        Some('x') => {
            while end < chars.len() && end < start + 4 && chars[end].is_ascii_hexdigit() {
                end += 1;
            }
        }
        _ => {}
    }
    end.min(chars.len())
}

pub fn parse_integer(text: &str) -> Option<i64> {
    if let Some(c) = text.strip_prefix(['\'', '"']) {
        return Some(c.chars().next().map_or(0, |c| i64::from(u32::from(c))));
    }
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<i64>().ok()?
    };
    Some(if negative { -value } else { value })
}

fn truncate(text: &str, precision: Option<usize>) -> String {
    match precision {
        Some(limit) => text.chars().take(limit).collect(),
        None => text.to_string(),
    }
}

/// Pads to the width with spaces.
fn pad(text: &str, spec: &Spec) -> String {
    let width = spec.width.unwrap_or(0);
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    let fill = " ".repeat(width - len);
    if spec.left {
        format!("{text}{fill}")
    } else {
        format!("{fill}{text}")
    }
}

/// Pads a number: zeros go after the sign or `0x` when `0` is given.
fn pad_number(text: &str, spec: &Spec) -> String {
    let width = spec.width.unwrap_or(0);
    let len = text.chars().count();
    if !spec.zero || spec.left || len >= width {
        return pad(text, spec);
    }
    let sign_len = text.find(|c: char| c.is_ascii_digit()).map_or(0, |digit| {
        if text[digit..].starts_with("0x") || text[digit..].starts_with("0X") {
            digit + 2
        } else {
            digit
        }
    });
    format!(
        "{}{}{}",
        &text[..sign_len],
        "0".repeat(width - len),
        &text[sign_len..]
    )
}

fn sign(negative: bool, spec: &Spec) -> &'static str {
    if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

fn format_signed(value: i64, spec: &Spec) -> String {
    let mut digits = value.unsigned_abs().to_string();
    if let Some(precision) = spec.precision {
        digits = format!("{digits:0>precision$}");
    }
    format!("{}{digits}", sign(value < 0, spec))
}

fn format_unsigned(value: u64, conversion: char, spec: &Spec) -> String {
    let mut digits = match conversion {
        'o' => format!("{value:o}"),
        'x' => format!("{value:x}"),
        'X' => format!("{value:X}"),
        _ => value.to_string(),
    };
    if let Some(precision) = spec.precision {
        digits = format!("{digits:0>precision$}");
    }
    match conversion {
        'o' if spec.alternate && !digits.starts_with('0') => format!("0{digits}"),
        'x' if spec.alternate && value != 0 => format!("0x{digits}"),
        'X' if spec.alternate && value != 0 => format!("0X{digits}"),
        _ => digits,
    }
}

fn format_float(value: f64, conversion: char, spec: &Spec) -> String {
    let precision = spec.precision.unwrap_or(6);
    let body = match conversion {
        'f' | 'F' => format!("{:.precision$}", value.abs()),
        'e' | 'E' => exponential(value.abs(), precision),
        _ => general(value.abs(), precision, spec.alternate),
    };
    let body = if conversion.is_ascii_uppercase() {
        body.to_uppercase()
    } else {
        body
    };
    format!(
        "{}{body}",
        sign(value.is_sign_negative() && value != 0.0, spec)
    )
}

/// C's `%e`: `d.dddddde+XX`.
fn exponential(value: f64, precision: usize) -> String {
    let formatted = format!("{value:.precision$e}");
    let (mantissa, exponent) = formatted.split_once('e').expect("`{:e}` has an exponent");
    let exponent: i32 = exponent.parse().expect("the exponent is a number");
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.abs())
}

/// C's `%g`: `%e` or `%f`, whichever suits the exponent, without trailing zeros.
fn general(value: f64, precision: usize, keep_zeros: bool) -> String {
    let precision = precision.max(1);
    let exponent = if value == 0.0 {
        0
    } else {
        value.abs().log10().floor() as i32
    };
    let text = if exponent < -4 || exponent >= precision as i32 {
        exponential(value, precision - 1)
    } else {
        let decimals = (precision as i32 - 1 - exponent).max(0) as usize;
        format!("{value:.decimals$}")
    };
    if keep_zeros {
        return text;
    }
    let (number, exponent) = match text.split_once('e') {
        Some((number, exponent)) => (number.to_string(), format!("e{exponent}")),
        None => (text, String::new()),
    };
    let number = if number.contains('.') {
        number
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        number
    };
    format!("{number}{exponent}")
}
