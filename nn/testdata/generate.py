"""Writes nn/testdata/sequential.pt: torch.save of the state dict of
Sequential(Linear(2, 3), ReLU(), Linear(3, 1)) made after torch.manual_seed(0), for
nn/io_test.ts (a PyTorch checkpoint loaded into descent's Module).

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 nn/testdata/generate.py
"""

import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
torch.save(model.state_dict(), os.path.join(HERE, "sequential.pt"))
