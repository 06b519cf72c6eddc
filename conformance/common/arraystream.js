// test/common/arraystream for the sandbox: a stream the readline and REPL tests feed
// lines into with `run([...lines])`; reads and writes are accepted and ignored.
'use strict';

const { Stream } = require('stream');

class ArrayStream extends Stream {
  constructor() {
    super();
    this.readable = true;
    this.writable = true;
  }

  run(lines) {
    for (const line of lines) this.emit('data', `${line}\n`);
  }

  pause() {}

  resume() {}

  write() {}
}

module.exports = ArrayStream;
