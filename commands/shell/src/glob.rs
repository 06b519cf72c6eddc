//! Pathname expansion: a pattern word into the sorted paths it matches, read from the
//! kernel's file system one directory at a time.

use secure_exec_system::{FileKind, System};

use crate::pattern::{MarkedText, Pattern};

/// The paths `pattern` matches, sorted; empty when none does. The parts of the pattern
/// without wildcards are kept as written (`src//*.txt` gives `src//a.txt`).
pub fn expand_pathname(sys: &mut dyn System, pattern: &MarkedText) -> Vec<String> {
    let components = pattern.split_components();
    let last = components.len() - 1;
    let mut paths = vec![String::new()];
    let mut matched_a_pattern = false;
    let mut literal_after_pattern = false;
    for (index, component) in components.iter().enumerate() {
        if component.has_wildcards() {
            let pattern = Pattern::new(component);
            paths = paths
                .iter()
                .flat_map(|prefix| matching_entries(sys, prefix, &pattern, index < last))
                .collect();
            matched_a_pattern = true;
            literal_after_pattern = false;
        } else {
            let text = component.to_plain();
            for path in &mut paths {
                path.push_str(&text);
            }
            literal_after_pattern |= matched_a_pattern && !text.is_empty();
        }
        if index < last {
            for path in &mut paths {
                path.push('/');
            }
        }
        if paths.is_empty() {
            return paths;
        }
    }
    if literal_after_pattern {
        paths.retain(|path| sys.lstat(path).is_ok());
    }
    paths.sort();
    paths
}

/// `prefix` (a directory, as written, ending in `/` unless empty) followed by each of its
/// entries that `pattern` matches (only directories when `want_directory`).
fn matching_entries(
    sys: &mut dyn System,
    prefix: &str,
    pattern: &Pattern,
    want_directory: bool,
) -> Vec<String> {
    let directory = if prefix.is_empty() { "." } else { prefix };
    let Ok(entries) = sys.read_dir(directory) else {
        return Vec::new();
    };
    let mut paths: Vec<String> = entries
        .into_iter()
        .filter(|entry| entry.name != "." && entry.name != "..")
        .filter(|entry| !entry.name.starts_with('.') || pattern.starts_with_dot())
        .filter(|entry| pattern.matches(&entry.name))
        .filter_map(|entry| {
            let path = format!("{prefix}{}", entry.name);
            let keep = !want_directory
                || entry.kind == FileKind::Directory
                || (entry.kind == FileKind::Symlink
                    && sys.stat(&path).is_ok_and(|stat| stat.is_dir()));
            keep.then_some(path)
        })
        .collect();
    paths.sort();
    paths
}
