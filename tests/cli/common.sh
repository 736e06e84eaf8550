# Sourced by the relata command's test scripts: fail MESSAGE, and expect LABEL EXPECTED ACTUAL.
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { [[ "$2" == "$3" ]] || fail "$1: expected [$2], got [$3]"; }
