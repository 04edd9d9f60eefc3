// A person accepts every co-authorship they are invited to (co-signing is by consent: src/domain/coauthors.ts).
import type { ActorRow } from "../../src/domain/actors.ts";
import { answerCoauthorship, pendingCoauthorships } from "../../src/domain/coauthors.ts";
import type { Services } from "../../src/services.ts";

export async function acceptCoauthorships(services: Services, person: ActorRow): Promise<void> {
  for (const pending of await pendingCoauthorships(services.db, person)) await answerCoauthorship(services, person, pending.id, true);
}
