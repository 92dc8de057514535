#pragma once
// Shared by the fuzz targets: a property that must hold aborts, so that libFuzzer reports it.
#include <cstdio>
#include <cstdlib>

#define TWILL_FUZZ_CHECK(condition)                                                                     \
    do {                                                                                                \
        if (!(condition)) {                                                                             \
            std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition);       \
            std::abort();                                                                               \
        }                                                                                               \
    } while (0)
