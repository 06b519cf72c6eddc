// The REPL of `node -i`: the welcome banner, then a REPLServer on the process's stdio that
// evaluates in the global context and ends the process on `.exit` or the end of stdin.
// Configured from the environment as in Node: NODE_REPL_MODE (sloppy|strict),
// NODE_NO_READLINE (no terminal editing), NODE_REPL_HISTORY and NODE_REPL_HISTORY_SIZE.

// Marks the REPL of `node -i`, whose code may listen for 'uncaughtException'.
const kStandaloneREPL = Symbol('kStandaloneREPL');

function startInteractive() {
  if (process.execArgv.some((option) => option.startsWith('--input-type'))) {
    process._rawDebug('Cannot specify --input-type for REPL');
    process.exit(9);
  }
  const repl = require('repl');
  const { env } = process;
  console.log(`Welcome to Node.js ${process.version}.\nType ".help" for more information.`);
  const options = {
    useGlobal: true,
    ignoreUndefined: false,
    breakEvalOnSigint: true,
    [kStandaloneREPL]: true,
    replMode: env.NODE_REPL_MODE?.toLowerCase().trim() === 'strict' ?
      repl.REPL_MODE_STRICT : repl.REPL_MODE_SLOPPY,
  };
  if (Number.parseInt(env.NODE_NO_READLINE, 10)) options.terminal = false;
  const size = Number(env.NODE_REPL_HISTORY_SIZE);
  if (Number.isInteger(size) && size > 0) options.historySize = size;
  const server = repl.start(options);
  // As in Node, the standalone REPL is `require('repl').repl`.
  repl.repl = server;
  server.on('exit', () => process.exit());
  // Without a terminal there is no history to keep; unnamed, it is ~/.node_repl_history.
  server.setupHistory(server.terminal ? env.NODE_REPL_HISTORY : '', () => {});
  return server;
}

module.exports = { kStandaloneREPL, startInteractive };
