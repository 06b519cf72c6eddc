//! Pre-initialization of the engine component with `wasmtime-wizer`: instantiate it once,
//! call its `init` export (QuickJS boots and loads the Node surface), and snapshot the
//! memory into a new component whose instances start booted. Per-process state (arguments,
//! environment, identity, clocks, random seeds) is deliberately not touched by `init`.

use super::ProcessState;
use wasmtime::component::{Component, Instance, Lift, Linker, WasmList};
use wasmtime::{Engine, Store};
use wasmtime_wizer::{ComponentInstanceState, Wizer};

/// The engine's initialization export (see `wit/kernel.wit`).
const INIT_EXPORT: &str = "init";

/// Returns the pre-initialized component's bytes.
pub async fn preinitialize(
    engine: &Engine,
    linker: &Linker<ProcessState>,
    wasm: &[u8],
) -> wasmtime::Result<Vec<u8>> {
    let mut wizer = Wizer::new();
    wizer.init_func(INIT_EXPORT).keep_init_func(true);
    let (context, instrumented) = wizer.instrument_component(wasm)?;
    let component = Component::new(engine, &instrumented)?;
    let mut store = Store::new(engine, ProcessState::for_initialization());
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    let instance = linker.instantiate_async(&mut store, &component).await?;
    let init = instance.get_typed_func::<(), ()>(&mut store, INIT_EXPORT)?;
    init.call_async(&mut store, ()).await?;
    let mut state = Snapshotting {
        store: &mut store,
        instance,
    };
    wizer.snapshot_component(&context, &mut state).await
}

/// Lets wizer read the instrumented instance's state through its accessor exports.
struct Snapshotting<'a> {
    store: &'a mut Store<ProcessState>,
    instance: Instance,
}

impl Snapshotting<'_> {
    async fn call<R: Lift + Send + Sync + 'static, T>(
        &mut self,
        instance: &str,
        func: &str,
        read: impl FnOnce(&mut Store<ProcessState>, R) -> T,
    ) -> T {
        let (_, exported) = self
            .instance
            .get_export(&mut *self.store, None, instance)
            .expect("wizer's instrumentation exports its accessor instance");
        let (_, export) = self
            .instance
            .get_export(&mut *self.store, Some(&exported), func)
            .expect("wizer's accessor instance exports each accessor");
        let accessor = self
            .instance
            .get_typed_func::<(), (R,)>(&mut *self.store, export)
            .expect("wizer's accessors have the types it generated");
        let (value,) = accessor
            .call_async(&mut *self.store, ())
            .await
            .expect("wizer's accessors only read memory and globals");
        read(&mut *self.store, value)
    }
}

impl ComponentInstanceState for Snapshotting<'_> {
    async fn call_func_ret_list_u8(
        &mut self,
        instance: &str,
        func: &str,
        contents: impl FnOnce(&[u8]) + Send,
    ) {
        self.call(instance, func, |store, list: WasmList<u8>| {
            contents(list.as_le_slice(store))
        })
        .await
    }

    async fn call_func_ret_s32(&mut self, instance: &str, func: &str) -> i32 {
        self.call(instance, func, |_, value| value).await
    }

    async fn call_func_ret_s64(&mut self, instance: &str, func: &str) -> i64 {
        self.call(instance, func, |_, value| value).await
    }

    async fn call_func_ret_f32(&mut self, instance: &str, func: &str) -> u32 {
        self.call(instance, func, |_, value: f32| value.to_bits())
            .await
    }

    async fn call_func_ret_f64(&mut self, instance: &str, func: &str) -> u64 {
        self.call(instance, func, |_, value: f64| value.to_bits())
            .await
    }
}
