#!/usr/bin/env python3
"""Optional dev tooling (not used by the build or the tests): checks recipe's ResNet against torchvision.

Needs PyTorch + torchvision (Debian: apt-get install python3-torch python3-torchvision); does not
need the `safetensors` package (a 20-line reader below uses struct + json + torch.frombuffer).

  --keys                         print torchvision resnet50's state-dict keys and shapes (minus
                                 num_batches_tracked): the committed test resource resnet50_state_dict.txt
  --count  [arch options]        print the trainable parameter count of the architecture
  --compare DIR [arch options]   DIR holds weights.safetensors, input.safetensors ("input") and
                                 logits.safetensors ("logits") exported from DJL
                                 (ResNetCrossCheck in train's test sources); loads the weights into
                                 torchvision, runs the input in eval mode, prints max |diff| of logits;
                                 with train.safetensors also one training-mode forward (logits and
                                 the updated BatchNorm running statistics)

Arch options: --depth 50 --width 64 --stem imagenet|small --channels 3 --classes 1000
"""
import argparse
import json
import os
import struct
import sys

import torch
from torch import nn
from torchvision.models import resnet as tv


def build(depth, width, stem, channels, classes):
    """torchvision's ResNet with every stage width scaled (width, 2w, 4w, 8w) and the given stem."""
    block, layers = {
        18: (tv.BasicBlock, [2, 2, 2, 2]),
        34: (tv.BasicBlock, [3, 4, 6, 3]),
        50: (tv.Bottleneck, [3, 4, 6, 3]),
        101: (tv.Bottleneck, [3, 4, 23, 3]),
        152: (tv.Bottleneck, [3, 8, 36, 3]),
    }[depth]
    m = tv.ResNet(block, layers, num_classes=classes)
    if width == 64 and stem == "imagenet" and channels == 3:
        return m
    m.inplanes = width
    if stem == "imagenet":
        m.conv1 = nn.Conv2d(channels, width, kernel_size=7, stride=2, padding=3, bias=False)
    else:
        m.conv1 = nn.Conv2d(channels, width, kernel_size=3, stride=1, padding=1, bias=False)
        m.maxpool = nn.Identity()
    m.bn1 = nn.BatchNorm2d(width)
    m.layer1 = m._make_layer(block, width, layers[0])
    m.layer2 = m._make_layer(block, 2 * width, layers[1], stride=2)
    m.layer3 = m._make_layer(block, 4 * width, layers[2], stride=2)
    m.layer4 = m._make_layer(block, 8 * width, layers[3], stride=2)
    m.fc = nn.Linear(8 * width * block.expansion, classes)
    return m


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", (path, name, e["dtype"])
        b, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[base + b : base + end]), dtype=torch.float32)
        out[name] = t.reshape(e["shape"])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--keys", action="store_true")
    p.add_argument("--count", action="store_true")
    p.add_argument("--compare")
    p.add_argument("--depth", type=int, default=50)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--stem", default="imagenet", choices=["imagenet", "small"])
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--classes", type=int, default=1000)
    a = p.parse_args()
    m = build(a.depth, a.width, a.stem, a.channels, a.classes)
    if a.keys:
        for k, v in m.state_dict().items():
            if not k.endswith("num_batches_tracked"):
                print(k, str(list(v.shape)).replace(" ", ""))
    if a.count:
        print(sum(t.numel() for t in m.parameters() if t.requires_grad))
    if a.compare:
        w = read_safetensors(a.compare + "/weights.safetensors")
        missing, unexpected = m.load_state_dict(w, strict=False)
        missing = [k for k in missing if not k.endswith("num_batches_tracked")]
        if missing or unexpected:
            sys.exit(f"missing {missing} unexpected {unexpected}")
        m.eval()
        x = read_safetensors(a.compare + "/input.safetensors")["input"]
        ref = read_safetensors(a.compare + "/logits.safetensors")["logits"]
        with torch.no_grad():
            y = m(x)
        diff = (y - ref).abs().max().item()
        report = {"maxAbsDiff": diff, "maxAbsLogit": y.abs().max().item(),
                  "shape": list(y.shape), "torch": torch.__version__}
        train_file = a.compare + "/train.safetensors"
        if os.path.exists(train_file):
            t = read_safetensors(train_file)
            m.train()
            with torch.no_grad():
                yt = m(x)
            report["trainMaxAbsDiff"] = (yt - t["train_logits"]).abs().max().item()
            report["trainMaxAbsLogit"] = yt.abs().max().item()
            sd = m.state_dict()
            report["runningStatsMaxAbsDiff"] = max(
                (sd[k] - v).abs().max().item() for k, v in t.items() if k != "train_logits")
        print(json.dumps(report))


if __name__ == "__main__":
    main()
