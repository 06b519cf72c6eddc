'use strict';
// test/common/http2 — raw HTTP/2 frame builders for tests that speak the wire protocol
// directly over a `net` socket (RFC 9113 §4.1 frame layout), plus the client connection
// preface and two HPACK-encoded header blocks taken from the examples of RFC 7541 §C.3.1/§C.5.1.

const kFrameData = Symbol('frame-data');

const FLAG_EOS = 0x1;
const FLAG_ACK = 0x1;
const FLAG_EOH = 0x4;
const FLAG_PADDED = 0x8;

const TYPE_DATA = 0;
const TYPE_HEADERS = 1;
const TYPE_SETTINGS = 4;
const TYPE_PING = 6;
const TYPE_ALTSVC = 10;

class Frame {
  constructor(length, type, flags, id) {
    const header = Buffer.alloc(9);
    header.writeUIntBE(length, 0, 3);
    header[3] = type;
    header[4] = flags;
    header.writeUInt32BE(id, 5);
    this[kFrameData] = header;
  }

  get data() {
    return this[kFrameData];
  }
}

// A frame whose payload may be padded (DATA and HEADERS): the pad length byte goes first
// and `padlen` zero bytes follow the payload.
class PaddedFrame extends Frame {
  constructor(type, id, payload, padlen, flags) {
    const padded = padlen > 0;
    const length = payload.length + (padded ? padlen + 1 : 0);
    super(length, type, flags | (padded ? FLAG_PADDED : 0), id);
    const parts = [this[kFrameData]];
    if (padded) parts.push(Buffer.from([padlen]));
    parts.push(payload);
    if (padded) parts.push(Buffer.alloc(padlen));
    this[kFrameData] = Buffer.concat(parts);
  }
}

class SettingsFrame extends Frame {
  constructor(ack = false) {
    super(0, TYPE_SETTINGS, ack ? FLAG_ACK : 0, 0);
  }
}

class DataFrame extends PaddedFrame {
  constructor(id, payload, padlen = 0, final = false) {
    super(TYPE_DATA, id, payload, padlen, final ? FLAG_EOS : 0);
  }
}

class HeadersFrame extends PaddedFrame {
  constructor(id, payload, padlen = 0, final = false) {
    super(TYPE_HEADERS, id, payload, padlen, FLAG_EOH | (final ? FLAG_EOS : 0));
  }
}

class PingFrame extends Frame {
  constructor(ack = false) {
    super(8, TYPE_PING, ack ? FLAG_ACK : 0, 0);
    this[kFrameData] = Buffer.concat([this[kFrameData], Buffer.alloc(8)]);
  }
}

// An ALTSVC frame on stream 0 with `size` zero bytes of payload (malformed on purpose
// when `size` is larger than the peer's maximum frame size).
class AltSvcFrame extends Frame {
  constructor(size) {
    super(size, TYPE_ALTSVC, 0, 0);
    this[kFrameData] = Buffer.concat([this[kFrameData], Buffer.alloc(size)]);
  }
}

// GET http://www.example.com/ (RFC 7541 §C.3.1).
const kFakeRequestHeaders = Buffer.concat([
  Buffer.from([0x82, 0x86, 0x84, 0x41, 0x0f]),
  Buffer.from('www.example.com'),
]);

// :status 302, cache-control private, date, location (RFC 7541 §C.5.1).
const kFakeResponseHeaders = Buffer.concat([
  Buffer.from([0x48, 0x03]), Buffer.from('302'),
  Buffer.from([0x58, 0x07]), Buffer.from('private'),
  Buffer.from([0x61, 0x1d]), Buffer.from('Mon, 21 Oct 2013 20:13:21 GMT'),
  Buffer.from([0x6e, 0x17]), Buffer.from('https://www.example.com'),
]);

const kClientMagic = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

module.exports = {
  Frame,
  AltSvcFrame,
  DataFrame,
  HeadersFrame,
  SettingsFrame,
  PingFrame,
  kFakeRequestHeaders,
  kFakeResponseHeaders,
  kClientMagic,
};
