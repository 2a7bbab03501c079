/* sc-sip-syntax.c: what SIP text means, without a stack
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-sofia-decls.h"

#include "sc-sip-syntax.h"

#include <string.h>

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/url.h>

/* Parses @text as a To/From header value: a name-addr or an addr-spec,
 * with parameters. NULL when it does not parse as a sip: or sips: URI
 * with a host. */
static const url_t *
parse_sip_address (su_home_t  *home,
                   const char *text)
{
  sip_to_t *address;

  if (text == NULL || *text == '\0')
    return NULL;
  address = sip_to_make (home, text);
  if (address == NULL ||
      (address->a_url->url_type != url_sip && address->a_url->url_type != url_sips) ||
      address->a_url->url_host == NULL || *address->a_url->url_host == '\0')
    return NULL;
  return address->a_url;
}

gboolean
_sc_sip_uri_is_valid (const char *text)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  gboolean valid = parse_sip_address (home, text) != NULL;

  su_home_deinit (home);
  return valid;
}

char *
_sc_sip_uri_get_part (const char   *text,
                      ScSipUriPart  part)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  const url_t *url = parse_sip_address (home, text);
  const char *value = NULL;
  char *result = NULL;

  if (url != NULL)
    {
      switch (part)
        {
        case SC_SIP_URI_PART_USER:
          value = url->url_user;
          break;
        case SC_SIP_URI_PART_HOST:
          value = url->url_host;
          break;
        }
    }
  if (value != NULL && *value != '\0')
    result = g_utf8_make_valid (value, -1);
  su_home_deinit (home);
  return result;
}

char *
_sc_sip_body_to_text (const char *data,
                      gsize       length)
{
  if (data == NULL || length == 0)
    return NULL;
  if (memchr (data, '\0', length) != NULL)
    return g_strdup ("");
  return g_strndup (data, length);
}

const char *
_sc_sip_status_phrase (guint status)
{
  const char *phrase = sip_status_phrase ((int) status);

  return phrase != NULL && *phrase != '\0' ? phrase : NULL;
}
