// vm.Module, vm.SourceTextModule and vm.SyntheticModule (node:vm under
// --experimental-vm-modules), over QuickJS module records (binding('vm'), see
// src/bindings/vm_module.rs).
//
// A source text module is checked at construction, which lists its requests, but compiled
// in its realm only when the module graph it belongs to is instantiated at the end of
// link() (QuickJS resolves a module's imports as it compiles it): the modules of the graph
// are recorded then with what each of their specifiers was linked to, and compiled.
// Differences from Node follow from QuickJS binding imports to exports only when a module
// is evaluated: an import of a name its module does not export fails evaluate() rather
// than link(); `namespace` needs the module to have been evaluated; the modules a graph's
// evaluation reached show 'evaluated' once the root's evaluation succeeds (after a failure,
// only the root shows 'errored'). A module whose evaluation hit its `timeout` is errored
// with ERR_SCRIPT_EXECUTION_TIMEOUT; `breakOnSigint` is validated without effect.
// `initializeImportMeta` is called when the module is compiled rather than on first use of
// `import.meta`; the code cache is the QuickJS bytecode of the module (createCachedData()),
// and `cachedData` is checked against it but never loaded (QuickJS does not verify
// bytecode, so loading what the caller gives would be unsafe);
// `import()` in a module goes to its `importModuleDynamically` (internal/vm/dynamic_import).

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_SCRIPT_EXECUTION_TIMEOUT,
    ERR_VM_MODULE_ALREADY_LINKED,
    ERR_VM_MODULE_CACHED_DATA_REJECTED,
    ERR_VM_MODULE_CANNOT_CREATE_CACHED_DATA,
    ERR_VM_MODULE_DIFFERENT_CONTEXT,
    ERR_VM_MODULE_LINK_FAILURE,
    ERR_VM_MODULE_NOT_MODULE,
    ERR_VM_MODULE_STATUS,
  },
  validateBoolean,
  validateFunction,
  validateInt32,
  validateObject,
  validateString,
  validateUint32,
} = require('internal/errors');
const { lookupRealm, thisRealm } = require('internal/vm/context');
const { registerImportReferrer } = require('internal/vm/dynamic_import');

const vmBinding = binding('vm');
const kEmptyObject = Object.freeze({ __proto__: null });
const kNoError = Symbol('kNoError');
const kRealm = Symbol('kRealm');
const kName = Symbol('kName');
const kId = Symbol('kId');
const kGraph = Symbol('kGraph');
const kDependencies = Symbol('kDependencies');
const kLinkRequests = Symbol('kLinkRequests');
const kPrepare = Symbol('kPrepare');
const kInitializeMeta = Symbol('kInitializeMeta');
const kSetStatus = Symbol('kSetStatus');
const kSetError = Symbol('kSetError');
const kMarkEvaluated = Symbol('kMarkEvaluated');
// Every Module instance.
const modules = new WeakSet();

// Context object (or `thisRealm` for the main context) -> next default identifier number.
const nextIdentifier = new WeakMap();
// QuickJS module names in use: a module's name is its identifier unless another module has
// it already (imports find modules by name).
const usedNames = new Set();

function defaultIdentifier(context) {
  const key = context ?? thisRealm;
  const n = nextIdentifier.get(key) ?? 0;
  nextIdentifier.set(key, n + 1);
  return `vm:module(${n})`;
}

function uniqueName(identifier) {
  let name = identifier;
  for (let n = 1; usedNames.has(name); n++) name = `${identifier} (${n})`;
  usedNames.add(name);
  return name;
}

function isModule(value) {
  return typeof value === 'object' && value !== null && modules.has(value);
}

function checkThis(value, className = 'Module') {
  if (!isModule(value)) throw new ERR_INVALID_ARG_TYPE('this', className, value);
}

// The name of `module`, given by an `importModuleDynamically` callback of `referrer`.
function dynamicImportTarget(module, referrer) {
  if (!isModule(module)) throw new ERR_VM_MODULE_NOT_MODULE();
  if (isModule(referrer) && module.context !== referrer.context) {
    throw new ERR_VM_MODULE_DIFFERENT_CONTEXT();
  }
  if (module[kId] === undefined) throw new ERR_VM_MODULE_STATUS('must be linked');
  return module[kName];
}

class Module {
  #context;
  #identifier;
  #status = 'unlinked';
  #error = kNoError;

  constructor(options) {
    if (new.target === Module) {
      throw new TypeError('Module is not a constructor');
    }
    const { context, identifier } = options;
    let realm = thisRealm;
    if (context !== undefined) {
      validateObject(context, 'options.context');
      realm = lookupRealm(context);
      if (realm === undefined) {
        throw new ERR_INVALID_ARG_TYPE('options.context', 'vm.Context', context);
      }
    }
    if (identifier !== undefined) validateString(identifier, 'options.identifier');
    this.#context = context;
    this.#identifier = identifier ?? defaultIdentifier(context);
    this[kRealm] = realm;
    this[kName] = uniqueName(this.#identifier);
    // The binding's id of the module record, once there is one.
    this[kId] = undefined;
    modules.add(this);
  }

  get identifier() {
    checkThis(this);
    return this.#identifier;
  }

  get context() {
    checkThis(this);
    return this.#context;
  }

  get status() {
    checkThis(this);
    return this.#error === kNoError ? this.#status : 'errored';
  }

  get error() {
    checkThis(this);
    if (this.#error === kNoError) throw new ERR_VM_MODULE_STATUS('must be errored');
    return this.#error;
  }

  get namespace() {
    checkThis(this);
    const status = this.status;
    if (status === 'unlinked' || status === 'linking') {
      throw new ERR_VM_MODULE_STATUS('must not be unlinked or linking');
    }
    if (status === 'linked') throw new ERR_VM_MODULE_STATUS('must be evaluated');
    return vmBinding.moduleNamespace(this[kId]);
  }

  async link(linker) {
    checkThis(this);
    validateFunction(linker, 'linker');
    if (this.status === 'linked') throw new ERR_VM_MODULE_ALREADY_LINKED();
    if (this.status !== 'unlinked') throw new ERR_VM_MODULE_STATUS('must be unlinked');
    await this[kLinkRequests](linker);
    this.#instantiate();
  }

  async evaluate(options = kEmptyObject) {
    checkThis(this);
    validateObject(options, 'options');
    const { timeout, breakOnSigint = false } = options;
    if (timeout !== undefined) validateUint32(timeout, 'options.timeout', true);
    validateBoolean(breakOnSigint, 'options.breakOnSigint');
    const status = this.status;
    if (status !== 'linked' && status !== 'evaluating' &&
        status !== 'evaluated' && status !== 'errored') {
      throw new ERR_VM_MODULE_STATUS('must be one of linked, evaluated, or errored');
    }
    if (this.#error !== kNoError) throw this.#error;
    if (status === 'linked') this.#status = 'evaluating';
    const promise = this[kRealm].run(() => vmBinding.evaluateModule(this[kId], timeout));
    if (vmBinding.takeTimedOut()) {
      promise.catch(() => {});
      this.#error = new ERR_SCRIPT_EXECUTION_TIMEOUT(timeout);
      throw this.#error;
    }
    try {
      await promise;
    } catch (error) {
      this.#error = error;
      throw error;
    }
    for (const module of this[kGraph]()) module[kMarkEvaluated]();
  }

  [kMarkEvaluated]() {
    if (this.#status === 'linked' || this.#status === 'evaluating') this.#status = 'evaluated';
  }

  // The module and every module it links to, once each.
  [kGraph](seen = new Set()) {
    seen.add(this);
    for (const dependency of this[kDependencies]()) {
      if (!seen.has(dependency)) dependency[kGraph](seen);
    }
    return seen;
  }

  [kSetStatus](status) {
    this.#status = status;
  }

  [kSetError](error) {
    this.#error = error;
  }

  // Records the modules of this graph that have no record yet, with what they link to,
  // and compiles the graph.
  #instantiate() {
    const graph = this[kGraph]();
    const prepared = [];
    for (const module of graph) {
      if (module[kId] === undefined) {
        module[kPrepare]();
        prepared.push(module);
      }
    }
    vmBinding.instantiateModule(this[kId]);
    for (const module of prepared) module[kInitializeMeta]();
    for (const module of graph) {
      if (module.#status === 'unlinked') module.#status = 'linked';
    }
  }

  [require('util').inspect.custom](depth, options) {
    checkThis(this);
    const constructor = Object.getPrototypeOf(this).constructor;
    const name = typeof constructor === 'function' ? constructor.name : 'Module';
    if (typeof depth === 'number' && depth < 0) {
      return options.stylize(`[${name}]`, 'special');
    }
    const fields = { status: this.status, identifier: this.identifier, context: this.context };
    Object.setPrototypeOf(fields, Object.getPrototypeOf(this));
    return require('util').inspect(fields, { ...options, customInspect: false });
  }
}

// The code cache of a module's source: the QuickJS bytecode it compiles to (under a fixed
// name, so that it depends on the source and line offset only), as a Buffer.
function codeCache(realm, source, lineOffset) {
  return require('buffer').Buffer.from(realm.checkModule(source, '', lineOffset + 1, true));
}

class SourceTextModule extends Module {
  #source;
  #lineOffset;
  #requests;
  #specifiers;
  #initializeImportMeta;
  // Specifier -> the module it was linked to.
  #links = new Map();

  constructor(sourceText, options = kEmptyObject) {
    validateString(sourceText, 'sourceText');
    validateObject(options, 'options');
    const {
      lineOffset = 0,
      columnOffset = 0,
      initializeImportMeta,
      importModuleDynamically,
      context,
      identifier,
      cachedData,
    } = options;
    validateInt32(lineOffset, 'options.lineOffset');
    validateInt32(columnOffset, 'options.columnOffset');
    if (initializeImportMeta !== undefined) {
      validateFunction(initializeImportMeta, 'options.initializeImportMeta');
    }
    if (importModuleDynamically !== undefined) {
      validateFunction(importModuleDynamically, 'options.importModuleDynamically');
    }
    if (cachedData !== undefined && !ArrayBuffer.isView(cachedData)) {
      throw new ERR_INVALID_ARG_TYPE(
        'options.cachedData', ['Buffer', 'TypedArray', 'DataView'], cachedData);
    }
    super({ context, identifier });
    if (cachedData !== undefined) {
      const cache = codeCache(this[kRealm], sourceText, lineOffset);
      if (!cache.equals(new Uint8Array(cachedData.buffer, cachedData.byteOffset,
                                       cachedData.byteLength))) {
        throw new ERR_VM_MODULE_CACHED_DATA_REJECTED();
      }
    }
    this.#source = sourceText;
    this.#lineOffset = lineOffset;
    this.#initializeImportMeta = initializeImportMeta;
    registerImportReferrer(this[kName], this, importModuleDynamically);
    this.#requests = this[kRealm].checkModule(sourceText, this[kName], lineOffset + 1);
    this.#specifiers = Object.freeze([...new Set(this.#requests.map((r) => r.specifier))]);
  }

  get dependencySpecifiers() {
    if (!isModule(this) || !(#source in this)) {
      throw new ERR_INVALID_ARG_TYPE('this', 'SourceTextModule', this);
    }
    return this.#specifiers;
  }

  createCachedData() {
    const { status } = this;
    if (status === 'evaluating' || status === 'evaluated' || status === 'errored') {
      throw new ERR_VM_MODULE_CANNOT_CREATE_CACHED_DATA();
    }
    return codeCache(this[kRealm], this.#source, this.#lineOffset);
  }

  [kDependencies]() {
    return this.#links.values();
  }

  // Asks `linker` for the module of each request, linking those not linked yet.
  async [kLinkRequests](linker) {
    this[kSetStatus]('linking');
    try {
      const modules = await Promise.all(this.#requests.map(async ({ specifier, attributes }) => {
        const module = await linker(specifier, this, { attributes, assert: attributes });
        if (!isModule(module)) throw new ERR_VM_MODULE_NOT_MODULE();
        if (module.context !== this.context) throw new ERR_VM_MODULE_DIFFERENT_CONTEXT();
        if (module.status === 'errored') {
          throw new ERR_VM_MODULE_LINK_FAILURE(
            `request for '${specifier}' resolved to an errored module`, module.error);
        }
        if (module.status === 'unlinked') await module[kLinkRequests](linker);
        return [specifier, module];
      }));
      this.#links = new Map(modules);
    } catch (error) {
      this[kSetError](error);
      throw error;
    } finally {
      this[kSetStatus]('unlinked');
    }
  }

  [kPrepare]() {
    const specifiers = [...this.#links.keys()];
    const names = specifiers.map((specifier) => this.#links.get(specifier)[kName]);
    this[kId] = this[kRealm].prepareModule(
      this.#source, this[kName], this.#lineOffset + 1, specifiers, names);
  }

  [kInitializeMeta]() {
    if (this.#initializeImportMeta !== undefined) {
      this.#initializeImportMeta(vmBinding.moduleMeta(this[kId]), this);
    }
  }
}

class SyntheticModule extends Module {
  #exportNames;
  #evaluateCallback;
  // Exports set before the module's bindings exist, applied when it is evaluated.
  #pending = new Map();
  #started = false;

  constructor(exportNames, evaluateCallback, options = kEmptyObject) {
    if (!Array.isArray(exportNames) || exportNames.some((name) => typeof name !== 'string')) {
      throw new ERR_INVALID_ARG_TYPE('exportNames', 'Array of unique strings', exportNames);
    }
    const seen = new Set();
    for (const name of exportNames) {
      if (seen.has(name)) {
        throw new ERR_INVALID_ARG_VALUE(`exportNames.${name}`, name, 'is duplicated');
      }
      seen.add(name);
    }
    validateFunction(evaluateCallback, 'evaluateCallback');
    validateObject(options, 'options');
    const { context, identifier } = options;
    super({ context, identifier });
    this.#exportNames = [...exportNames];
    this.#evaluateCallback = evaluateCallback;
    this[kId] = this[kRealm].syntheticModule(this[kName], this.#exportNames, () => this.#run());
  }

  setExport(name, value) {
    if (!isModule(this) || !(#exportNames in this)) {
      throw new ERR_INVALID_ARG_TYPE('this', 'SyntheticModule', this);
    }
    validateString(name, 'name');
    const { status } = this;
    if (status === 'unlinked' || status === 'linking') {
      throw new ERR_VM_MODULE_STATUS('must be linked');
    }
    if (!this.#exportNames.includes(name)) {
      throw new ReferenceError(`Export '${name}' is not defined in module`);
    }
    if (this.#started) {
      vmBinding.setModuleExport(this[kId], name, value);
    } else {
      this.#pending.set(name, value);
    }
  }

  [kDependencies]() {
    return [];
  }

  async [kLinkRequests]() {}

  // The module's evaluation, when QuickJS evaluates it: its bindings exist from now on.
  #run() {
    this.#started = true;
    for (const [name, value] of this.#pending) vmBinding.setModuleExport(this[kId], name, value);
    this.#pending.clear();
    this[kSetStatus]('evaluating');
    try {
      Reflect.apply(this.#evaluateCallback, this, []);
    } catch (error) {
      this[kSetError](error);
      throw error;
    }
    this[kSetStatus]('evaluated');
  }
}

module.exports = { Module, SourceTextModule, SyntheticModule, dynamicImportTarget };
