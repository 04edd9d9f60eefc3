// Issue 8, point 2, for notes written elsewhere: a post from instance B in a
// community of instance A is edited, then deleted, on B; a follower of the
// community on Hollo (which ignores Announce(Update/Delete), and trusts a
// forwarded activity only with its author's own signature) sees both, because
// A forwards B's signed activities unmodified to the community's followers.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { occurrences } from "./support/microblog-reading.ts";
import { startMicroblogServer, type MicroblogServer } from "./support/microblog-server.ts";

describe("edits and deletions of a cross-posted note", { timeout: 180_000 }, () => {
  const net = useInstances(2, { readyTimeoutMs: 60_000 }); // headroom: a loaded machine takes long to start Node
  let hollo: MicroblogServer | null = null;
  afterAll(async () => {
    await hollo?.close();
  });

  it("reach a follower of the community on Hollo, forwarded with the author's signature", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    hollo = await startMicroblogServer(net.cluster, "hollo");
    const owner = await a.createUser("animatrice");
    const group = (await a.api("POST", "/api/v1/communities", { handle: "ateliers", name: "Ateliers", visibility: "public" }, owner.token)).body.uri;
    const hugo = hollo.account("hugo");
    await hollo.follow(hugo, group);
    await waitFor(() => hollo!.isFollowing(hugo, group), { message: "the community accepted hugo" });

    const bob = await b.createUser("bob");
    const post = (await b.api("POST", "/api/v1/notes", { title: "Atelier vélo", content: "Samedi, au local.", communities: [a.handle("ateliers")] }, bob.token)).body;
    const shown = () => hollo!.seenBy(hugo).find((s) => s.uri === post.uri)?.shown ?? { text: "", contentWarning: null };
    await waitFor(() => occurrences(shown(), "Samedi, au local.") === 1, { message: "Hollo shows the boosted post" });

    expect((await b.api("PATCH", `/api/v1/notes/${post.id}`, { content: "Dimanche, au local." }, bob.token)).status).toBe(200);
    await waitFor(() => occurrences(shown(), "Dimanche, au local.") === 1, { message: `Hollo shows the edit (${JSON.stringify(hollo!.ignored.map((i) => i.why))})` });
    expect((await b.api("DELETE", `/api/v1/notes/${post.id}`, undefined, bob.token)).status).toBe(204);
    await waitFor(() => !hollo!.statuses.has(post.uri), { message: "Hollo dropped the deleted post" });
  });
});
