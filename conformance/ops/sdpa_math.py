"""PyTorch 2.x's scaled_dot_product_attention for the fixtures of conformance/ops (PyTorch 1.13,
which generates them, has none): its CPU math path written in 1.13's ops (`sdpa`), and which of
its kernels 2.x's CPU dispatch picks (`sdpa_flash_2x`, which decides the node name).

`python3 conformance/ops/sdpa_math.py` with PyTorch 2.x importable (here:
`PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/ops/sdpa_math.py`) checks both against
F.scaled_dot_product_attention: values and gradients within a few float32 ulp (2.13: at most
6e-7 relative; the math path's values bit for bit, dropout included), and the node names.
"""
import math

import torch

class SafeSoftmax(torch.autograd.Function):
    """2.x's _safe_softmax along the last dim: softmax, zeros on rows that are all -inf, and the
    backward _softmax_backward_data(grad, result) (zeros there too; 1.13 has no such op)."""

    @staticmethod
    def forward(ctx, x):
        out = x.softmax(-1)
        out = torch.where((x == -math.inf).all(-1, keepdim=True), torch.zeros_like(out), out)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return y * (g - (g * y).sum(-1, keepdim=True))


def sdpa(q, k, v, mask, dropout_p, is_causal, scale, seed):
    """F.scaled_dot_product_attention as PyTorch 2.x's math path computes it, in 1.13's ops
    (1.13 has none). Checked against 2.13: equal bits, dropout included (at::dropout draws
    bernoulli_(1 - p), as 1.13's F.dropout does). `seed` seeds the generator for the call only."""
    if seed is not None:
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            return sdpa(q, k, v, mask, dropout_p, is_causal, scale, None)
    L, S = q.size(-2), k.size(-2)
    if L == 0 or S == 0:
        shape = torch.broadcast_shapes(q.shape[:-2], k.shape[:-2]) + (L, v.size(-1))
        return torch.zeros(shape, dtype=q.dtype) + (q.sum() + k.sum() + v.sum()) * 0
    scale = 1 / math.sqrt(q.size(-1)) if scale is None else scale
    sf = math.sqrt(abs(scale))
    if is_causal:
        causal = torch.zeros(L, S, dtype=q.dtype).masked_fill(
            torch.ones(L, S, dtype=torch.bool).tril().logical_not(), -math.inf
        )
        mask = causal if mask is None else mask + causal  # both: the flash kernel only
    attn = (q * (-sf if scale < 0 else sf)) @ (k.transpose(-2, -1) * sf)
    if mask is not None:
        attn = attn + mask
    attn = SafeSoftmax.apply(attn)
    if dropout_p > 0:
        attn = torch.nn.functional.dropout(attn, dropout_p, True)
    return attn @ v


def sdpa_flash_2x(ins, p):
    """Whether PyTorch 2.x's CPU dispatch picks its flash kernel (_fused_sdp_choice_cpp)."""
    q, k, v = ins[:3]
    mask = ins[3] if len(ins) > 3 else None
    if p.get("dropoutP", 0) > 0 or q.dim() != 4 or k.dim() != 4 or v.dim() != 4:
        return False
    if not (q.shape[:2] == k.shape[:2] == v.shape[:2]):
        return False
    if mask is not None:
        if mask.requires_grad or mask.size(-2) not in (1, q.size(2)):
            return False
        if mask.size(-1) not in (1, k.size(2)):
            return False
        if mask.dim() == 4:
            if mask.size(0) not in (1, q.size(0)) or mask.size(1) not in (1, q.size(1)):
                return False
        elif mask.dim() != 2:
            return False
    if not (q.size(-1) == k.size(-1) == v.size(-1)):
        return False
    if q.size(2) == 0 or k.size(2) == 0:
        return False
    return q.stride(-1) == 1 and k.stride(-1) == 1 and v.stride(-1) == 1



def check_against_2x():
    F = torch.nn.functional
    torch.manual_seed(0)
    worst = {False: 0.0, True: 0.0}
    checked = 0
    for dtype in (torch.float32, torch.float64):
        for b, l, s, e, ev in [((2, 2), 3, 5, 4, 4), ((1, 2), 4, 4, 3, 3), ((2,), 3, 5, 4, 4),
                               ((1, 2), 3, 5, 4, 3), ((), 3, 5, 4, 2)]:
            q = torch.randn(*b, l, e, dtype=dtype, requires_grad=True)
            k = torch.randn(*b, s, e, dtype=dtype, requires_grad=True)
            v = torch.randn(*b, s, ev, dtype=dtype, requires_grad=True)
            masks = [None, torch.randn(l, s, dtype=dtype),
                     torch.tensor([-math.inf] * s + [0.0] * s * (l - 1), dtype=dtype).view(l, s)]
            for mask in masks:
                for kw in [dict(), dict(is_causal=True), dict(scale=-0.7), dict(dropout_p=0.4)]:
                    if mask is not None and kw.get("is_causal"):
                        continue  # the flash kernel takes both, the math path refuses
                    seed = 3 if "dropout_p" in kw else None
                    torch.manual_seed(5)
                    want = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, **kw)
                    got = sdpa(q, k, v, mask, kw.get("dropout_p", 0.0), kw.get("is_causal", False),
                               kw.get("scale"), None)
                    if seed is not None:  # same stream position: redo both from one seed
                        torch.manual_seed(seed)
                        want = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, **kw)
                        got = sdpa(q, k, v, mask, kw["dropout_p"], False, None, seed)
                    g = torch.randn_like(want)
                    gw = torch.autograd.grad(want, (q, k, v), g)
                    gg = torch.autograd.grad(got, (q, k, v), g)
                    ins = [q, k, v] + ([mask] if mask is not None else [])
                    p = {"dropoutP": kw.get("dropout_p", 0.0)}
                    flash = want.grad_fn.name() == "ScaledDotProductFlashAttentionForCpuBackward0"
                    assert flash == sdpa_flash_2x(ins, p), (b, l, s, e, ev, kw)
                    for x, y in [(want, got), *zip(gw, gg)]:
                        d = (x - y).abs().max().item() / max(1.0, x.abs().max().item())
                        worst[flash] = max(worst[flash], d)
                    checked += 1
    print(f"{checked} cases; largest relative difference: math path {worst[False]}, "
          f"flash kernel {worst[True]}")


if __name__ == "__main__":
    check_against_2x()
