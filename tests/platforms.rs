//! The platform ladder: each rung's global surface, builtins denied below `node`, and
//! option validation.

mod common;

use secure_exec_wasm::{Error, NodeRuntime, NodeRuntimeOptions, Platform, RunOptions};
use serde_json::json;

const SURFACE: &str = r#"
    const names = ['process', 'Buffer', 'global', 'console', 'setTimeout', 'setInterval',
      'setImmediate', 'queueMicrotask', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder',
      'crypto', 'performance', 'structuredClone', 'atob', 'EventTarget', 'AbortController',
      'DOMException', 'navigator', 'Promise', 'JSON', 'Map', 'WebAssembly'];
    let builtin;
    try { await import('node:path'); builtin = 'ok' } catch (e) { builtin = e.code }
    __return({
      globals: names.filter((n) => typeof globalThis[n] !== 'undefined'),
      webCrypto: typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function'
        && typeof crypto.randomBytes === 'undefined',
      builtin,
    });"#;

async fn surface(platform: Platform) -> serde_json::Value {
    let rt = NodeRuntime::create(NodeRuntimeOptions {
        platform,
        ..Default::default()
    })
    .await
    .unwrap();
    let result = rt
        .run::<serde_json::Value>(SURFACE, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(result.exit_code, 0, "{}", result.stderr_text());
    result.into_value().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_rung_has_exactly_its_globals() {
    // The language, with the `WebAssembly` JS API: on every rung, `bare` included.
    let language = ["Promise", "JSON", "Map", "WebAssembly"];
    let universal = ["console", "setTimeout", "setInterval", "queueMicrotask"];
    let web = [
        "URL",
        "URLSearchParams",
        "TextEncoder",
        "TextDecoder",
        "crypto",
        "performance",
        "structuredClone",
        "atob",
        "EventTarget",
        "AbortController",
        "DOMException",
        "navigator",
    ];
    let mut node = vec!["process", "Buffer", "global", "setImmediate"];
    node.extend(universal);
    node.extend(web);
    node.extend(language);
    let mut browser: Vec<&str> = universal.to_vec();
    browser.extend(web);
    browser.extend(language);
    let mut neutral: Vec<&str> = universal.to_vec();
    neutral.extend(language);
    for (platform, expected, builtin) in [
        (Platform::Node, node, "ok"),
        (Platform::Browser, browser, "ERR_ACCESS_DENIED"),
        (Platform::Neutral, neutral, "ERR_ACCESS_DENIED"),
        (Platform::Bare, language.to_vec(), "ERR_ACCESS_DENIED"),
    ] {
        let value = surface(platform).await;
        let mut globals: Vec<String> = serde_json::from_value(value["globals"].clone()).unwrap();
        let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        globals.sort();
        expected.sort();
        assert_eq!(globals, expected, "{platform:?}");
        assert_eq!(value["builtin"], builtin, "{platform:?}");
        let has_crypto = matches!(platform, Platform::Node | Platform::Browser);
        assert_eq!(value["webCrypto"], json!(has_crypto), "{platform:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn lower_rungs_still_import_files_and_run_timers() {
    let options = NodeRuntimeOptions {
        platform: Platform::Neutral,
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    rt.write_file("/root/lib.mjs", "export const twice = (x) => x * 2;")
        .await
        .unwrap();
    let code = "import { twice } from './lib.mjs';
        await new Promise((resolve) => setTimeout(resolve, 5));
        console.log('neutral');
        __return(twice(21));";
    let options = RunOptions {
        filename: Some("/root/main.mjs".into()),
        ..Default::default()
    };
    let result = rt.run::<i32>(code, options).await.unwrap();
    assert_eq!(result.stdout_text(), "neutral\n");
    assert_eq!(result.into_value().unwrap(), 42);
}

#[tokio::test(flavor = "multi_thread")]
async fn allowed_builtins_is_only_valid_on_node() {
    let options = NodeRuntimeOptions {
        platform: Platform::Browser,
        allowed_builtins: Some(vec!["path".into()]),
        ..Default::default()
    };
    assert!(matches!(
        NodeRuntime::create(options).await.err(),
        Some(Error::InvalidOption(_))
    ));
}
