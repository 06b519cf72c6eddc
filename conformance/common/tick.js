// test/common/tick for the sandbox: `tick(n, cb)` calls `cb` after n turns of setImmediate.
'use strict';

module.exports = function tick(turns, callback) {
  const next = () => {
    if (--turns === 0) {
      if (typeof callback === 'function') callback();
    } else {
      setImmediate(next);
    }
  };
  setImmediate(next);
};
