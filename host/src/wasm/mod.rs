//! The wasmtime side: the engine component compiled once per host process (and cached on
//! disk), a linker with WASI p2 and the `secure-exec:kernel` interfaces implemented over
//! the kernel, and the epoch ticker that lets long-running guests yield and be stopped.

mod bindings;
mod component_cache;
mod epoch;
mod limits;
mod preinit;
mod process;
mod stdio;

pub(crate) use bindings::{Entry, Source};
pub(crate) use limits::GuestLimiter;
pub(crate) use process::ProcessState;
pub(crate) use stdio::{KernelOutput, OutputLimitExceeded};

use crate::error::{Error, Result};
use std::sync::{Arc, OnceLock};
use wasmtime::component::{HasSelf, Linker};
use wasmtime::{Config, Engine};

/// The engine component, built by `host/build.rs` and embedded in the binary.
pub(crate) const ENGINE_WASM: &[u8] = include_bytes!(env!("SECURE_EXEC_ENGINE_WASM"));

/// Native stack a guest may use. QuickJS recursion uses far more native wasm stack than
/// shadow stack, and the engine stops JS recursion at 1 MiB of shadow stack; 16 MiB of
/// native stack leaves that check the one that fires. It is reserved per running guest as
/// virtual memory and only touched as deep as the guest recurses.
const MAX_WASM_STACK_BYTES: usize = 16 << 20;
/// Room on the async fiber stack for host frames below the guest's.
const ASYNC_STACK_HEADROOM_BYTES: usize = 1 << 20;

/// What every runtime in this host process shares: the wasmtime engine and the engine
/// component, compiled and linked once, ready to instantiate.
pub(crate) struct EngineHost {
    pub engine: Engine,
    pub pre: bindings::EnginePre<ProcessState>,
}

static SHARED: OnceLock<std::result::Result<Arc<EngineHost>, String>> = OnceLock::new();

/// The shared [`EngineHost`], loading it on first use (blocking: call it off the async
/// executor the first time).
pub(crate) fn shared() -> Result<Arc<EngineHost>> {
    SHARED
        .get_or_init(|| EngineHost::load().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(Error::Engine)
}

impl EngineHost {
    fn load() -> wasmtime::Result<Self> {
        let mut config = Config::new();
        config
            .epoch_interruption(true)
            .wasm_component_model(true)
            .max_wasm_stack(MAX_WASM_STACK_BYTES)
            .async_stack_size(MAX_WASM_STACK_BYTES + ASYNC_STACK_HEADROOM_BYTES);
        let engine = Engine::new(&config)?;
        let mut linker = Linker::<ProcessState>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        bindings::Engine::add_to_linker::<ProcessState, HasSelf<ProcessState>>(&mut linker, |s| s)?;
        epoch::start_ticker(&engine);
        let component = component_cache::load(&engine, ENGINE_WASM, |wasm| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?
                .block_on(preinit::preinitialize(&engine, &linker, wasm))
        })?;
        let pre = bindings::EnginePre::new(linker.instantiate_pre(&component)?)?;
        Ok(EngineHost { engine, pre })
    }
}
