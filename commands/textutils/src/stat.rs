//! `stat`: a file's status as the kernel reports it, in GNU's default layout or a
//! `-c`/`--format`/`--printf` format (`%n %N %s %a %A %u %U %g %G %i %h %f %F %b %B %o %d
//! %D %x %y %z %w %X %Y %Z %W %%`, with `-`/`0` flags and widths). `-L` follows links.

use secure_exec_system::{FileKind, FileStat, System};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage};
use crate::format::{DateTime, pad};
use crate::{accounts, mode};

const HELP: &str = "\
Usage: stat [OPTION]... FILE...
Display file status.
  -L, --dereference     follow links
  -c  --format=FORMAT   use the specified FORMAT instead of the default;
                          output a newline after each use of FORMAT
      --printf=FORMAT   like --format, but interpret backslash escapes,
                          and do not output a mandatory trailing newline
";

const DEFAULT_FORMAT: &str = "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n\
Device: %Hd,%Ld\tInode: %-11i Links: %h\n\
Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n\
Access: %x\nModify: %y\nChange: %z\n Birth: %w\n";

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut dereference = false;
    let mut format: Option<(String, bool)> = None;
    let mut files = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        let result = match &arg {
            Arg::Operand(operand) => {
                files.push(operand.clone());
                Ok(())
            }
            Arg::Long(name) if name == "help" => return cli::help(io, HELP),
            Arg::Short('L') => {
                dereference = true;
                Ok(())
            }
            Arg::Long(name) if name == "dereference" => {
                dereference = true;
                Ok(())
            }
            Arg::Short('c') => parser.required(&arg).map(|f| format = Some((f, false))),
            Arg::Long(name) if name == "format" => {
                parser.required(&arg).map(|f| format = Some((f, false)))
            }
            Arg::Long(name) if name == "printf" => {
                parser.required(&arg).map(|f| format = Some((f, true)))
            }
            _ => Err(Usage::unknown(&arg)),
        };
        if let Err(usage) = result {
            return usage.report("stat", io, 1);
        }
    }
    if files.is_empty() {
        return Usage("missing operand".into()).report("stat", io, 1);
    }
    let mut status = 0;
    for file in &files {
        let stat = if dereference {
            sys.stat(file)
        } else {
            sys.lstat(file)
        };
        let stat = match stat {
            Ok(stat) => stat,
            Err(errno) => {
                cli::error(io, "stat", format_args!("cannot statx '{file}': {errno}"));
                status = 1;
                continue;
            }
        };
        let text = match &format {
            None => expand(sys, DEFAULT_FORMAT, file, &stat),
            Some((format, false)) => expand(sys, format, file, &stat) + "\n",
            Some((format, true)) => expand(sys, &unescape(format), file, &stat),
        };
        if io.stdout.write_all(text.as_bytes()).is_err() {
            return 1;
        }
    }
    status
}

/// `--printf`'s backslash escapes.
fn unescape(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `regular file`, `directory`, ... as `%F` says.
fn file_type(stat: &FileStat) -> &'static str {
    match mode::type_char(stat.mode) {
        '-' if stat.size == 0 => "regular empty file",
        '-' => "regular file",
        'd' => "directory",
        'l' => "symbolic link",
        'c' => "character special file",
        'b' => "block special file",
        'p' => "fifo",
        's' => "socket",
        _ => "weird file",
    }
}

/// A name quoted as GNU's `%N` does: bare if it has nothing a shell would mind.
fn quote(name: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._/-+,:@%^=".contains(c);
    if !name.is_empty() && name.chars().all(plain) {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

fn expand(sys: &mut dyn System, format: &str, file: &str, stat: &FileStat) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&flag) = chars.peek().filter(|f| "-0#+ ".contains(**f)) {
            flags.push(flag);
            chars.next();
        }
        let mut width = 0;
        while let Some(digit) = chars.peek().and_then(|d| d.to_digit(10)) {
            width = width * 10 + digit as usize;
            chars.next();
        }
        let mut precision = None;
        if chars.next_if_eq(&'.').is_some() {
            let mut value = 0;
            while let Some(digit) = chars.peek().and_then(|d| d.to_digit(10)) {
                value = value * 10 + digit as usize;
                chars.next();
            }
            precision = Some(value);
        }
        let Some(directive) = chars.next() else {
            out.push('%');
            break;
        };
        let second = |t: i64| t.div_euclid(1_000_000_000).to_string();
        let mut text = match directive {
            '%' => "%".to_string(),
            'n' => file.to_string(),
            'N' if stat.kind() == FileKind::Symlink => {
                format!(
                    "{} -> {}",
                    quote(file),
                    quote(&sys.readlink(file).unwrap_or_default())
                )
            }
            'N' => quote(file),
            's' => stat.size.to_string(),
            'a' => format!("{:o}", stat.permissions()),
            'A' => mode::mode_string(stat.mode),
            'f' => format!("{:x}", stat.mode),
            'F' => file_type(stat).to_string(),
            'u' => stat.uid.to_string(),
            'U' => accounts::user_label(sys, stat.uid),
            'g' => stat.gid.to_string(),
            'G' => accounts::group_label(sys, stat.gid),
            'i' => stat.ino.to_string(),
            'h' => stat.nlink.to_string(),
            'b' => stat.blocks.to_string(),
            'B' => "512".to_string(),
            'o' => "4096".to_string(),
            'd' => stat.dev.to_string(),
            'D' => format!("{:x}", stat.dev),
            'H' | 'L' if chars.peek() == Some(&'d') => {
                chars.next();
                let (major, minor) = (stat.dev >> 8, stat.dev & 0xff);
                if directive == 'H' { major } else { minor }.to_string()
            }
            'x' => DateTime::from_nanos(stat.atime).full(),
            'y' => DateTime::from_nanos(stat.mtime).full(),
            'z' => DateTime::from_nanos(stat.ctime).full(),
            'w' => "-".to_string(),
            'X' => second(stat.atime),
            'Y' => second(stat.mtime),
            'Z' => second(stat.ctime),
            'W' => "0".to_string(),
            other => format!("?{other}"),
        };
        if let Some(precision) = precision {
            text = text.chars().take(precision).collect();
        }
        out.push_str(&pad(&text, width, &flags));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn sys() -> FakeSystem {
        let mut sys = FakeSystem::new();
        sys.add_file("a.txt", "hello\n")
            .add_symlink("a.txt", "link")
            .add_file("my file", "");
        sys.set_mode("a.txt", 0o640);
        sys
    }

    fn stat(args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["stat"];
        all.extend(args);
        let run = run(&mut sys(), main, &all, "");
        (run.status, run.stdout, run.stderr)
    }

    #[test]
    fn default_layout() {
        let (status, out, _) = stat(&["a.txt"]);
        assert_eq!(status, 0);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "  File: a.txt");
        assert_eq!(
            lines[1],
            "  Size: 6         \tBlocks: 8          IO Block: 4096   regular file"
        );
        assert!(lines[2].starts_with("Device: 0,1\tInode: "));
        assert!(lines[2].ends_with("Links: 1"));
        assert_eq!(
            lines[3],
            "Access: (0640/-rw-r-----)  Uid: ( 1000/    user)   Gid: ( 1000/    user)"
        );
        assert_eq!(lines[4], "Access: 2021-03-04 05:06:07.000000000 +0000");
        assert_eq!(lines[7], " Birth: -");
        assert_eq!(
            stat(&["link"]).1.lines().next(),
            Some("  File: link -> a.txt")
        );
    }

    #[test]
    fn custom_formats() {
        assert_eq!(
            stat(&["-c", "%n %s %a %A %U:%G %u %h %F", "a.txt"]).1,
            "a.txt 6 640 -rw-r----- user:user 1000 1 regular file\n"
        );
        assert_eq!(
            stat(&["-c", "%F|%N", "link", "my file"]).1,
            "symbolic link|link -> a.txt\nregular empty file|'my file'\n"
        );
        assert_eq!(stat(&["-L", "-c", "%F", "link"]).1, "regular file\n");
        assert_eq!(
            stat(&["--printf", "%Y\\t%-5s|%05s\\n", "a.txt"]).1,
            "1614834367\t6    |00006\n"
        );
        assert_eq!(stat(&["-c", "%U %a", "/etc/passwd"]).1, "root 644\n");
        assert_eq!(stat(&["--format=%F", "/tmp"]).1, "directory\n");
    }

    #[test]
    fn missing_files() {
        let (status, out, err) = stat(&["nope", "a.txt", "-c", "%s"]);
        assert_eq!(
            (status, out.as_str(), err.as_str()),
            (
                1,
                "6\n",
                "stat: cannot statx 'nope': No such file or directory\n"
            )
        );
        assert_eq!(stat(&[]).0, 1);
    }
}
