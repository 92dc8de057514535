# NumPy alone rebuilds the cells from a twill-cli $readmemh image and compares them with the
# .npz of the same run; the manifest's word and significance maps decode the (unsigned) words.
# usage: python3 memh_check.py IMAGE.mem BITS.npz MANIFEST.json
import json, sys, numpy as np
mem, npz, manifest = sys.argv[1], sys.argv[2], sys.argv[3]
z = np.load(npz); bits = z["bits"]; A, L, R, C = bits.shape
m = json.load(open(manifest))
assert m["row_bits"] == C and m["hex_digits"] == (C + 3) // 4, m
rows, at = {}, 0
for line in open(mem):
    line = line.split("//")[0]
    for tok in line.split():
        if tok.startswith("@"): at = int(tok[1:], 16); continue
        assert len(tok) == (C + 3) // 4, tok
        v = int(tok, 16); assert v < (1 << C), tok
        rows[at] = [(v >> (C - 1 - c)) & 1 for c in range(C)]; at += 1
got = np.array([rows[i] for i in range(A * L * R)], dtype=np.uint8).reshape(A, L, R, C)
assert (got == bits).all()
words = m["geometry"]["words_per_array"]; W = m["geometry"]["bits"]
raw = np.zeros((A, words), dtype=np.int64)
for d in m["geometry"]["directions"]:
    wo = np.array(m["word_of"][d]); sig = np.array(m["significance_of"][list(m["significance_of"])[0]][d])
    for a in range(A): np.add.at(raw[a], wo, got[a].astype(np.int64).ravel() << sig)
assert (raw == z["decoded"]).all()   # unsigned codes: the raw word is the code
print("numpy ok", A, L, R, C)
