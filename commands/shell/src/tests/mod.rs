//! Tests of the whole shell, run against a fake kernel.

mod fake;
mod programs;

mod builtins;
mod control;
mod errors;
mod expansion;
mod invocation;
mod pipelines;
mod redirection;
mod units;

use fake::{Fake, Outcome};

/// Runs `sh -c script` on `fake`; the shell must leave only its standard descriptors open.
fn run_in(fake: &Fake, script: &str) -> Outcome {
    let outcome = fake.run(&["sh", "-c", script], "");
    assert!(
        outcome.open_fds == [0, 1, 2],
        "descriptors left open: {outcome:?}"
    );
    outcome
}

/// Runs `sh -c script` on a fresh fake machine.
fn sh(script: &str) -> Outcome {
    run_in(&Fake::new(), script)
}

/// The standard output of a script that must write nothing on standard error.
fn out(script: &str) -> String {
    let outcome = sh(script);
    assert_eq!(
        outcome.stderr, "",
        "unexpected errors from {script:?}: {outcome:?}"
    );
    outcome.stdout
}
