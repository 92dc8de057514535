#include "layout/LayoutCheck.h"

#include "util/Error.h"


namespace twill {

namespace {

// The same numbering as Layout (see Layout.h): a table that is not yet valid has no Layout to
// ask, so lines, words and their descriptions are worked out from the geometry here.
int lineCell(const Geometry &g, Direction d, int line, int p)
{
    switch (d) {
    case Direction::Row: return line * g.cols + p; // line = layer * rows + row
    case Direction::Column: return g.cellIndex(line / g.cols, p, line % g.cols); // line = layer * cols + col
    case Direction::Pillar: return g.cellIndex(p, line / g.cols, line % g.cols); // line = row * cols + col
    }
    return 0;
}

// The line through 'cell' along d and the cell's position on it.
void lineOf(const Geometry &g, Direction d, int cell, int &line, int &p)
{
    const int plane = g.rows * g.cols;
    const int layer = cell / plane, row = (cell / g.cols) % g.rows, col = cell % g.cols;
    switch (d) {
    case Direction::Row: line = layer * g.rows + row, p = col; return;
    case Direction::Column: line = layer * g.cols + col, p = row; return;
    case Direction::Pillar: line = cell % plane, p = layer; return;
    }
}

// What the position along a word is called: a row word runs along the columns.
std::string positionName(Direction d)
{
    switch (d) {
    case Direction::Row: return "column";
    case Direction::Column: return "row";
    case Direction::Pillar: return "layer";
    }
    return "column";
}

// As Layout::describeWord: "row word 3 (layer 0, row 3, columns 0..15)".
std::string describeWord(const Geometry &g, Direction d, int line, int seg)
{
    const int W = g.bits;
    const int index = line * (g.lineLength(d) / W) + seg;
    const std::string span = std::to_string(seg * W) + ".." + std::to_string(seg * W + W - 1);
    std::string where;
    switch (d) {
    case Direction::Row:
        where = "layer " + std::to_string(line / g.rows) + ", row " + std::to_string(line % g.rows) + ", columns " + span;
        break;
    case Direction::Column:
        where = "layer " + std::to_string(line / g.cols) + ", column " + std::to_string(line % g.cols) + ", rows " + span;
        break;
    case Direction::Pillar:
        where = "row " + std::to_string(line / g.cols) + ", column " + std::to_string(line % g.cols) + ", layers " + span;
        break;
    }
    return directionName(d) + " word " + std::to_string(index) + " (" + where + ")";
}

std::string describeCell(const Geometry &g, int cell)
{
    const int layer = cell / (g.rows * g.cols), row = (cell / g.cols) % g.rows, col = cell % g.cols;
    return "cell (" + (g.layers > 1 ? "layer " + std::to_string(layer) + ", " : std::string())
           + "row " + std::to_string(row) + ", column " + std::to_string(col) + ")";
}

// "a", "a and b", "a, b and c"
std::string joinList(const std::vector<std::string> &items)
{
    std::string s;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) s += i + 1 == items.size() ? " and " : ", ";
        s += items[i];
    }
    return s;
}

std::string timesWord(int n)
{
    if (n == 2) return "twice";
    if (n == 3) return "three times";
    return std::to_string(n) + " times";
}

} // namespace

std::vector<int> wordCells(const Geometry &g, Direction d, int cell)
{
    int line = 0, p = 0;
    lineOf(g, d, cell, line, p);
    const int W = g.bits, start = p / W * W;
    std::vector<int> cells(W);
    for (int q = 0; q < W; ++q) cells[size_t(q)] = lineCell(g, d, line, start + q);
    return cells;
}

std::vector<LayoutProblem> checkLayout(const Geometry &g, const std::vector<std::vector<int>> &significance)
{
    std::vector<LayoutProblem> problems;
    auto whole = [&](const std::string &message) {
        LayoutProblem p;
        p.message = message;
        problems.push_back(std::move(p));
    };
    try {
        g.validate();
    } catch (const Error &e) {
        whole(e.what());
        return problems;
    }
    const int K = int(g.directions.size()), n = g.cellCount(), W = g.bits;
    if (int(significance.size()) != K) {
        whole("the table gives " + std::to_string(significance.size()) + " significance maps for "
              + std::to_string(K) + " directions; give one per direction");
        return problems;
    }
    const std::string range = "0.." + std::to_string(W - 1);
    for (int k = 0; k < K; ++k) {
        const Direction d = g.directions[k];
        const std::vector<int> &sig = significance[k];
        if (int(sig.size()) != n) {
            whole("the " + directionName(d) + " significance map has " + std::to_string(sig.size()) + " entries for "
                  + std::to_string(n) + " cells; give one per cell");
            continue;
        }
        const int len = g.lineLength(d);
        for (int line = 0; line < g.lineCount(d); ++line)
            for (int seg = 0; seg < len / W; ++seg) {
                LayoutProblem word;
                word.direction = k;
                for (int p = seg * W; p < (seg + 1) * W; ++p) word.wordCells.push_back(lineCell(g, d, line, p));
                // Which positions along the word hold each significance.
                std::vector<std::vector<int>> holders(static_cast<size_t>(W));
                for (int q = 0; q < W; ++q) {
                    const int cell = word.wordCells[size_t(q)];
                    const int s = sig[size_t(cell)];
                    if (s < 0 || s >= W) {
                        LayoutProblem out;
                        out.message = describeCell(g, cell) + ": " + directionName(d) + " significance "
                                      + std::to_string(s) + " is outside " + range;
                        out.direction = k;
                        out.wordCells = word.wordCells;
                        out.badCells = {cell};
                        problems.push_back(std::move(out));
                        word.badCells.push_back(cell);
                        continue;
                    }
                    holders[size_t(s)].push_back(seg * W + q);
                }
                std::vector<std::string> repeated, missing;
                for (int s = 0; s < W; ++s) {
                    const std::vector<int> &positions = holders[size_t(s)];
                    if (positions.size() < 2) continue;
                    std::vector<std::string> where;
                    for (int p : positions) {
                        where.push_back(std::to_string(p));
                        word.badCells.push_back(lineCell(g, d, line, p));
                    }
                    repeated.push_back((repeated.empty() ? "significance " : "") + std::to_string(s) + " is used "
                                       + timesWord(int(positions.size())) + " (" + positionName(d) + "s "
                                       + joinList(where) + ")");
                }
                for (int s = 0; s < W; ++s)
                    if (holders[size_t(s)].empty()) missing.push_back(std::to_string(s));
                if (missing.empty()) continue; // W cells, each significance present: a permutation
                // Repeats are listed with commas so that the one "and" leads to what is missing.
                std::string what;
                for (const std::string &r : repeated) what += (what.empty() ? "" : ", ") + r;
                if (!what.empty()) what += " and ";
                else what = missing.size() == 1 ? "significance " : "significances ";
                what += joinList(missing) + (missing.size() == 1 ? " is missing" : " are missing");
                word.message = describeWord(g, d, line, seg) + ": " + what;
                problems.push_back(std::move(word));
            }
    }
    return problems;
}

std::vector<std::string> layoutProblems(const Geometry &g, const std::vector<std::vector<int>> &significance)
{
    std::vector<std::string> messages;
    for (LayoutProblem &p : checkLayout(g, significance)) messages.push_back(std::move(p.message));
    return messages;
}

} // namespace twill
