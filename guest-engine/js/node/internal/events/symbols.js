// internal/events/symbols — symbols that node:events shares with other builtins only:
// `kFirstEventParam`, the events.on() option that yields each event's first argument
// instead of its arguments array.

module.exports = { kFirstEventParam: Symbol('nodejs.kFirstEventParam') };
