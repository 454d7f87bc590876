#!/usr/bin/env bash
# Makes a fresh clone runnable, so `npm start` and `npm test` are the only two
# commands a newcomer needs. Fast no-op when everything is already in place.
#   1. Debian packages: a JRE >= 17 runs the local Apache Kafka broker and Maven
#      fetches its jars; chromium and poppler-utils serve the dashboard tests.
#   2. The broker's jars (kafka/pom.xml: Apache Kafka, pinned, and its logging
#      binding) from Maven Central into .cache/kafka/<version>/libs, once per
#      version. OHWB_KAFKA_VERSION=4.1.1 fetches (and the broker runs) another one.
#   3. npm dependencies, from package-lock.json, when node_modules is missing or
#      older than the lockfile. Not `npm ci`: the registry these machines reach
#      serves only the linux-x64/arm64 glibc builds of packages with native
#      binaries (Biome, DuckDB), so npm leaves the other platforms' optional
#      packages out of the lockfile and `npm ci` rejects it as out of sync.
#      `npm install --no-save` installs the locked versions and writes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() {
  # "17.0.15" or "1.8.0_392" -> 17 or 1
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

missing=()
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then missing+=(openjdk-17-jre-headless); fi
command -v mvn >/dev/null 2>&1 || missing+=(maven)
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

kafka_version="${OHWB_KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' kafka/pom.xml)}"
jars=".cache/kafka/${kafka_version}/libs"
if [ ! -f "${jars}/.complete" ]; then
  echo "ohwb: fetching Apache Kafka ${kafka_version} for the local broker from Maven Central into ${jars}" >&2
  rm -rf "${jars}"
  mvn -B -q -f kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -Dkafka.version="${kafka_version}" -DoutputDirectory="${PWD}/${jars}" >&2
  touch "${jars}/.complete"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ohwb: installing npm dependencies from package-lock.json" >&2
  npm install --no-save --no-audit --no-fund >&2
fi
