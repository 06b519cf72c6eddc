//! Converting between JS exceptions and the kernel's error shapes: caught values become the
//! WIT `js-error` record; kernel errnos become thrown JS errors carrying `code`.

use crate::JsError;
use crate::secure_exec::kernel::types::Errno;
use rquickjs::{Ctx, Error, Exception, Object, Value};
use std::cell::RefCell;

thread_local! {
    /// The stack of the error `describe` described last, and Node's report of it.
    static REPORT: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// What Node prints to stderr for `error` when it is the uncaught error `describe` saw
/// last: the source line, the inspected error and the Node.js version (`internal/
/// uncaught_report`). None for other errors, or when the guest could not render it.
pub fn uncaught_report(error: &JsError) -> Option<String> {
    REPORT
        .with(|report| report.borrow_mut().take())
        .and_then(|(stack, report)| (stack == error.stack).then_some(report))
}

/// Asks the guest for Node's stderr report of `value` (`internal/uncaught_report`) and
/// keeps it for `uncaught_report`; none before the bootstrap hooks exist.
fn record_report<'js>(ctx: &Ctx<'js>, value: &Value<'js>, stack: &str) {
    let report = crate::module_loader::hook(ctx, "uncaughtReport")
        .and_then(|f| f.call::<_, String>((value.clone(),)));
    if let Err(Error::Exception) = report {
        ctx.catch();
    }
    REPORT.with(|r| *r.borrow_mut() = report.ok().map(|report| (stack.to_string(), report)));
}

/// Throws a JS `Error` whose `code` is the errno name (`ENOENT`); the JS layer (`fs`)
/// turns it into Node's system error with syscall and path.
pub fn throw_errno(ctx: &Ctx<'_>, errno: Errno) -> Error {
    let code = errno_code(errno);
    match Exception::from_message(ctx.clone(), &code) {
        Ok(exception) => {
            let object: &Object = exception.as_object();
            if object.set("code", code).is_err() {
                return Error::Exception;
            }
            ctx.throw(exception.into_value())
        }
        Err(e) => e,
    }
}

/// `ENOENT` for `Errno::Enoent`.
pub fn errno_code(errno: Errno) -> String {
    errno.name().to_ascii_uppercase()
}

/// Describes a thrown value the way the host reports it, keeping Node's stderr report of
/// it for `report_fatal`.
pub fn describe<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> JsError {
    if let Some(object) = value.as_object() {
        let get = |key: &str| object.get::<_, Option<String>>(key).ok().flatten();
        let name = get("name").unwrap_or_else(|| "Error".to_string());
        let message = get("message").unwrap_or_default();
        let stack = get("stack").unwrap_or_default();
        let header = if message.is_empty() {
            name.clone()
        } else {
            format!("{name}: {message}")
        };
        // A stack starts with its own header (`TypeError [ERR_X]: ...` for Node's errors)
        // unless a user `Error.prepareStackTrace` left it out, or there is none.
        let stack = if stack.is_empty() || stack.starts_with("    at ") {
            format!("{header}\n{}", stack.trim_end())
        } else {
            stack
        };
        let code = object
            .get::<_, Value>("code")
            .ok()
            .and_then(|v| v.as_string().and_then(|s| s.to_string().ok()));
        let stack = stack.trim_end().to_string();
        record_report(ctx, value, &stack);
        return JsError {
            name,
            message,
            stack,
            code,
        };
    }
    let text = ctx
        .json_stringify(value.clone())
        .ok()
        .flatten()
        .and_then(|s| s.to_string().ok())
        .unwrap_or_else(|| format!("{value:?}"));
    let stack = format!("Uncaught {text}");
    record_report(ctx, value, &stack);
    JsError {
        name: "Error".into(),
        message: stack.clone(),
        stack,
        code: None,
    }
}
