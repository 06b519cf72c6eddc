//! Shared helpers of the integration tests: every test runs real guests in the real engine
//! component on a real kernel.
// Each test binary compiles this module and uses only some of the helpers.
#![allow(dead_code)]

use secure_exec_wasm::{ExecResult, NodeRuntime, NodeRuntimeOptions, RunOptions, Script};
use serde_json::Value;

pub async fn runtime() -> NodeRuntime {
    NodeRuntime::create(NodeRuntimeOptions::default())
        .await
        .expect("runtime boots")
}

/// Runs `code` in `rt` and returns its `__return` value, failing the test with the guest's
/// output when the script did not return one.
pub async fn value_in(rt: &NodeRuntime, code: &str, options: RunOptions) -> Value {
    let result = rt.run::<Value>(code, options).await.expect("run completes");
    match result.value {
        Some(value) => value,
        None => panic!(
            "no __return value (exit {}):\nstdout: {}\nstderr: {}",
            result.exit_code,
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        ),
    }
}

/// Runs `code` in a fresh runtime and returns its `__return` value.
pub async fn eval(code: &str) -> Value {
    value_in(&runtime().await, code, RunOptions::default()).await
}

/// Runs `code` as a process in a fresh runtime.
pub async fn exec(code: &str) -> ExecResult {
    runtime()
        .await
        .exec(code, RunOptions::default())
        .await
        .expect("run completes")
}

/// Writes `files` and `script` (as `/tmp/script.js`) into a fresh runtime, runs
/// `node [node_options] /tmp/script.js`, and parses the one JSON line it prints.
pub async fn node_json(files: &[(&str, &str)], node_options: &[&str], script: &str) -> Value {
    let rt = runtime().await;
    for (path, contents) in files {
        rt.write_file(path, contents).await.unwrap();
    }
    rt.write_file("/tmp/script.js", script).await.unwrap();
    let command = ["node"]
        .iter()
        .chain(node_options)
        .chain(&["/tmp/script.js"])
        .copied();
    let result = rt
        .exec(Script::command(command), RunOptions::default())
        .await
        .expect("run completes");
    assert_eq!(result.exit_code, 0, "{}", result.stderr_text());
    serde_json::from_str(result.stdout_text().trim()).expect("one JSON line")
}

/// A self-signed certificate for `localhost` and its key (`tests/fixtures/tls`), where TLS
/// test scripts read them.
pub const TLS_FILES: &[(&str, &str)] = &[
    ("/tls/key.pem", include_str!("../fixtures/tls/key.pem")),
    ("/tls/cert.pem", include_str!("../fixtures/tls/cert.pem")),
];
