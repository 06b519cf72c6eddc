//! `binding('io')`: waiting for descriptors and child processes. `watch` registers interest
//! with the event loop (see `io_watchers`), whose callback runs as a macrotask each time the
//! loop finds the target ready; `poll` waits right now, for synchronous callers such as
//! `spawnSync`.
//!
//! Targets are `(kind, number)`: `'readable'` or `'writable'` with a descriptor, or
//! `'exit'` with a child's pid.

use crate::io_watchers;
use crate::secure_exec::kernel::poll::{self as kpoll, Pollable};
use rquickjs::convert::List;
use rquickjs::{Ctx, Exception, Function, Object, Persistent, Result};
use std::time::Duration;

fn pollable(ctx: &Ctx<'_>, kind: &str, target: u32) -> Result<Pollable> {
    match kind {
        "readable" => Ok(Pollable::Readable(target)),
        "writable" => Ok(Pollable::Writable(target)),
        "exit" => Ok(Pollable::ChildExited(target)),
        _ => Err(Exception::throw_type(
            ctx,
            &format!("unknown watch kind: {kind}"),
        )),
    }
}

/// `timeout_ms` as the kernel's timeout: none (wait forever) when absent, negative or
/// infinite.
fn timeout_ns(timeout_ms: Option<f64>) -> Option<u64> {
    timeout_ms
        .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok())
        .map(io_watchers::duration_ns)
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(
        ctx,
        &o,
        "watch",
        |ctx: Ctx<'js>, kind: String, target: u32, callback: Function<'js>| {
            let pollable = pollable(&ctx, &kind, target)?;
            Ok::<_, rquickjs::Error>(io_watchers::add(pollable, Persistent::save(&ctx, callback)))
        },
    )?;
    super::set_fn(ctx, &o, "unwatch", io_watchers::remove)?;
    super::set_fn(ctx, &o, "setRef", io_watchers::set_ref)?;
    super::set_fn(
        ctx,
        &o,
        "poll",
        |ctx: Ctx<'js>, targets: Vec<List<(String, u32)>>, timeout_ms: Option<f64>| {
            let targets = targets
                .iter()
                .map(|List((kind, target))| pollable(&ctx, kind, *target))
                .collect::<Result<Vec<_>>>()?;
            Ok::<_, rquickjs::Error>(kpoll::poll(&targets, timeout_ns(timeout_ms)))
        },
    )?;
    Ok(o)
}
