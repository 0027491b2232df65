#!/usr/bin/env bash
# Start a throwaway PostgreSQL (Debian packages) on a Unix socket in a temporary folder, run a command
# with CAP_TEST_POSTGRES_URL pointing at it, then stop it and delete its files.
#   scripts/test-postgres.sh make test
set -euo pipefail

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed (apt-get install postgresql); running without it" >&2
    exec "$@"
  fi
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
ROOT="$(mktemp -d /tmp/cap-ia-pg.XXXXXX)"
chmod 755 "$ROOT"
# PostgreSQL refuses to run as root: use the postgres account the Debian package creates.
AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$ROOT"
  AS=(runuser -u postgres --)
fi
"${AS[@]}" "$BIN/initdb" -D "$ROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/log" -w -o "-k $ROOT -c listen_addresses= -c fsync=off -c max_connections=200" start >/dev/null
cleanup() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$ROOT/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap cleanup EXIT
export CAP_TEST_POSTGRES_URL="postgresql+psycopg://postgres@/postgres?host=$ROOT"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on $ROOT"
set +e
"$@"
status=$?
exit $status
