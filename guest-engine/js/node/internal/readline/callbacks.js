// internal/readline/callbacks — the ANSI cursor helpers of node:readline: cursorTo,
// moveCursor, clearLine and clearScreenDown write the escape sequence to a stream (nothing
// for a null stream) and take an optional write callback.

const {
  codes: { ERR_INVALID_CURSOR_POS },
  validateFunction,
} = require('internal/errors');

const CSI = '\x1b[';
const kClearToLineBeginning = `${CSI}1K`;
const kClearToLineEnd = `${CSI}0K`;
const kClearLine = `${CSI}2K`;
const kClearScreenDown = `${CSI}0J`;

// The sequence moving the cursor to column `x` (and row `y`), both 0-based.
function cursorToSequence(x, y) {
  if (typeof x !== 'number') throw new ERR_INVALID_CURSOR_POS();
  return typeof y !== 'number' ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`;
}

function moveCursorSequence(dx, dy) {
  let data = '';
  if (dx < 0) data += `${CSI}${-dx}D`;
  else if (dx > 0) data += `${CSI}${dx}C`;
  if (dy < 0) data += `${CSI}${-dy}A`;
  else if (dy > 0) data += `${CSI}${dy}B`;
  return data;
}

function clearLineSequence(dir) {
  return dir < 0 ? kClearToLineBeginning : dir > 0 ? kClearToLineEnd : kClearLine;
}

// Writes `data`, or with nothing to write, calls back on the next tick.
function writeOrSkip(stream, data, callback) {
  if (callback !== undefined) validateFunction(callback, 'callback');
  if (stream === null || stream === undefined || data === '') {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  return stream.write(data, callback);
}

function cursorTo(stream, x, y, callback) {
  if (typeof y === 'function') {
    callback = y;
    y = undefined;
  }
  if (Number.isNaN(x) && Number.isNaN(y)) return writeOrSkip(null, '', callback);
  if (callback !== undefined) validateFunction(callback, 'callback');
  if (stream === null || stream === undefined) return writeOrSkip(null, '', callback);
  return writeOrSkip(stream, cursorToSequence(x, y), callback);
}

function moveCursor(stream, dx, dy, callback) {
  return writeOrSkip(stream, moveCursorSequence(dx, dy), callback);
}

function clearLine(stream, dir, callback) {
  return writeOrSkip(stream, clearLineSequence(dir), callback);
}

function clearScreenDown(stream, callback) {
  return writeOrSkip(stream, kClearScreenDown, callback);
}

module.exports = {
  CSI,
  kClearScreenDown,
  cursorToSequence,
  moveCursorSequence,
  clearLineSequence,
  cursorTo,
  moveCursor,
  clearLine,
  clearScreenDown,
};
