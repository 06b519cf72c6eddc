//! `md5sum`, `sha1sum`, `sha224sum`, `sha256sum`, `sha384sum`, `sha512sum`: print or
//! check (`-c`) digests, in GNU's `DIGEST  NAME` form.

use secure_exec_system::System;
use sha2::Digest;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::input::{lines, read_operand};

/// The digest the utility named `name` computes, in lowercase hex.
fn digest(name: &str, data: &[u8]) -> String {
    let bytes: Vec<u8> = match name {
        "md5sum" => md5::Md5::digest(data).to_vec(),
        "sha1sum" => sha1::Sha1::digest(data).to_vec(),
        "sha224sum" => sha2::Sha224::digest(data).to_vec(),
        "sha384sum" => sha2::Sha384::digest(data).to_vec(),
        "sha512sum" => sha2::Sha512::digest(data).to_vec(),
        _ => sha2::Sha256::digest(data).to_vec(),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let name = args
        .first()
        .map(|a| a.rsplit('/').next().unwrap_or(a).to_string())
        .unwrap_or_default();
    let mut check = false;
    let mut quiet = false;
    let mut status_only = false;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(file), _) => files.push(file.clone()),
            (_, "help") => {
                let help = format!(
                    "Usage: {name} [OPTION]... [FILE]...\nPrint or check checksums.\n  -c, --check   read checksums from the FILEs and check them\n"
                );
                return cli::help(io, &help);
            }
            (Arg::Short('c'), _) | (_, "check") => check = true,
            (Arg::Short('b' | 't'), _) | (_, "binary" | "text") => {}
            (_, "quiet") => quiet = true,
            (_, "status") => status_only = true,
            _ => return Usage::unknown(&arg).report(&name, io, 1),
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = 0;
    for file in &files {
        let Some(data) = read_operand(sys, io, &name, file) else {
            status = 1;
            continue;
        };
        if check {
            let report = Report { quiet, status_only };
            status |= check_list(sys, io, &name, &data, report);
        } else if writeln!(io.stdout, "{}  {file}", digest(&name, &data)).is_err() {
            return 1;
        }
    }
    status
}

#[derive(Clone, Copy)]
struct Report {
    quiet: bool,
    status_only: bool,
}

/// `-c`: checks every `DIGEST  NAME` line of a list; 1 if any failed.
fn check_list(
    sys: &mut dyn System,
    io: &mut Stdio<'_>,
    name: &str,
    list: &[u8],
    report: Report,
) -> i32 {
    let (mut mismatched, mut unreadable) = (0, 0);
    for line in lines(list) {
        let text = String::from_utf8_lossy(line);
        let Some((expected, file)) = text.split_once(' ') else {
            continue;
        };
        let file = file.strip_prefix([' ', '*']).unwrap_or(file);
        let result = match crate::input::read_path(sys, file) {
            Ok(data) if digest(name, &data).eq_ignore_ascii_case(expected) => "OK",
            Ok(_) => {
                mismatched += 1;
                "FAILED"
            }
            Err(errno) => {
                if !report.status_only {
                    cli::error(io, name, format_args!("{file}: {errno}"));
                }
                unreadable += 1;
                "FAILED open or read"
            }
        };
        if !(report.status_only || report.quiet && result == "OK") {
            let _ = writeln!(io.stdout, "{file}: {result}");
        }
    }
    if !report.status_only {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        if unreadable > 0 {
            let message = format!(
                "WARNING: {unreadable} listed file{} could not be read",
                plural(unreadable)
            );
            cli::error(io, name, message);
        }
        if mismatched > 0 {
            let message = format!(
                "WARNING: {mismatched} computed checksum{} did NOT match",
                plural(mismatched)
            );
            cli::error(io, name, message);
        }
    }
    i32::from(mismatched + unreadable > 0)
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn digests() {
        let mut sys = FakeSystem::new();
        assert_eq!(
            run(&mut sys, main, &["md5sum"], "hello\n").stdout,
            "b1946ac92492d2347c6235b4d2611184  -\n"
        );
        assert_eq!(
            run(&mut sys, main, &["sha1sum"], "").stdout,
            "da39a3ee5e6b4b0d3255bfef95601890afd80709  -\n"
        );
        assert_eq!(
            run(&mut sys, main, &["sha256sum"], "abc").stdout,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n"
        );
    }

    #[test]
    fn checks_lists() {
        let mut sys = FakeSystem::new();
        sys.add_file("a", "hello\n").add_file("b", "other");
        sys.add_file(
            "sums",
            "b1946ac92492d2347c6235b4d2611184  a\nb1946ac92492d2347c6235b4d2611184  b\nb1946ac92492d2347c6235b4d2611184  gone\n",
        );
        let result = run(&mut sys, main, &["md5sum", "-c", "sums"], "");
        assert_eq!(result.status, 1);
        assert_eq!(
            result.stdout,
            "a: OK\nb: FAILED\ngone: FAILED open or read\n"
        );
        assert_eq!(
            result.stderr,
            "md5sum: gone: No such file or directory\n\
             md5sum: WARNING: 1 listed file could not be read\n\
             md5sum: WARNING: 1 computed checksum did NOT match\n"
        );
        assert_eq!(
            run(&mut sys, main, &["md5sum", "--status", "-c", "sums"], "").stdout,
            ""
        );
    }
}
