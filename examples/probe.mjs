// The seed's first example: probe the default `node` surface from inside the sandbox.
// Run it with `secure-exec-wasm run examples/probe.mjs --print-result`.
const { createHash } = await import("node:crypto");
const { join } = await import("node:path");

const sha256 = createHash("sha256").update("secure-exec").digest("hex");

globalThis.__return({
  platform: typeof process !== "undefined" ? process.platform : "(no process)",
  hasProcess: typeof process !== "undefined",
  hasBuffer: typeof Buffer !== "undefined",
  nodeVersion: typeof process !== "undefined" ? process.versions.node : "(none)",
  sha256,
  joinedPath: join("/home/user", "report.txt"),
});
