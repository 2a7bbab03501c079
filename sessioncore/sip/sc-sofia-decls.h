/* sc-sofia-decls.h: typed magic pointers, included before any sofia header
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia-sip lets a program choose the types of the opaque pointers it hands
 * back in callbacks. Every file of sessioncore that includes a sofia header
 * includes this one first, so the whole library agrees on them.
 */

#pragma once

typedef struct _ScSipStack  ScSipStack;
typedef struct _ScSipTarget ScSipTarget;

#define SU_ROOT_MAGIC_T ScSipStack
#define NUA_MAGIC_T     ScSipStack
#define NUA_HMAGIC_T    ScSipTarget
