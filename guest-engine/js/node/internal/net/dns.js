// internal/net/dns — name resolution shared by `dns`, `dns/promises` and `net`: argument
// handling of `lookup`, the kernel's resolver (binding('net').resolve, which answers
// `localhost` and numeric addresses itself and sends other names to the host when the
// network permissions allow), the default result order, Node's DNS errors, and the
// `Resolver` state (servers, cancellation) both dns APIs wrap.
//
// The kernel knows addresses only: record types other than A and AAAA fail with ENOTIMP,
// and it reports no TTLs (`{ ttl: true }` answers carry ttl 0, "do not cache").

const netBinding = binding('net');
const { isIP } = require('internal/net/address');
const { PERMISSION_NOTE } = require('internal/net/errors');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_IP_ADDRESS },
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
  if (syscall === 'getaddrinfo') errno = code === 'ENOTFOUND' ? EAI_NONAME : errnoOf(code);
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
// object) into `{ family, all, order }`.
function lookupOptions(options) {
  let family = 0;
  let all = false;
  let order = defaultResultOrder;
  if (typeof options === 'number') {
    validateOneOf(options, 'family', FAMILIES);
    return { family: options, all, order };
  }
  if (options === undefined || options === null) return { family, all, order };
  if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', ['integer', 'object'], options);
  }
  if (options.hints != null) validateNumber(options.hints, 'options.hints');
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
  return { family, all, order };
}

// What `lookup` answers for `hostname`: `[{ address, family }]`, numeric addresses as
// they are; throws a `getaddrinfo` dnsException.
function lookupAddresses(hostname, { family, order }) {
  const numeric = isIP(hostname);
  if (numeric !== 0) return [{ address: hostname, family: numeric }];
  const matching = resolveHost(hostname, 'getaddrinfo')
    .filter((entry) => family === 0 || entry.family === family);
  if (matching.length === 0) throw dnsException('ENOTFOUND', 'getaddrinfo', hostname);
  return sortByOrder(matching, order);
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

// `lookupService`'s `{ hostname, service }`: `localhost` for loopback addresses and the
// numeric address otherwise (getnameinfo's answer when no name is known), and the
// service name of a well-known port or the port number.
function lookupServiceAnswer(address, port) {
  validateString(address, 'address');
  if (isIP(address) === 0) throw new ERR_INVALID_ARG_VALUE('address', address);
  port = validatePort(port);
  return {
    hostname: isLoopback(address) ? 'localhost' : address,
    service: SERVICES.get(port) ?? String(port),
  };
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

// The answer to a `resolve*` query; throws a query dnsException.
function query(hostname, rrtype, ttl) {
  validateString(hostname, 'name');
  const syscall = querySyscall(rrtype);
  if (rrtype !== 'A' && rrtype !== 'AAAA') throw dnsException('ENOTIMP', syscall, hostname);
  const family = rrtype === 'A' ? 4 : 6;
  const addresses = resolveHost(hostname, syscall)
    .filter((entry) => entry.family === family)
    .map((entry) => (ttl ? { address: entry.address, ttl: 0 } : entry.address));
  if (addresses.length === 0) throw dnsException('ENODATA', syscall, hostname);
  return addresses;
}

// `'1.2.3.4'`, `'1.2.3.4:53'`, `'::1'`, `'[::1]:53'` → the form getServers() lists.
function normalizeServer(server, index) {
  validateString(server, `servers[${index}]`);
  if (isIP(server) !== 0) return server;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed && isIP(bracketed[1]) === 6) {
    if (bracketed[2] === undefined) return bracketed[1];
    return `[${bracketed[1]}]:${validatePort(+bracketed[2])}`;
  }
  const withPort = /^([^:]+):(\d+)$/.exec(server);
  if (withPort && isIP(withPort[1]) === 4) return `${withPort[1]}:${validatePort(+withPort[2])}`;
  throw new ERR_INVALID_IP_ADDRESS(server);
}

// The servers a Resolver lists. The host's resolver answers the queries, so they are
// recorded for `getServers()` only.
class ResolverState {
  constructor(options) {
    if (options !== undefined) {
      validateObject(options, 'options');
      if (options.timeout !== undefined) validateInt32(options.timeout, 'options.timeout', -1);
      if (options.tries !== undefined) validateInt32(options.tries, 'options.tries', 1);
    }
    this.servers = [];
    this.pending = new Set();
  }

  getServers() {
    return [...this.servers];
  }

  setServers(servers) {
    validateArray(servers, 'servers');
    this.servers = servers.map(normalizeServer);
  }

  // Runs `answer()` now and settles `settle(error, value)` on the next tick, unless
  // `cancel()` comes first (then the error is ECANCELLED).
  run(hostname, rrtype, answer, settle) {
    const request = { cancelled: false };
    let error = null;
    let value;
    try {
      value = answer();
    } catch (thrown) {
      error = thrown;
    }
    if (error !== null && !('syscall' in error)) throw error;
    this.pending.add(request);
    process.nextTick(() => {
      this.pending.delete(request);
      if (request.cancelled) settle(dnsException('ECANCELLED', QUERY_SYSCALLS[rrtype], hostname));
      else settle(error, value);
    });
  }

  setLocalAddress(ipv4, ipv6) {
    validateString(ipv4, 'ipv4');
    if (ipv6 !== undefined) validateString(ipv6, 'ipv6');
  }

  cancel() {
    for (const request of this.pending) request.cancelled = true;
  }
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
  ERROR_CODES,
  RESOLVE_METHODS,
  ResolverState,
  dnsException,
  getDefaultResultOrder,
  lookup,
  lookupAddresses,
  lookupOptions,
  lookupServiceAnswer,
  query,
  querySyscall,
  setDefaultResultOrder,
};
