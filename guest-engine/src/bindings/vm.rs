//! `binding('vm')`: the natives behind `node:vm`. A vm context is a separate QuickJS realm
//! (`JS_NewContext` on the engine's one runtime); each realm gets its own `evaluate`, a C
//! function bound to it, which compiles and runs a script there with a filename and a first
//! line number, under an optional deadline (the `timeout` option). The engine's interrupt
//! handler asks [`deadline_passed`] and stops the script; `evaluate` turns the uncatchable
//! interrupt back into an ordinary exception and flags it for `takeTimedOut`. `evaluate` can
//! also hand back the QuickJS bytecode a script compiles to, which is what `node:vm` uses as
//! its code cache. A realm's other natives (`checkModule`, `prepareModule`,
//! `syntheticModule`) and the module natives of the binding are in `vm_module`.

use super::STATE;
use rquickjs::{ArrayBuffer, Ctx, Error, Exception, FromJs, IntoJs, Object, Result, Value, qjs};
use std::cell::{Cell, RefCell};
use std::ffi::{CString, c_int};
use std::ptr::NonNull;
use std::time::{Duration, Instant};

thread_local! {
    /// Deadlines of the timed evaluations on the stack, innermost last.
    static DEADLINES: RefCell<Vec<Instant>> = const { RefCell::new(Vec::new()) };
    /// Set when an evaluation was stopped by its own deadline; cleared by `takeTimedOut`.
    static TIMED_OUT: Cell<bool> = const { Cell::new(false) };
}

/// Whether a timed evaluation has run past its deadline (asked by the interrupt handler).
pub fn deadline_passed() -> bool {
    DEADLINES.with(|deadlines| {
        let deadlines = deadlines.borrow();
        if deadlines.is_empty() {
            return false;
        }
        let now = Instant::now();
        deadlines.iter().any(|deadline| now >= *deadline)
    })
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    // SAFETY: `ctx` is the live context this binding is created in.
    unsafe { set_realm_natives(ctx, ctx.as_raw().as_ptr(), &object) }?;
    super::set_fn(ctx, &object, "createRealm", create_realm)?;
    super::vm_module::set_natives(ctx, &object)?;
    super::set_fn(ctx, &object, "takeTimedOut", || {
        TIMED_OUT.with(|t| t.replace(false))
    })?;
    Ok(object)
}

/// A fresh realm with the ECMAScript globals: `{ global, evaluate, checkModule,
/// prepareModule, syntheticModule }` (see [`REALM_NATIVES`]). The realm has no owner on the Rust side;
/// its functions keep it alive, and the runtime's cycle collector frees it with the last
/// of them.
fn create_realm<'js>(ctx: Ctx<'js>) -> Result<Object<'js>> {
    let result = Object::new(ctx.clone())?;
    // SAFETY: the new context belongs to this runtime, which the caller holds; values of
    // one runtime may move between its contexts. The creation reference is released once
    // the realm's functions hold their own.
    unsafe {
        let runtime = qjs::JS_GetRuntime(ctx.as_raw().as_ptr());
        let realm = qjs::JS_NewContext(runtime);
        if realm.is_null() {
            return Err(Error::Allocation);
        }
        let global = Value::from_raw(ctx.clone(), qjs::JS_GetGlobalObject(realm));
        let natives = set_realm_natives(&ctx, realm, &result);
        qjs::JS_FreeContext(realm);
        natives?;
        result.set("global", global)?;
    }
    Ok(result)
}

/// A native whose C function belongs to a realm: QuickJS switches to the function's realm
/// when it is called, so `ctx` is that realm (code compiles against its globals).
type RealmNative = for<'js> fn(&Ctx<'js>, &[Value<'js>]) -> Result<Value<'js>>;

/// The natives each realm gets, with their names and declared lengths.
const REALM_NATIVES: [(&std::ffi::CStr, RealmNative, c_int); 4] = [
    (c"evaluate", evaluate, 7),
    (c"checkModule", super::vm_module::check, 4),
    (c"prepareModule", super::vm_module::prepare, 5),
    (c"syntheticModule", super::vm_module::synthetic, 3),
];

/// Sets the natives of `realm` (see [`REALM_NATIVES`]) on `object`.
///
/// # Safety
/// `realm` must be a live context of `ctx`'s runtime.
unsafe fn set_realm_natives<'js>(
    ctx: &Ctx<'js>,
    realm: *mut qjs::JSContext,
    object: &Object<'js>,
) -> Result<()> {
    let entries: [qjs::JSCFunction; 4] = [
        Some(realm_native_entry::<0>),
        Some(realm_native_entry::<1>),
        Some(realm_native_entry::<2>),
        Some(realm_native_entry::<3>),
    ];
    for ((name, _, length), entry) in REALM_NATIVES.iter().zip(entries) {
        // SAFETY: per the contract above; the name is a static NUL-terminated string.
        let function = unsafe {
            qjs::JS_NewCFunction2(
                realm,
                entry,
                name.as_ptr(),
                *length,
                qjs::JSCFunctionEnum_JS_CFUNC_generic,
                0,
            )
        };
        // SAFETY: `function` is owned (or the exception marker, checked first).
        let function = unsafe {
            if qjs::JS_IsException(function) {
                return Err(Error::Exception);
            }
            Value::from_raw(ctx.clone(), function)
        };
        object.set(name.to_str().map_err(|_| Error::Unknown)?, function)?;
    }
    Ok(())
}

unsafe extern "C" fn realm_native_entry<const N: usize>(
    ctx: *mut qjs::JSContext,
    _this: qjs::JSValue,
    argc: c_int,
    argv: *mut qjs::JSValue,
) -> qjs::JSValue {
    // SAFETY: QuickJS calls with the function's live realm and `argc` borrowed arguments,
    // which are duplicated before being wrapped; the result is handed over owned.
    unsafe {
        let ctx = Ctx::from_raw(NonNull::new_unchecked(ctx));
        let args: Vec<Value> = (0..argc.max(0) as usize)
            .map(|i| {
                Value::from_raw(
                    ctx.clone(),
                    qjs::JS_DupValue(ctx.as_raw().as_ptr(), *argv.add(i)),
                )
            })
            .collect();
        match (REALM_NATIVES[N].1)(&ctx, &args) {
            Ok(value) => {
                let raw = qjs::JS_DupValue(ctx.as_raw().as_ptr(), value.as_raw());
                drop(value);
                raw
            }
            Err(Error::Exception) => qjs::JS_EXCEPTION,
            Err(error) => {
                let _ = Exception::throw_internal(&ctx, &error.to_string());
                qjs::JS_EXCEPTION
            }
        }
    }
}

/// `evaluate(source, filename, lineNumber, timeoutMs, compileOnly, allowAwait, bytecode)`:
/// runs `source` as a classic (sloppy) script in the current realm, its first line numbered
/// `lineNumber`; with `compileOnly` it only reports syntax errors, and with `bytecode` as
/// well it returns the compiled script's bytecode (an ArrayBuffer). With `allowAwait` the
/// script may use top-level `await` and the result is a promise of `{ value }`, `value`
/// being the script's completion value (the REPL's top-level await).
fn evaluate<'js>(ctx: &Ctx<'js>, args: &[Value<'js>]) -> Result<Value<'js>> {
    let arg = |i: usize| {
        args.get(i)
            .cloned()
            .unwrap_or_else(|| Value::new_undefined(ctx.clone()))
    };
    // QuickJS reads `len` bytes (NULs included) and wants one more, a terminating NUL.
    let mut source = String::from_js(ctx, arg(0))?.into_bytes();
    let len = source.len();
    source.push(0);
    let filename = CString::new(String::from_js(ctx, arg(1))?.replace('\0', "\u{FFFD}"))?;
    let line = i32::from_js(ctx, arg(2))?;
    let timeout = Option::<f64>::from_js(ctx, arg(3))?;
    let compile_only = Option::<bool>::from_js(ctx, arg(4))?.unwrap_or(false);
    let allow_await = Option::<bool>::from_js(ctx, arg(5))?.unwrap_or(false);
    let bytecode = Option::<bool>::from_js(ctx, arg(6))?.unwrap_or(false);
    let mut eval_flags = qjs::JS_EVAL_TYPE_GLOBAL;
    if compile_only {
        eval_flags |= qjs::JS_EVAL_FLAG_COMPILE_ONLY;
    }
    if allow_await {
        eval_flags |= qjs::JS_EVAL_FLAG_ASYNC;
    }
    let mut options = qjs::JSEvalOptions {
        version: qjs::JS_EVAL_OPTIONS_VERSION as c_int,
        eval_flags: eval_flags as c_int,
        filename: filename.as_ptr(),
        line_num: line,
    };
    let raw_ctx = ctx.as_raw().as_ptr();
    // SAFETY: `source` is NUL-terminated and outlives the call, as do `filename`/`options`.
    let (result, deadline) = with_deadline(timeout, || unsafe {
        qjs::JS_Eval2(raw_ctx, source.as_ptr().cast(), len as _, &mut options)
    });
    // SAFETY: `result` is owned; the exception, when taken, is thrown back unchanged
    // apart from its uncatchable flag.
    unsafe {
        if !qjs::JS_IsException(result) {
            let value = Value::from_raw(ctx.clone(), result);
            if compile_only && bytecode {
                return serialize_bytecode(ctx, &value);
            }
            return Ok(if compile_only {
                Value::new_undefined(ctx.clone())
            } else {
                value
            });
        }
        let exception = qjs::JS_GetException(raw_ctx);
        release_if_timed_out(raw_ctx, deadline, exception);
        qjs::JS_Throw(raw_ctx, exception);
    }
    Err(Error::Exception)
}

/// Runs `f` with a deadline `timeout` milliseconds from now (none without a timeout), the
/// interrupt handler stopping it there; returns what `f` returned and the deadline.
pub(super) fn with_deadline<T>(
    timeout: Option<f64>,
    f: impl FnOnce() -> T,
) -> (T, Option<Instant>) {
    let deadline = timeout.map(|ms| Instant::now() + Duration::from_secs_f64(ms.max(0.0) / 1e3));
    if let Some(deadline) = deadline {
        DEADLINES.with(|d| d.borrow_mut().push(deadline));
    }
    let result = f();
    if deadline.is_some() {
        DEADLINES.with(|d| d.borrow_mut().pop());
    }
    (result, deadline)
}

/// For `exception`, what stopped code run under `deadline`: when the deadline stopped it
/// (rather than `process.exit` or a stack overflow), makes it catchable again and flags the
/// timeout for `takeTimedOut`.
///
/// # Safety
/// `raw_ctx` must be a live context and `exception` a live value of its runtime.
pub(super) unsafe fn release_if_timed_out(
    raw_ctx: *mut qjs::JSContext,
    deadline: Option<Instant>,
    exception: qjs::JSValue,
) {
    let stopped_by_deadline = deadline.is_some_and(|d| Instant::now() >= d)
        && STATE.with(|s| {
            let state = s.borrow();
            state.exit_code.is_none() && !state.stack_overflowed
        });
    // SAFETY: per the contract above.
    unsafe {
        if stopped_by_deadline && qjs::JS_IsUncatchableError(exception) {
            qjs::JS_ClearUncatchableError(raw_ctx, exception);
            TIMED_OUT.with(|t| t.set(true));
        }
    }
}

/// The bytecode of `compiled` (a script compiled but not run) as an ArrayBuffer.
pub(super) fn serialize_bytecode<'js>(ctx: &Ctx<'js>, compiled: &Value<'js>) -> Result<Value<'js>> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut size = 0;
    // SAFETY: `compiled` is a live value of `ctx`; the buffer QuickJS returns holds `size`
    // bytes and is freed with `js_free` once copied.
    let bytes = unsafe {
        let data = qjs::JS_WriteObject(
            raw_ctx,
            &mut size,
            compiled.as_raw(),
            qjs::JS_WRITE_OBJ_BYTECODE as c_int,
        );
        if data.is_null() {
            return Err(Error::Exception);
        }
        let bytes = std::slice::from_raw_parts(data, size as usize).to_vec();
        qjs::js_free(raw_ctx, data.cast());
        bytes
    };
    ArrayBuffer::new(ctx.clone(), bytes)?.into_js(ctx)
}
