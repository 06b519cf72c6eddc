//! The `WebAssembly` JS API, run by the interpreter inside the engine: compiling, linking
//! JS imports, value conversions, traps, memories, tables, globals, streaming, the platform
//! rungs and the timeout. The modules are assembled by hand below.

mod common;

use secure_exec_wasm::{Error, NodeRuntime, NodeRuntimeOptions, Platform, RunOptions};
use serde_json::json;
use std::time::Duration;

/// Hand-assembled modules, each with its text form.
const MODULES: &str = r#"
    const wasm = (...body) => new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...body]);
    // (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    const ADD = wasm(0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
      0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,
      0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b);
    // (func $fac (export "fac") (param i64) (result i64)
    //   (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
    //     (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
    const FAC = wasm(0x01, 0x06, 0x01, 0x60, 0x01, 0x7e, 0x01, 0x7e, 0x03, 0x02, 0x01, 0x00,
      0x07, 0x07, 0x01, 0x03, 0x66, 0x61, 0x63, 0x00, 0x00,
      0x0a, 0x17, 0x01, 0x15, 0x00, 0x20, 0x00, 0x50, 0x04, 0x7e, 0x42, 0x01, 0x05, 0x20, 0x00,
      0x20, 0x00, 0x42, 0x01, 0x7d, 0x10, 0x00, 0x7e, 0x0b, 0x0b);
    // (import "env" "log" (func (param i32 i32))) (import "env" "mem" (memory 1))
    // (func (export "run") (result i32) (call 0 (i32.const 16) (i32.const 7)) (i32.const 42))
    // (data (i32.const 16) "hi wasm")
    const IMPORTS = wasm(0x01, 0x0a, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x00, 0x01, 0x7f,
      0x02, 0x16, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6c, 0x6f, 0x67, 0x00, 0x00,
      0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01,
      0x03, 0x02, 0x01, 0x01, 0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01,
      0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x41, 0x10, 0x41, 0x07, 0x10, 0x00, 0x41, 0x2a, 0x0b,
      0x0b, 0x0d, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x07, 0x68, 0x69, 0x20, 0x77, 0x61, 0x73, 0x6d);
    // (import "env" "cbk" (func (param i32) (result i32)))
    // (func (export "call") (param i32) (result i32) (call 0 (local.get 0)))
    // (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    const CALLBACK = wasm(0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f,
      0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
      0x02, 0x0b, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x63, 0x62, 0x6b, 0x00, 0x00,
      0x03, 0x03, 0x02, 0x00, 0x01,
      0x07, 0x0e, 0x02, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x02,
      0x0a, 0x10, 0x02, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b,
      0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b);
    // (memory 1) (func (export "boom") unreachable)
    // (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
    // (func (export "oob") (result i32) (i32.load (i32.const 65536)))
    const TRAPS = wasm(0x01, 0x0e, 0x03, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
      0x60, 0x00, 0x01, 0x7f, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01,
      0x07, 0x14, 0x03, 0x04, 0x62, 0x6f, 0x6f, 0x6d, 0x00, 0x00, 0x03, 0x64, 0x69, 0x76, 0x00, 0x01,
      0x03, 0x6f, 0x6f, 0x62, 0x00, 0x02,
      0x0a, 0x17, 0x03, 0x03, 0x00, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b,
      0x09, 0x00, 0x41, 0x80, 0x80, 0x04, 0x28, 0x02, 0x00, 0x0b);
    // (global (export "g") (mut i32) (i32.const 7))
    // (func (export "inc") (global.set 0 (i32.add (global.get 0) (i32.const 1))))
    const GLOBALS = wasm(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x07, 0x0b,
      0x07, 0x0b, 0x02, 0x01, 0x67, 0x03, 0x00, 0x03, 0x69, 0x6e, 0x63, 0x00, 0x00,
      0x0a, 0x0b, 0x01, 0x09, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00, 0x0b);
    // (memory (export "mem") 1) (func (export "grow") (param i32) (result i32)
    //   (memory.grow (local.get 0)))
    const GROW = wasm(0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
      0x05, 0x03, 0x01, 0x00, 0x01,
      0x07, 0x0e, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00,
      0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b);
    // (func (export "swap") (param i32 f64) (result f64 i32) local.get 1 local.get 0)
    const SWAP = wasm(0x01, 0x08, 0x01, 0x60, 0x02, 0x7f, 0x7c, 0x02, 0x7c, 0x7f,
      0x03, 0x02, 0x01, 0x00, 0x07, 0x08, 0x01, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x00,
      0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x01, 0x20, 0x00, 0x0b);
    // (func (export "id") (param externref) (result externref) local.get 0)
    const EXTERNREF = wasm(0x01, 0x06, 0x01, 0x60, 0x01, 0x6f, 0x01, 0x6f, 0x03, 0x02, 0x01, 0x00,
      0x07, 0x06, 0x01, 0x02, 0x69, 0x64, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0b);
    // (func (export "spin") (loop (br 0)))
    const SPIN = wasm(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
      0x07, 0x08, 0x01, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00,
      0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b);
    const thrown = (f) => {
      try { f(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; }
    };
"#;

async fn eval(code: &str) -> serde_json::Value {
    common::eval(&format!("{MODULES}\n{code}")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn exports_run_with_the_spec_value_conversions() {
    let value = eval(
        r#"const { module, instance } = await WebAssembly.instantiate(ADD);
        const { add } = instance.exports;
        const { fac } = new WebAssembly.Instance(new WebAssembly.Module(FAC)).exports;
        const { swap } = new WebAssembly.Instance(new WebAssembly.Module(SWAP)).exports;
        const { id } = new WebAssembly.Instance(new WebAssembly.Module(EXTERNREF)).exports;
        const object = {};
        __return({
          add: [add(2, 40), add(0x7fffffff, 1), add('3', 4.9), add()],
          length: add.length,
          fac: String(fac(20n)),
          wraps: String(fac(21n)),
          number: thrown(() => fac(5)),
          swap: swap(3, 1.5),
          externref: [id(object) === object, id('s'), id(null)],
          exports: WebAssembly.Module.exports(module),
          frozen: Object.isFrozen(instance.exports),
          tags: [String(module), String(instance), Object.prototype.toString.call(WebAssembly)],
          keys: Object.keys(WebAssembly),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "add": [42, -2147483648, 7, 0],
            "length": 2,
            "fac": "2432902008176640000",
            "wraps": "-4249290049419214848",
            "number": "TypeError: Cannot convert 5 to a BigInt",
            "swap": [1.5, 3],
            "externref": [true, "s", null],
            "exports": [{ "name": "add", "kind": "function" }],
            "frozen": true,
            "tags": ["[object WebAssembly.Module]", "[object WebAssembly.Instance]",
              "[object WebAssembly]"],
            "keys": ["compile", "validate", "instantiate", "compileStreaming",
              "instantiateStreaming"],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn js_imports_and_an_imported_memory() {
    let value = eval(
        r#"const mem = new WebAssembly.Memory({ initial: 1, maximum: 2 });
        const logged = [];
        const log = (ptr, len) => {
          logged.push(new TextDecoder().decode(new Uint8Array(mem.buffer, ptr, len)));
        };
        const module = await WebAssembly.compile(IMPORTS);
        const instance = await WebAssembly.instantiate(module, { env: { log, mem } });
        const ran = instance.exports.run();
        const failing = new WebAssembly.Instance(module, {
          env: { mem, log() { throw new RangeError('from js'); } },
        });
        let inner;
        inner = new WebAssembly.Instance(new WebAssembly.Module(CALLBACK), { env: { cbk(x) {
          if (x === -1) throw new TypeError('deep');
          return x > 3 ? inner.call(x - 1) + inner.add(x, 0) : x;
        } } }).exports;
        __return({
          ran, logged,
          imports: WebAssembly.Module.imports(module),
          instance: instance instanceof WebAssembly.Instance,
          thrown: thrown(() => failing.exports.run()),
          reentrant: inner.call(6),
          nestedThrow: thrown(() => inner.call(-1)),
          after: inner.add(1, 2),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "ran": 42,
            "logged": ["hi wasm"],
            "imports": [
                { "module": "env", "name": "log", "kind": "function" },
                { "module": "env", "name": "mem", "kind": "memory" },
            ],
            "instance": true,
            "thrown": "RangeError: from js",
            "reentrant": 18,
            "nestedThrow": "TypeError: deep",
            "after": 3,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn traps_are_runtime_errors() {
    let value = eval(
        r#"const t = new WebAssembly.Instance(new WebAssembly.Module(TRAPS)).exports;
        let error;
        try { t.boom(); } catch (e) { error = e; }
        __return({
          traps: [thrown(() => t.boom()), thrown(() => t.div(1, 0)),
            thrown(() => t.div(-2147483648, -1)), thrown(() => t.oob())],
          div: t.div(7, 2),
          class: [error instanceof WebAssembly.RuntimeError, error instanceof Error,
            String(new WebAssembly.RuntimeError('x'))],
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "traps": [
                "RuntimeError: unreachable",
                "RuntimeError: divide by zero",
                "RuntimeError: divide result unrepresentable",
                "RuntimeError: memory access out of bounds",
            ],
            "div": 3,
            "class": [true, true, "RuntimeError: x"],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn validation_compile_and_link_errors() {
    let value = eval(
        r#"const compileError = (() => {
          try { new WebAssembly.Module(new Uint8Array([1, 2, 3])); } catch (e) {
            return [e instanceof WebAssembly.CompileError, e.message.startsWith('WebAssembly.Module(): ')];
          }
        })();
        __return({
          valid: [ADD, FAC, IMPORTS, TRAPS, GLOBALS, GROW].map((b) => WebAssembly.validate(b)),
          invalid: WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])),
          notBytes: thrown(() => WebAssembly.validate(3)),
          compileError,
          rejected: await WebAssembly.compile(new Uint8Array([0, 97, 115, 109])).then(
            () => 'ok', (e) => e.name),
          badSource: await WebAssembly.instantiate(5).then(() => 'ok', (e) => e.name),
          noImports: thrown(() => new WebAssembly.Instance(new WebAssembly.Module(IMPORTS))),
          notCallable: thrown(() => new WebAssembly.Instance(new WebAssembly.Module(IMPORTS),
            { env: { log: 1, mem: new WebAssembly.Memory({ initial: 1 }) } })),
          notMemory: thrown(() => new WebAssembly.Instance(new WebAssembly.Module(IMPORTS),
            { env: { log() {}, mem: {} } })),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "valid": [true, true, true, true, true, true],
            "invalid": false,
            "notBytes": "TypeError: WebAssembly.validate(): Argument 0 must be a buffer source",
            "compileError": [true, true],
            "rejected": "CompileError",
            "badSource": "TypeError",
            "noImports": "TypeError: WebAssembly.Instance(): Imports argument must be present and must be an object",
            "notCallable": "LinkError: WebAssembly.Instance(): Import #0 \"env\" \"log\": function import requires a callable",
            "notMemory": "LinkError: WebAssembly.Instance(): Import #1 \"env\" \"mem\": memory import must be a WebAssembly.Memory object",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn memory_buffers_alias_linear_memory_detach_on_grow_and_never_transfer() {
    let value = eval(
        r#"const mem = new WebAssembly.Memory({ initial: 1, maximum: 3 });
        const old = mem.buffer;
        new Uint8Array(old)[100] = 7;
        const same = mem.buffer === old;
        const grown = mem.grow(1);
        const { mem: exported, grow } = new WebAssembly.Instance(new WebAssembly.Module(GROW)).exports;
        const before = exported.buffer;
        const wasmGrow = grow(2);
        new Uint8Array(exported.buffer)[5] = 9;
        __return({
          same, grown, oldLength: old.byteLength, kept: new Uint8Array(mem.buffer)[100],
          length: mem.buffer.byteLength,
          tooMuch: thrown(() => mem.grow(5)),
          descriptor: [thrown(() => new WebAssembly.Memory({})),
            thrown(() => new WebAssembly.Memory({ initial: 2, maximum: 1 }))],
          wasmGrow, detachedByWasm: before.byteLength, grownLength: exported.buffer.byteLength,
          readBack: new Uint8Array(exported.buffer)[5],
          failed: grow(70000),
          transfer: thrown(() => mem.buffer.transfer()),
          cloneTransfer: thrown(() => structuredClone(mem.buffer, { transfer: [mem.buffer] })),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "same": true, "grown": 1, "oldLength": 0, "kept": 7, "length": 131072,
            "tooMuch": "RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded",
            "descriptor": [
                "TypeError: WebAssembly.Memory(): Property 'initial' is required",
                "RangeError: WebAssembly.Memory(): Property 'maximum': value 1 is below the lower bound 2",
            ],
            "wasmGrow": 1, "detachedByWasm": 0, "grownLength": 196608, "readBack": 9,
            "failed": -1,
            "transfer": "TypeError: Cannot transfer a WebAssembly.Memory's buffer",
            "cloneTransfer": "TypeError: Cannot transfer a WebAssembly.Memory's buffer",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tables_and_globals() {
    let value = eval(
        r#"const { add } = new WebAssembly.Instance(new WebAssembly.Module(ADD)).exports;
        const table = new WebAssembly.Table({ element: 'anyfunc', initial: 2 });
        const empty = table.get(0);
        table.set(1, add);
        const g = new WebAssembly.Instance(new WebAssembly.Module(GLOBALS)).exports;
        g.inc();
        g.inc();
        const afterInc = g.g.value;
        g.g.value = 100;
        g.inc();
        const constant = new WebAssembly.Global({ value: 'i64' }, 5n);
        __return({
          empty, same: table.get(1) === add, call: table.get(1)(5, 6),
          grow: [table.grow(3), table.length],
          outOfRange: thrown(() => table.get(10)),
          notWasm: thrown(() => table.set(0, () => 1)),
          globals: [afterInc, g.g.valueOf(), g.g instanceof WebAssembly.Global],
          constant: [String(constant.value), thrown(() => { constant.value = 1n; })],
          f32: new WebAssembly.Global({ value: 'f32', mutable: true }, 1.1).value,
          imported: new WebAssembly.Instance(new WebAssembly.Module(GLOBALS)).exports.g.value,
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "empty": null, "same": true, "call": 11, "grow": [2, 5],
            "outOfRange": "RangeError: WebAssembly.Table.get(): invalid index 10 into function table",
            "notWasm": "TypeError: WebAssembly.Table.set(): Argument 1 is invalid for table: function-typed object must be null (if nullable) or a Wasm function object",
            "globals": [9, 101, true],
            "constant": ["5", "TypeError: set WebAssembly.Global.value: Can't set the value of an immutable global."],
            "f32": 1.100000023841858,
            "imported": 7,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn streaming_from_a_response() {
    let value = eval(
        r#"const headers = { 'content-type': 'application/wasm' };
        const { instance } = await WebAssembly.instantiateStreaming(new Response(ADD, { headers }));
        const module = await WebAssembly.compileStreaming(Promise.resolve(new Response(ADD, { headers })));
        const reason = (p) => p.then(() => 'ok', (e) => `${e.code}: ${e.message}`);
        __return({
          sum: instance.exports.add(1, 2),
          module: module instanceof WebAssembly.Module,
          mime: await reason(WebAssembly.compileStreaming(new Response(ADD))),
          notResponse: await reason(WebAssembly.compileStreaming(ADD)).then((m) => m.split(':')[0]),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "sum": 3, "module": true,
            "mime": "ERR_WEBASSEMBLY_RESPONSE: WebAssembly response has unsupported MIME type 'null'",
            "notResponse": "ERR_INVALID_ARG_TYPE",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_platform_rung_has_web_assembly() {
    let code = format!(
        "{MODULES}
        const {{ instance }} = await WebAssembly.instantiate(ADD);
        __return({{ sum: instance.exports.add(20, 22), process: typeof process }});"
    );
    for platform in [Platform::Browser, Platform::Neutral, Platform::Bare] {
        let rt = NodeRuntime::create(NodeRuntimeOptions {
            platform,
            ..Default::default()
        })
        .await
        .unwrap();
        let value = common::value_in(&rt, &code, RunOptions::default()).await;
        assert_eq!(
            value,
            json!({ "sum": 42, "process": "undefined" }),
            "{platform:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endless_wasm_loop_is_stopped_by_the_timeout() {
    let rt = common::runtime().await;
    let code = format!(
        "{MODULES}\nnew WebAssembly.Instance(new WebAssembly.Module(SPIN)).exports.spin();"
    );
    let options = RunOptions::default().with_timeout(Duration::from_millis(300));
    let error = rt.exec(code.as_str(), options).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error}");
    let result = rt
        .run::<i32>("__return(6 * 7)", RunOptions::default())
        .await
        .unwrap();
    assert_eq!(result.into_value().unwrap(), 42);
}
