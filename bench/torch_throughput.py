#!/usr/bin/env python3
"""Training throughput of LeNet-5 (or the MLP or ResNet-20) in Python PyTorch, the reference for Twill's.

Same model, batch size, thread count, optimiser (SGD + momentum) and input scaling as
twill-cli train; prints samples per second over one epoch of the first N training samples.
usage: torch_throughput.py MODEL N BATCH THREADS [DATA_DIR]
"""
import sys
import time

import numpy as np
import torch

from torch_models import FASHION, fashion, make


def main():
    model_name, n, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    data = sys.argv[5] if len(sys.argv) > 5 else FASHION
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    images, labels = fashion("train", data)
    images, labels = images[:n], labels[:n]
    model = make(model_name)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    order = np.random.default_rng(1).permutation(len(images))
    model.train()
    start = time.perf_counter()
    for i in range(0, len(order), batch):
        idx = order[i:i + batch]
        # the same per-batch work as Twill: bytes -> float, scale, forward, backward, step
        x = (torch.from_numpy(images[idx]).float() / 255.0 - 0.5) / 0.5
        y = torch.from_numpy(labels[idx])
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - start
    print(f"{len(order) / seconds:.1f}")


if __name__ == "__main__":
    main()
