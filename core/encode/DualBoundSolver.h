#pragma once
// Exact minimum of the (weighted) sum of squares for layouts where every cell lies in
// exactly two words (2D) and words have at most 12 bits. Any encoding that beats the
// incumbent has every word's own error below the incumbent's cost, so each word keeps a
// small table of the values still worth having (nearest codes first). A Lagrangian bound
// over those tables splits every cell's cost between its two words (prices lambda_c added to
// one word's values with the bit set and taken from the other's, which leaves the cost of
// every encoding unchanged); coordinate ascent on the prices (max-sum diffusion) makes
// sum over words of min table value a lower bound close to the optimum, and values whose
// price-adjusted cost cannot beat the incumbent leave their table. Branch and bound over the
// cells then bounds each node by the same sums over the values consistent with its fixed
// bits. The bound is a proof: prices are multiples of 2^-20, so with integer costs every sum
// is exact in double precision.
#include "encode/ArrayProblem.h"
#include "encode/ExactSolver.h"

#include <cstdint>
#include <vector>

namespace twill {

class DualBoundSolver {
public:
    // Two directions, l2 or rel without a hard bound, W <= 12.
    static bool applies(const ArrayProblem &p);

    explicit DualBoundSolver(const ArrayProblem &p) : p_(p), m_(*p.model) {}

    // Improves 'incumbent' (a complete assignment that honours the pins) in place. complete:
    // the incumbent is optimal; else lowerBound is a certified lower bound on the optimum.
    ExactOutcome solve(Assignment &incumbent, const ExactSolver::Limits &limits);

    // Price sweeps at most (each stops early once the bound proves the incumbent).
    static constexpr int kMaxSweeps = 3;

private:
    double cost(const Assignment &a) const; // weighted sum of squares
    double worstBetter(double tau) const;   // the largest cost that still beats tau
    bool buildTables(double tau);
    void sweep();             // on the float copy of the tables
    void exactTables();       // adjusted = own + prices, exactly, from the prices
    double bound() const;
    void filter(double tau);
    void compact(); // drops the values out of their tables (and syncs the float copy)

    const ArrayProblem &p_;
    const WordModel &m_;
    bool integral_ = true; // every cost is an integer (all weights are)
    // Per word: its table of values [first[w], first[w+1]) (padded to a multiple of 4 with
    // entries out of the table), their own costs and price-adjusted costs (+inf: out of the
    // table), and a float copy that the sweeps work on.
    std::vector<int> first_;
    std::vector<uint32_t> value_;
    std::vector<double> own_, adjusted_;
    std::vector<float> fast_;
    std::vector<double> price_; // per cell: added to its first word's values with the bit set, taken from the second's
};

} // namespace twill
