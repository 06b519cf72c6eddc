// internal/string_repeat — String.prototype.repeat built the way V8 builds it: by doubling
// the piece and concatenating, so a long result is a rope of shared pieces (QuickJS links
// long strings on `+`) and costs O(log count) joins. QuickJS's own repeat writes one
// character at a time, which takes seconds for the longest strings the engine can hold.
// A negative or infinite count fails with V8's message. Short results, and calls whose
// arguments need coercion, go to the engine's repeat.

const nativeRepeat = String.prototype.repeat;

// Results up to this length come from the engine's loop, which is faster for them.
const kEngineRepeatMax = 8192;
// QuickJS's longest string (JS_STRING_LEN_MAX).
const kStringMaxLength = 2 ** 30 - 1;

const { repeat } = {
  repeat(count) {
    if (typeof this !== 'string' || typeof count !== 'number' || Number.isNaN(count)) {
      return Reflect.apply(nativeRepeat, this, [count]);
    }
    if (count < 0 || count === Infinity) throw new RangeError(`Invalid count value: ${count}`);
    const length = this.length * Math.trunc(count);
    if (length <= kEngineRepeatMax || length > kStringMaxLength) {
      return Reflect.apply(nativeRepeat, this, [count]);
    }
    let remaining = Math.trunc(count);
    let piece = this;
    let result = '';
    for (;;) {
      if (remaining & 1) result += piece;
      remaining >>>= 1;
      if (remaining === 0) return result;
      piece += piece;
    }
  },
};

function installStringRepeat() {
  Object.defineProperty(String.prototype, 'repeat', {
    __proto__: null, value: repeat, writable: true, enumerable: false, configurable: true,
  });
}

module.exports = { installStringRepeat };
