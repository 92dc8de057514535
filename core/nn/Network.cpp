#include "nn/NetworkImpl.h"

#include "io/Npy.h"
#include "io/TorchFile.h"
#include "spec/NetworkRunSpec.h"
#include "util/Error.h"

#include <QFileInfo>

#include <map>
#include <set>
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

ResBlockImpl::ResBlockImpl(int64_t in, int64_t out, int64_t stride)
{
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(out));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1).bias(false)));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(out));
    if (stride != 1 || in != out)
        shortcut = register_module("shortcut", torch::nn::Sequential(
                                                   torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)),
                                                   torch::nn::BatchNorm2d(out)));
}

torch::Tensor ResBlockImpl::forward(torch::Tensor x)
{
    torch::Tensor y = torch::relu(bn1->forward(conv1->forward(x)));
    y = bn2->forward(conv2->forward(y));
    return torch::relu(y + (shortcut ? shortcut->forward(x) : x));
}

ResNet20Impl::ResNet20Impl()
{
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 16, 3).padding(1).bias(false)));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(16));
    auto stage = [](int64_t in, int64_t out, int64_t stride) {
        return torch::nn::Sequential(ResBlock(in, out, stride), ResBlock(out, out, 1), ResBlock(out, out, 1));
    };
    layer1 = register_module("layer1", stage(16, 16, 1));
    layer2 = register_module("layer2", stage(16, 32, 2));
    layer3 = register_module("layer3", stage(32, 64, 2));
    fc = register_module("fc", torch::nn::Linear(64, 10));
}

torch::Tensor ResNet20Impl::forward(torch::Tensor x)
{
    x = torch::relu(bn1->forward(conv1->forward(x)));
    x = layer3->forward(layer2->forward(layer1->forward(x)));
    x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    return fc->forward(x);
}

torch::nn::Module *Network::Impl::builtIn() const
{
    if (mlp) return mlp.ptr().get();
    if (lenet) return lenet.ptr().get();
    if (resnet) return resnet.ptr().get();
    return nullptr;
}

torch::Tensor Network::Impl::forward(const torch::Tensor &x)
{
    if (mlp) return mlp->forward(x);
    if (lenet) return lenet->forward(x);
    if (resnet) return resnet->forward(x);
    return script->forward({x}).toTensor();
}

void Network::Impl::train(bool on)
{
    if (torch::nn::Module *m = builtIn()) m->train(on);
    else script->train(on);
}

std::vector<std::pair<std::string, torch::Tensor>> Network::Impl::namedParameters() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    if (torch::nn::Module *m = builtIn()) {
        for (const auto &p : m->named_parameters(true)) out.emplace_back(p.key(), p.value());
    } else {
        for (const auto &p : script->named_parameters(true)) out.emplace_back(p.name, p.value);
    }
    return out;
}

std::vector<std::pair<std::string, torch::Tensor>> Network::Impl::namedBuffers() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    if (torch::nn::Module *m = builtIn()) {
        for (const auto &b : m->named_buffers(true)) out.emplace_back(b.key(), b.value());
    } else {
        for (const auto &b : script->named_buffers(true)) out.emplace_back(b.name, b.value);
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
    if (spec == "mlp" || spec == "lenet5" || spec == "resnet20") return builtIn(spec, seed);
    if (spec.size() > 3 && (spec.rfind(".pt") == spec.size() - 3 || spec.rfind(".pth") == spec.size() - 4))
        return loadTorchScript(spec);
    throw Error("unknown model '" + spec + "'; use mlp, lenet5, resnet20 or a TorchScript file ending in .pt");
}

Network Network::builtIn(const std::string &name, uint64_t seed)
{
    torch::manual_seed(seed);
    auto d = std::make_unique<Impl>();
    d->spec = name;
    if (name == "mlp") d->mlp = Mlp();
    else if (name == "lenet5") d->lenet = LeNet5();
    else if (name == "resnet20") d->resnet = ResNet20();
    else throw Error("unknown built-in model '" + name + "'; use mlp, lenet5 or resnet20");
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

namespace {

std::string dtypeName(const torch::Tensor &t)
{
    switch (t.scalar_type()) {
    case torch::kFloat32: return "float32";
    case torch::kFloat64: return "float64";
    case torch::kFloat16: return "float16";
    case torch::kInt64: return "int64";
    case torch::kInt32: return "int32";
    case torch::kInt16: return "int16";
    case torch::kInt8: return "int8";
    case torch::kUInt8: return "uint8";
    case torch::kBool: return "bool";
    default: return std::string(c10::toString(t.scalar_type()));
    }
}

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string s = "[";
    for (size_t k = 0; k < shape.size(); ++k) s += (k ? ", " : "") + std::to_string(shape[k]);
    return s + "]";
}

} // namespace

std::vector<SavedTensor> Network::stateDict() const
{
    std::vector<SavedTensor> out;
    auto add = [&](const std::string &name, const torch::Tensor &value) {
        const torch::Tensor t = value.detach().contiguous().cpu();
        SavedTensor s;
        s.name = name;
        s.dtype = dtypeName(t);
        s.shape = t.sizes().vec();
        const auto *p = static_cast<const char *>(t.data_ptr());
        s.data.assign(p, p + t.numel() * int64_t(t.element_size()));
        out.push_back(std::move(s));
    };
    for (const auto &[name, t] : d_->namedParameters()) add(name, t);
    // Buffers (BatchNorm's running statistics) go along, so that load_state_dict accepts it.
    for (const auto &[name, t] : d_->namedBuffers()) add(name, t);
    return out;
}

void Network::loadStateDict(const std::vector<SavedTensor> &tensors, const std::string &what)
{
    std::map<std::string, torch::Tensor> mine;
    for (const auto &[name, t] : d_->namedParameters()) mine[name] = t;
    for (const auto &[name, t] : d_->namedBuffers()) mine[name] = t;
    std::vector<std::string> problems;
    std::set<std::string> given;
    for (const SavedTensor &s : tensors) {
        given.insert(s.name);
        auto it = mine.find(s.name);
        if (it == mine.end()) {
            problems.push_back(s.name + " " + shapeText(s.shape) + " is not a tensor of " + d_->spec);
            continue;
        }
        const std::vector<int64_t> expected = it->second.sizes().vec();
        if (s.shape != expected)
            problems.push_back(s.name + " is " + shapeText(s.shape) + ", " + d_->spec + " expects " + shapeText(expected));
    }
    for (const auto &[name, t] : mine)
        if (!given.count(name)) problems.push_back(name + " " + shapeText(t.sizes().vec()) + " is missing");
    if (!problems.empty()) {
        std::string list;
        for (size_t k = 0; k < problems.size() && k < 6; ++k) list += (k ? "; " : "") + problems[k];
        if (problems.size() > 6) list += "; and " + std::to_string(problems.size() - 6) + " more";
        throw Error(what + ": these weights are not " + d_->spec + "'s (" + list
                    + "); the names and shapes must be those of the README's definition");
    }
    torch::NoGradGuard guard;
    for (const SavedTensor &s : tensors) {
        torch::Tensor &t = mine[s.name];
        const std::vector<float> v = s.toFloat();
        t.copy_(torch::from_blob(const_cast<float *>(v.data()), t.sizes(), torch::kFloat32).to(t.dtype()));
    }
}

void Network::saveStateDict(const std::string &path) const
{
    writeFileAtomic(path, stateDictBytes(stateDict()));
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
