//! The `secure-exec-wasm` command line: flags, exit statuses, one-line errors, streaming.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_secure-exec-wasm"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn run(args: &[&str]) -> Output {
    cli().arg("run").args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn exit_status_and_output_are_the_guests() {
    let output = run(&[
        "-e",
        "console.log('out'); console.error('err'); process.exitCode = 9",
    ]);
    assert_eq!(output.status.code(), Some(9));
    assert_eq!(text(&output.stdout), "out\n");
    assert_eq!(text(&output.stderr), "err\n");
}

#[test]
fn env_cwd_files_and_args_reach_the_guest() {
    let host_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(host_file.path(), "seeded").unwrap();
    let file_flag = format!("/data/in.txt={}", host_file.path().display());
    let output = run(&[
        "--env",
        "GREETING=hi",
        "--cwd",
        "/work",
        "--file",
        &file_flag,
        "--print-result",
        "-e",
        "__return([process.env.GREETING, process.cwd(), require('fs').readFileSync('/data/in.txt', 'utf8'), process.argv.slice(1)])",
        "--",
        "a",
        "b",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout).trim(),
        r#"["hi","/work","seeded",["a","b"]]"#
    );
}

#[test]
fn a_timeout_stops_the_guest_with_status_124() {
    let started = Instant::now();
    let output = run(&["--timeout", "300", "-e", "for (;;) {}"]);
    assert_eq!(output.status.code(), Some(124));
    // Not a speed check: the loop must not run on. The bound is loose because the first
    // CLI run on a fresh cache also compiles the engine (seconds in a debug build).
    assert!(started.elapsed() < Duration::from_secs(90));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("300 ms timeout"), "{stderr}");
}

#[test]
fn a_missing_file_is_one_line_and_status_2() {
    let output = run(&["/definitely/not/here.js"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/definitely/not/here.js"), "{stderr}");
}

#[test]
fn a_bad_flag_is_one_line_and_status_2() {
    for args in [
        &["--bogus", "x.js"][..],
        &["--timeout", "soon", "x.js"],
        &["--env", "NOEQUALS", "x.js"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("secure-exec-wasm: "), "{stderr}");
    }
}

#[test]
fn help_documents_every_flag() {
    let output = cli().args(["run", "--help"]).output().unwrap();
    let help = text(&output.stdout);
    for flag in [
        "--eval",
        "--env",
        "--cwd",
        "--file",
        "--timeout",
        "--memory-limit",
        "--fs",
        "--allow-env",
        "--print-result",
        "--commands-dir",
        "--allow-net",
        "--allow-host",
        "--loopback-exempt-port",
        "--publish",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}:\n{help}");
    }
}

#[test]
fn output_streams_while_the_guest_runs() {
    let mut child = cli()
        .args([
            "run",
            "-e",
            "console.log('early'); setTimeout(() => console.log('late'), 1500)",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "early");
    let first_line_at = started.elapsed();
    assert_eq!(lines.next().unwrap().unwrap(), "late");
    let finished_at = started.elapsed();
    assert!(child.wait().unwrap().success());
    assert!(
        finished_at - first_line_at > Duration::from_millis(1000),
        "the first line arrived {first_line_at:?}, before the guest finished at {finished_at:?}"
    );
}

#[test]
fn exec_runs_a_shell_command_line_with_the_sandbox_flags() {
    let output = cli()
        .args([
            "exec",
            "--env",
            "WHO=sandbox",
            "--cwd",
            "/home/user",
            "echo \"hello $WHO\" | tr a-z A-Z; pwd; exit 4",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "HELLO SANDBOX\n/home/user\n");
}

/// `--publish` serves a guest's listener on the host's loopback until Ctrl-C, which ends
/// the sandbox cleanly with status 130.
#[test]
fn publish_serves_a_guest_server_until_interrupted() {
    use std::io::{Read, Write};
    let mut child = cli()
        .args([
            "run",
            "-e",
            "require('node:http').createServer((_, res) => res.end('published')).listen(8080)",
        ])
        .args(["--publish", "0:8080"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut announcement = String::new();
    stderr.read_line(&mut announcement).unwrap();
    let address = announcement
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no address in {announcement:?}"))
        .to_string();
    let deadline = Instant::now() + Duration::from_secs(20);
    let response = loop {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        // Until the guest listens, the forwarder closes connections at once.
        if !response.is_empty() || Instant::now() > deadline {
            break response;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(response.ends_with("published"), "{response:?}");
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    assert_eq!(child.wait().unwrap().code(), Some(130));
}
