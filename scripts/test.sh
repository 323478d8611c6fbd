#!/usr/bin/env bash
# The whole suite: types, lint, unit specs, the console's specs, then e2e on real PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
echo "== lint"; npx eslint --no-error-on-unmatched-pattern apps libs test bench
echo "== build"; npm run build --silent
echo "== unit"; npx jest --selectProjects unit --ci
if [ -f apps/console/tsconfig.spec.json ]; then echo "== console unit"; npx ng test console --watch=false; fi
# One file at a time, in a worker that is replaced once it holds more than the limit in
# jest.config.js: the suites start hundreds of app instances, and one process would run out of heap.
echo "== e2e"; npx jest --selectProjects e2e --ci --maxWorkers=1
