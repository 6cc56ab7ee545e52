#!/usr/bin/env bash
# Seed every target's corpus with the repository's own protocol files.
set -euo pipefail
cd "$(dirname "$0")"
for target in parse check; do
  mkdir -p "corpus/$target"
  for f in ../examples/*.proto-gov ../tests/fixtures/*.proto-gov ../tests/seeds/*.proto-gov ../tests/syntax/*.proto-gov; do
    cp "$f" "corpus/$target/$(basename "$f")"
  done
done
echo "seeded: $(ls corpus/parse | wc -l) files per target"
