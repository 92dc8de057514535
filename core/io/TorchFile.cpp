#include "io/TorchFile.h"

#include "io/ZipArchive.h"
#include "util/Error.h"

#include <QFile>

#include <cmath>
#include <cstring>
#include <map>
#include <memory>

namespace twill {

namespace {

const std::map<std::string, std::string> &storageDtypes()
{
    static const std::map<std::string, std::string> m{
        {"torch.FloatStorage", "float32"}, {"torch.DoubleStorage", "float64"}, {"torch.HalfStorage", "float16"},
        {"torch.LongStorage", "int64"},    {"torch.IntStorage", "int32"},      {"torch.ShortStorage", "int16"},
        {"torch.CharStorage", "int8"},     {"torch.ByteStorage", "uint8"},     {"torch.BoolStorage", "bool"},
        {"torch.BFloat16Storage", "bfloat16"},
    };
    return m;
}

// What the pickle machine below builds: only the shapes a state_dict needs.
struct Value;
using Ptr = std::shared_ptr<Value>;
struct Value {
    enum Kind { None, Bool, Int, Float, Text, Tuple, List, Dict, Global, Storage, Tensor, Object } kind = None;
    int64_t i = 0;
    double f = 0;
    std::string s;                          // Text, Global (module.name), Storage (dtype), Object (its class)
    std::string key;                        // Storage: the member's key
    std::vector<Ptr> items;                 // Tuple, List; Tensor: storage, offset, size, stride
    std::vector<std::pair<Ptr, Ptr>> dict;  // Dict
};

Ptr make(Value::Kind k)
{
    auto v = std::make_shared<Value>();
    v->kind = k;
    return v;
}

class Unpickler {
public:
    Unpickler(const std::string &bytes, std::string what) : b_(bytes), what_(std::move(what)) {}

    Ptr run()
    {
        while (at_ < b_.size()) {
            const unsigned char op = byte();
            switch (op) {
            case 0x80: byte(); break;                 // PROTO
            case 0x95: take(8); break;                // FRAME
            case '}': push(make(Value::Dict)); break; // EMPTY_DICT
            case ']': push(make(Value::List)); break;
            case ')': push(make(Value::Tuple)); break;
            case '(': marks_.push_back(stack_.size()); break;
            case 'c': {                               // GLOBAL
                const std::string module = line(), name = line();
                Ptr g = make(Value::Global);
                g->s = module + "." + name;
                push(g);
                break;
            }
            case 0x93: {                              // STACK_GLOBAL
                const Ptr name = pop(), module = pop();
                Ptr g = make(Value::Global);
                g->s = module->s + "." + name->s;
                push(g);
                break;
            }
            case 'X': pushText(take(uint32(4))); break;     // BINUNICODE
            case 0x8c: pushText(take(byte())); break;      // SHORT_BINUNICODE
            case 0x8d: pushText(take(size_t(uint64()))); break; // BINUNICODE8
            case 'T': pushText(take(uint32(4))); break;     // BINSTRING
            case 'U': pushText(take(byte())); break;       // SHORT_BINSTRING
            case 'B': pushText(take(uint32(4))); break;     // BINBYTES
            case 'C': pushText(take(byte())); break;       // SHORT_BINBYTES
            case 'q': memo_[byte()] = top(); break;        // BINPUT
            case 'r': memo_[uint32(4)] = top(); break;     // LONG_BINPUT
            case 0x94: memo_[uint32_t(memo_.size())] = top(); break; // MEMOIZE
            case 'h': push(get(byte())); break;            // BINGET
            case 'j': push(get(uint32(4))); break;         // LONG_BINGET
            case 'J': pushInt(int32_t(uint32(4))); break;  // BININT
            case 'K': pushInt(byte()); break;              // BININT1
            case 'M': pushInt(uint32(2)); break;           // BININT2
            case 0x8a: pushInt(long1()); break;            // LONG1
            case 'G': {                                    // BINFLOAT, big-endian
                const std::string raw = take(8);
                uint64_t u = 0;
                for (unsigned char c : raw) u = (u << 8) | c;
                Ptr v = make(Value::Float);
                std::memcpy(&v->f, &u, 8);
                push(v);
                break;
            }
            case 'N': push(make(Value::None)); break;
            case 0x88: pushBool(true); break;
            case 0x89: pushBool(false); break;
            case 't': push(tuple(popMark())); break;
            case 0x85: push(tuple(popN(1))); break;
            case 0x86: push(tuple(popN(2))); break;
            case 0x87: push(tuple(popN(3))); break;
            case 'Q': push(storage(pop())); break;         // BINPERSID
            case 'R': {                                    // REDUCE
                const Ptr args = pop(), callable = pop();
                push(reduce(callable, args));
                break;
            }
            case 0x81: {                                   // NEWOBJ: cls.__new__(cls, *args), e.g. a pickled module
                pop();
                const Ptr cls = pop();
                Ptr o = make(Value::Object);
                o->s = cls->s;
                push(o);
                break;
            }
            case 'b': pop(); break;                        // BUILD: attributes (e.g. _metadata) are not needed
            case 's': {                                    // SETITEM
                const Ptr v = pop(), k = pop();
                dictOf(top())->dict.emplace_back(k, v);
                break;
            }
            case 'u': {                                    // SETITEMS
                std::vector<Ptr> kv = popMark();
                if (kv.size() % 2) fail("SETITEMS with an odd number of items");
                Ptr d = dictOf(top());
                for (size_t k = 0; k < kv.size(); k += 2) d->dict.emplace_back(kv[k], kv[k + 1]);
                break;
            }
            case 'a': {                                    // APPEND
                const Ptr v = pop();
                listOf(top())->items.push_back(v);
                break;
            }
            case 'e': {                                    // APPENDS
                std::vector<Ptr> vs = popMark();
                Ptr l = listOf(top());
                l->items.insert(l->items.end(), vs.begin(), vs.end());
                break;
            }
            case '.': return pop();                        // STOP
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                fail(std::string("the pickle uses opcode ") + hex + ", which a state_dict does not need");
            }
            }
        }
        fail("the pickle ends without STOP");
    }

private:
    [[noreturn]] void fail(const std::string &why) const
    {
        throw Error(what_ + ": " + why + " (at byte " + std::to_string(at_) + " of data.pkl)");
    }
    unsigned char byte()
    {
        if (at_ >= b_.size()) fail("the pickle ends early");
        return static_cast<unsigned char>(b_[at_++]);
    }
    std::string take(size_t n)
    {
        if (n > b_.size() - at_) fail("the pickle ends inside a value");
        std::string s = b_.substr(at_, n);
        at_ += n;
        return s;
    }
    uint32_t uint32(int n)
    {
        uint32_t v = 0;
        for (int k = 0; k < n; ++k) v |= uint32_t(byte()) << (8 * k);
        return v;
    }
    uint64_t uint64()
    {
        uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v |= uint64_t(byte()) << (8 * k);
        if (v > b_.size()) fail("a length runs past the end");
        return v;
    }
    int64_t long1()
    {
        const int n = byte();
        if (n > 8) fail("an integer of " + std::to_string(n) + " bytes is too large");
        uint64_t v = 0;
        for (int k = 0; k < n; ++k) v |= uint64_t(byte()) << (8 * k);
        if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t(0) << (8 * n); // sign
        return int64_t(v);
    }
    std::string line()
    {
        const size_t nl = b_.find('\n', at_);
        if (nl == std::string::npos) fail("a GLOBAL name has no end");
        std::string s = b_.substr(at_, nl - at_);
        at_ = nl + 1;
        return s;
    }
    void push(Ptr v) { stack_.push_back(std::move(v)); }
    void pushText(std::string s)
    {
        Ptr v = make(Value::Text);
        v->s = std::move(s);
        push(v);
    }
    void pushInt(int64_t i)
    {
        Ptr v = make(Value::Int);
        v->i = i;
        push(v);
    }
    void pushBool(bool b)
    {
        Ptr v = make(Value::Bool);
        v->i = b;
        push(v);
    }
    Ptr top() const
    {
        if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail("the pickle's stack is empty");
        return stack_.back();
    }
    Ptr pop()
    {
        Ptr v = top();
        stack_.pop_back();
        return v;
    }
    std::vector<Ptr> popN(size_t n)
    {
        std::vector<Ptr> out(n);
        for (size_t k = n; k-- > 0;) out[k] = pop();
        return out;
    }
    std::vector<Ptr> popMark()
    {
        if (marks_.empty()) fail("the pickle closes a MARK it never opened");
        const size_t m = marks_.back();
        marks_.pop_back();
        std::vector<Ptr> out(stack_.begin() + long(m), stack_.end());
        stack_.resize(m);
        return out;
    }
    Ptr get(uint32_t k) const
    {
        auto it = memo_.find(k);
        if (it == memo_.end()) fail("the pickle refers to memo " + std::to_string(k) + ", never stored");
        return it->second;
    }
    Ptr tuple(std::vector<Ptr> items) const
    {
        Ptr t = make(Value::Tuple);
        t->items = std::move(items);
        return t;
    }
    Ptr dictOf(const Ptr &v) const
    {
        if (v->kind != Value::Dict) fail("SETITEM on something that is not a dict");
        return v;
    }
    Ptr listOf(const Ptr &v) const
    {
        if (v->kind != Value::List) fail("APPEND on something that is not a list");
        return v;
    }
    Ptr storage(const Ptr &pid) const
    {
        if (pid->kind != Value::Tuple || pid->items.size() < 5 || pid->items[0]->s != "storage")
            fail("a persistent id that is not a tensor storage");
        const std::string type = pid->items[1]->s;
        auto it = storageDtypes().find(type);
        if (it == storageDtypes().end()) fail("storage type '" + type + "' is not one Twill reads");
        Ptr s = make(Value::Storage);
        s->s = it->second;
        s->key = pid->items[2]->kind == Value::Int ? std::to_string(pid->items[2]->i) : pid->items[2]->s;
        s->i = pid->items[4]->i; // elements
        return s;
    }
    Ptr reduce(const Ptr &callable, const Ptr &args) const
    {
        const std::string &name = callable->s;
        const std::vector<Ptr> &a = args->items;
        if (name == "collections.OrderedDict") return make(Value::Dict);
        if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
            if (a.size() < 4 || a[0]->kind != Value::Storage || a[2]->kind != Value::Tuple || a[3]->kind != Value::Tuple)
                fail("a tensor whose storage, size or stride is missing");
            Ptr t = make(Value::Tensor);
            t->items = {a[0], a[1], a[2], a[3]};
            return t;
        }
        if ((name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state")
            && !a.empty() && a[0]->kind == Value::Tensor)
            return a[0];
        Ptr o = make(Value::Object);
        o->s = name;
        return o;
    }

    const std::string &b_;
    std::string what_;
    size_t at_ = 0;
    std::vector<Ptr> stack_;
    std::vector<size_t> marks_;
    std::map<uint32_t, Ptr> memo_;
};

// The tensor's elements in C order, gathered through its strides from the storage's bytes.
SavedTensor gather(const std::string &name, const Value &t, const std::map<std::string, const std::string *> &data,
                   const std::string &what)
{
    const Value &st = *t.items[0];
    SavedTensor out;
    out.name = name;
    out.dtype = st.s;
    const int item = dtypeSize(st.s);
    auto it = data.find(st.key);
    if (it == data.end()) throw Error(what + ": tensor " + name + " refers to storage " + st.key + ", which is missing");
    const std::string &bytes = *it->second;
    const int64_t numel = int64_t(bytes.size()) / item;
    const int64_t offset = t.items[1]->i;
    std::vector<int64_t> stride;
    for (const Ptr &d : t.items[2]->items) out.shape.push_back(d->i);
    for (const Ptr &d : t.items[3]->items) stride.push_back(d->i);
    if (stride.size() != out.shape.size()) throw Error(what + ": tensor " + name + " has " + std::to_string(stride.size())
                                                       + " strides for " + std::to_string(out.shape.size()) + " dimensions");
    int64_t count = 1, last = offset;
    for (size_t d = 0; d < out.shape.size(); ++d) {
        if (out.shape[d] < 0 || stride[d] < 0) throw Error(what + ": tensor " + name + " has a negative size or stride");
        if (out.shape[d] > 0 && count > (int64_t(1) << 40) / out.shape[d])
            throw Error(what + ": tensor " + name + " is too large");
        count *= out.shape[d];
        if (out.shape[d] > 0) last += (out.shape[d] - 1) * stride[d];
    }
    if (count > 0 && (offset < 0 || last >= numel))
        throw Error(what + ": tensor " + name + " reaches past its storage (" + std::to_string(numel) + " elements)");
    out.data.resize(size_t(count) * size_t(item));
    std::vector<int64_t> index(out.shape.size(), 0);
    for (int64_t k = 0; k < count; ++k) {
        int64_t at = offset;
        for (size_t d = 0; d < index.size(); ++d) at += index[d] * stride[d];
        std::memcpy(out.data.data() + size_t(k) * size_t(item), bytes.data() + size_t(at) * size_t(item), size_t(item));
        for (size_t d = index.size(); d-- > 0;) {
            if (++index[d] < out.shape[d]) break;
            index[d] = 0;
        }
    }
    return out;
}

bool tensorDict(const Value &v)
{
    if (v.kind != Value::Dict || v.dict.empty()) return false;
    for (const auto &[k, x] : v.dict)
        if (k->kind != Value::Text || x->kind != Value::Tensor) return false;
    return true;
}

// Writes pickle protocol 2 by hand: only the opcodes torch.load needs for this dict.
class Pickler {
public:
    std::string out{"\x80\x02", 2};
    void global(const char *module, const char *name)
    {
        out += 'c';
        out += module;
        out += '\n';
        out += name;
        out += '\n';
    }
    void text(const std::string &s)
    {
        out += 'X';
        for (int k = 0; k < 4; ++k) out += char((s.size() >> (8 * k)) & 0xFF);
        out += s;
    }
    void integer(int64_t v)
    {
        if (v >= 0 && v < 256) {
            out += 'K';
            out += char(v);
        } else if (v >= -2147483647 - 1 && v <= 2147483647) {
            out += 'J';
            for (int k = 0; k < 4; ++k) out += char((uint32_t(int32_t(v)) >> (8 * k)) & 0xFF);
        } else {
            out += '\x8a';
            out += char(8);
            for (int k = 0; k < 8; ++k) out += char((uint64_t(v) >> (8 * k)) & 0xFF);
        }
    }
    void ints(const std::vector<int64_t> &v)
    {
        if (v.empty()) {
            out += ')';
            return;
        }
        out += '(';
        for (int64_t x : v) integer(x);
        out += 't';
    }
    void emptyOrderedDict()
    {
        global("collections", "OrderedDict");
        out += ')';
        out += 'R';
    }
};

} // namespace

int dtypeSize(const std::string &dtype)
{
    if (dtype == "float64" || dtype == "int64") return 8;
    if (dtype == "float32" || dtype == "int32") return 4;
    if (dtype == "float16" || dtype == "bfloat16" || dtype == "int16") return 2;
    if (dtype == "int8" || dtype == "uint8" || dtype == "bool") return 1;
    return 0;
}

int64_t SavedTensor::size() const
{
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

std::vector<float> SavedTensor::toFloat() const
{
    const size_t n = size_t(size());
    std::vector<float> v(n);
    auto read = [&](auto sample) {
        using T = decltype(sample);
        for (size_t k = 0; k < n; ++k) {
            T x;
            std::memcpy(&x, data.data() + k * sizeof(T), sizeof(T));
            v[k] = float(x);
        }
    };
    if (dtype == "float32") read(float());
    else if (dtype == "float64") read(double());
    else if (dtype == "int64") read(int64_t());
    else if (dtype == "int32") read(int32_t());
    else if (dtype == "int16") read(int16_t());
    else if (dtype == "int8") read(int8_t());
    else if (dtype == "uint8" || dtype == "bool") read(uint8_t());
    else if (dtype == "float16" || dtype == "bfloat16") {
        for (size_t k = 0; k < n; ++k) {
            uint16_t h;
            std::memcpy(&h, data.data() + 2 * k, 2);
            uint32_t bits;
            if (dtype == "bfloat16") {
                bits = uint32_t(h) << 16;
            } else {
                const uint32_t sign = uint32_t(h & 0x8000) << 16, exp = (h >> 10) & 0x1F, man = h & 0x3FF;
                if (exp == 0) { // zero or subnormal: exact as a float
                    const float f = std::ldexp(float(man), -24);
                    std::memcpy(&bits, &f, 4);
                    bits |= sign;
                } else if (exp == 31) {
                    bits = sign | 0x7F800000u | (man << 13);
                } else {
                    bits = sign | ((exp + 112) << 23) | (man << 13);
                }
            }
            std::memcpy(&v[k], &bits, 4);
        }
    } else {
        throw Error("tensor " + name + " has dtype " + dtype + ", which does not convert to float");
    }
    return v;
}

std::vector<SavedTensor> parseStateDict(const std::string &bytes, const std::string &what)
{
    if (bytes.size() < 4 || bytes.compare(0, 4, "PK\x03\x04") != 0) {
        if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) == 0x80)
            throw Error(what + ": saved in PyTorch's legacy format; save it again with torch.save(model.state_dict(), "
                               "path) from PyTorch 1.6 or later (the zip format)");
        throw Error(what + ": not a PyTorch file saved with torch.save (no zip archive)");
    }
    const std::vector<ZipMember> members = readZip(bytes, what);
    const ZipMember *pkl = nullptr;
    std::string prefix;
    for (const ZipMember &m : members)
        if (m.name.size() >= 8 && m.name.compare(m.name.size() - 8, 8, "data.pkl") == 0) {
            pkl = &m;
            prefix = m.name.substr(0, m.name.size() - 8);
        }
    if (!pkl) {
        for (const ZipMember &m : members)
            if (m.name.find("constants.pkl") != std::string::npos)
                throw Error(what + ": a TorchScript model, not a state_dict; give it as the model (--model), or save "
                                   "model.state_dict() with torch.save for --weights");
        throw Error(what + ": the archive holds no data.pkl: not a file of torch.save");
    }
    std::map<std::string, const std::string *> data;
    for (const ZipMember &m : members)
        if (m.name.compare(0, prefix.size() + 5, prefix + "data/") == 0) data[m.name.substr(prefix.size() + 5)] = &m.data;
    const Ptr root = Unpickler(pkl->data, what).run();
    const Value *dict = root.get();
    if (!tensorDict(*dict) && dict->kind == Value::Dict) {
        // A training checkpoint with the weights under a usual key.
        for (const char *key : {"state_dict", "model_state_dict", "model"})
            for (const auto &[k, v] : dict->dict)
                if (k->kind == Value::Text && k->s == key && tensorDict(*v)) dict = v.get();
    }
    if (!tensorDict(*dict)) {
        std::string keys;
        if (dict->kind == Value::Dict)
            for (const auto &[k, v] : dict->dict)
                if (k->kind == Value::Text && keys.size() < 200) keys += (keys.empty() ? "" : ", ") + k->s;
        const std::string holds = dict->kind == Value::Object ? "; it holds a pickled " + dict->s + " (a whole model?)"
                                  : keys.empty()               ? std::string()
                                                               : "; it holds " + keys;
        throw Error(what + ": not a state_dict (a dict of tensors)" + holds
                    + "; save it in Python with torch.save(model.state_dict(), path)");
    }
    std::vector<SavedTensor> out;
    for (const auto &[k, v] : dict->dict) out.push_back(gather(k->s, *v, data, what));
    return out;
}

std::vector<SavedTensor> readStateDict(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(path + ": cannot open the weights file (" + f.errorString().toStdString() + ")");
    return parseStateDict(f.readAll().toStdString(), path);
}

std::string stateDictBytes(const std::vector<SavedTensor> &tensors)
{
    static const std::map<std::string, const char *> storageOf{
        {"float32", "FloatStorage"}, {"float64", "DoubleStorage"}, {"float16", "HalfStorage"},
        {"int64", "LongStorage"},    {"int32", "IntStorage"},      {"int16", "ShortStorage"},
        {"int8", "CharStorage"},     {"uint8", "ByteStorage"},     {"bool", "BoolStorage"},
        {"bfloat16", "BFloat16Storage"},
    };
    const std::string folder = "archive/";
    Pickler p;
    p.emptyOrderedDict();
    std::vector<ZipMember> members{{folder + "data.pkl", {}}};
    if (!tensors.empty()) p.out += '(';
    for (size_t k = 0; k < tensors.size(); ++k) {
        const SavedTensor &t = tensors[k];
        auto st = storageOf.find(t.dtype);
        if (st == storageOf.end()) throw Error("tensor " + t.name + ": dtype " + t.dtype + " cannot be saved");
        if (int64_t(t.data.size()) != t.size() * dtypeSize(t.dtype))
            throw Error("tensor " + t.name + ": " + std::to_string(t.data.size()) + " bytes for its shape");
        std::vector<int64_t> stride(t.shape.size(), 1);
        for (size_t d = t.shape.size(); d-- > 1;) stride[d - 1] = stride[d] * t.shape[d];
        p.text(t.name);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.out += '(';
        p.out += '(';
        p.text("storage");
        p.global("torch", st->second);
        p.text(std::to_string(k));
        p.text("cpu");
        p.integer(t.size());
        p.out += 't';
        p.out += 'Q';
        p.integer(0);
        p.ints(t.shape);
        p.ints(stride);
        p.out += '\x89'; // requires_grad False
        p.emptyOrderedDict(); // backward hooks
        p.out += 't';
        p.out += 'R';
        members.push_back({folder + "data/" + std::to_string(k), std::string(t.data.begin(), t.data.end())});
    }
    if (!tensors.empty()) p.out += 'u';
    p.out += '.';
    members[0].data = p.out;
    members.push_back({folder + "byteorder", "little"});
    members.push_back({folder + "version", "3\n"});
    return zipBytes(members);
}

} // namespace twill
