// test/common for ES module tests: the same helpers as index.js.
import common from './index.js';

export const {
  allowGlobals, canCreateSymLink, escapePOSIXShell, expectsError, expectWarning,
  getArrayBufferViews, getBufferSources, hasCrypto, hasIntl, hasIPv6, hasQuic,
  invalidArgTypeHelper, isAIX, isFreeBSD, isIBMi, isLinux, isMacOS, isMainThread, isOpenBSD,
  isSunOS, isWindows, localhostIPv4, mustCall, mustCallAtLeast, mustNotCall,
  mustNotMutateObjectDeep, mustSucceed, PIPE, platformTimeout, printSkipMessage, pwdCommand,
  runWithInvalidFD, skip, skipIf32Bits, skipIfEslintMissing, skipIfInspectorDisabled,
  skipIfSQLiteMissing, spawnPromisified,
} = common;

export default common;
