//! Builds the engine component (`guest-engine/`, for wasm32-wasip2) so the host can embed
//! it. Cargo reruns this only when the engine's sources or the WIT change, so host-only
//! edits never rebuild the guest. The guest gets its own target directory: sharing the
//! outer build's would deadlock on cargo's lock.
//!
//! `SECURE_EXEC_ENGINE_WASM=/path/engine.wasm` skips the build and embeds that file.

use std::path::{Path, PathBuf};
use std::process::Command;

const GUEST_TARGET: &str = "wasm32-wasip2";
/// clang that compiles QuickJS's C for wasm (installed by `scripts/setup.sh`).
const WASM_CC: &str = "clang-19";
const WASM_AR: &str = "llvm-ar-19";
/// Where Debian's `wasi-libc` package puts the WASI C headers and libraries.
const WASI_LIBC_INCLUDE: &str = "/usr/include/wasm32-wasi";
const WASI_LIBC_LIB: &str = "/usr/lib/wasm32-wasi";

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-env-changed=SECURE_EXEC_ENGINE_WASM");
    if let Ok(prebuilt) = std::env::var("SECURE_EXEC_ENGINE_WASM") {
        println!("cargo:rustc-env=SECURE_EXEC_ENGINE_WASM={prebuilt}");
        return;
    }
    let guest = root.join("guest-engine");
    for watched in [
        "src",
        "js",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        ".cargo",
    ] {
        println!("cargo:rerun-if-changed={}", guest.join(watched).display());
    }
    println!("cargo:rerun-if-changed={}", root.join("wit").display());

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let sysroot = wasi_sysroot(&out_dir);
    let target_dir = root.join("target").join("guest");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&guest)
        .args([
            "build",
            "--release",
            "--locked",
            "--target",
            GUEST_TARGET,
            "--target-dir",
        ])
        .arg(&target_dir);
    for inherited in [
        "CARGO_TARGET_DIR",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_MAKEFLAGS",
        "CARGO_PRIMARY_PACKAGE",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        command.env_remove(inherited);
    }
    let triple = GUEST_TARGET.replace('-', "_");
    command
        .env(format!("CC_{triple}"), WASM_CC)
        .env(format!("AR_{triple}"), WASM_AR)
        .env(
            format!("CFLAGS_{triple}"),
            format!("--sysroot={}", sysroot.display()),
        )
        .env("RQUICKJS_SYS_NO_WASI_SDK", "1");
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("running cargo for the engine: {e}"));
    if !output.status.success() {
        panic!(
            "building the engine component failed (did you run scripts/setup.sh?)\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let wasm = target_dir
        .join(GUEST_TARGET)
        .join("release")
        .join("secure_exec_engine.wasm");
    assert!(wasm.exists(), "engine build produced no {}", wasm.display());
    println!("cargo:rustc-env=SECURE_EXEC_ENGINE_WASM={}", wasm.display());
}

/// A clang sysroot for the WASI targets made of links to Debian's wasi-libc (clang looks
/// for `<sysroot>/include/<target>`; without a sysroot it falls back to glibc's headers).
fn wasi_sysroot(out_dir: &Path) -> PathBuf {
    let sysroot = out_dir.join("wasi-sysroot");
    for (dir, source) in [("include", WASI_LIBC_INCLUDE), ("lib", WASI_LIBC_LIB)] {
        std::fs::create_dir_all(sysroot.join(dir)).unwrap();
        for target in ["wasm32-wasi", "wasm32-wasip1", "wasm32-wasip2"] {
            let link = sysroot.join(dir).join(target);
            if !link.exists() {
                std::os::unix::fs::symlink(source, &link).unwrap();
            }
        }
    }
    sysroot
}
