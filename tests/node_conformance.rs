//! Node's own test suite in the sandbox. Runs every `test/parallel` file of a Node test
//! checkout (give its path in `NODE_CONFORMANCE_DIR`: a directory with `parallel/` and
//! `fixtures/`) in a fresh runtime, with `conformance/common` as its `test/common`, and
//! compares the results with `conformance/expectations.json`: a test that used to pass and
//! now fails is a regression (exit 1); newly passing tests are listed. With
//! `NODE_CONFORMANCE_UPDATE=1` it rewrites the expectations instead. Without a checkout it
//! says so and passes, so `cargo test` runs it as a no-op.
//!
//! A test passes when it exits 0; it is skipped when it printed Node's TAP skip line. Each
//! runs as `node <its // Flags: line> test.js`. Tests of what this engine does not have by
//! design (Node's internals, V8's inspector and snapshots, Node's own permission model; see
//! [`NOT_APPLICABLE`]) are not run: they are recorded as `n/a` with the reason and left out
//! of the implementable count.

use futures::stream::{self, StreamExt};
use secure_exec_wasm::{
    Error, MAX_GUEST_MEMORY_BYTES, MountOptions, NodeRuntime, NodeRuntimeOptions, RunOptions,
    Script,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Per-test limit: the suite's tests finish in well under a second on Node; ones that
/// wait for a server or child process that cannot exist here would wait forever.
const TEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Tests run at once: most of a test's time is waiting on timers, not CPU.
const CONCURRENCY: usize = 6;
/// Per-test memory: the largest a guest can have. Node's tests assume V8's heap (up to 4 GiB
/// on 64-bit hosts), and a few build strings and buffers at the engine's 1 GiB maximums.
/// Memory is only taken as a test touches it, so the others cost no more.
const TEST_MEMORY_LIMIT_BYTES: u64 = MAX_GUEST_MEMORY_BYTES;

/// What marks a test as not applicable, and why. A test matches when its name starts with
/// one of the prefixes or its source contains one of the markers.
struct NotApplicable {
    name_prefixes: &'static [&'static str],
    source_markers: &'static [&'static str],
    reason: &'static str,
}

const NOT_APPLICABLE: &[NotApplicable] = &[
    NotApplicable {
        name_prefixes: &[],
        source_markers: &[
            "--expose-internals",
            "require('internal/",
            "from 'internal/",
            "internalBinding(",
            "process.binding(",
        ],
        reason: "Node's internal modules and C++ bindings",
    },
    NotApplicable {
        name_prefixes: &[],
        source_markers: &["--allow-natives-syntax"],
        reason: "V8 intrinsics (natives syntax)",
    },
    NotApplicable {
        name_prefixes: &["test-inspector", "test-debugger"],
        source_markers: &[
            "require('inspector')",
            "require('node:inspector')",
            "--inspect",
        ],
        reason: "the V8 inspector protocol",
    },
    NotApplicable {
        name_prefixes: &["test-permission"],
        source_markers: &["--permission", "--experimental-permission"],
        reason: "Node's --permission model (the embedder sets the sandbox's permissions)",
    },
    NotApplicable {
        name_prefixes: &["test-trace-event"],
        source_markers: &["--trace-event-categories", "trace_events"],
        reason: "V8 and Node trace events",
    },
    NotApplicable {
        name_prefixes: &["test-snapshot", "test-single-executable", "test-sea"],
        source_markers: &["--build-snapshot"],
        reason: "V8 startup snapshots and single-executable applications",
    },
    NotApplicable {
        name_prefixes: &["test-compile-cache"],
        source_markers: &["NODE_COMPILE_CACHE"],
        reason: "V8's code cache",
    },
    NotApplicable {
        name_prefixes: &[
            "test-heapdump",
            "test-heapsnapshot",
            "test-heap-prof",
            "test-cpu-prof",
            "test-report",
            "test-diagnostic-dir",
        ],
        source_markers: &["--heap-prof", "--cpu-prof", "--heapsnapshot"],
        reason: "V8 heap and CPU profiles, diagnostic reports",
    },
    NotApplicable {
        name_prefixes: &[
            "test-tls-min-max-version",
            "test-tls-cli-min-version-1.0",
            "test-tls-cli-min-version-1.1",
            "test-tls-getprotocol",
            "test-tls-no-sslv23",
            "test-https-agent-session-eviction",
            "test-https-agent-additional-options",
            "test-tls-disable-renegotiation",
            "test-tls-client-renegotiation-13",
            "test-tls-getcipher",
            "test-tls-honorcipherorder",
            "test-tls-set-ciphers",
            "test-tls-reduced-SECLEVEL-in-cipher",
            "test-tls-client-getephemeralkeyinfo",
            "test-tls-client-mindhsize",
        ],
        source_markers: &[],
        reason: "TLS that rustls leaves out on purpose: TLS 1.0/1.1, renegotiation, \
                 static-RSA and CBC cipher suites, finite-field Diffie-Hellman (dhparam)",
    },
];

/// Why `test` (with source `source`) is not applicable, if it is not.
fn not_applicable(test: &str, source: &str) -> Option<&'static str> {
    NOT_APPLICABLE
        .iter()
        .find(|rule| {
            rule.name_prefixes.iter().any(|p| test.starts_with(p))
                || rule.source_markers.iter().any(|m| source.contains(m))
        })
        .map(|rule| rule.reason)
}

/// The node options on a test's `// Flags:` line.
fn node_options(source: &str) -> Vec<String> {
    source
        .lines()
        .find_map(|line| line.strip_prefix("// Flags:"))
        .map(|flags| flags.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `test-buffer-alloc.js` → `buffer`, the module a test belongs to.
fn module_of(test: &str) -> String {
    let stem = test.trim_start_matches("test-");
    stem.split(['-', '.']).next().unwrap_or(stem).to_string()
}

async fn run_test(suite: &Path, test: String) -> (String, String) {
    let source = std::fs::read_to_string(suite.join("parallel").join(&test)).unwrap_or_default();
    if let Some(reason) = not_applicable(&test, &source) {
        return (test, format!("n/a: {reason}"));
    }
    let mount = |guest: &str, host: PathBuf| MountOptions {
        guest_path: guest.into(),
        host_path: host,
        read_only: true,
    };
    let options = NodeRuntimeOptions {
        mounts: vec![
            mount("/node/test/parallel", suite.join("parallel")),
            mount("/node/test/fixtures", suite.join("fixtures")),
            mount("/node/test/common", repository().join("conformance/common")),
        ],
        cwd: Some("/node/test".into()),
        memory_limit_bytes: Some(TEST_MEMORY_LIMIT_BYTES),
        ..Default::default()
    };
    let outcome = match NodeRuntime::create(options).await {
        Ok(rt) => {
            let run = RunOptions {
                timeout: Some(TEST_TIMEOUT),
                ..Default::default()
            };
            let mut argv = vec!["node".to_string()];
            argv.extend(node_options(&source));
            argv.push(format!("/node/test/parallel/{test}"));
            rt.exec(Script::command(argv), run).await
        }
        Err(error) => Err(error),
    };
    let status = match outcome {
        Ok(result) if result.exit_code == 0 && result.stdout_text().contains("1..0 # Skipped") => {
            "skip".to_string()
        }
        Ok(result) if result.exit_code == 0 => "pass".to_string(),
        Ok(result) => {
            let stderr = result.stderr_text();
            let reason = stderr
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim();
            let reason: String = reason.chars().take(160).collect();
            format!("fail: exit {}: {reason}", result.exit_code)
        }
        Err(Error::Timeout(_)) => "fail: timeout".to_string(),
        Err(error) => format!("fail: {}", error.to_string().lines().next().unwrap_or("")),
    };
    (test, status)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let Some(suite) = std::env::var_os("NODE_CONFORMANCE_DIR").map(PathBuf::from) else {
        println!("node_conformance: skipped (set NODE_CONFORMANCE_DIR to a Node test checkout)");
        return;
    };
    let filter = std::env::var("NODE_CONFORMANCE_FILTER").unwrap_or_default();
    let mut tests: Vec<String> = std::fs::read_dir(suite.join("parallel"))
        .expect("NODE_CONFORMANCE_DIR has a parallel/ directory")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| {
            name.starts_with("test-") && (name.ends_with(".js") || name.ends_with(".mjs"))
        })
        .filter(|name| name.contains(&filter))
        .collect();
    tests.sort();
    let results: BTreeMap<String, String> = stream::iter(tests)
        .map(|test| run_test(&suite, test))
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;

    let mut modules: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for (test, status) in &results {
        let counts = modules.entry(module_of(test)).or_default();
        let slot = if status == "pass" {
            0
        } else if status == "skip" {
            1
        } else if status.starts_with("n/a") {
            3
        } else {
            2
        };
        counts[slot] += 1;
    }
    println!("| module | tests | pass | skip | fail | n/a |\n|---|---|---|---|---|---|");
    for (module, [pass, skip, fail, na]) in &modules {
        println!(
            "| {module} | {} | {pass} | {skip} | {fail} | {na} |",
            pass + skip + fail + na
        );
    }
    let count = |f: fn(&String) -> bool| results.values().filter(|s| f(s)).count();
    let passed = count(|s| s == "pass");
    let skipped = count(|s| s == "skip");
    let inapplicable = count(|s| s.starts_with("n/a"));
    let implementable = results.len() - inapplicable;
    let percent = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    println!(
        "\ntotal {}: {passed} pass ({:.1}%), {skipped} skip, {} fail, {inapplicable} n/a\n\
         implementable {implementable}: {passed} pass ({:.1}%)",
        results.len(),
        percent(passed, results.len()),
        implementable - passed - skipped,
        percent(passed, implementable),
    );

    let expectations_path = repository().join("conformance/expectations.json");
    if std::env::var_os("NODE_CONFORMANCE_UPDATE").is_some() {
        let json = serde_json::to_string_pretty(&results).unwrap();
        std::fs::write(&expectations_path, json + "\n").unwrap();
        println!("wrote {}", expectations_path.display());
        return;
    }
    let expected: BTreeMap<String, String> = std::fs::read_to_string(&expectations_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let regressions: Vec<&String> = results
        .iter()
        .filter(|(test, status)| {
            *status != "pass" && expected.get(*test).is_some_and(|e| e == "pass")
        })
        .map(|(test, _)| test)
        .collect();
    let newly_passing = results
        .iter()
        .filter(|(test, status)| {
            *status == "pass" && expected.get(*test).is_some_and(|e| e != "pass")
        })
        .count();
    println!("{newly_passing} newly passing");
    if !regressions.is_empty() {
        eprintln!("regressions: {regressions:?}");
        std::process::exit(1);
    }
}
