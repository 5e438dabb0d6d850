// @azure/identity's ClientSecretCredential with the emulator as its
// authority: a wrong secret fails in the credential, with Entra's error code.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startEmulator } from "./emulator.mjs";
import { assignments, client, credential } from "./graph.mjs";

let emulator;

before(async () => {
  emulator = await startEmulator();
});

after(() => emulator?.stop());

test("the credential's token lists", async () => {
  const graph = client(emulator, credential(emulator, emulator.writer));
  assert.deepEqual((await graph.api(assignments(emulator.newConfiguration())).get()).value, []);
});

test("a wrong secret fails in the credential with AADSTS7000215", async () => {
  const graph = client(emulator, credential(emulator, emulator.writer, "not-the-secret"));
  // The client hands the credential's error on as a GraphError with no
  // status of its own (-1): the request never left.
  await assert.rejects(graph.api(assignments(emulator.newConfiguration())).get(), (err) => {
    assert.equal(err.statusCode, -1);
    assert.match(err.message, /^invalid_client: .*AADSTS7000215/s);
    return true;
  });
});
