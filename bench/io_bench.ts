// @descent/io: safetensors and torch.save files of a 16 MB float32 state dict (4 tensors of 1M
// elements) and of W4's MLP (784→256→10, 0.8 MB): `deno task bench`. PyTorch's figures for the
// same files are in bench/README.md ("Saving and loading").
import { manualSeed, randn } from "@descent/tensor";
import { loadSafetensors, loadTorch, saveSafetensors } from "@descent/io";

manualSeed(0);
const big = Object.fromEntries([0, 1, 2, 3].map((i) => [`layer${i}.weight`, randn([1024, 1024])]));
const mlp = {
  "0.weight": randn([256, 784]),
  "0.bias": randn([256]),
  "2.weight": randn([10, 256]),
  "2.bias": randn([10]),
};
const bigBytes = saveSafetensors(big);
const mlpBytes = saveSafetensors(mlp);
const torchBytes = Deno.readFileSync(new URL("../conformance/io/torch2/model.pt", import.meta.url));

Deno.bench("saveSafetensors 16 MB (4 × 1M float32)", { group: "16 MB" }, () => {
  saveSafetensors(big);
});
Deno.bench("loadSafetensors 16 MB (4 × 1M float32)", { group: "16 MB" }, () => {
  loadSafetensors(bigBytes);
});
Deno.bench("saveSafetensors MLP 784→256→10", { group: "mlp" }, () => {
  saveSafetensors(mlp);
});
Deno.bench("loadSafetensors MLP 784→256→10", { group: "mlp" }, () => {
  loadSafetensors(mlpBytes);
});
Deno.bench("loadTorch a small state dict (4 tensors, 2.5 KB, PyTorch 2.x zip)", () => {
  loadTorch(torchBytes);
});
