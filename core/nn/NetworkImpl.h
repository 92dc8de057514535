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

// A residual block of ResNet-20 (He et al. 2016): two 3x3 convolutions with BatchNorm, and a
// 1x1 convolution on the shortcut where the shape changes.
struct ResBlockImpl : torch::nn::Module {
    ResBlockImpl(int64_t in, int64_t out, int64_t stride);
    torch::Tensor forward(torch::Tensor x);
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
    torch::nn::Sequential shortcut{nullptr}; // null: identity
};
TORCH_MODULE(ResBlock);

// ResNet-20 for 28x28 grey images: a 3x3 stem of 16 channels, three stages of three blocks
// (16, 32, 64 channels; the last two halve the size), global average pooling, a linear layer.
struct ResNet20Impl : torch::nn::Module {
    ResNet20Impl();
    torch::Tensor forward(torch::Tensor x);
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr};
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(ResNet20);

struct Network::Impl {
    std::string spec;
    Mlp mlp{nullptr};
    LeNet5 lenet{nullptr};
    ResNet20 resnet{nullptr};
    std::unique_ptr<torch::jit::Module> script;

    torch::nn::Module *builtIn() const; // nullptr for TorchScript models
    torch::Tensor forward(const torch::Tensor &x);
    void train(bool on);
    std::vector<std::pair<std::string, torch::Tensor>> namedParameters() const;
    std::vector<std::pair<std::string, torch::Tensor>> namedBuffers() const;
    torch::Tensor parameter(const std::string &name) const;
};

} // namespace twill
