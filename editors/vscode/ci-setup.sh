#!/usr/bin/env bash
# Install the editor extension's node dependencies from package-lock.json, so that
# `npm test` (the TextMate grammar tests) can run. tests/editor_grammar.rs runs them.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null; then
  echo "ci-setup: npm is not installed; the grammar tests need Node.js 20 and npm" >&2
  exit 1
fi
npm ci --no-audit --no-fund
