#!/usr/bin/env python3
"""Golden values for the training-side operations of torchvision's classification recipes.

Writes train/src/test/resources/dev/recipe/train/golden/training.json, which TrainingGoldenTest
(train's tests) compares against; the tests need no Python. Regenerate with Debian's packages:

  apt-get install python3-torch          # PyTorch 1.13
  /usr/bin/python3 scripts/make_training_golden.py

What is computed, each by PyTorch itself on small fixed inputs:
  * ema       torch.optim.swa_utils.AveragedModel with torchvision's ExponentialMovingAverage
              averaging function and use_buffers=True (references/classification/utils.py), updated
              as references/classification/train.py does: after the optimizer steps whose index i
              in the epoch has i % steps == 0, with n_averaged reset during warmup epochs
  * mixup     references/classification/transforms.py RandomMixup.forward for a given lambda
  * cutmix    RandomCutmix.forward for a given lambda and box centre (r_x, r_y)
  * softCe    torch.nn.CrossEntropyLoss(label_smoothing=e) with probability targets
  * clip      torch.nn.utils.clip_grad_norm_
  * raSampler references/classification/sampler.py RASampler's per-device index lists for a given
              shuffle (its torch.randperm replaced by the given permutation)
  * schedule  train.py's learning rate per epoch for --lr-scheduler cosineannealinglr with
              --lr-warmup-method linear (SequentialLR of LinearLR and CosineAnnealingLR, stepped
              once per epoch)
torch's random draws (Dirichlet, randint) are replaced by the given values: everything else is
torchvision's code, transcribed below with a comment where it was.
Floats are written as IEEE-754 float32 bit patterns (ints) so that the comparison can be exact.
"""
import json
import math
import os
import struct

import torch
from torch import nn
from torch.optim.swa_utils import AveragedModel

OUT = os.path.join(os.path.dirname(__file__), "..", "train", "src", "test", "resources", "dev",
                   "recipe", "train", "golden", "training.json")


def bits(t):
    """float32 tensor -> list of int bit patterns (row-major)."""
    flat = t.detach().to(torch.float32).contiguous().view(-1).tolist()
    return [struct.unpack("<i", struct.pack("<f", v))[0] for v in flat]


class ExponentialMovingAverage(AveragedModel):
    """torchvision references/classification/utils.py (v0.14), verbatim in substance."""

    def __init__(self, model, decay, device="cpu"):
        def ema_avg(avg_model_param, model_param, num_averaged):
            return decay * avg_model_param + (1 - decay) * model_param

        super().__init__(model, device, ema_avg, use_buffers=True)


def ema_case(seed, decay, steps, epochs, steps_per_epoch, warmup_epochs):
    g = torch.Generator().manual_seed(seed)
    model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    params = [p for p in model.parameters()] + [b for b in model.buffers() if b.dtype == torch.float32]
    names = ["w", "b", "bn.w", "bn.b", "bn.mean", "bn.var"]
    ema = ExponentialMovingAverage(model, decay=decay)
    history = []
    for epoch in range(epochs):
        for i in range(steps_per_epoch):
            with torch.no_grad():  # a stand-in for one optimizer step: new values for everything
                for p in params:
                    p.copy_(torch.randn(p.shape, generator=g))
            history.append([bits(p) for p in params])
            if i % steps == 0:  # train.py
                ema.update_parameters(model)
                if epoch < warmup_epochs:
                    ema.n_averaged.fill_(0)
    avg = [p for p in ema.module.parameters()] + [b for b in ema.module.buffers() if b.dtype == torch.float32]
    return {"decay": decay, "steps": steps, "epochs": epochs, "stepsPerEpoch": steps_per_epoch,
            "warmupEpochs": warmup_epochs, "names": names, "shapes": [list(p.shape) for p in params],
            "weightsPerStep": history, "average": [bits(a) for a in avg],
            "nAveraged": int(ema.n_averaged.item())}


def one_hot(target, classes, dtype):
    return torch.nn.functional.one_hot(target, num_classes=classes).to(dtype=dtype)


def mixup(batch, target, classes, lam):
    """RandomMixup.forward with p = 1 and the Dirichlet draw replaced by lam."""
    target = one_hot(target, classes, batch.dtype)
    batch = batch.clone()
    target = target.clone()
    batch_rolled = batch.roll(1, 0)
    target_rolled = target.roll(1, 0)
    lambda_param = lam
    batch_rolled.mul_(1.0 - lambda_param)
    batch.mul_(lambda_param).add_(batch_rolled)
    target_rolled.mul_(1.0 - lambda_param)
    target.mul_(lambda_param).add_(target_rolled)
    return batch, target


def cutmix(batch, target, classes, lam, r_x, r_y):
    """RandomCutmix.forward with p = 1 and the Dirichlet and randint draws replaced."""
    target = one_hot(target, classes, batch.dtype)
    batch = batch.clone()
    target = target.clone()
    batch_rolled = batch.roll(1, 0)
    target_rolled = target.roll(1, 0)
    lambda_param = lam
    H, W = batch.shape[-2], batch.shape[-1]
    r = 0.5 * math.sqrt(1.0 - lambda_param)
    r_w_half = int(r * W)
    r_h_half = int(r * H)
    x1 = int(torch.clamp(torch.tensor(r_x - r_w_half), min=0))
    y1 = int(torch.clamp(torch.tensor(r_y - r_h_half), min=0))
    x2 = int(torch.clamp(torch.tensor(r_x + r_w_half), max=W))
    y2 = int(torch.clamp(torch.tensor(r_y + r_h_half), max=H))
    batch[:, :, y1:y2, x1:x2] = batch_rolled[:, :, y1:y2, x1:x2]
    lambda_param = float(1.0 - (x2 - x1) * (y2 - y1) / (W * H))
    target_rolled.mul_(1.0 - lambda_param)
    target.mul_(lambda_param).add_(target_rolled)
    return batch, target, lambda_param


def mix_cases():
    g = torch.Generator().manual_seed(7)
    n, c, h, w, classes = 4, 2, 5, 6, 5
    batch = torch.randn((n, c, h, w), generator=g)
    labels = torch.tensor([0, 3, 3, 1])
    cases = []
    for lam in (0.3, 0.8137):
        b, t = mixup(batch, labels, classes, lam)
        cases.append({"kind": "mixup", "lambda": lam, "images": bits(b), "targets": bits(t)})
    for lam, rx, ry in ((0.5, 2, 3), (0.05, 0, 4), (0.9, 5, 0)):
        b, t, lam2 = cutmix(batch, labels, classes, lam, rx, ry)
        cases.append({"kind": "cutmix", "lambda": lam, "rx": rx, "ry": ry, "lambdaAfter": lam2,
                      "images": bits(b), "targets": bits(t)})
    return {"shape": [n, c, h, w], "classes": classes, "images": bits(batch),
            "labels": labels.tolist(), "cases": cases}


def soft_ce_cases():
    g = torch.Generator().manual_seed(11)
    logits = torch.randn((4, 5), generator=g) * 3
    _, t = mixup(torch.zeros(4, 1, 1, 1), torch.tensor([1, 4, 0, 4]), 5, 0.35)
    out = []
    for eps in (0.0, 0.1):
        loss = nn.CrossEntropyLoss(label_smoothing=eps)(logits, t)
        out.append({"smoothing": eps, "loss": loss.item()})
    return {"logits": bits(logits), "targets": bits(t), "classes": 5, "cases": out}


def clip_cases():
    g = torch.Generator().manual_seed(13)
    shapes = [[3, 2], [4], [2, 2, 2]]
    out = []
    for scale, max_norm in ((1.0, 0.5), (0.01, 5.0)):
        ps = [nn.Parameter(torch.zeros(s)) for s in shapes]
        grads = [torch.randn(s, generator=g) * scale for s in shapes]
        for p, gr in zip(ps, grads):
            p.grad = gr.clone()
        total = nn.utils.clip_grad_norm_(ps, max_norm)
        out.append({"maxNorm": max_norm, "grads": [bits(gr) for gr in grads],
                    "clipped": [bits(p.grad) for p in ps], "totalNorm": total.item()})
    return {"shapes": shapes, "cases": out}


def schedule_case(lr, epochs, warmup_epochs, warmup_decay, lr_min):
    """references/classification/train.py's scheduler construction, stepped once per epoch."""
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=lr, momentum=0.9)
    main = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs - warmup_epochs, eta_min=lr_min)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=warmup_decay, total_iters=warmup_epochs)
    sched = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[warm, main], milestones=[warmup_epochs])
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        sched.step()
    return {"lr": lr, "epochs": epochs, "warmupEpochs": warmup_epochs, "warmupDecay": warmup_decay,
            "minLr": lr_min, "lrPerEpoch": lrs}


def ra_sampler(perm, num_replicas, repetitions):
    """RASampler.__iter__ for every rank, with the shuffle given (references/classification/sampler.py)."""
    n = len(perm)
    num_samples = int(math.ceil(n * float(repetitions) / num_replicas))
    total_size = num_samples * num_replicas
    num_selected_samples = int(math.floor(n // 256 * 256 / num_replicas))
    out = []
    for rank in range(num_replicas):
        indices = list(perm)
        indices = [ele for ele in indices for i in range(repetitions)]
        indices += indices[: (total_size - len(indices))]
        assert len(indices) == total_size
        indices = indices[rank:total_size:num_replicas]
        assert len(indices) == num_samples
        out.append(indices[:num_selected_samples])
    return out


def ra_cases():
    g = torch.Generator().manual_seed(17)
    cases = []
    for n, replicas, reps in ((600, 3, 4), (515, 8, 3), (1024, 2, 2)):
        perm = torch.randperm(n, generator=g).tolist()
        cases.append({"n": n, "replicas": replicas, "repetitions": reps, "perm": perm,
                      "perReplica": ra_sampler(perm, replicas, reps)})
    return cases


def main():
    golden = {
        "generator": "scripts/make_training_golden.py",
        "torch": torch.__version__,
        "ema": [ema_case(1, 0.9, 2, 3, 4, 1), ema_case(2, 0.5, 3, 2, 5, 0)],
        "mix": mix_cases(),
        "softCrossEntropy": soft_ce_cases(),
        "clipGradNorm": clip_cases(),
        "raSampler": ra_cases(),
        "schedule": [schedule_case(0.5, 12, 5, 0.01, 0.0), schedule_case(0.1, 9, 2, 0.1, 0.001)],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(golden, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
