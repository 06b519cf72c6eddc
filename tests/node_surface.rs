//! The Node surface of the walking skeleton, checked from inside real guests: process,
//! Buffer, path, crypto, console, timers, encoding, URL, structuredClone and the module
//! globals.

mod common;

use secure_exec_wasm::{NodeRuntime, NodeRuntimeOptions, RunOptions, Script};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn process_identity_and_environment() {
    let options = NodeRuntimeOptions {
        env: [("API_BASE".to_string(), "https://example.test".to_string())].into(),
        cwd: Some("/home/user".into()),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let code = r#"
        const before = process.cwd();
        process.chdir('/tmp');
        const t = process.hrtime();
        __return({
          platform: process.platform, version: process.version, node: process.versions.node,
          env: process.env.API_BASE, before, after: process.cwd(),
          argv0: process.argv[0], execPath: process.execPath, args: process.argv.slice(1),
          ids: [process.pid > 1, process.ppid, process.getuid(), process.getgid()],
          hrtime: Array.isArray(t) && t.length === 2, bigint: typeof process.hrtime.bigint(),
          memory: process.memoryUsage().heapUsed > 0, tick: typeof process.nextTick,
          title: String(process),
        });"#;
    let options = RunOptions {
        args: vec!["one".into(), "two".into()],
        ..Default::default()
    };
    let value = common::value_in(&rt, code, options).await;
    assert_eq!(
        value,
        json!({
            "platform": "linux", "version": "v22.0.0", "node": "22.0.0",
            "env": "https://example.test", "before": "/home/user", "after": "/tmp",
            "argv0": "/usr/bin/node", "execPath": "/usr/bin/node", "args": ["one", "two"],
            "ids": [true, 1, 0, 0], "hrtime": true, "bigint": "bigint", "memory": true,
            "tick": "function", "title": "[object process]",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn crypto_hashes_hmacs_and_randomness() {
    let value = common::eval(
        r#"const { createHash, createHmac, randomBytes, randomUUID, getRandomValues } = require('node:crypto');
        const out = {};
        for (const alg of ['md5', 'sha1', 'sha256', 'sha384', 'sha512']) {
          out[alg] = createHash(alg).update('secure-exec').digest('hex');
        }
        out.base64 = createHash('sha256').update('a').update('b').digest('base64');
        out.buffer = Buffer.isBuffer(createHash('sha1').update(Buffer.from('ab')).digest());
        out.hmac = createHmac('sha256', 'key').update('data').digest('hex');
        out.hmac512 = createHmac('sha512', Buffer.from('k')).update('secure-exec').digest('base64');
        out.random = randomBytes(16).length;
        out.uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(randomUUID());
        out.values = getRandomValues(new Uint32Array(4)).length;
        out.webcrypto = typeof crypto.randomUUID();
        __return(out);"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "md5": "2a8b0e75179b0c2ba71561ea91791279",
            "sha1": "8141b26dcd30492066ca1175607b545a17f2769a",
            "sha256": "fa7ce60dac0cc1bfe7424a68e47ad3d712345cf936431bb147cd5f5de0371a4a",
            "sha384": "f6d1f44f6afa23ab93dfffbac58d243679809ec6f92e9227d3d3d651b8c8698efce4480d6bd3ce884bf7421152274923",
            "sha512": "da9d12374ab31eeb0de81747b21730b9d8ad74be22610c2c0ebea4ccdc1f2dead4d8f6ef78d1fdf59c2a68deae25923115c895395e40f22dec801fd0d050b929",
            "base64": "+44g/C5MPySMYMOb1lLzwTRymLuXe4tNWQO4UFViBgM=",
            "buffer": true,
            "hmac": "5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0",
            "hmac512": "ehh2QRUpQw2kaCY0ApAoAYh5fR3OSqgxbPFCEbfjTytsA4WL9zkFwD+YIHA4MHu4v+K9Q3wJhRryweLZRnKi4Q==",
            "random": 16, "uuid": true, "values": 4, "webcrypto": "string",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_process_gets_fresh_randomness() {
    let rt = common::runtime().await;
    let code = "__return([Math.random(), require('crypto').randomBytes(8).toString('hex')])";
    let a = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap()
        .value;
    let b = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap()
        .value;
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_ne!(a[0], b[0], "Math.random differs between processes");
    assert_ne!(a[1], b[1], "randomBytes differs between processes");
}

#[tokio::test(flavor = "multi_thread")]
async fn buffer_path_encoding_url_and_clone() {
    let value = common::eval(
        r#"const path = require('path');
        const { Buffer: B } = require('node:buffer');
        const buf = Buffer.from('héllo wörld');
        const url = new URL('https://user:pw@example.com:8080/a/b?x=1&y=2#frag');
        url.searchParams.append('z', '3');
        const cloned = structuredClone({ d: new Date(0), m: new Map([[1, 2]]), s: new Set([3]) });
        __return({
          same: B === Buffer,
          hex: buf.toString('hex'), base64: buf.toString('base64'), len: buf.length,
          latin1: Buffer.from([0xe9]).toString('latin1'),
          readInt: Buffer.from([1, 2, 3, 4]).readUInt32BE(0),
          concat: Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),
          json: JSON.stringify(Buffer.from('hi')),
          join: path.join('/a', '../b', 'c.txt'), posixResolve: path.posix.resolve('/x', 'y'),
          win: path.win32.join('C:\\a', '..', 'b'), parse: path.parse('/home/u/f.tar.gz'),
          rel: path.relative('/a/b/c', '/a/d'),
          encoded: Array.from(new TextEncoder().encode('€')),
          decoded: new TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0xac])),
          href: url.href, host: url.host, search: url.search,
          params: [...new URLSearchParams('a=1&b=2&a=3').getAll('a')],
          clone: [cloned.d instanceof Date, cloned.m.get(1), cloned.s.has(3)],
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "same": true,
            "hex": "68c3a96c6c6f2077c3b6726c64", "base64": "aMOpbGxvIHfDtnJsZA==", "len": 13,
            "latin1": "é", "readInt": 16909060, "concat": "ab",
            "json": "{\"type\":\"Buffer\",\"data\":[104,105]}",
            "join": "/b/c.txt", "posixResolve": "/x/y", "win": "C:\\b",
            "parse": { "root": "/", "dir": "/home/u", "base": "f.tar.gz", "ext": ".gz", "name": "f.tar" },
            "rel": "../../d",
            "encoded": [226, 130, 172], "decoded": "€",
            "href": "https://user:pw@example.com:8080/a/b?x=1&y=2&z=3#frag",
            "host": "example.com:8080", "search": "?x=1&y=2&z=3",
            "params": ["1", "3"],
            "clone": [true, 2, true],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn console_formats_like_node() {
    let result = common::exec(
        r#"console.log('%s is %d years and %i%%', 'Ada', 36.5, 7.9);
        console.log({ a: 1, b: 'two', c: [1, 2, { d: null }] }, undefined, null);
        console.log('%j', { x: [1] }, 'extra');
        console.error(new Map([['k', 1]]), new Set(['v']));
        console.log([1, 2, 3].map(String), -0, 10n, Symbol('s'));
        console.log(function named() {}, class K {}, () => {});"#,
    )
    .await;
    assert_eq!(
        result.stdout_text(),
        "Ada is 36.5 years and 7%\n\
         { a: 1, b: 'two', c: [ 1, 2, { d: null } ] } undefined null\n\
         {\"x\":[1]} extra\n\
         [ '1', '2', '3' ] -0 10n Symbol(s)\n\
         [Function: named] [class K] [Function (anonymous)]\n"
    );
    assert_eq!(result.stderr_text(), "Map(1) { 'k' => 1 } Set(1) { 'v' }\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn timers_ticks_and_microtasks_run_in_nodes_order() {
    let result = common::exec(
        r#"const order = [];
        setTimeout(() => order.push('timeout'), 0);
        setImmediate(() => order.push('immediate'));
        Promise.resolve().then(() => order.push('promise'));
        queueMicrotask(() => order.push('microtask'));
        process.nextTick(() => order.push('tick'));
        const interval = setInterval(() => {
          order.push('interval');
          if (order.filter((x) => x === 'interval').length === 3) clearInterval(interval);
        }, 1);
        const cancelled = setTimeout(() => order.push('cancelled'), 1);
        clearTimeout(cancelled);
        setTimeout(() => {}, 100_000).unref();
        setTimeout(() => console.log(order.join(',')), 30);"#,
    )
    .await;
    let order = result.stdout_text();
    let order: Vec<&str> = order.trim().split(',').collect();
    assert_eq!(&order[..3], ["tick", "promise", "microtask"], "{order:?}");
    assert_eq!(
        order.iter().filter(|x| **x == "interval").count(),
        3,
        "{order:?}"
    );
    assert!(
        order.contains(&"timeout") && order.contains(&"immediate"),
        "{order:?}"
    );
    assert!(!order.contains(&"cancelled"), "{order:?}");
    assert_eq!(
        result.exit_code, 0,
        "an unref'd timer does not keep the process alive"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn module_globals_and_builtin_imports() {
    let rt = common::runtime().await;
    rt.write_file(
        "/root/lib/math.js",
        "exports.square = (x) => x * x; exports.dir = __dirname;",
    )
    .await
    .unwrap();
    rt.write_file(
        "/root/lib/esm.mjs",
        "export const cube = (x) => x ** 3; export default 'dflt';",
    )
    .await
    .unwrap();
    rt.write_file("/root/data.json", r#"{"ok":true}"#)
        .await
        .unwrap();
    let code = r#"
        import { join } from 'node:path';
        import fsDefault, { readFileSync } from 'fs';
        import dflt, { cube } from './lib/esm.mjs';
        const math = require('./lib/math');
        const { square } = await import('./lib/math.js');
        __return({
          join: join('a', 'b'), same: fsDefault.readFileSync === readFileSync,
          square: math.square(4), viaImport: square(5), dir: math.dir,
          cube: cube(2), dflt, json: require('./data.json').ok,
          filename: __filename, dirname: __dirname, meta: import.meta.url,
          builtins: require('module').builtinModules.includes('fs'),
          resolved: require.resolve('./lib/math'),
        });"#;
    let options = RunOptions {
        filename: Some("/root/main.mjs".into()),
        ..Default::default()
    };
    let value = common::value_in(&rt, code, options).await;
    assert_eq!(
        value,
        json!({
            "join": "a/b", "same": true, "square": 16, "viaImport": 25, "dir": "/root/lib",
            "cube": 8, "dflt": "dflt", "json": true,
            "filename": "/root/main.mjs", "dirname": "/root", "meta": "file:///root/main.mjs",
            "builtins": true, "resolved": "/root/lib/math.js",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn assert_events_and_web_events() {
    let value = common::eval(
        r#"const assert = require('assert');
        const EventEmitter = require('events');
        let message;
        try { assert.deepStrictEqual({ a: [1, 2] }, { a: [1, 3] }) } catch (e) { message = e.code }
        const emitter = new EventEmitter();
        const seen = [];
        emitter.once('x', (v) => seen.push(v));
        emitter.emit('x', 1);
        emitter.emit('x', 2);
        const target = new EventTarget();
        target.addEventListener('ping', (e) => seen.push(e.type));
        target.dispatchEvent(new Event('ping'));
        const controller = new AbortController();
        controller.signal.addEventListener('abort', () => seen.push(controller.signal.reason.name));
        controller.abort();
        const ready = new EventEmitter();
        setTimeout(() => ready.emit('ready', 'go'), 1);
        seen.push((await EventEmitter.once(ready, 'ready'))[0]);
        __return({ message, seen, strict: require('assert/strict') === assert.strict });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({ "message": "ERR_ASSERTION", "seen": [1, "ping", "AbortError", "go"], "strict": true })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn streams_pipe_transform_and_backpressure() {
    let value = common::eval(
        r#"const { Readable, Transform, Writable, pipeline } = require('stream');
        const { pipeline: pipelinePromise } = require('stream/promises');
        const chunks = [];
        const upper = new Transform({
          transform(chunk, _encoding, callback) { callback(null, chunk.toString().toUpperCase()) },
        });
        const sink = new Writable({
          highWaterMark: 1,
          write(chunk, _encoding, callback) { chunks.push(chunk.toString()); setImmediate(callback) },
        });
        await pipelinePromise(Readable.from(['a', 'b', 'c']), upper, sink);
        const collected = await Readable.from([1, 2, 3, 4]).filter((x) => x % 2 === 0).toArray();
        const error = await new Promise((resolve) => pipeline(
          new Readable({ read() { this.destroy(new Error('source failed')) } }),
          new Writable({ write(_c, _e, cb) { cb() } }),
          (err) => resolve(err && err.message)));
        __return({ chunks, collected, error });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({ "chunks": ["A", "B", "C"], "collected": [2, 4], "error": "source failed" })
    );
}

/// A clock frozen at one instant, to show guests' time comes from the kernel.
struct FrozenClock;

impl secure_exec_wasm::kernel::clock::Clock for FrozenClock {
    fn wall(&self) -> std::time::Duration {
        std::time::Duration::from_millis(1_700_000_000_123)
    }

    fn monotonic(&self) -> u64 {
        42_000_000
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn guests_read_time_from_the_kernel_clock() {
    let options = NodeRuntimeOptions {
        clock: Some(std::sync::Arc::new(FrozenClock)),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    let code =
        "__return([Date.now(), new Date().toISOString(), performance.now() === performance.now()])";
    let value = rt
        .run::<serde_json::Value>(code, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        value.into_value().unwrap(),
        json!([1_700_000_000_123u64, "2023-11-14T22:13:20.123Z", true])
    );
}

/// `node:test`: suites, subtests, hooks, skips, mocks and a failing test, reported as TAP
/// with the failure in the exit code; only loadable with the `node:` scheme.
#[tokio::test]
async fn the_test_runner_reports_tap_and_fails_the_process() {
    let result = common::exec(
        r#"
        const { test, describe, it, beforeEach, mock } = require('node:test');
        const assert = require('node:assert');
        const seen = [];
        beforeEach(() => seen.push('each'));
        test('passes', () => assert.ok(true));
        test('with subtests', async (t) => {
            await t.test('inner', () => {});
        });
        describe('a suite', () => {
            it('callback style', (t, done) => setTimeout(done, 1));
            it.skip('skipped', () => { throw new Error('never runs'); });
        });
        test('mocks', () => {
            const double = mock.fn((x) => x * 2);
            assert.strictEqual(double(4), 8);
            assert.strictEqual(double.mock.callCount(), 1);
        });
        test('fails', () => assert.strictEqual(1, 2));
        test('never settles', () => new Promise(() => {}));
        let resolvedAsPackage;
        try { require('test'); } catch (error) { resolvedAsPackage = error.code; }
        process.on('exit', () => console.log(`hooks ${seen.length} ${resolvedAsPackage}`));
        "#,
    )
    .await;
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert_eq!(result.exit_code, 1, "{stdout}");
    assert!(stdout.starts_with("TAP version 13\n"), "{stdout}");
    for line in [
        "ok 1 - passes",
        "    ok 1 - inner",
        "    ok 2 - skipped # SKIP",
        "ok 4 - mocks",
        "not ok 5 - fails",
        "not ok 6 - never settles",
        "# pass 5",
        "# fail 1",
        "# cancelled 1",
        "hooks 7 MODULE_NOT_FOUND",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
}

/// `'beforeExit'` fires when the loop runs dry, and work it schedules keeps it going.
#[tokio::test]
async fn before_exit_listeners_can_schedule_more_work() {
    let value = common::eval(
        r#"
        const events = [];
        let rounds = 0;
        process.on('beforeExit', () => {
            events.push(`beforeExit ${rounds}`);
            if (rounds++ < 2) setTimeout(() => events.push(`timer ${rounds}`), 1);
            else globalThis.__return(events);
        });
        "#,
    )
    .await;
    assert_eq!(
        value,
        json!([
            "beforeExit 0",
            "timer 1",
            "beforeExit 1",
            "timer 2",
            "beforeExit 2"
        ])
    );
}

/// `node`'s own options reach the guest as `process.execArgv`, and the engine acts on
/// `--expose-gc`, `--no-warnings`, `--unhandled-rejections` and `-r` (preloads).
#[tokio::test]
async fn node_options_shape_the_process() {
    let rt = common::runtime().await;
    let script = r#"
        console.log(JSON.stringify(process.execArgv), typeof gc, globalThis.preloaded);
        gc();
        process.emitWarning('not printed under --no-warnings');
        Promise.reject(new Error('only a warning'));
        setTimeout(() => console.log('after the rejection'), 1);
    "#;
    rt.write_file("/tmp/options.js", script).await.unwrap();
    rt.write_file("/tmp/preload.js", "globalThis.preloaded = true;")
        .await
        .unwrap();
    let argv = [
        "node",
        "-r",
        "/tmp/preload.js",
        "--expose-gc",
        "--no-warnings",
        "--unhandled-rejections=warn-with-error-code",
        "/tmp/options.js",
    ];
    let result = rt
        .exec(Script::command(argv), RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        result.stdout_text(),
        "[\"-r\",\"/tmp/preload.js\",\"--expose-gc\",\"--no-warnings\",\"--unhandled-rejections=warn-with-error-code\"] function true\nafter the rejection\n"
    );
    assert_eq!(result.stderr_text(), "", "--no-warnings silences warnings");
    assert_eq!(
        result.exit_code, 1,
        "warn-with-error-code sets the exit code"
    );

    let plain = rt
        .exec(
            Script::command(["node", "/tmp/options.js"]),
            RunOptions::default(),
        )
        .await
        .unwrap();
    assert!(
        plain.stdout_text().starts_with("[] undefined undefined"),
        "{}",
        plain.stdout_text()
    );
    assert!(
        plain.stderr_text().contains("gc is not defined"),
        "{}",
        plain.stderr_text()
    );
}

/// `--` ends `node`'s options (the next argument is the script even if it looks like an
/// option), and `-pe` is `-p`.
#[tokio::test]
async fn node_reads_the_script_after_double_dash_and_prints_with_pe() {
    let rt = common::runtime().await;
    rt.write_file(
        "/tmp/argv.js",
        "console.log(process.argv.slice(2).join(' '));",
    )
    .await
    .unwrap();
    let after_dashes = rt
        .exec(
            Script::command(["node", "--", "/tmp/argv.js", "--flag", "x"]),
            RunOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(after_dashes.stdout_text(), "--flag x\n");
    let printed = rt
        .exec(
            Script::command(["node", "-pe", "6 * 7"]),
            RunOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(printed.stdout_text(), "42\n");
}

/// Stacks, names and strings read as in Node where QuickJS alone would differ: code given
/// with `-e` is `[eval]` in frames and `__filename` but lives in the cwd, a tick runs under
/// `process.processTicksAndRejections` with no frames of the async-context machinery, a
/// null-prototype object keeps its class's name, and text too long for one string is
/// refused before decoding. The expected values are what Node prints, but for the longest
/// string, which is longer in QuickJS than in V8.
#[tokio::test(flavor = "multi_thread")]
async fn stacks_names_and_long_strings_read_as_in_node() {
    let options = NodeRuntimeOptions {
        cwd: Some("/work".into()),
        memory_limit_bytes: Some(1 << 30),
        ..Default::default()
    };
    let rt = NodeRuntime::create(options).await.unwrap();
    rt.write_file("/work/answer.js", "module.exports = 42;")
        .await
        .unwrap();
    let script = r#"
        const util = require('util');
        const { AsyncLocalStorage } = require('async_hooks');
        new AsyncLocalStorage().run(1, () => process.nextTick(() => {
          // Node's own frames are in other files than this runtime's, and QuickJS puts the
          // column of `new Error` at `Error`: compare names and lines.
          const frames = new Error('tick').stack.split('\n').slice(1)
            .map((line) => line.trim().replace(/ \(node:.*\)$/, '').replace(/:\d+$/, ''));
          class Foo {}
          let tooLong;
          try {
            Buffer.allocUnsafe(2 ** 29 + 1).toString('hex');
          } catch (error) {
            tooLong = `${error.code}: ${error.message}`;
          }
          console.log(JSON.stringify({
            filename: __filename,
            dirname: __dirname,
            requiredFromCwd: require('./answer'),
            frames,
            nullPrototype: util.inspect(Object.setPrototypeOf(new Foo(), null)),
            plainNullPrototype: util.inspect(Object.create(null)),
            tooLong,
          }));
        }));
    "#;
    let result = rt
        .exec(
            Script::command(["node", "-e", script]),
            RunOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(result.exit_code, 0, "{}", result.stderr_text());
    let value: serde_json::Value = serde_json::from_str(result.stdout_text().trim()).unwrap();
    assert_eq!(
        value,
        json!({
            "filename": "[eval]",
            "dirname": ".",
            "requiredFromCwd": 42,
            "frames": [
                "at [eval]:7",
                "at process.processTicksAndRejections"
            ],
            "nullPrototype": "[Foo: null prototype] {}",
            "plainNullPrototype": "[Object: null prototype] {}",
            "tooLong": "ERR_STRING_TOO_LONG: Cannot create a string longer than 0x3fffffff characters"
        })
    );
}
