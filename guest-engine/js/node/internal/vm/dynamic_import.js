// internal/vm/dynamic_import — `import()` in code compiled by node:vm (scripts, functions,
// source text modules): the module comes from the `importModuleDynamically` option of the
// code's referrer, as in Node. Referrers are told apart by the name QuickJS gives their code
// (a module's name, a script's or function's filename); code with an absolute path as its
// filename is not registered, since that name is a file module's too, and its `import()`
// uses the engine's loader. For scripts and functions sharing a filename, the one compiled
// last decides. Code that `eval` runs in a vm context has the context as its referrer (in
// Node, a direct `eval` inside a script has the script), served by the
// `importModuleDynamically` option of vm.createContext. The callback must return the module itself (QuickJS resolves imports
// synchronously), a vm.Module that is linked and in the same context as the referrer.

const {
  codes: {
    ERR_METHOD_NOT_IMPLEMENTED,
    ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING,
    ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG,
  },
} = require('internal/errors');

const { lookupRealmOfGlobal } = require('internal/vm/context');

const vmBinding = binding('vm');

const USE_MAIN_CONTEXT_DEFAULT_LOADER = Symbol('vm_dynamic_import_main_context_default');

// Name of the code -> { referrer, callback }. Referrers are held for good, like the
// module records QuickJS keeps for the life of their realm.
const referrers = new Map();

function registerImportReferrer(name, referrer, callback) {
  if (name.startsWith('/')) return;
  referrers.set(name, { referrer, callback });
  vmBinding.addImportReferrer(name);
}

// The name of the module `import(specifier)` in the code named `name`, run in the realm
// whose global object is `realmGlobal`, loads, or undefined for the engine's loader.
function resolveDynamicImport(name, specifier, attributes, realmGlobal) {
  let entry = referrers.get(name);
  if (entry === undefined) {
    const realm = lookupRealmOfGlobal(realmGlobal);
    // `eval` code of a realm that is no vm context (a ShadowRealm).
    if (realm === undefined) return undefined;
    entry = { referrer: realm.contextObject, callback: realm.importModuleDynamically };
  }
  if (entry.callback === undefined) {
    throw new ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING();
  }
  if (entry.callback === USE_MAIN_CONTEXT_DEFAULT_LOADER) return undefined;
  if (!process.execArgv.includes('--experimental-vm-modules')) {
    throw new ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG();
  }
  const { referrer, callback } = entry;
  const module = Reflect.apply(callback, undefined,
    [specifier, referrer, { __proto__: null, ...attributes }]);
  if (typeof module?.then === 'function') {
    throw new ERR_METHOD_NOT_IMPLEMENTED('importModuleDynamically returning a promise');
  }
  return require('internal/vm/module').dynamicImportTarget(module, referrer);
}

vmBinding.setDynamicImportHandler(resolveDynamicImport);

module.exports = { USE_MAIN_CONTEXT_DEFAULT_LOADER, registerImportReferrer };
