#pragma once
// PyTorch's torch.save files holding a state_dict (a dict or OrderedDict of tensors), read and
// written without LibTorch, so that a network trained in Python loads here and the weights
// Twill deploys load there with torch.load(path, weights_only=True).
//
// The format (torch.save since PyTorch 1.6): a zip archive whose members share one folder
// name: <folder>/data.pkl, a pickle (protocol 2) of the dict in which every tensor is
// torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks) and every
// storage a persistent id ('storage', torch.FloatStorage, key, location, numel) whose bytes are
// the member <folder>/data/<key>; <folder>/version holds the format version.
#include <cstdint>
#include <string>
#include <vector>

namespace twill {

struct SavedTensor {
    std::string name;
    std::string dtype;          // float32, float64, float16, int64, int32, int16, int8, uint8, bool
    std::vector<int64_t> shape;
    std::vector<char> data;     // C order, little-endian, the dtype's size per element

    int64_t size() const;       // elements
    std::vector<float> toFloat() const; // float and integer dtypes
};

int dtypeSize(const std::string &dtype); // 0 for an unknown name

// Throws Error naming 'what' and the problem: not a zip (e.g. the legacy format of
// _use_new_zipfile_serialization=False), a pickle that is not a dict of tensors (a whole
// pickled model, a checkpoint dict with nested dicts: save model.state_dict()), storages
// missing or too short, unknown storage types.
std::vector<SavedTensor> parseStateDict(const std::string &bytes, const std::string &what);
std::vector<SavedTensor> readStateDict(const std::string &path);
// The bytes of a torch.save file of an OrderedDict of these tensors, in the given order.
std::string stateDictBytes(const std::vector<SavedTensor> &tensors);

} // namespace twill
