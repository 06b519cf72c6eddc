//! What a name means to the shell: `type`, `command -v`/`-V`, `command name` (skipping
//! functions), and the `PATH` search they share.

use super::usage_error;
use crate::exec::CommandKind;
use crate::shell::{Shell, Status};

/// Words the grammar gives a meaning to.
const KEYWORDS: &[&str] = &[
    "!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if",
    "in", "then", "until", "while",
];

enum Meaning {
    Keyword,
    Function,
    Builtin,
    File(String),
    NotFound,
}

fn meaning(shell: &mut Shell, name: &str) -> Meaning {
    if KEYWORDS.contains(&name) {
        return Meaning::Keyword;
    }
    match shell.classify(name) {
        CommandKind::Function(_) => Meaning::Function,
        CommandKind::SpecialBuiltin(_) | CommandKind::Builtin(_) => Meaning::Builtin,
        CommandKind::External => match find_in_path(shell, name, 1) {
            Some(path) => Meaning::File(path),
            None => Meaning::NotFound,
        },
    }
}

/// Where `name` is found: itself if it holds a `/`, else the first directory of `$PATH`
/// holding a file with `access` rights `mode` (1 to run, 4 to read).
pub fn find_in_path(shell: &mut Shell, name: &str, mode: u32) -> Option<String> {
    let usable = |shell: &mut Shell, path: &str| {
        shell.sys.access(path, mode).is_ok()
            && shell.sys.stat(path).is_ok_and(|stat| !stat.is_dir())
    };
    if name.contains('/') {
        return usable(shell, name).then(|| name.to_string());
    }
    let path = shell.state.vars.get("PATH").unwrap_or("").to_string();
    path.split(':').find_map(|dir| {
        let dir = if dir.is_empty() { "." } else { dir };
        let candidate = format!("{}/{name}", dir.trim_end_matches('/'));
        usable(shell, &candidate).then_some(candidate)
    })
}

/// `type [-t] name...`
pub fn type_(shell: &mut Shell, args: &[String]) -> Status {
    let (terse, names) = match args.get(1).map(String::as_str) {
        Some("-t") => (true, &args[2..]),
        _ => (false, &args[1..]),
    };
    let mut status = 0;
    for name in names {
        let line = match (meaning(shell, name), terse) {
            (Meaning::NotFound, _) => {
                if !terse {
                    shell.report(format_args!("type: {name}: not found"));
                }
                status = 1;
                continue;
            }
            (Meaning::Keyword, true) => "keyword".to_string(),
            (Meaning::Function, true) => "function".to_string(),
            (Meaning::Builtin, true) => "builtin".to_string(),
            (Meaning::File(_), true) => "file".to_string(),
            (Meaning::Keyword, false) => format!("{name} is a shell keyword"),
            (Meaning::Function, false) => format!("{name} is a function"),
            (Meaning::Builtin, false) => format!("{name} is a shell builtin"),
            (Meaning::File(path), false) => format!("{name} is {path}"),
        };
        shell.print(&format!("{line}\n"))?;
    }
    Ok(status)
}

/// `command -v name`, `command -V name`, or `command name args` (no function lookup).
pub fn command(shell: &mut Shell, args: &[String]) -> Status {
    let mut rest = &args[1..];
    let mut describe = None;
    while let Some(option) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
        rest = &rest[1..];
        match option.as_str() {
            "--" => break,
            "-v" => describe = Some(false),
            "-V" => describe = Some(true),
            "-p" => {}
            _ => return usage_error(shell, "command", format!("{option}: invalid option")),
        }
    }
    let Some(name) = rest.first() else {
        return Ok(0);
    };
    match describe {
        Some(true) => {
            let mut argv = vec!["type".to_string()];
            argv.extend(rest.iter().cloned());
            type_(shell, &argv)
        }
        Some(false) => {
            let mut status = 0;
            for name in rest {
                let line = match meaning(shell, name) {
                    Meaning::File(path) => path,
                    Meaning::NotFound => {
                        status = 1;
                        continue;
                    }
                    _ => name.clone(),
                };
                shell.print(&format!("{line}\n"))?;
            }
            Ok(status)
        }
        None => match super::find(name) {
            Some(builtin) => shell.run_builtin(builtin, rest),
            None => Ok(shell.run_external(rest, &[])),
        },
    }
}
