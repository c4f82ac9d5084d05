"""PyTorch as a peer of descent's comparison harness (run by bench/compare.ts with
/usr/bin/python3). Same workloads and timing method as bench/harness/peer.ts; prints one JSON
line. Flags: --threads N, --only W1,W3, --quick, --w6 ITERATIONS, --w6b ITERATIONS,
--sizes 64,256."""

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time

# The BLAS library runs its own threads, which torch.set_num_threads does not govern (OpenBLAS
# reads its variable once, when it loads): set them before torch is imported.
_THREADS = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = _THREADS

import torch  # noqa: E402 - after the thread variables
import torch.nn.functional as F  # noqa: E402

TARGET = [[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]]
W1_LR = 0.01
W3_SIZES = [64, 256, 512, 1024]
W1_COLD_ITERATIONS = 10_000  # W1c: the first this many iterations of a fresh process


def measure(fn, warmup_ms, reps, rep_ms, budget_ms):
    start = time.perf_counter()
    calls, spent = 0, 0.0
    while calls < 2 or spent < warmup_ms / 1e3:
        t0 = time.perf_counter()
        fn()
        spent += time.perf_counter() - t0
        calls += 1
        if spent > budget_ms / 3e3:
            break
    per_call = spent / calls
    batch = max(1, round(rep_ms / 1e3 / max(per_call, 1e-9)))
    times = []
    while len(times) < reps:
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        times.append((time.perf_counter() - t0) / batch)
        if len(times) >= 3 and time.perf_counter() - start > budget_ms / 1e3:
            break
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "reps": len(times), "batch": batch}


def w1(kept=None):
    """The tutorial loop; with a list `kept`, W6b: `kept.append(loss.detach())` every iteration."""
    y = torch.tensor(TARGET)
    state = {"pred": torch.rand_like(y, requires_grad=True)}

    def it():
        pred = state["pred"]
        loss = F.mse_loss(pred, y)
        loss.backward()
        pred = pred - W1_LR * pred.grad
        pred.detach_()
        pred.requires_grad_(True)
        state["pred"] = pred
        if kept is not None:
            kept.append(loss.detach())
        return loss.item()
    return it


def w2():
    n = 1_000_000
    a, b, c = (torch.rand(n, requires_grad=True) for _ in range(3))

    def it():
        a.grad = b.grad = c.grad = None
        (a * b + c).sum().backward()
    return it


def w3(n):
    a, b = torch.rand(n, n), torch.rand(n, n)
    return lambda: torch.mm(a, b)


def mlp_step():
    """The MLP of W4 and W7, 784->256 (relu)->10, and its step: MSE, SGD lr 0.01."""
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step(x, target):
        opt.zero_grad()
        loss = F.mse_loss(model(x), target)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def w4():
    x, target = torch.randn(128, 784), torch.randn(128, 10)
    step = mlp_step()
    return lambda: step(x, target)


def w7():
    """W4's step fed by a shuffling DataLoader over 60 000 samples, batch 128 (W7_SAMPLES)."""
    from torch.utils.data import DataLoader, TensorDataset
    n = 60_000
    data = TensorDataset(torch.randn(n, 784), torch.randn(n, 10))
    loader = DataLoader(data, batch_size=128, shuffle=True)
    step = mlp_step()
    state = {"epoch": iter(loader)}

    def it():
        try:
            x, target = next(state["epoch"])
        except StopIteration:
            state["epoch"] = iter(loader)
            x, target = next(state["epoch"])
        return step(x, target)
    return it


def w8():
    """LeNet-5's shape (bench/harness/peer.ts, W8): batch 64 of 1x28x28, cross-entropy, SGD."""
    x = torch.randn(64, 1, 28, 28)
    labels = torch.arange(64) % 10
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(256, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(),
        torch.nn.Linear(84, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def it():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()
        return loss.item()
    return it


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def blas():
    """The BLAS library PyTorch loaded (Debian's alternatives pick OpenBLAS or the reference)."""
    torch.mm(torch.rand(64, 64), torch.rand(64, 64))
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    if any("openblas" in lib for lib in libs):
        return "OpenBLAS"
    if libs:
        return "reference BLAS (" + ", ".join(sorted(libs)) + "): install libopenblas0 for speed"
    return "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--only", default="W1,W2,W3,W4,W7,W8,W6,W6b")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--w6", type=int, default=100_000)
    p.add_argument("--w6b", type=int, default=100_000)
    p.add_argument("--sizes", default=",".join(map(str, W3_SIZES)))
    p.add_argument("--budget", type=float, default=4000)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    only = set(args.only.split(","))
    opts = (dict(warmup_ms=20, reps=3, rep_ms=10, budget_ms=300) if args.quick else
            dict(warmup_ms=400, reps=7, rep_ms=150, budget_ms=args.budget))
    name = f"pytorch {args.threads}t"
    results = {}

    def timed(key, make):
        try:
            results[key] = {"stats": measure(make(), **opts)}
            print(f"  [{name}] {key}: {results[key]['stats']['median'] * 1e3:.4g} ms",
                  file=sys.stderr)
        except Exception as e:  # noqa: BLE001 - a failing workload is reported, not fatal
            results[key] = {"skipped": f"failed: {e}"}

    if "W1" in only:
        # W1c first, while nothing has run: the first iterations of a fresh process, together
        n = 1000 if args.quick else W1_COLD_ITERATIONS
        it = w1()
        t0 = time.perf_counter()
        for _ in range(n):
            it()
        t = (time.perf_counter() - t0) / n
        results["W1c"] = {"stats": {"median": t, "min": t, "max": t, "reps": 1, "batch": n}}
        timed("W1", w1)
    if "W2" in only:
        timed("W2", w2)
    if "W3" in only:
        for n in map(int, args.sizes.split(",")):
            timed(f"W3 N={n}", lambda: w3(n))
    if "W4" in only:
        timed("W4", w4)
    if "W7" in only:
        timed("W7", w7)
    if "W8" in only:
        timed("W8", w8)
    def memory(key, it, iters):
        for _ in range(1000):
            it()
        gc.collect()
        r0 = rss()
        for _ in range(iters):
            it()
        gc.collect()
        r1 = rss()
        # Python has no separate JS-style heap: report resident memory as both
        results[key] = {"memory": {"iterations": iters, "heapBefore": r0, "heapAfter": r1,
                                   "rssBefore": r0, "rssAfter": r1}}

    if "W6" in only:
        memory("W6", w1(), 1000 if args.quick else args.w6)
    if "W6b" in only:
        memory("W6b", w1([]), 1000 if args.quick else args.w6b)
    notes = [f"PyTorch {torch.__version__} (CPU), {args.threads} thread(s), BLAS: {blas()}"]
    print(json.dumps({"peer": name, "version": torch.__version__, "notes": notes,
                      "results": results}))


if __name__ == "__main__":
    main()
