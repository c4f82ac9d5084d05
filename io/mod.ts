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
