// W5 cold start: import js-pytorch, build a 3×3 tensor, run one backward, print.
import { torch } from "js-pytorch";

const x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]], true);
x.mul(x).sum().sum().backward();
console.log(x.grad);
