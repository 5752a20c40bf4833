#!/usr/bin/env bash
# Headers that Odoo's pinned requirements compile against (python-ldap, psycopg2, lxml) and gettext for i18n.
set -euo pipefail

packages="libldap2-dev libsasl2-dev libpq-dev libxml2-dev libxslt1-dev gettext"
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
[ -z "$missing" ] && exit 0
echo "Installing build dependencies:" $missing
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_root apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q $missing
