//! One run of the engine: boot QuickJS and the Node surface, evaluate the entry, drive the
//! event loop, and report the outcome (exit code, `__return` value, uncaught error).

use crate::bindings::{STATE, binding_function, compile_function};
use crate::event_loop::{self, Stop, internal_error};
use crate::module_loader::{ModuleLoader, ModuleResolver, hook, set_import_meta};
use crate::{Entry, JsError, Outcome, Source};
use rquickjs::{Context, Ctx, Module, Object, Promise, Runtime, Value, promise::PromiseState};

/// Shadow stack a script may use before its recursion is stopped. QuickJS-NG disables its
/// own stack check on WASI, so the engine's interrupt handler (called every 10,000 JS calls
/// or loop iterations) measures the stack instead. A JS frame takes about 280 bytes, so
/// 4 MiB is ~15,000 frames (Node allows ~11,000), and the 8 MiB shadow stack (set at link
/// time in `.cargo/config.toml`) leaves room for the 10,000 calls between checks.
const STACK_BUDGET_BYTES: usize = 4 << 20;
/// Node's exit code when the entry module's top-level await never settles.
const EXIT_UNSETTLED_TOP_LEVEL_AWAIT: u8 = 13;

pub fn run(entry: Entry) -> Outcome {
    let runtime = Runtime::new().expect("QuickJS runtime");
    let stack_top = stack_pointer();
    runtime.set_interrupt_handler(Some(Box::new(move || {
        let overflowed = stack_top.saturating_sub(stack_pointer()) > STACK_BUDGET_BYTES;
        if overflowed {
            STATE.with(|s| s.borrow_mut().stack_overflowed = true);
        }
        overflowed
    })));
    runtime.set_loader(ModuleResolver, ModuleLoader);
    runtime.set_host_promise_rejection_tracker(Some(Box::new(track_rejection)));
    let context = Context::full(&runtime).expect("QuickJS context");

    let mut result = context.with(|ctx| boot(&ctx)).map_err(Stop::Fatal);
    let mut entry_promise = None;
    if result.is_ok() {
        result = context.with(|ctx| {
            start_entry(&ctx, &entry).map(|p| p.map(|p| rquickjs::Persistent::save(&ctx, p)))
        })
        .map(|p| entry_promise = p);
    }
    if result.is_ok() {
        result = event_loop::run(&runtime, &context);
    }
    let mut outcome = Outcome { exit_code: 0, result_json: None, error: None };
    match result {
        Ok(()) => {
            outcome.exit_code = context.with(|ctx| settle_entry(&ctx, entry_promise, &mut outcome));
        }
        Err(Stop::Exit) => {}
        Err(Stop::Fatal(error)) => {
            context.with(|ctx| report_fatal(&ctx, &error));
            outcome.exit_code = 1;
            outcome.error = Some(error);
        }
    }
    STATE.with(|s| {
        let mut state = s.borrow_mut();
        if let Some(code) = state.exit_code {
            outcome.exit_code = code;
        }
        outcome.result_json = state.result_json.take();
        state.hooks = None;
    });
    outcome
}

/// The current shadow stack address (the stack grows down).
#[inline(never)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Runs `internal/bootstrap`, which installs the globals and registers the loop hooks.
fn boot(ctx: &Ctx<'_>) -> Result<(), JsError> {
    let catch = |e: rquickjs::Error| match e {
        rquickjs::Error::Exception => crate::js_error::describe(ctx, &ctx.catch()),
        e => internal_error(e),
    };
    let bootstrap = compile_function(
        ctx,
        crate::bindings::builtin_source("internal/bootstrap").expect("bootstrap is embedded"),
        "node:internal/bootstrap",
        &["binding"],
        true,
    )
    .map_err(catch)?;
    bootstrap.call::<_, Value>((binding_function(ctx).map_err(catch)?,)).map_err(catch)?;
    Ok(())
}

/// Evaluates the entry. ES modules return their evaluation promise.
fn start_entry<'js>(ctx: &Ctx<'js>, entry: &Entry) -> Result<Option<Promise<'js>>, Stop> {
    let prepared: Result<Object, _> =
        hook(ctx, "prepareEntry").and_then(|f| f.call((entry.filename.clone(), source_text(entry))));
    let prepared = match prepared {
        Ok(p) => p,
        Err(rquickjs::Error::Exception) => return event_loop::on_exception(ctx).map(|()| None),
        Err(e) => return Err(Stop::Fatal(internal_error(e))),
    };
    let format: String = prepared.get("format").map_err(|e| Stop::Fatal(internal_error(e)))?;
    if format != "module" {
        let run: rquickjs::Function = prepared.get("run").map_err(|e| Stop::Fatal(internal_error(e)))?;
        return event_loop::call(ctx, &run).map(|()| None);
    }
    let source: String = prepared.get("source").map_err(|e| Stop::Fatal(internal_error(e)))?;
    let evaluated = Module::declare(ctx.clone(), entry.filename.clone(), source).and_then(|module| {
        set_import_meta(ctx, &module, &entry.filename)?;
        module.eval()
    });
    match evaluated {
        Ok((_, promise)) => Ok(Some(promise)),
        Err(rquickjs::Error::Exception) => event_loop::on_exception(ctx).map(|()| None),
        Err(e) => Err(Stop::Fatal(internal_error(e))),
    }
}

fn source_text(entry: &Entry) -> Option<String> {
    match &entry.source {
        Source::Code(code) => Some(code.clone()),
        Source::Path(_) => None,
    }
}

/// After the loop: the entry module's promise decides between success, an uncaught
/// rejection and an unsettled top-level await; then `'exit'` listeners run.
fn settle_entry(
    ctx: &Ctx<'_>,
    promise: Option<rquickjs::Persistent<Promise<'static>>>,
    outcome: &mut Outcome,
) -> u8 {
    if let Some(promise) = promise.and_then(|p| p.restore(ctx).ok()) {
        match promise.state() {
            PromiseState::Rejected => {
                let _ = promise.result::<Value>();
                let reason = ctx.catch();
                let error = crate::js_error::describe(ctx, &reason);
                report_fatal(ctx, &error);
                outcome.error = Some(error);
                return 1;
            }
            PromiseState::Pending => {
                let message = "Warning: Detected unsettled top-level await";
                let _ = hook(ctx, "writeStderr").and_then(|f| f.call::<_, ()>((format!("{message}\n"),)));
                return emit_exit(ctx, EXIT_UNSETTLED_TOP_LEVEL_AWAIT);
            }
            PromiseState::Resolved => {}
        }
    }
    emit_exit(ctx, 0)
}

fn emit_exit(ctx: &Ctx<'_>, code: u8) -> u8 {
    hook(ctx, "emitExit").and_then(|f| f.call::<_, u8>((code,))).unwrap_or(code)
}

/// Prints an uncaught error to stderr as Node does.
fn report_fatal(ctx: &Ctx<'_>, error: &JsError) {
    let _ = hook(ctx, "writeStderr").and_then(|f| f.call::<_, ()>((format!("{}\n", error.stack),)));
}

/// QuickJS reports every rejection without a handler and every late handler; the JS side
/// keeps the set and raises what is still unhandled after the microtask queue drains.
fn track_rejection<'js>(ctx: Ctx<'js>, promise: Value<'js>, reason: Value<'js>, handled: bool) {
    let _ = hook(&ctx, "trackRejection")
        .and_then(|f| f.call::<_, ()>((promise, reason, handled)));
}
