#include "encode/ExactSolver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace twill {

double ExactSolver::key(const Assignment &a) const
{
    double k = 0;
    for (int w = 0; w < m_.nWords; ++w) {
        const double e = double(m_.value(a.wordBits[w], p_.shift[w]) - p_.target[w]);
        if (p_.objective == Objective::Max) k = std::max(k, p_.w(w) * std::fabs(e));
        else k += p_.w(w) * e * e;
    }
    return k;
}

bool ExactSolver::feasible(const Assignment &a) const
{
    if (p_.bound < 0) return true;
    for (int w = 0; w < m_.nWords; ++w)
        if (p_.w(w) > 0 && std::fabs(double(m_.value(a.wordBits[w], p_.shift[w]) - p_.target[w])) > p_.bound)
            return false;
    return true;
}

ExactOutcome ExactSolver::solve(Assignment &incumbent, const Limits &limits, double threshold)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const bool isMax = p_.objective == Objective::Max;
    const int K = m_.K, n = m_.nWords;
    ExactOutcome out;

    // The search looks for assignments whose key is strictly below tau.
    const double incumbentKey = feasible(incumbent) ? key(incumbent) : std::numeric_limits<double>::infinity();
    double tau = incumbentKey;
    const double eps = 1e-9;
    if (isMax && p_.bound >= 0) tau = std::min(tau, p_.bound + eps);
    const bool decision = isMax && threshold >= 0;
    if (decision) {
        if (incumbentKey <= threshold) {
            out.complete = false;
            out.lowerBound = 0;
            return out;
        }
        tau = std::min(tau, threshold + eps);
    }
    const double hardBound = p_.bound >= 0 ? p_.bound : std::numeric_limits<double>::infinity();

    std::vector<uint64_t> fixed(n, 0), free(n, m_.fullMask);
    std::vector<double> lbKey(n, 0);  // weighted |d| (max) or weighted d^2 (l2)
    std::vector<int64_t> lbDist(n, 0);
    std::vector<uint8_t> bits(m_.nCells, 0);
    for (int c = 0; c < m_.nCells; ++c)
        if (p_.pin[c] >= 0) {
            bits[c] = uint8_t(p_.pin[c]);
            for (int k = 0; k < K; ++k) {
                const int w = m_.cellWord[size_t(c) * K + k];
                const uint64_t bit = uint64_t(1) << m_.cellSig[size_t(c) * K + k];
                free[w] &= ~bit;
                if (p_.pin[c]) fixed[w] |= bit;
            }
        }
    auto keyOf = [&](int w, int64_t d) {
        const double x = double(d);
        return isMax ? p_.w(w) * x : p_.w(w) * x * x;
    };
    int violations = 0;   // words whose bound alone reaches tau (max) or exceeds the hard bound
    double sumKey = 0;    // l2: sum of per-word bounds
    // Words of zero weight are don't-care (tensor padding): they never violate the bound.
    auto violates = [&](int w, double k, int64_t d) { return isMax ? k >= tau : (double(d) > hardBound && p_.w(w) > 0); };
    for (int w = 0; w < n; ++w) {
        lbDist[w] = m_.reachDistance(p_.target[w], fixed[w], free[w], p_.shift[w]);
        lbKey[w] = keyOf(w, lbDist[w]);
        sumKey += lbKey[w];
        violations += violates(w, lbKey[w], lbDist[w]);
    }
    auto recount = [&]() {
        violations = 0;
        for (int w = 0; w < n; ++w) violations += violates(w, lbKey[w], lbDist[w]);
    };
    auto pruned = [&]() { return violations > 0 || (!isMax && sumKey >= tau); };

    std::vector<int> order;
    for (int c : m_.cellOrder)
        if (p_.pin[c] < 0) order.push_back(c);
    const int depthMax = int(order.size());

    // Undo records: per depth, K (word, old lbKey, old lbDist).
    std::vector<double> savedKey(size_t(depthMax) * K + 1);
    std::vector<int64_t> savedDist(size_t(depthMax) * K + 1);
    auto apply = [&](int depth, int c, int b) {
        bits[c] = uint8_t(b);
        for (int k = 0; k < K; ++k) {
            const int w = m_.cellWord[size_t(c) * K + k];
            const uint64_t bit = uint64_t(1) << m_.cellSig[size_t(c) * K + k];
            free[w] &= ~bit;
            if (b) fixed[w] |= bit;
            savedKey[size_t(depth) * K + k] = lbKey[w];
            savedDist[size_t(depth) * K + k] = lbDist[w];
            const int64_t d = m_.reachDistance(p_.target[w], fixed[w], free[w], p_.shift[w]);
            const double kk = keyOf(w, d);
            violations += int(violates(w, kk, d)) - int(violates(w, lbKey[w], lbDist[w]));
            sumKey += kk - lbKey[w];
            lbKey[w] = kk;
            lbDist[w] = d;
        }
    };
    auto undo = [&](int depth, int c) {
        for (int k = K - 1; k >= 0; --k) {
            const int w = m_.cellWord[size_t(c) * K + k];
            const uint64_t bit = uint64_t(1) << m_.cellSig[size_t(c) * K + k];
            free[w] |= bit;
            fixed[w] &= ~bit;
            const double kk = savedKey[size_t(depth) * K + k];
            const int64_t d = savedDist[size_t(depth) * K + k];
            violations += int(violates(w, kk, d)) - int(violates(w, lbKey[w], lbDist[w]));
            sumKey += kk - lbKey[w];
            lbKey[w] = kk;
            lbDist[w] = d;
        }
    };
    // Which value to try first: the one whose touched words end up closer.
    auto childScore = [&](int c, int b) {
        double worst = 0, sum = 0;
        for (int k = 0; k < K; ++k) {
            const int w = m_.cellWord[size_t(c) * K + k];
            const uint64_t bit = uint64_t(1) << m_.cellSig[size_t(c) * K + k];
            const int64_t d =
                m_.reachDistance(p_.target[w], b ? (fixed[w] | bit) : fixed[w], free[w] & ~bit, p_.shift[w]);
            const double kk = keyOf(w, d);
            worst = std::max(worst, kk);
            sum += kk;
        }
        return isMax ? worst * 1e6 + sum * 1e-12 : sum;
    };

    std::vector<int8_t> stage(depthMax + 1, 0), first(depthMax + 1, 0);
    int depth = 0;
    int64_t nodes = 0;
    bool stopped = false, done = false;
    const bool rootPruned = pruned();
    if (!rootPruned) {
        while (true) {
            if (depth == depthMax) {
                // Leaf: every word is fixed, so lbKey is its exact error key.
                Assignment a;
                a.reset(m_, bits);
                incumbent = a;
                out.improved = true;
                tau = isMax ? *std::max_element(lbKey.begin(), lbKey.end()) : sumKey;
                recount();
                if (decision) {
                    done = true;
                    break;
                }
                if (depth == 0) break;
                --depth;
                undo(depth, order[depth]);
                continue;
            }
            if (++nodes >= limits.nodeLimit) {
                stopped = true;
                break;
            }
            if (nodes % 65536 == 0) {
                if (limits.control && limits.control->cancelled()) { stopped = true; break; }
                if (limits.timeLimit > 0
                    && std::chrono::duration<double>(Clock::now() - start).count() > limits.timeLimit) {
                    stopped = true;
                    break;
                }
            }
            const int c = order[depth];
            bool descended = false;
            while (stage[depth] < 2) {
                int b;
                if (stage[depth] == 0) {
                    first[depth] = childScore(c, 1) < childScore(c, 0) ? 1 : 0;
                    b = first[depth];
                } else {
                    b = 1 - first[depth];
                }
                ++stage[depth];
                apply(depth, c, b);
                if (!pruned()) {
                    descended = true;
                    break;
                }
                undo(depth, c);
            }
            if (descended) {
                ++depth;
                stage[depth] = 0;
                continue;
            }
            // Both children done: back up.
            stage[depth] = 0;
            if (depth == 0) break;
            --depth;
            undo(depth, order[depth]);
        }
    }
    out.nodes = nodes;
    out.complete = !stopped && !done;
    if (done) return out; // decision pass: found one at or below the threshold
    if (out.complete) {
        // Exhausted: nothing has a key below tau, so tau (the incumbent's key, or the
        // threshold / bound when nothing met it) is a certified lower bound.
        out.lowerBound = tau;
        return out;
    }
    // Stopped by a limit: the open subtrees hang off the current path; each is bounded by
    // the node it branches from. Walk the path back to the root, taking the smallest bound.
    auto nodeBound = [&]() { return isMax ? *std::max_element(lbKey.begin(), lbKey.end()) : sumKey; };
    double lb = std::min(tau, nodeBound());
    for (int d = depth - 1; d >= 0; --d) {
        undo(d, order[d]);
        if (stage[d] < 2) lb = std::min(lb, nodeBound());
    }
    out.lowerBound = lb;
    return out;
}

} // namespace twill
