// internal/signals — signals as Node's APIs take them: a name ('SIGTERM', any case) or a
// Linux number, validated against `os.constants.signals`.

const { signals } = require('os').constants;

const knownNumbers = new Set(Object.values(signals));

// The number of `signal` (Node's convertToValidSignal); ERR_UNKNOWN_SIGNAL otherwise.
function toSignalNumber(signal) {
  if (typeof signal === 'number' && knownNumbers.has(signal)) return signal;
  if (typeof signal === 'string') {
    const name = signal.toUpperCase();
    if (Object.hasOwn(signals, name)) return signals[name];
  }
  throw new (require('internal/errors').codes.ERR_UNKNOWN_SIGNAL)(signal);
}

module.exports = { toSignalNumber };
