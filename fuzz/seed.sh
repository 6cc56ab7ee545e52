#!/usr/bin/env bash
# Seed every target's corpus with the repository's own protocol text: the examples, every
# `.proto-gov` file under tests/, and each ```proto-gov block of the documentation.
# Files are named after where they came from, so seeding twice changes nothing.
set -euo pipefail
cd "$(dirname "$0")"
targets=(parse check emit fmt parse_differential lsp_lines)
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT

# Files: tests/fmt/crlf.in.proto-gov becomes tests__fmt__crlf.in.proto-gov.
while IFS= read -r -d '' f; do
  rel=${f#../}
  cp "$f" "$seeds/${rel//\//__}"
done < <(find ../examples ../tests -name '*.proto-gov' -type f -print0)

# Documentation: every fenced block marked proto-gov, one seed each.
for doc in ../README.md ../ARCHITECTURE.md ../docs/*.md ../editors/README.md; do
  [ -f "$doc" ] || continue
  rel=${doc#../}
  awk -v out="$seeds/${rel//\//__}" '
    /^[ \t]*```proto-gov[ \t]*$/ { n++; file = sprintf("%s.%03d.proto-gov", out, n); inside = 1; printf "" > file; next }
    inside && /^[ \t]*```[ \t]*$/ { inside = 0; close(file); next }
    inside { print >> file }
  ' "$doc"
done

for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  cp "$seeds"/* "corpus/$target/"
done
echo "seeded: $(ls "$seeds" | wc -l) files for each of ${targets[*]}"
