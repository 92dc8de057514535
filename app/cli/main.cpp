// twill-cli: the headless Twill, for scripts, benchmarks and servers.
#include "AdcCommand.h"
#include "EncodeCommand.h"
#include "NetworkCommands.h"
#include "StudyCommand.h"
#include "SweepCommand.h"

#include <QCoreApplication>

#include <cstdio>
#include <exception>
#include <new>
#include <string>

namespace {

void usage(FILE *to)
{
    std::fprintf(to,
                 "Usage: twill-cli COMMAND [options]\n"
                 "Commands:\n"
                 "  encode   encode arrays of weight codes into overlapped cell bits (twill-cli encode --help)\n"
                 "  layout   write a layout (pattern) as JSON, e.g. to edit into a custom pattern\n"
                 "  sweep    error figures of random arrays over bit widths x patterns (twill-cli sweep --help)\n"
                 "  train    train a network (float baseline) and write a checkpoint\n"
                 "  retrain  encode a trained network onto overlapped arrays and retrain it (post, inq, ste)\n"
                 "  study    one network in several storage schemes over several seeds: accuracy against cells per weight\n"
                 "  adc      bitline ones counts and ADC bits of an encoding's or a network's .npz\n"
                 "File flags take - for stdout. Exit codes: 0 done, 1 a write or the work failed, 2 bad flag or "
                 "input,\n3 a bound not met (encode --bound), 130 interrupted; every command's --help lists its own.\n");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("twill-cli");
    QCoreApplication::setApplicationVersion(TWILL_VERSION);
    QStringList args = app.arguments();
    if (args.size() < 2) {
        usage(stderr);
        return 2;
    }
    const QString command = args.at(1);
    args.removeAt(1);
    args[0] = command; // the parser skips it; help texts name the command with it
    // The commands report their own errors; this boundary keeps anything else from aborting.
    try {
        if (command == "encode") return twill::cli::runEncode(args);
        if (command == "layout") return twill::cli::runLayout(args);
        if (command == "sweep") return twill::cli::runSweep(args);
        if (command == "train") return twill::cli::runTrain(args);
        if (command == "retrain") return twill::cli::runRetrain(args);
        if (command == "study") return twill::cli::runStudyCommand(args);
        if (command == "adc") return twill::cli::runAdc(args);
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "twill-cli %s: not enough memory for this job; use fewer or smaller arrays\n",
                     qPrintable(command));
        return 2;
    } catch (const std::exception &e) {
        std::string why = e.what();
        if (why.find('\n') != std::string::npos) why.resize(why.find('\n'));
        std::fprintf(stderr, "twill-cli %s: %s\n", qPrintable(command), why.c_str());
        return 1;
    }
    if (command == "--help" || command == "-h" || command == "help") {
        usage(stdout);
        return 0;
    }
    if (command == "--version") {
        std::printf("twill-cli %s\n", TWILL_VERSION);
        return 0;
    }
    std::fprintf(stderr, "twill-cli: unknown command '%s'\n", qPrintable(command));
    usage(stderr);
    return 2;
}
