/**
 * safetensors files on disk: `saveFile` and `loadFile`, which need Deno's permission for the
 * one file they are given and nothing else. In a browser, use the byte APIs
 * (`saveSafetensors`, `loadSafetensors`), which need no permission.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { loadSafetensors, saveSafetensors } from "./safetensors.ts";

interface DenoFiles {
  writeFile(path: string | URL, data: Uint8Array): Promise<void>;
  readFile(path: string | URL): Promise<Uint8Array>;
}

function deno(what: string): DenoFiles {
  const d = (globalThis as { Deno?: DenoFiles }).Deno;
  if (d === undefined) {
    throw new TypeError(
      `${what} needs Deno's file system; elsewhere use saveSafetensors/loadSafetensors with bytes`,
    );
  }
  return d;
}

/**
 * Writes named tensors to a safetensors file: the bytes of {@linkcode saveSafetensors}, which
 * Python's safetensors writes for the same tensors. Needs write permission for `path` only
 * (`--allow-write=model.safetensors`). Python's safetensors: `save_file(tensors, filename,
 * metadata)`.
 *
 * @param path The file (created or replaced).
 * @param tensors The tensors by name.
 * @param metadata Strings for the header's `__metadata__`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { loadFile, saveFile } from "@descent/io";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * await saveFile(path, { w: tensor([[1, 2]], { dtype: "float32" }) });
 * assert.equal(String((await loadFile(path)).w), "tensor([[1., 2.]])");
 * await Deno.remove(path);
 * ```
 */
export async function saveFile(
  path: string | URL,
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string> | null,
): Promise<void> {
  const files = deno("saveFile()");
  await files.writeFile(path, saveSafetensors(tensors, metadata));
}

/**
 * Reads the tensors of a safetensors file, checked as {@linkcode loadSafetensors} checks them.
 * Needs read permission for `path` only (`--allow-read=model.safetensors`). Python's
 * safetensors: `load_file(filename)`.
 *
 * @param path The file.
 * @returns The tensors by name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadFile, SafetensorError } from "@descent/io";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * await Deno.writeFile(path, new Uint8Array(4)); // not a safetensors file
 * await assert.rejects(() => loadFile(path), SafetensorError);
 * await Deno.remove(path);
 * ```
 */
export async function loadFile(path: string | URL): Promise<Record<string, Tensor>> {
  const files = deno("loadFile()");
  return loadSafetensors(await files.readFile(path));
}
