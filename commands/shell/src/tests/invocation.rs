//! How the shell is started: `-c`, a script file, standard input, and options.

use super::fake::Fake;

#[test]
fn command_string_with_name_and_arguments() {
    let fake = Fake::new();
    let outcome = fake.run(&["sh", "-c", "echo $0 $1 $#", "myname", "one", "two"], "");
    assert_eq!(outcome.stdout, "myname one 2\n");
    let outcome = fake.run(&["sh", "-c", "echo $0"], "");
    assert_eq!(outcome.stdout, "sh\n");
}

#[test]
fn script_file_with_arguments() {
    let fake = Fake::new();
    fake.file(
        "/home/user/script.sh",
        "#!/bin/sh\necho \"$0: $*\"\nexit 3\n",
    );
    let outcome = fake.run(&["sh", "script.sh", "a", "b"], "");
    assert_eq!(
        (outcome.stdout.as_str(), outcome.status),
        ("script.sh: a b\n", 3)
    );
    let outcome = fake.run(&["sh", "missing.sh"], "");
    assert_eq!(outcome.status, 127);
    assert_eq!(
        outcome.stderr,
        "sh: missing.sh: No such file or directory\n"
    );
}

#[test]
fn script_from_standard_input() {
    let fake = Fake::new();
    let script = "echo start\nif true; then\n  echo multi\nfi\ncat <<EOF\nheredoc\nEOF\nread line\ndata for read\necho \"got $line\"\necho end $1\n";
    let outcome = fake.run(&["sh", "-s", "arg"], script);
    assert_eq!(
        outcome.stdout,
        "start\nmulti\nheredoc\ngot data for read\nend arg\n"
    );
    let outcome = fake.run(&["sh"], "echo plain; exit 4; echo no\n");
    assert_eq!((outcome.stdout.as_str(), outcome.status), ("plain\n", 4));
    let outcome = fake.run(&["sh"], "echo ok\nif true; then\n");
    assert_eq!(outcome.stdout, "ok\n");
    assert_eq!(outcome.status, 2);
}

#[test]
fn options_on_the_command_line() {
    let fake = Fake::new();
    let outcome = fake.run(&["sh", "-e", "-c", "false; echo no"], "");
    assert_eq!(outcome.status, 1);
    let outcome = fake.run(&["sh", "-xc", "echo $((1+1))"], "");
    assert_eq!(
        (outcome.stdout.as_str(), outcome.stderr.as_str()),
        ("2\n", "+ echo 2\n")
    );
    let outcome = fake.run(&["sh", "-u", "-c", "echo $nope"], "");
    assert_eq!(outcome.status, 127);
    let outcome = fake.run(&["sh", "-o", "pipefail", "-c", "false | true"], "");
    assert_eq!(outcome.status, 1);
    let outcome = fake.run(
        &["sh", "-euo", "pipefail", "-c", "false | true; echo no"],
        "",
    );
    assert_eq!((outcome.stdout.as_str(), outcome.status), ("", 1));
    let outcome = fake.run(&["sh", "-n", "-c", "echo not run"], "");
    assert_eq!((outcome.stdout.as_str(), outcome.status), ("", 0));
    let outcome = fake.run(&["sh", "-Q"], "");
    assert_eq!(
        (outcome.stderr.as_str(), outcome.status),
        ("sh: -Q: invalid option\n", 2)
    );
}
