//! `base64`: encode (wrapping at 76 columns, `-w N`, 0 for none) or decode (`-d`,
//! ignoring newlines; `-i` also other characters outside the alphabet).

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::read_operand;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut decode_mode = false;
    let mut ignore_garbage = false;
    let mut wrap = 76;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => files.push(file.clone()),
            (_, "help") => {
                return cli::help(
                    io,
                    "Usage: base64 [-d] [-i] [-w COLS] [FILE]\nBase64 encode or decode FILE, or standard input, to standard output.\n",
                );
            }
            (Arg::Short('d'), _) | (_, "decode") => decode_mode = true,
            (Arg::Short('i'), _) | (_, "ignore-garbage") => ignore_garbage = true,
            (Arg::Short('w'), _) | (_, "wrap") => {
                let value = parser.value().unwrap_or_default();
                match cli::number(&value) {
                    Some(columns) => wrap = columns,
                    None => {
                        return Usage(format!("invalid wrap size: '{value}'"))
                            .report("base64", io, 1);
                    }
                }
            }
            _ => return Usage::unknown(&arg).report("base64", io, 1),
        }
    }
    if files.len() > 1 {
        return Usage::unknown(&Arg::Operand(files[1].clone())).report("base64", io, 1);
    }
    let file = files.pop().unwrap_or_else(|| "-".into());
    let Some(data) = read_operand(sys, io, "base64", &file) else {
        return 1;
    };
    if decode_mode {
        let (decoded, valid) = decode(&data, ignore_garbage);
        let written = io.stdout.write_all(&decoded);
        if !valid {
            cli::error(io, "base64", "invalid input");
            return 1;
        }
        return i32::from(written.is_err());
    }
    let encoded = encode(&data);
    // Like GNU, no final newline without wrapping.
    let out = if wrap == 0 {
        encoded
    } else {
        encoded
            .chunks(wrap)
            .flat_map(|chunk| chunk.iter().chain(b"\n"))
            .copied()
            .collect()
    };
    i32::from(io.stdout.write_all(&out).is_err())
}

fn encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

/// The decoded bytes, and whether the input was valid.
fn decode(data: &[u8], ignore_garbage: bool) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut bits = 0u32;
    let mut count = 0;
    let mut padding = false;
    for &byte in data {
        let value = match byte {
            b'\n' | b'\r' => continue,
            b'=' => {
                padding = true;
                continue;
            }
            _ => ALPHABET.iter().position(|&c| c == byte),
        };
        let Some(value) = value else {
            if ignore_garbage {
                continue;
            }
            return (out, false);
        };
        if padding {
            return (out, false);
        }
        bits = bits << 6 | value as u32;
        count += 1;
        if count == 4 {
            out.extend_from_slice(&[(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]);
            bits = 0;
            count = 0;
        }
    }
    match count {
        0 => {}
        2 => out.push((bits >> 4) as u8),
        3 => out.extend_from_slice(&[(bits >> 10) as u8, (bits >> 2) as u8]),
        _ => return (out, false),
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn base64(args: &[&str], stdin: &str) -> (i32, String) {
        let mut all = vec!["base64"];
        all.extend(args);
        let result = run(&mut FakeSystem::new(), main, &all, stdin);
        (result.status, result.stdout)
    }

    #[test]
    fn encodes_and_wraps() {
        assert_eq!(base64(&[], "hello\n").1, "aGVsbG8K\n");
        assert_eq!(base64(&[], "ab").1, "YWI=\n");
        assert_eq!(base64(&[], "").1, "");
        assert_eq!(base64(&["-w", "4"], "hello").1, "aGVs\nbG8=\n");
        assert_eq!(base64(&["-w0"], "hello").1, "aGVsbG8=");
        assert_eq!(
            base64(&[], &"x".repeat(60))
                .1
                .lines()
                .map(str::len)
                .collect::<Vec<_>>(),
            [76, 4]
        );
    }

    #[test]
    fn decodes() {
        assert_eq!(base64(&["-d"], "aGVs\nbG8K\n"), (0, "hello\n".into()));
        assert_eq!(base64(&["-d"], "YWI=").1, "ab");
        assert_eq!(base64(&["-d"], "YW*I=").0, 1);
        assert_eq!(base64(&["-di"], "YW*I=").1, "ab");
    }
}
