// test/common/hijackstdio for the sandbox: lets a test see what is written to
// process.stdout or process.stderr (each write still goes through) until restored.
// Like Node's helper, it counts the hijacked writes in `stream.writeTimes`.
'use strict';

const originals = new Map();

function hijack(name, listener) {
  const stream = process[name];
  const write = stream.write;
  originals.set(name, write);
  stream.writeTimes = 0;
  stream.write = function hijackedWrite(data, ...rest) {
    try {
      listener(data);
    } catch (error) {
      process.nextTick(() => { throw error; });
    }
    const result = write.call(stream, data, ...rest);
    stream.writeTimes++;
    return result;
  };
}

function restore(name) {
  if (originals.has(name)) process[name].write = originals.get(name);
  originals.delete(name);
}

module.exports = {
  hijackStdout: (listener) => hijack('stdout', listener),
  hijackStderr: (listener) => hijack('stderr', listener),
  restoreStdout: () => restore('stdout'),
  restoreStderr: () => restore('stderr'),
};
