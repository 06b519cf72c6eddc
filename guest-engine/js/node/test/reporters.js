// node:test/reporters — the test runner's built-in reporters, each an async generator
// function turning a stream of test events into text: `tap` (TAP version 13), `spec`
// (a readable tree), `dot` (one character a test), `junit` (JUnit XML) and `lcov` (the
// `test:coverage` events as an LCOV tracefile). Output carries no colors.

const path = require('path');
const { inspect } = require('util');
const { hostname } = require('os');

const symbols = {
  'test:fail': '\u2716 ',
  'test:pass': '\u2714 ',
  'test:diagnostic': '\u2139 ',
  'arrow:right': '\u25B6 ',
  'hyphen:minus': '\uFE63 ',
};

function indent(nesting) {
  return '  '.repeat(nesting);
}

// ---------------------------------------------------------------------------------------
// TAP

function tapEscape(text) {
  return text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\f/g, '\\f')
    .replace(/\v/g, '\\v').replace(/\x08/g, '\\b');
}

// A YAML scalar as Node's TAP reporter writes it: quoted, or a `|-` block when multiline.
function yamlValue(value, prefix) {
  const text = String(value);
  if (!text.includes('\n')) return ` '${text.replace(/'/g, "''")}'`;
  return ` |-\n${text.split('\n').map((line) => `${prefix}  ${line}`).join('\n')}`;
}

// The YAML lines of a failure: the runner's ERR_TEST_FAILURE shows its cause's message,
// code and stack under its own failure type.
function tapError(error, prefix) {
  const cause = error?.code === 'ERR_TEST_FAILURE' && error.cause !== undefined ?
    error.cause : error;
  const lines = [];
  if (error?.failureType !== undefined) {
    lines.push(`${prefix}failureType:${yamlValue(error.failureType, prefix)}`);
  }
  const message = cause instanceof Error ? cause.message : inspect(cause);
  lines.push(`${prefix}error:${yamlValue(message, prefix)}`);
  const code = cause?.code ?? error?.code;
  if (code !== undefined) lines.push(`${prefix}code:${yamlValue(code, prefix)}`);
  for (const key of ['expected', 'actual', 'operator']) {
    if (cause?.[key] !== undefined && cause.code === 'ERR_ASSERTION') {
      const shown = key === 'operator' ? cause[key] : inspect(cause[key]);
      lines.push(`${prefix}${key}:${yamlValue(shown, prefix)}`);
    }
  }
  // The runner's own failures (timeouts, failed subtests) come with no stack worth showing.
  if (cause !== error && typeof cause?.stack === 'string') {
    const frames = cause.stack.split('\n').filter((line) => /^\s*at /.test(line))
      .map((line) => line.trim().replace(/^at /, ''));
    if (frames.length > 0) {
      lines.push(`${prefix}stack: |-`, ...frames.map((frame) => `${prefix}  ${frame}`));
    }
  }
  return lines;
}

function tapDetails(data, failed) {
  const prefix = `${indent(data.nesting * 2)}  `;
  const { details } = data;
  const lines = [`${prefix}---`, `${prefix}duration_ms: ${details.duration_ms}`];
  if (details.type === 'suite') lines.push(`${prefix}type: 'suite'`);
  if (failed && data.file !== undefined && data.line !== undefined) {
    lines.push(`${prefix}location: '${data.file}:${data.line}:${data.column}'`);
  }
  if (details.error !== undefined) lines.push(...tapError(details.error, prefix));
  lines.push(`${prefix}...`);
  return `${lines.join('\n')}\n`;
}

function directive({ skip, todo }) {
  if (skip !== undefined) {
    return ` # SKIP${typeof skip === 'string' && skip.length > 0 ? ` ${tapEscape(skip)}` : ''}`;
  }
  if (todo !== undefined) {
    return ` # TODO${typeof todo === 'string' && todo.length > 0 ? ` ${tapEscape(todo)}` : ''}`;
  }
  return '';
}

async function* tap(source) {
  yield 'TAP version 13\n';
  for await (const { type, data } of source) {
    const pad = indent(data.nesting * 2);
    switch (type) {
      case 'test:start':
        yield `${pad}# Subtest: ${tapEscape(data.name)}\n`;
        break;
      case 'test:pass':
      case 'test:fail': {
        const failed = type === 'test:fail';
        yield `${pad}${failed ? 'not ok' : 'ok'} ${data.testNumber} - ${tapEscape(data.name)}` +
          `${directive(data)}\n`;
        yield tapDetails(data, failed);
        break;
      }
      case 'test:plan':
        yield `${pad}1..${data.count}\n`;
        break;
      case 'test:diagnostic':
        yield `${pad}# ${tapEscape(data.message)}\n`;
        break;
      case 'test:stdout':
      case 'test:stderr':
        for (const line of data.message.split(/\r?\n/)) {
          if (line.length > 0) yield `# ${tapEscape(line)}\n`;
        }
        break;
    }
  }
}

// ---------------------------------------------------------------------------------------
// spec and dot

function formatError(error, pad) {
  if (error === undefined) return '';
  // The runner's own failures show their message, as Node's carry it as their cause.
  const shown = error.code === 'ERR_TEST_FAILURE' ? error.cause ?? error.message : error;
  const text = inspect(shown);
  return `\n${pad}  ${text.split(/\r?\n/).join(`\n${pad}  `)}\n`;
}

// One test's line (and its error), as the spec and dot reporters show it.
function formatTestReport(type, data, prefix = '', pad = '', hasChildren = false) {
  const { skip, todo, details } = data;
  let symbol = symbols[type] ?? '  ';
  let title = data.name;
  if (details?.duration_ms !== undefined) title += ` (${details.duration_ms}ms)`;
  if (skip !== undefined) {
    title += ` # ${typeof skip === 'string' && skip.length > 0 ? skip : 'SKIP'}`;
    symbol = symbols['hyphen:minus'];
  } else if (todo !== undefined) {
    title += ` # ${typeof todo === 'string' && todo.length > 0 ? todo : 'TODO'}`;
  }
  const error = formatError(details?.error, pad);
  const shown = hasChildren && (error === '' || details.error.failureType === 'subtestsFailed') ?
    '' : error;
  return `${prefix}${pad}${symbol}${title}${hasChildren && shown !== '' ? '\n' : ''}${shown}`;
}

async function* spec(source) {
  // `test:start` events not yet followed by their result, newest first, and the parents
  // whose `▶` line has been written.
  const started = [];
  const announced = [];
  const failed = [];
  const cwd = process.cwd();
  for await (const { type, data } of source) {
    switch (type) {
      case 'test:start':
        started.unshift(data);
        break;
      case 'test:pass':
      case 'test:fail': {
        if (type === 'test:fail' && data.details?.error?.failureType !== 'subtestsFailed') {
          failed.push(data);
        }
        started.shift();
        let prefix = '';
        while (started.length > 0) {
          const parent = started.pop();
          announced.unshift(parent);
          prefix += `${indent(parent.nesting)}${symbols['arrow:right']}${parent.name}\n`;
        }
        let hasChildren = false;
        if (announced[0]?.nesting === data.nesting && announced[0].name === data.name) {
          announced.shift();
          hasChildren = true;
        }
        yield `${formatTestReport(type, data, prefix, indent(data.nesting), hasChildren)}\n`;
        break;
      }
      case 'test:diagnostic':
        yield `${indent(data.nesting)}${symbols[type]}${data.message}\n`;
        break;
      case 'test:stdout':
      case 'test:stderr':
        yield data.message;
        break;
    }
  }
  if (failed.length > 0) {
    yield `\n${symbols['test:fail']}failing tests:\n\n`;
    for (const data of failed) {
      if (data.file !== undefined) {
        yield `test at ${path.relative(cwd, data.file)}:${data.line}:${data.column}\n`;
      }
      yield `${formatTestReport('test:fail', data)}\n`;
    }
  }
}

async function* dot(source) {
  const columns = Math.max(process.stdout.columns ?? 20, 20);
  const failed = [];
  let count = 0;
  for await (const { type, data } of source) {
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    if (type === 'test:fail') failed.push(data);
    yield type === 'test:pass' ? '.' : 'X';
    if (++count === columns) {
      yield '\n';
      count = 0;
    }
  }
  yield '\n';
  if (failed.length > 0) {
    yield '\nFailed tests:\n\n';
    for (const data of failed) yield formatTestReport('test:fail', data);
  }
}

// ---------------------------------------------------------------------------------------
// JUnit

function escapeContent(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function escapeAttribute(text) {
  return escapeContent(text.replace(/\n/g, '').replace(/"/g, '&quot;'));
}

function toXML(node) {
  if (typeof node === 'string') return `${escapeContent(node)}\n`;
  const pad = '\t'.repeat(node.nesting + 1);
  if (node.comment !== undefined) return `${pad}<!-- ${node.comment.replace(/--/g, '&#45;&#45;')} -->\n`;
  const attributes = Object.entries(node.attrs)
    .map(([key, value]) => `${key}="${escapeAttribute(String(value))}"`).join(' ');
  if (node.children.length === 0) return `${pad}<${node.tag} ${attributes}/>\n`;
  return `${pad}<${node.tag} ${attributes}>\n${node.children.map(toXML).join('')}` +
    `${pad}</${node.tag}>\n`;
}

async function* junit(source) {
  yield '<?xml version="1.0" encoding="utf-8"?>\n';
  yield '<testsuites>\n';
  const roots = [];
  let current = null;
  const open = (name, nesting) => {
    const node = { attrs: { name }, nesting, parent: current, children: [] };
    if (current !== null) current.children.push(node);
    else roots.push(node);
    current = node;
  };
  for await (const { type, data } of source) {
    switch (type) {
      case 'test:start':
        open(data.name, data.nesting);
        break;
      case 'test:pass':
      case 'test:fail': {
        if (current === null || current.attrs.name !== data.name ||
            current.nesting !== data.nesting) {
          open(data.name, data.nesting);
        }
        const node = current;
        current = node.parent;
        node.attrs.time = (data.details.duration_ms / 1000).toFixed(6);
        const tests = node.children.filter((child) => child.comment === undefined);
        if (tests.length > 0) {
          node.tag = 'testsuite';
          Object.assign(node.attrs, {
            disabled: 0,
            errors: 0,
            tests: tests.length,
            failures: tests.filter((child) => child.failed).length,
            skipped: tests.filter((child) => child.skipped).length,
            hostname: hostname(),
          });
          node.failed = node.attrs.failures > 0;
          break;
        }
        node.tag = 'testcase';
        node.attrs.classname = data.classname ?? 'test';
        for (const [kind, reason] of [['skipped', data.skip], ['todo', data.todo]]) {
          if (reason === undefined) continue;
          node.skipped = true;
          node.children.push({ tag: 'skipped', nesting: data.nesting + 1, children: [],
                               attrs: { type: kind, message: reason } });
        }
        if (type === 'test:fail') {
          const error = data.details.error;
          node.failed = true;
          node.attrs.failure = error?.message ?? '';
          node.children.push({
            tag: 'failure',
            nesting: data.nesting + 1,
            attrs: { type: error?.failureType ?? error?.code, message: error?.message ?? '' },
            children: [inspect(error)],
          });
        }
        break;
      }
      case 'test:diagnostic':
        (current?.children ?? roots).push({ nesting: data.nesting, comment: data.message });
        break;
    }
  }
  for (const node of roots) yield toXML(node);
  yield '</testsuites>\n';
}

// ---------------------------------------------------------------------------------------
// LCOV

async function* lcov(source) {
  for await (const { type, data } of source) {
    if (type !== 'test:coverage') continue;
    let out = 'TN:\n';
    for (const file of data.summary.files) {
      out += `SF:${file.path}\n`;
      for (const fn of file.functions) out += `FN:${fn.line},${fn.name}\n`;
      for (const fn of file.functions) out += `FNDA:${fn.count},${fn.name}\n`;
      out += `FNF:${file.totalFunctionCount}\nFNH:${file.coveredFunctionCount}\n`;
      for (const [i, branch] of file.branches.entries()) {
        out += `BRDA:${branch.line},${i},0,${branch.count}\n`;
      }
      out += `BRF:${file.totalBranchCount}\nBRH:${file.coveredBranchCount}\n`;
      for (const line of file.lines) out += `DA:${line.line},${line.count}\n`;
      out += `LH:${file.coveredLineCount}\nLF:${file.totalLineCount}\nend_of_record\n`;
    }
    yield out;
  }
}

module.exports = { tap, spec, dot, junit, lcov };
