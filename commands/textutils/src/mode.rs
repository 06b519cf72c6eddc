//! File modes: `chmod`'s octal and symbolic forms (`u+x,go-w`, `a=r`, `g=u`), and the
//! `drwxr-xr-x` strings `ls` and `stat` print.

use secure_exec_system::S_IFMT;

/// The letter `ls -l` gives a file type.
pub fn type_char(mode: u32) -> char {
    match mode & S_IFMT {
        0o100_000 => '-',
        0o040_000 => 'd',
        0o120_000 => 'l',
        0o020_000 => 'c',
        0o060_000 => 'b',
        0o010_000 => 'p',
        0o140_000 => 's',
        _ => '?',
    }
}

/// `-rw-r--r--`, with `s`/`S` and `t`/`T` for setuid, setgid and sticky.
pub fn mode_string(mode: u32) -> String {
    let mut text = String::with_capacity(10);
    text.push(type_char(mode));
    for (shift, special, lower, upper) in [
        (6, 0o4000, 's', 'S'),
        (3, 0o2000, 's', 'S'),
        (0, 0o1000, 't', 'T'),
    ] {
        let bits = (mode >> shift) & 7;
        text.push(if bits & 4 != 0 { 'r' } else { '-' });
        text.push(if bits & 2 != 0 { 'w' } else { '-' });
        text.push(match (bits & 1 != 0, mode & special != 0) {
            (true, true) => lower,
            (false, true) => upper,
            (true, false) => 'x',
            (false, false) => '-',
        });
    }
    text
}

/// The permission bits `spec` makes of `current` (permission bits only); `None` if
/// `spec` is not a mode. Without `u`, `g`, `o` or `a`, `+` and `-` and `=` leave the
/// `umask` bits alone, as chmod does.
pub fn apply(spec: &str, current: u32, is_dir: bool, umask: u32) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) {
        return u32::from_str_radix(spec, 8).ok().filter(|&m| m <= 0o7777);
    }
    let mut mode = current & 0o7777;
    for clause in spec.split(',') {
        let mut chars = clause.chars().peekable();
        let mut who = 0;
        while let Some(&c) = chars.peek() {
            who |= match c {
                'u' => 0o4700,
                'g' => 0o2070,
                'o' => 0o1007,
                'a' => 0o7777,
                _ => break,
            };
            chars.next();
        }
        let (affected, masked) = if who == 0 {
            (0o7777, !umask & 0o7777)
        } else {
            (who, who)
        };
        let mut saw_op = false;
        while let Some(op) = chars.next() {
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            saw_op = true;
            let mut bits = 0;
            while let Some(&c) = chars.peek() {
                if matches!(c, '+' | '-' | '=') {
                    break;
                }
                bits |= match c {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' if is_dir || mode & 0o111 != 0 => 0o111,
                    'X' => 0,
                    's' => 0o6000,
                    't' => 0o1000,
                    'u' => ((mode >> 6) & 7) * 0o111,
                    'g' => ((mode >> 3) & 7) * 0o111,
                    'o' => (mode & 7) * 0o111,
                    _ => return None,
                };
                chars.next();
            }
            let bits = bits & masked;
            match op {
                '+' => mode |= bits,
                '-' => mode &= !bits,
                _ => mode = (mode & !affected) | bits,
            }
        }
        if !saw_op {
            return None;
        }
    }
    Some(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_strings() {
        assert_eq!(mode_string(0o100_644), "-rw-r--r--");
        assert_eq!(mode_string(0o040_755), "drwxr-xr-x");
        assert_eq!(mode_string(0o120_777), "lrwxrwxrwx");
        assert_eq!(mode_string(0o041_777), "drwxrwxrwt");
        assert_eq!(mode_string(0o104_644), "-rwSr--r--");
        assert_eq!(mode_string(0o102_755), "-rwxr-sr-x");
    }

    #[test]
    fn octal_and_symbolic_modes() {
        assert_eq!(apply("755", 0, false, 0o022), Some(0o755));
        assert_eq!(apply("u+x", 0o644, false, 0o022), Some(0o744));
        assert_eq!(apply("go-w", 0o666, false, 0o022), Some(0o644));
        assert_eq!(apply("a=r", 0o777, false, 0o022), Some(0o444));
        assert_eq!(apply("+x", 0o644, false, 0o022), Some(0o755));
        assert_eq!(apply("-w", 0o666, false, 0o022), Some(0o466));
        assert_eq!(apply("u=rwx,g=rx,o=", 0, false, 0o022), Some(0o750));
        assert_eq!(apply("a+X", 0o644, true, 0o022), Some(0o755));
        assert_eq!(apply("a+X", 0o644, false, 0o022), Some(0o644));
        assert_eq!(apply("g=u", 0o700, false, 0o022), Some(0o770));
        assert_eq!(apply("u+s,+t", 0o755, false, 0), Some(0o5755));
        assert_eq!(apply("u+rw-x", 0o100, false, 0), Some(0o600));
        assert_eq!(apply("bogus", 0o644, false, 0), None);
        assert_eq!(apply("9", 0o644, false, 0), None);
        assert_eq!(apply("u", 0o644, false, 0), None);
    }
}
