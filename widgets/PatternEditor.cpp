#include "PatternEditor.h"

#include "encode/Encoder.h"
#include "encode/RandomTargets.h"
#include "io/LayoutFile.h"
#include "util/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace twill {

namespace {

constexpr int kMaxUndo = 200;
constexpr int kShownProblems = 8;
const QColor kProblemRed(215, 25, 25);
const QColor kValidGreen(20, 130, 40);

// The hue of a direction as in BitMapView (row blue, column red, pillar green); a cell's
// significance runs from pale (LSB) to the full hue (MSB), so the pattern reads at a glance.
QColor directionHue(Direction d)
{
    switch (d) {
    case Direction::Row: return QColor(25, 70, 190);
    case Direction::Column: return QColor(190, 35, 35);
    case Direction::Pillar: return QColor(20, 125, 55);
    }
    return Qt::gray;
}

double significanceFraction(int s, int W)
{
    return W > 1 ? double(s) / double(W - 1) : 0.0;
}

QColor significanceColor(Direction d, int s, int W)
{
    if (s < 0 || s >= W) return QColor(150, 150, 150);
    const double f = significanceFraction(s, W);
    const QColor lo(246, 246, 240), hi = directionHue(d);
    auto mix = [f](int a, int b) { return int(std::lround(a + (b - a) * f)); };
    return QColor(mix(lo.red(), hi.red()), mix(lo.green(), hi.green()), mix(lo.blue(), hi.blue()));
}

bool sameGeometry(const Geometry &a, const Geometry &b)
{
    return a.rows == b.rows && a.cols == b.cols && a.layers == b.layers && a.bits == b.bits
           && a.directions == b.directions;
}

QString describeGeometry(const Geometry &g)
{
    QStringList dirs;
    for (Direction d : g.directions) dirs << QString::fromStdString(directionName(d));
    const QString size = g.layers > 1 ? QString("%1 x %2 x %3").arg(g.rows).arg(g.cols).arg(g.layers)
                                      : QString("%1 x %2").arg(g.rows).arg(g.cols);
    return QString("%1 cells, %2-bit %3 words").arg(size).arg(g.bits).arg(dirs.join(" / "));
}

std::vector<std::vector<int>> tableOf(const Layout &layout)
{
    std::vector<std::vector<int>> table;
    for (int k = 0; k < layout.directionCount(); ++k) table.push_back(layout.significanceMap(k));
    return table;
}

QString describeCell(const Geometry &g, int cell)
{
    return QString("cell (%1)").arg(QString::fromStdString(g.cellName(cell)));
}

// Sized to show a 16 x 16 grid whole; larger grids scroll.
class GridScrollArea : public QScrollArea {
public:
    using QScrollArea::QScrollArea;
    QSize sizeHint() const override
    {
        if (!widget()) return QScrollArea::sizeHint();
        const int f = 2 * frameWidth();
        const QSize want = widget()->sizeHint() + QSize(f, f);
        const QSize cap(960, 700);
        QSize s = want.boundedTo(cap);
        // A scrolled direction needs room for the other one's scroll bar.
        if (want.height() > cap.height()) s.rwidth() += verticalScrollBar()->sizeHint().width();
        if (want.width() > cap.width()) s.rheight() += horizontalScrollBar()->sizeHint().height();
        return s;
    }
};

} // namespace

// The grid: painted from the editor's table, clipped to the exposed rectangle.
class PatternGrid : public QWidget {
public:
    explicit PatternGrid(PatternEditor *editor) : QWidget(editor), e_(editor)
    {
        setObjectName("patternGrid");
        setMouseTracking(true);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    QSize sizeHint() const override
    {
        const Geometry &g = e_->geometry_;
        return {std::max(kLeft + g.cols * cell_ + 8, 460), kTop + g.rows * cell_ + 8};
    }

    void setCellSize(int pixels)
    {
        cell_ = std::clamp(pixels, 20, 64); // 20 px keeps a two-digit number legible
        resize(sizeHint());
        update();
    }
    int cellSize() const { return cell_; }

    QRect cellRect(int row, int col) const { return QRect(kLeft + col * cell_, kTop + row * cell_, cell_, cell_); }

    int cellAt(const QPoint &p) const
    {
        const Geometry &g = e_->geometry_;
        if (p.x() < kLeft || p.y() < kTop) return -1;
        const int j = (p.x() - kLeft) / cell_, i = (p.y() - kTop) / cell_;
        if (i >= g.rows || j >= g.cols) return -1;
        return g.cellIndex(e_->layer_, i, j);
    }

    // The box around the cells of 'cells' that lie in the shown layer (empty if none).
    QRect boxOf(const std::vector<int> &cells) const
    {
        const Geometry &g = e_->geometry_;
        QRect box;
        for (int c : cells) {
            if (c / (g.rows * g.cols) != e_->layer_) continue;
            box |= cellRect((c / g.cols) % g.rows, c % g.cols);
        }
        return box;
    }

    void clearHover()
    {
        if (hover_ < 0) return;
        update(hoverBox().adjusted(-3, -3, 3, 3));
        hover_ = -1;
    }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override
    {
        const int c = cellAt(event->position().toPoint());
        if (c < 0) return;
        if (event->button() == Qt::LeftButton) e_->assign(c);
        else if (event->button() == Qt::RightButton) e_->pick(c);
    }
    void mouseMoveEvent(QMouseEvent *event) override
    {
        const int c = cellAt(event->position().toPoint());
        if (c == hover_) return;
        clearHover();
        hover_ = c;
        if (hover_ >= 0) update(hoverBox().adjusted(-3, -3, 3, 3));
    }
    void leaveEvent(QEvent *) override { clearHover(); }
    void wheelEvent(QWheelEvent *event) override
    {
        if (event->modifiers() & Qt::ControlModifier) {
            setCellSize(cell_ + (event->angleDelta().y() > 0 ? 4 : -4));
            event->accept();
            return;
        }
        QWidget::wheelEvent(event);
    }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(event);
            const int c = cellAt(help->pos());
            if (c >= 0) QToolTip::showText(help->globalPos(), tip(c), this);
            else QToolTip::hideText();
            return true;
        }
        return QWidget::event(event);
    }

private:
    static constexpr int kLeft = 30, kTop = 44;

    // The word the hovered cell belongs to along the chosen direction: a click changes it.
    QRect hoverBox() const
    {
        if (hover_ < 0) return {};
        return boxOf(wordCells(e_->geometry_, e_->geometry_.directions[size_t(e_->direction_)], hover_));
    }
    int swapPartner(int cell) const
    {
        const Geometry &g = e_->geometry_;
        const std::vector<int> &m = e_->table_[size_t(e_->direction_)];
        const int s = e_->chosenSignificance();
        if (m[size_t(cell)] == s) return -1;
        for (int other : wordCells(g, g.directions[size_t(e_->direction_)], cell))
            if (m[size_t(other)] == s) return other;
        return -1;
    }
    QString tip(int cell) const
    {
        const Geometry &g = e_->geometry_;
        QStringList parts;
        for (size_t k = 0; k < g.directions.size(); ++k)
            parts << QString("%1 significance %2")
                         .arg(QString::fromStdString(directionName(g.directions[k])))
                         .arg(e_->table_[k][size_t(cell)]);
        const QString dir = QString::fromStdString(directionName(g.directions[size_t(e_->direction_)]));
        QString click = QString("click: make its %1 significance %2").arg(dir).arg(e_->chosenSignificance());
        const int partner = e_->swapping() ? swapPartner(cell) : -1;
        if (partner >= 0) click += QString(" (swaps with %1)").arg(describeCell(g, partner));
        return QString("%1: %2\n%3\nright click: pick its %4 significance")
            .arg(describeCell(g, cell), parts.join(", "), click, dir);
    }
    void paintLegend(QPainter &p);

    PatternEditor *e_;
    int cell_ = 36;
    int hover_ = -1;
};

void PatternGrid::paintLegend(QPainter &p)
{
    const Geometry &g = e_->geometry_;
    const Direction d = g.directions[size_t(e_->direction_)];
    const int W = g.bits, sw = std::max(6, std::min(14, 240 / W));
    QFont f = font();
    f.setPixelSize(11);
    p.setFont(f);
    p.setPen(palette().windowText().color());
    const QString name = QString::fromStdString(directionName(d));
    const int x0 = kLeft;
    p.drawText(QRect(x0, 4, 200, 14), Qt::AlignLeft | Qt::AlignVCenter, QString("%1 significance  0").arg(name));
    const int rampX = x0 + p.fontMetrics().horizontalAdvance(QString("%1 significance  0").arg(name)) + 4;
    for (int s = 0; s < W; ++s) p.fillRect(rampX + s * sw, 5, sw, 12, significanceColor(d, s, W));
    p.drawRect(rampX, 5, W * sw - 1, 11);
    p.drawText(QRect(rampX + W * sw + 4, 4, 200, 14), Qt::AlignLeft | Qt::AlignVCenter,
               QString("%1 (MSB)").arg(W - 1));
}

void PatternGrid::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    const QRect exposed = event->rect();
    p.fillRect(exposed, palette().window());
    const Geometry &g = e_->geometry_;
    if (e_->table_.empty()) return;
    const int W = g.bits, k = e_->direction_, layer = e_->layer_;
    const Direction d = g.directions[size_t(k)];
    const std::vector<int> &shown = e_->table_[size_t(k)];
    if (exposed.top() < 20) paintLegend(p);

    const QRect gr(kLeft, kTop, g.cols * cell_, g.rows * cell_);
    const QRect cells = exposed.intersected(gr);
    if (!cells.isEmpty()) {
        const int j0 = (cells.left() - kLeft) / cell_, j1 = std::min(g.cols - 1, (cells.right() - kLeft) / cell_);
        const int i0 = (cells.top() - kTop) / cell_, i1 = std::min(g.rows - 1, (cells.bottom() - kTop) / cell_);
        // The other directions' values go small in the lower right when there is room.
        const bool others = g.directions.size() > 1 && cell_ >= 30;
        QFont big = font(), small = font();
        big.setPixelSize(std::max(10, int(cell_ * (others ? 0.36 : 0.44))));
        big.setBold(true);
        small.setPixelSize(std::max(8, int(cell_ * 0.25)));
        for (int i = i0; i <= i1; ++i)
            for (int j = j0; j <= j1; ++j) {
                const int c = g.cellIndex(layer, i, j);
                const int s = shown[size_t(c)];
                const QRect r = cellRect(i, j);
                p.fillRect(r, significanceColor(d, s, W));
                if ((e_->bad_[size_t(c)] >> k) & 1u) {
                    // A repeated or out-of-range value: a red ring with a white halo, under the
                    // text, which reads on the pale LSB and the dark MSB colours alike.
                    const QRect ring = r.adjusted(4, 4, -4, -4);
                    p.setBrush(Qt::NoBrush);
                    p.setPen(QPen(Qt::white, 5));
                    p.drawRect(ring);
                    p.setPen(QPen(kProblemRed, 3));
                    p.drawRect(ring);
                }
                const bool dark = s >= 0 && s < W && significanceFraction(s, W) > 0.5;
                const QColor ink = dark ? QColor(255, 255, 255) : QColor(25, 25, 25);
                p.setFont(big);
                p.setPen(ink);
                const QRect top = others ? r.adjusted(0, 1, 0, -cell_ * 3 / 10) : r;
                p.drawText(top, Qt::AlignCenter, QString::number(s));
                if (!others) continue;
                p.setFont(small);
                QStringList parts;
                bool otherBad = false;
                for (size_t o = 0; o < g.directions.size(); ++o) {
                    if (int(o) == k) continue;
                    parts << QString::number(e_->table_[o][size_t(c)]);
                    otherBad = otherBad || ((e_->bad_[size_t(c)] >> o) & 1u);
                }
                // A value that is wrong along another direction is shown red.
                p.setPen(otherBad ? kProblemRed : (dark ? QColor(225, 230, 245) : QColor(90, 90, 90)));
                p.drawText(r.adjusted(2, 0, -3, -1), Qt::AlignRight | Qt::AlignBottom, parts.join(" "));
            }
        // Grid lines, heavier at word boundaries.
        for (int j = j0; j <= j1 + 1; ++j) {
            const bool word = j % W == 0 || j == g.cols;
            p.setPen(QPen(QColor(0, 0, 0, word ? 170 : 45), word ? 2 : 1));
            p.drawLine(kLeft + j * cell_, kTop + i0 * cell_, kLeft + j * cell_, kTop + (i1 + 1) * cell_);
        }
        for (int i = i0; i <= i1 + 1; ++i) {
            const bool word = i % W == 0 || i == g.rows;
            p.setPen(QPen(QColor(0, 0, 0, word ? 170 : 45), word ? 2 : 1));
            p.drawLine(kLeft + j0 * cell_, kTop + i * cell_, kLeft + (j1 + 1) * cell_, kTop + i * cell_);
        }
    }

    // Words with problems (any direction), outlined in red; the white halo keeps the outline
    // visible on the red column colours.
    p.setBrush(Qt::NoBrush);
    std::vector<QRect> boxes;
    for (const LayoutProblem &problem : e_->problems_) {
        if (problem.wordCells.empty()) continue;
        const QRect box = boxOf(problem.wordCells).adjusted(1, 1, -1, -1);
        if (box.intersects(exposed.adjusted(-4, -4, 4, 4))) boxes.push_back(box);
    }
    p.setPen(QPen(Qt::white, 6));
    for (const QRect &box : boxes) p.drawRect(box);
    p.setPen(QPen(kProblemRed, 3));
    for (const QRect &box : boxes) p.drawRect(box);

    // The hovered cell's word, and the cell a click would swap with.
    if (hover_ >= 0) {
        p.setPen(QPen(QColor(0, 0, 0), 2, Qt::DotLine));
        p.drawRect(hoverBox().adjusted(-1, -1, 0, 0));
        const int partner = e_->swapping() ? swapPartner(hover_) : -1;
        if (partner >= 0 && partner / (g.rows * g.cols) == layer) {
            p.setRenderHint(QPainter::Antialiasing, true);
            p.setPen(QPen(QColor(255, 190, 0), 3));
            p.drawEllipse(QRectF(cellRect((partner / g.cols) % g.rows, partner % g.cols)).adjusted(3, 3, -3, -3));
            p.setRenderHint(QPainter::Antialiasing, false);
        }
    }

    // Row and column indices.
    QFont f = font();
    f.setPixelSize(std::min(11, cell_ / 2));
    p.setFont(f);
    p.setPen(palette().windowText().color());
    if (exposed.left() < kLeft)
        for (int i = 0; i < g.rows; ++i)
            p.drawText(QRect(0, kTop + i * cell_, kLeft - 5, cell_), Qt::AlignRight | Qt::AlignVCenter, QString::number(i));
    if (exposed.top() < kTop)
        for (int j = 0; j < g.cols; ++j)
            p.drawText(QRect(kLeft + j * cell_, kTop - 18, cell_, 16), Qt::AlignCenter, QString::number(j));
}

PatternEditor::PatternEditor(const Geometry &geometry, QWidget *parent) : QWidget(parent)
{
    setObjectName("patternEditor");
    buildControls();
    setLayout(Layout::msbLsb(geometry));
    showStatus(QString("%1; started from %2.").arg(describeGeometry(geometry_), geometry_.uses(Direction::Pillar)
                                                                                     ? "the Latin cube"
                                                                                     : "msb-lsb"));
}

PatternEditor::~PatternEditor() = default;

void PatternEditor::buildControls()
{
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel("Direction"));
    directionBox_ = new QComboBox;
    directionBox_->setObjectName("patternDirection");
    directionBox_->setToolTip("Which words the clicks edit; the grid shows their significances large");
    controls->addWidget(directionBox_);
    controls->addSpacing(8);
    controls->addWidget(new QLabel("Significance"));
    significanceBox_ = new QSpinBox;
    significanceBox_->setObjectName("patternSignificance");
    significanceBox_->setToolTip("What a click assigns (0 = LSB); right click on a cell picks its value");
    controls->addWidget(significanceBox_);
    controls->addSpacing(8);
    layerLabel_ = new QLabel("Layer");
    controls->addWidget(layerLabel_);
    layerBox_ = new QSpinBox;
    layerBox_->setObjectName("patternLayer");
    controls->addWidget(layerBox_);
    controls->addSpacing(8);
    swapBox_ = new QCheckBox("keep words valid (swap)");
    swapBox_->setObjectName("patternSwap");
    swapBox_->setChecked(true);
    swapBox_->setToolTip("On: the cell swaps values with the cell of its word that held the significance.\n"
                         "Off: the value is just written, and the problems it makes are listed.");
    controls->addWidget(swapBox_);
    undoButton_ = new QPushButton("Undo");
    undoButton_->setObjectName("patternUndo");
    undoButton_->setToolTip("Undo the last edit (Ctrl+Z)");
    controls->addWidget(undoButton_);
    controls->addStretch(1);

    auto *buttons = new QHBoxLayout;
    auto *msbLsb = new QPushButton("Start from msb-lsb");
    msbLsb->setObjectName("patternMsbLsb");
    auto *transpose = new QPushButton("Start from transpose");
    transpose->setObjectName("patternTranspose");
    auto *load = new QPushButton("Load\u2026");
    load->setObjectName("patternLoad");
    saveButton_ = new QPushButton("Save\u2026");
    saveButton_->setObjectName("patternSave");
    useButton_ = new QPushButton("Use this pattern");
    useButton_->setObjectName("patternUse");
    useButton_->setDefault(true);
    for (QPushButton *b : {msbLsb, transpose, load, saveButton_}) buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(useButton_);

    auto *hint = new QLabel("Click a cell to give it the chosen significance; right click picks a cell's value. "
                            "Large number and colour: the chosen direction; small: the other directions (row, column, pillar order). "
                            "Ctrl+wheel zooms.");
    hint->setWordWrap(true);
    hint->setEnabled(false); // greyed: a hint, not a state

    grid_ = new PatternGrid(this);
    scroll_ = new GridScrollArea;
    scroll_->setObjectName("patternScroll");
    scroll_->setWidget(grid_);
    scroll_->setWidgetResizable(false);

    problemsLabel_ = new QLabel;
    problemsLabel_->setObjectName("patternProblems");
    problemsLabel_->setWordWrap(true);
    problemsLabel_->setTextFormat(Qt::PlainText);
    problemsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    qualityLabel_ = new QLabel;
    qualityLabel_->setObjectName("patternQuality");
    qualityLabel_->setWordWrap(true);
    qualityLabel_->setTextFormat(Qt::PlainText);
    predictTimer_ = new QTimer(this);
    predictTimer_->setSingleShot(true);
    predictTimer_->setInterval(250);
    connect(predictTimer_, &QTimer::timeout, this, &PatternEditor::predictError);
    statusLabel_ = new QLabel;
    statusLabel_->setObjectName("patternStatus");
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextFormat(Qt::PlainText);

    auto *column = new QVBoxLayout(this);
    column->addLayout(controls);
    column->addLayout(buttons);
    column->addWidget(hint);
    column->addWidget(scroll_, 1);
    column->addWidget(problemsLabel_);
    column->addWidget(qualityLabel_);
    column->addWidget(statusLabel_);

    connect(directionBox_, &QComboBox::currentIndexChanged, this, [this](int k) {
        if (k >= 0) setDirection(k);
    });
    connect(significanceBox_, &QSpinBox::valueChanged, grid_, [this] { grid_->update(); });
    connect(layerBox_, &QSpinBox::valueChanged, this, &PatternEditor::setLayer);
    connect(swapBox_, &QCheckBox::toggled, grid_, [this] { grid_->update(); });
    connect(undoButton_, &QPushButton::clicked, this, &PatternEditor::undo);
    auto *undoKey = new QShortcut(QKeySequence::Undo, this);
    undoKey->setContext(Qt::WidgetWithChildrenShortcut); // not the main window's bit-map undo
    connect(undoKey, &QShortcut::activated, this, &PatternEditor::undo);
    connect(msbLsb, &QPushButton::clicked, this, [this] {
        const Layout start = Layout::msbLsb(geometry_); // the Latin cube with a pillar direction
        replaceTable(tableOf(start), QString("Started from %1.").arg(QString::fromStdString(start.patternName())));
    });
    connect(transpose, &QPushButton::clicked, this,
            [this] { replaceTable(tableOf(Layout::transpose(geometry_)), "Started from transpose."); });
    connect(load, &QPushButton::clicked, this, &PatternEditor::browseLoad);
    connect(saveButton_, &QPushButton::clicked, this, &PatternEditor::browseSave);
    connect(useButton_, &QPushButton::clicked, this, [this] {
        if (valid()) Q_EMIT layoutAccepted(layout());
    });
}

void PatternEditor::adoptGeometry(const Geometry &g)
{
    geometry_ = g;
    undo_.clear();
    direction_ = 0;
    layer_ = 0;
    grid_->clearHover();
    {
        const QSignalBlocker block(directionBox_);
        directionBox_->clear();
        for (Direction d : g.directions) directionBox_->addItem(QString::fromStdString(directionName(d)));
        directionBox_->setCurrentIndex(0);
    }
    {
        const QSignalBlocker block(layerBox_);
        layerBox_->setRange(0, g.layers - 1);
        layerBox_->setValue(0);
    }
    layerLabel_->setVisible(g.layers > 1);
    layerBox_->setVisible(g.layers > 1);
    significanceBox_->setRange(0, g.bits - 1);
    significanceBox_->setValue(g.bits - 1);
    grid_->resize(grid_->sizeHint());
    scroll_->updateGeometry();
}

void PatternEditor::setLayout(const Layout &start)
{
    if (sameGeometry(start.geometry(), geometry_) && !table_.empty()) pushUndo();
    else adoptGeometry(start.geometry());
    table_ = tableOf(start);
    refresh();
}

Layout PatternEditor::layout() const
{
    return Layout(geometry_, table_, Pattern::Custom);
}

QStringList PatternEditor::problems() const
{
    QStringList list;
    for (const LayoutProblem &p : problems_) list << QString::fromStdString(p.message);
    return list;
}

QString PatternEditor::loadFile(const QString &path)
{
    try {
        const Layout loaded = loadLayout(path.toStdString());
        if (!sameGeometry(loaded.geometry(), geometry_)) {
            // Say which Parameters give the file's shape (the editor follows the array's).
            const Geometry &lg = loaded.geometry();
            const QString shape = QString("Bits per weight %1, Rows = columns %2, Layers (3D) %3").arg(lg.bits).arg(lg.rows).arg(lg.layers);
            return QString("%1 is a pattern for %2, but this array has %3; set %4 in Parameters, then load it")
                .arg(QFileInfo(path).fileName(), describeGeometry(lg), describeGeometry(geometry_), shape);
        }
        replaceTable(tableOf(loaded), QString("Loaded %1.").arg(QFileInfo(path).fileName()));
        return {};
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
}

QString PatternEditor::saveFile(const QString &path)
{
    if (!valid())
        return QString("the pattern is not valid yet (%1%2); fix it before saving")
            .arg(QString::fromStdString(problems_.front().message))
            .arg(problems_.size() > 1 ? QString(", and %1 more").arg(problems_.size() - 1) : QString());
    try {
        saveLayout(layout(), path.toStdString());
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    showStatus(QString("Saved %1.").arg(QFileInfo(path).fileName()));
    return {};
}

void PatternEditor::browseLoad()
{
    const QString path = QFileDialog::getOpenFileName(this, "Load pattern", lastDir_,
                                                      "Twill layouts (*.json);;All files (*)");
    if (path.isEmpty()) return;
    lastDir_ = QFileInfo(path).absolutePath();
    const QString why = loadFile(path);
    if (!why.isEmpty()) showStatus("Not loaded: " + why, true);
}

void PatternEditor::browseSave()
{
    if (!valid()) { // say why before asking for a file name
        showStatus("Not saved: " + saveFile(QString()), true);
        return;
    }
    QString path = QFileDialog::getSaveFileName(this, "Save pattern", lastDir_, "Twill layouts (*.json)");
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += ".json";
    lastDir_ = QFileInfo(path).absolutePath();
    const QString why = saveFile(path);
    if (!why.isEmpty()) showStatus("Not saved: " + why, true);
}

void PatternEditor::replaceTable(Table table, const QString &status)
{
    pushUndo();
    table_ = std::move(table);
    refresh();
    if (!status.isEmpty()) showStatus(status);
}

void PatternEditor::pushUndo()
{
    undo_.push_back(table_);
    if (int(undo_.size()) > kMaxUndo) undo_.erase(undo_.begin());
}

void PatternEditor::undo()
{
    if (undo_.empty()) return;
    table_ = std::move(undo_.back());
    undo_.pop_back();
    refresh();
    showStatus("Undone.");
}

void PatternEditor::setDirection(int k)
{
    if (k < 0 || k >= int(geometry_.directions.size()) || k == direction_) return;
    grid_->clearHover();
    direction_ = k;
    directionBox_->setCurrentIndex(k);
    grid_->update();
}

void PatternEditor::setChosenSignificance(int s)
{
    significanceBox_->setValue(s);
}

int PatternEditor::chosenSignificance() const
{
    return significanceBox_->value();
}

void PatternEditor::setSwapping(bool on)
{
    swapBox_->setChecked(on);
}

bool PatternEditor::swapping() const
{
    return swapBox_->isChecked();
}

void PatternEditor::setLayer(int layer)
{
    layer = std::clamp(layer, 0, geometry_.layers - 1);
    if (layer == layer_) return;
    grid_->clearHover();
    layer_ = layer;
    layerBox_->setValue(layer);
    grid_->update();
}

void PatternEditor::assign(int cell)
{
    if (cell < 0 || cell >= geometry_.cellCount()) return;
    const Direction d = geometry_.directions[size_t(direction_)];
    const QString dir = QString::fromStdString(directionName(d));
    std::vector<int> &m = table_[size_t(direction_)];
    const int s = chosenSignificance(), old = m[size_t(cell)];
    if (old == s) {
        showStatus(QString("%1 already has %2 significance %3.").arg(describeCell(geometry_, cell), dir).arg(s));
        return;
    }
    pushUndo();
    int partner = -1;
    if (swapping())
        for (int other : wordCells(geometry_, d, cell))
            if (other != cell && m[size_t(other)] == s) {
                partner = other;
                break;
            }
    if (partner >= 0) m[size_t(partner)] = old;
    m[size_t(cell)] = s;
    refresh();
    QString what = QString("%1: %2 significance %3 \u2192 %4").arg(describeCell(geometry_, cell), dir).arg(old).arg(s);
    if (partner >= 0) what += QString(", swapped with %1 (now %2)").arg(describeCell(geometry_, partner)).arg(old);
    else if (swapping()) what += QString(" (no cell of its word held %1, so nothing to swap)").arg(s);
    showStatus(what + ".");
}

void PatternEditor::pick(int cell)
{
    if (cell < 0 || cell >= geometry_.cellCount()) return;
    const int s = table_[size_t(direction_)][size_t(cell)];
    if (s >= 0 && s < geometry_.bits) significanceBox_->setValue(s);
}

QWidget *PatternEditor::grid() const
{
    return grid_;
}

QPoint PatternEditor::cellCenter(int row, int col) const
{
    return grid_->cellRect(row, col).center();
}

int PatternEditor::cellAt(const QPoint &gridPos) const
{
    return grid_->cellAt(gridPos);
}

void PatternEditor::refresh()
{
    problems_ = checkLayout(geometry_, table_);
    bad_.assign(size_t(geometry_.cellCount()), 0);
    for (const LayoutProblem &p : problems_)
        for (int c : p.badCells) bad_[size_t(c)] |= static_cast<unsigned char>(1u << p.direction);

    qualityLabel_->setProperty("prediction", QString());
    if (problems_.empty()) {
        problemsLabel_->setText("valid: every word holds each significance once");
        problemsLabel_->setStyleSheet(QString("color: %1;").arg(kValidGreen.name()));
        qualityLabel_->setText(collisionText() + "\npredicted error: encoding random arrays\u2026");
        qualityLabel_->show();
        predictTimer_->start();
    } else {
        predictTimer_->stop();
        qualityLabel_->hide();
        QStringList lines;
        lines << QString("%1 problem%2 (words outlined in red):")
                     .arg(problems_.size())
                     .arg(problems_.size() == 1 ? "" : "s");
        for (size_t i = 0; i < problems_.size() && int(i) < kShownProblems; ++i)
            lines << "\u2022 " + QString::fromStdString(problems_[i].message);
        if (int(problems_.size()) > kShownProblems)
            lines << QString("and %1 more").arg(int(problems_.size()) - kShownProblems);
        problemsLabel_->setText(lines.join('\n'));
        problemsLabel_->setStyleSheet(QString("color: %1;").arg(kProblemRed.name()));
    }
    useButton_->setEnabled(problems_.empty());
    useButton_->setToolTip(problems_.empty() ? "Use this pattern for the array"
                                             : "Fix the problems listed below first");
    undoButton_->setEnabled(!undo_.empty());
    grid_->update();
    Q_EMIT tableChanged();
}

QString PatternEditor::collisionText() const
{
    // The cell whose second-highest significance is largest: there two words' high bits meet
    // (msb-lsb keeps it at about W/2; transpose pairs the MSBs).
    const int K = int(geometry_.directions.size());
    int worst = -1, worstSecond = -1, worstSum = -1;
    for (int c = 0; c < geometry_.cellCount(); ++c) {
        std::vector<int> s;
        for (int k = 0; k < K; ++k) s.push_back(table_[size_t(k)][size_t(c)]);
        std::sort(s.rbegin(), s.rend());
        const int second = K > 1 ? s[1] : s[0];
        int sum = 0;
        for (int v : s) sum += v;
        if (second > worstSecond || (second == worstSecond && sum > worstSum)) {
            worst = c;
            worstSecond = second;
            worstSum = sum;
        }
    }
    if (worst < 0) return {};
    QStringList bits;
    for (int k = 0; k < K; ++k)
        bits << QString("%1 bit %2").arg(QString::fromStdString(directionName(geometry_.directions[size_t(k)])))
                    .arg(table_[size_t(k)][size_t(worst)]);
    return QString("highest collision: %1 meet in %2 (sum of significances %3 of at most %4)")
        .arg(bits.join(K > 2 ? ", " : " and "), describeCell(geometry_, worst))
        .arg(worstSum)
        .arg(K * (geometry_.bits - 1));
}

QString PatternEditor::predictionText() const
{
    return qualityLabel_->property("prediction").toString();
}

void PatternEditor::predictError()
{
    if (!problems_.empty()) return;
    // A quick auto minimax encode of seeded random arrays (at most about 0.2 s of it).
    try {
        const Layout l = layout();
        EncodeOptions o;
        o.objective = Objective::Max;
        const Encoder enc(l, o);
        const int nw = l.wordCount();
        const std::vector<int64_t> targets = randomTargets(kPredictArrays, nw, NumberFormat::Unsigned, l.bits(), 20261204);
        const auto t0 = std::chrono::steady_clock::now();
        double sum = 0;
        int done = 0;
        while (done < kPredictArrays && std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 0.2) {
            sum += enc.encodeArray(targets.data() + size_t(done) * size_t(nw), nullptr, nullptr, done).objectiveKey;
            ++done;
        }
        const double fullScale = std::ldexp(1.0, l.bits()) - 1;
        const QString text = QString("predicted error: mean per-array max %1 % of full scale on %2 random arrays (auto solver)")
                                 .arg(100 * sum / done / fullScale, 0, 'f', 3)
                                 .arg(done);
        qualityLabel_->setProperty("prediction", text);
        qualityLabel_->setText(collisionText() + "\n" + text);
    } catch (const Error &e) {
        qualityLabel_->setText(collisionText() + "\npredicted error: " + QString::fromStdString(e.what()));
    }
}

void PatternEditor::showStatus(const QString &text, bool error)
{
    statusLabel_->setText(text);
    statusLabel_->setStyleSheet(error ? QString("color: %1;").arg(kProblemRed.name()) : QString());
}

} // namespace twill
