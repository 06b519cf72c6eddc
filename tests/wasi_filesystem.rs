//! `wasi:filesystem` over the kernel's VFS: unmodified WASI programs (the uutils
//! coreutils, built on Rust's std and wasi-libc) see the runtime's one filesystem, with its
//! mounts and permissions, and nothing of the real host.

mod common;

use secure_exec_wasm::{
    FsPolicy, MountOptions, NodeRuntime, NodeRuntimeOptions, Permissions, RunOptions, Script,
};

async fn sh(rt: &NodeRuntime, line: &str) -> (i32, String, String) {
    let out = rt
        .exec(Script::shell(line), RunOptions::default())
        .await
        .unwrap();
    (out.exit_code, out.stdout_text(), out.stderr_text())
}

#[tokio::test]
async fn wasi_programs_share_the_runtimes_filesystem() {
    let rt = common::runtime().await;
    rt.write_file("/root/in.txt", "from the host\n")
        .await
        .unwrap();
    let script = "mkdir -p /tmp/a/b && cp in.txt /tmp/a/b/copy.txt && mv /tmp/a/b/copy.txt /tmp/a/moved.txt \
                  && ln -s /tmp/a/moved.txt /tmp/link && cat /tmp/link && readlink /tmp/link \
                  && realpath /tmp/a/b/.. && touch /tmp/a/empty && rm -r /tmp/a/b && ls /tmp/a";
    let (code, stdout, stderr) = sh(&rt, script).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "from the host\n/tmp/a/moved.txt\n/tmp/a\nempty\nmoved.txt\n"
    );
    assert_eq!(
        rt.read_file("/tmp/a/moved.txt").await.unwrap(),
        b"from the host\n"
    );
    let js = "__return(require('fs').readdirSync('/tmp/a'))";
    let seen = common::value_in(&rt, js, RunOptions::default()).await;
    assert_eq!(seen, serde_json::json!(["empty", "moved.txt"]));
}

#[tokio::test]
async fn wasi_programs_append_and_write_to_devices() {
    let rt = common::runtime().await;
    let (code, stdout, stderr) = sh(
        &rt,
        "echo one > /tmp/log; echo two | tee -a /tmp/log > /dev/null; cat /tmp/log; \
         echo to-stderr | tee /dev/stderr > /dev/null",
    )
    .await;
    assert_eq!((code, stdout.as_str()), (0, "one\ntwo\n"), "{stderr}");
    assert_eq!(stderr, "to-stderr\n");
}

#[tokio::test]
async fn wasi_programs_are_held_to_the_fs_policy_and_mounts() {
    let host = tempfile::tempdir().unwrap();
    std::fs::write(host.path().join("data.txt"), "mounted\n").unwrap();
    let rt = NodeRuntime::create(NodeRuntimeOptions {
        mounts: vec![MountOptions {
            guest_path: "/mnt/data".into(),
            host_path: host.path().to_path_buf(),
            read_only: true,
        }],
        permissions: Permissions {
            fs: FsPolicy::ReadOnly,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .unwrap();
    let (code, stdout, _) = sh(&rt, "cat /mnt/data/data.txt").await;
    assert_eq!((code, stdout.as_str()), (0, "mounted\n"));
    let (code, _, stderr) = sh(&rt, "touch /tmp/new").await;
    assert_eq!(code, 1);
    assert!(stderr.contains("Permission denied"), "{stderr}");
    let (code, _, stderr) = sh(&rt, "echo x > /tmp/new").await;
    assert_ne!(code, 0);
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert!(!host.path().join("new").exists());
}
