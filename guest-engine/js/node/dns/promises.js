// dns/promises — `node:dns/promises` (also `dns.promises`): the promise form of `lookup`,
// `lookupService`, the `resolve*` queries and `reverse` on a promise `Resolver` (the
// module-level functions use a default one), over the same resolution as `node:dns`
// (internal/net/dns).

const core = require('internal/net/dns');
const { codes: { ERR_MISSING_ARGS }, validateString } = require('internal/errors');

// A promise of what `state.ask(...args, settle)` settles; invalid arguments throw at once.
function settled(ask, state, ...args) {
  let settle;
  const promise = new Promise((resolve, reject) => {
    settle = (error, value) => (error ? reject(error) : resolve(value));
  });
  ask.call(state, ...args, settle);
  return promise;
}

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

  setLocalAddress(ipv4, ipv6) {
    this._state.setLocalAddress(ipv4, ipv6);
  }

  resolve(hostname, rrtype = 'A') {
    return settled(this._state.resolve, this._state, hostname, rrtype, false);
  }

  reverse(ip) {
    return settled(this._state.reverse, this._state, ip);
  }
}

for (const [method, rrtype] of Object.entries(core.RESOLVE_METHODS)) {
  Object.defineProperty(Resolver.prototype, method, {
    value: function resolveRecords(hostname, options) {
      const ttl = Boolean(options && options.ttl);
      return settled(this._state.resolve, this._state, hostname, rrtype, ttl);
    },
    writable: true,
    configurable: true,
  });
}

// The module-level functions use the default resolver, whose state (servers, queries in
// flight) \`dns\` and \`dns/promises\` share.
const defaultResolver = new Resolver();
Object.defineProperty(defaultResolver, '_state', { get: core.getDefaultResolverState });

// Resolves to `{ address, family }`, or to `[{ address, family }]` with `all`.
function lookup(hostname, options) {
  if (hostname) validateString(hostname, 'hostname');
  const parsed = core.lookupOptions(options);
  if (!hostname) {
    const family = parsed.family === 6 ? 6 : 4;
    return Promise.resolve(parsed.all ? [] : { address: null, family });
  }
  return new Promise((resolve, reject) => {
    let addresses;
    try {
      addresses = core.lookupAddresses(hostname, parsed);
    } catch (error) {
      process.nextTick(reject, error);
      return;
    }
    process.nextTick(resolve, parsed.all ? addresses : addresses[0]);
  });
}

function lookupService(address, port) {
  if (arguments.length !== 2) throw new ERR_MISSING_ARGS('address', 'port');
  port = core.lookupServiceArgs(address, port);
  return new Promise((resolve) => resolve(core.lookupServiceAnswer(address, port)));
}


module.exports = {
  lookup,
  lookupService,
  Resolver,
  getDefaultResultOrder: core.getDefaultResultOrder,
  setDefaultResultOrder: core.setDefaultResultOrder,
  getServers: () => defaultResolver.getServers(),
  setServers: core.setDefaultServers,
  resolve: (...args) => defaultResolver.resolve(...args),
  reverse: (...args) => defaultResolver.reverse(...args),
  ...core.ERROR_CODES,
};
for (const method of Object.keys(core.RESOLVE_METHODS)) {
  module.exports[method] = (...args) => defaultResolver[method](...args);
}
