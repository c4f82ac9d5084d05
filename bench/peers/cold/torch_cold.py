# W5 cold start: import torch, build a 3x3 tensor, run one backward, print.
import torch

x = torch.tensor([[1., 2, 3], [4, 5, 6], [7, 8, 9]], requires_grad=True)
(x * x).sum().backward()
print(x.grad)
