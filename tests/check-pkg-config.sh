#!/bin/sh
# check-pkg-config.sh: an application compiles against the build tree
# through the uninstalled pkg-config file, as the README tells users to.
#
# Usage: check-pkg-config.sh BUILD_ROOT
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

build_root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/app.c" <<'C'
#include <sessioncore/sessioncore.h>

int
main (void)
{
  g_autoptr(ScServerConfig) config = sc_server_config_new ();

  return sc_server_config_get_max_sessions (config) == 1000 ? 0 : 1;
}
C

export PKG_CONFIG_PATH="$build_root/meson-uninstalled"
cc "$work/app.c" -o "$work/app" $(pkg-config --cflags --libs sessioncore-1.0)
LD_LIBRARY_PATH="$build_root/sessioncore" "$work/app"
echo "compiled and ran against sessioncore-1.0-uninstalled.pc"
