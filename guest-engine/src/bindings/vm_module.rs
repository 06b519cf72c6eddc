//! The natives behind `vm.SourceTextModule` and `vm.SyntheticModule`: QuickJS module
//! records that JavaScript links by hand instead of through the engine's resolver.
//!
//! QuickJS resolves a module's imports as it compiles it, so a source text module is
//! compiled only when its graph is instantiated, at the end of `link()`: `prepareModule`
//! records its source and what each of its specifiers was linked to, and compiling it
//! (`instantiateModule`) compiles the modules it imports that are not compiled yet, as the
//! engine's loader asks for them ([`load_linked`]). Construction compiles the source in a
//! scratch realm, freed right after (`checkModule`), which reports syntax errors and lists
//! the module's requests (specifier and import attributes). Modules are identified by id;
//! their records live as long as their realm.

use super::vm::{release_if_timed_out, serialize_bytecode, with_deadline};
use rquickjs::loader::ImportAttributes;
use rquickjs::module::{Declared, ModuleLoadFn};
use rquickjs::{
    Array, ArrayBuffer, Ctx, Error, Exception, FromJs, Function, Module, Object, Persistent,
    Result, Value, qjs,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ffi::{CStr, CString, c_char, c_int};
use std::ptr::NonNull;

/// A module of a realm: its QuickJS record once compiled (synthetic modules have one from
/// the start), and what compiling it needs.
struct VmModule {
    realm: *mut qjs::JSContext,
    def: *mut qjs::JSModuleDef,
    name: String,
    source: String,
    line: i32,
    /// Specifier -> the name of the module it was linked to.
    links: HashMap<String, String>,
}

/// The requests of the module being checked in a scratch realm.
struct Probe {
    name: String,
    requests: Vec<(String, Vec<(String, String)>)>,
}

/// The name QuickJS gives code run by `eval`.
const EVAL_CODE_NAME: &str = "<input>";

/// What the imports of a module being checked resolve to: an empty module made on demand.
const PROBE_REQUEST: &str = "secure-exec:vm-probe-request";

thread_local! {
    /// Modules by id (their index).
    static MODULES: RefCell<Vec<VmModule>> = const { RefCell::new(Vec::new()) };
    static PROBE: RefCell<Option<Probe>> = const { RefCell::new(None) };
    /// Names of the vm scripts, functions and modules whose `import()` calls go to the
    /// dynamic import handler.
    static IMPORT_REFERRERS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    /// `(referrerName, specifier, attributes, realmGlobal) => moduleName | undefined`
    /// (undefined: the engine's loader resolves it), for `import()` in vm code.
    static DYNAMIC_IMPORT: RefCell<Option<Persistent<Function<'static>>>> = const { RefCell::new(None) };
}

pub fn set_natives<'js>(ctx: &Ctx<'js>, object: &Object<'js>) -> Result<()> {
    super::set_fn(ctx, object, "instantiateModule", instantiate)?;
    super::set_fn(ctx, object, "evaluateModule", evaluate)?;
    super::set_fn(ctx, object, "moduleNamespace", namespace)?;
    super::set_fn(ctx, object, "moduleMeta", meta)?;
    super::set_fn(ctx, object, "setModuleExport", set_export)?;
    super::set_fn(
        ctx,
        object,
        "setDynamicImportHandler",
        |ctx: Ctx<'js>, handler: Function<'js>| {
            let handler = Persistent::save(&ctx, handler);
            DYNAMIC_IMPORT.with(|d| *d.borrow_mut() = Some(handler));
        },
    )?;
    super::set_fn(ctx, object, "addImportReferrer", |name: String| {
        IMPORT_REFERRERS.with(|r| r.borrow_mut().insert(name));
    })?;
    Ok(())
}

/// What an import of `specifier` from module `base` resolves to when `base` is a vm module
/// (the module it was linked to) or `import()` in vm code (the module the dynamic import
/// handler names), for the engine's resolver; records the request instead when `base` is
/// being checked. `None`: the engine's own resolution applies.
pub fn resolve_linked<'js>(
    ctx: &Ctx<'js>,
    base: &str,
    specifier: &str,
    attributes: Option<&ImportAttributes<'js>>,
) -> Result<Option<String>> {
    let probing = PROBE.with(|p| p.borrow().as_ref().is_some_and(|p| p.name == base));
    if probing {
        let pairs = attribute_pairs(attributes)?;
        PROBE.with(|p| {
            if let Some(probe) = p.borrow_mut().as_mut() {
                probe.requests.push((specifier.to_string(), pairs));
            }
        });
        return Ok(Some(PROBE_REQUEST.to_string()));
    }
    let link = MODULES.with(|m| {
        m.borrow()
            .iter()
            .find(|module| module.name == base)
            .and_then(|module| module.links.get(specifier).cloned())
    });
    if let Some(name) = link {
        return Ok(Some(name));
    }
    // Every static import of a vm module is linked: this is an `import()`, from vm code or
    // from `eval` code of a vm context, whose referrer is the context.
    let from_vm_code = IMPORT_REFERRERS.with(|r| r.borrow().contains(base))
        || base == EVAL_CODE_NAME && crate::module_loader::in_other_realm(ctx);
    if !from_vm_code {
        return Ok(None);
    }
    let handler = DYNAMIC_IMPORT
        .with(|d| d.borrow().clone())
        .ok_or(Error::Unknown)?;
    let object = Object::new(ctx.clone())?;
    for (key, value) in attribute_pairs(attributes)? {
        object.set(key, value)?;
    }
    handler
        .restore(ctx)?
        .call((base, specifier, object, ctx.globals()))
}

/// The keys and values of import attributes.
fn attribute_pairs(attributes: Option<&ImportAttributes<'_>>) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    if let Some(attributes) = attributes {
        for key in attributes.keys() {
            let key = key?;
            let value = attributes.get(&key)?.unwrap_or_default();
            pairs.push((key, value));
        }
    }
    Ok(pairs)
}

/// The record of vm module `name` when the engine's loader is asked for it: a module
/// imported by a module being compiled, compiled now if it was not yet, or the stand-in
/// for the requests of a module being checked.
pub fn load_linked<'js>(ctx: &Ctx<'js>, name: &str) -> Option<Result<Module<'js, Declared>>> {
    let known = name == PROBE_REQUEST && PROBE.with(|p| p.borrow().is_some())
        || MODULES.with(|m| m.borrow().iter().any(|module| module.name == name));
    if !known {
        return None;
    }
    let load: ModuleLoadFn = load_entry;
    // SAFETY: `load_entry` returns a live module of the realm it is called with, or null
    // with an exception pending.
    Some(unsafe { Module::from_load_fn(ctx.clone(), name, load) })
}

unsafe extern "C" fn load_entry(
    ctx: *mut qjs::JSContext,
    name: *const c_char,
) -> *mut qjs::JSModuleDef {
    // SAFETY: QuickJS passes a NUL-terminated name and the live realm of the import.
    unsafe {
        let name = CStr::from_ptr(name);
        if name.to_bytes() == PROBE_REQUEST.as_bytes() {
            return qjs::JS_NewCModule(ctx, name.as_ptr(), Some(empty_init));
        }
        let name = name.to_string_lossy();
        let id = MODULES.with(|m| {
            m.borrow()
                .iter()
                .position(|module| module.name == name && module.realm == ctx)
        });
        match id {
            Some(id) => compile_record(id).unwrap_or(std::ptr::null_mut()),
            None => {
                let message =
                    CString::new(format!("vm module '{name}' belongs to another context"))
                        .unwrap_or_default();
                qjs::JS_ThrowReferenceError(ctx, c"%s".as_ptr(), message.as_ptr());
                std::ptr::null_mut()
            }
        }
    }
}

unsafe extern "C" fn empty_init(_ctx: *mut qjs::JSContext, _def: *mut qjs::JSModuleDef) -> c_int {
    0
}

/// The QuickJS record of module `id`, compiling it first if it has none (`None`, with the
/// exception pending, when that fails).
///
/// # Safety
/// The module's realm must be alive.
unsafe fn compile_record(id: usize) -> Option<*mut qjs::JSModuleDef> {
    let (realm, def, source, name, line) = MODULES.with(|m| {
        let modules = m.borrow();
        let module = &modules[id];
        (
            module.realm,
            module.def,
            module.source.clone(),
            module.name.clone(),
            module.line,
        )
    });
    if !def.is_null() {
        return Some(def);
    }
    let name = CString::new(name.replace('\0', "\u{FFFD}")).ok()?;
    // SAFETY: per the contract above. Compiling may compile other modules (through the
    // loader), so the registry is not borrowed meanwhile.
    let def = unsafe { compile_in(realm, &source, &name, line) }?;
    MODULES.with(|m| m.borrow_mut()[id].def = def);
    Some(def)
}

fn module_value(def: *mut qjs::JSModuleDef) -> qjs::JSValue {
    qjs::JS_MKPTR(qjs::JS_TAG_MODULE, def.cast())
}

fn arg<'js>(ctx: &Ctx<'js>, args: &[Value<'js>], i: usize) -> Value<'js> {
    args.get(i)
        .cloned()
        .unwrap_or_else(|| Value::new_undefined(ctx.clone()))
}

/// Compiles `source` as module `name` in `realm`, returning the record.
///
/// # Safety
/// `realm` must be a live context.
unsafe fn compile_in(
    realm: *mut qjs::JSContext,
    source: &str,
    name: &CStr,
    line: i32,
) -> Option<*mut qjs::JSModuleDef> {
    // QuickJS reads `len` bytes and wants one more, a terminating NUL.
    let mut bytes = source.as_bytes().to_vec();
    let len = bytes.len();
    bytes.push(0);
    let mut options = qjs::JSEvalOptions {
        version: qjs::JS_EVAL_OPTIONS_VERSION as c_int,
        eval_flags: (qjs::JS_EVAL_TYPE_MODULE | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as c_int,
        filename: name.as_ptr(),
        line_num: line,
    };
    // SAFETY: `bytes` is NUL-terminated and outlives the call, as do `name`/`options`.
    let compiled = unsafe { qjs::JS_Eval2(realm, bytes.as_ptr().cast(), len as _, &mut options) };
    // SAFETY: a module compiled without running is a module value, which QuickJS keeps
    // in the realm's list; the reference handed back is not needed.
    unsafe {
        if qjs::JS_IsException(compiled) {
            return None;
        }
        let def = qjs::JS_VALUE_GET_PTR(compiled).cast();
        qjs::JS_FreeValue(realm, compiled);
        Some(def)
    }
}

/// `checkModule(source, name, lineNumber, bytecode)` (a native of the realm): compiles
/// `source` as module `name` in a scratch realm, throwing its syntax error (as a
/// SyntaxError of this realm), and returns its requests, `[{ specifier, attributes }, ...]`
/// or, with `bytecode`, the compiled module's bytecode (an ArrayBuffer: the code cache).
pub fn check<'js>(ctx: &Ctx<'js>, args: &[Value<'js>]) -> Result<Value<'js>> {
    let source = String::from_js(ctx, arg(ctx, args, 0))?;
    let name = String::from_js(ctx, arg(ctx, args, 1))?;
    let line = i32::from_js(ctx, arg(ctx, args, 2))?;
    let bytecode = Option::<bool>::from_js(ctx, arg(ctx, args, 3))?.unwrap_or(false);
    let c_name = CString::new(name.replace('\0', "\u{FFFD}"))?;
    let realm = ctx.as_raw().as_ptr();
    PROBE.with(|p| {
        *p.borrow_mut() = Some(Probe {
            name,
            requests: Vec::new(),
        })
    });
    // SAFETY: the scratch realm belongs to this runtime and is freed, with every module
    // compiled in it, before returning; only strings leave it.
    let error = unsafe {
        let scratch = qjs::JS_NewContext(qjs::JS_GetRuntime(realm));
        if scratch.is_null() {
            PROBE.with(|p| p.borrow_mut().take());
            return Err(Error::Allocation);
        }
        let compiled = compile_in(scratch, &source, &c_name, line);
        if let (Some(def), true) = (compiled, bytecode) {
            let scratch_ctx = Ctx::from_raw(NonNull::new_unchecked(scratch));
            let value = Value::from_raw(
                scratch_ctx.clone(),
                qjs::JS_DupValue(scratch, module_value(def)),
            );
            let serialized = serialize_bytecode(&scratch_ctx, &value).and_then(|buffer| {
                let bytes =
                    ArrayBuffer::from_value(buffer).and_then(|b| b.as_bytes().map(<[u8]>::to_vec));
                ArrayBuffer::new(ctx.clone(), bytes.unwrap_or_default())
            });
            drop((value, scratch_ctx));
            qjs::JS_FreeContext(scratch);
            PROBE.with(|p| p.borrow_mut().take());
            return serialized.map(ArrayBuffer::into_value);
        }
        let error = compiled.is_none().then(|| {
            let error = qjs::JS_GetException(scratch);
            let fields = (
                string_property(scratch, error, c"message"),
                string_property(scratch, error, c"stack"),
            );
            qjs::JS_FreeValue(scratch, error);
            fields
        });
        qjs::JS_FreeContext(scratch);
        error
    };
    let probe = PROBE.with(|p| p.borrow_mut().take());
    if let Some((message, stack)) = error {
        let message = CString::new(message.replace('\0', "\u{FFFD}"))?;
        // SAFETY: `realm` is live; the thrown error is taken back to give it the stack.
        let error = unsafe {
            qjs::JS_ThrowSyntaxError(realm, c"%s".as_ptr(), message.as_ptr());
            Value::from_raw(ctx.clone(), qjs::JS_GetException(realm))
        };
        if let Some(object) = error.as_object() {
            object.set("stack", stack)?;
        }
        return Err(ctx.throw(error));
    }
    let requests = Array::new(ctx.clone())?;
    for (i, (specifier, attributes)) in probe
        .map(|p| p.requests)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let request = Object::new(ctx.clone())?;
        let object = Object::new(ctx.clone())?;
        for (key, value) in attributes {
            object.set(key, value)?;
        }
        request.set("specifier", specifier)?;
        request.set("attributes", object)?;
        requests.set(i, request)?;
    }
    Ok(requests.into_value())
}

/// `prepareModule(source, name, lineNumber, specifiers, names)` (a native of the realm):
/// records source text module `name` of the realm, whose imports of `specifiers[i]` resolve
/// to the module named `names[i]`, for compiling when it is instantiated or imported.
/// Returns its id.
pub fn prepare<'js>(ctx: &Ctx<'js>, args: &[Value<'js>]) -> Result<Value<'js>> {
    let source = String::from_js(ctx, arg(ctx, args, 0))?;
    let name = String::from_js(ctx, arg(ctx, args, 1))?;
    let line = i32::from_js(ctx, arg(ctx, args, 2))?;
    let specifiers = Vec::<String>::from_js(ctx, arg(ctx, args, 3))?;
    let names = Vec::<String>::from_js(ctx, arg(ctx, args, 4))?;
    let module = VmModule {
        realm: ctx.as_raw().as_ptr(),
        def: std::ptr::null_mut(),
        name,
        source,
        line,
        links: specifiers.into_iter().zip(names).collect(),
    };
    register(ctx, module)
}

fn register<'js>(ctx: &Ctx<'js>, module: VmModule) -> Result<Value<'js>> {
    let id = MODULES.with(|m| {
        let mut modules = m.borrow_mut();
        modules.push(module);
        modules.len() - 1
    });
    Ok(Value::new_int(ctx.clone(), id as i32))
}

/// Property `name` of `object` as a string ("" when absent).
///
/// # Safety
/// `ctx` must be a live context and `object` a live value of its runtime.
unsafe fn string_property(ctx: *mut qjs::JSContext, object: qjs::JSValue, name: &CStr) -> String {
    // SAFETY: per the contract above; the C string is freed once copied.
    unsafe {
        let value = qjs::JS_GetPropertyStr(ctx, object, name.as_ptr());
        let text = qjs::JS_ToCString(ctx, value);
        qjs::JS_FreeValue(ctx, value);
        if text.is_null() {
            qjs::JS_FreeValue(ctx, qjs::JS_GetException(ctx));
            return String::new();
        }
        let copy = CStr::from_ptr(text).to_string_lossy().into_owned();
        qjs::JS_FreeCString(ctx, text);
        copy
    }
}

/// `syntheticModule(name, exportNames, evaluate)` (a native of the realm): a module of the
/// realm with the given exports, all undefined until set; `evaluate()` runs when the module
/// is evaluated. Returns its id.
pub fn synthetic<'js>(ctx: &Ctx<'js>, args: &[Value<'js>]) -> Result<Value<'js>> {
    let name = String::from_js(ctx, arg(ctx, args, 0))?;
    let export_names = Vec::<String>::from_js(ctx, arg(ctx, args, 1))?;
    let callback = arg(ctx, args, 2);
    let realm = ctx.as_raw().as_ptr();
    let c_name = CString::new(name.replace('\0', "\u{FFFD}"))?;
    // SAFETY: `realm` is the live realm this native was called in; the module is resolved
    // at once (it imports nothing), so it is never freed as unresolved.
    unsafe {
        let def = qjs::JS_NewCModule(realm, c_name.as_ptr(), Some(synthetic_init));
        if def.is_null() {
            return Err(Error::Exception);
        }
        for export in &export_names {
            let export = CString::new(export.replace('\0', "\u{FFFD}"))?;
            if qjs::JS_AddModuleExport(realm, def, export.as_ptr()) < 0 {
                return Err(Error::Exception);
            }
        }
        qjs::JS_SetModulePrivateValue(realm, def, qjs::JS_DupValue(realm, callback.as_raw()));
        if qjs::JS_ResolveModule(realm, module_value(def)) < 0 {
            return Err(Error::Exception);
        }
        let module = VmModule {
            realm,
            def,
            name,
            source: String::new(),
            line: 0,
            links: HashMap::new(),
        };
        register(ctx, module)
    }
}

unsafe extern "C" fn synthetic_init(ctx: *mut qjs::JSContext, def: *mut qjs::JSModuleDef) -> c_int {
    // SAFETY: QuickJS calls with the module's live realm; the callback is owned until freed.
    unsafe {
        let callback = qjs::JS_GetModulePrivateValue(ctx, def);
        let result = qjs::JS_Call(ctx, callback, qjs::JS_UNDEFINED, 0, std::ptr::null_mut());
        qjs::JS_FreeValue(ctx, callback);
        if qjs::JS_IsException(result) {
            return -1;
        }
        qjs::JS_FreeValue(ctx, result);
    }
    0
}

/// The realm and QuickJS record of compiled module `id`.
fn record(ctx: &Ctx<'_>, id: u32) -> Result<(*mut qjs::JSContext, *mut qjs::JSModuleDef)> {
    MODULES
        .with(|m| {
            m.borrow()
                .get(id as usize)
                .filter(|module| !module.def.is_null())
                .map(|module| (module.realm, module.def))
        })
        .ok_or_else(|| Exception::throw_range(ctx, "no such compiled vm module"))
}

/// `instantiateModule(id)`: compiles module `id`, if it is not compiled yet, with the
/// modules it imports that are not.
fn instantiate(ctx: Ctx<'_>, id: u32) -> Result<()> {
    if MODULES.with(|m| m.borrow().len()) <= id as usize {
        return Err(Exception::throw_range(&ctx, "no such vm module"));
    }
    // SAFETY: the module's realm is alive: the caller holds it.
    unsafe { compile_record(id as usize) }.ok_or(Error::Exception)?;
    Ok(())
}

/// `evaluateModule(id, timeoutMs)`: links and evaluates module `id` (once; later calls
/// return the same outcome) and returns the promise of its evaluation.
fn evaluate<'js>(ctx: Ctx<'js>, id: u32, timeout: Option<f64>) -> Result<Value<'js>> {
    let (realm, def) = record(&ctx, id)?;
    // SAFETY: the record is alive as long as its realm; `JS_EvalFunction` takes the
    // reference duplicated for it. A stop by the deadline rejects the promise with an
    // uncatchable error, which is made an ordinary one.
    unsafe {
        let value = module_value(def);
        let (promise, deadline) = with_deadline(timeout, || {
            qjs::JS_EvalFunction(realm, qjs::JS_DupValue(realm, value))
        });
        if qjs::JS_IsException(promise) {
            let exception = qjs::JS_GetException(realm);
            release_if_timed_out(realm, deadline, exception);
            qjs::JS_Throw(realm, exception);
            return Err(Error::Exception);
        }
        if qjs::JS_PromiseState(realm, promise) == qjs::JSPromiseStateEnum_JS_PROMISE_REJECTED {
            let reason = qjs::JS_PromiseResult(realm, promise);
            release_if_timed_out(realm, deadline, reason);
            qjs::JS_FreeValue(realm, reason);
        }
        Ok(Value::from_raw(ctx, promise))
    }
}

/// `moduleNamespace(id)`: the namespace object of module `id` (evaluated or evaluating).
/// Like the other natives taking an id, it is called only for a compiled module.
fn namespace<'js>(ctx: Ctx<'js>, id: u32) -> Result<Value<'js>> {
    let (realm, def) = record(&ctx, id)?;
    // SAFETY: the record is alive as long as its realm; the namespace is owned.
    unsafe {
        let namespace = qjs::JS_GetModuleNamespace(realm, def);
        if qjs::JS_IsException(namespace) {
            return Err(Error::Exception);
        }
        Ok(Value::from_raw(ctx, namespace))
    }
}

/// `moduleMeta(id)`: the `import.meta` object of source text module `id`.
fn meta<'js>(ctx: Ctx<'js>, id: u32) -> Result<Value<'js>> {
    let (realm, def) = record(&ctx, id)?;
    // SAFETY: the record is alive as long as its realm; the object is owned.
    unsafe {
        let meta = qjs::JS_GetImportMeta(realm, def);
        if qjs::JS_IsException(meta) {
            return Err(Error::Exception);
        }
        Ok(Value::from_raw(ctx, meta))
    }
}

/// `setModuleExport(id, name, value)`: sets export `name` of synthetic module `id`, once it
/// is being evaluated.
fn set_export<'js>(ctx: Ctx<'js>, id: u32, name: String, value: Value<'js>) -> Result<()> {
    let (realm, def) = record(&ctx, id)?;
    let name = CString::new(name.replace('\0', "\u{FFFD}"))?;
    // SAFETY: the record is alive as long as its realm, and its bindings exist once it is
    // evaluated; the value reference is handed over.
    if unsafe {
        qjs::JS_SetModuleExport(
            realm,
            def,
            name.as_ptr(),
            qjs::JS_DupValue(realm, value.as_raw()),
        )
    } < 0
    {
        return Err(Exception::throw_reference(&ctx, "no such export"));
    }
    Ok(())
}
