//! The `secure-exec-wasm` command line: run a script in a fresh sandbox, stream its output,
//! exit with its status.

use clap::{Parser, Subcommand, ValueEnum};
use secure_exec_wasm::{
    EnvPolicy, Error, FsPolicy, ModuleResolution, MountOptions, NetRule, NetworkPolicy,
    NodeRuntime, NodeRuntimeOptions, OutputCallback, Permissions, Platform, RunOptions, Script,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Exit status when the run hit its timeout (as coreutils' `timeout`).
const EXIT_TIMEOUT: u8 = 124;
/// Exit status when the sandbox itself failed (as `docker run`).
const EXIT_SANDBOX_FAILURE: u8 = 125;
/// Exit status for bad input: a missing file, a malformed flag value.
const EXIT_USAGE: u8 = 2;
/// Exit status after Ctrl-C (128 + SIGINT, as a shell reports it).
const EXIT_INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(
    name = "secure-exec-wasm",
    version,
    about = "Run untrusted JavaScript in a WebAssembly sandbox on a virtual kernel"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a JavaScript file (or code given with -e) in a fresh sandbox.
    Run(RunArgs),
    /// Run a shell command line with the sandbox's `sh` (pipelines, redirections, the
    /// coreutils, `node`).
    Exec(ExecArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum PlatformArg {
    Node,
    Browser,
    Neutral,
    Bare,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModuleResolutionArg {
    Node,
    Relative,
    None,
}

#[derive(Clone, Copy, ValueEnum)]
enum FsAccessArg {
    Allow,
    Deny,
    ReadOnly,
}

#[derive(clap::Args)]
struct RunArgs {
    /// Host path of the script; it is copied into the sandbox's working directory.
    #[arg(required_unless_present = "eval", conflicts_with = "eval")]
    file: Option<PathBuf>,

    /// Run this code instead of a file (an ES module; `require` works too).
    #[arg(short = 'e', long = "eval", value_name = "CODE")]
    eval: Option<String>,

    #[command(flatten)]
    sandbox: SandboxArgs,

    /// Print the value the script passed to `globalThis.__return`, as JSON, on stdout.
    #[arg(long)]
    print_result: bool,

    /// Arguments for the script (`process.argv[2..]`).
    #[arg(last = true, value_name = "ARGS")]
    args: Vec<String>,
}

#[derive(clap::Args)]
struct ExecArgs {
    /// The command line, as for `sh -c`.
    #[arg(value_name = "COMMAND")]
    command: String,

    #[command(flatten)]
    sandbox: SandboxArgs,
}

/// What every subcommand's sandbox is made of.
#[derive(clap::Args)]
struct SandboxArgs {
    /// Set an environment variable in the guest (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    env: Vec<(String, String)>,

    /// Project a host directory into the sandbox, read lazily (repeatable).
    #[arg(long = "mount", value_name = "HOST_DIR:GUEST_DIR[:ro]", value_parser = parse_mount)]
    mounts: Vec<MountOptions>,

    /// The guest's working directory (created if missing).
    #[arg(long, value_name = "DIR", default_value = secure_exec_wasm::kernel::DEFAULT_HOME)]
    cwd: String,

    /// Copy a host file into the sandbox's filesystem (repeatable).
    #[arg(long = "file", value_name = "GUEST_PATH=HOST_FILE", value_parser = parse_key_value)]
    files: Vec<(String, String)>,

    /// Stop the script after this many milliseconds (default 30000; with --publish, no
    /// limit: the server runs until it exits or Ctrl-C).
    #[arg(long, value_name = "MS")]
    timeout: Option<u64>,

    /// Memory limit of the guest in MiB.
    #[arg(long = "memory-limit", value_name = "MIB", default_value_t = secure_exec_wasm::DEFAULT_MEMORY_LIMIT_BYTES >> 20)]
    memory_limit_mib: u64,

    /// What the guest may do with its filesystem.
    #[arg(long = "fs", value_enum, default_value = "allow")]
    fs: FsAccessArg,

    /// Only pass these environment variable names to the guest (comma-separated).
    #[arg(long = "allow-env", value_name = "NAMES", value_delimiter = ',')]
    allow_env: Option<Vec<String>>,

    /// The global surface: node (default), browser, neutral or bare.
    #[arg(long, value_enum, default_value = "node")]
    platform: PlatformArg,

    /// How imports resolve: node (default), relative (paths only) or none.
    #[arg(long = "module-resolution", value_enum, default_value = "node")]
    module_resolution: ModuleResolutionArg,

    /// Only these builtin modules may be imported (comma-separated; `fs` covers `fs/promises`).
    #[arg(long = "allowed-builtins", value_name = "NAMES", value_delimiter = ',')]
    allowed_builtins: Option<Vec<String>>,

    /// Extra package export conditions, like Node's --conditions (comma-separated).
    #[arg(
        short = 'C',
        long = "conditions",
        value_name = "NAMES",
        value_delimiter = ','
    )]
    conditions: Vec<String>,

    /// A host directory of WASI command components (`<name>.wasm`) replacing the built-in
    /// `sh` and coreutils.
    #[arg(long = "commands-dir", value_name = "DIR")]
    commands_dir: Option<PathBuf>,

    /// Let the guest reach the network through the host (public addresses; private and
    /// link-local ranges need --allow-host).
    #[arg(long = "allow-net", conflicts_with = "allow_hosts")]
    allow_net: bool,

    /// Let the guest reach this host, address or CIDR range, optionally on one port only
    /// (repeatable): `example.com`, `*.example.com:443`, `10.0.0.0/8:5432`, `[::1]:80`.
    #[arg(long = "allow-host", value_name = "HOST[:PORT]", value_parser = parse_net_rule)]
    allow_hosts: Vec<NetRule>,

    /// Let the guest connect to this port of the host's real loopback even while the
    /// network is denied (repeatable).
    #[arg(long = "loopback-exempt-port", value_name = "PORT")]
    loopback_exempt_ports: Vec<u16>,

    /// Forward the host's 127.0.0.1:HOST_PORT to the guest's listener on GUEST_PORT
    /// (repeatable).
    #[arg(long = "publish", value_name = "HOST_PORT:GUEST_PORT", value_parser = parse_publish)]
    publish: Vec<(u16, u16)>,
}

fn parse_net_rule(text: &str) -> Result<NetRule, String> {
    text.parse()
}

fn parse_publish(text: &str) -> Result<(u16, u16), String> {
    let ports = text
        .split_once(':')
        .and_then(|(host, guest)| Some((host.parse().ok()?, guest.parse().ok()?)));
    ports.ok_or_else(|| format!("expected HOST_PORT:GUEST_PORT, got {text:?}"))
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

fn parse_mount(text: &str) -> Result<MountOptions, String> {
    let (spec, read_only) = match text.strip_suffix(":ro") {
        Some(spec) => (spec, true),
        None => (text.strip_suffix(":rw").unwrap_or(text), false),
    };
    match spec.split_once(':') {
        Some((host, guest)) if !host.is_empty() && guest.starts_with('/') => Ok(MountOptions {
            guest_path: guest.to_string(),
            host_path: PathBuf::from(host),
            read_only,
        }),
        _ => Err(format!(
            "expected HOST_DIR:GUEST_DIR[:ro] with an absolute GUEST_DIR, got {text:?}"
        )),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let message = e.to_string();
            let first = message.lines().next().unwrap_or_default();
            return fail(EXIT_USAGE, first.trim_start_matches("error: "));
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("starting the tokio runtime");
    match cli.command {
        Command::Run(args) => runtime.block_on(run(args)),
        Command::Exec(args) => runtime.block_on(exec(args)),
    }
}

fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("secure-exec-wasm: {message}");
    ExitCode::from(code)
}

fn to_stdout() -> OutputCallback {
    Arc::new(|chunk: &[u8]| {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(chunk).and_then(|()| out.flush());
    })
}

fn to_stderr() -> OutputCallback {
    Arc::new(|chunk: &[u8]| {
        let mut out = std::io::stderr().lock();
        let _ = out.write_all(chunk).and_then(|()| out.flush());
    })
}

/// The host files named by `--file`, read.
fn seed_files(sandbox: &SandboxArgs) -> Result<BTreeMap<String, Vec<u8>>, ExitCode> {
    let mut files = BTreeMap::new();
    for (guest_path, host_file) in &sandbox.files {
        match std::fs::read(host_file) {
            Ok(bytes) => files.insert(guest_path.clone(), bytes),
            Err(e) => {
                return Err(fail(
                    EXIT_USAGE,
                    format!("--file {guest_path}={host_file}: {e}"),
                ));
            }
        };
    }
    Ok(files)
}

async fn run(args: RunArgs) -> ExitCode {
    let mut files = match seed_files(&args.sandbox) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let script = match (&args.file, &args.eval) {
        (Some(file), _) => {
            let bytes = match std::fs::read(file) {
                Ok(bytes) => bytes,
                Err(e) => return fail(EXIT_USAGE, format!("{}: {e}", file.display())),
            };
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let guest_path = format!(
                "{}/{}",
                args.sandbox.cwd.trim_end_matches('/'),
                name.unwrap_or_default()
            );
            files.insert(guest_path.clone(), bytes);
            Script::File(guest_path)
        }
        (None, Some(code)) => Script::Code(code.clone()),
        (None, None) => return fail(EXIT_USAGE, "give a script file or -e CODE"),
    };
    execute(
        &args.sandbox,
        files,
        script,
        args.args.clone(),
        args.print_result,
    )
    .await
}

async fn exec(args: ExecArgs) -> ExitCode {
    let files = match seed_files(&args.sandbox) {
        Ok(files) => files,
        Err(code) => return code,
    };
    execute(
        &args.sandbox,
        files,
        Script::Shell(args.command.clone()),
        Vec::new(),
        false,
    )
    .await
}

/// Boots a sandbox, runs `script` with output streamed through, and exits with its status.
async fn execute(
    sandbox: &SandboxArgs,
    files: BTreeMap<String, Vec<u8>>,
    script: Script,
    script_args: Vec<String>,
    print_result: bool,
) -> ExitCode {
    let args = sandbox;
    let permissions = Permissions {
        fs: match args.fs {
            FsAccessArg::Allow => FsPolicy::Allow,
            FsAccessArg::Deny => FsPolicy::Deny,
            FsAccessArg::ReadOnly => FsPolicy::ReadOnly,
        },
        env: match &args.allow_env {
            Some(names) => EnvPolicy::Only(names.iter().cloned().collect()),
            None => EnvPolicy::Allow,
        },
        network: if args.allow_net {
            NetworkPolicy::Allow
        } else if !args.allow_hosts.is_empty() {
            NetworkPolicy::Rules(args.allow_hosts.clone())
        } else {
            NetworkPolicy::Deny
        },
        ..Permissions::default()
    };
    let options = NodeRuntimeOptions {
        env: args.env.iter().cloned().collect(),
        cwd: Some(args.cwd.clone()),
        files,
        mounts: args.mounts.clone(),
        platform: match args.platform {
            PlatformArg::Node => Platform::Node,
            PlatformArg::Browser => Platform::Browser,
            PlatformArg::Neutral => Platform::Neutral,
            PlatformArg::Bare => Platform::Bare,
        },
        module_resolution: match args.module_resolution {
            ModuleResolutionArg::Node => ModuleResolution::Node,
            ModuleResolutionArg::Relative => ModuleResolution::Relative,
            ModuleResolutionArg::None => ModuleResolution::None,
        },
        allowed_builtins: args.allowed_builtins.clone(),
        conditions: args.conditions.clone(),
        commands_dir: args.commands_dir.clone(),
        permissions,
        memory_limit_bytes: Some(args.memory_limit_mib << 20),
        loopback_exempt_ports: args.loopback_exempt_ports.iter().copied().collect(),
        ..NodeRuntimeOptions::default()
    };
    let runtime = match NodeRuntime::create(options).await {
        Ok(runtime) => runtime,
        Err(e @ (Error::Mount { .. } | Error::InvalidOption(_) | Error::Fs { .. })) => {
            return fail(EXIT_USAGE, e);
        }
        Err(e) => return fail(EXIT_SANDBOX_FAILURE, e),
    };
    let mut published = Vec::new();
    for &(host_port, guest_port) in &args.publish {
        match runtime.publish(host_port, guest_port).await {
            Ok(port) => {
                eprintln!(
                    "secure-exec-wasm: http://{} forwards to the guest's port {guest_port}",
                    port.address()
                );
                published.push(port);
            }
            Err(e) => return fail(EXIT_USAGE, e),
        }
    }
    let timeout = match (args.timeout, published.is_empty()) {
        (Some(ms), _) => Duration::from_millis(ms),
        (None, true) => secure_exec_wasm::DEFAULT_TIMEOUT,
        (None, false) => Duration::MAX,
    };
    let run_options = RunOptions {
        timeout: Some(timeout),
        on_stdout: Some(to_stdout()),
        on_stderr: Some(to_stderr()),
        args: script_args,
        ..RunOptions::default()
    };
    let result = tokio::select! {
        result = runtime.run::<serde_json::Value>(script, run_options) => result,
        _ = tokio::signal::ctrl_c() => {
            drop(published);
            runtime.dispose().await;
            return ExitCode::from(EXIT_INTERRUPTED);
        }
    };
    drop(published);
    runtime.dispose().await;
    match result {
        Ok(result) => {
            if print_result {
                let json = result
                    .value
                    .as_ref()
                    .map_or_else(|| "null".to_string(), |v| v.to_string());
                println!("{json}");
            }
            ExitCode::from(result.exit_code.clamp(0, 255) as u8)
        }
        Err(e @ Error::Timeout(_)) => fail(EXIT_TIMEOUT, e),
        Err(e) => fail(EXIT_SANDBOX_FAILURE, e),
    }
}
