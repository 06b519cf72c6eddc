//! [`NodeRuntime`]: one sandbox. It owns a kernel (VFS, process table, permissions); each
//! `run`/`exec` is a new guest process — a fresh instance of the engine component — over
//! that one VFS, with its own timeout, cancellation and output streams.

use crate::error::{Error, Result};
use crate::options::{
    DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT, NodeRuntimeOptions, Platform, RunOptions, Script,
};
use crate::result::{ExecResult, GuestError, RunResult};
use crate::wasm::launch::{
    COMMAND_PROGRAM_PREFIX, COMMANDS_DIR_PROGRAM_PREFIX, Launcher, NODE_PROGRAM, NodeSettings,
    ProcessOutcome,
};
use crate::wasm::{self, COMMAND_NAMES, Source};
use secure_exec_kernel::fd_table::{Endpoint, OpenFileDescription};
use secure_exec_kernel::output::{DEFAULT_CAPTURE_LIMIT_BYTES, OutputListener, OutputStream};
use secure_exec_kernel::pipe;
use secure_exec_kernel::vfs::Credentials;
use secure_exec_kernel::{
    DEFAULT_HOME, INIT_PID, Kernel, KernelConfig, Pid, Signal, SpawnRequest, Spawned, path,
};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::network::fetch::{self, FetchRequest, FetchResponse};
use crate::network::host_network::TokioNetwork;
use crate::network::listener::{self, Listening, WaitForListener};
use crate::network::publish::{self, PublishedPort};
use crate::process_handle::{ProcessHandle, signal_name};
use crate::tools::{TOOLS_DIR, Tool, ToolRegistry};
pub use crate::wasm::launch::NODE_EXEC_PATH;
use secure_exec_kernel::program::TOOL_PROGRAM_PREFIX;
use std::collections::BTreeMap;
/// `PATH` of guest processes unless the embedder sets one.
const DEFAULT_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// A sandboxed Node-compatible runtime. See the crate docs for an example.
pub struct NodeRuntime {
    kernel: Arc<Kernel>,
    launcher: Arc<Launcher>,
    options: NodeRuntimeOptions,
    cwd: String,
}

/// One process's raw result, before it is shaped for `run` or `exec`.
struct ProcessRun {
    exit_code: i32,
    signal: Option<&'static str>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    error: Option<GuestError>,
    result_json: Option<String>,
}

/// What runs a started process to its end.
pub(crate) type Running = Pin<Box<dyn Future<Output = ProcessOutcome> + Send>>;

/// A process the host started, until its outcome is taken.
pub(crate) struct Started {
    pub pid: Pid,
    /// Runs the process: awaited inline by `run`/`exec`, spawned on a task by `spawn`.
    pub running: Running,
    pub stdout: Arc<OutputStream>,
    pub stderr: Arc<OutputStream>,
    /// The write end of its stdin pipe, when the caller feeds it ([`NodeRuntime::spawn`]).
    pub stdin: Option<Arc<OpenFileDescription>>,
}

/// Where a started process's stdin comes from.
enum StdinSource {
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// A pipe the host writes to.
    Pipe,
}

/// Ends the process group of a process the host started, and removes the process from
/// the kernel's table, however its run ends (even when the run's future is dropped on
/// timeout or cancellation).
struct Reaper<'k> {
    kernel: &'k Kernel,
    pid: Pid,
}

impl Drop for Reaper<'_> {
    fn drop(&mut self) {
        let _ = self
            .kernel
            .processes()
            .signal(INIT_PID, -(self.pid as i32), Signal::SIGKILL);
        self.kernel.processes().reap(self.pid);
    }
}

impl Drop for NodeRuntime {
    /// Ends every process still running in the runtime, detached ones included.
    fn drop(&mut self) {
        self.kernel.processes().kill_all();
    }
}

/// The command names of a `commands_dir`: its `<name>.wasm` files.
fn commands_in(dir: &std::path::Path) -> Result<Vec<String>> {
    let unreadable =
        |e: std::io::Error| Error::InvalidOption(format!("commands_dir {}: {e}", dir.display()));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let file_name = entry.map_err(unreadable)?.file_name();
        let file_name = file_name.to_string_lossy();
        if let Some(name) = file_name.strip_suffix(".wasm")
            && !name.is_empty()
            && !name.contains('/')
        {
            names.push(name.to_string());
        }
    }
    if names.is_empty() {
        return Err(Error::InvalidOption(format!(
            "commands_dir {} holds no <name>.wasm command components",
            dir.display()
        )));
    }
    Ok(names)
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
            loopback_exempt_ports: options.loopback_exempt_ports.clone(),
            host_network: Arc::new(TokioNetwork::new()),
            ..Default::default()
        };
        if let Some(max_processes) = options.max_processes {
            config.max_processes = max_processes;
        }
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
        let install = |path: &str, program: &str| {
            kernel
                .install_host_program(path, program)
                .map_err(|errno| Error::Fs {
                    path: path.to_string(),
                    errno,
                })
        };
        install(NODE_EXEC_PATH, NODE_PROGRAM)?;
        let commands = match &options.commands_dir {
            Some(dir) => commands_in(dir)?
                .into_iter()
                .map(|name| (format!("{COMMANDS_DIR_PROGRAM_PREFIX}{name}"), name))
                .collect(),
            None => COMMAND_NAMES
                .lines()
                .filter(|name| !name.is_empty())
                .map(|name| (format!("{COMMAND_PROGRAM_PREFIX}{name}"), name.to_string()))
                .collect::<Vec<_>>(),
        };
        for (program, name) in commands {
            install(&format!("/usr/bin/{name}"), &program)?;
        }
        let tools = ToolRegistry::default();
        tools
            .register(&options.tools)
            .map_err(Error::InvalidOption)?;
        for name in options.tools.keys() {
            install(
                &format!("{TOOLS_DIR}/{name}"),
                &format!("{TOOL_PROGRAM_PREFIX}{name}"),
            )?;
        }
        let kernel = Arc::new(kernel);
        let launcher = Arc::new(Launcher {
            tools,
            host,
            kernel: kernel.clone(),
            node: NodeSettings {
                platform: options.platform,
                module_resolution: options.module_resolution,
                allowed_builtins: options.allowed_builtins.clone(),
                conditions: options.conditions.clone(),
            },
            memory_limit_bytes: options
                .memory_limit_bytes
                .unwrap_or(DEFAULT_MEMORY_LIMIT_BYTES),
            commands_dir: options.commands_dir.clone(),
            capture_limit_bytes: options
                .output_limit_bytes
                .unwrap_or(DEFAULT_CAPTURE_LIMIT_BYTES),
        });
        Ok(NodeRuntime {
            kernel,
            launcher,
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
            signal: run.signal,
            stdout: run.stdout,
            stderr: run.stderr,
            error: run.error,
        })
    }

    /// Starts `script` and returns at once with a handle to the running process: its pid,
    /// a writer for its stdin, `kill` and `wait`. Output streams to `options.on_stdout` and
    /// `on_stderr` as it is written and is captured for `wait`'s result. The process runs
    /// until it ends or is killed (`options.timeout` does not apply).
    ///
    /// ```no_run
    /// # use secure_exec_wasm::{NodeRuntime, RunOptions, Script, kernel::Signal};
    /// # async fn example(rt: &NodeRuntime) -> secure_exec_wasm::Result<()> {
    /// let mut cat = rt.spawn(Script::command(["cat"]), RunOptions::default())?;
    /// cat.write_stdin(b"hello").await?;
    /// cat.close_stdin();
    /// assert_eq!(cat.wait().await?.stdout, b"hello");
    /// let server = rt.spawn("setInterval(() => {}, 1000)", RunOptions::default())?;
    /// server.kill(Signal::SIGTERM)?;
    /// assert_eq!(server.wait().await?.signal, Some("SIGTERM"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn spawn(&self, script: impl Into<Script>, options: RunOptions) -> Result<ProcessHandle> {
        let started = self.start(script.into(), &options, StdinSource::Pipe)?;
        Ok(ProcessHandle::new(self.kernel.clone(), started))
    }

    /// Adds host tools after boot (replacing tools of the same name): each becomes the
    /// command `/usr/local/bin/<name>` for processes started from now on.
    ///
    /// ```no_run
    /// # use secure_exec_wasm::{NodeRuntime, Tool};
    /// # async fn example(rt: &NodeRuntime) -> secure_exec_wasm::Result<()> {
    /// let now = Tool::new("epoch ms", serde_json::json!({"type": "object"}), |_| {
    ///     Ok(serde_json::json!(std::time::SystemTime::now()
    ///         .duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64))
    /// });
    /// rt.register_tools([("now".to_string(), now)].into()).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn register_tools(&self, tools: BTreeMap<String, Tool>) -> Result<()> {
        self.launcher
            .tools
            .register(&tools)
            .map_err(Error::InvalidOption)?;
        for name in tools.keys() {
            let path = format!("{TOOLS_DIR}/{name}");
            self.kernel
                .install_host_program(&path, &format!("{TOOL_PROGRAM_PREFIX}{name}"))
                .map_err(|errno| Error::Fs { path, errno })?;
        }
        Ok(())
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

    /// Waits until a guest listens on a port of the runtime's loopback (the seed's
    /// `waitForListener`): fails if the given process ends first or the timeout passes.
    ///
    /// ```no_run
    /// # use secure_exec_wasm::*;
    /// # async fn example(rt: NodeRuntime) -> Result<()> {
    /// let server = rt.spawn(
    ///     r#"require("node:http").createServer((_, res) => res.end("ok")).listen(3000)"#,
    ///     RunOptions::default(),
    /// )?;
    /// rt.wait_for_listener(WaitForListener::port(3000).from_process(server.pid())).await?;
    /// let response = rt.fetch(3000, FetchRequest::get("/")).await?;
    /// assert_eq!(response.text(), "ok");
    /// server.kill(kernel::Signal::SIGTERM)?;
    /// server.wait().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_for_listener(&self, query: WaitForListener) -> Result<Listening> {
        listener::wait_for_listener(&self.kernel, query).await
    }

    /// Sends an HTTP request to the guest listening on `port`, through the kernel's socket
    /// table: it never touches the real network, so it works while the guest's network is
    /// denied (the seed's `rt.fetch`).
    pub async fn fetch(&self, port: u16, request: FetchRequest) -> Result<FetchResponse> {
        fetch::fetch(&self.kernel, port, request).await
    }

    /// Forwards connections to the host's `127.0.0.1:host_port` (0 picks a free port) to
    /// the guest listening on `guest_port`, until the returned handle is dropped.
    pub async fn publish(&self, host_port: u16, guest_port: u16) -> Result<PublishedPort> {
        publish::publish(self.kernel.clone(), host_port, guest_port).await
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

    /// Starts `script` as a child of init in a process group of its own, with stdin from
    /// `options.stdin` and stdout/stderr captured (and streamed to the callbacks).
    fn start(&self, script: Script, options: &RunOptions, stdin: StdinSource) -> Result<Started> {
        let fs_error = |path: &str| {
            let path = path.to_string();
            move |errno| Error::Fs { path, errno }
        };
        let cwd = match &options.cwd {
            Some(dir) => path::resolve(&self.cwd, dir).map_err(fs_error(dir))?,
            None => self.cwd.clone(),
        };
        let (argv, entry) = match script {
            Script::Code(code) => {
                let name = options.filename.as_deref().unwrap_or("[eval]");
                let filename = path::resolve(&cwd, name).map_err(fs_error(name))?;
                let mut argv = vec![NODE_EXEC_PATH.to_string()];
                argv.extend(options.args.iter().cloned());
                (
                    argv,
                    Some(
                        self.launcher
                            .entry(Source::Code(code), filename, Vec::new()),
                    ),
                )
            }
            Script::File(file) => {
                let filename = path::resolve(&cwd, &file).map_err(fs_error(&file))?;
                let mut argv = vec![NODE_EXEC_PATH.to_string(), filename.clone()];
                argv.extend(options.args.iter().cloned());
                (
                    argv,
                    Some(
                        self.launcher
                            .entry(Source::Path(filename.clone()), filename, Vec::new()),
                    ),
                )
            }
            Script::Shell(command_line) => {
                let mut argv = vec!["sh".to_string(), "-c".to_string(), command_line];
                argv.extend(options.args.iter().cloned());
                (argv, None)
            }
            Script::Command(argv) => {
                let mut argv = argv;
                argv.extend(options.args.iter().cloned());
                (argv, None)
            }
        };
        let capture_limit = self.launcher.capture_limit_bytes;
        let output = |callback: &Option<crate::options::OutputCallback>| {
            let listener = callback.clone().map(|f| -> OutputListener { f });
            Arc::new(OutputStream::new(capture_limit, listener))
        };
        let (stdout, stderr) = (output(&options.on_stdout), output(&options.on_stderr));
        let (stdin, stdin_writer) = match stdin {
            // The embedder's own bytes, already in host memory: not charged to the guests'
            // buffer budget.
            StdinSource::Bytes(bytes) => {
                let unbudgeted = pipe::BufferBudget::new(usize::MAX);
                let reader = pipe::pipe_from(bytes, &unbudgeted).map_err(Error::Spawn)?;
                (reader, None)
            }
            StdinSource::Pipe => {
                let (reader, writer) = pipe::pipe(self.kernel.buffers());
                let writer = OpenFileDescription::stream(Endpoint::PipeWriter(writer), "stdin");
                (reader, Some(Arc::new(writer)))
            }
        };
        let stdio = [
            OpenFileDescription::stream(Endpoint::PipeReader(stdin), "stdin"),
            OpenFileDescription::stream(Endpoint::Output(stdout.clone()), "stdout"),
            OpenFileDescription::stream(Endpoint::Output(stderr.clone()), "stderr"),
        ];
        let init = self.kernel.process_fs(INIT_PID).map_err(Error::Spawn)?;
        let mut fds = Vec::new();
        for description in stdio {
            fds.push(init.install(Arc::new(description)).map_err(Error::Spawn)?);
        }
        let request = SpawnRequest {
            argv: argv.clone(),
            env: self.process_env(options),
            cwd,
            fds: fds.clone(),
            new_process_group: true,
        };
        let spawned = match entry {
            Some(_) => init.spawn_program(request, NODE_PROGRAM),
            None => init.spawn(request),
        };
        for fd in fds {
            let _ = init.close(fd);
        }
        let spawned: Spawned = spawned.map_err(|errno| match errno {
            secure_exec_kernel::Errno::ENOENT | secure_exec_kernel::Errno::EACCES => Error::Fs {
                path: argv.first().cloned().unwrap_or_default(),
                errno,
            },
            errno => Error::Spawn(errno),
        })?;
        let pid = spawned.pid;
        Ok(Started {
            pid,
            running: Box::pin(self.launcher.clone().run(spawned, entry)),
            stdout,
            stderr,
            stdin: stdin_writer,
        })
    }

    async fn run_process(&self, script: Script, options: RunOptions) -> Result<ProcessRun> {
        let stdin = StdinSource::Bytes(options.stdin.clone().unwrap_or_default());
        let started = self.start(script, &options, stdin)?;
        let _reaper = Reaper {
            kernel: &self.kernel,
            pid: started.pid,
        };
        let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let signal = options.signal.clone().unwrap_or_default();
        let outcome = tokio::select! {
            outcome = started.running => outcome,
            () = tokio::time::sleep(timeout) => return Err(Error::Timeout(timeout)),
            () = signal.cancelled() => return Err(Error::Cancelled),
        };
        if let Some(failure) = outcome.failure {
            return Err(failure);
        }
        Ok(ProcessRun {
            exit_code: outcome.status.shell_code(),
            signal: signal_name(outcome.status),
            stdout: started.stdout.contents(),
            stderr: started.stderr.contents(),
            error: outcome.error,
            result_json: outcome.result_json,
        })
    }
}
