// Remote interaction in process: `/interact` (a visitor of another server
// gives their handle and is sent to their server's subscribe template, or to
// its /authorize_interaction when it publishes none) and `/authorize_interaction`
// (our member acts on something: follow, like, reply). The lookup of the
// visitor's server is a stand-in here; test/e2e/remote-interaction.test.ts
// runs it against real servers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { NoteRow } from "../../src/domain/notes.ts";
import type { RemoteAccount, SubscribeAnswer } from "../../src/domain/remote-interaction.ts";
import { parseRemoteAccount } from "../../src/domain/remote-interaction.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let app: Hono<AppEnv>;
let alice: ActorRow;
let bob: ActorRow;
let note: NoteRow;
let answer: (account: RemoteAccount) => Promise<SubscribeAnswer>;
const asked: RemoteAccount[] = [];

beforeEach(async () => {
  const base = await testServices({ INSTANCE_NAME: "Praxis" });
  asked.length = 0;
  answer = async () => ({ status: "none" });
  services = { ...base, interactions: { subscribeTemplate: (account) => (asked.push(account), answer(account)) } };
  app = createApp(services);
  const origin = services.config.publicUrl;
  ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
  ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
  note = (await createNote(services, alice, { title: "Jardins d'hiver", content: "Semis en février." })).note;
});
afterEach(() => services.close());

const interact = (uri: string, account?: string) => app.request(`/interact?uri=${encodeURIComponent(uri)}${account == null ? "" : `&account=${encodeURIComponent(account)}`}`, { headers: { accept: "text/html" } });

describe("/interact: from another server", () => {
  it("is offered on a note and a profile to visitors, and asks for the handle", async () => {
    const visitor = new Browser(app);
    const link = `<a href="/interact?uri=${encodeURIComponent(note.uri)}" rel="nofollow">Vous avez un compte ailleurs dans le fédivers? Suivre, aimer ou répondre depuis votre serveur</a>`;
    expect((await visitor.get(`/notes/${note.id}`)).page).toContain(link);
    expect((await visitor.get("/@alice")).page).toContain(`/interact?uri=${encodeURIComponent(alice.uri)}`);
    const page = await (await interact(alice.uri)).text();
    expect(page).toContain("<h1>Suivre alice depuis votre serveur</h1>");
    expect(page).toContain(`<input type="hidden" name="uri" value="${alice.uri}">`);
    expect(page).toContain(`<code class="interact-uri">${alice.uri}</code>`);
    expect(await (await interact(note.uri)).text()).toContain("<h1>Aimer ou répondre depuis votre serveur</h1>");
  });

  it("sends the visitor to their server's subscribe template, else to its /authorize_interaction", async () => {
    answer = async () => ({ status: "template", template: "https://social.example/interact?target={uri}&x=1" });
    const res = await interact(note.uri, "@rita@Social.Example");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`https://social.example/interact?target=${encodeURIComponent(note.uri)}&x=1`);
    expect(asked).toEqual([{ username: "rita", host: "social.example" }]);

    answer = async () => ({ status: "none" });
    expect((await interact(alice.uri, "rita@social.example")).headers.get("location")).toBe(`https://social.example/authorize_interaction?uri=${encodeURIComponent(alice.uri)}`);
    // A template that is no web address is not followed.
    answer = async () => ({ status: "template", template: "javascript:alert({uri})" });
    expect((await interact(alice.uri, "rita@social.example")).headers.get("location")).toBe(`https://social.example/authorize_interaction?uri=${encodeURIComponent(alice.uri)}`);
  });

  it("says so when the server does not answer or is not allowed, in the page's language; a handle of ours goes to the page here", async () => {
    answer = async () => ({ status: "unreachable" });
    const down = await interact(note.uri, "@rita@social.example");
    expect(down.status).toBe(502);
    const page = await down.text();
    expect(page).toContain("Votre serveur social.example n&#39;a pas répondu.");
    expect(page).toContain(`<a href="https://social.example/authorize_interaction?uri=${encodeURIComponent(note.uri)}" rel="nofollow noopener noreferrer">Continuer sur social.example</a>`);
    expect(page).toContain('aria-invalid="true" aria-describedby="account-error"');

    answer = async () => {
      throw new DomainError("forbidden", "This instance does not federate with social.example (federation policy)");
    };
    const refused = await app.request(`/interact?uri=${encodeURIComponent(note.uri)}&account=rita%40social.example`, { headers: { "accept-language": "en" } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This instance does not communicate with social.example.");

    const ours = await interact(note.uri, `@bob@${services.config.publicUrl.host}`);
    expect(ours.headers.get("location")).toBe(`/notes/${note.id}`);
    // Two servers asked (the silent one, the refused one); ours never.
    expect(asked.map((a) => a.host)).toEqual(["social.example", "social.example"]);
  });

  it("offers nothing that anyone could not read, and refuses bad handles with a marked field", async () => {
    const secret = (await createNote(services, alice, { title: "Entre nous", content: "x", visibility: "followers" })).note;
    expect((await interact(secret.uri)).status).toBe(404);
    expect((await interact("https://ailleurs.example/notes/1")).status).toBe(404);
    expect((await interact("")).status).toBe(404);
    const bad = await interact(note.uri, "bob@evil.example/x?y=1");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<p id="account-error">Écrivez votre identifiant sous la forme @nom@serveur.</p>');
    expect(parseRemoteAccount("acct:bob@Social.Example:8443")).toEqual({ username: "bob", host: "social.example:8443" });
    expect(asked).toEqual([]);
  });
});

describe("/authorize_interaction: our member acts on what they opened elsewhere", () => {
  async function signedIn(actor: ActorRow): Promise<Browser> {
    const browser = new Browser(app);
    await browser.signIn(actor.username, PASSWORD);
    return browser;
  }

  it("asks a visitor to sign in first", async () => {
    const res = await app.request(`/authorize_interaction?uri=${encodeURIComponent(note.uri)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/signin?next=${encodeURIComponent(`/authorize_interaction?uri=${encodeURIComponent(note.uri)}`)}`);
  });

  it("shows a note with like, share and reply; the reply is published as an answer to it", async () => {
    const browser = await signedIn(bob);
    const path = `/authorize_interaction?uri=${encodeURIComponent(note.uri)}`;
    const { page } = await browser.get(path);
    expect(page).toContain(`<h2><a href="/notes/${note.id}">Jardins d&#39;hiver</a></h2>`);
    expect(page).toContain(`<form method="post" action="/notes/${note.id}/like">`);
    expect(page).toContain(`<form method="post" action="/notes/${note.id}/share">`);
    expect(page).toContain('<form class="form" method="post" action="/authorize_interaction/reply" id="reply">');

    const empty = await browser.post("/authorize_interaction/reply", { uri: note.uri, content: "  " });
    expect(empty.res.status).toBe(400);
    expect(empty.page).toContain('<p id="reply-error">Écrivez votre réponse avant de l&#39;envoyer.</p>');
    const sent = await browser.post("/authorize_interaction/reply", { uri: note.uri, content: "Moi aussi, en mars." });
    expect(sent.res.status).toBe(303);
    expect(sent.res.headers.get("location")).toBe(`${path}&replied=1`);
    const reply = await services.db.selectFrom("notes").selectAll().where("in_reply_to_uri", "=", note.uri).executeTakeFirstOrThrow();
    expect(reply.content_source).toBe("Moi aussi, en mars.");
    expect((await browser.get(`${path}&replied=1`)).page).toContain('<p class="notice" role="status">Votre réponse est publiée.</p>');
  });

  it("shows a person with the follow button that comes back here; says what is wrong with other addresses", async () => {
    const browser = await signedIn(bob);
    const path = `/authorize_interaction?uri=${encodeURIComponent(alice.uri)}`;
    const { page } = await browser.get(path);
    expect(page).toContain('<form class="follow" method="post" action="/follow">');
    expect(page).toContain(`<input type="hidden" name="next" value="${path.replace(/&/g, "&amp;")}">`);
    const followed = await browser.post("/follow", { actor: alice.id, next: path });
    expect(followed.res.headers.get("location")).toBe(path);
    expect((await browser.get(path)).page).toContain('action="/unfollow"');

    expect((await browser.get("/authorize_interaction?uri=pas%20une%20adresse")).res.status).toBe(400);
    const nothing = await browser.get(`/authorize_interaction?uri=${encodeURIComponent(`${services.config.publicUrl.origin}/notes/inconnue`)}`);
    expect(nothing.res.status).toBe(404);
    expect(nothing.page).toContain("Rien de lisible n&#39;a été trouvé à cette adresse.");
    expect((await browser.get("/authorize_interaction")).page).toContain("Donnez l&#39;adresse de ce que vous voulez suivre, aimer ou commenter.");
  });
});
