#pragma once
// Bars of the ones each line of one direction sums: the shown array's lines, then plain
// storage's lines beside them, over one ones axis (0 to the longest line's cells), so that the
// heights compare. Ticks at round counts; the labels set the margins, so none is cut.
#include <QColor>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace twill {

class BitlineBarsView : public QWidget {
    Q_OBJECT
public:
    static QColor overlappedColor() { return QColor(32, 159, 223); }
    static QColor plainColor() { return QColor(230, 140, 40); }

    explicit BitlineBarsView(QWidget *parent = nullptr);
    // plain may be empty (no such direction in plain storage); top: the axis' end (cells a line).
    void setOnes(std::vector<int32_t> overlapped, std::vector<int32_t> plain, int top);
    QSize sizeHint() const override { return {320, 150}; }
    QSize minimumSizeHint() const override { return {160, 110}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::vector<int32_t> overlapped_, plain_;
    int top_ = 1;
};

} // namespace twill
