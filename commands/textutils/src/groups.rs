//! `groups`: the names of the groups the caller (or each named user) is in, from the
//! kernel's identity, `/etc/passwd` and `/etc/group`.

use secure_exec_system::{System, user_name};

use crate::Stdio;
use crate::accounts;
use crate::cli::{self, Arg, Parser, Usage};

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut users = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match &arg {
            Arg::Operand(user) => users.push(user.clone()),
            Arg::Long(name) if name == "help" => {
                return cli::help(
                    io,
                    "Usage: groups [USER]...\nPrint group memberships for each USER or the current process.\n",
                );
            }
            _ => return Usage::unknown(&arg).report("groups", io, 1),
        }
    }
    let names = |sys: &mut dyn System, user: Option<&str>, gid: u32| -> String {
        let groups = accounts::groups_of(sys, user, gid);
        let names: Vec<String> = groups
            .into_iter()
            .map(|g| accounts::group_label(sys, g))
            .collect();
        names.join(" ")
    };
    if users.is_empty() {
        let identity = sys.identity();
        let user = user_name(sys, identity.uid);
        let text = names(sys, user.as_deref(), identity.gid);
        return i32::from(writeln!(io.stdout, "{text}").is_err());
    }
    let mut status = 0;
    for user in &users {
        match accounts::user_entry(sys, user) {
            Some((name, _, gid)) => {
                let text = names(sys, Some(&name), gid);
                let _ = writeln!(io.stdout, "{user} : {text}");
            }
            None => {
                cli::error(io, "groups", format_args!("'{user}': no such user"));
                status = 1;
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    #[test]
    fn lists_group_names() {
        let mut sys = FakeSystem::new();
        assert_eq!(run(&mut sys, main, &["groups"], "").stdout, "user wheel\n");
        assert_eq!(
            run(&mut sys, main, &["groups", "root", "user"], "").stdout,
            "root : root\nuser : user wheel\n"
        );
        assert_eq!(run(&mut sys, main, &["groups", "bob"], "").status, 1);
    }
}
