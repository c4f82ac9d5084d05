// Property test of the torch.save reader (fast-check, fixed seed, a few hundred cases): random
// corruptions of PyTorch-written files — of the archive's bytes, or of its pickle and storage
// records with their CRCs made right again, so that the unpickler sees them — load or throw an
// UnpicklingError or a ZipError, never anything else.

import fc from "npm:fast-check@4.11.0";
import { loadTorchObject, UnpicklingError, ZipError } from "@descent/io";
import { readZip } from "./zip.ts";
import { zipStored } from "./testdata/archive.ts";

const DIR = new URL("../conformance/io/", import.meta.url);
const FILES = ["torch2/model.pt", "torch2/views.pt", "torch2/optimizer.pt", "torch1/dtypes.pt"]
  .map((f) => Deno.readFileSync(new URL(f, DIR)));
const LEGACY = Deno.readFileSync(new URL("torch1/legacy.pt", DIR));

type Edit = { at: number; remove: number; insert: number[] };

const editArb: fc.Arbitrary<Edit[]> = fc.array(
  fc.record({
    at: fc.nat(),
    remove: fc.integer({ min: 0, max: 3 }),
    // Pickle opcodes and small arguments more often than other bytes.
    insert: fc.array(
      fc.oneof(
        fc.constantFrom(0x28, 0x2e, 0x52, 0x62, 0x71, 0x68, 0x75, 0x74, 0x51, 0x4b, 0x58),
        fc.nat(255),
      ),
      { maxLength: 3 },
    ),
  }),
  { minLength: 1, maxLength: 3 },
);

function edit(bytes: Uint8Array, edits: Edit[]): Uint8Array {
  let out = bytes;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = Uint8Array.from([...out.subarray(0, at), ...e.insert, ...out.subarray(at + e.remove)]);
  }
  return out;
}

function loads(bytes: Uint8Array): void {
  try {
    loadTorchObject(bytes);
  } catch (e) {
    if (!(e instanceof UnpicklingError || e instanceof ZipError)) throw e;
  }
}

Deno.test("fuzz: corrupted torch.save files load or throw UnpicklingError/ZipError", () => {
  fc.assert(
    fc.property(
      fc.nat(FILES.length - 1),
      fc.nat(),
      editArb,
      fc.boolean(),
      (f, which, edits, raw) => {
        if (raw) return loads(edit(which % 2 ? LEGACY : FILES[f], edits));
        // Edit one record (the pickle most often) and rebuild the archive with right CRCs.
        const entries = [...readZip(FILES[f]).values()].map((e) =>
          [e.name, e.data] as [string, Uint8Array]
        );
        const pkl = entries.findIndex(([n]) => n.endsWith("data.pkl"));
        const k = which % 3 === 0 ? which % entries.length : pkl;
        entries[k] = [entries[k][0], edit(entries[k][1], edits)];
        loads(zipStored(entries));
      },
    ),
    { seed: 20261130, numRuns: 300 },
  );
});
