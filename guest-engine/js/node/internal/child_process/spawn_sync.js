// internal/child_process/spawn_sync — running a child to completion without the event
// loop, for spawnSync, execSync and execFileSync. The child's stdin is a pre-filled pipe
// (its `input`, or empty); its output pipes are read as the kernel's `poll` reports them
// ready, whichever comes first, so a child filling stderr while the parent waits on stdout
// cannot deadlock. Returns when the child has been reaped and every output pipe has
// reached end of file, enforcing `timeout` and `maxBuffer` by killing the child.

const { Buffer } = require('buffer');
const { startChild, closeAll } = require('internal/child_process/stdio');
const native = binding('child_process');
const io = binding('io');
const fsBinding = binding('fs');

const READ_SIZE = 65536;

function errors() {
  return require('internal/errors');
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

// The result Node gives a child that could not start.
function failedSpawn(options, code) {
  return {
    error: spawnSyncError(options, code),
    status: null,
    signal: null,
    output: null,
    pid: 0,
    stdout: null,
    stderr: null,
  };
}

function spawnSyncError(options, code) {
  const error = errors().ErrnoException(code, `spawnSync ${options.file}`);
  error.path = options.file;
  error.spawnargs = options.args.slice(1);
  return error;
}

// `options`: { file, args, envPairs, cwd, stdio (entries of `normalizeStdio`, pipes the
// child reads carrying their `input` bytes), detached, timeout, killSignal (a number),
// maxBuffer, encoding }.
function spawnSync(options) {
  const entries = options.stdio;
  const { pid, parentEnds, error: spawnError } =
    startChild(options, entries, { sync: true, env: options.envPairs });
  if (spawnError !== undefined) {
    if (typeof spawnError.code !== 'string') throw spawnError;
    return failedSpawn(options, spawnError.code);
  }

  // The output pipes still open, by entry index.
  const open = new Map();
  parentEnds.forEach((fd, i) => {
    if (fd !== null) open.set(i, fd);
  });
  const output = entries.map((_, i) => (open.has(i) ? [] : null));
  const received = entries.map(() => 0);
  let status = null;
  let error;
  let killed = false;
  const deadline = options.timeout > 0 ? now() + options.timeout : null;

  function kill(code) {
    error ??= spawnSyncError(options, code);
    if (killed) return;
    killed = true;
    try {
      native.kill(pid, options.killSignal);
    } catch {
      // ESRCH: it ended on its own meanwhile.
    }
  }

  function read(i) {
    const fd = open.get(i);
    let data;
    try {
      data = fsBinding.read(fd, READ_SIZE, null);
    } catch {
      // A failed read ends that output as end of file would.
      data = new Uint8Array(0);
    }
    if (data.length === 0) {
      closeAll([fd]);
      open.delete(i);
      return;
    }
    // As in Node, the read that crosses maxBuffer is kept whole before the child is killed.
    received[i] += data.length;
    output[i].push(data);
    if (received[i] > options.maxBuffer) kill('ENOBUFS');
  }

  while (status === null || open.size > 0) {
    const targets = [];
    const readers = [];
    for (const [i, fd] of open) {
      targets.push(['readable', fd]);
      readers.push(i);
    }
    if (status === null) targets.push(['exit', pid]);
    const timeout = deadline === null || killed ? null : Math.max(0, deadline - now());
    const ready = io.poll(targets, timeout);
    if (ready.length === 0) {
      kill('ETIMEDOUT');
      continue;
    }
    for (const index of ready) {
      if (index < readers.length) {
        read(readers[index]);
      } else {
        status = native.wait(pid, true);
      }
    }
  }

  let outputs = output.map((chunks) => (chunks === null ? null : Buffer.concat(chunks)));
  if (options.encoding && options.encoding !== 'buffer') {
    outputs = outputs.map((bytes) => (bytes === null ? null : bytes.toString(options.encoding)));
  }
  return {
    ...(error === undefined ? {} : { error }),
    status: status.code,
    signal: status.signal,
    output: outputs,
    pid,
    stdout: outputs[1],
    stderr: outputs[2],
  };
}

module.exports = { spawnSync };
