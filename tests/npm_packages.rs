//! Popular packages installed from the npm registry, mounted into the sandbox, imported and
//! used. Skips (saying so) when npm or the registry cannot be reached.

use secure_exec_wasm::{MountOptions, NodeRuntime, NodeRuntimeOptions, RunOptions};
use serde_json::json;
use std::process::Command;

const PACKAGES: &[&str] = &[
    "lodash@4", "semver@7", "uuid@9", "yaml@2", "zod@3", "chalk@5", "dayjs@1",
];

#[tokio::test(flavor = "multi_thread")]
async fn popular_packages_import_and_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"name":"npm-fixture","private":true}"#,
    )
    .unwrap();
    let installed = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--silent",
            "--ignore-scripts",
        ])
        .args(PACKAGES)
        .current_dir(dir.path())
        .output();
    match installed {
        Ok(output) if output.status.success() => {}
        Ok(output) => {
            eprintln!(
                "skipping: npm install failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            return;
        }
        Err(error) => {
            eprintln!("skipping: npm is not available: {error}");
            return;
        }
    }

    let mount = MountOptions {
        guest_path: "/app".into(),
        host_path: dir.path().into(),
        read_only: true,
    };
    let options = NodeRuntimeOptions {
        mounts: vec![mount],
        cwd: Some("/app".into()),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let code = r#"
        import _ from 'lodash';
        import semver from 'semver';
        import { v4 as uuid, validate } from 'uuid';
        import YAML from 'yaml';
        import { z } from 'zod';
        import chalk from 'chalk';
        import dayjs from 'dayjs';
        const schema = z.object({ name: z.string(), age: z.number().int() });
        __return({
          lodash: _.chunk([1, 2, 3, 4, 5], 2),
          semver: [semver.satisfies('1.2.3', '^1.0.0'), semver.inc('1.2.3', 'minor')],
          uuid: validate(uuid()),
          yaml: YAML.parse('a: 1\nb: [x, y]\n'),
          zod: [schema.safeParse({ name: 'n', age: 3 }).success, schema.safeParse({ name: 1 }).success],
          chalk: typeof chalk.red('red'),
          dayjs: dayjs('2024-02-28').add(1, 'day').format('YYYY-MM-DD'),
        });"#;
    let options = RunOptions {
        filename: Some("/app/main.mjs".into()),
        ..Default::default()
    };
    let result = rt.run::<serde_json::Value>(code, options).await.unwrap();
    assert_eq!(result.exit_code, 0, "{}", result.stderr_text());
    assert_eq!(
        result.into_value().unwrap(),
        json!({
            "lodash": [[1, 2], [3, 4], [5]],
            "semver": [true, "1.3.0"],
            "uuid": true,
            "yaml": { "a": 1, "b": ["x", "y"] },
            "zod": [true, false],
            "chalk": "string",
            "dayjs": "2024-02-29",
        })
    );
}
