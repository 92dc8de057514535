#pragma once
// LibTorch side of Network: include only from core/nn sources.
#include "nn/Network.h"

#include <torch/script.h>
#include <torch/torch.h>

namespace twill {

struct MlpImpl : torch::nn::Module {
    MlpImpl();
    torch::Tensor forward(torch::Tensor x);
    torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
TORCH_MODULE(Mlp);

struct LeNet5Impl : torch::nn::Module {
    LeNet5Impl();
    torch::Tensor forward(torch::Tensor x);
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
TORCH_MODULE(LeNet5);

struct Network::Impl {
    std::string spec;
    Mlp mlp{nullptr};
    LeNet5 lenet{nullptr};
    std::unique_ptr<torch::jit::Module> script;

    torch::Tensor forward(const torch::Tensor &x);
    void train(bool on);
    std::vector<std::pair<std::string, torch::Tensor>> namedParameters() const;
    torch::Tensor parameter(const std::string &name) const;
};

} // namespace twill
