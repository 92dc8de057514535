#pragma once
// The one write path for every file Twill writes (reports, bits, checkpoints, models, charts,
// screenshots, projects, CSV).
//
// A regular file (or a new one) is written to a temporary file beside it; every write, the
// sync to disk and the close are checked, then the temporary is renamed over the target, so a
// reader sees the old file or the whole new one, never a part. On any failure the temporary is
// removed, the old file stays as it was and twill::Error says why ("No space left on device").
// A symbolic link is followed: the file it points to is replaced and the link stays.
//
// Targets that are not regular files are written directly and never replaced: "-" is
// standard output, and an existing device node, FIFO or socket (/dev/stdout, /dev/null, a
// named pipe) is opened and written in place.
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>

namespace twill {

void writeFileAtomic(const std::string &path, const std::string &bytes);

// The same for a file too large to hold in memory: 'produce' writes it piece by piece through
// the sink it is given. If the producer throws, nothing is replaced and its error goes on.
using ByteSink = std::function<void(const char *data, size_t size)>;
using ByteProducer = std::function<void(const ByteSink &write)>;
void writeFileAtomic(const std::string &path, const ByteProducer &produce);

// For data spooled to a temporary file (std::tmpfile) before it goes to 'path': flushes it and
// throws WriteError naming 'path' and the reason ("File too large") when any write failed.
void flushSpool(std::FILE *spool, const std::string &path);

} // namespace twill
