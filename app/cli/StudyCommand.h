#pragma once
#include <QStringList>

namespace twill::cli {

// twill-cli study: the equal-storage study of one network (rows of storage x seeds into a CSV,
// shards, resume) and --merge of shards' CSVs. Exit codes: 0 done, 1 a write or the work
// failed, 2 bad flags or input, 130 interrupted (the rows finished so far are in the CSV).
int runStudyCommand(const QStringList &arguments);

} // namespace twill::cli
