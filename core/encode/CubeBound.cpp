#include "encode/CubeBound.h"

#include "encode/ExactReach.h"

#include <algorithm>
#include <cmath>

namespace twill {

CubeBound::CubeBound(const ArrayProblem &p) : p_(p), m_(*p.model)
{
    for (int w = 0; w < m_.nWords && unweighted_; ++w)
        if (p_.w(w) != 1.0) unweighted_ = false;
}

void CubeBound::force(int cell, int value)
{
    forced_[cell] = int8_t(value);
    for (int k = 0; k < m_.K; ++k) {
        const int w = m_.cellWord[size_t(cell) * m_.K + k];
        const uint64_t bit = uint64_t(1) << m_.cellSig[size_t(cell) * m_.K + k];
        free_[w] &= ~bit;
        if (value) fixed_[w] |= bit;
        if (!queued_[w]) {
            queued_[w] = 1;
            queue_.push_back(w);
        }
    }
}

bool CubeBound::check(int w, const std::vector<int64_t> &limit)
{
    const int64_t lim = limit[w];
    if (lim < 0) return true;
    const BitSupport sup = bitSupport(m_.format, m_.W, p_.target[w], lim, fixed_[w], free_[w], p_.shift[w]);
    if (!sup.reachable) return false;
    const uint64_t onlyZero = free_[w] & ~sup.canOne, onlyOne = free_[w] & ~sup.canZero;
    if (!(onlyZero | onlyOne)) return true;
    for (int s = 0; s < m_.W; ++s) {
        const uint64_t m = uint64_t(1) << s;
        if ((onlyZero | onlyOne) & m) force(m_.wordCell[size_t(w) * m_.W + s], (onlyOne & m) ? 1 : 0);
    }
    return true;
}

bool CubeBound::propagate(const std::vector<int64_t> &limit)
{
    return run(limit, false);
}

bool CubeBound::run(const std::vector<int64_t> &limit, bool fromBase)
{
    ++propagations_;
    const int n = m_.nWords;
    queued_.assign(n, 1);
    queue_.resize(n);
    for (int w = 0; w < n; ++w) queue_[w] = w;
    if (lastFailure_ > 0) std::swap(queue_[0], queue_[lastFailure_]); // the word that failed last time, first
    if (fromBase) {
        fixed_ = base_.fixed;
        free_ = base_.free;
        forced_ = base_.forced;
    } else {
        fixed_.assign(n, 0);
        free_.assign(n, m_.fullMask);
        forced_.assign(m_.nCells, -1);
        for (int c = 0; c < m_.nCells; ++c)
            if (p_.pin[c] >= 0) force(c, p_.pin[c]);
    }
    size_t head = 0;
    while (head < queue_.size()) {
        const int w = queue_[head++];
        queued_[w] = 0;
        if (!check(w, limit)) {
            lastFailure_ = w;
            return false;
        }
        if (head > 8192 && head * 2 > queue_.size()) {
            queue_.erase(queue_.begin(), queue_.begin() + long(head));
            head = 0;
        }
    }
    return true;
}

double CubeBound::reachBound()
{
    // Every encoding within the limits keeps each word at least its reach distance from its
    // target: the largest (of the key) is a lower bound on the optimum, whatever tau was.
    // A word's distance depends on its fixed and free bits only: kept from the last time they
    // were the same (most words keep theirs from one threshold to the next).
    if (reachDistance_.empty()) {
        reachFixed_.assign(size_t(m_.nWords), ~uint64_t(0));
        reachFree_.assign(size_t(m_.nWords), ~uint64_t(0));
        reachDistance_.assign(size_t(m_.nWords), 0);
    }
    double reach = 0;
    for (int w = 0; w < m_.nWords; ++w) {
        if (!(p_.w(w) > 0)) continue;
        if (reachFixed_[w] != fixed_[w] || reachFree_[w] != free_[w]) {
            reachFixed_[w] = fixed_[w];
            reachFree_[w] = free_[w];
            reachDistance_[w] = exactReachDistance(m_.format, m_.W, p_.target[w], fixed_[w], free_[w], p_.shift[w]);
        }
        reach = std::max(reach, p_.w(w) * double(reachDistance_[w]));
    }
    return reach;
}

std::vector<int64_t> CubeBound::limitsAt(double tau) const
{
    std::vector<int64_t> limit(m_.nWords);
    for (int w = 0; w < m_.nWords; ++w) {
        const double wt = p_.w(w);
        if (wt <= 0) {
            limit[w] = -1; // don't-care word (tensor padding)
            continue;
        }
        // Rounded generously: a limit too large keeps the bound sound, one too small would not.
        const double x = tau / wt * (1 + 1e-12) + 1e-9;
        limit[w] = x >= 4e18 ? int64_t(4e18) : int64_t(std::floor(x));
    }
    return limit;
}

bool CubeBound::feasibleAt(double tau)
{
    if (baseTau_ >= 0 && tau == baseTau_) {
        // That fixpoint is known: propagation from it would change nothing.
        fixed_ = base_.fixed;
        free_ = base_.free;
        forced_ = base_.forced;
        return true;
    }
    const bool fromBase = baseTau_ >= 0 && tau <= baseTau_;
    if (!run(limitsAt(tau), fromBase)) return false;
    if (baseTau_ < 0 || tau < baseTau_) {
        base_.fixed = fixed_;
        base_.free = free_;
        base_.forced = forced_;
        baseTau_ = tau;
    }
    return true;
}

double CubeBound::lowerBound(double hi)
{
    if (!(hi > 0)) return 0;
    if (unweighted_) {
        // Integer errors: the optimum is above every threshold proven infeasible.
        int64_t infeasible = -1, feasible = int64_t(std::floor(hi));
        // Just below the incumbent first: it certifies the incumbent when infeasible, and
        // otherwise gives the fixpoint that every lower threshold starts from.
        if (feasible > 0) {
            if (feasibleAt(double(feasible - 1))) {
                --feasible;
                infeasible = std::max(infeasible, int64_t(reachBound()) - 1);
            } else {
                infeasible = feasible - 1;
            }
        }
        // After a feasible run that raised the bracket's floor (its reach bound), that floor is
        // tried next: when propagation cannot rule it out either, it is the bound (often right
        // away); otherwise bisect. (Feasibility only grows with the threshold and every reach
        // bound is at most the smallest feasible threshold, so the order of the probes changes
        // their number, never the bound.)
        bool probeReach = feasible < int64_t(std::floor(hi));
        while (feasible - infeasible > 1) {
            const int64_t mid = probeReach ? infeasible + 1 : infeasible + (feasible - infeasible) / 2;
            if (feasibleAt(double(mid))) {
                feasible = mid;
                const int64_t raised = std::max(infeasible, int64_t(reachBound()) - 1);
                probeReach = raised > infeasible;
                infeasible = raised;
            } else {
                infeasible = mid;
                probeReach = false;
            }
        }
        return double(infeasible + 1);
    }
    double infeasible = 0, feasible = hi, proven = 0;
    if (feasibleAt(0)) return 0;
    for (int i = 0; i < 30 && feasible - infeasible > 1e-9 * hi; ++i) {
        const double mid = 0.5 * (infeasible + feasible);
        if (feasibleAt(mid)) {
            feasible = mid;
            proven = std::max(proven, reachBound());
            infeasible = std::max(infeasible, std::min(proven, feasible));
        } else {
            infeasible = mid;
            proven = std::max(proven, mid);
        }
    }
    return std::max(proven, infeasible);
}

} // namespace twill
