//! Redirections, here-documents and here-strings, for builtins and programs alike.

use super::fake::Fake;
use super::{out, run_in, sh};

#[test]
fn output_and_append() {
    let fake = Fake::new();
    let outcome = run_in(
        &fake,
        "echo one > f; echo two >> f; printf 'x\\n' >>f; seq 2 > g; seq 3 >> g; cat f g",
    );
    assert_eq!(outcome.stdout, "one\ntwo\nx\n1\n2\n1\n2\n3\n");
    assert_eq!(fake.read("/home/user/f").as_deref(), Some("one\ntwo\nx\n"));
}

#[test]
fn input() {
    let fake = Fake::new();
    fake.file("/home/user/in", "alpha\nbeta\n");
    let outcome = run_in(
        &fake,
        "wc -l < in; read first < in; echo $first; while read l; do echo \"<$l>\"; done < in",
    );
    assert_eq!(outcome.stdout, "2\nalpha\n<alpha>\n<beta>\n");
}

#[test]
fn standard_error_and_duplication() {
    let fake = Fake::new();
    let outcome = run_in(
        &fake,
        "warn oops 2>err; echo out 1>&2 2>/no/such; warn both >all 2>&1; echo e >&2; cat err all",
    );
    assert_eq!(outcome.stdout, "oops\nboth\n");
    assert_eq!(
        outcome.stderr,
        "sh: /no/such: No such file or directory\ne\n"
    );
    let outcome = run_in(
        &fake,
        "{ echo a; warn b; } &> both; cat both; warn c &>> both; cat both",
    );
    assert_eq!(outcome.stdout, "a\nb\na\nb\nc\n");
}

#[test]
fn numbered_descriptors_and_closing() {
    let fake = Fake::new();
    let outcome = run_in(
        &fake,
        "{ echo to3 >&3; echo to1; } 3>three; cat three; exec 4>four; echo via4 >&4; exec 4>&-; cat four; echo x >&4",
    );
    assert_eq!(outcome.stdout, "to1\nto3\nvia4\n");
    assert_eq!(outcome.stderr, "sh: 4: Bad file descriptor\n");
    let outcome = run_in(&fake, "echo gone >&-; echo status $?");
    assert_eq!(outcome.stdout, "status 1\n");
    assert_eq!(outcome.stderr, "sh: write error: Bad file descriptor\n");
    fake.file("/home/user/in", "from file\n");
    let outcome = run_in(&fake, "exec 5<in; read v <&5; echo $v; cat <&5; exec 5<&-");
    assert_eq!(outcome.stdout, "from file\n");
    let outcome = run_in(
        &fake,
        "exec 3>kept; (exec 3>&-); echo still open >&3; exec 3>&-; cat kept",
    );
    assert_eq!(outcome.stdout, "still open\n");
}

#[test]
fn exec_redirections_stay() {
    let fake = Fake::new();
    let outcome = fake.run(
        &[
            "sh",
            "-c",
            "exec >log; echo hidden; seq 2; exec 2>&1; warn also",
        ],
        "",
    );
    assert_eq!(outcome.stdout, "");
    assert_eq!(outcome.open_fds, [0, 3], "the replaced 1 and 2 are closed");
    assert_eq!(
        fake.read("/home/user/log").as_deref(),
        Some("hidden\n1\n2\nalso\n")
    );
}

#[test]
fn redirections_without_a_command() {
    let fake = Fake::new();
    let outcome = run_in(
        &fake,
        "> created; x=1 >> appended; echo $x; < missing; echo $?",
    );
    assert_eq!(outcome.stdout, "1\n1\n");
    assert!(fake.exists("/home/user/created") && fake.exists("/home/user/appended"));
}

#[test]
fn nested_redirections_restore_the_outer_ones() {
    let fake = Fake::new();
    fake.file("/home/user/in", "1\n2\n");
    let outcome = run_in(
        &fake,
        "{ while read l; do echo \"<$l>\"; done < in; echo x; } > out; echo visible; \
         { exec >inner; echo a; } > outer; echo restored; cat out inner outer",
    );
    assert_eq!(outcome.stdout, "visible\nrestored\n<1>\n<2>\nx\na\n");
}

#[test]
fn a_subshell_cannot_close_the_shell_descriptors() {
    assert_eq!(
        out("(exec >/dev/null 2>&1 0<&-); echo visible; (exec 1>&-); echo still"),
        "visible\nstill\n"
    );
}

#[test]
fn redirection_errors() {
    let outcome = sh("echo x > /nope/file; echo status $?; cat < missing; echo $?");
    assert_eq!(outcome.stdout, "status 1\n1\n");
    assert_eq!(
        outcome.stderr,
        "sh: /nope/file: No such file or directory\nsh: missing: No such file or directory\n"
    );
    let outcome = sh("f='a b'; touch=1; echo x > $f");
    assert_eq!(outcome.stderr, "sh: a b: ambiguous redirect\n");
}

#[test]
fn noclobber() {
    let fake = Fake::new();
    fake.file("/home/user/kept", "old\n");
    let outcome = run_in(
        &fake,
        "set -C; echo new > kept; echo $?; echo forced >| kept; cat kept",
    );
    assert_eq!(outcome.stdout, "1\nforced\n");
    assert_eq!(outcome.stderr, "sh: kept: cannot overwrite existing file\n");
}

#[test]
fn here_documents() {
    let script = "name=world\ncat <<EOF\nhello $name\n  $(echo sub) \\$literal\nEOF\ncat <<'EOF'\nkeep $name\nEOF\ncat <<-EOF\n\tstripped\n\tEOF\ncat <<A; cat <<B\none\nA\ntwo\nB\necho after\n";
    assert_eq!(
        out(script),
        "hello world\n  sub $literal\nkeep $name\nstripped\none\ntwo\nafter\n"
    );
    assert_eq!(out("read a b <<EOF\nx y z\nEOF\necho $b"), "y z\n");
    assert_eq!(
        out("while read l; do echo \"[$l]\"; done <<END\n1\n2\nEND"),
        "[1]\n[2]\n"
    );
    assert_eq!(out("x=$(cat <<EOF\ninside\nEOF\n); echo $x"), "inside\n");
}

#[test]
fn here_strings() {
    assert_eq!(
        out("v='a b'; cat <<< \"$v\"; read x y <<< $v; echo $y; wc -l <<<three"),
        "a b\nb\n1\n"
    );
}

#[test]
fn programs_leave_unread_input_for_the_shell() {
    let script =
        "{ line; read rest; echo \"read: $rest\"; line; } <<EOF\nfirst\nsecond\nthird\nEOF";
    assert_eq!(out(script), "first\nread: second\nthird\n");
}

#[test]
fn files_are_created_with_the_umask() {
    let fake = Fake::new();
    run_in(&fake, "umask 077; echo > private");
    let outcome = run_in(&fake, "test -r private && echo readable");
    assert_eq!(outcome.stdout, "readable\n");
}
