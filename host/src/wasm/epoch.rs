//! The epoch ticker: advances the wasmtime engine's epoch at a fixed interval. Every store
//! yields to the async executor at each tick, so a CPU-bound guest shares threads fairly
//! and its timeout or cancellation takes effect within one tick.

use std::time::Duration;
use wasmtime::Engine;

/// Time between epoch ticks: how late a timeout may fire and how long a busy guest runs
/// before yielding. 5 ms keeps timeouts tight at a negligible cost (one atomic increment).
pub const EPOCH_TICK: Duration = Duration::from_millis(5);

/// Starts the ticker thread; it ends when the engine is dropped.
pub fn start_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("secure-exec-epoch".into())
        .spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(EPOCH_TICK);
            }
        })
        .expect("spawning the epoch ticker thread");
}
