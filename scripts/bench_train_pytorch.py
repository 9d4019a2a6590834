#!/usr/bin/env python3
"""Optional dev tooling: the eager-PyTorch twin of `recipe bench train` (not used by build or tests).

Same model (torchvision ResNet with scaled width and stem, as scripts/compare_torchvision.py
builds it), same synthetic batch shape, same step as the training stage's: batch copied in, forward,
cross-entropy, backward, SGD with momentum 0.9 (lr 0.01), loss and top-1 read back each step. Timed after warm-up; writes the same JSON fields.

  /usr/bin/python3 scripts/bench_train_pytorch.py --depth 50 --width 16 --stem small --channels 1 \
      --classes 10 --image-size 28 --batch 128 --steps 20 --warmup 3 --threads 2 --out bench-py.json
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_torchvision import build  # noqa: E402


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--depth", type=int, default=50)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--stem", default="imagenet", choices=["imagenet", "small"])
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--interop-threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "fp16"],
                   help="fp32, or torch.autocast(device_type='cpu', dtype=...) around forward and loss")
    p.add_argument("--memory-format", default="contiguous", choices=["contiguous", "channelsLast"],
                   help="contiguous is eager PyTorch's default; channelsLast converts model and input")
    p.add_argument("--devices", type=int, default=1, help="accepted for option parity; only 1 is measured here")
    p.add_argument("--out")
    a = p.parse_args()
    if a.devices != 1:
        p.error("--devices: this twin measures one device only")
    autocast_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(a.precision)
    if a.precision == "fp16":
        try:
            with torch.autocast(device_type="cpu", dtype=torch.float16):
                pass
        except RuntimeError as e:
            p.error(f"--precision fp16: this PyTorch's CPU autocast refuses float16 ({e})")

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.interop_threads)
    torch.manual_seed(a.seed)
    model = build(a.depth, a.width, a.stem, a.channels, a.classes)
    model.train()
    x = torch.randn(a.batch, a.channels, a.image_size, a.image_size)
    if a.memory_format == "channelsLast":
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, a.classes, (a.batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    load_before = os.getloadavg()[0]
    times, losses = [], []
    phases = []
    for step in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        # mirrors the training stage's step: batch copied in, loss and top-1 read back
        opt.zero_grad(set_to_none=True)
        if autocast_dtype is None:
            out = model(x.clone())
            loss = loss_fn(out, y)
        else:
            with torch.autocast(device_type="cpu", dtype=autocast_dtype):
                out = model(x.clone())
                loss = loss_fn(out, y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        lv = loss.item()
        (out.argmax(1) == y).sum().item()
        dt = time.perf_counter() - t0
        losses.append(lv)
        if step >= a.warmup:
            times.append(dt)
            phases.append((t1 - t0, t2 - t1, t3 - t2))
        print(f"step {step} {'(warm-up) ' if step < a.warmup else ''}{dt:.3f}s loss {lv:.4f}", file=sys.stderr)
    total = sum(times)
    n_params = sum(t.numel() for t in model.parameters() if t.requires_grad)
    result = {
        "framework": "pytorch-eager",
        "options": {"depth": a.depth, "width": a.width, "stem": a.stem, "channels": a.channels,
                    "classes": a.classes, "imageSize": a.image_size, "batch": a.batch, "steps": a.steps,
                    "warmup": a.warmup, "threads": a.threads, "interopThreads": a.interop_threads,
                    "seed": a.seed, "precision": a.precision, "memoryFormat": a.memory_format},
        "parameters": n_params,
        "imagesPerSecond": a.batch * a.steps / total,
        "totalSeconds": total,
        "stepSecondsMedian": statistics.median(times),
        "stepSecondsMin": min(times),
        "stepSecondsMax": max(times),
        "stepSeconds": times,
        # medians of the timed steps: forward with the loss, backward, optimizer step (CPU: exact)
        "phases": {"forwardSeconds": statistics.median(p[0] for p in phases),
                   "backwardSeconds": statistics.median(p[1] for p in phases),
                   "updateSeconds": statistics.median(p[2] for p in phases)},
        "firstLoss": losses[0],
        "lastLoss": losses[-1],
        "environment": {
            "torch": torch.__version__,
            "intraOpThreads": torch.get_num_threads(),
            "interOpThreads": torch.get_num_interop_threads(),
            "mkldnn": torch.backends.mkldnn.is_available(),
            "python": platform.python_version(),
            "os": platform.platform(),
            "availableProcessors": os.cpu_count(),
            "cpuModel": cpu_model(),
            "loadAverageBefore": load_before,
            "loadAverageAfter": os.getloadavg()[0],
            "ompEnvironment": {k: os.environ[k] for k in
                               ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "MALLOC_MMAP_THRESHOLD_",
                                "MALLOC_TRIM_THRESHOLD_", "MALLOC_ARENA_MAX")
                               if k in os.environ},
        },
    }
    text = json.dumps(result, indent=2)
    if a.out:
        tmp = a.out + ".tmp"
        with open(tmp, "w") as f:
            f.write(text + "\n")
        os.replace(tmp, a.out)
    print(f"pytorch {a.depth}/w{a.width}/{a.stem} batch {a.batch} {a.image_size}px: "
          f"{a.precision} {a.memory_format}: {result['imagesPerSecond']:.1f} images/s (median step {result['stepSecondsMedian']:.3f} s, "
          f"{torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
