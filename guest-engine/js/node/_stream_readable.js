// node:_stream_readable — the legacy name of stream.Readable.

module.exports = require('stream').Readable;
