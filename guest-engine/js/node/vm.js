// node:vm — compiling and running code in this realm or in contexts of their own. A vm
// context is a separate QuickJS realm (its own global object and ECMAScript builtins,
// `binding('vm').createRealm`); errors thrown there are instances of that realm's classes.
//
// Contextifying an object makes its properties the realm's globals. QuickJS has no property
// interceptors, so the realm's global object mirrors the sandbox (internal/vm/context):
// every property the sandbox has when code starts running in the context becomes an
// accessor on the global that reads and writes the sandbox itself, and globals the code
// creates are copied onto the sandbox (and turned into such accessors) when it returns.
// Differences from Node follow: a global the code creates reaches the sandbox when the run
// returns (one created later, by a callback of the context, at the next run there); a
// property added to the sandbox from outside is seen inside from the next run on (not by
// callbacks of the context before it); and giving a builtin global its own value
// (`this.Symbol = Symbol`) does not copy it to the sandbox.
//
// Other differences: the global object's own descriptors for sandbox data properties are
// accessors, not copies of the sandbox's; a new context holds only the ECMAScript globals
// (no V8 `console`); the code cache is the QuickJS bytecode a script compiles to
// (`createCachedData()`, `produceCachedData`), and `cachedData` is accepted when it is that
// bytecode, but never loaded (QuickJS does not verify bytecode, so loading what the caller
// gives would be unsafe): the script compiles from source all the same; `breakOnSigint`
// and `microtaskMode` are accepted without effect (there is one microtask queue, drained by the event loop);
// `columnOffset` does not shift reported columns; the source line an escaping error's
// stack is decorated with (`displayErrors`) is where the error was made, not thrown;
// `import()` inside vm code goes to its `importModuleDynamically` (that of the context for
// `eval` code; internal/vm/dynamic_import says what is supported); the
// `vm.SourceTextModule` family (internal/vm/module) is there under
// --experimental-vm-modules, as in Node;
// `measureMemory` rejects with ERR_METHOD_NOT_IMPLEMENTED.

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_METHOD_NOT_IMPLEMENTED,
    ERR_SCRIPT_EXECUTION_TIMEOUT,
  },
  validateArray,
  validateBoolean,
  validateFunction,
  validateInt32,
  validateObject,
  validateOneOf,
  validateString,
  validateStringArray,
  validateUint32,
  kValidateObjectAllowObjects,
} = require('internal/errors');
const { ContextRealm, DONT_CONTEXTIFY, lookupRealm, thisRealm } = require('internal/vm/context');

const vmBinding = binding('vm');
const kEmptyObject = Object.freeze({ __proto__: null });

const {
  USE_MAIN_CONTEXT_DEFAULT_LOADER,
  registerImportReferrer,
} = require('internal/vm/dynamic_import');
const constants = Object.freeze({
  __proto__: null,
  USE_MAIN_CONTEXT_DEFAULT_LOADER,
  DONT_CONTEXTIFY,
});

let defaultContextNameIndex = 1;

// The code cache of `source`: the bytecode it compiles to in `realm`, as a Buffer.
function codeCache(realm, source, filename, lineNumber) {
  const bytecode = realm.evaluate(source, filename, lineNumber, undefined, true, false, true);
  return require('buffer').Buffer.from(bytecode);
}

// Whether `cachedData` (a view) is the code cache `cache` of the code it came with.
function cacheMatches(cachedData, cache) {
  const bytes = new Uint8Array(cachedData.buffer, cachedData.byteOffset, cachedData.byteLength);
  return cache.equals(bytes);
}

// Records on `target` (a Script or compiled function) what became of its code cache.
function settleCodeCache(target, cachedData, produceCachedData, cache) {
  if (cachedData !== undefined) target.cachedDataRejected = !cacheMatches(cachedData, cache());
  if (produceCachedData) {
    target.cachedData = cache();
    target.cachedDataProduced = true;
  }
}

function validateCachedData(cachedData, name) {
  if (cachedData !== undefined && !ArrayBuffer.isView(cachedData)) {
    throw new ERR_INVALID_ARG_TYPE(name, ['Buffer', 'TypedArray', 'DataView'], cachedData);
  }
}

function validateImportModuleDynamically(value) {
  if (value !== undefined && value !== USE_MAIN_CONTEXT_DEFAULT_LOADER) {
    validateFunction(value, 'options.importModuleDynamically');
  }
}

// The last `//# sourceMappingURL=` comment of `code`, as V8 reports it.
function sourceMapURLOf(code) {
  const matches = code.match(/\/\/[#@][ \t]*sourceMappingURL=[ \t]*([^\s'"]+)[ \t]*$/gm);
  if (matches === null) return undefined;
  return matches[matches.length - 1].replace(/^\/\/[#@][ \t]*sourceMappingURL=[ \t]*/, '').trim();
}

// Errors whose stack already starts with the source line they come from.
const decoratedErrors = new WeakSet();

// Puts the line of `code` (which starts at `lineNumber` of `filename`) that an error
// escaping it comes from above its stack, with a caret under the column, as Node does for
// vm code unless `displayErrors` is false. QuickJS keeps no throw site, so the line is that
// of the stack's first frame in this code: where the error was made.
function decorateErrorStack(error, code, filename, lineNumber) {
  if (error === null || typeof error !== 'object' || decoratedErrors.has(error)) return;
  let stack;
  try {
    stack = error.stack;
  } catch {
    return;
  }
  if (typeof stack !== 'string') return;
  const name = filename.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const frame = new RegExp(`^ {4}at (?:.* \\()?${name}:(\\d+):(\\d+)\\)?$`, 'm').exec(stack);
  if (frame === null) return;
  const line = code.split('\n')[Number(frame[1]) - lineNumber];
  if (line === undefined) return;
  const caret = `${' '.repeat(Number(frame[2]) - 1)}^`;
  try {
    error.stack = `${filename}:${frame[1]}\n${line}\n${caret}\n\n${stack}`;
  } catch {
    return;
  }
  decoratedErrors.add(error);
}

// Evaluates in `realm`, turning a stop by the deadline into Node's timeout error and
// decorating other errors unless `displayErrors` is false.
function evaluateTimed(realm, code, filename, lineNumber,
  { timeout, compileOnly = false, displayErrors = true } = kEmptyObject) {
  try {
    return realm.evaluate(code, filename, lineNumber, timeout, compileOnly);
  } catch (error) {
    if (vmBinding.takeTimedOut()) throw new ERR_SCRIPT_EXECUTION_TIMEOUT(timeout);
    if (displayErrors) decorateErrorStack(error, code, filename, lineNumber);
    throw error;
  }
}

// The run options shared by Script#runIn*Context and the vm.runIn* functions.
function runOptions(options) {
  if (options === undefined) return { timeout: undefined, displayErrors: true };
  validateObject(options, 'options');
  const { displayErrors = true, breakOnSigint = false, timeout } = options;
  validateBoolean(displayErrors, 'options.displayErrors');
  validateBoolean(breakOnSigint, 'options.breakOnSigint');
  if (timeout !== undefined) validateUint32(timeout, 'options.timeout', true);
  return { timeout, displayErrors };
}

class Script {
  #code;
  #filename;
  #lineOffset;

  constructor(code, options = kEmptyObject) {
    code = `${code}`;
    if (typeof options === 'string') {
      options = { filename: options };
    } else {
      validateObject(options, 'options');
    }
    const {
      filename = 'evalmachine.<anonymous>',
      lineOffset = 0,
      columnOffset = 0,
      cachedData,
      produceCachedData = false,
      importModuleDynamically,
    } = options;
    validateString(filename, 'options.filename');
    validateInt32(lineOffset, 'options.lineOffset');
    validateInt32(columnOffset, 'options.columnOffset');
    validateCachedData(cachedData, 'options.cachedData');
    validateBoolean(produceCachedData, 'options.produceCachedData');
    validateImportModuleDynamically(importModuleDynamically);

    // Compiled here only to report syntax errors at construction, as Node does; each run
    // compiles again against the realm it runs in.
    evaluateTimed(thisRealm, code, filename, lineOffset + 1, { compileOnly: true });
    this.#code = code;
    this.#filename = filename;
    this.#lineOffset = lineOffset;
    registerImportReferrer(filename, this, importModuleDynamically);
    settleCodeCache(this, cachedData, produceCachedData, () => this.createCachedData());
    const sourceMapURL = sourceMapURLOf(code);
    if (sourceMapURL !== undefined) this.sourceMapURL = sourceMapURL;
  }

  runInThisContext(options) {
    return this.#run(thisRealm, runOptions(options));
  }

  runInContext(contextifiedObject, options) {
    const realm = contextRealmOf(contextifiedObject);
    const run = runOptions(options);
    return realm.run(() => this.#run(realm, run));
  }

  runInNewContext(contextObject, options) {
    const context = createContext(contextObject, newContextOptions(options));
    return this.runInContext(context, options);
  }

  createCachedData() {
    return codeCache(thisRealm, this.#code, this.#filename, this.#lineOffset + 1);
  }

  #run(realm, run) {
    return evaluateTimed(realm, this.#code, this.#filename, this.#lineOffset + 1, run);
  }
}

function contextRealmOf(contextifiedObject) {
  validateObject(contextifiedObject, 'object', kValidateObjectAllowObjects);
  const realm = lookupRealm(contextifiedObject);
  if (realm === undefined) {
    throw new ERR_INVALID_ARG_TYPE('contextifiedObject', 'vm.Context', contextifiedObject);
  }
  return realm;
}

function isContext(object) {
  validateObject(object, 'object', kValidateObjectAllowObjects);
  return lookupRealm(object) !== undefined;
}

function createContext(contextObject = {}, options = kEmptyObject) {
  if (contextObject !== DONT_CONTEXTIFY && isContext(contextObject)) return contextObject;
  validateObject(options, 'options');
  const {
    name = `VM Context ${defaultContextNameIndex++}`,
    origin,
    codeGeneration,
    microtaskMode,
    importModuleDynamically,
  } = options;
  validateString(name, 'options.name');
  if (origin !== undefined) validateString(origin, 'options.origin');
  let allowStrings = true;
  if (codeGeneration !== undefined) {
    validateObject(codeGeneration, 'options.codeGeneration');
    const { strings = true, wasm = true } = codeGeneration;
    validateBoolean(strings, 'options.codeGeneration.strings');
    validateBoolean(wasm, 'options.codeGeneration.wasm');
    allowStrings = strings;
  }
  validateOneOf(microtaskMode, 'options.microtaskMode', ['afterEvaluate', undefined]);
  validateImportModuleDynamically(importModuleDynamically);
  const realm = new ContextRealm(contextObject === DONT_CONTEXTIFY ? null : contextObject,
    importModuleDynamically);
  if (!allowStrings) realm.disallowCodeGeneration();
  return realm.contextObject;
}

// The createContext options runInNewContext takes, under their `context*` names.
function newContextOptions(options) {
  if (options === undefined || typeof options === 'string') return kEmptyObject;
  validateObject(options, 'options');
  const { contextName, contextOrigin, contextCodeGeneration, microtaskMode } = options;
  if (contextName !== undefined) validateString(contextName, 'options.contextName');
  if (contextOrigin !== undefined) validateString(contextOrigin, 'options.contextOrigin');
  if (contextCodeGeneration !== undefined) {
    validateObject(contextCodeGeneration, 'options.contextCodeGeneration');
  }
  return {
    name: contextName,
    origin: contextOrigin,
    codeGeneration: contextCodeGeneration,
    microtaskMode,
  };
}

// Script options given to the vm.runIn* functions: a filename string or an object.
function scriptOptions(options) {
  return typeof options === 'string' ? { filename: options } : options;
}

function createScript(code, options) {
  return new Script(code, options);
}

function runInContext(code, contextifiedObject, options) {
  contextRealmOf(contextifiedObject);
  options = scriptOptions(options);
  return createScript(code, options).runInContext(contextifiedObject, options);
}

function runInNewContext(code, contextObject, options) {
  options = scriptOptions(options);
  const context = createContext(contextObject, newContextOptions(options));
  return createScript(code, options).runInContext(context, options);
}

function runInThisContext(code, options) {
  options = scriptOptions(options);
  return createScript(code, options).runInThisContext(options);
}

// Checks that `params` and `code` form a function without running anything: the body must
// parse both inside a function expression and inside a function declaration, which a body
// that closes the function early and reopens another (allowed by either alone) cannot.
function checkFunctionSource(realm, params, code, filename, lineNumber) {
  const list = params.join(', ');
  const compileOnly = { compileOnly: true };
  evaluateTimed(realm, `(function (${list}) {\n${code}\n})`, filename, lineNumber, compileOnly);
  evaluateTimed(realm, `function check(${list}) {\n${code}\n}`, filename, lineNumber, compileOnly);
}

function compileFunction(code, params = [], options = kEmptyObject) {
  validateString(code, 'code');
  validateStringArray(params, 'params');
  validateObject(options, 'options');
  const {
    filename = '',
    columnOffset = 0,
    lineOffset = 0,
    cachedData,
    produceCachedData = false,
    parsingContext,
    contextExtensions = [],
    importModuleDynamically,
  } = options;
  validateString(filename, 'options.filename');
  validateInt32(columnOffset, 'options.columnOffset');
  validateInt32(lineOffset, 'options.lineOffset');
  validateCachedData(cachedData, 'options.cachedData');
  validateBoolean(produceCachedData, 'options.produceCachedData');
  let realm = thisRealm;
  if (parsingContext !== undefined) {
    if (typeof parsingContext !== 'object' || parsingContext === null ||
        lookupRealm(parsingContext) === undefined) {
      throw new ERR_INVALID_ARG_TYPE('options.parsingContext', 'Context', parsingContext);
    }
    realm = lookupRealm(parsingContext);
  }
  validateArray(contextExtensions, 'options.contextExtensions');
  contextExtensions.forEach((extension, i) => {
    validateObject(extension, `options.contextExtensions[${i}]`, kValidateObjectAllowObjects);
  });
  validateImportModuleDynamically(importModuleDynamically);

  // The wrapper's first line holds only the header, so the body keeps its line numbers
  // (QuickJS numbers lines from 1: with no lineOffset they read one too high).
  const lineNumber = Math.max(lineOffset, 1);
  checkFunctionSource(realm, params, code, filename, lineNumber);
  const source = `(function (${params.join(', ')}) {\n${code}\n})`;
  let fn;
  if (contextExtensions.length === 0) {
    fn = realm.run(() => evaluateTimed(realm, source, filename, lineNumber));
  } else {
    // Each extension object is a scope around the function, outermost first.
    const names = contextExtensions.map((_, i) => `extension${i}`);
    const scopes = names.map((name) => `with (${name}) `).join('');
    const factory = `(function (${names.join(', ')}) { ${scopes}return ${source}; })`;
    fn = realm.run(() => evaluateTimed(realm, factory, filename, lineNumber))(
      ...contextExtensions);
  }
  settleCodeCache(fn, cachedData, produceCachedData,
    () => codeCache(realm, source, filename, lineNumber));
  registerImportReferrer(filename, fn, importModuleDynamically);
  return fn;
}

function measureMemory(options = kEmptyObject) {
  validateObject(options, 'options');
  const { mode = 'summary', execution = 'default' } = options;
  validateOneOf(mode, 'options.mode', ['summary', 'detailed']);
  validateOneOf(execution, 'options.execution', ['default', 'eager']);
  return Promise.reject(new ERR_METHOD_NOT_IMPLEMENTED('measureMemory'));
}

module.exports = {
  Script,
  createContext,
  createScript,
  runInContext,
  runInNewContext,
  runInThisContext,
  isContext,
  compileFunction,
  measureMemory,
  constants,
};

if (process.execArgv.includes('--experimental-vm-modules')) {
  const { Module, SourceTextModule, SyntheticModule } = require('internal/vm/module');
  Object.assign(module.exports, { Module, SourceTextModule, SyntheticModule });
}
