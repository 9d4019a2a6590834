#!/usr/bin/env python3
"""Golden outputs of torchvision 0.14's augmentation ops for the Java tests.

Runs torchvision's own ``autoaugment._apply_op`` (tensor backend, uint8 CHW) for every op at fixed
magnitudes (both signs; nearest and bilinear, fill None and a non-zero fill for the geometric ops),
``F.erase`` for fixed boxes and values, and records the float32 magnitude tables of the three
policies. The Java tests (train/src/test/java/dev/recipe/train/data/AugmentGoldenTest.java,
AutoAugmentPolicyTest.java and RandomErasingTest.java) read the committed file and need no Python.

Regenerate (Debian's python3 with python3-torch 1.13 and python3-torchvision 0.14):

    /usr/bin/python3 scripts/make_augment_golden.py

It writes train/src/test/resources/dev/recipe/train/data/golden/augment.json.gz: one JSON object,
images as base64 HWC bytes (Java's Jackson reads base64 into byte[]), floats as numbers.
"""
import base64
import gzip
import json
import math
import os

import torch
import torchvision
from torchvision.transforms import InterpolationMode, autoaugment
from torchvision.transforms import functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train", "src", "test",
                   "resources", "dev", "recipe", "train", "data", "golden", "augment.json.gz")


def images():
    """Small deterministic uint8 CHW images with edges, gradients and a little noise."""
    g = torch.Generator().manual_seed(7)
    y, x = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    gray = 30 + 4 * x + 2 * y  # gradient in [30, 196]
    gray = torch.where((x - 13) ** 2 + (y - 9) ** 2 < 30, torch.full_like(gray, 220.0), gray)
    gray = torch.where((x > 4) & (x < 11) & (y > 16) & (y < 25), torch.full_like(gray, 12.0), gray)
    gray = gray + torch.randint(-6, 7, (28, 28), generator=g)
    gray = gray.clamp(0, 255).to(torch.uint8).unsqueeze(0)

    h, w = 20, 24
    y, x = torch.meshgrid(torch.arange(float(h)), torch.arange(float(w)), indexing="ij")
    r = 40 + 8 * x
    gch = 200 - 7 * y
    b = torch.where((x // 6 + y // 5) % 2 == 0, torch.full_like(x, 60.0), torch.full_like(x, 170.0))
    rgb = torch.stack([r, gch, b]) + torch.randint(-10, 11, (3, h, w), generator=g)
    rgb = rgb.clamp(0, 255).to(torch.uint8)

    # one constant channel and few levels: autocontrast's and equalize's degenerate branches
    flat = torch.zeros(3, 5, 6, dtype=torch.uint8)
    flat[0] = 77
    flat[1, :, 3:] = 200
    flat[1, :, :3] = 10
    flat[2] = torch.randint(0, 256, (5, 6), generator=g).to(torch.uint8)
    flat[2, 0, 0] = 3
    return {"gray": gray, "rgb": rgb, "flat": flat}


def b64(t):
    """CHW uint8 tensor -> base64 of its HWC bytes (RasterImage's layout)."""
    return base64.b64encode(t.permute(1, 2, 0).contiguous().numpy().tobytes()).decode("ascii")


GEOMETRIC = {
    "ShearX": [0.1, -0.3, 0.55, -0.99],
    "ShearY": [0.1, -0.3, 0.55, -0.99],
    "TranslateX": [3.0, -5.7, 11.0, -14.0],
    "TranslateY": [3.0, -5.7, 11.0, -14.0],
    "Rotate": [15.0, -30.0, 45.3, -135.0, 90.0],
}
COLOR = {
    "Brightness": [-0.99, -0.5, -0.1, 0.3, 0.99],
    "Color": [-0.99, -0.5, -0.1, 0.3, 0.99],
    "Contrast": [-0.99, -0.5, -0.1, 0.3, 0.99],
    "Sharpness": [-0.99, -0.5, -0.1, 0.3, 0.99],
    "Posterize": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    "Solarize": [0.0, 1.0, 127.5, 128.0, 246.5, 255.0],
    "AutoContrast": [0.0],
    "Equalize": [0.0],
    "Invert": [0.0],
    "Identity": [0.0],
}


def cases(imgs):
    out = []
    for name, img in imgs.items():
        for op, mags in COLOR.items():
            for m in mags:
                res = autoaugment._apply_op(img, op, m, InterpolationMode.NEAREST, None)
                out.append({"image": name, "op": op, "magnitude": m, "output": b64(res)})
        if name == "flat":
            continue
        c = img.shape[0]
        fills = [None, [91.0] * c if c == 1 else [91.0, 230.0, 17.0]]
        for op, mags in GEOMETRIC.items():
            for m in mags:
                for mode in ["nearest", "bilinear"]:
                    for fill in fills:
                        res = autoaugment._apply_op(img, op, m, InterpolationMode(mode), fill)
                        out.append({"image": name, "op": op, "magnitude": m, "interpolation": mode,
                                    "fill": fill, "output": b64(res)})
    return out


def spaces():
    """The float32 magnitude tables, as the three policies build them (image 20 high, 24 wide)."""
    t = {}
    for key, space in [
        ("trivial-augment-wide", autoaugment.TrivialAugmentWide()._augmentation_space(31)),
        ("rand-augment", autoaugment.RandAugment()._augmentation_space(31, (20, 24))),
        ("auto-augment", autoaugment.AutoAugment()._augmentation_space(10, (20, 24))),
    ]:
        t[key] = {op: {"signed": s, "values": m.reshape(-1).tolist() if m.ndim > 0 else []}
                  for op, (m, s) in space.items()}
    return t


def erasing():
    g = torch.Generator().manual_seed(11)
    x = torch.randn(3, 7, 9, generator=g)
    out = []
    for i, j, h, w, v in [(0, 0, 3, 4, [0.0]), (2, 5, 5, 4, [1.5]), (1, 2, 0, 3, [2.0]),
                          (4, 1, 3, 8, [-0.4850, 0.1234567891, 7.0])]:
        vt = torch.tensor(v)[:, None, None]
        res = F.erase(x, i, j, h, w, vt)
        out.append({"i": i, "j": j, "h": h, "w": w, "value": v,
                    "output": res.reshape(-1).tolist()})
    return {"input": x.reshape(-1).tolist(), "channels": 3, "height": 7, "width": 9,
            "cases": out}


def main():
    torch.set_num_threads(1)
    imgs = images()
    doc = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "images": {k: {"width": v.shape[2], "height": v.shape[1], "channels": v.shape[0],
                       "pixels": b64(v)} for k, v in imgs.items()},
        "cases": cases(imgs),
        "spaces": spaces(),
        "erasing": erasing(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    data = json.dumps(doc, separators=(",", ":")).encode()
    # mtime=0: the same inputs give the same bytes
    with open(OUT, "wb") as f:
        f.write(gzip.compress(data, mtime=0))
    print(f"{len(doc['cases'])} cases, {len(data)} bytes of JSON, {os.path.getsize(OUT)} gzipped")


if __name__ == "__main__":
    main()
