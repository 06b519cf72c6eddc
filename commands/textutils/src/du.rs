//! `du`: disk usage from the kernel's block counts (1K units by default): `-a -s -c -h -k
//! -m -b --apparent-size -d N -L -x`. Hard-linked files count once.

use std::collections::HashSet;
use std::io;

use secure_exec_system::System;

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage, join};
use crate::format;

const HELP: &str = "\
Usage: du [OPTION]... [FILE]...
Summarize disk usage of each FILE, recursively for directories.
  -a, --all             write counts for all files, not just directories
      --apparent-size   print apparent sizes rather than disk usage
  -b, --bytes           equivalent to '--apparent-size --block-size=1'
  -c, --total           produce a grand total
  -d, --max-depth=N     print the total for a directory only if it is N or fewer levels
                          below the command line argument
  -h, --human-readable  print sizes in human readable format (e.g., 1K 234M 2G)
  -k                    like --block-size=1K
  -m                    like --block-size=1M
  -L, --dereference     dereference all symbolic links
  -s, --summarize       display only a total for each argument
";

struct Options {
    all: bool,
    apparent: bool,
    /// Bytes per printed unit; 0 for `-h`.
    unit: u64,
    total: bool,
    max_depth: Option<usize>,
    dereference: bool,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let (options, mut paths) = match parse(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => return cli::help(io, HELP),
        Err(usage) => return usage.report("du", io, 1),
    };
    if paths.is_empty() {
        paths.push(".".into());
    }
    let mut du = Du {
        sys,
        options,
        seen: HashSet::new(),
        failed: false,
    };
    let result = (|| {
        let mut total = 0;
        for path in &paths {
            total += du.visit(io, path, 0)?;
        }
        if du.options.total {
            let text = du.size_text(total);
            writeln!(io.stdout, "{text}\ttotal")?;
        }
        Ok::<(), io::Error>(())
    })();
    match result {
        Ok(()) => i32::from(du.failed),
        Err(_) => 1,
    }
}

fn parse(args: Vec<String>) -> Result<Option<(Options, Vec<String>)>, Usage> {
    let mut options = Options {
        all: false,
        apparent: false,
        unit: 1024,
        total: false,
        max_depth: None,
        dereference: false,
    };
    let mut paths = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(path), _) => paths.push(path.clone()),
            (_, "help") => return Ok(None),
            (Arg::Short('a'), _) | (_, "all") => options.all = true,
            (_, "apparent-size") => options.apparent = true,
            (Arg::Short('b'), _) | (_, "bytes") => {
                options.apparent = true;
                options.unit = 1;
            }
            (Arg::Short('c'), _) | (_, "total") => options.total = true,
            (Arg::Short('h'), _) | (_, "human-readable") => options.unit = 0,
            (Arg::Short('k'), _) => options.unit = 1024,
            (Arg::Short('m'), _) => options.unit = 1 << 20,
            (Arg::Short('s'), _) | (_, "summarize") => options.max_depth = Some(0),
            (Arg::Short('d'), _) | (_, "max-depth") => {
                let value = parser.required(&arg)?;
                options.max_depth = Some(
                    cli::number(&value).ok_or(Usage(format!("invalid maximum depth '{value}'")))?,
                );
            }
            (Arg::Short('L'), _) | (_, "dereference") => options.dereference = true,
            (Arg::Short('x' | 'P'), _) | (_, "one-file-system" | "no-dereference") => {}
            _ => return Err(Usage::unknown(&arg)),
        }
    }
    Ok(Some((options, paths)))
}

struct Du<'a> {
    sys: &'a mut dyn System,
    options: Options,
    /// `(dev, ino)` of multiply linked files already counted.
    seen: HashSet<(u64, u64)>,
    failed: bool,
}

impl Du<'_> {
    fn size_text(&self, bytes: u64) -> String {
        match self.options.unit {
            0 => format::human_size(bytes),
            unit => bytes.div_ceil(unit).to_string(),
        }
    }

    /// Prints what `path` holds (as the options say) and returns its size in bytes.
    fn visit(&mut self, io: &mut Stdio<'_>, path: &str, depth: usize) -> io::Result<u64> {
        let stat = if self.options.dereference {
            self.sys.stat(path)
        } else {
            self.sys.lstat(path)
        };
        let stat = match stat {
            Ok(stat) => stat,
            Err(errno) => {
                self.failed = true;
                cli::error(io, "du", format_args!("cannot access '{path}': {errno}"));
                return Ok(0);
            }
        };
        if !stat.is_dir() && stat.nlink > 1 && !self.seen.insert((stat.dev, stat.ino)) {
            return Ok(0);
        }
        let mut size = if self.options.apparent {
            stat.size
        } else {
            stat.blocks * 512
        };
        if stat.is_dir() {
            match self.sys.read_dir(path) {
                Ok(mut entries) => {
                    entries.sort_by(|a, b| a.name.cmp(&b.name));
                    for entry in entries {
                        size += self.visit(io, &join(path, &entry.name), depth + 1)?;
                    }
                }
                Err(errno) => {
                    self.failed = true;
                    cli::error(
                        io,
                        "du",
                        format_args!("cannot read directory '{path}': {errno}"),
                    );
                }
            }
        }
        let shown = depth == 0
            || (stat.is_dir() || self.options.all)
                && self.options.max_depth.is_none_or(|max| depth <= max);
        if shown {
            let text = self.size_text(size);
            writeln!(io.stdout, "{text}\t{path}")?;
        }
        Ok(size)
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn du(args: &[&str]) -> (i32, String, String) {
        let mut sys = FakeSystem::new();
        sys.add_file("d/a", &"x".repeat(5000))
            .add_file("d/sub/b", "hi")
            .add_dir("d/empty");
        let mut all = vec!["du"];
        all.extend(args);
        let result = run(&mut sys, main, &all, "");
        (result.status, result.stdout, result.stderr)
    }

    #[test]
    fn directories_post_order() {
        assert_eq!(du(&["d"]).1, "4\td/empty\n8\td/sub\n24\td\n");
        assert_eq!(
            du(&["-a", "d"]).1,
            "8\td/a\n4\td/empty\n4\td/sub/b\n8\td/sub\n24\td\n"
        );
        assert_eq!(du(&["-s", "d"]).1, "24\td\n");
        assert_eq!(du(&["-d", "0", "d", "d/a"]).1, "24\td\n8\td/a\n");
        assert_eq!(
            du(&["-sc", "d/sub", "d/a"]).1,
            "8\td/sub\n8\td/a\n16\ttotal\n"
        );
    }

    #[test]
    fn units() {
        assert_eq!(du(&["-sh", "d"]).1, "24K\td\n");
        assert_eq!(du(&["-b", "d/a"]).1, "5000\td/a\n");
        assert_eq!(du(&["-s", "--apparent-size", "d/sub"]).1, "5\td/sub\n");
    }

    #[test]
    fn missing_files() {
        let (status, out, err) = du(&["nope", "d/a"]);
        assert_eq!(
            (status, out.as_str(), err.as_str()),
            (
                1,
                "8\td/a\n",
                "du: cannot access 'nope': No such file or directory\n"
            )
        );
    }
}
