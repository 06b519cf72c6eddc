//! How guest failures come back: exceptions with message and stack, syntax errors with
//! file, line and column, unhandled rejections, exit codes, Node-style error codes.

mod common;

use secure_exec_wasm::{Error, RunOptions};

#[tokio::test(flavor = "multi_thread")]
async fn a_thrown_exception_returns_message_and_js_stack() {
    let rt = common::runtime().await;
    let code = "function explode() { throw new TypeError('boom') }\nexplode();";
    let result = rt.run::<()>(code, RunOptions::default()).await.unwrap();
    assert_eq!(result.exit_code, 1);
    let error = result.error.clone().expect("an uncaught error");
    assert_eq!(error.name, "TypeError");
    assert_eq!(error.message, "boom");
    assert!(
        error.stack.starts_with("TypeError: boom"),
        "{}",
        error.stack
    );
    assert!(error.stack.contains("at explode"), "{}", error.stack);
    assert!(
        result.stderr_text().contains("TypeError: boom"),
        "printed to stderr like Node"
    );
    assert!(matches!(result.into_value(), Err(Error::Guest(_))));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_syntax_error_names_file_line_and_column() {
    let rt = common::runtime().await;
    rt.write_file("/root/broken.js", "const ok = 1;\nconst bad = ;\n")
        .await
        .unwrap();
    let result = rt
        .exec(
            secure_exec_wasm::Script::file("/root/broken.js"),
            RunOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(result.exit_code, 1);
    let error = result.error.expect("a syntax error");
    assert_eq!(error.name, "SyntaxError");
    assert!(
        error.stack.contains("/root/broken.js:2:"),
        "{}",
        error.stack
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unhandled_rejection_fails_the_process() {
    let result = common::exec("Promise.reject(new Error('nobody caught me'))").await;
    assert_eq!(result.exit_code, 1);
    assert_eq!(result.error.unwrap().message, "nobody caught me");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_top_level_await_fails_the_module() {
    let result = common::exec("await Promise.reject(new RangeError('late'))").await;
    assert_eq!(result.exit_code, 1);
    assert_eq!(result.error.unwrap().name, "RangeError");
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_codes_come_from_process_exit_and_exit_code() {
    assert_eq!(common::exec("process.exit(7)").await.exit_code, 7);
    assert_eq!(common::exec("process.exitCode = 3").await.exit_code, 3);
    let swallowed =
        common::exec("try { process.exit(4) } catch {} finally { console.log('no') }").await;
    assert_eq!(swallowed.exit_code, 4);
    assert_eq!(swallowed.stdout_text(), "", "process.exit cannot be caught");
    let listeners = common::exec(
        "process.on('exit', (code) => console.log('exit', code)); process.exitCode = 5",
    )
    .await;
    assert_eq!(listeners.stdout_text(), "exit 5\n");
    assert_eq!(listeners.exit_code, 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn uncaught_exception_listeners_keep_the_process_alive() {
    let result = common::exec(
        "process.on('uncaughtException', (e) => console.log('caught', e.message));
         setTimeout(() => { throw new Error('later') }, 1);
         setTimeout(() => console.log('still running'), 5);",
    )
    .await;
    assert_eq!(result.stdout_text(), "caught later\nstill running\n");
    assert_eq!(result.exit_code, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn fs_errors_look_like_nodes() {
    let value = common::eval(
        "const fs = require('fs');
         try { fs.readFileSync('/missing.txt') } catch (e) {
           __return({ code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, message: e.message })
         }",
    )
    .await;
    assert_eq!(
        value,
        serde_json::json!({
            "code": "ENOENT", "errno": -2, "syscall": "open", "path": "/missing.txt",
            "message": "ENOENT: no such file or directory, open '/missing.txt'"
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_builtins_fail_with_nodes_code() {
    let value = common::eval("try { require('node:nope') } catch (e) { __return(e.code) }").await;
    assert_eq!(value, "ERR_UNKNOWN_BUILTIN_MODULE");
    let missing = common::eval("try { require('./nope') } catch (e) { __return(e.code) }").await;
    assert_eq!(missing, "MODULE_NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exit_listener_that_throws_fails_the_process() {
    let result = common::exec("process.on('exit', () => { throw new Error('in exit') })").await;
    assert_eq!(result.exit_code, 1);
    assert_eq!(result.error.unwrap().message, "in exit");
}
