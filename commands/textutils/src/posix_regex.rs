//! POSIX basic and extended regular expressions (as GNU grep and sed read them) rewritten
//! into the `regex` crate's syntax: BRE's `\(` `\)` `\{` `\}` `\|` `\+` `\?` become
//! operators and their bare forms literals, bracket expressions keep `\` literal, and
//! `\<` `\>` become word boundaries. Back-references have no equivalent and are refused.

/// The `regex`-crate form of `pattern`, or the reason it has none.
pub fn translate(pattern: &str, extended: bool) -> Result<String, String> {
    translate_with(pattern, extended, false)
}

/// As [`translate`], for GNU sed, which also reads `\n`, `\t` and `\\` inside brackets.
pub fn translate_sed(pattern: &str, extended: bool) -> Result<String, String> {
    translate_with(pattern, extended, true)
}

fn translate_with(pattern: &str, extended: bool, bracket_escapes: bool) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // Where a `*` is a literal and, in a BRE, `^` an anchor: the start, or after `(` or `|`.
    let mut at_start = true;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let was_start = std::mem::replace(&mut at_start, false);
        match c {
            '\\' => {
                let Some(&d) = chars.get(i) else {
                    return Err("Trailing backslash".into());
                };
                i += 1;
                match d {
                    '(' | '|' if !extended => {
                        out.push(d);
                        at_start = true;
                    }
                    ')' | '{' | '}' | '+' | '?' if !extended => out.push(d),
                    '<' => out.push_str(r"\b{start}"),
                    '>' => out.push_str(r"\b{end}"),
                    '`' => out.push_str(r"\A"),
                    '\'' => out.push_str(r"\z"),
                    'w' | 'W' | 's' | 'S' | 'b' | 'B' | 'd' | 'D' => {
                        out.push('\\');
                        out.push(d);
                    }
                    'n' => out.push_str(r"\n"),
                    't' => out.push_str(r"\t"),
                    '1'..='9' => return Err("back-references are not supported".into()),
                    _ => push_literal(&mut out, d),
                }
            }
            '[' => i = bracket(&chars, i, &mut out, bracket_escapes)?,
            '*' if was_start => push_literal(&mut out, c),
            '+' | '?' | '{' if extended && was_start => push_literal(&mut out, c),
            '^' if extended || was_start => {
                out.push('^');
                at_start = true;
            }
            '^' => push_literal(&mut out, c),
            '$' if extended
                || i == chars.len()
                || chars[i..].starts_with(&['\\', ')'])
                || chars[i..].starts_with(&['\\', '|']) =>
            {
                out.push('$')
            }
            '$' => push_literal(&mut out, c),
            '(' | '|' if extended => {
                out.push(c);
                at_start = true;
            }
            ')' | '+' | '?' if extended => out.push(c),
            '{' if extended => match interval(&chars[i..]) {
                Some(len) => {
                    out.push('{');
                    out.extend(&chars[i..i + len]);
                    i += len;
                }
                None => push_literal(&mut out, c),
            },
            '.' | '*' => out.push(c),
            _ => push_literal(&mut out, c),
        }
    }
    Ok(out)
}

fn push_literal(out: &mut String, c: char) {
    out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
}

/// The length of `m}`, `m,}` or `m,n}` at the start of `rest`, if it is one.
fn interval(rest: &[char]) -> Option<usize> {
    let end = rest.iter().position(|&c| c == '}')?;
    let body: String = rest[..end].iter().collect();
    let (low, high) = body.split_once(',').unwrap_or((&body, "0"));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    (!low.is_empty() && digits(low) && digits(high)).then_some(end + 1)
}

/// Copies the bracket expression whose `[` is just before `start`; returns the index after
/// its `]`.
fn bracket(chars: &[char], start: usize, out: &mut String, escapes: bool) -> Result<usize, String> {
    let unmatched = || "Unmatched [, [^, [:, [., or [=".to_string();
    let mut j = start;
    out.push('[');
    if chars.get(j) == Some(&'^') {
        out.push('^');
        j += 1;
    }
    if chars.get(j) == Some(&']') {
        out.push_str(r"\]");
        j += 1;
    }
    loop {
        let &c = chars.get(j).ok_or_else(unmatched)?;
        j += 1;
        match c {
            ']' => {
                out.push(']');
                return Ok(j);
            }
            '\\' if escapes && matches!(chars.get(j), Some('n' | 't' | '\\')) => {
                out.push_str(match chars[j] {
                    'n' => r"\n",
                    't' => r"\t",
                    _ => r"\\",
                });
                j += 1;
            }
            '[' if matches!(chars.get(j), Some(':' | '=' | '.')) => {
                let kind = chars[j];
                let close = (j + 1..chars.len().saturating_sub(1))
                    .find(|&k| chars[k] == kind && chars[k + 1] == ']')
                    .ok_or_else(unmatched)?;
                let inner: String = chars[j + 1..close].iter().collect();
                if kind == ':' {
                    out.push_str(&format!("[:{inner}:]"));
                } else {
                    inner.chars().for_each(|c| push_class_char(out, c));
                }
                j = close + 2;
            }
            _ => push_class_char(out, c),
        }
    }
}

fn push_class_char(out: &mut String, c: char) {
    if matches!(c, '\\' | '[' | '&' | '~') || (c == '-' && out.ends_with('-')) {
        out.push('\\');
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn matches(pattern: &str, extended: bool, text: &str) -> bool {
        regex::Regex::new(&translate(pattern, extended).unwrap())
            .unwrap()
            .is_match(text)
    }

    #[test]
    fn basic_syntax_swaps_escaped_and_bare_operators() {
        assert_eq!(translate(r"\(ab\)\{2\}", false).unwrap(), "(ab){2}");
        assert_eq!(
            translate("a+b?(c){d}|", false).unwrap(),
            r"a\+b\?\(c\)\{d\}\|"
        );
        assert!(matches(r"x\|y", false, "y"));
        assert!(matches("a+", false, "a+"));
        assert!(!matches("a+", false, "aa"));
    }

    #[test]
    fn stars_and_anchors_are_literal_where_posix_says() {
        assert!(matches("*a", false, "*a"));
        assert!(matches("a^b$c", false, "a^b$c"));
        assert!(matches("^ab$", false, "ab"));
        assert!(matches(r"\(^a\)", false, "a"));
    }

    #[test]
    fn extended_syntax_and_intervals() {
        assert!(matches("(ab)+$", true, "abab"));
        assert!(matches("a{2}", true, "aa"));
        assert!(matches("a{x", true, "a{x"));
        assert!(matches("x|y", true, "y"));
    }

    #[test]
    fn brackets_keep_backslash_literal_and_know_classes() {
        assert!(matches(r"[\.]", false, r"\"));
        assert!(matches("[]a]", false, "]"));
        assert!(matches("[^]a]", false, "b"));
        assert!(matches("[[:digit:]]x", true, "5x"));
        assert!(!matches("[[:digit:]]x", true, "ax"));
        assert!(matches("[a-]", true, "-"));
    }

    #[test]
    fn sed_reads_escapes_in_brackets() {
        let sed = |pattern: &str, text: &str| {
            regex::Regex::new(&super::translate_sed(pattern, false).unwrap())
                .unwrap()
                .is_match(text)
        };
        assert!(sed(r"a[^\n]*$", "ab\nab"));
        assert!(!sed(r"^[^\n]*$", "ab\nab"));
        assert!(sed(r"[\t]", "\t"));
        assert!(!matches(r"[\t]", false, "\t"));
    }

    #[test]
    fn word_boundaries_and_refusals() {
        assert!(matches(r"\<is\>", false, "this is"));
        assert!(!matches(r"\<is\>", false, "this"));
        assert!(translate(r"\(a\)\1", false).is_err());
        assert!(translate("[abc", false).is_err());
    }
}
