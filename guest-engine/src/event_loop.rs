//! The event loop, Node's phases in miniature: after every macrotask the `nextTick` queue
//! and the promise job queue are drained; then due timers run one at a time, then the
//! immediates queued so far, then I/O: the loop blocks in the kernel's `poll` on every
//! I/O watcher (`io_watchers`) until one is ready or the next timer is due (without
//! blocking when immediates just ran), and runs the ready watchers' callbacks. With no
//! watchers the same `poll` is the sleep until the next timer. It ends when no ref'd
//! timer, immediate or watcher remains (and `'beforeExit'` listeners add none), on
//! `process.exit`, or on an uncaught error.

use crate::JsError;
use crate::bindings::STATE;
use crate::bindings::monotonic_ns;
use crate::io_watchers;
use crate::js_error::describe;
use crate::module_loader::hook;
use rquickjs::{Context, Ctx, Function, Persistent, Runtime, Value};
use std::time::Duration;

/// Why the loop stopped early.
pub enum Stop {
    /// `process.exit()` was called.
    Exit,
    /// An exception or rejection nobody handled.
    Fatal(JsError),
    /// An `'uncaughtException'` listener threw this while handling another exception.
    HandlerFailed(JsError),
}

pub type LoopResult = Result<(), Stop>;

/// Handles the exception just thrown in `ctx`: `process.exit` unwinding, an
/// `'uncaughtException'` listener, or a fatal error.
pub fn on_exception(ctx: &Ctx<'_>) -> LoopResult {
    let error = ctx.catch();
    if STATE.with(|s| s.borrow().exit_code.is_some()) {
        return Err(Stop::Exit);
    }
    if STATE.with(|s| s.borrow().stack_overflowed) {
        return Err(Stop::Fatal(stack_overflow()));
    }
    let handled = hook(ctx, "handleUncaught")
        .and_then(|f| f.call::<_, bool>((error.clone(), "uncaughtException")));
    match handled {
        Ok(true) => Ok(()),
        Ok(false) => Err(Stop::Fatal(describe(ctx, &error))),
        Err(_) if STATE.with(|s| s.borrow().exit_code.is_some()) => Err(Stop::Exit),
        Err(_) => Err(Stop::HandlerFailed(describe(ctx, &ctx.catch()))),
    }
}

/// Calls `f` as a macrotask and handles what it throws.
pub fn call(ctx: &Ctx<'_>, f: &Function<'_>) -> LoopResult {
    call_reporting_throw(ctx, f).map(|_| ())
}

/// Calls `f` as a macrotask; whether it threw an exception that a listener handled.
fn call_reporting_throw(ctx: &Ctx<'_>, f: &Function<'_>) -> Result<bool, Stop> {
    match f.call::<_, Value>(()) {
        Ok(_) => Ok(false),
        Err(rquickjs::Error::Exception) => on_exception(ctx).map(|()| true),
        Err(e) => Err(Stop::Fatal(internal_error(e))),
    }
}

/// Calls a function saved across `Context::with` scopes; whether it threw (and a listener
/// handled the exception).
fn call_saved(context: &Context, f: &Persistent<Function<'static>>) -> Result<bool, Stop> {
    context.with(|ctx| match f.clone().restore(&ctx) {
        Ok(f) => call_reporting_throw(&ctx, &f),
        Err(e) => Err(Stop::Fatal(internal_error(e))),
    })
}

/// Node's error for runaway recursion. Unlike Node's, it cannot be caught: the engine
/// stops the script through QuickJS's (uncatchable) interrupt.
fn stack_overflow() -> JsError {
    let message = "Maximum call stack size exceeded";
    JsError {
        name: "RangeError".into(),
        message: message.into(),
        stack: format!("RangeError: {message}"),
        code: None,
    }
}

pub fn internal_error(error: rquickjs::Error) -> JsError {
    JsError {
        name: "InternalError".into(),
        message: error.to_string(),
        stack: format!("InternalError: {error}"),
        code: None,
    }
}

/// Calls a loop hook of `internal/bootstrap`. Hooks run guest callbacks (ticks, timers),
/// so an exception is the guest's; when a listener handles it the hook's answer is the
/// empty default and the loop asks again.
fn call_hook<'js, R: rquickjs::FromJs<'js> + Default>(
    ctx: &Ctx<'js>,
    name: &str,
) -> Result<R, Stop> {
    match hook(ctx, name).and_then(|f| f.call::<_, R>(())) {
        Ok(value) => Ok(value),
        Err(rquickjs::Error::Exception) => on_exception(ctx).map(|()| R::default()),
        Err(e) => Err(Stop::Fatal(internal_error(e))),
    }
}

/// Drains `nextTick` callbacks and promise jobs until both queues are empty, then reports
/// promise rejections that are still unhandled.
pub fn drain(runtime: &Runtime, context: &Context) -> LoopResult {
    loop {
        context.with(|ctx| call_hook::<()>(&ctx, "runTicks"))?;
        let mut ran_job = false;
        while runtime.is_job_pending() {
            ran_job = true;
            if let Err(exception) = runtime.execute_pending_job() {
                exception.0.with(|ctx| on_exception(&ctx))?;
            }
        }
        let ticks_pending = context.with(|ctx| call_hook::<bool>(&ctx, "hasTicks"))?;
        if !ran_job && !ticks_pending {
            break;
        }
    }
    context.with(|ctx| call_hook::<()>(&ctx, "processRejections"))
}

/// Runs the loop until no ref'd work remains.
pub fn run(runtime: &Runtime, context: &Context) -> LoopResult {
    STATE.with(|s| s.borrow_mut().loop_start_ns = Some(monotonic_ns()));
    let result = run_loop(runtime, context);
    STATE.with(|s| s.borrow_mut().loop_exit_ns = Some(monotonic_ns()));
    result
}

fn run_loop(runtime: &Runtime, context: &Context) -> LoopResult {
    loop {
        STATE.with(|s| s.borrow_mut().loop_count += 1);
        drain(runtime, context)?;
        // As in libuv, an iteration starts only while ref'd work remains: unref'd timers
        // and immediates never run on their own.
        if !work_remains(context)? {
            // Node's 'beforeExit': its listeners may schedule more work, which keeps
            // the loop going; the process ends once they schedule none.
            if !context.with(|ctx| call_hook::<bool>(&ctx, "emitBeforeExit"))? {
                return Ok(());
            }
            drain(runtime, context)?;
            if !work_remains(context)? {
                return Ok(());
            }
            continue;
        }
        run_due_timers(runtime, context)?;
        let ran_immediates = run_immediates(runtime, context)?;
        let timeout = if ran_immediates {
            // Immediates may have queued more work: look at I/O without waiting.
            Some(Duration::ZERO)
        } else if !work_remains(context)? {
            // The timers that ran were the last ref'd work: end (or 'beforeExit') above.
            continue;
        } else {
            let delay: f64 = context.with(|ctx| call_hook(&ctx, "nextTimerDelay"))?;
            (delay >= 0.0).then(|| Duration::from_secs_f64(delay / 1000.0))
        };
        let waited_from = monotonic_ns();
        let ready = io_watchers::wait(timeout);
        let idle = monotonic_ns().saturating_sub(waited_from);
        STATE.with(|s| {
            let mut state = s.borrow_mut();
            state.loop_idle_ns += idle;
            state.loop_events += ready.len() as u64;
            state.loop_events_waiting = ready.len() as u64;
        });
        for id in ready {
            STATE.with(|s| s.borrow_mut().loop_events_waiting -= 1);
            // An earlier callback of this batch may have removed the watcher.
            if let Some(callback) = io_watchers::callback(id) {
                call_saved(context, &callback)?;
                drain(runtime, context)?;
            }
        }
    }
}

/// Whether a ref'd timer, immediate or I/O watcher keeps the process alive.
fn work_remains(context: &Context) -> Result<bool, Stop> {
    let timers_alive = context.with(|ctx| call_hook::<bool>(&ctx, "hasRefedTimers"))?;
    Ok(timers_alive || io_watchers::any_refed())
}

/// Runs the due timers one at a time, draining after each.
fn run_due_timers(runtime: &Runtime, context: &Context) -> LoopResult {
    while let Some(timer) = context.with(|ctx| {
        call_hook::<Option<Function>>(&ctx, "takeDueTimer")
            .map(|t| t.map(|f| Persistent::save(&ctx, f)))
    })? {
        call_saved(context, &timer)?;
        drain(runtime, context)?;
    }
    Ok(())
}

/// Runs the immediates queued so far, draining after each; whether there were any.
fn run_immediates(runtime: &Runtime, context: &Context) -> Result<bool, Stop> {
    let immediates = context.with(|ctx| {
        call_hook::<Vec<Function>>(&ctx, "takeImmediates").map(|list| {
            list.into_iter()
                .map(|f| Persistent::save(&ctx, f))
                .collect::<Vec<_>>()
        })
    })?;
    // Ticks and microtasks drain after each immediate, except after one that threw: as in
    // Node, the next immediate runs first.
    let last = immediates.len().saturating_sub(1);
    for (index, immediate) in immediates.iter().enumerate() {
        let threw = call_saved(context, immediate)?;
        if !threw || index == last {
            drain(runtime, context)?;
        }
    }
    Ok(!immediates.is_empty())
}
