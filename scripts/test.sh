#!/usr/bin/env bash
# Runs the whole test suite: installs what cargo cannot fetch, then every crate's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The official OpenAI Python SDK (and Pillow to decode what it downloads) for the API test,
# the c2pa package as an independent reader of the manifests, and Playwright to drive
# Debian's Chromium in the app's test (it downloads no browser of its own).
if [ ! -x target/test-python/bin/python ] \
  || ! target/test-python/bin/python -c "import openai, PIL, c2pa, playwright" 2>/dev/null; then
  python3 -m venv target/test-python
  target/test-python/bin/pip install -q --disable-pip-version-check \
    "openai==3.57.0" "pillow>=10" "c2pa-python==0.38.1" "playwright==1.65.2"
fi
# axe-core, which the app's test runs in every page it visits.
if [ ! -f target/npm/node_modules/axe-core/axe.min.js ]; then
  mkdir -p target/npm
  (cd target/npm && npm install --silent --no-audit --no-fund --no-save "axe-core@4.14.1")
fi
# A throwaway PostgreSQL, so that the store is tested on it as well as on SQLite.
DIORAMA_TEST_POSTGRES=$(scripts/postgres.sh start)
export DIORAMA_TEST_POSTGRES
trap 'scripts/postgres.sh stop' EXIT
# Every kind's model prepared once into .assets/cache/ (fast when they are there already).
cargo run --release --quiet -p diorama -- assets --cache
cargo test --release --workspace
