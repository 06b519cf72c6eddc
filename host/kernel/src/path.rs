//! Virtual paths: absolute, normalized, `/`-separated, never touching the host's path rules.

use crate::errno::{Errno, KernelResult};

/// Longest path the kernel accepts (Linux `PATH_MAX`); longer paths fail with `ENAMETOOLONG`.
pub const PATH_MAX: usize = 4096;
/// Longest single path component (Linux `NAME_MAX`).
pub const NAME_MAX: usize = 255;

/// Resolves `path` against `cwd` (itself absolute) and removes `.`, `..` and empty
/// components lexically. The result is absolute and has no trailing slash except for `/`.
pub fn resolve(cwd: &str, path: &str) -> KernelResult<String> {
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    if path.len() > PATH_MAX || path.contains('\0') {
        return Err(if path.contains('\0') {
            Errno::EINVAL
        } else {
            Errno::ENAMETOOLONG
        });
    }
    let mut parts: Vec<&str> = Vec::new();
    let base = if path.starts_with('/') { "" } else { cwd };
    for component in base.split('/').chain(path.split('/')) {
        match component {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name if name.len() > NAME_MAX => return Err(Errno::ENAMETOOLONG),
            name => parts.push(name),
        }
    }
    Ok(join_components(&parts))
}

/// Builds `/a/b/c` from components.
pub fn join_components(parts: &[&str]) -> String {
    if parts.is_empty() {
        return "/".to_string();
    }
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        out.push('/');
        out.push_str(part);
    }
    out
}

/// Splits a normalized absolute path into its parent and final component.
/// Returns `None` for `/`, which has no parent entry.
pub fn split_parent(path: &str) -> Option<(&str, &str)> {
    if path == "/" {
        return None;
    }
    let index = path.rfind('/')?;
    let parent = if index == 0 { "/" } else { &path[..index] };
    Some((parent, &path[index + 1..]))
}

/// The components of a normalized absolute path (`/` has none).
pub fn components(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_dot_segments() {
        assert_eq!(
            resolve("/home/user", "a/./b/../c").unwrap(),
            "/home/user/a/c"
        );
        assert_eq!(resolve("/home/user", "/x//y/").unwrap(), "/x/y");
        assert_eq!(resolve("/", "../..").unwrap(), "/");
        assert_eq!(resolve("/a", "..").unwrap(), "/");
    }

    #[test]
    fn rejects_empty_nul_and_overlong() {
        assert_eq!(resolve("/", ""), Err(Errno::ENOENT));
        assert_eq!(resolve("/", "a\0b"), Err(Errno::EINVAL));
        assert_eq!(resolve("/", &"x".repeat(256)), Err(Errno::ENAMETOOLONG));
    }

    #[test]
    fn splits_parent() {
        assert_eq!(split_parent("/a/b"), Some(("/a", "b")));
        assert_eq!(split_parent("/a"), Some(("/", "a")));
        assert_eq!(split_parent("/"), None);
    }
}
