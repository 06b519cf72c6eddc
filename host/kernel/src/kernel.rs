//! The kernel of one runtime: its VFS, process table and permissions, and the privileged
//! host-side entry points (seeding files, reading results) that bypass guest permissions.

use crate::clock::{Clock, SystemClock};
use crate::entropy::{Entropy, OsEntropy};
use crate::errno::{Errno, KernelResult};
use crate::net::{HostNetwork, NoHostNetwork, SocketTable};
use crate::path;
use crate::permissions::Permissions;
use crate::pipe::{BufferBudget, DEFAULT_BUFFER_BUDGET_BYTES};
use crate::process_fs::ProcessFs;
use crate::process_table::{DEFAULT_MAX_PROCESSES, Pid, ProcessTable};
use crate::program;
use crate::vfs::{AccessMode, Credentials, FileKind, HostDirFs, MemoryFs, OpenOptions, Vfs};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The default guest user: root inside the sandbox, as in a container, so seeded paths
/// such as `/root/data.json` are usable. Mode bits are enforced for any other identity.
pub const DEFAULT_USER: Credentials = Credentials::ROOT;
/// The default guest home and working directory.
pub const DEFAULT_HOME: &str = "/root";
/// A conventional unprivileged home that exists in every runtime.
const USER_HOME: &str = "/home/user";
/// Owner of [`USER_HOME`]: the first unprivileged uid/gid.
const USER_HOME_OWNER: Credentials = Credentials {
    uid: 1000,
    gid: 1000,
};

/// Why a host directory could not be mounted.
#[derive(Debug, thiserror::Error)]
pub enum MountError {
    #[error("cannot open the host directory: {0}")]
    HostDir(#[source] std::io::Error),
    #[error("cannot use the guest path: {0}")]
    GuestPath(Errno),
}

/// How to build a [`Kernel`].
#[derive(Clone)]
pub struct KernelConfig {
    pub permissions: Permissions,
    /// The identity guest processes run as.
    pub user: Credentials,
    pub hostname: String,
    pub max_processes: usize,
    pub fs_capacity_bytes: u64,
    /// Where guests' time comes from.
    pub clock: Arc<dyn Clock>,
    /// Where guests' randomness comes from.
    pub entropy: Arc<dyn Entropy>,
    /// Ports of the host's real loopback guests may connect to even while the network
    /// is denied (the seed's `loopbackExemptPorts`).
    pub loopback_exempt_ports: BTreeSet<u16>,
    /// The real network, for the egress the permissions allow.
    pub host_network: Arc<dyn HostNetwork>,
    /// Bytes all pipes and sockets may buffer at once.
    pub buffer_budget_bytes: usize,
}

impl Default for KernelConfig {
    fn default() -> Self {
        KernelConfig {
            permissions: Permissions::default(),
            user: DEFAULT_USER,
            hostname: "secure-exec".to_string(),
            max_processes: DEFAULT_MAX_PROCESSES,
            fs_capacity_bytes: crate::vfs::memory::DEFAULT_CAPACITY_BYTES,
            clock: Arc::new(SystemClock::default()),
            entropy: Arc::new(OsEntropy),
            loopback_exempt_ports: BTreeSet::new(),
            host_network: Arc::new(NoHostNetwork),
            buffer_budget_bytes: DEFAULT_BUFFER_BUDGET_BYTES,
        }
    }
}

pub struct Kernel {
    vfs: Vfs,
    processes: ProcessTable,
    net: SocketTable,
    buffers: Arc<BufferBudget>,
    permissions: Arc<Permissions>,
    user: Credentials,
    hostname: String,
    clock: Arc<dyn Clock>,
    entropy: Arc<dyn Entropy>,
}

/// Directories every runtime starts with: (path, mode, owner).
const BASE_LAYOUT: &[(&str, u32, Credentials)] = &[
    ("/dev", 0o755, Credentials::ROOT),
    ("/etc", 0o755, Credentials::ROOT),
    ("/home", 0o755, Credentials::ROOT),
    (USER_HOME, 0o755, USER_HOME_OWNER),
    ("/root", 0o700, Credentials::ROOT),
    ("/tmp", 0o1777, Credentials::ROOT),
    ("/usr", 0o755, Credentials::ROOT),
    ("/usr/bin", 0o755, Credentials::ROOT),
    ("/usr/local", 0o755, Credentials::ROOT),
    ("/usr/local/bin", 0o755, Credentials::ROOT),
    ("/usr/lib", 0o755, Credentials::ROOT),
    ("/var", 0o755, Credentials::ROOT),
];

/// Files every runtime starts with: (path, contents, mode). The account files name the
/// identities the kernel uses, so `ls -l`, `id` and `whoami` can print names.
const BASE_FILES: &[(&str, &str, u32)] = &[
    ("/dev/null", "", 0o666),
    (
        "/etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n",
        0o644,
    ),
    ("/etc/group", "root:x:0:\nuser:x:1000:\n", 0o644),
    ("/etc/hostname", "secure-exec\n", 0o644),
];

impl Kernel {
    pub fn new(config: KernelConfig) -> Self {
        let root = MemoryFs::with_limits(
            config.fs_capacity_bytes,
            crate::vfs::memory::DEFAULT_MAX_INODES,
        );
        let permissions = Arc::new(config.permissions);
        let buffers = BufferBudget::new(config.buffer_budget_bytes);
        let kernel = Kernel {
            vfs: Vfs::new(Arc::new(root)),
            processes: ProcessTable::new(config.max_processes, config.user),
            net: SocketTable::new(
                permissions.clone(),
                config.loopback_exempt_ports,
                config.host_network,
                buffers.clone(),
            ),
            buffers,
            permissions,
            user: config.user,
            hostname: config.hostname,
            clock: config.clock,
            entropy: config.entropy,
        };
        let root = Credentials::ROOT;
        for &(dir, mode, owner) in BASE_LAYOUT {
            let vfs = &kernel.vfs;
            vfs.create_dir(dir, mode, false, root).expect("base layout");
            vfs.set_mode(dir, mode, root).expect("base layout mode");
            vfs.set_owner(dir, owner, root).expect("base layout owner");
        }
        // Merged /usr, as current Debian: /bin is /usr/bin, so `#!/bin/sh` and
        // `#!/usr/bin/env` both name the same files.
        kernel
            .vfs
            .symlink("usr/bin", "/bin", root)
            .expect("base layout /bin");
        for &(file, contents, mode) in BASE_FILES {
            kernel
                .install_file(file, contents.as_bytes(), mode)
                .expect("base files");
        }
        kernel
    }

    /// Makes `path` an executable file standing for the host program `name` (see
    /// [`program`](crate::program)).
    pub fn install_host_program(&self, path: &str, name: &str) -> KernelResult<()> {
        self.install_file(path, program::host_program_file(name).as_bytes(), 0o755)
    }

    /// Host-side write of a root-owned file with `mode`, in an existing directory (one
    /// VFS open: runtimes install dozens of these at create).
    fn install_file(&self, path: &str, contents: &[u8], mode: u32) -> KernelResult<()> {
        let options = OpenOptions {
            write: true,
            create: true,
            truncate: true,
            exclusive: false,
            mode,
        };
        let file = self
            .vfs
            .open(path, AccessMode::WRITE, options, true, Credentials::ROOT)?;
        file.write_at(contents, 0)?;
        if file.metadata()?.mode != mode {
            self.vfs.set_mode(path, mode, Credentials::ROOT)?;
        }
        Ok(())
    }

    pub fn vfs(&self) -> &Vfs {
        &self.vfs
    }

    pub fn processes(&self) -> &ProcessTable {
        &self.processes
    }

    pub fn permissions(&self) -> &Permissions {
        &self.permissions
    }

    /// The socket table.
    pub fn net(&self) -> &SocketTable {
        &self.net
    }

    /// The budget every pipe and socket buffers against.
    pub fn buffers(&self) -> &Arc<BufferBudget> {
        &self.buffers
    }

    /// The identity guest processes run as.
    pub fn user(&self) -> Credentials {
        self.user
    }

    pub fn hostname(&self) -> &str {
        &self.hostname
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn entropy(&self) -> &Arc<dyn Entropy> {
        &self.entropy
    }

    /// The file system calls of process `pid`, with its cwd, identity and permissions.
    pub fn process_fs(&self, pid: Pid) -> KernelResult<ProcessFs<'_>> {
        ProcessFs::new(self, pid)
    }

    /// Projects the host directory `host_path` at `guest_path` (created if missing),
    /// read lazily; with `read_only` every change fails with `EROFS`.
    pub fn mount_host_dir(
        &self,
        guest_path: &str,
        host_path: &std::path::Path,
        read_only: bool,
    ) -> Result<(), MountError> {
        let guest = path::resolve("/", guest_path).map_err(MountError::GuestPath)?;
        if guest == "/" {
            return Err(MountError::GuestPath(Errno::EBUSY));
        }
        let fs = HostDirFs::open(host_path, read_only).map_err(MountError::HostDir)?;
        self.vfs
            .create_dir(&guest, 0o755, true, Credentials::ROOT)
            .map_err(MountError::GuestPath)?;
        self.vfs.mounts().mount(&guest, Arc::new(fs));
        Ok(())
    }

    /// Host-side write, bypassing guest permissions: creates missing parent directories
    /// and replaces the file's contents.
    pub fn write_file(&self, file_path: &str, data: &[u8]) -> KernelResult<()> {
        let absolute = path::resolve("/", file_path)?;
        let (parent, _) = path::split_parent(&absolute).ok_or(Errno::EISDIR)?;
        self.vfs
            .create_dir(parent, 0o755, true, Credentials::ROOT)?;
        let options = OpenOptions {
            write: true,
            create: true,
            truncate: true,
            exclusive: false,
            mode: 0o644,
        };
        let file = self.vfs.open(
            &absolute,
            AccessMode::WRITE,
            options,
            true,
            Credentials::ROOT,
        )?;
        file.write_at(data, 0).map(drop)
    }

    /// Host-side read of a whole file.
    pub fn read_file(&self, file_path: &str) -> KernelResult<Vec<u8>> {
        let absolute = path::resolve("/", file_path)?;
        let options = OpenOptions::default();
        let file = self.vfs.open(
            &absolute,
            AccessMode::READ,
            options,
            true,
            Credentials::ROOT,
        )?;
        let meta = file.metadata()?;
        if meta.kind != FileKind::Regular {
            return Err(Errno::EISDIR);
        }
        file.read_at(meta.size as usize, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_layout_and_host_seeding() {
        let kernel = Kernel::new(KernelConfig::default());
        let home = kernel.vfs().stat(USER_HOME, DEFAULT_USER).unwrap();
        assert_eq!(home.uid, USER_HOME_OWNER.uid);
        assert_eq!(
            kernel.vfs().stat("/tmp", DEFAULT_USER).unwrap().mode,
            0o1777
        );
        kernel.write_file("/root/data/x.json", b"{}").unwrap();
        assert_eq!(kernel.read_file("/root/data/x.json").unwrap(), b"{}");
        assert_eq!(kernel.read_file("/nope"), Err(Errno::ENOENT));
        assert_eq!(kernel.read_file("/tmp"), Err(Errno::EISDIR));
    }

    #[test]
    fn recursive_mkdir_creates_missing_parents() {
        let kernel = Kernel::new(KernelConfig::default());
        let vfs = kernel.vfs();
        let first = vfs
            .create_dir("/tmp/a/b/c", 0o755, true, DEFAULT_USER)
            .unwrap();
        assert_eq!(first.as_deref(), Some("/tmp/a"));
        assert!(vfs.stat("/tmp/a/b/c", DEFAULT_USER).is_ok());
        assert_eq!(
            vfs.create_dir("/tmp/a/b/c", 0o755, true, DEFAULT_USER),
            Ok(None)
        );
    }
}
