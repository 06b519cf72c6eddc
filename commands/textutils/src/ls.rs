//! `ls`: list files with the modes, owners and times the kernel reports. Output is one
//! name per line (GNU's form when not on a terminal), sorted by name in byte order.
//! Options: `-l -g -o -G -n -a -A -1 -R -d -h -s -t -S -U -r -F -p -i -L -c -u`.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::io;

use secure_exec_system::{FileKind, FileStat, System};

use crate::Stdio;
use crate::cli::{self, Arg, Parser, Usage, join};
use crate::format::{self, DateTime};
use crate::{accounts, mode};

const HELP: &str = "\
Usage: ls [OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
  -a, --all                  do not ignore entries starting with .
  -A, --almost-all           do not list implied . and ..
  -c                         sort by, and show, change time
  -d, --directory            list directories themselves, not their contents
  -F, --classify             append indicator (one of */=@|) to entries
  -g                         like -l, but do not list owner
  -G, --no-group             in a long listing, don't print group names
  -h, --human-readable       with -l and -s, print sizes like 1K 234M 2G etc.
  -i, --inode                print the index number of each file
  -l                         use a long listing format
  -L, --dereference          show information for the file a symbolic link references
  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs
  -o                         like -l, but do not list group information
  -p                         append / indicator to directories
  -r, --reverse              reverse order while sorting
  -R, --recursive            list subdirectories recursively
  -s, --size                 print the allocated size of each file, in blocks
  -S                         sort by file size, largest first
  -t                         sort by time, newest first
  -u                         sort by, and show, access time
  -U                         do not sort; list entries in directory order
  -1                         list one file per line
      --full-time            like -l --time-style=full-iso
      --time-style=STYLE     locale, long-iso, full-iso or iso
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Name,
    Time,
    Size,
    None,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hidden {
    Hide,
    /// `-A`: dot files but not `.` and `..`.
    AlmostAll,
    All,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Time {
    Modify,
    Change,
    Access,
}

/// `--time-style`: GNU's default (`locale`), `long-iso`, `full-iso` or `iso`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TimeStyle {
    Locale,
    LongIso,
    FullIso,
    Iso,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Indicator {
    None,
    Slash,
    Classify,
}

struct Options {
    long: bool,
    show_owner: bool,
    show_group: bool,
    numeric: bool,
    hidden: Hidden,
    recursive: bool,
    directory: bool,
    human: bool,
    blocks: bool,
    sort: Sort,
    reverse: bool,
    indicator: Indicator,
    inode: bool,
    dereference: bool,
    time: Time,
    time_style: TimeStyle,
}

/// A file to list: its name as shown, the path to reach it, its status.
struct Item {
    name: String,
    path: String,
    stat: FileStat,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    ls(sys, io, args, format::now())
}

fn ls(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>, now: i64) -> i32 {
    let (options, mut operands) = match parse(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => return cli::help(io, HELP),
        Err(usage) => return usage.report("ls", io, 2),
    };
    if operands.is_empty() {
        operands.push(".".into());
    }
    let mut lister = Lister {
        sys,
        options,
        now,
        status: 0,
        names: HashMap::new(),
        printed: false,
    };
    match lister.operands(io, &operands) {
        Ok(()) => lister.status,
        Err(error) => {
            cli::error(io, "ls", error);
            2
        }
    }
}

fn parse(args: Vec<String>) -> Result<Option<(Options, Vec<String>)>, Usage> {
    let mut options = Options {
        long: false,
        show_owner: true,
        show_group: true,
        numeric: false,
        hidden: Hidden::Hide,
        recursive: false,
        directory: false,
        human: false,
        blocks: false,
        sort: Sort::Name,
        reverse: false,
        indicator: Indicator::None,
        inode: false,
        dereference: false,
        time: Time::Modify,
        time_style: TimeStyle::Locale,
    };
    let mut operands = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(operand), _) => operands.push(operand.clone()),
            (_, "help") => return Ok(None),
            (Arg::Short('l'), _) => options.long = true,
            (Arg::Short('g'), _) => {
                options.long = true;
                options.show_owner = false;
            }
            (Arg::Short('o'), _) => {
                options.long = true;
                options.show_group = false;
            }
            (Arg::Short('G'), _) | (_, "no-group") => options.show_group = false,
            (Arg::Short('n'), _) | (_, "numeric-uid-gid") => {
                options.long = true;
                options.numeric = true;
            }
            (Arg::Short('a'), _) | (_, "all") => options.hidden = Hidden::All,
            (Arg::Short('A'), _) | (_, "almost-all") => options.hidden = Hidden::AlmostAll,
            (Arg::Short('1' | 'C' | 'x'), _) | (_, "color" | "colour") => {}
            (Arg::Short('R'), _) | (_, "recursive") => options.recursive = true,
            (Arg::Short('d'), _) | (_, "directory") => options.directory = true,
            (Arg::Short('h'), _) | (_, "human-readable") => options.human = true,
            (Arg::Short('s'), _) | (_, "size") => options.blocks = true,
            (Arg::Short('t'), _) => options.sort = Sort::Time,
            (Arg::Short('S'), _) => options.sort = Sort::Size,
            (Arg::Short('U' | 'f'), _) => options.sort = Sort::None,
            (Arg::Short('r'), _) | (_, "reverse") => options.reverse = true,
            (Arg::Short('F'), _) | (_, "classify") => options.indicator = Indicator::Classify,
            (Arg::Short('p'), _) => options.indicator = Indicator::Slash,
            (Arg::Short('i'), _) | (_, "inode") => options.inode = true,
            (Arg::Short('L'), _) | (_, "dereference") => options.dereference = true,
            (Arg::Short('c'), _) => options.time = Time::Change,
            (Arg::Short('u'), _) => options.time = Time::Access,
            (_, "full-time") => {
                options.long = true;
                options.time_style = TimeStyle::FullIso;
            }
            (_, "time-style") => {
                let value = parser.required(&arg)?;
                options.time_style = match value.trim_start_matches("posix-") {
                    "locale" => TimeStyle::Locale,
                    "long-iso" => TimeStyle::LongIso,
                    "full-iso" => TimeStyle::FullIso,
                    "iso" => TimeStyle::Iso,
                    _ => {
                        return Err(Usage(format!(
                            "invalid argument '{value}' for '--time-style'"
                        )));
                    }
                };
            }
            _ => return Err(Usage::unknown(&arg)),
        }
    }
    Ok(Some((options, operands)))
}

struct Lister<'a> {
    sys: &'a mut dyn System,
    options: Options,
    now: i64,
    status: i32,
    /// User and group names already looked up.
    names: HashMap<(bool, u32), String>,
    /// Something was printed: later directory headers need a blank line first.
    printed: bool,
}

impl Lister<'_> {
    fn fail(&mut self, io: &mut Stdio<'_>, status: i32, message: impl std::fmt::Display) {
        self.status = self.status.max(status);
        cli::error(io, "ls", message);
    }

    fn operands(&mut self, io: &mut Stdio<'_>, operands: &[String]) -> io::Result<()> {
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for operand in operands {
            let stat = if self.options.dereference {
                self.sys.stat(operand)
            } else {
                self.sys.lstat(operand)
            };
            let stat = match stat {
                Ok(stat)
                    if stat.kind() == FileKind::Symlink
                        && !self.options.long
                        && !self.options.directory
                        && self.options.indicator != Indicator::Classify =>
                {
                    self.sys
                        .stat(operand)
                        .ok()
                        .filter(FileStat::is_dir)
                        .unwrap_or(stat)
                }
                Ok(stat) => stat,
                Err(errno) => {
                    self.fail(io, 2, format_args!("cannot access '{operand}': {errno}"));
                    continue;
                }
            };
            let item = Item {
                name: operand.clone(),
                path: operand.clone(),
                stat,
            };
            if item.stat.is_dir() && !self.options.directory {
                dirs.push(item);
            } else {
                files.push(item);
            }
        }
        self.sort(&mut files);
        self.sort(&mut dirs);
        if !files.is_empty() {
            self.print_items(io, &files, false)?;
        }
        let headers = operands.len() > 1 || self.options.recursive;
        for dir in dirs {
            self.directory(io, &dir.path, headers, true)?;
        }
        Ok(())
    }

    fn directory(
        &mut self,
        io: &mut Stdio<'_>,
        path: &str,
        header: bool,
        operand: bool,
    ) -> io::Result<()> {
        let entries = match self.sys.read_dir(path) {
            Ok(entries) => entries,
            Err(errno) => {
                self.fail(
                    io,
                    if operand { 2 } else { 1 },
                    format_args!("cannot open directory '{path}': {errno}"),
                );
                return Ok(());
            }
        };
        if header {
            if self.printed {
                writeln!(io.stdout)?;
            }
            writeln!(io.stdout, "{path}:")?;
        }
        self.printed = true;
        let mut names: Vec<String> = match self.options.hidden {
            Hidden::All => vec![".".into(), "..".into()],
            _ => Vec::new(),
        };
        names.extend(
            entries
                .into_iter()
                .map(|entry| entry.name)
                .filter(|name| self.options.hidden != Hidden::Hide || !name.starts_with('.')),
        );
        let mut items = Vec::new();
        for name in names {
            let child = join(path, &name);
            let stat = if self.options.dereference {
                self.sys.stat(&child).or_else(|_| self.sys.lstat(&child))
            } else {
                self.sys.lstat(&child)
            };
            match stat {
                Ok(stat) => items.push(Item {
                    name,
                    path: child,
                    stat,
                }),
                Err(errno) => self.fail(io, 1, format_args!("cannot access '{child}': {errno}")),
            }
        }
        self.sort(&mut items);
        self.print_items(io, &items, true)?;
        if self.options.recursive {
            for item in &items {
                if item.stat.is_dir() && item.name != "." && item.name != ".." {
                    self.directory(io, &item.path, true, false)?;
                }
            }
        }
        Ok(())
    }

    fn sort(&self, items: &mut [Item]) {
        let time = |item: &Item| match self.options.time {
            Time::Modify => item.stat.mtime,
            Time::Change => item.stat.ctime,
            Time::Access => item.stat.atime,
        };
        let by_name = |a: &Item, b: &Item| a.name.as_bytes().cmp(b.name.as_bytes());
        let order = |a: &Item, b: &Item| -> Ordering {
            match self.options.sort {
                Sort::Name => by_name(a, b),
                Sort::Time => time(b).cmp(&time(a)).then_with(|| by_name(a, b)),
                Sort::Size => b.stat.size.cmp(&a.stat.size).then_with(|| by_name(a, b)),
                Sort::None => Ordering::Equal,
            }
        };
        if self.options.sort == Sort::None {
            return;
        }
        items.sort_by(|a, b| {
            if self.options.reverse {
                order(b, a)
            } else {
                order(a, b)
            }
        });
    }

    fn label(&mut self, group: bool, id: u32) -> String {
        if self.options.numeric {
            return id.to_string();
        }
        if let Some(name) = self.names.get(&(group, id)) {
            return name.clone();
        }
        let name = if group {
            accounts::group_label(self.sys, id)
        } else {
            accounts::user_label(self.sys, id)
        };
        self.names.insert((group, id), name.clone());
        name
    }

    fn size_text(&self, bytes: u64) -> String {
        if self.options.human {
            format::human_size(bytes)
        } else {
            bytes.to_string()
        }
    }

    fn blocks_text(&self, blocks: u64) -> String {
        if self.options.human {
            format::human_size(blocks * 512)
        } else {
            blocks.div_ceil(2).to_string()
        }
    }

    fn indicator(&self, stat: &FileStat) -> &'static str {
        match (self.options.indicator, mode::type_char(stat.mode)) {
            (Indicator::None, _) => "",
            (_, 'd') => "/",
            (Indicator::Slash, _) => "",
            (_, 'l') => "@",
            (_, 'p') => "|",
            (_, 's') => "=",
            (_, '-') if stat.mode & 0o111 != 0 => "*",
            _ => "",
        }
    }

    fn print_items(
        &mut self,
        io: &mut Stdio<'_>,
        items: &[Item],
        with_total: bool,
    ) -> io::Result<()> {
        self.printed = true;
        if (self.options.long || self.options.blocks) && with_total {
            let total: u64 = items.iter().map(|item| item.stat.blocks).sum();
            writeln!(io.stdout, "total {}", self.blocks_text(total))?;
        }
        let rows: Vec<Vec<String>> = items.iter().map(|item| self.columns(item)).collect();
        let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
            .map(|column| {
                rows.iter()
                    .map(|row| row[column].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for (item, row) in items.iter().zip(rows) {
            let mut line = String::new();
            for (column, text) in row.iter().enumerate() {
                let width = widths[column];
                let left_aligned = self.options.long && self.left_aligned(column);
                if left_aligned {
                    line.push_str(&format!("{text:<width$} "));
                } else {
                    line.push_str(&format!("{text:>width$} "));
                }
            }
            line.push_str(&self.name_text(item));
            writeln!(io.stdout, "{line}")?;
        }
        Ok(())
    }

    /// Whether a long-format column (numbered as [`Lister::columns`] makes them) is text
    /// that GNU aligns on the left: the mode, owner and group.
    fn left_aligned(&self, column: usize) -> bool {
        let first = usize::from(self.options.inode) + usize::from(self.options.blocks);
        let owner_columns =
            usize::from(self.options.show_owner) + usize::from(self.options.show_group);
        column == first || (column >= first + 2 && column < first + 2 + owner_columns)
    }

    /// The columns before the name: inode, blocks, then for `-l` mode, links, owner,
    /// group, size and date.
    fn columns(&mut self, item: &Item) -> Vec<String> {
        let stat = &item.stat;
        let mut columns = Vec::new();
        if self.options.inode {
            columns.push(stat.ino.to_string());
        }
        if self.options.blocks {
            columns.push(self.blocks_text(stat.blocks));
        }
        if self.options.long {
            columns.push(mode::mode_string(stat.mode));
            columns.push(stat.nlink.to_string());
            if self.options.show_owner {
                columns.push(self.label(false, stat.uid));
            }
            if self.options.show_group {
                columns.push(self.label(true, stat.gid));
            }
            columns.push(self.size_text(stat.size));
            let time = match self.options.time {
                Time::Modify => stat.mtime,
                Time::Change => stat.ctime,
                Time::Access => stat.atime,
            };
            columns.push(self.date_text(time));
        }
        columns
    }

    fn date_text(&self, time: i64) -> String {
        let date = DateTime::from_nanos(time);
        let recent = format::is_recent(time, self.now);
        match self.options.time_style {
            TimeStyle::Locale => format::ls_date(time, self.now),
            TimeStyle::LongIso => format!("{} {:02}:{:02}", date.date(), date.hour, date.minute),
            TimeStyle::FullIso => date.full(),
            TimeStyle::Iso if recent => format!(
                "{:02}-{:02} {:02}:{:02}",
                date.month, date.day, date.hour, date.minute
            ),
            // GNU pads the older form to the width of the recent one.
            TimeStyle::Iso => format!("{} ", date.date()),
        }
    }

    fn name_text(&mut self, item: &Item) -> String {
        let mut text = item.name.clone();
        if self.options.long && item.stat.kind() == FileKind::Symlink {
            let target = self.sys.readlink(&item.path).unwrap_or_default();
            let target_indicator = match self.sys.stat(&item.path) {
                Ok(target_stat) => self.indicator(&target_stat),
                Err(_) => "",
            };
            text.push_str(&format!(" -> {target}{target_indicator}"));
        } else {
            text.push_str(self.indicator(&item.stat));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::ls;
    use crate::testing::{EPOCH_2021, FakeSystem, run};

    const DAY: i64 = 86_400 * 1_000_000_000;

    fn tree() -> FakeSystem {
        let mut sys = FakeSystem::new();
        sys.add_file("d/b.txt", "hello\n")
            .add_file("d/a.sh", &"x".repeat(5000))
            .add_file("d/.hidden", "")
            .add_dir("d/sub")
            .add_file("d/sub/inner", "1")
            .add_symlink("b.txt", "d/link")
            .set_mode("d/a.sh", 0o755)
            .set_owner("d/b.txt", 0, 10)
            .set_owner("d/link", 4242, 4242)
            .set_mtime("d/a.sh", EPOCH_2021 - 400 * DAY);
        sys
    }

    fn main_at(
        sys: &mut dyn secure_exec_system::System,
        io: &mut crate::Stdio<'_>,
        args: Vec<String>,
    ) -> i32 {
        ls(sys, io, args, EPOCH_2021 + DAY)
    }

    fn ls_in(sys: &mut FakeSystem, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["ls"];
        all.extend(args);
        let run = run(sys, main_at, &all, "");
        (run.status, run.stdout, run.stderr)
    }

    fn out(args: &[&str]) -> String {
        let (status, stdout, stderr) = ls_in(&mut tree(), args);
        assert_eq!((status, stderr.as_str()), (0, ""), "ls {args:?}");
        stdout
    }

    #[test]
    fn names_one_per_line_sorted() {
        assert_eq!(out(&["d"]), "a.sh\nb.txt\nlink\nsub\n");
        assert_eq!(
            out(&["-a", "d"]),
            ".\n..\n.hidden\na.sh\nb.txt\nlink\nsub\n"
        );
        assert_eq!(out(&["-A", "d"]), ".hidden\na.sh\nb.txt\nlink\nsub\n");
        assert_eq!(out(&["-r", "d"]), "sub\nlink\nb.txt\na.sh\n");
        assert_eq!(out(&["-S", "d"]), "a.sh\nsub\nb.txt\nlink\n");
        assert_eq!(out(&["-t", "d"]), "b.txt\nlink\nsub\na.sh\n");
        assert_eq!(out(&["-F", "d"]), "a.sh*\nb.txt\nlink@\nsub/\n");
        assert_eq!(out(&["-p", "d"]), "a.sh\nb.txt\nlink\nsub/\n");
        let mut sys = tree();
        secure_exec_system::System::chdir(&mut sys, "d").unwrap();
        assert_eq!(ls_in(&mut sys, &[]).1, "a.sh\nb.txt\nlink\nsub\n");
    }

    #[test]
    fn long_format_tells_modes_owners_and_dates() {
        assert_eq!(
            out(&["-l", "d"]),
            "total 16\n\
             -rwxr-xr-x 1 user user  5000 Jan 29  2020 a.sh\n\
             -rw-r--r-- 1 root wheel    6 Mar  4 05:06 b.txt\n\
             lrwxrwxrwx 1 4242 4242     5 Mar  4 05:06 link -> b.txt\n\
             drwxr-xr-x 2 user user  4096 Mar  4 05:06 sub\n"
        );
        assert_eq!(
            out(&["-ln", "d/b.txt"]),
            "-rw-r--r-- 1 0 10 6 Mar  4 05:06 d/b.txt\n"
        );
        assert_eq!(
            out(&["-lh", "d/a.sh"]),
            "-rwxr-xr-x 1 user user 4.9K Jan 29  2020 d/a.sh\n"
        );
        assert_eq!(
            out(&["-go", "d/a.sh"]),
            "-rwxr-xr-x 1 5000 Jan 29  2020 d/a.sh\n"
        );
        assert_eq!(
            out(&["-ld", "d"]),
            "drwxr-xr-x 3 user user 4096 Mar  4 05:06 d\n"
        );
        assert_eq!(
            out(&["-lF", "d/link"]),
            "lrwxrwxrwx 1 4242 4242 5 Mar  4 05:06 d/link -> b.txt\n"
        );
        assert_eq!(out(&["-s", "d/sub"]), "total 4\n4 inner\n");
        assert_eq!(
            out(&["--full-time", "d/b.txt"]),
            "-rw-r--r-- 1 root wheel 6 2021-03-04 05:06:07.000000000 +0000 d/b.txt\n"
        );
        assert_eq!(
            out(&["-l", "--time-style=long-iso", "d/a.sh"]),
            "-rwxr-xr-x 1 user user 5000 2020-01-29 05:06 d/a.sh\n"
        );
        assert_eq!(
            out(&["-go", "--time-style=iso", "d/b.txt", "d/a.sh"]),
            "-rwxr-xr-x 1 5000 2020-01-29  d/a.sh\n-rw-r--r-- 1    6 03-04 05:06 d/b.txt\n"
        );
    }

    #[test]
    fn inode_numbers_are_aligned() {
        let text = out(&["-i", "d/sub", "d/b.txt"]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with(" d/b.txt"));
        assert_eq!(lines[1], "");
        assert_eq!(lines[2], "d/sub:");
    }

    #[test]
    fn several_operands_and_recursion() {
        assert_eq!(
            out(&["d/sub", "d/b.txt", "d/a.sh"]),
            "d/a.sh\nd/b.txt\n\nd/sub:\ninner\n"
        );
        assert_eq!(
            out(&["-R", "d"]),
            "d:\na.sh\nb.txt\nlink\nsub\n\nd/sub:\ninner\n"
        );
        assert_eq!(out(&["d/link"]), "d/link\n");
        assert_eq!(out(&["-d", "d", "d/sub"]), "d\nd/sub\n");
    }

    #[test]
    fn errors_exit_2() {
        let (status, stdout, stderr) = ls_in(&mut tree(), &["nope", "d/b.txt"]);
        assert_eq!(status, 2);
        assert_eq!(stdout, "d/b.txt\n");
        assert_eq!(
            stderr,
            "ls: cannot access 'nope': No such file or directory\n"
        );
        let mut sys = tree();
        sys.set_mode("d/sub", 0o300);
        let (status, _, stderr) = ls_in(&mut sys, &["d/sub"]);
        assert_eq!(
            (status, stderr.as_str()),
            (2, "ls: cannot open directory 'd/sub': Permission denied\n")
        );
        assert_eq!(ls_in(&mut tree(), &["-Z"]).0, 2);
    }
}
