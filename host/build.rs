//! Builds the guest components the host embeds, for wasm32-wasip2: the engine
//! (`guest-engine/`) and the commands (`commands/`, one multicall `coreutils` component).
//! Cargo reruns this only when a guest's sources or the WIT change, so host-only edits
//! never rebuild a guest.
//!
//! `SECURE_EXEC_ENGINE_WASM=/path/engine.wasm` (or `SECURE_EXEC_COMMANDS_WASM=...`) skips
//! that build and embeds the given file.

use std::path::{Path, PathBuf};
use std::process::Command;

const GUEST_TARGET: &str = "wasm32-wasip2";
/// clang that compiles QuickJS's C for wasm (installed by `scripts/setup.sh`).
const WASM_CC: &str = "clang-19";
const WASM_AR: &str = "llvm-ar-19";
/// Where Debian's `wasi-libc` package puts the WASI C headers and libraries.
const WASI_LIBC_INCLUDE: &str = "/usr/include/wasm32-wasi";
const WASI_LIBC_LIB: &str = "/usr/lib/wasm32-wasi";

/// A guest built by this script: its source directory, the wasm artifact it produces and
/// the environment variable that hands the artifact's path to the host (or, when set
/// before the build, skips the build and uses a prebuilt file).
struct Guest {
    dir: &'static str,
    artifact: &'static str,
    env: &'static str,
    /// What the build needs besides its sources (the WIT both guests import).
    watched: &'static [&'static str],
}

const GUESTS: &[Guest] = &[
    Guest {
        dir: "guest-engine",
        artifact: "secure_exec_engine.wasm",
        env: "SECURE_EXEC_ENGINE_WASM",
        watched: &[
            "src",
            "js",
            "Cargo.toml",
            "Cargo.lock",
            "build.rs",
            ".cargo",
        ],
    },
    Guest {
        dir: "commands",
        artifact: "coreutils.wasm",
        env: "SECURE_EXEC_COMMANDS_WASM",
        watched: &[
            "system",
            "shell",
            "textutils",
            "coreutils",
            "Cargo.toml",
            "Cargo.lock",
            ".cargo",
        ],
    },
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed={}", root.join("wit").display());
    let names = root.join("commands").join("coreutils").join("commands.txt");
    println!("cargo:rerun-if-changed={}", names.display());
    println!(
        "cargo:rustc-env=SECURE_EXEC_COMMAND_NAMES={}",
        names.display()
    );
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let sysroot = wasi_sysroot(&out_dir);
    for guest in GUESTS {
        println!("cargo:rerun-if-env-changed={}", guest.env);
        let wasm = match std::env::var(guest.env) {
            Ok(prebuilt) => PathBuf::from(prebuilt),
            Err(_) => build(&root, guest, &sysroot),
        };
        println!("cargo:rustc-env={}={}", guest.env, wasm.display());
    }
}

/// Builds `guest` for wasm32-wasip2 in its own target directory (sharing the outer
/// build's would deadlock on cargo's lock) and returns the artifact's path.
fn build(root: &Path, guest: &Guest, sysroot: &Path) -> PathBuf {
    let dir = root.join(guest.dir);
    for watched in guest.watched {
        println!("cargo:rerun-if-changed={}", dir.join(watched).display());
    }
    let target_dir = root.join("target").join("guest");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&dir)
        .args([
            "build",
            "--release",
            "--locked",
            "--workspace",
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
        .unwrap_or_else(|e| panic!("running cargo for {}: {e}", guest.dir));
    if !output.status.success() {
        panic!(
            "building {} failed (did you run scripts/setup.sh?)\n{}",
            guest.dir,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let wasm = target_dir
        .join(GUEST_TARGET)
        .join("release")
        .join(guest.artifact);
    assert!(
        wasm.exists(),
        "{} build produced no {}",
        guest.dir,
        wasm.display()
    );
    wasm
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
