// node:assert — the `assert` builtin of Node 22.
//
// Owns:
// - `AssertionError`, with Node's messages: the `+ actual - expected` line diff (Myers'
//   algorithm over the inspected values), `1 !== 2` for short primitives, the
//   "Expected values to be strictly equal:" style headers, and `actual`, `expected`,
//   `operator`, `generatedMessage`, `code: 'ERR_ASSERTION'`, `diff`.
// - The assertions: `ok`, `equal`/`notEqual`, `strictEqual`/`notStrictEqual`,
//   `deepEqual`/`notDeepEqual`, `deepStrictEqual`/`notDeepStrictEqual`,
//   `partialDeepStrictEqual`, `throws`/`doesNotThrow`, `rejects`/`doesNotReject` (with class,
//   RegExp, validation object and validation function expectations), `match`/`doesNotMatch`,
//   `ifError` and `fail`; the `Assert` class; the deprecated `CallTracker`; and
//   `assert.strict` (`assert/strict`), where `equal` means `strictEqual` and so on.
// The deep comparisons live in internal/util/comparisons.
//
// Differences from Node, which come from the engine:
// - `assert(value)` without a message quotes the failing call read back from the caller's
//   source file, like Node. The engine reports a position inside the call's arguments (V8
//   reports the call itself), so the call is found as the enclosing parenthesis whose
//   callee names the assertion (or `call`/`apply`), else the innermost one. Without a
//   readable source file the message is Node's fallback, `${inspect(value)} == true`.
// - Messages are never colored (Node colors them when stderr is a color terminal).

const {
  codes: {
    ERR_AMBIGUOUS_ARGUMENT,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_RETURN_VALUE,
    ERR_MISSING_ARGS,
    ERR_UNAVAILABLE_DURING_EXIT,
  },
  kIsNodeError,
  validateFunction,
  validateObject,
  validateOneOf,
  validateUint32,
} = require('internal/errors');
const { inspect, deprecate, types: { isNativeError, isPromise, isRegExp } } = require('util');

let comparisons;
function lazyComparisons() {
  comparisons ??= require('internal/util/comparisons');
  return comparisons;
}

const FunctionPrototypeSymbolHasInstance =
  Function.prototype.call.bind(Function.prototype[Symbol.hasInstance]);
const RegExpPrototypeExec = Function.prototype.call.bind(RegExp.prototype.exec);

// Node's internal isError: a native error, or anything inheriting from Error.
function isError(value) {
  return isNativeError(value) || FunctionPrototypeSymbolHasInstance(Error, value);
}

function getProcess() {
  return typeof globalThis.process === 'object' ? globalThis.process : undefined;
}

// ---------------------------------------------------------------------------------------
// Myers diff of inspected lines

const kNopLinesToCollapse = 5;
const kDelete = -1;
const kNop = 0;
const kInsert = 1;

// With `checkCommaDisparity`, lines that differ only by a trailing comma are equal (the
// last entry of an object has none).
function areLinesEqual(actual, expected, checkCommaDisparity) {
  if (actual === expected) return true;
  if (checkCommaDisparity) return `${actual},` === expected || actual === `${expected},`;
  return false;
}

// The shortest edit script turning `expected` into `actual`, as [operation, line] pairs in
// reverse order.
function myersDiff(actual, expected, checkCommaDisparity = false) {
  const actualLength = actual.length;
  const expectedLength = expected.length;
  const max = actualLength + expectedLength;
  const v = new Int32Array(2 * max + 1);
  const trace = [];

  for (let diffLevel = 0; diffLevel <= max; diffLevel++) {
    trace.push(new Int32Array(v));
    for (let diagonalIndex = -diffLevel; diagonalIndex <= diffLevel; diagonalIndex += 2) {
      const offset = diagonalIndex + max;
      const previousOffset = v[offset - 1];
      const nextOffset = v[offset + 1];
      let x = diagonalIndex === -diffLevel ||
        (diagonalIndex !== diffLevel && previousOffset < nextOffset) ?
        nextOffset :
        previousOffset + 1;
      let y = x - diagonalIndex;
      while (x < actualLength && y < expectedLength &&
             areLinesEqual(actual[x], expected[y], checkCommaDisparity)) {
        x++;
        y++;
      }
      v[offset] = x;
      if (x >= actualLength && y >= expectedLength) {
        return backtrack(trace, actual, expected, checkCommaDisparity);
      }
    }
  }
}

function backtrack(trace, actual, expected, checkCommaDisparity) {
  const max = actual.length + expected.length;
  let x = actual.length;
  let y = expected.length;
  const result = [];

  for (let diffLevel = trace.length - 1; diffLevel >= 0; diffLevel--) {
    const v = trace[diffLevel];
    const diagonalIndex = x - y;
    const offset = diagonalIndex + max;
    const prevDiagonalIndex = diagonalIndex === -diffLevel ||
      (diagonalIndex !== diffLevel && v[offset - 1] < v[offset + 1]) ?
      diagonalIndex + 1 :
      diagonalIndex - 1;
    const prevX = v[prevDiagonalIndex + max];
    const prevY = prevX - prevDiagonalIndex;

    while (x > prevX && y > prevY) {
      const actualItem = actual[x - 1];
      // Of two lines equal but for a trailing comma, show the one with the comma.
      const value = checkCommaDisparity && !actualItem.endsWith(',') ? expected[y - 1] : actualItem;
      result.push([kNop, value]);
      x--;
      y--;
    }
    if (diffLevel > 0) {
      if (x > prevX) {
        result.push([kInsert, actual[--x]]);
      } else {
        result.push([kDelete, expected[--y]]);
      }
    }
  }
  return result;
}

// `+ line` for actual, `- line` for expected, `  line` for common ones; runs of more than
// five common lines are collapsed to their first five, `...` and their last.
function printMyersDiff(diff) {
  let message = '';
  let skipped = false;
  let nopCount = 0;

  for (let diffIdx = diff.length - 1; diffIdx >= 0; diffIdx--) {
    const { 0: operation, 1: value } = diff[diffIdx];
    const previousOperation = diffIdx < diff.length - 1 ? diff[diffIdx + 1][0] : null;

    // Do not collapse when only one or two lines would be left out.
    if (previousOperation === kNop && operation !== previousOperation) {
      if (nopCount === kNopLinesToCollapse + 1) {
        message += `  ${diff[diffIdx + 1][1]}\n`;
      } else if (nopCount === kNopLinesToCollapse + 2) {
        message += `  ${diff[diffIdx + 2][1]}\n`;
        message += `  ${diff[diffIdx + 1][1]}\n`;
      } else if (nopCount >= kNopLinesToCollapse + 3) {
        message += '...\n';
        message += `  ${diff[diffIdx + 1][1]}\n`;
        skipped = true;
      }
      nopCount = 0;
    }

    if (operation === kInsert) {
      message += `+ ${value}\n`;
    } else if (operation === kDelete) {
      message += `- ${value}\n`;
    } else {
      if (nopCount < kNopLinesToCollapse) message += `  ${value}\n`;
      nopCount++;
    }
  }

  return { message: `\n${message.trimEnd()}`, skipped };
}

// ---------------------------------------------------------------------------------------
// AssertionError

const kReadableOperator = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  partialDeepStrictEqual: 'Expected values to be partially and strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
};

const kMaxShortStringLength = 12;
const kMaxLongStringLength = 512;

// Operators whose message shows the diff, even below a custom message.
const kMethodsWithCustomMessageDiff = new Set([
  'deepStrictEqual', 'strictEqual', 'partialDeepStrictEqual',
]);

// A look-alike of an error with its message and cause, without the stack, so messages do
// not print the stacks of compared errors.
function copyError(source) {
  const target = Object.assign({ __proto__: Object.getPrototypeOf(source) }, source);
  Object.defineProperty(target, 'message', { __proto__: null, value: source.message });
  if (Object.prototype.hasOwnProperty.call(source, 'cause')) {
    let { cause } = source;
    if (isError(cause)) cause = copyError(cause);
    Object.defineProperty(target, 'cause', { __proto__: null, value: cause });
  }
  return target;
}

// Inspects independently of util.inspect.defaultOptions, showing what assert compares.
function inspectValue(val) {
  return inspect(val, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  });
}

// Objects (or functions) that are not strictly equal are not reference-equal.
function checkOperator(actual, expected, operator) {
  if (operator === 'strictEqual' &&
      ((typeof actual === 'object' && actual !== null &&
        typeof expected === 'object' && expected !== null) ||
       (typeof actual === 'function' && typeof expected === 'function'))) {
    return 'strictEqualObject';
  }
  return operator;
}

// `+ actual` / `- expected` on two lines, with a `^` under the first differing character
// of short strings.
function getStackedDiff(actual, expected) {
  const isStringComparison = typeof actual === 'string' && typeof expected === 'string';
  let message = `\n+ ${actual}\n- ${expected}`;
  const stderr = getProcess()?.stderr;
  const maxTerminalLength = stderr?.isTTY ? stderr.columns : 80;
  if (isStringComparison && actual.length + expected.length <= maxTerminalLength) {
    for (let i = 0; i < actual.length; i++) {
      if (actual[i] !== expected[i]) {
        // Within the first two characters (and the quote) the difference is obvious.
        if (i >= 3) message += `\n${' '.repeat(i + 2)}^`;
        break;
      }
    }
  }
  return message;
}

// The diff of two single-line values: `1 !== 2` when short, else stacked.
function getSimpleDiff(originalActual, actual, originalExpected, expected) {
  let stringsLen = actual.length + expected.length;
  // Do not count the quotes around strings.
  if (typeof originalActual === 'string') stringsLen -= 2;
  if (typeof originalExpected === 'string') stringsLen -= 2;
  if (stringsLen <= kMaxShortStringLength && (originalActual !== 0 || originalExpected !== 0)) {
    return { message: `${actual} !== ${expected}`, header: '' };
  }
  return { message: getStackedDiff(actual, expected), header: undefined };
}

function isSimpleDiff(actual, inspectedActual, expected, inspectedExpected) {
  if (inspectedActual.length > 1 || inspectedExpected.length > 1) return false;
  return typeof actual !== 'object' || actual === null ||
    typeof expected !== 'object' || expected === null;
}

function createErrDiff(actual, expected, operator, customMessage, diffType) {
  operator = checkOperator(actual, expected, operator);

  let skipped = false;
  let message;
  const inspectedActual = inspectValue(actual);
  const inspectedExpected = inspectValue(expected);
  const inspectedSplitActual = inspectedActual.split('\n');
  const inspectedSplitExpected = inspectedExpected.split('\n');
  let header = '+ actual - expected';

  if (isSimpleDiff(actual, inspectedSplitActual, expected, inspectedSplitExpected)) {
    const simpleDiff = getSimpleDiff(actual, inspectedSplitActual[0],
                                     expected, inspectedSplitExpected[0]);
    message = simpleDiff.message;
    if (simpleDiff.header !== undefined) header = simpleDiff.header;
  } else if (inspectedActual === inspectedExpected) {
    // Same structure, different references.
    operator = 'notIdentical';
    if (inspectedSplitActual.length > 50 && diffType !== 'full') {
      message = `${inspectedSplitActual.slice(0, 50).join('\n')}\n...}`;
      skipped = true;
    } else {
      message = inspectedSplitActual.join('\n');
    }
    header = '';
  } else {
    const checkCommaDisparity = actual != null && typeof actual === 'object';
    const diff = myersDiff(inspectedSplitActual, inspectedSplitExpected, checkCommaDisparity);
    ({ message, skipped } = printMyersDiff(diff));
  }

  const headerMessage = `${customMessage || kReadableOperator[operator]}\n${header}`;
  const skippedMessage = skipped ? '\n... Skipped lines' : '';
  return `${headerMessage}${skippedMessage}\n${message}\n`;
}

// The message for a failed assertion without a custom message.
function createGeneratedMessage(actual, expected, operator, diff) {
  if (kMethodsWithCustomMessageDiff.has(operator)) {
    return createErrDiff(actual, expected, operator, undefined, diff);
  }
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    // The values are equal: show `actual` once.
    let base = kReadableOperator[operator];
    const res = inspectValue(actual).split('\n');
    if (operator === 'notStrictEqual' &&
        ((typeof actual === 'object' && actual !== null) || typeof actual === 'function')) {
      base = kReadableOperator.notStrictEqualObject;
    }
    if (res.length > 50 && diff !== 'full') {
      res[46] = '...';
      res.length = 47;
    }
    if (res.length === 1) return `${base}${res[0].length > 5 ? '\n\n' : ' '}${res[0]}`;
    return `${base}\n\n${res.join('\n')}\n`;
  }

  let res = inspectValue(actual);
  let other = inspectValue(expected);
  const knownOperator = kReadableOperator[operator];
  if (operator === 'notDeepEqual' && res === other) {
    res = `${knownOperator}\n\n${res}`;
    if (res.length > 1024 && diff !== 'full') res = `${res.slice(0, 1021)}...`;
    return res;
  }
  if (res.length > kMaxLongStringLength && diff !== 'full') res = `${res.slice(0, 509)}...`;
  if (other.length > kMaxLongStringLength && diff !== 'full') other = `${other.slice(0, 509)}...`;
  if (operator === 'deepEqual') {
    res = `${knownOperator}\n\n${res}\n\nshould loosely deep-equal\n\n`;
  } else {
    const newOp = kReadableOperator[`${operator}Unequal`];
    if (newOp) {
      res = `${newOp}\n\n${res}\n\nshould not loosely deep-equal\n\n`;
    } else {
      other = ` ${operator} ${other}`;
    }
  }
  return `${res}${other}`;
}

// Shortens a string for inspecting an AssertionError: to ten lines, or else (as Node does)
// to what follows its first 512 characters.
function addEllipsis(string) {
  const lines = string.split('\n', 11);
  if (lines.length > 10) {
    lines.length = 10;
    return `${lines.join('\n')}\n...`;
  } else if (string.length > kMaxLongStringLength) {
    return `${string.slice(kMaxLongStringLength)}...`;
  }
  return string;
}

class AssertionError extends Error {
  constructor(options) {
    validateObject(options, 'options');
    const {
      message,
      operator,
      stackStartFn,
      details,
      // Compatibility with older versions.
      stackStartFunction,
      diff = 'simple',
    } = options;
    let { actual, expected } = options;

    let errorMessage;
    if (message != null) {
      errorMessage = kMethodsWithCustomMessageDiff.has(operator) ?
        createErrDiff(actual, expected, operator, message, diff) :
        String(message);
    } else {
      // Compared errors are shown without their stacks.
      if (typeof actual === 'object' && actual !== null &&
          typeof expected === 'object' && expected !== null &&
          'stack' in actual && actual instanceof Error &&
          'stack' in expected && expected instanceof Error) {
        actual = copyError(actual);
        expected = copyError(expected);
      }
      errorMessage = createGeneratedMessage(actual, expected, operator, diff);
    }
    super(errorMessage);

    this.generatedMessage = !message;
    Object.defineProperty(this, 'name', {
      __proto__: null,
      value: 'AssertionError [ERR_ASSERTION]',
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.code = 'ERR_ASSERTION';
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      for (let i = 0; i < details.length; i++) {
        this[`message ${i}`] = details[i].message;
        this[`actual ${i}`] = details[i].actual;
        this[`expected ${i}`] = details[i].expected;
        this[`operator ${i}`] = details[i].operator;
        this[`stack trace ${i}`] = details[i].stack;
      }
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    // The stack's header is rendered now, with the code in the name, as Node shows it.
    Error.captureStackTrace(this, stackStartFn || stackStartFunction);
    this.name = 'AssertionError';
    this.diff = diff;
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  [inspect.custom](recurseTimes, ctx) {
    // Long strings are cut, and `actual` and `expected` are shown at the minimum depth:
    // the message already shows them in full.
    const tmpActual = this.actual;
    const tmpExpected = this.expected;
    if (typeof this.actual === 'string') this.actual = addEllipsis(this.actual);
    if (typeof this.expected === 'string') this.expected = addEllipsis(this.expected);

    const result = inspect(this, { ...ctx, customInspect: false, depth: 0 });

    this.actual = tmpActual;
    this.expected = tmpExpected;
    return result;
  }
}

// ---------------------------------------------------------------------------------------
// Assertions

const kOptions = Symbol('options');
const NO_EXCEPTION_SENTINEL = {};
let warnedAboutFail = false;

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

// Throws an AssertionError whose `generatedMessage` says whether the assertion composed
// the message (the constructor takes any message it is given for a custom one).
function throwAssertionError(options, generatedMessage) {
  const err = new AssertionError(options);
  err.generatedMessage = generatedMessage;
  throw err;
}

// ---------------------------------------------------------------------------------------
// The source text of a failed `assert.ok(...)` call

const kIdentifierChar = /[\p{ID_Continue}$\u200c\u200d]/u;
const kRegExpPrecedingChar = /[(,=:[!&|?{};+\-*%<>~^]/;
const kNonCallKeywords = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'typeof',
  'function', 'await', 'yield', 'void', 'delete', 'in', 'of', 'new']);
const kControlCharacters = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;

// The first user frame above `fn`: { fileName, lineNumber, columnNumber } or undefined.
function callerSite(fn) {
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder = {};
  let sites;
  try {
    Error.stackTraceLimit = 10;
    Error.prepareStackTrace = (error, callSites) => callSites;
    Error.captureStackTrace(holder, fn);
    sites = holder.stack;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
  // node:test's `t.assert` methods pass the call through: the site is their caller's.
  const site = Array.isArray(sites) && sites.find((frame) => {
    const fileName = frame.getFileName();
    return fileName != null && fileName !== 'node:test';
  });
  if (!site) return undefined;
  return {
    fileName: site.getFileName(),
    lineNumber: site.getLineNumber(),
    columnNumber: site.getColumnNumber(),
  };
}

// The `(` offsets enclosing `offset` (innermost last) and where each closes, skipping
// strings, comments, template literals and regular expressions.
function enclosingParens(source, offset) {
  const stack = []; // `(` offsets, and '[', '{', '${' markers
  let opens = null;
  const closes = new Map();
  let lastSignificant = '';
  for (let i = 0; i < source.length; i++) {
    if (opens === null && i >= offset) opens = stack.filter((entry) => typeof entry === 'number');
    const char = source[i];
    const next = source[i + 1];
    if (char === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 1;
      continue;
    }
    if (char === '\'' || char === '"' ||
        (char === '/' && (lastSignificant === '' || kRegExpPrecedingChar.test(lastSignificant)))) {
      let inClass = false;
      for (i++; i < source.length && (source[i] !== char || inClass); i++) {
        if (source[i] === '\\') i++;
        else if (char === '/' && source[i] === '[') inClass = true;
        else if (char === '/' && source[i] === ']') inClass = false;
        else if (source[i] === '\n') break;
      }
      lastSignificant = 'a';
      continue;
    }
    if (char === '`' || (char === '}' && stack[stack.length - 1] === '${')) {
      if (char === '}') stack.pop();
      for (i++; i < source.length && source[i] !== '`'; i++) {
        if (source[i] === '\\') {
          i++;
        } else if (source[i] === '$' && source[i + 1] === '{') {
          stack.push('${');
          i++;
          break;
        }
      }
      lastSignificant = 'a';
      continue;
    }
    if (char === '(' || char === '[' || char === '{') {
      stack.push(char === '(' ? i : char);
    } else if (char === ')' || char === ']' || char === '}') {
      const open = stack.pop();
      if (opens !== null && typeof open === 'number') {
        closes.set(open, i);
        if (open === opens[0]) break;
      }
    }
    if (char.trim() !== '') lastSignificant = kIdentifierChar.test(char) ? 'a' : char;
  }
  return { opens: opens ?? [], closes };
}

// The offset of the bracket opening the one closing at `close`, not before `lowest`.
function matchingOpen(source, close, lowest) {
  const closeChar = source[close];
  const openChar = closeChar === ']' ? '[' : '(';
  let depth = 0;
  for (let i = close; i >= lowest; i--) {
    if (source[i] === closeChar) depth++;
    else if (source[i] === openChar && --depth === 0) return i;
  }
  return -1;
}

// The callee of the call whose `(` is at `open`, as far back as that line goes
// (`assert.ok`, `assert['ok']["apply"]`, `fn`): its start and the name it ends with, or
// undefined when the parenthesis is not a call.
function calleeBefore(source, open) {
  const lineStart = source.lastIndexOf('\n', open - 1) + 1;
  let start = open;
  while (start > lineStart && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
  const calleeEnd = start;
  let name;
  while (start > lineStart) {
    const prev = source[start - 1];
    let group = false;
    if (kIdentifierChar.test(prev)) {
      const end = start;
      while (start > lineStart && kIdentifierChar.test(source[start - 1])) start--;
      name ??= source.slice(start, end);
    } else if (prev === ']' || prev === ')') {
      const groupStart = matchingOpen(source, start - 1, lineStart);
      if (groupStart === -1) return undefined;
      if (prev === ']') name ??= source.slice(groupStart + 1, start - 1).replace(/^['"`]|['"`]$/g, '');
      start = groupStart;
      group = true;
    } else {
      break;
    }
    const dotStart = start - (source[start - 2] === '?' ? 2 : 1);
    if (source[start - 1] === '.' && dotStart > lineStart && source[dotStart - 1].trim() !== '') {
      start = dotStart;
    } else if (!group) {
      break;
    }
  }
  if (start === calleeEnd ||
      (kNonCallKeywords.has(name) && calleeEnd - start === name.length)) {
    return undefined;
  }
  return { start, name };
}

// `assert.ok(value)` as written at the failing call site, with Node's indentation
// normalisation and control characters escaped; undefined when it cannot be read.
function failedCallSource(fn) {
  const site = callerSite(fn);
  if (site === undefined || !site.fileName.startsWith('/') || site.lineNumber == null) {
    return undefined;
  }
  let source;
  try {
    source = require('fs').readFileSync(site.fileName, 'utf8');
  } catch {
    return undefined;
  }
  let offset = 0;
  for (let line = 1; line < site.lineNumber && offset !== -1; line++) {
    offset = source.indexOf('\n', offset) + 1 || -1;
  }
  if (offset === -1) return undefined;
  // The engine counts columns in UTF-8 bytes.
  for (let bytes = 1; bytes < site.columnNumber && offset < source.length;) {
    const codePoint = source.codePointAt(offset);
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    offset += codePoint > 0xffff ? 2 : 1;
  }
  // A position on the callee's name (`ok` of `assert.ok(0)`) stands for its arguments.
  if (kIdentifierChar.test(source[offset] ?? '')) {
    let end = offset;
    while (kIdentifierChar.test(source[end] ?? '')) end++;
    while (source[end] === ' ' || source[end] === '\t') end++;
    if (source[end] === '(') offset = end + 1;
  }

  const { opens, closes } = enclosingParens(source, offset);
  const names = new Set([fn.name, 'assert', 'call', 'apply']);
  let chosen;
  for (let k = opens.length - 1; k >= 0; k--) {
    const callee = calleeBefore(source, opens[k]);
    const close = closes.get(opens[k]);
    if (callee === undefined || close === undefined) continue;
    const call = { start: callee.start, end: close + 1 };
    chosen ??= call;
    if (names.has(callee.name)) {
      chosen = call;
      break;
    }
  }
  if (chosen === undefined) return undefined;

  const column = chosen.start - (source.lastIndexOf('\n', chosen.start - 1) + 1);
  const [first, ...rest] = source.slice(chosen.start, chosen.end)
    .replace(kControlCharacters, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .split('\n');
  let text = first;
  for (const line of rest) {
    let pos = 0;
    while (pos < column && (line[pos] === ' ' || line[pos] === '\t')) pos++;
    text += `\n  ${line.slice(pos)}`;
  }
  return text;
}

function innerOk(fn, argLen, value, message) {
  if (!value) {
    let generatedMessage = false;
    if (argLen === 0) {
      generatedMessage = true;
      message = 'No value argument passed to `assert.ok()`';
    } else if (message == null) {
      generatedMessage = true;
      const expression = failedCallSource(fn);
      if (expression !== undefined) {
        message = `The expression evaluated to a falsy value:\n\n  ${expression}\n`;
      }
    } else if (isError(message)) {
      throw message;
    }
    throwAssertionError({
      actual: value,
      expected: true,
      message,
      operator: '==',
      stackStartFn: fn,
    }, generatedMessage);
  }
}

// Node's ERR_CONSTRUCT_CALL_REQUIRED, which internal/errors does not define.
function constructCallRequiredError(name) {
  const err = new TypeError(`Class constructor ${name} cannot be invoked without \`new\``);
  err.code = 'ERR_CONSTRUCT_CALL_REQUIRED';
  Object.defineProperties(err, {
    [kIsNodeError]: { __proto__: null, value: true },
    toString: {
      __proto__: null,
      value() {
        return `${this.name} [${this.code}]: ${this.message}`;
      },
      writable: true,
      configurable: true,
    },
  });
  Error.captureStackTrace(err, Assert);
  return err;
}

// An assertion object whose options (`diff: 'simple' | 'full'`, `strict`) apply to its
// methods. With `strict` (the default) `equal` means `strictEqual` and so on.
function Assert(options) {
  if (!new.target) throw constructCallRequiredError('Assert');
  options = Object.assign({ __proto__: null, strict: true }, options);
  if (options.diff !== undefined) {
    validateOneOf(options.diff, 'options.diff', ['simple', 'full']);
  }
  this.AssertionError = AssertionError;
  Object.defineProperty(this, kOptions, {
    __proto__: null,
    value: options,
    enumerable: false,
    configurable: false,
    writable: false,
  });
  if (options.strict) {
    this.equal = this.strictEqual;
    this.deepEqual = this.deepStrictEqual;
    this.notEqual = this.notStrictEqual;
    this.notDeepEqual = this.notDeepStrictEqual;
  }
}

// The `diff` option of the Assert a method is called on; undefined for the module's own
// functions and for methods called detached (`const { equal } = new Assert()`).
function diffOption(self) {
  return self?.[kOptions]?.diff;
}

Assert.prototype.fail = function fail(actual, expected, message, operator, stackStartFn) {
  const argsLen = arguments.length;

  let internalMessage = false;
  if (actual == null && argsLen <= 1) {
    internalMessage = true;
    message = 'Failed';
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (!warnedAboutFail) {
      warnedAboutFail = true;
      getProcess()?.emitWarning?.(
        'assert.fail() with more than one argument is deprecated. ' +
          'Please use assert.strictEqual() instead or only pass a message.',
        'DeprecationWarning',
        'DEP0094',
      );
    }
    if (argsLen === 2) operator = '!=';
  }

  if (message instanceof Error) throw message;

  const err = new AssertionError({
    actual,
    expected,
    operator: operator === undefined ? 'fail' : operator,
    stackStartFn: stackStartFn || fail,
    message,
    diff: diffOption(this),
  });
  if (internalMessage) err.generatedMessage = true;
  throw err;
};

Assert.prototype.ok = function ok(...args) {
  innerOk(ok, args.length, ...args);
};

// Defines the Assert method `name(actual, expected[, message])`, which fails with
// `operator` when `fails(actual, expected)`.
function defineComparison(name, fails, operator = name) {
  const method = {
    [name]: function(actual, expected, message) {
      if (arguments.length < 2) throw new ERR_MISSING_ARGS('actual', 'expected');
      if (fails(actual, expected)) {
        innerFail({
          actual, expected, message, operator, stackStartFn: method, diff: diffOption(this),
        });
      }
    },
  }[name];
  Assert.prototype[name] = method;
}

defineComparison('equal', (actual, expected) =>
  // eslint-disable-next-line eqeqeq
  actual != expected && (!Number.isNaN(actual) || !Number.isNaN(expected)), '==');
defineComparison('notEqual', (actual, expected) =>
  // eslint-disable-next-line eqeqeq
  actual == expected || (Number.isNaN(actual) && Number.isNaN(expected)), '!=');
defineComparison('deepEqual',
  (actual, expected) => !lazyComparisons().isDeepEqual(actual, expected));
defineComparison('notDeepEqual',
  (actual, expected) => lazyComparisons().isDeepEqual(actual, expected));
defineComparison('deepStrictEqual',
  (actual, expected) => !lazyComparisons().isDeepStrictEqual(actual, expected));
defineComparison('notDeepStrictEqual',
  (actual, expected) => lazyComparisons().isDeepStrictEqual(actual, expected));
defineComparison('strictEqual', (actual, expected) => !Object.is(actual, expected));
defineComparison('notStrictEqual', (actual, expected) => Object.is(actual, expected));
defineComparison('partialDeepStrictEqual',
  (actual, expected) => !lazyComparisons().isPartialStrictEqual(actual, expected));

// The keys of a validation object present on `obj`; for a message diff. A string of the
// actual error matched by the expected RegExp is shown as the string.
class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (key in obj) {
        if (actual !== undefined && typeof actual[key] === 'string' && isRegExp(obj[key]) &&
            RegExpPrototypeExec(obj[key], actual[key]) !== null) {
          this[key] = actual[key];
        } else {
          this[key] = obj[key];
        }
      }
    }
  }
}

function compareExceptionKey(actual, expected, key, message, keys, fn) {
  if (!(key in actual) || !lazyComparisons().isDeepStrictEqual(actual[key], expected[key])) {
    if (!message) {
      const a = new Comparison(actual, keys);
      const b = new Comparison(expected, keys, actual);
      const err = new AssertionError({
        actual: a,
        expected: b,
        operator: 'deepStrictEqual',
        stackStartFn: fn,
      });
      err.actual = actual;
      err.expected = expected;
      err.operator = fn.name;
      throw err;
    }
    innerFail({
      actual, expected, message, operator: fn.name, stackStartFn: fn,
    });
  }
}

// Checks the error `actual` thrown (or rejected with) against `expected`: a RegExp for its
// string form, an object of expected properties, an Error class, or a validation function.
function expectedException(actual, expected, message, fn) {
  let generatedMessage = false;
  let throwError = false;

  if (typeof expected !== 'function') {
    if (isRegExp(expected)) {
      const str = String(actual);
      if (RegExpPrototypeExec(expected, str) !== null) return;
      if (!message) {
        generatedMessage = true;
        message = 'The input did not match the regular expression ' +
          `${inspect(expected)}. Input:\n\n${inspect(str)}\n`;
      }
      throwError = true;
    } else if (typeof actual !== 'object' || actual === null) {
      const err = new AssertionError({
        actual,
        expected,
        message,
        operator: 'deepStrictEqual',
        stackStartFn: fn,
      });
      err.operator = fn.name;
      throw err;
    } else {
      // A validation object; for an Error its name and message are compared too.
      const keys = Object.keys(expected);
      if (expected instanceof Error) {
        keys.push('name', 'message');
      } else if (keys.length === 0) {
        throw new ERR_INVALID_ARG_VALUE('error', expected, 'may not be an empty object');
      }
      for (const key of keys) {
        if (typeof actual[key] === 'string' && isRegExp(expected[key]) &&
            RegExpPrototypeExec(expected[key], actual[key]) !== null) {
          continue;
        }
        compareExceptionKey(actual, expected, key, message, keys, fn);
      }
      return;
    }
  // Arrow functions have no prototype to check `instanceof` against.
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
    if (!message) {
      generatedMessage = true;
      message = 'The error is expected to be an instance of ' +
        `"${expected.name}". Received `;
      if (isError(actual)) {
        const name = actual.constructor?.name || actual.name;
        if (expected.name === name) {
          message += 'an error with identical name but a different prototype.';
        } else {
          message += `"${name}"`;
        }
        if (actual.message) message += `\n\nError message:\n\n${actual.message}`;
      } else {
        message += `"${inspect(actual, { depth: -1 })}"`;
      }
    }
    throwError = true;
  } else {
    // A validation function must return true.
    const res = Reflect.apply(expected, {}, [actual]);
    if (res !== true) {
      if (!message) {
        generatedMessage = true;
        const name = expected.name ? `"${expected.name}" ` : '';
        message = `The ${name}validation function is expected to return` +
          ` "true". Received ${inspect(res)}`;
        if (isError(actual)) message += `\n\nCaught error:\n\n${actual}`;
      }
      throwError = true;
    }
  }

  if (throwError) {
    throwAssertionError({
      actual,
      expected,
      message,
      operator: fn.name,
      stackStartFn: fn,
    }, generatedMessage);
  }
}

function getActual(fn) {
  validateFunction(fn, 'fn');
  try {
    fn();
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

// Native promises, and objects with `then` and `catch` methods.
function checkIsPromise(obj) {
  return isPromise(obj) ||
    (obj !== null && typeof obj === 'object' &&
      typeof obj.then === 'function' && typeof obj.catch === 'function');
}

async function waitForActual(promiseFn) {
  let resultPromise;
  if (typeof promiseFn === 'function') {
    // A synchronous throw rejects the returned promise.
    resultPromise = promiseFn();
    if (!checkIsPromise(resultPromise)) {
      throw new ERR_INVALID_RETURN_VALUE('instance of Promise', 'promiseFn', resultPromise);
    }
  } else if (checkIsPromise(promiseFn)) {
    resultPromise = promiseFn;
  } else {
    throw new ERR_INVALID_ARG_TYPE('promiseFn', ['Function', 'Promise'], promiseFn);
  }

  try {
    await resultPromise;
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

function expectsError(stackStartFn, actual, error, message) {
  if (typeof error === 'string') {
    if (arguments.length === 4) {
      throw new ERR_INVALID_ARG_TYPE('error', ['Object', 'Error', 'Function', 'RegExp'], error);
    }
    if (typeof actual === 'object' && actual !== null) {
      if (actual.message === error) {
        throw new ERR_AMBIGUOUS_ARGUMENT(
          'error/message',
          `The error message "${actual.message}" is identical to the message.`,
        );
      }
    } else if (actual === error) {
      throw new ERR_AMBIGUOUS_ARGUMENT(
        'error/message',
        `The error "${actual}" is identical to the message.`,
      );
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
    throw new ERR_INVALID_ARG_TYPE('error', ['Object', 'Error', 'Function', 'RegExp'], error);
  }

  if (actual === NO_EXCEPTION_SENTINEL) {
    let details = '';
    if (error?.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const fnType = stackStartFn === Assert.prototype.rejects ? 'rejection' : 'exception';
    innerFail({
      actual: undefined,
      expected: error,
      operator: stackStartFn.name,
      message: `Missing expected ${fnType}${details}`,
      stackStartFn,
    });
  }

  if (!error) return;

  expectedException(actual, error, message, stackStartFn);
}

function hasMatchingError(actual, expected) {
  if (typeof expected !== 'function') {
    if (isRegExp(expected)) {
      const str = String(actual);
      return RegExpPrototypeExec(expected, str) !== null;
    }
    throw new ERR_INVALID_ARG_TYPE('expected', ['Function', 'RegExp'], expected);
  }
  // Arrow functions have no prototype to check `instanceof` against.
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Object.prototype.isPrototypeOf.call(Error, expected)) return false;
  return Reflect.apply(expected, {}, [actual]) === true;
}

function expectsNoError(stackStartFn, actual, error, message) {
  if (actual === NO_EXCEPTION_SENTINEL) return;

  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }

  if (!error || hasMatchingError(actual, error)) {
    const details = message ? `: ${message}` : '.';
    const fnType = stackStartFn === Assert.prototype.doesNotReject ? 'rejection' : 'exception';
    innerFail({
      actual,
      expected: error,
      operator: stackStartFn.name,
      message: `Got unwanted ${fnType}${details}\nActual message: "${actual?.message}"`,
      stackStartFn,
    });
  }
  throw actual;
}

Assert.prototype.throws = function throws(promiseFn, ...args) {
  expectsError(throws, getActual(promiseFn), ...args);
};

Assert.prototype.rejects = async function rejects(promiseFn, ...args) {
  expectsError(rejects, await waitForActual(promiseFn), ...args);
};

Assert.prototype.doesNotThrow = function doesNotThrow(fn, ...args) {
  expectsNoError(doesNotThrow, getActual(fn), ...args);
};

Assert.prototype.doesNotReject = async function doesNotReject(fn, ...args) {
  expectsNoError(doesNotReject, await waitForActual(fn), ...args);
};

Assert.prototype.ifError = function ifError(err) {
  if (err !== null && err !== undefined) {
    let message = 'ifError got unwanted exception: ';
    if (typeof err === 'object' && typeof err.message === 'string') {
      if (err.message.length === 0 && err.constructor) {
        message += err.constructor.name;
      } else {
        message += err.message;
      }
    } else {
      message += inspect(err);
    }

    const newErr = new AssertionError({
      actual: err,
      expected: null,
      operator: 'ifError',
      message,
      stackStartFn: ifError,
      diff: diffOption(this),
    });

    // Continue the new error's frames with those of `err`, below the frames both share.
    const origStack = err.stack;
    const origFramesStart = typeof origStack === 'string' ? origStack.search(/^ {4}at/m) : -1;
    if (origFramesStart !== -1) {
      const originalFrames = origStack.slice(origFramesStart).trimEnd().split('\n');
      let newFrames = String(newErr.stack).trimEnd().split('\n');
      for (const errFrame of originalFrames) {
        const pos = newFrames.indexOf(errFrame);
        if (pos !== -1) {
          newFrames = newFrames.slice(0, pos);
          break;
        }
      }
      newErr.stack = [...newFrames, ...originalFrames].join('\n');
    }

    throw newErr;
  }
};

function internalMatch(string, regexp, message, fn) {
  if (!isRegExp(regexp)) throw new ERR_INVALID_ARG_TYPE('regexp', 'RegExp', regexp);
  const match = fn === Assert.prototype.match;
  if (typeof string !== 'string' || (RegExpPrototypeExec(regexp, string) !== null) !== match) {
    if (message instanceof Error) throw message;

    const generatedMessage = !message;
    message ||= typeof string !== 'string' ?
      'The "string" argument must be of type string. Received type ' +
        `${typeof string} (${inspect(string)})` :
      (match ?
        'The input did not match the regular expression ' :
        'The input was expected to not match the regular expression ') +
        `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`;
    throwAssertionError({
      actual: string,
      expected: regexp,
      message,
      operator: fn.name,
      stackStartFn: fn,
    }, generatedMessage);
  }
}

Assert.prototype.match = function match(string, regexp, message) {
  internalMatch(string, regexp, message, match);
};

Assert.prototype.doesNotMatch = function doesNotMatch(string, regexp, message) {
  internalMatch(string, regexp, message, doesNotMatch);
};

// ---------------------------------------------------------------------------------------
// CallTracker (deprecated)

class CallTrackerContext {
  #expected;
  #calls;
  #name;
  #stackTrace;

  constructor({ expected, stackTrace, name }) {
    this.#calls = [];
    this.#expected = expected;
    this.#stackTrace = stackTrace;
    this.#name = name;
  }

  track(thisArg, args) {
    const argsClone = Object.freeze(Array.prototype.slice.call(args));
    this.#calls.push(Object.freeze({ thisArg, arguments: argsClone }));
  }

  get delta() {
    return this.#calls.length - this.#expected;
  }

  reset() {
    this.#calls = [];
  }

  getCalls() {
    return Object.freeze(this.#calls.slice());
  }

  report() {
    if (this.delta !== 0) {
      const message = `Expected the ${this.#name} function to be ` +
        `executed ${this.#expected} time(s) but was ` +
        `executed ${this.#calls.length} time(s).`;
      return {
        message,
        actual: this.#calls.length,
        expected: this.#expected,
        operator: this.#name,
        stack: this.#stackTrace,
      };
    }
  }
}

class CallTracker {
  #callChecks = new Set();
  #trackedFunctions = new WeakMap();

  #getTrackedFunction(tracked) {
    if (!this.#trackedFunctions.has(tracked)) {
      throw new ERR_INVALID_ARG_VALUE('tracked', tracked, 'is not a tracked function');
    }
    return this.#trackedFunctions.get(tracked);
  }

  reset(tracked) {
    if (tracked === undefined) {
      this.#callChecks.forEach((check) => check.reset());
      return;
    }
    this.#getTrackedFunction(tracked).reset();
  }

  getCalls(tracked) {
    return this.#getTrackedFunction(tracked).getCalls();
  }

  calls(fn, expected = 1) {
    if (getProcess()?._exiting) throw new ERR_UNAVAILABLE_DURING_EXIT();
    if (typeof fn === 'number') {
      expected = fn;
      fn = Function.prototype;
    } else if (fn === undefined) {
      fn = Function.prototype;
    }
    validateUint32(expected, 'expected', true);

    const context = new CallTrackerContext({
      expected,
      stackTrace: new Error(),
      name: fn.name || 'calls',
    });
    const tracked = new Proxy(fn, {
      __proto__: null,
      apply(target, thisArg, argList) {
        context.track(thisArg, argList);
        return Reflect.apply(target, thisArg, argList);
      },
    });
    this.#callChecks.add(context);
    this.#trackedFunctions.set(tracked, context);
    return tracked;
  }

  report() {
    const errors = [];
    for (const context of this.#callChecks) {
      const message = context.report();
      if (message !== undefined) errors.push(message);
    }
    return errors;
  }

  verify() {
    const errors = this.report();
    if (errors.length === 0) return;
    const message = errors.length === 1 ?
      errors[0].message :
      'Functions were not called the expected number of times';
    throw new AssertionError({ message, details: errors });
  }
}

// ---------------------------------------------------------------------------------------
// Exports

function ok(...args) {
  innerOk(ok, args.length, ...args);
}

// assert.strict: the same functions, with the strict comparisons under the loose names.
function strict(...args) {
  innerOk(strict, args.length, ...args);
}

const assert = ok;
assert.AssertionError = AssertionError;
assert.CallTracker = deprecate(CallTracker, 'assert.CallTracker is deprecated.', 'DEP0173');
assert.ok = assert;
for (const name of [
  'fail', 'equal', 'notEqual', 'deepEqual', 'notDeepEqual',
  'deepStrictEqual', 'notDeepStrictEqual', 'strictEqual',
  'notStrictEqual', 'partialDeepStrictEqual', 'match', 'doesNotMatch',
  'throws', 'rejects', 'doesNotThrow', 'doesNotReject', 'ifError',
]) {
  Object.defineProperty(assert, name, {
    __proto__: null,
    value: Assert.prototype[name],
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

assert.strict = Object.assign(strict, assert, {
  equal: assert.strictEqual,
  deepEqual: assert.deepStrictEqual,
  notEqual: assert.notStrictEqual,
  notDeepEqual: assert.notDeepStrictEqual,
});
assert.strict.Assert = Assert;
assert.strict.strict = assert.strict;
assert.Assert = Assert;

module.exports = assert;
