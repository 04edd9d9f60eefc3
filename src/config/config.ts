/**
 * The one place that reads settings. `loadConfig` is pure: it takes the
 * environment as a plain record so tests (and the CLI) can pass anything, and
 * it reports every problem at once instead of stopping at the first.
 */
import { isIP } from "node:net";
import { resolve } from "node:path";
import { DEFAULT_BUSY_TIMEOUT_MS } from "../db/busy.ts";
import { FEDERATION_MODES, parseHostList, type FederationMode } from "../domain/federation-policy.ts";
import { LICENSE_IDS } from "../domain/licenses.ts";

export const REGISTRATION_MODES = ["closed", "invitation", "open"] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

export const SUPPORTED_LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LOG_LEVELS = ["debug", "info", "warning", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface InstanceInfo {
  readonly name: string;
  readonly description: string;
  readonly region: string | null;
  readonly sector: string | null;
  /** Ordered by preference; the first is the default language of pages. */
  readonly languages: readonly Language[];
  readonly contact: string | null;
  readonly registrationMode: RegistrationMode;
  /** Licence id (see src/domain/licenses.ts) proposed for new notes. */
  readonly defaultLicense: string;
  /** IANA time zone in which pages show dates and times (with its abbreviation, e.g. HNE). */
  readonly timeZone: string;
}

export interface Config {
  /** Public origin, without a trailing slash, e.g. `https://laurentides.example`. */
  readonly publicUrl: URL;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** SQLite: how long a query waits, without blocking, for a lock another process holds (then 503). */
  readonly sqliteBusyTimeoutMs: number;
  /** Test-only: lets remote fetches reach loopback/private addresses and plain http. */
  readonly allowPrivateAddress: boolean;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR
   * ranges, e.g. `127.0.0.1`, `10.0.0.0/8`); empty: the connection's peer is the client.
   */
  readonly trustedProxies: readonly string[];
  readonly logLevel: LogLevel;
  /** Largest accepted upload (each media kind also has its own, smaller or equal, limit). */
  readonly maxUploadBytes: number;
  readonly instance: InstanceInfo;
  /**
   * The initial federation policy, stored on first start; afterwards
   * administrators change it at runtime and the database wins.
   */
  readonly federation: {
    readonly mode: FederationMode;
    readonly blockedInstances: readonly string[];
    readonly allowedInstances: readonly string[];
  };
  /** When deliveries to a host stop being attempted, and for how long (Fedify's circuit breaker; FEDERATION.md "Delivery guarantees"). */
  readonly circuitBreaker: CircuitBreakerSettings;
  /** How the queue shares its workers among remote servers, and how long a remote server gets to answer. */
  readonly delivery: DeliverySettings;
  /** What the privacy page says and the media cache does (docs/PRIVACY.md). */
  readonly privacy: PrivacySettings;
}

export interface PrivacySettings {
  /** Law 25's person in charge of the protection of personal information: name and contact, shown on /privacy. */
  readonly officer: string | null;
  /** How long a copy of another server's image is served before it is fetched again. */
  readonly mediaCacheTtlMs: number;
  /** Largest image copied from another server; larger ones are not shown. */
  readonly mediaCacheMaxBytes: number;
  /** All copies together: past it, the least recently used are deleted. */
  readonly mediaCacheTotalBytes: number;
}

export interface CircuitBreakerSettings {
  /** Failures (5xx answers, network errors) of one host within `failureWindowMs` that open its circuit. */
  readonly failures: number;
  readonly failureWindowMs: number;
  /** How long an open circuit waits before one delivery probes the host again. */
  readonly recoveryMs: number;
  /** How long activities for a host whose circuit stays open are kept before they are dropped. */
  readonly holdMs: number;
}

export interface DeliverySettings {
  /** Every request to another server (delivery, fetch, WebFinger, NodeInfo) is abandoned after this. */
  readonly requestTimeoutMs: number;
  /** Queued messages one process handles at once. */
  readonly queueWorkers: number;
  /** Deliveries to one host in flight at once, across every worker process: a host that hangs holds no more. */
  readonly deliveriesPerHost: number;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Every setting the server reads, with its default and meaning (README's table is generated from this). */
export const SETTINGS: readonly { name: string; default: string; description: string }[] = [
  { name: "PUBLIC_URL", default: "http://localhost:$PORT", description: "Public origin of the instance (its identity in the fediverse; do not change it once federating)." },
  { name: "PORT", default: "8000", description: "TCP port to listen on." },
  { name: "HOST", default: "0.0.0.0", description: "Address to listen on." },
  { name: "DATA_DIR", default: "./data", description: "Folder for the SQLite database and uploaded media." },
  { name: "DATABASE_URL", default: "sqlite:$DATA_DIR/encommun.sqlite", description: "`sqlite:<path>` or `postgres://user@host:port/db`." },
  { name: "SQLITE_BUSY_TIMEOUT_MS", default: "5000", description: "SQLite: how long a request waits for a database locked by another process (the CLI, a backup) before answering 503 with Retry-After. Waited without blocking other requests." },
  { name: "ALLOW_PRIVATE_ADDRESS", default: "false", description: "Test only: allow loopback/private addresses and plain http in remote fetches. Only `true` enables it." },
  { name: "TLS_CERT_FILE", default: "", description: "PEM certificate: serve HTTPS directly (used by the multi-instance tests). Needs TLS_KEY_FILE." },
  { name: "TLS_KEY_FILE", default: "", description: "PEM private key for TLS_CERT_FILE." },
  { name: "TRUSTED_PROXIES", default: "", description: "Reverse proxies whose `X-Forwarded-For` header names the client (sign-in throttling counts by client address): comma-separated addresses or CIDR ranges, e.g. `127.0.0.1,::1` for a proxy on the same machine. Empty: the header is ignored and the connection's peer is the client." },
  { name: "LOG_LEVEL", default: "info", description: "debug, info, warning or error." },
  { name: "MAX_UPLOAD_MB", default: "50", description: "Largest upload in MiB (images are also capped at 10, documents at 25)." },
  { name: "INSTANCE_NAME", default: "En commun", description: "Name shown on pages and in NodeInfo." },
  { name: "INSTANCE_DESCRIPTION", default: "", description: "One-paragraph description of the instance." },
  { name: "INSTANCE_REGION", default: "", description: "Region served (e.g. Laurentides), for regional instances." },
  { name: "INSTANCE_SECTOR", default: "", description: "Sector served (e.g. arts et culture), for sectoral instances." },
  { name: "INSTANCE_LANGUAGES", default: "fr,en", description: "Comma-separated languages, in order of preference: fr, en." },
  { name: "INSTANCE_CONTACT", default: "", description: "Contact e-mail address of the administrators." },
  { name: "INSTANCE_TIME_ZONE", default: "America/Toronto", description: "IANA time zone in which pages show dates and times, each with its zone (e.g. `America/Halifax` for the Îles-de-la-Madeleine)." },
  { name: "REGISTRATION_MODE", default: "closed", description: "closed, invitation or open." },
  { name: "DEFAULT_LICENSE", default: "cc-by-sa-4.0", description: "Licence proposed for new notes: cc-by-4.0, cc-by-sa-4.0, cc-by-nc-4.0, cc-by-nc-sa-4.0, cc-by-nd-4.0, cc-by-nc-nd-4.0, cc0-1.0 or all-rights-reserved." },
  { name: "FEDERATION_MODE", default: "open", description: "Initial federation policy: `open` (everyone but BLOCKED_INSTANCES) or `network-only` (only ALLOWED_INSTANCES). Stored on first start; from then on administrators change the policy at runtime (`/api/v1/admin/federation-policy`) and the stored policy wins." },
  { name: "BLOCKED_INSTANCES", default: "", description: "Initial blocklist: comma-separated hosts (`host` or `host:port`; a host without port also covers its subdomains). Refused in every mode." },
  { name: "ALLOWED_INSTANCES", default: "", description: "Initial allowlist for `network-only`: comma-separated hosts (`host` or `host:port`)." },
  { name: "CIRCUIT_FAILURES", default: "5", description: "Delivery failures (5xx, network errors) of one host, within CIRCUIT_FAILURE_WINDOW_SECONDS, that open its circuit: deliveries to it are then held instead of attempted." },
  { name: "CIRCUIT_FAILURE_WINDOW_SECONDS", default: "600", description: "The window in which CIRCUIT_FAILURES failures open a host's circuit." },
  { name: "CIRCUIT_RECOVERY_SECONDS", default: "300", description: "How long an open circuit waits before one held delivery probes the host; when it succeeds, everything held is delivered." },
  { name: "CIRCUIT_HOLD_HOURS", default: "168", description: "How long activities for a host whose circuit stays open are kept before they are dropped (logged)." },
  { name: "OUTGOING_TIMEOUT_SECONDS", default: "10", description: "Every request to another server (delivery, fetch, WebFinger, NodeInfo) is abandoned after this many seconds, then retried like any failure (1 to 300)." },
  { name: "QUEUE_WORKERS", default: "16", description: "Queued deliveries and incoming activities one process handles at once (1 to 256)." },
  { name: "INSTANCE_PRIVACY_OFFICER", default: "", description: "Québec's Law 25: the person in charge of the protection of personal information, as `Name, contact` (an e-mail address or a phone number), shown on the privacy page (`/privacy`). Empty: the page names the administrators, whom the law makes responsible by default." },
  { name: "MEDIA_CACHE_DAYS", default: "7", description: "How long a copy of another server's image (avatars, images in received notes) is served from `/media/cache/` before it is fetched again (1 to 365). Readers' browsers never contact other servers." },
  { name: "MEDIA_CACHE_MAX_MB", default: "10", description: "Largest image copied from another server, in MiB (1 to 100); a larger one is not shown." },
  { name: "MEDIA_CACHE_TOTAL_MB", default: "1024", description: "Disk space for all copies of other servers' images together, in MiB (at least `MEDIA_CACHE_MAX_MB`, at most 1048576); past it, the least recently shown copies are deleted (down to 90 %) and fetched again if shown." },
  { name: "DELIVERIES_PER_HOST", default: "2", description: "Deliveries to one host in flight at once, across all worker processes, so that servers that never answer cannot hold every worker (1 to QUEUE_WORKERS)." },
];

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, cwd = "."): ConfigResult {
  const problems: string[] = [];
  const text = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = text(name) ?? fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(", ")} (got "${value}")`);
    return fallback;
  };

  let port = 8000;
  const rawPort = text("PORT");
  if (rawPort != null) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
      problems.push(`PORT must be an integer between 1 and 65535 (got "${rawPort}")`);
      port = 8000;
    }
  }

  let publicUrl = new URL(`http://localhost:${port}`);
  const rawPublicUrl = text("PUBLIC_URL");
  if (rawPublicUrl != null) {
    try {
      const parsed = new URL(rawPublicUrl);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        problems.push(`PUBLIC_URL must be an http or https URL (got "${rawPublicUrl}")`);
      } else if (parsed.pathname !== "/" || parsed.search || parsed.hash) {
        problems.push(`PUBLIC_URL must be an origin without path, query or fragment (got "${rawPublicUrl}")`);
      } else {
        publicUrl = new URL(parsed.origin);
      }
    } catch {
      problems.push(`PUBLIC_URL is not a valid URL (got "${rawPublicUrl}")`);
    }
  }

  const dataDir = resolve(cwd, text("DATA_DIR") ?? "./data");
  const databaseUrl = text("DATABASE_URL") ?? `sqlite:${resolve(dataDir, "encommun.sqlite")}`;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with sqlite: or postgres:// (got "${databaseUrl}")`);
  }

  let sqliteBusyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS;
  const rawBusy = text("SQLITE_BUSY_TIMEOUT_MS");
  if (rawBusy != null) {
    sqliteBusyTimeoutMs = Number(rawBusy);
    if (!/^\d+$/.test(rawBusy) || sqliteBusyTimeoutMs > 600_000) {
      problems.push(`SQLITE_BUSY_TIMEOUT_MS must be an integer from 0 to 600000 (got "${rawBusy}")`);
      sqliteBusyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS;
    }
  }

  const rawAllow = text("ALLOW_PRIVATE_ADDRESS");
  if (rawAllow != null && rawAllow !== "true" && rawAllow !== "false") {
    problems.push(`ALLOW_PRIVATE_ADDRESS must be true or false (got "${rawAllow}")`);
  }

  const certFile = text("TLS_CERT_FILE");
  const keyFile = text("TLS_KEY_FILE");
  if ((certFile == null) !== (keyFile == null)) {
    problems.push("TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  }

  const trustedProxies: string[] = [];
  for (const entry of (text("TRUSTED_PROXIES") ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    if (isAddressRange(entry)) trustedProxies.push(entry);
    else problems.push(`TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8 (got "${entry}")`);
  }

  const languages: Language[] = [];
  for (const lang of (text("INSTANCE_LANGUAGES") ?? "fr,en").split(",").map((l) => l.trim()).filter(Boolean)) {
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(lang)) {
      problems.push(`INSTANCE_LANGUAGES may only list ${SUPPORTED_LANGUAGES.join(", ")} (got "${lang}")`);
    } else if (!languages.includes(lang as Language)) {
      languages.push(lang as Language);
    }
  }
  if (languages.length === 0 && !problems.some((p) => p.startsWith("INSTANCE_LANGUAGES"))) {
    problems.push("INSTANCE_LANGUAGES must list at least one language");
  }

  const contact = text("INSTANCE_CONTACT");
  if (contact != null && !/^[^\s@]+@[^\s@]+$/.test(contact)) {
    problems.push(`INSTANCE_CONTACT must be an e-mail address (got "${contact}")`);
  }

  const timeZone = text("INSTANCE_TIME_ZONE") ?? "America/Toronto";
  if (!isTimeZone(timeZone)) problems.push(`INSTANCE_TIME_ZONE must be an IANA time zone such as America/Toronto (got "${timeZone}")`);

  const logLevel = oneOf("LOG_LEVEL", LOG_LEVELS, "info");
  let maxUploadMb = 50;
  const rawUpload = text("MAX_UPLOAD_MB");
  if (rawUpload != null) {
    maxUploadMb = Number(rawUpload);
    if (!/^\d+$/.test(rawUpload) || maxUploadMb < 1 || maxUploadMb > 1024) {
      problems.push(`MAX_UPLOAD_MB must be an integer from 1 to 1024 (got "${rawUpload}")`);
      maxUploadMb = 50;
    }
  }
  const registrationMode = oneOf("REGISTRATION_MODE", REGISTRATION_MODES, "closed");
  const defaultLicense = oneOf("DEFAULT_LICENSE", LICENSE_IDS, "cc-by-sa-4.0");
  const federationMode = oneOf("FEDERATION_MODE", FEDERATION_MODES, "open");
  const hostList = (name: string): string[] => {
    const { hosts, invalid } = parseHostList(text(name) ?? "");
    if (invalid.length > 0) problems.push(`${name} must list hosts such as example.org or example.org:8443 (got "${invalid.join('", "')}")`);
    return hosts;
  };
  const blockedInstances = hostList("BLOCKED_INSTANCES");
  const allowedInstances = hostList("ALLOWED_INSTANCES");
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw == null) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  };
  const queueWorkers = whole("QUEUE_WORKERS", 16, 1, 256);
  const delivery: DeliverySettings = {
    requestTimeoutMs: whole("OUTGOING_TIMEOUT_SECONDS", 10, 1, 300) * 1000,
    queueWorkers,
    deliveriesPerHost: whole("DELIVERIES_PER_HOST", Math.min(2, queueWorkers), 1, queueWorkers),
  };
  const circuitBreaker: CircuitBreakerSettings = {
    failures: whole("CIRCUIT_FAILURES", 5, 1, 1000),
    failureWindowMs: whole("CIRCUIT_FAILURE_WINDOW_SECONDS", 600, 1, 86_400) * 1000,
    recoveryMs: whole("CIRCUIT_RECOVERY_SECONDS", 300, 1, 86_400) * 1000,
    holdMs: whole("CIRCUIT_HOLD_HOURS", 168, 1, 8760) * 3_600_000,
  };

  const privacyOfficer = text("INSTANCE_PRIVACY_OFFICER");
  if (privacyOfficer != null && privacyOfficer.length > 300) problems.push("INSTANCE_PRIVACY_OFFICER must be at most 300 characters (a name and a contact)");
  const privacy: PrivacySettings = {
    officer: privacyOfficer,
    mediaCacheTtlMs: whole("MEDIA_CACHE_DAYS", 7, 1, 365) * 86_400_000,
    mediaCacheMaxBytes: whole("MEDIA_CACHE_MAX_MB", 10, 1, 100) * 1024 * 1024,
    mediaCacheTotalBytes: whole("MEDIA_CACHE_TOTAL_MB", 1024, 1, 1_048_576) * 1024 * 1024,
  };
  // A cap smaller than one copy would delete each copy as soon as it is made.
  if (privacy.mediaCacheTotalBytes < privacy.mediaCacheMaxBytes) problems.push("MEDIA_CACHE_TOTAL_MB must be at least MEDIA_CACHE_MAX_MB");

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      publicUrl,
      host: text("HOST") ?? "0.0.0.0",
      port,
      dataDir,
      databaseUrl,
      sqliteBusyTimeoutMs,
      allowPrivateAddress: rawAllow === "true",
      tls: certFile != null && keyFile != null ? { certFile, keyFile } : null,
      trustedProxies,
      logLevel,
      maxUploadBytes: maxUploadMb * 1024 * 1024,
      instance: {
        name: text("INSTANCE_NAME") ?? "En commun",
        description: text("INSTANCE_DESCRIPTION") ?? "",
        region: text("INSTANCE_REGION"),
        sector: text("INSTANCE_SECTOR"),
        languages,
        contact,
        registrationMode,
        defaultLicense,
        timeZone,
      },
      federation: { mode: federationMode, blockedInstances, allowedInstances },
      circuitBreaker,
      delivery,
      privacy,
    },
  };
}

/** Whether Intl knows the zone (IANA names such as America/Toronto, or UTC). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `10.0.0.1`, `::1`, `10.0.0.0/8` or `fd00::/8`. */
function isAddressRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** One message listing every problem, as the CLI prints it. */
export function formatConfigProblems(problems: readonly string[]): string {
  return `Configuration invalide / invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}
