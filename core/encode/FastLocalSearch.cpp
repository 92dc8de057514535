#include "encode/FastLocalSearch.h"
#include "util/SplitMix.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace twill {

namespace {

// c beats best by more than a relative 1e-9 (any finite c beats an infinite best).
bool clearlyBetter(double c, double best)
{
    if (!std::isfinite(best)) return std::isfinite(c);
    return c < best - 1e-9 * std::max(1.0, std::fabs(best));
}

} // namespace

bool FastLocalSearch::applies(const ArrayProblem &p)
{
    const WordModel &m = *p.model;
    return m.singleCrossings && m.W <= 32 && p.objective != Objective::Max && p.bound < 0;
}

FastLocalSearch::FastLocalSearch(const ArrayProblem &p)
    : p_(p), m_(*p.model), W_(p.model->W), n_(p.model->nWords), codeLo_(codeMin(p.model->format, p.model->W)),
      codeHi_(codeMax(p.model->format, p.model->W))
{
    pinMask_.assign(n_, 0);
    pinBits_.assign(n_, 0);
    for (int w = 0; w < n_; ++w)
        for (int s = 0; s < W_; ++s) {
            const int8_t pin = p.pin[m_.wordCell[size_t(w) * W_ + s]];
            if (pin < 0) continue;
            pinMask_[w] |= uint64_t(1) << s;
            if (pin) pinBits_[w] |= uint64_t(1) << s;
        }
    s_.cur.assign(n_, 0);
    s_.own.assign(n_, 0);
    s_.flip.assign(size_t(n_) * W_, 0);
}

double FastLocalSearch::wordCost(int w, uint64_t bits) const
{
    const double e = double(m_.value(bits, p_.shift[w]) - p_.target[w]);
    return p_.w(w) * e * e;
}

void FastLocalSearch::refresh(int w)
{
    const uint64_t v = s_.cur[w];
    s_.own[w] = wordCost(w, v);
    double *f = s_.flip.data() + size_t(w) * W_;
    for (int s = 0; s < W_; ++s) f[s] = wordCost(w, v ^ (uint64_t(1) << s));
}

void FastLocalSearch::load(const Assignment &a)
{
    for (int w = 0; w < n_; ++w) {
        s_.cur[w] = a.wordBits[w];
        refresh(w);
    }
}

void FastLocalSearch::store(Assignment &a) const
{
    std::vector<uint8_t> bits(m_.nCells, 0);
    for (int w = 0; w < n_; ++w)
        for (int s = 0; s < W_; ++s) bits[m_.wordCell[size_t(w) * W_ + s]] = uint8_t((s_.cur[w] >> s) & 1);
    a.reset(m_, bits);
}

double FastLocalSearch::cost() const
{
    double c = 0;
    for (double x : s_.own) c += x;
    return c;
}

void FastLocalSearch::setWord(int w, uint64_t bits)
{
    uint64_t diff = s_.cur[w] ^ bits;
    s_.cur[w] = bits;
    refresh(w);
    while (diff) {
        const int s = __builtin_ctzll(diff);
        diff &= diff - 1;
        const int u = m_.crossWord[size_t(w) * W_ + s];
        s_.cur[u] ^= uint64_t(1) << m_.crossSig[size_t(w) * W_ + s];
        refresh(u);
    }
}

uint64_t FastLocalSearch::scan(int w, int skip, uint64_t mask, uint64_t want, double &best, uint64_t fallback) const
{
    // Each bit of w moves one crossing word by one bit: d0 + v_s (d1 - d0) is its cost.
    double dd[64];
    double base = 0, lmin = 0;
    for (int s = 0; s < W_; ++s) {
        dd[s] = 0;
        if (s == skip) continue;
        const int u = m_.crossWord[size_t(w) * W_ + s];
        const int t = m_.crossSig[size_t(w) * W_ + s];
        const double fc = s_.own[u], ff = s_.flip[size_t(u) * W_ + t];
        const bool on = (s_.cur[u] >> t) & 1;
        const double d0 = on ? ff : fc, d1 = on ? fc : ff;
        base += d0;
        dd[s] = d1 - d0;
        lmin += std::min(d0, d1);
    }
    // The per-bit terms summed four bits at a time: nib[k][x] for bits 4k..4k+3 set as in x.
    const int chunks = (W_ + 3) / 4;
    double nib[8][16];
    for (int k = 0; k < chunks; ++k) {
        nib[k][0] = 0;
        for (int b = 0; b < 4; ++b) {
            const int s = 4 * k + b;
            const double d = s < W_ ? dd[s] : 0.0;
            for (int x = 0; x < (1 << b); ++x) nib[k][x | (1 << b)] = nib[k][x] + d;
        }
    }
    auto terms = [&](uint64_t v) {
        double x = base;
        for (int k = 0; k < chunks; ++k) x += nib[k][(v >> (4 * k)) & 15];
        return x;
    };
    if (std::isfinite(best)) best = s_.own[w] + terms(fallback);
    uint64_t arg = fallback;
    const double wt = p_.w(w);
    if (wt == 0) {
        // A don't-care word (tensor padding): every free bit takes its cheaper side.
        uint64_t v = want;
        for (int s = 0; s < W_; ++s)
            if (!((mask >> s) & 1) && dd[s] < 0) v |= uint64_t(1) << s;
        const double c = terms(v);
        if (clearlyBetter(c, best)) {
            best = c;
            arg = v;
        }
        return arg;
    }
    // Codes nearest to the target first: two pointers walk outward from the nearest code.
    const int shift = p_.shift[w];
    const int64_t unit = int64_t(1) << shift, t = p_.target[w];
    const int64_t c0 = std::clamp<int64_t>(int64_t(std::llround(double(t) / double(unit))), codeLo_, codeHi_);
    int64_t down = c0 - 1, up = c0 + 1;
    const uint64_t full = m_.fullMask;
    auto tryPattern = [&](uint64_t pat, double own) {
        if ((pat & mask) != want) return;
        const double c = own + terms(pat);
        if (clearlyBetter(c, best)) {
            best = c;
            arg = pat;
        }
    };
    int64_t code = c0;
    while (true) {
        const double e = double(code * unit - t);
        const double own = wt * e * e;
        if (std::isfinite(best) && !clearlyBetter(own + lmin, best)) break;
        switch (m_.format) {
        case NumberFormat::Unsigned:
        case NumberFormat::DifferentialPair: // (a pair's arrays hold unsigned words)
            tryPattern(uint64_t(code), own); break;
        case NumberFormat::TwosComplement: tryPattern(uint64_t(code) & full, own); break;
        case NumberFormat::SignMagnitude:
            if (code < 0) tryPattern(uint64_t(-code) | m_.topBit, own);
            else tryPattern(uint64_t(code), own);
            if (code == 0) tryPattern(m_.topBit, own); // -0
            break;
        }
        const bool hasDown = down >= codeLo_, hasUp = up <= codeHi_;
        if (!hasDown && !hasUp) break;
        if (hasDown && (!hasUp || std::llabs(down * unit - t) <= std::llabs(up * unit - t))) code = down--;
        else code = up++;
    }
    return arg;
}

bool FastLocalSearch::bestResponse(int w)
{
    double best = 0; // finite: start from the current value
    const uint64_t v = scan(w, -1, pinMask_[w], pinBits_[w], best, s_.cur[w]);
    if (v == s_.cur[w]) return false;
    setWord(w, v);
    return true;
}

uint64_t FastLocalSearch::forcedResponse(int w, int sig, int bit) const
{
    const uint64_t b = uint64_t(1) << sig;
    double best = std::numeric_limits<double>::infinity();
    return scan(w, sig, pinMask_[w] | b, (pinBits_[w] & ~b) | (bit ? b : 0), best, s_.cur[w]);
}

void FastLocalSearch::kick(int cell)
{
    const int w0 = m_.cellWord[size_t(cell) * 2], w1 = m_.cellWord[size_t(cell) * 2 + 1];
    const int s0 = m_.cellSig[size_t(cell) * 2], s1 = m_.cellSig[size_t(cell) * 2 + 1];
    const int bit = int(1 - ((s_.cur[w0] >> s0) & 1));
    // Both responses see the other words as they are: w0's crossings are all in w1's
    // direction and w1's in w0's, so they interact only through the kicked cell.
    const uint64_t v0 = forcedResponse(w0, s0, bit);
    const uint64_t v1 = forcedResponse(w1, s1, bit);
    setWord(w0, v0);
    setWord(w1, v1);
}

double FastLocalSearch::descend()
{
    int stable = 0, w = 0;
    int64_t budget = int64_t(n_) * 400;
    while (stable < n_ && budget-- > 0) {
        if (bestResponse(w)) stable = 0;
        else ++stable;
        w = w + 1 == n_ ? 0 : w + 1;
    }
    return cost();
}

double FastLocalSearch::run(int restarts, uint64_t seed)
{
    double bestCost = descend();
    if (restarts <= 0) return bestCost;
    std::vector<int> freeCells;
    for (int c = 0; c < m_.nCells; ++c)
        if (p_.pin[c] < 0) freeCells.push_back(c);
    if (freeCells.empty()) return bestCost;
    State best = s_, base = s_;
    double baseCost = bestCost;
    uint64_t state = seed;
    for (int r = 0; r < restarts; ++r) {
        s_ = base;
        for (int k = 0; k < kKicks; ++k) kick(freeCells[splitmix64(state) % freeCells.size()]);
        const double c = descend();
        if (c <= baseCost) {
            base = s_;
            baseCost = c;
            if (c < bestCost) {
                best = s_;
                bestCost = c;
            }
        }
    }
    s_ = best;
    return bestCost;
}

} // namespace twill
