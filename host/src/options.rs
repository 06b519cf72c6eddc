//! Options of [`crate::NodeRuntime::create`] and of each run, mirroring the seed's
//! `NodeRuntime.create({ ... })` and per-run `{ env, cwd, stdin, timeout, signal, onStdout,
//! onStderr }`.

use crate::tools::Tool;
use secure_exec_kernel::clock::Clock;
use secure_exec_kernel::entropy::Entropy;
use secure_exec_kernel::permissions::Permissions;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Default bound on one guest process's linear memory. QuickJS plus the Node surface boot
/// in under 4 MiB; 256 MiB leaves room for real work while keeping hundreds of sandboxes
/// on one host from taking it down.
pub const DEFAULT_MEMORY_LIMIT_BYTES: u64 = 256 << 20;
/// Default per-run timeout: long enough for real scripts, short enough that a forgotten
/// infinite loop does not hold a host thread's share for long.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How a runtime is set up. `Default` gives the seed's defaults: an empty VFS with the
/// base layout, cwd `/root`, no extra env, and the secure default permissions (network
/// denied).
#[derive(Clone, Default)]
pub struct NodeRuntimeOptions {
    /// Environment of every guest process (filtered by `permissions.env`).
    pub env: BTreeMap<String, String>,
    /// Default working directory (created if missing).
    pub cwd: Option<String>,
    /// Files copied into the VFS before boot: guest path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Host directories projected into the VFS, read lazily (the seed's `mounts`).
    pub mounts: Vec<MountOptions>,
    pub permissions: Permissions,
    /// Bound on each guest process's memory; [`DEFAULT_MEMORY_LIMIT_BYTES`] if unset.
    pub memory_limit_bytes: Option<u64>,
    /// Bound on captured stdout and stderr per run, each.
    pub output_limit_bytes: Option<usize>,
    /// Most processes alive (or not yet reaped) at once in the runtime, init included;
    /// spawning past it fails with `EAGAIN`. Default
    /// [`DEFAULT_MAX_PROCESSES`](crate::kernel::process_table::DEFAULT_MAX_PROCESSES).
    pub max_processes: Option<usize>,
    /// A host directory of WASI command components (`<name>.wasm`) that replaces the
    /// built-in `sh` and coreutils (the seed's `commandsDir`): each file becomes the command
    /// `/usr/bin/<name>`. Each is compiled once per host process (and cached on disk).
    pub commands_dir: Option<std::path::PathBuf>,
    /// The global surface guests see: the seed's platform ladder.
    pub platform: Platform,
    /// How `import` and `require` resolve specifiers.
    pub module_resolution: ModuleResolution,
    /// The builtins guests may load (`["path", "fs"]`; a root name covers its subpaths,
    /// `[]` denies all). `None` allows every builtin. Unknown names are rejected by
    /// `NodeRuntime::create`; only valid on [`Platform::Node`] (the lower platforms deny
    /// every builtin).
    pub allowed_builtins: Option<Vec<String>>,
    /// Extra package `exports`/`imports` conditions (Node's `--conditions`), after
    /// `import`/`require` and `node`.
    pub conditions: Vec<String>,
    /// Where guests' time comes from; the host's clocks if unset.
    pub clock: Option<Arc<dyn Clock>>,
    /// Where guests' randomness comes from; the operating system's CSPRNG if unset.
    pub entropy: Option<Arc<dyn Entropy>>,
    /// Host tools guests run as commands on their `PATH` (see [`Tool`]); more can be added
    /// after boot with [`NodeRuntime::register_tools`](crate::NodeRuntime::register_tools).
    pub tools: BTreeMap<String, Tool>,
    /// Ports of the host's real loopback guests may connect to even while the network is
    /// denied (the seed's `loopbackExemptPorts`): a guest's connection to
    /// `127.0.0.1:PORT` goes to the host when no guest listens on `PORT`.
    pub loopback_exempt_ports: BTreeSet<u16>,
}

/// The seed's platform ladder: what a guest's global scope holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Platform {
    /// Full Node: `process`, `Buffer`, `require`, `node:*` builtins, web APIs, timers.
    #[default]
    Node,
    /// Web globals (`URL`, `TextEncoder`, WebCrypto `crypto`, `EventTarget`, ...), timers
    /// and `console`; no Node surface.
    Browser,
    /// `console`, timers and `queueMicrotask` only.
    Neutral,
    /// The ECMAScript language only.
    Bare,
}

/// The seed's `moduleResolution`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModuleResolution {
    /// Node's rules: builtins, relative and absolute paths, packages.
    #[default]
    Node,
    /// Only relative and absolute paths resolve, from the VFS.
    Relative,
    /// Nothing resolves: one self-contained entry script.
    None,
}

/// A host directory to project into the VFS, Docker-style.
#[derive(Debug, Clone)]
pub struct MountOptions {
    /// Absolute path in the guest's file system.
    pub guest_path: String,
    pub host_path: std::path::PathBuf,
    /// Writes fail with `EROFS`.
    pub read_only: bool,
}

/// Called with each chunk of guest output as it is written.
pub type OutputCallback = Arc<dyn Fn(&[u8]) + Send + Sync>;

/// Options of one `run`/`exec`.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Added to (and overriding) the runtime's env for this run.
    pub env: BTreeMap<String, String>,
    pub cwd: Option<String>,
    /// Bytes readable on the guest's stdin.
    pub stdin: Option<Vec<u8>>,
    /// [`DEFAULT_TIMEOUT`] if unset.
    pub timeout: Option<Duration>,
    /// Cancels the run when triggered (the seed's `signal`).
    pub signal: Option<CancellationToken>,
    pub on_stdout: Option<OutputCallback>,
    pub on_stderr: Option<OutputCallback>,
    /// Arguments after the script: `process.argv[2..]` for a file, `process.argv[1..]` for
    /// code (as with `node -e`).
    pub args: Vec<String>,
    /// Name of the script for stack traces, `__filename` and relative imports; defaults
    /// to `<cwd>/[eval].mjs` for code.
    pub filename: Option<String>,
}

impl RunOptions {
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn with_env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.insert(key.into(), value.into());
        self
    }

    pub fn with_stdin(mut self, stdin: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(stdin.into());
        self
    }
}

/// What to run: source text, or a script file in the VFS.
#[derive(Debug, Clone)]
pub enum Script {
    /// JavaScript source, run by `node`.
    Code(String),
    /// A JavaScript file in the VFS, run by `node`.
    File(String),
    /// A command line run by `sh -c`.
    Shell(String),
    /// A program and its arguments (`argv[0]` searched on `PATH`), run directly.
    Command(Vec<String>),
}

impl Script {
    pub fn file(path: impl Into<String>) -> Self {
        Script::File(path.into())
    }

    /// A command line for `sh -c`: `Script::shell("ls -la /home/user | wc -l")`.
    pub fn shell(command_line: impl Into<String>) -> Self {
        Script::Shell(command_line.into())
    }

    /// A program and its arguments: `Script::command(["ls", "-l"])`.
    pub fn command<S: Into<String>>(argv: impl IntoIterator<Item = S>) -> Self {
        Script::Command(argv.into_iter().map(Into::into).collect())
    }
}

impl From<&str> for Script {
    fn from(code: &str) -> Self {
        Script::Code(code.to_string())
    }
}

impl From<String> for Script {
    fn from(code: String) -> Self {
        Script::Code(code)
    }
}
