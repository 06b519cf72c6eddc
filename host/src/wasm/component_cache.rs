//! Preparing the engine component once: its pre-initialized, compiled form is cached on
//! disk, keyed by the component's hash and wasmtime's compatibility hash of the engine
//! configuration, so a new host process loads it in about a millisecond instead of
//! pre-initializing and compiling it for a second or more.
//!
//! The cache lives in `$SECURE_EXEC_WASM_CACHE_DIR`, else `$XDG_CACHE_HOME/secure-exec-wasm`,
//! else `~/.cache/secure-exec-wasm`. A cache that cannot be written is skipped.

use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use wasmtime::Engine;
use wasmtime::component::Component;

fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SECURE_EXEC_WASM_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("secure-exec-wasm"))
}

fn cache_key(engine: &Engine, wasm: &[u8]) -> String {
    let mut config_hasher = std::collections::hash_map::DefaultHasher::new();
    engine
        .precompile_compatibility_hash()
        .hash(&mut config_hasher);
    let mut digest = Sha256::new();
    digest.update(wasm);
    digest.update(config_hasher.finish().to_le_bytes());
    digest.update(env!("CARGO_PKG_VERSION"));
    digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The compiled form of `prepare(wasm)`, from the cache when present.
pub fn load(
    engine: &Engine,
    wasm: &[u8],
    prepare: impl FnOnce(&[u8]) -> wasmtime::Result<Vec<u8>>,
) -> wasmtime::Result<Component> {
    let Some(dir) = cache_dir() else {
        return Component::new(engine, prepare(wasm)?);
    };
    let path = dir.join(format!("component-{}.cwasm", cache_key(engine, wasm)));
    if path.exists() {
        // SAFETY: the file was written by `Component::serialize` of this same wasmtime
        // build (its version and configuration are part of the key) into our own cache.
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok(component);
        }
    }
    let component = Component::new(engine, prepare(wasm)?)?;
    if let Ok(bytes) = component.serialize()
        && std::fs::create_dir_all(&dir).is_ok()
    {
        let temporary = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&temporary, bytes).is_ok() {
            let _ = std::fs::rename(&temporary, &path);
        }
    }
    Ok(component)
}
