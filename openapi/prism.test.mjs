// Prism's mock server validates each request against the spec: every request
// example, and every query its parameters' examples make, must be answered
// with a 2xx, unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { operations, specPath } from "./examples.mjs";

const prismBin = fileURLToPath(new URL("../node_modules/.bin/prism", import.meta.url));
let prism;
let base;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prism = spawn(prismBin, ["mock", "--host", "127.0.0.1", "-p", String(port), specPath], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  prism.stdout.on("data", (d) => (output += d));
  prism.stderr.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(base + "/");
      return;
    } catch {
      if (prism.exitCode !== null || Date.now() > deadline) {
        throw new Error("prism mock did not start:\n" + output);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
});

after(() => prism?.kill());

for (const op of operations()) {
  const cases = op.hasBody ? op.examples : [{ name: "no body", query: "" }, ...op.queries];
  for (const ex of cases) {
    test(`prism mock accepts ${op.operationId} / ${ex.name}`, async () => {
      // A $count answers text/plain, as Kiota asks for it.
      const headers = { Authorization: "Bearer example", Accept: "application/json, text/plain;q=0.9" };
      let body;
      if (op.hasBody) {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(ex.value);
      }
      const url = base + op.examplePath + (ex.query ? "?" + ex.query : "");
      const res = await fetch(url, { method: op.method.toUpperCase(), headers, body });
      const text = await res.text();
      assert.ok(accepted(res.status, text), `${res.status}: ${text}`);
    });
  }
}

// accepted says whether Prism took the request. Prism validates a request
// before it makes up the answer, and its mock cannot write a number as
// text/plain (its text serializer takes only strings): a $count it accepted
// comes back as that failure, never as a 4xx.
function accepted(status, text) {
  return (status >= 200 && status < 300) || (status === 500 && text.includes("NO_COMPLEX_OBJECT_TEXT"));
}

// The positive cases above mean something only if Prism does reject bodies
// that break the contract.
const invalidCreates = {
  "missing target": { "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment" },
  "unknown target type": { target: { "@odata.type": "#microsoft.graph.somethingElse" } },
  "group target without groupId": { target: { "@odata.type": "#microsoft.graph.groupAssignmentTarget" } },
  "undefined property": { target: { "@odata.type": "microsoft.graph.allDevicesAssignmentTarget" }, color: "blue" },
  "wrong filter type": {
    target: { "@odata.type": "microsoft.graph.allDevicesAssignmentTarget", deviceAndAppManagementAssignmentFilterType: "maybe" },
  },
};
const create = operations().find((op) => op.operationId === "createAssignment");
for (const [name, body] of Object.entries(invalidCreates)) {
  test(`prism mock rejects createAssignment with ${name}`, async () => {
    const res = await fetch(base + create.examplePath, {
      method: "POST",
      headers: { Authorization: "Bearer example", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `got ${res.status}`);
  });
}

// And it rejects queries that break the contract.
const invalidQueries = [
  ["listAssignments", "$top=0"],
  ["listAssignments", "$count=maybe"],
];
for (const [operationId, query] of invalidQueries) {
  const op = operations().find((op) => op.operationId === operationId);
  test(`prism mock rejects ${operationId}?${query}`, async () => {
    const res = await fetch(base + op.examplePath + "?" + query, {
      headers: { Authorization: "Bearer example", Accept: "application/json, text/plain;q=0.9" },
    });
    const text = await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `got ${res.status}: ${text}`);
  });
}
