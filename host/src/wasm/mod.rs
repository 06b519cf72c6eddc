//! The wasmtime side: the engine and commands components compiled once per host process
//! (and cached on disk; the engine pre-initialized first), a linker whose WASI p2 is
//! answered by the kernel (stdio over kernel descriptors, `wasi:filesystem` over the VFS,
//! clocks and random from the kernel) next to the `secure-exec:kernel` interfaces, the
//! [`Launcher`](launch::Launcher) that runs processes, and the epoch ticker that lets
//! long-running guests yield and be stopped.

mod bindings;
mod clocks;
mod component_cache;
mod epoch;
mod kernel_streams;
pub(crate) mod launch;
mod limits;
mod net;
mod preinit;
mod process;
mod random;
mod wasi_filesystem;

pub(crate) use bindings::Source;
pub(crate) use clocks::{KernelMonotonicClock, KernelWallClock};
pub(crate) use process::ProcessState;
pub(crate) use random::KernelRandom;

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tokio::sync::OnceCell;
use wasmtime::component::{HasSelf, Linker};
use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};
use wasmtime_wasi::p2::bindings::CommandPre;

/// The engine component, built by `host/build.rs` and embedded in the binary.
pub(crate) const ENGINE_WASM: &[u8] = include_bytes!(env!("SECURE_EXEC_ENGINE_WASM"));
/// For engine development: a rebuilt engine component (a file path) that runs instead of
/// the embedded one, so JS changes need no host relink.
const DEV_ENGINE_ENV: &str = "SECURE_EXEC_DEV_ENGINE_WASM";
/// The commands component (`sh` and the coreutils in one multicall program).
const COMMANDS_WASM: &[u8] = include_bytes!(env!("SECURE_EXEC_COMMANDS_WASM"));
/// The commands in [`COMMANDS_WASM`], one name per line.
pub(crate) const COMMAND_NAMES: &str = include_str!(env!("SECURE_EXEC_COMMAND_NAMES"));

/// Most bytes one read or write call moves between a guest and the kernel, so a single
/// call cannot make the host allocate an arbitrarily large buffer.
pub(crate) const MAX_IO_CHUNK_BYTES: usize = 1 << 20;

/// Native stack a guest may use. A JS call in QuickJS takes more native wasm stack than
/// shadow stack, and the engine stops JS recursion at 4 MiB of shadow stack (about 15,000
/// calls); with the interpreter built at -O3, 16 MiB of native stack ran out first, so 32
/// MiB keeps the engine's check the one that fires. It is reserved per running guest as
/// virtual memory and only touched as deep as the guest recurses.
const MAX_WASM_STACK_BYTES: usize = 32 << 20;
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
/// process dirtied are restored from the snapshot by copying instead of being returned to
/// the kernel, so the next process in the slot takes no page faults on them: a trivial run
/// dirties ~170 pages, and on this VM faulting them back in cost about as much as the run
/// itself (0.7 ms → 0.35 ms per run). Linux's `PAGEMAP_SCAN` (`pagemap_scan`, kernel 6.7+)
/// finds the dirtied pages; without it Wasmtime copies the whole resident region back on
/// every reuse (16 MiB: 0.64 → 0.82 ms per trivial run, 17.6 → 35.7 ms per CLI run). It
/// must cover the whole snapshot (the 8 MiB shadow stack, the engine's static data and the
/// bootstrapped heap: about 15 MB today) plus what a typical run allocates; at 12 MiB the
/// snapshot outgrew it and the trivial run went from 0.46 to 0.76 ms. The price is ~10 ms
/// and ~24 MiB to populate a slot the first time it is used.
const KEEP_RESIDENT_BYTES: usize = 16 << 20;
/// Idle warm slots kept for reuse; each holds up to [`KEEP_RESIDENT_BYTES`] resident, so
/// this bounds the memory an idle host keeps for speed (16 × 16 MiB).
const MAX_WARM_IDLE_SLOTS: u32 = 16;
/// Largest linear memory a guest may be given (`memory_limit_bytes` cannot exceed it): the
/// size of each pooled slot's address-space reservation.
pub const MAX_GUEST_MEMORY_BYTES: u64 = 4 << 30;

/// What every runtime in this host process shares: the wasmtime engine and the engine
/// component, compiled and linked once, ready to instantiate.
pub(crate) struct EngineHost {
    pub engine: Engine,
    linker: Linker<ProcessState>,
    pub pre: bindings::EnginePre<ProcessState>,
    /// The builtin modules the engine offers, as it reports them.
    pub builtin_modules: Vec<String>,
    /// The commands component, compiled on first use (runs that spawn nothing never
    /// pay for it).
    commands: OnceCell<std::result::Result<CommandPre<ProcessState>, String>>,
    /// Command components of embedders' `commands_dir`s, by file, compiled on first use.
    external_commands: std::sync::Mutex<HashMap<PathBuf, CommandPre<ProcessState>>>,
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
            .pagemap_scan(Enabled::Auto)
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
        let linker = kernel_linker(&engine)?;
        epoch::start_ticker(&engine);
        let dev_engine = std::env::var_os(DEV_ENGINE_ENV)
            .map(std::fs::read)
            .transpose()?;
        let engine_wasm = dev_engine.as_deref().unwrap_or(ENGINE_WASM);
        let component = component_cache::load(&engine, engine_wasm, |wasm| {
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
            linker,
            pre,
            builtin_modules,
            commands: OnceCell::new(),
            external_commands: Default::default(),
        })
    }

    /// The command component in the file `path` (a `commands_dir` entry), ready to
    /// instantiate: compiled, or loaded from the disk cache, the first time it is used.
    pub async fn external_command(&self, path: &Path) -> Result<CommandPre<ProcessState>> {
        if let Some(pre) = self.lock_external().get(path) {
            return Ok(pre.clone());
        }
        let (engine, linker, file) = (self.engine.clone(), self.linker.clone(), path.to_path_buf());
        let pre = tokio::task::spawn_blocking(move || -> std::result::Result<_, String> {
            let wasm = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let component = component_cache::load(&engine, &wasm, |wasm| Ok(wasm.to_vec()))
                .and_then(|component| CommandPre::new(linker.instantiate_pre(&component)?))
                .map_err(|e| format!("{}: {e}", file.display()))?;
            Ok(component)
        })
        .await
        .map_err(|e| Error::Engine(e.to_string()))?
        .map_err(Error::Engine)?;
        self.lock_external().insert(path.to_path_buf(), pre.clone());
        Ok(pre)
    }

    fn lock_external(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<PathBuf, CommandPre<ProcessState>>> {
        self.external_commands
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The commands component, ready to instantiate (compiled or loaded from the disk
    /// cache the first time).
    pub async fn commands(&self) -> Result<CommandPre<ProcessState>> {
        self.commands
            .get_or_init(|| async {
                let (engine, linker) = (self.engine.clone(), self.linker.clone());
                tokio::task::spawn_blocking(move || -> wasmtime::Result<_> {
                    let component =
                        component_cache::load(&engine, COMMANDS_WASM, |wasm| Ok(wasm.to_vec()))?;
                    CommandPre::new(linker.instantiate_pre(&component)?)
                })
                .await
                .map_err(|e| e.to_string())
                .and_then(|loaded| loaded.map_err(|e| e.to_string()))
            })
            .await
            .clone()
            .map_err(Error::Engine)
    }
}

/// The linker every guest instantiates against: WASI p2 with the filesystem replaced by
/// the kernel's VFS, and the `secure-exec:kernel` interfaces.
fn kernel_linker(engine: &Engine) -> wasmtime::Result<Linker<ProcessState>> {
    use wasmtime_wasi::cli::{WasiCli, WasiCliView};
    use wasmtime_wasi::clocks::{WasiClocks, WasiClocksView};
    use wasmtime_wasi::p2::bindings::{cli, clocks, random, sockets};
    use wasmtime_wasi::random::WasiRandom;
    use wasmtime_wasi::sockets::{WasiSockets, WasiSocketsView};
    use wasmtime_wasi_io::bindings::wasi::io;
    let mut linker = Linker::<ProcessState>::new(engine);
    let l = &mut linker;
    struct Io;
    impl wasmtime::component::HasData for Io {
        type Data<'a> = &'a mut wasmtime::component::ResourceTable;
    }
    io::error::add_to_linker::<ProcessState, Io>(l, |s| &mut s.table)?;
    io::poll::add_to_linker::<ProcessState, Io>(l, |s| &mut s.table)?;
    io::streams::add_to_linker::<ProcessState, Io>(l, |s| &mut s.table)?;
    clocks::wall_clock::add_to_linker::<ProcessState, WasiClocks>(l, ProcessState::clocks)?;
    clocks::monotonic_clock::add_to_linker::<ProcessState, WasiClocks>(l, ProcessState::clocks)?;
    random::random::add_to_linker::<ProcessState, WasiRandom>(l, |s| s.wasi.random())?;
    random::insecure::add_to_linker::<ProcessState, WasiRandom>(l, |s| s.wasi.random())?;
    random::insecure_seed::add_to_linker::<ProcessState, WasiRandom>(l, |s| s.wasi.random())?;
    cli::exit::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::environment::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::stdin::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::stdout::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::stderr::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::terminal_input::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::terminal_output::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::terminal_stdin::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::terminal_stdout::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    cli::terminal_stderr::add_to_linker::<ProcessState, WasiCli>(l, ProcessState::cli)?;
    sockets::tcp_create_socket::add_to_linker::<ProcessState, WasiSockets>(
        l,
        ProcessState::sockets,
    )?;
    sockets::instance_network::add_to_linker::<ProcessState, WasiSockets>(
        l,
        ProcessState::sockets,
    )?;
    sockets::network::add_to_linker::<ProcessState, WasiSockets>(
        l,
        &Default::default(),
        ProcessState::sockets,
    )?;
    sockets::ip_name_lookup::add_to_linker::<ProcessState, WasiSockets>(l, ProcessState::sockets)?;
    sockets::tcp::add_to_linker::<ProcessState, WasiSockets>(l, ProcessState::sockets)?;
    sockets::udp::add_to_linker::<ProcessState, WasiSockets>(l, ProcessState::sockets)?;
    sockets::udp_create_socket::add_to_linker::<ProcessState, WasiSockets>(
        l,
        ProcessState::sockets,
    )?;
    wasi_filesystem::add_to_linker(l)?;
    bindings::Engine::add_to_linker::<ProcessState, HasSelf<ProcessState>>(l, |s| s)?;
    Ok(linker)
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
