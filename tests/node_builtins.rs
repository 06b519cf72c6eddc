//! Node builtins beyond the core: fs streams, directories, vectored I/O and stat polling;
//! readline (callback and promise APIs, terminal line editing); diagnostics_channel;
//! async_hooks (AsyncLocalStorage, AsyncResource); punycode; worker_threads and the
//! messaging globals; cluster, domain, v8 serialization, the repl and `ShadowRealm`. Each
//! runs in a real guest; the expected values of cluster, domain, v8 and the repl are what
//! Node prints for the same scripts (V8's ShadowRealm messages differ from these).

mod common;

use serde_json::{Value, json};

/// Runs `script` from a file with `node` (cluster workers fork `process.argv[1]`) and
/// parses the JSON line it prints.
async fn print_from_file(script: &str) -> Value {
    common::node_json(&[], &[], script).await
}

#[tokio::test(flavor = "multi_thread")]
async fn fs_read_and_write_streams() {
    let value = common::eval(
        r#"const fs = require('fs');
        const { once } = require('events');
        (async () => {
          fs.writeFileSync('/tmp/in.txt', '0123456789');
          const events = [];
          const rs = fs.createReadStream('/tmp/in.txt', { start: 2, end: 6, encoding: 'utf8', highWaterMark: 2 });
          const pendingBefore = rs.pending;
          rs.on('open', () => events.push('open'));
          rs.on('ready', () => events.push('ready'));
          const chunks = [];
          rs.on('data', (c) => chunks.push(c));
          await once(rs, 'close');
          const ws = fs.createWriteStream('/tmp/out.txt', { flags: 'w' });
          ws.write('abc');
          ws.write(Buffer.from('def'));
          ws.end('g');
          await once(ws, 'close');
          const at = fs.createWriteStream('/tmp/out.txt', { flags: 'r+', start: 1 });
          at.end('XY');
          await once(at, 'finish');
          let error;
          fs.createReadStream('/tmp/missing').on('error', (e) => { error = e.code; });
          await new Promise((r) => setTimeout(r, 5));
          let rangeError;
          try { fs.createReadStream('/tmp/in.txt', { start: 5, end: 2 }); } catch (e) { rangeError = e.code; }
          __return({
            chunks, events, pendingBefore, bytesRead: rs.bytesRead, path: rs.path,
            written: ws.bytesWritten, out: fs.readFileSync('/tmp/out.txt', 'utf8'),
            error, rangeError,
            classes: rs instanceof fs.ReadStream && ws instanceof fs.WriteStream,
          });
        })();"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "chunks": ["23", "45", "6"], "events": ["open", "ready"], "pendingBefore": true,
            "bytesRead": 5, "path": "/tmp/in.txt", "written": 7, "out": "aXYdefg",
            "error": "ENOENT", "rangeError": "ERR_OUT_OF_RANGE", "classes": true,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fs_file_handle_streams_lines_and_vectored_io() {
    let value = common::eval(
        r#"const fs = require('fs');
        (async () => {
          fs.writeFileSync('/tmp/lines.txt', 'first\nsecond\r\nthird');
          const fh = await fs.promises.open('/tmp/lines.txt');
          const lines = [];
          for await (const line of fh.readLines()) lines.push(line);
          const fd = fs.openSync('/tmp/v.bin', 'w+');
          const written = fs.writevSync(fd, [Buffer.from('ab'), Buffer.from('cde')], 0);
          const a = Buffer.alloc(3), b = Buffer.alloc(3);
          const read = fs.readvSync(fd, [a, b], 0);
          fs.closeSync(fd);
          const handle = await fs.promises.open('/tmp/ws.txt', 'w');
          let closed = false;
          handle.on('close', () => { closed = true; });
          const ws = handle.createWriteStream();
          ws.end('via handle');
          await new Promise((r) => ws.on('close', r));
          __return({
            lines, written, read, a: a.toString(), b: b.toString('latin1'),
            viaHandle: fs.readFileSync('/tmp/ws.txt', 'utf8'), closed,
          });
        })();"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "lines": ["first", "second", "third"], "written": 5, "read": 5, "a": "abc",
            "b": "de\u{0}", "viaHandle": "via handle", "closed": true,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fs_opendir_chown_watch() {
    let value = common::eval(
        r#"const fs = require('fs');
        (async () => {
          fs.mkdirSync('/tmp/d/sub', { recursive: true });
          fs.writeFileSync('/tmp/d/a', '');
          fs.writeFileSync('/tmp/d/sub/b', '');
          const dir = await fs.promises.opendir('/tmp/d', { recursive: true });
          const names = [];
          for await (const entry of dir) names.push(`${entry.parentPath}/${entry.name}`);
          let closedError;
          try { dir.readSync(); } catch (e) { closedError = e.code; }
          const sync = fs.opendirSync('/tmp/d');
          const first = sync.readSync().name;
          sync.closeSync();
          const st = fs.statSync('/tmp/d/a');
          fs.chownSync('/tmp/d/a', st.uid, st.gid);
          let chownError;
          try { fs.chownSync('/tmp/d/a', st.uid + 1, -1); } catch (e) { chownError = e.code; }
          let watchError;
          try { fs.watch('/tmp/d/missing'); } catch (e) { watchError = e.code; }
          const change = await new Promise((resolve) => {
            fs.watchFile('/tmp/d/a', { interval: 5 }, (curr, prev) => {
              fs.unwatchFile('/tmp/d/a');
              resolve([prev.size, curr.size]);
            });
            setTimeout(() => fs.writeFileSync('/tmp/d/a', 'grown'), 20);
          });
          __return({ names: names.sort(), closedError, first: typeof first, chownError, watchError, change });
        })();"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "names": ["/tmp/d/a", "/tmp/d/sub", "/tmp/d/sub/b"],
            "closedError": "ERR_DIR_CLOSED", "first": "string", "chownError": "EPERM",
            "watchError": "ENOENT", "change": [0, 5],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn readline_lines_questions_and_iteration() {
    let value = common::eval(
        r#"const readline = require('readline');
        const { PassThrough } = require('stream');
        (async () => {
          const input = new PassThrough();
          const rl = readline.createInterface({ input, crlfDelay: Infinity });
          const lines = [];
          rl.on('line', (line) => lines.push(line));
          input.write('one\ntwo\r');
          input.write('\nthr');
          input.end('ee');
          await new Promise((r) => rl.on('close', r));

          const qin = new PassThrough();
          const qout = new PassThrough();
          let shown = '';
          qout.on('data', (d) => { shown += d; });
          const prl = require('readline/promises').createInterface({ input: qin, output: qout });
          setTimeout(() => qin.write('Ada\n'), 1);
          const answer = await prl.question('name? ');
          const iterated = [];
          setTimeout(() => qin.end('x\ny\n'), 1);
          for await (const line of prl) iterated.push(line);

          const useAfterClose = await prl.question('again?').catch((e) => e.code);
          __return({ lines, answer, shown, iterated, useAfterClose });
        })();"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "lines": ["one", "two", "three"], "answer": "Ada", "shown": "name? ",
            "iterated": ["x", "y"], "useAfterClose": "ERR_USE_AFTER_CLOSE",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn readline_terminal_editing_and_cursor_helpers() {
    let value = common::eval(
        r#"const readline = require('readline');
        const { PassThrough } = require('stream');
        const input = new PassThrough();
        const output = new PassThrough();
        let written = '';
        output.on('data', (d) => { written += d; });
        const rl = readline.createInterface({ input, output, terminal: true, prompt: '$ ' });
        const lines = [];
        rl.on('line', (line) => lines.push(line));
        input.write('ab\x1b[Dc\x7f\r');
        input.write('xyz\x01\x0b\r');
        input.write('\x1b[A\r');
        const sink = { data: '', write(s, cb) { this.data += s; if (cb) cb(); return true; } };
        readline.cursorTo(sink, 2);
        readline.cursorTo(sink, 1, 3);
        readline.moveCursor(sink, -2, 1);
        readline.clearLine(sink, 0);
        readline.clearScreenDown(sink);
        const { Readline } = require('readline/promises');
        const r = new Readline(sink);
        r.cursorTo(0).clearLine(1);
        r.commit().then(() => {
          rl.close();
          __return({ lines, history: rl.history, echoedA: written.startsWith('ab'), ansi: sink.data });
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "lines": ["ab", "", "ab"], "history": ["ab"], "echoedA": true,
            "ansi": "\u{1b}[3G\u{1b}[4;2H\u{1b}[2D\u{1b}[1B\u{1b}[2K\u{1b}[0J\u{1b}[1G\u{1b}[0K",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn diagnostics_channel_publish_stores_and_tracing() {
    let value = common::eval(
        r#"const dc = require('diagnostics_channel');
        const { AsyncLocalStorage } = require('async_hooks');
        const seen = [];
        const ch = dc.channel('app:req');
        const before = ch.hasSubscribers;
        const onMessage = (message, name) => seen.push([name, message.id]);
        dc.subscribe('app:req', onMessage);
        ch.publish({ id: 1 });
        const same = dc.channel('app:req') === ch;
        const removed = dc.unsubscribe('app:req', onMessage);
        ch.publish({ id: 2 });
        const als = new AsyncLocalStorage();
        ch.bindStore(als, (message) => message.id * 10);
        const inStore = ch.runStores({ id: 4 }, () => als.getStore());
        const trace = dc.tracingChannel('work');
        const order = [];
        trace.subscribe({
          start: () => order.push('start'), end: () => order.push('end'),
          asyncStart: () => order.push('asyncStart'), asyncEnd: () => order.push('asyncEnd'),
          error: (ctx) => order.push(`error:${ctx.error.message}`),
        });
        const sum = trace.traceSync((a, b) => a + b, {}, null, 2, 3);
        try { trace.traceSync(() => { throw new Error('boom'); }); } catch {}
        trace.tracePromise(async () => 7).then((result) => {
          let badName;
          try { dc.channel(42); } catch (e) { badName = e.code; }
          __return({ before, seen, same, removed, inStore, sum, result, order, badName });
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "before": false, "seen": [["app:req", 1]], "same": true, "removed": true,
            "inStore": 40, "sum": 5, "result": 7,
            "order": ["start", "end", "start", "error:boom", "end", "start", "end", "asyncStart", "asyncEnd"],
            "badName": "ERR_INVALID_ARG_TYPE",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn async_local_storage_follows_callbacks() {
    let value = common::eval(
        r#"const { AsyncLocalStorage, AsyncResource, executionAsyncId, createHook } = require('async_hooks');
        const als = new AsyncLocalStorage();
        const seen = {};
        const done = new Promise((resolve) => {
          als.run({ id: 7 }, () => {
            process.nextTick(() => { seen.tick = als.getStore().id; });
            setTimeout(() => { seen.timeout = als.getStore().id; resolve(); }, 1);
            setImmediate(() => { seen.immediate = als.getStore().id; });
            queueMicrotask(() => { seen.microtask = als.getStore().id; });
            Promise.resolve().then(() => { seen.then = als.getStore().id; });
            seen.nested = als.run({ id: 8 }, () => als.getStore().id);
            seen.exit = als.exit(() => als.getStore()) ?? null;
          });
        });
        seen.outside = als.getStore() ?? null;
        const resource = als.run('bound', () => new AsyncResource('job'));
        seen.resource = resource.runInAsyncScope(() => als.getStore());
        seen.bound = als.run('fn', () => AsyncLocalStorage.bind(() => als.getStore()))();
        seen.ids = executionAsyncId() === 1 && resource.asyncId() > 1;
        seen.hook = createHook({ init() {} }).enable().disable() instanceof Object;
        done.then(() => __return(seen));"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "tick": 7, "timeout": 7, "immediate": 7, "microtask": 7, "then": 7, "nested": 8,
            "exit": null, "outside": null, "resource": "bound", "bound": "fn", "ids": true,
            "hook": true,
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn punycode_encodes_and_decodes() {
    let value = common::eval(
        r#"const punycode = require('punycode');
        __return({
          encode: punycode.encode('mañana'), decode: punycode.decode('maana-pta'),
          ascii: punycode.toASCII('bücher.example'), unicode: punycode.toUnicode('xn--bcher-kva.example'),
          email: punycode.toASCII('джумла@джpумлатест.bрфa'),
          ucs2: punycode.ucs2.decode('\uD834\uDF06'), back: punycode.ucs2.encode([0x1D306]).length,
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "encode": "maana-pta", "decode": "mañana", "ascii": "xn--bcher-kva.example",
            "unicode": "bücher.example", "email": "джумла@xn--p-8sbkgc5ag7bhce.xn--ba-lmcq",
            "ucs2": [119558], "back": 2,
        })
    );
}

/// Workers are real second engine instances (kernel processes): workerData, messages both
/// ways, a worker's uncaught exception as 'error', exit codes; MessageChannel in-process.
#[tokio::test(flavor = "multi_thread")]
async fn worker_threads_and_message_channels() {
    let value = common::eval(
        r#"const { Worker, MessageChannel, isMainThread, threadId } = require('worker_threads');
        const events = [];
        const { port1, port2 } = new MessageChannel();
        const received = new Promise((resolve) => {
          port2.on('message', (value) => { events.push(['port', value]); port2.close(); resolve(); });
        });
        port1.postMessage({ list: [1, 2], when: 'now' });
        const worker = new Worker(`
          const { parentPort, workerData, isMainThread, threadId } = require('worker_threads');
          parentPort.postMessage({ isMainThread, threadId });
          parentPort.on('message', (n) => { parentPort.postMessage(n * workerData.factor); parentPort.close(); });
        `, { eval: true, workerData: { factor: 3 } });
        worker.on('message', (message) => {
          events.push(['worker', message]);
          if (typeof message === 'object') worker.postMessage(14);
        });
        const exited = new Promise((resolve) => worker.on('exit', resolve));
        const failing = new Worker('throw new TypeError("boom")', { eval: true });
        const failure = new Promise((resolve) => failing.on('error', (e) => resolve(`${e.name}: ${e.message}`)));
        const failingExit = new Promise((resolve) => failing.on('exit', resolve));
        const looping = new Worker('setInterval(() => {}, 1000)', { eval: true });
        const terminated = looping.terminate();
        Promise.all([received, exited, failure, failingExit, terminated]).then(([, code, error, failCode]) => {
          __return({ isMainThread, threadId, events, code, error, failCode, navigator: typeof navigator.hardwareConcurrency });
        });"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "isMainThread": true,
            "threadId": 0,
            "events": [
                ["port", { "list": [1, 2], "when": "now" }],
                ["worker", { "isMainThread": false, "threadId": 1 }],
                ["worker", 42]
            ],
            "code": 0,
            "error": "TypeError: boom",
            "failCode": 1,
            "navigator": "number"
        })
    );
}

/// Two cluster workers listen on one port (chosen once, shared through the kernel's
/// reuse-port listeners) and take connections in turn; `disconnect` ends them cleanly.
#[tokio::test(flavor = "multi_thread")]
async fn cluster_workers_share_a_port() {
    let value = print_from_file(
        r#"
const cluster = require('cluster');
const http = require('http');
if (cluster.isPrimary) {
  let listening = 0;
  cluster.fork();
  cluster.fork();
  cluster.on('listening', async (worker, address) => {
    if (++listening < 2) return;
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(await new Promise((resolve) => {
        http.get({ port: address.port, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk) => { body += chunk; });
          res.on('end', () => resolve(body));
        });
      }));
    }
    const exits = [];
    cluster.on('exit', (_, code) => {
      exits.push(code);
      if (exits.length === 2) {
        console.log(JSON.stringify({ answers: answers.sort(), exits, left: Object.keys(cluster.workers).length }));
      }
    });
    cluster.disconnect();
  });
} else {
  http.createServer((req, res) => res.end(`worker ${cluster.worker.id}`)).listen(0);
}
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({ "answers": ["worker 1", "worker 1", "worker 2", "worker 2"], "exits": [0, 0], "left": 0 })
    );
}

/// A domain catches what a timer inside it throws and what an emitter made inside it
/// emits, marking each error as Node does.
#[tokio::test(flavor = "multi_thread")]
async fn domains_route_async_errors() {
    let value = print_from_file(
        r#"
const domain = require('domain');
const EventEmitter = require('events');
const d = domain.create();
const caught = [];
d.on('error', (e) => {
  caught.push([e.message, e.domain === d, e.domainThrown]);
  if (caught.length === 2) console.log(JSON.stringify(caught.sort()));
});
d.run(() => {
  setTimeout(() => { throw new Error('from a timer'); }, 1);
  const emitter = new EventEmitter();
  setImmediate(() => emitter.emit('error', new Error('from an emitter')));
});
"#,
    )
    .await;
    assert_eq!(
        value,
        json!([
            ["from a timer", true, true],
            ["from an emitter", true, false]
        ])
    );
}

/// `v8.serialize` writes V8's wire format byte for byte, and `deserialize` reads back
/// maps, sets, dates and bigints.
#[tokio::test(flavor = "multi_thread")]
async fn v8_serialization_round_trips() {
    let value = print_from_file(
        r#"
const v8 = require('v8');
const util = require('util');
const value = { a: [1, 'two', 3n, null, undefined], m: new Map([[1, { s: new Set(['x']) }]]), d: new Date(0) };
const copy = v8.deserialize(v8.serialize(value));
console.log(JSON.stringify({ same: util.isDeepStrictEqual(copy, value), hi: v8.serialize('hi').toString('hex'), n: v8.serialize({ n: 1.5 }).toString('hex') }));
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({ "same": true, "hi": "ff0f22026869", "n": "ff0f6f22016e4e000000000000f83f7b01" })
    );
}

/// A REPL over streams: results, multi-line input, `_`, uncaught errors and `.exit`.
#[tokio::test(flavor = "multi_thread")]
async fn the_repl_evaluates_lines_from_a_stream() {
    let value = print_from_file(
        r#"
const repl = require('repl');
const { PassThrough } = require('stream');
const input = new PassThrough();
const output = new PassThrough();
let out = '';
output.on('data', (d) => { out += d; });
const server = repl.start({ input, output, prompt: '> ', terminal: false });
server.on('exit', () => console.log(JSON.stringify(out)));
input.end('1 + 2\nconst x = {\na: 1 }\nx.a + _\nthrow new Error("boom")\n.exit\n');
"#,
    )
    .await;
    assert_eq!(
        value,
        json!("> 3\n> ... undefined\n> NaN\n> Uncaught Error: boom\n> ")
    );
}

/// `ShadowRealm` (under `--experimental-shadow-realm`): code runs in a realm of its own;
/// primitives and functions cross (functions wrapped, in both directions), objects and
/// thrown errors become TypeErrors of the caller, and `importValue` gives the realm its
/// own instance of an ES module while builtins stay out of reach.
#[tokio::test(flavor = "multi_thread")]
async fn shadow_realms_isolate_globals_and_wrap_values() {
    let value = common::node_json(
        &[],
        &["--experimental-shadow-realm"],
        r#"
const outcome = (fn) => { try { return fn(); } catch (e) { return `${e.constructor.name}: ${e.message}`; } };
const realm = new ShadowRealm();
const getter = realm.evaluate('globalThis.secret = 42; () => globalThis.secret');
const twice = realm.evaluate('(f) => f(20) * 2');
const results = {
  getter: getter(),
  leaked: 'secret' in globalThis,
  callback: twice((n) => n + 1),
  object: outcome(() => realm.evaluate('({})')),
  thrown: outcome(() => realm.evaluate('throw new RangeError("inner")')),
  syntax: outcome(() => realm.evaluate('let let')),
  tag: Object.prototype.toString.call(realm),
};
require('fs').writeFileSync('/tmp/counter.mjs', 'let count = 0;\nexport const next = () => ++count;\n');
(async () => {
  const next = await realm.importValue('/tmp/counter.mjs', 'next');
  const mine = await import('/tmp/counter.mjs');
  results.counters = [next(), next(), mine.next()];
  results.builtin = await realm.importValue('node:fs', 'readFileSync').catch((e) => e.message);
  console.log(JSON.stringify(results));
})();
"#,
    )
    .await;
    assert_eq!(
        value,
        json!({
            "getter": 42,
            "leaked": false,
            "callback": 42,
            "object": "TypeError: ShadowRealm values must be primitives or callables",
            "thrown": "TypeError: ShadowRealm evaluate threw (RangeError: inner)",
            "syntax": "SyntaxError: 'let' is not a valid lexical identifier",
            "tag": "[object ShadowRealm]",
            "counters": [1, 2, 1],
            "builtin": "No such built-in module: node:fs"
        })
    );
}
