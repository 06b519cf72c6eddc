//! Wakers of tasks waiting for a kernel condition (data in a pipe, a child's exit, a
//! signal). The kernel is executor-agnostic: a waiting call registers its task's waker
//! here under the same lock that guards the condition, so no wake-up is lost, and the
//! side that changes the condition wakes everyone registered.

use std::task::Waker;

#[derive(Default)]
pub struct WaitQueue {
    wakers: Vec<Waker>,
}

impl WaitQueue {
    /// Registers `waker` unless an equivalent one is already waiting.
    pub fn register(&mut self, waker: &Waker) {
        if !self.wakers.iter().any(|w| w.will_wake(waker)) {
            self.wakers.push(waker.clone());
        }
    }

    pub fn wake_all(&mut self) {
        for waker in self.wakers.drain(..) {
            waker.wake();
        }
    }
}
