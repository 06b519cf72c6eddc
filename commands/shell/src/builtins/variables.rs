//! Builtins over variables and parameters: `export`, `readonly`, `unset`, `local`, `set`
//! and `shift`.

use super::usage_error;
use crate::parser::is_name;
use crate::quote::quote;
use crate::shell::{OPTION_NAMES, Shell, Status};
use crate::vars::{Variable, Variables};

/// `name=value` or `name`.
fn split_assignment(operand: &str) -> (&str, Option<&str>) {
    match operand.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (operand, None),
    }
}

/// `keyword name='value'` for each variable `selected` picks, as `export -p` prints them.
fn declarations(shell: &Shell, keyword: &str, selected: impl Fn(&Variable) -> bool) -> String {
    shell
        .state
        .vars
        .all()
        .into_iter()
        .filter(|(_, variable)| selected(variable))
        .map(|(name, variable)| match &variable.value {
            Some(value) => format!("{keyword} {name}={}\n", quote(value)),
            None => format!("{keyword} {name}\n"),
        })
        .collect()
}

fn invalid_identifier(shell: &mut Shell, builtin: &str, name: &str) -> i32 {
    shell.report(format_args!("{builtin}: `{name}': not a valid identifier"));
    1
}

/// Options given as `-letters` before the operands.
fn letter_options<'a>(args: &'a [String], allowed: &str) -> Result<(String, &'a [String]), String> {
    let mut letters = String::new();
    let mut rest = &args[1..];
    while let Some(arg) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
        rest = &rest[1..];
        if arg == "--" {
            break;
        }
        for letter in arg[1..].chars() {
            if !allowed.contains(letter) {
                return Err(format!("-{letter}: invalid option"));
            }
            letters.push(letter);
        }
    }
    Ok((letters, rest))
}

pub fn export(shell: &mut Shell, args: &[String]) -> Status {
    let (letters, operands) = match letter_options(args, "np") {
        Ok(parsed) => parsed,
        Err(message) => return usage_error(shell, "export", message),
    };
    if operands.is_empty() {
        let listing = declarations(shell, "export", |variable| variable.exported);
        shell.print(&listing)?;
        return Ok(0);
    }
    let exported = !letters.contains('n');
    assign_with_attribute(shell, "export", operands, |vars, name| {
        vars.set_exported(name, exported)
    })
}

pub fn readonly(shell: &mut Shell, args: &[String]) -> Status {
    let operands = match letter_options(args, "p") {
        Ok((_, operands)) => operands,
        Err(message) => return usage_error(shell, "readonly", message),
    };
    if operands.is_empty() {
        let listing = declarations(shell, "readonly", |variable| variable.readonly);
        shell.print(&listing)?;
        return Ok(0);
    }
    assign_with_attribute(shell, "readonly", operands, Variables::set_readonly)
}

/// `name[=value]...` for `export` and `readonly`: assigns the values given, then `mark`s
/// each name.
fn assign_with_attribute(
    shell: &mut Shell,
    builtin: &str,
    operands: &[String],
    mark: impl Fn(&mut Variables, &str),
) -> Status {
    let mut status = 0;
    for operand in operands {
        let (name, value) = split_assignment(operand);
        if !is_name(name) {
            status = invalid_identifier(shell, builtin, name);
            continue;
        }
        if let Some(value) = value
            && shell.assign(name, value.to_string()).is_err()
        {
            status = 1;
            continue;
        }
        mark(&mut shell.state.vars, name);
    }
    Ok(status)
}

/// `unset [-v|-f] name...`: without an option, a variable, or else a function.
pub fn unset(shell: &mut Shell, args: &[String]) -> Status {
    let (letters, operands) = match letter_options(args, "vf") {
        Ok(parsed) => parsed,
        Err(message) => return usage_error(shell, "unset", message),
    };
    let functions_only = letters.ends_with('f');
    let variables_only = letters.ends_with('v');
    let mut status = 0;
    for name in operands {
        if functions_only {
            shell.state.functions.remove(name);
            continue;
        }
        if !is_name(name) {
            status = invalid_identifier(shell, "unset", name);
            continue;
        }
        if shell.state.vars.variable(name).is_none() && !variables_only {
            shell.state.functions.remove(name);
            continue;
        }
        if shell.state.vars.unset(name).is_err() {
            shell.report(format_args!(
                "unset: {name}: cannot unset: readonly variable"
            ));
            status = 1;
        }
    }
    Ok(status)
}

pub fn local(shell: &mut Shell, args: &[String]) -> Status {
    if shell.state.function_depth == 0 {
        shell.report("local: can only be used in a function");
        return Ok(1);
    }
    let mut status = 0;
    for operand in &args[1..] {
        let (name, value) = split_assignment(operand);
        if !is_name(name) {
            status = invalid_identifier(shell, "local", name);
            continue;
        }
        if let Err(error) = shell.state.vars.make_local(name) {
            shell.report(format_args!("local: {}: readonly variable", error.0));
            status = 1;
            continue;
        }
        if let Some(value) = value
            && shell.assign(name, value.to_string()).is_err()
        {
            status = 1;
        }
    }
    Ok(status)
}

/// `set [-+options] [-o name] [--] [args]`; without arguments, lists the variables.
pub fn set(shell: &mut Shell, args: &[String]) -> Status {
    if args.len() == 1 {
        let listing: String = shell
            .state
            .vars
            .all()
            .into_iter()
            .filter_map(|(name, variable)| {
                let value = variable.value.as_ref()?;
                Some(format!("{name}={}\n", quote(value)))
            })
            .collect();
        shell.print(&listing)?;
        return Ok(0);
    }
    let mut rest = &args[1..];
    while let Some(arg) = rest.first() {
        let Some(enable) = (match arg.chars().next() {
            Some('-') => Some(true),
            Some('+') => Some(false),
            _ => None,
        }) else {
            break;
        };
        rest = &rest[1..];
        match arg.as_str() {
            "--" => {
                shell.state.positional = rest.to_vec();
                return Ok(0);
            }
            "-" => {
                shell.state.options.xtrace = false;
                break;
            }
            "-o" | "+o" if rest.is_empty() => {
                let listing = option_listing(shell, enable);
                shell.print(&listing)?;
                return Ok(0);
            }
            _ => {
                let applied =
                    shell
                        .state
                        .options
                        .apply_letters(&arg[1..], enable, &mut rest, &mut |_| false);
                if let Err(message) = applied {
                    return usage_error(shell, "set", message);
                }
            }
        }
    }
    if !rest.is_empty() {
        shell.state.positional = rest.to_vec();
    }
    Ok(0)
}

/// `set -o` (a table) and `set +o` (commands that restore the options).
fn option_listing(shell: &Shell, table: bool) -> String {
    OPTION_NAMES
        .iter()
        .map(|(_, name)| {
            let on = shell.state.options.flag(name);
            if table {
                format!("{name:<15} {}\n", if on { "on" } else { "off" })
            } else {
                format!("set {}o {name}\n", if on { '-' } else { '+' })
            }
        })
        .collect()
}

pub fn shift(shell: &mut Shell, args: &[String]) -> Status {
    let count = match args.get(1).map(|text| text.parse::<usize>()) {
        None => 1,
        Some(Ok(count)) => count,
        Some(Err(_)) => {
            return usage_error(
                shell,
                "shift",
                format!("{}: numeric argument required", args[1]),
            );
        }
    };
    if count > shell.state.positional.len() {
        return Ok(1);
    }
    shell.state.positional.drain(..count);
    Ok(0)
}
