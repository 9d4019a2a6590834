#!/usr/bin/env python3
"""Reads a run's processed data with Python's tarfile and PIL only, as another tool would.

Usage: scripts/read_shards.py RUN/data [--json]
For each split listed in _info.json (timm's WebDataset layout), opens its shards in order, pairs
each <key>.png with <key>.cls, decodes the PNG with PIL and prints: the split, the sample count,
the label counts, and the SHA-256 over every sample of "key label width height mode" followed by
its raw pixel bytes (PIL's tobytes(): row-major, channels interleaved). A second implementation
that computes the same digest has read the same images and labels.
Exit 0 on success, 2 when the data cannot be read. Needs python3 and python3-pil.
"""
import hashlib
import io
import json
import os
import sys
import tarfile

from PIL import Image


def read_split(data, info):
    digest = hashlib.sha256()
    counts = {}
    n = 0
    for name, length in zip(info["filenames"], info["shard_lengths"]):
        members = {}
        with tarfile.open(os.path.join(data, name)) as tar:
            seen = 0
            for m in tar:
                key, ext = m.name.rsplit(".", 1)
                members.setdefault(key, {})[ext] = tar.extractfile(m).read()
            for key in sorted(members):
                parts = members[key]
                img = Image.open(io.BytesIO(parts["png"]))
                img.load()
                label = int(parts["cls"].decode("ascii"))
                digest.update(f"{key} {label} {img.width} {img.height} {img.mode}\n".encode("ascii"))
                digest.update(img.tobytes())
                counts[label] = counts.get(label, 0) + 1
                seen += 1
            if seen != length:
                raise ValueError(f"{name}: {seen} samples, _info.json says {length}")
        n += seen
    if n != info["num_samples"]:
        raise ValueError(f"{info['name']}: {n} samples, _info.json says {info['num_samples']}")
    return {"samples": n, "labels": {str(k): counts[k] for k in sorted(counts)}, "sha256": digest.hexdigest()}


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    data = sys.argv[1]
    try:
        with open(os.path.join(data, "_info.json"), encoding="utf-8") as f:
            info = json.load(f)
        out = {name: read_split(data, s) for name, s in sorted(info["splits"].items())}
    except (OSError, ValueError, KeyError) as e:
        print(f"read_shards: {data}: {e}", file=sys.stderr)
        sys.exit(2)
    if "--json" in sys.argv:
        print(json.dumps(out, indent=2, sort_keys=True))
    else:
        for name, r in out.items():
            print(f"{name:6s} {r['samples']:>7} {r['sha256']}")


if __name__ == "__main__":
    main()
