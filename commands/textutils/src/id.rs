//! `id`: the caller's (or a named user's) ids and groups, from the kernel's identity and
//! `/etc/passwd` and `/etc/group`: `-u -g -G -n -r -z`.

use secure_exec_system::{System, user_name};

use crate::Stdio;
use crate::accounts;
use crate::cli::{self, Arg, Parser, Usage};

const HELP: &str = "\
Usage: id [OPTION]... [USER]
Print user and group information for USER, or for the current process.
  -g, --group    print only the effective group ID
  -G, --groups   print all group IDs
  -n, --name     print a name instead of a number, for -ugG
  -r, --real     print the real ID instead of the effective ID, with -ugG
  -u, --user     print only the effective user ID
  -z, --zero     delimit entries with NUL characters, not whitespace
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    User,
    Group,
    Groups,
}

pub fn main(sys: &mut dyn System, io: &mut Stdio<'_>, args: Vec<String>) -> i32 {
    let mut show = Show::All;
    let mut names = false;
    let mut zero = false;
    let mut users = Vec::new();
    let mut parser = Parser::new(args);
    while let Some(arg) = parser.next_arg() {
        match (&arg, arg.long()) {
            (Arg::Operand(user), _) => users.push(user.clone()),
            (_, "help") => return cli::help(io, HELP),
            (Arg::Short('u'), _) | (_, "user") => show = Show::User,
            (Arg::Short('g'), _) | (_, "group") => show = Show::Group,
            (Arg::Short('G'), _) | (_, "groups") => show = Show::Groups,
            (Arg::Short('n'), _) | (_, "name") => names = true,
            (Arg::Short('r'), _) | (_, "real") => {}
            (Arg::Short('z'), _) | (_, "zero") => zero = true,
            _ => return Usage::unknown(&arg).report("id", io, 1),
        }
    }
    if users.len() > 1 {
        return Usage::unknown(&Arg::Operand(users[1].clone())).report("id", io, 1);
    }
    if show == Show::All && (names || zero) {
        cli::error(
            io,
            "id",
            "cannot print only names or real IDs in default format",
        );
        return 1;
    }
    let (name, uid, gid) = match users.first() {
        Some(user) => match accounts::user_entry(sys, user) {
            Some((name, uid, gid)) => (Some(name), uid, gid),
            None => {
                cli::error(io, "id", format_args!("'{user}': no such user"));
                return 1;
            }
        },
        None => {
            let identity = sys.identity();
            (user_name(sys, identity.uid), identity.uid, identity.gid)
        }
    };
    let groups = accounts::groups_of(sys, name.as_deref(), gid);
    let user_text = |sys: &mut dyn System| {
        if names {
            accounts::user_label(sys, uid)
        } else {
            uid.to_string()
        }
    };
    let group_text = |sys: &mut dyn System, gid: u32| {
        if names {
            accounts::group_label(sys, gid)
        } else {
            gid.to_string()
        }
    };
    let end = if zero { "\0" } else { "\n" };
    let text = match show {
        Show::User => user_text(sys) + end,
        Show::Group => group_text(sys, gid) + end,
        Show::Groups => {
            let separator = if zero { "\0" } else { " " };
            let all: Vec<String> = groups.iter().map(|&g| group_text(sys, g)).collect();
            all.join(separator) + end
        }
        Show::All => {
            let labelled = |sys: &mut dyn System, id: u32, group: bool| {
                let name = if group {
                    secure_exec_system::group_name(sys, id)
                } else {
                    secure_exec_system::user_name(sys, id)
                };
                match name {
                    Some(name) => format!("{id}({name})"),
                    None => id.to_string(),
                }
            };
            let group_list: Vec<String> = groups.iter().map(|&g| labelled(sys, g, true)).collect();
            format!(
                "uid={} gid={} groups={}\n",
                labelled(sys, uid, false),
                labelled(sys, gid, true),
                group_list.join(",")
            )
        }
    };
    match io.stdout.write_all(text.as_bytes()) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::main;
    use crate::testing::{FakeSystem, run};

    fn id(args: &[&str]) -> (i32, String) {
        let mut all = vec!["id"];
        all.extend(args);
        let run = run(&mut FakeSystem::new(), main, &all, "");
        (run.status, run.stdout + &run.stderr)
    }

    #[test]
    fn default_format_lists_groups() {
        assert_eq!(
            id(&[]),
            (
                0,
                "uid=1000(user) gid=1000(user) groups=1000(user),10(wheel)\n".into()
            )
        );
        assert_eq!(
            id(&["root"]),
            (0, "uid=0(root) gid=0(root) groups=0(root)\n".into())
        );
    }

    #[test]
    fn single_values() {
        assert_eq!(id(&["-u"]).1, "1000\n");
        assert_eq!(id(&["-un"]).1, "user\n");
        assert_eq!(id(&["-g", "-n"]).1, "user\n");
        assert_eq!(id(&["-G"]).1, "1000 10\n");
        assert_eq!(id(&["-Gn"]).1, "user wheel\n");
        assert_eq!(id(&["-u", "0"]).1, "0\n");
    }

    #[test]
    fn unknown_ids() {
        assert_eq!(id(&["bob"]), (1, "id: 'bob': no such user\n".into()));
        let mut sys = FakeSystem::new();
        sys.identity.uid = 4242;
        sys.identity.gid = 4242;
        assert_eq!(
            run(&mut sys, main, &["id"], "").stdout,
            "uid=4242 gid=4242 groups=4242\n"
        );
    }
}
