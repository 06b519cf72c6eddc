//! secure-exec-wasm: run untrusted JavaScript in a QuickJS WebAssembly component on a
//! virtual kernel.
//!
//! Every guest effect goes through the kernel ([`secure_exec_kernel`]): a virtual file
//! system, a process table and a permission policy. Nothing reaches the real host except
//! what the embedder grants.
//!
//! ```no_run
//! use secure_exec_wasm::{NodeRuntime, NodeRuntimeOptions, RunOptions};
//!
//! # async fn example() -> secure_exec_wasm::Result<()> {
//! let rt = NodeRuntime::create(NodeRuntimeOptions::default()).await?;
//! let result = rt
//!     .run::<String>(
//!         r#"const { createHash } = await import("node:crypto");
//!            globalThis.__return(createHash("sha256").update("secure-exec").digest("hex"));"#,
//!         RunOptions::default(),
//!     )
//!     .await?;
//! assert_eq!(result.exit_code, 0);
//! println!("{}", result.into_value()?);
//! rt.dispose().await;
//! # Ok(())
//! # }
//! ```

mod error;
mod network;
mod options;
mod process_handle;
mod result;
mod runtime;
mod tools;
mod wasm;

pub use error::{Error, Result};
pub use network::fetch::{DEFAULT_FETCH_TIMEOUT, FetchRequest, FetchResponse, MAX_RESPONSE_BYTES};
pub use network::listener::{Listening, WaitForListener};
pub use network::publish::PublishedPort;
pub use options::{
    DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT, ModuleResolution, MountOptions,
    NodeRuntimeOptions, OutputCallback, Platform, RunOptions, Script,
};
pub use process_handle::ProcessHandle;
pub use result::{ExecResult, GuestError, RunResult};
pub use runtime::{NODE_EXEC_PATH, NodeRuntime};
pub use secure_exec_kernel as kernel;
pub use secure_exec_kernel::permissions::{
    Access, EnvPolicy, FsPolicy, FsRule, HostPattern, NetRule, NetworkPolicy, Permissions,
};
pub use tokio_util::sync::CancellationToken;
pub use tools::{EXIT_HANDLER_FAILED, EXIT_INVALID_INPUT, Tool, ToolFuture, ToolHandler};
pub use wasm::MAX_GUEST_MEMORY_BYTES;
