// internal/navigator — the global `navigator`, as Node 22 has it: the virtual machine's
// CPU count, language, platform and Node's user agent.

const os = require('os');

class Navigator {
  get hardwareConcurrency() {
    return os.availableParallelism();
  }

  get language() {
    return 'en-US';
  }

  get languages() {
    return ['en-US'];
  }

  get platform() {
    return `${process.platform === 'linux' ? 'Linux' : process.platform} ${process.arch === 'x64' ? 'x86_64' : process.arch}`;
  }

  get userAgent() {
    return `Node.js/${process.version.slice(1, process.version.indexOf('.'))}`;
  }
}

Object.defineProperty(Navigator.prototype, Symbol.toStringTag, { value: 'Navigator' });

module.exports = { navigator: new Navigator() };
