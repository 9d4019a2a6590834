#!/usr/bin/env python3
"""Writes an ImageNet-layout folder of synthetic 500x375 JPEGs (quality 90) for measurements.

Usage: scripts/make_jpeg_folder.py DIR [CLASSES] [PER_CLASS]   (default 15 x 100)
DIR/train/n0000000C/n0000000C_IIIII.JPEG: blurred noise with per-class colour shifts, about 90 KB
each, the same bytes for the same arguments. Needs python3 and python3-pil.
"""
import os
import random
import sys

from PIL import Image, ImageFilter


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    root = sys.argv[1]
    classes = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    per = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    random.seed(3)
    for c in range(classes):
        d = os.path.join(root, "train", f"n{c:08d}")
        os.makedirs(d, exist_ok=True)
        for i in range(per):
            im = Image.effect_noise((500, 375), 40 + (i % 5) * 10).convert("RGB")
            im = im.filter(ImageFilter.GaussianBlur(1 + i % 3))
            r, g, b = im.split()
            im = Image.merge("RGB", (r, g.point(lambda v, k=i: (v + 3 * k) % 256),
                                     b.point(lambda v, k=c: (v * 2 + k) % 256)))
            im.save(os.path.join(d, f"n{c:08d}_{i:05d}.JPEG"), quality=90)


if __name__ == "__main__":
    main()
