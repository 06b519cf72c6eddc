//! Booting the engine (QuickJS and the Node surface, shared by every run of an instance's
//! snapshot) and running one process on it: bind the process, evaluate the entry, drive
//! the event loop, and report the outcome (exit code, `__return` value, uncaught error).

use crate::bindings::{STATE, binding_function, compile_function};
use crate::event_loop::{self, Stop, internal_error};
use crate::module_loader::{ModuleLoader, ModuleResolver, hook, set_import_meta};
use crate::{Entry, JsError, ModuleResolution, Outcome, Platform, Source};
use rquickjs::promise::{PromiseHookType, PromiseState};
use rquickjs::{Context, Ctx, Module, Object, Promise, Runtime, Value};
use std::cell::{Cell, OnceCell};

/// Shadow stack a script may use before its recursion is stopped. QuickJS-NG disables its
/// own stack check on WASI, so the engine's interrupt handler (called every 10,000 JS calls
/// or loop iterations) measures the stack instead; it also stops `node:vm` scripts that run
/// past their `timeout`. A JS frame takes about 280 bytes, so 4 MiB is ~15,000 frames (Node
/// allows ~11,000), and the 8 MiB shadow stack (set at link time in `.cargo/config.toml`)
/// leaves room for the 10,000 calls between checks.
const STACK_BUDGET_BYTES: usize = 4 << 20;
/// Node's exit code when the entry module's top-level await never settles.
const EXIT_UNSETTLED_TOP_LEVEL_AWAIT: u8 = 13;
/// Node's exit code when an `'uncaughtException'` listener throws.
const EXIT_HANDLER_FAILED: u8 = 7;

/// QuickJS booted with the Node surface: made once per instance by [`init`] (during
/// pre-initialization) or by the first [`run`].
struct Booted {
    runtime: Runtime,
    context: Context,
    /// Why the bootstrap failed, reported by `run` (a broken build, never guest input).
    boot_error: Option<JsError>,
}

thread_local! {
    static ENGINE: OnceCell<Booted> = const { OnceCell::new() };
    /// The shadow stack address where the current run started.
    static STACK_TOP: Cell<usize> = const { Cell::new(0) };
}

pub fn init() {
    ENGINE.with(|engine| {
        engine.get_or_init(boot_engine);
    });
}

fn boot_engine() -> Booted {
    let runtime = Runtime::new().expect("QuickJS runtime");
    runtime.set_interrupt_handler(Some(Box::new(|| {
        let used = STACK_TOP.with(Cell::get).saturating_sub(stack_pointer());
        let overflowed = used > STACK_BUDGET_BYTES;
        if overflowed {
            STATE.with(|s| s.borrow_mut().stack_overflowed = true);
        }
        overflowed || crate::bindings::deadline_passed()
    })));
    runtime.set_loader(ModuleResolver, ModuleLoader);
    runtime.set_host_promise_rejection_tracker(Some(Box::new(track_rejection)));
    runtime.set_promise_hook(Some(Box::new(promise_hook)));
    let context = Context::full(&runtime).expect("QuickJS context");
    let boot_error = context.with(|ctx| boot(&ctx)).err();
    Booted {
        runtime,
        context,
        boot_error,
    }
}

pub fn run(entry: Entry) -> Outcome {
    STACK_TOP.with(|top| top.set(stack_pointer()));
    ENGINE.with(|engine| run_booted(engine.get_or_init(boot_engine), &entry))
}

fn run_booted(booted: &Booted, entry: &Entry) -> Outcome {
    let Booted {
        runtime,
        context,
        boot_error,
    } = booted;
    let mut result = match boot_error {
        Some(error) => Err(Stop::Fatal(error.clone())),
        None => context.with(|ctx| start_process(&ctx, entry)),
    };
    // Lower platforms run the entry in a realm of their own that holds only their tier's
    // globals; the builtins keep running in the node realm, where `process` lives.
    let realm = match (&result, entry.platform) {
        (Ok(()), Platform::Node) | (Err(_), _) => None,
        (Ok(()), platform) => match create_realm(runtime, context, platform) {
            Ok(realm) => Some(realm),
            Err(error) => {
                result = Err(Stop::Fatal(error));
                None
            }
        },
    };
    let mut entry_promise = None;
    if result.is_ok() {
        result = realm
            .as_ref()
            .unwrap_or(context)
            .with(|ctx| {
                start_entry(&ctx, entry).map(|p| p.map(|p| rquickjs::Persistent::save(&ctx, p)))
            })
            .map(|p| entry_promise = p);
    }
    if result.is_ok() {
        result = event_loop::run(runtime, context);
    }
    let mut outcome = Outcome {
        exit_code: 0,
        result_json: None,
        error: None,
    };
    match result {
        Ok(()) => {
            outcome.exit_code = context.with(|ctx| settle_entry(&ctx, entry_promise, &mut outcome));
        }
        Err(Stop::Exit) => {}
        Err(Stop::Fatal(error)) => {
            // The 'exit' listeners (already run if the exception went through
            // `process._handleUncaught`) may have changed `process.exitCode`.
            let code = context.with(|ctx| emit_exit(&ctx, 1, &mut outcome));
            fail(context, &mut outcome, error, code)
        }
        Err(Stop::HandlerFailed(error)) => fail(context, &mut outcome, error, EXIT_HANDLER_FAILED),
    }
    STATE.with(|s| {
        let mut state = s.borrow_mut();
        if let Some(code) = state.exit_code {
            outcome.exit_code = code;
        }
        outcome.result_json = state.result_json.take();
        state.hooks = None;
    });
    crate::io_watchers::clear();
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
    bootstrap
        .call::<_, Value>((binding_function(ctx).map_err(catch)?,))
        .map_err(catch)?;
    crate::bindings::install_math_random(ctx).map_err(catch)
}

/// Binds the booted engine to this process: fresh randomness, then `process` and the
/// clocks (`internal/bootstrap`'s `startProcess`).
fn start_process(ctx: &Ctx<'_>, entry: &Entry) -> Result<(), Stop> {
    crate::bindings::reseed_math_random();
    let resolution = match entry.module_resolution {
        ModuleResolution::Node => "node",
        ModuleResolution::Relative => "relative",
        ModuleResolution::None => "none",
    };
    let allowed = entry.allowed_builtins.clone();
    let conditions = entry.conditions.clone();
    let exec_argv = entry.exec_argv.clone();
    let started = hook(ctx, "startProcess")
        .and_then(|f| f.call::<_, ()>((resolution, allowed, conditions, exec_argv)));
    match started {
        Ok(()) => Ok(()),
        Err(rquickjs::Error::Exception) => {
            Err(Stop::Fatal(crate::js_error::describe(ctx, &ctx.catch())))
        }
        Err(e) => Err(Stop::Fatal(internal_error(e))),
    }
}

fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Node => "node",
        Platform::Browser => "browser",
        Platform::Neutral => "neutral",
        Platform::Bare => "bare",
    }
}

/// A fresh realm holding the ECMAScript globals plus `platform`'s tier of the node realm's
/// globals (`internal/platforms`).
fn create_realm(runtime: &Runtime, node: &Context, platform: Platform) -> Result<Context, JsError> {
    let realm = Context::full(runtime).map_err(internal_error)?;
    let global = realm.with(|ctx| rquickjs::Persistent::save(&ctx, ctx.globals()));
    node.with(|ctx| {
        let populate = hook(&ctx, "populateRealm")?;
        let global: Object = global.restore(&ctx)?;
        populate.call::<_, ()>((global, platform_name(platform)))
    })
    .map_err(internal_error)?;
    Ok(realm)
}

/// Evaluates the entry. ES modules return their evaluation promise.
fn start_entry<'js>(ctx: &Ctx<'js>, entry: &Entry) -> Result<Option<Promise<'js>>, Stop> {
    let prepared: Result<Object, _> = hook(ctx, "prepareEntry").and_then(|f| {
        f.call((
            entry.filename.clone(),
            source_text(entry),
            platform_name(entry.platform),
        ))
    });
    let prepared = match prepared {
        Ok(p) => p,
        Err(rquickjs::Error::Exception) => return event_loop::on_exception(ctx).map(|()| None),
        Err(e) => return Err(Stop::Fatal(internal_error(e))),
    };
    let format: String = prepared
        .get("format")
        .map_err(|e| Stop::Fatal(internal_error(e)))?;
    if format != "module" {
        let run: rquickjs::Function = prepared
            .get("run")
            .map_err(|e| Stop::Fatal(internal_error(e)))?;
        return event_loop::call(ctx, &run).map(|()| None);
    }
    let source: String = prepared
        .get("source")
        .map_err(|e| Stop::Fatal(internal_error(e)))?;
    // The file the entry resolved to (`node app` may run app.mjs).
    let filename: String = prepared
        .get("filename")
        .map_err(|e| Stop::Fatal(internal_error(e)))?;
    let evaluated = Module::declare(ctx.clone(), filename.clone(), source).and_then(|module| {
        set_import_meta(ctx, &module, &filename)?;
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
                let _ = hook(ctx, "writeStderr")
                    .and_then(|f| f.call::<_, ()>((format!("{message}\n"),)));
                return emit_exit(ctx, EXIT_UNSETTLED_TOP_LEVEL_AWAIT, outcome);
            }
            PromiseState::Resolved => {}
        }
    }
    emit_exit(ctx, 0, outcome)
}

/// Runs the `'exit'` listeners and returns the final exit code; a listener that throws
/// fails the process with its error, as in Node.
fn emit_exit(ctx: &Ctx<'_>, code: u8, outcome: &mut Outcome) -> u8 {
    match hook(ctx, "emitExit").and_then(|f| f.call::<_, u8>((code,))) {
        Ok(code) => code,
        Err(rquickjs::Error::Exception) => {
            let error = crate::js_error::describe(ctx, &ctx.catch());
            if STATE.with(|s| s.borrow().exit_code.is_some()) {
                return code;
            }
            report_fatal(ctx, &error);
            outcome.error = Some(error);
            1
        }
        Err(_) => code,
    }
}

/// Ends the run with `error`, reported as Node reports it, and exit code `code`.
fn fail(context: &Context, outcome: &mut Outcome, error: JsError, code: u8) {
    context.with(|ctx| report_fatal(&ctx, &error));
    outcome.exit_code = code;
    outcome.error = Some(error);
}

/// Prints an uncaught error to stderr as Node does.
fn report_fatal(ctx: &Ctx<'_>, error: &JsError) {
    let text = crate::js_error::uncaught_report(error).unwrap_or_else(|| error.stack.clone());
    let _ = hook(ctx, "writeStderr").and_then(|f| f.call::<_, ()>((format!("{text}\n"),)));
}

/// QuickJS reports a promise's creation (with the promise `then` was called on), its
/// fulfillment, and the start and end of a thenable's `then` job; while the JS side asks
/// for them (`setPromiseHooks`) they go to `internal/promise_hooks`, which catches what its
/// listeners throw.
fn promise_hook<'js>(
    ctx: Ctx<'js>,
    kind: PromiseHookType,
    promise: Value<'js>,
    parent: Value<'js>,
) {
    if !STATE.with(|s| s.borrow().promise_hooks) {
        return;
    }
    let kind = match kind {
        PromiseHookType::Init => "init",
        PromiseHookType::Before => "before",
        PromiseHookType::After => "after",
        PromiseHookType::Resolve => "settled",
    };
    let _ = hook(&ctx, "promiseHook").and_then(|f| f.call::<_, ()>((kind, promise, parent)));
}

/// QuickJS reports every rejection without a handler and every late handler; the JS side
/// keeps the set and raises what is still unhandled after the microtask queue drains.
fn track_rejection<'js>(ctx: Ctx<'js>, promise: Value<'js>, reason: Value<'js>, handled: bool) {
    let _ = hook(&ctx, "trackRejection").and_then(|f| f.call::<_, ()>((promise, reason, handled)));
}
