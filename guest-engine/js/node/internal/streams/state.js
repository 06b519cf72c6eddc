// internal/streams/state — highWaterMark defaults and option parsing.
//
// Owns the process-wide default highWaterMarks (64 KiB for bytes, 16 objects) behind
// stream.getDefaultHighWaterMark/setDefaultHighWaterMark, and how a stream state reads its
// limit from `highWaterMark` or, for a Duplex side, `readableHighWaterMark` /
// `writableHighWaterMark`.

let defaultHighWaterMarkBytes = 64 * 1024;
let defaultHighWaterMarkObjectMode = 16;

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultHighWaterMarkObjectMode : defaultHighWaterMarkBytes;
}

function setDefaultHighWaterMark(objectMode, value) {
  require('internal/errors').validateInteger(value, 'value', 0);
  if (objectMode) {
    defaultHighWaterMarkObjectMode = value;
  } else {
    defaultHighWaterMarkBytes = value;
  }
}

// `duplexKey` is the side-specific option a Duplex may use instead of `highWaterMark`.
function getHighWaterMark(state, options, duplexKey, isDuplex) {
  let hwm = options.highWaterMark;
  if (hwm == null && isDuplex) hwm = options[duplexKey];
  if (hwm == null) return getDefaultHighWaterMark(state.objectMode);
  if (!Number.isInteger(hwm) || hwm < 0) {
    const { ERR_INVALID_ARG_VALUE } = require('internal/errors').codes;
    const name = isDuplex ? `options.${duplexKey}` : 'options.highWaterMark';
    throw new ERR_INVALID_ARG_VALUE(name, hwm);
  }
  return hwm;
}

module.exports = {
  getHighWaterMark,
  getDefaultHighWaterMark,
  setDefaultHighWaterMark,
};
