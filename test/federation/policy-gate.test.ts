// The federation policy on inbound requests: who signed, and the 403.
import { describe, expect, it } from "vitest";
import { refusedSigner, signerHost } from "../../federation/policy.ts";

const signed = (headers: Record<string, string>, method = "POST") => new Request("https://c.example/inbox", { method, headers, body: method === "POST" ? "{}" : undefined });

describe("the policy gate", () => {
  it("finds the signer's host in draft-cavage and RFC 9421 signatures", () => {
    expect(signerHost(signed({ Signature: 'keyId="https://D.example:8443/actors/x#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="abc"' }))).toBe("d.example:8443");
    expect(signerHost(signed({ "Signature-Input": 'sig1=("@method" "@target-uri");keyid="https://d.example/actors/x#ed";alg="ed25519"', Signature: "sig1=:abc:" }))).toBe("d.example");
    expect(signerHost(signed({}))).toBeNull();
    expect(signerHost(signed({ Signature: 'keyId="not a url"' }))).toBeNull();
    expect(signerHost(signed({ Signature: "garbage" }))).toBeNull();
  });

  it("answers 403 to a signer on a refused host, POST or GET, and lets the rest through", async () => {
    const allows = (host: string) => host !== "d.example";
    const refused = await refusedSigner(signed({ Signature: 'keyId="https://d.example/a#k",signature="x"' }), allows);
    expect(refused?.status).toBe(403);
    expect(await refused?.text()).toMatch(/does not federate with d\.example/);
    expect((await refusedSigner(signed({ Signature: 'keyId="https://d.example/a#k",signature="x"' }, "GET"), allows))?.status).toBe(403);
    expect(await refusedSigner(signed({ Signature: 'keyId="https://a.example/a#k",signature="x"' }), allows)).toBeNull();
    // Unsigned requests are not the policy's business.
    expect(await refusedSigner(signed({}), () => false)).toBeNull();
  });
});
