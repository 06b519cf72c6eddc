// internal/platforms — the platform ladder below `node`: which of the node realm's globals a
// `browser`, `neutral` or `bare` realm receives. Each rung keeps the one above's
// universal primitives minus what it drops; `__return` (the host's result channel) is on
// every rung. The realm itself is created by the engine; this file only fills it.

// Universal primitives: on `neutral` and `browser`.
const UNIVERSAL = ['console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
  'queueMicrotask'];

// The web platform set: on `browser`. `crypto` here is the WebCrypto object; the rest of
// the DOM-flavoured globals (events, abort, streams, Blob, fetch) come from web_globals.
const WEB = ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'structuredClone',
  'crypto', 'performance', 'atob', 'btoa', ...require('internal/web_globals').names];

// Non-ECMAScript globals a fresh QuickJS-NG realm defines by itself; each rung gets them
// only from the lists above.
const ENGINE_EXTRAS = ['queueMicrotask', 'performance', 'navigator', 'console', 'print', 'atob',
  'btoa', 'InternalError'];

// On every rung, `bare` included: the language's companion API for running wasm.
const LANGUAGE = ['WebAssembly'];

const TIERS = {
  browser: [...LANGUAGE, ...UNIVERSAL, ...WEB],
  neutral: [...LANGUAGE, ...UNIVERSAL],
  bare: LANGUAGE,
};

// Leaves a fresh realm with only the ECMAScript globals (also what a `node:vm` context
// starts from).
function removeEngineExtras(realmGlobal) {
  for (const name of ENGINE_EXTRAS) delete realmGlobal[name];
}

function populateRealm(realmGlobal, platform) {
  const names = TIERS[platform];
  if (names === undefined) throw new RangeError(`unknown platform ${platform}`);
  removeEngineExtras(realmGlobal);
  for (const name of [...names, '__return']) {
    Object.defineProperty(realmGlobal, name, {
      value: globalThis[name], writable: true, configurable: true, enumerable: false,
    });
  }
}

module.exports = { populateRealm, removeEngineExtras };
