//! Pipelines mixing programs and in-process stages, background jobs and signals.

use super::fake::Fake;
use super::{out, run_in, sh};

#[test]
fn programs_in_a_pipeline() {
    assert_eq!(out("seq 5 | grep -v 3 | sort -r | head -n 2"), "5\n4\n");
    assert_eq!(out("seq 3 | tr 1-3 a-c; echo $?"), "a\nb\nc\n0\n");
}

#[test]
fn builtins_and_compounds_in_a_pipeline() {
    let script = r#"
        echo hello | tr a-z A-Z
        printf '%s\n' b a c | sort
        seq 3 | while read n; do echo "n=$n"; done
        { echo x; echo y; } | wc -l
        echo in | { read v; echo "got $v"; }
        for i in 1 2; do echo $i; done | cat | while read j; do echo "j$j"; done
        f() { tr a b; }; echo aaa | f
        echo sub | (read s; echo "[$s]")
    "#;
    assert_eq!(
        out(script),
        "HELLO\na\nb\nc\nn=1\nn=2\nn=3\n2\ngot in\nj1\nj2\nbbb\n[sub]\n"
    );
}

#[test]
fn stages_are_subshells() {
    assert_eq!(
        out("x=1; echo 2 | read x; echo $x; echo | x=3; echo $x"),
        "1\n1\n"
    );
}

#[test]
fn large_data_through_mixed_pipelines() {
    let count = 2000;
    let expected: usize = (1..=count).map(|n: usize| n.to_string().len() + 1).sum();
    let script = format!(
        "seq {count} | while read n; do echo $n; done | cat | wc -c; \
         x=$(seq {count} | while read n; do echo $n; done | cat); echo ${{#x}}; \
         i=0; while [ $i -lt {count} ]; do i=$((i+1)); echo $i; done | wc -c"
    );
    assert_eq!(
        out(&script),
        format!("{expected}\n{}\n{expected}\n", expected - 1)
    );
}

#[test]
fn in_process_writer_stops_when_the_reader_is_gone() {
    assert_eq!(
        out("while true; do echo y; done | head -n 2; echo status $?"),
        "y\ny\nstatus 0\n"
    );
    let outcome = sh("yes | head -n 1");
    assert_eq!(outcome.stdout, "y\n");
    assert_eq!(outcome.status, 0);
}

#[test]
fn pipeline_status_negation_and_pipefail() {
    assert_eq!(
        out("false | true; echo $?; true | false; echo $?; ! true | false; echo $?"),
        "0\n1\n0\n"
    );
    assert_eq!(out("! true; echo $?; ! false; echo $?"), "1\n0\n");
    assert_eq!(
        out("set -o pipefail; status 3 | true; echo $?; true | status 4 | true; echo $?"),
        "3\n4\n"
    );
}

#[test]
fn standard_error_in_pipelines() {
    let outcome = sh("warn e1 | cat; warn e2 2>&1 | tr e E; warn e3 |& tr e E");
    assert_eq!(outcome.stdout, "E2\nE3\n");
    assert_eq!(outcome.stderr, "e1\n");
}

#[test]
fn background_jobs_and_wait() {
    let script = r#"
        status 7 & p=$!
        wait $p; echo "waited $?"
        { echo in-process; exit 5; } & q=$!
        wait $q; echo "job $?"
        sleep 1 & sleep 1 &
        wait; echo all done
        echo bg > /dev/null &
        wait 12345; echo $?
    "#;
    let outcome = sh(script);
    assert_eq!(
        outcome.stdout,
        "waited 7\nin-process\njob 5\nall done\n127\n"
    );
    assert_eq!(
        outcome.stderr,
        "sh: wait: pid 12345 is not a child of this shell\n"
    );
}

#[test]
fn background_jobs_read_no_input() {
    let fake = Fake::new();
    let outcome = fake.run(&["sh", "-c", "cat & wait; echo done"], "not for cat\n");
    assert_eq!(outcome.stdout, "done\n");
}

#[test]
fn signals_and_kill() {
    let script = r#"
        die TERM; echo $?
        die KILL; echo $?
        sleep 100 & p=$!
        kill $p; wait $p; echo killed $?
        sleep 100 & p=$!
        kill -9 $p; wait $p; echo $?
        sleep 100 & p=$!
        kill -s INT $p; wait $p; echo $?
        kill -l | head -n 1
        kill -l 130
        kill 99999; echo $?
        sleep 100 & p=$!
        kill -0 $p && echo running; kill $p; wait $p; kill -0 $p 2>/dev/null || echo gone
        kill -0 $$ && echo self
    "#;
    let outcome = sh(script);
    assert_eq!(
        outcome.stdout,
        "143\n137\nkilled 143\n137\n130\nHUP INT QUIT KILL USR1 USR2 PIPE ALRM TERM\nINT\n1\nrunning\ngone\nself\n"
    );
    assert_eq!(outcome.stderr, "sh: kill: (99999) - No such process\n");
}

#[test]
fn pipelines_inside_command_substitution_and_loops() {
    let fake = Fake::new();
    fake.file("/home/user/data", "b\na\nc\n");
    let outcome = run_in(
        &fake,
        "for f in $(cat data | sort); do echo \"$f:$(echo $f | tr a-c A-C)\"; done",
    );
    assert_eq!(outcome.stdout, "a:A\nb:B\nc:C\n");
}

#[test]
fn programs_read_the_rest_of_a_loop_input() {
    assert_eq!(
        out("printf '1\\n2\\n3\\n' | while read first; do echo \"first=$first\"; cat; done"),
        "first=1\n2\n3\n"
    );
}
