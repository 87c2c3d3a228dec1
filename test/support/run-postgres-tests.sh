#!/usr/bin/env bash
# The PostgreSQL half of `npm test`: runs the files marked `@engines sqlite postgres` against a real
# server. Uses TEST_DATABASE_URL when set (.ci/run starts one); otherwise starts a throwaway cluster
# here and removes it afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  eval "$(bash test/support/postgres-cluster.sh start)"
  trap 'bash test/support/postgres-cluster.sh stop "$PG_CLUSTER_DIR"' EXIT
fi
LEAD_COACH_TEST_ENGINE=postgres npx jest -c jest.postgres.config.js --json --outputFile=dist/jest-postgres-results.json "$@"
