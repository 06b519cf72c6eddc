//! Host tools: capabilities the embedder exposes to guests as commands. Each tool is a file
//! on the guest `PATH` (`/usr/local/bin/<name>`); running it starts a process implemented
//! on the host, which takes its JSON input from `--json '{…}'` (or stdin), validates it
//! against the tool's JSON Schema, calls the handler and prints the result as JSON.
//!
//! Exit statuses: 0 with the result on stdout; [`EXIT_INVALID_INPUT`] when the input is not
//! JSON or violates the schema; [`EXIT_HANDLER_FAILED`] when the handler returns an error.
//! Both failures print `{"error": …}` on stderr.

use secure_exec_kernel::{Errno, ExitStatus, Kernel, KernelResult, Pid};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};

/// A tool run whose input was not JSON or did not match the schema.
pub const EXIT_INVALID_INPUT: u8 = 2;
/// A tool run whose handler failed.
pub const EXIT_HANDLER_FAILED: u8 = 1;
/// Largest JSON input a tool reads from stdin, so a guest cannot make the host buffer an
/// unbounded stream.
const MAX_INPUT_BYTES: usize = 16 << 20;

/// What a handler returns: the result value, or an error message for the guest.
pub type ToolFuture = Pin<Box<dyn Future<Output = Result<Value, String>> + Send>>;
/// A tool's implementation, called with the validated input.
pub type ToolHandler = Arc<dyn Fn(Value) -> ToolFuture + Send + Sync>;

/// A host capability guests run as a command.
#[derive(Clone)]
pub struct Tool {
    pub description: String,
    /// JSON Schema of the input.
    pub input_schema: Value,
    pub handler: ToolHandler,
}

impl Tool {
    /// A tool with a synchronous handler.
    ///
    /// ```
    /// # use secure_exec_wasm::Tool;
    /// let add = Tool::new(
    ///     "Add two numbers",
    ///     serde_json::json!({"type": "object", "required": ["a", "b"],
    ///         "properties": {"a": {"type": "number"}, "b": {"type": "number"}}}),
    ///     |input| Ok(serde_json::json!({"sum": input["a"].as_f64().unwrap() + input["b"].as_f64().unwrap()})),
    /// );
    /// ```
    pub fn new(
        description: impl Into<String>,
        input_schema: Value,
        handler: impl Fn(Value) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Self {
        let handler = Arc::new(handler);
        Tool::new_async(description, input_schema, move |input| {
            let result = handler(input);
            async move { result }
        })
    }

    /// A tool with an asynchronous handler.
    pub fn new_async<F>(
        description: impl Into<String>,
        input_schema: Value,
        handler: impl Fn(Value) -> F + Send + Sync + 'static,
    ) -> Self
    where
        F: Future<Output = Result<Value, String>> + Send + 'static,
    {
        Tool {
            description: description.into(),
            input_schema,
            handler: Arc::new(move |input| Box::pin(handler(input))),
        }
    }
}

/// A registered tool with its compiled schema.
struct RegisteredTool {
    tool: Tool,
    validator: jsonschema::Validator,
}

/// The tools of one runtime.
#[derive(Default)]
pub struct ToolRegistry {
    tools: RwLock<BTreeMap<String, Arc<RegisteredTool>>>,
}

/// Where tools appear in the guest's filesystem.
pub const TOOLS_DIR: &str = "/usr/local/bin";

impl ToolRegistry {
    /// Compiles each tool's schema and registers it; the error names the first tool whose
    /// name or schema is invalid, and nothing is registered then.
    pub fn register(&self, tools: &BTreeMap<String, Tool>) -> Result<(), String> {
        let mut compiled = Vec::new();
        for (name, tool) in tools {
            let valid_name = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !valid_name || name.starts_with('.') {
                return Err(format!(
                    "tool name {name:?} is not a valid command name (letters, digits, - _ .)"
                ));
            }
            let validator = jsonschema::validator_for(&tool.input_schema)
                .map_err(|e| format!("tool {name:?} has an invalid input schema: {e}"))?;
            compiled.push((
                name.clone(),
                RegisteredTool {
                    tool: tool.clone(),
                    validator,
                },
            ));
        }
        let mut registered = self.tools.write().unwrap_or_else(|e| e.into_inner());
        for (name, tool) in compiled {
            registered.insert(name, Arc::new(tool));
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Option<Arc<RegisteredTool>> {
        self.tools
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .cloned()
    }
}

/// Runs tool `name` as process `pid` with `argv`, reading and writing its descriptors.
pub async fn run(
    registry: &ToolRegistry,
    kernel: &Kernel,
    pid: Pid,
    name: &str,
    argv: &[String],
) -> ExitStatus {
    let stdio = |fd| kernel.process_fs(pid).and_then(|fs| fs.description(fd));
    let say = |fd: u32, text: String| async move {
        if let Ok(out) = stdio(fd) {
            let mut bytes = text.as_bytes();
            while !bytes.is_empty() {
                match out.write_wait(bytes, None).await {
                    Ok(written) => bytes = &bytes[written..],
                    Err(_) => break,
                }
            }
        }
    };
    let fail = |code: u8, message: String| async move {
        say(2, format!("{}\n", json!({ "error": message }))).await;
        ExitStatus::Exited(code)
    };
    let Some(registered) = registry.get(name) else {
        return fail(127, format!("{name}: no such tool")).await;
    };
    let input_text = match argv.get(1).map(String::as_str) {
        Some("--help" | "-h") => {
            let schema =
                serde_json::to_string_pretty(&registered.tool.input_schema).unwrap_or_default();
            let help = format!(
                "{name}: {}\n\nUsage: {name} --json '<input>'   (or the input as JSON on stdin)\n\nInput schema:\n{schema}\n",
                registered.tool.description
            );
            say(1, help).await;
            return ExitStatus::Exited(0);
        }
        Some("--json") => match argv.get(2) {
            Some(text) => text.clone(),
            None => return fail(EXIT_INVALID_INPUT, "--json needs a JSON argument".into()).await,
        },
        Some(other) => {
            return fail(
                EXIT_INVALID_INPUT,
                format!("unknown argument {other:?}; use --json '<input>' or --help"),
            )
            .await;
        }
        None => match read_all(kernel, pid).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(errno) => return fail(EXIT_INVALID_INPUT, format!("reading stdin: {errno}")).await,
        },
    };
    let input: Value = match serde_json::from_str(if input_text.trim().is_empty() {
        "{}"
    } else {
        &input_text
    }) {
        Ok(input) => input,
        Err(e) => return fail(EXIT_INVALID_INPUT, format!("input is not JSON: {e}")).await,
    };
    let violations: Vec<String> = registered
        .validator
        .iter_errors(&input)
        .map(|e| match e.instance_path().to_string() {
            path if path.is_empty() => e.to_string(),
            path => format!("{path}: {e}"),
        })
        .collect();
    if !violations.is_empty() {
        return fail(
            EXIT_INVALID_INPUT,
            format!("input does not match the schema: {}", violations.join("; ")),
        )
        .await;
    }
    match (registered.tool.handler)(input).await {
        Ok(result) => {
            say(1, format!("{result}\n")).await;
            ExitStatus::Exited(0)
        }
        Err(message) => fail(EXIT_HANDLER_FAILED, message).await,
    }
}

/// All of a process's stdin, up to [`MAX_INPUT_BYTES`].
async fn read_all(kernel: &Kernel, pid: Pid) -> KernelResult<Vec<u8>> {
    let stdin = kernel.process_fs(pid)?.description(0)?;
    let mut input = Vec::new();
    loop {
        let chunk = stdin.read_wait(64 << 10, None).await?;
        if chunk.is_empty() {
            return Ok(input);
        }
        if input.len() + chunk.len() > MAX_INPUT_BYTES {
            return Err(Errno::EFBIG);
        }
        input.extend_from_slice(&chunk);
    }
}
