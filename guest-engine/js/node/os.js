// node:os — the virtual machine's identity as the kernel presents it: linux, the
// runtime's hostname, the guest user, the virtual loopback as its only network interface,
// Linux's signal and errno numbers, and this process's scheduling niceness (kept here:
// the kernel does not schedule by priority).

const processBinding = binding('process');

const signals = Object.freeze({
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6,
  SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13,
  SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19,
  SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25,
  SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
});

function errnoConstants() {
  const constants = {};
  for (const [number, [name]] of require('internal/errors').getSystemErrorMap()) {
    constants[name] = -number;
  }
  return Object.freeze(constants);
}

const constants = {
  signals,
  priority: Object.freeze({
    PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0,
    PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
  }),
  dlopen: Object.freeze({}),
  UV_UDP_REUSEADDR: 4,
};
Object.defineProperty(constants, 'errno', {
  enumerable: true,
  get() {
    const value = errnoConstants();
    Object.defineProperty(constants, 'errno', { value, enumerable: true });
    return value;
  },
});

// What the virtual machine reports; fixed so guests cannot fingerprint the real host.
const VIRTUAL_CPU_COUNT = 1;
const VIRTUAL_TOTAL_MEMORY = 2 ** 30;

// Niceness of this process as set by os.setPriority(); only the calling process is
// visible to the priority calls, as the kernel keeps no priority for other processes.
let niceness = constants.priority.PRIORITY_NORMAL;

// Throws ESRCH, as libuv would, for any pid other than this process.
function checkOwnProcess(pid, syscall) {
  if (pid !== 0 && pid !== process.pid) {
    throw new (require('internal/errors').codes.ERR_SYSTEM_ERROR)({
      errno: -3, code: 'ESRCH', message: 'no such process', syscall,
    });
  }
}

function getPriority(pid = 0) {
  require('internal/errors').validateInt32(pid, 'pid');
  checkOwnProcess(pid, 'uv_os_getpriority');
  return niceness;
}

function setPriority(pid, priority) {
  if (priority === undefined) {
    priority = pid;
    pid = 0;
  }
  const { validateInt32 } = require('internal/errors');
  validateInt32(pid, 'pid');
  validateInt32(priority, 'priority', -20, 19);
  checkOwnProcess(pid, 'uv_os_setpriority');
  niceness = priority;
}

module.exports = {
  devNull: '/dev/null',
  constants,
  arch: () => process.arch,
  platform: () => 'linux',
  type: () => 'Linux',
  release: () => '6.0.0-secure-exec',
  version: () => '#1 SMP secure-exec',
  machine: () => 'x86_64',
  endianness: () => 'LE',
  hostname: () => processBinding.identity().hostname,
  homedir: () => process.env.HOME || '/root',
  tmpdir: () => {
    const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
    return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
  },
  // Seconds on the monotonic clock process.hrtime() reads, as Linux's uptime is.
  uptime: () => Math.floor(Number(processBinding.hrtime()) / 1e9),
  loadavg: () => [0, 0, 0],
  totalmem: () => VIRTUAL_TOTAL_MEMORY,
  freemem: () => VIRTUAL_TOTAL_MEMORY - process.memoryUsage().rss,
  availableParallelism: () => VIRTUAL_CPU_COUNT,
  cpus: () => Array.from({ length: VIRTUAL_CPU_COUNT }, () => ({
    model: 'secure-exec virtual CPU',
    speed: 0,
    times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
  })),
  networkInterfaces: () => ({
    lo: [
      {
        address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4',
        mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8',
      },
      {
        address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6',
        mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0,
      },
    ],
  }),
  userInfo: (options = {}) => {
    const uid = process.getuid();
    const toBuffer = options.encoding === 'buffer';
    const text = (s) => (toBuffer ? require('buffer').Buffer.from(s) : s);
    const username = uid === 0 ? 'root' : 'user';
    return {
      uid,
      gid: process.getgid(),
      username: text(username),
      homedir: text(uid === 0 ? '/root' : '/home/user'),
      shell: text('/bin/sh'),
    };
  },
  getPriority,
  setPriority,
};

// As in Node, these also give their value when used as a primitive (`${os.hostname}`).
for (const name of ['arch', 'availableParallelism', 'endianness', 'freemem', 'homedir',
  'hostname', 'machine', 'platform', 'release', 'tmpdir', 'totalmem', 'type', 'uptime',
  'version']) {
  const fn = module.exports[name];
  fn[Symbol.toPrimitive] = () => fn();
}
Object.defineProperty(module.exports, 'EOL', {
  value: '\n', enumerable: true, configurable: true, writable: false,
});
