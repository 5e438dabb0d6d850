// openapi-typescript's output of the spec must compile under `tsc --strict`,
// and every request example must type-check, unchanged, against it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { operations, specPath } from "./examples.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const dir = `${root}.cache/spec-typescript`;

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: "pipe" });
  } catch (err) {
    assert.fail(`${cmd} ${args.join(" ")}\n${err.stdout}${err.stderr}`);
  }
}

test("openapi-typescript output and every request example pass tsc --strict", () => {
  mkdirSync(dir, { recursive: true });
  run(bin("openapi-typescript"), [specPath, "-o", `${dir}/schema.d.ts`]);
  const lines = ['import type { operations } from "./schema.js";', ""];
  let n = 0;
  for (const op of operations()) {
    for (const ex of op.examples) {
      const type = `NonNullable<operations["${op.operationId}"]["requestBody"]>["content"]["application/json"]`;
      lines.push(`// ${op.operationId} / ${ex.name}`);
      lines.push(`export const example${n++}: ${type} = ${JSON.stringify(ex.value, null, 2)};`, "");
    }
  }
  assert.ok(n > 0, "no request examples found");
  writeFileSync(`${dir}/examples.ts`, lines.join("\n"));
  run(bin("tsc"), ["--strict", "--noEmit", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", `${dir}/schema.d.ts`, `${dir}/examples.ts`]);
});
