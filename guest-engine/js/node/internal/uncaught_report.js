// internal/uncaught_report — what Node prints to stderr for an exception nobody caught.
//
// For an error: the source line its stack points at (`file:line`, the line, a caret under
// the column), a blank line, the error as util.inspect shows it (the stack, then own
// properties such as `code`); for any other value, util.inspect's text, with Node's hint
// for primitives. Both end with the Node.js version. The engine keeps no reliable throw
// site, so the source line is that of the error's first frame (where Node points for
// rejections, and for errors thrown where they are made); values without a stack get none.

const fsBinding = binding('fs');

// `file:line\n<source line>\n<caret>\n` for the first frame of `stack` in a readable file.
function sourceArrow(stack) {
  const frame = /^ {4}at (?:.* \()?(\/[^()]*):(\d+):(\d+)\)?$/m.exec(stack);
  if (frame === null) return '';
  const [, file, line, column] = frame;
  let source;
  try {
    source = new TextDecoder().decode(fsBinding.readFile(file));
  } catch {
    return '';
  }
  const sourceLine = source.split('\n')[Number(line) - 1];
  if (sourceLine === undefined) return '';
  return `${file}:${line}\n${sourceLine.trimEnd()}\n${' '.repeat(Number(column) - 1)}^\n`;
}

function uncaughtReport(value) {
  const { inspect } = require('util');
  const process = require('process');
  const trailer = `\n\nNode.js ${process.version}`;
  let stack;
  try {
    // A user `Error.prepareStackTrace` runs here, on the first read, and may throw.
    if (value !== null && typeof value === 'object') stack = value.stack;
  } catch {
    stack = undefined;
  }
  if (typeof stack === 'string') {
    const arrow = sourceArrow(stack);
    return `${arrow}${arrow === '' ? '' : '\n'}${inspect(value)}${trailer}`;
  }
  const hint = value === null || (typeof value !== 'object' && typeof value !== 'function') ?
    '\n(Use `node --trace-uncaught ...` to show where the exception was thrown)' :
    '';
  return `${inspect(value)}${hint}${trailer}`;
}

module.exports = { uncaughtReport };
