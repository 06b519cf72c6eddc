//! [`NodeRuntime`]: one sandbox. It owns a kernel (VFS, process table, permissions); each
//! `run`/`exec` is a new guest process — a fresh instance of the engine component — over
//! that one VFS, with its own timeout, cancellation and output streams.

use crate::error::{Error, Result};
use crate::options::{
    DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT, ModuleResolution, NodeRuntimeOptions, Platform,
    RunOptions, Script,
};
use crate::result::{ExecResult, GuestError, RunResult};
use crate::wasm::{
    self, EngineHost, Entry, EntryModuleResolution, EntryPlatform, GuestLimiter,
    KernelMonotonicClock, KernelOutput, KernelRandom, KernelWallClock, OutputLimitExceeded,
};
use secure_exec_kernel::output::{DEFAULT_CAPTURE_LIMIT_BYTES, OutputListener, OutputStream};
use secure_exec_kernel::vfs::Credentials;
use secure_exec_kernel::{DEFAULT_HOME, INIT_PID, Kernel, KernelConfig, Pid, ProcessSpec, path};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use wasmtime::Store;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::WasiCtxBuilder;
use wasmtime_wasi::p2::pipe::MemoryInputPipe;

/// `process.execPath` and `argv[0]` of guest Node processes.
pub const NODE_EXEC_PATH: &str = "/usr/bin/node";
/// `PATH` of guest processes unless the embedder sets one.
const DEFAULT_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// A sandboxed Node-compatible runtime. See the crate docs for an example.
pub struct NodeRuntime {
    kernel: Arc<Kernel>,
    host: Arc<EngineHost>,
    options: NodeRuntimeOptions,
    cwd: String,
}

/// One process's raw result, before it is shaped for `run` or `exec`.
struct ProcessRun {
    exit_code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    error: Option<GuestError>,
    result_json: Option<String>,
}

/// Where a guest process failed: starting its instance, or running it.
enum Failure {
    Start(wasmtime::Error),
    Run(wasmtime::Error),
}

/// Removes a process from the kernel's table however its run ends (even when the run's
/// future is dropped on timeout or cancellation).
struct Reaper<'k> {
    kernel: &'k Kernel,
    pid: Pid,
}

impl Drop for Reaper<'_> {
    fn drop(&mut self) {
        self.kernel.processes().reap(self.pid);
    }
}

impl NodeRuntime {
    /// Boots a runtime: loads the engine component (compiled once per host process and
    /// cached on disk), builds the kernel, mounts `mounts` and seeds `files`.
    ///
    /// ```no_run
    /// # use secure_exec_wasm::{NodeRuntime, NodeRuntimeOptions, Permissions, NetworkPolicy};
    /// # async fn example() -> secure_exec_wasm::Result<()> {
    /// let rt = NodeRuntime::create(NodeRuntimeOptions {
    ///     env: [("API_BASE".into(), "https://example.test".into())].into(),
    ///     cwd: Some("/home/user".into()),
    ///     files: [("/root/data.json".into(), br#"{"ok":true}"#.to_vec())].into(),
    ///     permissions: Permissions { network: NetworkPolicy::Allow, ..Default::default() },
    ///     ..Default::default()
    /// })
    /// .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn create(options: NodeRuntimeOptions) -> Result<Self> {
        let host = tokio::task::spawn_blocking(wasm::shared)
            .await
            .map_err(|e| Error::Engine(e.to_string()))??;
        if let Some(limit) = options.memory_limit_bytes
            && limit > wasm::MAX_GUEST_MEMORY_BYTES
        {
            return Err(Error::InvalidOption(format!(
                "memory_limit_bytes is {limit}, above the largest guest memory ({} bytes)",
                wasm::MAX_GUEST_MEMORY_BYTES
            )));
        }
        if options.allowed_builtins.is_some() && options.platform != Platform::Node {
            return Err(Error::InvalidOption(
                "allowed_builtins only applies to the node platform; the others deny every builtin"
                    .into(),
            ));
        }
        if let Some(allowed) = &options.allowed_builtins {
            let unknown: Vec<&str> = allowed
                .iter()
                .filter(|name| !host.builtin_modules.contains(name))
                .map(String::as_str)
                .collect();
            if !unknown.is_empty() {
                return Err(Error::InvalidOption(format!(
                    "allowed_builtins names unknown builtins: {}; valid names: {}",
                    unknown.join(", "),
                    host.builtin_modules.join(", ")
                )));
            }
        }
        let cwd = match &options.cwd {
            Some(cwd) if !cwd.starts_with('/') => {
                return Err(Error::InvalidOption(format!(
                    "cwd must be an absolute path, got {cwd:?}"
                )));
            }
            Some(cwd) => path::resolve("/", cwd).map_err(|errno| Error::Fs {
                path: cwd.clone(),
                errno,
            })?,
            None => DEFAULT_HOME.to_string(),
        };
        let mut config = KernelConfig {
            permissions: options.permissions.clone(),
            ..Default::default()
        };
        if let Some(clock) = &options.clock {
            config.clock = clock.clone();
        }
        if let Some(entropy) = &options.entropy {
            config.entropy = entropy.clone();
        }
        let kernel = Kernel::new(config);
        kernel
            .vfs()
            .create_dir(&cwd, 0o755, true, Credentials::ROOT)
            .map_err(|errno| Error::Fs {
                path: cwd.clone(),
                errno,
            })?;
        for mount in &options.mounts {
            kernel
                .mount_host_dir(&mount.guest_path, &mount.host_path, mount.read_only)
                .map_err(|source| Error::Mount {
                    host_path: mount.host_path.display().to_string(),
                    guest_path: mount.guest_path.clone(),
                    source,
                })?;
        }
        for (guest_path, bytes) in &options.files {
            kernel
                .write_file(guest_path, bytes)
                .map_err(|errno| Error::Fs {
                    path: guest_path.clone(),
                    errno,
                })?;
        }
        Ok(NodeRuntime {
            kernel: Arc::new(kernel),
            host,
            options,
            cwd,
        })
    }

    /// Runs `script` and returns the value it handed to `globalThis.__return`, decoded as
    /// `T`, with its exit code and output. A guest exception is part of the result
    /// (see [`RunResult::into_value`]); errors are host-side failures such as a timeout.
    ///
    /// ```no_run
    /// # use secure_exec_wasm::{NodeRuntime, RunOptions, Script};
    /// # async fn example(rt: &NodeRuntime) -> secure_exec_wasm::Result<()> {
    /// let sum: u32 = rt.run("__return([1, 2, 3].reduce((a, b) => a + b))", RunOptions::default())
    ///     .await?
    ///     .into_value()?;
    /// rt.write_file("/app/main.mjs", "import os from 'node:os'; __return(os.platform())").await?;
    /// let platform: String = rt.run(Script::file("/app/main.mjs"), RunOptions::default())
    ///     .await?
    ///     .into_value()?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn run<T: DeserializeOwned>(
        &self,
        script: impl Into<Script>,
        options: RunOptions,
    ) -> Result<RunResult<T>> {
        let run = self.run_process(script.into(), options).await?;
        let value = match &run.result_json {
            Some(json) => Some(serde_json::from_str(json).map_err(Error::ValueShape)?),
            None => None,
        };
        Ok(RunResult {
            value,
            exit_code: run.exit_code,
            stdout: run.stdout,
            stderr: run.stderr,
            error: run.error,
        })
    }

    /// Runs `script` as a process: exit code and captured output.
    ///
    /// ```no_run
    /// # use secure_exec_wasm::{NodeRuntime, RunOptions};
    /// # use std::{sync::Arc, time::Duration};
    /// # async fn example(rt: &NodeRuntime) -> secure_exec_wasm::Result<()> {
    /// let options = RunOptions {
    ///     timeout: Some(Duration::from_secs(5)),
    ///     stdin: Some(b"piped input".to_vec()),
    ///     on_stdout: Some(Arc::new(|chunk: &[u8]| print!("{}", String::from_utf8_lossy(chunk)))),
    ///     ..Default::default()
    /// };
    /// let out = rt.exec("console.log(process.argv.length); process.exitCode = 3", options).await?;
    /// assert_eq!(out.exit_code, 3);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn exec(&self, script: impl Into<Script>, options: RunOptions) -> Result<ExecResult> {
        let run = self.run_process(script.into(), options).await?;
        Ok(ExecResult {
            exit_code: run.exit_code,
            stdout: run.stdout,
            stderr: run.stderr,
            error: run.error,
        })
    }

    /// Writes a file into the VFS (creating parent directories), bypassing guest
    /// permissions: the host is privileged.
    pub async fn write_file(&self, guest_path: &str, data: impl AsRef<[u8]>) -> Result<()> {
        self.kernel
            .write_file(guest_path, data.as_ref())
            .map_err(|errno| Error::Fs {
                path: guest_path.to_string(),
                errno,
            })
    }

    /// Reads a whole file from the VFS.
    pub async fn read_file(&self, guest_path: &str) -> Result<Vec<u8>> {
        self.kernel
            .read_file(guest_path)
            .map_err(|errno| Error::Fs {
                path: guest_path.to_string(),
                errno,
            })
    }

    /// The runtime's kernel, for inspection.
    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    /// Releases the runtime: its VFS and process table are dropped.
    pub async fn dispose(self) {
        drop(self);
    }

    fn process_env(&self, options: &RunOptions) -> Vec<(String, String)> {
        let mut env = std::collections::BTreeMap::new();
        env.insert("HOME".to_string(), DEFAULT_HOME.to_string());
        env.insert("PATH".to_string(), DEFAULT_PATH.to_string());
        env.extend(self.options.env.clone());
        env.extend(options.env.clone());
        let permissions = self.kernel.permissions();
        env.into_iter()
            .filter(|(key, _)| permissions.env_visible(key))
            .collect()
    }

    async fn run_process(&self, script: Script, options: RunOptions) -> Result<ProcessRun> {
        let cwd = match &options.cwd {
            Some(dir) => path::resolve(&self.cwd, dir).map_err(|errno| Error::Fs {
                path: dir.clone(),
                errno,
            })?,
            None => self.cwd.clone(),
        };
        let (source, filename) = match script {
            Script::Code(code) => {
                let name = options
                    .filename
                    .clone()
                    .unwrap_or_else(|| "[eval]".to_string());
                let filename = path::resolve(&cwd, &name).map_err(|errno| Error::Fs {
                    path: name.clone(),
                    errno,
                })?;
                (wasm::Source::Code(code), filename)
            }
            Script::File(file) => {
                let filename = path::resolve(&cwd, &file).map_err(|errno| Error::Fs {
                    path: file.clone(),
                    errno,
                })?;
                (wasm::Source::Path(filename.clone()), filename)
            }
        };
        let mut argv = vec![NODE_EXEC_PATH.to_string()];
        if matches!(source, wasm::Source::Path(_)) {
            argv.push(filename.clone());
        }
        argv.extend(options.args.iter().cloned());
        let env = self.process_env(&options);
        let pid = self
            .kernel
            .processes()
            .spawn(ProcessSpec {
                ppid: INIT_PID,
                argv: argv.clone(),
                env: env.clone(),
                cwd,
                credentials: self.kernel.user(),
            })
            .map_err(Error::Spawn)?;
        let _reaper = Reaper {
            kernel: &self.kernel,
            pid,
        };

        let capture_limit = self
            .options
            .output_limit_bytes
            .unwrap_or(DEFAULT_CAPTURE_LIMIT_BYTES);
        let listener = |callback: &Option<crate::options::OutputCallback>| {
            callback.clone().map(|f| -> OutputListener { f })
        };
        let stdout = Arc::new(OutputStream::new(
            capture_limit,
            listener(&options.on_stdout),
        ));
        let stderr = Arc::new(OutputStream::new(
            capture_limit,
            listener(&options.on_stderr),
        ));
        let (clock, entropy) = (self.kernel.clock(), self.kernel.entropy());
        let insecure_seed = KernelRandom(entropy.clone()).seed();
        let wasi = WasiCtxBuilder::new()
            .args(&argv)
            .envs(&env)
            .stdin(MemoryInputPipe::new(
                options.stdin.clone().unwrap_or_default(),
            ))
            .stdout(KernelOutput::new(stdout.clone(), "stdout"))
            .stderr(KernelOutput::new(stderr.clone(), "stderr"))
            .wall_clock(KernelWallClock(clock.clone()))
            .monotonic_clock(KernelMonotonicClock(clock.clone()))
            .secure_random(KernelRandom(entropy.clone()))
            .insecure_random(KernelRandom(entropy.clone()))
            .insecure_random_seed(insecure_seed)
            .build();
        let memory_limit = self
            .options
            .memory_limit_bytes
            .unwrap_or(DEFAULT_MEMORY_LIMIT_BYTES);
        let state = wasm::ProcessState {
            kernel: self.kernel.clone(),
            pid,
            exec_path: NODE_EXEC_PATH.to_string(),
            wasi,
            table: ResourceTable::new(),
            limiter: GuestLimiter::new(memory_limit),
        };
        let mut store = Store::new(&self.host.engine, state);
        store.limiter(|state| &mut state.limiter);
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);

        let module_resolution = match self.options.module_resolution {
            ModuleResolution::Node => EntryModuleResolution::Node,
            ModuleResolution::Relative => EntryModuleResolution::Relative,
            ModuleResolution::None => EntryModuleResolution::None,
        };
        let (platform, allowed_builtins) = match self.options.platform {
            Platform::Node => (EntryPlatform::Node, self.options.allowed_builtins.clone()),
            Platform::Browser => (EntryPlatform::Browser, Some(Vec::new())),
            Platform::Neutral => (EntryPlatform::Neutral, Some(Vec::new())),
            Platform::Bare => (EntryPlatform::Bare, Some(Vec::new())),
        };
        let entry = Entry {
            source,
            platform,
            filename,
            module_resolution,
            allowed_builtins,
            conditions: self.options.conditions.clone(),
        };
        let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let signal = options.signal.clone().unwrap_or_default();
        let called = {
            let pre = &self.host.pre;
            let store = &mut store;
            let call = async move {
                let instance = pre
                    .instantiate_async(&mut *store)
                    .await
                    .map_err(Failure::Start)?;
                instance
                    .call_run(&mut *store, &entry)
                    .await
                    .map_err(Failure::Run)
            };
            tokio::select! {
                called = call => called,
                () = tokio::time::sleep(timeout) => return Err(Error::Timeout(timeout)),
                () = signal.cancelled() => return Err(Error::Cancelled),
            }
        };
        let hit_memory_limit = store.data().limiter.hit_memory_limit;
        let memory_error = Error::MemoryLimit {
            limit_bytes: store.data().limiter.memory_limit_bytes(),
        };
        let outcome = match called {
            Ok(outcome) => outcome,
            Err(Failure::Start(e)) => return Err(Error::Instantiate(e.to_string())),
            Err(Failure::Run(_)) if hit_memory_limit => return Err(memory_error),
            Err(Failure::Run(trap)) => {
                if let Some(e) = trap.downcast_ref::<OutputLimitExceeded>() {
                    return Err(Error::OutputLimit {
                        stream: e.stream,
                        limit_bytes: e.limit_bytes,
                    });
                }
                return Err(Error::Trap(format!("{trap:?}")));
            }
        };
        if hit_memory_limit && outcome.exit_code != 0 {
            return Err(memory_error);
        }
        Ok(ProcessRun {
            exit_code: i32::from(outcome.exit_code),
            stdout: stdout.contents(),
            stderr: stderr.contents(),
            error: outcome.error.map(|e| GuestError {
                name: e.name,
                message: e.message,
                stack: e.stack,
                code: e.code,
            }),
            result_json: outcome.result_json,
        })
    }
}
