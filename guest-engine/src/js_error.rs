//! Converting between JS exceptions and the kernel's error shapes: caught values become the
//! WIT `js-error` record; kernel errnos become thrown JS errors carrying `code`.

use crate::JsError;
use crate::secure_exec::kernel::types::Errno;
use rquickjs::{Ctx, Error, Exception, Object, Value};

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

/// Describes a thrown value the way the host reports it.
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
        let stack = if stack.starts_with(&header) {
            stack
        } else {
            format!("{header}\n{}", stack.trim_end())
        };
        let code = object
            .get::<_, Value>("code")
            .ok()
            .and_then(|v| v.as_string().and_then(|s| s.to_string().ok()));
        return JsError {
            name,
            message,
            stack: stack.trim_end().to_string(),
            code,
        };
    }
    let text = ctx
        .json_stringify(value.clone())
        .ok()
        .flatten()
        .and_then(|s| s.to_string().ok())
        .unwrap_or_else(|| format!("{value:?}"));
    JsError {
        name: "Error".into(),
        message: format!("Uncaught {text}"),
        stack: format!("Uncaught {text}"),
        code: None,
    }
}
