// The baseline for startup figures: a bare Hono server on the same Node,
// answering the same WebFinger path with a fixed JSON document.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/.well-known/webfinger", (c) => c.json({ subject: c.req.query("resource"), links: [] }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
