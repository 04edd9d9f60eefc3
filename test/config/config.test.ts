import { describe, expect, it } from "vitest";
import { formatConfigProblems, loadConfig, SETTINGS } from "../../src/config/config.ts";

describe("loadConfig", () => {
  it("has defaults for an empty environment", () => {
    const result = loadConfig({}, "/srv/encommun");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.port).toBe(8000);
    expect(config.publicUrl.href).toBe("http://localhost:8000/");
    expect(config.dataDir).toBe("/srv/encommun/data");
    expect(config.databaseUrl).toBe("sqlite:/srv/encommun/data/encommun.sqlite");
    expect(config.allowPrivateAddress).toBe(false);
    expect(config.trustedProxies).toEqual([]);
    expect(config.instance.languages).toEqual(["fr", "en"]);
    expect(config.instance.registrationMode).toBe("closed");
    // Québec's zone (HNE/HAE), in which pages show dates and times.
    expect(config.instance.timeZone).toBe("America/Toronto");
    expect(config.tls).toBeNull();
  });

  it("derives PUBLIC_URL from PORT and reads every setting", () => {
    const result = loadConfig({
      PORT: "9001",
      DATA_DIR: "/var/lib/encommun",
      DATABASE_URL: "postgres://u@db/encommun",
      ALLOW_PRIVATE_ADDRESS: "true",
      INSTANCE_NAME: "En commun Laurentides",
      INSTANCE_DESCRIPTION: "Savoirs des Laurentides",
      INSTANCE_REGION: "Laurentides",
      INSTANCE_SECTOR: "aîné·es",
      INSTANCE_LANGUAGES: "en, fr",
      INSTANCE_CONTACT: "admin@laurentides.example",
      INSTANCE_TIME_ZONE: "America/Halifax",
      REGISTRATION_MODE: "invitation",
      DEFAULT_LICENSE: "cc-by-nc-sa-4.0",
      TLS_CERT_FILE: "/c.pem",
      TLS_KEY_FILE: "/k.pem",
      HOST: "127.0.0.1",
      LOG_LEVEL: "debug",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.publicUrl.href).toBe("http://localhost:9001/");
    expect(config.databaseUrl).toBe("postgres://u@db/encommun");
    expect(config.allowPrivateAddress).toBe(true);
    expect(config.instance).toEqual({
      name: "En commun Laurentides",
      description: "Savoirs des Laurentides",
      region: "Laurentides",
      sector: "aîné·es",
      languages: ["en", "fr"],
      contact: "admin@laurentides.example",
      registrationMode: "invitation",
      defaultLicense: "cc-by-nc-sa-4.0",
      timeZone: "America/Halifax",
    });
    expect(config.tls).toEqual({ certFile: "/c.pem", keyFile: "/k.pem" });
    expect(config.host).toBe("127.0.0.1");
  });

  it("keeps only the origin of PUBLIC_URL", () => {
    const result = loadConfig({ PUBLIC_URL: "https://laurentides.example" });
    expect(result.ok && result.config.publicUrl.origin).toBe("https://laurentides.example");
  });

  it("only the exact value true enables private addresses", () => {
    expect(loadConfig({ ALLOW_PRIVATE_ADDRESS: "false" }).ok && true).toBe(true);
    const on = loadConfig({ ALLOW_PRIVATE_ADDRESS: "1" });
    expect(on.ok).toBe(false);
  });

  it("reads how long SQLite waits for another process's lock, in milliseconds", () => {
    const byDefault = loadConfig({});
    expect(byDefault.ok && byDefault.config.sqliteBusyTimeoutMs).toBe(5_000);
    const set = loadConfig({ SQLITE_BUSY_TIMEOUT_MS: "250" });
    expect(set.ok && set.config.sqliteBusyTimeoutMs).toBe(250);
    for (const bad of ["-1", "1.5", "soon", "600001"]) {
      const result = loadConfig({ SQLITE_BUSY_TIMEOUT_MS: bad });
      expect(!result.ok && result.problems[0]).toMatch(/^SQLITE_BUSY_TIMEOUT_MS must be an integer from 0 to 600000/);
    }
  });

  it("reports every problem at once", () => {
    const result = loadConfig({
      PORT: "abc",
      PUBLIC_URL: "ftp://x",
      DATABASE_URL: "mysql://x",
      ALLOW_PRIVATE_ADDRESS: "yes",
      INSTANCE_LANGUAGES: "fr,de",
      INSTANCE_CONTACT: "nobody",
      REGISTRATION_MODE: "sometimes",
      LOG_LEVEL: "loud",
      TLS_CERT_FILE: "/only-cert.pem",
      DEFAULT_LICENSE: "copyleft",
      INSTANCE_TIME_ZONE: "Laurentides/Saint-Jérôme",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(11);
    for (const name of ["PORT", "PUBLIC_URL", "DATABASE_URL", "ALLOW_PRIVATE_ADDRESS", "INSTANCE_LANGUAGES", "INSTANCE_CONTACT", "REGISTRATION_MODE", "LOG_LEVEL", "TLS_CERT_FILE", "DEFAULT_LICENSE", "INSTANCE_TIME_ZONE"]) {
      expect(result.problems.some((p) => p.startsWith(name))).toBe(true);
    }
    const message = formatConfigProblems(result.problems);
    expect(message.split("\n")).toHaveLength(12);
  });

  it("reads TRUSTED_PROXIES as addresses and CIDR ranges, and names every bad entry", () => {
    const good = loadConfig({ TRUSTED_PROXIES: "127.0.0.1, ::1,10.0.0.0/8 , fd00::/8" });
    expect(good.ok && good.config.trustedProxies).toEqual(["127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8"]);
    const bad = loadConfig({ TRUSTED_PROXIES: "proxy.local,10.0.0.0/33,10.0.0.1/8/8" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toHaveLength(3);
    expect(bad.problems[0]).toContain('TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8 (got "proxy.local")');
  });

  it("rejects a PUBLIC_URL with a path", () => {
    const result = loadConfig({ PUBLIC_URL: "https://example.org/encommun" });
    expect(result.ok).toBe(false);
  });

  it("documents every setting it reads", () => {
    const documented = SETTINGS.map((s) => s.name);
    const source = loadConfig.toString();
    const read = [...source.matchAll(/(?:text|oneOf|whole)\("([A-Z_]+)"/g)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(10);
    for (const name of read) expect(documented).toContain(name);
  });

  it("sets the circuit breaker from CIRCUIT_* with deliberate defaults, and refuses nonsense", () => {
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.config.circuitBreaker).toEqual({ failures: 5, failureWindowMs: 600_000, recoveryMs: 300_000, holdMs: 168 * 3_600_000 });
    const tuned = loadConfig({ CIRCUIT_FAILURES: "2", CIRCUIT_FAILURE_WINDOW_SECONDS: "60", CIRCUIT_RECOVERY_SECONDS: "3", CIRCUIT_HOLD_HOURS: "1" });
    expect(tuned.ok && tuned.config.circuitBreaker).toEqual({ failures: 2, failureWindowMs: 60_000, recoveryMs: 3_000, holdMs: 3_600_000 });
    const wrong = loadConfig({ CIRCUIT_FAILURES: "0", CIRCUIT_FAILURE_WINDOW_SECONDS: "ten", CIRCUIT_RECOVERY_SECONDS: "-5", CIRCUIT_HOLD_HOURS: "1.5" });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.problems.map((p) => p.split(" ")[0])).toEqual(["CIRCUIT_FAILURES", "CIRCUIT_FAILURE_WINDOW_SECONDS", "CIRCUIT_RECOVERY_SECONDS", "CIRCUIT_HOLD_HOURS"]);
  });

  it("caps the media cache as a whole (MEDIA_CACHE_TOTAL_MB), never below one copy", () => {
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.config.privacy.mediaCacheTotalBytes).toBe(1024 * 1024 * 1024);
    const set = loadConfig({ MEDIA_CACHE_TOTAL_MB: "200" });
    expect(set.ok && set.config.privacy.mediaCacheTotalBytes).toBe(200 * 1024 * 1024);
    const tooSmall = loadConfig({ MEDIA_CACHE_MAX_MB: "20", MEDIA_CACHE_TOTAL_MB: "10" });
    expect(!tooSmall.ok && tooSmall.problems).toEqual(["MEDIA_CACHE_TOTAL_MB must be at least MEDIA_CACHE_MAX_MB"]);
    const nonsense = loadConfig({ MEDIA_CACHE_TOTAL_MB: "lots" });
    expect(!nonsense.ok && nonsense.problems[0]).toMatch(/^MEDIA_CACHE_TOTAL_MB must be an integer/);
  });
});
