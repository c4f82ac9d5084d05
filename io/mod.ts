/**
 * @descent/io — placeholder while the package is assembled.
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
export { loadTorch, loadTorchObject, type TorchValue } from "./torch.ts";
export { UnpicklingError } from "./pickle.ts";
export { ZipError } from "./zip.ts";
export { loadFile, saveFile } from "./file.ts";
export {
  type CheckpointTargets,
  loadCheckpoint,
  type LoadCheckpointOptions,
  saveCheckpoint,
  type Stateful,
} from "./checkpoint.ts";
