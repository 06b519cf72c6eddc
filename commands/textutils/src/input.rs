//! Reading the files a utility is given: `-` is standard input, read as it arrives (so
//! `yes | sed 3q` ends); anything else is read whole through the kernel, so its permission
//! checks apply.

use std::io::{self, BufRead, BufReader, Read, Write};

use secure_exec_system::{SysResult, System};

use crate::{Stdio, cli};

/// An input split into records ending in `delimiter` (`\n`, or NUL for `-z`).
pub enum Input<'a> {
    Memory { data: Vec<u8>, pos: usize },
    Stream(BufReader<&'a mut dyn Read>),
}

impl<'a> Input<'a> {
    pub fn stdin(stdin: &'a mut dyn Read) -> Input<'a> {
        Input::Stream(BufReader::new(stdin))
    }

    pub fn memory(data: Vec<u8>) -> Input<'a> {
        Input::Memory { data, pos: 0 }
    }

    /// Replaces `record` with the next record, delimiter included; false at the end.
    pub fn next_record(&mut self, record: &mut Vec<u8>, delimiter: u8) -> io::Result<bool> {
        record.clear();
        match self {
            Input::Memory { data, pos } => {
                if *pos >= data.len() {
                    return Ok(false);
                }
                let end = data[*pos..]
                    .iter()
                    .position(|&b| b == delimiter)
                    .map_or(data.len(), |i| *pos + i + 1);
                record.extend_from_slice(&data[*pos..end]);
                *pos = end;
                Ok(true)
            }
            Input::Stream(reader) => Ok(reader.read_until(delimiter, record)? > 0),
        }
    }
}

/// The whole of `path` through the kernel; a directory is `EISDIR` even where `open`
/// would allow it.
pub fn read_path(sys: &mut dyn System, path: &str) -> SysResult<Vec<u8>> {
    if sys.stat(path)?.is_dir() {
        return Err(secure_exec_system::Errno::Eisdir);
    }
    sys.read_file(path)
}

/// The whole of `path`, or of standard input for `-`.
pub fn read_all(sys: &mut dyn System, stdin: &mut dyn Read, path: &str) -> io::Result<Vec<u8>> {
    if path == "-" {
        let mut data = Vec::new();
        stdin.read_to_end(&mut data)?;
        Ok(data)
    } else {
        read_path(sys, path).map_err(|errno| io::Error::other(errno.message()))
    }
}

/// The whole of an operand, or `None` after printing `name: path: error`.
pub fn read_operand(
    sys: &mut dyn System,
    io: &mut Stdio<'_>,
    name: &str,
    path: &str,
) -> Option<Vec<u8>> {
    match read_all(sys, io.stdin, path) {
        Ok(data) => Some(data),
        Err(error) => {
            cli::error(io, name, format_args!("{path}: {error}"));
            None
        }
    }
}

/// Runs `each` on every record of every operand in turn, as they are read; an unreadable
/// file is reported as `name: path: error` and skipped. The exit status: 1 if a file
/// could not be read.
pub fn each_record(
    sys: &mut dyn System,
    io: &mut Stdio<'_>,
    name: &str,
    files: &[String],
    delimiter: u8,
    mut each: impl FnMut(&[u8], &mut dyn Write) -> io::Result<()>,
) -> i32 {
    let mut status = 0;
    let mut record = Vec::new();
    for file in files {
        let mut input = if file == "-" {
            Input::stdin(&mut *io.stdin)
        } else {
            match read_path(sys, file) {
                Ok(data) => Input::memory(data),
                Err(errno) => {
                    cli::error(io, name, format_args!("{file}: {errno}"));
                    status = 1;
                    continue;
                }
            }
        };
        loop {
            match input.next_record(&mut record, delimiter) {
                Ok(true) => {
                    if each(&record, &mut *io.stdout).is_err() {
                        return 1;
                    }
                }
                Ok(false) => break,
                Err(error) => {
                    let _ = writeln!(io.stderr, "{name}: {file}: {error}");
                    status = 1;
                    break;
                }
            }
        }
    }
    status
}

/// Splits `data` into lines without their `\n`; a final line without one still counts.
pub fn lines(data: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.is_empty() || data.ends_with(b"\n") {
        lines.pop();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_delimiter_and_the_last_may_lack_it() {
        let mut input = Input::memory(b"a\nbb\nc".to_vec());
        let mut record = Vec::new();
        let mut seen = Vec::new();
        while input.next_record(&mut record, b'\n').unwrap() {
            seen.push(String::from_utf8(record.clone()).unwrap());
        }
        assert_eq!(seen, ["a\n", "bb\n", "c"]);
    }

    #[test]
    fn lines_drop_the_final_newline() {
        assert_eq!(lines(b"a\nb\n"), [b"a".as_slice(), b"b"]);
        assert_eq!(lines(b"a\nb"), [b"a".as_slice(), b"b"]);
        assert!(lines(b"").is_empty());
    }
}
