#include "BitlineBarsView.h"

#include "ChartAxes.h"

#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

namespace twill {

BitlineBarsView::BitlineBarsView(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void BitlineBarsView::setOnes(std::vector<int32_t> overlapped, std::vector<int32_t> plain, int top)
{
    overlapped_ = std::move(overlapped);
    plain_ = std::move(plain);
    top_ = std::max(1, top);
    update();
}

void BitlineBarsView::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.setClipRect(event->rect());
    p.fillRect(rect(), palette().base());
    const QFontMetrics fm = fontMetrics();
    const NiceTicks ticks = niceTicks(0, top_, std::max(2, height() / (2 * fm.height())), 1);
    const int labelWidth = fm.horizontalAdvance(QString::number(top_)) + 6;
    const QRectF plot(labelWidth + 2, fm.height() / 2.0, width() - labelWidth - 6, height() - fm.height() - 2);
    if (plot.width() <= 0 || plot.height() <= 0) return;
    auto yOf = [&](double ones) { return plot.bottom() - plot.height() * ones / top_; };
    p.setPen(palette().color(QPalette::Mid));
    for (int t = 0; t < ticks.count; ++t) {
        const double v = ticks.first + t * ticks.step;
        const double y = yOf(v);
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(0, y - fm.height() / 2.0, labelWidth, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v, 'f', 0));
        p.setPen(palette().color(QPalette::Mid));
    }
    // One slot a line, and a gap of two slots between the two groups.
    const size_t slots = overlapped_.size() + plain_.size() + (plain_.empty() ? 0 : 2);
    if (slots == 0) return;
    const double w = plot.width() / double(slots), bar = w > 3 ? w * 0.8 : w;
    auto draw = [&](const std::vector<int32_t> &ones, size_t first, const QColor &c) {
        for (size_t i = 0; i < ones.size(); ++i) {
            const double x = plot.left() + double(first + i) * w;
            p.fillRect(QRectF(x, yOf(ones[i]), bar, plot.bottom() - yOf(ones[i])), c);
        }
    };
    draw(overlapped_, 0, overlappedColor());
    draw(plain_, overlapped_.size() + 2, plainColor());
    p.setPen(palette().color(QPalette::Text));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
}

} // namespace twill
