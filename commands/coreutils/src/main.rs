//! Every command guests run, in one WASI command component: `sh` (written here), the
//! uutils coreutils that build for WASI, and the utilities written here for what uutils
//! cannot do on WASI or must learn from the kernel (owners, modes, processes). The kernel
//! starts it with `argv[0]` set to the command's name, which picks the program.
//!
//! `commands.txt` lists the names; the host installs each as `/bin/<name>`.

mod kernel;

use secure_exec_textutils::Stdio;
use std::ffi::OsString;
use std::io::Write;

/// Runs uutils' `name` if it is one of the uutils commands built in.
fn uutils(name: &str, args: Vec<OsString>) -> Option<i32> {
    macro_rules! dispatch {
        ($($command:literal => $krate:ident),* $(,)?) => {
            match name {
                $($command => Some($krate::uumain(args.into_iter())),)*
                _ => None,
            }
        };
    }
    dispatch! {
        "basename" => uu_basename, "cat" => uu_cat, "cp" => uu_cp, "cut" => uu_cut,
        "date" => uu_date, "dirname" => uu_dirname, "echo" => uu_echo,
        "expr" => uu_expr, "false" => uu_false, "head" => uu_head, "ln" => uu_ln,
        "mkdir" => uu_mkdir, "mktemp" => uu_mktemp, "mv" => uu_mv, "printf" => uu_printf,
        "readlink" => uu_readlink, "realpath" => uu_realpath, "rm" => uu_rm,
        "rmdir" => uu_rmdir, "seq" => uu_seq, "sleep" => uu_sleep, "sort" => uu_sort,
        "tail" => uu_tail, "tee" => uu_tee, "test" => uu_test, "[" => uu_test,
        "touch" => uu_touch, "tr" => uu_tr, "true" => uu_true, "uname" => uu_uname,
        "uniq" => uu_uniq, "wc" => uu_wc, "yes" => uu_yes,
    }
}

fn run(name: &str, args: Vec<OsString>) -> i32 {
    let mut system = kernel::Kernel;
    if name == "sh" {
        let args = args
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        return secure_exec_shell::main(&mut system, args, std::env::vars().collect());
    }
    if let Some(&(_, utility)) = secure_exec_textutils::UTILITIES
        .iter()
        .find(|(n, _)| *n == name)
    {
        let args = args
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let (stdin, stdout, stderr) = (std::io::stdin(), std::io::stdout(), std::io::stderr());
        let mut stdout = std::io::BufWriter::new(stdout.lock());
        let code = utility(
            &mut system,
            &mut Stdio {
                stdin: &mut stdin.lock(),
                stdout: &mut stdout,
                stderr: &mut stderr.lock(),
            },
            args,
        );
        let _ = stdout.flush();
        return code;
    }
    if let Some(code) = uutils(name, args) {
        return code;
    }
    eprintln!("{name}: command not found");
    127
}

fn main() {
    // wasi-libc keeps its own working directory for relative paths; start it at the
    // kernel's.
    let _ = std::env::set_current_dir(kernel::cwd());
    let args: Vec<OsString> = std::env::args_os().collect();
    let name = args
        .first()
        .map(|a| {
            a.to_string_lossy()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_default();
    let code = run(&name, args);
    let _ = std::io::stdout().flush();
    kernel::exit(code);
}
