// The audit log keeps every moderation action, newest first, filterable by
// community and target, with its details intact.
import { describe, expect, it } from "vitest";
import { moderationLog, recordModerationAction } from "../../src/domain/moderation-log.ts";
import { DATABASES, useServices } from "./on-databases.ts";

describe.each(DATABASES)("moderation log on $name", ({ open }) => {
  const current = useServices(open);

  it("lists actions newest first, by community and by target, with a keyset cursor", async () => {
    const db = current().db;
    const first = await recordModerationAction(db, { moderatorId: null, action: "instance-blocked", targetType: "instance", targetUri: "spam.example", reason: "pourriel" });
    const second = await recordModerationAction(db, {
      moderatorId: null,
      action: "thread-locked",
      targetType: "note",
      targetUri: "https://a.example/notes/1",
      communityId: "c1",
      details: { remote: true },
    });
    const all = await moderationLog(db);
    expect(all.map((e) => e.id)).toEqual([second, first]);
    expect(all[0]).toMatchObject({ action: "thread-locked", communityId: "c1", details: { remote: true }, reason: null });
    expect((await moderationLog(db, { communityId: "c1" })).map((e) => e.id)).toEqual([second]);
    expect((await moderationLog(db, { targetUri: "spam.example" }))[0]).toMatchObject({ reason: "pourriel", details: {} });
    expect((await moderationLog(db, { before: second })).map((e) => e.id)).toEqual([first]);
  });
});
