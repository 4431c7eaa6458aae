#!/usr/bin/env bash
# Runs the whole test suite against a throwaway PostgreSQL on loopback (and SQLite in temp folders).
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Unit]
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- 1. What the tests need from the system: Chromium (browser tests) and PostgreSQL (integration tests).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- 2. A throwaway PostgreSQL server on 127.0.0.1, trust auth, gone when this script exits.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/isoc-pg.XXXXXX")"

run_pg() {
  # PostgreSQL refuses to run as root: run its tools as the package's "postgres" user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local status=$?
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$pg_dir"
  chmod 700 "$pg_dir"
fi

free_port() {
  python3 - <<'PY' 2>/dev/null && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "test.sh: no free port for PostgreSQL" >&2
  return 1
}
pg_port="$(free_port)"

run_pg "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; exit 1; }
# fsync off: a throwaway server does not need its data to survive a power cut, and tests get faster.
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" \
  -o "-k $pg_dir -h 127.0.0.1 -p $pg_port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  -w start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; exit 1; }

export ISOC_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
echo "test.sh: PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$pg_port" >&2

# --- 3. The tests. The exit code of dotnet test is this script's exit code (the trap keeps it).
set +e
dotnet test Isoc.Cms.sln "$@"
status=$?
set -e
exit "$status"
