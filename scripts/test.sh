#!/usr/bin/env bash
# Runs the whole test suite: installs what cargo cannot fetch, then every crate's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo test --release --workspace
