/**
 * Reading `torch.save` files: the zip archive of PyTorch ≥ 1.6 (`data.pkl` and one record per
 * storage) and the legacy format before it, through a restricted unpickler that knows only what
 * a state dict holds. The allowed globals are PyTorch's own tensor-rebuilding functions, its
 * storage types and `collections.OrderedDict`; any other global is refused by name, and nothing
 * in a file is ever executed.
 *
 * @module
 */

import { isFloatingDType, Tensor } from "@descent/tensor";
import { allocate, type Storage } from "@descent/tensor/extend";
import {
  type PickleGlobal,
  pickleGlobal,
  unpickle,
  type UnpickleOptions,
  UnpicklingError,
} from "./pickle.ts";
import { readZip } from "./zip.ts";
import { DTYPE_OF, ELEMENT_BITS, type ElementType, readElements } from "./dtypes.ts";
import { describe, setOwn } from "./util.ts";

/**
 * A value read from a `torch.save` file: `None` → `null`, `bool` → boolean, `int` → number (a
 * bigint beyond ±(2^53 - 1)), `float` → number, `str` → string, `bytes` → `Uint8Array`, tuples
 * and lists → arrays, `dict` and `OrderedDict` → `Map`, tensors and `nn.Parameter`s → `Tensor`.
 */
export type TorchValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Tensor
  | TorchValue[]
  | Map<TorchValue, TorchValue>;

/** PyTorch's storage types and the element types of their bytes. */
const STORAGES: Readonly<Record<string, ElementType>> = {
  FloatStorage: "F32",
  DoubleStorage: "F64",
  HalfStorage: "F16",
  BFloat16Storage: "BF16",
  LongStorage: "I64",
  IntStorage: "I32",
  ByteStorage: "U8",
  BoolStorage: "BOOL",
};

/** What PyTorch's other storage types hold, for the message that refuses them. */
const UNREAD_STORAGES: Readonly<Record<string, string>> = {
  ShortStorage: "int16",
  CharStorage: "int8",
  ComplexFloatStorage: "complex64",
  ComplexDoubleStorage: "complex128",
  QInt8Storage: "qint8",
  QUInt8Storage: "quint8",
  QInt32Storage: "qint32",
  QUInt4x2Storage: "quint4x2",
  QUInt2x4Storage: "quint2x4",
  UntypedStorage: "untyped bytes",
};

/** A storage type named by a pickle. */
class StorageType {
  constructor(readonly name: string, readonly element: ElementType | null) {}
}

/** One storage: its values, read from the file. */
class StorageRecord {
  constructor(readonly values: Storage, readonly element: ElementType) {}
}

const fail = (message: string): never => {
  throw new UnpicklingError(message);
};

const NOT_CALLABLE = (name: string) => (): never => fail(`${name} cannot be called`);

/** `OrderedDict()` and the attributes (`_metadata`) `BUILD` gives it, which descent drops. */
const ORDERED_DICT = pickleGlobal({
  call(args) {
    const d = new Map<unknown, unknown>();
    if (args.length === 0) return d;
    if (args.length !== 1 || !Array.isArray(args[0])) {
      return fail("OrderedDict() takes one list of pairs");
    }
    for (const pair of args[0] as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        return fail("OrderedDict() takes a list of pairs");
      }
      d.set(pair[0], pair[1]);
    }
    return d;
  },
  build(_obj, state) {
    if (!(state instanceof Map)) fail("the state BUILD gives an OrderedDict must be a dict");
  },
});

const isIndex = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/**
 * `torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad,
 * backward_hooks, metadata=None)` (and `_rebuild_tensor`, its first four arguments): a tensor
 * over the storage's values — tensors of one storage share it, as in PyTorch — once every
 * element it reaches is checked to lie inside the storage.
 */
function rebuildTensor(name: string, v2: boolean): PickleGlobal {
  return pickleGlobal({
    call(args) {
      const [storage, offset, size, stride, requiresGrad, hooks] = args;
      if (args.length !== (v2 ? 6 : 4) && !(v2 && args.length === 7)) {
        fail(`${name}() got ${args.length} arguments`);
      }
      if (!(storage instanceof StorageRecord)) {
        return fail(`${name}()'s first argument is not a storage`);
      }
      if (!isIndex(offset)) {
        return fail(`${name}(): the storage offset ${String(offset)} is not an integer ≥ 0`);
      }
      if (
        !Array.isArray(size) || !size.every(isIndex) || !Array.isArray(stride) ||
        !stride.every(isIndex)
      ) {
        return fail(`${name}(): size and stride must be tuples of integers ≥ 0`);
      }
      if (size.length !== stride.length) {
        fail(`${name}(): size (${size.length} dims) and stride (${stride.length} dims) disagree`);
      }
      const dtype = DTYPE_OF[storage.element];
      if (v2 && (typeof requiresGrad !== "boolean" || (requiresGrad && !isFloatingDType(dtype)))) {
        fail(`${name}(): requires_grad must be a boolean, and true only for a floating dtype`);
      }
      if (v2 && !(hooks instanceof Map)) fail(`${name}(): backward_hooks must be an OrderedDict`);
      let last = offset;
      let empty = false;
      for (let d = 0; d < size.length; d++) {
        if (size[d] === 0) empty = true;
        last += (size[d] - 1) * stride[d];
      }
      const n = storage.values.length;
      if (!empty && !(last < n)) {
        fail(
          `${name}(): a tensor of size (${size.join(", ")}), stride (${
            stride.join(", ")
          }) and offset ${offset} reaches element ${last} of a storage of ${n}`,
        );
      }
      const t = new Tensor(storage.values, [...size], dtype, [...stride], offset);
      return requiresGrad === true ? t.requiresGrad_(true) : t;
    },
  });
}

/** `torch._utils._rebuild_parameter(data, requires_grad, backward_hooks)`: the tensor itself. */
const REBUILD_PARAMETER = pickleGlobal({
  call(args) {
    const [data, requiresGrad, hooks] = args;
    if (
      args.length !== 3 || !(data instanceof Tensor) || typeof requiresGrad !== "boolean" ||
      !(hooks instanceof Map)
    ) {
      return fail("_rebuild_parameter() takes a tensor, a boolean and an OrderedDict");
    }
    if (requiresGrad && !isFloatingDType(data.dtype)) {
      fail("_rebuild_parameter(): an integer tensor cannot require grad");
    }
    return requiresGrad ? data.requiresGrad_(true) : data;
  },
});

const TORCH_GLOBALS: Readonly<Record<string, PickleGlobal>> = {
  "collections.OrderedDict": ORDERED_DICT,
  "torch._utils._rebuild_tensor_v2": rebuildTensor("_rebuild_tensor_v2", true),
  "torch._utils._rebuild_tensor": rebuildTensor("_rebuild_tensor", false),
  "torch._utils._rebuild_parameter": REBUILD_PARAMETER,
};

/** The globals a state dict may name: PyTorch's `weights_only` list, less what descent lacks. */
function findGlobal(module: string, name: string): PickleGlobal {
  const full = `${module}.${name}`;
  if (Object.hasOwn(TORCH_GLOBALS, full)) return TORCH_GLOBALS[full];
  if (
    module === "torch" && (Object.hasOwn(STORAGES, name) || Object.hasOwn(UNREAD_STORAGES, name))
  ) {
    const type = new StorageType(name, STORAGES[name] ?? null);
    return pickleGlobal({ call: NOT_CALLABLE(`torch.${name}`), type } as PickleGlobal);
  }
  return fail(
    `Unsupported global: GLOBAL ${full} is not allowed: a torch.save file is read with the globals of a state dict only (tensors, storages, collections.OrderedDict), and nothing in it is executed`,
  );
}

/** The storage type a persistent id names. */
function storageTypeOf(v: unknown): StorageType {
  const type = (v as { type?: unknown } | null)?.type;
  if (!(type instanceof StorageType)) {
    return fail("a persistent id names something other than a storage type");
  }
  if (type.element === null) {
    fail(`torch.${type.name} (${UNREAD_STORAGES[type.name]}) is not a dtype descent reads`);
  }
  return type;
}

/** The storage record of `element` type from its bytes, which must hold `numel` elements. */
function storageFrom(
  bytes: Uint8Array,
  element: ElementType,
  numel: unknown,
  key: string,
): StorageRecord {
  const size = ELEMENT_BITS[element] / 8;
  if (!isIndex(numel) || bytes.length !== numel * size) {
    fail(
      `storage ${JSON.stringify(key)} should hold ${
        String(numel)
      } elements of ${size} bytes, its record has ${bytes.length} bytes`,
    );
  }
  return new StorageRecord(readElements(bytes, element, storageError(key)), element);
}

const storageError = (key: string) => (m: string) =>
  new UnpicklingError(`storage ${JSON.stringify(key)}: ${m}`);

/** PyTorch's legacy files start with this number, pickled. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/**
 * Everything a `torch.save` file holds, read with the restricted unpickler: tensors (and
 * parameters, as tensors that require grad), nested in dicts (`Map`s), lists, tuples (arrays),
 * numbers, strings, booleans and `None` (`null`) — an optimizer's `state_dict()` for instance.
 * Tensors that share a storage in the file share one here (as tied weights do in PyTorch), and
 * strides and offsets are kept. Both PyTorch's zip format (≥ 1.6) and its legacy format are
 * read; F16 and BF16 storages become float32, as in {@linkcode loadSafetensors}. Any global
 * other than the tensor-rebuilding functions, storage types and `collections.OrderedDict` is
 * refused by name (as PyTorch's `weights_only=True`). Python: `torch.load(f, weights_only=True)`.
 *
 * @param bytes The file.
 * @returns The object.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTorchObject } from "@descent/io";
 * const text = new TextEncoder().encode("not a checkpoint");
 * assert.throws(() => loadTorchObject(text), /not a torch.save file/);
 * ```
 */
export function loadTorchObject(bytes: Uint8Array): TorchValue {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`loadTorchObject(): expected a Uint8Array, got ${describe(bytes)}`);
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return (isZip ? loadZip(bytes) : loadLegacy(bytes)) as TorchValue;
}

/** The zip format: `<name>/data.pkl`, `<name>/data/<key>` per storage, `<name>/byteorder`. */
function loadZip(bytes: Uint8Array): unknown {
  const entries = readZip(bytes);
  const pickles = [...entries.keys()].filter((n) => /^[^/]*\/data\.pkl$/.test(n));
  if (pickles.length !== 1) {
    fail(`a torch.save archive has one <name>/data.pkl record, this one has ${pickles.length}`);
  }
  const prefix = pickles[0].slice(0, -"data.pkl".length);
  const order = entries.get(`${prefix}byteorder`);
  if (order !== undefined && new TextDecoder().decode(order.data) !== "little") {
    fail(
      `the file's byteorder is ${
        JSON.stringify(new TextDecoder().decode(order.data))
      }; descent reads little-endian files only`,
    );
  }
  const storages = new Map<string, StorageRecord>();
  const { value, end } = unpickle(entries.get(pickles[0])!.data, {
    findGlobal,
    persistentLoad(pid) {
      if (
        !Array.isArray(pid) || pid.length !== 5 || pid[0] !== "storage" ||
        typeof pid[2] !== "string"
      ) {
        return fail("a persistent id that is not ('storage', type, key, location, numel)");
      }
      const element = storageTypeOf(pid[1]).element!;
      const key = pid[2] as string;
      let s = storages.get(key);
      if (s === undefined) {
        const record = entries.get(`${prefix}data/${key}`);
        if (record === undefined) return fail(`the archive has no record ${prefix}data/${key}`);
        s = storageFrom(record.data, element, pid[4], key);
        storages.set(key, s);
      } else if (s.element !== element) {
        fail(`storage ${JSON.stringify(key)} is named as two types`);
      }
      return s;
    },
  });
  if (end !== entries.get(pickles[0])!.data.length) fail("data.pkl has bytes after its STOP");
  return value;
}

/**
 * The legacy format (PyTorch < 1.6, or `_use_new_zipfile_serialization=False`): pickles of the
 * magic number, the protocol version (1001) and the system's description, the object (storages
 * as persistent ids), the storage keys; then each storage as an 8-byte element count and its
 * bytes. Storages are allocated as the object's pickle names them (all of them together no
 * larger than the file) and filled once their bytes are reached.
 */
function loadLegacy(bytes: Uint8Array): unknown {
  const header = {
    findGlobal: (m: string, n: string) => fail(`the legacy header names the global ${m}.${n}`),
    persistentLoad: () => fail("a persistent id in the legacy header"),
  };
  let at = 0;
  const next = (options: UnpickleOptions = header) => {
    const r = unpickle(bytes, options, at);
    at = r.end;
    return r.value;
  };
  if (bytes[0] !== 0x80 || next() !== LEGACY_MAGIC) {
    fail(
      "not a torch.save file: neither a zip archive nor the legacy format (whose first pickle is its magic number)",
    );
  }
  if (next() !== 1001) fail("the legacy format's protocol version is not 1001");
  const info = next();
  if (!(info instanceof Map) || info.get("little_endian") !== true) {
    fail(
      "the legacy file was written on a big-endian machine (or has no system description); descent reads little-endian files only",
    );
  }
  const storages = new Map<string, StorageRecord>();
  let allocated = 0;
  const value = next({
    findGlobal,
    persistentLoad(pid) {
      if (
        !Array.isArray(pid) || pid.length !== 6 || pid[0] !== "storage" ||
        typeof pid[2] !== "string"
      ) {
        return fail(
          "a persistent id that is not ('storage', type, key, location, numel, view_metadata)",
        );
      }
      if (pid[5] !== null) {
        fail("storage views (view_metadata) of very old torch.save files are not read");
      }
      const { element } = storageTypeOf(pid[1]);
      const [key, numel] = [pid[2] as string, pid[4]];
      let s = storages.get(key);
      if (s === undefined) {
        if (!isIndex(numel)) {
          return fail(`storage ${JSON.stringify(key)}'s size is not an integer ≥ 0`);
        }
        allocated += numel * (ELEMENT_BITS[element!] / 8);
        if (allocated > bytes.length) fail(`the storages the file names are larger than the file`);
        s = new StorageRecord(allocate(DTYPE_OF[element!], numel), element!);
        storages.set(key, s);
      } else if (s.element !== element || s.values.length !== numel) {
        fail(`storage ${JSON.stringify(key)} is named with two types or sizes`);
      }
      return s;
    },
  });
  const keys = next();
  if (
    !Array.isArray(keys) || keys.length !== storages.size || !keys.every((k) => storages.has(k))
  ) {
    fail("the legacy file's list of storage keys is not the list of the storages its object names");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const key of keys as string[]) {
    const s = storages.get(key)!;
    if (at + 8 > bytes.length) fail(`the file ends before storage ${JSON.stringify(key)}`);
    const numel = view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
    if (numel !== s.values.length) {
      fail(
        `storage ${
          JSON.stringify(key)
        } has ${numel} elements in the file, ${s.values.length} in its persistent id`,
      );
    }
    const n = numel * (ELEMENT_BITS[s.element] / 8);
    if (at + 8 + n > bytes.length) fail(`the file ends inside storage ${JSON.stringify(key)}`);
    readElements(bytes.subarray(at + 8, at + 8 + n), s.element, storageError(key), s.values);
    at += 8 + n;
  }
  if (at !== bytes.length) {
    fail(`the legacy file has ${bytes.length - at} bytes after its last storage`);
  }
  return value;
}

/**
 * The tensors of a `torch.save(model.state_dict(), path)` file, by name: the bytes of such a
 * file (PyTorch's zip format, or its legacy one), read by the restricted unpickler of
 * {@linkcode loadTorchObject}, which refuses every global but those of a state dict. The result
 * goes straight into `module.loadStateDict()`. For anything but a flat dict of tensors (an
 * optimizer's state dict, a checkpoint dict) use {@linkcode loadTorchObject}. Needs no
 * permission. Python: `torch.load(path, weights_only=True)`.
 *
 * @param bytes The file.
 * @returns The tensors by name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTorch } from "@descent/io";
 * // torch.save(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)).state_dict(), path)
 * const file = Deno.readFileSync(new URL("../conformance/io/torch2/model.pt", import.meta.url));
 * const sd = loadTorch(file);
 * assert.deepEqual(Object.keys(sd), ["0.weight", "0.bias", "2.weight", "2.bias"]);
 * assert.deepEqual(sd["0.weight"].shape, [8, 4]);
 * ```
 */
export function loadTorch(bytes: Uint8Array): Record<string, Tensor> {
  const v = loadTorchObject(bytes);
  if (!(v instanceof Map)) {
    throw new TypeError(
      `loadTorch(): the file holds ${kindOf(v)}, not a state dict (use loadTorchObject)`,
    );
  }
  const out: Record<string, Tensor> = {};
  for (const [k, t] of v) {
    if (typeof k !== "string" || !(t instanceof Tensor)) {
      throw new TypeError(
        `loadTorch(): the file's dict maps ${kindOf(k)} to ${
          kindOf(t)
        }, not names to tensors (use loadTorchObject)`,
      );
    }
    setOwn(out, k, t);
  }
  return out;
}

function kindOf(v: unknown): string {
  if (v instanceof Map) return "a dict";
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Tensor) return "a tensor";
  return describe(v);
}
