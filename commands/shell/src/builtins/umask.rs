//! `umask [-S] [mode]`: shows or sets the file creation mask, in octal or symbolically
//! (`u=rwx,g=rx,o=`, `g-w`, `a+r`).

use super::usage_error;
use crate::shell::{Shell, Status};

pub fn umask(shell: &mut Shell, args: &[String]) -> Status {
    let (symbolic, operands) = match args.get(1).map(String::as_str) {
        Some("-S") => (true, &args[2..]),
        _ => (false, &args[1..]),
    };
    let Some(mode) = operands.first() else {
        let mask = shell.state.umask;
        let text = if symbolic {
            symbolic_text(mask)
        } else {
            format!("{mask:04o}")
        };
        shell.print(&format!("{text}\n"))?;
        return Ok(0);
    };
    let mask = if mode.starts_with(|c: char| c.is_ascii_digit()) {
        u32::from_str_radix(mode, 8)
            .ok()
            .filter(|mask| *mask <= 0o777)
    } else {
        apply_symbolic(shell.state.umask, mode)
    };
    let Some(mask) = mask else {
        return usage_error(shell, "umask", format!("{mode}: invalid mode"));
    };
    shell.sys.umask(mask);
    shell.state.umask = mask;
    Ok(0)
}

/// `u=rwx,g=rx,o=rx` for the permissions the mask lets through.
fn symbolic_text(mask: u32) -> String {
    let allowed = !mask & 0o777;
    ["u", "g", "o"]
        .iter()
        .enumerate()
        .map(|(index, who)| {
            let bits = (allowed >> (6 - 3 * index)) & 0o7;
            let perms: String = [(4, 'r'), (2, 'w'), (1, 'x')]
                .iter()
                .filter(|(bit, _)| bits & bit != 0)
                .map(|(_, letter)| letter)
                .collect();
            format!("{who}={perms}")
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The mask after applying clauses like `u=rwx,g-w`: they speak of allowed permissions.
fn apply_symbolic(mask: u32, mode: &str) -> Option<u32> {
    let mut allowed = !mask & 0o777;
    for clause in mode.split(',') {
        let operator_at = clause.find(['=', '+', '-'])?;
        let (who, rest) = clause.split_at(operator_at);
        let mut who_bits = 0;
        for letter in who.chars() {
            who_bits |= match letter {
                'u' => 0o700,
                'g' => 0o070,
                'o' => 0o007,
                'a' => 0o777,
                _ => return None,
            };
        }
        if who_bits == 0 {
            who_bits = 0o777;
        }
        let mut chars = rest.chars();
        let operator = chars.next()?;
        let mut perm_bits = 0;
        for letter in chars {
            perm_bits |= match letter {
                'r' => 0o444,
                'w' => 0o222,
                'x' => 0o111,
                _ => return None,
            };
        }
        let bits = who_bits & perm_bits;
        allowed = match operator {
            '=' => (allowed & !who_bits) | bits,
            '+' => allowed | bits,
            _ => allowed & !bits,
        };
    }
    Some(!allowed & 0o777)
}
