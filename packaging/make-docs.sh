#!/bin/sh
# Build-time documents from the built executables' own --help, so that they never drift from
# the flags: the man pages (help2man, with a section per twill-cli command) and the bash
# completion of twill-cli and twill.
#   make-docs.sh man TWILL_CLI TWILL OUTDIR VERSION -> OUTDIR/twill-cli.1.gz, OUTDIR/twill.1.gz
#   make-docs.sh completion TWILL_CLI TWILL OUT     -> OUT (a bash completion script)
set -eu
what=$1 cli=$2 gui=$3 out=$4 version=${5:-}
commands="encode layout sweep train retrain study adc"
export QT_QPA_PLATFORM=offscreen # twill --help needs no display

# The long options of a --help text, one per line; "NAME=" when the option takes a value.
options() {
    sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}--\([a-z0-9-]*\)\( <[^>]*>\)\{0,1\}.*/\2\3/p' |
        sed 's/ <[^>]*>/=/' | grep -v '^help$\|^version$\|^help-all$' || true
}

case $what in
man)
    mkdir -p "$out"
    include=$out/twill-cli.h2m
    {
        echo "[COMMANDS]"
        for c in $commands; do
            echo ".SS \"twill-cli $c\""
            echo ".nf"
            "$cli" "$c" --help | sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
            echo ".fi"
        done
        echo "[SEE ALSO]"
        echo ".BR twill (1)"
    } > "$include"
    help2man --no-info --version-string "$version" --section 1 --name "overlapped weights in transposable memory arrays, from the command line" \
        --include "$include" --output "$out/twill-cli.1" "$cli"
    printf '[SEE ALSO]\n.BR twill-cli (1)\n' > "$out/twill.h2m"
    help2man --no-info --version-string "$version" --section 1 --name "explore weights stored overlapped in transposable memory arrays" \
        --include "$out/twill.h2m" --output "$out/twill.1" "$gui"
    gzip -9nf "$out/twill-cli.1" "$out/twill.1"
    ;;
completion)
    {
        echo "# bash completion for twill-cli and twill; generated from their --help when they were built."
        echo
        echo "_twill_values() { # the values of an option, or '' for a file name"
        echo '    case $1 in'
        echo '    --pattern) echo "msb-lsb transpose latin" ;;'
        echo '    --format) echo "unsigned twos signmag" ;;'
        echo '    --objective) echo "l2 max rel" ;;'
        echo '    --solver) echo "greedy local exact auto" ;;'
        echo '    --mode) echo "post inq ste" ;;'
        echo '    --partition) echo "magnitude random importance" ;;'
        echo '    --unit) echo "array weight" ;;'
        echo '    --quant) echo "per-tensor per-channel" ;;'
        echo '    --optimizer) echo "sgd adam" ;;'
        echo '    --model|--run-model) echo "mlp lenet5" ;;'
        echo '    --data|--run-data) echo "synthetic" ;;'
        echo '    --preset) echo "column page" ;;'
        echo '    --view) echo "window subarray stack charts pattern run lecture" ;;'
        echo '    --export-chart) echo "histogram significance accuracy loss layers tensor compare sweep" ;;'
        echo '    esac'
        echo "}"
        echo
        echo "# COMPREPLY for the word being completed, given the options (NAME= takes a value) of the command."
        echo "_twill_complete() {"
        echo '    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} opts=$1 o'
        echo '    COMPREPLY=()'
        echo '    if [[ $prev == --* ]] && [[ " $opts " == *" ${prev#--}= "* ]]; then'
        echo '        local values; values=$(_twill_values "$prev")'
        echo '        [ -n "$values" ] && COMPREPLY=($(compgen -W "$values" -- "$cur"))'
        echo '        case $prev in'
        echo '        --model|--run-model|--pattern|--data|--run-data) COMPREPLY+=($(compgen -f -- "$cur")) ;; # a name or a file'
        echo '        *) [ -z "$values" ] && COMPREPLY=($(compgen -f -- "$cur")) ;;'
        echo '        esac'
        echo '        return 0'
        echo '    fi'
        echo '    local words=""'
        echo '    for o in $opts; do words="$words --${o%=}"; done'
        echo '    COMPREPLY=($(compgen -W "$words --help" -- "$cur"))'
        echo "}"
        echo
        echo "_twill_cli() {"
        echo '    if [ "$COMP_CWORD" -eq 1 ]; then'
        echo "        COMPREPLY=(\$(compgen -W \"$commands --help --version\" -- \"\${COMP_WORDS[1]}\"))"
        echo '        return 0'
        echo '    fi'
        echo '    case ${COMP_WORDS[1]} in'
        for c in $commands; do
            echo "    $c) _twill_complete \"$("$cli" "$c" --help | options | tr '\n' ' ' | sed 's/ $//')\" ;;"
        done
        echo '    esac'
        echo "}"
        echo "complete -o filenames -F _twill_cli twill-cli"
        echo
        echo "_twill() {"
        echo "    _twill_complete \"$("$gui" --help | options | tr '\n' ' ' | sed 's/ $//')\""
        echo '    [ ${#COMPREPLY[@]} -eq 0 ] && [[ ${COMP_WORDS[COMP_CWORD]} != -* ]] && COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))'
        echo '    return 0'
        echo "}"
        echo "complete -o filenames -F _twill twill"
    } > "$out"
    ;;
*)
    echo "make-docs.sh: man or completion" >&2
    exit 2
    ;;
esac
