//! Host directories mounted into the VFS: read lazily, packages load from them, read-only
//! mounts refuse writes with EROFS, and nothing leads out of the mounted tree.

mod common;

use secure_exec_wasm::{MountOptions, NodeRuntime, NodeRuntimeOptions, RunOptions};
use serde_json::json;
use std::fs;
use std::path::Path;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |relative: &str, text: &str| {
        let file = root.join(relative);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    };
    write(
        "node_modules/greet/package.json",
        r#"{"name":"greet","main":"lib/index.js"}"#,
    );
    write(
        "node_modules/greet/lib/index.js",
        "exports.greet = (n) => `hello ${n}`;",
    );
    write(
        "node_modules/esm-only/package.json",
        r#"{"name":"esm-only","type":"module","exports":{".":{"import":"./index.js"}}}"#,
    );
    write(
        "node_modules/esm-only/index.js",
        "export const answer = 42; export default 'esm';",
    );
    write("data/notes.txt", "from the host");
    // A host file that exists on the real host but not in the VFS: links resolve virtually.
    std::os::unix::fs::symlink("/etc/shadow", root.join("data/escape")).unwrap();
    dir
}

async fn runtime(host: &Path, read_only: bool) -> NodeRuntime {
    let mount = MountOptions {
        guest_path: "/app".into(),
        host_path: host.into(),
        read_only,
    };
    let options = NodeRuntimeOptions {
        mounts: vec![mount],
        cwd: Some("/app".into()),
        ..Default::default()
    };
    NodeRuntime::create(options).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn packages_and_files_load_lazily_from_a_mount() {
    let host = project();
    let rt = runtime(host.path(), true).await;
    fs::write(host.path().join("data/late.txt"), "written after boot").unwrap();
    let code = r#"
        import esm, { answer } from 'esm-only';
        const { greet } = require('greet');
        const fs = require('fs');
        __return({
          greet: greet('mount'), esm, answer,
          notes: fs.readFileSync('/app/data/notes.txt', 'utf8'),
          late: fs.readFileSync('data/late.txt', 'utf8'),
          listing: fs.readdirSync('/app').sort(),
        });"#;
    let options = RunOptions {
        filename: Some("/app/main.mjs".into()),
        ..Default::default()
    };
    let value = common::value_in(&rt, code, options).await;
    assert_eq!(
        value,
        json!({
            "greet": "hello mount", "esm": "esm", "answer": 42,
            "notes": "from the host", "late": "written after boot",
            "listing": ["data", "node_modules"],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_mounts_refuse_writes_and_nothing_escapes() {
    let host = project();
    let rt = runtime(host.path(), true).await;
    let code = r#"
        const fs = require('fs');
        const attempt = (f) => { try { f(); return 'ok' } catch (e) { return e.code } };
        __return({
          write: attempt(() => fs.writeFileSync('/app/data/new.txt', 'x')),
          unlink: attempt(() => fs.unlinkSync('/app/data/notes.txt')),
          mkdir: attempt(() => fs.mkdirSync('/app/dir')),
          escape: attempt(() => fs.readFileSync('/app/data/escape')),
          dotdot: fs.realpathSync('/app/../app/data/../data'),
        });"#;
    let value = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        value.into_value().unwrap(),
        json!({ "write": "EROFS", "unlink": "EROFS", "mkdir": "EROFS", "escape": "ENOENT", "dotdot": "/app/data" })
    );
    assert!(!host.path().join("data/new.txt").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn writable_mounts_write_through_to_the_host() {
    let host = project();
    let rt = runtime(host.path(), false).await;
    let code = "require('fs').writeFileSync('/app/data/out.txt', 'from the guest'); __return(true)";
    rt.run::<bool>(code, RunOptions::default())
        .await
        .unwrap()
        .into_value()
        .unwrap();
    assert_eq!(
        fs::read_to_string(host.path().join("data/out.txt")).unwrap(),
        "from the guest"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_host_directory_is_a_clear_error() {
    let mount = MountOptions {
        guest_path: "/app".into(),
        host_path: "/definitely/not/here".into(),
        read_only: true,
    };
    let options = NodeRuntimeOptions {
        mounts: vec![mount],
        ..Default::default()
    };
    let error = NodeRuntime::create(options)
        .await
        .err()
        .expect("mounting fails");
    assert!(
        error.to_string().contains("/definitely/not/here"),
        "{error}"
    );
}

#[test]
fn the_cli_mounts_with_a_flag() {
    let host = project();
    let flag = format!("{}:/app:ro", host.path().display());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_secure-exec-wasm"))
        .args([
            "run",
            "--mount",
            &flag,
            "--print-result",
            "-e",
            "__return(require('/app/node_modules/greet').greet('cli'))",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "\"hello cli\""
    );
}
