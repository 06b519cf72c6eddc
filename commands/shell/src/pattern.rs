//! Shell patterns (`*`, `?`, `[...]`) as `case`, `${name#pattern}` and pathname expansion
//! use them, built from text that remembers which characters were quoted.

use crate::ast::ReplaceMode;

/// Expanded text in which each character remembers whether it was quoted: quoted pattern
/// characters match themselves only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkedText {
    chars: Vec<(char, bool)>,
}

impl MarkedText {
    pub fn push_str(&mut self, text: &str, quoted: bool) {
        self.chars.extend(text.chars().map(|c| (c, quoted)));
    }

    pub fn push(&mut self, c: char, quoted: bool) {
        self.chars.push((c, quoted));
    }

    /// The text with quoting removed.
    pub fn to_plain(&self) -> String {
        self.chars.iter().map(|(c, _)| c).collect()
    }

    /// Whether an unquoted `*`, `?` or `[` makes this a pattern.
    pub fn has_wildcards(&self) -> bool {
        self.chars
            .iter()
            .any(|&(c, quoted)| !quoted && matches!(c, '*' | '?' | '['))
    }

    /// The pieces between `/` characters, as pathname expansion walks them.
    pub fn split_components(&self) -> Vec<MarkedText> {
        self.chars
            .split(|&(c, _)| c == '/')
            .map(|chars| MarkedText {
                chars: chars.to_vec(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Char(char),
    AnyChar,
    AnyString,
    Class { negated: bool, members: Vec<Member> },
}

#[derive(Debug, Clone, PartialEq)]
enum Member {
    Char(char),
    Range(char, char),
    Named(String),
}

impl Member {
    fn contains(&self, c: char) -> bool {
        match self {
            Member::Char(m) => *m == c,
            Member::Range(low, high) => (*low..=*high).contains(&c),
            Member::Named(name) => match name.as_str() {
                "alpha" => c.is_alphabetic(),
                "digit" => c.is_ascii_digit(),
                "alnum" => c.is_alphanumeric(),
                "upper" => c.is_uppercase(),
                "lower" => c.is_lowercase(),
                "space" => c.is_whitespace(),
                "blank" => c == ' ' || c == '\t',
                "punct" => c.is_ascii_punctuation(),
                "xdigit" => c.is_ascii_hexdigit(),
                "cntrl" => c.is_control(),
                "print" => !c.is_control(),
                "graph" => !c.is_control() && !c.is_whitespace(),
                _ => false,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    items: Vec<Item>,
}

impl Pattern {
    pub fn new(text: &MarkedText) -> Pattern {
        let chars = &text.chars;
        let mut items = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let (c, quoted) = chars[i];
            i += 1;
            if quoted {
                items.push(Item::Char(c));
                continue;
            }
            match c {
                '*' => {
                    if items.last() != Some(&Item::AnyString) {
                        items.push(Item::AnyString);
                    }
                }
                '?' => items.push(Item::AnyChar),
                '[' => match parse_class(chars, i) {
                    Some((class, next)) => {
                        items.push(class);
                        i = next;
                    }
                    None => items.push(Item::Char('[')),
                },
                '\\' if i < chars.len() => {
                    items.push(Item::Char(chars[i].0));
                    i += 1;
                }
                _ => items.push(Item::Char(c)),
            }
        }
        Pattern { items }
    }

    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        self.matches_chars(&chars)
    }

    /// Whether the pattern starts with a literal `.` (so it may match hidden files).
    pub fn starts_with_dot(&self) -> bool {
        self.items.first() == Some(&Item::Char('.'))
    }

    fn matches_chars(&self, text: &[char]) -> bool {
        let items = &self.items;
        let (mut p, mut t) = (0, 0);
        let mut backtrack: Option<(usize, usize)> = None;
        while t < text.len() {
            match items.get(p) {
                Some(Item::AnyString) => {
                    backtrack = Some((p, t));
                    p += 1;
                }
                Some(item) if item_matches(item, text[t]) => {
                    p += 1;
                    t += 1;
                }
                _ => match backtrack {
                    Some((star, from)) => {
                        p = star + 1;
                        t = from + 1;
                        backtrack = Some((star, from + 1));
                    }
                    None => return false,
                },
            }
        }
        items[p..].iter().all(|item| *item == Item::AnyString)
    }

    /// `${value#pattern}` (shortest) and `${value##pattern}` (longest).
    pub fn remove_prefix(&self, value: &str, longest: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut ends: Vec<usize> = (0..=chars.len()).collect();
        if longest {
            ends.reverse();
        }
        match ends
            .into_iter()
            .find(|&end| self.matches_chars(&chars[..end]))
        {
            Some(end) => chars[end..].iter().collect(),
            None => value.to_string(),
        }
    }

    /// `${value%pattern}` (shortest) and `${value%%pattern}` (longest).
    pub fn remove_suffix(&self, value: &str, longest: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut starts: Vec<usize> = (0..=chars.len()).collect();
        if !longest {
            starts.reverse();
        }
        match starts
            .into_iter()
            .find(|&start| self.matches_chars(&chars[start..]))
        {
            Some(start) => chars[..start].iter().collect(),
            None => value.to_string(),
        }
    }

    /// Where the longest match starting at `start` ends.
    fn longest_match_at(&self, chars: &[char], start: usize) -> Option<usize> {
        (start..=chars.len())
            .rev()
            .find(|&end| self.matches_chars(&chars[start..end]))
    }

    /// `${value/pattern/replacement}` and its `//` (all), `/#` (prefix) and `/%` (suffix)
    /// forms. Empty matches replace nothing.
    pub fn replace(&self, value: &str, replacement: &str, mode: ReplaceMode) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut result = String::new();
        match mode {
            ReplaceMode::Prefix => match self.longest_match_at(&chars, 0) {
                Some(end) if end > 0 => {
                    result.push_str(replacement);
                    result.extend(&chars[end..]);
                }
                _ => return value.to_string(),
            },
            ReplaceMode::Suffix => {
                match (0..chars.len()).find(|&start| self.matches_chars(&chars[start..])) {
                    Some(start) => {
                        result.extend(&chars[..start]);
                        result.push_str(replacement);
                    }
                    None => return value.to_string(),
                }
            }
            ReplaceMode::First | ReplaceMode::All => {
                let mut at = 0;
                let mut replaced = false;
                while at < chars.len() {
                    if mode == ReplaceMode::All || !replaced {
                        match self.longest_match_at(&chars, at) {
                            Some(end) if end > at => {
                                result.push_str(replacement);
                                at = end;
                                replaced = true;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    result.push(chars[at]);
                    at += 1;
                }
            }
        }
        result
    }
}

fn item_matches(item: &Item, c: char) -> bool {
    match item {
        Item::Char(expected) => *expected == c,
        Item::AnyChar => true,
        Item::AnyString => false,
        Item::Class { negated, members } => members.iter().any(|m| m.contains(c)) != *negated,
    }
}

/// A bracket expression starting right after `[`: the item and the index after its `]`,
/// or `None` when no `]` closes it (then `[` is an ordinary character).
fn parse_class(chars: &[(char, bool)], start: usize) -> Option<(Item, usize)> {
    let mut i = start;
    let negated = matches!(chars.get(i), Some(('!' | '^', false)));
    if negated {
        i += 1;
    }
    let mut members = Vec::new();
    let mut first = true;
    loop {
        let &(c, quoted) = chars.get(i)?;
        if c == ']' && !quoted && !first {
            return Some((Item::Class { negated, members }, i + 1));
        }
        first = false;
        if c == '[' && !quoted && matches!(chars.get(i + 1), Some((':', false))) {
            let rest: String = chars[i + 2..].iter().map(|(c, _)| c).collect();
            if let Some(end) = rest.find(":]") {
                members.push(Member::Named(rest[..end].to_string()));
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        let (low, next) = if c == '\\' && !quoted && i + 1 < chars.len() {
            (chars[i + 1].0, i + 2)
        } else {
            (c, i + 1)
        };
        let is_range = matches!(chars.get(next), Some(('-', false)))
            && chars
                .get(next + 1)
                .is_some_and(|&(c, quoted)| quoted || c != ']');
        if is_range {
            members.push(Member::Range(low, chars[next + 1].0));
            i = next + 2;
        } else {
            members.push(Member::Char(low));
            i = next;
        }
    }
}
