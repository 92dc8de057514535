#pragma once
// What the window says about itself: one line of versions (twill --version, the About box,
// bug reports) and the About box's text.
#include <QString>

namespace twill {

QString versionLine(); // "0.2.0 (Qt 6.4.2, LibTorch 2.1.2)"
QString aboutText();   // rich text: what Twill is, its versions, licence and where files go

} // namespace twill
