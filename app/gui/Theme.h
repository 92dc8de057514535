#pragma once
// The application's palette: the style's standard one, or a dark one.
namespace twill {

void applyTheme(bool dark);

} // namespace twill
