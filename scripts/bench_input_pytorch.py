#!/usr/bin/env python3
"""The twin of `recipe bench input`: PIL + torchvision's training transforms on a folder of JPEGs.

Usage: scripts/bench_input_pytorch.py --dir DIR [--threads N] [--size 224] [--seconds S] [--out FILE.json]
Per image, as torchvision's classification reference trains: open and decode with PIL, convert to
RGB, RandomResizedCrop(size) (bilinear, antialias as torchvision 0.14's default for PIL),
RandomHorizontalFlip, ToTensor (PILToTensor + float scaling), Normalize with ImageNet's mean/std.
--threads runs that many worker processes (torch.utils.data.DataLoader's num_workers model, each with
one torch thread); images/s counts finished tensors. Debian's python3-torch and python3-torchvision,
with their own defaults otherwise. Files are read from disk every time (the page cache is warm after
the first pass, as in training).
"""
import argparse
import json
import multiprocessing as mp
import os
import platform
import time

import torch
import torchvision
from PIL import Image
from torchvision import transforms


def files_of(root):
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.join(d, n) for n in names if n.lower().endswith((".jpg", ".jpeg", ".png"))]
    return sorted(out)


def worker(args):
    files, size, seconds, seed = args
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    t = transforms.Compose([
        transforms.RandomResizedCrop(size),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    for f in files[:20]:  # warm-up
        with open(f, "rb") as fh:
            t(Image.open(fh).convert("RGB"))
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        with open(files[n % len(files)], "rb") as fh:
            x = t(Image.open(fh).convert("RGB"))
        n += 1
    return n, time.perf_counter() - start, tuple(x.shape)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--out")
    a = ap.parse_args()
    files = files_of(a.dir)
    if not files:
        raise SystemExit(f"{a.dir}: no JPEG or PNG files")
    jobs = [(files[i::a.threads], a.size, a.seconds, i) for i in range(a.threads)]
    if a.threads == 1:
        results = [worker(jobs[0])]
    else:
        with mp.get_context("fork").Pool(a.threads) as pool:
            results = pool.map(worker, jobs)
    images = sum(r[0] for r in results)
    seconds = max(r[1] for r in results)
    report = {
        "tool": "PIL + torchvision transforms",
        "imagesPerSecond": images / seconds,
        "imagesPerSecondPerThread": images / seconds / a.threads,
        "threads": a.threads, "size": a.size, "images": images, "seconds": seconds,
        "files": len(files), "outputShape": list(results[0][2]),
        "torch": torch.__version__, "torchvision": torchvision.__version__,
        "pillow": Image.__version__, "python": platform.python_version(), "cpus": os.cpu_count(),
    }
    text = json.dumps(report, indent=2)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
