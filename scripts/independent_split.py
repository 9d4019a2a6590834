#!/usr/bin/env python3
"""Rebuilds a recipe's data split and epoch-1 sample order from RECIPE.md alone.

Written from the document's description (the pseudo-code blocks "The split, exactly" and "The order
of the training samples, exactly"), with no code of the project: it reads the split parameters and
the published check values from RECIPE.md, the labels from the raw IDX files, recomputes every
split's sample ids and epoch 1's order, and compares their SHA-256 with the published ones.

Usage: scripts/independent_split.py --recipe RUN/RECIPE.md --raw DIR [--json]
  DIR holds the raw IDX files (plain or .gz), for example /usr/share/datasets/fashion-mnist.
Exit 0 when every check value matches, 1 when one differs, 2 when the input cannot be used.
Needs only Python 3's standard library.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import struct
import sys

M64 = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class Generator:
    """generator(seed, purpose): next(), below(b), permutation(n) as RECIPE.md states them."""

    def __init__(self, seed, purpose):
        h = seed & M64
        for c in purpose:
            h = mix(h ^ ord(c))
        self.state = h

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        return mix(self.state)

    def below(self, b):
        limit = M64 % b
        while True:
            r = self.next()
            if r <= M64 - limit:
                return r % b

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.below(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


def epoch_order(seed, epoch, n):
    """The order of epoch `epoch` (1-based) over positions 0 .. n - 1."""
    h = mix((seed & M64) ^ 0x9E3779B97F4A7C15)
    h = mix(h ^ (((epoch - 1) * 0xBF58476D1CE4E5B9 + 0x632BE59BD9B4E5CB) & M64))
    s = mix(h ^ ((M64 * 0x94D049BB133111EB + 0x2545F4914F6CDD1D) & M64))
    state = [s]

    def next32():
        state[0] = (state[0] + 0x9E3779B97F4A7C15) & M64
        z = state[0]
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & M64
        return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64) >> 32

    def below(b):
        x = next32()
        if b & (b - 1) == 0:
            return x & (b - 1)
        u = x >> 1
        while True:
            r = u % b
            if u - r + (b - 1) < (1 << 31):
                return r
            u = next32() >> 1

    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = below(i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def digest(items):
    h = hashlib.sha256()
    for it in items:
        h.update((str(it) + "\n").encode("utf-8"))
    return h.hexdigest()


def fail(msg):
    print("independent_split: " + msg, file=sys.stderr)
    sys.exit(2)


def read_recipe(path):
    try:
        with open(path, encoding="utf-8") as f:
            md = f.read()
    except OSError as e:
        fail(f"{path}: cannot read: {e}")
    m = re.search(r"Parameters: splitSeed `(-?\d+)`, valFraction `([^`]+)`, limitPerClass `([^`]+)`,"
                  r" balance `([^`]+)`, K = (\d+) classes", md)
    if not m:
        fail(f"{path}: no 'The split, exactly' parameters (a recipe written before they were published?)")
    if "**Filtering**: none" not in md:
        fail(f"{path}: classes are filtered or remapped; this script rebuilds unfiltered splits only")
    checks = {}
    for row in re.finditer(r"^\| (train|val|test) \| (\d+) \| `([0-9a-f]{64})` \| `([^`]+)`", md, re.M):
        checks[row.group(1)] = {"count": int(row.group(2)), "sha256": row.group(3),
                                "file": row.group(4).split("#")[0]}
    o = re.search(r"shuffle seed (-?\d+);.*?Check value: epoch 1 visits the ([\d,]+) positions in an order"
                  r" whose SHA-256 \(each position in decimal followed by one newline\) is `([0-9a-f]{64})`;"
                  r" its first positions are `([\d, ]+)`", md, re.S)
    if not checks or not o:
        fail(f"{path}: no published check values")
    return {
        "splitSeed": int(m.group(1)),
        "valFraction": None if m.group(2).startswith("none") else float(m.group(2)),
        "limitPerClass": None if m.group(3) == "none" else int(m.group(3)),
        "balance": m.group(4),
        "classes": int(m.group(5)),
        "checks": checks,
        "shuffleSeed": int(o.group(1)),
        "epoch1": {"count": int(o.group(2).replace(",", "")), "sha256": o.group(3),
                   "first": [int(x) for x in o.group(4).split(", ")]},
    }


def read_labels(raw, images_file):
    """The labels IDX file that goes with an images file (train-images-idx3-ubyte -> train-labels-idx1-ubyte)."""
    name = images_file.replace("images-idx3", "labels-idx1")
    for candidate in (name, name + ".gz"):
        p = os.path.join(raw, candidate)
        if os.path.isfile(p):
            opener = gzip.open if p.endswith(".gz") else open
            with opener(p, "rb") as f:
                data = f.read()
            magic, n = struct.unpack(">II", data[:8])
            if magic != 0x801 or len(data) != 8 + n:
                fail(f"{p}: not an IDX labels file")
            return list(data[8:])
    fail(f"{raw}: no {name} or {name}.gz")


def first_per_class(idx, labels, limit):
    taken = {}
    out = []
    for i in idx:
        c = labels[i]
        if taken.get(c, 0) < limit:
            taken[c] = taken.get(c, 0) + 1
            out.append(i)
    return out


def split(labels, classes, val_fraction, limit, seed):
    g = Generator(seed, "split")
    is_val = [False] * len(labels)
    keep = [False] * len(labels)
    for c in range(classes):
        items = [i for i, l in enumerate(labels) if l == c]
        p = g.permutation(len(items))
        v = int(len(items) * val_fraction + 0.5)  # floor for non-negative values
        for k, pk in enumerate(p):
            i = items[pk]
            is_val[i] = k < v
            keep[i] = k < min(v, limit) if k < v else k < v + limit
    train = [i for i in range(len(labels)) if keep[i] and not is_val[i]]
    val = [i for i in range(len(labels)) if keep[i] and is_val[i]]
    return train, val


def balance(train, labels, classes, mode, seed):
    if mode == "none":
        return train
    by_class = [[i for i in train if labels[i] == c] for c in range(classes)]
    sizes = [len(b) for b in by_class if b]
    target = min(sizes) if mode == "undersample" else max(sizes)
    g = Generator(seed, "balance")
    copies = {}
    for members in by_class:
        if not members:
            continue
        p = g.permutation(len(members))
        for k in range(target):
            i = members[p[k % len(p)]]
            copies[i] = copies.get(i, 0) + 1
    return [i for i in train for _ in range(copies.get(i, 0))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--recipe", required=True, help="RECIPE.md of the run")
    ap.add_argument("--raw", required=True, help="folder with the raw IDX files")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    a = ap.parse_args()
    r = read_recipe(a.recipe)
    limit = r["limitPerClass"] if r["limitPerClass"] is not None else float("inf")
    train_file = r["checks"]["train"]["file"]
    labels = read_labels(a.raw, train_file)
    if r["valFraction"] is None:
        fail("the recipe uses an official validation split; nothing is drawn, compare the files instead")
    train, val = split(labels, r["classes"], r["valFraction"], limit, r["splitSeed"])
    train = balance(train, labels, r["classes"], r["balance"], r["splitSeed"])
    ids = {"train": [f"{train_file}#{i}" for i in train], "val": [f"{train_file}#{i}" for i in val]}
    if "test" in r["checks"]:
        test_file = r["checks"]["test"]["file"]
        test_labels = read_labels(a.raw, test_file)
        test = list(range(len(test_labels)))
        if r["limitPerClass"] is not None:
            test = first_per_class(test, test_labels, r["limitPerClass"])
        ids["test"] = [f"{test_file}#{i}" for i in test]

    results = {}
    for name, want in sorted(r["checks"].items()):
        got = ids.get(name, [])
        results[name] = {"count": len(got), "sha256": digest(got),
                         "match": len(got) == want["count"] and digest(got) == want["sha256"]}
    order = epoch_order(r["shuffleSeed"], 1, len(train))
    e1 = r["epoch1"]
    results["epoch1Order"] = {"count": len(order), "sha256": digest(order), "first": order[:len(e1["first"])],
                              "match": len(order) == e1["count"] and digest(order) == e1["sha256"]
                              and order[:len(e1["first"])] == e1["first"]}
    ok = all(v["match"] for v in results.values())
    if a.json:
        print(json.dumps({"reproduced": ok, "checks": results}, indent=2))
    else:
        for name, v in results.items():
            print(f"{name:12s} {v['count']:>8} {v['sha256']}  {'matches' if v['match'] else 'DIFFERS'}")
        print("REPRODUCED: split and epoch-1 order match the recipe" if ok else "NOT REPRODUCED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
