#pragma once
// An editor for custom patterns: the significance table of one geometry as a grid of cells,
// each showing its significance along the chosen direction (number and colour) and, smaller,
// along the others. A click assigns the chosen significance; with "keep words valid" on, the
// cell swaps values with the cell of its word that held that significance, so every word stays
// a permutation. Every problem of the table is listed in words and its words outlined in red;
// only a valid table can be saved or used.
#include "layout/Layout.h"
#include "layout/LayoutCheck.h"

#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSpinBox;

namespace twill {

class PatternGrid;

class PatternEditor : public QWidget {
    Q_OBJECT
public:
    // Starts from msb-lsb (the Latin cube with a pillar direction); 'geometry' must be valid.
    explicit PatternEditor(const Geometry &geometry = Geometry(), QWidget *parent = nullptr);
    ~PatternEditor() override;

    // The names follow the issue; they hide QWidget::layout(), so the Qt layout is reached as
    // QWidget::layout() (setLayout(QLayout *) stays available).
    using QWidget::setLayout;
    // Adopts start's geometry and table (msb-lsb, transpose, a loaded file); undoable while
    // the geometry stays the same.
    void setLayout(const Layout &start);
    // The table as pattern "custom"; throws Error naming the first problem when not valid().
    Layout layout() const;
    const Geometry &arrayGeometry() const { return geometry_; }
    std::vector<std::vector<int>> significance() const { return table_; }
    bool valid() const { return problems_.empty(); }
    // A valid pattern's quality as shown: where the highest bits of two words meet, and the
    // minimax error a quick encode of random arrays predicts (empty until it has run).
    QString collisionText() const;
    QString predictionText() const;
    static constexpr int kPredictArrays = 16;
    QStringList problems() const;

    // Empty on success, otherwise the reason. A file that does not load, or that is made for
    // another geometry, leaves the table as it is; an invalid table is not saved.
    QString loadFile(const QString &path);
    QString saveFile(const QString &path);

    // What the controls and the mouse do, for tests and tools.
    void setDirection(int k); // index into arrayGeometry().directions
    int direction() const { return direction_; }
    void setChosenSignificance(int s);
    int chosenSignificance() const;
    void setSwapping(bool on);
    bool swapping() const;
    void setLayer(int layer);
    int layer() const { return layer_; }
    void assign(int cell); // the chosen significance, along the chosen direction
    void pick(int cell);   // the cell's significance into the spin box
    bool canUndo() const { return !undo_.empty(); }
    void undo();

    // The painted grid, and where a cell of the shown layer is on it (grid coordinates).
    QWidget *grid() const;
    QPoint cellCenter(int row, int col) const;
    int cellAt(const QPoint &gridPos) const; // -1 outside the cells

Q_SIGNALS:
    void layoutAccepted(const twill::Layout &layout);
    void tableChanged();

private:
    friend class PatternGrid;
    using Table = std::vector<std::vector<int>>;

    void buildControls();
    void adoptGeometry(const Geometry &g);
    void replaceTable(Table table, const QString &status); // undoable
    void pushUndo();
    void refresh();
    void showStatus(const QString &text, bool error = false);
    void browseLoad();
    void browseSave();

    Geometry geometry_;
    Table table_;
    std::vector<LayoutProblem> problems_;
    std::vector<unsigned char> bad_; // per cell, bit k: its value along direction k is repeated or out of range
    std::vector<Table> undo_;
    int direction_ = 0;
    int layer_ = 0;
    QString lastDir_;

    QComboBox *directionBox_ = nullptr;
    QSpinBox *significanceBox_ = nullptr;
    QLabel *layerLabel_ = nullptr;
    QSpinBox *layerBox_ = nullptr;
    QCheckBox *swapBox_ = nullptr;
    QPushButton *undoButton_ = nullptr;
    QPushButton *useButton_ = nullptr;
    QPushButton *saveButton_ = nullptr;
    QScrollArea *scroll_ = nullptr;
    PatternGrid *grid_ = nullptr;
    QLabel *problemsLabel_ = nullptr;
    QLabel *qualityLabel_ = nullptr; // a valid pattern's worst collision and predicted error
    QTimer *predictTimer_ = nullptr;  // the prediction waits for a pause in the editing
    void predictError();
    QLabel *statusLabel_ = nullptr;
};

} // namespace twill
