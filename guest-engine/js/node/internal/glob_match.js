// internal/glob_match — glob pattern matching for `path.matchesGlob` (the minimatch
// dialect Node uses, with its options: no negation, no comments, dot files hidden).
//
// Supports `*`, `?`, `**` (any number of directories, hidden ones excepted), bracket
// classes (`[a-z]`, `[!abc]`, `[[:digit:]]`), brace expansion (`{a,b}`, `{1..3}`) and
// extglobs (`@(a|b)`, `?(a)`, `*(a)`, `+(a)`, `!(a)`). On POSIX a backslash escapes the
// next character; on Windows it is a separator, and matching ignores case.

const { validateString } = require('internal/errors');

const GLOBSTAR = Symbol('globstar');

const posixClasses = {
  __proto__: null,
  alnum: '\\p{L}\\p{Nl}\\p{Nd}',
  alpha: '\\p{L}\\p{Nl}',
  ascii: '\\x00-\\x7f',
  blank: '\\p{Zs}\\t',
  cntrl: '\\p{Cc}',
  digit: '\\p{Nd}',
  graph: '\\p{Z}\\p{C}',
  lower: '\\p{Ll}',
  print: '\\p{C}',
  punct: '\\p{P}',
  space: '\\p{Z}\\t\\r\\n\\v\\f',
  upper: '\\p{Lu}',
  word: '\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}',
  xdigit: 'A-Fa-f0-9',
};
// Classes listed by what they exclude.
const negatedPosixClasses = new Set(['graph', 'print']);

function escapeRegExp(text) {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function escapeClassMember(char) {
  return /[\\\]\[^-]/.test(char) ? `\\${char}` : char;
}

// Index of the bracket closing the one at `open`, honouring nesting and escapes; -1 if
// unbalanced.
function findClosing(pattern, open, openChar, closeChar, escapes) {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (escapes && char === '\\') {
      i++;
    } else if (char === openChar) {
      depth++;
    } else if (char === closeChar && --depth === 0) {
      return i;
    }
  }
  return -1;
}

// Splits `text` on `separator` at nesting depth zero (of braces and parentheses).
function splitTopLevel(text, separator, escapes) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (escapes && char === '\\') {
      i++;
    } else if (char === '{' || char === '(') {
      depth++;
    } else if (char === '}' || char === ')') {
      depth--;
    } else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function expandRange(body) {
  const match = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
  if (match === null) return null;
  const numeric = /\d/.test(match[1]);
  if (numeric !== /\d/.test(match[2])) return null;
  const from = numeric ? Number(match[1]) : match[1].charCodeAt(0);
  const to = numeric ? Number(match[2]) : match[2].charCodeAt(0);
  const step = Math.max(Math.abs(Number(match[3] ?? 1)), 1);
  const width = numeric && /^-?0\d/.test(match[1]) ? match[1].length : 0;
  const items = [];
  for (let value = from; from <= to ? value <= to : value >= to; value += from <= to ? step : -step) {
    items.push(numeric ? `${value}`.padStart(width, '0') : String.fromCharCode(value));
  }
  return items;
}

// `a{b,c}d` -> [`abd`, `acd`]; a brace without a comma or a range stays literal.
function expandBraces(pattern, escapes) {
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (escapes && char === '\\') {
      i++;
      continue;
    }
    if (char !== '{') continue;
    const close = findClosing(pattern, i, '{', '}', escapes);
    if (close === -1) return [pattern];
    const body = pattern.slice(i + 1, close);
    const alternatives = splitTopLevel(body, ',', escapes);
    const items = alternatives.length > 1 ? alternatives : expandRange(body);
    if (items === null) continue;
    const prefix = pattern.slice(0, i);
    const suffixes = expandBraces(pattern.slice(close + 1), escapes);
    const result = [];
    for (const item of items) {
      for (const expanded of expandBraces(item, escapes)) {
        for (const suffix of suffixes) result.push(`${prefix}${expanded}${suffix}`);
      }
    }
    return result;
  }
  return [pattern];
}

// The regular-expression source of a bracket class starting at `open`, and where it ends.
function parseClass(pattern, open, escapes) {
  let i = open + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let source = '';
  let negatedSets = '';
  const first = i;
  for (; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === ']' && i > first) {
      if (source === '' && negatedSets === '') return { source: negate ? '[^/]' : '$.', end: i };
      let body = source === '' ? '' : `[${negate ? '^' : ''}${source}]`;
      if (negatedSets !== '') {
        const other = `[^${negatedSets}]`;
        body = body === '' ? other : `(?:${body}|${other})`;
      }
      return { source: body, end: i };
    }
    if (char === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      const name = close === -1 ? undefined : pattern.slice(i + 2, close);
      if (name !== undefined && posixClasses[name] !== undefined) {
        if (negatedPosixClasses.has(name)) negatedSets += posixClasses[name];
        else source += posixClasses[name];
        i = close + 1;
        continue;
      }
    }
    if (escapes && char === '\\' && i + 1 < pattern.length) {
      source += escapeClassMember(pattern[++i]);
    } else if (char === '-' && source !== '' && pattern[i + 1] !== ']') {
      source += '-';
    } else {
      source += escapeClassMember(char);
    }
  }
  return null; // no closing bracket: the `[` is literal
}

// Regular-expression source for one path segment's pattern (no separators in it).
function segmentSource(pattern, escapes) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    const next = pattern[i + 1];
    if (escapes && char === '\\' && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i]);
    } else if ('?*+@!'.includes(char) && next === '(') {
      const close = findClosing(pattern, i + 1, '(', ')', escapes);
      if (close === -1) {
        source += char === '*' ? '[^/]*?' : char === '?' ? '[^/]' : escapeRegExp(char);
        continue;
      }
      const alternatives = splitTopLevel(pattern.slice(i + 2, close), '|', escapes)
        .map((alternative) => segmentSource(alternative, escapes)).join('|');
      const rest = segmentSource(pattern.slice(close + 1), escapes);
      i = close;
      switch (char) {
        case '?': source += `(?:${alternatives})?`; break;
        case '*': source += `(?:${alternatives})*`; break;
        case '+': source += `(?:${alternatives})+`; break;
        case '@': source += `(?:${alternatives})`; break;
        default: source += `(?:(?!(?:${alternatives})${rest}$)[^/]*?)`; break;
      }
    } else if (char === '*') {
      source += '[^/]*?';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const parsed = parseClass(pattern, i, escapes);
      if (parsed === null) {
        source += '\\[';
      } else {
        source += parsed.source;
        i = parsed.end;
      }
    } else {
      source += escapeRegExp(char);
    }
  }
  return source;
}

function hasMagic(segment) {
  return /[*?[]|[@+!]\(/.test(segment);
}

function compileSegment(segment, escapes, nocase) {
  if (segment === '**') return GLOBSTAR;
  if (!hasMagic(segment)) {
    const literal = escapes ? segment.replace(/\\(.)/g, '$1') : segment;
    return nocase ? { test: (name) => name.toLowerCase() === literal.toLowerCase() } :
      { test: (name) => name === literal };
  }
  // Wildcards never match an empty name, `.` or `..`, nor a leading dot unless the
  // pattern spells it.
  const dotGuard = segment.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp(`^(?=.)(?!\\.\\.?$)${dotGuard}${segmentSource(segment, escapes)}$`,
    nocase ? 'iu' : 'u');
}

function matchSegments(parts, names, p, n) {
  for (; p < parts.length; p++, n++) {
    const part = parts[p];
    if (part === GLOBSTAR) {
      // `**` swallows any run of names, but never a hidden one (or `.`/`..`).
      for (let k = n; k <= names.length; k++) {
        if (matchSegments(parts, names, p + 1, k)) return true;
        if (k < names.length && names[k].startsWith('.')) return false;
      }
      return false;
    }
    if (n >= names.length || !part.test(names[n])) return false;
  }
  // A trailing separator on the path (an empty last name) is allowed.
  return n === names.length || (n === names.length - 1 && names[n] === '');
}

function matchGlobPattern(path, pattern, windows) {
  validateString(path, 'path');
  validateString(pattern, 'pattern');
  const escapes = !windows;
  const separator = windows ? /[\\/]+/ : /\/+/;
  const names = path.split(separator);
  for (const expanded of expandBraces(pattern, escapes)) {
    const parts = expanded.split(separator)
      .map((segment) => compileSegment(segment, escapes, windows));
    if (matchSegments(parts, names, 0, 0)) return true;
  }
  return false;
}

module.exports = { matchGlobPattern };
