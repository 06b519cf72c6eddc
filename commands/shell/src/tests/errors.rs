//! How failures are reported: missing and unrunnable programs, syntax errors.

use super::fake::Fake;
use super::{run_in, sh};

#[test]
fn command_not_found() {
    let outcome = sh("nosuch arg; echo $?; ./nosuch; echo $?");
    assert_eq!(outcome.stdout, "127\n127\n");
    assert_eq!(
        outcome.stderr,
        "sh: nosuch: command not found\nsh: ./nosuch: No such file or directory\n"
    );
}

#[test]
fn not_executable() {
    let fake = Fake::new();
    fake.file("/home/user/plain", "data");
    fake.file_with_mode("/home/user/binary", "garbage", 0o755);
    fake.dir("/home/user/adir");
    let outcome = run_in(
        &fake,
        "./plain; echo $?; ./binary; echo $?; ./adir; echo $?",
    );
    assert_eq!(outcome.stdout, "126\n126\n126\n");
    assert_eq!(
        outcome.stderr,
        "sh: ./plain: Permission denied\nsh: ./binary: cannot execute binary file: Exec format error\nsh: ./adir: Permission denied\n"
    );
}

#[test]
fn scripts_run_by_path() {
    let fake = Fake::new();
    fake.file_with_mode("/home/user/tool", "#!fake:printargs", 0o755);
    let outcome = run_in(&fake, "./tool a 'b c'; PATH=/home/user:$PATH; tool d");
    assert_eq!(outcome.stdout, "[a]\n[b c]\n[d]\n");
}

#[test]
fn syntax_errors_stop_the_script() {
    let outcome = sh("echo first\nif true; then\necho inside\nfi fi\necho never");
    assert_eq!(outcome.stdout, "first\n");
    assert_eq!(
        outcome.stderr,
        "sh: line 4: syntax error near unexpected token `fi'\n"
    );
    assert_eq!(outcome.status, 2);
    let outcome = sh("echo 'unterminated");
    assert_eq!(
        outcome.stderr,
        "sh: line 1: unexpected EOF while looking for matching `''\n"
    );
    assert_eq!(outcome.status, 2);
    assert_eq!(
        sh("echo a; done").stderr,
        "sh: line 1: syntax error near unexpected token `done'\n"
    );
    assert_eq!(
        sh("echo ${a!b}").stderr,
        "sh: line 1: ${a!b}: bad substitution\n"
    );
    assert_eq!(
        sh("( echo").stderr,
        "sh: line 1: syntax error: unexpected end of file\n"
    );
    assert_eq!(
        sh("f() echo hi").stderr,
        "sh: line 1: syntax error near unexpected token `echo'\n"
    );
}

#[test]
fn failures_inside_substitutions_and_redirects_are_not_fatal() {
    let outcome = sh("x=$(nosuch); echo \"[$x] $?\"; echo a > /missing/dir/f || echo handled");
    assert_eq!(outcome.stdout, "[] 127\nhandled\n");
}
