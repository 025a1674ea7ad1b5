#!/usr/bin/env bash
# Prove, without a Docker engine, that the Dockerfile's build stage has everything it needs:
# replay the build stage's COPY lines from the build context (honouring .dockerignore) into a
# temporary directory, run its RUN lines there, and check the result the runtime stage copies
# (dist/ with the web UI, a pruned node_modules) starts under plain node.
#
#   scripts/docker-context-check.sh            honest: RUN lines verbatim (npm ci downloads)
#   scripts/docker-context-check.sh --reuse    dev machines: npm ci/install/prune are skipped and
#                                              the repository's node_modules is linked instead
#
# Supported Dockerfile subset (what ours uses): FROM, WORKDIR, COPY <src…> <dest> (no --from in
# the build stage), RUN (shell form), ENV/ARG/EXPOSE/USER/CMD/ENTRYPOINT ignored. .dockerignore:
# root-anchored patterns (`*`, `**`, `!` exceptions), as Docker reads them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reuse=""
[ "${1:-}" = "--reuse" ] && reuse=1

work=$(mktemp -d "${TMPDIR:-/tmp}/folio-docker-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
ctx="$work/context"
image="$work/image"
mkdir -p "$ctx" "$image"

# 1. The build context: the repository directory minus .dockerignore (not git: Docker sends
#    untracked files too). rsync filter rules, anchored at the root like Docker's patterns.
filters="$work/filters"
: >"$filters"
if [ -f "$root/.dockerignore" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%%#*}"; line="$(printf '%s' "$line" | sed 's/[[:space:]]*$//; s/^[[:space:]]*//')"
    [ -n "$line" ] || continue
    line="${line#./}"
    if [ "${line#!}" != "$line" ]; then printf '+ /%s\n' "${line#!}" >>"$filters"; else printf -- '- /%s\n' "${line#/}" >>"$filters"; fi
  done <"$root/.dockerignore"
fi
# Docker gives the last matching pattern precedence; rsync the first: reverse the rules.
tac "$filters" >"$filters.rsync"
rsync -a --filter="merge $filters.rsync" "$root/" "$ctx/"

# 2. Replay the build stage (everything up to the second FROM).
workdir="/"
stage=0
run_line() {
  local dir="$image$workdir"
  mkdir -p "$dir"
  echo "+ RUN $1"
  (cd "$dir" && PATH="$work/shim:$PATH" sh -ec "$1")
}
mkdir -p "$work/shim"
if [ -n "$reuse" ]; then
  real_npm=$(command -v npm)
  cat >"$work/shim/npm" <<SHIM
#!/bin/sh
case "\$1" in
  ci|install|prune) echo "  (skipped: npm \$1 — reusing the repository's node_modules)"; [ -e node_modules ] || ln -s "$root/node_modules" node_modules ;;
  *) exec "$real_npm" "\$@" ;;
esac
SHIM
  chmod +x "$work/shim/npm"
fi

# Join continuation lines first.
sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$root/Dockerfile" | while IFS= read -r line; do
  set -f
  # shellcheck disable=SC2086
  set -- $line
  set +f
  [ $# -gt 0 ] || continue
  instr=$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')
  shift
  case "$instr" in
    \#*) ;;
    FROM) stage=$((stage + 1)); [ "$stage" -le 1 ] || break ;;
    WORKDIR) case "$1" in /*) workdir="$1" ;; *) workdir="$workdir/$1" ;; esac; mkdir -p "$image$workdir" ;;
    COPY|ADD)
      case "${1:-}" in --from=*) echo "docker-context-check: COPY --from in the build stage is not supported" >&2; exit 2 ;; --*) shift ;; esac
      args=("$@"); dest="${args[-1]}"; unset 'args[-1]'
      case "$dest" in /*) target="$image$dest" ;; *) target="$image$workdir/$dest" ;; esac
      echo "+ $instr ${args[*]} $dest"
      for pattern in "${args[@]}"; do
        matched=0
        for src in "$ctx"/$pattern; do
          [ -e "$src" ] || continue
          matched=1
          if [ -d "$src" ]; then mkdir -p "$target"; cp -a "$src/." "$target/"
          elif [ "${dest%/}" != "$dest" ] || [ ${#args[@]} -gt 1 ]; then mkdir -p "$target"; cp -a "$src" "$target/"
          else mkdir -p "$(dirname "$target")"; cp -a "$src" "$target"; fi
        done
        if [ "$matched" = 0 ]; then echo "docker-context-check: COPY source '$pattern' is not in the build context (missing or excluded by .dockerignore)" >&2; exit 1; fi
      done ;;
    RUN) run_line "$*" ;;
    *) ;;
  esac
done

# 3. What the runtime stage takes: dist (server and web UI) must be complete and start.
app="$image$(sed -n 's/^WORKDIR[[:space:]]\{1,\}//p' "$root/Dockerfile" | head -1)"
for required in dist/src/main.js dist/web/index.html dist/web/playground.html; do
  [ -f "$app/$required" ] || { echo "docker-context-check: the build stage did not produce $required" >&2; exit 1; }
done
(cd "$app" && NODE_ENV=production node dist/src/main.js --help >/dev/null)
echo "docker-context-check: the build stage builds from its context; dist/ has the server and the web UI, and it starts"
