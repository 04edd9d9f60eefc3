// A remote Person as the inbox would have stored it: every field of
// RemoteActorData, empty unless given.
import { upsertRemoteActor, type ActorRow, type RemoteActorData } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";

export async function storeRemotePerson(services: Pick<Services, "db">, uri: string, fields: Partial<RemoteActorData> = {}): Promise<ActorRow> {
  const url = new URL(uri);
  return upsertRemoteActor(services.db, {
    uri,
    type: "Person",
    username: url.pathname.split("/").pop()!,
    domain: url.host,
    name: null,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: `${uri}/inbox`,
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: { interests: [], region: null, standpoint: null, links: [] },
    ...fields,
  });
}
