#!/usr/bin/python3
"""Peer of TrainThroughputBenchmark: the same training step in Python torch (Debian's python3-torch).

ResNet-18 width 0.25 with the CIFAR stem, projection 128->128->128, NT-Xent (tau 0.5) over two random-crop
(4-pixel zero padding) + horizontal-flip views of each image, both views in one batch of 2B, SGD lr 0.1
momentum 0.9; conv weights N(0, 2 / (k*k*C_out)), BN gamma 1 beta 0, Linear layers PyTorch's default. A timed
step covers augmentation, forward, backward, the optimiser step and reading the loss.

usage: torch_reference.py POOL_FILE [--batch 256] [--steps 10] [--warmup 2] [--threads 2] [--seed 0]
POOL_FILE holds the preprocessed images as little-endian float32 N x 3 x 32 x 32 (written by the Java benchmark).
"""
import argparse
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SIDE = 32
PAD = 4
TAU = 0.5


def conv_bn(cin, cout, k, stride, pad):
    conv = nn.Conv2d(cin, cout, k, stride, pad, bias=False)
    nn.init.normal_(conv.weight, 0.0, (2.0 / (k * k * cout)) ** 0.5)
    return nn.Sequential(conv, nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.first = conv_bn(cin, cout, 3, stride, 1)
        self.second = conv_bn(cout, cout, 3, 1, 1)
        self.shortcut = conv_bn(cin, cout, 1, stride, 0) if stride != 1 or cin != cout else None

    def forward(self, x):
        h = self.second(F.relu(self.first(x)))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class Encoder(nn.Module):
    def __init__(self, width=0.25, blocks=(2, 2, 2, 2)):
        super().__init__()
        chans = [max(1, round(c * width)) for c in (64, 128, 256, 512)]
        self.stem = conv_bn(3, chans[0], 3, 1, 1)
        layers, cin = [], chans[0]
        for s, n in enumerate(blocks):
            for b in range(n):
                layers.append(Basic(cin, chans[s], 2 if s > 0 and b == 0 else 1))
                cin = chans[s]
        self.blocks = nn.Sequential(*layers)
        self.dim = chans[-1]

    def forward(self, x):
        return self.blocks(F.relu(self.stem(x))).mean(dim=(2, 3))


def nt_xent(z):
    z = F.normalize(z, dim=1)
    logits = z @ z.t() / TAU
    n = z.shape[0]
    logits = logits - torch.eye(n) * 1e9
    targets = (torch.arange(n) + n // 2) % n
    return F.cross_entropy(logits, targets)


def augment(padded, index, generator):
    dy, dx = torch.randint(0, 2 * PAD + 1, (2,), generator=generator).tolist()
    view = padded[index, :, dy:dy + SIDE, dx:dx + SIDE]
    if torch.rand(1, generator=generator).item() < 0.5:
        view = torch.flip(view, dims=[2])
    return view


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pool")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    pool = torch.from_numpy(np.fromfile(args.pool, dtype="<f4").reshape(-1, 3, SIDE, SIDE))
    padded = F.pad(pool, (PAD, PAD, PAD, PAD))
    encoder = Encoder()
    model = nn.Sequential(encoder, nn.Linear(encoder.dim, 128), nn.ReLU(), nn.Linear(128, 128))
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    generator = torch.Generator().manual_seed(args.seed)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}", file=sys.stderr)

    cursor, seconds, loss_value = 0, 0.0, float("nan")
    for step in range(args.warmup + args.steps):
        started = time.perf_counter()
        indices = [(cursor + i) % pool.shape[0] for i in range(args.batch)]
        cursor = (cursor + args.batch) % pool.shape[0]
        first = [augment(padded, i, generator) for i in indices]
        second = [augment(padded, i, generator) for i in indices]
        x = torch.stack(first + second)
        loss = nt_xent(model(x))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_value = loss.item()
        if step >= args.warmup:
            seconds += time.perf_counter() - started
        print(f"torch step {step + 1}/{args.warmup + args.steps}", file=sys.stderr)
    print(f"python-torch: torch {torch.__version__}, {torch.get_num_threads()} intra-op threads")
    print(f"python-torch: {args.steps} steps of batch {args.batch} (2 views) in {seconds:.2f} s, final loss {loss_value:.4f}")
    print(f"python-torch images/s: {args.steps * args.batch / seconds:.1f}")


if __name__ == "__main__":
    main()
