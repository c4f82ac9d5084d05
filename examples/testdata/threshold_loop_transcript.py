#!/usr/bin/python3
"""Writes the PyTorch transcripts that examples/threshold_loop_test.ts compares byte for byte.

Run from anywhere with Debian's PyTorch 1.13 (`/usr/bin/python3`):

    /usr/bin/python3 examples/testdata/threshold_loop_transcript.py

It runs the tutorial's loop exactly as written (manual update, detach_, requires_grad_)
and writes what it prints:

- threshold_loop_transcript.txt: the start `pred` printed in the tutorial's document
  (lr = 1, threshold = 1e-5) -- what `deno run examples/threshold_loop.ts --from-document`
  must print;
- threshold_loop_seed0_transcript.txt: the start `torch.manual_seed(0); torch.rand_like(y)`
  -- what `deno run examples/threshold_loop.ts` (seed 0 by default) must print, since
  @descent/tensor's generator reproduces PyTorch's CPU mt19937 stream.
"""

import io
import os
from contextlib import redirect_stdout

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

# The target of the tutorial.
Y = [[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]]
# The `pred` printed in the tutorial's document (its torch.rand_like draw).
DOCUMENT_PRED = [[0.4731, 0.1600, 0.5629], [0.2523, 0.2999, 0.1291], [0.3720, 0.8593, 0.8111]]


def tutorial(pred, y, lr=1, threshold=1e-5):
    """The tutorial's loop, line for line."""
    print(pred)
    loss = F.mse_loss(y, pred)
    i = 0
    while not loss < threshold:
        i += 1
        loss.backward()
        pred = pred - lr * pred.grad
        pred.detach_()
        pred.requires_grad_(True)
        loss = F.mse_loss(y, pred)
        print('%d-th Loss : %.4e' % (i, loss))
    print(pred)


def transcript(make_pred):
    buf = io.StringIO()
    with redirect_stdout(buf):
        y = torch.FloatTensor(Y)
        tutorial(make_pred(y), y)
    return buf.getvalue()


def from_document(y):
    return torch.tensor(DOCUMENT_PRED, requires_grad=True)


def from_seed0(y):
    torch.manual_seed(0)
    return torch.rand_like(y, requires_grad=True)


for name, make in [("threshold_loop_transcript.txt", from_document),
                   ("threshold_loop_seed0_transcript.txt", from_seed0)]:
    text = transcript(make)
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text)
    print("wrote %s (%d lines, torch %s)" % (name, text.count("\n"), torch.__version__))
