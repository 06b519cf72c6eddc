// dns — `node:dns`, the callback API: `lookup` (getaddrinfo semantics), `lookupService`,
// the `resolve*` queries and `reverse` on a `Resolver` (the module-level functions use a
// default one), servers and result order, and the error code constants. Resolution goes
// through the kernel (see internal/net/dns); `dns.promises` is `node:dns/promises`.

const core = require('internal/net/dns');
const { codes: { ERR_MISSING_ARGS }, validateFunction } = require('internal/errors');

class Resolver {
  constructor(options = undefined) {
    this._state = new core.ResolverState(options);
  }

  cancel() {
    this._state.cancel();
  }

  getServers() {
    return this._state.getServers();
  }

  setServers(servers) {
    this._state.setServers(servers);
  }

  // The source address of queries is the host's business; the call is accepted.
  setLocalAddress(ipv4, ipv6) {
    this._state.setLocalAddress(ipv4, ipv6);
  }

  resolve(hostname, rrtype, callback) {
    if (typeof rrtype === 'function') {
      callback = rrtype;
      rrtype = 'A';
    } else if (rrtype === undefined) {
      rrtype = 'A';
    }
    validateFunction(callback, 'callback');
    core.querySyscall(rrtype);
    this._query(hostname, rrtype, false, callback);
  }

  reverse(ip, callback) {
    validateFunction(callback, 'callback');
    this._state.run(ip, 'PTR', () => {
      throw core.dnsException('ENOTIMP', 'getHostByAddr', ip);
    }, callback);
  }

  _query(hostname, rrtype, ttl, callback) {
    this._state.run(hostname, rrtype, () => core.query(hostname, rrtype, ttl), callback);
  }
}

for (const [method, rrtype] of Object.entries(core.RESOLVE_METHODS)) {
  Object.defineProperty(Resolver.prototype, method, {
    value: function resolveRecords(hostname, options, callback) {
      if (typeof options === 'function') {
        callback = options;
        options = undefined;
      }
      validateFunction(callback, 'callback');
      this._query(hostname, rrtype, Boolean(options && options.ttl), callback);
    },
    writable: true,
    configurable: true,
  });
}

let defaultResolver = new Resolver();

function lookupService(address, port, callback) {
  if (arguments.length !== 3) throw new ERR_MISSING_ARGS('address', 'port', 'callback');
  const { hostname, service } = core.lookupServiceAnswer(address, port);
  validateFunction(callback, 'callback');
  process.nextTick(callback, null, hostname, service);
}

function setServers(servers) {
  const resolver = new Resolver();
  resolver.setServers(servers);
  defaultResolver = resolver;
}


module.exports = {
  lookup: core.lookup,
  lookupService,
  Resolver,
  getDefaultResultOrder: core.getDefaultResultOrder,
  setDefaultResultOrder: core.setDefaultResultOrder,
  getServers: () => defaultResolver.getServers(),
  setServers,
  resolve: (...args) => defaultResolver.resolve(...args),
  reverse: (...args) => defaultResolver.reverse(...args),
  ADDRCONFIG: 1024,
  ALL: 256,
  V4MAPPED: 2048,
  ...core.ERROR_CODES,
};
for (const method of Object.keys(core.RESOLVE_METHODS)) {
  module.exports[method] = (...args) => defaultResolver[method](...args);
}
Object.defineProperty(module.exports, 'promises', {
  get() {
    return require('dns/promises');
  },
  enumerable: true,
  configurable: true,
});
