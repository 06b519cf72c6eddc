// internal/active_resources — what keeps the event loop busy, as process.getActiveResourcesInfo(),
// process._getActiveRequests() and process._getActiveHandles() report it: requests whose
// callback is still to come (an fs call's, as 'FSReqCallback'), the owners of active I/O
// watches (internal/io_watch), and ref'd timers and immediates (internal/timers).

// A request in flight; `type` is the name Node's libuv request wrapper has.
class ActiveRequest {
  constructor(type) {
    this.type = type;
  }
}

const requests = new Set();

// Registers a request of `type`; the returned function marks it complete.
function trackRequest(type) {
  const request = new ActiveRequest(type);
  requests.add(request);
  return () => { requests.delete(request); };
}

function activeRequests() {
  return [...requests];
}

function activeHandles() {
  return [...require('internal/io_watch').activeHandles().keys()];
}

function activeResourcesInfo() {
  const { timeouts, immediates } = require('internal/timers').activeTimerCounts();
  return [
    ...Array.from(requests, (request) => request.type),
    ...require('internal/io_watch').activeHandles().values(),
    ...Array(timeouts).fill('Timeout'),
    ...Array(immediates).fill('Immediate'),
  ];
}

module.exports = { trackRequest, activeRequests, activeHandles, activeResourcesInfo };
