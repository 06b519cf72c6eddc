//! `binding('util')`: what `util.inspect` cannot see from JavaScript — a promise's state and
//! result, a proxy's target and handler.

use rquickjs::{Ctx, Object, Result, Value, qjs};

/// `[state, result]` with state 0 pending, 1 fulfilled, 2 rejected; undefined otherwise.
fn promise_details<'js>(ctx: Ctx<'js>, value: Value<'js>) -> Result<Option<Vec<Value<'js>>>> {
    if !value.is_promise() {
        return Ok(None);
    }
    // SAFETY: `value` is a live promise of this context; JS_PromiseResult returns a new
    // reference, which `Value::from_raw` takes ownership of.
    let (state, result) = unsafe {
        let raw_ctx = ctx.as_raw().as_ptr();
        let state = qjs::JS_PromiseState(raw_ctx, value.as_raw());
        let result = Value::from_raw(ctx.clone(), qjs::JS_PromiseResult(raw_ctx, value.as_raw()));
        (state, result)
    };
    let state = match state {
        qjs::JSPromiseStateEnum_JS_PROMISE_FULFILLED => 1,
        qjs::JSPromiseStateEnum_JS_PROMISE_REJECTED => 2,
        _ => 0,
    };
    Ok(Some(vec![Value::new_int(ctx, state), result]))
}

/// `[target, handler]` of a proxy (`[null, null]` once revoked); undefined otherwise.
fn proxy_details<'js>(ctx: Ctx<'js>, value: Value<'js>) -> Result<Option<Vec<Value<'js>>>> {
    // SAFETY: only reads the tag of a live value.
    if !unsafe { qjs::JS_IsProxy(value.as_raw()) } {
        return Ok(None);
    }
    // SAFETY: `value` is a live proxy; both calls return new references, or an exception
    // (left pending on the context) when the proxy has been revoked.
    let (target, handler) = unsafe {
        let raw_ctx = ctx.as_raw().as_ptr();
        (
            Value::from_raw(ctx.clone(), qjs::JS_GetProxyTarget(raw_ctx, value.as_raw())),
            Value::from_raw(
                ctx.clone(),
                qjs::JS_GetProxyHandler(raw_ctx, value.as_raw()),
            ),
        )
    };
    if target.is_exception() || handler.is_exception() {
        // A revoked proxy: drop the pending "revoked proxy" TypeError.
        ctx.catch();
        return Ok(Some(vec![
            Value::new_null(ctx.clone()),
            Value::new_null(ctx),
        ]));
    }
    Ok(Some(vec![target, handler]))
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(ctx, &o, "getPromiseDetails", promise_details)?;
    super::set_fn(ctx, &o, "getProxyDetails", proxy_details)?;
    Ok(o)
}
