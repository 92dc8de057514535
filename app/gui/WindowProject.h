#pragma once
// The window's state as a project and back: the Parameters (array spec with a custom pattern,
// encoder options, the example's seed), the shown array with its hand edits, pins and shifts,
// and the Network run's spec.
#include "ParametersPanel.h"
#include "encode/EditableArray.h"
#include "io/ProjectFile.h"

#include <string>

namespace twill {

// Throws Error when the pattern is custom without its layout.
Project projectOf(const ArrayParameters &parameters, const EditableArray &array, const NetworkRunSpec &network);
ArrayParameters parametersOf(const Project &project);
// The array a project shows: its spec's layout, its targets (or the seed's), pins, shifts and
// bits. Throws Error with the reason (also for arrays the window cannot show); 'path' names
// the file in messages.
EditableArray arrayOf(const Project &project, const std::string &path);

} // namespace twill
