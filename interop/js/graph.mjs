// Microsoft's Graph client as automation builds it, pointed at the emulator
// by configuration alone: the credential's authority host (with instance
// discovery off), the base URL and the host allowed a token. The CA is
// trusted through NODE_EXTRA_CA_CERTS.
import { after, before } from "node:test";

import { ClientSecretCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";

import { startEmulator } from "./emulator.mjs";

export const graphScopes = ["https://graph.microsoft.com/.default"];

/** A ClientSecretCredential that takes its tokens from the emulator. */
export function credential(emulator, app, secret = app.secret) {
  return new ClientSecretCredential(emulator.tenant, app.clientId, secret, {
    authorityHost: emulator.authority,
    disableInstanceDiscovery: true,
  });
}

/**
 * The client for the emulator, with the default middleware chain; or with
 * `middleware`, a chain of the caller's, to which the same options apply.
 */
export function client(emulator, tokenCredential, middleware) {
  const authProvider = new TokenCredentialAuthenticationProvider(tokenCredential, { scopes: graphScopes });
  const base = new URL(emulator.baseUrl);
  return Client.initWithMiddleware({
    ...(middleware ? { middleware } : { authProvider }),
    baseUrl: base.origin,
    defaultVersion: base.pathname.slice(1),
    customHosts: new Set([base.hostname]),
  });
}

/**
 * The emulator of a test file and the writer app's client, set before its
 * tests run; the emulator stops after them.
 * @returns {{emulator: import("./emulator.mjs").Emulator, writer: Client}} filled in before the tests
 */
export function emulatorWithWriter() {
  const file = {};
  before(async () => {
    file.emulator = await startEmulator();
    file.writer = client(file.emulator, credential(file.emulator, file.emulator.writer));
  });
  after(() => file.emulator?.stop());
  return file;
}

/** The path of a configuration's assignments, or of one of them. */
export function assignments(configuration, id) {
  const path = `/deviceManagement/deviceEnrollmentConfigurations/${configuration}/assignments`;
  return id === undefined ? path : `${path}/${id}`;
}

/** Creates an assignment and returns Graph's answer. */
export async function create(graph, configuration, target, sourceId) {
  const body = { "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment", target };
  if (sourceId !== undefined) body.sourceId = sourceId;
  const created = await graph.api(assignments(configuration)).post(body);
  if (!created?.id) throw new Error(`create answered ${JSON.stringify(created)}`);
  return created;
}

/** The six target types: each one's @odata.type and the name of its key, if it has one. */
export const targetTypes = [
  ["#microsoft.graph.deviceAndAppManagementAssignmentTarget"],
  ["#microsoft.graph.allDevicesAssignmentTarget"],
  ["#microsoft.graph.allLicensedUsersAssignmentTarget"],
  ["#microsoft.graph.groupAssignmentTarget", "groupId"],
  ["#microsoft.graph.exclusionGroupAssignmentTarget", "groupId"],
  ["#microsoft.graph.configurationManagerCollectionAssignmentTarget", "collectionId"],
];

/** A target of the type, with its key when it has one. */
export function target(odataType, key) {
  const [, keyName] = targetTypes.find(([t]) => t === odataType);
  return keyName ? { "@odata.type": odataType, [keyName]: key } : { "@odata.type": odataType };
}
