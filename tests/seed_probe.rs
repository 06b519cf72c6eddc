//! The seed's first example, through the Rust API and through the CLI.

mod common;

use serde::Deserialize;
use std::process::Command;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Probe {
    platform: String,
    has_process: bool,
    has_buffer: bool,
    node_version: String,
    sha256: String,
    joined_path: String,
}

fn expected() -> Probe {
    Probe {
        platform: "linux".into(),
        has_process: true,
        has_buffer: true,
        node_version: "22.0.0".into(),
        sha256: "fa7ce60dac0cc1bfe7424a68e47ad3d712345cf936431bb147cd5f5de0371a4a".into(),
        joined_path: "/home/user/report.txt".into(),
    }
}

const PROBE: &str = include_str!("../examples/probe.mjs");

#[tokio::test(flavor = "multi_thread")]
async fn probe_through_the_rust_api() {
    let rt = common::runtime().await;
    let result = rt.run::<Probe>(PROBE, Default::default()).await.unwrap();
    assert_eq!(result.exit_code, 0, "stderr: {}", result.stderr_text());
    assert_eq!(result.into_value().unwrap(), expected());
    rt.dispose().await;
}

#[test]
fn probe_through_the_cli() {
    let output = Command::new(env!("CARGO_BIN_EXE_secure-exec-wasm"))
        .args(["run", "examples/probe.mjs", "--print-result"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let probe: Probe = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(probe, expected());
}
