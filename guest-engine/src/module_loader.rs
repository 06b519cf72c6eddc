//! ES module resolution and loading for QuickJS, delegated to the JS module system
//! (`internal/modules`) so `import` and `require` share one resolver.
//!
//! Files in ES module format are compiled as modules. Builtins, CommonJS files and JSON
//! become small synthetic modules that take their value from the CommonJS side through
//! the native `secure-exec:internal` module, exporting `default` plus the value's keys as
//! named exports (how Node exposes CommonJS to `import`). Imports by `vm` modules resolve
//! to the modules JavaScript linked them to, and `import()` in `vm` code to the module its
//! `importModuleDynamically` gives (`bindings::vm_module`).

use crate::bindings::{STATE, vm_module};
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::{Declarations, Exports, ModuleDef};
use rquickjs::{Ctx, Error, Function, Module, Object, Result, Value};

/// The native module synthetic modules import their value from.
const INTERNAL_MODULE: &str = "secure-exec:internal";

/// Whether `ctx` is a realm other than the main one (a `vm` context or a `ShadowRealm`).
pub(crate) fn in_other_realm(ctx: &Ctx<'_>) -> bool {
    let realm = ctx.as_raw().as_ptr() as usize;
    STATE.with(|s| s.borrow().main_realm.is_some_and(|main| main != realm))
}

/// Calls the named hook of `internal/bootstrap`.
pub fn hook<'js>(ctx: &Ctx<'js>, name: &str) -> Result<Function<'js>> {
    let hooks = STATE.with(|s| s.borrow().hooks.clone());
    let hooks: Object = hooks.ok_or(Error::Unknown)?.restore(ctx)?;
    hooks.get(name)
}

pub struct ModuleResolver;

impl Resolver for ModuleResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        if name == INTERNAL_MODULE {
            return Ok(name.to_string());
        }
        if let Some(linked) = vm_module::resolve_linked(ctx, base, name, attributes.as_ref())? {
            return Ok(linked);
        }
        hook(ctx, "resolveImport")?.call((name.to_string(), base.to_string(), in_other_realm(ctx)))
    }
}

pub struct ModuleLoader;

impl Loader for ModuleLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, rquickjs::module::Declared>> {
        if name == INTERNAL_MODULE {
            return Module::declare_def::<InternalModule, _>(ctx.clone(), name);
        }
        if let Some(module) = vm_module::load_linked(ctx, name) {
            return module;
        }
        let loaded: Object =
            hook(ctx, "loadImport")?.call((name.to_string(), in_other_realm(ctx)))?;
        let format: String = loaded.get("format")?;
        let source = if format == "module" {
            loaded.get::<_, String>("source")?
        } else {
            synthetic_source(name, &loaded.get::<_, Vec<String>>("exportNames")?)
        };
        let module = Module::declare(ctx.clone(), name, source)?;
        set_import_meta(ctx, &module, name)?;
        Ok(module)
    }
}

/// Fills `import.meta` (`url`, `filename`, `dirname`, `resolve`) for a module.
pub fn set_import_meta<'js, T>(ctx: &Ctx<'js>, module: &Module<'js, T>, name: &str) -> Result<()> {
    let meta = module.meta()?;
    let fill: Function = hook(ctx, "fillImportMeta")?;
    fill.call::<_, Value>((meta, name.to_string()))?;
    Ok(())
}

fn synthetic_source(name: &str, export_names: &[String]) -> String {
    let id = serde_like_quote(name);
    let mut source = format!(
        "import {{ load }} from \"{INTERNAL_MODULE}\";\nconst value = load({id});\nexport default value;\n"
    );
    let names: Vec<&str> = export_names
        .iter()
        .map(String::as_str)
        .filter(|n| is_identifier(n) && *n != "default")
        .collect();
    if !names.is_empty() {
        source.push_str(&format!(
            "export const {{ {} }} = value;\n",
            names.join(", ")
        ));
    }
    source
}

/// A JS string literal for `text`.
fn serde_like_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const RESERVED: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "arguments",
    "eval",
];

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let valid_start = chars
        .next()
        .is_some_and(|c| c == '_' || c == '$' || c.is_alphabetic());
    valid_start
        && chars.all(|c| c == '_' || c == '$' || c.is_alphanumeric())
        && !RESERVED.contains(&name)
}

/// `secure-exec:internal`: `load(id)` returns the CommonJS-side value of a builtin,
/// CommonJS file or JSON file for a synthetic module.
struct InternalModule;

impl ModuleDef for InternalModule {
    fn declare<'js>(declarations: &Declarations<'js>) -> Result<()> {
        declarations.declare("load")?;
        Ok(())
    }

    fn evaluate<'js>(ctx: &Ctx<'js>, exports: &Exports<'js>) -> Result<()> {
        exports.export("load", hook(ctx, "loadForImport")?)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_modules_export_identifier_keys() {
        let names = ["join".to_string(), "default".to_string(), "a-b".to_string()];
        let source = synthetic_source("node:path", &names);
        assert!(source.contains("load(\"node:path\")"));
        assert!(source.contains("export const { join } = value;"));
    }
}
