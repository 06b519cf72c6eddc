//! Host tools: registered at create or after boot, run by guests as commands with JSON
//! input, validated against their schema, answered by host handlers.

mod common;

use secure_exec_wasm::{
    Access, EXIT_HANDLER_FAILED, EXIT_INVALID_INPUT, NodeRuntime, NodeRuntimeOptions, Permissions,
    RunOptions, Script, Tool,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn add() -> Tool {
    Tool::new(
        "Add two numbers",
        json!({"type": "object", "required": ["a", "b"],
               "properties": {"a": {"type": "number"}, "b": {"type": "number"}}}),
        |input| {
            let sum = input["a"].as_f64().unwrap_or(0.0) + input["b"].as_f64().unwrap_or(0.0);
            if sum < 0.0 {
                return Err("negative sums are not supported".into());
            }
            Ok(json!({ "sum": sum }))
        },
    )
}

async fn runtime_with(tools: BTreeMap<String, Tool>, permissions: Permissions) -> NodeRuntime {
    NodeRuntime::create(NodeRuntimeOptions {
        tools,
        permissions,
        ..Default::default()
    })
    .await
    .unwrap()
}

async fn sh(rt: &NodeRuntime, line: &str) -> (i32, String, String) {
    let out = rt
        .exec(Script::shell(line), RunOptions::default())
        .await
        .unwrap();
    (out.exit_code, out.stdout_text(), out.stderr_text())
}

#[tokio::test]
async fn tools_run_as_commands_with_validated_json() {
    let rt = runtime_with([("add".into(), add())].into(), Permissions::default()).await;
    assert_eq!(
        sh(&rt, r#"add --json '{"a": 2, "b": 3}'"#).await,
        (0, "{\"sum\":5.0}\n".into(), String::new())
    );
    assert_eq!(
        sh(&rt, r#"echo '{"a": 1, "b": 1}' | add"#).await.1,
        "{\"sum\":2.0}\n"
    );

    let (code, stdout, stderr) = sh(&rt, r#"add --json '{"a": "x"}'"#).await;
    assert_eq!((code, stdout.as_str()), (i32::from(EXIT_INVALID_INPUT), ""));
    let error: Value = serde_json::from_str(&stderr).unwrap();
    assert!(
        error["error"].as_str().unwrap().contains("schema"),
        "{stderr}"
    );

    let (code, _, stderr) = sh(&rt, r#"add --json '{"a": -5, "b": 1}'"#).await;
    assert_eq!(code, i32::from(EXIT_HANDLER_FAILED));
    assert_eq!(
        serde_json::from_str::<Value>(&stderr).unwrap(),
        json!({"error": "negative sums are not supported"})
    );

    let (code, help, _) = sh(&rt, "add --help").await;
    assert_eq!(code, 0);
    assert!(help.starts_with("add: Add two numbers"), "{help}");
    assert!(help.contains("\"required\""), "{help}");
    assert_eq!(sh(&rt, "which add").await.1, "/usr/local/bin/add\n");
}

#[tokio::test]
async fn tools_registered_after_boot_reach_guests_through_child_process() {
    let rt = runtime_with(BTreeMap::new(), Permissions::default()).await;
    let now = Tool::new_async("a constant", json!({"type": "object"}), |_| async {
        Ok(json!(1234))
    });
    rt.register_tools([("now".into(), now)].into())
        .await
        .unwrap();
    let value = common::value_in(
        &rt,
        "__return(JSON.parse(require('child_process').execFileSync('now', ['--json', '{}'])))",
        RunOptions::default(),
    )
    .await;
    assert_eq!(value, 1234);
    assert!(
        rt.register_tools([("bad name".into(), add())].into())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_denied_tool_fails_like_a_denied_command() {
    let permissions = Permissions {
        tools: Some(Access::Deny),
        ..Default::default()
    };
    let rt = runtime_with([("add".into(), add())].into(), permissions).await;
    let (code, _, stderr) = sh(&rt, r#"add --json '{"a": 1, "b": 2}'"#).await;
    assert_eq!(code, 126, "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
}
