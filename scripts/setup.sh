#!/usr/bin/env bash
# Installs what building secure-exec-wasm needs on a fresh Debian 12 machine with rustup:
# the wasm32-wasip2 Rust target and clang/lld 19 with WASI libc headers (QuickJS is C).
# Idempotent and non-interactive; run as root (or with sudo available).
set -euo pipefail

log() { printf '[setup] %s\n' "$*" >&2; }
export DEBIAN_FRONTEND=noninteractive

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

packages=(clang-19 lld-19 llvm-19 wasi-libc)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-wasip2; then
    log "rustup target add wasm32-wasip2"
    rustup target add wasm32-wasip2
fi
log "toolchain ready"
