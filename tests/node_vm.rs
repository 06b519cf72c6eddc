//! `node:vm` from inside real guests: contexts as separate realms whose globals mirror the
//! contextified object, scripts, compileFunction, timeouts and the option errors.

mod common;

use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn contexts_mirror_the_sandbox_both_ways() {
    let value = common::eval(
        r#"const vm = require('node:vm');
        const sandbox = { foo: 'bar', n: 1 };
        const context = vm.createContext(sandbox);
        const result = vm.runInContext(
          'baz = foo; var v = n + 1; function f() { return 2 } this.t = typeof process; typeof Object',
          context);
        const keys = Object.keys(sandbox).sort();
        sandbox.n = 10;
        sandbox.added = 'outside';
        const seen = vm.runInContext('[n, added, v, f()]', context);
        vm.runInContext('n = 11; delete added', context);
        const script = new vm.Script('count = (typeof count === "number" ? count : 0) + 1');
        const counter = vm.createContext({});
        script.runInContext(counter);
        script.runInContext(counter);
        const window = vm.createContext({});
        window.self = window;
        const reentered = vm.createContext({ again: () => vm.runInContext('m = 6', reentered) });
        const frozen = vm.createContext(Object.freeze({ a: 1 }));
        __return({
          result, keys, seen, n: sandbox.n, added: 'added' in sandbox, count: counter.count,
          isContext: [vm.isContext(context), vm.isContext({})],
          same: vm.createContext(sandbox) === sandbox,
          self: vm.runInContext('self === this', window),
          reentry: vm.runInContext('again(); m', reentered),
          frozen: [vm.runInContext('b = 2; a + b', frozen), frozen.b],
          shadow: vm.runInNewContext('typeof Array', { Array: 1 }),
          sum: vm.runInNewContext('a + b', { a: 1, b: 2 }),
          bare: vm.runInNewContext('[typeof process, typeof require]'),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "result": "function", "keys": ["baz", "f", "foo", "n", "t", "v"],
            "seen": [10, "outside", 2, 2], "n": 11, "added": false, "count": 2,
            "isContext": [true, false], "same": true, "self": true, "reentry": 6,
            "frozen": [3, null], "shadow": "number",
            "sum": 3, "bare": ["undefined", "undefined"],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_and_values_belong_to_the_context_realm() {
    let value = common::eval(
        r#"const vm = require('node:vm');
        const context = vm.createContext({});
        const { Error: ContextError, Array: ContextArray } = vm.runInContext('({ Error, Array })', context);
        let thrown;
        try { vm.runInContext('null.x', context); } catch (e) { thrown = e; }
        let missing;
        try { vm.runInNewContext('foo.bar = 5'); } catch (e) { missing = e; }
        let stack;
        try { vm.runInContext('\n\nthrow new Error("boom")', context, { filename: 'boom.js', lineOffset: 10 }); }
        catch (e) { stack = e.stack; }
        const array = vm.runInContext('[1, 2]', context);
        __return({
          typeError: [thrown instanceof TypeError, thrown instanceof vm.runInContext('TypeError', context)],
          missing: [missing.name, missing.message, missing instanceof ReferenceError],
          array: [array instanceof Array, array instanceof ContextArray, Array.isArray(array)],
          errorClass: ContextError !== Error,
          stack: stack.includes('boom.js:13'),
          thisRealm: vm.runInThisContext('[] instanceof Array'),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "typeError": [false, true],
            "missing": ["ReferenceError", "foo is not defined", false],
            "array": [false, true, true], "errorClass": true, "stack": true, "thisRealm": true,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn timeouts_stop_runaway_scripts() {
    let value = common::eval(
        r#"const vm = require('node:vm');
        const context = vm.createContext({ after: 0 });
        const errors = [];
        for (const run of [
          () => vm.runInContext('while (true) {}', context, { timeout: 20 }),
          () => vm.runInThisContext('for (;;) {}', { timeout: 20 }),
          () => new vm.Script('while (true) {}').runInNewContext({}, { timeout: 20 }),
        ]) {
          try { run(); } catch (e) { errors.push([e.code, e.message]); }
        }
        vm.runInContext('after = 1', context, { timeout: 1000 });
        __return({ errors, after: context.after });"#,
    )
    .await;
    let timeout = json!([
        "ERR_SCRIPT_EXECUTION_TIMEOUT",
        "Script execution timed out after 20ms"
    ]);
    assert_eq!(
        value,
        json!({ "errors": [timeout, timeout, timeout], "after": 1 })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn compile_function_and_code_generation() {
    let value = common::eval(
        r#"const vm = require('node:vm');
        const add = vm.compileFunction('return p + q', ['p', 'q']);
        const scoped = vm.compileFunction('return a + x', ['x'], { contextExtensions: [{ a: 10 }] });
        const context = vm.createContext({ base: 5 });
        const inContext = vm.compileFunction('return base * 2', [], { parsingContext: context });
        let escaped;
        try { vm.compileFunction('});\n(function() {'); } catch (e) { escaped = e.name; }
        const locked = vm.createContext({}, { codeGeneration: { strings: false } });
        const refused = ['eval("1")', 'new Function("return 1")', '(() => {}).constructor("1")']
          .map((code) => { try { vm.runInContext(code, locked); return 'ran'; } catch (e) { return e.name; } });
        let syntax;
        try { new vm.Script('('); } catch (e) { syntax = e.name; }
        __return({
          add: add(1, 2), source: vm.compileFunction('return 1').toString(), scoped: scoped(5),
          inContext: inContext(), escaped, refused, syntax,
          stillRuns: vm.runInContext('1 + 1', locked),
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "add": 3, "source": "function () {\nreturn 1\n}", "scoped": 15, "inContext": 10,
            "escaped": "SyntaxError", "refused": ["EvalError", "EvalError", "EvalError"],
            "syntax": "SyntaxError", "stillRuns": 2,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn options_and_unsupported_features_fail_like_node() {
    let value = common::eval(
        r#"const vm = require('node:vm');
        const codes = [];
        for (const run of [
          () => vm.runInContext('1', {}),
          () => vm.runInContext('1', 1),
          () => vm.runInThisContext('1', { timeout: 0 }),
          () => vm.createContext({}, { name: null }),
          () => vm.compileFunction('', null),
          () => new vm.Script('', { lineOffset: 1.5 }),
        ]) {
          try { run(); codes.push('none'); } catch (e) { codes.push(e.code); }
        }
        const dontContextify = vm.createContext(vm.constants.DONT_CONTEXTIFY);
        vm.runInContext('var zz = 3', dontContextify);
        const script = new vm.Script('1', { cachedData: Buffer.alloc(4) });
        vm.measureMemory().then(
          () => __return('resolved'),
          (e) => __return({
            codes, measure: e.code, global: [dontContextify.zz, vm.isContext(dontContextify)],
            rejected: script.cachedDataRejected, cache: script.createCachedData().length > 0,
            modules: typeof vm.SourceTextModule, keys: Object.keys(vm).sort(),
          }));"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "codes": ["ERR_INVALID_ARG_TYPE", "ERR_INVALID_ARG_TYPE", "ERR_OUT_OF_RANGE",
                      "ERR_INVALID_ARG_TYPE", "ERR_INVALID_ARG_TYPE", "ERR_OUT_OF_RANGE"],
            "measure": "ERR_METHOD_NOT_IMPLEMENTED", "global": [3, true], "rejected": true,
            "cache": true, "modules": "undefined",
            "keys": ["Script", "compileFunction", "constants", "createContext", "createScript",
                     "isContext", "measureMemory", "runInContext", "runInNewContext",
                     "runInThisContext"],
        })
    );
}
