// internal/null_prototype_names — the class name util.inspect shows for an object whose
// prototype was taken away: `[Foo: null prototype] {}` for a `new Foo()`. V8 reads it from
// the constructor that created the object, which it keeps with the object's layout;
// QuickJS keeps no such link, so the name is recorded when Object.setPrototypeOf,
// Reflect.setPrototypeOf or the `__proto__` setter sets an object's prototype to null. As
// in V8, instances of base classes and plain constructor functions are named, and a
// subclass instance reads `Object`. Unlike V8, the name comes from the prototype the object
// had at that moment, not the one it was created with. Proxies are left alone: reading
// their prototype would run a trap.

const { getProxyDetails } = binding('util');

const names = new WeakMap();

function rememberName(object) {
  if ((typeof object !== 'object' && typeof object !== 'function') || object === null ||
      names.has(object) || getProxyDetails(object) !== undefined) {
    return;
  }
  const prototype = Object.getPrototypeOf(object);
  if (prototype === null) return;
  const constructor = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
  if (typeof constructor !== 'function' ||
      Object.getOwnPropertyDescriptor(constructor, 'prototype')?.value !== prototype ||
      Object.getPrototypeOf(constructor) !== Function.prototype) {
    return;
  }
  const name = Object.getOwnPropertyDescriptor(constructor, 'name')?.value;
  if (typeof name === 'string' && name !== '') names.set(object, name);
}

// The name of the constructor that made `object`, when its prototype was set to null.
function nullPrototypeName(object) {
  return names.get(object);
}

function installNullPrototypeNames() {
  const objectSetPrototypeOf = Object.setPrototypeOf;
  const reflectSetPrototypeOf = Reflect.setPrototypeOf;
  const { set: setProto } = Object.getOwnPropertyDescriptor(Object.prototype, '__proto__');
  const method = (value) => ({ __proto__: null, value, writable: true, configurable: true });
  Object.defineProperty(Object, 'setPrototypeOf', method({
    setPrototypeOf(object, prototype) {
      if (prototype === null) rememberName(object);
      return objectSetPrototypeOf(object, prototype);
    },
  }.setPrototypeOf));
  Object.defineProperty(Reflect, 'setPrototypeOf', method({
    setPrototypeOf(target, prototype) {
      if (prototype === null) rememberName(target);
      return reflectSetPrototypeOf(target, prototype);
    },
  }.setPrototypeOf));
  Object.defineProperty(Object.prototype, '__proto__', {
    __proto__: null,
    set: Object.getOwnPropertyDescriptor({
      set __proto__(prototype) {
        if (prototype === null) rememberName(this);
        Reflect.apply(setProto, this, [prototype]);
      },
    }, '__proto__').set,
  });
}

module.exports = { installNullPrototypeNames, nullPrototypeName };
