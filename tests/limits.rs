//! Resource limits and bad input: timeouts, cancellation, memory, output floods. Each
//! failure is a clear typed error and the runtime stays usable.

mod common;

use secure_exec_wasm::{CancellationToken, Error, NodeRuntime, NodeRuntimeOptions, RunOptions};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn infinite_loop_times_out_and_the_runtime_runs_the_next_script() {
    let rt = common::runtime().await;
    let options = RunOptions::default().with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let error = rt.exec("for (;;) {}", options).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error}");
    assert!(error.to_string().contains("200 ms timeout"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let result = rt
        .run::<i32>("__return(6 * 7)", RunOptions::default())
        .await
        .unwrap();
    assert_eq!(result.into_value().unwrap(), 42);
    assert_eq!(
        rt.kernel().processes().len(),
        1,
        "timed-out process was reaped; only init is left"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sleeping_guest_times_out_too() {
    let rt = common::runtime().await;
    let options = RunOptions::default().with_timeout(Duration::from_millis(200));
    let error = rt
        .exec("setTimeout(() => {}, 60_000)", options)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancellation_stops_a_run() {
    let rt = common::runtime().await;
    let signal = CancellationToken::new();
    let trigger = signal.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        trigger.cancel();
    });
    let options = RunOptions {
        signal: Some(signal),
        ..Default::default()
    };
    let error = rt.exec("for (;;) {}", options).await.unwrap_err();
    assert!(matches!(error, Error::Cancelled), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn unbounded_allocation_hits_the_memory_limit() {
    let options = NodeRuntimeOptions {
        memory_limit_bytes: Some(64 << 20),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let hog = "const chunks = []; for (;;) chunks.push(new Array(1 << 16).fill(chunks.length));";
    let error = rt.exec(hog, RunOptions::default()).await.unwrap_err();
    match error {
        Error::MemoryLimit { limit_bytes } => assert_eq!(limit_bytes, 64 << 20),
        other => panic!("expected a memory limit error, got {other}"),
    }
    let result = rt
        .run::<String>("__return('still fine')", RunOptions::default())
        .await
        .unwrap();
    assert_eq!(result.into_value().unwrap(), "still fine");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_output_flood_is_capped_and_keeps_what_came_before() {
    let options = NodeRuntimeOptions {
        output_limit_bytes: Some(1 << 20),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let flood =
        "console.log('first line'); const s = 'x'.repeat(1 << 16); for (;;) console.log(s);";
    let error = rt.exec(flood, RunOptions::default()).await.unwrap_err();
    match error {
        Error::OutputLimit {
            stream,
            limit_bytes,
        } => {
            assert_eq!(stream, "stdout");
            assert_eq!(limit_bytes, 1 << 20);
        }
        other => panic!("expected an output limit error, got {other}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn runaway_recursion_ends_with_nodes_range_error() {
    let rt = common::runtime().await;
    let result = rt.exec(
        "function f(n) { return f(n + 1) + 1 }\nf(0)",
        RunOptions::default(),
    );
    let result = result.await.unwrap();
    assert_eq!(result.exit_code, 1);
    let error = result.error.expect("a stack overflow error");
    assert_eq!(
        (error.name.as_str(), error.message.as_str()),
        ("RangeError", "Maximum call stack size exceeded")
    );
    let deep =
        "function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1) }\n__return(depth(10000))";
    let value = rt
        .run::<u32>(deep, RunOptions::default())
        .await
        .unwrap()
        .into_value()
        .unwrap();
    assert_eq!(value, 10000, "recursion as deep as Node allows still works");
}
