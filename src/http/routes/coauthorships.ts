// Answering a co-authorship invitation from one's own page (the section
// listed there); the domain checks who may answer.
import { Hono } from "hono";
import { answerCoauthorship } from "../../domain/coauthors.ts";
import { DomainError } from "../../domain/errors.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { refusalPage } from "../refusal-text.ts";

export function coauthorshipPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/coauthorships/:id/:answer{accept|decline}", requireSignIn, csrfProtection, async (c) => {
    const me = signedInUser(c).actor;
    try {
      await answerCoauthorship(c.get("services"), me, c.req.param("id"), c.req.param("answer") === "accept");
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refusalPage(c, error);
    }
    return c.redirect(`/@${me.username}`, 303);
  });
  return app;
}
