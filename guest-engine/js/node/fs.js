// node:fs — the file system API over the kernel's VFS (binding('fs')): synchronous calls,
// their callback and promise forms, `Stats`, `Dirent`, and `FileHandle`. Every call goes to
// the kernel, which applies the runtime's permissions; errors carry Node's shape
// (`ENOENT: no such file or directory, open '/x'`, with errno, code, syscall, path).

const native = binding('fs');
const pathModule = require('path');

let BufferClass;
function Buffer() {
  BufferClass ??= require('buffer').Buffer;
  return BufferClass;
}

function errors() {
  return require('internal/errors');
}

const constants = Object.freeze({
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 0o100, O_EXCL: 0o200, O_NOCTTY: 0o400,
  O_TRUNC: 0o1000, O_APPEND: 0o2000, O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000,
  O_SYNC: 0o4010000, O_DSYNC: 0o10000, O_NONBLOCK: 0o4000, O_NOATIME: 0o1000000,
  S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o040000, S_IFCHR: 0o020000,
  S_IFBLK: 0o060000, S_IFIFO: 0o010000, S_IFLNK: 0o120000, S_IFSOCK: 0o140000,
  S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
  S_IRWXG: 0o70, S_IRGRP: 0o40, S_IWGRP: 0o20, S_IXGRP: 0o10,
  S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
  COPYFILE_EXCL: 1, COPYFILE_FICLONE: 2, COPYFILE_FICLONE_FORCE: 4,
  UV_FS_COPYFILE_EXCL: 1, UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2,
});

// Bits of binding('fs').open's flags argument.
const OPEN_READ = 1;
const OPEN_WRITE = 2;
const OPEN_CREATE = 4;
const OPEN_EXCLUSIVE = 8;
const OPEN_TRUNCATE = 16;
const OPEN_APPEND = 32;
const OPEN_DIRECTORY = 64;
const OPEN_NO_FOLLOW = 128;

const STRING_FLAGS = {
  r: OPEN_READ, rs: OPEN_READ, sr: OPEN_READ,
  'r+': OPEN_READ | OPEN_WRITE, 'rs+': OPEN_READ | OPEN_WRITE, 'sr+': OPEN_READ | OPEN_WRITE,
  w: OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE,
  wx: OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE | OPEN_EXCLUSIVE,
  xw: OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE | OPEN_EXCLUSIVE,
  'w+': OPEN_READ | OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE,
  'wx+': OPEN_READ | OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE | OPEN_EXCLUSIVE,
  'xw+': OPEN_READ | OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE | OPEN_EXCLUSIVE,
  a: OPEN_APPEND | OPEN_CREATE, as: OPEN_APPEND | OPEN_CREATE, sa: OPEN_APPEND | OPEN_CREATE,
  ax: OPEN_APPEND | OPEN_CREATE | OPEN_EXCLUSIVE, xa: OPEN_APPEND | OPEN_CREATE | OPEN_EXCLUSIVE,
  'a+': OPEN_READ | OPEN_APPEND | OPEN_CREATE, 'as+': OPEN_READ | OPEN_APPEND | OPEN_CREATE,
  'sa+': OPEN_READ | OPEN_APPEND | OPEN_CREATE,
  'ax+': OPEN_READ | OPEN_APPEND | OPEN_CREATE | OPEN_EXCLUSIVE,
  'xa+': OPEN_READ | OPEN_APPEND | OPEN_CREATE | OPEN_EXCLUSIVE,
};

function openFlags(flags = 'r') {
  if (typeof flags === 'string') {
    const bits = STRING_FLAGS[flags];
    if (bits === undefined) {
      throw new (errors().codes.ERR_INVALID_ARG_VALUE)('flags', flags);
    }
    return bits;
  }
  if (typeof flags !== 'number') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('flags', ['string', 'number'], flags);
  }
  const access = flags & 3;
  let bits = access === 0 ? OPEN_READ : access === 1 ? OPEN_WRITE : OPEN_READ | OPEN_WRITE;
  if (flags & constants.O_CREAT) bits |= OPEN_CREATE;
  if (flags & constants.O_EXCL) bits |= OPEN_EXCLUSIVE;
  if (flags & constants.O_TRUNC) bits |= OPEN_TRUNCATE;
  if (flags & constants.O_APPEND) bits |= OPEN_APPEND;
  if (flags & constants.O_DIRECTORY) bits |= OPEN_DIRECTORY;
  if (flags & constants.O_NOFOLLOW) bits |= OPEN_NO_FOLLOW;
  return bits;
}

function toPath(path, name = 'path') {
  if (path instanceof Uint8Array) {
    path = Buffer().from(path).toString();
  } else if (path !== null && typeof path === 'object' && path.href !== undefined &&
      path.protocol !== undefined) {
    path = require('url').fileURLToPath(path);
  } else if (typeof path !== 'string') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)(name, ['string', 'Buffer', 'URL'], path);
  }
  if (path.includes('\0')) {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)(name, path,
      'must be a string, Uint8Array, or URL without null bytes');
  }
  return path;
}

// A path the kernel returned, in the encoding the caller asked for ('buffer' for a Buffer).
function encodePath(path, encoding) {
  if (encoding === 'buffer') return Buffer().from(path);
  if (!encoding || /^utf-?8$/i.test(encoding)) return path;
  return Buffer().from(path).toString(encoding);
}

function modeOf(mode, fallback) {
  return mode === undefined || mode === null ? fallback : errors().parseFileMode(mode, 'mode');
}

// Set while a callback form called without its callback checks its arguments (Node
// validates them before the callback): `call` then stops before reaching the kernel.
let validatingOnly = false;
const kValidated = Symbol('kValidated');

// Calls `callback(...args)` on a later turn of the event loop, after pending ticks and
// promise reactions, as Node's thread-pool completions arrive; until then the call is an
// active request (process.getActiveResourcesInfo() lists it as 'FSReqCallback', as Node does).
function completeLater(callback, ...args) {
  const complete = require('internal/active_resources').trackRequest('FSReqCallback');
  require('internal/timers').completeRequestLater(() => {
    complete();
    callback(...args);
  });
}

// Calls a kernel native, turning its errno into Node's system error.
function call(syscall, path, dest, fn) {
  if (validatingOnly) throw kValidated;
  try {
    return fn();
  } catch (error) {
    if (error && typeof error.code === 'string' && /^E[A-Z0-9]+$/.test(error.code) &&
        error.message === error.code) {
      const wrapped = errors().errnoException(error.code, syscall, path, dest);
      if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(wrapped, call);
      throw wrapped;
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Stats and Dirent

const kNsPerMs = 1000000n;

function dateFromMs(ms) {
  return new Date(Math.floor(ms));
}

// The file type bits of a mode (a number, or a bigint in BigIntStats).
function fileType(mode) {
  return Number(mode) & constants.S_IFMT;
}

class StatsBase {
  isFile() { return fileType(this.mode) === constants.S_IFREG; }
  isDirectory() { return fileType(this.mode) === constants.S_IFDIR; }
  isSymbolicLink() { return fileType(this.mode) === constants.S_IFLNK; }
  isBlockDevice() { return fileType(this.mode) === constants.S_IFBLK; }
  isCharacterDevice() { return fileType(this.mode) === constants.S_IFCHR; }
  isFIFO() { return fileType(this.mode) === constants.S_IFIFO; }
  isSocket() { return fileType(this.mode) === constants.S_IFSOCK; }
}

const STAT_FIELDS = ['dev', 'ino', 'mode', 'nlink', 'uid', 'gid', 'rdev', 'size', 'blksize', 'blocks'];
const TIME_FIELDS = ['atime', 'mtime', 'ctime', 'birthtime'];

// Fills a Stats from `values`, in binding('fs') order (STAT_FIELDS, then the four times in ms).
function fillStats(stats, values) {
  STAT_FIELDS.forEach((field, i) => { stats[field] = values[i]; });
  TIME_FIELDS.forEach((field, i) => { stats[`${field}Ms`] = values[10 + i]; });
  TIME_FIELDS.forEach((field, i) => { stats[field] = dateFromMs(values[10 + i]); });
  return stats;
}

// fs.Stats, whose instances stat calls return. Constructing one directly, with Node's
// positional fields, is deprecated (DEP0180).
let statsDeprecationEmitted = false;
function Stats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
  atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
  if (!statsDeprecationEmitted) {
    statsDeprecationEmitted = true;
    process.emitWarning('fs.Stats constructor is deprecated.', 'DeprecationWarning', 'DEP0180');
  }
  return fillStats(new.target ? this : Object.create(Stats.prototype), [
    dev, ino, mode, nlink, uid, gid, rdev, size, blksize, blocks,
    atimeMs, mtimeMs, ctimeMs, birthtimeMs,
  ]);
}
Object.setPrototypeOf(Stats.prototype, StatsBase.prototype);

class BigIntStats extends StatsBase {
  constructor(values) {
    super();
    STAT_FIELDS.forEach((field, i) => { this[field] = BigInt(values[i]); });
    TIME_FIELDS.forEach((field, i) => {
      const ms = values[10 + i];
      this[`${field}Ms`] = BigInt(Math.floor(ms));
      this[`${field}Ns`] = BigInt(Math.floor(ms)) * kNsPerMs +
        BigInt(Math.round((ms % 1) * 1e6));
      this[field] = dateFromMs(ms);
    });
  }
}

function makeStats(values, options) {
  return options && options.bigint ? new BigIntStats(values) :
    fillStats(Object.create(Stats.prototype), values);
}

const DIRENT_TYPES = { 0: constants.S_IFSOCK, 1: constants.S_IFREG, 2: constants.S_IFDIR, 3: constants.S_IFLNK };

class Dirent extends StatsBase {
  constructor(name, kind, parentPath) {
    super();
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    Object.defineProperty(this, 'mode', { value: DIRENT_TYPES[kind], enumerable: false });
  }
}

// ---------------------------------------------------------------------------------------
// Synchronous API

// An options argument as Node's getOptions reads it: absent (or a callback) gives
// `defaults`, a string is the encoding, anything else must be an object; the encoding and
// signal are validated.
function getOptions(options, defaults = {}) {
  if (options == null || typeof options === 'function') return defaults;
  if (typeof options === 'string') {
    options = { ...defaults, encoding: options };
  } else if (typeof options !== 'object') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('options', ['string', 'Object'], options);
  }
  const { encoding, signal } = options;
  if (encoding && encoding !== 'buffer' && !Buffer().isEncoding(encoding)) {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)(encoding, 'encoding', 'is invalid encoding');
  }
  if (signal !== undefined) errors().validateAbortSignal(signal, 'options.signal');
  return options;
}

function encodingOf(options, fallback) {
  return getOptions(options).encoding ?? fallback;
}

// Everything left to read on `fd`, to end of file.
function readToEnd(fd) {
  const chunks = [];
  for (;;) {
    const chunk = call('read', undefined, undefined, () => native.read(fd, 65536, null));
    if (chunk.length === 0) break;
    chunks.push(chunk);
  }
  return Buffer().concat(chunks);
}

function readFileSync(path, options) {
  const opts = getOptions(options, { flag: 'r' });
  const encoding = opts.encoding ?? null;
  const flag = opts.flag || 'r';
  let bytes;
  if (typeof path === 'number') {
    bytes = readToEnd(path);
  } else {
    const file = toPath(path);
    if (file.startsWith('/dev/') || flag !== 'r') {
      // Devices (`/dev/stdin`, `/dev/fd/3`, ...) are streams, and other flags may create
      // or truncate the file: read through a descriptor.
      const fd = openSync(file, flag);
      try {
        bytes = readToEnd(fd);
      } finally {
        closeSync(fd);
      }
    } else {
      const data = call('open', file, undefined, () => native.readFile(file));
      bytes = Buffer().from(data.buffer, data.byteOffset, data.byteLength);
    }
  }
  return encoding && encoding !== 'buffer' ? bytes.toString(encoding) : bytes;
}

function dataBytes(data, encoding) {
  if (typeof data === 'string') return Buffer().from(data, encoding || 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new (errors().codes.ERR_INVALID_ARG_TYPE)('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
}

function writeFileSync(path, data, options) {
  const opts = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w', flush: false });
  const flush = opts.flush ?? false;
  errors().validateBoolean(flush, 'options.flush');
  const flag = opts.flag || 'w';
  const mode = modeOf(opts.mode, 0o666);
  const bytes = dataBytes(data, opts.encoding);
  if (typeof path === 'number') {
    writeAll(path, bytes);
    if (flush) module.exports.fsyncSync(path);
    return;
  }
  const file = toPath(path);
  if (!flush && (flag === 'w' || flag === 'a')) {
    call('open', file, undefined, () => native.writeFile(file, bytes, flag === 'a', mode));
    return;
  }
  const fd = openSync(file, flag, mode);
  try {
    writeAll(fd, bytes);
    if (flush) module.exports.fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd, bytes) {
  let offset = 0;
  while (offset < bytes.length) {
    offset += call('write', undefined, undefined, () => native.write(fd, bytes.subarray(offset), null));
  }
}

function appendFileSync(path, data, options) {
  const opts = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  writeFileSync(path, data, { ...opts, flag: opts.flag || 'a' });
}

function existsSync(path) {
  try {
    native.access(toPath(path), 0);
    return true;
  } catch {
    return false;
  }
}

function statSync(path, options) {
  const file = toPath(path);
  try {
    return makeStats(call('stat', file, undefined, () => native.stat(file)), options);
  } catch (error) {
    if (options && options.throwIfNoEntry === false && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function lstatSync(path, options) {
  const file = toPath(path);
  try {
    return makeStats(call('lstat', file, undefined, () => native.lstat(file)), options);
  } catch (error) {
    if (options && options.throwIfNoEntry === false && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function fstatSync(fd, options) {
  validateFd(fd);
  return makeStats(call('fstat', undefined, undefined, () => native.fstat(fd)), options);
}

function readdirSync(path, options) {
  const dir = toPath(path);
  const withFileTypes = Boolean(options && options.withFileTypes);
  const recursive = Boolean(options && options.recursive);
  const encoding = encodingOf(options, 'utf8');
  const results = [];
  const visit = (current, prefix) => {
    const listing = call('scandir', current, undefined, () => native.readdir(current));
    listing.names.forEach((name, i) => {
      const kind = listing.kinds[i];
      const relative = prefix ? `${prefix}/${name}` : name;
      results.push(withFileTypes ? new Dirent(name, kind, current) : relative);
      if (recursive && kind === 2) visit(pathModule.join(current, name), relative);
    });
  };
  visit(dir, '');
  return withFileTypes ? results : results.map((name) => encodePath(name, encoding));
}

function mkdirSync(path, options) {
  const dir = toPath(path);
  const recursive = typeof options === 'object' && options !== null && Boolean(options.recursive);
  const mode = modeOf(typeof options === 'object' && options !== null ? options.mode : options, 0o777);
  const first = call('mkdir', dir, undefined, () => {
    try {
      return native.mkdir(dir, mode, recursive);
    } catch (error) {
      // Node reports a recursive mkdir onto an existing file as EEXIST, not ENOTDIR.
      if (recursive && error.code === 'ENOTDIR' && existsSync(dir)) error.code = error.message = 'EEXIST';
      throw error;
    }
  });
  return recursive ? first ?? undefined : undefined;
}

function mkdtempSync(prefix, options) {
  const encoding = encodingOf(options, 'utf8');
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  for (let attempt = 0; ; attempt++) {
    const bytes = require('crypto').randomBytes(6);
    const suffix = Array.from(bytes, (b) => chars[b % chars.length]).join('');
    const dir = `${toPath(prefix, 'prefix')}${suffix}`;
    try {
      call('mkdtemp', `${prefix}XXXXXX`, undefined, () => native.mkdir(dir, 0o700, false));
      return encodePath(dir, encoding);
    } catch (error) {
      if (error.code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

function rmdirSync(path, options) {
  const dir = toPath(path);
  if (options && options.recursive) {
    const stat = call('rmdir', dir, undefined, () => native.lstat(dir));
    if ((stat[2] & constants.S_IFMT) !== constants.S_IFDIR) {
      throw errors().errnoException('ENOTDIR', 'rmdir', dir);
    }
    rmSync(dir, { recursive: true, force: false });
    return;
  }
  call('rmdir', dir, undefined, () => native.rmdir(dir));
}

function rmSync(path, options = {}) {
  const target = toPath(path);
  let stat;
  try {
    stat = call('rm', target, undefined, () => native.lstat(target));
  } catch (error) {
    if (error.code === 'ENOENT' && options.force) return;
    throw error;
  }
  const isDirectory = (stat[2] & constants.S_IFMT) === constants.S_IFDIR;
  if (!isDirectory) {
    call('rm', target, undefined, () => native.unlink(target));
    return;
  }
  if (!options.recursive) {
    const error = new (errors().SystemError)('ERR_FS_EISDIR', {
      code: 'EISDIR', message: 'is a directory', path: target, syscall: 'rm', errno: 21,
    });
    throw error;
  }
  const listing = call('scandir', target, undefined, () => native.readdir(target));
  for (const name of listing.names) rmSync(pathModule.join(target, name), options);
  call('rmdir', target, undefined, () => native.rmdir(target));
}

function unlinkSync(path) {
  const file = toPath(path);
  call('unlink', file, undefined, () => native.unlink(file));
}

function renameSync(oldPath, newPath) {
  const from = toPath(oldPath, 'oldPath');
  const to = toPath(newPath, 'newPath');
  call('rename', from, to, () => native.rename(from, to));
}

function linkSync(existingPath, newPath) {
  const from = toPath(existingPath, 'existingPath');
  const to = toPath(newPath, 'newPath');
  call('link', from, to, () => native.link(from, to));
}

function symlinkSync(target, path, type) {
  if (type != null && type !== 'dir' && type !== 'file' && type !== 'junction') {
    throw new (errors().codes.ERR_FS_INVALID_SYMLINK_TYPE)(type);
  }
  const to = toPath(target, 'target');
  const file = toPath(path);
  call('symlink', to, file, () => native.symlink(to, file));
}

function readlinkSync(path, options) {
  const encoding = encodingOf(options, 'utf8');
  const file = toPath(path);
  const target = call('readlink', file, undefined, () => native.readlink(file));
  return encodePath(target, encoding);
}

function realpathSync(path, options) {
  const encoding = encodingOf(options, 'utf8');
  const file = toPath(path);
  const real = call('realpath', file, undefined, () => native.realpath(file));
  return encodePath(real, encoding);
}
realpathSync.native = realpathSync;

function copyFileSync(src, dest, copyMode) {
  const from = toPath(src, 'src');
  const to = toPath(dest, 'dest');
  const mode = validMode(copyMode, 0);
  const data = call('copyfile', from, to, () => native.readFile(from));
  const exclusive = (mode & constants.COPYFILE_EXCL) !== 0;
  const sourceMode = native.stat(from)[2] & 0o7777;
  call('copyfile', from, to, () => {
    const fd = native.open(to, OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE |
      (exclusive ? OPEN_EXCLUSIVE : 0), sourceMode);
    try {
      native.write(fd, data, null);
    } finally {
      native.close(fd);
    }
  });
}

function cpSync(src, dest, options = {}) {
  const from = toPath(src, 'src');
  const to = toPath(dest, 'dest');
  const stat = lstatSync(from);
  if (stat.isDirectory()) {
    if (!options.recursive) {
      const error = new Error(`Recursive option is required to copy a directory: ${from}`);
      error.code = 'ERR_FS_EISDIR';
      throw error;
    }
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      cpSync(pathModule.join(from, name), pathModule.join(to, name), options);
    }
  } else if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
  } else {
    if (options.force === false && existsSync(to)) {
      if (options.errorOnExist) {
        const error = new Error(`Target already exists: cp returned EEXIST (${to} already exists)`);
        error.code = 'ERR_FS_CP_EEXIST';
        throw error;
      }
      return;
    }
    copyFileSync(from, to);
  }
}

function chmodSync(path, mode) {
  const file = toPath(path);
  const bits = errors().parseFileMode(mode, 'mode');
  call('chmod', file, undefined, () => native.chmod(file, bits));
}

// A time argument in seconds (Node's toUnixTimestamp): a number (negative means now), a
// numeric string or a Date.
function toUnixTimestamp(time, name = 'time') {
  if (typeof time === 'string' && +time == time) return +time;
  if (Number.isFinite(time)) return time < 0 ? Date.now() / 1000 : time;
  if (time instanceof Date) return time.getTime() / 1000;
  throw new (errors().codes.ERR_INVALID_ARG_TYPE)(name, ['Date', 'Time in seconds'], time);
}

function toTimeMs(time, name) {
  return toUnixTimestamp(time, name) * 1000;
}

function utimesSync(path, atime, mtime) {
  const file = toPath(path);
  const a = toTimeMs(atime, 'atime');
  const m = toTimeMs(mtime, 'mtime');
  call('utime', file, undefined, () => native.utimes(file, a, m));
}

function lutimesSync(path, atime, mtime) {
  const file = toPath(path);
  const a = toTimeMs(atime, 'atime');
  const m = toTimeMs(mtime, 'mtime');
  call('lutime', file, undefined, () => native.lutimes(file, a, m));
}

function futimesSync(fd, atime, mtime) {
  errors().validateInt32(fd, 'fd', 0);
  const a = toTimeMs(atime, 'atime');
  const m = toTimeMs(mtime, 'mtime');
  call('futime', undefined, undefined, () => native.futimes(fd, a, m));
}

function fchmodSync(fd, mode) {
  errors().validateInt32(fd, 'fd', 0);
  const bits = errors().parseFileMode(mode, 'mode');
  call('fchmod', undefined, undefined, () => native.fchmod(fd, bits));
}

function truncateSync(path, len = 0) {
  if (typeof path === 'number') return ftruncateSync(path, len);
  const file = toPath(path);
  errors().validateInteger(len, 'len');
  call('open', file, undefined, () => native.truncate(file, Math.max(0, len)));
  return undefined;
}

function ftruncateSync(fd, len = 0) {
  errors().validateInt32(fd, 'fd', 0);
  errors().validateInteger(len, 'len');
  call('ftruncate', undefined, undefined, () => native.ftruncate(fd, Math.max(0, len)));
}

// An access or copy mode: absent means the default, else an integer from 0 to 7.
function validMode(mode, fallback) {
  if (mode == null) return fallback;
  errors().validateInteger(mode, 'mode', 0, 7);
  return mode;
}

function accessSync(path, mode) {
  const file = toPath(path);
  const bits = validMode(mode, constants.F_OK);
  call('access', file, undefined, () => native.access(file, bits));
}

function openSync(path, flags = 'r', mode = 0o666) {
  const file = toPath(path);
  const bits = openFlags(flags);
  const createMode = modeOf(mode, 0o666);
  return call('open', file, undefined, () => native.open(file, bits, createMode));
}

function closeSync(fd) {
  validateFd(fd);
  call('close', undefined, undefined, () => native.close(fd));
}

function validateFd(fd) {
  errors().validateInt32(fd, 'fd', 0);
  return fd;
}

// The largest position the kernel binding carries exactly (positions travel as doubles).
const MAX_EXACT_POSITION = Number.MAX_SAFE_INTEGER;

// A read or write position as the kernel takes it: a number, or null for "at the file
// offset" (null, undefined, -1 and -1n). Validated as Node does: an integer >= -1, or a bigint
// no larger than 2^63 - 1 - length. A valid bigint past what the binding carries exactly
// stays a bigint: the read or write itself then fails with EOVERFLOW (see `checkPosition`).
function kernelPosition(position, length) {
  if (position === null || position === undefined) return null;
  if (typeof position === 'number') {
    errors().validateInteger(position, 'position', -1);
    return position === -1 ? null : position;
  }
  if (typeof position === 'bigint') {
    const max = 2n ** 63n - 1n - BigInt(length);
    if (!(position >= -1n && position <= max)) {
      throw new (errors().codes.ERR_OUT_OF_RANGE)('position', `>= -1 && <= ${max}`, position);
    }
    if (position === -1n) return null;
    return position > BigInt(MAX_EXACT_POSITION) ? position : Number(position);
  }
  throw new (errors().codes.ERR_INVALID_ARG_TYPE)('position', ['integer', 'bigint'], position);
}

// Node's checks of a read's offset and length against its buffer.
function validateReadRange(buffer, offset, length) {
  const { validateInteger, codes } = errors();
  if (offset == null) {
    offset = 0;
  } else {
    validateInteger(offset, 'offset', 0);
  }
  length |= 0;
  if (length === 0) return { offset, length };
  if (buffer.byteLength === 0) {
    throw new codes.ERR_INVALID_ARG_VALUE('buffer', buffer, 'is empty and cannot be written');
  }
  if (length < 0) throw new codes.ERR_OUT_OF_RANGE('length', '>= 0', length);
  if (offset + length > buffer.byteLength) {
    throw new codes.ERR_OUT_OF_RANGE('length', `<= ${buffer.byteLength - offset}`, length);
  }
  return { offset, length };
}

// Reads up to `length` bytes at `position` into `buffer` at `offset` (all validated).
function readInto(fd, buffer, offset, length, position) {
  if (length === 0) return 0;
  checkPosition(position, 'read');
  const data = call('read', undefined, undefined, () => native.read(fd, length, position));
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).set(data, offset);
  return data.length;
}

// `{ offset, length, position }` read from an options object, with Node's defaults.
function readOptions(buffer, options) {
  errors().validateObject(options, 'options', errors().kValidateObjectAllowNullable);
  const {
    offset = 0,
    length = buffer?.byteLength - offset,
    position = null,
  } = options ?? {};
  return { offset, length, position };
}

function readSync(fd, buffer, offsetOrOptions, length, position) {
  validateFd(fd);
  errors().validateBuffer(buffer);
  let offset = offsetOrOptions;
  if (arguments.length <= 3 || typeof offsetOrOptions === 'object') {
    ({ offset, length, position } = readOptions(buffer, offsetOrOptions ?? null));
  }
  if (offset === undefined) offset = 0;
  const range = validateReadRange(buffer, offset, length);
  if (range.length === 0) return 0;
  const at = kernelPosition(position, range.length);
  return readInto(fd, buffer, range.offset, range.length, at);
}

// fs.read(fd, buffer, offset, length, position, cb), fs.read(fd, buffer, options, cb),
// fs.read(fd, options, cb) and fs.read(fd, cb); the callback gets (err, bytesRead, buffer).
function read(fd, buffer, offsetOrOptions, length, position, callback) {
  validateFd(fd);
  let offset = offsetOrOptions;
  if (arguments.length <= 4) {
    let options = null;
    if (arguments.length === 4) {
      errors().validateObject(offsetOrOptions, 'options', errors().kValidateObjectAllowNullable);
      callback = length;
      options = offsetOrOptions;
    } else if (arguments.length === 3) {
      if (!ArrayBuffer.isView(buffer)) {
        options = buffer;
        ({ buffer = Buffer().alloc(16384) } = options ?? {});
      }
      callback = offsetOrOptions;
    } else {
      callback = buffer;
      buffer = Buffer().alloc(16384);
    }
    ({ offset, length, position } = readOptions(buffer, options));
  }
  errors().validateBuffer(buffer);
  errors().validateFunction(callback, 'cb');
  const range = validateReadRange(buffer, offset, length);
  const at = range.length === 0 ? null : kernelPosition(position, range.length);
  let bytesRead;
  try {
    bytesRead = readInto(fd, buffer, range.offset, range.length, at);
  } catch (error) {
    completeLater(callback, error);
    return;
  }
  completeLater(callback, null, bytesRead, buffer);
}

function validateWriteRange(offset, length, byteLength) {
  const { codes } = errors();
  if (offset > byteLength) throw new codes.ERR_OUT_OF_RANGE('offset', `<= ${byteLength}`, offset);
  if (length > byteLength - offset) {
    throw new codes.ERR_OUT_OF_RANGE('length', `<= ${byteLength - offset}`, length);
  }
  if (length < 0) throw new codes.ERR_OUT_OF_RANGE('length', '>= 0', length);
  errors().validateInt32(length, 'length', 0);
}

// Checks a string to write and its encoding; returns its bytes. As in Node, an encoding that
// is not one falls back to UTF-8.
function stringBytes(data, encoding) {
  if (typeof data !== 'string') {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)(
      'buffer', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  if (typeof encoding === 'string' && /^hex$/i.test(encoding) && data.length % 2 !== 0) {
    throw new (errors().codes.ERR_INVALID_ARG_VALUE)(
      'encoding', encoding, `is invalid for data of length ${data.length}`);
  }
  return Buffer().from(data, Buffer().isEncoding(encoding) ? encoding : 'utf8');
}

// The bytes and position of a write of a buffer view: `(buffer, offset, length, position)`
// or `(buffer, { offset, length, position })`.
function bufferWrite(buffer, offset, length, position) {
  if (offset !== null && typeof offset === 'object') {
    ({
      offset = 0,
      length = buffer.byteLength - offset,
      position = null,
    } = offset);
  }
  if (offset == null || typeof offset === 'function') {
    offset = 0;
  } else {
    errors().validateInteger(offset, 'offset', 0);
  }
  if (typeof length !== 'number') length = buffer.byteLength - offset;
  validateWriteRange(offset, length, buffer.byteLength);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
  return { bytes, position: typeof position === 'number' ? kernelPosition(position, length) : null };
}

// A position `kernelPosition` left as a bigint cannot reach the kernel.
function checkPosition(position, syscall) {
  if (typeof position === 'bigint') throw errors().errnoException('EOVERFLOW', syscall);
}

function writeBytes(fd, bytes, position) {
  checkPosition(position, 'write');
  return call('write', undefined, undefined, () => native.write(fd, bytes, position));
}

function writeSync(fd, buffer, offsetOrOptions, length, position) {
  validateFd(fd);
  if (ArrayBuffer.isView(buffer)) {
    const write = bufferWrite(buffer, offsetOrOptions, length, position);
    return writeBytes(fd, write.bytes, write.position);
  }
  const bytes = stringBytes(buffer, length);
  const at = typeof offsetOrOptions === 'number' ? kernelPosition(offsetOrOptions, 0) : null;
  return writeBytes(fd, bytes, at);
}

// fs.write(fd, buffer[, offset[, length[, position]]], cb), fs.write(fd, buffer, options, cb)
// and fs.write(fd, string[, position[, encoding]], cb); the callback gets
// (err, bytesWritten, buffer).
function write(fd, buffer, offsetOrOptions, length, position, callback) {
  validateFd(fd);
  let bytes;
  let at;
  if (ArrayBuffer.isView(buffer)) {
    callback = callback || position || length || offsetOrOptions;
    errors().validateFunction(callback, 'cb');
    ({ bytes, position: at } = bufferWrite(buffer, offsetOrOptions, length, position));
  } else {
    let encoding = length;
    if (typeof position !== 'function') {
      if (typeof offsetOrOptions === 'function') {
        position = offsetOrOptions;
        offsetOrOptions = null;
      } else {
        position = length;
      }
      encoding = 'utf8';
    }
    bytes = stringBytes(buffer, encoding);
    callback = position;
    errors().validateFunction(callback, 'cb');
    at = typeof offsetOrOptions === 'number' ? kernelPosition(offsetOrOptions, 0) : null;
  }
  let written;
  try {
    written = writeBytes(fd, bytes, at);
  } catch (error) {
    completeLater(callback, error, 0, buffer);
    return;
  }
  completeLater(callback, null, written, buffer);
}

// The kernel's writes are durable when they return: syncing only checks the descriptor.
function fsyncSync(fd) {
  errors().validateInt32(fd, 'fd', 0);
  call('fsync', undefined, undefined, () => native.fstat(fd));
}

function buffersArgument(buffers) {
  if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
    throw new (errors().codes.ERR_INVALID_ARG_TYPE)('buffers', 'ArrayBufferView[]', buffers);
  }
  return buffers;
}

function positionArgument(position) {
  if (typeof position === 'bigint') position = Number(position);
  return typeof position === 'number' && position >= 0 ? position : null;
}

// Fills `buffers` in order from one read of their total size.
function readvSync(fd, buffers, position) {
  validateFd(fd);
  buffersArgument(buffers);
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const data = call('read', undefined, undefined, () => native.read(fd, total, positionArgument(position)));
  let offset = 0;
  for (const b of buffers) {
    if (offset >= data.length) break;
    const part = data.subarray(offset, offset + b.byteLength);
    new Uint8Array(b.buffer, b.byteOffset, b.byteLength).set(part);
    offset += part.length;
  }
  return data.length;
}

function writevSync(fd, buffers, position) {
  validateFd(fd);
  buffersArgument(buffers);
  const bytes = Buffer().concat(buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
  const at = positionArgument(position);
  if (at === null) {
    writeAll(fd, bytes);
  } else {
    let written = 0;
    while (written < bytes.length) {
      written += call('write', undefined, undefined,
        () => native.write(fd, bytes.subarray(written), at + written));
    }
  }
  return bytes.length;
}

// The kernel has no ownership changes: like an unprivileged process on Linux, a caller may
// "change" a file to its current owner and group (or -1, unchanged) and gets EPERM otherwise.
function chownWith(statFn, syscall, target, uid, gid, path) {
  const { validateInteger } = errors();
  validateInteger(uid, 'uid', -1, 4294967295);
  validateInteger(gid, 'gid', -1, 4294967295);
  const stat = call(syscall, path, undefined, () => statFn(target));
  if ((uid !== -1 && uid !== stat[4]) || (gid !== -1 && gid !== stat[5])) {
    call(syscall, path, undefined, () => {
      const error = new Error('EPERM');
      error.code = 'EPERM';
      throw error;
    });
  }
}

function chownSync(path, uid, gid) {
  const file = toPath(path);
  chownWith(native.stat, 'chown', file, uid, gid, file);
}

function lchownSync(path, uid, gid) {
  const file = toPath(path);
  chownWith(native.lstat, 'lchown', file, uid, gid, file);
}

function fchownSync(fd, uid, gid) {
  errors().validateInt32(fd, 'fd', 0);
  chownWith(native.fstat, 'fchown', fd, uid, gid, undefined);
}

// The kernel reports no file system statistics: the path is validated as Node does, then
// the call fails with ERR_METHOD_NOT_IMPLEMENTED.
function statfsSync(path) {
  toPath(path);
  throw new (errors().codes.ERR_METHOD_NOT_IMPLEMENTED)('statfs()');
}

async function openAsBlob(path, options = {}) {
  const { validateObject, validateString } = errors();
  validateObject(options, 'options');
  const type = options.type ?? '';
  validateString(type, 'options.type');
  const { Blob } = require('internal/blob');
  return new Blob([readFileSync(toPath(path))], { type });
}

function listDirents(dir) {
  const listing = call('opendir', dir, undefined, () => native.readdir(dir));
  return listing.names.map((name, i) => new Dirent(name, listing.kinds[i], dir));
}

function opendirSync(path, options) {
  const { Dir, validateDirOptions } = require('internal/fs/dir');
  const opts = validateDirOptions(options);
  return new Dir(toPath(path), listDirents, opts);
}

// ---------------------------------------------------------------------------------------
// Callback and promise forms

const SYNC_FUNCTIONS = {
  access: accessSync, appendFile: appendFileSync, chmod: chmodSync, close: closeSync,
  copyFile: copyFileSync, cp: cpSync, fstat: fstatSync, fsync: fsyncSync,
  fdatasync: fsyncSync, ftruncate: ftruncateSync, link: linkSync, lstat: lstatSync,
  mkdir: mkdirSync, mkdtemp: mkdtempSync, open: openSync, read: readSync,
  readdir: readdirSync, readFile: readFileSync, readlink: readlinkSync,
  realpath: realpathSync, rename: renameSync, rm: rmSync, rmdir: rmdirSync, stat: statSync,
  symlink: symlinkSync, truncate: truncateSync, unlink: unlinkSync, utimes: utimesSync,
  write: writeSync, writeFile: writeFileSync, readv: readvSync, writev: writevSync,
  chown: chownSync, lchown: lchownSync, fchown: fchownSync, opendir: opendirSync,
  fchmod: fchmodSync, futimes: futimesSync, lutimes: lutimesSync, statfs: statfsSync,
};

// Callback forms whose arguments shift with their number.
const CALLBACK_FUNCTIONS = { read, write };

// The callback's name in Node's argument errors, where it is not 'cb'.
const CALLBACK_NAMES = { cp: 'callback', opendir: 'callback' };

// Runs `syncFn` in validation mode: it throws what Node's argument checks throw and stops
// before its first kernel call.
function validateArguments(syncFn, args) {
  validatingOnly = true;
  try {
    syncFn(...args);
  } catch (error) {
    if (error !== kValidated) throw error;
  } finally {
    validatingOnly = false;
  }
}

// Where the options argument (which may hold an AbortSignal) sits, for the calls that take one.
const SIGNAL_OPTIONS = { readFile: 1, writeFile: 2, appendFile: 2 };

function abortError(signal) {
  return new (errors().AbortError)(undefined, { cause: signal.reason });
}

// `fs.x(...args, callback)`: invalid arguments throw at the call, as Node validates before
// it schedules work. The kernel call is synchronous and runs at once, or, for calls taking
// an AbortSignal, on the next turn of the event loop so an abort made meanwhile cancels it.
// Its outcome always reaches the callback on a later tick.
function callbackForm(name, syncFn) {
  const finish = (callback, args) => {
    let result;
    try {
      result = syncFn(...args);
    } catch (error) {
      return () => callback(error);
    }
    if (name === 'readv' || name === 'writev') return () => callback(null, result, args[1]);
    return result === undefined ? () => callback(null) : () => callback(null, result);
  };
  const wrapper = {
    [name](...args) {
      const callback = args.at(-1);
      if (typeof callback === 'function') args.pop();
      validateArguments(syncFn, args);
      if (typeof callback !== 'function') {
        throw new (errors().codes.ERR_INVALID_ARG_TYPE)(CALLBACK_NAMES[name] ?? 'cb', 'function', callback);
      }
      if (SIGNAL_OPTIONS[name] === undefined) {
        completeLater(finish(callback, args));
        return;
      }
      const signal = args[SIGNAL_OPTIONS[name]]?.signal;
      const complete = require('internal/active_resources').trackRequest('FSReqCallback');
      setImmediate(() => {
        complete();
        if (signal?.aborted) {
          callback(abortError(signal));
        } else if (name !== 'readFile' && getOptions(args[2]).flush === true) {
          writeFileFlushed(args[0], args[1], getOptions(args[2]), name === 'appendFile' ? 'a' : 'w', callback);
        } else {
          finish(callback, args)();
        }
      });
    },
  };
  return wrapper[name];
}

// fs.writeFile/appendFile with `flush: true`: as in Node, the data goes through a descriptor
// that fs.fsync syncs before it is closed (a caller's own descriptor stays open).
function writeFileFlushed(file, data, options, defaultFlag, callback) {
  let fd;
  const done = (error) => {
    if (fd !== undefined && fd !== file) {
      try {
        closeSync(fd);
      } catch (closeError) {
        error ??= closeError;
      }
    }
    callback(error ?? null);
  };
  try {
    fd = typeof file === 'number' ? file : openSync(file, options.flag || defaultFlag, modeOf(options.mode, 0o666));
    writeAll(fd, dataBytes(data, options.encoding));
  } catch (error) {
    done(error);
    return;
  }
  module.exports.fsync(fd, done);
}

function exists(path, callback) {
  const result = existsSync(path);
  process.nextTick(callback, result);
}

// The promise API's open file: an EventEmitter that emits 'close' once its descriptor is
// closed, with stream and line-reading helpers over it.
class FileHandle extends require('events') {
  constructor(fd) {
    super();
    this._fd = fd;
  }

  get fd() {
    return this._fd;
  }

  #checkOpen(syscall) {
    if (this._fd === -1) {
      throw Object.assign(new Error('file closed'), { code: 'EBADF', syscall });
    }
  }

  async readFile(options) { this.#checkOpen('read'); return readFilePromise(this._fd, options); }
  async writeFile(data, options) { this.#checkOpen('write'); return writeFilePromise(this._fd, data, options, 'w'); }
  async appendFile(data, options) { this.#checkOpen('write'); return writeFilePromise(this._fd, data, options, 'a'); }
  async stat(options) { this.#checkOpen('fstat'); return fstatSync(this._fd, options); }
  async truncate(len) { this.#checkOpen('ftruncate'); return ftruncateSync(this._fd, len); }
  async chown(uid, gid) { this.#checkOpen('fchown'); return fchownSync(this._fd, uid, gid); }
  async chmod(mode) { this.#checkOpen('fchmod'); return fchmodSync(this._fd, mode); }
  async utimes(atime, mtime) { this.#checkOpen('futime'); return futimesSync(this._fd, atime, mtime); }
  async sync() { this.#checkOpen('fsync'); }
  async datasync() { this.#checkOpen('fdatasync'); }

  async read(buffer, offset, length, position) {
    this.#checkOpen('read');
    if (buffer !== null && typeof buffer === 'object' && !ArrayBuffer.isView(buffer)) {
      ({ buffer, offset, length, position } = buffer);
    }
    buffer ??= Buffer().alloc(16384);
    if (offset !== null && typeof offset === 'object') ({ offset, length, position } = offset);
    offset ??= 0;
    length ??= buffer.byteLength - offset;
    const bytesRead = readSync(this._fd, buffer, offset, length, position);
    return { bytesRead, buffer };
  }

  async readv(buffers, position) {
    this.#checkOpen('read');
    return { bytesRead: readvSync(this._fd, buffers, position), buffers };
  }

  // write(buffer[, offset[, length[, position]]]), write(buffer, options) or
  // write(string[, position[, encoding]]).
  async write(buffer, offset, length, position) {
    this.#checkOpen('write');
    const bytesWritten = ArrayBuffer.isView(buffer) ?
      writeSync(this._fd, buffer, offset, length, position) :
      writeSync(this._fd, buffer, offset, length);
    return { bytesWritten, buffer };
  }

  async writev(buffers, position) {
    this.#checkOpen('write');
    return { bytesWritten: writevSync(this._fd, buffers, position), buffers };
  }

  async close() {
    if (this._fd !== -1) {
      closeSync(this._fd);
      this._fd = -1;
      this.emit('close');
    }
  }

  createReadStream(options) {
    return new ReadStream(undefined, { ...options, fd: this });
  }

  createWriteStream(options) {
    return new WriteStream(undefined, { ...options, fd: this });
  }

  readLines(options) {
    return require('readline').createInterface({
      input: this.createReadStream(options),
      crlfDelay: Infinity,
    });
  }

  readableWebStream() {
    this.#checkOpen('read');
    const { Readable } = require('stream');
    return Readable.toWeb(this.createReadStream({ autoClose: false }));
  }

  async [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]() {
    await this.close();
  }
}

const promises = { constants };
for (const [name, syncFn] of Object.entries(SYNC_FUNCTIONS)) {
  if (['close', 'fstat', 'fsync', 'fdatasync', 'ftruncate', 'fchown', 'fchmod', 'futimes', 'read',
    'write', 'readv', 'writev', 'readFile', 'writeFile', 'appendFile'].includes(name)) continue;
  promises[name] = async (...args) => {
    await ioTurn();
    return syncFn(...args);
  };
}
promises.readFile = (path, options) => readFilePromise(path, options);
promises.writeFile = (file, data, options) => writeFilePromise(file, data, options, 'w');
promises.appendFile = (file, data, options) => writeFilePromise(file, data, options, 'a');
promises.open = async (path, flags, mode) => {
  await ioTurn();
  return new FileHandle(openSync(path, flags, mode));
};
promises.FileHandle = FileHandle;
promises.watch = (filename, options) => {
  options = getOptions(options);
  return watchAsync(watchOpener(filename, options), options);
};

// The promise API works on a later turn of the event loop, as Node's (run on its thread
// pool) does: process.nextTick callbacks queued after a call run before its work.
function ioTurn() {
  return new Promise((resolve) => { setImmediate(resolve); });
}

// A promise API `file` argument: a FileHandle stands for its descriptor.
function fileArgument(file) {
  return file instanceof FileHandle ? file.fd : file;
}

function throwIfAborted(signal) {
  if (signal?.aborted) throw abortError(signal);
}

// fsPromises.readFile and FileHandle.readFile (which reads from the handle's position); an
// abort made before the read's turn cancels it.
async function readFilePromise(file, options) {
  const { signal } = getOptions(options);
  throwIfAborted(signal);
  validateArguments(readFileSync, [fileArgument(file), options]);
  await ioTurn();
  throwIfAborted(signal);
  return readFileSync(fileArgument(file), options);
}

// Data written chunk by chunk: an iterable or async iterable (a stream, say) that is not a
// string or a buffer view.
function isChunkSource(data) {
  return data !== null && typeof data === 'object' && !ArrayBuffer.isView(data) &&
    (typeof data[Symbol.asyncIterator] === 'function' || typeof data[Symbol.iterator] === 'function');
}

// fsPromises.writeFile/appendFile and FileHandle.writeFile/appendFile: `file` is a path, a
// FileHandle or a descriptor (written at its position); `data` a string, a buffer view or a
// source of such chunks, written as they come. Like Node's, the write checks the AbortSignal
// before it starts and after each chunk (each completing on a later turn of the loop), so an
// abort made after the call cancels it.
async function writeFilePromise(file, data, options, defaultFlag) {
  const opts = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: defaultFlag });
  const flagged = { ...opts, flag: opts.flag || defaultFlag };
  const target = fileArgument(file);
  const chunked = isChunkSource(data);
  throwIfAborted(opts.signal);
  if (!chunked) validateArguments(writeFileSync, [target, data, flagged]);
  await ioTurn();
  throwIfAborted(opts.signal);
  if (!chunked) {
    writeFileSync(target, data, flagged);
    return;
  }
  const fd = typeof target === 'number' ? target : openSync(target, flagged.flag, flagged.mode);
  try {
    for await (const chunk of data) {
      throwIfAborted(opts.signal);
      writeAll(fd, dataBytes(chunk, opts.encoding));
      await ioTurn();
      throwIfAborted(opts.signal);
    }
  } finally {
    if (fd !== target) closeSync(fd);
  }
}

const { ReadStream, WriteStream } = require('internal/fs/streams');
const { watch, watchAsync, watchFile, unwatchFile } = require('internal/fs/watchers');

// fs.watch's argument checks; then a function that opens the kernel watch (throwing
// Node's error, `ENOENT: no such file or directory, watch 'x'`, for a missing path).
function watchOpener(filename, options) {
  const { persistent = true, recursive = false } = options;
  const file = toPath(filename, 'filename');
  errors().validateBoolean(persistent, 'options.persistent');
  errors().validateBoolean(recursive, 'options.recursive');
  return () => call('watch', file, undefined, () => native.watch(file, recursive));
}

const fs = {
  constants,
  Stats,
  Dirent,
  existsSync,
  exists,
  promises,
  ReadStream,
  WriteStream,
  FileReadStream: ReadStream,
  FileWriteStream: WriteStream,
  Dir: require('internal/fs/dir').Dir,
  watchFile(filename, options, listener) {
    return watchFile(toPath(filename, 'filename'), options, listener);
  },
  openAsBlob,
  unwatchFile(filename, listener) {
    unwatchFile(toPath(filename, 'filename'), listener);
  },
  watch(filename, options, listener) {
    if (typeof options === 'function') {
      listener = options;
      options = undefined;
    }
    options = getOptions(options);
    return watch(watchOpener(filename, options), options, listener);
  },
  _toUnixTimestamp: toUnixTimestamp,
  createReadStream: function createReadStream(path, options) { return new ReadStream(path, options); },
  createWriteStream: function createWriteStream(path, options) { return new WriteStream(path, options); },
  F_OK: constants.F_OK,
  R_OK: constants.R_OK,
  W_OK: constants.W_OK,
  X_OK: constants.X_OK,
};
for (const [name, syncFn] of Object.entries(SYNC_FUNCTIONS)) {
  fs[`${name}Sync`] = syncFn;
  fs[name] = CALLBACK_FUNCTIONS[name] ?? callbackForm(name, syncFn);
}
fs.realpath.native = fs.realpath;
// How internal/fs/watchers builds Stats (zeroed ones for a missing file).
Object.defineProperty(fs, Symbol.for('secure-exec.fs.makeStats'), { value: makeStats });

// util.promisify of these resolves the callback's two results as one object, and of
// fs.exists the boolean it reports.
const PROMISIFIED_RESULTS = {
  read: ['bytesRead', 'buffer'], write: ['bytesWritten', 'buffer'],
  readv: ['bytesRead', 'buffers'], writev: ['bytesWritten', 'buffers'],
};
const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');
for (const [name, [first, second]] of Object.entries(PROMISIFIED_RESULTS)) {
  const fn = fs[name];
  Object.defineProperty(fn, kCustomPromisify, {
    value: (...args) => new Promise((resolve, reject) => {
      fn(...args, (error, result, buffers) => {
        if (error) reject(error);
        else resolve({ [first]: result, [second]: buffers });
      });
    }),
    configurable: true,
  });
}
Object.defineProperty(exists, kCustomPromisify, {
  value: function exists(path) {
    return new Promise((resolve) => { fs.exists(path, resolve); });
  },
  configurable: true,
});

module.exports = fs;
