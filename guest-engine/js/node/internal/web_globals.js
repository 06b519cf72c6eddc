// internal/web_globals — installs the DOM-flavoured globals Node has: `Event`,
// `EventTarget`, `CustomEvent`, `AbortController`, `AbortSignal` and `DOMException`.
// `internal/bootstrap` calls `install(defineLazyGlobal)`; each global's module loads on
// first use.

function install(defineLazyGlobal) {
  const eventTarget = () => require('internal/event_target');
  const abortController = () => require('internal/abort_controller');
  defineLazyGlobal('Event', () => eventTarget().Event);
  defineLazyGlobal('EventTarget', () => eventTarget().EventTarget);
  defineLazyGlobal('CustomEvent', () => eventTarget().CustomEvent);
  defineLazyGlobal('AbortController', () => abortController().AbortController);
  defineLazyGlobal('AbortSignal', () => abortController().AbortSignal);
  defineLazyGlobal('DOMException', () => require('internal/dom_exception').DOMException);
}

module.exports = { install };
