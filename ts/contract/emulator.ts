// Runs the Go emulator (cmd/intune-emulator), or the one broken on purpose
// (contract/brokenemulator), for the contract test: builds it (or takes
// INTUNE_EMULATOR_BIN, INTUNE_BROKEN_EMULATOR_BIN), serves it on a free loopback port with a
// fresh HS256 secret, and mints tokens with its own `token` subcommand.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The emulator's base path, the Graph version root. */
const basePath = "/beta";

// How long the emulator may take to answer /healthz after it starts: it only
// has to bind a port, so this is generous; the poll stops as soon as it answers.
const healthAttempts = 200;
const healthInterval = 50; // milliseconds

/** EmulatorOptions configures startEmulator. */
export interface EmulatorOptions {
  /** The emulator's `-max-body-bytes`; its default when absent. */
  readonly maxBodyBytes?: number;
  /** The emulator's `-throttle-rate` and `-throttle-burst`; no throttling when absent. */
  readonly throttle?: { readonly rate: number; readonly burst: number };
  /** `-allow-fault-headers`: honour `x-emulator-fault` on requests. */
  readonly allowFaultHeaders?: boolean;
  /** More flags, such as the `emulatorArgs` of gen/vectors.gen.json. */
  readonly args?: readonly string[];
  /** Serve contract/brokenemulator instead, with this `-break` (spectest.Breaks). */
  readonly broken?: string;
}

/** TokenOptions configures Emulator.token. */
export interface TokenOptions {
  /** Sign with this secret instead of the emulator's, to get a token it must refuse. */
  readonly secret?: string;
}

/** Emulator is a running emulator. */
export interface Emulator {
  /** The Graph version root it serves, `http://127.0.0.1:PORT/beta`. */
  readonly baseUrl: string;
  /** token mints a delegated token with the given scopes through `intune-emulator token`. */
  token(scopes: readonly string[], options?: TokenOptions): Promise<string>;
  /** stop ends the process and removes what startEmulator made. */
  stop(): Promise<void>;
}

/** repoRoot is the directory with go.mod above this file, in the sources or in the build output. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "go.mod"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no go.mod above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** The Go packages of the emulator and of the one broken on purpose, and the variables that name a binary already built. */
const programs = {
  emulator: { pkg: "./cmd/intune-emulator", env: "INTUNE_EMULATOR_BIN" },
  broken: { pkg: "./contract/brokenemulator", env: "INTUNE_BROKEN_EMULATOR_BIN" },
} as const;

/** goBinary returns the program's variable, or builds its package into dir. */
async function goBinary(dir: string, program: keyof typeof programs): Promise<string> {
  const { pkg, env } = programs[program];
  const given = process.env[env];
  if (given) return given;
  const bin = join(dir, program);
  try {
    await run("go", ["build", "-o", bin, pkg], { cwd: repoRoot() });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`go build ${pkg} failed: ${e.stderr || e.message}`);
  }
  return bin;
}

/** freePort asks the kernel for a loopback port that is free now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address from listen");
  return address.port;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** waitHealthy polls GET /healthz until it answers 200, the process exits, or the attempts run out. */
async function waitHealthy(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < healthAttempts; i++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`intune-emulator exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${log()}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(healthInterval);
  }
  throw new Error(`intune-emulator did not answer ${origin}/healthz with 200:\n${log()}`);
}

/** stopProcess sends SIGTERM, then SIGKILL if the process is still there after a grace period. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** startEmulator builds and starts the emulator and waits until it is healthy. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const dir = mkdtempSync(join(tmpdir(), "intune-emulator-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let bin: string;
  let server: string;
  try {
    // Tokens always come from the emulator's own token command.
    bin = await goBinary(dir, "emulator");
    server = options.broken === undefined ? bin : await goBinary(dir, "broken");
  } catch (err) {
    cleanup();
    throw err;
  }
  const secret = randomBytes(32).toString("hex");
  // A port that was free when asked may be taken before the emulator binds
  // it; a few tries make that race harmless.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = [...(options.broken === undefined ? ["serve"] : ["-break", options.broken]), "-addr", `127.0.0.1:${port}`, "-base-path", basePath, "-hs256-secret", secret];
    if (options.maxBodyBytes !== undefined) args.push("-max-body-bytes", String(options.maxBodyBytes));
    if (options.throttle) args.push("-throttle-rate", String(options.throttle.rate), "-throttle-burst", String(options.throttle.burst));
    if (options.allowFaultHeaders) args.push("-allow-fault-headers");
    args.push(...(options.args ?? []));
    const child = spawn(server, args, { stdio: ["ignore", "pipe", "pipe"] });
    // Should the test process end without calling stop(), the emulator still goes.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", () => process.removeListener("exit", killOnExit));
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const origin = `http://127.0.0.1:${port}`;
    try {
      await waitHealthy(origin, child, () => output);
    } catch (err) {
      lastError = err;
      await stopProcess(child);
      continue;
    }
    return {
      baseUrl: `${origin}${basePath}`,
      async token(scopes, tokenOptions = {}) {
        const { stdout } = await run(bin, ["token", "-hs256-secret", tokenOptions.secret ?? secret, "-scopes", scopes.join(" ")]);
        const token = stdout.trim();
        if (token.split(".").length !== 3) throw new Error(`intune-emulator token printed no JWT: ${JSON.stringify(stdout)}`);
        return token;
      },
      async stop() {
        await stopProcess(child);
        cleanup();
      },
    };
  }
  cleanup();
  throw lastError;
}
