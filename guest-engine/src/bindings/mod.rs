//! Native bindings: the Rust half of the Node surface, reached from the engine's JavaScript
//! as `binding(name)`. Each submodule builds one binding object of plain functions; the JS
//! modules give them Node's API shape, argument validation and error messages.

mod buffer;
mod child_process;
mod crypto;
mod encoding;
mod engine;
mod fs;
mod http_parser;
mod io;
mod modules;
mod net;
mod process;
mod tls;
mod url;
mod util;
mod vm;
pub mod vm_module;
mod wasm;
mod zlib;

pub use crypto::{install_math_random, reseed_math_random};
pub use engine::STATE;
pub use modules::{builtin_source, compile_function, public_builtin_names};
pub(crate) use process::monotonic_ns;
pub use vm::deadline_passed;

use rquickjs::{Ctx, Exception, Function, Object, Result};

/// The `binding(name)` function handed to builtin modules.
pub fn binding_function<'js>(ctx: &Ctx<'js>) -> Result<Function<'js>> {
    Function::new(
        ctx.clone(),
        |ctx: Ctx<'js>, name: String| -> Result<Object<'js>> {
            match name.as_str() {
                "buffer" => buffer::create(&ctx),
                "child_process" => child_process::create(&ctx),
                "crypto" => crypto::create(&ctx),
                "encoding" => encoding::create(&ctx),
                "engine" => engine::create(&ctx),
                "fs" => fs::create(&ctx),
                "http_parser" => http_parser::create(&ctx),
                "io" => io::create(&ctx),
                "modules" => modules::create(&ctx),
                "net" => net::create(&ctx),
                "process" => process::create(&ctx),
                "tls" => tls::create(&ctx),
                "url" => url::create(&ctx),
                "util" => util::create(&ctx),
                "vm" => vm::create(&ctx),
                "wasm" => wasm::create(&ctx),
                "zlib" => zlib::create(&ctx),
                _ => Err(Exception::throw_reference(
                    &ctx,
                    &format!("no such binding: {name}"),
                )),
            }
        },
    )
}

/// The bytes of a `Uint8Array` (or Buffer), for the duration of one native call.
fn bytes<'a>(array: &'a rquickjs::TypedArray<'_, u8>) -> &'a [u8] {
    // SAFETY: natives use the slice before running any JavaScript, so nothing can detach
    // or resize the buffer while it is borrowed.
    unsafe { array.as_slice() }
}

/// Sets a native function on `object`.
fn set_fn<'js, F, P>(ctx: &Ctx<'js>, object: &Object<'js>, name: &str, f: F) -> Result<()>
where
    F: rquickjs::function::IntoJsFunc<'js, P> + 'js,
{
    let function = Function::new(ctx.clone(), f)?.with_name(name)?;
    object.set(name, function)
}
