//! Processes: `sh` and the coreutils as real command components in the kernel's process
//! table, pipes between them, the host API's shell runs and spawn handles, exit statuses
//! and signals, and `child_process` from JavaScript.

mod common;

use common::runtime;
use secure_exec_wasm::kernel::Signal;
use secure_exec_wasm::{
    Error, ExecResult, NodeRuntime, NodeRuntimeOptions, Permissions, RunOptions, Script,
};
use std::time::Duration;

async fn sh(rt: &NodeRuntime, command_line: &str) -> ExecResult {
    rt.exec(Script::shell(command_line), RunOptions::default())
        .await
        .expect("shell run completes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn pipelines_connect_commands_through_kernel_pipes() {
    let rt = runtime().await;
    rt.write_file("/home/user/fruit.txt", "apple\nbanana\ncherry\navocado\n")
        .await
        .unwrap();
    let out = sh(&rt, "cat /home/user/fruit.txt | grep a | sort -r | wc -l").await;
    assert_eq!(
        (out.exit_code, text(&out.stdout).trim()),
        (0, "3"),
        "{}",
        text(&out.stderr)
    );

    let out = sh(&rt, "ls -la /home/user | wc -l").await;
    assert_eq!(out.exit_code, 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "4", "total, ., .. and fruit.txt");
}

#[tokio::test]
async fn owners_modes_and_working_directory_come_from_the_kernel() {
    let rt = runtime().await;
    let out = sh(
        &rt,
        "cd /home/user && touch notes && chmod 640 notes && ls -l notes && pwd && id -un",
    )
    .await;
    let stdout = text(&out.stdout);
    assert_eq!(out.exit_code, 0, "{}", text(&out.stderr));
    let mut lines = stdout.lines();
    let listing = lines.next().unwrap();
    assert!(
        listing.starts_with("-rw-r----- 1 root root 0 "),
        "{listing}"
    );
    assert!(listing.ends_with(" notes"), "{listing}");
    assert_eq!(lines.next(), Some("/home/user"));
    assert_eq!(lines.next(), Some("root"));

    let out = rt
        .exec(
            Script::shell("pwd; ls -ld ."),
            RunOptions {
                cwd: Some("/home/user".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("/home/user\ndrwxr-xr-x 2 user user "),
        "{stdout}"
    );
}

#[tokio::test]
async fn redirections_here_documents_and_exit_statuses() {
    let rt = runtime().await;
    let script = r#"
        echo first > /tmp/out.txt
        echo second >> /tmp/out.txt
        cat <<EOF | tr a-z A-Z
hello $HOME
EOF
        ls /no/such/dir 2>&1 | head -c 3
        echo
        wc -l < /tmp/out.txt
        false || echo "false failed with $?"
        (exit 7); echo "subshell gave $?"
    "#;
    let out = sh(&rt, script).await;
    assert_eq!(
        text(&out.stdout),
        "HELLO /ROOT\nls:\n2\nfalse failed with 1\nsubshell gave 7\n",
        "stderr: {}",
        text(&out.stderr)
    );
    assert_eq!(
        rt.read_file("/tmp/out.txt").await.unwrap(),
        b"first\nsecond\n"
    );

    let out = sh(&rt, "no-such-command; exit 3").await;
    assert_eq!(out.exit_code, 3);
    assert!(
        text(&out.stderr).contains("no-such-command: command not found"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn a_closed_pipe_ends_its_writer_with_sigpipe() {
    let rt = runtime().await;
    let out = sh(&rt, "yes | head -n 2; echo done").await;
    assert_eq!(text(&out.stdout), "y\ny\ndone\n", "{}", text(&out.stderr));
    assert_eq!(out.exit_code, 0);
}

#[tokio::test]
async fn spawn_handles_feed_stdin_kill_and_wait() {
    let rt = runtime().await;
    let mut cat = rt
        .spawn(Script::command(["tr", "a-z", "A-Z"]), RunOptions::default())
        .unwrap();
    assert!(cat.pid() > 1);
    cat.write_stdin(b"shout").await.unwrap();
    cat.close_stdin();
    let out = cat.wait().await.unwrap();
    assert_eq!((out.exit_code, out.stdout.as_slice()), (0, &b"SHOUT"[..]));

    let server = rt
        .spawn("setInterval(() => {}, 1000)", RunOptions::default())
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    server.kill(Signal::SIGTERM).unwrap();
    let out = server.wait().await.unwrap();
    assert_eq!((out.exit_code, out.signal), (143, Some("SIGTERM")));
    assert_eq!(rt.kernel().processes().len(), 1, "only init is left");
}

#[tokio::test]
async fn timeouts_end_the_whole_process_group() {
    let rt = runtime().await;
    let options = RunOptions {
        timeout: Some(Duration::from_millis(300)),
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let result = rt.exec(Script::shell("sleep 100 | cat"), options).await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(rt.kernel().processes().running(), vec![(1, 0)]);
    let out = sh(&rt, "echo still works").await;
    assert_eq!(text(&out.stdout), "still works\n");
}

#[tokio::test]
async fn node_is_a_command_and_scripts_run_by_their_shebang() {
    let rt = runtime().await;
    rt.write_file(
        "/home/user/greet.js",
        "#!/usr/bin/env node\nconsole.log('hello', process.argv.slice(2).join(' '))",
    )
    .await
    .unwrap();
    let out = sh(
        &rt,
        "cd /home/user && node greet.js from node && chmod +x greet.js && ./greet.js via shebang \
         && node -p '6 * 7' && echo 'console.log(\"piped\")' | node",
    )
    .await;
    assert_eq!(
        text(&out.stdout),
        "hello from node\nhello via shebang\n42\npiped\n",
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn javascript_spawns_children_through_child_process() {
    let rt = runtime().await;
    let code = r#"
        const { execSync, spawnSync, spawn, exec } = require('node:child_process');
        const upper = execSync('echo hi | tr a-z A-Z').toString();
        const listed = spawnSync('ls', ['/'], { encoding: 'utf8' });
        let failed;
        try { execSync('exit 4', { stdio: 'pipe' }); } catch (e) { failed = e.status; }
        const child = spawn('sh', ['-c', 'cat; echo err >&2']);
        let out = '', err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.stdin.end('fed');
        child.on('close', (code) => {
            exec('seq 3 | node -e "process.stdin.on(\'data\', d => process.stdout.write(String(d).split(\'\\n\').join(\',\')))"',
                (error, stdout) => {
                    __return({ upper, ls: listed.stdout.includes('home'), status: listed.status,
                               failed, out, err, code, seq: stdout, error: error && error.message });
                });
        });
    "#;
    let value = common::value_in(&rt, code, RunOptions::default()).await;
    assert_eq!(
        value,
        serde_json::json!({
            "upper": "HI\n", "ls": true, "status": 0, "failed": 4, "out": "fed",
            "err": "err\n", "code": 0, "seq": "1,2,3,", "error": null
        })
    );
}

#[tokio::test]
async fn fork_children_talk_over_an_ipc_channel() {
    let rt = runtime().await;
    rt.write_file(
        "/home/user/worker.js",
        "process.on('message', (m) => { process.send({ doubled: m.n * 2 }); process.disconnect(); });",
    )
    .await
    .unwrap();
    let code = r#"
        const child = require('child_process').fork('/home/user/worker.js');
        child.on('message', (m) => { child.on('exit', (code) => __return({ m, code })); });
        child.send({ n: 21 });
    "#;
    let value = common::value_in(&rt, code, RunOptions::default()).await;
    assert_eq!(
        value,
        serde_json::json!({ "m": { "doubled": 42 }, "code": 0 })
    );
}

#[tokio::test]
async fn the_process_limit_makes_spawn_fail_with_eagain() {
    let rt = NodeRuntime::create(NodeRuntimeOptions {
        max_processes: Some(4),
        ..Default::default()
    })
    .await
    .unwrap();
    // init, this node process, and two children fit; the third child does not.
    let code = r#"
        const { spawn } = require('child_process');
        const kids = [spawn('sleep', ['5']), spawn('sleep', ['5']), spawn('sleep', ['5'])];
        kids[2].on('error', (e) => { kids[0].kill(); kids[1].kill(); __return(e.code); });
    "#;
    let value = common::value_in(&rt, code, RunOptions::default()).await;
    assert_eq!(value, "EAGAIN");
}

#[tokio::test]
async fn a_commands_dir_replaces_the_builtin_commands() {
    let dir = tempfile::tempdir().unwrap();
    let multicall = env!("SECURE_EXEC_COMMANDS_WASM");
    for name in ["sh", "echo", "wc"] {
        std::fs::copy(multicall, dir.path().join(format!("{name}.wasm"))).unwrap();
    }
    let rt = NodeRuntime::create(NodeRuntimeOptions {
        commands_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .await
    .unwrap();
    let out = sh(&rt, "echo one two | wc -w; ls").await;
    assert_eq!(text(&out.stdout), "2\n");
    assert_eq!(out.exit_code, 127, "ls is not in the directory");

    let missing = NodeRuntime::create(NodeRuntimeOptions {
        commands_dir: Some("/no/such/dir".into()),
        ..Default::default()
    })
    .await;
    assert!(matches!(missing, Err(Error::InvalidOption(_))));
}

#[tokio::test]
async fn denied_child_processes_fail_like_denied_commands() {
    let rt = NodeRuntime::create(NodeRuntimeOptions {
        permissions: Permissions {
            child_process: secure_exec_wasm::Access::Deny,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .unwrap();
    let out = sh(&rt, "echo builtin works; ls /").await;
    assert_eq!(text(&out.stdout), "builtin works\n");
    assert_eq!(out.exit_code, 126, "{}", text(&out.stderr));
    let value = common::value_in(
        &rt,
        "try { require('child_process').execSync('ls') } catch (e) { __return(e.code) }",
        RunOptions::default(),
    )
    .await;
    assert_eq!(value, "EACCES");
}
