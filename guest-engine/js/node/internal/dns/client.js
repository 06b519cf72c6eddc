// internal/dns/client — the DNS client a `Resolver` uses once `setServers()` has named
// servers (Node's c-ares channel): queries in the DNS wire format (RFC 1035) sent over UDP
// (`dgram`) to each server in turn, `tries` rounds of `timeout` milliseconds each, and
// answers decoded into the values of Node's `resolve*` methods. Replies that do not parse
// are dropped (the query goes on waiting), as c-ares does.

const { Buffer } = require('buffer');
const { isIP } = require('internal/net/address');
const { setTimeout, clearTimeout } = require('timers');

const TYPES = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35,
  ANY: 255, CAA: 257,
};
const TYPE_NAMES = new Map(Object.entries(TYPES).map(([name, code]) => [code, name]));
const CLASS_IN = 1;
// Header flags of a query: recursion desired.
const FLAG_RD = 0x0100;
const FLAG_QR = 0x8000;
// Response codes and the errors Node reports for them.
const RCODE_ERRORS = { 1: 'EFORMERR', 2: 'ESERVFAIL', 3: 'ENOTFOUND', 4: 'ENOTIMP', 5: 'EREFUSED' };
// c-ares' defaults: 2 s per attempt, and Node asks for 4 tries.
const DEFAULT_TIMEOUT = 2000;
const DEFAULT_TRIES = 4;

class MalformedMessage extends Error {}

// `name` as length-prefixed labels ending in the root label; null when a label is empty or
// longer than 63 bytes or the name longer than 255 bytes.
function encodeName(name) {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const parts = [];
  if (trimmed !== '') {
    for (const label of trimmed.split('.')) {
      const bytes = Buffer.from(label, 'utf8');
      if (bytes.length === 0 || bytes.length > 63) return null;
      parts.push(Buffer.from([bytes.length]), bytes);
    }
  }
  parts.push(Buffer.from([0]));
  const encoded = Buffer.concat(parts);
  return encoded.length > 255 ? null : encoded;
}

// A query message for `name` and record type `rrtype`; null for a name DNS cannot carry.
function encodeQuery(id, name, rrtype) {
  const qname = encodeName(name);
  if (qname === null) return null;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(FLAG_RD, 2);
  header.writeUInt16BE(1, 4);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(TYPES[rrtype], 0);
  question.writeUInt16BE(CLASS_IN, 2);
  return Buffer.concat([header, qname, question]);
}

// Reads the (possibly compressed) name at `offset`: `{ name, end }`, `end` being the
// offset after the name where it starts.
function readName(message, offset) {
  const labels = [];
  let end = -1;
  let jumps = 0;
  for (;;) {
    if (offset >= message.length) throw new MalformedMessage();
    const length = message[offset];
    if ((length & 0xc0) === 0xc0) {
      if (offset + 1 >= message.length || ++jumps > 64) throw new MalformedMessage();
      if (end === -1) end = offset + 2;
      offset = ((length & 0x3f) << 8) | message[offset + 1];
    } else if (length === 0) {
      return { name: labels.join('.'), end: end === -1 ? offset + 1 : end };
    } else {
      if (offset + 1 + length > message.length) throw new MalformedMessage();
      labels.push(message.toString('latin1', offset + 1, offset + 1 + length));
      offset += 1 + length;
    }
  }
}

// `[{ string, end }]` of the length-prefixed character strings in [offset, end).
function readStrings(message, offset, end) {
  const strings = [];
  while (offset < end) {
    const length = message[offset];
    if (offset + 1 + length > end) throw new MalformedMessage();
    strings.push(message.toString('utf8', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  return strings;
}

function formatIPv6(bytes) {
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // The longest run (of two or more) of zero groups becomes `::`.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (best === -1) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

// The fields of one record's data, as Node's `resolveAny` lists them (without `type`).
function decodeData(message, type, offset, length, ttl) {
  const end = offset + length;
  switch (type) {
    case TYPES.A:
      if (length !== 4) throw new MalformedMessage();
      return { address: [...message.subarray(offset, end)].join('.'), ttl };
    case TYPES.AAAA:
      if (length !== 16) throw new MalformedMessage();
      return { address: formatIPv6(message.subarray(offset, end)), ttl };
    case TYPES.NS:
    case TYPES.CNAME:
    case TYPES.PTR:
      return { value: readName(message, offset).name };
    case TYPES.MX:
      return { priority: message.readUInt16BE(offset), exchange: readName(message, offset + 2).name };
    case TYPES.TXT:
      return { entries: readStrings(message, offset, end) };
    case TYPES.SRV:
      return {
        priority: message.readUInt16BE(offset),
        weight: message.readUInt16BE(offset + 2),
        port: message.readUInt16BE(offset + 4),
        name: readName(message, offset + 6).name,
      };
    case TYPES.NAPTR: {
      const order = message.readUInt16BE(offset);
      const preference = message.readUInt16BE(offset + 2);
      let at = offset + 4;
      const [flags, service, regexp] = [0, 1, 2].map(() => {
        const [string] = readStrings(message, at, at + 1 + message[at]);
        at += 1 + message[at];
        return string;
      });
      return { flags, service, regexp, replacement: readName(message, at).name, order, preference };
    }
    case TYPES.SOA: {
      const nsname = readName(message, offset);
      const hostmaster = readName(message, nsname.end);
      const at = hostmaster.end;
      if (at + 20 > end) throw new MalformedMessage();
      return {
        nsname: nsname.name,
        hostmaster: hostmaster.name,
        serial: message.readUInt32BE(at),
        refresh: message.readUInt32BE(at + 4),
        retry: message.readUInt32BE(at + 8),
        expire: message.readUInt32BE(at + 12),
        minttl: message.readUInt32BE(at + 16),
      };
    }
    case TYPES.CAA: {
      const tagLength = message[offset + 1];
      if (offset + 2 + tagLength > end) throw new MalformedMessage();
      const tag = message.toString('latin1', offset + 2, offset + 2 + tagLength);
      return { critical: message[offset], [tag]: message.toString('utf8', offset + 2 + tagLength, end) };
    }
    default:
      return null;
  }
}

// `{ id, rcode, records: [{ type: 'A', ...fields }] }` of a response; throws
// MalformedMessage when it does not parse.
function decodeResponse(message) {
  if (message.length < 12) throw new MalformedMessage();
  const id = message.readUInt16BE(0);
  const flags = message.readUInt16BE(2);
  const questions = message.readUInt16BE(4);
  const answers = message.readUInt16BE(6);
  let offset = 12;
  for (let i = 0; i < questions; i++) offset = readName(message, offset).end + 4;
  const records = [];
  for (let i = 0; i < answers; i++) {
    offset = readName(message, offset).end;
    if (offset + 10 > message.length) throw new MalformedMessage();
    const type = message.readUInt16BE(offset);
    const ttl = message.readUInt32BE(offset + 4);
    const length = message.readUInt16BE(offset + 8);
    offset += 10;
    if (offset + length > message.length) throw new MalformedMessage();
    const fields = decodeData(message, type, offset, length, ttl);
    if (fields !== null) records.push({ type: TYPE_NAMES.get(type), ...fields });
    offset += length;
  }
  if ((flags & FLAG_QR) === 0) throw new MalformedMessage();
  return { id, rcode: flags & 0xf, records };
}

// What a `resolve*` method answers for `rrtype` from a response's records; null when none
// is of that type (ENODATA).
function shapeAnswer(records, rrtype, ttl) {
  if (rrtype === 'ANY') return records.length === 0 ? null : records;
  const matching = records.filter((record) => record.type === rrtype);
  if (matching.length === 0) return null;
  switch (rrtype) {
    case 'A':
    case 'AAAA':
      return matching.map((record) => (ttl ? { address: record.address, ttl: record.ttl } : record.address));
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return matching.map((record) => record.value);
    case 'TXT':
      return matching.map((record) => record.entries);
    case 'SOA': {
      const { type, ...soa } = matching[0];
      return soa;
    }
    default:
      return matching.map(({ type, ...fields }) => fields);
  }
}

// The name a reverse (PTR) query asks for `ip`; null when `ip` is not an address.
function reverseName(ip) {
  const family = isIP(ip);
  if (family === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (family !== 6) return null;
  const [head, tail = ''] = ip.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::')
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  const nibbles = groups.map((group) => group.padStart(4, '0')).join('').split('');
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

// One query in flight: asks `servers` ([{ address, port }]) in turn for `name` (from the
// local address of the server's family, when one is set), and calls `done(code, answer)`
// once, with code null and the shaped answer, or an error code.
class Exchange {
  constructor(servers, { timeout, tries, localAddresses }, name, rrtype, ttl, done) {
    this.servers = servers;
    this.localAddresses = localAddresses;
    this.timeout = timeout === -1 ? DEFAULT_TIMEOUT : timeout;
    this.attemptsLeft = servers.length * (tries ?? DEFAULT_TRIES);
    this.rrtype = rrtype;
    this.ttl = ttl;
    this.done = done;
    this.id = Math.floor(Math.random() * 0x10000);
    this.query = encodeQuery(this.id, name, rrtype);
    this.next = 0;
    this.socket = null;
    this.timer = null;
    this.sendFailed = false;
    if (this.query === null) process.nextTick(() => this.finish('EBADNAME', undefined));
    else this.attempt();
  }

  attempt() {
    if (this.attemptsLeft === 0) {
      this.finish(this.sendFailed ? 'ECONNREFUSED' : 'ETIMEOUT', undefined);
      return;
    }
    this.attemptsLeft--;
    const server = this.servers[this.next++ % this.servers.length];
    this.closeSocket();
    const family = isIP(server.address);
    const socket = require('dgram').createSocket(family === 6 ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('message', (message) => this.onMessage(message));
    socket.on('error', () => this.retry());
    if (this.localAddresses[family] !== undefined) {
      socket.bind({ address: this.localAddresses[family], port: 0 });
    }
    socket.send(this.query, server.port, server.address, (error) => {
      if (error) {
        this.sendFailed = true;
        this.retry();
      }
    });
    this.timer = setTimeout(() => this.retry(), this.timeout);
  }

  retry() {
    if (this.done === null) return;
    clearTimeout(this.timer);
    this.attempt();
  }

  onMessage(message) {
    let response;
    try {
      response = decodeResponse(message);
    } catch (error) {
      if (error instanceof MalformedMessage) return;
      throw error;
    }
    if (response.id !== this.id) return;
    const rcodeError = RCODE_ERRORS[response.rcode];
    if (rcodeError !== undefined) {
      this.finish(rcodeError, undefined);
      return;
    }
    if (response.rcode !== 0) {
      this.finish('EBADRESP', undefined);
      return;
    }
    const answer = shapeAnswer(response.records, this.rrtype, this.ttl);
    if (answer === null) this.finish('ENODATA', undefined);
    else this.finish(null, answer);
  }

  // Stops waiting without an answer (the query was cancelled).
  abort() {
    this.done = null;
    clearTimeout(this.timer);
    this.closeSocket();
  }

  finish(code, answer) {
    const { done } = this;
    if (done === null) return;
    this.abort();
    done(code, answer);
  }

  closeSocket() {
    if (this.socket === null) return;
    this.socket.close();
    this.socket = null;
  }
}

module.exports = { Exchange, reverseName };
