//! `read [-r] [-p prompt] [-d delim] [-n count] [-u fd] [-s] [name...]`: one line from
//! standard input, read a byte at a time so nothing after it is consumed, split on `IFS`
//! into the names (the last one takes the rest).

use super::usage_error;
use crate::expand::Ifs;
use crate::parser::is_name;
use crate::shell::{Shell, Status};

struct Options {
    raw: bool,
    prompt: Option<String>,
    delimiter: u8,
    count: Option<usize>,
    fd: u32,
}

fn parse_options(args: &[String]) -> Result<(Options, &[String]), String> {
    let mut options = Options {
        raw: false,
        prompt: None,
        delimiter: b'\n',
        count: None,
        fd: 0,
    };
    let mut rest = &args[1..];
    while let Some(arg) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
        rest = &rest[1..];
        if arg == "--" {
            break;
        }
        let mut letters = arg[1..].chars();
        while let Some(letter) = letters.next() {
            if !matches!(letter, 'p' | 'd' | 'n' | 'u') {
                match letter {
                    'r' => options.raw = true,
                    's' => {}
                    _ => return Err(format!("-{letter}: invalid option")),
                }
                continue;
            }
            let inline = letters.as_str();
            let value = if inline.is_empty() {
                let Some(value) = rest.first() else {
                    return Err(format!("-{letter}: option requires an argument"));
                };
                rest = &rest[1..];
                value.clone()
            } else {
                inline.to_string()
            };
            match letter {
                'p' => options.prompt = Some(value),
                'd' => options.delimiter = value.bytes().next().unwrap_or(0),
                'n' => {
                    let count = value
                        .parse()
                        .map_err(|_| format!("{value}: invalid number"))?;
                    options.count = Some(count);
                }
                _ => {
                    let fd = value
                        .parse()
                        .map_err(|_| format!("{value}: invalid file descriptor specification"))?;
                    options.fd = fd;
                }
            }
            break;
        }
    }
    Ok((options, rest))
}

pub fn read(shell: &mut Shell, args: &[String]) -> Status {
    let (options, names) = match parse_options(args) {
        Ok(parsed) => parsed,
        Err(message) => return usage_error(shell, "read", message),
    };
    if let Some(bad) = names.iter().find(|name| !is_name(name)) {
        shell.report(format_args!("read: `{bad}': not a valid identifier"));
        return Ok(1);
    }
    if let Some(prompt) = &options.prompt {
        shell.write_fd(2, prompt.as_bytes())?;
    }
    let (line, complete) = match read_line(shell, &options) {
        Ok(read) => read,
        Err(error) => {
            shell.report(format_args!("read: read error: {error}"));
            return Ok(1);
        }
    };
    let values = if names.is_empty() {
        vec![decode(&line)]
    } else {
        split_fields(&line, names.len(), &shell.ifs())
    };
    let targets: Vec<&str> = if names.is_empty() {
        vec!["REPLY"]
    } else {
        names.iter().map(String::as_str).collect()
    };
    for (name, value) in targets.into_iter().zip(values) {
        if shell.assign(name, value).is_err() {
            return Ok(1);
        }
    }
    Ok(if complete { 0 } else { 1 })
}

/// The bytes of the line, each with whether a backslash escaped it, and whether the
/// delimiter (or the count) ended it rather than the end of the input.
fn read_line(
    shell: &mut Shell,
    options: &Options,
) -> Result<(Vec<(u8, bool)>, bool), secure_exec_system::Errno> {
    let mut line = Vec::new();
    loop {
        if options.count.is_some_and(|count| line.len() >= count) {
            return Ok((line, true));
        }
        let Some(byte) = read_byte(shell, options.fd)? else {
            return Ok((line, false));
        };
        if byte == b'\\' && !options.raw {
            match read_byte(shell, options.fd)? {
                Some(b'\n') => continue,
                Some(escaped) => line.push((escaped, true)),
                None => return Ok((line, false)),
            }
        } else if byte == options.delimiter {
            return Ok((line, true));
        } else {
            line.push((byte, false));
        }
    }
}

fn read_byte(shell: &mut Shell, fd: u32) -> Result<Option<u8>, secure_exec_system::Errno> {
    Ok(shell.state.fds.read(shell.sys, fd, 1)?.first().copied())
}

fn decode(bytes: &[(u8, bool)]) -> String {
    let raw: Vec<u8> = bytes.iter().map(|(byte, _)| *byte).collect();
    String::from_utf8_lossy(&raw).into_owned()
}

/// Splits `line` into `count` values on `IFS`: leading and trailing `IFS` whitespace is
/// dropped, and the last value keeps the rest of the line.
fn split_fields(line: &[(u8, bool)], count: usize, ifs: &Ifs) -> Vec<String> {
    let is_whitespace = |&(byte, escaped): &(u8, bool)| {
        !escaped && byte.is_ascii() && ifs.is_whitespace(byte as char)
    };
    let is_separator = |&(byte, escaped): &(u8, bool)| {
        !escaped && byte.is_ascii() && ifs.is_separator(byte as char)
    };
    let skip_whitespace = |pos: &mut usize| {
        while *pos < line.len() && is_whitespace(&line[*pos]) {
            *pos += 1;
        }
    };
    let mut values = Vec::new();
    let mut pos = 0;
    skip_whitespace(&mut pos);
    for _ in 1..count {
        let start = pos;
        while pos < line.len() && !is_separator(&line[pos]) {
            pos += 1;
        }
        values.push(decode(&line[start..pos]));
        skip_whitespace(&mut pos);
        if pos < line.len() && is_separator(&line[pos]) {
            pos += 1;
            skip_whitespace(&mut pos);
        }
    }
    let mut end = line.len();
    while end > pos && is_whitespace(&line[end - 1]) {
        end -= 1;
    }
    values.push(decode(&line[pos..end]));
    values
}
