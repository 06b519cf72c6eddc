// internal/child_process — the `ChildProcess` class: a child started on the kernel with
// its stdio (`internal/child_process/stdio`), the parent's streams over the pipes, the IPC
// channel of `fork`, reaping through an 'exit' I/O watch, signals, and Node's events:
// 'spawn'; 'exit' (code, signal) when the child ends; 'close' (code, signal) once it has
// ended and its output streams and channel have closed; 'error' for a failed spawn (then
// 'close' with the negative errno as code) or a failed kill.
//
// The process is kept alive by a child until it is reaped (not after `unref()`), and by its
// output streams while they are read.

const EventEmitter = require('events');
const { IoWatch } = require('internal/io_watch');
const { FdReadable, FdWritable } = require('internal/fd_streams');
const { normalizeStdio, startChild } = require('internal/child_process/stdio');
const { setupChannel } = require('internal/child_process/ipc_channel');
const { toSignalNumber } = require('internal/signals');
const native = binding('child_process');

// Spawn failures Node reports as an asynchronous 'error' event rather than a throw.
const RUNTIME_SPAWN_ERRORS = new Set(['EACCES', 'EAGAIN', 'EMFILE', 'ENFILE', 'ENOENT']);

const { SymbolDispose } = require('internal/streams/utils');

function errors() {
  return require('internal/errors');
}

// Pids of the children started here and not reaped yet.
const liveChildren = new Set();

function isLiveChild(pid) {
  return liveChildren.has(pid);
}

// The spawn request's environment pairs plus the channel's variables.
function channelEnv(envPairs, ipcIndex, serialization) {
  if (ipcIndex === -1) return envPairs;
  return [...envPairs, `NODE_CHANNEL_FD=${ipcIndex}`,
    `NODE_CHANNEL_SERIALIZATION_MODE=${serialization}`];
}

function maybeClose(subprocess) {
  subprocess._closesGot++;
  if (subprocess._closesGot === subprocess._closesNeeded) {
    subprocess.emit('close', subprocess.exitCode, subprocess.signalCode);
  }
}

// Lets output nobody consumed flow to its end, so the streams close and 'close' follows.
function flushStdio(subprocess) {
  for (const stream of subprocess.stdio ?? []) {
    if (!stream || !stream.readable || stream._readableState.readableListening) continue;
    stream.resume();
  }
}

class ChildProcess extends EventEmitter {
  constructor() {
    super();
    this._closesNeeded = 1;
    this._closesGot = 0;
    this.connected = false;
    this.signalCode = null;
    this.exitCode = null;
    this.killed = false;
    this.spawnfile = null;
    this.spawnargs = [];
    this.pid = undefined;
    this.stdin = null;
    this.stdout = null;
    this.stderr = null;
    this.stdio = [];
    // The watch that reaps the child; null before it starts and once it is reaped.
    this._exitWatch = null;
  }

  // `options`: { file, args (argv, argv0 first), envPairs, cwd, stdio, detached,
  // serialization (of the channel: 'json', the default, or 'advanced') }.
  // Validated in Node's order (envPairs only matters, and is checked, with a channel).
  spawn(options) {
    const { validateArray, validateObject, validateString } = errors();
    validateObject(options, 'options');
    const { entries, ipcIndex } = normalizeStdio(options.stdio ?? 'pipe', false);
    if (ipcIndex !== -1) {
      if (options.envPairs === undefined) options.envPairs = [];
      else validateArray(options.envPairs, 'options.envPairs');
    }
    validateString(options.file, 'options.file');
    if (options.args === undefined) options.args = [];
    else validateArray(options.args, 'options.args');
    options.envPairs ??= [];
    this.spawnfile = options.file;
    this.spawnargs = options.args;
    const serialization = options.serialization ?? 'json';
    const env = channelEnv(options.envPairs, ipcIndex, serialization);
    const { pid, parentEnds = null, error } = startChild(options, entries, { sync: false, env });
    if (error !== undefined) {
      if (!RUNTIME_SPAWN_ERRORS.has(error.code)) throw errors().bindingErrnoException(error, 'spawn');
      process.nextTick(() => this._onSpawnFailure(error.code));
    } else {
      this.pid = pid;
      liveChildren.add(pid);
      this._exitWatch = new IoWatch('exit', pid, () => this._reap(), this, 'ProcessWrap');
      this._exitWatch.start();
      process.nextTick(() => this.emit('spawn'));
      // A stream of this process handed to the child as stdio stops being read here, as
      // Node's readStop does, so what arrives on it goes to the child.
      for (const { stream } of entries) {
        if (typeof stream?._stopReading === 'function') {
          stream.pause();
          stream._stopReading();
        }
      }
    }
    this._setupStdio(entries, parentEnds);
    if (ipcIndex !== -1 && parentEnds !== null) {
      this._closesNeeded++;
      setupChannel(this, parentEnds[ipcIndex], {
        refed: true, onClose: () => maybeClose(this), serialization,
      });
    }
  }

  // The parent's streams over `parentEnds` (streams over nothing after a failed spawn).
  _setupStdio(entries, parentEnds) {
    this.stdio = entries.map((entry, i) => {
      if (entry.type !== 'pipe') return null;
      const fd = parentEnds === null ? null : parentEnds[i];
      if (i === 0) return new FdWritable(fd);
      const stream = new FdReadable(fd);
      if (fd !== null) {
        this._closesNeeded++;
        stream.on('close', () => maybeClose(this));
        stream.read(0);
      }
      return stream;
    });
    [this.stdin, this.stdout, this.stderr] = this.stdio;
  }

  _reap() {
    const status = native.wait(this.pid, true);
    if (status === null) return;
    this._exitWatch.stop();
    this._exitWatch = null;
    liveChildren.delete(this.pid);
    // The child's end of its IPC channel closed when it ended: as in Node, the channel's
    // last messages and 'disconnect' come before 'exit'.
    if (this.connected) {
      this.once('disconnect', () => this._exited(status));
    } else {
      this._exited(status);
    }
  }

  _exited(status) {
    if (status.signal !== null) {
      this.signalCode = status.signal;
    } else {
      this.exitCode = status.code;
    }
    if (this.stdin) this.stdin.destroy();
    this.emit('exit', this.exitCode, this.signalCode);
    this._afterExit();
  }

  _onSpawnFailure(code) {
    const error = errors().ErrnoException(code, `spawn ${this.spawnfile}`);
    error.path = this.spawnfile;
    error.spawnargs = this.spawnargs.slice(1);
    this.exitCode = error.errno;
    if (this.stdin) this.stdin.destroy();
    this.emit('error', error);
    this._afterExit();
  }

  // The user gets one more tick to start reading output before it is drained.
  _afterExit() {
    process.nextTick(flushStdio, this);
    maybeClose(this);
  }

  kill(sig) {
    const signal = sig === 0 ? 0 : toSignalNumber(sig === undefined ? 'SIGTERM' : sig);
    if (this._exitWatch === null) return false;
    try {
      if (signal !== 0) native.kill(this.pid, signal);
    } catch (error) {
      if (error.code === 'ESRCH') return false;
      const failure = errors().bindingErrnoException(error, 'kill');
      if (error.code === 'EINVAL' || error.code === 'ENOSYS') throw failure;
      this.emit('error', failure);
      return false;
    }
    this.killed = true;
    return true;
  }

  ref() {
    if (this._exitWatch !== null) this._exitWatch.setRef(true);
  }

  unref() {
    if (this._exitWatch !== null) this._exitWatch.setRef(false);
  }

  [SymbolDispose]() {
    if (!this.killed) this.kill();
  }
}

module.exports = { ChildProcess, isLiveChild };
