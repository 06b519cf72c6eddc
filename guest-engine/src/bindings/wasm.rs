//! `binding('wasm')`: WebAssembly compiled and run inside the engine by the wasmi
//! interpreter, so guest wasm never reaches a host compiler. `internal/webassembly` builds
//! the `WebAssembly` JS API over it.
//!
//! One wasmi store holds every memory, table, global, function and instance of the process;
//! JavaScript names them by small integer ids (one per underlying entity, so the same memory
//! reached twice has one id). Values cross as JS numbers (i32, f32, f64), BigInts (i64),
//! function ids or null (funcref) and arbitrary JS values (externref); the JS side applies the
//! spec's ToWebAssemblyValue coercions before a value gets here.
//!
//! A memory's `buffer` is an ArrayBuffer over the linear memory itself (no copy). wasmi may
//! move the memory when it grows, so whenever control comes back from wasm — a call returns,
//! an instance starts, a host import is entered — the exposed buffers are checked and a stale
//! one is detached, as the spec does on `grow`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::ptr::NonNull;

use rquickjs::function::Rest;
use rquickjs::{
    Array, ArrayBuffer, BigInt, Constructor, Ctx, Exception, Function, Object, Persistent, Result,
    Value, qjs,
};
use wasmi::errors::ErrorKind;
use wasmi::{
    AsContextMut, Caller, Engine, Extern, ExternRef, ExternType, F32, F64, Func, FuncType, Global,
    Instance, Memory, MemoryType, Module, Mutability, Nullable, Ref, RefType, Store,
    StoreContextMut, Table, TableType, TrapCode, Val, ValType,
};

type Context<'a> = StoreContextMut<'a, ()>;

thread_local! {
    static STORE: RefCell<Store<()>> = RefCell::new(Store::new(&Engine::default(), ()));
    /// The caller of the innermost host import running JavaScript: while it is set, the store
    /// is borrowed by the wasm call below it and is reached through the caller.
    static ACTIVE: Cell<*mut Caller<'static, ()>> = const { Cell::new(std::ptr::null_mut()) };
    /// Every entity JavaScript holds, by id.
    static EXTERNS: RefCell<Vec<Extern>> = const { RefCell::new(Vec::new()) };
    /// Entity → id. wasmi handles have no public identity; their `Debug` form names the
    /// store slot, which is what identity means here.
    static IDS: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::new());
    /// The JavaScript callbacks behind host imports, by index.
    static CALLBACKS: RefCell<Vec<Persistent<Function<'static>>>> =
        const { RefCell::new(Vec::new()) };
    /// The JavaScript values behind externrefs, by index.
    static EXTERN_VALUES: RefCell<Vec<Persistent<Value<'static>>>> =
        const { RefCell::new(Vec::new()) };
    /// The exception a host import threw, on its way out through the wasm frames.
    static THROWN: RefCell<Option<Persistent<Value<'static>>>> = const { RefCell::new(None) };
    /// `{ CompileError, LinkError, RuntimeError }`, from `init`.
    static ERRORS: RefCell<Option<Persistent<Object<'static>>>> = const { RefCell::new(None) };
    /// Memory id → the ArrayBuffer handed out for it and the region it covers.
    static BUFFERS: RefCell<HashMap<u32, Exposed>> = RefCell::new(HashMap::new());
}

struct Exposed {
    ptr: usize,
    len: usize,
    buffer: Persistent<ArrayBuffer<'static>>,
}

/// The host error a host import returns when its JavaScript threw; the exception itself
/// waits in `THROWN`.
#[derive(Debug)]
struct JsThrew;

impl fmt::Display for JsThrew {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JavaScript exception")
    }
}

impl wasmi::errors::HostError for JsThrew {}

/// Runs `f` with the store: the active host caller's when wasm is on the stack, else the
/// process store.
fn with_store<R>(f: impl FnOnce(Context<'_>) -> R) -> R {
    let active = ACTIVE.get();
    if active.is_null() {
        return STORE.with(|store| f(store.borrow_mut().as_context_mut()));
    }
    // SAFETY: `ACTIVE` is only set by `host_call` for the duration of its JavaScript call,
    // while the caller it points at is alive and otherwise unused on that stack frame.
    f(unsafe { &mut *active }.as_context_mut())
}

/// Sets `ACTIVE` for the lifetime of the guard and restores the previous caller on drop.
struct ActiveCaller(*mut Caller<'static, ()>);

impl ActiveCaller {
    fn enter(caller: &mut Caller<'_, ()>) -> Self {
        let erased = (caller as *mut Caller<'_, ()>).cast::<Caller<'static, ()>>();
        Self(ACTIVE.replace(erased))
    }
}

impl Drop for ActiveCaller {
    fn drop(&mut self) {
        ACTIVE.set(self.0);
    }
}

fn intern(entity: Extern) -> u32 {
    let key = format!("{entity:?}");
    IDS.with(|ids| {
        *ids.borrow_mut().entry(key).or_insert_with(|| {
            EXTERNS.with(|externs| {
                let mut externs = externs.borrow_mut();
                externs.push(entity);
                (externs.len() - 1) as u32
            })
        })
    })
}

fn entity(ctx: &Ctx<'_>, id: u32) -> Result<Extern> {
    EXTERNS
        .with(|externs| externs.borrow().get(id as usize).cloned())
        .ok_or_else(|| Exception::throw_type(ctx, "invalid WebAssembly object"))
}

fn func(ctx: &Ctx<'_>, id: u32) -> Result<Func> {
    entity(ctx, id)?
        .into_func()
        .ok_or_else(|| Exception::throw_type(ctx, "not a function"))
}

fn memory(ctx: &Ctx<'_>, id: u32) -> Result<Memory> {
    entity(ctx, id)?
        .into_memory()
        .ok_or_else(|| Exception::throw_type(ctx, "not a memory"))
}

fn table(ctx: &Ctx<'_>, id: u32) -> Result<Table> {
    entity(ctx, id)?
        .into_table()
        .ok_or_else(|| Exception::throw_type(ctx, "not a table"))
}

fn global(ctx: &Ctx<'_>, id: u32) -> Result<Global> {
    entity(ctx, id)?
        .into_global()
        .ok_or_else(|| Exception::throw_type(ctx, "not a global"))
}

/// Throws `new WebAssembly[kind](message)`.
fn throw_wasm(ctx: &Ctx<'_>, kind: &str, message: &str) -> rquickjs::Error {
    let error = ERRORS
        .with(|errors| errors.borrow().clone())
        .ok_or(rquickjs::Error::Unknown)
        .and_then(|errors| errors.restore(ctx))
        .and_then(|errors| errors.get::<_, Constructor>(kind))
        .and_then(|ctor| ctor.construct::<_, Value>((message,)));
    match error {
        Ok(error) => ctx.throw(error),
        Err(e) => e,
    }
}

fn trap_message(code: TrapCode) -> &'static str {
    match code {
        TrapCode::UnreachableCodeReached => "unreachable",
        TrapCode::MemoryOutOfBounds => "memory access out of bounds",
        TrapCode::TableOutOfBounds => "table index is out of bounds",
        TrapCode::IndirectCallToNull | TrapCode::BadSignature => {
            "null function or function signature mismatch"
        }
        TrapCode::IntegerDivisionByZero => "divide by zero",
        TrapCode::IntegerOverflow => "divide result unrepresentable",
        TrapCode::BadConversionToInteger => "float unrepresentable in integer range",
        _ => "trap",
    }
}

/// Turns an error out of running wasm into the JavaScript exception it stands for.
fn run_error(ctx: &Ctx<'_>, error: wasmi::Error) -> rquickjs::Error {
    if error.downcast_ref::<JsThrew>().is_some()
        && let Some(thrown) = THROWN.with(|t| t.borrow_mut().take())
    {
        return match thrown.restore(ctx) {
            Ok(value) => ctx.throw(value),
            Err(e) => e,
        };
    }
    match error.as_trap_code() {
        Some(TrapCode::StackOverflow) => {
            Exception::throw_range(ctx, "Maximum call stack size exceeded")
        }
        Some(code) => throw_wasm(ctx, "RuntimeError", trap_message(code)),
        None if matches!(error.kind(), ErrorKind::Instantiation(_)) => {
            throw_wasm(ctx, "LinkError", &error.to_string())
        }
        None => throw_wasm(ctx, "RuntimeError", &error.to_string()),
    }
}

fn type_name(ty: ValType) -> &'static str {
    match ty {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::FuncRef => "funcref",
        ValType::ExternRef => "externref",
    }
}

fn parse_type(ctx: &Ctx<'_>, name: &str) -> Result<ValType> {
    Ok(match name {
        "i32" => ValType::I32,
        "i64" => ValType::I64,
        "f32" => ValType::F32,
        "f64" => ValType::F64,
        "funcref" => ValType::FuncRef,
        "externref" => ValType::ExternRef,
        _ => {
            return Err(Exception::throw_type(
                ctx,
                &format!("invalid value type {name}"),
            ));
        }
    })
}

fn ref_type(ty: RefType) -> ValType {
    match ty {
        RefType::Func => ValType::FuncRef,
        RefType::Extern => ValType::ExternRef,
    }
}

/// A JS value (already coerced by the JS side) as a wasm value of type `ty`.
fn to_val<'js>(
    ctx: &Ctx<'js>,
    store: &mut Context<'_>,
    ty: ValType,
    value: Value<'js>,
) -> Result<Val> {
    let number = || -> Result<f64> {
        value
            .as_number()
            .ok_or_else(|| Exception::throw_type(ctx, "expected a number"))
    };
    Ok(match ty {
        ValType::I32 => Val::I32(number()? as i32),
        ValType::F32 => Val::F32(F32::from(number()? as f32)),
        ValType::F64 => Val::F64(F64::from(number()?)),
        ValType::I64 => {
            let big = BigInt::from_value(value.clone())
                .map_err(|_| Exception::throw_type(ctx, "expected a BigInt"))?;
            Val::I64(big.to_i64()?)
        }
        ValType::FuncRef if value.is_null() => Val::FuncRef(Nullable::Null),
        ValType::FuncRef => {
            let id = value
                .as_int()
                .ok_or_else(|| Exception::throw_type(ctx, "expected a function id"))?;
            Val::FuncRef(Nullable::Val(func(ctx, id as u32)?))
        }
        ValType::ExternRef if value.is_null() => Val::ExternRef(Nullable::Null),
        ValType::ExternRef => {
            let index = EXTERN_VALUES.with(|values| {
                let mut values = values.borrow_mut();
                values.push(Persistent::save(ctx, value));
                (values.len() - 1) as u32
            });
            Val::ExternRef(Nullable::Val(ExternRef::new(store, index)))
        }
        ValType::V128 => {
            return Err(Exception::throw_type(
                ctx,
                "type incompatibility when transforming from/to JS",
            ));
        }
    })
}

/// A wasm value as the JS value the JS side converts further (funcrefs stay ids).
fn from_val<'js>(ctx: &Ctx<'js>, store: &Context<'_>, value: &Val) -> Result<Value<'js>> {
    Ok(match value {
        Val::I32(v) => Value::new_int(ctx.clone(), *v),
        Val::I64(v) => BigInt::from_i64(ctx.clone(), *v)?.into_value(),
        Val::F32(v) => Value::new_float(ctx.clone(), f32::from(*v) as f64),
        Val::F64(v) => Value::new_float(ctx.clone(), f64::from(*v)),
        Val::FuncRef(Nullable::Val(f)) => {
            Value::new_int(ctx.clone(), intern(Extern::Func(*f)) as i32)
        }
        Val::ExternRef(Nullable::Val(r)) => {
            let index = r.data(store).downcast_ref::<u32>().copied();
            let saved = index.and_then(|i| {
                EXTERN_VALUES.with(|values| values.borrow().get(i as usize).cloned())
            });
            match saved {
                Some(saved) => saved.restore(ctx)?,
                None => Value::new_null(ctx.clone()),
            }
        }
        Val::FuncRef(Nullable::Null) | Val::ExternRef(Nullable::Null) => {
            Value::new_null(ctx.clone())
        }
        Val::V128(_) => {
            return Err(Exception::throw_type(
                ctx,
                "type incompatibility when transforming from/to JS",
            ));
        }
    })
}

fn type_names(types: &[ValType]) -> Vec<&'static str> {
    types.iter().map(|t| type_name(*t)).collect()
}

/// A plain-object description of an import's or export's type.
fn describe<'js>(ctx: &Ctx<'js>, ty: &ExternType) -> Result<(&'static str, Object<'js>)> {
    let o = Object::new(ctx.clone())?;
    let kind = match ty {
        ExternType::Func(f) => {
            o.set("parameters", type_names(f.params()))?;
            o.set("results", type_names(f.results()))?;
            "function"
        }
        ExternType::Memory(m) => {
            o.set("minimum", m.minimum() as f64)?;
            o.set("maximum", m.maximum().map(|v| v as f64))?;
            "memory"
        }
        ExternType::Table(t) => {
            o.set("element", type_name(ref_type(t.element())))?;
            o.set("minimum", t.minimum() as f64)?;
            o.set("maximum", t.maximum().map(|v| v as f64))?;
            "table"
        }
        ExternType::Global(g) => {
            o.set("value", type_name(g.content()))?;
            o.set("mutable", g.mutability().is_mut())?;
            "global"
        }
    };
    Ok((kind, o))
}

/// Detaches every exposed buffer whose memory moved or changed size since it was handed out.
fn refresh_buffers(ctx: &Ctx<'_>) {
    let stale: Vec<Exposed> = BUFFERS.with(|buffers| {
        let mut buffers = buffers.borrow_mut();
        let moved: Vec<u32> = buffers
            .iter()
            .filter(|(id, exposed)| {
                let current = EXTERNS.with(|e| e.borrow()[**id as usize]);
                let memory = current.into_memory().expect("buffers are of memories");
                let now = with_store(|s| (memory.data_ptr(&s) as usize, memory.data_size(&s)));
                now != (exposed.ptr, exposed.len)
            })
            .map(|(id, _)| *id)
            .collect();
        moved.iter().filter_map(|id| buffers.remove(id)).collect()
    });
    for exposed in stale {
        detach(ctx, exposed);
    }
}

fn detach(ctx: &Ctx<'_>, exposed: Exposed) {
    if let Ok(buffer) = exposed.buffer.restore(ctx) {
        // SAFETY: `buffer` is a live ArrayBuffer of this runtime.
        unsafe { qjs::JS_DetachArrayBuffer(ctx.as_raw().as_ptr(), buffer.as_value().as_raw()) };
    }
}

/// Runs a wasm call and converts its results; `refresh_buffers` runs on the way out.
fn call<'js>(ctx: Ctx<'js>, id: u32, args: Vec<Value<'js>>) -> Result<Value<'js>> {
    let f = func(&ctx, id)?;
    let outcome = with_store(
        |mut store| -> Result<std::result::Result<Vec<Value<'js>>, wasmi::Error>> {
            let ty = f.ty(&store);
            let mut inputs = Vec::with_capacity(ty.params().len());
            for (param, arg) in ty.params().iter().zip(args) {
                inputs.push(to_val(&ctx, &mut store, *param, arg)?);
            }
            let mut outputs: Vec<Val> = ty
                .results()
                .iter()
                .map(|t| Val::default_for_ty(*t))
                .collect();
            if let Err(error) = f.call(&mut store, &inputs, &mut outputs) {
                return Ok(Err(error));
            }
            let values = outputs
                .iter()
                .map(|v| from_val(&ctx, &store, v))
                .collect::<Result<Vec<_>>>()?;
            Ok(Ok(values))
        },
    );
    refresh_buffers(&ctx);
    let mut values = outcome?.map_err(|e| run_error(&ctx, e))?;
    match values.len() {
        0 => Ok(Value::new_undefined(ctx)),
        1 => Ok(values.remove(0)),
        _ => {
            let array = Array::new(ctx)?;
            for (i, value) in values.into_iter().enumerate() {
                array.set(i, value)?;
            }
            Ok(array.into_value())
        }
    }
}

/// The body of a host import: converts the arguments, calls the JavaScript callback and
/// converts what it returned (one value, or an array for several results).
fn host_call(ctx: &Ctx<'_>, callback: usize, params: &[Val], results: &mut [Val]) -> Result<()> {
    refresh_buffers(ctx);
    let args = with_store(|store| {
        params
            .iter()
            .map(|v| from_val(ctx, &store, v))
            .collect::<Result<Vec<_>>>()
    })?;
    let callback = CALLBACKS
        .with(|c| c.borrow()[callback].clone())
        .restore(ctx)?;
    let returned: Value = callback.call((Rest(args),))?;
    let returned: Vec<Value> = match results.len() {
        0 => Vec::new(),
        1 => vec![returned],
        _ => returned
            .into_array()
            .ok_or_else(|| Exception::throw_type(ctx, "expected an array of results"))?
            .iter()
            .collect::<Result<_>>()?,
    };
    with_store(|mut store| {
        for (slot, value) in results.iter_mut().zip(returned) {
            let ty = slot.ty();
            *slot = to_val(ctx, &mut store, ty, value)?;
        }
        Ok(())
    })
}

fn host_function<'js>(
    ctx: Ctx<'js>,
    params: Vec<String>,
    results: Vec<String>,
    callback: Function<'js>,
) -> Result<u32> {
    let params = params
        .iter()
        .map(|p| parse_type(&ctx, p))
        .collect::<Result<Vec<_>>>()?;
    let results = results
        .iter()
        .map(|r| parse_type(&ctx, r))
        .collect::<Result<Vec<_>>>()?;
    let index = CALLBACKS.with(|c| {
        let mut c = c.borrow_mut();
        c.push(Persistent::save(&ctx, callback));
        c.len() - 1
    });
    let raw_ctx = ctx.as_raw().as_ptr() as usize;
    let ty = FuncType::new(params, results);
    let f = with_store(|store| {
        Func::new(
            store,
            ty,
            move |mut caller: Caller<'_, ()>, params: &[Val], results: &mut [Val]| {
                // SAFETY: host imports only run inside `call`/`instantiate`, on this thread, while
                // the context they were created in (the node realm's, alive for the process) is
                // locked by the JavaScript that started the wasm.
                let ctx = unsafe {
                    Ctx::from_raw(NonNull::new_unchecked(raw_ctx as *mut qjs::JSContext))
                };
                let _active = ActiveCaller::enter(&mut caller);
                match host_call(&ctx, index, params, results) {
                    Ok(()) => Ok(()),
                    Err(error) => {
                        if !matches!(error, rquickjs::Error::Exception) {
                            Exception::throw_message(&ctx, &error.to_string());
                        }
                        let thrown = Persistent::save(&ctx, ctx.catch());
                        THROWN.with(|t| *t.borrow_mut() = Some(thrown));
                        Err(wasmi::Error::host(JsThrew))
                    }
                }
            },
        )
    });
    Ok(intern(Extern::Func(f)))
}

fn func_type<'js>(ctx: Ctx<'js>, id: u32) -> Result<Object<'js>> {
    let f = func(&ctx, id)?;
    let ty = with_store(|store| f.ty(&store));
    Ok(describe(&ctx, &ExternType::Func(ty))?.1)
}

fn validate(bytes: rquickjs::TypedArray<'_, u8>) -> bool {
    let engine = with_store(|store| store.engine().clone());
    Module::validate(&engine, super::bytes(&bytes)).is_ok()
}

/// `{ name, kind, type }` of one of a module's imports or exports.
fn describe_entry<'js>(ctx: &Ctx<'js>, name: &str, ty: &ExternType) -> Result<Object<'js>> {
    let (kind, ty) = describe(ctx, ty)?;
    let o = Object::new(ctx.clone())?;
    o.set("name", name)?;
    o.set("kind", kind)?;
    o.set("type", ty)?;
    Ok(o)
}

/// Compiles `bytes` into a module handle: an object whose methods describe the module and
/// instantiate it.
fn compile<'js>(ctx: Ctx<'js>, bytes: rquickjs::TypedArray<'js, u8>) -> Result<Object<'js>> {
    let engine = with_store(|store| store.engine().clone());
    let module = Module::new(&engine, super::bytes(&bytes))
        .map_err(|e| throw_wasm(&ctx, "CompileError", &e.to_string()))?;
    let handle = Object::new(ctx.clone())?;
    let m = module.clone();
    super::set_fn(
        &ctx,
        &handle,
        "imports",
        move |ctx: Ctx<'js>| -> Result<Vec<Object<'js>>> {
            m.imports()
                .map(|import| {
                    let o = describe_entry(&ctx, import.name(), import.ty())?;
                    o.set("module", import.module())?;
                    Ok(o)
                })
                .collect()
        },
    )?;
    let m = module.clone();
    super::set_fn(
        &ctx,
        &handle,
        "exports",
        move |ctx: Ctx<'js>| -> Result<Vec<Object<'js>>> {
            m.exports()
                .map(|export| describe_entry(&ctx, export.name(), export.ty()))
                .collect()
        },
    )?;
    let m = module.clone();
    super::set_fn(
        &ctx,
        &handle,
        "customSections",
        move |ctx: Ctx<'js>, name: String| -> Result<Vec<ArrayBuffer<'js>>> {
            m.custom_sections()
                .filter(|section| section.name() == name)
                .map(|section| ArrayBuffer::new_copy(ctx.clone(), section.data()))
                .collect()
        },
    )?;
    super::set_fn(
        &ctx,
        &handle,
        "instantiate",
        move |ctx: Ctx<'js>, imports: Vec<u32>| instantiate(ctx, &module, imports),
    )?;
    Ok(handle)
}

/// Instantiates `module` with the entities `imports` names, in import order; returns the
/// exports as `[name, kind, id]` in export order.
fn instantiate<'js>(ctx: Ctx<'js>, module: &Module, imports: Vec<u32>) -> Result<Vec<Array<'js>>> {
    let imports = imports
        .iter()
        .map(|id| entity(&ctx, *id))
        .collect::<Result<Vec<_>>>()?;
    let instance = with_store(|store| Instance::new(store, module, &imports));
    refresh_buffers(&ctx);
    let instance = instance.map_err(|e| run_error(&ctx, e))?;
    module
        .exports()
        .map(|export| {
            let entity = with_store(|store| instance.get_export(&store, export.name()))
                .expect("an instance has its module's exports");
            let kind = describe(&ctx, export.ty())?.0;
            let row = Array::new(ctx.clone())?;
            row.set(0, export.name())?;
            row.set(1, kind)?;
            row.set(2, intern(entity))?;
            Ok(row)
        })
        .collect()
}

fn memory_new(ctx: Ctx<'_>, minimum: u32, maximum: Option<u32>) -> Result<u32> {
    let memory = with_store(|store| Memory::new(store, MemoryType::new(minimum, maximum)))
        .map_err(|e| Exception::throw_range(&ctx, &format!("WebAssembly.Memory(): {e}")))?;
    Ok(intern(Extern::Memory(memory)))
}

fn memory_buffer<'js>(ctx: Ctx<'js>, id: u32) -> Result<ArrayBuffer<'js>> {
    let memory = memory(&ctx, id)?;
    let (ptr, len) = with_store(|s| (memory.data_ptr(&s), memory.data_size(&s)));
    let current = BUFFERS.with(|b| {
        b.borrow()
            .get(&id)
            .filter(|e| (e.ptr, e.len) == (ptr as usize, len))
            .map(|e| e.buffer.clone())
    });
    if let Some(buffer) = current {
        let buffer = buffer.restore(&ctx)?;
        // A buffer the guest detached itself (`transfer()`) is replaced.
        if len == 0 || buffer.as_raw().is_some() {
            return Ok(buffer);
        }
    }
    // SAFETY: the store keeps the memory alive for the process; the buffer is detached
    // (`refresh_buffers`) before JavaScript can observe the region after wasmi moves or
    // resizes it. No free function: the ArrayBuffer never owns the bytes.
    let raw = unsafe {
        qjs::JS_NewArrayBuffer(
            ctx.as_raw().as_ptr(),
            ptr,
            len as _,
            0,
            None,
            std::ptr::null_mut(),
            false,
        )
    };
    // SAFETY: JS_NewArrayBuffer returned a new reference (or an exception).
    let value = unsafe { Value::from_raw(ctx.clone(), raw) };
    if value.is_exception() {
        return Err(rquickjs::Error::Exception);
    }
    let buffer = ArrayBuffer::from_value(value).ok_or(rquickjs::Error::Unknown)?;
    let exposed = Exposed {
        ptr: ptr as usize,
        len,
        buffer: Persistent::save(&ctx, buffer.clone()),
    };
    if let Some(old) = BUFFERS.with(|b| b.borrow_mut().insert(id, exposed)) {
        detach(&ctx, old);
    }
    Ok(buffer)
}

/// Grows by `delta` pages; returns the old size in pages, or -1 when the memory cannot grow.
/// The buffer handed out before is detached either way.
fn memory_grow(ctx: Ctx<'_>, id: u32, delta: u32) -> Result<f64> {
    let memory = memory(&ctx, id)?;
    let grown = with_store(|store| memory.grow(store, u64::from(delta)));
    if let Some(old) = BUFFERS.with(|b| b.borrow_mut().remove(&id)) {
        detach(&ctx, old);
    }
    Ok(grown.map_or(-1.0, |old| old as f64))
}

fn memory_type<'js>(ctx: Ctx<'js>, id: u32) -> Result<Object<'js>> {
    let memory = memory(&ctx, id)?;
    let ty = with_store(|s| memory.ty(&s));
    Ok(describe(&ctx, &ExternType::Memory(ty))?.1)
}

fn element_type(ctx: &Ctx<'_>, element: &str) -> Result<RefType> {
    match parse_type(ctx, element)? {
        ValType::FuncRef => Ok(RefType::Func),
        ValType::ExternRef => Ok(RefType::Extern),
        _ => Err(Exception::throw_type(ctx, "invalid table element type")),
    }
}

fn to_ref<'js>(
    ctx: &Ctx<'js>,
    store: &mut Context<'_>,
    element: RefType,
    value: Value<'js>,
) -> Result<Ref> {
    match to_val(ctx, store, ref_type(element), value)? {
        Val::FuncRef(f) => Ok(Ref::from(f)),
        Val::ExternRef(r) => Ok(Ref::from(r)),
        _ => unreachable!("reference types convert to references"),
    }
}

fn ref_val(value: Ref) -> Val {
    match value {
        Ref::Func(f) => Val::FuncRef(f),
        Ref::Extern(r) => Val::ExternRef(r),
    }
}

fn table_new<'js>(
    ctx: Ctx<'js>,
    element: String,
    minimum: u32,
    maximum: Option<u32>,
    init: Value<'js>,
) -> Result<u32> {
    let element = element_type(&ctx, &element)?;
    let table = with_store(|mut store| {
        let init = to_ref(&ctx, &mut store, element, init)?;
        Table::new(store, TableType::new(element, minimum, maximum), init)
            .map_err(|e| Exception::throw_range(&ctx, &format!("WebAssembly.Table(): {e}")))
    })?;
    Ok(intern(Extern::Table(table)))
}

fn table_get<'js>(ctx: Ctx<'js>, id: u32, index: u32) -> Result<Value<'js>> {
    let table = table(&ctx, id)?;
    with_store(|store| match table.get(&store, u64::from(index)) {
        Some(value) => from_val(&ctx, &store, &ref_val(value)),
        None => Err(Exception::throw_range(&ctx, "table index is out of bounds")),
    })
}

fn table_set<'js>(ctx: Ctx<'js>, id: u32, index: u32, value: Value<'js>) -> Result<()> {
    let table = table(&ctx, id)?;
    with_store(|mut store| {
        let element = table.ty(&store).element();
        let value = to_ref(&ctx, &mut store, element, value)?;
        table
            .set(store, u64::from(index), value)
            .map_err(|_| Exception::throw_range(&ctx, "table index is out of bounds"))
    })
}

/// Grows by `delta` entries set to `init`; returns the old length, or -1.
fn table_grow<'js>(ctx: Ctx<'js>, id: u32, delta: u32, init: Value<'js>) -> Result<f64> {
    let table = table(&ctx, id)?;
    with_store(|mut store| {
        let element = table.ty(&store).element();
        let init = to_ref(&ctx, &mut store, element, init)?;
        Ok(table
            .grow(store, u64::from(delta), init)
            .map_or(-1.0, |old| old as f64))
    })
}

fn table_type<'js>(ctx: Ctx<'js>, id: u32) -> Result<Object<'js>> {
    let table = table(&ctx, id)?;
    let ty = with_store(|s| table.ty(&s));
    let o = describe(&ctx, &ExternType::Table(ty))?.1;
    o.set("length", with_store(|s| table.size(&s)) as f64)?;
    Ok(o)
}

fn global_new<'js>(ctx: Ctx<'js>, ty: String, mutable: bool, value: Value<'js>) -> Result<u32> {
    let ty = parse_type(&ctx, &ty)?;
    let mutability = if mutable {
        Mutability::Var
    } else {
        Mutability::Const
    };
    let global = with_store(|mut store| {
        let value = to_val(&ctx, &mut store, ty, value)?;
        Ok::<_, rquickjs::Error>(Global::new(store, value, mutability))
    })?;
    Ok(intern(Extern::Global(global)))
}

fn global_get<'js>(ctx: Ctx<'js>, id: u32) -> Result<Value<'js>> {
    let global = global(&ctx, id)?;
    with_store(|store| from_val(&ctx, &store, &global.get(&store)))
}

fn global_set<'js>(ctx: Ctx<'js>, id: u32, value: Value<'js>) -> Result<()> {
    let global = global(&ctx, id)?;
    with_store(|mut store| {
        let ty = global.ty(&store).content();
        let value = to_val(&ctx, &mut store, ty, value)?;
        global
            .set(store, value)
            .map_err(|e| Exception::throw_type(&ctx, &e.to_string()))
    })
}

fn global_type<'js>(ctx: Ctx<'js>, id: u32) -> Result<Object<'js>> {
    let global = global(&ctx, id)?;
    let ty = with_store(|s| global.ty(&s));
    Ok(describe(&ctx, &ExternType::Global(ty))?.1)
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(ctx, &o, "init", |ctx: Ctx<'js>, errors: Object<'js>| {
        let errors = Persistent::save(&ctx, errors);
        ERRORS.with(|e| *e.borrow_mut() = Some(errors));
    })?;
    super::set_fn(ctx, &o, "validate", validate)?;
    super::set_fn(ctx, &o, "compile", compile)?;
    super::set_fn(ctx, &o, "hostFunction", host_function)?;
    super::set_fn(ctx, &o, "funcType", func_type)?;
    super::set_fn(ctx, &o, "call", call)?;
    super::set_fn(ctx, &o, "memoryNew", memory_new)?;
    super::set_fn(ctx, &o, "memoryBuffer", memory_buffer)?;
    super::set_fn(ctx, &o, "memoryGrow", memory_grow)?;
    super::set_fn(ctx, &o, "memoryType", memory_type)?;
    super::set_fn(ctx, &o, "tableNew", table_new)?;
    super::set_fn(ctx, &o, "tableGet", table_get)?;
    super::set_fn(ctx, &o, "tableSet", table_set)?;
    super::set_fn(ctx, &o, "tableGrow", table_grow)?;
    super::set_fn(ctx, &o, "tableType", table_type)?;
    super::set_fn(ctx, &o, "globalNew", global_new)?;
    super::set_fn(ctx, &o, "globalGet", global_get)?;
    super::set_fn(ctx, &o, "globalSet", global_set)?;
    super::set_fn(ctx, &o, "globalType", global_type)?;
    Ok(o)
}
