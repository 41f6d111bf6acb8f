# Sourced, never run. go_tool NAME MODULE/PATH VERSION — prints the path of a Go-built tool, building it once with
# `go install` into the tool cache (the same folder infra/local/node uses), keyed by version. GOPATH, GOCACHE and
# GOMODCACHE live in a build folder in the cache, deleted once the tool is built (they take gigabytes, and a tool is
# built once per version); modules come from the Go module proxy only (no direct VCS fetches).
go_tool() {
  local name=$1 package=$2 version=$3 cache dir tmp
  cache=${WAYMARK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/waymark}
  dir=$cache/$name-$version
  mkdir -p "$cache"
  # One build at a time per tool (several checkouts share the cache); the others wait, then find it built.
  local lock
  exec {lock}>"$cache/.$name.lock"
  flock "$lock"
  if [[ ! -x $dir/bin/$name ]]; then
    command -v go >/dev/null || { echo "[$name] Go is needed once to build $name $version (go install)" >&2; return 1; }
    echo "[$name] building $package@$version into $dir (once; several minutes on 2 cores)" >&2
    tmp=$(mktemp -d "$cache/.$name-$version.XXXXXX")
    local proxy
    proxy=$(go env GOPROXY)
    proxy=${proxy%,direct}
    proxy=${proxy%|direct}
    if ! GOPATH=$tmp/go GOMODCACHE=$tmp/go/pkg/mod GOCACHE=$tmp/go/build GOBIN=$tmp/bin \
      GOPROXY=$proxy GOFLAGS="-modcacherw -buildvcs=false" CGO_ENABLED=0 \
      go install -trimpath -ldflags "-s -w" "$package@$version" >&2; then
      rm -rf "$tmp"
      flock -u "$lock"
      echo "[$name] go install $package@$version failed" >&2
      return 1
    fi
    rm -rf "$dir" && mkdir -p "$dir" && mv "$tmp/bin" "$dir/bin" && rm -rf "$tmp"
  fi
  flock -u "$lock"
  echo "$dir/bin/$name"
}
