#pragma once
// The window's state as a project and back: the Parameters (with a custom pattern), the shown
// array with its hand edits, pins and shifts, and the Network run's setup.
#include "ParametersPanel.h"
#include "encode/EditableArray.h"
#include "io/ProjectFile.h"

#include <string>

namespace twill {

// custom: the layout that "custom" stands for (nullptr when there is none; then a custom
// pattern throws Error saying so).
Project projectOf(const ArrayParameters &parameters, const Layout *custom, const EditableArray &array,
                  const NetworkSetup &network, const std::string &dataset);
ArrayParameters parametersOf(const Project &project);
// The array a project shows: its pattern on its shape, its targets (or the seed's), pins,
// shifts and bits. Throws Error with the reason; 'path' names the file in messages.
EditableArray arrayOf(const Project &project, const std::string &path);

} // namespace twill
