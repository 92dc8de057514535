#pragma once
// A trainable network: a built-in model (mlp, lenet5) or any TorchScript model, behind a
// LibTorch-free interface so that the rest of Twill (and its GUI) never includes LibTorch.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace twill {

struct SavedTensor;

struct ParameterInfo {
    std::string name;
    std::vector<int64_t> shape;
    int64_t size = 0;
    bool encodable = false; // conv and linear weights (2 or more dimensions); biases stay wide
};

class Network {
public:
    // "mlp", "lenet5", "resnet20", or a TorchScript file (scripted or traced). Throws Error with
    // the reason.
    static Network create(const std::string &spec, uint64_t seed);
    static Network builtIn(const std::string &name, uint64_t seed);
    static Network loadTorchScript(const std::string &path);

    Network(Network &&) noexcept;
    Network &operator=(Network &&) noexcept;
    ~Network();

    const std::string &spec() const;
    bool isTorchScript() const;
    std::vector<ParameterInfo> parameters() const;
    std::vector<float> values(const std::string &name) const;
    void setValues(const std::string &name, const std::vector<float> &values);

    // Parameters and buffers, by name, as a state_dict holds them.
    std::vector<SavedTensor> stateDict() const;
    // Takes every parameter and buffer from a state_dict (Python's names); missing, extra and
    // mis-shaped names are listed in the Error, and nothing changes then.
    void loadStateDict(const std::vector<SavedTensor> &tensors, const std::string &what);
    // The parameters and buffers as a PyTorch state_dict that torch.load(path, weights_only=True)
    // reads and load_state_dict accepts.
    void saveStateDict(const std::string &path) const;

    // Only for TorchScript models: the module with its current parameters.
    void saveTorchScript(const std::string &path) const;

    struct Impl;
    Impl &impl() const { return *d_; }

private:
    explicit Network(std::unique_ptr<Impl> d);
    std::unique_ptr<Impl> d_;
};

} // namespace twill
