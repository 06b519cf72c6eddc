//! `binding('fs')`: the kernel's filesystem interface (files, directories, descriptors and
//! pipes), one native per call. Errors are thrown with the errno name in `code`; the JS
//! callers add syscall and path.

use crate::js_error::throw_errno;
use crate::secure_exec::kernel::filesystem::{self as kfs, FileKind, FileStat as Stat, OpenFlags};
use crate::secure_exec::kernel::types::Errno;
use rquickjs::{Ctx, Object, Result, TypedArray};

/// Bits of the `flags` argument of `binding('fs').open`, chosen by `node:fs`.
const OPEN_FLAG_BITS: [(u32, OpenFlags); 8] = [
    (1, OpenFlags::READ),
    (2, OpenFlags::WRITE),
    (4, OpenFlags::CREATE),
    (8, OpenFlags::EXCLUSIVE),
    (16, OpenFlags::TRUNCATE),
    (32, OpenFlags::APPEND),
    (64, OpenFlags::DIRECTORY),
    (128, OpenFlags::NO_FOLLOW),
];

fn open_flags(bits: u32) -> OpenFlags {
    OPEN_FLAG_BITS
        .iter()
        .filter(|(bit, _)| bits & bit != 0)
        .fold(OpenFlags::empty(), |all, (_, flag)| all | *flag)
}

/// `[dev, ino, mode, nlink, uid, gid, rdev, size, blksize, blocks, atimeMs, mtimeMs,
/// ctimeMs, birthtimeMs]`, the order `node:fs` builds `Stats` from.
fn stat_array(stat: Stat) -> Vec<f64> {
    let ms = |ns: i64| ns as f64 / 1e6;
    vec![
        stat.dev as f64,
        stat.ino as f64,
        stat.mode as f64,
        stat.nlink as f64,
        stat.uid as f64,
        stat.gid as f64,
        stat.rdev as f64,
        stat.size as f64,
        stat.blksize as f64,
        stat.blocks as f64,
        ms(stat.atime),
        ms(stat.mtime),
        ms(stat.ctime),
        ms(stat.birthtime),
    ]
}

const S_IFMT: u32 = 0o170000;
const S_IFREG: u32 = 0o100000;
const S_IFDIR: u32 = 0o040000;

fn kind_number(kind: FileKind) -> u32 {
    match kind {
        FileKind::Regular => 1,
        FileKind::Directory => 2,
        FileKind::Symlink => 3,
        FileKind::Other => 0,
    }
}

fn bytes<'js>(ctx: &Ctx<'js>, data: Vec<u8>) -> Result<TypedArray<'js, u8>> {
    TypedArray::new_copy(ctx.clone(), data)
}

/// Runs a kernel call, throwing its errno into JS.
fn call<T>(ctx: &Ctx<'_>, result: std::result::Result<T, Errno>) -> Result<T> {
    result.map_err(|errno| throw_errno(ctx, errno))
}

fn position(value: Option<f64>) -> Option<u64> {
    value.filter(|p| *p >= 0.0).map(|p| p as u64)
}

/// Milliseconds since the epoch as the kernel's nanosecond timestamp.
fn ns(ms: f64) -> i64 {
    (ms * 1e6) as i64
}

pub fn create<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    super::set_fn(
        ctx,
        &o,
        "open",
        |ctx: Ctx<'js>, path: String, flags: u32, mode: u32| {
            call(&ctx, kfs::open(&path, open_flags(flags), mode))
        },
    )?;
    super::set_fn(ctx, &o, "close", |ctx: Ctx<'js>, fd: u32| {
        call(&ctx, kfs::close(fd))
    })?;
    super::set_fn(
        ctx,
        &o,
        "read",
        |ctx: Ctx<'js>, fd: u32, len: u32, pos: Option<f64>| {
            let data = call(&ctx, kfs::read(fd, len, position(pos)))?;
            bytes(&ctx, data)
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "write",
        |ctx: Ctx<'js>, fd: u32, data: TypedArray<'js, u8>, pos: Option<f64>| {
            let data: &[u8] = super::bytes(&data);
            call(&ctx, kfs::write(fd, data, position(pos)))
        },
    )?;
    super::set_fn(ctx, &o, "fstat", |ctx: Ctx<'js>, fd: u32| {
        call(&ctx, kfs::fstat(fd)).map(stat_array)
    })?;
    super::set_fn(ctx, &o, "ftruncate", |ctx: Ctx<'js>, fd: u32, len: f64| {
        call(&ctx, kfs::ftruncate(fd, len as u64))
    })?;
    super::set_fn(ctx, &o, "readFile", |ctx: Ctx<'js>, path: String| {
        let data = call(&ctx, kfs::read_file(&path))?;
        bytes(&ctx, data)
    })?;
    super::set_fn(
        ctx,
        &o,
        "writeFile",
        |ctx: Ctx<'js>, path: String, data: TypedArray<'js, u8>, append: bool, mode: u32| {
            let data: &[u8] = super::bytes(&data);
            call(&ctx, kfs::write_file(&path, data, append, mode))
        },
    )?;
    super::set_fn(ctx, &o, "stat", |ctx: Ctx<'js>, path: String| {
        call(&ctx, kfs::stat(&path)).map(stat_array)
    })?;
    // What is at `path`, without an exception when nothing is: module resolution probes
    // many paths that do not exist, and building an error for each costs more than the stat.
    super::set_fn(ctx, &o, "kind", |path: String| match kfs::stat(&path) {
        Ok(stat) => match stat.mode & S_IFMT {
            S_IFREG => 1,
            S_IFDIR => 2,
            _ => 3,
        },
        Err(_) => 0,
    })?;
    super::set_fn(ctx, &o, "lstat", |ctx: Ctx<'js>, path: String| {
        call(&ctx, kfs::lstat(&path)).map(stat_array)
    })?;
    super::set_fn(
        ctx,
        &o,
        "access",
        |ctx: Ctx<'js>, path: String, mode: u32| call(&ctx, kfs::access(&path, mode)),
    )?;
    super::set_fn(
        ctx,
        &o,
        "readdir",
        |ctx: Ctx<'js>, path: String| -> Result<Object<'js>> {
            let entries = call(&ctx, kfs::readdir(&path))?;
            let listing = Object::new(ctx.clone())?;
            let kinds: Vec<u32> = entries.iter().map(|e| kind_number(e.kind)).collect();
            listing.set(
                "names",
                entries.into_iter().map(|e| e.name).collect::<Vec<_>>(),
            )?;
            listing.set("kinds", kinds)?;
            Ok(listing)
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "mkdir",
        |ctx: Ctx<'js>, path: String, mode: u32, recursive: bool| {
            call(&ctx, kfs::mkdir(&path, mode, recursive))
        },
    )?;
    super::set_fn(ctx, &o, "rmdir", |ctx: Ctx<'js>, path: String| {
        call(&ctx, kfs::rmdir(&path))
    })?;
    super::set_fn(ctx, &o, "unlink", |ctx: Ctx<'js>, path: String| {
        call(&ctx, kfs::unlink(&path))
    })?;
    super::set_fn(
        ctx,
        &o,
        "rename",
        |ctx: Ctx<'js>, from: String, to: String| call(&ctx, kfs::rename(&from, &to)),
    )?;
    super::set_fn(
        ctx,
        &o,
        "link",
        |ctx: Ctx<'js>, existing: String, new_path: String| {
            call(&ctx, kfs::link(&existing, &new_path))
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "symlink",
        |ctx: Ctx<'js>, target: String, path: String| call(&ctx, kfs::symlink(&target, &path)),
    )?;
    super::set_fn(ctx, &o, "readlink", |ctx: Ctx<'js>, path: String| {
        call(&ctx, kfs::readlink(&path))
    })?;
    super::set_fn(ctx, &o, "realpath", |ctx: Ctx<'js>, path: String| {
        call(&ctx, kfs::realpath(&path))
    })?;
    super::set_fn(
        ctx,
        &o,
        "chmod",
        |ctx: Ctx<'js>, path: String, mode: u32| call(&ctx, kfs::chmod(&path, mode)),
    )?;
    super::set_fn(ctx, &o, "fchmod", |ctx: Ctx<'js>, fd: u32, mode: u32| {
        call(&ctx, kfs::fchmod(fd, mode))
    })?;
    // Times cross in milliseconds since the epoch, as Node's `*Ms` fields.
    super::set_fn(
        ctx,
        &o,
        "utimes",
        |ctx: Ctx<'js>, path: String, atime_ms: f64, mtime_ms: f64| {
            call(&ctx, kfs::utimes(&path, ns(atime_ms), ns(mtime_ms)))
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "lutimes",
        |ctx: Ctx<'js>, path: String, atime_ms: f64, mtime_ms: f64| {
            call(&ctx, kfs::lutimes(&path, ns(atime_ms), ns(mtime_ms)))
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "futimes",
        |ctx: Ctx<'js>, fd: u32, atime_ms: f64, mtime_ms: f64| {
            call(&ctx, kfs::futimes(fd, ns(atime_ms), ns(mtime_ms)))
        },
    )?;
    super::set_fn(
        ctx,
        &o,
        "truncate",
        |ctx: Ctx<'js>, path: String, len: f64| call(&ctx, kfs::truncate(&path, len as u64)),
    )?;
    // A watch's descriptor (`fs.watch`): readable while changes wait.
    super::set_fn(
        ctx,
        &o,
        "watch",
        |ctx: Ctx<'js>, path: String, recursive: bool| call(&ctx, kfs::watch(&path, recursive)),
    )?;
    // A watch's queued changes as `[eventType, filename]` pairs ('rename' or 'change'), or
    // null when none waits.
    super::set_fn(
        ctx,
        &o,
        "readChanges",
        |ctx: Ctx<'js>, watch: u32| -> Result<Option<Vec<Vec<String>>>> {
            match kfs::read_changes(watch) {
                Ok(changes) => Ok(Some(
                    changes
                        .into_iter()
                        .map(|change| {
                            let event = match change.kind {
                                kfs::ChangeKind::Rename => "rename",
                                kfs::ChangeKind::Change => "change",
                            };
                            vec![event.to_string(), change.filename]
                        })
                        .collect(),
                )),
                Err(Errno::Eagain) => Ok(None),
                Err(errno) => Err(throw_errno(&ctx, errno)),
            }
        },
    )?;
    super::set_fn(ctx, &o, "pipe", |ctx: Ctx<'js>| {
        call(&ctx, kfs::pipe()).map(|(read, write)| vec![read, write])
    })?;
    super::set_fn(
        ctx,
        &o,
        "pipeFrom",
        |ctx: Ctx<'js>, data: TypedArray<'js, u8>| {
            let data: &[u8] = super::bytes(&data);
            call(&ctx, kfs::pipe_from(data))
        },
    )?;
    Ok(o)
}
