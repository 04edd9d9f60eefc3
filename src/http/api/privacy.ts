// The member's privacy choices in the JSON API (docs/API.md, "Privacy choices").
import { Hono } from "hono";
import { changePrivacyChoices, privacyChangeFrom, privacyChoicesOf } from "../../domain/privacy-choices.ts";
import { DomainError } from "../../domain/errors.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";

export function privacyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/me/privacy", async (c) => {
    const choices = await privacyChoicesOf(c.get("services").db, currentUser(c).actor.id);
    if (!choices) throw new DomainError("not_found", "Only members of this instance have privacy choices");
    return c.json(choices);
  });

  app.patch("/me/privacy", async (c) => {
    const change = privacyChangeFrom(await jsonBody(c));
    return c.json(await changePrivacyChoices(c.get("services"), currentUser(c).actor, change));
  });

  return app;
}
