//! The wasmtime side: the engine component pre-initialized and compiled once per host
//! process (and cached on disk), a linker with WASI p2 (stdio, clocks and random answered
//! by the kernel) and the `secure-exec:kernel` interfaces implemented over the kernel, and
//! the epoch ticker that lets long-running guests yield and be stopped.

mod bindings;
mod clocks;
mod component_cache;
mod epoch;
mod limits;
mod preinit;
mod process;
mod random;
mod stdio;

pub(crate) use bindings::{
    Entry, ModuleResolution as EntryModuleResolution, Platform as EntryPlatform, Source,
};
pub(crate) use clocks::{KernelMonotonicClock, KernelWallClock};
pub(crate) use limits::GuestLimiter;
pub(crate) use process::ProcessState;
pub(crate) use random::KernelRandom;
pub(crate) use stdio::{KernelOutput, OutputLimitExceeded};

use crate::error::{Error, Result};
use std::sync::{Arc, OnceLock};
use wasmtime::component::{HasSelf, Linker};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// The engine component, built by `host/build.rs` and embedded in the binary.
pub(crate) const ENGINE_WASM: &[u8] = include_bytes!(env!("SECURE_EXEC_ENGINE_WASM"));

/// Native stack a guest may use. QuickJS recursion uses far more native wasm stack than
/// shadow stack, and the engine stops JS recursion at 1 MiB of shadow stack; 16 MiB of
/// native stack leaves that check the one that fires. It is reserved per running guest as
/// virtual memory and only touched as deep as the guest recurses.
const MAX_WASM_STACK_BYTES: usize = 16 << 20;
/// Room on the async fiber stack for host frames below the guest's.
const ASYNC_STACK_HEADROOM_BYTES: usize = 1 << 20;

/// Most guest processes alive at once in one host process, across all runtimes. Each holds
/// a slot of the pooling allocator (an address-space reservation for its memory, tables
/// and async stack, reused warm by the next process). Reserving the pool costs about 7 µs
/// per slot when the first runtime is created (measured: 1,000 slots add 11 ms to a CLI
/// run), so the pool matches one runtime's process limit rather than a server's worth.
const MAX_LIVE_PROCESSES: u32 = 256;
/// Core instances, tables and memories one engine instance uses at most (the component's
/// main module plus the small shim modules of canonical ABI lowering).
const CORE_INSTANCES_PER_PROCESS: u32 = 16;
/// Linear memory of a pooled slot kept resident between processes. Within it, the pages a
/// process dirtied are restored from the snapshot by copying (found with Linux's
/// `PAGEMAP_SCAN`) instead of being returned to the kernel, so the next process in the slot
/// takes no page faults on them: a trivial run dirties ~170 pages, and on this VM faulting
/// them back in cost about as much as the run itself (0.7 ms → 0.35 ms per run). 12 MiB
/// covers the 8 MiB shadow stack and the heap a typical run touches; the price is ~10 ms
/// and ~20 MiB to populate a slot the first time it is used.
const KEEP_RESIDENT_BYTES: usize = 12 << 20;
/// Idle warm slots kept for reuse; each holds up to [`KEEP_RESIDENT_BYTES`] resident, so
/// this bounds the memory an idle host keeps for speed (16 × 12 MiB).
const MAX_WARM_IDLE_SLOTS: u32 = 16;
/// Largest linear memory a guest may be given (`memory_limit_bytes` cannot exceed it): the
/// size of each pooled slot's address-space reservation.
pub const MAX_GUEST_MEMORY_BYTES: u64 = 4 << 30;

/// What every runtime in this host process shares: the wasmtime engine and the engine
/// component, compiled and linked once, ready to instantiate.
pub(crate) struct EngineHost {
    pub engine: Engine,
    pub pre: bindings::EnginePre<ProcessState>,
    /// The builtin modules the engine offers, as it reports them.
    pub builtin_modules: Vec<String>,
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
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(MAX_LIVE_PROCESSES)
            .total_core_instances(MAX_LIVE_PROCESSES * CORE_INSTANCES_PER_PROCESS)
            .total_memories(MAX_LIVE_PROCESSES * CORE_INSTANCES_PER_PROCESS)
            .total_tables(MAX_LIVE_PROCESSES * CORE_INSTANCES_PER_PROCESS)
            .total_stacks(MAX_LIVE_PROCESSES)
            .max_memory_size(MAX_GUEST_MEMORY_BYTES as usize)
            .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
            .max_unused_warm_slots(MAX_WARM_IDLE_SLOTS)
            .table_keep_resident(KEEP_RESIDENT_BYTES);
        let mut config = Config::new();
        config
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool))
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
        let builtin_modules = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(query_builtin_modules(&engine, &pre))?;
        Ok(EngineHost {
            engine,
            pre,
            builtin_modules,
        })
    }
}

/// Asks an instance of the engine which builtin modules it has.
async fn query_builtin_modules(
    engine: &Engine,
    pre: &bindings::EnginePre<ProcessState>,
) -> wasmtime::Result<Vec<String>> {
    let mut store = wasmtime::Store::new(engine, ProcessState::for_initialization());
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    let instance = pre.instantiate_async(&mut store).await?;
    instance.call_builtin_modules(&mut store).await
}
