//! The VFS as guests and the host see it: seeded files, host reads and writes around runs,
//! node:fs over the kernel, change notifications (`fs.watch`), and the fs and env
//! permission scopes.

mod common;

use secure_exec_wasm::{
    EnvPolicy, Error, FsPolicy, FsRule, NodeRuntime, NodeRuntimeOptions, Permissions, RunOptions,
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn seeded_files_and_host_reads_and_writes() {
    let options = NodeRuntimeOptions {
        files: [("/root/data.json".to_string(), br#"{"ok":true}"#.to_vec())].into(),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    rt.write_file("/root/late.json", r#"{"added":"after boot"}"#)
        .await
        .unwrap();
    let code = r#"
        const fs = require('fs');
        const data = JSON.parse(fs.readFileSync('/root/data.json', 'utf8'));
        const late = JSON.parse(fs.readFileSync('/root/late.json', 'utf8'));
        fs.writeFileSync('/root/out.txt', `${data.ok}:${late.added}`);
        __return(true);"#;
    rt.run::<bool>(code, RunOptions::default())
        .await
        .unwrap()
        .into_value()
        .unwrap();
    assert_eq!(
        rt.read_file("/root/out.txt").await.unwrap(),
        b"true:after boot"
    );
    let missing = rt.read_file("/root/none").await.unwrap_err();
    assert!(matches!(
        missing,
        Error::Fs {
            errno: secure_exec_wasm::kernel::Errno::ENOENT,
            ..
        }
    ));
    assert_eq!(
        missing.to_string(),
        "/root/none: ENOENT: no such file or directory"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn node_fs_over_the_kernel() {
    let value = common::eval(
        r#"const fs = require('fs');
        fs.mkdirSync('/tmp/a/b/c', { recursive: true });
        fs.writeFileSync('/tmp/a/b/c/f.txt', 'hello');
        fs.appendFileSync('/tmp/a/b/c/f.txt', ' world');
        fs.symlinkSync('/tmp/a/b/c/f.txt', '/tmp/link');
        fs.renameSync('/tmp/a/b/c/f.txt', '/tmp/a/g.txt');
        fs.symlinkSync('g.txt', '/tmp/a/rel');
        const fd = fs.openSync('/tmp/a/g.txt', 'r+');
        const buf = Buffer.alloc(5);
        fs.readSync(fd, buf, 0, 5, 6);
        fs.writeSync(fd, 'HELLO', 0);
        fs.closeSync(fd);
        const stat = fs.statSync('/tmp/a/g.txt');
        const errors = [];
        for (const f of [() => fs.mkdirSync('/tmp/a'), () => fs.rmdirSync('/tmp/a'),
          () => fs.readdirSync('/tmp/a/g.txt'), () => fs.readFileSync('/tmp/a'),
          () => fs.readFileSync('/tmp/link')]) {
          try { f() } catch (e) { errors.push(e.code) }
        }
        fs.chmodSync('/tmp/a/g.txt', 0o600);
        __return({
          content: fs.readFileSync('/tmp/a/rel', 'utf8'), read: buf.toString(),
          size: stat.size, isFile: stat.isFile(), mode: (fs.statSync('/tmp/a/g.txt').mode & 0o777).toString(8),
          entries: fs.readdirSync('/tmp/a', { withFileTypes: true }).map((d) => [d.name, d.isDirectory()]),
          exists: [fs.existsSync('/tmp/a/g.txt'), fs.existsSync('/nope')],
          realpath: fs.realpathSync('/tmp/a/rel'), errors,
          lstat: fs.lstatSync('/tmp/link').isSymbolicLink(),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "content": "HELLO world", "read": "world", "size": 11, "isFile": true, "mode": "600",
            "entries": [["b", true], ["g.txt", false], ["rel", false]],
            "exists": [true, false], "realpath": "/tmp/a/g.txt",
            "errors": ["EEXIST", "ENOTEMPTY", "ENOTDIR", "EISDIR", "ENOENT"],
            "lstat": true,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fs_callbacks_and_promises() {
    let value = common::eval(
        r#"const fs = require('fs');
        await fs.promises.writeFile('/tmp/p.txt', 'promised');
        const text = await new Promise((resolve, reject) =>
          fs.readFile('/tmp/p.txt', 'utf8', (err, data) => err ? reject(err) : resolve(data)));
        const handle = await fs.promises.open('/tmp/p.txt', 'r');
        const { bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
        await handle.close();
        const err = await fs.promises.stat('/none').catch((e) => e.code);
        __return({ text, bytesRead, err });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({ "text": "promised", "bytesRead": 4, "err": "ENOENT" })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fs_permission_scopes_are_enforced_by_the_kernel() {
    let read_only = NodeRuntimeOptions {
        files: [("/root/in.txt".to_string(), b"data".to_vec())].into(),
        permissions: Permissions {
            fs: FsPolicy::ReadOnly,
            ..Default::default()
        },
        ..Default::default()
    };
    let rt = NodeRuntime::create(read_only).await.unwrap();
    let code = r#"const fs = require('fs');
        let write;
        try { fs.writeFileSync('/root/out.txt', 'x') } catch (e) { write = e.code }
        __return({ read: fs.readFileSync('/root/in.txt', 'utf8'), write });"#;
    let value = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        value.into_value().unwrap(),
        json!({ "read": "data", "write": "EACCES" })
    );

    let rules = NodeRuntimeOptions {
        files: [
            ("/data/public.txt".to_string(), b"public".to_vec()),
            ("/secret/key.txt".to_string(), b"secret".to_vec()),
        ]
        .into(),
        permissions: Permissions {
            fs: FsPolicy::Rules(vec![
                FsRule {
                    path: "/data".into(),
                    write: false,
                },
                FsRule {
                    path: "/tmp".into(),
                    write: true,
                },
            ]),
            ..Default::default()
        },
        ..Default::default()
    };
    let rt = NodeRuntime::create(rules).await.unwrap();
    let code = r#"const fs = require('fs');
        const attempt = (f) => { try { return f() } catch (e) { return e.code } };
        fs.writeFileSync('/tmp/link', '');
        fs.unlinkSync('/tmp/link');
        fs.symlinkSync('/secret/key.txt', '/tmp/link');
        __return([
          attempt(() => fs.readFileSync('/data/public.txt', 'utf8')),
          attempt(() => fs.readFileSync('/secret/key.txt', 'utf8')),
          attempt(() => fs.writeFileSync('/data/public.txt', 'changed')),
          attempt(() => fs.readFileSync('/tmp/link', 'utf8')),
        ]);"#;
    let value = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        value.into_value().unwrap(),
        json!(["public", "EACCES", "EACCES", "EACCES"])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn posix_modes_apply_to_unprivileged_paths() {
    let value = common::eval(
        r#"const fs = require('fs');
        fs.writeFileSync('/tmp/ro.txt', 'x');
        fs.chmodSync('/tmp/ro.txt', 0o444);
        const stat = fs.statSync('/home/user');
        __return({ owner: [stat.uid, stat.gid], rootDir: (fs.statSync('/root').mode & 0o777).toString(8) });"#,
    )
    .await;
    assert_eq!(value, json!({ "owner": [1000, 1000], "rootDir": "700" }));
}

#[tokio::test(flavor = "multi_thread")]
async fn env_scope_filters_what_guests_see() {
    let options = NodeRuntimeOptions {
        env: [
            ("VISIBLE".to_string(), "yes".to_string()),
            ("HIDDEN".to_string(), "no".to_string()),
        ]
        .into(),
        permissions: Permissions {
            env: EnvPolicy::Only(["VISIBLE".to_string()].into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let code = "__return(Object.keys(process.env).sort())";
    let value = rt
        .run::<Vec<String>>(code, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(value.into_value().unwrap(), ["VISIBLE"]);

    let denied = NodeRuntimeOptions {
        env: [("A".to_string(), "1".to_string())].into(),
        permissions: Permissions {
            env: EnvPolicy::Deny,
            ..Default::default()
        },
        ..Default::default()
    };
    let rt = NodeRuntime::create(denied).await.unwrap();
    let value = rt
        .run::<usize>(
            code.replace(".sort()", ".length").as_str(),
            RunOptions::default(),
        )
        .await;
    assert_eq!(value.unwrap().into_value().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_script_can_run_from_a_vfs_path_with_relative_requires() {
    let rt = common::runtime().await;
    rt.write_file(
        "/app/main.js",
        "const h = require('./helper'); __return(h(2))",
    )
    .await
    .unwrap();
    rt.write_file("/app/helper.js", "module.exports = (x) => x + 40;")
        .await
        .unwrap();
    let options = RunOptions {
        cwd: Some("/app".into()),
        ..Default::default()
    };
    let result = rt
        .run::<i32>(secure_exec_wasm::Script::file("main.js"), options)
        .await
        .unwrap();
    assert_eq!(result.into_value().unwrap(), 42);
}

/// `fs.watch` hears the kernel's changes: a directory its entries (recursively when asked),
/// a file itself; a missing path throws Node's error; `fs.promises.watch` ends on abort.
#[tokio::test(flavor = "multi_thread")]
async fn fs_watch_reports_changes_made_through_the_kernel() {
    let value = common::eval(
        r#"
        const fs = require('fs');
        fs.mkdirSync('/tmp/w/sub', { recursive: true });
        const dir = [], deep = [], file = [];
        const watchers = [
          fs.watch('/tmp/w', (e, f) => dir.push(`${e} ${f}`)),
          fs.watch('/tmp/w', { recursive: true, encoding: 'buffer' }, (e, f) => deep.push(`${e} ${f.toString()}`)),
        ];
        fs.writeFileSync('/tmp/w/a.txt', 'x');
        watchers.push(fs.watch('/tmp/w/a.txt', (e, f) => file.push(`${e} ${f}`)));
        setTimeout(() => {
          fs.appendFileSync('/tmp/w/a.txt', 'y');
          fs.writeFileSync('/tmp/w/sub/b.txt', 'z');
          fs.renameSync('/tmp/w/a.txt', '/tmp/w/c.txt');
          setTimeout(async () => {
            for (const w of watchers) w.close();
            let missing;
            try { fs.watch('/tmp/missing'); } catch (e) { missing = e.message; }
            const ac = new AbortController();
            setTimeout(() => fs.writeFileSync('/tmp/w/d.txt', '1'), 10);
            const seen = [];
            try {
              for await (const event of fs.promises.watch('/tmp/w', { signal: ac.signal })) {
                seen.push(event);
                ac.abort();
              }
            } catch (e) { seen.push(e.name); }
            __return({ dir, deep, file, missing, seen });
          }, 50);
        }, 20);
    "#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "dir": ["rename a.txt", "change a.txt", "change a.txt", "rename a.txt", "rename c.txt"],
            "deep": [
                "rename a.txt", "change a.txt", "change a.txt", "rename sub/b.txt",
                "change sub/b.txt", "rename a.txt", "rename c.txt",
            ],
            "file": ["change a.txt", "rename a.txt"],
            "missing": "ENOENT: no such file or directory, watch '/tmp/missing'",
            "seen": [{ "eventType": "rename", "filename": "d.txt" }, "AbortError"],
        })
    );
}
