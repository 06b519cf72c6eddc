// node:assert/strict — `require('assert').strict`: assert with the strict comparisons under
// the loose names (`equal` is `strictEqual`, `deepEqual` is `deepStrictEqual`, ...).

module.exports = require('assert').strict;
