// internal/net/dns — name resolution shared by `dns`, `dns/promises` and `net`: argument
// handling of `lookup`, the kernel's resolver (binding('net').resolve, which answers
// `localhost` and numeric addresses itself and sends other names to the host when the
// network permissions allow), the default result order, Node's DNS errors, and the
// `Resolver` state (servers, options, cancellation) both dns APIs wrap. Successful lookups
// and queries are reported to 'dns' performance observers (perf_hooks), as in Node.
//
// `lookup` always asks the kernel, as getaddrinfo does. A Resolver's queries go to the
// kernel too until `setServers()` names DNS servers; then they go to those servers
// (internal/dns/client). The kernel knows addresses only: there, record types other than
// A and AAAA fail with ENOTIMP, reverse lookups too, and answers carry no TTLs
// (`{ ttl: true }` answers carry ttl 0, "do not cache").

const netBinding = binding('net');
const { isIP } = require('internal/net/address');
const { PERMISSION_NOTE } = require('internal/net/errors');
const { Exchange, reverseName } = require('internal/dns/client');
const {
  codes: {
    ERR_DNS_SET_SERVERS_FAILED,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_IP_ADDRESS,
  },
  getSystemErrorMap,
  validateBoolean,
  validateFunction,
  validateInt32,
  validateNumber,
  validateObject,
  validateOneOf,
  validateString,
  validateArray,
  validatePort,
} = require('internal/errors');

const RESULT_ORDERS = ['ipv4first', 'ipv6first', 'verbatim'];
const FAMILIES = [0, 4, 6];
// getaddrinfo's hint flags (`dns.ADDRCONFIG`, `dns.ALL`, `dns.V4MAPPED`).
const ADDRCONFIG = 1024;
const ALL = 256;
const V4MAPPED = 2048;
// getaddrinfo's EAI_NONAME, which Node reports as ENOTFOUND.
const EAI_NONAME = -3008;

let defaultResultOrder = 'verbatim';

function getDefaultResultOrder() {
  return defaultResultOrder;
}

function setDefaultResultOrder(order) {
  validateOneOf(order, 'dnsOrder', RESULT_ORDERS);
  defaultResultOrder = order;
}

function errnoOf(code) {
  for (const [errno, [name]] of getSystemErrorMap()) {
    if (name === code) return errno;
  }
  return undefined;
}

// Node's DNS error: `getaddrinfo ENOTFOUND example.invalid` with code/errno/syscall/
// hostname. getaddrinfo errors carry an errno; c-ares query errors (`queryA`) do not.
function dnsException(code, syscall, hostname) {
  let errno;
  if (syscall === 'getaddrinfo' || syscall === 'getnameinfo') {
    errno = code === 'ENOTFOUND' ? EAI_NONAME : errnoOf(code);
  }
  let message = `${syscall} ${code}${hostname ? ` ${hostname}` : ''}`;
  if (code === 'EACCES') message += ` - ${PERMISSION_NOTE}`;
  const err = new Error(message);
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  if (hostname) err.hostname = hostname;
  return err;
}

// The kernel's answer for `hostname` as `[{ address, family: 4|6 }]`; throws the kernel's
// error as a dnsException for `syscall`.
function resolveHost(hostname, syscall) {
  let answers;
  try {
    answers = netBinding.resolve(hostname);
  } catch (error) {
    if (error === null || typeof error !== 'object' || typeof error.code !== 'string') throw error;
    throw dnsException(error.code, syscall, hostname);
  }
  return answers.map(({ address, family }) => ({ address, family: family === 'IPv6' ? 6 : 4 }));
}

function sortByOrder(addresses, order) {
  if (order === 'verbatim') return addresses;
  const first = order === 'ipv4first' ? 4 : 6;
  return [
    ...addresses.filter((entry) => entry.family === first),
    ...addresses.filter((entry) => entry.family !== first),
  ];
}

// Validates `lookup(hostname, options, callback)`'s options (a family number or an
// object) into `{ family, hints, all, order }`.
function lookupOptions(options) {
  let family = 0;
  let hints = 0;
  let all = false;
  let order = defaultResultOrder;
  if (typeof options === 'number') {
    validateOneOf(options, 'family', FAMILIES);
    return { family: options, hints, all, order };
  }
  if (options === undefined || options === null) return { family, hints, all, order };
  if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', ['integer', 'object'], options);
  }
  if (options.hints != null) {
    validateNumber(options.hints, 'options.hints');
    hints = options.hints >>> 0;
    if ((hints & ~(ADDRCONFIG | ALL | V4MAPPED)) !== 0) {
      throw new ERR_INVALID_ARG_VALUE('hints', hints);
    }
  }
  if (options.family != null) {
    if (options.family === 'IPv4') {
      family = 4;
    } else if (options.family === 'IPv6') {
      family = 6;
    } else {
      validateOneOf(options.family, 'options.family', FAMILIES);
      family = options.family;
    }
  }
  if (options.all != null) {
    validateBoolean(options.all, 'options.all');
    all = options.all;
  }
  if (options.verbatim != null) {
    validateBoolean(options.verbatim, 'options.verbatim');
    order = options.verbatim ? 'verbatim' : 'ipv4first';
  }
  if (options.order != null) {
    validateOneOf(options.order, 'options.order', RESULT_ORDERS);
    order = options.order;
  }
  return { family, hints, all, order };
}

// Reports a DNS operation to 'dns' performance observers, as Node does: the function to
// call with what a success adds to `detail`, or undefined when nobody observes them.
function timeDnsOperation(name, detail) {
  return require('perf_hooks')[Symbol.for('secure-exec.perf.timeOperation')]('dns', name, detail);
}

// `settle(error, value)` that also reports a success (its `result`) to 'dns' observers.
function timedSettle(name, detail, settle) {
  const succeeded = timeDnsOperation(name, detail);
  if (succeeded === undefined) return settle;
  return (error, value) => {
    if (!error) succeeded({ result: value });
    settle(error, value);
  };
}

// What `lookup` answers for `hostname`: `[{ address, family }]`, numeric addresses as
// they are; throws a `getaddrinfo` dnsException.
function lookupAddresses(hostname, { family, hints, order }) {
  const numeric = isIP(hostname);
  if (numeric !== 0) return [{ address: hostname, family: numeric }];
  const succeeded = timeDnsOperation('lookup',
    { hostname, family, hints, verbatim: order === 'verbatim', order });
  const matching = resolveHost(hostname, 'getaddrinfo')
    .filter((entry) => family === 0 || entry.family === family);
  if (matching.length === 0) throw dnsException('ENOTFOUND', 'getaddrinfo', hostname);
  const addresses = sortByOrder(matching, order);
  succeeded?.({ addresses: addresses.map((entry) => entry.address) });
  return addresses;
}

// The callback form of `lookup`, shared by `dns.lookup` and `net` (which also takes a
// user's `lookup` option of the same shape).
function lookup(hostname, options, callback) {
  if (hostname) validateString(hostname, 'hostname');
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  } else {
    validateFunction(callback, 'callback');
  }
  const parsed = lookupOptions(options);
  if (!hostname) {
    if (parsed.all) process.nextTick(callback, null, []);
    else process.nextTick(callback, null, null, parsed.family === 6 ? 6 : 4);
    return {};
  }
  let addresses;
  try {
    addresses = lookupAddresses(hostname, parsed);
  } catch (error) {
    process.nextTick(callback, error);
    return {};
  }
  if (parsed.all) process.nextTick(callback, null, addresses);
  else process.nextTick(callback, null, addresses[0].address, addresses[0].family);
  return {};
}

// Well-known ports `lookupService` names (the common part of /etc/services).
const SERVICES = new Map([
  [20, 'ftp-data'], [21, 'ftp'], [22, 'ssh'], [23, 'telnet'], [25, 'smtp'], [53, 'domain'],
  [80, 'http'], [110, 'pop3'], [123, 'ntp'], [143, 'imap2'], [443, 'https'], [465, 'submissions'],
  [587, 'submission'], [993, 'imaps'], [995, 'pop3s'], [3306, 'mysql'], [5432, 'postgresql'],
  [6379, 'redis'],
]);

function isLoopback(address) {
  return address === '::1' || /^127\./.test(address) || /^::ffff:127\./i.test(address);
}

// Validates `lookupService`'s arguments: the port as a number.
function lookupServiceArgs(address, port) {
  validateString(address, 'address');
  if (isIP(address) === 0) throw new ERR_INVALID_ARG_VALUE('address', address);
  return validatePort(port);
}

// `lookupService`'s `{ hostname, service }`: `localhost` for loopback addresses, and the
// service name of a well-known port or the port number. The kernel has no reverse
// lookup, so other addresses have no name: a getnameinfo ENOTFOUND, as Node reports for
// an address without a name.
function lookupServiceAnswer(address, port) {
  const succeeded = timeDnsOperation('lookupService', { host: address, port });
  if (!isLoopback(address)) throw dnsException('ENOTFOUND', 'getnameinfo', address);
  const answer = { hostname: 'localhost', service: SERVICES.get(port) ?? String(port) };
  succeeded?.(answer);
  return answer;
}

// The resolver methods of each record type.
const RESOLVE_METHODS = {
  resolveAny: 'ANY', resolve4: 'A', resolve6: 'AAAA', resolveCaa: 'CAA',
  resolveCname: 'CNAME', resolveMx: 'MX', resolveNaptr: 'NAPTR', resolveNs: 'NS',
  resolvePtr: 'PTR', resolveSoa: 'SOA', resolveSrv: 'SRV', resolveTxt: 'TXT',
};

// The query syscall c-ares names for each record type.
const QUERY_SYSCALLS = {
  A: 'queryA', AAAA: 'queryAaaa', ANY: 'queryAny', CAA: 'queryCaa', CNAME: 'queryCname',
  MX: 'queryMx', NAPTR: 'queryNaptr', NS: 'queryNs', PTR: 'queryPtr', SOA: 'querySoa',
  SRV: 'querySrv', TXT: 'queryTxt',
};

function querySyscall(rrtype) {
  validateString(rrtype, 'rrtype');
  const syscall = QUERY_SYSCALLS[rrtype];
  if (syscall === undefined) throw new ERR_INVALID_ARG_VALUE('rrtype', rrtype);
  return syscall;
}

// The kernel's answer to a `resolve*` query; throws a query dnsException.
function query(hostname, rrtype, ttl) {
  const syscall = QUERY_SYSCALLS[rrtype];
  if (rrtype !== 'A' && rrtype !== 'AAAA') throw dnsException('ENOTIMP', syscall, hostname);
  const family = rrtype === 'A' ? 4 : 6;
  const addresses = resolveHost(hostname, syscall)
    .filter((entry) => entry.family === family)
    .map((entry) => (ttl ? { address: entry.address, ttl: 0 } : entry.address));
  if (addresses.length === 0) throw dnsException('ENODATA', syscall, hostname);
  return addresses;
}

const DNS_PORT = 53;

// `'1.2.3.4'`, `'1.2.3.4:5353'`, `'::1'`, `'[::1]:5353'` → `{ address, port }`.
function parseServer(server, index) {
  validateString(server, `servers[${index}]`);
  if (isIP(server) !== 0) return { address: server, port: DNS_PORT };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed && isIP(bracketed[1]) === 6) {
    const port = bracketed[2] === undefined ? DNS_PORT : validatePort(+bracketed[2]);
    return { address: bracketed[1], port };
  }
  const withPort = /^([^:]+):(\d+)$/.exec(server);
  if (withPort && isIP(withPort[1]) === 4) {
    return { address: withPort[1], port: validatePort(+withPort[2]) };
  }
  throw new ERR_INVALID_IP_ADDRESS(server);
}

// A server as getServers() lists it (the port only when it is not 53).
function formatServer({ address, port }) {
  if (port === DNS_PORT) return address;
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

// A Resolver's servers, options and queries in flight. Without servers, queries go to the
// kernel's resolver; once `setServers()` names some, to them (internal/dns/client).
class ResolverState {
  constructor(options) {
    this.timeout = -1;
    this.tries = undefined;
    if (options !== undefined) {
      validateObject(options, 'options');
      if (options.timeout !== undefined) {
        validateInt32(options.timeout, 'options.timeout', -1);
        this.timeout = options.timeout;
      }
      if (options.tries !== undefined) {
        validateInt32(options.tries, 'options.tries', 1);
        this.tries = options.tries;
      }
    }
    this.servers = [];
    this.localAddresses = { 4: undefined, 6: undefined };
    this.pending = new Set();
  }

  getServers() {
    return this.servers.map(formatServer);
  }

  setServers(servers) {
    validateArray(servers, 'servers');
    const parsed = servers.map(parseServer);
    if (this.pending.size > 0) {
      throw new ERR_DNS_SET_SERVERS_FAILED('There are pending queries.', servers);
    }
    this.servers = parsed;
  }

  // Answers a `resolve*` query through `settle(error, value)`.
  resolve(hostname, rrtype, ttl, settle) {
    validateString(hostname, 'name');
    const syscall = querySyscall(rrtype);
    const done = timedSettle(syscall, { host: hostname, ttl }, settle);
    if (this.servers.length === 0) {
      this.settleNow(hostname, syscall, () => query(hostname, rrtype, ttl), done);
    } else {
      this.exchange(hostname, hostname, rrtype, ttl, syscall, done);
    }
  }

  // Answers `reverse(ip)` (the names of a PTR query) through `settle(error, value)`.
  reverse(ip, settle) {
    const syscall = 'getHostByAddr';
    const name = reverseName(ip);
    if (name === null) throw dnsException('EINVAL', syscall, ip);
    const done = timedSettle(syscall, { host: ip }, settle);
    if (this.servers.length === 0) {
      this.settleNow(ip, syscall, () => {
        throw dnsException('ENOTIMP', syscall, ip);
      }, done);
    } else {
      this.exchange(ip, name, 'PTR', false, syscall, done);
    }
  }

  // Settles with `answer()`'s value or dnsException on the next tick, unless `cancel()`
  // comes first.
  settleNow(hostname, syscall, answer, settle) {
    let error = null;
    let value;
    try {
      value = answer();
    } catch (thrown) {
      if (!('syscall' in thrown)) throw thrown;
      error = thrown;
    }
    const request = { cancel: () => { request.cancelled = true; }, cancelled: false };
    this.pending.add(request);
    process.nextTick(() => {
      this.pending.delete(request);
      if (request.cancelled) settle(dnsException('ECANCELLED', syscall, hostname));
      else settle(error, value);
    });
  }

  // Asks the servers for `name`; errors name `hostname`.
  exchange(hostname, name, rrtype, ttl, syscall, settle) {
    const options = { timeout: this.timeout, tries: this.tries, localAddresses: this.localAddresses };
    const request = {
      exchange: new Exchange(this.servers, options, name, rrtype, ttl, (code, answer) => {
        this.pending.delete(request);
        if (code === null) settle(null, answer);
        else settle(dnsException(code, syscall, hostname));
      }),
      cancel: () => {
        request.exchange.abort();
        this.pending.delete(request);
        process.nextTick(settle, dnsException('ECANCELLED', syscall, hostname));
      },
    };
    this.pending.add(request);
  }

  // The addresses queries to IPv4 and IPv6 servers leave from: one address, or one of
  // each family.
  setLocalAddress(ipv4, ipv6) {
    validateString(ipv4, 'ipv4');
    if (ipv6 !== undefined) validateString(ipv6, 'ipv6');
    const first = isIP(ipv4);
    if (first === 0) throw new Error('Invalid IP address.');
    const addresses = { 4: undefined, 6: undefined, [first]: ipv4 };
    if (ipv6 !== undefined) {
      const second = isIP(ipv6);
      if (second === 0) throw new Error('Invalid IP address.');
      if (second === first) throw new Error(`Cannot specify two IPv${first} addresses.`);
      addresses[second] = ipv6;
    }
    this.localAddresses = addresses;
  }

  cancel() {
    for (const request of [...this.pending]) request.cancel();
  }
}

// The default resolver's state: \`dns.setServers()\` gives it a new one, so that queries
// in flight on the old servers do not stop it.
let defaultResolverState = new ResolverState();

function getDefaultResolverState() {
  return defaultResolverState;
}

function setDefaultServers(servers) {
  const state = new ResolverState();
  state.setServers(servers);
  defaultResolverState = state;
}

// The error codes dns exports (`dns.NOTFOUND` is 'ENOTFOUND').
const ERROR_CODES = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP', REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME',
  BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP', CONNREFUSED: 'ECONNREFUSED',
  TIMEOUT: 'ETIMEOUT', EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM', DESTRUCTION: 'EDESTRUCTION',
  BADSTR: 'EBADSTR', BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS',
  NOTINITIALIZED: 'ENOTINITIALIZED', LOADIPHLPAPI: 'ELOADIPHLPAPI',
  ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED',
};

module.exports = {
  ADDRCONFIG,
  ALL,
  V4MAPPED,
  ERROR_CODES,
  RESOLVE_METHODS,
  ResolverState,
  dnsException,
  getDefaultResolverState,
  getDefaultResultOrder,
  isLoopback,
  lookup,
  lookupAddresses,
  lookupOptions,
  lookupServiceAnswer,
  lookupServiceArgs,
  querySyscall,
  setDefaultResultOrder,
  setDefaultServers,
};
