// internal/shadow_realm — `ShadowRealm` (the TC39 proposal Node exposes under
// `--experimental-shadow-realm`). Each instance is a fresh QuickJS realm
// (`binding('vm').createRealm`) holding only the ECMAScript intrinsics. Values cross the
// boundary as the proposal says: primitives as they are, callables as wrapped functions
// made in the receiving realm, anything else is a TypeError; an error thrown across becomes
// a TypeError of the receiving realm, so no object of one realm ever reaches the other.
// `importValue` imports ES modules into the realm (its own module map; builtins and
// CommonJS, which are main-realm objects, do not resolve there: see internal/modules).

const vmBinding = binding('vm');
const { removeEngineExtras } = require('internal/platforms');
const path = require('path');

const { apply } = Reflect;
const promiseThen = Promise.prototype.then;

// Source of a realm's wrapper factory, compiled in each realm before any user code runs,
// so the intrinsics it captures are the realm's own. A wrapper is a method (callable, not
// a constructor) that asks `invoke` to run the target in the other realm and either
// returns the (already wrapped) value or throws the realm's own TypeError.
const WRAPPER_FACTORY = `'use strict';
(() => {
  const TypeErrorIntrinsic = TypeError;
  const { defineProperty } = Object;
  return (invoke, name, length) => {
    const { wrapped } = {
      wrapped(...args) {
        const outcome = invoke(this, args);
        if (outcome.threw) throw new TypeErrorIntrinsic(outcome.message);
        return outcome.value;
      },
    };
    defineProperty(wrapped, 'length', { value: length });
    defineProperty(wrapped, 'name', { value: name });
    return wrapped;
  };
})()`;

// One side of the boundary: how to make a wrapper living there and its TypeError.
class RealmSide {
  constructor(evaluate) {
    this.evaluate = evaluate;
    this.makeWrapper = evaluate(WRAPPER_FACTORY, 'node:internal/shadow_realm', 1);
    this.TypeError = evaluate('TypeError', 'node:internal/shadow_realm', 1);
  }
}

let mainSide;
function getMainSide() {
  mainSide ??= new RealmSide(vmBinding.evaluate);
  return mainSide;
}

function isObject(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

// A thrown value described for the receiving realm's TypeError, without letting a
// throwing `toString` escape.
function describeThrown(error) {
  try {
    return String(error);
  } catch {
    return 'an exception';
  }
}

// GetWrappedValue: `value`, from the other side, as `side` may hold it.
function wrapInto(side, value, otherSide) {
  if (!isObject(value)) return value;
  if (typeof value !== 'function') {
    throw new side.TypeError('ShadowRealm values must be primitives or callables');
  }
  return wrapFunction(side, value, otherSide);
}

// WrappedFunctionCreate: a function of `side` that calls `target` (of `targetSide`).
function wrapFunction(side, target, targetSide) {
  let length = 0;
  let name = '';
  try {
    if (Object.hasOwn(target, 'length')) {
      const targetLength = target.length;
      if (typeof targetLength === 'number') {
        length = targetLength === Infinity ? Infinity : Math.max(0, Math.trunc(targetLength) || 0);
      }
    }
    const targetName = target.name;
    if (typeof targetName === 'string') name = targetName;
  } catch (error) {
    throw new side.TypeError(`Cannot wrap the function: ${describeThrown(error)}`);
  }
  const invoke = (thisArgument, args) => {
    try {
      const wrappedArgs = [];
      for (let i = 0; i < args.length; i++) wrappedArgs.push(wrapInto(targetSide, args[i], side));
      const result = apply(target, wrapInto(targetSide, thisArgument, side), wrappedArgs);
      return { threw: false, value: wrapInto(side, result, targetSide) };
    } catch (error) {
      return { threw: true, message: describeThrown(error) };
    }
  };
  return side.makeWrapper(invoke, name, length);
}

class ShadowRealm {
  #realm;

  constructor() {
    const { global, evaluate } = vmBinding.createRealm();
    removeEngineExtras(global);
    this.#realm = new RealmSide(evaluate);
  }

  evaluate(sourceText) {
    const realm = this.#realm;
    if (typeof sourceText !== 'string') throw new TypeError('Invalid value used as source text');
    try {
      realm.evaluate(sourceText, 'ShadowRealm.evaluate', 1, undefined, true);
    } catch (error) {
      throw new SyntaxError(error?.message ?? describeThrown(error));
    }
    let result;
    try {
      result = realm.evaluate(sourceText, 'ShadowRealm.evaluate', 1);
    } catch (error) {
      throw new TypeError(`ShadowRealm evaluate threw (${describeThrown(error)})`);
    }
    return wrapInto(getMainSide(), result, realm);
  }

  importValue(specifier, exportName) {
    const realm = this.#realm;
    let specifierString;
    try {
      specifierString = String(specifier);
      if (typeof exportName !== 'string') throw new TypeError('exportName must be a string');
    } catch (error) {
      return Promise.reject(error);
    }
    // Relative specifiers resolve against the working directory at the time of the call.
    const referrer = path.join(process.cwd(), '[shadow-realm]');
    let imported;
    try {
      imported = realm.evaluate('(specifier) => import(specifier)', referrer, 1)(specifierString);
    } catch (error) {
      return Promise.reject(new TypeError(describeThrown(error)));
    }
    return new Promise((resolve, reject) => {
      apply(promiseThen, imported, [
        (namespace) => {
          try {
            if (!Object.hasOwn(namespace, exportName)) {
              throw new TypeError(`The module '${specifierString}' has no export named '${exportName}'`);
            }
            resolve(wrapInto(getMainSide(), namespace[exportName], realm));
          } catch (error) {
            reject(error instanceof TypeError ? error : new TypeError(describeThrown(error)));
          }
        },
        (error) => reject(new TypeError(error?.message ?? describeThrown(error))),
      ]);
    });
  }
}

Object.defineProperty(ShadowRealm.prototype, Symbol.toStringTag, {
  value: 'ShadowRealm', writable: false, enumerable: false, configurable: true,
});

module.exports = { ShadowRealm };
