// internal/util/comparisons — the deep-equality algorithms of Node 22 (lib/internal/util/
// comparisons.js), used by `assert`:
// - `isDeepEqual` (loose: `==` for primitives, prototypes ignored, symbol keys ignored),
// - `isDeepStrictEqual` (Object.is for primitives, same constructor or prototype, same type
//   tags, enumerable symbol keys),
// - `isPartialStrictEqual` (strict, but `expected` may be a subset of `actual`).
// Map/Set contents are compared regardless of order, typed arrays byte by byte (floats by
// value in loose mode), errors by `name`/`message`/`cause`/`errors`, boxed primitives by
// value, URLs by `href`.
//
// Cycles: Node first compares without cycle tracking and, when that throws (a cycle
// overflows the stack), switches for good to tracking the objects being compared. Stack
// overflow cannot be caught in this engine (it stops the script), so the untracked pass
// gives up at a fixed nesting depth instead, below the engine's stack budget.

const { isURL } = require('internal/url');
const {
  types: {
    isAnyArrayBuffer,
    isArrayBufferView,
    isBigIntObject,
    isBooleanObject,
    isBoxedPrimitive,
    isDate,
    isFloat32Array,
    isFloat64Array,
    isKeyObject,
    isMap,
    isNativeError,
    isNumberObject,
    isRegExp,
    isSet,
    isStringObject,
    isSymbolObject,
    isWeakMap,
    isWeakSet,
  },
} = require('util');
const { Buffer } = require('buffer');

const uncurryThis = (fn) => Function.prototype.call.bind(fn);

const hasOwn = uncurryThis(Object.prototype.hasOwnProperty);
const hasEnumerable = uncurryThis(Object.prototype.propertyIsEnumerable);
const ObjectPrototypeToString = uncurryThis(Object.prototype.toString);
const FunctionPrototypeSymbolHasInstance = uncurryThis(Function.prototype[Symbol.hasInstance]);
const DatePrototypeGetTime = uncurryThis(Date.prototype.getTime);
const NumberPrototypeValueOf = uncurryThis(Number.prototype.valueOf);
const StringPrototypeValueOf = uncurryThis(String.prototype.valueOf);
const BooleanPrototypeValueOf = uncurryThis(Boolean.prototype.valueOf);
const BigIntPrototypeValueOf = uncurryThis(BigInt.prototype.valueOf);
const SymbolPrototypeValueOf = uncurryThis(Symbol.prototype.valueOf);
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TypedArrayPrototypeGetSymbolToStringTag = uncurryThis(
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get);
const TypedArrayPrototypeGetByteLength = uncurryThis(
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength').get);

const isFloat16Array = typeof Float16Array === 'function' ?
  (value) => TypedArrayPrototypeGetSymbolToStringTag(value) === 'Float16Array' :
  () => false;

// In strict mode, objects whose constructor is one of these (or is inherited) are compared
// by constructor rather than by prototype.
const wellKnownConstructors = new Set([
  Array, ArrayBuffer, BigInt, BigInt64Array, BigUint64Array, Boolean, Buffer, DataView,
  Date, Error, Float32Array, Float64Array, Function, Int16Array, Int32Array, Int8Array,
  Map, Number, Object, Promise, RegExp, Set, String, Symbol, Uint16Array, Uint32Array,
  Uint8Array, Uint8ClampedArray, WeakMap, WeakSet,
]);
if (typeof Float16Array === 'function') wellKnownConstructors.add(Float16Array);

const kStrict = 1;
const kLoose = 0;
const kPartial = 2;

const kNoIterator = 0;
const kIsArray = 1;
const kIsSet = 2;
const kIsMap = 3;

// Nesting depth at which the untracked pass assumes a cycle (see the header).
const kMaxUntrackedDepth = 1000;
const kCycleSuspected = Symbol('kCycleSuspected');
let untrackedDepth = 0;

// Node's internal isError: a native error, or anything inheriting from Error.
function isError(value) {
  return isNativeError(value) || FunctionPrototypeSymbolHasInstance(Error, value);
}

function isArrayIndex(key) {
  return typeof key === 'string' && /^(?:0|[1-9][0-9]*)$/.test(key) && +key < 4294967295;
}

// Own enumerable keys that are not array indices, symbols included unless `skipSymbols`.
// Own keys list the array indices first, so the others are found from the end.
function getOwnNonIndexProperties(value, skipSymbols) {
  const keys = skipSymbols ? Object.getOwnPropertyNames(value) : Reflect.ownKeys(value);
  let start = keys.length;
  while (start > 0 && !isArrayIndex(keys[start - 1])) start--;
  const result = [];
  for (let i = start; i < keys.length; i++) {
    if (hasEnumerable(value, keys[i])) result.push(keys[i]);
  }
  return result;
}

// Compares two Uint8Arrays, four bytes at a time where both are aligned.
function areEqualBytes(a, b) {
  const length = a.length;
  if (length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = length >>> 2;
    const a32 = new Int32Array(a.buffer, a.byteOffset, words);
    const b32 = new Int32Array(b.buffer, b.byteOffset, words);
    for (; i < words; i++) {
      if (a32[i] !== b32[i]) return false;
    }
    i = words * 4;
  }
  for (; i < length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

function viewBytes(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// Same source, flags and lastIndex.
function areSimilarRegExps(a, b) {
  return a.source === b.source && a.flags === b.flags && a.lastIndex === b.lastIndex;
}

// Whether the bytes of `b` appear in `a` in order (not necessarily contiguously).
function isPartialUint8Array(a, b) {
  const lenA = TypedArrayPrototypeGetByteLength(a);
  const lenB = TypedArrayPrototypeGetByteLength(b);
  if (lenA < lenB) return false;
  let offsetA = 0;
  for (let offsetB = 0; offsetB < lenB; offsetB++) {
    while (!Object.is(a[offsetA], b[offsetB])) {
      offsetA++;
      if (offsetA > lenA - lenB + offsetB) return false;
    }
    offsetA++;
  }
  return true;
}

function isPartialArrayBufferView(a, b) {
  if (a.byteLength < b.byteLength) return false;
  return isPartialUint8Array(viewBytes(a), viewBytes(b));
}

// Loose mode compares float arrays by value, so 0 equals -0 and NaN differs from NaN.
function areSimilarFloatArrays(a, b) {
  if (TypedArrayPrototypeGetByteLength(a) !== TypedArrayPrototypeGetByteLength(b)) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

function areSimilarTypedArrays(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  return areEqualBytes(viewBytes(a), viewBytes(b));
}

function areEqualArrayBuffers(buf1, buf2) {
  return buf1.byteLength === buf2.byteLength &&
    areEqualBytes(new Uint8Array(buf1), new Uint8Array(buf2));
}

function isEqualBoxedPrimitive(val1, val2) {
  if (isNumberObject(val1)) {
    return isNumberObject(val2) &&
      Object.is(NumberPrototypeValueOf(val1), NumberPrototypeValueOf(val2));
  }
  if (isStringObject(val1)) {
    return isStringObject(val2) && StringPrototypeValueOf(val1) === StringPrototypeValueOf(val2);
  }
  if (isBooleanObject(val1)) {
    return isBooleanObject(val2) &&
      BooleanPrototypeValueOf(val1) === BooleanPrototypeValueOf(val2);
  }
  if (isBigIntObject(val1)) {
    return isBigIntObject(val2) && BigIntPrototypeValueOf(val1) === BigIntPrototypeValueOf(val2);
  }
  return isSymbolObject(val2) && SymbolPrototypeValueOf(val1) === SymbolPrototypeValueOf(val2);
}

function isEnumerableOrIdentical(val1, val2, prop, mode, memos) {
  return hasEnumerable(val2, prop) || // Compared with the other own keys.
    (mode === kPartial &&
      (val2[prop] === undefined || (prop === 'message' && val2[prop] === ''))) ||
    innerDeepEqual(val1[prop], val2[prop], mode, memos);
}

function innerDeepEqual(val1, val2, mode, memos) {
  // All identical values are equivalent, as determined by ===.
  if (val1 === val2) {
    return val1 !== 0 || Object.is(val1, val2) || mode === kLoose;
  }

  if (mode !== kLoose) {
    if (typeof val1 === 'number') {
      return Number.isNaN(val1) && Number.isNaN(val2);
    }
    if (typeof val2 !== 'object' || typeof val1 !== 'object' || val1 === null ||
        val2 === null) {
      return false;
    }
  } else {
    if (val1 === null || typeof val1 !== 'object') {
      return (val2 === null || typeof val2 !== 'object') &&
        // eslint-disable-next-line eqeqeq
        (val1 == val2 || (Number.isNaN(val1) && Number.isNaN(val2)));
    }
    if (val2 === null || typeof val2 !== 'object') return false;
  }
  return objectComparisonStart(val1, val2, mode, memos);
}

// Whether arrays (Sets, Maps) cannot be equivalent for their `length` (`size`): the two
// differ, unless in partial mode `val1` is the larger one.
function isSizeMismatch(val1, val2, key, mode) {
  return val1[key] !== val2[key] && (mode !== kPartial || val1[key] < val2[key]);
}

// The own enumerable non-index keys of array or typed array `val2` (with symbols, except
// in loose mode), or null when `val1` has a different number of them (partial mode: any
// number will do).
function getNonIndexKeys(val1, val2, mode) {
  const skipSymbols = mode === kLoose;
  const keys2 = getOwnNonIndexProperties(val2, skipSymbols);
  if (mode !== kPartial &&
      keys2.length !== getOwnNonIndexProperties(val1, skipSymbols).length) {
    return null;
  }
  return keys2;
}

function objectComparisonStart(val1, val2, mode, memos) {
  if (mode === kStrict) {
    if (wellKnownConstructors.has(val1.constructor) ||
        (val1.constructor !== undefined && !hasOwn(val1, 'constructor'))) {
      if (val1.constructor !== val2.constructor) return false;
    } else if (Object.getPrototypeOf(val1) !== Object.getPrototypeOf(val2)) {
      return false;
    }
  }

  const val1Tag = ObjectPrototypeToString(val1);
  const val2Tag = ObjectPrototypeToString(val2);
  if (val1Tag !== val2Tag) return false;

  if (Array.isArray(val1)) {
    if (!Array.isArray(val2) || isSizeMismatch(val1, val2, 'length', mode)) return false;
    const keys2 = getNonIndexKeys(val1, val2, mode);
    return keys2 !== null && keyCheck(val1, val2, mode, memos, kIsArray, keys2);
  } else if (val1Tag === '[object Object]') {
    return keyCheck(val1, val2, mode, memos, kNoIterator);
  } else if (isDate(val1)) {
    if (!isDate(val2) || DatePrototypeGetTime(val1) !== DatePrototypeGetTime(val2)) {
      return false;
    }
  } else if (isRegExp(val1)) {
    if (!isRegExp(val2) || !areSimilarRegExps(val1, val2)) return false;
  } else if (isArrayBufferView(val1)) {
    if (TypedArrayPrototypeGetSymbolToStringTag(val1) !==
        TypedArrayPrototypeGetSymbolToStringTag(val2)) {
      return false;
    }
    if (mode === kPartial && val1.byteLength !== val2.byteLength) {
      if (!isPartialArrayBufferView(val1, val2)) return false;
    } else if (mode === kLoose &&
               (isFloat32Array(val1) || isFloat64Array(val1) || isFloat16Array(val1))) {
      if (!areSimilarFloatArrays(val1, val2)) return false;
    } else if (!areSimilarTypedArrays(val1, val2)) {
      return false;
    }
    // The elements are equal; the other own keys remain.
    const keys2 = getNonIndexKeys(val1, val2, mode);
    return keys2 !== null && keyCheck(val1, val2, mode, memos, kNoIterator, keys2);
  } else if (isSet(val1)) {
    if (!isSet(val2) || isSizeMismatch(val1, val2, 'size', mode)) return false;
    return keyCheck(val1, val2, mode, memos, kIsSet);
  } else if (isMap(val1)) {
    if (!isMap(val2) || isSizeMismatch(val1, val2, 'size', mode)) return false;
    return keyCheck(val1, val2, mode, memos, kIsMap);
  } else if (isAnyArrayBuffer(val1)) {
    if (!isAnyArrayBuffer(val2)) return false;
    if (mode !== kPartial || val1.byteLength === val2.byteLength) {
      if (!areEqualArrayBuffers(val1, val2)) return false;
    } else if (!isPartialUint8Array(new Uint8Array(val1), new Uint8Array(val2))) {
      return false;
    }
  } else if (isError(val1)) {
    // The stack is not compared: it may differ for otherwise identical errors.
    if (!isError(val2) ||
        !isEnumerableOrIdentical(val1, val2, 'message', mode, memos) ||
        !isEnumerableOrIdentical(val1, val2, 'name', mode, memos) ||
        !isEnumerableOrIdentical(val1, val2, 'cause', mode, memos) ||
        !isEnumerableOrIdentical(val1, val2, 'errors', mode, memos)) {
      return false;
    }
    const hasOwnVal2Cause = hasOwn(val2, 'cause');
    if (hasOwnVal2Cause !== hasOwn(val1, 'cause') && (mode !== kPartial || hasOwnVal2Cause)) {
      return false;
    }
  } else if (isBoxedPrimitive(val1)) {
    if (!isEqualBoxedPrimitive(val1, val2)) return false;
  } else if (Array.isArray(val2) || isArrayBufferView(val2) || isSet(val2) || isMap(val2) ||
             isDate(val2) || isRegExp(val2) || isAnyArrayBuffer(val2) ||
             isBoxedPrimitive(val2) || isError(val2)) {
    return false;
  } else if (isURL(val1)) {
    if (!isURL(val2) || val1.href !== val2.href) return false;
  } else if (isKeyObject(val1)) {
    if (!isKeyObject(val2) || !val1.equals(val2)) return false;
  } else if (isWeakMap(val1) || isWeakSet(val1)) {
    return false;
  }

  return keyCheck(val1, val2, mode, memos, kNoIterator);
}

function getEnumerables(val, keys) {
  return keys.filter((key) => hasEnumerable(val, key));
}

// Partial mode: every enumerable symbol key of `val2` must be one of `val1`; they are
// appended to `keys2` to be compared.
function partialSymbolEquiv(val1, val2, keys2) {
  for (const key of Object.getOwnPropertySymbols(val2)) {
    if (hasEnumerable(val2, key)) {
      if (!hasEnumerable(val1, key)) return false;
      keys2.push(key);
    }
  }
  return true;
}

// For all remaining object pairs (arrays, objects, Maps, Sets, ...) equivalence requires
// the same number of own enumerable properties, the same keys (in any order), equivalent
// values for each key, and for Sets and Maps equal contents.
function keyCheck(val1, val2, mode, memos, iterationType, keys2) {
  const isArrayLikeObject = keys2 !== undefined;
  if (keys2 === undefined) keys2 = Object.keys(val2);
  let keys1;

  if (!isArrayLikeObject) {
    if (mode === kPartial) {
      if (!partialSymbolEquiv(val1, val2, keys2)) return false;
    } else if (keys2.length !== (keys1 = Object.keys(val1)).length) {
      return false;
    } else if (mode === kStrict) {
      const symbolKeysA = Object.getOwnPropertySymbols(val1);
      if (symbolKeysA.length !== 0) {
        let count = 0;
        for (const key of symbolKeysA) {
          if (hasEnumerable(val1, key)) {
            if (!hasEnumerable(val2, key)) return false;
            keys2.push(key);
            count++;
          } else if (hasEnumerable(val2, key)) {
            return false;
          }
        }
        const symbolKeysB = Object.getOwnPropertySymbols(val2);
        if (symbolKeysA.length !== symbolKeysB.length &&
            getEnumerables(val2, symbolKeysB).length !== count) {
          return false;
        }
      } else {
        const symbolKeysB = Object.getOwnPropertySymbols(val2);
        if (symbolKeysB.length !== 0 && getEnumerables(val2, symbolKeysB).length !== 0) {
          return false;
        }
      }
    }
  }

  if (keys2.length === 0 &&
      (iterationType === kNoIterator ||
        (iterationType === kIsArray && val2.length === 0) ||
        val2.size === 0)) {
    return true;
  }

  if (memos === null) {
    if (++untrackedDepth > kMaxUntrackedDepth) throw kCycleSuspected;
    const result = objEquiv(val1, val2, mode, keys1, keys2, memos, iterationType);
    untrackedDepth--;
    return result;
  }
  return handleCycles(val1, val2, mode, keys1, keys2, memos, iterationType);
}

// Tracks the objects being compared: the first pair and one nested pair directly in
// `memos`, deeper ones in a Set. A pair whose objects are both being compared already is
// taken as equal.
function handleCycles(val1, val2, mode, keys1, keys2, memos, iterationType) {
  if (memos === undefined) {
    memos = { set: undefined, a: val1, b: val2, c: undefined, d: undefined, deep: false };
    return objEquiv(val1, val2, mode, keys1, keys2, memos, iterationType);
  }

  if (memos.set === undefined) {
    if (memos.deep === false) {
      if (memos.a === val1 && memos.b === val2) return true;
      memos.c = val1;
      memos.d = val2;
      memos.deep = true;
      const result = objEquiv(val1, val2, mode, keys1, keys2, memos, iterationType);
      memos.deep = false;
      return result;
    }
    memos.set = new Set([memos.a, memos.b, memos.c, memos.d]);
  }

  const { set } = memos;
  const originalSize = set.size;
  set.add(val1);
  set.add(val2);
  if (originalSize === set.size) return true;

  const areEq = objEquiv(val1, val2, mode, keys1, keys2, memos, iterationType);
  set.delete(val1);
  set.delete(val2);
  return areEq;
}

// The primitive a loosely equal Set/Map entry would have to be found under, when it can be
// determined: `null` for undefined, `undefined` for null; `false` when none can exist,
// `true` when it cannot be determined (numbers, strings, bigints and booleans are loosely
// equal to many values, e.g. 1n == '+00001').
function findLooseMatchingPrimitives(prim) {
  switch (typeof prim) {
    case 'undefined':
      return null;
    case 'object': // Only null is passed as an object.
      return undefined;
    case 'symbol':
      return false;
    case 'string':
      prim = +prim;
      // A loosely equal entry only exists if the string converts to a number other than NaN.
      // Fall through
    case 'number':
      if (Number.isNaN(prim)) return false;
  }
  return true;
}

function setMightHaveLoosePrim(a, b, prim) {
  const altValue = findLooseMatchingPrimitives(prim);
  if (altValue != null) return altValue;
  return !b.has(altValue) && a.has(altValue);
}

function mapMightHaveLoosePrim(a, b, prim, item2, memo) {
  const altValue = findLooseMatchingPrimitives(prim);
  if (altValue != null) return altValue;
  const item1 = a.get(altValue);
  if ((item1 === undefined && !a.has(altValue)) ||
      !innerDeepEqual(item1, item2, kLoose, memo)) {
    return false;
  }
  return !b.has(altValue) && innerDeepEqual(item1, item2, kLoose, memo);
}

// Partial mode: whether the values of `array` (those of set `b` missing from set `a`) all
// match distinct values of `a`.
function partialObjectSetEquiv(array, a, b, mode, memo) {
  let aPos = 0;
  let direction = 1;
  let start = 0;
  let end = array.length - 1;
  for (const val1 of a) {
    aPos++;
    if (!b.has(val1)) {
      let innerStart = start;
      if (direction === 1) {
        if (innerDeepEqual(val1, array[start], mode, memo)) {
          if (start === end) return true;
          start += 1;
          continue;
        }
        if (start === end) {
          // The last value of `b` might match a later value of `a`.
          continue;
        }
        direction = -1;
        innerStart += 1;
      }
      let matched = true;
      if (!innerDeepEqual(val1, array[end], mode, memo)) {
        direction = 1;
        matched = arrayHasEqualElement(array, val1, mode, memo, innerDeepEqual, innerStart, end);
      }
      if (matched) {
        if (start === end) return true;
        end -= 1;
      }
    }
    if (a.size - aPos <= end - start) return false;
  }
  return false;
}

// Finds and removes the element of array[start..end) equal to `val1`.
function arrayHasEqualElement(array, val1, mode, memo, comparator, start, end) {
  for (let i = end - 1; i >= start; i--) {
    if (comparator(val1, array[i], mode, memo)) {
      array.splice(i, 1);
      return true;
    }
  }
  return false;
}

// Whether the values of `array` (those of set `b` missing from set `a`) match the values
// of `a` missing from `b`, one to one. Matching is tried first in order, then in reverse
// order, then by search.
function setObjectEquiv(array, a, b, mode, memo) {
  let direction = 1;
  let start = 0;
  let end = array.length - 1;
  const comparator = mode !== kLoose ? objectComparisonStart : innerDeepEqual;
  const extraChecks = mode === kLoose || array.length !== a.size;
  for (const val1 of a) {
    if (extraChecks) {
      if (b.has(val1)) continue;
      if (typeof val1 !== 'object' && mode !== kLoose) return false;
    }

    let innerStart = start;
    if (direction === 1) {
      if (comparator(val1, array[start], mode, memo)) {
        start += 1;
        continue;
      }
      if (start === end) return false;
      direction = -1;
      innerStart += 1;
    }
    if (!comparator(val1, array[end], mode, memo)) {
      direction = 1;
      if (!arrayHasEqualElement(array, val1, mode, memo, comparator, innerStart, end)) {
        return false;
      }
    }
    end -= 1;
  }
  return true;
}

// Sets `a` of one or two values, where `val` (from `b`, read through `iteratorB`) is
// missing from `a`.
function compareSmallSets(a, b, val, iteratorB, mode, memo) {
  const iteratorA = a.values();
  const firstA = iteratorA.next().value;
  if (innerDeepEqual(firstA, val, mode, memo)) {
    if (b.size === 1) return true; // Partial mode with a.size === 1, or b.size === 1.
    const secondA = iteratorA.next().value;
    return b.has(secondA) || innerDeepEqual(secondA, iteratorB.next().value, mode, memo);
  }
  return a.size !== 1 && innerDeepEqual(iteratorA.next().value, val, mode, memo) && (
    b.size === 1 || // Partial mode.
    b.has(firstA) || // Primitive or reference equal.
    innerDeepEqual(firstA, iteratorB.next().value, mode, memo)
  );
}

function setEquiv(a, b, mode, memo) {
  // The values of `b` missing from `a`, to be compared pairwise; created lazily.
  let array;

  const iteratorB = b.values();
  for (const val of iteratorB) {
    if (!a.has(val)) {
      if ((typeof val !== 'object' || val === null) &&
          (mode !== kLoose || !setMightHaveLoosePrim(a, b, val))) {
        return false;
      }
      if (array === undefined) {
        if (a.size < 3) return compareSmallSets(a, b, val, iteratorB, mode, memo);
        array = [];
      }
      array.push(val);
    }
  }

  if (array === undefined) return true;
  if (mode === kPartial) return partialObjectSetEquiv(array, a, b, mode, memo);
  return setObjectEquiv(array, a, b, mode, memo);
}

// Partial mode: whether the object keys in `array` (from map `b`) match distinct entries
// of map `a`.
function partialObjectMapEquiv(array, a, b, mode, memo) {
  let aPos = 0;
  let direction = 1;
  let start = 0;
  let end = array.length - 1;
  for (const { 0: key1, 1: item1 } of a) {
    aPos++;
    if (typeof key1 === 'object' && key1 !== null) {
      let innerStart = start;
      if (direction === 1) {
        const key2 = array[start];
        if (objectComparisonStart(key1, key2, mode, memo) &&
            innerDeepEqual(item1, b.get(key2), mode, memo)) {
          if (start === end) return true;
          start += 1;
          continue;
        }
        if (start === end) {
          // The last entry of `b` might match a later entry of `a`.
          continue;
        }
        direction = -1;
        innerStart += 1;
      }
      let matched = true;
      const key2 = array[end];
      if (!objectComparisonStart(key1, key2, mode, memo) ||
          !innerDeepEqual(item1, b.get(key2), mode, memo)) {
        direction = 1;
        matched = arrayHasEqualMapElement(array, key1, item1, b, mode, memo,
                                          objectComparisonStart, innerStart, end);
      }
      if (matched) {
        if (start === end) return true;
        end -= 1;
      }
    }
    if (a.size - aPos <= end - start) return false;
  }
  return false;
}

// Finds and removes the key of array[start..end) whose entry in `b` equals [key1, item1].
function arrayHasEqualMapElement(array, key1, item1, b, mode, memo, comparator, start, end) {
  for (let i = end - 1; i >= start; i--) {
    const key2 = array[i];
    if (comparator(key1, key2, mode, memo) && innerDeepEqual(item1, b.get(key2), mode, memo)) {
      array.splice(i, 1);
      return true;
    }
  }
  return false;
}

// Whether the entries of `b` keyed by `array` match the remaining entries of `a`, one to
// one (same strategy as setObjectEquiv).
function mapObjectEquiv(array, a, b, mode, memo) {
  let direction = 1;
  let start = 0;
  let end = array.length - 1;
  const comparator = mode !== kLoose ? objectComparisonStart : innerDeepEqual;
  const extraChecks = mode === kLoose || array.length !== a.size;

  for (const { 0: key1, 1: item1 } of a) {
    if (extraChecks && (typeof key1 !== 'object' || key1 === null)) {
      if (b.has(key1)) {
        if (mode !== kLoose || innerDeepEqual(item1, b.get(key1), mode, memo)) continue;
      } else if (mode !== kLoose) {
        return false;
      }
    }

    let innerStart = start;
    if (direction === 1) {
      const key2 = array[start];
      if (comparator(key1, key2, mode, memo) && innerDeepEqual(item1, b.get(key2), mode, memo)) {
        start += 1;
        continue;
      }
      if (start === end) return false;
      direction = -1;
      innerStart += 1;
    }
    const key2 = array[end];
    if (!comparator(key1, key2, mode, memo) || !innerDeepEqual(item1, b.get(key2), mode, memo)) {
      direction = 1;
      if (!arrayHasEqualMapElement(array, key1, item1, b, mode, memo, comparator,
                                   innerStart, end)) {
        return false;
      }
    }
    end -= 1;
  }
  return true;
}

function mapEquiv(a, b, mode, memo) {
  // The keys of `b` without an equal entry under the same key in `a`; created lazily.
  let array;

  for (const { 0: key2, 1: item2 } of b) {
    if (typeof key2 === 'object' && key2 !== null) {
      if (array === undefined) {
        if (a.size === 1) {
          const { 0: key1, 1: item1 } = a.entries().next().value;
          return innerDeepEqual(key1, key2, mode, memo) &&
            innerDeepEqual(item1, item2, mode, memo);
        }
        array = [];
      }
      array.push(key2);
    } else {
      const item1 = a.get(key2);
      if ((item1 === undefined && !a.has(key2)) || !innerDeepEqual(item1, item2, mode, memo)) {
        if (mode !== kLoose) return false;
        // Fast path for missing string, symbol, undefined and null keys.
        if (!mapMightHaveLoosePrim(a, b, key2, item2, memo)) return false;
        if (array === undefined) array = [];
        array.push(key2);
      }
    }
  }

  if (array === undefined) return true;
  if (mode === kPartial) return partialObjectMapEquiv(array, a, b, mode, memo);
  return mapObjectEquiv(array, a, b, mode, memo);
}

// Partial mode, from the first hole on: the own keys of `b` (from startB) must match own
// keys of `a` (from startA) in order.
function partialSparseArrayEquiv(a, b, mode, memos, startA, startB) {
  let aPos = 0;
  const keysA = Object.keys(a).slice(startA);
  const keysB = Object.keys(b).slice(startB);
  if (keysA.length < keysB.length) return false;
  for (let i = 0; i < keysB.length; i++) {
    const keyB = keysB[i];
    while (!innerDeepEqual(a[keysA[aPos]], b[keyB], mode, memos)) {
      aPos++;
      if (aPos > keysA.length - keysB.length + i) return false;
    }
    aPos++;
  }
  return true;
}

// Partial mode: the elements of `b` must appear in `a` in order.
function partialArrayEquiv(a, b, mode, memos) {
  let aPos = 0;
  for (let i = 0; i < b.length; i++) {
    let isSparse = b[i] === undefined && !hasOwn(b, i);
    if (isSparse) return partialSparseArrayEquiv(a, b, mode, memos, aPos, i);
    while (!(isSparse = a[aPos] === undefined && !hasOwn(a, aPos)) &&
           !innerDeepEqual(a[aPos], b[i], mode, memos)) {
      aPos++;
      if (aPos > a.length - b.length + i) return false;
    }
    if (isSparse) return partialSparseArrayEquiv(a, b, mode, memos, aPos, i);
    aPos++;
  }
  return true;
}

// From the first hole of `b` on: compare by own keys.
function sparseArrayEquiv(a, b, mode, memos, i) {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (; i < keysB.length; i++) {
    const key = keysB[i];
    if ((a[key] === undefined && !hasOwn(a, key)) || !innerDeepEqual(a[key], b[key], mode, memos)) {
      return false;
    }
  }
  return true;
}

function objEquiv(a, b, mode, keys1, keys2, memos, iterationType) {
  if (keys2.length > 0) {
    let i = 0;
    // While both objects list their keys in the same order.
    if (keys1 !== undefined) {
      for (; i < keys2.length; i++) {
        const key = keys2[i];
        if (keys1[i] !== key) break;
        if (!innerDeepEqual(a[key], b[key], mode, memos)) return false;
      }
    }
    for (; i < keys2.length; i++) {
      const key = keys2[i];
      const descriptor = Object.getOwnPropertyDescriptor(a, key);
      if (!descriptor?.enumerable ||
          !innerDeepEqual(descriptor.value !== undefined ? descriptor.value : a[key], b[key],
                          mode, memos)) {
        return false;
      }
    }
  }

  if (iterationType === kIsArray) {
    if (mode === kPartial) return partialArrayEquiv(a, b, mode, memos);
    for (let i = 0; i < a.length; i++) {
      if (b[i] === undefined) {
        if (!hasOwn(b, i)) return sparseArrayEquiv(a, b, mode, memos, i);
        if (a[i] !== undefined || !hasOwn(a, i)) return false;
      } else if (a[i] === undefined || !innerDeepEqual(a[i], b[i], mode, memos)) {
        return false;
      }
    }
  } else if (iterationType === kIsSet) {
    if (!setEquiv(a, b, mode, memos)) return false;
  } else if (iterationType === kIsMap) {
    if (!mapEquiv(a, b, mode, memos)) return false;
  }
  return true;
}

// Like Node, cycles are only tracked once a comparison failed without (here: went too
// deep, or threw); from then on every comparison tracks them.
let trackCycles = false;

function detectCycles(val1, val2, mode) {
  if (!trackCycles) {
    // A getter of a compared object may itself compare values.
    const outerDepth = untrackedDepth;
    untrackedDepth = 0;
    try {
      return innerDeepEqual(val1, val2, mode, null);
    } catch {
      trackCycles = true;
    } finally {
      untrackedDepth = outerDepth;
    }
  }
  return innerDeepEqual(val1, val2, mode, undefined);
}

module.exports = {
  isDeepEqual(val1, val2) {
    return detectCycles(val1, val2, kLoose);
  },
  isDeepStrictEqual(val1, val2) {
    return detectCycles(val1, val2, kStrict);
  },
  isPartialStrictEqual(val1, val2) {
    return detectCycles(val1, val2, kPartial);
  },
};
