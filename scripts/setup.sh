# Sourced by run.sh and test.sh: create .venv if missing and install the project into it.
# pip runs only when pyproject.toml changed since the last install (an install with the
# test extras also satisfies a plain one). torch is pinned in pyproject.toml to the local
# CPU wheel, so no CUDA build is ever pulled.
VENV="${VNKG_VENV:-.venv}"
EXTRAS="${1:-}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# shellcheck disable=SC1091
source "$VENV/bin/activate"
hash="$(sha256sum pyproject.toml | cut -c1-16)"
installed="$(cat "$VENV/.vnkg-installed" 2>/dev/null || true)"
if [ "$installed" != "$hash-test" ] && [ "$installed" != "$hash-$EXTRAS" ]; then
  echo "setting up $VENV (first run takes a minute or two)..." >&2
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
  echo "$hash-$EXTRAS" > "$VENV/.vnkg-installed"
fi
# shellcheck source=scripts/frontend.sh
source scripts/frontend.sh
