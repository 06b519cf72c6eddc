//! `binding('engine')`: what the engine's JavaScript reports back to the Rust side: the
//! `__return` value, `process.exit`, the event-loop hooks, and a full garbage collection
//! (`gc()` under `--expose-gc`).

use rquickjs::{Ctx, Exception, Object, Persistent, Result, Value, qjs};
use std::cell::RefCell;

/// Per-instance state shared between the natives and the event loop.
#[derive(Default)]
pub struct EngineState {
    /// JSON text handed to `globalThis.__return`.
    pub result_json: Option<String>,
    /// Set by `process.exit(code)`; the loop stops as soon as it sees it.
    pub exit_code: Option<u8>,
    /// Set when the interrupt handler stopped runaway recursion.
    pub stack_overflowed: bool,
    /// Whether the engine's promise lifecycle events go to the `promiseHook` loop hook
    /// (`v8.promiseHooks`, `async_hooks` while they watch promises).
    pub promise_hooks: bool,
    /// The object of event-loop hooks installed by `internal/bootstrap`.
    pub hooks: Option<Persistent<Object<'static>>>,
    /// The realm that installed the hooks (the main one), by address: imports made from
    /// any other realm (a `vm` context, a `ShadowRealm`) see no builtins and no CommonJS.
    pub main_realm: Option<usize>,
    /// The event loop's milestones on the `process.hrtime` clock (ns): when it started
    /// and ended, and how long it waited idle in the kernel's `poll` (`perf_hooks`).
    pub loop_start_ns: Option<u64>,
    pub loop_exit_ns: Option<u64>,
    pub loop_idle_ns: u64,
    /// libuv's `uv_metrics_info`: loop iterations, I/O events seen, and events reported
    /// ready by `poll` whose callbacks have not run yet.
    pub loop_count: u64,
    pub loop_events: u64,
    pub loop_events_waiting: u64,
}

thread_local! {
    pub static STATE: RefCell<EngineState> = RefCell::new(EngineState::default());
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    super::set_fn(ctx, &object, "setReturn", |json: String| {
        STATE.with(|s| s.borrow_mut().result_json = Some(json));
    })?;
    super::set_fn(
        ctx,
        &object,
        "setHooks",
        |ctx: Ctx<'js>, hooks: Object<'js>| {
            let main_realm = ctx.as_raw().as_ptr() as usize;
            let hooks = Persistent::save(&ctx, hooks);
            STATE.with(|s| {
                let mut state = s.borrow_mut();
                state.hooks = Some(hooks);
                state.main_realm = Some(main_realm);
            });
        },
    )?;
    super::set_fn(ctx, &object, "exit", exit)?;
    super::set_fn(ctx, &object, "setPromiseHooks", |enabled: bool| {
        STATE.with(|s| s.borrow_mut().promise_hooks = enabled);
    })?;
    super::set_fn(
        ctx,
        &object,
        "loopTiming",
        |ctx: Ctx<'js>| -> Result<Object<'js>> {
            let timing = Object::new(ctx)?;
            STATE.with(|s| -> Result<()> {
                let state = s.borrow();
                let ms = |ns: Option<u64>| ns.map_or(-1.0, |ns| ns as f64 / 1e6);
                timing.set("loopStart", ms(state.loop_start_ns))?;
                timing.set("loopExit", ms(state.loop_exit_ns))?;
                timing.set("idleTime", state.loop_idle_ns as f64 / 1e6)?;
                timing.set("loopCount", state.loop_count as f64)?;
                timing.set("events", state.loop_events as f64)?;
                timing.set("eventsWaiting", state.loop_events_waiting as f64)
            })?;
            Ok(timing)
        },
    )?;
    super::set_fn(ctx, &object, "collectGarbage", |ctx: Ctx<'js>| {
        // SAFETY: the runtime of a live context; no JS value is held across the call.
        unsafe { qjs::JS_RunGC(qjs::JS_GetRuntime(ctx.as_raw().as_ptr())) };
    })?;
    // Caps the bytes the JS heap may allocate (0: no cap); past it, allocations throw
    // QuickJS's "out of memory" InternalError. A worker's `resourceLimits`.
    super::set_fn(
        ctx,
        &object,
        "setMemoryLimit",
        |ctx: Ctx<'js>, bytes: f64| {
            // SAFETY: the runtime of a live context; only a field of its allocator changes.
            unsafe {
                qjs::JS_SetMemoryLimit(qjs::JS_GetRuntime(ctx.as_raw().as_ptr()), bytes as _)
            };
        },
    )?;
    Ok(object)
}

/// Ends the process: records the code and throws an uncatchable error that unwinds every
/// JS frame back to the event loop (a `try/finally` in the guest cannot swallow it).
/// Only a callback the engine calls without a way to unwind (a promise hook) can outlive
/// it; the first code stays the exit code all the same.
fn exit<'js>(ctx: Ctx<'js>, code: i32) -> Result<Value<'js>> {
    STATE.with(|s| {
        s.borrow_mut().exit_code.get_or_insert(code as u8);
    });
    let error = Exception::from_message(ctx.clone(), "process.exit")?.into_value();
    // SAFETY: `error` is a live object of this context; QuickJS only flags it.
    unsafe { qjs::JS_SetUncatchableError(ctx.as_raw().as_ptr(), error.as_raw()) };
    Err(ctx.throw(error))
}
