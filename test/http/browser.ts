// A minimal browser for page tests: keeps cookies between requests and
// sends forms with the CSRF token of the last page it saw.
import type { Hono } from "hono";
import type { AppEnv } from "../../src/http/env.ts";

export const FORM = { "content-type": "application/x-www-form-urlencoded" };
export const HTML = { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" };

/** The `_csrf` value of the first form in a page. */
export function csrfIn(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error("no CSRF field in the page");
  return match[1]!;
}

export interface PostOptions {
  /** Send the token of the last page seen (default), none, or this value. */
  readonly csrf?: boolean | string;
  readonly headers?: Record<string, string>;
  /** Hono's `env`, e.g. a fake Node socket for the client address. */
  readonly env?: unknown;
}

export class Browser {
  readonly app: Hono<AppEnv>;
  readonly cookies = new Map<string, string>();
  lastPage = "";

  constructor(app: Hono<AppEnv>) {
    this.app = app;
  }

  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  #remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", value = ""] = pair.split("=", 2);
      if (value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; page: string }> {
    const res = await this.app.request(path, { headers: { ...HTML, cookie: this.cookie, ...headers } });
    this.#remember(res);
    const page = await res.text();
    if (res.headers.get("content-type")?.startsWith("text/html")) this.lastPage = page;
    return { res, page };
  }

  async post(path: string, fields: Record<string, string>, options: PostOptions = {}): Promise<{ res: Response; page: string }> {
    const body = new URLSearchParams(fields);
    const csrf = options.csrf ?? true;
    if (csrf === true && this.cookies.has("ec_session")) body.set("_csrf", csrfIn(this.lastPage));
    else if (typeof csrf === "string") body.set("_csrf", csrf);
    const res = await this.app.request(path, { method: "POST", headers: { ...HTML, ...FORM, cookie: this.cookie, ...options.headers }, body }, options.env);
    this.#remember(res);
    const page = await res.text();
    if (res.headers.get("content-type")?.startsWith("text/html")) this.lastPage = page;
    return { res, page };
  }

  /** Sends a multipart form (files included), as a browser does for `enctype="multipart/form-data"`. */
  async postMultipart(path: string, fields: FormData, options: PostOptions = {}): Promise<{ res: Response; page: string }> {
    if ((options.csrf ?? true) === true && this.cookies.has("ec_session")) fields.set("_csrf", csrfIn(this.lastPage));
    const res = await this.app.request(path, { method: "POST", headers: { ...HTML, cookie: this.cookie, ...options.headers }, body: fields }, options.env);
    this.#remember(res);
    const page = await res.text();
    if (res.headers.get("content-type")?.startsWith("text/html")) this.lastPage = page;
    return { res, page };
  }

  /** Signs in through the form, then loads the home page (for a CSRF token). */
  async signIn(handle: string, password: string): Promise<void> {
    const { res } = await this.post("/signin", { handle, password }, { csrf: false });
    if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
    await this.get("/");
  }
}
