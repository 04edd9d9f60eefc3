// A tiny stand-in for another fediverse server, served by the test process
// over https with the harness's CA: it serves fixture documents (rewritten to
// its own origin) and records what is delivered to it. `silent` makes it a
// server that accepts connections and never answers (as NodeBB did after a
// handler error): POSTs only (its documents still load), or everything.
import { createServer, type Server } from "node:https";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { generateCryptoKeyPair, signRequest } from "@fedify/fedify";
import { exportSpki } from "@fedify/vocab-runtime";
import type { Cluster } from "../../harness/harness.ts";
import { issueCertificate } from "../../harness/tls.ts";

export interface FakeServer {
  readonly origin: string;
  /** Documents it serves, by path. */
  readonly documents: Map<string, unknown>;
  /** The paths of every GET it answered, in order. */
  readonly fetched: string[];
  /** Everything POSTed to it, in order. */
  readonly received: { path: string; body: Record<string, unknown> }[];
  /** The RSA key of its actors (one key for all: enough for a test). */
  readonly privateKey: CryptoKey;
  readonly publicKeyPem: string;
  /** Requests it left unanswered (`silent`) whose connection the other side still holds open. */
  hanging(): number;
  /** Signs and POSTs a JSON document to an inbox, as `actor`. */
  post(inbox: string, actor: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** Never answer POSTs (still recorded), or any request. */
  readonly silent?: "posts" | "everything";
  /** Sees every JSON POST (recorded all the same); a number returned is the status answered, else 202. */
  readonly onPost?: (path: string, body: Record<string, unknown>, headers: Record<string, string | string[] | undefined>) => number | void;
  /** Sees every GET (recorded all the same); a number returned is the status answered instead of the document. */
  readonly onGet?: (path: string, headers: Record<string, string | string[] | undefined>) => number | void;
  /** Answer each POST this many milliseconds late (a slow receiver, so a fan-out is still under way when a test acts). */
  readonly answerDelayMs?: number;
}

export async function startFakeServer(cluster: Cluster, name: string, options: FakeServerOptions = {}): Promise<FakeServer> {
  const cert = await issueCertificate(cluster.ca, name);
  const { privateKey, publicKey } = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const publicKeyPem = await exportSpki(publicKey);
  const documents = new Map<string, unknown>();
  const received: { path: string; body: Record<string, unknown> }[] = [];
  let hanging = 0;
  const fetched: string[] = [];
  const server: Server = createServer({ cert: await readFile(cert.certFile), key: await readFile(cert.keyFile) }, (request, response) => {
    const path = (request.url ?? "/").split("?")[0]!;
    const silent = options.silent === "everything" || (options.silent === "posts" && request.method === "POST");
    if (silent) {
      hanging++;
      response.once("close", () => hanging--);
    }
    if (request.method === "POST") {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          if (!silent) response.writeHead(202).end(); // not JSON: ignore
          return;
        }
        received.push({ path, body });
        const status = options.onPost?.(path, body, request.headers) ?? 202;
        if (!silent) setTimeout(() => response.writeHead(status).end(), options.answerDelayMs ?? 0);
      });
      return;
    }
    fetched.push(path);
    if (silent) return;
    const refused = options.onGet?.(path, request.headers);
    if (refused != null) {
      response.writeHead(refused).end();
      return;
    }
    const document = documents.get(path);
    if (document === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    documents,
    fetched,
    received,
    privateKey,
    publicKeyPem,
    hanging: () => hanging,
    async post(inbox, actor, body) {
      const text = JSON.stringify(body);
      const request = await signRequest(
        new Request(inbox, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body: text }),
        privateKey,
        new URL(`${actor}#main-key`),
      );
      return cluster.fetch(inbox, { method: "POST", headers: request.headers, body: text });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a silent server's requests would hold it open
      }),
  };
}

/** A fixture with its hosts rewritten: `replacements` maps old URL prefixes to new ones. */
export function rewrite<T>(document: T, replacements: Record<string, string>): T {
  let text = JSON.stringify(document);
  for (const [from, to] of Object.entries(replacements).sort((x, y) => y[0].length - x[0].length)) text = text.split(from).join(to);
  return JSON.parse(text) as T;
}
