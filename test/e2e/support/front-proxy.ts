// A reverse proxy in front of one harness instance, as nginx stands in front
// of a real server: the instance's PUBLIC_URL is the proxy's origin, so every
// other server reaches it only through here. It passes requests through
// unchanged (Host header included, so signatures still verify), records the
// activities POSTed through it in the order the instance accepted them, can
// answer 503 to chosen ones instead, and can go down (connections refused)
// and come back on the same port.
import { readFile } from "node:fs/promises";
import { request as httpsRequest, createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CertificateAuthority } from "../../harness/tls.ts";
import { issueCertificate } from "../../harness/tls.ts";

export interface Delivered {
  readonly type: string;
  /** The object's id (an embedded object's `id`, or the IRI). */
  readonly object: string | null;
  readonly status: number;
}

export interface FrontProxy {
  readonly origin: string;
  /** Activities POSTed through the proxy and answered by the instance, in the order it answered them. */
  readonly delivered: Delivered[];
  /** Activities the proxy refused itself with 503. */
  readonly refused: Delivered[];
  /** Answer 503 (with Retry-After) instead of forwarding, for each POSTed activity this returns true for. */
  refuseWhen(predicate: ((activity: Record<string, unknown>) => boolean) | null, retryAfterSeconds?: number): void;
  /** Stops listening and cuts open connections: the host refuses connections, as a stopped server does. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

function objectIdOf(activity: Record<string, unknown>): string | null {
  const object = activity.object;
  if (typeof object === "string") return object;
  if (object != null && typeof object === "object" && typeof (object as { id?: unknown }).id === "string") return (object as { id: string }).id;
  return null;
}

export async function startFrontProxy(ca: CertificateAuthority, port: number, upstreamPort: number): Promise<FrontProxy> {
  const cert = await issueCertificate(ca, `front-proxy-${port}`);
  const tls = { cert: await readFile(cert.certFile), key: await readFile(cert.keyFile) };
  const delivered: Delivered[] = [];
  const refused: Delivered[] = [];
  let refuse: ((activity: Record<string, unknown>) => boolean) | null = null;
  let retryAfter = 1;

  const handle = (incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      let activity: Record<string, unknown> | null = null;
      if (incoming.method === "POST") {
        try {
          activity = JSON.parse(body.toString("utf8"));
        } catch {
          activity = null;
        }
      }
      const described = activity == null ? null : { type: String(activity.type), object: objectIdOf(activity) };
      if (activity != null && refuse?.(activity)) {
        refused.push({ ...described!, status: 503 });
        response.writeHead(503, { "Retry-After": String(retryAfter), "Content-Type": "text/plain" }).end("Service Unavailable");
        return;
      }
      const upstream = httpsRequest(
        { host: "127.0.0.1", port: upstreamPort, method: incoming.method, path: incoming.url, headers: incoming.headers, ca: ca.certPem, agent: false },
        (answer) => {
          if (described != null && answer.statusCode != null && answer.statusCode < 300) delivered.push({ ...described, status: answer.statusCode });
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on("error", () => {
        if (!response.headersSent) response.writeHead(502).end();
      });
      upstream.end(body);
    });
  };

  let server: Server | null = null;
  const listen = async () => {
    server = createServer(tls, handle);
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
  };
  const stop = async () => {
    const current = server;
    server = null;
    if (current == null) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    current.closeAllConnections();
    await closed;
  };
  await listen();
  return {
    origin: `https://127.0.0.1:${port}`,
    delivered,
    refused,
    refuseWhen(predicate, retryAfterSeconds = 1) {
      refuse = predicate;
      retryAfter = retryAfterSeconds;
    },
    down: stop,
    up: listen,
    close: stop,
  };
}
