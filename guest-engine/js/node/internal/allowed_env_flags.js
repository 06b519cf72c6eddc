// internal/allowed_env_flags — process.allowedNodeEnvironmentFlags: the options Node 22
// accepts in NODE_OPTIONS (its own and the V8 ones it lets through), as Node's read-only
// Set whose `has()` also matches a flag without its leading dashes, with underscores for
// dashes, or with a `=value`.

// Node's options allowed in NODE_OPTIONS. Boolean options also come negated (`--no-…`);
// those with a value do not.
const BOOLEAN_OPTIONS = [
  '--allow-addons', '--allow-child-process', '--allow-wasi', '--allow-worker',
  '--disable-proto', '--disable-wasm-trap-handler', '--enable-fips',
  '--enable-network-family-autoselection', '--enable-source-maps',
  '--experimental-abortcontroller', '--experimental-detect-module', '--experimental-eventsource',
  '--experimental-fetch', '--experimental-global-customevent', '--experimental-global-navigator',
  '--experimental-global-webcrypto', '--experimental-import-meta-resolve',
  '--experimental-json-modules', '--experimental-modules', '--experimental-network-imports',
  '--experimental-permission', '--experimental-print-required-tla', '--experimental-repl-await',
  '--experimental-require-module', '--experimental-shadow-realm', '--experimental-sqlite',
  '--experimental-top-level-await', '--experimental-vm-modules',
  '--experimental-wasi-unstable-preview1', '--experimental-wasm-modules',
  '--experimental-websocket', '--extra-info-on-fatal-exception', '--force-async-hooks-checks',
  '--force-context-aware', '--force-fips', '--frozen-intrinsics', '--global-search-paths',
  '--insecure-http-parser', '--inspect', '--inspect-brk', '--addons', '--deprecation',
  '--network-family-autoselection', '--warnings', '--openssl-legacy-provider',
  '--openssl-shared-config', '--pending-deprecation', '--preserve-symlinks',
  '--preserve-symlinks-main', '--report-compact', '--report-on-fatalerror', '--report-on-signal',
  '--report-uncaught-exception', '--test-only', '--throw-deprecation', '--tls-max-v1.2',
  '--tls-max-v1.3', '--tls-min-v1.0', '--tls-min-v1.1', '--tls-min-v1.2', '--tls-min-v1.3',
  '--trace-deprecation', '--trace-exit', '--trace-sigint', '--trace-sync-io', '--trace-tls',
  '--trace-uncaught', '--trace-warnings', '--track-heap-objects', '--use-bundled-ca',
  '--use-openssl-ca', '--verify-base-objects', '--watch', '--watch-preserve-output',
  '--zero-fill-buffers',
];
const VALUE_OPTIONS = [
  '--allow-fs-read', '--allow-fs-write', '--conditions', '-C', '--diagnostic-dir',
  '--disable-warning', '--dns-result-order', '--experimental-default-type',
  '--experimental-loader', '--loader', '--experimental-specifier-resolution',
  '--heapsnapshot-near-heap-limit', '--heapsnapshot-signal', '--icu-data-dir', '--import',
  '--input-type', '--inspect-port', '--debug-port', '--inspect-publish-uid',
  '--max-http-header-size', '--network-family-autoselection-attempt-timeout',
  '--openssl-config', '--redirect-warnings', '--report-dir', '--report-directory',
  '--report-filename', '--report-signal', '--require', '-r', '--secure-heap',
  '--secure-heap-min', '--snapshot-blob', '--test-coverage-branches',
  '--test-coverage-functions', '--test-coverage-lines', '--test-name-pattern',
  '--test-reporter', '--test-reporter-destination', '--test-shard', '--test-skip-pattern',
  '--title', '--tls-cipher-list', '--tls-keylog', '--trace-event-categories',
  '--trace-event-file-pattern', '--trace-events-enabled', '--unhandled-rejections',
  '--use-largepages', '--v8-pool-size', '--watch-path',
];
// The V8 options Node lets through NODE_OPTIONS.
const V8_OPTIONS = [
  '--abort-on-uncaught-exception', '--disallow-code-generation-from-strings',
  '--enable-etw-stack-walking', '--expose-gc', '--huge-max-old-generation-size',
  '--interpreted-frames-native-stack', '--jitless', '--max-old-space-size',
  '--max-semi-space-size', '--perf-basic-prof', '--perf-basic-prof-only-functions',
  '--perf-prof', '--perf-prof-unwinding-info', '--stack-trace-limit',
];

const LEADING_DASHES = /^--?/;

function buildAllowedFlags() {
  const flags = [
    ...BOOLEAN_OPTIONS.flatMap((name) => [name, `--no-${name.slice(2)}`]),
    ...VALUE_OPTIONS,
    ...V8_OPTIONS,
  ];
  const withoutDashes = flags.map((flag) => flag.replace(LEADING_DASHES, ''));
  const set = new Set(flags);

  // The Set's own methods, which the read-only facade keeps from user code.
  const { has, forEach, entries, keys, values } = Set.prototype;
  const sizeOf = Object.getOwnPropertyDescriptor(Set.prototype, 'size').get;

  class NodeEnvironmentFlagsSet extends Set {
    add() {
      return this;
    }

    delete() {
      return false;
    }

    clear() {}

    has(key) {
      if (typeof key !== 'string') return false;
      key = key.replace(/_/g, '-');
      if (LEADING_DASHES.test(key)) return has.call(set, key.replace(/=.*$/, ''));
      return withoutDashes.includes(key);
    }

    get size() {
      return sizeOf.call(set);
    }

    forEach(callback, thisArg) {
      forEach.call(set, (value) => callback.call(thisArg, value, value, this));
    }

    entries() {
      return entries.call(set);
    }

    keys() {
      return keys.call(set);
    }

    values() {
      return values.call(set);
    }

    [Symbol.iterator]() {
      return values.call(set);
    }
  }
  Object.freeze(NodeEnvironmentFlagsSet);
  Object.freeze(NodeEnvironmentFlagsSet.prototype);
  return Object.freeze(new NodeEnvironmentFlagsSet());
}

module.exports = { buildAllowedFlags };
