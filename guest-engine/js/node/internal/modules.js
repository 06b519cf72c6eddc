// internal/modules — CommonJS `require` and the resolution `import` shares with it.
//
// Owns the `Module` class (`require`, `require.resolve`, `require.cache`, `module.paths`),
// file and package resolution over the kernel's VFS (extensions, directories,
// `package.json` `main` and `exports`, the `node_modules` ancestor walk), how the entry
// script is prepared (ES module or CommonJS), and the hooks the engine's ES module loader
// calls (`resolveImport`, `loadImport`, `loadForImport`, `fillImportMeta`), which also
// import modules from data: URLs.

const fsBinding = binding('fs');
const modulesBinding = binding('modules');
const path = require('path');
const { nameFrames } = require('internal/stack_trace');

const KIND_FILE = 1;
const KIND_DIRECTORY = 2;

const CJS_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

// 1 for a file, 2 for a directory, 0 when nothing (readable) is there.
function statKind(file) {
  const kind = fsBinding.kind(file);
  return kind === KIND_FILE || kind === KIND_DIRECTORY ? kind : 0;
}

function readText(file) {
  const bytes = fsBinding.readFile(file);
  return new TextDecoder().decode(bytes);
}

// The path a resolved module is known by: its real path, or (with --preserve-symlinks) the
// path it was found at, so a symlinked package resolves its dependencies from the link.
function realpath(file) {
  if (process.execArgv.includes('--preserve-symlinks')) return file;
  try {
    return fsBinding.realpath(file);
  } catch {
    return file;
  }
}

const packageJsonCache = new Map();
function readPackageJson(dir) {
  const file = path.join(dir, 'package.json');
  if (packageJsonCache.has(file)) return packageJsonCache.get(file);
  let parsed = null;
  if (statKind(file) === KIND_FILE) {
    try {
      parsed = JSON.parse(readText(file));
    } catch (error) {
      error.message = `Invalid package config ${file}: ${error.message}`;
      error.code = 'ERR_INVALID_PACKAGE_CONFIG';
      throw error;
    }
  }
  packageJsonCache.set(file, parsed);
  return parsed;
}

// The closest package.json at or above `dir`, as `{ dir, json }`.
function findPackageScope(dir) {
  for (let current = dir; ; current = path.dirname(current)) {
    if (path.basename(current) === 'node_modules') return null;
    const json = readPackageJson(current);
    if (json !== null) return { dir: current, json };
    if (current === '/') return null;
  }
}

function isBuiltinName(name) {
  return !name.startsWith('internal/') && modulesBinding.hasBuiltin(name);
}

// Builtins that load only with the `node:` scheme (`require('test')` is a package), and
// are not in `builtinModules`, as in Node 22.
const SCHEME_ONLY_BUILTINS = new Set(['test', 'test/reporters']);

const builtinModules = modulesBinding.builtinNames()
  .filter((name) => !name.startsWith('internal/') && !SCHEME_ONLY_BUILTINS.has(name))
  .sort();

// 'fs', 'node:fs' → 'fs'; anything else → null. `node:` names that are not builtins fail.
function builtinId(request) {
  if (request.startsWith('node:')) {
    const name = request.slice(5);
    if (!isBuiltinName(name)) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_UNKNOWN_BUILTIN_MODULE(request);
    }
    return name;
  }
  return isBuiltinName(request) && !SCHEME_ONLY_BUILTINS.has(request) ? request : null;
}

// ---------------------------------------------------------------------------------------
// The runtime's resolution settings (the seed's `moduleResolution` and `allowedBuiltins`),
// set for each process when it starts.

let moduleResolution = 'node';
let allowedBuiltins = null;
let requireConditions = ['require', 'node'];
let importConditions = ['import', 'node'];

function configure(resolution, allowed, conditions) {
  moduleResolution = resolution;
  allowedBuiltins = allowed == null ? null : new Set(allowed);
  requireConditions = ['require', 'node', ...conditions];
  importConditions = ['import', 'node', ...conditions];
}

function isPathSpecifier(request) {
  return request.startsWith('./') || request.startsWith('../') || request.startsWith('/') ||
    request === '.' || request === '..' || request.startsWith('file:');
}

// Throws when the settings refuse `request` (`code` is what a missing module reports:
// MODULE_NOT_FOUND for require, ERR_MODULE_NOT_FOUND for import).
function checkAllowed(request, code) {
  const refuse = (message) => {
    const error = new Error(message);
    error.code = code;
    return error;
  };
  if (moduleResolution === 'none') {
    throw refuse(`Cannot find module '${request}': moduleResolution is "none", which resolves nothing`);
  }
  const builtin = builtinId(request);
  if (moduleResolution === 'relative' && !isPathSpecifier(request)) {
    throw refuse(`Cannot find module '${request}': moduleResolution is "relative", ` +
      'which resolves only relative and absolute paths');
  }
  if (builtin !== null && allowedBuiltins !== null && !allowedBuiltins.has(builtin.split('/')[0])) {
    const error = new Error(`Access to the builtin module '${request}' is denied by allowedBuiltins ` +
      `(allowed: ${[...allowedBuiltins].join(', ') || 'none'})`);
    error.code = 'ERR_ACCESS_DENIED';
    throw error;
  }
}

// Resolves a package's `exports` target for the `.` subpath or a `./sub` subpath, under
// `conditions` (in Node's priority order: the object's key order decides).
function resolveExportsTarget(target, conditions) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveExportsTarget(item, conditions);
      if (resolved != null) return resolved;
    }
    return null;
  }
  if (target !== null && typeof target === 'object') {
    for (const key of Object.keys(target)) {
      if (key === 'default' || conditions.includes(key)) {
        const resolved = resolveExportsTarget(target[key], conditions);
        if (resolved != null) return resolved;
      }
    }
  }
  return null;
}

// The target `map` (an `exports` or `imports` object) gives `key` under `conditions`:
// an exact key first, then the `*` pattern with the longest prefix, as Node orders them.
function matchSubpathMap(map, key, conditions) {
  if (Object.prototype.hasOwnProperty.call(map, key) && !key.includes('*')) {
    return resolveExportsTarget(map[key], conditions);
  }
  const patterns = Object.keys(map)
    .filter((pattern) => pattern.indexOf('*') !== -1)
    .sort((a, b) => b.indexOf('*') - a.indexOf('*') || b.length - a.length);
  for (const pattern of patterns) {
    const star = pattern.indexOf('*');
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (key.startsWith(prefix) && key.endsWith(suffix) && key.length >= pattern.length - 1) {
      const match = key.slice(prefix.length, key.length - suffix.length);
      const target = resolveExportsTarget(map[pattern], conditions);
      return target == null ? null : target.replaceAll('*', match);
    }
  }
  return null;
}

function resolvePackageExports(packageDir, json, subpath, conditions) {
  let exportsField = json.exports;
  const isSugar = typeof exportsField === 'string' || Array.isArray(exportsField) ||
    (exportsField !== null && typeof exportsField === 'object' &&
      !Object.keys(exportsField).some((k) => k.startsWith('.')));
  if (isSugar) exportsField = { '.': exportsField };
  const target = matchSubpathMap(exportsField, subpath, conditions);
  if (target == null) {
    const error = new Error(subpath === '.'
      ? `No "exports" main defined in ${path.join(packageDir, 'package.json')}`
      : `Package subpath '${subpath}' is not defined by "exports" in ${path.join(packageDir, 'package.json')}`);
    error.code = 'ERR_PACKAGE_PATH_NOT_EXPORTED';
    throw error;
  }
  return path.resolve(packageDir, target);
}

// `#name` specifiers: the `imports` map of the importer's own package.
function resolvePackageImports(request, fromDir, conditions, asPath) {
  const scope = findPackageScope(fromDir);
  const imports = scope && scope.json.imports;
  const target = imports && typeof imports === 'object'
    ? matchSubpathMap(imports, request, conditions) : null;
  if (target == null) {
    const where = scope ? ` in package ${path.join(scope.dir, 'package.json')}` : '';
    const error = new TypeError(`Package import specifier "${request}" is not defined${where}`);
    error.code = 'ERR_PACKAGE_IMPORT_NOT_DEFINED';
    throw error;
  }
  if (target.startsWith('./')) return realpath(path.resolve(scope.dir, target));
  return builtinId(target) !== null ? target : resolvePackage(target, scope.dir, conditions, asPath);
}

function tryFile(file) {
  return statKind(file) === KIND_FILE ? realpath(file) : null;
}

// Tries the extensions `require.extensions` has loaders for, in the order they were added.
// (An index loop: user code may have deleted Array.prototype[Symbol.iterator].)
function tryExtensions(file) {
  const extensions = Object.keys(Module._extensions);
  for (let i = 0; i < extensions.length; i++) {
    const found = tryFile(file + extensions[i]);
    if (found) return found;
  }
  return null;
}

function tryDirectory(dir) {
  const json = readPackageJson(dir);
  if (json && typeof json.main === 'string') {
    const main = path.resolve(dir, json.main);
    const found = tryFile(main) || tryExtensions(main) || tryExtensions(path.join(main, 'index'));
    if (found) return found;
  }
  return tryExtensions(path.join(dir, 'index'));
}

// CommonJS resolution of a path: exact file, then extensions, then directory.
function resolveAsPath(file) {
  return tryFile(file) || tryExtensions(file) ||
    (statKind(file) === KIND_DIRECTORY ? tryDirectory(file) : null);
}

function splitPackageName(request) {
  const parts = request.split('/');
  const nameLength = request.startsWith('@') ? 2 : 1;
  return {
    name: parts.slice(0, nameLength).join('/'),
    subpath: parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.',
  };
}

function nodeModulePaths(from) {
  const paths = [];
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') paths.push(path.join(dir, 'node_modules'));
    if (dir === '/') break;
  }
  return paths;
}

// Bare specifier resolution: the `node_modules` ancestor walk, honoring `exports`.
function resolvePackage(request, fromDir, conditions, asPath) {
  if (request.startsWith('#')) return resolvePackageImports(request, fromDir, conditions, asPath);
  const { name, subpath } = splitPackageName(request);
  const scope = findPackageScope(fromDir);
  if (scope && scope.json.name === name && scope.json.exports != null) {
    return realpath(resolvePackageExports(scope.dir, scope.json, subpath, conditions));
  }
  for (const modulesDir of nodeModulePaths(fromDir)) {
    const packageDir = path.join(modulesDir, name);
    const json = statKind(packageDir) === KIND_DIRECTORY ? readPackageJson(packageDir) : null;
    if (json && json.exports !== undefined && json.exports !== null) {
      return realpath(resolvePackageExports(packageDir, json, subpath, conditions));
    }
    const found = asPath(path.join(modulesDir, request));
    if (found) return found;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// CommonJS

class Module {
  constructor(id = '', parent = null) {
    this.id = id;
    this.path = path.dirname(id);
    this.exports = {};
    this.filename = null;
    this.loaded = false;
    this.children = [];
    this.paths = [];
    Object.defineProperty(this, 'parent', { value: parent, writable: true, enumerable: false });
    if (parent) parent.children.push(this);
  }

  require(request) {
    if (typeof request !== 'string') {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_TYPE('id', 'string', request);
    }
    if (request === '') {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_VALUE('id', request, 'must be a non-empty string');
    }
    // diagnostics_channel's 'module.require' tracing channel sees every require.
    requireTracing ??= require('diagnostics_channel').tracingChannel('module.require');
    return requireTracing.traceSync(
      Module._load, { __proto__: null, parentFilename: this.filename, id: request },
      Module, request, this);
  }

  // Runs CommonJS `source`; `body` is its already compiled wrapper, when there is one.
  _compile(source, filename, body) {
    if (wrapperPatched) {
      body = requireBuiltinPublic('vm').runInThisContext(Module.wrap(stripShebang(source)),
        { filename });
    }
    body ??= modulesBinding.compileFunction(stripShebang(source), filename, CJS_PARAMS);
    // Node runs code given as a string as a script: its frames read `[eval]:1:1`.
    if (!evalScriptNames.has(filename)) nameFrames(body, 'Object.<anonymous>');
    const require = makeRequire(this);
    return body.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  }
}

function stripShebang(source) {
  return source.startsWith('#!') ? `//${source}` : source;
}

Module._cache = Object.create(null);
Module.builtinModules = builtinModules;
Module.isBuiltin = (request) => {
  try {
    return builtinId(request) !== null;
  } catch {
    return false;
  }
};
// `Module.wrapper` and `Module.wrap` make the source text CommonJS code is compiled from.
// Once user code changes either (as some instrumentation does), modules are compiled from
// `Module.wrap(source)` instead of directly as functions.
let wrapperPatched = false;
let wrap = (source) => Module.wrapper[0] + source + Module.wrapper[1];
let wrapper = new Proxy([`(function (${CJS_PARAMS.join(', ')}) { `, '\n});'], {
  set(target, property, value, receiver) {
    wrapperPatched = true;
    return Reflect.set(target, property, value, receiver);
  },
  defineProperty(target, property, descriptor) {
    wrapperPatched = true;
    return Reflect.defineProperty(target, property, descriptor);
  },
});
Object.defineProperty(Module, 'wrap', {
  get: () => wrap,
  set(value) {
    wrapperPatched = true;
    wrap = value;
  },
  configurable: true,
  enumerable: true,
});
Object.defineProperty(Module, 'wrapper', {
  get: () => wrapper,
  set(value) {
    wrapperPatched = true;
    wrapper = value;
  },
  configurable: true,
  enumerable: true,
});
Module._nodeModulePaths = nodeModulePaths;

// Node's internalModuleStat: 0 for a file, 1 for a directory, -ENOENT (-2) otherwise.
Module._stat = function stat(filename) {
  const kind = statKind(filename);
  if (kind === KIND_FILE) return 0;
  return kind === KIND_DIRECTORY ? 1 : -2;
};

// The directories searched for bare specifiers after the `node_modules` walk: $NODE_PATH,
// then $HOME/.node_modules, $HOME/.node_libraries and <prefix>/lib/node
// (`Module.globalPaths` is a copy), set up again by `Module._initPaths()`.
let modulePaths = [];
Module._initPaths = function initPaths() {
  const home = process.env.HOME;
  const paths = [path.resolve(process.execPath, '..', '..', 'lib', 'node')];
  if (home) paths.unshift(path.resolve(home, '.node_modules'), path.resolve(home, '.node_libraries'));
  const nodePath = process.env.NODE_PATH;
  if (nodePath) paths.unshift(...nodePath.split(path.delimiter).filter(Boolean));
  modulePaths = paths;
  Module.globalPaths = [...paths];
};
Module.globalPaths = [];

// Where `request` would be looked for from `parent`: null for a builtin, the parent's
// directory for a relative path ('.' without a parent file), otherwise the parent's
// `node_modules` paths and the global ones.
Module._resolveLookupPaths = function resolveLookupPaths(request, parent) {
  if (builtinId(request) !== null) return null;
  const relative = request === '.' || request === '..' || request.startsWith('./') ||
    request.startsWith('../');
  if (!relative) {
    const paths = parent?.paths?.length ? [...parent.paths, ...modulePaths] : modulePaths;
    return paths.length > 0 ? paths : null;
  }
  if (!parent || !parent.id || !parent.filename) return ['.'];
  return [path.dirname(parent.filename)];
};

// The longest extension of `filename` with a loader ('.foo.bar' before '.bar'; a leading
// dot names a dotfile, not an extension), or '.js'.
function findLongestRegisteredExtension(filename) {
  const name = path.basename(filename);
  for (let index = name.indexOf('.', 1); index !== -1; index = name.indexOf('.', index + 1)) {
    const extension = name.slice(index);
    if (Module._extensions[extension]) return extension;
  }
  return '.js';
}

Module._extensions = Object.create(null);
Module._extensions['.js'] = function loadJs(module, filename) {
  const source = readText(filename);
  const { format, body } = detectFormat(filename, source);
  if (format === 'module') {
    requireEsm(module, filename);
  } else {
    module._compile(source, filename, body);
  }
};
Module._extensions['.json'] = function loadJson(module, filename) {
  try {
    module.exports = JSON.parse(stripBom(readText(filename)));
  } catch (error) {
    error.message = `${filename}: ${error.message}`;
    throw error;
  }
};
Module._extensions['.cjs'] = Module._extensions['.js'];
Module._extensions['.node'] = function loadNode(module, filename) {
  process.dlopen(module, filename);
};
// `require` of an ES module: its namespace, as Node 22.12 and later give it, unless
// `--no-experimental-require-module` asks for the older ERR_REQUIRE_ESM.
function requireEsm(module, filename) {
  if (process.execArgv.includes('--no-experimental-require-module')) {
    const { ERR_REQUIRE_ESM } = require('internal/errors').codes;
    throw new ERR_REQUIRE_ESM(filename, true, module.parent?.filename);
  }
  module.exports = modulesBinding.requireModule(filename);
}
Module._extensions['.mjs'] = requireEsm;

function stripBom(text) {
  return text.charCodeAt(0) === 0xFEFF ? text.slice(1) : text;
}

function moduleNotFound(request, parent) {
  const stack = [];
  for (let m = parent; m && m.filename; m = m.parent) stack.push(m.filename);
  const error = new Error(`Cannot find module '${request}'` +
    (stack.length ? `\nRequire stack:\n- ${stack.join('\n- ')}` : ''));
  error.code = 'MODULE_NOT_FOUND';
  error.requireStack = stack;
  return error;
}

// `options.paths` (require.resolve's) replaces the directories resolution starts from: a
// relative request is tried against each, a bare one through each one's `node_modules`
// walk.
Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
  checkAllowed(request, 'MODULE_NOT_FOUND');
  if (builtinId(request) !== null) return request;
  let fromDirs = [parent && parent.filename ? path.dirname(parent.filename) : process.cwd()];
  if (options?.paths !== undefined) {
    if (!Array.isArray(options.paths)) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_VALUE('options.paths', options.paths);
    }
    fromDirs = options.paths.map((dir) => path.resolve(dir));
  }
  const relative = request.startsWith('./') || request.startsWith('../') || request === '.' ||
    request === '..';
  // A path ending in '/', '.' or '..' names a directory: no file or extension is tried.
  const resolvePath = /(^|\/)\.{0,2}$/.test(request) ?
    (dir) => (statKind(dir) === KIND_DIRECTORY ? tryDirectory(dir) : null) : resolveAsPath;
  let found = null;
  if (request.startsWith('/')) {
    found = resolvePath(path.resolve(request));
  } else if (relative) {
    for (let i = 0; !found && i < fromDirs.length; i++) {
      found = resolvePath(path.resolve(fromDirs[i], request));
    }
  } else {
    for (let i = 0; !found && i < fromDirs.length; i++) {
      found = resolvePackage(request, fromDirs[i], requireConditions, resolveAsPath);
    }
    const globalDirs = fromDirs.length > 0 ? modulePaths : [];
    for (let i = 0; !found && i < globalDirs.length; i++) {
      found = resolveAsPath(path.resolve(globalDirs[i], request));
    }
  }
  if (!found) throw moduleNotFound(request, parent);
  return found;
};

// A builtin named without `node:` may be replaced through `require.cache[name]`.
Module._load = function load(request, parent) {
  checkAllowed(request, 'MODULE_NOT_FOUND');
  const builtin = builtinId(request);
  if (builtin !== null) {
    const cached = request.startsWith('node:') ? undefined : Module._cache[request];
    return cached !== undefined ? cached.exports : requireBuiltinPublic(builtin);
  }
  const filename = Module._resolveFilename(request, parent);
  return loadFile(filename, parent).exports;
};

function loadFile(filename, parent) {
  const cached = Module._cache[filename];
  if (cached) {
    if (parent && !parent.children.includes(cached)) parent.children.push(cached);
    return cached;
  }
  const module = new Module(filename, parent);
  module.filename = filename;
  module.paths = nodeModulePaths(path.dirname(filename));
  Module._cache[filename] = module;
  try {
    Module._extensions[findLongestRegisteredExtension(filename)](module, filename);
  } catch (error) {
    delete Module._cache[filename];
    throw error;
  }
  module.loaded = true;
  return module;
}

let requireTracing;

// (Not inlined where used: there `require` is the user-facing one being made.)
function validateString(value, name) {
  require('internal/errors').validateString(value, name);
}

function requireBuiltinPublic(name) {
  return require(name);
}

function makeRequire(module) {
  const require = (request) => module.require(request);
  require.resolve = (request, options) => {
    validateString(request, 'request');
    return Module._resolveFilename(request, module, false, options);
  };
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.cache = Module._cache;
  require.extensions = Module._extensions;
  require.main = mainModule;
  return require;
}

// `filename` is a file URL (object or string) or an absolute path; a path ending in '/'
// names a directory, resolved from as if from a file inside it.
Module.createRequire = function createRequire(filename) {
  let filepath = filename;
  const isURL = typeof filename === 'object' && filename !== null &&
    typeof filename.href === 'string' && typeof filename.protocol === 'string';
  if (isURL || (typeof filename === 'string' && !path.isAbsolute(filename))) {
    try {
      filepath = require('url').fileURLToPath(filename);
    } catch {
      filepath = undefined;
    }
  }
  if (typeof filepath !== 'string') {
    throw new (require('internal/errors').codes.ERR_INVALID_ARG_VALUE)('filename', filename,
      'must be a file URL object, file URL string, or absolute path string');
  }
  if (filepath.endsWith('/')) filepath = path.join(filepath, 'noop.js');
  const module = new Module(filepath, null);
  module.filename = filepath;
  module.paths = nodeModulePaths(path.dirname(filepath));
  return makeRequire(module);
};

let mainModule;

// ---------------------------------------------------------------------------------------
// Entry

// Decides whether `source` is an ES module: `.mjs`/`.cjs` by extension, `.js` by the
// package's `"type"`, otherwise by syntax as Node 22 does: code that fails to parse as
// CommonJS but parses as a module (import/export statements, top-level `await`).
// Returns `{ format }`, plus the compiled CommonJS body when the syntax check made one.
function detectFormat(filename, source, scriptName = filename) {
  const ext = path.extname(filename);
  if (ext === '.mjs') return { format: 'module' };
  if (ext === '.cjs' || ext === '.json') return { format: 'commonjs' };
  const scope = findPackageScope(path.dirname(filename));
  if (scope && scope.json.type === 'module') return { format: 'module' };
  if (scope && scope.json.type === 'commonjs') return { format: 'commonjs' };
  try {
    const body = modulesBinding.compileFunction(stripShebang(source), scriptName, CJS_PARAMS);
    return { format: 'commonjs', body };
  } catch (error) {
    if (error instanceof SyntaxError && modulesBinding.compilesAsModule(source)) {
      return { format: 'module' };
    }
    throw error;
  }
}

// Code given with `node -e`/`-p` sees each public builtin as a global (`fs`, `url`, ...),
// loaded on first use and replaceable by assignment, as in Node. (Code an embedder runs
// with `run`/`exec` has the ordinary globals.)
function addBuiltinLibsToGlobal(require) {
  for (const name of builtinModules) {
    if (name.startsWith('_') || name.includes('/')) continue;
    Object.defineProperty(globalThis, name, {
      get() {
        const lib = require(name);
        Object.defineProperty(globalThis, name, {
          value: lib, writable: true, configurable: true, enumerable: false,
        });
        return lib;
      },
      set(value) {
        Object.defineProperty(globalThis, name, {
          value, writable: true, configurable: true, enumerable: true,
        });
      },
      configurable: true,
      enumerable: false,
    });
  }
}

// `--env-file[=]path` and `--env-file-if-exists[=]path` add dotenv files' variables to
// process.env before anything runs: a later file overrides an earlier one, but variables
// already in the environment win. A missing `--env-file` is fatal (exit code 9), a missing
// `--env-file-if-exists` only reported, as in Node.
function loadEnvFiles() {
  const argv = process.execArgv;
  const inherited = new Set(Object.keys(process.env));
  for (let i = 0; i < argv.length; i++) {
    const match = /^(--env-file(?:-if-exists)?)(?:=(.*))?$/s.exec(argv[i]);
    if (match === null) continue;
    const file = match[2] ?? argv[++i];
    const resolved = path.resolve(file);
    if (statKind(resolved) !== KIND_FILE) {
      process._rawDebug(`node: ${file}: not found`);
      if (match[1] === '--env-file-if-exists') continue;
      process.exit(9);
    }
    const variables = require('util').parseEnv(readText(resolved));
    for (const name of Object.keys(variables)) {
      if (!inherited.has(name)) process.env[name] = variables[name];
    }
  }
}

// Loads the modules `node -r`/`--require` names before the entry, resolved from the
// working directory as Node does.
function preloadModules() {
  const { execArgv } = process;
  const names = [];
  for (let i = 0; i < execArgv.length; i++) {
    if (execArgv[i] === '-r' || execArgv[i] === '--require') names.push(execArgv[++i]);
    else if (execArgv[i].startsWith('--require=')) names.push(execArgv[i].slice(10));
  }
  if (names.length === 0) return;
  const preloader = new Module('internal/preload', null);
  preloader.filename = path.join(process.cwd(), '[preload]');
  preloader.paths = nodeModulePaths(process.cwd());
  const require = makeRequire(preloader);
  for (const name of names) require(name);
}

// `node -i` without a script: the REPL reads stdin, started (as in Node) before the `-e`
// code runs.
function startInteractiveRepl(filename) {
  const { execArgv } = process;
  if (path.basename(filename) !== '[eval]' ||
      !(execArgv.includes('-i') || execArgv.includes('--interactive'))) {
    return;
  }
  require('internal/repl').startInteractive();
}

// `node --test [files]`: the arguments are the test files to run, not an entry.
function testRunnerEntry() {
  const files = process.argv.slice(1);
  process.argv.length = 1;
  return { format: 'commonjs', run: () => require('internal/test_runner/runner').runCli(files) };
}

// The names Node gives code that comes as a string rather than a file.
const evalScriptNames = new Set(['[eval]', '[stdin]']);

// Prepares the entry (`node -v` only prints the version): `source` is the code given to
// `run`/`exec`, or null to read `filename` from the VFS. Returns
// `{ format: 'module', filename, source }` or `{ format: 'commonjs', run }`. Below the
// `node` platform the entry is always a module and gets no CommonJS globals.
function prepareEntry(filename, source, platform) {
  const versionOptions = ['-v', '--version'];
  if (platform === 'node' && versionOptions.some((option) => process.execArgv.includes(option))) {
    return { format: 'commonjs', run: () => process.stdout.write(`${process.version}\n`) };
  }
  if (platform === 'node') loadEnvFiles();
  if (platform === 'node' && process.execArgv.includes('--test')) return testRunnerEntry();
  if (source == null) {
    // As Node's main entry, a path names the file, else is tried with the extensions and
    // as a directory (`node app` runs app.js).
    if (statKind(filename) !== KIND_FILE) {
      const resolved = platform === 'node' ? resolveAsPath(filename) : null;
      if (resolved === null) throw moduleNotFound(filename, null);
      filename = resolved;
    }
    source = readText(filename);
  }
  if (platform !== 'node') return { format: 'module', filename, source };
  Module._initPaths();
  mainModule = new Module('.', null);
  mainModule.filename = filename;
  mainModule.paths = nodeModulePaths(path.dirname(filename));
  Module._cache[filename] = mainModule;
  process.mainModule = mainModule;
  const require = makeRequire(mainModule);
  // A worker's bootstrap also comes with `-e` (see worker_threads), but is not user code.
  const evalOptions = ['-e', '--eval', '-p', '--print'];
  if (source != null && evalOptions.some((option) => process.execArgv.includes(option)) &&
      process.env.SECURE_EXEC_WORKER === undefined) {
    addBuiltinLibsToGlobal(require);
  }
  preloadModules();
  // Code given as a string (`node -e`/`-p`, stdin, `run(code)`) runs as in Node: the module
  // lives at `<cwd>/[eval]`, but its frames and `__filename` read `[eval]`.
  const scriptName = evalScriptNames.has(path.basename(filename)) ?
    path.basename(filename) : filename;
  const { format, body } = detectFormat(filename, source, scriptName);
  if (format === 'module') {
    // Module code sees `require` and friends as globals, so scripts written either way run.
    for (const [name, value] of [['require', require], ['module', mainModule],
      ['exports', mainModule.exports], ['__filename', filename],
      ['__dirname', path.dirname(filename)]]) {
      Object.defineProperty(globalThis, name, {
        value, writable: true, configurable: true, enumerable: false,
      });
    }
    return { format, filename, source };
  }
  return {
    format,
    run() {
      startInteractiveRepl(filename);
      mainModule._compile(source, scriptName, body);
      mainModule.loaded = true;
    },
  };
}

// ---------------------------------------------------------------------------------------
// ES module hooks

function baseDir(base) {
  return base && base.startsWith('/') ? path.dirname(base) : process.cwd();
}

function esmNotFound(specifier, base, isPackage) {
  const where = base && base.startsWith('/') ? base : process.cwd();
  const error = new Error(isPackage
    ? `Cannot find package '${specifier}' imported from ${where}`
    : `Cannot find module '${specifier}' imported from ${where}`);
  error.code = 'ERR_MODULE_NOT_FOUND';
  return error;
}

// ESM resolution: exact paths (no extension guessing, as in Node), packages with the
// `import` condition. Code in another realm (a vm context, a ShadowRealm) gets no builtins:
// they are objects of the main realm.
function resolveImport(specifier, base, fromOtherRealm) {
  checkAllowed(specifier, 'ERR_MODULE_NOT_FOUND');
  if (specifier.startsWith('data:')) return specifier;
  if (specifier.startsWith('file://')) specifier = require('url').fileURLToPath(specifier);
  if (fromOtherRealm && specifier.startsWith('node:')) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_UNKNOWN_BUILTIN_MODULE(specifier);
  }
  const builtin = fromOtherRealm ? null : builtinId(specifier);
  if (builtin !== null) return `node:${builtin}`;
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) {
    const file = path.resolve(baseDir(base), specifier);
    const kind = statKind(file);
    if (kind === KIND_FILE) return realpath(file);
    if (kind === KIND_DIRECTORY) {
      const error = new Error(`Directory import '${file}' is not supported resolving ES modules imported from ${base}`);
      error.code = 'ERR_UNSUPPORTED_DIR_IMPORT';
      throw error;
    }
    throw esmNotFound(file, base, false);
  }
  const found = resolvePackage(specifier, baseDir(base), importConditions, resolveAsPath);
  if (!found) throw esmNotFound(splitPackageName(specifier).name, base, true);
  return found;
}

// What `import` needs to declare module `id`. Another realm may import ES modules only:
// CommonJS and JSON modules are values of the main realm.
function loadImport(id, fromOtherRealm) {
  if (id.startsWith('node:')) {
    return { format: 'builtin', exportNames: Object.keys(requireBuiltinPublic(id.slice(5))) };
  }
  if (id.startsWith('data:')) {
    const { format, source } = readDataImport(id);
    return format === 'module' ? { format, source } : { format, exportNames: [] };
  }
  const source = path.extname(id) === '.json' ? null : readText(id);
  const format = source === null ? 'json' : detectFormat(id, source).format;
  if (format === 'module') return { format, source };
  if (fromOtherRealm) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_UNKNOWN_MODULE_FORMAT(`${format} (outside the main realm)`, require('url').pathToFileURL(id).href);
  }
  if (format === 'json') return { format, exportNames: [] };
  const exports = loadFile(id, null).exports;
  const names = exports !== null && typeof exports === 'object' ? Object.keys(exports) : [];
  return { format: 'commonjs', exportNames: names };
}

// A module imported from a data: URL: an ES module (text/javascript) or JSON
// (application/json), by the URL's MIME type.
function readDataImport(id) {
  const { mimeType, bytes } = require('internal/data_url').parseDataURL(id);
  const essence = mimeType.split(';')[0].trim().toLowerCase();
  const formats = { 'text/javascript': 'module', 'application/json': 'json' };
  if (!Object.hasOwn(formats, essence)) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_UNKNOWN_MODULE_FORMAT(essence, id);
  }
  return { format: formats[essence], source: new TextDecoder().decode(bytes) };
}

const jsonImports = new Map();
function loadForImport(id) {
  if (id.startsWith('node:')) return requireBuiltinPublic(id.slice(5));
  if (id.startsWith('data:') || path.extname(id) === '.json') {
    if (!jsonImports.has(id)) {
      const text = id.startsWith('data:') ? readDataImport(id).source : readText(id);
      jsonImports.set(id, JSON.parse(stripBom(text)));
    }
    return jsonImports.get(id);
  }
  return loadFile(id, null).exports;
}

function fillImportMeta(meta, name) {
  if (name.startsWith('data:')) meta.url = name;
  if (!name.startsWith('/')) return;
  const url = require('url');
  meta.url = url.pathToFileURL(name).href;
  meta.filename = name;
  meta.dirname = path.dirname(name);
  meta.resolve = (specifier) => {
    const resolved = resolveImport(specifier, name);
    return resolved.startsWith('node:') ? resolved : url.pathToFileURL(resolved).href;
  };
}

module.exports = {
  Module,
  builtinModules,
  configure,
  prepareEntry,
  resolveImport,
  loadImport,
  loadForImport,
  fillImportMeta,
};
