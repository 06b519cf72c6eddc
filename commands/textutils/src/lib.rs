//! Utilities the `coreutils` multicall component takes from here rather than from uutils:
//! those uutils cannot provide on WASI (`grep`, `sed`, `find`, `xargs`, ...) and those that
//! must tell the truth about owners, modes and identity, which only the kernel knows
//! (`ls`, `stat`, `chmod`, `id`, ...). Each reads files through [`System`], so the
//! kernel's permission checks apply, and its standard streams through [`Stdio`].

use secure_exec_system::System;

mod accounts;
mod base64;
mod checksum;
mod chmod;
mod cli;
mod comm;
mod du;
mod env;
mod expand;
mod file;
mod find;
mod fold;
mod format;
mod glob;
mod grep;
mod groups;
mod hostname;
mod id;
mod input;
mod kill;
mod ls;
mod mode;
mod nl;
mod nproc;
mod paste;
mod posix_regex;
mod pwd;
mod rev;
mod sed;
mod spawn;
mod stat;
mod tac;
#[cfg(test)]
mod testing;
mod tree;
mod which;
mod whoami;
mod xargs;

/// A utility's standard streams.
pub struct Stdio<'a> {
    pub stdin: &'a mut dyn std::io::Read,
    pub stdout: &'a mut dyn std::io::Write,
    pub stderr: &'a mut dyn std::io::Write,
}

/// A utility's entry point: `args[0]` is its name; the result is its exit status.
pub type Utility = fn(&mut dyn System, &mut Stdio<'_>, Vec<String>) -> i32;

/// Every utility here, by the name it is run as.
pub const UTILITIES: &[(&str, Utility)] = &[
    ("base64", base64::main),
    ("chmod", chmod::main),
    ("comm", comm::main),
    ("du", du::main),
    ("env", env::main),
    ("expand", expand::main),
    ("file", file::main),
    ("find", find::main),
    ("fold", fold::main),
    ("grep", grep::main),
    ("groups", groups::main),
    ("hostname", hostname::main),
    ("id", id::main),
    ("kill", kill::main),
    ("ls", ls::main),
    ("md5sum", checksum::main),
    ("nl", nl::main),
    ("nproc", nproc::main),
    ("paste", paste::main),
    ("pwd", pwd::main),
    ("rev", rev::main),
    ("sed", sed::main),
    ("sha1sum", checksum::main),
    ("sha224sum", checksum::main),
    ("sha256sum", checksum::main),
    ("sha384sum", checksum::main),
    ("sha512sum", checksum::main),
    ("stat", stat::main),
    ("tac", tac::main),
    ("tree", tree::main),
    ("which", which::main),
    ("whoami", whoami::main),
    ("xargs", xargs::main),
];
