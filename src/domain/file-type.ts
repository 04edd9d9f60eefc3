// The type of a file from its bytes (file-type, with its tokenizers and
// decompressors), loaded on the first upload or remote image, not at start:
// most processes and most requests never need it.
import type { fileTypeFromBuffer } from "file-type";

let loading: Promise<typeof fileTypeFromBuffer> | undefined;

export async function detectFileType(bytes: Uint8Array): ReturnType<typeof fileTypeFromBuffer> {
  loading ??= import("file-type").then((module) => module.fileTypeFromBuffer);
  return (await loading)(bytes);
}
