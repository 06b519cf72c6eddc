// internal/net/blocklist — `net.SocketAddress` (a validated address, port, family and
// flow label) and `net.BlockList` (rules of single addresses, ranges and subnets that
// `check` matches addresses against). Addresses compare as numbers: 32 bits for IPv4,
// 128 for IPv6, where an IPv4 address and its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`)
// are the same address.

const { isIPv4, isIPv6 } = require('internal/net/address');
const {
  codes: { ERR_INVALID_ADDRESS, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE },
  validateInt32,
  validateObject,
  validateOneOf,
  validatePort,
  validateString,
  validateUint32,
} = require('internal/errors');

const kInspect = Symbol.for('nodejs.util.inspect.custom');
const IPV4_MAPPED_PREFIX = 0xffffn << 32n;

// How Node inspects a SocketAddress or BlockList: past the depth limit the object itself
// (shown as `[Name]`), otherwise the name and `fields` one level deeper.
function inspectAs(self, name, fields, depth, options, inspect) {
  if (depth < 0) return self;
  return `${name} ${inspect(fields, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
}

function ipv4Value(text) {
  return text.split('.').reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

function ipv6Value(text) {
  const address = text.split('%')[0];
  const groupsOf = (side) => {
    if (side === '') return [];
    const parts = side.split(':');
    const last = parts[parts.length - 1];
    if (last.includes('.')) {
      const v4 = ipv4Value(last);
      parts.splice(parts.length - 1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return parts.map((part) => BigInt(`0x${part}`));
  };
  const [head, tail] = address.split('::');
  const headGroups = groupsOf(head);
  const tailGroups = tail === undefined ? [] : groupsOf(tail);
  const zeros = new Array(8 - headGroups.length - tailGroups.length).fill(0n);
  return [...headGroups, ...zeros, ...tailGroups]
    .reduce((value, group) => (value << 16n) | group, 0n);
}

// The number of an address of `family` ('ipv4' or 'ipv6').
function numeric(address, family) {
  return family === 'ipv4' ? ipv4Value(address) : ipv6Value(address);
}

// The value of `address` comparable with a rule of `ruleFamily`, or null when the two
// cannot be the same address.
function comparable(value, family, ruleFamily) {
  if (family === ruleFamily) return value;
  if (family === 'ipv4') return IPV4_MAPPED_PREFIX | value;
  if ((value >> 32n) === 0xffffn) return value & 0xffffffffn;
  return null;
}

function validateFamily(family, name) {
  validateString(family, name);
  const lower = family.toLowerCase();
  validateOneOf(lower, name, ['ipv4', 'ipv6']);
  return lower;
}

class SocketAddress {
  static isSocketAddress(value) {
    return value instanceof SocketAddress;
  }

  // `'1.2.3.4:80'` or `'[::1]:80'`, or undefined when it is not an address.
  static parse(input) {
    validateString(input, 'input');
    const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(input) ?? /^([^:]+)(?::(\d+))?$/.exec(input);
    if (match === null) return undefined;
    try {
      return new SocketAddress({
        address: match[1],
        port: match[2] === undefined ? 0 : Number(match[2]),
        family: isIPv6(match[1]) ? 'ipv6' : 'ipv4',
      });
    } catch {
      return undefined;
    }
  }

  constructor(options = {}) {
    validateObject(options, 'options');
    const family = validateFamily(options.family ?? 'ipv4', 'options.family');
    const { address = family === 'ipv4' ? '127.0.0.1' : '::', port = 0, flowlabel = 0 } = options;
    validateString(address, 'options.address');
    validatePort(port, 'options.port');
    validateUint32(flowlabel, 'options.flowlabel', false);
    if (!(family === 'ipv4' ? isIPv4(address) : isIPv6(address))) throw new ERR_INVALID_ADDRESS();
    this._address = address;
    this._port = port | 0;
    this._family = family;
    this._flowlabel = flowlabel;
  }

  get address() { return this._address; }

  get port() { return this._port; }

  get family() { return this._family; }

  get flowlabel() { return this._flowlabel; }

  toJSON() {
    const { address, port, family, flowlabel } = this;
    return { address, port, family, flowlabel };
  }

  [kInspect](depth, options, inspect) {
    return inspectAs(this, 'SocketAddress', this.toJSON(), depth, options, inspect);
  }
}

// A SocketAddress from an address string or a SocketAddress, for BlockList arguments.
function socketAddress(address, family, name) {
  if (SocketAddress.isSocketAddress(address)) return address;
  if (typeof address !== 'string') {
    throw new ERR_INVALID_ARG_TYPE(name, ['string', 'SocketAddress'], address);
  }
  return new SocketAddress({ address, family: validateFamily(family, 'family') });
}

class BlockList {
  static isBlockList(value) {
    return value instanceof BlockList;
  }

  constructor() {
    this._rules = [];
  }

  addAddress(address, family = 'ipv4') {
    const at = socketAddress(address, family, 'address');
    const value = numeric(at.address, at.family);
    this._rules.unshift({
      family: at.family, start: value, end: value,
      text: `Address: ${label(at.family)} ${at.address}`,
    });
  }

  addRange(start, end, family = 'ipv4') {
    const from = socketAddress(start, family, 'start');
    const to = socketAddress(end, family, 'end');
    const low = numeric(from.address, from.family);
    const high = numeric(to.address, to.family);
    if (from.family !== to.family || low > high) {
      throw new ERR_INVALID_ARG_VALUE('start', from, 'must come before end');
    }
    this._rules.unshift({
      family: from.family, start: low, end: high,
      text: `Range: ${label(from.family)} ${from.address}-${to.address}`,
    });
  }

  addSubnet(network, prefix, family = 'ipv4') {
    const at = socketAddress(network, family, 'network');
    const bits = at.family === 'ipv4' ? 32 : 128;
    validateInt32(prefix, 'prefix', 0, bits);
    const hostBits = BigInt(bits - prefix);
    const base = (numeric(at.address, at.family) >> hostBits) << hostBits;
    this._rules.unshift({
      family: at.family, start: base, end: base | ((1n << hostBits) - 1n),
      text: `Subnet: ${label(at.family)} ${at.address}/${prefix}`,
    });
  }

  check(address, family = 'ipv4') {
    let at;
    try {
      at = socketAddress(address, family, 'address');
    } catch (error) {
      if (error.code === 'ERR_INVALID_ADDRESS') return false;
      throw error;
    }
    const value = numeric(at.address, at.family);
    return this._rules.some((rule) => {
      const candidate = comparable(value, at.family, rule.family);
      return candidate !== null && candidate >= rule.start && candidate <= rule.end;
    });
  }

  get rules() {
    return this._rules.map((rule) => rule.text);
  }

  [kInspect](depth, options, inspect) {
    return inspectAs(this, 'BlockList', { rules: this.rules }, depth, options, inspect);
  }
}

function label(family) {
  return family === 'ipv4' ? 'IPv4' : 'IPv6';
}

module.exports = { BlockList, SocketAddress };
