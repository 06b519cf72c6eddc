// node:module — the CommonJS `Module` class and its statics (`createRequire`,
// `builtinModules`, `isBuiltin`).

const { Module } = require('internal/modules');

module.exports = Module;
Module.Module = Module;
