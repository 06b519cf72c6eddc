// node:fs/promises — the promise API of node:fs.

module.exports = require('fs').promises;
