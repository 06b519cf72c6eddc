'use strict';
// common/dns — the DNS helpers of Node's tests: a DNS wire-format (RFC 1035) message
// parser and writer for fake DNS servers on `dgram`, and mocked `lookup` functions for
// `net`/`http` connection options.

const assert = require('assert');
const { isIP } = require('net');

const types = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35,
  ANY: 255, CAA: 257,
};
const typeNames = Object.fromEntries(Object.entries(types).map(([name, code]) => [code, name]));

const classes = { IN: 1, ANY: 255 };

// --- Parsing -------------------------------------------------------------------------------

// The (possibly compressed) name at `offset`: `{ name, end }`, `end` following the name.
function readDomain(buffer, offset) {
  const labels = [];
  let end = null;
  for (;;) {
    const length = buffer[offset];
    if (length === undefined) throw new Error('truncated name');
    if ((length & 0xc0) === 0xc0) {
      if (end === null) end = offset + 2;
      offset = buffer.readUInt16BE(offset) & 0x3fff;
    } else if (length === 0) {
      return { name: labels.join('.'), end: end ?? offset + 1 };
    } else {
      labels.push(buffer.toString('utf8', offset + 1, offset + 1 + length));
      offset += 1 + length;
    }
  }
}

function readStrings(buffer, offset, end) {
  const strings = [];
  while (offset < end) {
    const length = buffer[offset];
    strings.push(buffer.toString('utf8', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  return strings;
}

function readIPv6(buffer, offset) {
  const groups = [];
  for (let i = 0; i < 8; i++) groups.push(buffer.readUInt16BE(offset + i * 2).toString(16));
  return groups.join(':');
}

function readRecordData(buffer, rr, offset, length) {
  const end = offset + length;
  switch (rr.type) {
    case 'A':
      rr.address = [...buffer.subarray(offset, end)].join('.');
      break;
    case 'AAAA':
      rr.address = readIPv6(buffer, offset);
      break;
    case 'NS':
    case 'CNAME':
    case 'PTR':
      rr.value = readDomain(buffer, offset).name;
      break;
    case 'MX':
      rr.priority = buffer.readUInt16BE(offset);
      rr.exchange = readDomain(buffer, offset + 2).name;
      break;
    case 'TXT':
      rr.entries = readStrings(buffer, offset, end);
      break;
    case 'SRV':
      rr.priority = buffer.readUInt16BE(offset);
      rr.weight = buffer.readUInt16BE(offset + 2);
      rr.port = buffer.readUInt16BE(offset + 4);
      rr.name = readDomain(buffer, offset + 6).name;
      break;
    case 'SOA': {
      const nsname = readDomain(buffer, offset);
      const hostmaster = readDomain(buffer, nsname.end);
      const at = hostmaster.end;
      Object.assign(rr, {
        nsname: nsname.name,
        hostmaster: hostmaster.name,
        serial: buffer.readUInt32BE(at),
        refresh: buffer.readUInt32BE(at + 4),
        retry: buffer.readUInt32BE(at + 8),
        expire: buffer.readUInt32BE(at + 12),
        minttl: buffer.readUInt32BE(at + 16),
      });
      break;
    }
    case 'CAA': {
      const tagLength = buffer[offset + 1];
      const tag = buffer.toString('ascii', offset + 2, offset + 2 + tagLength);
      rr.critical = buffer[offset];
      rr[tag] = buffer.toString('utf8', offset + 2 + tagLength, end);
      break;
    }
    default:
      rr.data = buffer.subarray(offset, end);
  }
}

// `{ id, flags, questions, answers, authorityAnswers, additionalRecords }` of a message;
// questions are `{ domain, cls, type }`, records also carry `ttl` and their fields.
function parseDNSPacket(buffer) {
  assert.ok(buffer.length >= 12, 'DNS message shorter than its header');
  const parsed = {
    id: buffer.readUInt16BE(0),
    flags: buffer.readUInt16BE(2),
  };
  const counts = [4, 6, 8, 10].map((offset) => buffer.readUInt16BE(offset));
  let offset = 12;
  parsed.questions = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, end } = readDomain(buffer, offset);
    parsed.questions.push({
      domain: name,
      type: typeNames[buffer.readUInt16BE(end)],
      cls: buffer.readUInt16BE(end + 2),
    });
    offset = end + 4;
  }
  for (const [section, count] of [['answers', counts[1]], ['authorityAnswers', counts[2]],
                                  ['additionalRecords', counts[3]]]) {
    parsed[section] = [];
    for (let i = 0; i < count; i++) {
      const { name, end } = readDomain(buffer, offset);
      const rr = {
        domain: name,
        type: typeNames[buffer.readUInt16BE(end)],
        cls: buffer.readUInt16BE(end + 2),
        ttl: buffer.readUInt32BE(end + 4),
      };
      const length = buffer.readUInt16BE(end + 8);
      readRecordData(buffer, rr, end + 10, length);
      parsed[section].push(rr);
      offset = end + 10 + length;
    }
  }
  return parsed;
}

// --- Writing -------------------------------------------------------------------------------

function writeDomainName(domain) {
  const parts = domain.split('.').filter((label) => label !== '').map((label) => {
    const bytes = Buffer.from(label);
    assert.ok(bytes.length <= 63, `label too long: ${label}`);
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  });
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function uint16(...values) {
  const buffer = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => buffer.writeUInt16BE(value, i * 2));
  return buffer;
}

function uint32(...values) {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => buffer.writeUInt32BE(value, i * 4));
  return buffer;
}

function writeIPv6(address) {
  const [head, tail = ''] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const zeros = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array(zeros).fill('0'), ...tailGroups];
  return uint16(...groups.map((group) => parseInt(group, 16)));
}

function characterString(text) {
  const bytes = Buffer.from(text);
  assert.ok(bytes.length <= 255, 'character-string too long');
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function recordData(rr) {
  switch (rr.type) {
    case 'A':
      return Buffer.from(rr.address.split('.').map(Number));
    case 'AAAA':
      return writeIPv6(rr.address);
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return writeDomainName(rr.value);
    case 'MX':
      return Buffer.concat([uint16(rr.priority), writeDomainName(rr.exchange)]);
    case 'TXT':
      return Buffer.concat(rr.entries.map(characterString));
    case 'SRV':
      return Buffer.concat([uint16(rr.priority, rr.weight, rr.port), writeDomainName(rr.name)]);
    case 'SOA':
      return Buffer.concat([
        writeDomainName(rr.nsname),
        writeDomainName(rr.hostmaster),
        uint32(rr.serial, rr.refresh, rr.retry, rr.expire, rr.minttl),
      ]);
    case 'CAA': {
      const tag = ['issue', 'issuewild', 'iodef'].find((name) => rr[name] !== undefined);
      assert.ok(tag, 'CAA record without issue, issuewild or iodef');
      return Buffer.concat([
        Buffer.from([rr.critical, tag.length]),
        Buffer.from(tag),
        Buffer.from(rr[tag]),
      ]);
    }
    default:
      throw new Error(`Unknown RR type ${rr.type}`);
  }
}

const kStandardResponseFlags = 0x8180;

// A message of `{ id, flags?, questions, answers, authorityAnswers, additionalRecords }`
// (each section an array or one record); flags default to a standard response.
function writeDNSPacket(parsed) {
  const sections = ['questions', 'answers', 'authorityAnswers', 'additionalRecords']
    .map((name) => [].concat(parsed[name] ?? []));
  const buffers = [uint16(parsed.id, parsed.flags ?? kStandardResponseFlags,
                          ...sections.map((section) => section.length))];
  for (const question of sections[0]) {
    assert.ok(types[question.type], `unknown question type ${question.type}`);
    buffers.push(writeDomainName(question.domain),
                 uint16(types[question.type], question.cls ?? classes.IN));
  }
  for (const rr of sections.slice(1).flat()) {
    assert.ok(types[rr.type], `unknown RR type ${rr.type}`);
    const data = recordData(rr);
    buffers.push(writeDomainName(rr.domain),
                 uint16(types[rr.type], rr.cls ?? classes.IN),
                 uint32(rr.ttl ?? 0),
                 uint16(data.length),
                 data);
  }
  return Buffer.concat(buffers);
}

// --- Mocked lookups ------------------------------------------------------------------------

const mockedErrorCode = 'ENOTFOUND';
const mockedSysCall = 'getaddrinfo';

// A `lookup` that fails every name with `code` from `syscall`.
function errorLookupMock(code = mockedErrorCode, syscall = mockedSysCall) {
  return function lookupWithError(hostname, dnsopts, cb) {
    const err = new Error(`${syscall} ${code} ${hostname}`);
    err.code = code;
    err.errno = code;
    err.syscall = syscall;
    err.hostname = hostname;
    cb(err);
  };
}

// A `lookup` that answers every name with `addresses` (all of them with `{ all: true }`).
function createMockedLookup(...addresses) {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return function lookup(hostname, options, cb) {
    if (options.all === true) {
      process.nextTick(cb, null, entries);
    } else {
      process.nextTick(cb, null, entries[0].address, entries[0].family);
    }
  };
}

module.exports = {
  types,
  classes,
  writeDNSPacket,
  parseDNSPacket,
  errorLookupMock,
  mockedErrorCode,
  mockedSysCall,
  createMockedLookup,
};
