//! `binding('child_process')`: the kernel's process table as `node:child_process` uses it:
//! starting a child on given descriptors, reaping it, and sending signals. Signals cross
//! as Linux numbers (what `os.constants.signals` holds) and come back as Node's names
//! (`'SIGTERM'`); errors are thrown with the errno name in `code`.

use crate::js_error::throw_errno;
use crate::secure_exec::kernel::poll as kpoll;
use crate::secure_exec::kernel::process::{self as kprocess, ExitStatus, Signal, SpawnRequest};
use crate::secure_exec::kernel::types::Errno;
use rquickjs::{Ctx, Object, Result, Value};

/// The signals the kernel delivers, with their Linux numbers and Node's names.
const SIGNALS: [(Signal, i32, &str); 9] = [
    (Signal::Sighup, 1, "SIGHUP"),
    (Signal::Sigint, 2, "SIGINT"),
    (Signal::Sigquit, 3, "SIGQUIT"),
    (Signal::Sigkill, 9, "SIGKILL"),
    (Signal::Sigusr1, 10, "SIGUSR1"),
    (Signal::Sigusr2, 12, "SIGUSR2"),
    (Signal::Sigpipe, 13, "SIGPIPE"),
    (Signal::Sigalrm, 14, "SIGALRM"),
    (Signal::Sigterm, 15, "SIGTERM"),
];

fn signal_name(signal: Signal) -> &'static str {
    SIGNALS
        .iter()
        .find(|(known, _, _)| *known == signal)
        .map(|(_, _, name)| *name)
        .expect("every kernel signal is in SIGNALS")
}

fn signal_from_number(number: i32) -> Option<Signal> {
    SIGNALS
        .iter()
        .find(|(_, known, _)| *known == number)
        .map(|(signal, _, _)| *signal)
}

/// The spawn request `node:child_process` builds: `{ argv, env: ['K=V', ...], cwd, stdin,
/// stdout, stderr, extraFds, detached }`.
fn spawn_request(request: &Object<'_>) -> Result<SpawnRequest> {
    let env: Vec<String> = request.get("env")?;
    let env = env
        .into_iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (pair, String::new()),
        })
        .collect();
    Ok(SpawnRequest {
        argv: request.get("argv")?,
        env,
        cwd: request.get("cwd")?,
        stdin: request.get("stdin")?,
        stdout: request.get("stdout")?,
        stderr: request.get("stderr")?,
        extra_fds: request.get("extraFds")?,
        new_process_group: request.get("detached")?,
    })
}

/// `{ pid, code, signal }` of a reaped child: the exit code, or the name of the signal
/// that ended it (the other one is null).
fn exit_info<'js>(ctx: &Ctx<'js>, pid: u32, status: ExitStatus) -> Result<Object<'js>> {
    let info = Object::new(ctx.clone())?;
    info.set("pid", pid)?;
    match status {
        ExitStatus::Exited(code) => {
            info.set("code", code)?;
            info.set("signal", rquickjs::Null)?;
        }
        ExitStatus::Signaled(signal) => {
            info.set("code", rquickjs::Null)?;
            info.set("signal", signal_name(signal))?;
        }
    }
    Ok(info)
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(ctx, &o, "spawn", |ctx: Ctx<'js>, request: Object<'js>| {
        let request = spawn_request(&request)?;
        kprocess::spawn(&request).map_err(|e| throw_errno(&ctx, e))
    })?;
    // Reaps `pid`: its `{ pid, code, signal }`, or null when `noHang` and it is still running.
    super::set_fn(
        ctx,
        &o,
        "wait",
        |ctx: Ctx<'js>, pid: u32, no_hang: bool| -> Result<Value<'js>> {
            match kprocess::wait(Some(pid), no_hang) {
                Ok(Some((pid, status))) => exit_info(&ctx, pid, status).map(Object::into_value),
                Ok(None) => Ok(Value::new_null(ctx)),
                Err(errno) => Err(throw_errno(&ctx, errno)),
            }
        },
    )?;
    // Sends signal number `signal` to `target` (a process group when negative); `EINVAL`
    // for a signal the kernel does not deliver.
    super::set_fn(
        ctx,
        &o,
        "kill",
        |ctx: Ctx<'js>, target: i32, signal: i32| {
            let signal =
                signal_from_number(signal).ok_or_else(|| throw_errno(&ctx, Errno::Einval))?;
            kprocess::kill(target, signal).map_err(|e| throw_errno(&ctx, e))
        },
    )?;
    // Ends this process with signal number `signal`: the kernel marks the signal pending and
    // ends the process at its next wait, so the call waits on nothing until then. `EINVAL`
    // (without ending anything) for a signal the kernel does not deliver.
    super::set_fn(
        ctx,
        &o,
        "raise",
        |ctx: Ctx<'js>, signal: i32| -> Result<()> {
            let signal =
                signal_from_number(signal).ok_or_else(|| throw_errno(&ctx, Errno::Einval))?;
            let pid = kprocess::get_identity().pid;
            kprocess::kill(pid as i32, signal).map_err(|e| throw_errno(&ctx, e))?;
            loop {
                kpoll::poll(&[], None);
            }
        },
    )?;
    Ok(o)
}
