//! The module fixture matrix (`tests/fixtures/packages`: CommonJS and ESM-only packages,
//! conditional and pattern `exports`, `imports` maps, self-reference, a pnpm-style
//! symlinked layout, JSON, circular requires, a dual package, and the error codes of each
//! failure) runs under the machine's real `node` and in the sandbox; outputs must match.

use secure_exec_wasm::{MountOptions, NodeRuntime, NodeRuntimeOptions, RunOptions, Script};
use std::path::PathBuf;
use std::process::Command;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packages")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fixture_matrix_matches_real_node() {
    let Ok(node) = Command::new("node")
        .arg("main.mjs")
        .current_dir(fixture())
        .output()
    else {
        eprintln!("skipping: no `node` on PATH to compare with");
        return;
    };
    assert!(
        node.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&node.stderr)
    );

    let mount = MountOptions {
        guest_path: "/app".into(),
        host_path: fixture(),
        read_only: true,
    };
    let options = NodeRuntimeOptions {
        mounts: vec![mount],
        cwd: Some("/app".into()),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let sandbox = rt
        .exec(Script::file("/app/main.mjs"), RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        sandbox.exit_code,
        0,
        "sandbox failed: {}",
        sandbox.stderr_text()
    );
    assert_eq!(sandbox.stdout_text(), String::from_utf8_lossy(&node.stdout));
}
