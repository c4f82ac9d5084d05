/**
 * @descent/io — saving, loading and exchanging tensors: safetensors files byte-identical to
 * Python's `safetensors`, PyTorch's `torch.save` state dicts read with a restricted unpickler,
 * and checkpoints of a whole training run (models, optimizers, schedulers, random generators)
 * that resume it exactly. Everything works on bytes and needs no permission, except
 * `saveFile`/`loadFile`, which need it for their one file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from "@descent/io";
 *
 * const bytes = saveSafetensors({ w: tensor([[1, 2]], { dtype: "float32" }), step: tensor(7) });
 * assert.deepEqual(Object.keys(readSafetensorsHeader(bytes).tensors), ["step", "w"]);
 * const { w, step } = loadSafetensors(bytes);
 * assert.equal(String(w), "tensor([[1., 2.]])");
 * assert.equal(step.item(), 7);
 * ```
 *
 * @module
 */

export {
  loadSafetensors,
  readSafetensorsHeader,
  SafetensorError,
  type SafetensorsEntry,
  type SafetensorsHeader,
  saveSafetensors,
} from "./safetensors.ts";
export { loadFile, saveFile } from "./file.ts";
export { loadTorch, loadTorchObject, type TorchValue } from "./torch.ts";
export { UnpicklingError } from "./pickle.ts";
export { ZipError } from "./zip.ts";
export {
  type CheckpointTargets,
  loadCheckpoint,
  type LoadCheckpointOptions,
  saveCheckpoint,
  type Stateful,
} from "./checkpoint.ts";
