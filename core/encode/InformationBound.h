#pragma once
// What no encoder can beat on uniform random codes, by counting. An array of n cells has 2^n
// encodings; each keeps every one of its m words within e of its target for at most
// (2e+1)^m of the 2^(W m) target vectors, so P(max |error| <= e) <= 2^n (2e+1)^m / 2^(W m),
// and the mean per-array max is at least the sum over e of the rest of that probability.
// For squared error the rate-distortion bound of a uniform source: n / m bits a word give an
// RMS error of at least 2^(W - n/m) / sqrt(2 pi e) (less 1/12, the integers' share).
// These bound the mean over uniform random arrays, not any one array; metadata bits (a
// rotation, an offset) count as cells.
namespace twill {

double informationBoundMaxLsb(double cells, int words, int bits);
double informationBoundRmsLsb(double cells, int words, int bits);

} // namespace twill
