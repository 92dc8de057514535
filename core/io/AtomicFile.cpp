#include "io/AtomicFile.h"

#include "util/Error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <utility>

namespace twill {

namespace {

std::string reasonOf(int err)
{
    return std::error_code(err, std::generic_category()).message();
}

// Writes every byte or returns the errno of the first failure.
int writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, std::min<size_t>(size, size_t(1) << 30));
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return ENOSPC;
        data += n;
        size -= size_t(n);
    }
    return 0;
}

// Thrown by the sink handed to a producer when a write fails; caught here, never outside.
struct SinkFailed {
    int err;
};

// Runs the producer on fd; returns 0 or the errno of the first failed write. Whatever else the
// producer throws goes on up.
int produceInto(int fd, const ByteProducer &produce)
{
    try {
        produce([fd](const char *data, size_t size) {
            if (const int err = writeAll(fd, data, size)) throw SinkFailed{err};
        });
    } catch (const SinkFailed &f) {
        return f.err;
    }
    return 0;
}

// Standard output, a device, a FIFO or a socket: written where it is, never replaced.
void writeInPlace(const std::string &path, const ByteProducer &produce)
{
    const bool toStdout = path == "-";
    int fd = STDOUT_FILENO;
    if (toStdout) {
        if (std::fflush(stdout) != 0) throw WriteError("standard output: cannot write (" + reasonOf(errno) + ")");
    } else {
        do {
            fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0) throw WriteError(path + ": cannot open it for writing (" + reasonOf(errno) + ")");
    }
    int err = 0;
    try {
        err = produceInto(fd, produce);
    } catch (...) {
        if (!toStdout) ::close(fd);
        throw;
    }
    if (!toStdout && ::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
    if (err != 0)
        throw WriteError((toStdout ? std::string("standard output") : path) + ": write failed (" + reasonOf(err)
                    + "); the output is incomplete");
}

std::string directoryOf(const std::string &path)
{
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string baseNameOf(const std::string &path)
{
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A temporary file beside 'target', created exclusively with mode 0666 less the umask (as a
// new file would get). Returns the descriptor; 'name' receives its path.
int createTemporary(const std::string &target, std::string &name, int &err)
{
    static std::atomic<unsigned> counter{0};
    const std::string dir = directoryOf(target);
    std::string base = baseNameOf(target);
    if (base.size() > 200) base.resize(200); // stay under NAME_MAX with the suffix
    for (int attempt = 0; attempt < 100; ++attempt) {
        const auto ticks = uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
        char suffix[64];
        std::snprintf(suffix, sizeof suffix, ".%ld.%u.%04llx.tmp", long(::getpid()), counter++,
                      (unsigned long long)(ticks & 0xffff));
        name = (dir == "/" ? std::string("/") : dir + "/") + "." + base + suffix;
        const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) return fd;
        if (errno != EEXIST && errno != EINTR) {
            err = errno;
            return -1;
        }
    }
    err = EEXIST;
    return -1;
}

} // namespace

void flushSpool(std::FILE *spool, const std::string &path)
{
    errno = 0;
    if (std::fflush(spool) == 0 && !std::ferror(spool)) return;
    const int err = errno ? errno : EIO;
    throw WriteError(path + ": write failed (" + reasonOf(err) + ") in a temporary file (TMPDIR, else /tmp); the old "
                     "file is unchanged");
}

void writeFileAtomic(const std::string &path, const std::string &bytes)
{
    writeFileAtomic(path, [&](const ByteSink &write) { write(bytes.data(), bytes.size()); });
}

void writeFileAtomic(const std::string &path, const ByteProducer &produce)
{
    if (path.empty()) throw WriteError("no file name given to write to");
    if (path == "-") return writeInPlace(path, produce);

    // Follow a symbolic link to the file it names, so that the link stays a link.
    std::string target = path;
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
        char *real = ::realpath(path.c_str(), nullptr);
        if (!real)
            throw WriteError(path + ": a symbolic link to a missing file or folder (" + reasonOf(errno)
                        + "); remove the link or give another name");
        target = real;
        std::free(real);
    }
    struct stat old {};
    const bool exists = ::stat(target.c_str(), &old) == 0;
    if (!exists && errno != ENOENT)
        throw WriteError(path + ": cannot write there (" + reasonOf(errno) + "); check the folder exists");
    if (exists && S_ISDIR(old.st_mode)) throw WriteError(path + ": is a folder; give a file name to write");
    if (exists && !S_ISREG(old.st_mode)) return writeInPlace(target, produce);

    const std::string kept = exists ? "; the old file is unchanged" : "; nothing was written";
    std::string temporary;
    int err = 0;
    const int fd = createTemporary(target, temporary, err);
    if (fd < 0)
        throw WriteError(path + ": cannot create a file in " + directoryOf(target) + " (" + reasonOf(err)
                    + "); the folder must exist and be writable" + kept);
    auto fail = [&](const std::string &step, int why) {
        ::unlink(temporary.c_str());
        throw WriteError(path + ": " + step + " failed (" + reasonOf(why) + ")" + kept);
    };
    if (exists) {
        // Keep the old file's permissions (and owner, where allowed).
        if (::fchmod(fd, old.st_mode & 07777) != 0) {
            err = errno;
            ::close(fd);
            fail("keeping the permissions", err);
        }
        if (::fchown(fd, old.st_uid, old.st_gid) != 0) {
            // Only root may give a file away; an ordinary user's copy keeps the user as owner.
        }
    }
    try {
        err = produceInto(fd, produce);
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    if (err != 0) {
        ::close(fd);
        fail("write", err);
    }
    if (::fsync(fd) != 0) {
        err = errno;
        ::close(fd);
        fail("sync to disk", err);
    }
    if (::close(fd) != 0 && errno != EINTR) fail("close", errno);
    if (::rename(temporary.c_str(), target.c_str()) != 0) fail("rename", errno);
    // Make the rename itself durable; the new file is complete either way.
    const int dirFd = ::open(directoryOf(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        (void)::fsync(dirFd);
        ::close(dirFd);
    }
}

} // namespace twill
