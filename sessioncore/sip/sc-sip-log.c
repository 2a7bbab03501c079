/* sc-sip-log.c: sofia-sip's log routed into GLib's
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia-sip prints to stderr by default. We redirect every sofia log into
 * g_log() under the "sessioncore-sofia" domain at debug level, so that
 * G_MESSAGES_DEBUG=sessioncore-sofia shows the SIP stack's own story and
 * nothing is printed otherwise. SU_DEBUG=N still sets sofia's verbosity,
 * and NUA_DEBUG, NTA_DEBUG, TPORT_DEBUG one module's.
 */

#include "config.h"

#include "sc-sofia-decls.h"
#include "sc-sip-log.h"

#include <stdio.h>
#include <stdlib.h>
#include <sofia-sip/su_log.h>

/* Exported by libsofia-sip-ua but not declared in its headers. */
extern su_log_t nua_log[];
extern su_log_t nta_log[];
extern su_log_t tport_log[];

#define SOFIA_LOG_DOMAIN "sessioncore-sofia"

static void
log_cb (void       *stream,
        char const *fmt,
        va_list     ap)
{
  g_autofree char *text = g_strdup_vprintf (fmt, ap);

  g_strchomp (text);
  if (*text != '\0')
    g_log (SOFIA_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "%s", text);
}

void
_sc_sip_log_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      su_log_t *logs[] = { su_log_default, nua_log, nta_log, tport_log };
      const char *su_debug = g_getenv ("SU_DEBUG");
      unsigned level = su_debug != NULL ? (unsigned) atoi (su_debug) : 0;

      for (gsize i = 0; i < G_N_ELEMENTS (logs); i++)
        {
          su_log_redirect (logs[i], log_cb, NULL);
          /* Left alone, a module without its own variable (NUA_DEBUG…)
           * logs at its built-in level, 3 for nua, nta and tport, whatever
           * SU_DEBUG says: under overload that is a formatted line per ACK
           * of a refused INVITE ("strange ACK"). So SU_DEBUG, or 0 (only
           * fatal errors) without it, is every such module's level. */
          if (logs[i]->log_env == NULL || g_getenv (logs[i]->log_env) == NULL)
            su_log_set_level (logs[i], level);
        }
      g_once_init_leave (&initialized, 1);
    }
}
