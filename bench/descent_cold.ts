// W5 cold start: import descent, build a 3×3 tensor, run one backward, print. No permissions.
import { tensor } from "@descent/tensor";

const x = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]], { dtype: "float32", requiresGrad: true });
x.mul(x).sum().backward();
console.log(String(x.grad));
