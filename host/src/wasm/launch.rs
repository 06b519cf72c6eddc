//! Starting processes: once the kernel has entered a process in its table (the host API's
//! runs, or a guest's `spawn`), the [`Launcher`] starts the program behind it on its own
//! tokio task: the engine component for `node`, the commands component for `sh` and the
//! coreutils. The task ends the process in the kernel however the program ends: by
//! returning, by a trap, or by a signal (which drops the running instance).

use super::EngineHost;
use super::bindings::{
    Entry, ModuleResolution as EntryModuleResolution, Platform as EntryPlatform, Source,
};
use super::kernel_streams::{KilledBySignal, OutputLimitExceeded};
use super::process::ProcessState;
use crate::error::Error;
use crate::options::{ModuleResolution, Platform};
use crate::result::GuestError;
use crate::tools::{self, ToolRegistry};
use secure_exec_kernel::program::TOOL_PROGRAM_PREFIX;
use secure_exec_kernel::{ExitStatus, Kernel, Pid, Signal, Spawned, path};
use std::sync::Arc;
use wasmtime::Store;
use wasmtime_wasi::I32Exit;
use wasmtime_wasi::p2::bindings::CommandPre;

/// `process.execPath` and `argv[0]` of guest Node processes.
pub const NODE_EXEC_PATH: &str = "/usr/bin/node";
/// Host program name of the engine (`#!secure-exec:node`).
pub const NODE_PROGRAM: &str = "node";
/// Prefix of the host program names of built-in commands (`#!secure-exec:coreutils/ls`).
pub const COMMAND_PROGRAM_PREFIX: &str = "coreutils/";
/// Prefix of the host program names of `commands_dir` commands.
pub const COMMANDS_DIR_PROGRAM_PREFIX: &str = "commands-dir/";

/// Largest script `node` reads from its stdin, so an endless producer (`yes | node`)
/// cannot make the host buffer without bound.
const MAX_STDIN_SCRIPT_BYTES: usize = 64 << 20;

/// How `node` processes of a runtime load code (the runtime's options).
#[derive(Clone)]
pub struct NodeSettings {
    pub platform: Platform,
    pub module_resolution: ModuleResolution,
    pub allowed_builtins: Option<Vec<String>>,
    pub conditions: Vec<String>,
}

/// How a process ended, with what the engine reported and what the host saw.
pub struct ProcessOutcome {
    pub status: ExitStatus,
    /// The JSON the script handed to `__return` (engine processes).
    pub result_json: Option<String>,
    /// The uncaught exception that ended the script (engine processes).
    pub error: Option<GuestError>,
    /// A host-side failure: a trap, a memory or output limit, a start failure.
    pub failure: Option<Error>,
}

impl ProcessOutcome {
    fn status(status: ExitStatus) -> Self {
        ProcessOutcome {
            status,
            result_json: None,
            error: None,
            failure: None,
        }
    }

    fn failed(status: ExitStatus, failure: Error) -> Self {
        ProcessOutcome {
            failure: Some(failure),
            ..ProcessOutcome::status(status)
        }
    }
}

/// Records a process as killed if its run ends without recording its exit.
struct ExitOnDrop {
    kernel: Arc<Kernel>,
    pid: Pid,
}

impl Drop for ExitOnDrop {
    fn drop(&mut self) {
        // A no-op when the run recorded the real status first.
        self.kernel
            .processes()
            .exit(self.pid, ExitStatus::Signaled(Signal::SIGKILL));
    }
}

/// Starts a runtime's processes; shared by the runtime and every process's store.
pub struct Launcher {
    pub host: Arc<EngineHost>,
    pub kernel: Arc<Kernel>,
    pub node: NodeSettings,
    pub memory_limit_bytes: u64,
    pub capture_limit_bytes: usize,
    pub tools: ToolRegistry,
    /// The embedder's replacement for the built-in commands, if any.
    pub commands_dir: Option<std::path::PathBuf>,
}

/// A single path component that names a file: no separators, not `.` or `..`.
fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('/') && name != "." && name != ".."
}

impl Launcher {
    /// Runs the program of the kernel process `spawned` on a new task. `entry` overrides
    /// what a `node` process runs (the host API's scripts); otherwise it comes from argv.
    pub fn start(
        self: &Arc<Self>,
        spawned: Spawned,
        entry: Option<Entry>,
    ) -> tokio::task::JoinHandle<ProcessOutcome> {
        tokio::spawn(self.clone().run(spawned, entry))
    }

    /// Runs the program of the kernel process `spawned` to its end, or until a signal ends
    /// it, and records its exit status in the kernel. (A caller that awaits the outcome at
    /// once runs this inline rather than through [`start`](Self::start).)
    pub async fn run(self: Arc<Self>, spawned: Spawned, entry: Option<Entry>) -> ProcessOutcome {
        let pid = spawned.pid;
        // However this future ends (dropped on a timeout, or a panic), the kernel hears
        // of the exit, so the parent's `wait` and the process's pipes are not left hanging.
        let killed_unless_done = ExitOnDrop {
            kernel: self.kernel.clone(),
            pid,
        };
        let processes = self.kernel.processes();
        let outcome = tokio::select! {
            outcome = self.execute(spawned, entry) => outcome,
            signal = processes.signalled(pid) => ProcessOutcome::status(ExitStatus::Signaled(signal)),
        };
        processes.exit(pid, outcome.status);
        drop(killed_unless_done);
        outcome
    }

    async fn execute(self: &Arc<Self>, spawned: Spawned, entry: Option<Entry>) -> ProcessOutcome {
        if spawned.program == NODE_PROGRAM {
            return self.run_node(spawned, entry).await;
        }
        if let Some(command) = spawned.program.strip_prefix(COMMAND_PROGRAM_PREFIX) {
            let pre = self.host.commands().await;
            return self
                .run_command(spawned.pid, pre, command, spawned.argv)
                .await;
        }
        // The name comes from a file the guest can write: only a plain file name within
        // the directory may be loaded.
        if let (Some(command), Some(dir)) = (
            spawned
                .program
                .strip_prefix(COMMANDS_DIR_PROGRAM_PREFIX)
                .filter(|name| is_plain_file_name(name)),
            &self.commands_dir,
        ) {
            let pre = self
                .host
                .external_command(&dir.join(format!("{command}.wasm")))
                .await;
            return self
                .run_command(spawned.pid, pre, command, spawned.argv)
                .await;
        }
        if let Some(tool) = spawned.program.strip_prefix(TOOL_PROGRAM_PREFIX) {
            let status =
                tools::run(&self.tools, &self.kernel, spawned.pid, tool, &spawned.argv).await;
            return ProcessOutcome::status(status);
        }
        let message = format!("{}: no such host program\n", spawned.program);
        self.report(spawned.pid, &message);
        ProcessOutcome::status(ExitStatus::Exited(127))
    }

    /// Writes a message on the process's stderr (for failures before its program runs).
    fn report(&self, pid: Pid, message: &str) {
        if let Ok(stderr) = self.kernel.process_fs(pid).and_then(|fs| fs.description(2)) {
            let _ = stderr.write(message.as_bytes(), None);
        }
    }

    fn store(self: &Arc<Self>, pid: Pid, argv: &[String]) -> Result<Store<ProcessState>, Error> {
        let state = ProcessState::new(self.clone(), pid, argv).map_err(Error::Spawn)?;
        let mut store = Store::new(&self.host.engine, state);
        store.limiter(|state| &mut state.limiter);
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);
        Ok(store)
    }

    /// Classifies a trap: a signal the process raised, a limit, or a crash.
    fn trapped(store: &Store<ProcessState>, trap: wasmtime::Error) -> ProcessOutcome {
        if let Some(KilledBySignal(signal)) = trap.downcast_ref::<KilledBySignal>() {
            return ProcessOutcome::status(ExitStatus::Signaled(*signal));
        }
        if let Some(exit) = trap.downcast_ref::<I32Exit>() {
            return ProcessOutcome::status(ExitStatus::Exited(exit.0 as u8));
        }
        if let Some(e) = trap.downcast_ref::<OutputLimitExceeded>() {
            let failure = Error::OutputLimit {
                stream: e.stream.clone(),
                limit_bytes: e.limit_bytes,
            };
            return ProcessOutcome::failed(ExitStatus::Signaled(Signal::SIGPIPE), failure);
        }
        let limiter = &store.data().limiter;
        if limiter.hit_memory_limit {
            let failure = Error::MemoryLimit {
                limit_bytes: limiter.memory_limit_bytes(),
            };
            return ProcessOutcome::failed(ExitStatus::Signaled(Signal::SIGKILL), failure);
        }
        ProcessOutcome::failed(ExitStatus::Exited(134), Error::Trap(format!("{trap:?}")))
    }

    async fn run_node(self: &Arc<Self>, spawned: Spawned, entry: Option<Entry>) -> ProcessOutcome {
        let pid = spawned.pid;
        let (entry, argv) = match entry {
            Some(entry) => (entry, spawned.argv),
            None => match self.node_entry(pid, &spawned.argv).await {
                Ok(parsed) => parsed,
                Err(message) => {
                    self.report(pid, &format!("node: {message}\n"));
                    return ProcessOutcome::status(ExitStatus::Exited(9));
                }
            },
        };
        let mut store = match self.store(pid, &argv) {
            Ok(store) => store,
            Err(e) => return ProcessOutcome::failed(ExitStatus::Exited(1), e),
        };
        let instance = match self.host.pre.instantiate_async(&mut store).await {
            Ok(instance) => instance,
            Err(e) => {
                let failure = Error::Instantiate(e.to_string());
                return ProcessOutcome::failed(ExitStatus::Exited(1), failure);
            }
        };
        let outcome = match instance.call_run(&mut store, &entry).await {
            Ok(outcome) => outcome,
            Err(trap) => return Self::trapped(&store, trap),
        };
        let limiter = &store.data().limiter;
        if limiter.hit_memory_limit && outcome.exit_code != 0 {
            let failure = Error::MemoryLimit {
                limit_bytes: limiter.memory_limit_bytes(),
            };
            return ProcessOutcome::failed(ExitStatus::Exited(outcome.exit_code), failure);
        }
        ProcessOutcome {
            status: ExitStatus::Exited(outcome.exit_code),
            result_json: outcome.result_json,
            error: outcome.error.map(|e| GuestError {
                name: e.name,
                message: e.message,
                stack: e.stack,
                code: e.code,
            }),
            failure: None,
        }
    }

    async fn run_command(
        self: &Arc<Self>,
        pid: Pid,
        pre: Result<CommandPre<ProcessState>, Error>,
        command: &str,
        mut argv: Vec<String>,
    ) -> ProcessOutcome {
        let pre = match pre {
            Ok(pre) => pre,
            Err(e) => {
                self.report(pid, &format!("{command}: {e}\n"));
                return ProcessOutcome::failed(ExitStatus::Exited(127), e);
            }
        };
        // A multicall component dispatches on argv[0]: it is the command's name.
        match argv.first_mut() {
            Some(first) => *first = command.to_string(),
            None => argv.push(command.to_string()),
        }
        let mut store = match self.store(pid, &argv) {
            Ok(store) => store,
            Err(e) => return ProcessOutcome::failed(ExitStatus::Exited(1), e),
        };
        let command = match pre.instantiate_async(&mut store).await {
            Ok(command) => command,
            Err(e) => {
                let failure = Error::Instantiate(e.to_string());
                return ProcessOutcome::failed(ExitStatus::Exited(1), failure);
            }
        };
        match command.wasi_cli_run().call_run(&mut store).await {
            Ok(Ok(())) => ProcessOutcome::status(ExitStatus::Exited(0)),
            Ok(Err(())) => ProcessOutcome::status(ExitStatus::Exited(1)),
            Err(trap) => Self::trapped(&store, trap),
        }
    }

    /// The entry and `process.argv` of `node [options] [script | -e code | -p code] [args]`.
    async fn node_entry(&self, pid: Pid, argv: &[String]) -> Result<(Entry, Vec<String>), String> {
        let cwd = self
            .kernel
            .process_fs(pid)
            .map(|fs| fs.cwd().to_string())
            .map_err(|e| e.to_string())?;
        let mut args = argv.iter().skip(1);
        let mut source = None;
        let mut script = None;
        let mut exec_argv = Vec::new();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "-e" | "--eval" => {
                    let code = args.next().ok_or("-e requires an argument")?;
                    exec_argv.extend([arg.clone(), code.clone()]);
                    source = Some(code.clone());
                }
                "-p" | "--print" | "-pe" => {
                    let code = args.next().ok_or("-p requires an argument")?;
                    exec_argv.extend([arg.clone(), code.clone()]);
                    let quoted = serde_json::to_string(code).map_err(|e| e.to_string())?;
                    source = Some(format!("console.log((0, eval)({quoted}))"));
                }
                "--" => {
                    script = args.next().cloned();
                    break;
                }
                option if NODE_OPTIONS_WITH_VALUE.contains(&option) => {
                    let value = args
                        .next()
                        .ok_or(format!("{option} requires an argument"))?;
                    exec_argv.extend([option.to_string(), value.clone()]);
                }
                option if option.starts_with('-') && option != "-" => {
                    exec_argv.push(option.to_string())
                }
                file => {
                    script = Some(file.to_string());
                    break;
                }
            }
        }
        let rest: Vec<String> = args.cloned().collect();
        let mut process_argv = vec![NODE_EXEC_PATH.to_string()];
        let (source, filename) = match (source, script) {
            (Some(code), script) => {
                process_argv.extend(script);
                (
                    Source::Code(code),
                    path::resolve(&cwd, "[eval]").map_err(|e| e.to_string())?,
                )
            }
            (None, Some(file)) if file != "-" => {
                let absolute = path::resolve(&cwd, &file).map_err(|e| e.to_string())?;
                process_argv.push(absolute.clone());
                (Source::Path(absolute.clone()), absolute)
            }
            // `node --test` without files looks for test files itself; `node -i` reads
            // stdin with its REPL; `node -v` only prints the version.
            (None, None)
                if exec_argv.iter().any(|option| {
                    matches!(
                        option.as_str(),
                        "--test" | "-i" | "--interactive" | "-v" | "--version"
                    )
                }) =>
            {
                (
                    Source::Code(String::new()),
                    path::resolve(&cwd, "[eval]").map_err(|e| e.to_string())?,
                )
            }
            (None, _) => {
                let code = self.read_stdin(pid).await.map_err(|e| e.to_string())?;
                let code = String::from_utf8(code).map_err(|_| "stdin is not UTF-8 text")?;
                (
                    Source::Code(code),
                    path::resolve(&cwd, "[stdin]").map_err(|e| e.to_string())?,
                )
            }
        };
        process_argv.extend(rest);
        Ok((self.entry(source, filename, exec_argv), process_argv))
    }

    /// All of a process's stdin, for `node` reading its script from it (`EFBIG` past
    /// [`MAX_STDIN_SCRIPT_BYTES`]).
    async fn read_stdin(&self, pid: Pid) -> secure_exec_kernel::KernelResult<Vec<u8>> {
        let stdin = self.kernel.process_fs(pid)?.description(0)?;
        let mut code = Vec::new();
        loop {
            let chunk = stdin.read_wait(super::MAX_IO_CHUNK_BYTES, None).await?;
            if chunk.is_empty() {
                return Ok(code);
            }
            if code.len() + chunk.len() > MAX_STDIN_SCRIPT_BYTES {
                return Err(secure_exec_kernel::Errno::EFBIG);
            }
            code.extend_from_slice(&chunk);
        }
    }

    /// The engine entry for `source`, under the runtime's settings and the Node options
    /// `exec_argv` (the conditions they name join the runtime's).
    pub fn entry(&self, source: Source, filename: String, exec_argv: Vec<String>) -> Entry {
        let module_resolution = match self.node.module_resolution {
            ModuleResolution::Node => EntryModuleResolution::Node,
            ModuleResolution::Relative => EntryModuleResolution::Relative,
            ModuleResolution::None => EntryModuleResolution::None,
        };
        let (platform, allowed_builtins) = match self.node.platform {
            Platform::Node => (EntryPlatform::Node, self.node.allowed_builtins.clone()),
            Platform::Browser => (EntryPlatform::Browser, Some(Vec::new())),
            Platform::Neutral => (EntryPlatform::Neutral, Some(Vec::new())),
            Platform::Bare => (EntryPlatform::Bare, Some(Vec::new())),
        };
        let mut conditions = self.node.conditions.clone();
        conditions.extend(conditions_option(&exec_argv));
        Entry {
            source,
            platform,
            filename,
            module_resolution,
            allowed_builtins,
            conditions,
            exec_argv,
        }
    }
}

/// Node options that take their value as the next argument (`-r mod`, `-C cond`); the
/// others are single words or carry their value after `=`.
const NODE_OPTIONS_WITH_VALUE: &[&str] = &[
    "-r",
    "--require",
    "--import",
    "-C",
    "--conditions",
    "--loader",
    "--experimental-loader",
    "--input-type",
    "--title",
    "--env-file",
    "--env-file-if-exists",
    "--test-reporter",
    "--test-reporter-destination",
    "--test-name-pattern",
    "--test-skip-pattern",
    "--test-concurrency",
    "--test-timeout",
    "--test-shard",
];

/// The conditions `-C x`, `--conditions x` and `--conditions=x` name in `exec_argv`.
fn conditions_option(exec_argv: &[String]) -> impl Iterator<Item = String> + '_ {
    exec_argv.iter().enumerate().filter_map(|(i, option)| {
        match option.strip_prefix("--conditions=") {
            Some(value) => Some(value.to_string()),
            None if option == "-C" || option == "--conditions" => exec_argv.get(i + 1).cloned(),
            None => None,
        }
    })
}
