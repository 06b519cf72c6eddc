//! A process's output stream as the host sees it: every chunk goes to an optional listener
//! as it is written, and into a capture buffer bounded so a flooding guest cannot make the
//! host hold unbounded memory.

use crate::errno::{Errno, KernelResult};
use std::sync::{Arc, Mutex};

/// Default bound of captured output per stream. Large enough for real program output
/// (build logs, JSON dumps), small enough that hundreds of live runtimes stay bounded.
pub const DEFAULT_CAPTURE_LIMIT_BYTES: usize = 64 << 20;

/// Called with each chunk as the guest writes it.
pub type OutputListener = Arc<dyn Fn(&[u8]) + Send + Sync>;

pub struct OutputStream {
    captured: Mutex<Vec<u8>>,
    limit: usize,
    listener: Option<OutputListener>,
}

impl OutputStream {
    pub fn new(limit: usize, listener: Option<OutputListener>) -> Self {
        OutputStream {
            captured: Mutex::new(Vec::new()),
            limit,
            listener,
        }
    }

    /// Appends `data`. Past the capture limit the write fails with `EFBIG` and the stream
    /// keeps what it had, so nothing captured before the flood is lost.
    pub fn write(&self, data: &[u8]) -> KernelResult<()> {
        let mut captured = self.captured.lock().unwrap_or_else(|e| e.into_inner());
        if captured.len() + data.len() > self.limit {
            return Err(Errno::EFBIG);
        }
        captured.extend_from_slice(data);
        drop(captured);
        if let Some(listener) = &self.listener {
            listener(data);
        }
        Ok(())
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Everything captured so far.
    pub fn contents(&self) -> Vec<u8> {
        self.captured
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn captures_streams_and_bounds() {
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = seen.clone();
        let listener: OutputListener = Arc::new(move |d| {
            counter.fetch_add(d.len(), Ordering::SeqCst);
        });
        let stream = OutputStream::new(8, Some(listener));
        stream.write(b"hello").unwrap();
        assert_eq!(stream.write(b"world"), Err(Errno::EFBIG));
        assert_eq!(stream.contents(), b"hello");
        assert_eq!(seen.load(Ordering::SeqCst), 5);
    }
}
