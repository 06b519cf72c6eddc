// internal/fd_streams — Node streams over kernel descriptors (pipes, mostly): `FdReadable`
// (a child's stdout and stderr, `process.stdin`, the read side of an IPC channel) and
// `FdWritable` (a child's stdin, the write side of an IPC channel).
//
// Neither blocks the process: a read happens when the event loop reports the descriptor
// readable; a write goes out at once as far as the pipe has room (as libuv tries a write
// before queueing it), and the rest when the loop reports the descriptor writable. A stream keeps the loop alive only while it waits for its descriptor (a read was
// asked for and the buffer is below its high-water mark, or a write is pending), and never
// after `unref()`. A stream made over no descriptor (`fd` null: the stdio of a child that
// failed to spawn) never reads, and fails its writes.

const { Readable, Writable } = require('stream');
const { Buffer } = require('buffer');
const { IoWatch } = require('internal/io_watch');
const fsBinding = binding('fs');
const io = binding('io');

// Bytes asked of the kernel per read.
const READ_SIZE = 65536;

function errors() {
  return require('internal/errors');
}

// Closes `stream.fd` once, if the stream owns it.
function closeDescriptor(stream) {
  if (stream._fdClosed || !stream._ownsFd) return;
  stream._fdClosed = true;
  try {
    fsBinding.close(stream.fd);
  } catch {
    // EBADF: the descriptor is gone already, so there is nothing left to release.
  }
}

class FdReadable extends Readable {
  // `ownsFd` (default true): whether destroying the stream closes the descriptor.
  constructor(fd, options = {}) {
    const { ownsFd = true, ...streamOptions } = options;
    super(streamOptions);
    this.fd = fd;
    this._ownsFd = ownsFd && fd !== null;
    this._fdClosed = false;
    this._watch = fd === null ? null : new IoWatch('readable', fd, () => this._onReadable(), this,
      'PipeWrap');
  }

  _read() {
    if (this._watch !== null) this._watch.start();
  }

  _onReadable() {
    let data;
    try {
      data = fsBinding.read(this.fd, READ_SIZE, null);
    } catch (error) {
      this._watch.stop();
      this.destroy(errors().bindingErrnoException(error, 'read'));
      return;
    }
    if (data.length === 0) {
      this._watch.stop();
      this.push(null);
      return;
    }
    if (!this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) {
      this._watch.stop();
    }
  }

  // Stops reading until the stream asks again (Node's `readStop`), so a paused stream no
  // longer keeps the process alive.
  _stopReading() {
    if (this._watch === null || !this._watch.active) return;
    this._watch.stop();
    this._readableState.reading = false;
  }

  ref() {
    if (this._watch !== null) this._watch.setRef(true);
    return this;
  }

  unref() {
    if (this._watch !== null) this._watch.setRef(false);
    return this;
  }

  _destroy(error, callback) {
    if (this._watch !== null) this._watch.stop();
    closeDescriptor(this);
    callback(error);
  }
}

class FdWritable extends Writable {
  // `ownsFd` (default true): whether ending or destroying the stream closes the descriptor.
  constructor(fd, options = {}) {
    const { ownsFd = true, ...streamOptions } = options;
    super(streamOptions);
    this.fd = fd;
    this._ownsFd = ownsFd && fd !== null;
    this._fdClosed = false;
    this._pending = null;
    // A write-only pipe, as Node's child stdin socket reports.
    this.readable = false;
    this._watch = fd === null ? null : new IoWatch('writable', fd, () => this._onWritable(), this,
      'PipeWrap');
  }

  _write(chunk, encoding, callback) {
    if (this._watch === null) {
      callback(new (errors().codes.ERR_SOCKET_CLOSED)());
      return;
    }
    if (chunk.length === 0) {
      callback();
      return;
    }
    this._pending = { data: chunk, callback };
    if (io.poll([['writable', this.fd]], 0).length > 0) {
      this._onWritable();
      if (this._pending === null) return;
    }
    this._watch.start();
  }

  _onWritable() {
    const pending = this._pending;
    let written;
    try {
      written = fsBinding.write(this.fd, pending.data, null);
    } catch (error) {
      this._finishWrite(errors().bindingErrnoException(error, 'write'));
      return;
    }
    pending.data = pending.data.subarray(written);
    if (pending.data.length === 0) this._finishWrite(null);
  }

  _finishWrite(error) {
    this._watch.stop();
    const { callback } = this._pending;
    this._pending = null;
    callback(error);
  }

  // Ending closes the descriptor, so the reader sees end of file.
  _final(callback) {
    closeDescriptor(this);
    callback();
  }

  ref() {
    if (this._watch !== null) this._watch.setRef(true);
    return this;
  }

  unref() {
    if (this._watch !== null) this._watch.setRef(false);
    return this;
  }

  _destroy(error, callback) {
    if (this._watch !== null) this._watch.stop();
    this._pending = null;
    closeDescriptor(this);
    callback(error);
  }
}

module.exports = { FdReadable, FdWritable };
