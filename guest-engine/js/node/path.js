// node:path — the POSIX and Windows path helpers with Node 22 semantics.
//
// Owns `path.posix` and `path.win32` (`matchesGlob` defers to internal/glob_match);
// the module itself is the POSIX flavour, since
// the sandbox always presents a POSIX platform. `resolve` falls back to `/`
// as the working directory when `process` does not exist yet.

const CHAR_DOT = 46; // .
const CHAR_FORWARD_SLASH = 47; // /
const CHAR_COLON = 58; // :
const CHAR_QUESTION_MARK = 63; // ?
const CHAR_BACKWARD_SLASH = 92; // \

// Device names that Windows resolves anywhere, so `CON:` is never a relative
// file name (see Node's fix for CVE-2025-27210).
const WINDOWS_RESERVED_NAMES = new Set([
  'CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
  'COM\xb9', 'COM\xb2', 'COM\xb3',
  'LPT\xb9', 'LPT\xb2', 'LPT\xb3',
]);

function validateString(value, name) {
  if (typeof value !== 'string') {
    const { ERR_INVALID_ARG_TYPE } = require('internal/errors').codes;
    throw new ERR_INVALID_ARG_TYPE(name, 'string', value);
  }
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const { ERR_INVALID_ARG_TYPE } = require('internal/errors').codes;
    throw new ERR_INVALID_ARG_TYPE(name, 'Object', value);
  }
}

function currentDirectory() {
  return globalThis.process === undefined ? '/' : globalThis.process.cwd();
}

function isPosixSeparator(code) {
  return code === CHAR_FORWARD_SLASH;
}

function isWindowsSeparator(code) {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
}

function isDriveLetter(code) {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function startsWithDrive(path) {
  return path.length >= 2 &&
    isDriveLetter(path.charCodeAt(0)) &&
    path.charCodeAt(1) === CHAR_COLON;
}

// Whether the text before `colonIndex` names a reserved device. Like Node,
// a `colonIndex` of -1 tests the whole path minus its last character.
function isReservedName(path, colonIndex) {
  return WINDOWS_RESERVED_NAMES.has(path.slice(0, colonIndex).toUpperCase());
}

// Collapses empty and `.` segments and resolves `..` against the segments
// before it. Leading `..` segments are kept only when `allowAboveRoot`.
function normalizeSegments(path, allowAboveRoot, separator, isSeparator) {
  const segments = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && !isSeparator(path.charCodeAt(i))) continue;
    const segment = path.slice(start, i);
    start = i + 1;
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') {
      segments.push(segment);
    } else if (segments.length > 0 && segments[segments.length - 1] !== '..') {
      segments.pop();
    } else if (allowAboveRoot) {
      segments.push('..');
    }
  }
  return segments.join(separator);
}

// For a path starting with two separators, matches the `\\server\share`
// root. Returns null unless both a server name and a share name follow.
function matchUncRoot(path) {
  const len = path.length;
  let j = 2;
  while (j < len && !isWindowsSeparator(path.charCodeAt(j))) j++;
  if (j === 2 || j === len) return null;
  const server = path.slice(2, j);
  while (j < len && isWindowsSeparator(path.charCodeAt(j))) j++;
  if (j === len) return null;
  const shareStart = j;
  while (j < len && !isWindowsSeparator(path.charCodeAt(j))) j++;
  return { server, shareStart, shareEnd: j };
}

// Index of the separator that ends the directory part of `path` (trailing
// separators ignored), searching no lower than `lowest`; -1 when none.
function directoryEnd(path, lowest, isSeparator) {
  let sawName = false;
  for (let i = path.length - 1; i >= lowest; i--) {
    if (!isSeparator(path.charCodeAt(i))) {
      sawName = true;
    } else if (sawName) {
      return i;
    }
  }
  return -1;
}

// Scans the last component of `path` (trailing separators ignored) no lower
// than `lowest`. `start` is -1 when no separator precedes the component and
// `end` is -1 when there is no component. `dot` is the component's last dot
// and `beforeDot` describes its first character when that lies before the
// dot: 0 = nothing before the dot, 1 = a dot, -1 = anything else.
function scanLastComponent(path, lowest, isSeparator) {
  let start = -1;
  let end = -1;
  let dot = -1;
  let beforeDot = 0;
  for (let i = path.length - 1; i >= lowest; i--) {
    const code = path.charCodeAt(i);
    if (isSeparator(code)) {
      if (end !== -1) {
        start = i + 1;
        break;
      }
      continue;
    }
    if (end === -1) end = i + 1;
    if (code === CHAR_DOT) {
      if (dot === -1) dot = i;
      else beforeDot = 1;
    } else if (dot !== -1) {
      beforeDot = -1;
    }
  }
  return { start, end, dot, beforeDot };
}

// Where the extension of a scanned component begins, or -1 if it has none:
// there is no dot, the only dot leads the name (`.bashrc`), or the component
// is `..`. `partStart` is where the caller considers the component to start.
function extensionStart(scan, partStart) {
  const { end, dot, beforeDot } = scan;
  if (dot === -1 || end === -1 || beforeDot === 0 ||
      (beforeDot === 1 && dot === end - 1 && dot === partStart + 1)) {
    return -1;
  }
  return dot;
}

// Shared by both flavours; a Windows drive prefix (`C:`) is never part of the
// name.
function basenameOf(path, suffix, isSeparator, skipDrive) {
  if (suffix !== undefined) validateString(suffix, 'suffix');
  validateString(path, 'path');

  const lowest = skipDrive && startsWithDrive(path) ? 2 : 0;
  let nameStart = lowest;
  let nameEnd = -1;
  for (let i = path.length - 1; i >= lowest; i--) {
    if (!isSeparator(path.charCodeAt(i))) {
      if (nameEnd === -1) nameEnd = i + 1;
    } else if (nameEnd !== -1) {
      nameStart = i + 1;
      break;
    }
  }

  if (suffix === undefined || suffix.length === 0 || suffix.length > path.length) {
    return nameEnd === -1 ? '' : path.slice(nameStart, nameEnd);
  }
  if (suffix === path) return '';

  // Compare the name with the suffix from the right. A name that is the
  // suffix itself is kept whole; a name that is only the tail of a longer
  // suffix keeps any trailing separators, as in Node.
  let k = suffix.length - 1;
  let i = nameEnd - 1;
  while (i >= nameStart && k >= 0 && path.charCodeAt(i) === suffix.charCodeAt(k)) {
    i--;
    k--;
  }
  if (k < 0) {
    const end = i + 1;
    return path.slice(nameStart, end === nameStart ? nameEnd : end);
  }
  if (i >= nameStart) return path.slice(nameStart, nameEnd);
  return path.slice(nameStart);
}

function formatExt(ext) {
  return ext ? `${ext[0] === '.' ? '' : '.'}${ext}` : '';
}

function formatPath(separator, pathObject) {
  validateObject(pathObject, 'pathObject');
  const dir = pathObject.dir || pathObject.root;
  const base = pathObject.base || `${pathObject.name || ''}${formatExt(pathObject.ext)}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}${separator}${base}`;
}

// The root of a Windows path as `resolve` sees it: the device (`C:`,
// `\\server\share`, which also covers `\\?\C:` and `\\.\pipe`), where the rest
// of the path starts, and whether the path is absolute.
function resolveRoot(path) {
  const len = path.length;
  const code = path.charCodeAt(0);
  if (isWindowsSeparator(code)) {
    if (len === 1 || !isWindowsSeparator(path.charCodeAt(1))) {
      return { device: '', rootEnd: 1, isAbsolute: true };
    }
    const unc = matchUncRoot(path);
    if (unc === null) return { device: '', rootEnd: 0, isAbsolute: true };
    const share = path.slice(unc.shareStart, unc.shareEnd);
    return { device: `\\\\${unc.server}\\${share}`, rootEnd: unc.shareEnd, isAbsolute: true };
  }
  if (startsWithDrive(path)) {
    const isAbsolute = len > 2 && isWindowsSeparator(path.charCodeAt(2));
    return { device: path.slice(0, 2), rootEnd: isAbsolute ? 3 : 2, isAbsolute };
  }
  return { device: '', rootEnd: 0, isAbsolute: false };
}

// The working directory of a drive: the `=C:` variable Windows keeps in the
// environment, else the process directory unless that names another drive.
function driveDirectory(device) {
  const env = globalThis.process?.env;
  const dir = (env && env[`=${device}`]) || currentDirectory();
  if (dir.slice(0, 2).toLowerCase() !== device.toLowerCase() &&
      dir.charCodeAt(2) === CHAR_BACKWARD_SLASH) {
    return `${device}\\`;
  }
  return dir;
}

// Node's relative() fallback for paths whose lower-case form has a
// different length (so character positions cannot be compared).
function relativeBySegments(fromPath, toPath) {
  const fromParts = fromPath.split('\\');
  const toParts = toPath.split('\\');
  if (fromParts[fromParts.length - 1] === '') fromParts.pop();
  if (toParts[toParts.length - 1] === '') toParts.pop();

  const length = Math.min(fromParts.length, toParts.length);
  let common = 0;
  while (common < length &&
         fromParts[common].toLowerCase() === toParts[common].toLowerCase()) {
    common++;
  }
  if (common === 0) return toPath;
  const rest = toParts.slice(common).join('\\');
  if (common === length) {
    if (toParts.length > length) return rest;
    if (fromParts.length > length) return `${'..\\'.repeat(fromParts.length - 1 - common)}..`;
    return '';
  }
  return `${'..\\'.repeat(fromParts.length - common)}${rest}`;
}

const win32 = {
  resolve(...args) {
    let device = '';
    let tail = '';
    let absolute = false;

    for (let i = args.length - 1; i >= -1; i--) {
      let path;
      if (i >= 0) {
        path = args[i];
        validateString(path, `paths[${i}]`);
        if (path.length === 0) continue;
      } else if (device.length === 0) {
        path = currentDirectory();
        if (args.length === 0 ||
            (args.length === 1 && (args[0] === '' || args[0] === '.') &&
             isWindowsSeparator(path.charCodeAt(0)))) {
          return path.replace(/\//g, '\\');
        }
      } else {
        path = driveDirectory(device);
      }

      const root = resolveRoot(path);
      if (root.device.length > 0) {
        if (device.length === 0) {
          device = root.device;
        } else if (root.device.toLowerCase() !== device.toLowerCase()) {
          continue; // another drive: not applicable
        }
      }

      if (!absolute) {
        tail = `${path.slice(root.rootEnd)}\\${tail}`;
        absolute = root.isAbsolute;
      }
      if (absolute && device.length > 0) break;
    }

    tail = normalizeSegments(tail, !absolute, '\\', isWindowsSeparator);
    if (absolute) return `${device}\\${tail}`;
    return `${device}${tail}` || '.';
  },

  normalize(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    if (len === 1) return path === '/' ? '\\' : path;

    let rootEnd = 0;
    let device;
    let isAbsolute = false;
    const code = path.charCodeAt(0);

    if (isWindowsSeparator(code)) {
      isAbsolute = true;
      if (!isWindowsSeparator(path.charCodeAt(1))) {
        rootEnd = 1;
      } else {
        const unc = matchUncRoot(path);
        if (unc !== null) {
          // Device namespaces (`\\?\`, `\\.\`) parse like UNC roots: `\\?\C:` is the root
          // of `\\?\C:\dir`.
          if (unc.shareEnd === len) {
            return `\\\\${unc.server}\\${path.slice(unc.shareStart)}\\`;
          } else {
            device = `\\\\${unc.server}\\${path.slice(unc.shareStart, unc.shareEnd)}`;
            rootEnd = unc.shareEnd;
          }
        }
      }
    } else {
      const colonIndex = path.indexOf(':');
      if (colonIndex === 1 && isDriveLetter(code)) {
        device = path.slice(0, 2);
        rootEnd = 2;
        if (len > 2 && isWindowsSeparator(path.charCodeAt(2))) {
          isAbsolute = true;
          rootEnd = 3;
        }
      } else if (colonIndex > 0 && isReservedName(path, colonIndex)) {
        device = path.slice(0, colonIndex + 1);
        rootEnd = colonIndex + 1;
      }
    }

    let tail = rootEnd < len ?
      normalizeSegments(path.slice(rootEnd), !isAbsolute, '\\', isWindowsSeparator) :
      '';
    if (tail.length === 0 && !isAbsolute) tail = '.';
    if (tail.length > 0 && isWindowsSeparator(path.charCodeAt(len - 1))) tail += '\\';

    // A relative result must not turn into something Windows reads as a
    // drive or a stream (CVE-2024-36139): prefix it with `.\` instead.
    if (!isAbsolute && device === undefined && path.includes(':')) {
      if (startsWithDrive(tail)) return `.\\${tail}`;
      for (let i = path.indexOf(':'); i !== -1; i = path.indexOf(':', i + 1)) {
        if (i === len - 1 || isWindowsSeparator(path.charCodeAt(i + 1))) {
          return `.\\${tail}`;
        }
      }
    }
    if (isReservedName(path, path.indexOf(':'))) return `.\\${device ?? ''}${tail}`;
    if (device === undefined) return isAbsolute ? `\\${tail}` : tail;
    return isAbsolute ? `${device}\\${tail}` : `${device}${tail}`;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return false;
    return isWindowsSeparator(path.charCodeAt(0)) ||
      (len > 2 && startsWithDrive(path) && isWindowsSeparator(path.charCodeAt(2)));
  },

  join(...args) {
    const parts = [];
    // An index loop: require() joins paths even after user code deleted
    // Array.prototype[Symbol.iterator].
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      validateString(arg, 'path');
      if (arg.length > 0) parts.push(arg);
    }
    if (parts.length === 0) return '.';

    let joined = parts.join('\\');
    // Collapse leading separators, so normalize() does not mistake them for
    // a UNC root, unless the first part clearly is one: exactly two
    // separators followed by a name, e.g. join('//server', 'share').
    const first = parts[0];
    const uncFirst = first.length > 2 &&
      isWindowsSeparator(first.charCodeAt(0)) &&
      isWindowsSeparator(first.charCodeAt(1)) &&
      !isWindowsSeparator(first.charCodeAt(2));
    if (!uncFirst) {
      let count = 0;
      while (count < joined.length && isWindowsSeparator(joined.charCodeAt(count))) count++;
      if (count >= 2) joined = `\\${joined.slice(count)}`;
    }

    // A part naming a reserved device (`CON:`) is left unnormalized.
    const hasReservedPart = joined.split('\\').some((part) => {
      const colonIndex = part.indexOf(':');
      return colonIndex !== -1 && isReservedName(part, colonIndex);
    });
    if (hasReservedPart) return joined.replace(/\//g, '\\');
    return win32.normalize(joined);
  },

  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';

    const fromPath = win32.resolve(from);
    const toPath = win32.resolve(to);
    if (fromPath === toPath) return '';

    // Windows paths compare case-insensitively.
    from = fromPath.toLowerCase();
    to = toPath.toLowerCase();
    if (from === to) return '';
    if (from.length !== fromPath.length || to.length !== toPath.length) {
      return relativeBySegments(fromPath, toPath);
    }

    // Compare the paths without leading backslashes and without the
    // trailing backslash of a root.
    let fromStart = 0;
    while (fromStart < from.length && from.charCodeAt(fromStart) === CHAR_BACKWARD_SLASH) fromStart++;
    let fromEnd = from.length;
    while (fromEnd - 1 > fromStart && from.charCodeAt(fromEnd - 1) === CHAR_BACKWARD_SLASH) fromEnd--;
    let toStart = 0;
    while (toStart < to.length && to.charCodeAt(toStart) === CHAR_BACKWARD_SLASH) toStart++;
    let toEnd = to.length;
    while (toEnd - 1 > toStart && to.charCodeAt(toEnd - 1) === CHAR_BACKWARD_SLASH) toEnd--;
    const fromLen = fromEnd - fromStart;
    const toLen = toEnd - toStart;

    const length = Math.min(fromLen, toLen);
    let lastCommonSep = -1;
    let i = 0;
    for (; i < length; i++) {
      const code = from.charCodeAt(fromStart + i);
      if (code !== to.charCodeAt(toStart + i)) break;
      if (code === CHAR_BACKWARD_SLASH) lastCommonSep = i;
    }

    if (i !== length) {
      // Nothing in common, not even the first component.
      if (lastCommonSep === -1) return toPath;
    } else {
      if (toLen > length) {
        // `from` is a directory of `to` (C:\foo -> C:\foo\bar) or the drive
        // root (C:\ -> C:\foo).
        if (to.charCodeAt(toStart + i) === CHAR_BACKWARD_SLASH) {
          return toPath.slice(toStart + i + 1);
        }
        if (i === 2) return toPath.slice(toStart + i);
      }
      if (fromLen > length) {
        // `to` is a directory of `from`, or the drive root.
        if (from.charCodeAt(fromStart + i) === CHAR_BACKWARD_SLASH) lastCommonSep = i;
        else if (i === 2) lastCommonSep = 3;
      }
      if (lastCommonSep === -1) lastCommonSep = 0;
    }

    // One `..` for each component of `from` after the common part.
    let up = '';
    for (let j = fromStart + lastCommonSep + 1; j <= fromEnd; j++) {
      if (j === fromEnd || from.charCodeAt(j) === CHAR_BACKWARD_SLASH) {
        up += up.length === 0 ? '..' : '\\..';
      }
    }

    let restStart = toStart + lastCommonSep;
    if (up.length > 0) return `${up}${toPath.slice(restStart, toEnd)}`;
    if (toPath.charCodeAt(restStart) === CHAR_BACKWARD_SLASH) restStart++;
    return toPath.slice(restStart, toEnd);
  },

  toNamespacedPath(path) {
    if (typeof path !== 'string' || path.length === 0) return path;

    const resolved = win32.resolve(path);
    if (resolved.length <= 2) return path;

    if (resolved.charCodeAt(0) === CHAR_BACKWARD_SLASH) {
      if (resolved.charCodeAt(1) === CHAR_BACKWARD_SLASH) {
        const code = resolved.charCodeAt(2);
        if (code !== CHAR_QUESTION_MARK && code !== CHAR_DOT) {
          return `\\\\?\\UNC\\${resolved.slice(2)}`;
        }
      }
    } else if (startsWithDrive(resolved) && resolved.charCodeAt(2) === CHAR_BACKWARD_SLASH) {
      return `\\\\?\\${resolved}`;
    }
    return resolved;
  },

  dirname(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    const code = path.charCodeAt(0);
    if (len === 1) return isWindowsSeparator(code) ? path : '.';

    let rootEnd = -1;
    if (isWindowsSeparator(code)) {
      rootEnd = 1;
      if (isWindowsSeparator(path.charCodeAt(1))) {
        const unc = matchUncRoot(path);
        if (unc !== null) {
          if (unc.shareEnd === len) return path; // a bare UNC root
          rootEnd = unc.shareEnd + 1;
        }
      }
    } else if (startsWithDrive(path)) {
      rootEnd = len > 2 && isWindowsSeparator(path.charCodeAt(2)) ? 3 : 2;
    }

    const end = directoryEnd(path, Math.max(rootEnd, 0), isWindowsSeparator);
    if (end !== -1) return path.slice(0, end);
    return rootEnd === -1 ? '.' : path.slice(0, rootEnd);
  },

  basename(path, suffix) {
    return basenameOf(path, suffix, isWindowsSeparator, true);
  },

  extname(path) {
    validateString(path, 'path');
    const lowest = startsWithDrive(path) ? 2 : 0;
    const scan = scanLastComponent(path, lowest, isWindowsSeparator);
    const dot = extensionStart(scan, scan.start === -1 ? lowest : scan.start);
    return dot === -1 ? '' : path.slice(dot, scan.end);
  },

  format(pathObject) {
    return formatPath('\\', pathObject);
  },

  matchesGlob(path, pattern) {
    return require('internal/glob_match').matchGlobPattern(path, pattern, true);
  },

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    const len = path.length;
    if (len === 0) return ret;

    const code = path.charCodeAt(0);
    if (len === 1) {
      if (isWindowsSeparator(code)) ret.root = ret.dir = path;
      else ret.base = ret.name = path;
      return ret;
    }

    let rootEnd = 0;
    if (isWindowsSeparator(code)) {
      rootEnd = 1;
      if (isWindowsSeparator(path.charCodeAt(1))) {
        const unc = matchUncRoot(path);
        if (unc !== null) rootEnd = unc.shareEnd === len ? len : unc.shareEnd + 1;
      }
    } else if (startsWithDrive(path)) {
      if (len === 2 || (len === 3 && isWindowsSeparator(path.charCodeAt(2)))) {
        ret.root = ret.dir = path; // just a drive root
        return ret;
      }
      rootEnd = isWindowsSeparator(path.charCodeAt(2)) ? 3 : 2;
    }
    if (rootEnd > 0) ret.root = path.slice(0, rootEnd);

    const scan = scanLastComponent(path, rootEnd, isWindowsSeparator);
    const partStart = scan.start === -1 ? rootEnd : scan.start;
    if (scan.end !== -1) {
      const dot = extensionStart(scan, partStart);
      ret.base = path.slice(partStart, scan.end);
      if (dot === -1) {
        ret.name = ret.base;
      } else {
        ret.name = path.slice(partStart, dot);
        ret.ext = path.slice(dot, scan.end);
      }
    }
    // A directory that is the root keeps its trailing separator (`C:\`).
    ret.dir = partStart > 0 && partStart !== rootEnd ? path.slice(0, partStart - 1) : ret.root;
    return ret;
  },

  sep: '\\',
  delimiter: ';',
  win32: null,
  posix: null,
};

const posix = {
  resolve(...args) {
    if (args.length === 0 || (args.length === 1 && (args[0] === '' || args[0] === '.'))) {
      const cwd = currentDirectory();
      if (cwd.charCodeAt(0) === CHAR_FORWARD_SLASH) return cwd;
    }

    let resolved = '';
    let absolute = false;
    for (let i = args.length - 1; i >= 0 && !absolute; i--) {
      const path = args[i];
      validateString(path, `paths[${i}]`);
      if (path.length === 0) continue;
      resolved = `${path}/${resolved}`;
      absolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    }
    if (!absolute) {
      const cwd = currentDirectory();
      resolved = `${cwd}/${resolved}`;
      absolute = cwd.charCodeAt(0) === CHAR_FORWARD_SLASH;
    }

    resolved = normalizeSegments(resolved, !absolute, '/', isPosixSeparator);
    if (absolute) return `/${resolved}`;
    return resolved.length > 0 ? resolved : '.';
  },

  normalize(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';

    const isAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    const trailingSeparator = path.charCodeAt(path.length - 1) === CHAR_FORWARD_SLASH;
    const normalized = normalizeSegments(path, !isAbsolute, '/', isPosixSeparator);
    if (normalized.length === 0) {
      if (isAbsolute) return '/';
      return trailingSeparator ? './' : '.';
    }
    const withTrailing = trailingSeparator ? `${normalized}/` : normalized;
    return isAbsolute ? `/${withTrailing}` : withTrailing;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    return path.length > 0 && path.charCodeAt(0) === CHAR_FORWARD_SLASH;
  },

  join(...args) {
    const parts = [];
    // An index loop: require() joins paths even after user code deleted
    // Array.prototype[Symbol.iterator].
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      validateString(arg, 'path');
      if (arg.length > 0) parts.push(arg);
    }
    if (parts.length === 0) return '.';
    return posix.normalize(parts.join('/'));
  },

  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';

    from = posix.resolve(from);
    to = posix.resolve(to);
    if (from === to) return '';

    // Compare both absolute paths after their leading slash.
    const fromLen = from.length - 1;
    const toLen = to.length - 1;
    const length = Math.min(fromLen, toLen);
    let lastCommonSep = -1;
    let i = 0;
    for (; i < length; i++) {
      const code = from.charCodeAt(1 + i);
      if (code !== to.charCodeAt(1 + i)) break;
      if (code === CHAR_FORWARD_SLASH) lastCommonSep = i;
    }
    if (i === length) {
      if (toLen > length) {
        // `from` is a directory of `to` (/foo -> /foo/bar), or the root.
        if (to.charCodeAt(1 + i) === CHAR_FORWARD_SLASH) return to.slice(i + 2);
        if (i === 0) return to.slice(1);
      } else if (fromLen > length) {
        // `to` is a directory of `from`, or the root.
        if (from.charCodeAt(1 + i) === CHAR_FORWARD_SLASH) lastCommonSep = i;
        else if (i === 0) lastCommonSep = 0;
      }
    }

    // One `..` for each component of `from` after the common part.
    let up = '';
    for (let j = lastCommonSep + 2; j <= from.length; j++) {
      if (j === from.length || from.charCodeAt(j) === CHAR_FORWARD_SLASH) {
        up += up.length === 0 ? '..' : '/..';
      }
    }
    return `${up}${to.slice(1 + lastCommonSep)}`;
  },

  toNamespacedPath(path) {
    return path; // only meaningful on Windows
  },

  dirname(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const hasRoot = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    const end = directoryEnd(path, 1, isPosixSeparator);
    if (end === -1) return hasRoot ? '/' : '.';
    if (hasRoot && end === 1) return '//';
    return path.slice(0, end);
  },

  basename(path, suffix) {
    return basenameOf(path, suffix, isPosixSeparator, false);
  },

  extname(path) {
    validateString(path, 'path');
    const scan = scanLastComponent(path, 0, isPosixSeparator);
    const dot = extensionStart(scan, scan.start === -1 ? 0 : scan.start);
    return dot === -1 ? '' : path.slice(dot, scan.end);
  },

  format(pathObject) {
    return formatPath('/', pathObject);
  },

  matchesGlob(path, pattern) {
    return require('internal/glob_match').matchGlobPattern(path, pattern, false);
  },

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return ret;

    const isAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
    if (isAbsolute) ret.root = '/';

    const scan = scanLastComponent(path, isAbsolute ? 1 : 0, isPosixSeparator);
    const partStart = scan.start === -1 ? 0 : scan.start;
    if (scan.end !== -1) {
      const nameStart = partStart === 0 && isAbsolute ? 1 : partStart;
      const dot = extensionStart(scan, partStart);
      ret.base = path.slice(nameStart, scan.end);
      if (dot === -1) {
        ret.name = ret.base;
      } else {
        ret.name = path.slice(nameStart, dot);
        ret.ext = path.slice(dot, scan.end);
      }
    }

    if (partStart > 0) ret.dir = path.slice(0, partStart - 1);
    else if (isAbsolute) ret.dir = '/';
    return ret;
  },

  sep: '/',
  delimiter: ':',
  win32: null,
  posix: null,
};

posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;

// Legacy alias (DEP0080, documentation-only deprecation).
win32._makeLong = win32.toNamespacedPath;
posix._makeLong = posix.toNamespacedPath;

module.exports = posix;
