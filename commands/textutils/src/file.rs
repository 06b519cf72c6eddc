//! `file`: a short guess at what each file holds, from its type, its first bytes (a
//! few common formats), its `#!` line, or whether it reads as text; `-b` leaves out the
//! name, `-L` follows symlinks.

use secure_exec_system::{FileKind, System};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::read_path;

/// Leading bytes and the description `file` gives them.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x7fELF", "ELF"),
    (b"\0asm", "WebAssembly (wasm) binary module"),
    (b"\x89PNG\r\n\x1a\n", "PNG image data"),
    (b"GIF8", "GIF image data"),
    (b"\xff\xd8\xff", "JPEG image data"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip compressed data"),
    (b"BZh", "bzip2 compressed data"),
    (b"\xfd7zXZ\0", "XZ compressed data"),
    (b"PK\x03\x04", "Zip archive data"),
    (b"\x28\xb5\x2f\xfd", "Zstandard compressed data"),
];

/// Interpreters a `#!` line may name, and what their scripts are called.
const SCRIPTS: &[(&str, &str)] = &[
    ("sh", "POSIX shell script"),
    ("bash", "Bourne-Again shell script"),
    ("python", "Python script"),
    ("python3", "Python script"),
    ("node", "Node.js script"),
    ("perl", "Perl script"),
    ("ruby", "Ruby script"),
];

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut brief = false;
    let mut dereference = false;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => files.push(file.clone()),
            (_, "help") => {
                return cli::help(
                    io,
                    "Usage: file [-bL] FILE...\nDetermine the type of each FILE.\n",
                );
            }
            (Arg::Short('b'), _) | (_, "brief") => brief = true,
            (Arg::Short('L'), _) | (_, "dereference") => dereference = true,
            (Arg::Short('h'), _) | (_, "no-dereference") => dereference = false,
            _ => return Usage::unknown(&arg).report("file", io, 1),
        }
    }
    if files.is_empty() {
        return Usage("missing operand".into()).report("file", io, 1);
    }
    for file in &files {
        let description = describe(sys, file, dereference);
        let line = if brief {
            description
        } else {
            format!("{file}: {description}")
        };
        if writeln!(io.stdout, "{line}").is_err() {
            return 1;
        }
    }
    0
}

fn describe(sys: &mut dyn System, path: &str, dereference: bool) -> String {
    let stat = if dereference {
        sys.stat(path)
    } else {
        sys.lstat(path)
    };
    let stat = match stat {
        Ok(stat) => stat,
        Err(errno) => return format!("cannot open `{path}' ({errno})"),
    };
    match stat.kind() {
        FileKind::Directory => return "directory".into(),
        FileKind::Symlink => {
            return format!(
                "symbolic link to {}",
                sys.readlink(path).unwrap_or_default()
            );
        }
        FileKind::Other if crate::mode::type_char(stat.mode) == 'c' => {
            return "character special".into();
        }
        FileKind::Other => return "special".into(),
        FileKind::Regular => {}
    }
    let data = match read_path(sys, path) {
        Ok(data) => data,
        Err(errno) => return format!("regular file, no read permission ({errno})"),
    };
    if data.is_empty() {
        return "empty".into();
    }
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| data.starts_with(magic)) {
        return (*name).to_string();
    }
    if data.len() > 262 && &data[257..262] == b"ustar" {
        return "POSIX tar archive".into();
    }
    let Some(text) = text_kind(&data) else {
        return "data".into();
    };
    match script_kind(&data) {
        Some(script) if stat.mode & 0o111 != 0 => format!("{script}, {text} executable"),
        Some(script) => format!("{script}, {text}"),
        None => text.to_string(),
    }
}

/// `ASCII text` or `Unicode text, UTF-8 text`, if `data` reads as text.
fn text_kind(data: &[u8]) -> Option<&'static str> {
    let text = std::str::from_utf8(data).ok()?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r' | '\x0c' | '\x1b'))
    {
        return None;
    }
    Some(if text.is_ascii() {
        "ASCII text"
    } else {
        "Unicode text, UTF-8 text"
    })
}

/// What the `#!` line says the file is a script for.
fn script_kind(data: &[u8]) -> Option<String> {
    let line = data.strip_prefix(b"#!")?.split(|&b| b == b'\n').next()?;
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_whitespace();
    let mut program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        program = words.find(|word| !word.starts_with('-'))?;
    }
    let name = SCRIPTS
        .iter()
        .find(|(interpreter, _)| *interpreter == program)
        .map_or_else(
            || format!("a {program} script"),
            |(_, name)| (*name).to_string(),
        );
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn describes_files() {
        let mut sys = FakeSystem::new();
        sys.add_file("text", "hello\n")
            .add_file("utf", "héllo\n")
            .add_file("empty", "")
            .add_file("bin", "\u{1}\u{2}\u{3}")
            .add_file("script", "#!/usr/bin/env python3\nprint(1)\n")
            .add_file("sh", "#!/bin/sh\necho\n")
            .add_symlink("text", "link")
            .add_dir("dir")
            .set_mode("script", 0o755);
        sys.add_file("wasm", "\0asm\u{1}\0\0\0");
        let result = run(
            &mut sys,
            main,
            &[
                "file", "text", "utf", "empty", "bin", "script", "sh", "link", "dir", "wasm",
                "nope",
            ],
            "",
        );
        assert_eq!(
            result.stdout,
            "text: ASCII text\n\
             utf: Unicode text, UTF-8 text\n\
             empty: empty\n\
             bin: data\n\
             script: Python script, ASCII text executable\n\
             sh: POSIX shell script, ASCII text\n\
             link: symbolic link to text\n\
             dir: directory\n\
             wasm: WebAssembly (wasm) binary module\n\
             nope: cannot open `nope' (No such file or directory)\n"
        );
        assert_eq!(
            run(&mut sys, main, &["file", "-bL", "link"], "").stdout,
            "ASCII text\n"
        );
    }
}
