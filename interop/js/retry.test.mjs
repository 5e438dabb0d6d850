// A 429 with Retry-After, retried by the Graph client's own RetryHandler.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { HTTPMessageHandler, MiddlewareFactory } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";

import { startEmulator } from "./emulator.mjs";
import { assignments, client, create, credential, graphScopes, target } from "./graph.mjs";

const fault = "X-Emulator-Fault";
const retryAttempt = "Retry-Attempt";
// Longer than the RetryHandler's own delay without Retry-After (3 seconds,
// plus up to 1 of jitter), so that a retry this late can only have waited
// for Retry-After.
const retryAfter = 5;

/**
 * The network end of the default middleware chain: it sends each attempt
 * as HTTPMessageHandler does, keeps what was sent and answered, and passes
 * the fault header on the first attempt only, as a throttle that lifts once
 * it has been waited out.
 */
class Tap extends HTTPMessageHandler {
  attempts = [];

  async execute(context) {
    const headers = context.options.headers;
    if (headers[retryAttempt] !== undefined) delete headers[fault];
    const sent = performance.now();
    await super.execute(context);
    const response = context.response;
    this.attempts.push({
      fault: headers[fault],
      retryAttempt: headers[retryAttempt],
      status: response.status,
      retryAfter: response.headers.get("Retry-After"),
      sent,
      answered: performance.now(),
    });
  }
}

let emulator;

before(async () => {
  emulator = await startEmulator();
});

after(() => emulator?.stop());

test("a 429 is retried after its Retry-After", async () => {
  const configuration = emulator.newConfiguration();
  const tokenCredential = credential(emulator, emulator.writer);
  const allDevices = target("#microsoft.graph.allDevicesAssignmentTarget");
  const created = await create(client(emulator, tokenCredential), configuration, allDevices);

  // The default chain, as the client builds it from an authProvider, but
  // for its network end.
  const tap = new Tap();
  const authProvider = new TokenCredentialAuthenticationProvider(tokenCredential, { scopes: graphScopes });
  const chain = MiddlewareFactory.getDefaultMiddlewareChain(authProvider);
  assert.ok(chain.at(-1) instanceof HTTPMessageHandler);
  const graph = client(emulator, tokenCredential, [...chain.slice(0, -1), tap]);

  const page = await graph.api(assignments(configuration)).header(fault, `429; retry-after=${retryAfter}`).get();
  assert.deepEqual(page.value.map((a) => a.id), [created.id], "the retried list's answer");
  assert.deepEqual(
    tap.attempts.map(({ status, retryAfter, fault, retryAttempt }) => ({ status, retryAfter, fault, retryAttempt })),
    [
      { status: 429, retryAfter: String(retryAfter), fault: `429; retry-after=${retryAfter}`, retryAttempt: undefined },
      { status: 200, retryAfter: null, fault: undefined, retryAttempt: "1" },
    ],
    "one throttled attempt, then one retry",
  );
  const [first, retry] = tap.attempts;
  // setTimeout may fire up to a millisecond early.
  const waited = retry.sent - first.answered;
  assert.ok(waited >= retryAfter * 1000 - 50, `the retry waited ${waited} ms, not Retry-After`);
});
