//! The shell itself: its state (variables, functions, options, descriptors, jobs), the
//! non-local control flow of `exit`, `return`, `break` and `continue`, subshells (run
//! in-process on a copy of the state), and running source text.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::rc::Rc;

use secure_exec_system::{Errno, Pid, System};

use crate::ast::Command;
use crate::fds::FdTable;
use crate::parser::Parser;
use crate::vars::Variables;

/// How a command's run ended when it did not simply finish with a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// `exit`, a fatal error, or `-e`: leave the shell (or the subshell).
    Exit(i32),
    /// `return` from a function or a sourced file.
    Return(i32),
    /// `break n`: leave this many loops.
    Break(usize),
    /// `continue n`: go on with the loop this many levels out.
    Continue(usize),
}

/// A command's exit status, or the flow that cut it short.
pub type Status = Result<i32, Flow>;

/// The status of a command killed by `SIGPIPE` (writing to a pipe nobody reads).
pub const BROKEN_PIPE_STATUS: i32 = 128 + 13;

/// The options `set` changes: the letter (if any) and the `-o` name.
pub const OPTION_NAMES: &[(Option<char>, &str)] = &[
    (Some('a'), "allexport"),
    (Some('C'), "noclobber"),
    (Some('e'), "errexit"),
    (Some('f'), "noglob"),
    (Some('n'), "noexec"),
    (Some('u'), "nounset"),
    (Some('x'), "xtrace"),
    (None, "pipefail"),
];

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub allexport: bool,
    pub noclobber: bool,
    pub errexit: bool,
    pub noglob: bool,
    pub noexec: bool,
    pub nounset: bool,
    pub xtrace: bool,
    pub pipefail: bool,
}

impl Options {
    /// The option named `name` (as in `set -o name`).
    pub fn flag_mut(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "allexport" => &mut self.allexport,
            "noclobber" => &mut self.noclobber,
            "errexit" => &mut self.errexit,
            "noglob" => &mut self.noglob,
            "noexec" => &mut self.noexec,
            "nounset" => &mut self.nounset,
            "xtrace" => &mut self.xtrace,
            "pipefail" => &mut self.pipefail,
            _ => return None,
        })
    }

    pub fn flag(&self, name: &str) -> bool {
        let mut copy = *self;
        copy.flag_mut(name).is_some_and(|flag| *flag)
    }

    /// The option with letter `letter`.
    pub fn letter_mut(&mut self, letter: char) -> Option<&mut bool> {
        let (_, name) = OPTION_NAMES.iter().find(|(l, _)| *l == Some(letter))?;
        self.flag_mut(name)
    }

    /// Turns on (or off) the options of one cluster of letters, as `-eux` or `+x` give
    /// them. Each `o` takes an option name from the front of `names`; letters that are not
    /// options go to `other`, which says whether it knows them.
    pub fn apply_letters(
        &mut self,
        letters: &str,
        enable: bool,
        names: &mut &[String],
        other: &mut dyn FnMut(char) -> bool,
    ) -> Result<(), String> {
        let sign = if enable { '-' } else { '+' };
        for letter in letters.chars() {
            if letter == 'o' {
                let (name, rest) = names
                    .split_first()
                    .ok_or(format!("{sign}o: option requires an argument"))?;
                *names = rest;
                *self
                    .flag_mut(name)
                    .ok_or(format!("{name}: invalid option name"))? = enable;
            } else if let Some(flag) = self.letter_mut(letter) {
                *flag = enable;
            } else if !other(letter) {
                return Err(format!("{sign}{letter}: invalid option"));
            }
        }
        Ok(())
    }

    /// `$-`: the letters of the options that are on.
    pub fn letters(&self) -> String {
        OPTION_NAMES
            .iter()
            .filter(|(_, name)| self.flag(name))
            .filter_map(|(letter, _)| *letter)
            .collect()
    }
}

/// A background job: a child process, or in-process work that already ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub pid: Pid,
    /// Set when the job has ended and its status is known.
    pub status: Option<i32>,
}

/// How much stack nested function calls, `eval` and `.` may use before the shell
/// refuses to go deeper: well under the 1 MiB a wasm32 program gets by default (a
/// function call costs about 5 KiB).
const STACK_BUDGET: usize = 768 * 1024;

/// Where the stack is now, to measure how much of it the shell uses.
fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Background work that ran inside the shell gets ids from here, far above the
/// kernel's process ids, so `$!` and `wait` work for it too.
pub const IN_PROCESS_JOB_IDS: Pid = 1 << 30;

/// Everything a subshell copies.
#[derive(Debug, Clone)]
pub struct State {
    /// How error messages name the shell (`sh`).
    pub name: String,
    pub vars: Variables,
    /// `$0`
    pub script_name: String,
    pub positional: Vec<String>,
    pub functions: HashMap<String, Rc<Command>>,
    pub options: Options,
    pub last_status: i32,
    pub last_background: Option<Pid>,
    pub jobs: Vec<Job>,
    pub next_in_process_job: Pid,
    pub fds: FdTable,
    /// `trap ... EXIT`
    pub exit_trap: Option<String>,
    /// Handlers for other signals: accepted and listed, never run (signals end the shell).
    pub other_traps: BTreeMap<String, String>,
    /// `$$`: the shell's pid, the same in subshells.
    pub pid: Pid,
    /// The logical working directory (`$PWD`); the kernel's is kept the same.
    pub cwd: String,
    pub umask: u32,
    /// The line of the command running, for `$LINENO`.
    pub line: usize,
    pub loop_depth: usize,
    pub function_depth: usize,
    pub source_depth: usize,
    /// Above zero while a condition runs (`if`, `while`, `&&` ...), where `-e` is off.
    pub condition_depth: usize,
    /// The status of the last command substitution of the current command.
    pub substitution_status: Option<i32>,
    /// Set when a builtin's output could not be written.
    pub write_failed: bool,
    /// `getopts`: the `OPTIND` it last set and the position inside that argument.
    pub getopts_cursor: (String, usize),
    pub random_state: u32,
    /// The stack position when the shell started.
    pub stack_base: usize,
}

pub struct Shell<'s> {
    pub sys: &'s mut dyn System,
    pub state: State,
}

impl<'s> Shell<'s> {
    pub fn new(
        sys: &'s mut dyn System,
        name: String,
        script_name: String,
        env: Vec<(String, String)>,
    ) -> Shell<'s> {
        let identity = sys.identity();
        let umask = sys.umask(0o022);
        sys.umask(umask);
        let mut vars = Variables::from_environment(env);
        let cwd = initial_directory(sys, vars.get("PWD"));
        let defaults = [
            ("PWD", cwd.clone(), true),
            ("IFS", " \t\n".to_string(), false),
            ("PPID", identity.ppid.to_string(), false),
            ("OPTIND", "1".to_string(), false),
        ];
        for (name, value, export) in defaults {
            vars.set(name, value, export)
                .expect("nothing is readonly yet");
        }
        Shell {
            sys,
            state: State {
                name,
                vars,
                script_name,
                positional: Vec::new(),
                functions: HashMap::new(),
                options: Options::default(),
                last_status: 0,
                last_background: None,
                jobs: Vec::new(),
                next_in_process_job: IN_PROCESS_JOB_IDS,
                fds: FdTable::standard(),
                exit_trap: None,
                other_traps: BTreeMap::new(),
                pid: identity.pid,
                cwd,
                umask,
                line: 1,
                loop_depth: 0,
                function_depth: 0,
                source_depth: 0,
                condition_depth: 0,
                substitution_status: None,
                write_failed: false,
                getopts_cursor: ("1".to_string(), 0),
                random_state: identity.pid.wrapping_mul(2_654_435_761) | 1,
                stack_base: stack_position(),
            },
        }
    }

    /// Prints `sh: message` on standard error.
    pub fn report(&mut self, message: impl Display) {
        let text = format!("{}: {message}\n", self.state.name);
        let _ = self.state.fds.write(self.sys, 2, text.as_bytes());
    }

    /// Writes a builtin's output to the shell's descriptor `fd`. Writing to a pipe nobody
    /// reads ends the (sub)shell as `SIGPIPE` would; other failures are reported and make
    /// the builtin fail.
    pub fn write_fd(&mut self, fd: u32, data: &[u8]) -> Result<(), Flow> {
        match self.state.fds.write(self.sys, fd, data) {
            Ok(()) => Ok(()),
            Err(Errno::Epipe) => Err(Flow::Exit(BROKEN_PIPE_STATUS)),
            Err(error) => {
                if fd != 2 {
                    self.report(format_args!("write error: {error}"));
                }
                self.state.write_failed = true;
                Ok(())
            }
        }
    }

    pub fn print(&mut self, text: &str) -> Result<(), Flow> {
        self.write_fd(1, text.as_bytes())
    }

    /// Whether `what` may nest one level deeper; if not, says so.
    pub fn may_nest(&mut self, what: &str) -> bool {
        if stack_position().abs_diff(self.state.stack_base) < STACK_BUDGET {
            return true;
        }
        self.report(format_args!("{what}: maximum nesting level exceeded"));
        false
    }

    /// Marks the current command as running a condition while `body` runs.
    pub fn in_condition<T>(&mut self, body: impl FnOnce(&mut Self) -> T) -> T {
        self.state.condition_depth += 1;
        let result = body(self);
        self.state.condition_depth -= 1;
        result
    }

    /// A copy of the state for a subshell: traps are not inherited, and the descriptors
    /// this shell opened stay its own to close.
    pub fn subshell_state(&self) -> State {
        let mut state = self.state.clone();
        state.fds = self.state.fds.for_subshell();
        state.exit_trap = None;
        state.other_traps.clear();
        state
    }

    /// Runs `body` in a subshell: on a copy of the state, so nothing it changes (variables,
    /// directory, umask, descriptors) reaches this shell. Returns its exit status.
    pub fn subshell(&mut self, body: impl FnOnce(&mut Shell) -> Status) -> i32 {
        let state = self.subshell_state();
        self.run_subshell(state, body)
    }

    /// Runs `body` as a subshell whose state is `state`.
    pub fn run_subshell(&mut self, state: State, body: impl FnOnce(&mut Shell) -> Status) -> i32 {
        let mut child = Shell {
            sys: &mut *self.sys,
            state,
        };
        let result = body(&mut child);
        let status = child.finish(result);
        let mut child_state = child.state;
        child_state.fds.release_all(self.sys);
        if child_state.cwd != self.state.cwd {
            let _ = self.sys.chdir(&self.state.cwd);
        }
        if child_state.umask != self.state.umask {
            self.sys.umask(self.state.umask);
        }
        status
    }

    /// The exit status `result` leaves, after the `EXIT` trap has run.
    pub fn finish(&mut self, result: Status) -> i32 {
        let status = match result {
            Ok(status) | Err(Flow::Exit(status) | Flow::Return(status)) => status,
            Err(Flow::Break(_) | Flow::Continue(_)) => self.state.last_status,
        };
        let Some(handler) = self.state.exit_trap.take() else {
            return status;
        };
        self.state.last_status = status;
        match self.run_text(&handler) {
            Err(Flow::Exit(code)) => code,
            _ => status,
        }
    }

    /// Parses and runs `text` one complete command at a time. A syntax error stops it
    /// with status 2.
    pub fn run_text(&mut self, text: &str) -> Status {
        let mut parser = Parser::new(text, 1, true);
        let mut status = 0;
        loop {
            match parser.next_command() {
                Ok(Some(program)) => {
                    if self.state.options.noexec {
                        continue;
                    }
                    status = self.run_program(&program)?;
                }
                Ok(None) => return Ok(status),
                Err(error) => {
                    self.report(error);
                    self.state.last_status = 2;
                    return Ok(2);
                }
            }
        }
    }

    /// Sets a variable, reporting a readonly one. `allexport` exports it.
    pub fn assign(&mut self, name: &str, value: String) -> Result<(), ()> {
        let export = self.state.options.allexport;
        match self.state.vars.set(name, value, export) {
            Ok(()) => Ok(()),
            Err(error) => {
                self.report(format_args!("{}: readonly variable", error.0));
                Err(())
            }
        }
    }

    /// The next `$RANDOM`: 0 to 32767.
    pub fn next_random(&mut self) -> u32 {
        let mut x = self.state.random_state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.state.random_state = x;
        x % 32768
    }
}

/// `$PWD` if it names the directory the kernel says the process is in, else the kernel's
/// path.
fn initial_directory(sys: &mut dyn System, pwd: Option<&str>) -> String {
    let cwd = sys.cwd();
    if let Some(pwd) = pwd.filter(|pwd| pwd.starts_with('/'))
        && let (Ok(a), Ok(b)) = (sys.stat(pwd), sys.stat(&cwd))
        && (a.dev, a.ino) == (b.dev, b.ino)
    {
        return pwd.to_string();
    }
    cwd
}
