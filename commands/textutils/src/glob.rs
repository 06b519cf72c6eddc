//! Shell wildcard matching (`fnmatch` without flags): `*`, `?`, `[...]` with `!`/`^`
//! negation, ranges and classes, and `\` quoting. `*` matches `/` and leading dots too,
//! as `find -name` and `-path` expect.

/// Whether `text` matches the wildcard `pattern`.
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if ignore_case {
            s.to_lowercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    match_from(&fold(pattern), &fold(text))
}

fn match_from(pattern: &[char], text: &[char]) -> bool {
    // Backtracking over the last `*` only, which is enough for `fnmatch` semantics.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some('?') => {
                p += 1;
                t += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, next)) = bracket(pattern, p + 1, text[t]) {
                    if matched {
                        p = next;
                        t += 1;
                        continue;
                    }
                } else if text[t] == '[' {
                    p += 1;
                    t += 1;
                    continue;
                }
            }
            Some('\\') if p + 1 < pattern.len() && pattern[p + 1] == text[t] => {
                p += 2;
                t += 1;
                continue;
            }
            Some(&c) if c == text[t] => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((star_p, star_t)) => {
                p = star_p + 1;
                t = star_t + 1;
                star = Some((star_p, star_t + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// Matches `c` against the bracket expression starting after `[` at `start`: whether it
/// matched and the index after `]`; `None` if the bracket is not closed (then `[` is
/// literal).
fn bracket(pattern: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start;
    let negate = matches!(pattern.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let &item = pattern.get(i)?;
        if item == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if item == '[' && pattern.get(i + 1) == Some(&':') {
            let rest: String = pattern[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                matched |= in_class(&rest[..end], c);
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        let low = if item == '\\' {
            i += 1;
            *pattern.get(i)?
        } else {
            item
        };
        if pattern.get(i + 1) == Some(&'-') && pattern.get(i + 2).is_some_and(|&h| h != ']') {
            let high = pattern[i + 2];
            matched |= low <= c && c <= high;
            i += 3;
        } else {
            matched |= low == c;
            i += 1;
        }
    }
}

fn in_class(class: &str, c: char) -> bool {
    match class {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "punct" => c.is_ascii_punctuation(),
        "xdigit" => c.is_ascii_hexdigit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn stars_questions_and_brackets() {
        assert!(matches("*.txt", "a.txt", false));
        assert!(matches("*.txt", ".hidden.txt", false));
        assert!(!matches("*.txt", "a.txt.bak", false));
        assert!(matches("a?c", "abc", false));
        assert!(matches("[ab]*", "banana", false));
        assert!(!matches("[!ab]*", "banana", false));
        assert!(matches("[a-c]x", "bx", false));
        assert!(matches("[[:digit:]]*", "1a", false));
        assert!(matches("*a*b*", "xaxxbx", false));
        assert!(matches("\\*", "*", false));
        assert!(!matches("\\*", "a", false));
        assert!(matches("[", "[", false));
        assert!(matches("*/sub/*", "./dir/sub/f", false));
        assert!(matches("*.TXT", "a.txt", true));
    }
}
