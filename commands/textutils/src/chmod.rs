//! `chmod`: change permission bits through the kernel, with octal or symbolic modes
//! (`u+x,go-w`, `a=r`, `-w`), `--reference`, `-R` (symlinks met on the way are skipped),
//! `-v`, `-c` and `-f`.

use secure_exec_system::{FileKind, System};

use crate::Stdio;
use crate::cli::{self, Usage, join};
use crate::mode;

const HELP: &str = "\
Usage: chmod [OPTION]... MODE[,MODE]... FILE...
  or:  chmod [OPTION]... OCTAL-MODE FILE...
  or:  chmod [OPTION]... --reference=RFILE FILE...
Change the mode of each FILE to MODE.
  -c, --changes          like verbose but report only when a change is made
  -f, --silent, --quiet  suppress most error messages
  -v, --verbose          output a diagnostic for every file processed
  -R, --recursive        change files and directories recursively
      --reference=RFILE  use RFILE's mode instead of MODE values
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Report {
    Errors,
    Silent,
    Changes,
    Verbose,
}

struct Chmod {
    report: Report,
    recursive: bool,
    umask: u32,
    failed: bool,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut chmod = Chmod {
        report: Report::Errors,
        recursive: false,
        umask: 0,
        failed: false,
    };
    let mut reference = None;
    let mut operands = Vec::new();
    let mut only_operands = false;
    for arg in args.into_iter().skip(1) {
        if only_operands || !arg.starts_with('-') || arg == "-" {
            operands.push(arg);
            continue;
        }
        if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                _ if long.is_empty() => only_operands = true,
                Some(("reference", file)) => reference = Some(file.to_string()),
                None if long == "help" => return cli::help(io, HELP),
                None if long == "recursive" => chmod.recursive = true,
                None if long == "verbose" => chmod.report = Report::Verbose,
                None if long == "changes" => chmod.report = Report::Changes,
                None if long == "silent" || long == "quiet" => chmod.report = Report::Silent,
                _ => return Usage(format!("unrecognized option '{arg}'")).report("chmod", io, 1),
            }
            continue;
        }
        let letters = &arg[1..];
        if letters.chars().all(|c| "Rvcf".contains(c)) {
            for letter in letters.chars() {
                match letter {
                    'R' => chmod.recursive = true,
                    'v' => chmod.report = Report::Verbose,
                    'c' => chmod.report = Report::Changes,
                    _ => chmod.report = Report::Silent,
                }
            }
        } else {
            // `-w`, `-rwx`: a mode, not options.
            operands.push(arg);
        }
    }
    let spec = match reference {
        Some(file) => match sys.stat(&file) {
            Ok(stat) => format!("{:o}", stat.permissions()),
            Err(errno) => {
                cli::error(
                    io,
                    "chmod",
                    format_args!("failed to get attributes of '{file}': {errno}"),
                );
                return 1;
            }
        },
        None if operands.is_empty() => {
            return Usage("missing operand".into()).report("chmod", io, 1);
        }
        None => operands.remove(0),
    };
    if operands.is_empty() {
        return Usage(format!("missing operand after '{spec}'")).report("chmod", io, 1);
    }
    if mode::apply(&spec, 0, false, 0).is_none() {
        cli::error(io, "chmod", format_args!("invalid mode: '{spec}'"));
        return 1;
    }
    chmod.umask = sys.umask(0o022);
    sys.umask(chmod.umask);
    for file in &operands {
        chmod.change(sys, io, &spec, file, true);
    }
    i32::from(chmod.failed)
}

impl Chmod {
    fn fail(&mut self, io: &mut Stdio<'_>, message: impl std::fmt::Display) {
        self.failed = true;
        if self.report != Report::Silent {
            cli::error(io, "chmod", message);
        }
    }

    fn change(
        &mut self,
        sys: &mut dyn System,
        io: &mut Stdio<'_>,
        spec: &str,
        path: &str,
        top: bool,
    ) {
        let stat = match if top { sys.stat(path) } else { sys.lstat(path) } {
            Ok(stat) => stat,
            Err(errno) => return self.fail(io, format_args!("cannot access '{path}': {errno}")),
        };
        if stat.kind() == FileKind::Symlink {
            return;
        }
        let old = stat.permissions();
        let new = mode::apply(spec, old, stat.is_dir(), self.umask).unwrap_or(old);
        if let Err(errno) = sys.chmod(path, new) {
            self.fail(
                io,
                format_args!("changing permissions of '{path}': {errno}"),
            );
        } else if new != old && matches!(self.report, Report::Verbose | Report::Changes) {
            let _ = writeln!(
                io.stdout,
                "mode of '{path}' changed from {old:04o} ({}) to {new:04o} ({})",
                &mode::mode_string(old)[1..],
                &mode::mode_string(new)[1..]
            );
        } else if new == old && self.report == Report::Verbose {
            let _ = writeln!(
                io.stdout,
                "mode of '{path}' retained as {old:04o} ({})",
                &mode::mode_string(old)[1..]
            );
        }
        if self.recursive && stat.is_dir() {
            match sys.read_dir(path) {
                Ok(mut entries) => {
                    entries.sort_by(|a, b| a.name.cmp(&b.name));
                    for entry in entries {
                        self.change(sys, io, spec, &join(path, &entry.name), false);
                    }
                }
                Err(errno) => {
                    self.fail(io, format_args!("cannot read directory '{path}': {errno}"))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn sys() -> FakeSystem {
        let mut sys = FakeSystem::new();
        sys.add_file("f", "")
            .add_file("d/g", "")
            .add_symlink("f", "d/link");
        sys
    }

    #[test]
    fn octal_and_symbolic() {
        let mut sys = sys();
        assert_eq!(run(&mut sys, main, &["chmod", "750", "f"], "").status, 0);
        assert_eq!(sys.mode("f"), 0o750);
        run(&mut sys, main, &["chmod", "u-w,o+r", "f"], "");
        assert_eq!(sys.mode("f"), 0o554);
        run(&mut sys, main, &["chmod", "-x", "f"], "");
        assert_eq!(sys.mode("f"), 0o444);
        run(&mut sys, main, &["chmod", "--reference=d", "f"], "");
        assert_eq!(sys.mode("f"), 0o755);
    }

    #[test]
    fn recursive_skips_symlinks_and_reports() {
        let mut sys = sys();
        let result = run(&mut sys, main, &["chmod", "-Rv", "go-rx", "d"], "");
        assert_eq!(
            result.stdout,
            "mode of 'd' changed from 0755 (rwxr-xr-x) to 0700 (rwx------)\n\
             mode of 'd/g' changed from 0644 (rw-r--r--) to 0600 (rw-------)\n"
        );
        assert_eq!(sys.mode("d/link"), 0o777);
        assert_eq!(
            run(&mut sys, main, &["chmod", "-v", "600", "d/g"], "").stdout,
            "mode of 'd/g' retained as 0600 (rw-------)\n"
        );
        assert_eq!(
            run(&mut sys, main, &["chmod", "-c", "600", "d/g"], "").stdout,
            ""
        );
    }

    #[test]
    fn errors() {
        let mut sys = sys();
        let result = run(&mut sys, main, &["chmod", "644", "/etc/passwd", "nope"], "");
        assert_eq!(result.status, 1);
        assert_eq!(
            result.stderr,
            "chmod: changing permissions of '/etc/passwd': Operation not permitted\n\
             chmod: cannot access 'nope': No such file or directory\n"
        );
        assert_eq!(
            run(&mut sys, main, &["chmod", "-f", "644", "nope"], "").stderr,
            ""
        );
        assert_eq!(
            run(&mut sys, main, &["chmod", "zz", "f"], "").stderr,
            "chmod: invalid mode: 'zz'\n"
        );
        assert_eq!(run(&mut sys, main, &["chmod", "644"], "").status, 1);
    }
}
