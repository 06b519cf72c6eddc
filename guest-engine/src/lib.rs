//! The secure-exec JavaScript engine: QuickJS-NG (through rquickjs) with the Node surface,
//! built as a WebAssembly component for the `secure-exec:kernel/engine` world.
//!
//! One instance runs one entry script. [`engine::init`] boots a QuickJS context and loads
//! the Node surface (hosts run it during pre-initialization, so instances start booted);
//! [`engine::run`] binds the process (arguments, environment, identity, fresh randomness),
//! evaluates the entry as an ES module or CommonJS, and drives the event loop until no
//! work is left. Every effect goes through the component's imports
//! (the kernel's WIT interfaces and WASI), never anywhere else.

mod bindings;
mod engine;
mod event_loop;
mod io_watchers;
mod js_error;
mod module_loader;

mod wit {
    // The generated export glue takes one parameter per flattened record field.
    #![allow(clippy::too_many_arguments)]
    wit_bindgen::generate!({
        world: "engine",
        path: "../wit",
    });
}

use wit::{Entry, Guest, JsError, ModuleResolution, Outcome, Platform, Source, secure_exec};

struct Component;

impl Guest for Component {
    fn init() {
        engine::init();
    }

    fn builtin_modules() -> Vec<String> {
        bindings::public_builtin_names()
    }

    fn run(entry: Entry) -> Outcome {
        engine::run(entry)
    }
}

wit::export!(Component with_types_in wit);
