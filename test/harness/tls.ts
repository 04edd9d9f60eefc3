// A throwaway certificate authority for the multi-instance tests: Fedify
// resolves `@user@host` handles over https only, so loopback instances must
// serve https with certificates their peers (and the test process) trust.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CertificateAuthority {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA certificate (PEM), for `ca:` options and NODE_EXTRA_CA_CERTS. */
  readonly certPem: string;
}

export interface LeafCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

async function openssl(args: readonly string[], cwd: string): Promise<void> {
  try {
    await run("openssl", args, { cwd });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`);
  }
}

// P-256 keys: generating them is instant, unlike RSA.
const KEY_ARGS = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export async function createCertificateAuthority(dir: string): Promise<CertificateAuthority> {
  const certFile = join(dir, "ca.crt");
  const keyFile = join(dir, "ca.key");
  await openssl(
    [
      "req", "-x509", ...KEY_ARGS, "-keyout", keyFile, "-out", certFile, "-days", "2",
      "-subj", "/CN=En commun test CA",
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  return { dir, certFile, keyFile, certPem: await readFile(certFile, "utf8") };
}

/** A server certificate signed by `ca`, valid for 127.0.0.1, localhost and any extra names. */
export async function issueCertificate(
  ca: CertificateAuthority,
  name: string,
  extraAltNames: readonly string[] = [],
): Promise<LeafCertificate> {
  const certFile = join(ca.dir, `${name}.crt`);
  const keyFile = join(ca.dir, `${name}.key`);
  const csrFile = join(ca.dir, `${name}.csr`);
  const extFile = join(ca.dir, `${name}.ext`);
  const altNames = ["IP:127.0.0.1", "DNS:localhost", ...extraAltNames];
  await writeFile(
    extFile,
    [
      `subjectAltName=${[...new Set(altNames)].join(",")}`,
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "",
    ].join("\n"),
  );
  await openssl(["req", "-new", ...KEY_ARGS, "-keyout", keyFile, "-out", csrFile, "-subj", `/CN=${name}`], ca.dir);
  await openssl(
    [
      "x509", "-req", "-in", csrFile, "-CA", ca.certFile, "-CAkey", ca.keyFile,
      // A random serial instead of -CAcreateserial, whose shared serial file races when
      // several certificates are issued at once.
      "-set_serial", `0x${randomBytes(12).toString("hex")}`,
      "-out", certFile, "-days", "2", "-extfile", extFile,
    ],
    ca.dir,
  );
  return { certFile, keyFile };
}
