// internal/credentials — process.setuid/setgid/seteuid/setegid/setgroups/initgroups.
// They validate their arguments and resolve user and group names against the sandbox's
// /etc/passwd and /etc/group as Node does. The kernel gives a process no way to change
// its identity, so asking for the identity it already has succeeds and any other request
// fails with EPERM, as it does for an unprivileged process.

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_UNKNOWN_CREDENTIAL },
  validateArray, validateUint32,
} = require('internal/errors');

function validateId(id, name) {
  if (typeof id === 'number') {
    validateUint32(id, name);
  } else if (typeof id !== 'string') {
    throw new ERR_INVALID_ARG_TYPE(name, ['number', 'string'], id);
  }
}

// The numeric id named by `name` in a passwd(5)/group(5) style file, or undefined.
function lookupName(file, name) {
  let text;
  try {
    text = require('fs').readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 3 && fields[0] === name) return Number(fields[2]);
  }
  return undefined;
}

// `id` as a number; throws ERR_UNKNOWN_CREDENTIAL for a name the system does not know.
function resolveId(kind, id) {
  if (typeof id === 'number') return id >>> 0;
  const resolved = lookupName(kind === 'User' ? '/etc/passwd' : '/etc/group', id);
  if (resolved === undefined) throw new ERR_UNKNOWN_CREDENTIAL(kind, id);
  return resolved;
}

// Node's ErrnoException for a refused credential change: `EPERM, Operation not permitted`.
function permissionDenied(syscall) {
  const error = new Error('EPERM, Operation not permitted');
  error.errno = 1;
  error.code = 'EPERM';
  error.syscall = syscall;
  return error;
}

// A setter of one id (`kind` 'User' or 'Group') that `current()` reports.
function idSetter(syscall, kind, current) {
  return function setId(id) {
    validateId(id, 'id');
    if (resolveId(kind, id) !== current()) throw permissionDenied(syscall);
  };
}

function makeCredentialSetters(identity) {
  const uid = () => identity().uid;
  const gid = () => identity().gid;
  return {
    setuid: idSetter('setuid', 'User', uid),
    seteuid: idSetter('seteuid', 'User', uid),
    setgid: idSetter('setgid', 'Group', gid),
    setegid: idSetter('setegid', 'Group', gid),
    setgroups(groups) {
      validateArray(groups, 'groups');
      for (let i = 0; i < groups.length; i++) validateId(groups[i], `groups[${i}]`);
      const ids = groups.map((group) => resolveId('Group', group));
      if (ids.some((id) => id !== gid())) throw permissionDenied('setgroups');
    },
    initgroups(user, extraGroup) {
      validateId(user, 'user');
      validateId(extraGroup, 'extraGroup');
      resolveId('Group', extraGroup);
      throw permissionDenied('initgroups');
    },
  };
}

module.exports = { makeCredentialSetters };
