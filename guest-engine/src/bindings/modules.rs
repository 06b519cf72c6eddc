//! `binding('modules')`: the embedded builtin sources and compiling code into functions.

use rquickjs::promise::PromiseState;
use rquickjs::{Ctx, Function, Module, Object, Result, Value, qjs};

include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// Names of the builtins guest code may load (everything but `internal/`).
pub fn public_builtin_names() -> Vec<String> {
    BUILTINS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !name.starts_with("internal/"))
        .map(String::from)
        .collect()
}

/// Source of the builtin named `name` (`path`, `internal/errors`).
pub fn builtin_source(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Compiles `source` as the body of `function (params) { ... }` named `filename` in stack
/// traces. The wrapper sits on lines of its own numbered before 1, so the body's lines
/// and columns are those of the file (`file.js:1:1` is the first character of `source`).
pub fn compile_function<'js>(
    ctx: &Ctx<'js>,
    source: &str,
    filename: &str,
    params: &[&str],
    strict: bool,
) -> Result<Function<'js>> {
    let prologue = if strict { "\"use strict\";" } else { "" };
    let code = format!(
        "(function ({}) {{{prologue}\n\n{source}\n}})",
        params.join(", ")
    );
    let code = std::ffi::CString::new(code)?;
    let filename = std::ffi::CString::new(filename)?;
    let mut options = qjs::JSEvalOptions {
        version: qjs::JS_EVAL_OPTIONS_VERSION as i32,
        eval_flags: qjs::JS_EVAL_TYPE_GLOBAL as i32,
        filename: filename.as_ptr(),
        // The wrapper's line; 0 would mean "the default, 1" to QuickJS.
        line_num: -1,
    };
    // SAFETY: `code` and `filename` are NUL-terminated and outlive the call; the returned
    // value is owned and handed to `Value`, or is the exception marker left in `ctx`.
    let value = unsafe {
        let raw = ctx.as_raw().as_ptr();
        let len = code.as_bytes().len();
        let value = qjs::JS_Eval2(raw, code.as_ptr(), len as _, &mut options);
        if qjs::JS_IsException(value) {
            return Err(rquickjs::Error::Exception);
        }
        Value::from_raw(ctx.clone(), value)
    };
    rquickjs::FromJs::from_js(ctx, value)
}

/// `require` of an ES module, as Node 22.12 allows it: imports `filename` and runs the job
/// queue until its evaluation settles, returning the namespace. A graph that is still
/// pending after the queue drains has top-level `await`, which `require` cannot wait for.
fn require_module<'js>(ctx: Ctx<'js>, filename: String) -> Result<Value<'js>> {
    let promise = Module::import(&ctx, filename)?;
    while promise.state() == PromiseState::Pending && ctx.execute_pending_job() {}
    match promise.state() {
        PromiseState::Resolved => promise
            .result::<Value>()
            .unwrap_or(Ok(Value::new_undefined(ctx))),
        PromiseState::Rejected => promise
            .result::<Value>()
            .unwrap_or(Err(rquickjs::Error::Exception)),
        PromiseState::Pending => {
            let message = "require() cannot be used on an ESM graph with top-level await. \
                Use import() instead.";
            let error = rquickjs::Exception::from_message(ctx.clone(), message)?;
            error.as_object().set("code", "ERR_REQUIRE_ASYNC_MODULE")?;
            Err(ctx.throw(error.into_value()))
        }
    }
}

/// Whether `source` parses as an ES module (compiled, never evaluated). Decides the format
/// of code that fails to parse as CommonJS, as Node 22's syntax detection does.
fn compiles_as_module(ctx: Ctx<'_>, source: String) -> bool {
    let Ok(text) = std::ffi::CString::new(source) else {
        return false;
    };
    let flags = (qjs::JS_EVAL_TYPE_MODULE | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
    // SAFETY: `text` is NUL-terminated and outlives the call; the compiled module (or the
    // pending exception) is freed before returning.
    unsafe {
        let raw = ctx.as_raw().as_ptr();
        let len = text.as_bytes().len();
        let value = qjs::JS_Eval(raw, text.as_ptr(), len as _, c"<detect>".as_ptr(), flags);
        let compiled = !qjs::JS_IsException(value);
        if compiled {
            qjs::JS_FreeValue(raw, value);
        } else {
            qjs::JS_FreeValue(raw, qjs::JS_GetException(raw));
        }
        compiled
    }
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let object = Object::new(ctx.clone())?;
    super::set_fn(ctx, &object, "builtinNames", || {
        BUILTINS
            .iter()
            .map(|(n, _)| n.to_string())
            .collect::<Vec<_>>()
    })?;
    super::set_fn(ctx, &object, "hasBuiltin", |name: String| {
        builtin_source(&name).is_some()
    })?;
    super::set_fn(
        ctx,
        &object,
        "compileBuiltin",
        |ctx: Ctx<'js>, name: String| {
            let source = builtin_source(&name).ok_or_else(|| {
                rquickjs::Exception::throw_reference(&ctx, &format!("no builtin {name}"))
            })?;
            let filename = format!("node:{name}");
            compile_function(
                &ctx,
                source,
                &filename,
                &["exports", "require", "module", "binding"],
                true,
            )
        },
    )?;
    super::set_fn(
        ctx,
        &object,
        "compileFunction",
        |ctx: Ctx<'js>, source: String, filename: String, params: Vec<String>| {
            let params: Vec<&str> = params.iter().map(String::as_str).collect();
            compile_function(&ctx, &source, &filename, &params, false)
        },
    )?;
    super::set_fn(ctx, &object, "compilesAsModule", compiles_as_module)?;
    super::set_fn(ctx, &object, "requireModule", require_module)?;
    Ok(object)
}
