#include "nn/NetworkImpl.h"

#include "io/Npy.h"
#include "util/Error.h"

#include <QFileInfo>

#include <sstream>

namespace twill {

MlpImpl::MlpImpl()
{
    fc1 = register_module("fc1", torch::nn::Linear(784, 300));
    fc2 = register_module("fc2", torch::nn::Linear(300, 100));
    fc3 = register_module("fc3", torch::nn::Linear(100, 10));
}

torch::Tensor MlpImpl::forward(torch::Tensor x)
{
    x = x.reshape({x.size(0), 784});
    x = torch::relu(fc1->forward(x));
    x = torch::relu(fc2->forward(x));
    return fc3->forward(x);
}

LeNet5Impl::LeNet5Impl()
{
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 6, 5).padding(2)));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(6, 16, 5)));
    fc1 = register_module("fc1", torch::nn::Linear(400, 120));
    fc2 = register_module("fc2", torch::nn::Linear(120, 84));
    fc3 = register_module("fc3", torch::nn::Linear(84, 10));
}

torch::Tensor LeNet5Impl::forward(torch::Tensor x)
{
    x = torch::max_pool2d(torch::relu(conv1->forward(x)), 2);
    x = torch::max_pool2d(torch::relu(conv2->forward(x)), 2);
    x = x.reshape({x.size(0), 400});
    x = torch::relu(fc1->forward(x));
    x = torch::relu(fc2->forward(x));
    return fc3->forward(x);
}

torch::Tensor Network::Impl::forward(const torch::Tensor &x)
{
    if (mlp) return mlp->forward(x);
    if (lenet) return lenet->forward(x);
    return script->forward({x}).toTensor();
}

void Network::Impl::train(bool on)
{
    if (mlp) mlp->train(on);
    else if (lenet) lenet->train(on);
    else script->train(on);
}

std::vector<std::pair<std::string, torch::Tensor>> Network::Impl::namedParameters() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    if (mlp || lenet) {
        const auto params = mlp ? mlp->named_parameters(true) : lenet->named_parameters(true);
        for (const auto &p : params) out.emplace_back(p.key(), p.value());
    } else {
        for (const auto &p : script->named_parameters(true)) out.emplace_back(p.name, p.value);
    }
    return out;
}

torch::Tensor Network::Impl::parameter(const std::string &name) const
{
    for (auto &p : namedParameters())
        if (p.first == name) return p.second;
    throw Error("the network has no parameter '" + name + "'");
}

Network::Network(std::unique_ptr<Impl> d) : d_(std::move(d)) {}
Network::Network(Network &&) noexcept = default;
Network &Network::operator=(Network &&) noexcept = default;
Network::~Network() = default;

Network Network::create(const std::string &spec, uint64_t seed)
{
    if (spec == "mlp" || spec == "lenet5") return builtIn(spec, seed);
    if (spec.size() > 3 && (spec.rfind(".pt") == spec.size() - 3 || spec.rfind(".pth") == spec.size() - 4))
        return loadTorchScript(spec);
    throw Error("unknown model '" + spec + "'; use mlp, lenet5 or a TorchScript file ending in .pt");
}

Network Network::builtIn(const std::string &name, uint64_t seed)
{
    torch::manual_seed(seed);
    auto d = std::make_unique<Impl>();
    d->spec = name;
    if (name == "mlp") d->mlp = Mlp();
    else if (name == "lenet5") d->lenet = LeNet5();
    else throw Error("unknown built-in model '" + name + "'; use mlp or lenet5");
    return Network(std::move(d));
}

Network Network::loadTorchScript(const std::string &path)
{
    if (!QFileInfo::exists(QString::fromStdString(path)))
        throw Error(path + ": no such file; give a TorchScript model saved with torch.jit.save");
    auto d = std::make_unique<Impl>();
    d->spec = path;
    try {
        d->script = std::make_unique<torch::jit::Module>(torch::jit::load(path));
    } catch (const std::exception &e) {
        std::string why = e.what();
        const size_t nl = why.find('\n');
        if (nl != std::string::npos) why.resize(nl);
        throw Error(path + ": not a TorchScript model (" + why
                    + "); save it in Python with torch.jit.save(torch.jit.script(model), path)");
    }
    bool any = false;
    for (const auto &p : d->script->named_parameters(true)) {
        (void)p;
        any = true;
    }
    if (!any) throw Error(path + ": the TorchScript model has no parameters to train or encode");
    return Network(std::move(d));
}

const std::string &Network::spec() const
{
    return d_->spec;
}

bool Network::isTorchScript() const
{
    return d_->script != nullptr;
}

std::vector<ParameterInfo> Network::parameters() const
{
    std::vector<ParameterInfo> out;
    for (const auto &[name, t] : d_->namedParameters()) {
        ParameterInfo p;
        p.name = name;
        p.shape = t.sizes().vec();
        p.size = t.numel();
        p.encodable = t.dim() >= 2;
        out.push_back(p);
    }
    return out;
}

std::vector<float> Network::values(const std::string &name) const
{
    const torch::Tensor t = d_->parameter(name).detach().to(torch::kFloat32).contiguous().cpu();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

void Network::setValues(const std::string &name, const std::vector<float> &values)
{
    torch::Tensor t = d_->parameter(name);
    if (int64_t(values.size()) != t.numel())
        throw Error("parameter '" + name + "': " + std::to_string(values.size()) + " values for "
                    + std::to_string(t.numel()));
    torch::NoGradGuard guard;
    t.copy_(torch::from_blob(const_cast<float *>(values.data()), t.sizes(), torch::kFloat32).to(t.dtype()));
}

void Network::saveStateDict(const std::string &path) const
{
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto &[name, t] : d_->namedParameters()) dict.insert(name, t.detach().clone().cpu());
    // Buffers (none in the built-ins) of TorchScript models go along so load_state_dict accepts it.
    if (d_->script)
        for (const auto &b : d_->script->named_buffers(true)) dict.insert(b.name, b.value.detach().clone().cpu());
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
    writeFileAtomic(path, std::string(bytes.begin(), bytes.end()));
}

void Network::saveTorchScript(const std::string &path) const
{
    if (!d_->script)
        throw Error("the built-in " + d_->spec
                    + " is not a TorchScript model; export its weights with --state-dict and load them into the "
                      "PyTorch definition in the README");
    std::ostringstream bytes;
    try {
        d_->script->save(bytes);
    } catch (const c10::Error &e) {
        throw Error(path + ": cannot serialise the TorchScript model (" + std::string(e.what_without_backtrace()) + ")");
    }
    writeFileAtomic(path, bytes.str());
}

} // namespace twill
