// The same federation, with each instance on its own PostgreSQL database
// (the durable queue and key-value store included).
import { describe, it } from "vitest";
import { useInstances, type Instance } from "../harness/harness.ts";
import { followAndUnfollow } from "./scenarios.ts";

describe("following across instances on PostgreSQL", () => {
  const net = useInstances(2, { database: "postgres" });

  it("alice on A follows bob on B by handle; B accepts; unfollow removes her", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    await followAndUnfollow(a, b);
  });
});
