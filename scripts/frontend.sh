# Sourced by scripts/setup.sh: install the browser libraries the web UI serves itself
# (package.json: Leaflet for the map, the world-atlas outline of Vietnam, topojson-client,
# Chart.js for figure charts) into node_modules/, from the npm registry, once per
# package-lock.json. web/vendor.py serves them; nothing is fetched from a CDN at run time.
# Without npm the rest of the app works and the map and chart pages say what is missing.
frontend_lock_hash="$(sha256sum package-lock.json | cut -c1-16)"
if [ "$(cat node_modules/.vnkg-installed 2>/dev/null || true)" != "$frontend_lock_hash" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "installing the web UI's browser libraries (npm ci)..." >&2
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    echo "$frontend_lock_hash" > node_modules/.vnkg-installed
  else
    echo "npm not found: the map and charts will be unavailable (install Node.js and npm, then re-run)" >&2
  fi
fi
