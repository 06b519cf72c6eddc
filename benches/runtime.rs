//! Runtime benchmarks: create, first run, repeated runs, CLI cold start of the probe,
//! process spawn, pipelines and `execSync`, HTTP into a guest server (`rt.fetch`, and
//! `--publish` under `wrk` next to the machine's real `node`), memory per sandbox and peak
//! RSS. Prints Markdown; `docs/benchmarks.md` records the results.
//!
//! `cargo bench --bench runtime` (add `-- --quick` for a fast smoke run).

use secure_exec_wasm::{
    FetchRequest, NodeRuntime, NodeRuntimeOptions, RunOptions, Script, WaitForListener,
};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Stats {
    samples: Vec<Duration>,
}

impl Stats {
    fn new(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        Stats { samples }
    }

    fn percentile(&self, p: f64) -> Duration {
        let index = ((self.samples.len() - 1) as f64 * p).round() as usize;
        self.samples[index]
    }

    fn mean(&self) -> Duration {
        self.samples.iter().sum::<Duration>() / self.samples.len() as u32
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn row(name: &str, stats: &Stats) {
    println!(
        "| {name} | {} | {} | {} | {} |",
        ms(stats.mean()),
        ms(stats.percentile(0.5)),
        ms(stats.percentile(0.95)),
        stats.samples.len()
    );
}

/// Proportional set size of this process in KiB (counts shared pages fairly).
fn pss_kib() -> u64 {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with("Pss:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Peak resident set size of this process in KiB.
fn peak_rss_kib() -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn time<F, Fut>(iterations: usize, mut f: F) -> Stats
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let started = Instant::now();
        f().await;
        samples.push(started.elapsed());
    }
    Stats::new(samples)
}

async fn run_value(rt: &NodeRuntime, code: &str) {
    let result = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap();
    assert!(result.value.is_some(), "{}", result.stderr_text());
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 5 } else { 200 };

    // Warm the engine (compiled component from the on-disk cache) once, as a long-lived host would.
    let warm = NodeRuntime::create(NodeRuntimeOptions::default())
        .await
        .unwrap();
    run_value(&warm, "__return(1)").await;

    println!("| what | mean ms | p50 ms | p95 ms | samples |");
    println!("|---|---|---|---|---|");
    let create = time(n, || async {
        NodeRuntime::create(NodeRuntimeOptions::default())
            .await
            .unwrap();
    })
    .await;
    row("`NodeRuntime::create`", &create);

    let first = time(n, || async {
        let rt = NodeRuntime::create(NodeRuntimeOptions::default())
            .await
            .unwrap();
        run_value(&rt, "__return(1 + 1)").await;
    })
    .await;
    row("create + first `run` (`__return(1 + 1)`)", &first);

    let rt = NodeRuntime::create(NodeRuntimeOptions::default())
        .await
        .unwrap();
    let trivial_runs = if quick { 20 } else { 1000 };
    let repeated = time(trivial_runs, || run_value(&rt, "__return(1 + 1)")).await;
    row("repeated `run` in a live runtime", &repeated);

    let probe = include_str!("../examples/probe.mjs");
    let probe_runs = time(n, || run_value(&rt, probe)).await;
    row(
        "repeated `run` of the seed's probe (crypto + path imports)",
        &probe_runs,
    );

    let buffer = time(n, || {
        run_value(
            &rt,
            "__return(Buffer.from('x'.repeat(1000)).toString('base64').length)",
        )
    })
    .await;
    row("repeated `run` touching `Buffer`", &buffer);

    let cli = env!("CARGO_BIN_EXE_secure-exec-wasm");
    let probe_path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/probe.mjs");
    let cold = time(if quick { 3 } else { 30 }, || async {
        let output = Command::new(cli)
            .args(["run", probe_path, "--print-result"])
            .output()
            .unwrap();
        assert!(output.status.success());
    })
    .await;
    row(
        "CLI cold start of the probe (whole process, warm compile cache)",
        &cold,
    );

    let loop_run = time(if quick { 2 } else { 10 }, || {
        run_value(
            &rt,
            "let s = 0; for (let i = 0; i < 1e6; i++) s += i; __return(s)",
        )
    })
    .await;
    row("1e6-iteration JS loop", &loop_run);

    mounted_imports(quick).await;
    processes(&rt, n).await;
    network(quick).await;

    println!();
    let sandboxes = if quick { 10 } else { 100 };
    let before = pss_kib();
    let mut idle = Vec::new();
    for _ in 0..sandboxes {
        let rt = NodeRuntime::create(NodeRuntimeOptions::default())
            .await
            .unwrap();
        run_value(&rt, "__return(1)").await;
        idle.push(rt);
    }
    let idle_kib = (pss_kib().saturating_sub(before)) / sandboxes as u64;
    println!("memory per idle runtime (after one run; {sandboxes} alive): {idle_kib} KiB PSS");

    let before = pss_kib();
    let live: Vec<_> = idle
        .iter()
        .map(|rt| {
            rt.run::<serde_json::Value>(
                "await new Promise((r) => setTimeout(r, 1500)); __return(1)",
                RunOptions::default(),
            )
        })
        .collect();
    let measuring = async {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        pss_kib()
    };
    let (results, during) = tokio::join!(futures::future::join_all(live), measuring);
    for result in results {
        assert!(result.unwrap().value.is_some());
    }
    let live_kib = during.saturating_sub(before) / sandboxes as u64;
    println!(
        "memory per live guest process ({sandboxes} concurrently waiting on a timer): {live_kib} KiB PSS"
    );
    println!(
        "peak RSS of this benchmark process: {} MiB",
        peak_rss_kib() / 1024
    );
}

const HELLO_SERVER: &str = include_str!("fixtures/hello_server.js");

/// HTTP into a guest server: `rt.fetch` through the socket table, then the same server
/// published on the host's loopback and loaded with `wrk`, next to the same script under
/// the machine's `node`.
async fn network(quick: bool) {
    let rt = NodeRuntime::create(NodeRuntimeOptions::default())
        .await
        .unwrap();
    let server = rt.spawn(HELLO_SERVER, RunOptions::default()).unwrap();
    rt.wait_for_listener(WaitForListener::port(3000).from_process(server.pid()))
        .await
        .unwrap();
    let requests = if quick { 50 } else { 2000 };
    let started = Instant::now();
    let fetches = time(requests, || async {
        let response = rt.fetch(3000, FetchRequest::get("/")).await.unwrap();
        assert_eq!(response.status, 200);
    })
    .await;
    let per_second = requests as f64 / started.elapsed().as_secs_f64();
    row(
        &format!("`rt.fetch` of a guest `http` server (one at a time: {per_second:.0} req/s)"),
        &fetches,
    );
    drop(server);

    let duration = if quick { "2s" } else { "10s" };
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("| `--publish` under wrk | skipped: wrk is not installed | | | |");
        return;
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/fixtures/hello_server.js"
    );
    let mut sandbox = Command::new(env!("CARGO_BIN_EXE_secure-exec-wasm"))
        .args(["run", script, "--publish", "0:3000"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let announcement = BufReader::new(sandbox.stderr.take().unwrap())
        .lines()
        .next()
        .unwrap()
        .unwrap();
    let url = announcement
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap()
        .to_string();
    tokio::time::sleep(Duration::from_millis(300)).await;
    println!("\n`wrk -t2 -c16 -d{duration}` against the same server:\n");
    println!("| server | requests/s | mean latency |");
    println!("|---|---|---|");
    wrk("sandbox, `--publish 0:3000`", &url, duration);
    let _ = sandbox.kill();
    let _ = sandbox.wait();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    if let Ok(mut node) = Command::new("node")
        .arg(script)
        .env("PORT", port.to_string())
        .spawn()
    {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let version = Command::new("node").arg("--version").output().unwrap();
        let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
        wrk(
            &format!("the machine's `node` {version}"),
            &format!("http://127.0.0.1:{port}/"),
            duration,
        );
        let _ = node.kill();
        let _ = node.wait();
    }
}

/// Runs `wrk` against `url` and prints its throughput and mean latency as a table row.
fn wrk(name: &str, url: &str, duration: &str) {
    let output = Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{duration}"), url])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    let field = |prefix: &str, index: usize| {
        report
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with(prefix))
            .and_then(|line| line.split_whitespace().nth(index))
            .unwrap_or("?")
            .to_string()
    };
    println!(
        "| {name} | {} | {} |",
        field("Requests/sec:", 1),
        field("Latency", 1)
    );
}

/// Importing real packages from a read-only mount: the first run in a fresh runtime (cold
/// host page cache for nothing but the engine) and repeated runs. Needs npm and the
/// registry; skipped with a note otherwise.
/// Runs a shell command line and checks it succeeded.
async fn shell(rt: &NodeRuntime, command_line: &str) {
    let out = rt
        .exec(Script::shell(command_line), RunOptions::default())
        .await
        .unwrap();
    assert_eq!(out.exit_code, 0, "{command_line}: {}", out.stderr_text());
}

/// Process creation: commands, pipelines, a long `sh -c` and `execSync` from JavaScript.
async fn processes(rt: &NodeRuntime, n: usize) {
    rt.write_file(
        "/tmp/words.txt",
        "alpha\nbeta\ngamma\nalpha beta\n".repeat(100),
    )
    .await
    .unwrap();
    let echo = time(n, || async {
        let out = rt
            .exec(Script::command(["echo", "hi"]), RunOptions::default())
            .await
            .unwrap();
        assert_eq!(out.stdout, b"hi\n");
    })
    .await;
    row("spawn of the `echo` command", &echo);
    let pipeline = time(n, || shell(rt, "cat /tmp/words.txt | grep alpha | wc -l")).await;
    row(
        "3-stage pipeline `cat | grep | wc -l` through `sh`",
        &pipeline,
    );
    let hundred = "cat /dev/null; ".repeat(99) + "echo done";
    let many = time(n.min(50), || shell(rt, &hundred)).await;
    row(
        "100 commands (`cat /dev/null`, each a process) in one `sh -c`",
        &many,
    );
    let exec_sync = time(n, || {
        run_value(
            rt,
            "__return(require('child_process').execSync('echo hi').toString())",
        )
    })
    .await;
    row(
        "`execSync('echo hi')` from JavaScript (run included)",
        &exec_sync,
    );
}

async fn mounted_imports(quick: bool) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"name":"bench","private":true}"#,
    )
    .unwrap();
    let installed = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--silent",
            "--ignore-scripts",
        ])
        .args(["lodash@4", "zod@3", "yaml@2", "dayjs@1"])
        .current_dir(dir.path())
        .status();
    if !installed.is_ok_and(|s| s.success()) {
        println!("| importing packages from a mount | skipped: npm install failed | | | |");
        return;
    }
    let mount = secure_exec_wasm::MountOptions {
        guest_path: "/app".into(),
        host_path: dir.path().into(),
        read_only: true,
    };
    let options = NodeRuntimeOptions {
        mounts: vec![mount],
        cwd: Some("/app".into()),
        ..Default::default()
    };
    let code = "import _ from 'lodash'; import { z } from 'zod'; import YAML from 'yaml'; \
        import dayjs from 'dayjs'; __return([typeof _.chunk, typeof z.object, typeof YAML.parse, typeof dayjs])";
    async fn run(rt: &NodeRuntime, code: &str) -> bool {
        let options = RunOptions {
            filename: Some("/app/main.mjs".into()),
            ..Default::default()
        };
        rt.run::<serde_json::Value>(code, options)
            .await
            .unwrap()
            .value
            .is_some()
    }
    let first = time(if quick { 2 } else { 20 }, || async {
        let rt = NodeRuntime::create(options.clone()).await.unwrap();
        assert!(run(&rt, code).await);
    })
    .await;
    row(
        "create + first import of lodash, zod, yaml, dayjs from a mount",
        &first,
    );
    let rt = NodeRuntime::create(options.clone()).await.unwrap();
    let repeated = time(if quick { 3 } else { 50 }, || async {
        assert!(run(&rt, code).await);
    })
    .await;
    row(
        "repeated run importing them (same runtime, new process)",
        &repeated,
    );
}
