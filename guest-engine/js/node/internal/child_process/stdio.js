// internal/child_process/stdio — the `stdio` option of spawn, spawnSync and fork: Node's
// forms normalized to one entry per child descriptor, the kernel descriptors opened for
// those entries, and starting a child on them (`startChild`).
//
// Entries: `{ type: 'pipe' }` (a new pipe; the parent writes the child's fd 0 and reads
// the others; `input` bytes make it a pre-filled pipe, spawnSync only), `{ type: 'ignore' }`
// (/dev/null), `{ type: 'fd', fd }` (one of the parent's descriptors: a number, 'inherit',
// or a stream or socket over one, kept as `stream`), `{ type: 'ipc' }` (fork's channel).
//
// Child descriptors are numbered in entry order, except that the 'ipc' entry takes two:
// the child's read end of the channel at its own index i and its write end at i + 1
// (entries after it move up by one). The child learns i from NODE_CHANNEL_FD.

const fsBinding = binding('fs');
const native = binding('child_process');

// binding('fs').open flags.
const OPEN_READ = 1;
const OPEN_WRITE = 2;

function errors() {
  return require('internal/errors');
}

// 'pipe' → ['pipe', 'pipe', 'pipe'], 'inherit' → [0, 1, 2], plus `channel` when given.
function stdioStringToArray(stdio, channel) {
  let entries;
  switch (stdio) {
    case 'ignore':
    case 'overlapped':
    case 'pipe':
      entries = [stdio, stdio, stdio];
      break;
    case 'inherit':
      entries = [0, 1, 2];
      break;
    default:
      throw new (errors().codes.ERR_INVALID_ARG_VALUE)('stdio', stdio);
  }
  if (channel) entries.push(channel);
  return entries;
}

// The descriptor of an object given as a stdio entry: its own numeric `fd`, or that of the
// handle it wraps (`handle`, or a net.Socket's `_handle`), as Node takes a stream's handle.
function streamDescriptor(value) {
  if (typeof value.fd === 'number') return value.fd;
  const handle = value.handle ?? value._handle;
  return typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : undefined;
}

// Node's stdio forms as entries (at least three); `ipcIndex` is the 'ipc' entry's index
// or -1. `sync` allows input bytes and forbids 'ipc'.
function normalizeStdio(stdio, sync) {
  const { codes } = errors();
  if (typeof stdio === 'string') {
    stdio = stdioStringToArray(stdio);
  } else if (!Array.isArray(stdio)) {
    throw new codes.ERR_INVALID_ARG_VALUE('stdio', stdio);
  }
  const given = [...stdio];
  while (given.length < 3) given.push(undefined);
  let ipcIndex = -1;
  const entries = given.map((value, i) => {
    value ??= i < 3 ? 'pipe' : 'ignore';
    if (value === 'ignore') return { type: 'ignore' };
    if (value === 'pipe' || value === 'overlapped' || (typeof value === 'number' && value < 0)) {
      return { type: 'pipe' };
    }
    if (value === 'ipc') {
      if (sync) throw new codes.ERR_IPC_SYNC_FORK();
      if (ipcIndex !== -1) throw new codes.ERR_IPC_ONE_PIPE();
      ipcIndex = i;
      return { type: 'ipc' };
    }
    if (value === 'inherit') return { type: 'fd', fd: i };
    if (typeof value === 'number') return { type: 'fd', fd: value };
    const fd = value !== null && typeof value === 'object' ? streamDescriptor(value) : undefined;
    if (fd !== undefined) return { type: 'fd', fd, stream: value };
    if (ArrayBuffer.isView(value) || typeof value === 'string') {
      if (!sync) {
        throw new codes.ERR_INVALID_SYNC_FORK_INPUT(require('util').inspect(value));
      }
      return { type: 'pipe', input: value };
    }
    throw new codes.ERR_INVALID_ARG_VALUE('stdio', value);
  });
  return { entries, ipcIndex };
}

function closeAll(fds) {
  for (const fd of fds) {
    try {
      fsBinding.close(fd);
    } catch {
      // EBADF: already closed, nothing to release.
    }
  }
}

// Runs a kernel call of binding('fs'), throwing its errno as Node's error for `syscall`.
function kernelCall(syscall, call) {
  try {
    return call();
  } catch (error) {
    throw errors().bindingErrnoException(error, syscall);
  }
}

// The descriptors a child is started on. A pipe the child reads is pre-filled (never
// written by the parent) in `sync` mode: with the entry's `input`, else empty.
//
// Returns `childFds` (the child's 0, 1, 2, ... in order), `parentEnds` (per entry: the
// parent's end of a pipe, `{ read, write }` for the channel, else null) and `childOnly`
// (what the parent closes once the child holds it).
function openStdio(entries, sync) {
  const childFds = [];
  const parentEnds = [];
  const childOnly = [];
  const opened = [];
  const track = (fd) => {
    opened.push(fd);
    return fd;
  };
  try {
    entries.forEach((entry, i) => {
      let parentEnd = null;
      if (entry.type === 'ignore') {
        const flags = i === 0 ? OPEN_READ : OPEN_WRITE;
        const fd = track(kernelCall('open', () => fsBinding.open('/dev/null', flags, 0)));
        childFds.push(fd);
        childOnly.push(fd);
      } else if (entry.type === 'fd') {
        childFds.push(entry.fd);
      } else if (entry.type === 'ipc') {
        const [childRead, parentWrite] = newPipe(track);
        const [parentRead, childWrite] = newPipe(track);
        childFds.push(childRead, childWrite);
        childOnly.push(childRead, childWrite);
        parentEnd = { read: parentRead, write: parentWrite };
      } else if (i === 0 || entry.input !== undefined) {
        if (sync) {
          const fd = track(prefilledPipe(entry.input));
          childFds.push(fd);
          childOnly.push(fd);
        } else {
          const [childRead, parentWrite] = newPipe(track);
          childFds.push(childRead);
          childOnly.push(childRead);
          parentEnd = parentWrite;
        }
      } else {
        const [parentRead, childWrite] = newPipe(track);
        childFds.push(childWrite);
        childOnly.push(childWrite);
        parentEnd = parentRead;
      }
      parentEnds.push(parentEnd);
    });
  } catch (error) {
    closeAll(opened);
    throw error;
  }
  return { childFds, parentEnds, childOnly };
}

function newPipe(track) {
  const ends = kernelCall('pipe', () => fsBinding.pipe());
  ends.forEach(track);
  return ends;
}

// `input` is an ArrayBufferView (spawnSync encodes strings) or undefined.
function prefilledPipe(input) {
  const bytes = input === undefined ? new Uint8Array(0) :
    new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return kernelCall('pipe', () => fsBinding.pipeFrom(bytes));
}

// Every parent end in `parentEnds`.
function parentDescriptors(parentEnds) {
  return parentEnds.flatMap((end) => {
    if (end === null) return [];
    return typeof end === 'number' ? [end] : [end.read, end.write];
  });
}

// Opens the descriptors of `entries` and starts the child of the normalized spawn options
// (`file`, `args` with argv0 first, `cwd`, `detached`) on them, with `env` ('KEY=value'
// pairs). The parent keeps only its ends. Returns `{ pid, parentEnds }`, or
// `{ error }` (what the kernel threw) when the child could not start.
function startChild(options, entries, { sync, env }) {
  const { childFds, parentEnds, childOnly } = openStdio(entries, sync);
  try {
    const pid = native.spawn({
      // Arguments reach the child as strings, as Node converts them.
      argv: [options.file, ...options.args.slice(1).map(String)],
      env,
      // An empty cwd means the parent's, as libuv treats it.
      cwd: options.cwd || process.cwd(),
      stdin: childFds[0],
      stdout: childFds[1],
      stderr: childFds[2],
      extraFds: childFds.slice(3),
      detached: !!options.detached,
    });
    return { pid, parentEnds };
  } catch (error) {
    closeAll(parentDescriptors(parentEnds));
    return { error };
  } finally {
    closeAll(childOnly);
  }
}

module.exports = {
  stdioStringToArray,
  normalizeStdio,
  startChild,
  closeAll,
};
