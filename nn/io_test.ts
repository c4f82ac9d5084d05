// @descent/nn with @descent/io: a PyTorch checkpoint loaded into a Module, and a Module's state
// through safetensors and training checkpoints (io reads and writes `stateDict()`).

import assert from "node:assert/strict";
import {
  loadCheckpoint,
  loadSafetensors,
  loadTorch,
  saveCheckpoint,
  saveSafetensors,
} from "@descent/io";
import { Linear, ReLU, Sequential } from "@descent/nn";
import { Adam } from "@descent/optim";
import { manualSeed, ones } from "@descent/tensor";

const model = () => new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
const values = (m: Sequential) => Object.values(m.stateDict()).map((t) => t.toList());

Deno.test("a state dict saved by PyTorch loads into the same Module, key for key", async () => {
  // nn/testdata/sequential.pt: torch.manual_seed(0); the same Sequential; torch.save(state_dict)
  const sd = loadTorch(await Deno.readFile(new URL("testdata/sequential.pt", import.meta.url)));
  manualSeed(0);
  const reference = model();
  manualSeed(1);
  const m = model();
  assert.deepEqual(m.loadStateDict(sd), { missingKeys: [], unexpectedKeys: [] });
  // PyTorch's initial weights for seed 0 are descent's: the loaded values equal them exactly.
  assert.deepEqual(values(m), values(reference));
});

Deno.test("a Module's state through safetensors", () => {
  manualSeed(0);
  const a = model();
  const b = model();
  b.loadStateDict(loadSafetensors(saveSafetensors(a.stateDict())));
  assert.deepEqual(values(b), values(a));
});

Deno.test("a Module and its optimizer through a training checkpoint", () => {
  manualSeed(0);
  const m = model();
  const opt = new Adam(m.parameters(), { lr: 0.1 });
  const step = () => {
    opt.zeroGrad();
    m.forward(ones([4, 2])).square().mean().backward();
    opt.step();
  };
  step();
  const bytes = saveCheckpoint({ model: m, optimizer: opt, epoch: 1 });
  step();
  const after = values(m);
  const restored = model();
  const opt2 = new Adam(restored.parameters(), { lr: 0.1 });
  assert.deepEqual(loadCheckpoint(bytes, { model: restored, optimizer: opt2 }), { epoch: 1 });
  opt2.zeroGrad();
  restored.forward(ones([4, 2])).square().mean().backward();
  opt2.step();
  assert.deepEqual(values(restored), after);
});
