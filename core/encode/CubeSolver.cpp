#include "encode/CubeSolver.h"

#include "encode/CubeBound.h"
#include "encode/CubeSearch.h"
#include "encode/ExactSolver.h"

#include <algorithm>
#include <cmath>

namespace twill {

double CubeSolver::key(const Assignment &a) const
{
    return ExactSolver(p_).key(a); // the same key as every other solver's
}

std::vector<double> CubeSolver::limitsAt(double tau) const
{
    std::vector<double> limit(m_.nWords, -1);
    for (int w = 0; w < m_.nWords; ++w) {
        const double wt = p_.w(w);
        if (wt <= 0) continue; // don't-care word
        limit[w] = tau >= 0 ? tau / wt : p_.bound;
    }
    return limit;
}

bool CubeSolver::withinBound(const Assignment &a) const
{
    for (int w = 0; w < m_.nWords; ++w)
        if (p_.w(w) > 0 && std::fabs(double(m_.value(a.wordBits[w], p_.shift[w]) - p_.target[w])) > p_.bound)
            return false;
    return true;
}

bool CubeSolver::boundProvenInfeasible() const
{
    if (p_.bound < 0) return false;
    std::vector<int64_t> limit(m_.nWords, -1);
    for (int w = 0; w < m_.nWords; ++w)
        if (p_.w(w) > 0) limit[w] = int64_t(std::floor(p_.bound + 1e-9));
    CubeBound bound(p_);
    return !bound.propagate(limit);
}

CubeOutcome CubeSolver::solve(Assignment &a, uint64_t seed, const JobControl *control) const
{
    return p_.objective == Objective::Max ? solveMax(a, seed, control) : solveSum(a, seed);
}

CubeOutcome CubeSolver::solveMax(Assignment &a, uint64_t seed, const JobControl *control) const
{
    CubeOutcome out;
    bool unweighted = true;
    for (int w = 0; w < m_.nWords && unweighted; ++w) unweighted = p_.w(w) == 1.0;

    // 'a' (the greedy encoding) bounds the search from above; propagation from below.
    double best = key(a);
    CubeBound bound(p_);
    const double lb = bound.lowerBound(best);
    out.lowerBound = lb;
    const double eps = 1e-9 * std::max(1.0, best);
    double tau = lb;
    // Where the next walk starts: the best encoding after a walk that met its threshold; after
    // one that did not, where it ended (most of its words are within the threshold already).
    Assignment start = a;
    double rise = 0; // how far the next missed threshold moves up (0: not yet set)
    for (int attempt = 0; attempt < kThresholdTries && best > lb + eps && tau < best - eps; ++attempt) {
        if (control && control->cancelled()) break;
        if (bound.feasibleAt(tau)) {
            // Every encoding within tau has the forced cells: pin them, then walk the rest
            // until every word is within tau.
            ArrayProblem q = p_;
            Assignment b = start;
            const std::vector<int8_t> &forced = bound.forced();
            for (int c = 0; c < m_.nCells; ++c)
                if (forced[c] >= 0) {
                    q.pin[c] = forced[c];
                    if (b.bits[c] != forced[c]) b.flip(m_, c);
                }
            CubeSearch repair(q, b, limitsAt(tau));
            const uint64_t walkSeed = seed + 0x9E3779B97F4A7C15ull * uint64_t(attempt + 1);
            const int64_t flips = int64_t(kWalkFlipsPerWord) * m_.nWords;
            bool met = repair.walk(flips, kWalkTenure, walkSeed);
            if (!met) {
                // Not there yet: best responses and star moves around the words still over,
                // then walk again from there.
                std::vector<int> over = repair.overLimit();
                repair.setBudget(kRepairResponses);
                repair.descend(over);
                over = repair.overLimit();
                if (!over.empty()) repair.starAround(over, walkSeed);
                met = repair.walk(flips, kWalkTenure, walkSeed + 1);
            }
            out.work += repair.work();
            if (met) {
                const double k = key(b);
                if (k < best) {
                    best = k;
                    a = b;
                }
                start = a;
                rise = 0;
                // From the better encoding, try again halfway down to the bound.
                tau = unweighted ? lb + std::floor((best - lb) / 2) : lb + (best - lb) / 2;
                continue;
            }
            // Not met: from where the walk ended (most words within tau, a few far off), a
            // little higher: a 32nd of the gap between the bound and the best encoding, twice
            // that after each further miss.
            start = b;
            if (rise <= 0) rise = unweighted ? std::max(1.0, std::floor((best - lb) / 32)) : (best - lb) / 32;
            tau = unweighted ? std::min(tau + rise, best - 1) : tau + rise;
            rise *= 2;
            continue;
        }
        tau = unweighted ? tau + std::max(1.0, std::floor((best - tau) / 4)) : tau + (best - tau) / 4;
    }
    out.propagations = bound.propagations();
    out.certified = best <= lb + eps;
    if (p_.bound >= 0 && !withinBound(a))
        out.infeasibleCertified = (unweighted && lb > p_.bound + eps) || boundProvenInfeasible();
    return out;
}

CubeOutcome CubeSolver::solveSum(Assignment &a, uint64_t seed) const
{
    CubeOutcome out;
    CubeSearch search(p_, a, limitsAt(-1));
    search.descend();
    search.starSweeps(kStarSweeps, seed, std::min(1.0, 16.0 / (m_.W * m_.W)));
    out.work = search.work();
    if (p_.bound >= 0 && !withinBound(a)) out.infeasibleCertified = boundProvenInfeasible();
    return out;
}

} // namespace twill
