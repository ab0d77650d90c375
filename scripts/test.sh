#!/usr/bin/env bash
# Runs the whole test suite: installs what cargo cannot fetch, then every crate's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The official OpenAI Python SDK (and Pillow to decode what it downloads) for the API test,
# and the c2pa package as an independent reader of the manifests.
if [ ! -x target/test-python/bin/python ] \
  || ! target/test-python/bin/python -c "import openai, PIL, c2pa" 2>/dev/null; then
  python3 -m venv target/test-python
  target/test-python/bin/pip install -q --disable-pip-version-check \
    "openai==3.57.0" "pillow>=10" "c2pa-python==0.38.1"
fi
# A throwaway PostgreSQL, so that the store is tested on it as well as on SQLite.
DIORAMA_TEST_POSTGRES=$(scripts/postgres.sh start)
export DIORAMA_TEST_POSTGRES
trap 'scripts/postgres.sh stop' EXIT
cargo test --release --workspace
