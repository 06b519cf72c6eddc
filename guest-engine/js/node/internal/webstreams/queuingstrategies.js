// internal/webstreams/queuingstrategies — ByteLengthQueuingStrategy and
// CountQueuingStrategy: a highWaterMark plus the `size` function each stream uses to
// weigh its chunks.

const {
  kState,
  invalidThis,
  invalidArgType,
  customInspectSymbol,
  customInspect,
} = require('internal/webstreams/util');

// `size` is one function per class, as the spec requires (same identity on every instance).
const byteSize = function size(chunk) {
  return chunk.byteLength;
};
const countSize = function size() {
  return 1;
};

function strategyClass(className, sizeFunction) {
  const Strategy = class {
    constructor(init) {
      if (init === null || typeof init !== 'object') {
        throw invalidArgType('init', 'Object', init);
      }
      if (init.highWaterMark === undefined) {
        throw new (require('internal/errors').codes.ERR_MISSING_OPTION)('init.highWaterMark');
      }
      this[kState] = { highWaterMark: +init.highWaterMark };
    }

    get highWaterMark() {
      if (this?.[kState] === undefined || !(this instanceof Strategy)) {
        throw invalidThis(className);
      }
      return this[kState].highWaterMark;
    }

    get size() {
      if (this?.[kState] === undefined || !(this instanceof Strategy)) {
        throw invalidThis(className);
      }
      return sizeFunction;
    }

    [customInspectSymbol](depth, options) {
      return customInspect(this, className, { highWaterMark: this.highWaterMark }, depth,
        options);
    }
  };
  Object.defineProperty(Strategy, 'name', { value: className });
  Object.defineProperty(Strategy.prototype, Symbol.toStringTag, {
    value: className, configurable: true,
  });
  return Strategy;
}

const ByteLengthQueuingStrategy = strategyClass('ByteLengthQueuingStrategy', byteSize);
const CountQueuingStrategy = strategyClass('CountQueuingStrategy', countSize);

module.exports = { ByteLengthQueuingStrategy, CountQueuingStrategy };
