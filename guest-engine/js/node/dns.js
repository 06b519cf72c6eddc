// dns — `node:dns`, the callback API: `lookup` (getaddrinfo semantics), `lookupService`,
// the `resolve*` queries and `reverse` on a `Resolver` (the module-level functions use a
// default one), servers and result order, and the error code constants. Resolution goes
// through the kernel (see internal/net/dns); `dns.promises` is `node:dns/promises`.

const core = require('internal/net/dns');
const {
  codes: { ERR_MISSING_ARGS },
  validateFunction,
  validateString,
} = require('internal/errors');

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

  // Queries leave from the virtual loopback; the addresses are validated only.
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
    core.querySyscall(rrtype);
    validateString(hostname, 'name');
    validateFunction(callback, 'callback');
    this._state.resolve(hostname, rrtype, false, callback);
  }

  reverse(ip, callback) {
    validateFunction(callback, 'callback');
    this._state.reverse(ip, callback);
  }
}

for (const [method, rrtype] of Object.entries(core.RESOLVE_METHODS)) {
  Object.defineProperty(Resolver.prototype, method, {
    value: function resolveRecords(hostname, options, callback) {
      if (typeof options === 'function') {
        callback = options;
        options = undefined;
      }
      validateString(hostname, 'name');
      validateFunction(callback, 'callback');
      this._state.resolve(hostname, rrtype, Boolean(options && options.ttl), callback);
    },
    writable: true,
    configurable: true,
  });
}

// The module-level functions use the default resolver, whose state (servers, queries in
// flight) \`dns\` and \`dns/promises\` share.
const defaultResolver = new Resolver();
Object.defineProperty(defaultResolver, '_state', { get: core.getDefaultResolverState });

function lookupService(address, port, callback) {
  if (arguments.length !== 3) throw new ERR_MISSING_ARGS('address', 'port', 'callback');
  port = core.lookupServiceArgs(address, port);
  validateFunction(callback, 'callback');
  let answer;
  try {
    answer = core.lookupServiceAnswer(address, port);
  } catch (error) {
    process.nextTick(callback, error);
    return;
  }
  process.nextTick(callback, null, answer.hostname, answer.service);
}



module.exports = {
  lookup: core.lookup,
  lookupService,
  Resolver,
  getDefaultResultOrder: core.getDefaultResultOrder,
  setDefaultResultOrder: core.setDefaultResultOrder,
  getServers: () => defaultResolver.getServers(),
  setServers: core.setDefaultServers,
  resolve: (...args) => defaultResolver.resolve(...args),
  reverse: (...args) => defaultResolver.reverse(...args),
  ADDRCONFIG: core.ADDRCONFIG,
  ALL: core.ALL,
  V4MAPPED: core.V4MAPPED,
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
