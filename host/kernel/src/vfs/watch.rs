//! Change notifications, inotify's model, which `fs.watch` reports. Every change made
//! through the VFS (entries created, removed or renamed; modes, owners and times set) and
//! every write or truncate through a descriptor is offered to the live watches. A watch on
//! a directory hears about its entries (with `recursive`, about everything below it), a
//! watch on a file about the file itself. Changes made to a host mount's directory from
//! outside the runtime are not seen: only the kernel's own calls are.

use crate::path;
use crate::wait_queue::WaitQueue;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::task::{Context, Poll};

/// Changes one watch holds unread; later ones are dropped, as inotify drops events past
/// `max_queued_events` (16384 by default on Linux). Bounds what a watch nobody reads pins
/// at 16384 paths.
pub const MAX_QUEUED_CHANGES: usize = 16384;

/// What happened to an entry, in `fs.watch`'s two words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// The entry was created, removed, or renamed (from or to this name).
    Rename,
    /// The file's contents or attributes changed.
    Change,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The changed entry relative to the watched directory; a watched file's own name.
    pub filename: String,
}

pub struct Watch {
    path: String,
    recursive: bool,
    state: Mutex<WatchState>,
}

#[derive(Default)]
struct WatchState {
    queue: VecDeque<Change>,
    readable: WaitQueue,
}

impl Watch {
    fn lock(&self) -> MutexGuard<'_, WatchState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The queued changes, oldest first (none when nothing happened since the last call).
    pub fn take_changes(&self) -> Vec<Change> {
        self.lock().queue.drain(..).collect()
    }

    /// Ready while a change waits.
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.lock();
        if !state.queue.is_empty() {
            return Poll::Ready(());
        }
        state.readable.register(cx.waker());
        Poll::Pending
    }

    /// The name this watch reports a change to `changed` under, if it hears about it.
    fn filename_of<'p>(&self, changed: &'p str) -> Option<&'p str> {
        if changed == self.path {
            return path::split_parent(changed).map(|(_, name)| name);
        }
        let below = if self.path == "/" {
            changed.strip_prefix('/')
        } else {
            changed.strip_prefix(self.path.as_str())?.strip_prefix('/')
        }?;
        (self.recursive || !below.contains('/')).then_some(below)
    }

    fn offer(&self, kind: ChangeKind, changed: &str) {
        let Some(filename) = self.filename_of(changed) else {
            return;
        };
        let mut state = self.lock();
        if state.queue.len() >= MAX_QUEUED_CHANGES {
            return;
        }
        state.queue.push_back(Change {
            kind,
            filename: filename.to_string(),
        });
        state.readable.wake_all();
    }
}

/// The live watches of one VFS.
#[derive(Default)]
pub struct Watches {
    live: Mutex<Vec<Weak<Watch>>>,
}

impl Watches {
    fn lock(&self) -> MutexGuard<'_, Vec<Weak<Watch>>> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Watches the absolute path `path`; the watch ends when the returned handle is dropped.
    pub fn add(&self, path: String, recursive: bool) -> Arc<Watch> {
        let watch = Arc::new(Watch {
            path,
            recursive,
            state: Mutex::default(),
        });
        let mut live = self.lock();
        live.retain(|entry| entry.strong_count() > 0);
        live.push(Arc::downgrade(&watch));
        watch
    }

    /// Tells every watch that hears about the absolute path `changed` what happened to it.
    pub fn notify(&self, kind: ChangeKind, changed: &str) {
        let watches: Vec<Arc<Watch>> = {
            let live = self.lock();
            if live.is_empty() {
                return;
            }
            live.iter().filter_map(Weak::upgrade).collect()
        };
        for watch in watches {
            watch.offer(kind, changed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: ChangeKind, filename: &str) -> Change {
        Change {
            kind,
            filename: filename.to_string(),
        }
    }

    #[test]
    fn directories_hear_their_entries_and_files_themselves() {
        let watches = Watches::default();
        let dir = watches.add("/tmp/d".into(), false);
        let deep = watches.add("/tmp".into(), true);
        let file = watches.add("/tmp/d/f.txt".into(), false);
        watches.notify(ChangeKind::Rename, "/tmp/d/f.txt");
        watches.notify(ChangeKind::Change, "/tmp/d/sub/g.txt");
        watches.notify(ChangeKind::Change, "/tmp/other");
        assert_eq!(dir.take_changes(), [change(ChangeKind::Rename, "f.txt")]);
        assert_eq!(
            deep.take_changes(),
            [
                change(ChangeKind::Rename, "d/f.txt"),
                change(ChangeKind::Change, "d/sub/g.txt"),
                change(ChangeKind::Change, "other"),
            ]
        );
        assert_eq!(file.take_changes(), [change(ChangeKind::Rename, "f.txt")]);
        assert!(dir.take_changes().is_empty());
    }

    #[test]
    fn readiness_follows_the_queue_and_dropped_watches_hear_nothing() {
        let watches = Watches::default();
        let watch = watches.add("/".into(), false);
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert!(watch.poll_readable(&mut cx).is_pending());
        watches.notify(ChangeKind::Change, "/x");
        assert!(watch.poll_readable(&mut cx).is_ready());
        assert_eq!(watch.take_changes(), [change(ChangeKind::Change, "x")]);
        for _ in 0..MAX_QUEUED_CHANGES + 10 {
            watches.notify(ChangeKind::Change, "/x");
        }
        assert_eq!(watch.take_changes().len(), MAX_QUEUED_CHANGES);
        drop(watch);
        watches.notify(ChangeKind::Change, "/x");
        assert!(watches.lock().iter().all(|w| w.upgrade().is_none()));
    }
}
