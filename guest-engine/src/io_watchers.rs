//! The I/O watchers the event loop waits on: interest in a descriptor becoming readable or
//! writable, or a child process ending, each with the JS callback to run when it does.
//! `binding('io')` adds and removes them; the loop hands all of them to the kernel's
//! `poll` whenever it has nothing to run, and runs the callbacks of the ready ones.
//!
//! A watcher stays registered (and keeps firing while its condition holds) until JS removes
//! it. Ref'd watchers keep the process alive; unref'd ones are polled only while something
//! else does.

use crate::secure_exec::kernel::poll::{self as kpoll, Pollable};
use rquickjs::{Function, Persistent};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Duration;

pub type Callback = Persistent<Function<'static>>;

struct Watcher {
    pollable: Pollable,
    callback: Callback,
    refed: bool,
}

#[derive(Default)]
struct Registry {
    next_id: u32,
    watchers: BTreeMap<u32, Watcher>,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
}

/// Registers a ref'd watcher and returns its id.
pub fn add(pollable: Pollable, callback: Callback) -> u32 {
    REGISTRY.with(|registry| {
        let mut registry = registry.borrow_mut();
        registry.next_id += 1;
        let id = registry.next_id;
        let watcher = Watcher {
            pollable,
            callback,
            refed: true,
        };
        registry.watchers.insert(id, watcher);
        id
    })
}

/// Removes a watcher; removing one that is gone already does nothing.
pub fn remove(id: u32) {
    let removed = REGISTRY.with(|registry| registry.borrow_mut().watchers.remove(&id));
    // Dropped outside the borrow: freeing the callback may run QuickJS finalizers.
    drop(removed);
}

pub fn set_ref(id: u32, refed: bool) {
    REGISTRY.with(|registry| {
        if let Some(watcher) = registry.borrow_mut().watchers.get_mut(&id) {
            watcher.refed = refed;
        }
    });
}

/// Whether a ref'd watcher keeps the process alive.
pub fn any_refed() -> bool {
    REGISTRY.with(|registry| registry.borrow().watchers.values().any(|w| w.refed))
}

/// The callback of a watcher that is still registered.
pub fn callback(id: u32) -> Option<Callback> {
    REGISTRY.with(|registry| {
        registry
            .borrow()
            .watchers
            .get(&id)
            .map(|w| w.callback.clone())
    })
}

/// Blocks in the kernel until a watcher is ready or `timeout` passes (forever when none),
/// and returns the ids of the ready watchers, child exits last (so output a child wrote
/// before it ended comes before its `'exit'`). With no watchers this is a plain sleep, and
/// returns at once when there is nothing to wait for.
pub fn wait(timeout: Option<Duration>) -> Vec<u32> {
    let (ids, targets): (Vec<u32>, Vec<Pollable>) = REGISTRY.with(|registry| {
        registry
            .borrow()
            .watchers
            .iter()
            .map(|(id, watcher)| (*id, watcher.pollable))
            .unzip()
    });
    let nothing_to_wait_for = match timeout {
        None => targets.is_empty(),
        Some(timeout) => targets.is_empty() && timeout.is_zero(),
    };
    if nothing_to_wait_for {
        return Vec::new();
    }
    let mut ready: Vec<(u32, Pollable)> = kpoll::poll(&targets, timeout.map(duration_ns))
        .into_iter()
        .filter_map(|index| {
            let index = index as usize;
            Some((*ids.get(index)?, *targets.get(index)?))
        })
        .collect();
    ready.sort_by_key(|(_, pollable)| matches!(pollable, Pollable::ChildExited(_)));
    ready.into_iter().map(|(id, _)| id).collect()
}

pub fn duration_ns(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// Drops every watcher (at the end of a run, while the runtime that owns the callbacks is
/// still alive).
pub fn clear() {
    let watchers = REGISTRY.with(|registry| std::mem::take(&mut registry.borrow_mut().watchers));
    drop(watchers);
}
