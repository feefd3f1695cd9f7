#!/usr/bin/env bash
# Runs a command against a PRIVATE, throwaway Secret Service keyring in its own D-Bus session, so
# tests use a real keychain without ever touching the user's own. Usage:
#   scripts/with-private-keyring.sh <command> [args...]
# Needs: dbus-run-session (dbus), gnome-keyring-daemon (gnome-keyring).
set -euo pipefail

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-private-keyring: needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus dbus-x11 gnome-keyring)" >&2
  exit 2
fi

# A fresh XDG_DATA_HOME each run: an existing login keyring with another password stays locked
# ("Cannot create an item in a locked collection").
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/signet-keyring.XXXXXX")
# The daemon outlives dbus-run-session by a moment and may still write its keyring file while the
# folder is removed ("Directory not empty"). Removal is retried and never changes the exit status:
# a failing command in an EXIT trap would turn the tests' 0 into 1 with every test passed.
remove_keyring_home() {
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    rm -rf "$keyring_home" 2>/dev/null && return 0
    sleep 0.3
  done
  echo "with-private-keyring: could not remove $keyring_home; it is left behind" >&2
}
trap 'remove_keyring_home' INT TERM
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export SIGNET_KEYCHAIN_SERVICE="${SIGNET_KEYCHAIN_SERVICE:-Signet-test}"
export SIGNET_PRIVATE_KEYRING=1

status=0
dbus-run-session -- bash -c '
  echo -n "signet-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' with-private-keyring "$@" || status=$?
remove_keyring_home
exit $status
