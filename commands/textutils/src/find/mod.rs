//! `find`: walk directory trees (pre-order, entries sorted by name) and evaluate an
//! expression on each file. Tests: `-name -iname -path -ipath -regex -type -size -empty
//! -newer -perm -user -group -uid -gid -mtime -atime -ctime -mmin -amin -cmin -links -inum
//! -readable -writable -executable`; actions: `-print -print0 -printf -delete -prune -quit
//! -exec -execdir` (both `;` and `+`); options: `-H -L -P -maxdepth -mindepth -depth`.

mod parse;

use std::io;

use secure_exec_system::{Errno, FileKind, FileStat, System};

use crate::Stdio;
use crate::cli::{self, join};
use crate::format::DateTime;
use crate::{accounts, glob, mode, spawn};
use parse::{Action, Expr, Follow, Options, PermMatch, Test, TimeField};

const HELP: &str = "\
Usage: find [-H] [-L] [-P] [path...] [expression]
Tests: -name -iname -path -ipath -regex -type -size -empty -newer -perm -user -group
  -mtime -atime -ctime -mmin -amin -cmin -links -inum -readable -writable -executable
Actions: -print -print0 -printf -delete -prune -quit -exec -execdir
Options: -maxdepth -mindepth -depth
Operators: ( EXPR ) ! EXPR -not EXPR EXPR -a EXPR EXPR -o EXPR
";

/// Bytes of paths at most per `-exec ... {} +` invocation, as GNU's default limit.
const BATCH_BYTES: usize = 128 * 1024;

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    find(sys, io, args, crate::format::now())
}

/// `find` as of time `now` (nanoseconds since the epoch).
fn find(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>, now: i64) -> i32 {
    let mut options = Options {
        max_depth: None,
        min_depth: 0,
        depth_first: false,
        follow: Follow::Never,
    };
    let mut rest = &args[1.min(args.len())..];
    while let Some(first) = rest.first() {
        match first.as_str() {
            "-H" => options.follow = Follow::CommandLine,
            "-L" => options.follow = Follow::Always,
            "-P" => options.follow = Follow::Never,
            "--help" => return cli::help(io, HELP),
            "--" => {
                rest = &rest[1..];
                break;
            }
            _ => break,
        }
        rest = &rest[1..];
    }
    let path_count = rest
        .iter()
        .position(|arg| arg.starts_with('-') || arg == "(" || arg == "!")
        .unwrap_or(rest.len());
    let (paths, tokens) = rest.split_at(path_count);
    let (expr, slots) = match parse::parse(sys, tokens, &mut options) {
        Ok(parsed) => parsed,
        Err(message) => {
            cli::error(io, "find", message);
            return 1;
        }
    };
    let mut finder = Finder {
        sys,
        options,
        now,
        failed: false,
        prune: false,
        quit: false,
        batches: vec![Batch::default(); slots],
        ancestors: Vec::new(),
    };
    let default = [".".to_string()];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let result = (|| {
        for path in paths {
            finder.visit(io, &expr, path, path, 0)?;
            if finder.quit {
                break;
            }
        }
        finder.flush_batches(io, &expr)
    })();
    if let Err(error) = result {
        cli::error(io, "find", error);
        return 1;
    }
    i32::from(finder.failed)
}

/// A file being looked at.
struct Entry<'a> {
    path: &'a str,
    /// The starting point it was found under, for `%P`.
    root: &'a str,
    stat: FileStat,
    depth: usize,
}

impl Entry<'_> {
    /// The last component, as `-name` sees it: `dir/` is `dir`, `/` is `/`.
    fn name(&self) -> &str {
        let trimmed = self.path.trim_end_matches('/');
        if trimmed.is_empty() {
            return "/";
        }
        trimmed.rsplit('/').next().unwrap_or(trimmed)
    }
}

/// The paths waiting for one `-exec ... {} +`.
#[derive(Clone, Default)]
struct Batch {
    paths: Vec<String>,
    bytes: usize,
}

struct Finder<'a> {
    sys: &'a mut dyn System,
    options: Options,
    now: i64,
    failed: bool,
    /// `-prune` was true for the current file.
    prune: bool,
    quit: bool,
    /// The paths waiting for each `-exec ... {} +`.
    batches: Vec<Batch>,
    /// `(dev, ino)` of the directories above the current one, to stop loops under `-L`.
    ancestors: Vec<(u64, u64)>,
}

impl Finder<'_> {
    fn complain(&mut self, io: &mut Stdio<'_>, message: impl std::fmt::Display) {
        self.failed = true;
        cli::error(io, "find", message);
    }

    fn visit(
        &mut self,
        io: &mut Stdio<'_>,
        expr: &Expr,
        path: &str,
        root: &str,
        depth: usize,
    ) -> io::Result<()> {
        let follow = match self.options.follow {
            Follow::Always => true,
            Follow::CommandLine => depth == 0,
            Follow::Never => false,
        };
        let stat = if follow {
            // A dangling link is still listed, as itself.
            match self.sys.stat(path) {
                Err(Errno::Enoent) => self.sys.lstat(path),
                result => result,
            }
        } else {
            self.sys.lstat(path)
        };
        let stat = match stat {
            Ok(stat) => stat,
            Err(errno) => {
                self.complain(io, format_args!("'{path}': {errno}"));
                return Ok(());
            }
        };
        let entry = Entry {
            path,
            root,
            stat,
            depth,
        };
        let is_dir = entry.stat.is_dir();
        let key = (entry.stat.dev, entry.stat.ino);
        self.prune = false;
        if !self.options.depth_first && depth >= self.options.min_depth {
            self.eval(io, expr, &entry)?;
        }
        if self.quit {
            return Ok(());
        }
        let descend = is_dir && !self.prune && self.options.max_depth.is_none_or(|max| depth < max);
        if descend && self.ancestors.contains(&key) {
            self.complain(
                io,
                format_args!(
                    "File system loop detected; '{path}' is part of the same file system loop."
                ),
            );
        } else if descend {
            match self.sys.read_dir(path) {
                Ok(mut entries) => {
                    entries.sort_by(|a, b| a.name.cmp(&b.name));
                    self.ancestors.push(key);
                    for child in entries {
                        self.visit(io, expr, &join(path, &child.name), root, depth + 1)?;
                        if self.quit {
                            break;
                        }
                    }
                    self.ancestors.pop();
                }
                Err(errno) => self.complain(io, format_args!("'{path}': {errno}")),
            }
        }
        if self.options.depth_first && depth >= self.options.min_depth && !self.quit {
            self.eval(io, expr, &entry)?;
        }
        Ok(())
    }

    fn eval(&mut self, io: &mut Stdio<'_>, expr: &Expr, entry: &Entry<'_>) -> io::Result<bool> {
        Ok(match expr {
            Expr::And(left, right) => self.eval(io, left, entry)? && self.eval(io, right, entry)?,
            Expr::Or(left, right) => self.eval(io, left, entry)? || self.eval(io, right, entry)?,
            Expr::Not(inner) => !self.eval(io, inner, entry)?,
            Expr::Test(test) => self.test(test, entry),
            Expr::Action(action) => self.act(io, action, entry)?,
        })
    }

    fn test(&mut self, test: &Test, entry: &Entry<'_>) -> bool {
        let stat = &entry.stat;
        match test {
            Test::True => true,
            Test::False => false,
            Test::Name {
                pattern,
                ignore_case,
            } => glob::matches(pattern, entry.name(), *ignore_case),
            Test::Path {
                pattern,
                ignore_case,
            } => glob::matches(pattern, entry.path, *ignore_case),
            Test::Regex(regex) => regex.is_match(entry.path),
            Test::Type(types) => types.contains(&match mode::type_char(stat.mode) {
                '-' => 'f',
                letter => letter,
            }),
            Test::Size { compare, unit } => compare.holds(stat.size.div_ceil(*unit)),
            Test::Newer(mtime) => stat.mtime > *mtime,
            Test::Perm { mode, how } => {
                let bits = stat.permissions();
                match how {
                    PermMatch::Exactly => bits == *mode,
                    PermMatch::All => bits & mode == *mode,
                    PermMatch::Any => *mode == 0 || bits & mode != 0,
                }
            }
            Test::User(uid) => stat.uid == *uid,
            Test::Group(gid) => stat.gid == *gid,
            Test::Empty => match stat.kind() {
                FileKind::Regular => stat.size == 0,
                FileKind::Directory => self.sys.read_dir(entry.path).is_ok_and(|e| e.is_empty()),
                _ => false,
            },
            Test::Age {
                field,
                compare,
                unit,
            } => {
                let time = match field {
                    TimeField::Access => stat.atime,
                    TimeField::Modify => stat.mtime,
                    TimeField::Change => stat.ctime,
                };
                match u64::try_from((self.now - time).div_euclid(*unit)) {
                    Ok(age) => compare.holds(age),
                    Err(_) => matches!(compare, parse::Compare::Less(_)),
                }
            }
            Test::Links(compare) => compare.holds(stat.nlink),
            Test::Inode(compare) => compare.holds(stat.ino),
            Test::Access(want) => self.sys.access(entry.path, *want).is_ok(),
        }
    }

    fn act(&mut self, io: &mut Stdio<'_>, action: &Action, entry: &Entry<'_>) -> io::Result<bool> {
        match action {
            Action::Print => writeln!(io.stdout, "{}", entry.path)?,
            Action::Print0 => write!(io.stdout, "{}\0", entry.path)?,
            Action::Printf(format) => {
                let text = self.printf(format, entry);
                io.stdout.write_all(text.as_bytes())?;
            }
            Action::Prune => self.prune = true,
            Action::Quit => self.quit = true,
            Action::Delete => {
                let result = if entry.stat.is_dir() {
                    self.sys.rmdir(entry.path)
                } else {
                    self.sys.unlink(entry.path)
                };
                if let Err(errno) = result {
                    self.complain(io, format_args!("cannot delete '{}': {errno}", entry.path));
                    return Ok(false);
                }
            }
            Action::Exec {
                argv,
                batch: false,
                in_dir,
                ..
            } => {
                let (target, cwd) = self.exec_target(entry.path, *in_dir);
                let argv = argv.iter().map(|arg| arg.replace("{}", &target)).collect();
                return Ok(self.exec(io, argv, cwd) == Some(true));
            }
            Action::Exec { slot, .. } => {
                let batch = &mut self.batches[*slot];
                batch.bytes += entry.path.len() + 1;
                batch.paths.push(entry.path.to_string());
                if batch.bytes >= BATCH_BYTES {
                    self.run_batch(io, action)?;
                }
            }
        }
        Ok(true)
    }

    /// What `{}` stands for, and the directory to run in: for `-execdir`, `./name` in the
    /// file's own directory.
    fn exec_target(&mut self, path: &str, in_dir: bool) -> (String, Option<String>) {
        if !in_dir {
            return (path.to_string(), None);
        }
        let (dir, name) = match path.trim_end_matches('/').rsplit_once('/') {
            Some(("", name)) => ("/".to_string(), name),
            Some((dir, name)) => (dir.to_string(), name),
            None => (".".to_string(), path),
        };
        let dir = if dir.starts_with('/') {
            dir
        } else {
            join(&self.sys.cwd(), &dir)
        };
        (format!("./{name}"), Some(dir))
    }

    /// Runs a command for `-exec`; whether it exited 0 (`None` if it could not start).
    fn exec(&mut self, io: &mut Stdio<'_>, argv: Vec<String>, cwd: Option<String>) -> Option<bool> {
        let program = argv[0].clone();
        match spawn::run(self.sys, io.stdout, argv, cwd, 0) {
            Ok(status) => Some(status.success()),
            Err(errno) => {
                self.complain(io, format_args!("'{program}': {errno}"));
                None
            }
        }
    }

    fn run_batch(&mut self, io: &mut Stdio<'_>, action: &Action) -> io::Result<()> {
        let Action::Exec {
            argv, slot, in_dir, ..
        } = action
        else {
            return Ok(());
        };
        let paths = std::mem::take(&mut self.batches[*slot]).paths;
        if paths.is_empty() {
            return Ok(());
        }
        if *in_dir {
            for path in paths {
                let (target, cwd) = self.exec_target(&path, true);
                let mut full = argv.clone();
                full.push(target);
                if self.exec(io, full, cwd) == Some(false) {
                    self.failed = true;
                }
            }
            return Ok(());
        }
        let mut full = argv.clone();
        full.extend(paths);
        if self.exec(io, full, None) == Some(false) {
            self.failed = true;
        }
        Ok(())
    }

    /// Runs what every `-exec ... {} +` still has waiting.
    fn flush_batches(&mut self, io: &mut Stdio<'_>, expr: &Expr) -> io::Result<()> {
        match expr {
            Expr::And(left, right) | Expr::Or(left, right) => {
                self.flush_batches(io, left)?;
                self.flush_batches(io, right)
            }
            Expr::Not(inner) => self.flush_batches(io, inner),
            Expr::Action(action @ Action::Exec { batch: true, .. }) => self.run_batch(io, action),
            _ => Ok(()),
        }
    }

    /// `-printf`: `%p %f %h %P %s %m %M %u %g %U %G %d %y %l %i %n %k %b %t %a %c %%`,
    /// times as `%Tk` (and `%Ak`, `%Ck`) for `k` in `@YmdHMSFT+`, with an optional `-` and
    /// width, and `\n \t \0 \\` escapes.
    fn printf(&mut self, format: &str, entry: &Entry<'_>) -> String {
        let stat = &entry.stat;
        let mut out = String::new();
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('0') => out.push('\0'),
                    Some('\\') => out.push('\\'),
                    Some(other) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push('\\'),
                }
                continue;
            }
            if c != '%' {
                out.push(c);
                continue;
            }
            let left = chars.next_if_eq(&'-').is_some();
            let mut width = 0;
            while let Some(digit) = chars.peek().and_then(|d| d.to_digit(10)) {
                width = width * 10 + digit as usize;
                chars.next();
            }
            let Some(directive) = chars.next() else {
                out.push('%');
                break;
            };
            let text = match directive {
                '%' => "%".to_string(),
                'p' => entry.path.to_string(),
                'f' => entry.name().to_string(),
                'h' => match entry.path.trim_end_matches('/').rsplit_once('/') {
                    Some(("", _)) => "/".to_string(),
                    Some((dir, _)) => dir.to_string(),
                    None => ".".to_string(),
                },
                'P' => entry.path[entry.root.len().min(entry.path.len())..]
                    .trim_start_matches('/')
                    .to_string(),
                's' => stat.size.to_string(),
                'm' => format!("{:o}", stat.permissions()),
                'M' => mode::mode_string(stat.mode),
                'u' => accounts::user_label(self.sys, stat.uid),
                'g' => accounts::group_label(self.sys, stat.gid),
                'U' => stat.uid.to_string(),
                'G' => stat.gid.to_string(),
                'd' => entry.depth.to_string(),
                'y' => mode::type_char(stat.mode).to_string().replace('-', "f"),
                'l' => self.sys.readlink(entry.path).unwrap_or_default(),
                'i' => stat.ino.to_string(),
                'n' => stat.nlink.to_string(),
                'k' => stat.blocks.div_ceil(2).to_string(),
                'b' => stat.blocks.to_string(),
                't' | 'a' | 'c' => {
                    let date = DateTime::from_nanos(time_of(stat, directive.to_ascii_uppercase()));
                    format!(
                        "{} {} {:>2} {:02}:{:02}:{:02}.{:09}0 {}",
                        date.weekday_name(),
                        date.month_name(),
                        date.day,
                        date.hour,
                        date.minute,
                        date.second,
                        date.nanos,
                        date.year
                    )
                }
                'T' | 'A' | 'C' => {
                    let field = chars.next().unwrap_or_default();
                    time_field(time_of(stat, directive), field)
                        .unwrap_or_else(|| format!("%{directive}{field}"))
                }
                other => format!("%{other}"),
            };
            if left {
                out.push_str(&format!("{text:<width$}"));
            } else {
                out.push_str(&format!("{text:>width$}"));
            }
        }
        out
    }
}

/// The access (`A`), change (`C`) or modification (`T`) time.
fn time_of(stat: &FileStat, which: char) -> i64 {
    match which {
        'A' => stat.atime,
        'C' => stat.ctime,
        _ => stat.mtime,
    }
}

/// One field of a `-printf` time (`%T@`, `%TY`, ...): `@ Y m d H M S F T +`.
fn time_field(time: i64, field: char) -> Option<String> {
    let date = DateTime::from_nanos(time);
    let seconds = format!("{:02}.{:09}0", date.second, date.nanos);
    Some(match field {
        '@' => format!("{}.{:09}0", time.div_euclid(1_000_000_000), date.nanos),
        'Y' => date.year.to_string(),
        'm' => format!("{:02}", date.month),
        'd' => format!("{:02}", date.day),
        'H' => format!("{:02}", date.hour),
        'M' => format!("{:02}", date.minute),
        'S' => seconds,
        'F' => date.date(),
        'T' => format!("{:02}:{:02}:{seconds}", date.hour, date.minute),
        '+' => format!(
            "{}+{:02}:{:02}:{seconds}",
            date.date(),
            date.hour,
            date.minute
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::find;
    use crate::testing::{EPOCH_2021, FakeSystem, run};

    const DAY: i64 = 86_400 * 1_000_000_000;

    fn tree() -> FakeSystem {
        let mut sys = FakeSystem::new();
        sys.add_file("t/b.txt", "bb")
            .add_file("t/a.log", "")
            .add_file("t/sub/c.txt", &"x".repeat(3000))
            .add_dir("t/empty")
            .add_symlink("b.txt", "t/link")
            .set_mode("t/a.log", 0o755)
            .set_mtime("t/b.txt", EPOCH_2021 + 3 * DAY);
        sys
    }

    fn main_at(
        sys: &mut dyn secure_exec_system::System,
        io: &mut crate::Stdio<'_>,
        args: Vec<String>,
    ) -> i32 {
        find(sys, io, args, EPOCH_2021 + 5 * DAY)
    }

    fn find_in(sys: &mut FakeSystem, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["find"];
        all.extend(args);
        let run = run(sys, main_at, &all, "");
        (run.status, run.stdout, run.stderr)
    }

    fn out(args: &[&str]) -> String {
        let (status, stdout, stderr) = find_in(&mut tree(), args);
        assert_eq!((status, stderr.as_str()), (0, ""), "find {args:?}");
        stdout
    }

    #[test]
    fn walks_in_pre_order_sorted_by_name() {
        assert_eq!(
            out(&["t"]),
            "t\nt/a.log\nt/b.txt\nt/empty\nt/link\nt/sub\nt/sub/c.txt\n"
        );
        assert_eq!(out(&["t/", "-maxdepth", "1", "-name", "b*"]), "t/b.txt\n");
        assert_eq!(
            out(&["t", "-depth", "-path", "*sub*"]),
            "t/sub/c.txt\nt/sub\n"
        );
        let mut sys = tree();
        secure_exec_system::System::chdir(&mut sys, "t").unwrap();
        assert_eq!(
            find_in(&mut sys, &["-name", "*.txt"]).1,
            "./b.txt\n./sub/c.txt\n"
        );
    }

    #[test]
    fn names_types_and_depths() {
        assert_eq!(
            out(&["t", "-type", "f", "-name", "*.txt"]),
            "t/b.txt\nt/sub/c.txt\n"
        );
        assert_eq!(out(&["t", "-type", "d"]), "t\nt/empty\nt/sub\n");
        assert_eq!(out(&["t", "-type", "l"]), "t/link\n");
        assert_eq!(out(&["t", "-iname", "B.TXT"]), "t/b.txt\n");
        assert_eq!(out(&["t", "-mindepth", "2"]), "t/sub/c.txt\n");
        assert_eq!(out(&["t", "-maxdepth", "0"]), "t\n");
        assert_eq!(out(&["-L", "t", "-type", "f", "-name", "link"]), "t/link\n");
        assert_eq!(out(&["t", "-regex", ".*/[ab]\\..*"]), "t/a.log\nt/b.txt\n");
    }

    #[test]
    fn operators_and_prune() {
        assert_eq!(
            out(&["t", "-name", "*.txt", "-o", "-name", "*.log"]),
            "t/a.log\nt/b.txt\nt/sub/c.txt\n"
        );
        assert_eq!(
            out(&["t", "!", "-type", "d", "-not", "-type", "l"]),
            "t/a.log\nt/b.txt\nt/sub/c.txt\n"
        );
        assert_eq!(
            out(&[
                "t", "(", "-name", "sub", "-prune", ")", "-o", "-type", "f", "-print"
            ]),
            "t/a.log\nt/b.txt\n"
        );
        assert_eq!(out(&["t", "-type", "f", "-print", "-quit"]), "t/a.log\n");
    }

    #[test]
    fn sizes_perms_times_owners() {
        assert_eq!(out(&["t", "-type", "f", "-size", "+1k"]), "t/sub/c.txt\n");
        assert_eq!(out(&["t", "-type", "f", "-size", "-1"]), "t/a.log\n");
        assert_eq!(out(&["t", "-size", "2c"]), "t/b.txt\n");
        assert_eq!(out(&["t", "-empty"]), "t/a.log\nt/empty\n");
        assert_eq!(out(&["t", "-type", "f", "-perm", "755"]), "t/a.log\n");
        assert_eq!(out(&["t", "-type", "f", "-perm", "-u+x"]), "t/a.log\n");
        assert_eq!(out(&["t", "-type", "f", "-perm", "/o+w"]), "");
        assert_eq!(out(&["t", "-mtime", "-3"]), "t/b.txt\n");
        assert_eq!(
            out(&["t", "-type", "f", "-mtime", "+3"]),
            "t/a.log\nt/sub/c.txt\n"
        );
        assert_eq!(out(&["t", "-newer", "t/a.log"]), "t/b.txt\n");
        assert_eq!(
            out(&["t", "-maxdepth", "0", "-user", "user", "-group", "user"]),
            "t\n"
        );
        assert_eq!(
            out(&["/etc", "-user", "root", "-name", "passwd"]),
            "/etc/passwd\n"
        );
        assert_eq!(find_in(&mut tree(), &["t", "-user", "nobody"]).0, 1);
    }

    #[test]
    fn printing_forms() {
        assert_eq!(out(&["t/sub", "-print0"]), "t/sub\0t/sub/c.txt\0");
        assert_eq!(
            out(&["t", "-name", "b.txt", "-printf", "%f %s %m %u %d %P %h\\n"]),
            "b.txt 2 644 user 1 b.txt t\n"
        );
        assert_eq!(
            out(&["t/sub", "-printf", "[%-6f]%y\\n"]),
            "[sub   ]d\n[c.txt ]f\n"
        );
        assert_eq!(
            out(&["t/a.log", "-printf", "%T@|%TY-%Tm-%Td %TT|%t|%Tq\\n"]),
            "1614834367.0000000000|2021-03-04 05:06:07.0000000000|Thu Mar  4 05:06:07.0000000000 2021|%Tq\n"
        );
    }

    #[test]
    fn exec_runs_commands() {
        let mut sys = tree();
        let (status, stdout, _) = find_in(
            &mut sys,
            &["t", "-name", "*.txt", "-exec", "echo", "got", "{}", ";"],
        );
        assert_eq!((status, stdout.as_str()), (0, ""));
        assert_eq!(sys.console, "got t/b.txt\ngot t/sub/c.txt\n");
        let mut sys = tree();
        find_in(
            &mut sys,
            &["t", "-name", "*.txt", "-exec", "echo", "{}", "+"],
        );
        assert_eq!(sys.console, "t/b.txt t/sub/c.txt\n");
        let mut sys = tree();
        let (_, stdout, _) = find_in(
            &mut sys,
            &[
                "t", "-type", "f", "(", "-exec", "false", ";", "-o", "-print", ")",
            ],
        );
        assert_eq!(stdout, "t/a.log\nt/b.txt\nt/sub/c.txt\n");
        let mut sys = tree();
        find_in(
            &mut sys,
            &["t/sub", "-type", "f", "-execdir", "echo", "{}", ";"],
        );
        assert_eq!(sys.console, "./c.txt\n");
        assert_eq!(sys.spawned[0].cwd, "/home/user/t/sub");
        let mut sys = tree();
        assert_eq!(
            find_in(
                &mut sys,
                &["t", "-name", "b.txt", "-exec", "false", "{}", "+"]
            )
            .0,
            1
        );
    }

    #[test]
    fn delete_removes_depth_first() {
        let mut sys = tree();
        assert_eq!(find_in(&mut sys, &["t/sub", "-delete"]).0, 0);
        assert!(!sys.exists("t/sub"));
        let (status, _, err) = find_in(&mut sys, &["t", "-name", "t", "-delete"]);
        assert_eq!(
            (status, err.as_str()),
            (1, "find: cannot delete 't': Directory not empty\n")
        );
    }

    #[test]
    fn errors() {
        let (status, _, err) = find_in(&mut tree(), &["nope", "t/b.txt"]);
        assert_eq!(
            (status, err.as_str()),
            (1, "find: 'nope': No such file or directory\n")
        );
        assert_eq!(
            find_in(&mut tree(), &["t", "-bogus"]).2,
            "find: unknown predicate `-bogus'\n"
        );
        assert_eq!(
            find_in(&mut tree(), &["t", "-name"]).2,
            "find: missing argument to `-name'\n"
        );
        assert_eq!(find_in(&mut tree(), &["t", "(", "-name", "x"]).0, 1);
        let mut sys = tree();
        sys.set_mode("t/sub", 0o311);
        let (status, stdout, err) = find_in(&mut sys, &["t/sub"]);
        assert_eq!(
            (status, stdout.as_str(), err.as_str()),
            (1, "t/sub\n", "find: 't/sub': Permission denied\n")
        );
    }
}
