/* sc-sip-log.c: sofia-sip's log routed into GLib's
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia-sip prints to stderr by default. We redirect every sofia log into
 * g_log() under the "sessioncore-sofia" domain at debug level, so that
 * G_MESSAGES_DEBUG=sessioncore-sofia shows the SIP stack's own story and
 * nothing is printed otherwise. SU_DEBUG=N still sets sofia's verbosity.
 */

#include "config.h"

#include "sc-sofia-decls.h"
#include "sc-sip-log.h"

#include <stdio.h>
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

      for (gsize i = 0; i < G_N_ELEMENTS (logs); i++)
        {
          su_log_redirect (logs[i], log_cb, NULL);
          /* Unless the user asked for sofia's verbosity, keep it quiet:
           * level 0 only reports fatal errors. */
          if (g_getenv ("SU_DEBUG") == NULL)
            su_log_set_level (logs[i], 0);
        }
      g_once_init_leave (&initialized, 1);
    }
}
