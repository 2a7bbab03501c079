/* sc-error.c: the SC_ERROR domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-error.h"

/**
 * sc_error_quark:
 *
 * The quark of the %SC_ERROR domain.
 *
 * Returns: the error quark
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (sc-error-quark, sc_error)
