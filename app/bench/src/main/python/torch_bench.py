#!/usr/bin/env python3
"""PyTorch peer of ModelBench's benchmark harness (app/bench): the same shapes on the CPU, same thread count.

The Java harness starts `python3 torch_bench.py serve --threads 2` once and sends one JSON request per line on
stdin; each answer is one JSON line on stdout. So PyTorch and DL4J repetitions alternate in one run and never
overlap on the CPU. By hand:

    /usr/bin/python3 torch_bench.py info
    /usr/bin/python3 torch_bench.py mm --n 2048 --reps 10
    /usr/bin/python3 torch_bench.py run '{"op": "mlp", "features": "f.bin", "labels": "l.bin", "rows": 16000, ...}'

Data files are written by the harness: little-endian float32 features (rows x cols) and int32 class labels.
Without torch it prints {"error": "no torch", ...} and exits with status 3.
"""
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError as e:  # the harness reports this and skips the PyTorch columns
    print(json.dumps({"error": "no torch", "detail": str(e), "python": sys.executable}), flush=True)
    sys.exit(3)

import numpy as np


def setup(threads):
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already set (only possible before the first parallel work)
    flush = torch.set_flush_denormal(True)
    return flush


def info(threads):
    return {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "requested_threads": threads,
        "flush_denormal": FLUSH,
        "mkldnn": bool(torch.backends.mkldnn.is_available()),
        "blas": _blas(),
        "blas_library": _blas_library(),
        "openblas_core": _openblas_core(),
    }


def _blas():
    try:
        cfg = torch.__config__.show()
        for line in cfg.splitlines():
            if "BLAS_INFO" in line:
                return line.strip()
    except Exception:  # noqa: BLE001 - informational only
        pass
    return "unknown"


def _blas_library():
    """The BLAS shared library this process loaded (Debian's torch uses whatever libblas.so.3 points at)."""
    libs = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in path.rsplit("/", 1)[-1]:
                    libs.add(path)
    except OSError:
        return "unknown"
    return sorted(libs)


def _openblas_core():
    """OpenBLAS's kernel in force, when libblas is OpenBLAS (None for the reference BLAS: ~60x slower)."""
    import ctypes
    for path in _blas_library() if isinstance(_blas_library(), list) else []:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return None


def load(req):
    rows, cols = int(req["rows"]), int(req["cols"])
    x = np.fromfile(req["features"], dtype="<f4", count=rows * cols).reshape(rows, cols)
    y = np.fromfile(req["labels"], dtype="<i4", count=rows).astype(np.int64)
    return torch.from_numpy(x.copy()), torch.from_numpy(y)


def batches(x, y, batch):
    # pre-made mini-batches in a list, as the bare DL4J loop (ListDataSetIterator over batchBy)
    return [(x[i:i + batch].contiguous(), y[i:i + batch].contiguous()) for i in range(0, x.shape[0], batch)]


def train(model, data, epochs, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    samples = 0
    loss = None
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(epochs):
        for xb, yb in data:
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            samples += xb.shape[0]
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0  # all threads of this process
    return {"samples": samples, "seconds": seconds, "samples_per_s": samples / seconds,
            "cpu_seconds": cpu, "samples_per_cpu_s": samples / cpu,
            "final_loss": float(loss.item()) if loss is not None else None}


def op_mlp(req):
    x, y = load(req)
    torch.manual_seed(int(req.get("seed", 42)))
    layers, n_in = [], int(req["cols"])
    for units in req["hidden"]:
        layers += [nn.Linear(n_in, units), nn.ReLU()]
        n_in = units
    layers.append(nn.Linear(n_in, int(req["classes"])))  # softmax is inside CrossEntropyLoss
    model = nn.Sequential(*layers)
    return train(model, batches(x, y, int(req["batch"])), int(req["epochs"]), float(req["lr"]))


def op_lenet(req):
    x, y = load(req)
    side = int(req.get("side", 28))
    x = x.reshape(-1, 1, side, side)
    torch.manual_seed(int(req.get("seed", 42)))
    # DL4J's LeNet example: conv5x5x20 (identity) - max2x2 - conv5x5x50 (identity) - max2x2 - dense500 relu - 10
    flat = 50 * (((side - 4) // 2 - 4) // 2) ** 2
    model = nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(flat, 500), nn.ReLU(),
        nn.Linear(500, int(req["classes"])))
    return train(model, batches(x, y, int(req["batch"])), int(req["epochs"]), float(req["lr"]))


def op_mm(req):
    """Seconds per C = A @ B for float32 (m x k) @ (k x n), `reps` calls after `warmup` untimed ones."""
    m = int(req.get("m", req.get("n", 2048)))
    k = int(req.get("k", m))
    n = int(req.get("n", m))
    calls = int(req.get("calls", 1))  # calls per timed repetition (for small shapes)
    g = torch.Generator().manual_seed(1)
    a = torch.rand(m, k, generator=g)
    b = torch.rand(k, n, generator=g)
    c = torch.empty(m, n)
    for _ in range(int(req.get("warmup", 2))):
        torch.mm(a, b, out=c)
    times = []
    for _ in range(int(req.get("reps", 5))):
        t0 = time.perf_counter()
        for _ in range(calls):
            torch.mm(a, b, out=c)
        times.append((time.perf_counter() - t0) / calls)
    return {"seconds": times, "flops": 2.0 * m * n * k}


def op_infer(req):
    """Inference as a server pays it: `calls` timed calls of `batch` rows each (after `warmup` untimed ones), each from
    a numpy slice to class probabilities and labels in numpy, in eval mode without autograd; seconds per call.
    model: "mlp" (784-256-256-10, relu) or "lenet" (op_lenet's network)."""
    rows, cols = int(req["rows"]), int(req["cols"])
    x = np.fromfile(req["features"], dtype="<f4", count=rows * cols).reshape(rows, cols)
    torch.manual_seed(int(req.get("seed", 42)))
    if req["model"] == "lenet":
        side = int(req.get("side", 28))
        x = x.reshape(-1, 1, side, side)
        flat = 50 * (((side - 4) // 2 - 4) // 2) ** 2
        model = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
                              nn.Flatten(), nn.Linear(flat, 500), nn.ReLU(), nn.Linear(500, 10))
    else:
        layers, n_in = [], cols
        for units in req.get("hidden", [256, 256]):
            layers += [nn.Linear(n_in, units), nn.ReLU()]
            n_in = units
        model = nn.Sequential(*layers, nn.Linear(n_in, 10))
    model.eval()
    batch, calls, warmup = int(req["batch"]), int(req["calls"]), int(req.get("warmup", 5))
    times = []
    with torch.no_grad():
        for i in range(warmup + calls):
            start = (i * batch) % (rows - batch + 1)
            t0 = time.perf_counter()
            p = torch.softmax(model(torch.from_numpy(x[start:start + batch])), 1).numpy()
            p.argmax(1)
            if i >= warmup:
                times.append(time.perf_counter() - t0)
    return {"seconds": times}


OPS = {"info": lambda req: info(THREADS), "mlp": op_mlp, "lenet": op_lenet, "mm": op_mm, "infer": op_infer}
THREADS = 2
FLUSH = False


def answer(req):
    try:
        op = OPS[req["op"]]
    except KeyError:
        return {"error": "unknown op " + repr(req.get("op"))}
    try:
        return op(req)
    except Exception as e:  # noqa: BLE001 - reported to the harness as data
        return {"error": type(e).__name__ + ": " + str(e)}


def main(argv):
    global THREADS, FLUSH
    args = list(argv)
    if "--threads" in args:
        i = args.index("--threads")
        THREADS = int(args[i + 1])
        del args[i:i + 2]
    FLUSH = setup(THREADS)
    cmd = args[0] if args else "info"
    if cmd == "serve":
        print(json.dumps(info(THREADS)), flush=True)
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            req = json.loads(line)
            if req.get("op") == "quit":
                break
            print(json.dumps(answer(req)), flush=True)
        return 0
    if cmd == "run":
        print(json.dumps(answer(json.loads(args[1]))))
        return 0
    if cmd == "mm":
        req = {"op": "mm"}
        for key, value in zip(args[1::2], args[2::2]):
            req[key.lstrip("-")] = int(value)
        res = answer(req)
        if "seconds" in res:
            res["gflops"] = [res["flops"] / s / 1e9 for s in res["seconds"]]
        print(json.dumps(res))
        return 0
    print(json.dumps(info(THREADS)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
