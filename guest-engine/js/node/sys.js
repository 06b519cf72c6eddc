// node:sys — the deprecated former name of node:util (DEP0025).

module.exports = require('util');
process.emitWarning('sys is deprecated. Use util instead.', 'DeprecationWarning', 'DEP0025');
