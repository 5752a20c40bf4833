#!/usr/bin/env bash
# Make sure a PostgreSQL server runs here and the current user may create databases.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null; then
  echo "PostgreSQL is not installed: installing it from the distribution's packages"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q postgresql postgresql-client
fi
if ! pg_isready -q; then
  for version in $(ls /etc/postgresql); do
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  done
  for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
fi
user=$(id -un)
if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  as_root su postgres -c "createuser --superuser $user"
fi
