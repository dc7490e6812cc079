#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, starts Kafka, PostgreSQL and
# Chromium (scripts/services.sh), runs every suite, stops the services, prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules/next ] || npm install --no-audit --no-fund
bash scripts/services.sh up
trap 'bash scripts/services.sh down >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC1091
source .services/env
export KAFKAJS_NO_PARTITIONER_WARNING=1 NEXT_TELEMETRY_DISABLED=1
REPORTS=.services/reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

status=0
step() {
  local name=$1
  shift
  echo "::: $name"
  local started=$SECONDS
  if "$@"; then echo "::: $name passed ($((SECONDS - started)) s)"; else echo "::: $name FAILED ($((SECONDS - started)) s)"; status=1; fi
}

step typecheck npx tsc --noEmit -p .
step unit npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$REPORTS/unit.json"
# The build comes first: the distributed-mode integration test runs `next start`.
step build npx next build
step integration npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$REPORTS/integration.json"
step e2e env PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json" npx playwright test --reporter=list,json

node scripts/test-summary.mjs "$REPORTS" || status=1
exit $status
