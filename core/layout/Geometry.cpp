#include "layout/Geometry.h"

#include "util/Error.h"

#include <algorithm>

namespace twill {

std::string directionName(Direction d)
{
    switch (d) {
    case Direction::Row: return "row";
    case Direction::Column: return "column";
    case Direction::Pillar: return "pillar";
    }
    return "row";
}

Direction parseDirection(const std::string &name)
{
    if (name == "row" || name == "rows") return Direction::Row;
    if (name == "column" || name == "col" || name == "columns") return Direction::Column;
    if (name == "pillar" || name == "pillars") return Direction::Pillar;
    throw Error("unknown direction '" + name + "'; use row, column or pillar");
}

std::string Geometry::cellName(int cell) const
{
    const int layer = cell / (rows * cols), row = (cell / cols) % rows, col = cell % cols;
    std::string s = "row " + std::to_string(row) + ", column " + std::to_string(col);
    return layers > 1 ? "layer " + std::to_string(layer) + ", " + s : s;
}

int Geometry::lineLength(Direction d) const
{
    switch (d) {
    case Direction::Row: return cols;
    case Direction::Column: return rows;
    case Direction::Pillar: return layers;
    }
    return 0;
}

int Geometry::lineCount(Direction d) const
{
    return cellCount() / lineLength(d);
}

int Geometry::wordsAlong(Direction d) const
{
    return lineCount(d) * (lineLength(d) / bits);
}

int Geometry::wordCount() const
{
    int n = 0;
    for (Direction d : directions) n += wordsAlong(d);
    return n;
}

bool Geometry::uses(Direction d) const
{
    return std::find(directions.begin(), directions.end(), d) != directions.end();
}

int Geometry::directionIndex(Direction d) const
{
    for (size_t i = 0; i < directions.size(); ++i)
        if (directions[i] == d) return int(i);
    return -1;
}

void Geometry::validate() const
{
    if (bits < 2 || bits > 32)
        throw Error("weight width " + std::to_string(bits) + " bits is out of range; use 2 to 32");
    if (rows < 1 || cols < 1 || layers < 1 || rows > 4096 || cols > 4096 || layers > 256)
        throw Error("array size " + std::to_string(rows) + "x" + std::to_string(cols) + "x" + std::to_string(layers)
                    + " is out of range; rows and columns 1..4096, layers 1..256");
    // Counted in 64 bits: 4096 x 4096 x 256 cells would overflow the int that indexes them.
    const int64_t cells = int64_t(rows) * int64_t(cols) * int64_t(layers);
    if (cells > kMaxCells)
        throw Error("an array of " + std::to_string(rows) + "x" + std::to_string(cols) + "x" + std::to_string(layers) + " = "
                    + std::to_string(cells) + " cells is larger than the " + std::to_string(kMaxCells)
                    + " cells (4096 x 4096) Twill encodes in one array; use smaller arrays");
    if (directions.empty())
        throw Error("no access direction in use; choose row, column and/or pillar");
    for (size_t i = 0; i < directions.size(); ++i)
        for (size_t j = i + 1; j < directions.size(); ++j)
            if (directions[i] == directions[j])
                throw Error("direction " + directionName(directions[i]) + " is listed twice");
    // Words are numbered row, column, pillar: keep the directions in that order.
    std::vector<Direction> sorted = directions;
    std::sort(sorted.begin(), sorted.end());
    if (sorted != directions)
        throw Error("directions must be listed in the order row, column, pillar");
    for (Direction d : directions) {
        const int len = lineLength(d);
        if (len % bits != 0) {
            const char *what = d == Direction::Row ? "columns" : d == Direction::Column ? "rows" : "layers";
            throw Error(std::string("a ") + directionName(d) + " line has " + std::to_string(len) + " cells, which "
                        + std::to_string(bits) + "-bit words do not fill; make the number of " + what
                        + " a multiple of " + std::to_string(bits));
        }
    }
}

} // namespace twill
