//! `echo`, as bash has it: `-n` (no newline), `-e` (backslash escapes), `-E`.

use crate::shell::{Shell, Status};

pub fn echo(shell: &mut Shell, args: &[String]) -> Status {
    let mut newline = true;
    let mut escapes = false;
    let mut words = &args[1..];
    while let Some(option) = words.first() {
        let letters = match option.strip_prefix('-') {
            Some(letters) if !letters.is_empty() && letters.chars().all(|c| "neE".contains(c)) => {
                letters
            }
            _ => break,
        };
        for letter in letters.chars() {
            match letter {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        words = &words[1..];
    }
    let mut output = Vec::new();
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            output.push(b' ');
        }
        if escapes {
            if let Escaped::Stop = expand_escapes(word, &mut output) {
                return shell.write_fd(1, &output).map(|()| 0);
            }
        } else {
            output.extend_from_slice(word.as_bytes());
        }
    }
    if newline {
        output.push(b'\n');
    }
    shell.write_fd(1, &output)?;
    Ok(0)
}

/// Whether output goes on after an escaped word.
pub enum Escaped {
    Continue,
    /// `\c`: nothing more is printed.
    Stop,
}

/// `echo -e` and `printf %b` escapes: `\n`, `\t`, `\0nnn`, `\xHH`, `\c` and the rest.
pub fn expand_escapes(text: &str, output: &mut Vec<u8>) -> Escaped {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 == bytes.len() {
            output.push(bytes[i]);
            i += 1;
            continue;
        }
        let escape = bytes[i + 1];
        i += 2;
        let simple = match escape {
            b'a' => Some(0x07),
            b'b' => Some(0x08),
            b'e' | b'E' => Some(0x1b),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(0x0b),
            b'\\' => Some(b'\\'),
            _ => None,
        };
        if let Some(byte) = simple {
            output.push(byte);
            continue;
        }
        match escape {
            b'c' => return Escaped::Stop,
            b'0' => i += push_number(&bytes[i..], 8, 3, output),
            b'1'..=b'7' => {
                i -= 1;
                i += push_number(&bytes[i..], 8, 3, output);
            }
            b'x' => match push_number(&bytes[i..], 16, 2, output) {
                0 => output.extend_from_slice(b"\\x"),
                used => i += used,
            },
            other => output.extend_from_slice(&[b'\\', other]),
        }
    }
    Escaped::Continue
}

/// Pushes the byte written with up to `max_digits` digits of `radix` at the start of
/// `digits`; returns how many digits it used (`\0` alone is a NUL).
fn push_number(digits: &[u8], radix: u32, max_digits: usize, output: &mut Vec<u8>) -> usize {
    let mut value = 0u32;
    let mut used = 0;
    while used < max_digits
        && let Some(digit) = digits
            .get(used)
            .and_then(|d| char::from(*d).to_digit(radix))
    {
        value = value * radix + digit;
        used += 1;
    }
    if used > 0 || radix == 8 {
        output.push(value as u8);
    }
    used
}
