//! `getopts optstring name [args]`: one option per call, tracked by `OPTIND` (and, for
//! grouped options like `-ab`, a position the shell keeps), its argument in `OPTARG`.

use super::usage_error;
use crate::shell::{Shell, Status};

pub fn getopts(shell: &mut Shell, args: &[String]) -> Status {
    let (Some(optstring), Some(name)) = (args.get(1), args.get(2)) else {
        return usage_error(shell, "getopts", "usage: getopts optstring name [arg ...]");
    };
    let arguments: Vec<String> = if args.len() > 3 {
        args[3..].to_vec()
    } else {
        shell.state.positional.clone()
    };
    let (silent, spec) = match optstring.strip_prefix(':') {
        Some(spec) => (true, spec),
        None => (false, optstring.as_str()),
    };
    let optind_text = shell.state.vars.get("OPTIND").unwrap_or("1").to_string();
    let mut optind: usize = optind_text.parse().unwrap_or(1).max(1);
    let mut position = if shell.state.getopts_cursor.0 == optind_text {
        shell.state.getopts_cursor.1
    } else {
        0
    };
    let Some(argument) = arguments.get(optind - 1) else {
        record(shell, name, optind, 0, "?", None);
        return Ok(1);
    };
    if position == 0 {
        if argument == "--" {
            record(shell, name, optind + 1, 0, "?", None);
            return Ok(1);
        }
        if !argument.starts_with('-') || argument == "-" {
            record(shell, name, optind, 0, "?", None);
            return Ok(1);
        }
        position = 1;
    }
    let letters: Vec<char> = argument.chars().collect();
    let letter = letters[position];
    position += 1;
    let at_end = position >= letters.len();
    let takes_argument = spec
        .find(letter)
        .filter(|_| letter != ':')
        .map(|index| spec[index + letter.len_utf8()..].starts_with(':'));
    let (option, optarg) = match takes_argument {
        None => {
            if !silent {
                shell.report(format_args!("illegal option -- {letter}"));
            }
            ("?".to_string(), silent.then(|| letter.to_string()))
        }
        Some(false) => (letter.to_string(), None),
        Some(true) if !at_end => {
            let value: String = letters[position..].iter().collect();
            position = letters.len();
            (letter.to_string(), Some(value))
        }
        Some(true) => match arguments.get(optind) {
            Some(value) => {
                optind += 1;
                (letter.to_string(), Some(value.clone()))
            }
            None if silent => (":".to_string(), Some(letter.to_string())),
            None => {
                shell.report(format_args!("option requires an argument -- {letter}"));
                ("?".to_string(), None)
            }
        },
    };
    if position >= letters.len() {
        optind += 1;
        position = 0;
    }
    Ok(if record(shell, name, optind, position, &option, optarg) {
        0
    } else {
        1
    })
}

/// Sets `OPTIND`, the option variable and `OPTARG` (unset without a value); false if one
/// of them is readonly.
fn record(
    shell: &mut Shell,
    name: &str,
    optind: usize,
    position: usize,
    option: &str,
    optarg: Option<String>,
) -> bool {
    let optind_text = optind.to_string();
    shell.state.getopts_cursor = (optind_text.clone(), position);
    let optind_set = shell.assign("OPTIND", optind_text).is_ok();
    let option_set = shell.assign(name, option.to_string()).is_ok();
    let optarg_set = match optarg {
        Some(value) => shell.assign("OPTARG", value).is_ok(),
        None => shell.state.vars.unset("OPTARG").is_ok(),
    };
    optind_set && option_set && optarg_set
}
