// A member's browser on one instance of the harness, without a browser: signs
// in through the form, keeps the session cookie, reads pages and sends their
// forms with the CSRF token of the last page read.
import type { Instance } from "../../harness/harness.ts";

export class PageSession {
  readonly instance: Instance;
  #cookie = "";
  #csrf = "";

  private constructor(instance: Instance) {
    this.instance = instance;
  }

  static async signIn(instance: Instance, handle: string, password: string): Promise<PageSession> {
    const session = new PageSession(instance);
    const res = await session.#send("/signin", { method: "POST", body: new URLSearchParams({ handle, password }) });
    if (res.status !== 303 || !session.#cookie) throw new Error(`sign-in of ${handle} failed with ${res.status}`);
    await session.get("/");
    return session;
  }

  async #send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Accept", "text/html");
    if (this.#cookie) headers.set("Cookie", this.#cookie);
    if (init.body instanceof URLSearchParams) headers.set("Content-Type", "application/x-www-form-urlencoded");
    const res = await this.instance.fetch(path, { ...init, headers, redirect: "manual" });
    const session = res.headers.getSetCookie().find((line) => line.startsWith("ec_session="));
    if (session) this.#cookie = session.split(";")[0]!;
    return res;
  }

  /** A page (redirects not followed: a 303 is returned as is). */
  async get(path: string): Promise<{ status: number; page: string; location: string | null }> {
    const res = await this.#send(path, { method: "GET" });
    const page = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (csrf) this.#csrf = csrf;
    return { status: res.status, page, location: res.headers.get("location") };
  }

  /** Sends a form of the last page read. */
  async post(path: string, fields: Record<string, string>): Promise<{ status: number; location: string | null; page: string }> {
    const res = await this.#send(path, { method: "POST", body: new URLSearchParams({ ...fields, _csrf: this.#csrf }) });
    return { status: res.status, location: res.headers.get("location"), page: await res.text() };
  }
}
