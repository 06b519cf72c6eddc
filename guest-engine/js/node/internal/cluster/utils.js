// internal/cluster/utils — the cluster's internal messages over the IPC channel between the
// primary and a worker: `{ cmd: 'NODE_CLUSTER', act, seq }`, answered by a message whose
// `ack` is the request's `seq`. The channel delivers them as 'internalMessage', never to
// user 'message' listeners.

const replyCallbacks = new Map();
let nextSeq = 0;

// Sends `message` on `proc`'s channel; `callback(reply)` runs when the other side acks it.
// Returns false (and sends nothing) once the channel is closed.
function sendHelper(proc, message, callback) {
  if (!proc.connected) return false;
  const seq = nextSeq++;
  if (typeof callback === 'function') replyCallbacks.set(seq, callback);
  return proc.send({ cmd: 'NODE_CLUSTER', ...message, seq });
}

// An 'internalMessage' listener: replies go to the callback their request registered,
// other cluster messages to `onMessage`, called with `worker` as `this`.
function internal(worker, onMessage) {
  return function onInternalMessage(message) {
    if (message.cmd !== 'NODE_CLUSTER') return;
    let handler = onMessage;
    if (message.ack !== undefined && replyCallbacks.has(message.ack)) {
      handler = replyCallbacks.get(message.ack);
      replyCallbacks.delete(message.ack);
    }
    handler.call(worker, message);
  };
}

module.exports = { sendHelper, internal };
