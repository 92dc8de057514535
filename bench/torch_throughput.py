#!/usr/bin/env python3
"""Training throughput of LeNet-5 (or the MLP) in Python PyTorch, the reference for Twill's.

Same model, batch size, thread count, optimiser (SGD + momentum) and input scaling as
twill-cli train; prints samples per second over one epoch of the first N training samples.
usage: torch_throughput.py MODEL N BATCH THREADS [DATA_DIR]
"""
import gzip
import sys
import time

import numpy as np
import torch


class LeNet5(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = torch.nn.Conv2d(6, 16, 5)
        self.fc1 = torch.nn.Linear(400, 120)
        self.fc2 = torch.nn.Linear(120, 84)
        self.fc3 = torch.nn.Linear(84, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, 300)
        self.fc2 = torch.nn.Linear(300, 100)
        self.fc3 = torch.nn.Linear(100, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


def main():
    model_name, n, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    data = sys.argv[5] if len(sys.argv) > 5 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    images = np.frombuffer(gzip.open(data + "/train-images-idx3-ubyte.gz").read(), np.uint8, offset=16)
    labels = np.frombuffer(gzip.open(data + "/train-labels-idx1-ubyte.gz").read(), np.uint8, offset=8)
    images = images.reshape(-1, 1, 28, 28)[:n]
    labels = labels[:n].astype(np.int64)
    model = LeNet5() if model_name == "lenet5" else Mlp()
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
