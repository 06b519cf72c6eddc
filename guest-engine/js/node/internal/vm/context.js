// internal/vm/context — the realm behind a `node:vm` context and how its global object
// mirrors the contextified (sandbox) object. Before code runs in the context, every own
// property of the sandbox becomes an accessor on the realm's global that reads and writes
// the sandbox (an accessor property of the sandbox is installed with its own functions),
// shadowing a builtin of the same name; after it returns, globals the code
// created, replaced or deleted are carried over to the sandbox, and the new ones are
// turned into such accessors. `var` and function declarations are the exception QuickJS
// forces: they are non-configurable data properties of the global, so their values are
// copied to the sandbox after each run and back before the next.

const vmBinding = binding('vm');
const { removeEngineExtras } = require('internal/platforms');
const { hideFrames, installStackTraceFormat } = require('internal/stack_trace');

const { defineProperty, getOwnPropertyDescriptor, hasOwn } = Object;

const DONT_CONTEXTIFY = Symbol('vm_context_no_contextify');

// Contextified object (or, for DONT_CONTEXTIFY, the realm's global) -> its ContextRealm.
const realms = new WeakMap();
// The realm's global object -> its ContextRealm.
const realmsOfGlobals = new WeakMap();

// Code that makes `eval` and the Function constructors of the realm it runs in throw, as
// V8 does for `codeGeneration: { strings: false }`.
const DISALLOW_CODE_GENERATION = `(() => {
  const refuse = function () {
    throw new EvalError('Code generation from strings disallowed for this context');
  };
  const { defineProperty, getPrototypeOf } = Object;
  const constructors = [Function, getPrototypeOf(function* () {}).constructor,
    getPrototypeOf(async function () {}).constructor,
    getPrototypeOf(async function* () {}).constructor];
  for (const constructor of constructors) {
    const blocked = function () { refuse(); };
    defineProperty(blocked, 'name', { value: constructor.name });
    blocked.prototype = constructor.prototype;
    defineProperty(constructor.prototype, 'constructor', {
      value: blocked, writable: true, enumerable: false, configurable: true,
    });
  }
  globalThis.Function = Function.prototype.constructor;
  globalThis.eval = function eval() { refuse(); };
})()`;

function sameDescriptor(a, b) {
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set &&
    a.writable === b.writable && a.enumerable === b.enumerable &&
    a.configurable === b.configurable;
}

class ContextRealm {
  // `sandbox` is the object to contextify, or null for a context without one
  // (vm.constants.DONT_CONTEXTIFY), whose global object is then the context object.
  // `importModuleDynamically` serves `import()` in `eval` code of the context.
  constructor(sandbox, importModuleDynamically) {
    const { global, evaluate, checkModule, prepareModule, syntheticModule } =
      vmBinding.createRealm();
    removeEngineExtras(global);
    installStackTraceFormat(global);
    hideFrames(evaluate);
    this.global = global;
    this.evaluate = evaluate;
    this.checkModule = checkModule;
    this.prepareModule = prepareModule;
    this.syntheticModule = syntheticModule;
    this.sandbox = sandbox;
    this.contextObject = sandbox ?? global;
    this.importModuleDynamically = importModuleDynamically;
    // The realm's own globals as created, to tell them from what code did to them.
    this.builtins = new Map(
      Reflect.ownKeys(global).map((key) => [key, getOwnPropertyDescriptor(global, key)]));
    // Sandbox key -> the getter of the accessor mirroring it on the global.
    this.mirrors = new Map();
    // What the sandbox inherits is global too: a sandbox made by a class lends the global
    // object its prototype chain (a plain object's adds nothing the realm lacks).
    const inherited = sandbox === null ? null : Object.getPrototypeOf(sandbox);
    if (inherited !== null && inherited !== Object.prototype) {
      Object.setPrototypeOf(global, inherited);
    }
    realms.set(this.contextObject, this);
    realmsOfGlobals.set(global, this);
  }

  // Runs `fn` (which evaluates code in this realm) with the sandbox mirrored.
  run(fn) {
    if (this.sandbox === null) return fn();
    this.#syncIn();
    try {
      return fn();
    } finally {
      this.#syncOut();
    }
  }

  disallowCodeGeneration() {
    this.evaluate(DISALLOW_CODE_GENERATION, 'node:vm', 1, undefined, false);
    for (const key of ['eval', 'Function']) {
      this.builtins.set(key, getOwnPropertyDescriptor(this.global, key));
    }
  }

  #syncIn() {
    const { sandbox, global, mirrors } = this;
    const keys = Reflect.ownKeys(sandbox);
    const present = new Set(keys);
    for (const key of mirrors.keys()) {
      if (!present.has(key)) this.#unmirror(key);
    }
    for (const key of keys) {
      if (mirrors.has(key)) continue;
      const own = getOwnPropertyDescriptor(global, key);
      const desc = getOwnPropertyDescriptor(sandbox, key);
      if (desc !== undefined && !desc.configurable && !desc.writable && 'value' in desc) {
        // Frozen on the sandbox, so a copy with the same attributes stays exact.
        if (own === undefined || own.configurable) defineProperty(global, key, desc);
      } else if (own === undefined || own.configurable) {
        this.#mirror(key);
      } else if (own.writable) {
        global[key] = sandbox[key];
      }
    }
  }

  #syncOut() {
    const { sandbox, global, mirrors, builtins } = this;
    for (const [key, getter] of mirrors) {
      const own = getOwnPropertyDescriptor(global, key);
      if (own === undefined) {
        mirrors.delete(key);
        Reflect.deleteProperty(sandbox, key);
      } else if (own.get !== getter) {
        mirrors.delete(key);
      }
    }
    for (const key of Reflect.ownKeys(global)) {
      if (mirrors.has(key)) continue;
      const own = getOwnPropertyDescriptor(global, key);
      const builtin = builtins.get(key);
      if (builtin === undefined || !sameDescriptor(own, builtin)) this.#publish(key, own);
    }
  }

  // Carries a global the code created or changed over to the sandbox; once the sandbox
  // holds it, the global becomes a mirror (unless QuickJS made it non-configurable).
  #publish(key, own) {
    const { sandbox } = this;
    let published;
    if (!('value' in own)) {
      published = Reflect.defineProperty(sandbox, key, {
        get: own.get, set: own.set, enumerable: own.enumerable, configurable: true,
      });
    } else if (hasOwn(sandbox, key)) {
      published = Reflect.set(sandbox, key, own.value);
    } else {
      published = Reflect.defineProperty(sandbox, key, {
        value: own.value, writable: own.writable, enumerable: own.enumerable,
        configurable: true,
      });
    }
    if (published && own.configurable) this.#mirror(key);
  }

  #mirror(key) {
    const { sandbox, global } = this;
    const desc = getOwnPropertyDescriptor(sandbox, key);
    if (desc !== undefined && !('value' in desc)) {
      // The sandbox's accessor itself: the global's descriptor is the sandbox's.
      defineProperty(global, key, desc);
      this.mirrors.set(key, desc.get);
      return;
    }
    // As in Node, the sandbox read through a global is the context's global object.
    const get = () => {
      const value = sandbox[key];
      return value === sandbox ? global : value;
    };
    const set = (value) => { Reflect.set(sandbox, key, value); };
    const enumerable = desc?.enumerable ?? true;
    defineProperty(global, key, { get, set, enumerable, configurable: true });
    this.mirrors.set(key, get);
  }

  // The sandbox lost `key`: drop its accessor and bring back the builtin it shadowed.
  #unmirror(key) {
    const { global } = this;
    if (getOwnPropertyDescriptor(global, key)?.get === this.mirrors.get(key)) {
      delete global[key];
    }
    this.mirrors.delete(key);
    const builtin = this.builtins.get(key);
    if (builtin !== undefined) defineProperty(global, key, builtin);
  }
}

// The realm builtins run in, as the vm functions see it: code runs unmirrored.
const thisRealm = {
  evaluate: vmBinding.evaluate,
  checkModule: vmBinding.checkModule,
  prepareModule: vmBinding.prepareModule,
  syntheticModule: vmBinding.syntheticModule,
  run: (fn) => fn(),
};
hideFrames(vmBinding.evaluate);

function lookupRealm(object) {
  return realms.get(object);
}

function lookupRealmOfGlobal(global) {
  return realmsOfGlobals.get(global);
}

module.exports = { ContextRealm, DONT_CONTEXTIFY, lookupRealm, lookupRealmOfGlobal, thisRealm };
