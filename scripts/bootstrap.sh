#!/usr/bin/env bash
# Makes a fresh clone runnable, so `npm start` and `npm test` are the only two
# commands a newcomer needs. Fast no-op when everything is already in place.
#   1. Debian packages: gcc, pkg-config, librdkafka-dev build the local Kafka
#      broker (ingest/local-broker/mock-broker.c).
#   2. npm dependencies, from package-lock.json, when node_modules is missing or
#      older than the lockfile. Not `npm ci`: the registry these machines reach
#      serves only the linux-x64/arm64 glibc builds of packages with native
#      binaries (Biome, DuckDB), so npm leaves the other platforms' optional
#      packages out of the lockfile and `npm ci` rejects it as out of sync.
#      `npm install --no-save` installs the locked versions and writes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
# Headless Chromium drives the dashboard browser test (tests/dashboards/site-browser.test.ts) via
# playwright-core, which downloads no browser of its own.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# pdftotext/pdfinfo: the evidence-pack tests read the PDF's text and page count (tests/dashboards/pack-*.test.ts)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -gt 0 ]; then
  echo "ohwb: installing missing OS packages: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "ohwb: not root; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ohwb: installing npm dependencies from package-lock.json" >&2
  npm install --no-save --no-audit --no-fund >&2
fi
