//! `cd` and `pwd`: the working directory, kept logically (`..` undoes the last component
//! as written, like `cd -L`) and mirrored into the kernel with `chdir`; `cd` keeps `PWD`
//! and `OLDPWD` exported.

use crate::shell::{Shell, Status};

/// Options shared by `cd` and `pwd`: `-P` resolves symbolic links.
fn physical_option(args: &[String]) -> Result<(bool, &[String]), String> {
    let mut physical = false;
    let mut rest = &args[1..];
    while let Some(option) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
        if option == "--" {
            rest = &rest[1..];
            break;
        }
        for letter in option.chars().skip(1) {
            match letter {
                'P' => physical = true,
                'L' => physical = false,
                _ => return Err(format!("-{letter}: invalid option")),
            }
        }
        rest = &rest[1..];
    }
    Ok((physical, rest))
}

pub fn cd(shell: &mut Shell, args: &[String]) -> Status {
    let (physical, operands) = match physical_option(args) {
        Ok(parsed) => parsed,
        Err(message) => return super::usage_error(shell, "cd", message),
    };
    let mut announce = false;
    let target = match operands.first().map(String::as_str) {
        None => match shell.state.vars.get("HOME") {
            Some(home) => home.to_string(),
            None => {
                shell.report("cd: HOME not set");
                return Ok(1);
            }
        },
        Some("-") => match shell.state.vars.get("OLDPWD") {
            Some(previous) => {
                announce = true;
                previous.to_string()
            }
            None => {
                shell.report("cd: OLDPWD not set");
                return Ok(1);
            }
        },
        Some(dir) => {
            let (resolved, from_cdpath) = resolve_with_cdpath(shell, dir);
            announce = from_cdpath;
            resolved
        }
    };
    let logical = normalize(&shell.state.cwd, &target);
    let new_cwd = if physical {
        if let Err(error) = shell.sys.chdir(&target) {
            shell.report(format_args!("cd: {target}: {error}"));
            return Ok(1);
        }
        shell.sys.cwd()
    } else {
        if let Err(error) = shell.sys.chdir(&logical) {
            shell.report(format_args!("cd: {target}: {error}"));
            return Ok(1);
        }
        logical
    };
    let previous = std::mem::replace(&mut shell.state.cwd, new_cwd.clone());
    for (name, value) in [("OLDPWD", previous), ("PWD", new_cwd.clone())] {
        if let Err(error) = shell.state.vars.set(name, value, true) {
            shell.report(format_args!("cd: {}: readonly variable", error.0));
        }
    }
    if announce {
        shell.print(&format!("{new_cwd}\n"))?;
    }
    Ok(0)
}

/// A relative `dir` found through `$CDPATH`, and whether it was.
fn resolve_with_cdpath(shell: &mut Shell, dir: &str) -> (String, bool) {
    let searchable = !dir.starts_with('/') && !dir.starts_with('.');
    let cdpath = shell.state.vars.get("CDPATH").unwrap_or("").to_string();
    if searchable && !cdpath.is_empty() {
        for base in cdpath.split(':').filter(|base| !base.is_empty()) {
            let candidate = format!("{}/{dir}", base.trim_end_matches('/'));
            if shell.sys.stat(&candidate).is_ok_and(|stat| stat.is_dir()) {
                return (candidate, true);
            }
        }
    }
    (dir.to_string(), false)
}

/// `path` made absolute against `cwd`, with `.` and `..` taken out textually.
fn normalize(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for component in joined.split('/') {
        match component {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    format!("/{}", parts.join("/"))
}

pub fn pwd(shell: &mut Shell, args: &[String]) -> Status {
    let physical = match physical_option(args) {
        Ok((physical, _)) => physical,
        Err(message) => return super::usage_error(shell, "pwd", message),
    };
    let directory = if physical {
        let cwd = shell.state.cwd.clone();
        shell.sys.realpath(&cwd).unwrap_or(cwd)
    } else {
        shell.state.cwd.clone()
    };
    shell.print(&format!("{directory}\n"))?;
    Ok(0)
}
