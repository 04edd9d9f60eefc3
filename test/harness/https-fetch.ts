// A `fetch` for the test process that trusts the harness's throwaway CA.
// The global fetch cannot take a CA per call (and NODE_EXTRA_CA_CERTS is only
// read at startup), so this goes through node:https and returns a standard
// Response. It handles plain http too.
import http from "node:http";
import https from "node:https";

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const MAX_REDIRECTS = 5;

export type CaFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

export function createCaFetch(caPem: string, options: { timeoutMs?: number } = {}): CaFetch {
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function once(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = request.body == null ? null : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body != null) headers["content-length"] = String(body.length);
    const transport = url.protocol === "https:" ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: request.method,
          headers,
          ca: url.protocol === "https:" ? caPem : undefined,
          agent: false,
          signal: request.signal,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value == null) continue;
              for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
            }
            const status = res.statusCode ?? 0;
            const payload = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, statusText: res.statusMessage, headers: responseHeaders }));
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${request.method} ${url} timed out after ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end(body ?? undefined);
    });
  }

  return async (input, init) => {
    let request = new Request(input, init);
    for (let hop = 0; ; hop++) {
      const response = await once(request.clone());
      const location = response.headers.get("location");
      if (request.redirect !== "follow" || location == null || response.status < 300 || response.status >= 400) {
        return response;
      }
      if (hop >= MAX_REDIRECTS) throw new Error(`too many redirects from ${input}`);
      // Like fetch: 303 (and 301/302 after a POST) turn into a body-less GET.
      const toGet =
        response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === "POST");
      request = new Request(new URL(location, request.url), {
        method: toGet ? "GET" : request.method,
        headers: request.headers,
        body: toGet || request.body == null ? undefined : await request.clone().arrayBuffer(),
        redirect: "follow",
      });
    }
  };
}
