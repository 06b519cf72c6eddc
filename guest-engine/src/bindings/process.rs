//! `binding('process')`: identity, working directory, arguments, environment, clocks,
//! memory figures and the stdio writes behind `process.stdout`/`stderr` and `console`
//! (to the kernel's descriptors 1 and 2).

use crate::js_error::throw_errno;
use crate::secure_exec::kernel::filesystem as kfs;
use crate::secure_exec::kernel::process as kprocess;
use crate::secure_exec::kernel::types::Errno;
use rquickjs::{BigInt, Ctx, Object, Result, TypedArray, Value};
use std::cell::Cell;
use std::time::Instant;

thread_local! {
    /// The monotonic origin of `process.hrtime`, set when the process starts (not at
    /// pre-initialization, whose clock belongs to another host process).
    static CLOCK_ORIGIN: Cell<Option<Instant>> = const { Cell::new(None) };
}
/// Offset added to the monotonic clock so `hrtime` values look like a long-running host's
/// uptime (Node's are arbitrary too) rather than starting near zero.
const HRTIME_OFFSET_NS: u64 = 1_000_000_000_000;

pub(crate) fn monotonic_ns() -> u64 {
    let origin = CLOCK_ORIGIN.with(|cell| {
        let origin = cell.get().unwrap_or_else(Instant::now);
        cell.set(Some(origin));
        origin
    });
    HRTIME_OFFSET_NS + origin.elapsed().as_nanos() as u64
}

/// Writes bytes (or a string) to descriptor 1 or 2 of the kernel, all of it before
/// returning (synchronous, as Node's stdio is for files and pipes).
fn write_stdio<'js>(ctx: Ctx<'js>, fd: u32, data: Value<'js>) -> Result<()> {
    if fd != 1 && fd != 2 {
        return Err(rquickjs::Exception::throw_range(&ctx, "fd must be 1 or 2"));
    }
    let text;
    let array;
    let mut bytes: &[u8] = if let Some(s) = data.as_string() {
        text = s.to_string()?;
        text.as_bytes()
    } else {
        array = TypedArray::<u8>::from_value(data)?;
        super::bytes(&array)
    };
    while !bytes.is_empty() {
        let written = match kfs::write(fd, bytes, None) {
            Ok(0) => Err(Errno::Eio),
            result => result,
        };
        let written = written.map_err(|e| throw_errno(&ctx, e))? as usize;
        bytes = &bytes[written.min(bytes.len())..];
    }
    Ok(())
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    // Identity, arguments and environment are functions, read when the process starts:
    // values captured while the binding loads would be frozen into a pre-initialized
    // snapshot and shared by every process.
    super::set_fn(
        ctx,
        &o,
        "identity",
        |ctx: Ctx<'js>| -> Result<Object<'js>> {
            let identity = kprocess::get_identity();
            let info = Object::new(ctx)?;
            info.set("pid", identity.pid)?;
            info.set("ppid", identity.ppid)?;
            info.set("uid", identity.uid)?;
            info.set("gid", identity.gid)?;
            info.set("execPath", identity.exec_path)?;
            info.set("hostname", identity.hostname)?;
            Ok(info)
        },
    )?;
    super::set_fn(ctx, &o, "startClock", || {
        CLOCK_ORIGIN.with(|origin| origin.set(Some(Instant::now())));
    })?;
    super::set_fn(ctx, &o, "argv", || std::env::args().collect::<Vec<_>>())?;
    super::set_fn(ctx, &o, "env", |ctx: Ctx<'js>| -> Result<Object<'js>> {
        let env = Object::new(ctx)?;
        for (key, value) in std::env::vars() {
            env.set(key, value)?;
        }
        Ok(env)
    })?;
    super::set_fn(ctx, &o, "cwd", kprocess::cwd)?;
    super::set_fn(ctx, &o, "chdir", |ctx: Ctx<'js>, path: String| {
        kprocess::chdir(&path).map_err(|e| throw_errno(&ctx, e))
    })?;
    super::set_fn(ctx, &o, "umask", |mask: u32| kprocess::umask(mask))?;
    super::set_fn(ctx, &o, "hrtime", |ctx: Ctx<'js>| {
        BigInt::from_u64(ctx, monotonic_ns())
    })?;
    super::set_fn(
        ctx,
        &o,
        "memoryUsage",
        |ctx: Ctx<'js>| -> Result<Object<'js>> {
            let heap = memory_pages() * 65536;
            let usage = Object::new(ctx.clone())?;
            usage.set("rss", heap as f64)?;
            usage.set("heapTotal", heap as f64)?;
            usage.set("heapUsed", used_heap_estimate(&ctx))?;
            usage.set("external", 0)?;
            usage.set("arrayBuffers", 0)?;
            Ok(usage)
        },
    )?;
    super::set_fn(ctx, &o, "writeStdio", write_stdio)?;
    Ok(o)
}

/// Linear memory size in 64 KiB pages.
fn memory_pages() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Bytes QuickJS reports as allocated for this runtime.
fn used_heap_estimate(ctx: &Ctx<'_>) -> f64 {
    // SAFETY: a plain C struct of integers, all-zero is valid.
    let mut usage: rquickjs::qjs::JSMemoryUsage = unsafe { std::mem::zeroed() };
    // SAFETY: the runtime outlives the context borrowed here; QuickJS fills the struct.
    unsafe {
        let rt = rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr());
        rquickjs::qjs::JS_ComputeMemoryUsage(rt, &mut usage);
    }
    usage.malloc_size as f64
}
