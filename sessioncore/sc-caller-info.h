/* sc-caller-info.h: who is calling
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <glib-object.h>

#include "sc-types.h"

G_BEGIN_DECLS

#define SC_TYPE_CALLER_INFO (sc_caller_info_get_type ())

SC_AVAILABLE_IN_ALL
GType         sc_caller_info_get_type          (void) G_GNUC_CONST;

SC_AVAILABLE_IN_ALL
ScCallerInfo *sc_caller_info_new               (const char         *from,
                                                const char         *to);
SC_AVAILABLE_IN_ALL
ScCallerInfo *sc_caller_info_copy              (const ScCallerInfo *self);
SC_AVAILABLE_IN_ALL
void          sc_caller_info_free              (ScCallerInfo       *self);

SC_AVAILABLE_IN_ALL
const char   *sc_caller_info_get_from          (const ScCallerInfo *self);
SC_AVAILABLE_IN_ALL
const char   *sc_caller_info_get_to            (const ScCallerInfo *self);
SC_AVAILABLE_IN_ALL
const char   *sc_caller_info_get_display_name  (const ScCallerInfo *self);
SC_AVAILABLE_IN_ALL
const char   *sc_caller_info_get_user_agent    (const ScCallerInfo *self);
SC_AVAILABLE_IN_ALL
const char   *sc_caller_info_get_contact       (const ScCallerInfo *self);

SC_AVAILABLE_IN_ALL
ScCallerInfo *sc_caller_info_with_display_name (const ScCallerInfo *self,
                                                const char         *display_name);
SC_AVAILABLE_IN_ALL
ScCallerInfo *sc_caller_info_with_user_agent   (const ScCallerInfo *self,
                                                const char         *user_agent);
SC_AVAILABLE_IN_ALL
ScCallerInfo *sc_caller_info_with_contact      (const ScCallerInfo *self,
                                                const char         *contact);

SC_AVAILABLE_IN_ALL
char         *sc_caller_info_from_username     (const ScCallerInfo *self);
SC_AVAILABLE_IN_ALL
char         *sc_caller_info_from_domain       (const ScCallerInfo *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScCallerInfo, sc_caller_info_free)

G_END_DECLS
