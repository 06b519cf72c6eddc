// node:diagnostics_channel — named publish/subscribe channels for diagnostics: `channel`,
// module-level `subscribe`/`unsubscribe`/`hasSubscribers`, stores bound to a channel
// (`bindStore`/`runStores`, for AsyncLocalStorage), and `tracingChannel`, the five-channel
// (start, end, asyncStart, asyncEnd, error) tracing helper over sync, callback and promise
// functions. A channel is kept alive while it has subscribers or bound stores; otherwise
// it is held weakly, as in Node.

const {
  codes: { ERR_INVALID_ARG_TYPE },
  validateFunction,
} = require('internal/errors');

const channels = new Map();
const activeChannels = new Set();

// A subscriber or store transform that throws must not break the publisher: report the
// error as uncaught on a later tick.
function reportLater(error) {
  process.nextTick(() => { throw error; });
}

class Channel {
  #subscribers = [];
  #stores = new Map();

  constructor(name) {
    this.name = name;
  }

  // As in Node, anything whose prototype is Channel's is a channel, and asking about
  // undefined or null throws (so a tracing channel made from `{}` fails that way).
  static [Symbol.hasInstance](instance) {
    if (instance === undefined || instance === null) {
      throw new TypeError('Cannot convert undefined or null to object');
    }
    return Object.getPrototypeOf(instance) === Channel.prototype;
  }

  #updateActive() {
    if (this.#subscribers.length > 0 || this.#stores.size > 0) {
      activeChannels.add(this);
    } else {
      activeChannels.delete(this);
    }
  }

  get hasSubscribers() {
    return this.#subscribers.length > 0 || this.#stores.size > 0;
  }

  subscribe(subscription) {
    validateFunction(subscription, 'subscription');
    this.#subscribers = [...this.#subscribers, subscription];
    this.#updateActive();
  }

  unsubscribe(subscription) {
    const index = this.#subscribers.indexOf(subscription);
    if (index === -1) return false;
    this.#subscribers = this.#subscribers.filter((_, i) => i !== index);
    this.#updateActive();
    return true;
  }

  bindStore(store, transform) {
    this.#stores.set(store, transform);
    this.#updateActive();
  }

  unbindStore(store) {
    if (!this.#stores.delete(store)) return false;
    this.#updateActive();
    return true;
  }

  publish(data) {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(data, this.name);
      } catch (error) {
        reportLater(error);
      }
    }
  }

  runStores(data, fn, thisArg, ...args) {
    let run = () => {
      this.publish(data);
      return Reflect.apply(fn, thisArg, args);
    };
    for (const [store, transform] of this.#stores) {
      let context = data;
      if (transform) {
        try {
          context = transform(data);
        } catch (error) {
          reportLater(error);
          continue;
        }
      }
      const next = run;
      run = () => store.run(context, next);
    }
    return run();
  }
}

function channel(name) {
  const existing = channels.get(name)?.deref();
  if (existing !== undefined) return existing;
  if (typeof name !== 'string' && typeof name !== 'symbol') {
    throw new ERR_INVALID_ARG_TYPE('channel', ['string', 'symbol'], name);
  }
  const created = new Channel(name);
  channels.set(name, new WeakRef(created));
  return created;
}

function subscribe(name, subscription) {
  channel(name).subscribe(subscription);
}

function unsubscribe(name, subscription) {
  return channel(name).unsubscribe(subscription);
}

function hasSubscribers(name) {
  const existing = channels.get(name)?.deref();
  return existing !== undefined && existing.hasSubscribers;
}

const traceEvents = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

class TracingChannel {
  constructor(nameOrChannels) {
    if (typeof nameOrChannels === 'string') {
      for (const event of traceEvents) {
        this[event] = channel(`tracing:${nameOrChannels}:${event}`);
      }
    } else if (nameOrChannels !== null && typeof nameOrChannels === 'object') {
      for (const event of traceEvents) {
        const value = nameOrChannels[event];
        if (!(value instanceof Channel)) {
          throw new ERR_INVALID_ARG_TYPE(`nameOrChannels.${event}`, 'Channel', value);
        }
        this[event] = value;
      }
    } else {
      throw new ERR_INVALID_ARG_TYPE('nameOrChannels',
        ['string', 'object', 'TracingChannel'], nameOrChannels);
    }
  }

  get hasSubscribers() {
    return traceEvents.some((event) => this[event].hasSubscribers);
  }

  subscribe(handlers) {
    for (const event of traceEvents) {
      if (handlers[event]) this[event].subscribe(handlers[event]);
    }
  }

  unsubscribe(handlers) {
    let done = true;
    for (const event of traceEvents) {
      if (handlers[event] && !this[event].unsubscribe(handlers[event])) done = false;
    }
    return done;
  }

  // Runs `body` under the start channel's stores, publishing 'error' if it throws and
  // 'end' when it returns.
  #traced(context, body) {
    const { start, end, error } = this;
    return start.runStores(context, () => {
      try {
        return body();
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }

  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    return this.#traced(context, () => {
      const result = Reflect.apply(fn, thisArg, args);
      context.result = result;
      return result;
    });
  }

  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { asyncStart, asyncEnd, error } = this;
    const settled = () => {
      asyncStart.publish(context);
      asyncEnd.publish(context);
    };
    return this.#traced(context, () => {
      let promise = Reflect.apply(fn, thisArg, args);
      if (!(promise instanceof Promise)) promise = Promise.resolve(promise);
      return promise.then((result) => {
        context.result = result;
        settled();
        return result;
      }, (err) => {
        context.error = err;
        error.publish(context);
        settled();
        throw err;
      });
    });
  }

  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const callback = args.at(position);
    validateFunction(callback, 'callback');
    const { asyncStart, asyncEnd, error } = this;
    function wrappedCallback(err, result) {
      if (err) {
        context.error = err;
        error.publish(context);
      } else {
        context.result = result;
      }
      asyncStart.runStores(context, () => {
        try {
          return Reflect.apply(callback, this, arguments);
        } finally {
          asyncEnd.publish(context);
        }
      });
    }
    args.splice(position, 1, wrappedCallback);
    return this.#traced(context, () => Reflect.apply(fn, thisArg, args));
  }
}

function tracingChannel(nameOrChannels) {
  return new TracingChannel(nameOrChannels);
}

module.exports = {
  channel,
  hasSubscribers,
  subscribe,
  tracingChannel,
  unsubscribe,
  Channel,
};
