#!/bin/sh
# The packaging_metadata test: everything the .deb installs beside the executables, checked
# offline with the tools a desktop uses.
#   check-packaging.sh PACKAGING_SOURCE_DIR PACKAGING_BUILD_DIR
set -eu
src=$(cd "$1" && pwd) docs=$(cd "$2" && pwd)
fail() {
    echo "packaging: $*" >&2
    exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"

# Desktop entry and AppStream metadata as the validators see them.
desktop-file-validate twill.desktop
appstreamcli validate --no-net io.github.twill.Twill.metainfo.xml

# A project file opens Twill from a file manager: the desktop entry takes a file and names the
# MIME type, and the shared MIME database maps *.twill.json to it (over application/json).
grep -qx 'Exec=twill %f' twill.desktop || fail "twill.desktop: Exec must pass the file (%f)"
type=$(sed -n 's/.*<mime-type type="\([^"]*\)".*/\1/p' twill-mime.xml)
[ "$type" = application/x-twill-project ] || fail "twill-mime.xml: the type is '$type'"
grep -qx "MimeType=$type;" twill.desktop || fail "twill.desktop: MimeType=$type; is missing"
mkdir -p "$tmp/mime/packages"
cp twill-mime.xml "$tmp/mime/packages/twill.xml"
update-mime-database "$tmp/mime"
grep -q "^60:$type:\*\.twill\.json" "$tmp/mime/globs2" || fail "the MIME database has no *.twill.json glob"
grep -q "^$type application/json" "$tmp/mime/subclasses" || fail "$type is not a kind of application/json"

# Screenshots: the README's pictures, each one in the repository.
shots=$(sed -n 's|.*<image>[^<]*/docs/\([^<]*\.png\)</image>.*|\1|p' io.github.twill.Twill.metainfo.xml)
[ -n "$shots" ] || fail "the metainfo lists no screenshots"
for s in $shots; do [ -f "../docs/$s" ] || fail "screenshot docs/$s is not in the repository"; done

# Man pages: compressed, rendered by groff without a warning, holding every command's flags.
for page in twill-cli twill; do
    gzip -t "$docs/man/$page.1.gz" || fail "$page.1.gz is not gzip"
    warnings=$(zcat "$docs/man/$page.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
    [ -z "$warnings" ] || fail "$page.1: $warnings"
done
zcat "$docs/man/twill-cli.1.gz" > "$tmp/cli.1"
for text in '.SH COMMANDS' 'twill-cli retrain' 'twill-cli study' 'twill-cli adc' '\-\-fault\-unaware' '\-\-shard' 'Exit codes' '\-\-neurosim' '\-\-state\-dict'; do
    grep -qF -- "$text" "$tmp/cli.1" || fail "twill-cli.1 lacks '$text'"
done
zcat "$docs/man/twill.1.gz" | grep -qF -- '\-\-preset' || fail "twill.1 lacks --preset"

# Bash completion, driven as bash drives it.
cat > "$tmp/complete.sh" <<'EOF'
. "$1"
t() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    if [ "$1" = twill ]; then _twill; else _twill_cli; fi
    echo "${COMPREPLY[*]}"
}
[ "$(t twill-cli re)" = retrain ] || { echo "command: $(t twill-cli re)"; exit 1; }
[ "$(t twill-cli stu)" = study ] || { echo "command: $(t twill-cli stu)"; exit 1; }
[ "$(t twill-cli study --sha)" = --shard ] || { echo "study: $(t twill-cli study --sha)"; exit 1; }
[ "$(t twill-cli ad)" = adc ] || { echo "command: $(t twill-cli ad)"; exit 1; }
[ "$(t twill-cli encode --fault-u)" = --fault-unaware ] || { echo "faults: $(t twill-cli encode --fault-u)"; exit 1; }
[ "$(t twill-cli encode --neu)" = --neurosim ] || { echo "flag: $(t twill-cli encode --neu)"; exit 1; }
[ "$(t twill-cli encode --format '')" = "unsigned twos signmag" ] || { echo "values: $(t twill-cli encode --format '')"; exit 1; }
[ "$(t twill-cli sweep --c)" = "--cube --csv" ] || { echo "sweep: $(t twill-cli sweep --c)"; exit 1; }
[ "$(t twill --pre)" = --preset ] || { echo "twill: $(t twill --pre)"; exit 1; }
[ "$(t twill --preset '')" = "column page" ] || { echo "preset: $(t twill --preset '')"; exit 1; }
EOF
bash "$tmp/complete.sh" "$docs/completion/twill-cli" || fail "bash completion"

# The licence: MIT in LICENSE, the same text in the Debian copyright file.
head -1 ../LICENSE | grep -qx 'MIT License' || fail "LICENSE is not the MIT licence"
grep -q '^Copyright (c) [0-9]* Twill developers$' ../LICENSE || fail "LICENSE: the copyright line"
sed -n '/^Permission/,$p' ../LICENSE > "$tmp/license"
sed -n '/^License: MIT$/,$p' copyright | sed '1d; /^ \.$/s/.*//; s/^ //' | sed -n '/^Permission/,$p' > "$tmp/copyright"
cmp -s "$tmp/license" "$tmp/copyright" || fail "copyright: the MIT text differs from LICENSE"
grep -q '<project_license>MIT</project_license>' io.github.twill.Twill.metainfo.xml || fail "metainfo: not MIT"

# The changelog names the release the metainfo names.
version=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' io.github.twill.Twill.metainfo.xml | head -1)
zcat "$docs/changelog.gz" | head -1 | grep -q "^twill ($version) " || fail "changelog.gz does not start with $version"
echo "packaging: all checks passed"
