#pragma once
// Custom layouts as JSON:
// { "format": "twill-layout", "version": 1, "pattern": "custom",
//   "rows": R, "cols": C, "layers": D, "bits": W, "directions": ["row", "column"],
//   "significance": { "row": [[...], ...], "column": [[...], ...] } }
// Each map is rows x cols (layers == 1) or layers x rows x cols, integers 0..W-1.
#include "layout/Layout.h"

#include <string>

namespace twill {

Layout loadLayout(const std::string &path);        // throws Error with the file name
Layout parseLayout(const std::string &json, const std::string &what);
std::string layoutJson(const Layout &layout);
void saveLayout(const Layout &layout, const std::string &path); // atomic

} // namespace twill
