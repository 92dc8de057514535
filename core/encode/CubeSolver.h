#pragma once
// The auto solver for arrays read along rows, columns and pillars (3D stacks).
//
// Minimax: constraint propagation (CubeBound) proves a lower bound on the max error, searching
// down from the greedy encoding's. Then, for thresholds from that bound upwards, propagation at
// the threshold fixes the cells that every encoding within it must have (on 16-bit Latin cubes
// about four in five); with those pinned, a min-conflicts walk over the free cells repairs the
// words above the threshold. A threshold met is kept and the search goes on halfway down to the
// bound; one missed is raised a little (a 32nd of the gap to the best encoding, doubling while
// they miss), and the next walk starts where that one ended. An encoding at the bound is
// certified optimal (every random Latin 16-cube and 8-cube we measured, most on searched
// layouts; see bench/encoder_bench.cpp --suite cube).
// Sums (l2, rel): a best-response descent, then star sweeps at the cells no word owns, which
// reach lower errors than perturbation restarts do, in a fraction of their time.
// A hard bound is the sum search's first concern (its excess is minimised before the
// squares); minimax meets it by going as low as it can. When propagation proves that no
// encoding meets it, the array is reported infeasible (and keeps the best encoding found).
// Every choice is deterministic given the seed.
#include "encode/ArrayProblem.h"
#include "job/JobControl.h"

#include <cstdint>

namespace twill {

struct CubeOutcome {
    bool certified = false;           // the encoding's max error equals the proven bound
    bool infeasibleCertified = false; // proven: no encoding meets the hard bound
    double lowerBound = 0;            // certified lower bound on the objective's key (max only; else 0)
    int64_t work = 0;                 // best responses evaluated
    int64_t propagations = 0;         // bound propagations run
};

class CubeSolver {
public:
    explicit CubeSolver(const ArrayProblem &p) : p_(p), m_(*p.model) {}

    // Improves 'a' (a complete assignment, e.g. greedy) in place.
    CubeOutcome solve(Assignment &a, uint64_t seed, const JobControl *control = nullptr) const;

    // The objective's key of an assignment (max: weighted max |e|; sums: weighted SSE).
    double key(const Assignment &a) const;

    // Star sweeps after the descent for sums, over the 16/W^2 of the cells that matter most
    // to two words (CubeSearch::starCells): one cell type in 16 at 16 bits, two in 8 at 8 bits.
    // Measured on Latin cubes: at 16 bits that sixteenth gave most of the gain of sweeps over
    // every cell at a sixteenth of the cost; at 8 bits one type was not enough to match the
    // local search, two were. More sweeps than 4 found nothing more.
    static constexpr int kStarSweeps = 4;
    // Thresholds tried by the minimax search, and the walk's budget at each (flips per word)
    // and how long a flipped cell rests.
    static constexpr int kThresholdTries = 12;
    static constexpr int kWalkFlipsPerWord = 4;
    static constexpr int kWalkTenure = 10;
    // Best responses each descent of the repair after a failed walk may spend (the one over the
    // words still over, and the one after its star moves): those few words need few, and a
    // full descent (400 a word) cost four times the walk for the same result (searched 16-cube
    // layout, 20 cubes: 1.4910 % against 1.4911 % mean per-array max, 0.89x against 0.60x the
    // descent's speed).
    static constexpr int kRepairResponses = 50;

private:
    CubeOutcome solveMax(Assignment &a, uint64_t seed, const JobControl *control) const;
    CubeOutcome solveSum(Assignment &a, uint64_t seed) const;
    // Per word |e| limit for key <= tau; tau < 0: the hard bound (or none). Minimax needs no
    // bound of its own: an encoding within the bound, when one is found, has the lower max.
    std::vector<double> limitsAt(double tau) const;
    bool withinBound(const Assignment &a) const; // every word of weight > 0 within the hard bound
    bool boundProvenInfeasible() const;

    const ArrayProblem &p_;
    const WordModel &m_;
};

} // namespace twill
