//! The secure-exec JavaScript engine: QuickJS-NG (through rquickjs) with the Node surface,
//! built as a WebAssembly component for the `secure-exec:kernel/engine` world.
//!
//! One instance runs one entry script: [`engine::run`] boots a QuickJS context, installs
//! the globals (`bootstrap`), evaluates the entry as an ES module or CommonJS, and drives
//! the event loop until no work is left. Every effect goes through the component's imports
//! (the kernel's WIT interfaces and WASI), never anywhere else.

mod bindings;
mod engine;
mod event_loop;
mod js_error;
mod module_loader;

wit_bindgen::generate!({
    world: "engine",
    path: "../wit",
});

struct Component;

impl Guest for Component {
    fn run(entry: Entry) -> Outcome {
        engine::run(entry)
    }
}

export!(Component);
