#!/bin/sh
# The image's commands: `api` (default), `worker`, `migrate`; anything else runs as given (`sh`, `node -e …`).
# exec: the process gets the container's signals (SIGTERM on stop) and shuts down as it does outside.
set -e
cd /app
case "${1:-api}" in
  api) shift 2>/dev/null || true; exec node --experimental-async-context-frame apps/api/dist/main.js "$@" ;;
  worker) shift; exec node apps/worker/dist/main.js "$@" ;;
  migrate) shift; exec node packages/db/dist/tools/migrate.js "$@" ;;
  *) exec "$@" ;;
esac
