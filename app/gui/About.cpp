#include "About.h"

#include "Version.h"

#include <QStandardPaths>
#include <QtGlobal>

namespace twill {

QString versionLine()
{
    return QString("%1 (Qt %2, LibTorch %3)").arg(TWILL_VERSION_STRING, qVersion(), TWILL_LIBTORCH_VERSION);
}

QString aboutText()
{
    return QString("<h3>Twill %1</h3>"
                   "<p>Neural-network weights stored overlapped in transposable-access memory arrays: every row "
                   "holds one weight, every column another, in the same cells.</p>"
                   "<p>Qt %2 (built with %3), LibTorch %4 (CPU).</p>"
                   "<p>MIT licence. The command line <tt>twill-cli</tt> runs everything this window runs; "
                   "<tt>man twill</tt> and <tt>man twill-cli</tt> describe both.</p>"
                   "<p>Settings: %5</p>")
        .arg(TWILL_VERSION_STRING, qVersion(), QT_VERSION_STR, TWILL_LIBTORCH_VERSION,
             QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation).toHtmlEscaped());
}

} // namespace twill
