#include "encode/CubeSearch.h"

#include "util/SplitMix.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace twill {

namespace {

constexpr double kInfinite = 1e300;

} // namespace

CubeSearch::CubeSearch(const ArrayProblem &p, Assignment &a, std::vector<double> limit)
    : p_(p), m_(*p.model), a_(a)
{
    err_.resize(m_.nWords);
    cost_.resize(m_.nWords);
    queued_.assign(m_.nWords, 0);
    budget_ = int64_t(m_.nWords) * 400;
    freeCells_.assign(m_.nWords, 0);
    for (int w = 0; w < m_.nWords; ++w)
        for (int s = 0; s < m_.W; ++s) freeCells_[w] += p_.pin[m_.wordCell[size_t(w) * m_.W + s]] < 0;
    weight_.resize(m_.nWords);
    for (int w = 0; w < m_.nWords; ++w) weight_[w] = p_.w(w);
    linear_ = m_.format != NumberFormat::SignMagnitude;
    if (linear_) {
        step_.resize(size_t(m_.nCells) * m_.K);
        for (int c = 0; c < m_.nCells; ++c)
            for (int k = 0; k < m_.K; ++k) {
                const int u = m_.cellWord[size_t(c) * m_.K + k];
                const uint64_t bit = uint64_t(1) << m_.cellSig[size_t(c) * m_.K + k];
                step_[size_t(c) * m_.K + k] = m_.value(bit, p_.shift[u]) - m_.value(0, p_.shift[u]);
            }
    }
    setLimit(std::move(limit));
}

void CubeSearch::setLimit(std::vector<double> limit)
{
    limit_ = std::move(limit);
    limit_.resize(m_.nWords, -1);
    for (int w = 0; w < m_.nWords; ++w) {
        err_[w] = m_.value(a_.wordBits[w], p_.shift[w]) - p_.target[w];
        cost_[w] = wordCost(w, err_[w]);
    }
}

std::vector<int> CubeSearch::overLimit() const
{
    std::vector<int> out;
    for (int w = 0; w < m_.nWords; ++w)
        if (cost_[w].excess > 0) out.push_back(w);
    return out;
}

CubeSearch::Pair CubeSearch::respond(int w, int pinnedSig, int pinnedValue, uint64_t &best)
{
    ++work_;
    const int W = m_.W, K = m_.K;
    word_ = w;
    pinnedMask_ = pinnedBits_ = 0;
    for (int s = 0; s < W; ++s) {
        const int c = m_.wordCell[size_t(w) * W + s];
        const int b = a_.bits[c];
        g_[b][s] = Pair{};
        int pin = p_.pin[c];
        if (s == pinnedSig) {
            pin = pinnedValue;
            g_[1 - b][s] = Pair{}; // the cell's other words answer for themselves
        } else if (pin == b) {
            g_[1 - b][s] = Pair{}; // pinned where it is: the other value is ruled out below
        } else {
            Pair d;
            for (int k = 0; k < K; ++k) {
                const int u = m_.cellWord[size_t(c) * K + k];
                if (u == w) continue;
                const Pair nu = wordCost(u, err_[u] + flipDelta(c, k, u));
                d.excess += nu.excess - cost_[u].excess;
                d.square += nu.square - cost_[u].square;
            }
            g_[1 - b][s] = d;
        }
        if (pin >= 0) {
            pinnedMask_ |= uint64_t(1) << s;
            if (pin) pinnedBits_ |= uint64_t(1) << s;
            g_[1 - pin][s] = Pair{kInfinite, kInfinite};
        }
    }
    suffix_[0] = Pair{};
    for (int s = 0; s < W; ++s) suffix_[s + 1] = add(suffix_[s], less(g_[1][s], g_[0][s]) ? g_[1][s] : g_[0][s]);

    const uint64_t current = a_.wordBits[w];
    const bool currentAllowed = (current & pinnedMask_) == pinnedBits_;
    best_ = currentAllowed ? cost_[w] : Pair{kInfinite, kInfinite};
    bestBits_ = current;
    found_ = false;
    dfs(W - 1, 0, Pair{});
    best = bestBits_;
    return best_;
}

void CubeSearch::dfs(int s, uint64_t bits, Pair partial)
{
    const int w = word_;
    if (s < 0) {
        const Pair c = add(partial, wordCost(w, m_.value(bits, p_.shift[w]) - p_.target[w]));
        if (less(c, best_)) {
            best_ = c;
            bestBits_ = bits;
            found_ = true;
        }
        return;
    }
    const uint64_t below = (uint64_t(1) << s) - 1;
    Pair bound[2];
    for (int b = 0; b < 2; ++b) {
        if (g_[b][s].excess >= kInfinite) {
            bound[b] = Pair{kInfinite, kInfinite};
            continue;
        }
        const uint64_t fixed = bits | (uint64_t(b) << s) | (pinnedBits_ & below);
        const uint64_t free = below & ~pinnedMask_;
        int64_t d;
        if (linear_ && !(pinnedMask_ & below) && !p_.shift[w]) {
            // Every bit below s free and the top bit decided: the word can take every value
            // from its fixed part up to that plus 2^s - 1.
            const int64_t lo = m_.value(fixed, 0) - p_.target[w];
            d = lo > 0 ? lo : (lo + int64_t(below) < 0 ? -(lo + int64_t(below)) : 0);
        } else {
            d = m_.reachDistance(p_.target[w], fixed, free, p_.shift[w]);
        }
        bound[b] = add(add(add(partial, g_[b][s]), suffix_[s]), wordCost(w, d));
    }
    const int first = less(bound[1], bound[0]) ? 1 : 0;
    for (int i = 0; i < 2; ++i) {
        const int b = i == 0 ? first : 1 - first;
        if (bound[b].excess >= kInfinite || !less(bound[b], best_)) continue;
        dfs(s - 1, bits | (uint64_t(b) << s), add(partial, g_[b][s]));
    }
}

bool CubeSearch::integral() const
{
    // Three words a cell, no shifts, squares below 2^32 (the doubles' tolerances stay under 1),
    // steps in 32 bits.
    if (!linear_ || m_.K != 3 || m_.W > 16) return false;
    for (int w = 0; w < m_.nWords; ++w)
        if (weight_[w] != 1.0 || p_.shift[w] != 0
            || (limit_[w] >= 0 && (limit_[w] != std::floor(limit_[w]) || limit_[w] > 1e15)))
            return false;
    return true;
}

void CubeSearch::flipCell(int c)
{
    if (linear_) {
        for (int k = 0; k < m_.K; ++k) {
            const int u = m_.cellWord[size_t(c) * m_.K + k];
            err_[u] += flipDelta(c, k, u);
            cost_[u] = wordCost(u, err_[u]);
        }
        a_.flip(m_, c);
        return;
    }
    a_.flip(m_, c);
    for (int k = 0; k < m_.K; ++k) {
        const int u = m_.cellWord[size_t(c) * m_.K + k];
        err_[u] = m_.value(a_.wordBits[u], p_.shift[u]) - p_.target[u];
        cost_[u] = wordCost(u, err_[u]);
    }
}

void CubeSearch::setWord(int w, uint64_t bits, std::vector<int> *changedCells)
{
    const uint64_t diff = bits ^ a_.wordBits[w];
    for (int s = 0; s < m_.W; ++s)
        if ((diff >> s) & 1) {
            const int c = m_.wordCell[size_t(w) * m_.W + s];
            flipCell(c);
            if (changedCells) changedCells->push_back(c);
        }
}

bool CubeSearch::improveWord(int w, std::vector<int> &changedCells)
{
    uint64_t bits = 0;
    respond(w, -1, 0, bits);
    if (!found_) return false;
    setWord(w, bits, &changedCells);
    return true;
}

void CubeSearch::enqueueAround(const std::vector<int> &cells)
{
    // A changed cell changes its words; every word crossing one of those sees new costs.
    const int W = m_.W, K = m_.K;
    for (int c : cells)
        for (int k = 0; k < K; ++k) {
            const int u = m_.cellWord[size_t(c) * K + k];
            for (int s = 0; s < W; ++s) {
                const int y = m_.wordCell[size_t(u) * W + s];
                for (int k2 = 0; k2 < K; ++k2) {
                    const int z = m_.cellWord[size_t(y) * K + k2];
                    if (!queued_[z]) {
                        queued_[z] = 1;
                        queue_.push_back(z);
                    }
                }
            }
        }
}

void CubeSearch::descend(const std::vector<int> &words)
{
    queue_.clear();
    std::fill(queued_.begin(), queued_.end(), 0);
    auto push = [&](int w) {
        if (!queued_[w]) {
            queued_[w] = 1;
            queue_.push_back(w);
        }
    };
    if (words.empty())
        for (int w = 0; w < m_.nWords; ++w) push(w);
    else
        for (int w : words) push(w);
    size_t head = 0;
    int64_t left = budget_;
    std::vector<int> changed;
    while (head < queue_.size() && left > 0) {
        const int w = queue_[head++];
        queued_[w] = 0;
        if (!freeCells_[w]) continue; // nothing it could change
        --left;
        changed.clear();
        if (improveWord(w, changed)) enqueueAround(changed);
        if (head > 4096 && head * 2 > queue_.size()) {
            queue_.erase(queue_.begin(), queue_.begin() + long(head));
            head = 0;
        }
    }
    std::fill(queued_.begin(), queued_.end(), 0);
    queue_.clear();
}

bool CubeSearch::starMove(int c)
{
    if (p_.pin[c] >= 0) return false;
    const int K = m_.K;
    const int value = 1 - a_.bits[c];
    int words[3];
    uint64_t answer[3];
    Pair current, total;
    for (int k = 0; k < K; ++k) {
        words[k] = m_.cellWord[size_t(c) * K + k];
        current = add(current, cost_[words[k]]);
        total = add(total, respond(words[k], m_.cellSig[size_t(c) * K + k], value, answer[k]));
        if (total.excess >= kInfinite) return false;
    }
    if (!less(total, current)) return false;
    // Apply, and keep it only if the words it touched really cost less (they do whenever
    // the three words share no crossing word, as in every row/column/pillar grid).
    std::vector<int> touched;
    for (int k = 0; k < K; ++k)
        for (int s = 0; s < m_.W; ++s) {
            const int y = m_.wordCell[size_t(words[k]) * m_.W + s];
            for (int k2 = 0; k2 < K; ++k2) touched.push_back(m_.cellWord[size_t(y) * K + k2]);
        }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    Pair before, after;
    for (int u : touched) before = add(before, cost_[u]);
    uint64_t old[3];
    for (int k = 0; k < K; ++k) old[k] = a_.wordBits[words[k]];
    for (int k = 0; k < K; ++k) setWord(words[k], answer[k], nullptr);
    for (int u : touched) after = add(after, cost_[u]);
    if (less(after, before)) return true;
    for (int k = K - 1; k >= 0; --k) setWord(words[k], old[k], nullptr);
    return false;
}

std::vector<int> CubeSearch::starCells(double fraction) const
{
    // A star pays off where the cell matters to two words at once: highest second-largest
    // significance first, then the lowest largest (on the 16-bit Latin cube 85 % of the gains
    // came from the two cell types whose second significance is 10, most from the (10, 10, 9)
    // cell that no word owns).
    std::vector<int> cells;
    std::vector<int> rank(m_.nCells);
    for (int c = 0; c < m_.nCells; ++c) {
        int top = -1, second = -1;
        for (int k = 0; k < m_.K; ++k) {
            const int s = m_.cellSig[size_t(c) * m_.K + k];
            if (s > top) {
                second = top;
                top = s;
            } else if (s > second) {
                second = s;
            }
        }
        rank[c] = (64 - second) * 64 + top;
        if (p_.pin[c] < 0) cells.push_back(c);
    }
    std::stable_sort(cells.begin(), cells.end(), [&](int a, int b) { return rank[a] < rank[b]; });
    size_t keep = size_t(std::ceil(fraction * double(cells.size())));
    // keep whole ranks: every cell as good as the last one kept
    while (keep > 0 && keep < cells.size() && rank[cells[keep]] == rank[cells[keep - 1]]) ++keep;
    cells.resize(std::min(keep, cells.size()));
    return cells;
}

void CubeSearch::starSweeps(int sweeps, uint64_t seed, double fraction)
{
    std::vector<int> order = starCells(fraction);
    uint64_t state = seed;
    for (int sweep = 0; sweep < sweeps; ++sweep) {
        for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[splitmix64(state) % i]);
        std::vector<int> changed;
        for (int c : order)
            if (starMove(c)) changed.push_back(c);
        if (changed.empty()) return;
        descendAround(changed);
    }
}

void CubeSearch::starAround(const std::vector<int> &words, uint64_t seed)
{
    std::vector<int> cells;
    for (int w : words)
        for (int s = 0; s < m_.W; ++s) cells.push_back(m_.wordCell[size_t(w) * m_.W + s]);
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    uint64_t state = seed;
    for (size_t i = cells.size(); i > 1; --i) std::swap(cells[i - 1], cells[splitmix64(state) % i]);
    std::vector<int> changed;
    for (int c : cells)
        if (starMove(c)) changed.push_back(c);
    if (!changed.empty()) descendAround(changed);
}

void CubeSearch::descendAround(const std::vector<int> &changedCells)
{
    queue_.clear();
    enqueueAround(changedCells);
    const std::vector<int> words = queue_;
    std::fill(queued_.begin(), queued_.end(), 0);
    descend(words);
}

} // namespace twill

namespace twill {

bool CubeSearch::walk(int64_t flips, int tenure, uint64_t seed)
{
    const int W = m_.W, K = m_.K;
    std::vector<int> over, slot(size_t(m_.nWords), -1);
    auto markAs = [&](int w, bool above) {
        if (above && slot[w] < 0) {
            slot[w] = int(over.size());
            over.push_back(w);
        } else if (!above && slot[w] >= 0) {
            const int last = over.back();
            over[size_t(slot[w])] = last;
            slot[last] = slot[w];
            over.pop_back();
            slot[w] = -1;
        }
    };
    auto mark = [&](int w) { markAs(w, cost_[w].excess > 0); };
    for (int w = 0; w < m_.nWords; ++w) mark(w);
    uint64_t state = seed;
    if (integral() && flips < int64_t(1) << 30 && tenure < 1 << 30) { // rests fit in 32 bits
        // Every weight 1, limits whole and words short enough that squares sum exactly: the
        // same choices in integers (the doubles below are exact there too, so their
        // tolerances never decide), from tables laid out word by word: each word's free cells
        // with the cell's other two words, the three steps, its value and its rest, so that a
        // choice reads one word's slots and the state of the words it crosses.
        struct Slot {
            int32_t cell, other[2], rested;
            int32_t step, otherStep[2], bit;
        };
        struct State {
            int64_t err, excess, square, limit;
        };
        const int64_t none = std::numeric_limits<int64_t>::max() / 4;
        const int n = m_.nWords;
        // The tables are as large as the stack (32 bytes a word's cell): kept per thread, so
        // that every walk after the first reuses their memory.
        thread_local std::vector<State> st;
        thread_local std::vector<int> begin, slotOf;
        thread_local std::vector<Slot> slots;
        st.resize(size_t(n));
        auto recost = [&](State &x) {
            const int64_t ae = x.err < 0 ? -x.err : x.err;
            x.excess = ae > x.limit ? ae - x.limit : 0;
            x.square = x.err * x.err;
        };
        for (int w = 0; w < n; ++w) {
            st[w].err = err_[w];
            st[w].limit = limit_[w] >= 0 ? int64_t(limit_[w]) : none;
            recost(st[w]);
        }
        begin.assign(size_t(n) + 1, 0);
        slots.clear();
        slotOf.assign(size_t(m_.nCells) * 3, -1); // [cell * 3 + k]: its slot in its k-th word
        for (int w = 0; w < n; ++w) {
            begin[w] = int(slots.size());
            for (int s = 0; s < W; ++s) {
                const int c = m_.wordCell[size_t(w) * W + s];
                if (p_.pin[c] >= 0) continue;
                Slot sl{};
                sl.cell = c;
                sl.bit = a_.bits[c];
                int o = 0;
                for (int k = 0; k < 3; ++k) {
                    const int u = m_.cellWord[size_t(c) * 3 + k];
                    const int32_t d = int32_t(step_[size_t(c) * 3 + k]);
                    if (u == w) {
                        sl.step = d;
                        slotOf[size_t(c) * 3 + k] = int(slots.size());
                    } else {
                        sl.other[o] = u;
                        sl.otherStep[o] = d;
                        ++o;
                    }
                }
                slots.push_back(sl);
            }
        }
        begin[n] = int(slots.size());
        for (int64_t f = 1; f <= flips && !over.empty(); ++f) {
            const int w = over[splitmix64(state) % over.size()];
            const State &self = st[w];
            int pick = -1;
            int64_t pickExcess = none, pickSquare = none;
            for (int i = begin[w]; i < begin[w + 1]; ++i) {
                const Slot &sl = slots[size_t(i)];
                if (sl.rested >= f) continue;
                const int64_t sign = sl.bit ? -1 : 1;
                int64_t de = 0, dq = 0;
                auto add = [&](const State &x, int64_t step) {
                    const int64_t e = x.err + sign * step, ae = e < 0 ? -e : e;
                    de += (ae > x.limit ? ae - x.limit : 0) - x.excess;
                    dq += e * e - x.square;
                };
                add(self, sl.step);
                add(st[sl.other[0]], sl.otherStep[0]);
                add(st[sl.other[1]], sl.otherStep[1]);
                if (de < pickExcess || (de == pickExcess && dq < pickSquare)) {
                    pickExcess = de;
                    pickSquare = dq;
                    pick = i;
                }
            }
            if (pick < 0) continue;
            const Slot &picked = slots[size_t(pick)];
            const int c = picked.cell;
            const int64_t sign = picked.bit ? -1 : 1;
            for (int k = 0; k < 3; ++k) {
                Slot &sl = slots[size_t(slotOf[size_t(c) * 3 + k])];
                State &x = st[m_.cellWord[size_t(c) * 3 + k]];
                x.err += sign * sl.step;
                recost(x);
                sl.bit ^= 1;
                sl.rested = int32_t(f + tenure);
                markAs(m_.cellWord[size_t(c) * 3 + k], x.excess > 0);
            }
            a_.flip(m_, c);
        }
        for (int w = 0; w < n; ++w) {
            err_[w] = st[w].err;
            cost_[w] = wordCost(w, err_[w]);
        }
        return over.empty();
    }
    std::vector<int64_t> restedUntil(size_t(m_.nCells), 0);
    for (int64_t f = 1; f <= flips && !over.empty(); ++f) {
        const int w = over[splitmix64(state) % over.size()];
        int pick = -1;
        Pair pickCost{kInfinite, kInfinite};
        for (int s = 0; s < W; ++s) {
            const int c = m_.wordCell[size_t(w) * W + s];
            if (p_.pin[c] >= 0 || restedUntil[size_t(c)] >= f) continue;
            Pair d;
            for (int k = 0; k < K; ++k) {
                const int u = m_.cellWord[size_t(c) * K + k];
                const Pair nu = wordCost(u, err_[u] + flipDelta(c, k, u));
                d.excess += nu.excess - cost_[u].excess;
                d.square += nu.square - cost_[u].square;
            }
            if (less(d, pickCost)) {
                pickCost = d;
                pick = c;
            }
        }
        if (pick < 0) continue;
        flipCell(pick);
        restedUntil[size_t(pick)] = f + tenure;
        for (int k = 0; k < K; ++k) mark(m_.cellWord[size_t(pick) * K + k]);
    }
    return over.empty();
}

} // namespace twill
