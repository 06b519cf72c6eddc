// ServerHttp2Stream#respondWithFD and #respondWithFile: validate the options, stat the
// file (statCheck, content-length, offset/length ranges), send the response headers and
// stream the file's bytes through the stream.

const fs = require('fs');
const {
  codes: {
    ERR_HTTP2_HEADERS_SENT,
    ERR_HTTP2_INVALID_STREAM,
    ERR_HTTP2_PAYLOAD_FORBIDDEN,
    ERR_HTTP2_SEND_FILE,
    ERR_HTTP2_SEND_FILE_NOSEEK,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
  },
  validateString,
} = require('internal/errors');
const {
  assertValidPseudoHeaderResponse,
  constants: { NGHTTP2_INTERNAL_ERROR },
  mapToHeaders,
} = require('internal/http2/util');

const kChunkSize = 64 * 1024;

function validateOptions(stream, headers, options) {
  if (stream.destroyed || stream.closed) throw new ERR_HTTP2_INVALID_STREAM();
  if (stream.headersSent) throw new ERR_HTTP2_HEADERS_SENT();
  if (options === undefined || options === null) options = {};
  else if (typeof options !== 'object') throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
  options = { ...options };
  if (options.offset !== undefined && typeof options.offset !== 'number') {
    throw new ERR_INVALID_ARG_VALUE('options.offset', options.offset);
  }
  if (options.length !== undefined && typeof options.length !== 'number') {
    throw new ERR_INVALID_ARG_VALUE('options.length', options.length);
  }
  if (options.statCheck !== undefined && typeof options.statCheck !== 'function') {
    throw new ERR_INVALID_ARG_VALUE('options.statCheck', options.statCheck);
  }
  options.offset = options.offset === undefined ? 0 : Math.max(options.offset, 0);
  options.length = options.length === undefined ? -1 : options.length;
  headers = stream._prepareResponseHeaders(headers, options);
  const status = headers[':status'];
  if (status === 204 || status === 205 || status === 304) {
    throw new ERR_HTTP2_PAYLOAD_FORBIDDEN(status);
  }
  mapToHeaders(headers, assertValidPseudoHeaderResponse);
  return { headers, options };
}

// Reports an error of opening or stating the file: to `onError` when given, else by
// destroying the stream.
function failSend(stream, options, err) {
  if (typeof options.onError === 'function') options.onError(err);
  else stream.destroy(err);
}

// Sends the headers and the bytes of `fd`. respondWithFile, and respondWithFD with a
// statCheck, stat the descriptor first (statCheck may veto; a regular file gets a
// content-length and a bounded range); a plain respondWithFD starts at once.
function sendFromFD(stream, fd, headers, options, closeWhenDone) {
  if (!closeWhenDone && typeof options.statCheck !== 'function') {
    let list;
    try {
      list = mapToHeaders(headers, assertValidPseudoHeaderResponse);
    } catch (error) {
      failSend(stream, options, error);
      return;
    }
    stream._sendResponseHeaders(headers, list, false, !!options.waitForTrailers);
    pump(stream, fd, options.offset > 0 ? options.offset : null, options.length, false);
    return;
  }
  const onError = (err) => {
    if (closeWhenDone) fs.close(fd, () => {});
    failSend(stream, options, err);
  };
  fs.fstat(fd, (err, stat) => {
    if (stream.destroyed || stream.closed) {
      if (closeWhenDone) fs.close(fd, () => {});
      return;
    }
    if (err) {
      onError(err);
      return;
    }
    if (stat.isDirectory()) {
      onError(new ERR_HTTP2_SEND_FILE());
      return;
    }
    const regular = stat.isFile();
    if (!regular && (options.offset !== 0 || options.length !== -1)) {
      onError(new ERR_HTTP2_SEND_FILE_NOSEEK());
      return;
    }
    if (typeof options.statCheck === 'function') {
      const statOptions = { offset: options.offset, length: options.length };
      if (options.statCheck.call(stream, stat, headers, statOptions) === false) {
        if (closeWhenDone) fs.close(fd, () => {});
        return;
      }
      options.offset = statOptions.offset;
      options.length = statOptions.length;
    }
    let remaining = -1;
    if (regular) {
      const available = Math.max(stat.size - options.offset, 0);
      remaining = options.length < 0 ? available : Math.min(options.length, available);
      headers['content-length'] = remaining;
    }
    let list;
    try {
      list = mapToHeaders(headers, assertValidPseudoHeaderResponse);
    } catch (error) {
      onError(error);
      return;
    }
    stream._sendResponseHeaders(headers, list, remaining === 0,
                                !!options.waitForTrailers);
    if (remaining === 0) {
      if (closeWhenDone) fs.close(fd, () => {});
      return;
    }
    pump(stream, fd, regular ? options.offset : null, remaining, closeWhenDone);
  });
}

// Copies `remaining` bytes (-1: up to the end) of `fd` into the stream. A failed read
// resets the stream with NGHTTP2_INTERNAL_ERROR, as nghttp2's data source does.
function pump(stream, fd, position, remaining, closeWhenDone) {
  const finish = () => {
    if (closeWhenDone) fs.close(fd, () => {});
    stream.end();
  };
  const step = () => {
    if (stream.destroyed) {
      if (closeWhenDone) fs.close(fd, () => {});
      return;
    }
    const size = remaining < 0 ? kChunkSize : Math.min(kChunkSize, remaining);
    if (size === 0) {
      finish();
      return;
    }
    const buf = Buffer.allocUnsafe(size);
    fs.read(fd, buf, 0, size, position, (err, bytesRead) => {
      if (err) {
        if (closeWhenDone) fs.close(fd, () => {});
        stream.close(NGHTTP2_INTERNAL_ERROR);
        return;
      }
      if (bytesRead === 0) {
        finish();
        return;
      }
      if (position !== null) position += bytesRead;
      if (remaining > 0) remaining -= bytesRead;
      if (stream.write(buf.subarray(0, bytesRead))) step();
      else stream.once('drain', step);
    });
  };
  step();
}

function respondWithFD(stream, fd, headers, options) {
  if (fd !== null && typeof fd === 'object' && typeof fd.fd === 'number' &&
      fd.constructor?.name === 'FileHandle') {
    fd = fd.fd;
  } else if (typeof fd !== 'number') {
    throw new ERR_INVALID_ARG_TYPE('fd', ['number', 'FileHandle'], fd);
  }
  const prepared = validateOptions(stream, headers, options);
  sendFromFD(stream, fd, prepared.headers, prepared.options, false);
}

function respondWithFile(stream, path, headers, options) {
  if (typeof path !== 'string' && !(path instanceof URL) && !Buffer.isBuffer(path)) {
    validateString(path, 'path');
  }
  const prepared = validateOptions(stream, headers, options);
  fs.open(path, 'r', (err, fd) => {
    if (err) {
      // The sandbox's file system refuses to open a directory; Node opens it and then
      // finds a directory when it stats the descriptor.
      failSend(stream, prepared.options, err.code === 'EISDIR' ? new ERR_HTTP2_SEND_FILE() : err);
      return;
    }
    sendFromFD(stream, fd, prepared.headers, prepared.options, true);
  });
}

module.exports = {
  respondWithFD,
  respondWithFile,
};
