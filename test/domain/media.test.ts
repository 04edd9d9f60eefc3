import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError, HTTP_STATUS } from "../../src/domain/errors.ts";
import { deleteMedia, openMedia, storeMedia, type MediaUpload } from "../../src/domain/media.ts";
import * as sample from "../fixtures/media/samples.ts";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "encommun-media-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const ODT = "application/vnd.oasis.opendocument.text";
const ODS = "application/vnd.oasis.opendocument.spreadsheet";

describe("storeMedia", () => {
  const accepted: [string, () => Uint8Array, string, string, string][] = [
    ["photo.png", sample.png, "image/png", "image", "png"],
    ["photo.jpeg", sample.jpeg, "image/jpeg", "image", "jpg"],
    ["anim.gif", sample.gif, "image/gif", "image", "gif"],
    ["photo.webp", sample.webp, "image/webp", "image", "webp"],
    ["rapport.pdf", sample.pdf, "application/pdf", "document", "pdf"],
    ["compte-rendu.odt", () => sample.openDocument(ODT), ODT, "document", "odt"],
    ["budget.ods", () => sample.openDocument(ODS), ODS, "document", "ods"],
    ["entrevue.mp3", sample.mp3, "audio/mpeg", "audio", "mp3"],
    ["entrevue.opus", sample.oggOpus, "audio/ogg", "audio", "opus"],
    ["balado.m4a", () => sample.isoMedia("M4A "), "audio/mp4", "audio", "m4a"],
    ["son.wav", sample.wav, "audio/wav", "audio", "wav"],
    ["son.flac", sample.flac, "audio/flac", "audio", "flac"],
    ["atelier.mp4", () => sample.isoMedia("isom"), "video/mp4", "video", "mp4"],
  ];

  it.each(accepted)("stores %s with its detected type", async (filename, bytes, mediaType, kind, ext) => {
    const now = new Date("2025-06-15T12:00:00Z");
    const stored = await storeMedia(dataDir, { bytes: bytes(), filename, declaredType: "application/octet-stream" }, {}, now);
    expect(stored).toMatchObject({ mediaType, kind, size: bytes().length, originalName: filename });
    expect(stored.path).toBe(`media/2025/06/${stored.id}.${ext}`);
    expect(await readFile(join(dataDir, stored.path))).toEqual(Buffer.from(bytes()));
  });

  it("stores text documents by their name once the bytes prove to be UTF-8 text", async () => {
    const markdown = await storeMedia(dataDir, { bytes: sample.text("# Compte rendu\n\nÉté 2025 : « bilan ».\n"), filename: "bilan.md" });
    expect(markdown).toMatchObject({ mediaType: "text/markdown", kind: "document" });
    expect(markdown.path).toMatch(/\.md$/);
    const csv = await storeMedia(dataDir, { bytes: sample.text("municipalité;participant·es\nSaint-Jérôme;42\n"), filename: "DONNÉES.CSV" });
    expect(csv).toMatchObject({ mediaType: "text/csv", kind: "document" });
    const plain = await storeMedia(dataDir, { bytes: sample.text("notes\tbrutes\r\n"), declaredType: "text/plain; charset=utf-8" });
    expect(plain).toMatchObject({ mediaType: "text/plain", originalName: null });
    expect(plain.path).toMatch(/\.txt$/);
  });

  it("trusts the bytes, not the name or the declared type", async () => {
    const stored = await storeMedia(dataDir, { bytes: sample.png(), filename: "rapport.pdf", declaredType: "application/pdf" });
    expect(stored).toMatchObject({ mediaType: "image/png", kind: "image", originalName: "rapport.pdf" });
    expect(stored.path).toMatch(/\.png$/);
    // And a PDF named like an image is a PDF.
    expect(await storeMedia(dataDir, { bytes: sample.pdf(), filename: "photo.png", declaredType: "image/png" })).toMatchObject({ mediaType: "application/pdf", kind: "document" });
  });

  const refused: [string, MediaUpload][] = [
    ["a Windows executable", { bytes: sample.exe(), filename: "setup.exe" }],
    ["a Windows executable named like a PDF", { bytes: sample.exe(), filename: "rapport.pdf", declaredType: "application/pdf" }],
    ["a Linux executable", { bytes: sample.elf(), filename: "outil", declaredType: "application/octet-stream" }],
    ["an HTML page", { bytes: sample.text("<!DOCTYPE html><html><script>alert(1)</script></html>"), filename: "page.html", declaredType: "text/html" }],
    ["an HTML page named like text", { bytes: sample.text("\ufeff  <html><body onload=alert(1)>"), filename: "notes.txt", declaredType: "text/plain" }],
    ["a script named like Markdown", { bytes: sample.text("<script>alert(document.cookie)</script>"), filename: "notes.md" }],
    ["an SVG", { bytes: sample.text(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), filename: "logo.svg", declaredType: "image/svg+xml" }],
    ["an SVG with an XML prolog named like an image", { bytes: sample.text(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), filename: "logo.png", declaredType: "image/png" }],
    ["text with an unknown extension", { bytes: sample.text("echo pwned"), filename: "install.sh" }],
    ["text with neither name nor text type", { bytes: sample.text("bonjour"), declaredType: "application/octet-stream" }],
    ["bytes that are not UTF-8", { bytes: Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), filename: "latin1.txt" }],
    ["text with control characters", { bytes: sample.text("a\u0000b"), filename: "a.txt" }],
    ["a ZIP archive", { bytes: sample.openDocument("application/x-unknown"), filename: "archive.zip" }],
  ];

  it.each(refused)("refuses %s with 415", async (_name, upload) => {
    const error = await rejection(storeMedia(dataDir, upload));
    expect(error.code).toBe("unsupported");
    expect(HTTP_STATUS[error.code]).toBe(415);
    // Refused before anything is written.
    expect(await readdir(dataDir)).toEqual([]);
  });

  it("refuses an empty file", async () => {
    expect((await rejection(storeMedia(dataDir, { bytes: new Uint8Array(), filename: "vide.txt" }))).code).toBe("invalid");
  });

  it("applies the size limit of the detected kind (413)", async () => {
    const png = sample.png();
    const pdf = sample.pdf();
    const limits = { image: png.length - 1, document: 1000, audio: 1000, video: 1000 };
    const error = await rejection(storeMedia(dataDir, { bytes: png, filename: "grand.png" }, limits));
    expect(error.code).toBe("too_large");
    expect(HTTP_STATUS[error.code]).toBe(413);
    expect(error.message).toMatch(/image files may be at most/);
    // The same limits let a document of that size through: the limit follows the kind.
    expect(pdf.length).toBeGreaterThan(png.length - 1);
    await expect(storeMedia(dataDir, { bytes: pdf, filename: "petit.pdf" }, limits)).resolves.toMatchObject({ kind: "document" });
    // Beyond every limit, the file is refused before it is inspected.
    const huge = new Uint8Array(2001);
    expect((await rejection(storeMedia(dataDir, { bytes: huge }, { image: 10, document: 2000, audio: 10, video: 10 }))).code).toBe("too_large");
  });

  it("has generous defaults: 10 MiB images, 25 MiB documents, 50 MiB audio and video", async () => {
    const pdf = new Uint8Array(11 * 1024 * 1024);
    pdf.set(sample.pdf());
    await expect(storeMedia(dataDir, { bytes: pdf })).resolves.toMatchObject({ kind: "document" });
    const png = new Uint8Array(11 * 1024 * 1024);
    png.set(sample.png());
    expect((await rejection(storeMedia(dataDir, { bytes: png }))).code).toBe("too_large");
  });

  it("writes atomically: whole files, no temporary leftovers, unique ids", async () => {
    const now = new Date("2024-01-31T23:59:59Z");
    const stored = await Promise.all(Array.from({ length: 5 }, () => storeMedia(dataDir, { bytes: sample.png() }, {}, now)));
    expect(new Set(stored.map((s) => s.id)).size).toBe(5);
    const files = await readdir(join(dataDir, "media", "2024", "01"));
    expect(files.sort()).toEqual(stored.map((s) => `${s.id}.png`).sort());
  });

  it("cleans the original name for display", async () => {
    const name = async (filename: string) => (await storeMedia(dataDir, { bytes: sample.png(), filename })).originalName;
    expect(await name("C:\\Users\\marie\\Photos\\été.png")).toBe("été.png");
    expect(await name("../../etc/passwd")).toBe("passwd");
    expect(await name("rapport\u202Efdp.exe")).toBe("rapportfdp.exe");
    expect(await name("   ")).toBeNull();
  });
});

describe("openMedia", () => {
  it("serves a stored file, whole or by byte range", async () => {
    const bytes = sample.mp3();
    const stored = await storeMedia(dataDir, { bytes, filename: "entrevue.mp3" });
    const opened = await openMedia(dataDir, stored.path);
    expect(opened).toMatchObject({ mediaType: "audio/mpeg", contentType: "audio/mpeg", kind: "audio", size: bytes.length });
    expect(await readAll(opened.stream())).toEqual(bytes);
    expect(await readAll(opened.stream({ start: 4, end: 9 }))).toEqual(bytes.slice(4, 10));
  });

  it("gives text its charset", async () => {
    const stored = await storeMedia(dataDir, { bytes: sample.text("É"), filename: "a.md" });
    expect((await openMedia(dataDir, stored.path)).contentType).toBe("text/markdown; charset=utf-8");
  });

  it("refuses paths that leave the media folder, or that it did not make", async () => {
    const stored = await storeMedia(dataDir, { bytes: sample.png() });
    await writeFile(join(dataDir, "encommun.sqlite"), "secret");
    const [, year, month, file] = stored.path.split("/");
    const attempts = [
      "../encommun.sqlite",
      "encommun.sqlite",
      "media/../encommun.sqlite",
      `media/${year}/${month}/../../../encommun.sqlite`,
      `media/${year}/${month}/..%2F..%2F..%2Fencommun.sqlite`,
      `media\\${year}\\${month}\\${file}`,
      `/${stored.path}`,
      join(dataDir, stored.path),
      `./${stored.path}`,
      `${stored.path}/`,
      `${stored.path}\u0000.txt`,
      `media/${year}/${month}/${file!.replace(/\.png$/, ".exe")}`,
      `media/${year}/${month}/00000000000000000000000000.png`,
      "",
    ];
    for (const path of attempts) {
      const error = await rejection(openMedia(dataDir, path));
      expect([path, error.code]).toEqual([path, "not_found"]);
    }
  });

  it("does not follow a symbolic link out of the media folder", async () => {
    const outside = join(dataDir, "secret.png");
    await writeFile(outside, sample.png());
    await mkdir(join(dataDir, "media", "2025", "01"), { recursive: true });
    const planted = `media/2025/01/${"01jz".padEnd(26, "0")}.png`;
    await symlink(outside, join(dataDir, planted));
    expect((await rejection(openMedia(dataDir, planted))).code).toBe("not_found");
  });

  it("deletes a stored file, and ignores one already gone or out of bounds", async () => {
    const stored = await storeMedia(dataDir, { bytes: sample.png() });
    await deleteMedia(dataDir, stored.path);
    expect((await rejection(openMedia(dataDir, stored.path))).code).toBe("not_found");
    await deleteMedia(dataDir, stored.path);
    await writeFile(join(dataDir, "keep.txt"), "x");
    await deleteMedia(dataDir, "../keep.txt");
    await deleteMedia(dataDir, "media/../keep.txt");
    expect(await readFile(join(dataDir, "keep.txt"), "utf8")).toBe("x");
  });
});
