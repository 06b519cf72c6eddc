//! Per-process file descriptor tables and the open file descriptions they point to.

use crate::errno::{Errno, KernelResult};
use crate::vfs::File;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Most descriptors one process may hold open (Linux's default soft `RLIMIT_NOFILE`);
/// past it `open` fails with `EMFILE`, so a leaking guest cannot pin unbounded host state.
pub const MAX_FDS_PER_PROCESS: usize = 1024;
/// Descriptors 0–2 are the WASI stdio streams; kernel-opened files start after them.
const FIRST_FILE_FD: u32 = 3;

/// An open file: the file, its offset and access mode. Shared by duplicated descriptors.
pub struct OpenFileDescription {
    pub file: Arc<dyn File>,
    pub path: String,
    pub readable: bool,
    pub writable: bool,
    pub append: bool,
    offset: Mutex<u64>,
}

impl OpenFileDescription {
    pub fn new(
        file: Arc<dyn File>,
        path: String,
        readable: bool,
        writable: bool,
        append: bool,
    ) -> Self {
        OpenFileDescription {
            file,
            path,
            readable,
            writable,
            append,
            offset: Mutex::new(0),
        }
    }

    /// Reads at `position`, or at the shared offset (advancing it).
    pub fn read(&self, len: usize, position: Option<u64>) -> KernelResult<Vec<u8>> {
        if !self.readable {
            return Err(Errno::EBADF);
        }
        match position {
            Some(at) => self.file.read_at(len, at),
            None => {
                let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
                let bytes = self.file.read_at(len, *offset)?;
                *offset += bytes.len() as u64;
                Ok(bytes)
            }
        }
    }

    /// Writes at `position`, at the end in append mode, or at the shared offset.
    pub fn write(&self, data: &[u8], position: Option<u64>) -> KernelResult<usize> {
        if !self.writable {
            return Err(Errno::EBADF);
        }
        match position {
            Some(at) if !self.append => self.file.write_at(data, at),
            _ => {
                let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
                if self.append {
                    *offset = self.file.metadata()?.size;
                }
                let written = self.file.write_at(data, *offset)?;
                *offset += written as u64;
                Ok(written)
            }
        }
    }
}

#[derive(Default)]
pub struct FdTable {
    entries: BTreeMap<u32, Arc<OpenFileDescription>>,
}

impl FdTable {
    /// Installs `description` at the lowest free descriptor.
    pub fn insert(&mut self, description: Arc<OpenFileDescription>) -> KernelResult<u32> {
        if self.entries.len() >= MAX_FDS_PER_PROCESS {
            return Err(Errno::EMFILE);
        }
        let mut fd = FIRST_FILE_FD;
        for &used in self.entries.keys() {
            if used != fd {
                break;
            }
            fd += 1;
        }
        self.entries.insert(fd, description);
        Ok(fd)
    }

    pub fn get(&self, fd: u32) -> KernelResult<Arc<OpenFileDescription>> {
        self.entries.get(&fd).cloned().ok_or(Errno::EBADF)
    }

    pub fn remove(&mut self, fd: u32) -> KernelResult<()> {
        self.entries.remove(&fd).map(drop).ok_or(Errno::EBADF)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
