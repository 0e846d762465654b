#!/usr/bin/env bash
# Install the Debian packages the portal needs when they are missing.
#   scripts/system-deps.sh          runtime: Pango for WeasyPrint, a Times-compatible font
#                                   with Vietnamese glyphs, gettext, venv
#   scripts/system-deps.sh --test   also Debian's chromium (browser tests) and poppler-utils
#   ... --prod                      also what `make prod-smoke` runs: nginx, PostgreSQL,
#                                   Redis, openssl
set -euo pipefail

want=()
command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || want+=(fonts-liberation2 fontconfig)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || want+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
python3 -c "import ensurepip, venv" 2>/dev/null || want+=(python3-venv)

for flag in "$@"; do
  if [[ "$flag" == "--test" ]]; then
    [[ -x /usr/bin/chromium ]] || want+=(chromium)
    command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
  elif [[ "$flag" == "--prod" ]]; then
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || want+=(nginx)
    compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || want+=(postgresql)
    command -v pg_isready >/dev/null 2>&1 || want+=(postgresql-client)
    command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
    command -v openssl >/dev/null 2>&1 || want+=(openssl)
  fi
done

if ((${#want[@]} == 0)); then
  exit 0
fi

echo "Installing system packages: ${want[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "Missing system packages (${want[*]}) and no root rights: install them with apt-get." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
