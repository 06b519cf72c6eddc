//! Per-process file descriptor tables and the open file descriptions they point to.
//!
//! A description is what `open`, `pipe`, a socket call or the host's stdio set-up created:
//! a VFS file (with a shared offset), one end of a pipe, a socket, an output stream the
//! host captures, or the null device. Descriptors in any number of processes share a
//! description (`dup`, `spawn`); it closes when the last of them does.

use crate::errno::{Errno, KernelResult};
use crate::net::Socket;
use crate::output::OutputStream;
use crate::pipe::{PipeReader, PipeWriter};
use crate::vfs::{File, FileKind, Metadata, Watch};
use std::collections::BTreeMap;
use std::future::poll_fn;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// Most descriptors one process may hold open (Linux's default soft `RLIMIT_NOFILE`);
/// past it `open` fails with `EMFILE`, so a leaking guest cannot pin unbounded host state.
pub const MAX_FDS_PER_PROCESS: usize = 1024;

/// What an open file description refers to.
pub enum Endpoint {
    File(Arc<dyn File>),
    PipeReader(PipeReader),
    PipeWriter(PipeWriter),
    Socket(Socket),
    /// Output the host captures and streams (a top-level process's stdout or stderr).
    Output(Arc<OutputStream>),
    /// `/dev/null`: reads end at once, writes vanish.
    Null,
    /// A watch's change queue (`fs.watch`): readable while changes wait, read through
    /// [`as_watch`](OpenFileDescription::as_watch).
    Watch(Arc<Watch>),
}

/// An open file: what it refers to, its offset and access mode.
pub struct OpenFileDescription {
    endpoint: Endpoint,
    pub path: String,
    pub readable: bool,
    pub writable: bool,
    pub append: bool,
    offset: Mutex<u64>,
}

impl OpenFileDescription {
    pub fn file(
        file: Arc<dyn File>,
        path: String,
        readable: bool,
        writable: bool,
        append: bool,
    ) -> Self {
        OpenFileDescription {
            endpoint: Endpoint::File(file),
            path,
            readable,
            writable,
            append,
            offset: Mutex::new(0),
        }
    }

    /// A description of a non-file endpoint, readable or writable as its kind allows.
    pub fn stream(endpoint: Endpoint, path: &str) -> Self {
        let (readable, writable) = match &endpoint {
            Endpoint::PipeReader(_) | Endpoint::Watch(_) => (true, false),
            Endpoint::PipeWriter(_) | Endpoint::Output(_) => (false, true),
            Endpoint::File(_) | Endpoint::Socket(_) | Endpoint::Null => (true, true),
        };
        OpenFileDescription {
            endpoint,
            path: path.to_string(),
            readable,
            writable,
            append: false,
            offset: Mutex::new(0),
        }
    }

    /// Whether this is output the host captures.
    pub fn is_output(&self) -> bool {
        matches!(self.endpoint, Endpoint::Output(_))
    }

    /// The VFS file behind this description, if it is one.
    pub fn as_file(&self) -> Option<&Arc<dyn File>> {
        match &self.endpoint {
            Endpoint::File(file) => Some(file),
            _ => None,
        }
    }

    /// The socket behind this description, if it is one.
    pub fn as_socket(&self) -> KernelResult<&Socket> {
        match &self.endpoint {
            Endpoint::Socket(socket) => Ok(socket),
            _ => Err(Errno::ENOTSOCK),
        }
    }

    /// The watch behind this description (`EINVAL` when it is not one).
    pub fn as_watch(&self) -> KernelResult<&Arc<Watch>> {
        match &self.endpoint {
            Endpoint::Watch(watch) => Ok(watch),
            _ => Err(Errno::EINVAL),
        }
    }

    /// Reads at `position`, or at the shared offset (advancing it). A pipe with no data
    /// yet gives `EAGAIN`; [`read_wait`](Self::read_wait) waits instead.
    pub fn read(&self, len: usize, position: Option<u64>) -> KernelResult<Vec<u8>> {
        if !self.readable {
            return Err(Errno::EBADF);
        }
        match (&self.endpoint, position) {
            (Endpoint::File(file), Some(at)) => file.read_at(len, at),
            (Endpoint::File(file), None) => {
                let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
                let bytes = file.read_at(len, *offset)?;
                *offset += bytes.len() as u64;
                Ok(bytes)
            }
            (Endpoint::PipeReader(_), Some(_)) => Err(Errno::ESPIPE),
            (Endpoint::PipeReader(reader), None) => reader.try_read(len),
            (Endpoint::Socket(_), Some(_)) => Err(Errno::ESPIPE),
            (Endpoint::Socket(socket), None) => socket.read(len),
            (Endpoint::Null, _) => Ok(Vec::new()),
            // A watch's changes are records, taken with `as_watch`, not bytes.
            (Endpoint::Watch(_), _) => Err(Errno::EINVAL),
            (Endpoint::PipeWriter(_) | Endpoint::Output(_), _) => Err(Errno::EBADF),
        }
    }

    /// Writes at `position`, at the end in append mode, or at the shared offset. A full
    /// pipe gives `EAGAIN`; [`write_wait`](Self::write_wait) waits instead.
    pub fn write(&self, data: &[u8], position: Option<u64>) -> KernelResult<usize> {
        if !self.writable {
            return Err(Errno::EBADF);
        }
        match (&self.endpoint, position) {
            (Endpoint::File(file), Some(at)) if !self.append => file.write_at(data, at),
            (Endpoint::File(file), _) => {
                let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
                if self.append {
                    *offset = file.metadata()?.size;
                }
                let written = file.write_at(data, *offset)?;
                *offset += written as u64;
                Ok(written)
            }
            (Endpoint::PipeWriter(_) | Endpoint::Output(_), Some(_)) => Err(Errno::ESPIPE),
            (Endpoint::PipeWriter(writer), None) => writer.try_write(data),
            (Endpoint::Socket(_), Some(_)) => Err(Errno::ESPIPE),
            (Endpoint::Socket(socket), None) => socket.write(data),
            (Endpoint::Output(stream), None) => stream.write(data).map(|()| data.len()),
            (Endpoint::Null, _) => Ok(data.len()),
            (Endpoint::PipeReader(_) | Endpoint::Watch(_), _) => Err(Errno::EBADF),
        }
    }

    /// Ready when a read would not wait (always, except for an empty pipe with writers or
    /// a socket with nothing arrived).
    pub fn poll_readable(&self, cx: &mut Context<'_>) -> Poll<()> {
        match &self.endpoint {
            Endpoint::PipeReader(reader) => reader.poll_readable(cx),
            Endpoint::Socket(socket) => socket.poll_readable(cx),
            Endpoint::Watch(watch) => watch.poll_readable(cx),
            _ => Poll::Ready(()),
        }
    }

    /// Ready when a write would not wait (always, except for a full pipe with readers or
    /// a socket whose peer's buffer is full or whose connection is being made).
    pub fn poll_writable(&self, cx: &mut Context<'_>) -> Poll<()> {
        match &self.endpoint {
            Endpoint::PipeWriter(writer) => writer.poll_writable(cx),
            Endpoint::Socket(socket) => socket.poll_writable(cx),
            _ => Poll::Ready(()),
        }
    }

    /// Reads, waiting while a pipe is empty: some bytes, or none at end of file.
    pub async fn read_wait(&self, len: usize, position: Option<u64>) -> KernelResult<Vec<u8>> {
        loop {
            match self.read(len, position) {
                Err(Errno::EAGAIN) => poll_fn(|cx| self.poll_readable(cx)).await,
                result => return result,
            }
        }
    }

    /// Writes some of `data`, waiting while a pipe is full.
    pub async fn write_wait(&self, data: &[u8], position: Option<u64>) -> KernelResult<usize> {
        loop {
            match self.write(data, position) {
                Err(Errno::EAGAIN) => poll_fn(|cx| self.poll_writable(cx)).await,
                result => return result,
            }
        }
    }

    /// `fstat`: the file's metadata, or a pipe's, socket's or device's synthesized one.
    pub fn metadata(&self) -> KernelResult<Metadata> {
        let kind = match &self.endpoint {
            Endpoint::File(file) => return file.metadata(),
            Endpoint::PipeReader(_) | Endpoint::PipeWriter(_) => FileKind::Fifo,
            Endpoint::Socket(_) => FileKind::Socket,
            Endpoint::Output(_) | Endpoint::Null => FileKind::CharDevice,
            Endpoint::Watch(_) => FileKind::Other,
        };
        Ok(Metadata {
            kind,
            mode: 0o600,
            uid: 0,
            gid: 0,
            size: 0,
            nlink: 1,
            ino: 0,
            dev: 0,
            atime: 0,
            mtime: 0,
            ctime: 0,
            birthtime: 0,
        })
    }
}

#[derive(Default, Clone)]
pub struct FdTable {
    entries: BTreeMap<u32, Arc<OpenFileDescription>>,
}

impl FdTable {
    /// Installs `description` at the lowest free descriptor.
    pub fn insert(&mut self, description: Arc<OpenFileDescription>) -> KernelResult<u32> {
        if self.entries.len() >= MAX_FDS_PER_PROCESS {
            return Err(Errno::EMFILE);
        }
        let mut fd = 0;
        for &used in self.entries.keys() {
            if used != fd {
                break;
            }
            fd += 1;
        }
        self.entries.insert(fd, description);
        Ok(fd)
    }

    /// Installs `description` at `fd`, closing what `fd` held.
    pub fn insert_at(
        &mut self,
        fd: u32,
        description: Arc<OpenFileDescription>,
    ) -> KernelResult<()> {
        if fd as usize >= MAX_FDS_PER_PROCESS {
            return Err(Errno::EBADF);
        }
        self.entries.insert(fd, description);
        Ok(())
    }

    pub fn get(&self, fd: u32) -> KernelResult<Arc<OpenFileDescription>> {
        self.entries.get(&fd).cloned().ok_or(Errno::EBADF)
    }

    pub fn remove(&mut self, fd: u32) -> KernelResult<Arc<OpenFileDescription>> {
        self.entries.remove(&fd).ok_or(Errno::EBADF)
    }

    /// Closes every descriptor (when a process exits).
    pub fn clear(&mut self) -> Vec<Arc<OpenFileDescription>> {
        std::mem::take(&mut self.entries).into_values().collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn null() -> Arc<OpenFileDescription> {
        Arc::new(OpenFileDescription::stream(Endpoint::Null, "/dev/null"))
    }

    #[test]
    fn lowest_free_descriptor_and_limit() {
        let mut table = FdTable::default();
        assert_eq!(table.insert(null()), Ok(0));
        assert_eq!(table.insert(null()), Ok(1));
        table.remove(0).unwrap();
        assert_eq!(table.insert(null()), Ok(0));
        table.insert_at(9, null()).unwrap();
        assert_eq!(table.insert(null()), Ok(2));
        while table.len() < MAX_FDS_PER_PROCESS {
            table.insert(null()).unwrap();
        }
        assert_eq!(table.insert(null()), Err(Errno::EMFILE));
    }

    #[test]
    fn null_device_swallows_and_ends() {
        let null = null();
        assert_eq!(null.write(b"gone", None), Ok(4));
        assert_eq!(null.read(10, None).unwrap(), b"");
        assert_eq!(null.metadata().unwrap().kind, FileKind::CharDevice);
    }
}
