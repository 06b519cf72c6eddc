//! The programs the fake kernel can run: small versions of the usual tools, and a few
//! made for testing (`printargs`, `status`, `die`, `line`, `warn`).

use std::time::Duration;

use secure_exec_system::{Signal, System};

use super::fake::{FakeSystem, Program};

pub const NAMES: &[&str] = &[
    "cat",
    "die",
    "env",
    "false",
    "grep",
    "head",
    "line",
    "printargs",
    "pwd",
    "seq",
    "sleep",
    "sort",
    "status",
    "tr",
    "true",
    "warn",
    "wc",
    "yes",
];

pub fn find(name: &str) -> Option<Program> {
    Some(match name {
        "cat" => cat,
        "die" => die,
        "env" => env,
        "false" => |_, _| 1,
        "grep" => grep,
        "head" => head,
        "line" => line,
        "printargs" => printargs,
        "pwd" => pwd,
        "seq" => seq,
        "sleep" => sleep,
        "sort" => sort,
        "status" => |_, args| args.get(1).and_then(|code| code.parse().ok()).unwrap_or(0),
        "tr" => tr,
        "true" => |_, _| 0,
        "warn" => warn,
        "wc" => wc,
        "yes" => yes,
        _ => return None,
    })
}

fn lines(data: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(data)
        .lines()
        .map(str::to_string)
        .collect()
}

/// `cat [file...]`
fn cat(sys: &mut FakeSystem, args: &[String]) -> u8 {
    if args.len() == 1 {
        let data = sys.read_stdin();
        return if sys.out(data) { 0 } else { 1 };
    }
    let mut status = 0;
    for file in &args[1..] {
        match sys.read_file(file) {
            Ok(data) => {
                if !sys.out(data) {
                    return 1;
                }
            }
            Err(error) => {
                sys.err(format!("cat: {file}: {error}\n"));
                status = 1;
            }
        }
    }
    status
}

/// `die SIGNAL`: ends by a signal.
fn die(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let signal = Signal::parse(&args[1]).expect("a signal name");
    let pid = sys.pid() as i32;
    let _ = sys.kill(pid, signal);
    0
}

fn env(sys: &mut FakeSystem, _args: &[String]) -> u8 {
    let mut env = sys.env();
    env.sort();
    let text: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    sys.out(text);
    0
}

/// `grep [-v] [-c] [-q] text [file]`: lines containing `text`.
fn grep(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let mut rest = &args[1..];
    let (mut invert, mut count, mut quiet) = (false, false, false);
    while let Some(option) = rest.first().filter(|a| a.starts_with('-')) {
        for letter in option.chars().skip(1) {
            match letter {
                'v' => invert = true,
                'c' => count = true,
                'q' => quiet = true,
                _ => return 2,
            }
        }
        rest = &rest[1..];
    }
    let data = match rest.get(1) {
        Some(file) => sys.read_file(file).unwrap_or_default(),
        None => sys.read_stdin(),
    };
    let matching: Vec<String> = lines(&data)
        .into_iter()
        .filter(|line| line.contains(rest[0].as_str()) != invert)
        .collect();
    if count {
        sys.out(format!("{}\n", matching.len()));
    } else if !quiet {
        sys.out(
            matching
                .iter()
                .map(|l| format!("{l}\n"))
                .collect::<String>(),
        );
    }
    if matching.is_empty() { 1 } else { 0 }
}

/// `head -n N [file]`: the first lines, read in chunks (so it may take more than it
/// prints).
fn head(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let (wanted, file): (usize, Option<&String>) = match args.get(1).map(String::as_str) {
        Some("-n") => (args[2].parse().expect("a count"), args.get(3)),
        Some(option) => (
            option.trim_start_matches('-').parse().expect("a count"),
            args.get(2),
        ),
        None => (10, None),
    };
    if let Some(file) = file {
        let data = sys.read_file(file).unwrap_or_default();
        let text: String = lines(&data)
            .iter()
            .take(wanted)
            .map(|l| format!("{l}\n"))
            .collect();
        sys.out(text);
        return 0;
    }
    let mut buffered = Vec::new();
    let mut printed = 0;
    while printed < wanted {
        if let Some(end) = buffered.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buffered.drain(..=end).collect();
            if !sys.out(line) {
                return 1;
            }
            printed += 1;
            continue;
        }
        match sys.read(0, 64) {
            Ok(chunk) if !chunk.is_empty() => buffered.extend_from_slice(&chunk),
            _ => {
                sys.out(std::mem::take(&mut buffered));
                break;
            }
        }
    }
    0
}

/// `line`: one line, read a byte at a time so nothing after it is taken.
fn line(sys: &mut FakeSystem, _args: &[String]) -> u8 {
    let mut line = Vec::new();
    loop {
        match sys.read(0, 1) {
            Ok(byte) if !byte.is_empty() => {
                line.push(byte[0]);
                if byte[0] == b'\n' {
                    break;
                }
            }
            _ => break,
        }
    }
    sys.out(&line);
    if line.is_empty() { 1 } else { 0 }
}

/// `printargs args...`: each argument in brackets, one per line.
fn printargs(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let text: String = args[1..].iter().map(|a| format!("[{a}]\n")).collect();
    sys.out(text);
    0
}

fn pwd(sys: &mut FakeSystem, _args: &[String]) -> u8 {
    let cwd = sys.cwd();
    sys.out(format!("{cwd}\n"));
    0
}

/// `seq last` or `seq first last`.
fn seq(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let numbers: Vec<i64> = args[1..]
        .iter()
        .map(|a| a.parse().expect("a number"))
        .collect();
    let (first, last) = match numbers.as_slice() {
        [last] => (1, *last),
        [first, last] => (*first, *last),
        _ => return 2,
    };
    for n in first..=last {
        if !sys.out(format!("{n}\n")) {
            return 1;
        }
    }
    0
}

/// `sleep N`: N hundredths of what the real one would wait.
fn sleep(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let seconds: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1.0);
    sys.poll(&[], Some(Duration::from_secs_f64(seconds / 100.0)));
    0
}

/// `sort [-r]`
fn sort(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let data = sys.read_stdin();
    let mut lines = lines(&data);
    lines.sort();
    if args.get(1).is_some_and(|a| a == "-r") {
        lines.reverse();
    }
    sys.out(lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    0
}

/// `tr from to` (ranges like `a-z`) or `tr -d chars`.
fn tr(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let expand = |set: &str| -> Vec<char> {
        let chars: Vec<char> = set.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if i + 2 < chars.len() && chars[i + 1] == '-' {
                out.extend(chars[i]..=chars[i + 2]);
                i += 3;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    };
    let text = String::from_utf8_lossy(&sys.read_stdin()).into_owned();
    let output: String = if args[1] == "-d" {
        let delete = expand(&args[2]);
        text.chars().filter(|c| !delete.contains(c)).collect()
    } else {
        let (from, to) = (expand(&args[1]), expand(&args[2]));
        text.chars()
            .map(|c| match from.iter().position(|f| *f == c) {
                Some(index) => *to.get(index).or(to.last()).unwrap_or(&c),
                None => c,
            })
            .collect()
    };
    sys.out(output);
    0
}

/// `warn words...`: the words on standard error.
fn warn(sys: &mut FakeSystem, args: &[String]) -> u8 {
    sys.err(format!("{}\n", args[1..].join(" ")));
    0
}

/// `wc -l`, `wc -c` or `wc -w`.
fn wc(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let data = sys.read_stdin();
    let count = match args.get(1).map(String::as_str) {
        Some("-c") => data.len(),
        Some("-w") => String::from_utf8_lossy(&data).split_whitespace().count(),
        _ => data.iter().filter(|b| **b == b'\n').count(),
    };
    sys.out(format!("{count}\n"));
    0
}

/// `yes [word]`: the word forever, until nobody reads it.
fn yes(sys: &mut FakeSystem, args: &[String]) -> u8 {
    let line = format!("{}\n", args.get(1).map_or("y", String::as_str));
    while sys.out(&line) {}
    1
}
