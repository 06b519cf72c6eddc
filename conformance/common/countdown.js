// test/common/countdown: calls a callback (exactly once) when counted down to zero.
'use strict';

const common = require('./index');

class Countdown {
  constructor(limit, callback) {
    this.remaining = limit;
    this.callback = common.mustCall(callback);
  }

  dec() {
    this.remaining -= 1;
    if (this.remaining === 0) this.callback();
    return this.remaining;
  }
}

module.exports = Countdown;
