// node:module — the CommonJS `Module` class and its statics (`createRequire`,
// `builtinModules`, `isBuiltin`), and the source-map switches, which only accept "off":
// stack traces are not source-mapped here.

const { Module } = require('internal/modules');

function setSourceMapsSupport(enabled, options = {}) {
  const { codes, validateBoolean, validateObject } = require('internal/errors');
  validateBoolean(enabled, 'enabled');
  validateObject(options, 'options');
  const { nodeModules = false, generatedCode = false } = options;
  validateBoolean(nodeModules, 'options.nodeModules');
  validateBoolean(generatedCode, 'options.generatedCode');
  if (enabled) throw new codes.ERR_METHOD_NOT_IMPLEMENTED('module.setSourceMapsSupport(true)');
}

function getSourceMapsSupport() {
  return { __proto__: null, enabled: false, nodeModules: false, generatedCode: false };
}

module.exports = Module;
Module.Module = Module;
Module.setSourceMapsSupport = setSourceMapsSupport;
Module.getSourceMapsSupport = getSourceMapsSupport;
