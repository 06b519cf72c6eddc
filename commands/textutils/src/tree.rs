//! `tree`: a directory tree drawn with box-drawing lines, sorted by name: `-a` (hidden
//! files), `-d` (directories only), `-L N` (depth), `-f` (full paths), `-I PATTERN`
//! (skip names), `--noreport`.

use std::io;

use secure_exec_system::{FileKind, System};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage, join};
use crate::glob;

const HELP: &str = "\
Usage: tree [-adf] [-L level] [-I pattern] [--noreport] [directory ...]
  -a            All files are listed.
  -d            List directories only.
  -f            Print the full path prefix for each file.
  -L level      Descend only level directories deep.
  -I pattern    Do not list files that match the given pattern (| separates several).
  --noreport    Turn off file/directory count at end of tree listing.
";

struct Options {
    all: bool,
    dirs_only: bool,
    full_paths: bool,
    max_depth: Option<usize>,
    ignore: Vec<String>,
    report: bool,
}

struct Tree<'a> {
    sys: &'a mut dyn System,
    options: Options,
    dirs: usize,
    files: usize,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let (options, mut roots) = match parse(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => return cli::help(io, HELP),
        Err(usage) => return usage.report("tree", io, 1),
    };
    if roots.is_empty() {
        roots.push(".".into());
    }
    let mut tree = Tree {
        sys,
        options,
        dirs: 0,
        files: 0,
    };
    let mut status = 0;
    let result = (|| {
        for root in &roots {
            match tree.sys.stat(root) {
                Ok(stat) if stat.is_dir() => {
                    writeln!(io.stdout, "{root}")?;
                    tree.children(io, root, "", 1)?;
                }
                Ok(_) => {
                    writeln!(io.stdout, "{root}  [error opening dir]")?;
                    status = 2;
                }
                Err(errno) => {
                    writeln!(io.stdout, "{root}  [error opening dir: {errno}]")?;
                    status = 2;
                }
            }
        }
        if tree.options.report {
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let directories = plural(tree.dirs, "directory", "directories");
            if tree.options.dirs_only {
                writeln!(io.stdout, "\n{directories}")?;
            } else {
                writeln!(
                    io.stdout,
                    "\n{directories}, {}",
                    plural(tree.files, "file", "files")
                )?;
            }
        }
        Ok::<(), io::Error>(())
    })();
    if result.is_err() { 1 } else { status }
}

fn parse(args: Vec<String>) -> Result<Option<(Options, Vec<String>)>, Usage> {
    let mut options = Options {
        all: false,
        dirs_only: false,
        full_paths: false,
        max_depth: None,
        ignore: Vec::new(),
        report: true,
    };
    let mut roots = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(root), _) => roots.push(root.clone()),
            (_, "help") => return Ok(None),
            (_, "noreport") => options.report = false,
            (Arg::Short('a'), _) => options.all = true,
            (Arg::Short('d'), _) => options.dirs_only = true,
            (Arg::Short('f'), _) => options.full_paths = true,
            (Arg::Short('L'), _) => {
                let value = parser.required(&arg)?;
                let depth = cli::number(&value).filter(|&n: &usize| n > 0);
                options.max_depth =
                    Some(depth.ok_or(Usage("Invalid level, must be greater than 0.".into()))?);
            }
            (Arg::Short('I'), _) => options
                .ignore
                .extend(parser.required(&arg)?.split('|').map(String::from)),
            _ => return Err(Usage::unknown(&arg)),
        }
    }
    Ok(Some((options, roots)))
}

impl Tree<'_> {
    /// Prints the entries of `dir` under lines starting with `prefix`.
    fn children(
        &mut self,
        io: &mut Stdio<'_>,
        dir: &str,
        prefix: &str,
        depth: usize,
    ) -> io::Result<()> {
        if self.options.max_depth.is_some_and(|max| depth > max) {
            return Ok(());
        }
        let Ok(entries) = self.sys.read_dir(dir) else {
            return Ok(());
        };
        let mut shown = Vec::new();
        for entry in entries {
            if !self.options.all && entry.name.starts_with('.') {
                continue;
            }
            if self
                .options
                .ignore
                .iter()
                .any(|pattern| glob::matches(pattern, &entry.name, false))
            {
                continue;
            }
            let path = join(dir, &entry.name);
            let is_dir = match entry.kind {
                FileKind::Directory => true,
                FileKind::Symlink => false,
                _ => self.sys.lstat(&path).is_ok_and(|stat| stat.is_dir()),
            };
            if self.options.dirs_only && !is_dir {
                continue;
            }
            shown.push((entry.name, path, is_dir, entry.kind == FileKind::Symlink));
        }
        shown.sort_by(|a, b| a.0.cmp(&b.0));
        let count = shown.len();
        for (i, (name, path, is_dir, is_link)) in shown.into_iter().enumerate() {
            let last = i + 1 == count;
            let mut label = if self.options.full_paths {
                path.clone()
            } else {
                name
            };
            if is_link {
                label = format!(
                    "{label} -> {}",
                    self.sys.readlink(&path).unwrap_or_default()
                );
            }
            writeln!(
                io.stdout,
                "{prefix}{}{label}",
                if last { "└── " } else { "├── " }
            )?;
            if is_dir {
                self.dirs += 1;
                let inner = format!("{prefix}{}", if last { "    " } else { "│   " });
                self.children(io, &path, &inner, depth + 1)?;
            } else {
                self.files += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn tree(args: &[&str]) -> String {
        let mut sys = FakeSystem::new();
        sys.add_file("p/b.txt", "")
            .add_file("p/a/x", "")
            .add_file("p/a/y", "")
            .add_file("p/.hidden", "")
            .add_symlink("b.txt", "p/link");
        let mut all = vec!["tree"];
        all.extend(args);
        run(&mut sys, main, &all, "").stdout
    }

    #[test]
    fn draws_the_tree() {
        assert_eq!(
            tree(&["p"]),
            "p\n├── a\n│   ├── x\n│   └── y\n├── b.txt\n└── link -> b.txt\n\n1 directory, 4 files\n"
        );
        assert_eq!(tree(&["-d", "p"]), "p\n└── a\n\n1 directory\n");
        assert_eq!(
            tree(&["-L", "1", "-a", "--noreport", "p"]),
            "p\n├── .hidden\n├── a\n├── b.txt\n└── link -> b.txt\n"
        );
        assert_eq!(
            tree(&["-f", "-I", "b*|link", "p/a"]),
            "p/a\n├── p/a/x\n└── p/a/y\n\n0 directories, 2 files\n"
        );
        assert_eq!(
            tree(&["nope"]),
            "nope  [error opening dir: No such file or directory]\n\n0 directories, 0 files\n"
        );
    }
}
