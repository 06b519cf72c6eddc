// node:util/types — the same object as `require('util').types`, which owns the checks.

module.exports = require('util').types;
