//! The seed's `moduleResolution` and `allowedBuiltins`: what resolves under each setting,
//! and the errors that name the setting that refused an import.

mod common;

use secure_exec_wasm::{Error, ModuleResolution, NodeRuntime, NodeRuntimeOptions, RunOptions};
use serde_json::json;

const PROBE: &str = r#"
    const attempt = async (specifier) => {
      try { await import(specifier); return 'ok' } catch (e) { return e.code }
    };
    const required = (specifier) => { try { require(specifier); return 'ok' } catch (e) { return e.code } };
    __return({
      relative: await attempt('./util.mjs'),
      absolute: await attempt('/root/util.mjs'),
      package: await attempt('pkg'),
      builtin: await attempt('node:path'),
      subpath: await attempt('node:fs/promises'),
      denied: await attempt('node:os'),
      requireDenied: required('os'),
    });"#;

async fn probe(options: NodeRuntimeOptions) -> serde_json::Value {
    let rt = NodeRuntime::create(options).await.unwrap();
    rt.write_file("/root/util.mjs", "export default 1;")
        .await
        .unwrap();
    rt.write_file("/root/node_modules/pkg/index.js", "module.exports = 1;")
        .await
        .unwrap();
    let options = RunOptions {
        filename: Some("/root/main.mjs".into()),
        ..Default::default()
    };
    let result = rt.run::<serde_json::Value>(PROBE, options).await.unwrap();
    result.into_value().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn node_resolution_with_an_allow_list() {
    let options = NodeRuntimeOptions {
        allowed_builtins: Some(vec!["path".into(), "fs".into()]),
        ..Default::default()
    };
    assert_eq!(
        probe(options).await,
        json!({
            "relative": "ok", "absolute": "ok", "package": "ok", "builtin": "ok",
            "subpath": "ok", "denied": "ERR_ACCESS_DENIED", "requireDenied": "ERR_ACCESS_DENIED",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn relative_resolution_refuses_packages_and_builtins() {
    let options = NodeRuntimeOptions {
        module_resolution: ModuleResolution::Relative,
        ..Default::default()
    };
    assert_eq!(
        probe(options).await,
        json!({
            "relative": "ok", "absolute": "ok", "package": "ERR_MODULE_NOT_FOUND",
            "builtin": "ERR_MODULE_NOT_FOUND", "subpath": "ERR_MODULE_NOT_FOUND",
            "denied": "ERR_MODULE_NOT_FOUND", "requireDenied": "MODULE_NOT_FOUND",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_resolution_refuses_everything_and_names_the_setting() {
    let options = NodeRuntimeOptions {
        module_resolution: ModuleResolution::None,
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    rt.write_file("/root/util.mjs", "export default 1;")
        .await
        .unwrap();
    let result = rt
        .exec(
            "import './util.mjs';",
            RunOptions {
                filename: Some("/root/main.mjs".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(result.exit_code, 1);
    let error = result.error.unwrap();
    assert_eq!(error.code.as_deref(), Some("ERR_MODULE_NOT_FOUND"));
    assert!(
        error.message.contains(r#"moduleResolution is "none""#),
        "{}",
        error.message
    );
    let plain = rt
        .run::<i32>("__return(6 * 7)", RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        plain.into_value().unwrap(),
        42,
        "self-contained code still runs"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_builtin_names_are_rejected_at_create() {
    let options = NodeRuntimeOptions {
        allowed_builtins: Some(vec!["path".into(), "nope".into()]),
        ..Default::default()
    };
    match NodeRuntime::create(options).await.err() {
        Some(Error::InvalidOption(message)) => {
            assert!(message.contains("nope"), "{message}");
            assert!(
                message.contains("child_process") || message.contains("fs/promises"),
                "lists valid names: {message}"
            );
        }
        other => panic!("expected an invalid option, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_allow_list_denies_every_builtin() {
    let options = NodeRuntimeOptions {
        allowed_builtins: Some(vec![]),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let code = "try { require('path') } catch (e) { __return([e.code, e.message]) }";
    let value = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        value.into_value().unwrap(),
        json!([
            "ERR_ACCESS_DENIED",
            "Access to the builtin module 'path' is denied by allowedBuiltins (allowed: none)"
        ])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn user_conditions_select_package_exports() {
    let files = |rt: NodeRuntime| async move {
        let exports =
            r#"{"name":"cond","exports":{".":{"custom":"./custom.js","default":"./default.js"}}}"#;
        rt.write_file("/root/node_modules/cond/package.json", exports)
            .await
            .unwrap();
        rt.write_file(
            "/root/node_modules/cond/custom.js",
            "module.exports = 'custom';",
        )
        .await
        .unwrap();
        rt.write_file(
            "/root/node_modules/cond/default.js",
            "module.exports = 'default';",
        )
        .await
        .unwrap();
        let value = rt
            .run::<String>("__return(require('cond'))", RunOptions::default())
            .await
            .unwrap();
        value.into_value().unwrap()
    };
    let plain = NodeRuntime::create(NodeRuntimeOptions::default())
        .await
        .unwrap();
    assert_eq!(files(plain).await, "default");
    let options = NodeRuntimeOptions {
        conditions: vec!["custom".into()],
        ..Default::default()
    };
    let custom = NodeRuntime::create(options).await.unwrap();
    assert_eq!(files(custom).await, "custom");
}

#[tokio::test(flavor = "multi_thread")]
async fn require_of_an_es_module_returns_its_namespace_as_node_22_12_does() {
    let rt = NodeRuntime::create(NodeRuntimeOptions::default())
        .await
        .unwrap();
    rt.write_file(
        "/root/esm.mjs",
        "export const named = 'n'; export default 'd';",
    )
    .await
    .unwrap();
    rt.write_file(
        "/root/tla.mjs",
        "await new Promise((r) => setTimeout(r, 1)); export default 1;",
    )
    .await
    .unwrap();
    let code = "const ns = require('./esm.mjs');
        let tla;
        try { require('./tla.mjs') } catch (e) { tla = e.code }
        __return([ns.named, ns.default, tla]);";
    let value = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        value.into_value().unwrap(),
        json!(["n", "d", "ERR_REQUIRE_ASYNC_MODULE"])
    );
}
