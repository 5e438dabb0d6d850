// Starts cmd/intune-emulator over HTTPS as both Graph and the Entra ID
// authority of a test file: the binary of INTUNE_EMULATOR_BIN (`make
// interop-js` builds it into bin/), else a fresh `go build`.
//
// Node reads NODE_EXTRA_CA_CERTS once, at start, as automation's process
// would: so the development CA must exist before the tests start, and the
// emulator serves from the state directory that holds it
// (`intune-emulator env -state-dir DIR` creates DIR/ca.pem; make does that).
import { execFile, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

// One configuration for each test that writes, so that no test sees
// another's assignments and a list can be checked for exactly what its test
// created.
const configurationCount = 64;

// The application permissions of the spec's two scopes.
const readWrite = "DeviceManagementServiceConfig.ReadWrite.All";
const readOnly = "DeviceManagementServiceConfig.Read.All";

/**
 * A running emulator.
 * @typedef {object} Emulator
 * @property {string} authority the authority host, https://127.0.0.1:PORT
 * @property {string} baseUrl the Graph base URL, https://127.0.0.1:PORT/beta
 * @property {string} tenant
 * @property {{clientId: string, secret: string}} writer an app granted the write permission
 * @property {{clientId: string, secret: string}} reader an app granted only the read permission
 * @property {() => string} newConfiguration a configuration no other test uses
 * @property {() => Promise<void>} stop
 */

/** The state directory of the CA in NODE_EXTRA_CA_CERTS, or an error that says how to make one. */
function stateDir() {
  const ca = process.env.NODE_EXTRA_CA_CERTS;
  if (!ca || basename(ca) !== "ca.pem" || !existsSync(ca)) {
    throw new Error(
      "NODE_EXTRA_CA_CERTS must name the development CA of a state directory before Node starts: " +
        "`intune-emulator env -state-dir DIR` creates DIR/ca.pem (`make interop-js` does it)",
    );
  }
  return dirname(ca);
}

/** The emulator's binary: INTUNE_EMULATOR_BIN, or a fresh `go build` into dir. */
async function binary(dir) {
  if (process.env.INTUNE_EMULATOR_BIN) return process.env.INTUNE_EMULATOR_BIN;
  const out = join(dir, "intune-emulator");
  await promisify(execFile)("go", ["build", "-o", out, "./cmd/intune-emulator"], { cwd: repo });
  return out;
}

/**
 * Serves the emulator on a free loopback port with apps and configurations of its own.
 * @returns {Promise<Emulator>}
 */
export async function startEmulator() {
  const state = stateDir();
  const dir = mkdtempSync(join(tmpdir(), "intune-interop-js-"));
  const tenant = randomUUID();
  const writer = { clientId: randomUUID(), secret: randomBytes(18).toString("base64url") };
  const reader = { clientId: randomUUID(), secret: randomBytes(18).toString("base64url") };
  const apps = join(dir, "apps.json");
  writeFileSync(
    apps,
    JSON.stringify({
      apps: [
        { tenant, clientId: writer.clientId, displayName: "writer", secret: writer.secret, permissions: [readWrite] },
        { tenant, clientId: reader.clientId, displayName: "reader", secret: reader.secret, permissions: [readOnly] },
      ],
    }),
  );
  const configurations = Array.from(
    { length: configurationCount },
    (_, i) => `8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_Interop${String(i).padStart(2, "0")}`,
  );
  const fixtures = join(dir, "fixtures.json");
  writeFileSync(fixtures, JSON.stringify({ value: configurations.map((id) => ({ id })) }));

  // The emulator reads its own INTUNE_EMULATOR_* variables as flags: a page
  // size or a throttle set in a developer's shell would change what the
  // tests see.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("INTUNE_EMULATOR_")));
  const args = ["serve", "-addr", "", "-tls-addr", "127.0.0.1:0", "-state-dir", state, "-apps", apps,
    "-fixtures", fixtures, "-allow-fault-headers", "-log-format", "json"]; // prettier-ignore
  const child = spawn(await binary(dir), args, { env, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
  // The log is read to its end, so that the emulator never blocks on a full pipe.
  const log = createWriteStream(process.env.INTUNE_INTEROP_LOG || join(dir, "emulator.log"), { flags: "a" });
  const lines = createInterface({ input: child.stderr });
  const https = await new Promise((done, fail) => {
    setTimeout(() => fail(new Error(`the emulator did not serve HTTPS within 30s: see ${log.path}`)), 30_000).unref();
    lines.on("line", (line) => {
      log.write(line + "\n");
      const entry = line.startsWith("{") ? JSON.parse(line) : {};
      if (entry.ca !== undefined && resolve(entry.ca) !== resolve(process.env.NODE_EXTRA_CA_CERTS)) {
        fail(new Error(`the emulator's CA is ${entry.ca}, not NODE_EXTRA_CA_CERTS`));
      }
      if (entry.msg === "serving https") done(entry);
    });
    exited.then(({ code }) => fail(new Error(`the emulator exited (${code}) before serving HTTPS: see ${log.path}`)));
  }).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });

  let used = 0;
  return {
    authority: `https://${https.addr}`,
    baseUrl: https.base_url,
    tenant,
    writer,
    reader,
    newConfiguration() {
      if (used === configurations.length) {
        throw new Error(`all ${used} configurations are in use: raise configurationCount`);
      }
      return configurations[used++];
    },
    // SIGTERM, on which the emulator finishes the requests in flight; it must exit cleanly.
    async stop() {
      if (child.exitCode !== null) throw new Error(`the emulator exited during the tests (${child.exitCode})`);
      child.kill("SIGTERM");
      const { code, signal } = await exited;
      log.end();
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`the emulator stopped with ${signal ?? `exit code ${code}`}`);
    },
  };
}
