/* sc-version.h: export and availability macros
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib.h>

/* The library is built with -fvisibility=hidden: only symbols marked with
 * SC_AVAILABLE_IN_ALL are exported from libsessioncore-1.0.so. */
#if defined(_WIN32)
# define _SC_EXTERN __declspec(dllexport) extern
#else
# define _SC_EXTERN __attribute__((visibility ("default"))) extern
#endif

#define SC_AVAILABLE_IN_ALL _SC_EXTERN

/**
 * SC_MAJOR_VERSION:
 *
 * The major version of sessioncore this code was compiled against.
 *
 * Since: 0.1
 */
#define SC_MAJOR_VERSION 0

/**
 * SC_MINOR_VERSION:
 *
 * The minor version of sessioncore this code was compiled against.
 *
 * Since: 0.1
 */
#define SC_MINOR_VERSION 1

/**
 * SC_MICRO_VERSION:
 *
 * The micro version of sessioncore this code was compiled against.
 *
 * Since: 0.1
 */
#define SC_MICRO_VERSION 0
