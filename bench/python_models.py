#!/usr/bin/env python3
"""A network trained in Python as a researcher would bring it to Twill: inputs in [0, 1] (no
mean and spread), SGD with momentum, seeded. Writes OUT.state_dict.pt (torch.save of the
state_dict) and OUT.ts.pt (torch.jit.script), and prints its test accuracy on the whole
Fashion-MNIST test set as JSON.
usage: python_models.py MODEL EPOCHS SEED TRAIN_SAMPLES THREADS OUT
"""
import json
import sys

import numpy as np
import torch

from torch_models import fashion, make


def accuracy(model, images, labels):
    model.eval()
    right = 0
    with torch.no_grad():
        for i in range(0, len(images), 1000):
            x = torch.from_numpy(images[i:i + 1000]).float() / 255.0
            right += int((model(x).argmax(1) == torch.from_numpy(labels[i:i + 1000])).sum())
    return right / len(images)


def main():
    name, epochs, seed, n, threads, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
        int(sys.argv[5]), sys.argv[6]
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    images, labels = fashion("train")
    images, labels = images[:n], labels[:n]
    test_images, test_labels = fashion("t10k")
    model = make(name)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        model.train()
        order = rng.permutation(len(images))
        for i in range(0, len(order), 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(images[idx]).float() / 255.0),
                                                     torch.from_numpy(labels[idx]))
            loss.backward()
            opt.step()
    acc = accuracy(model, test_images, test_labels)
    torch.save(model.state_dict(), out + ".state_dict.pt")
    torch.jit.script(model).save(out + ".ts.pt")
    print(json.dumps({"model": name, "seed": seed, "test_accuracy": acc}))


if __name__ == "__main__":
    main()
