// internal/wasm_memory_buffers — the ArrayBuffers that alias a WebAssembly.Memory's linear
// memory. Only the engine may detach one (when the memory moves or grows), so
// transferring it (`ArrayBuffer.prototype.transfer`, a structuredClone transfer list)
// throws a TypeError, as the spec requires: a transferred buffer would keep pointing at
// memory a later grow frees.

const buffers = new WeakSet();

function rejectTransfer(buffer, what) {
  if (buffers.has(buffer)) {
    throw new TypeError(`Cannot ${what} a WebAssembly.Memory's buffer`);
  }
}

module.exports = { buffers, rejectTransfer };
