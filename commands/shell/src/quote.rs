//! Quoting values so the shell reads them back as they are: `set`, `export -p`, `trap`
//! and `-x` traces print words this way.

/// `text` as one shell word: unchanged when nothing in it is special, else single-quoted.
pub fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.' | '/' | ':' | '=' | '+' | ',' | '@' | '%')
        });
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
