/* sc-incoming-request.c: what admission reads of a new INVITE
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-incoming-request-private.h"

gboolean
_sc_incoming_check_offer (ScSipRequest  *invite,
                          ScSdpOffer   **parsed,
                          ScSdpAudio    *audio)
{
  const char *offer = _sc_sip_request_get_body (invite);
  const char *content_type = _sc_sip_request_get_content_type (invite);
  g_autoptr(GError) error = NULL;

  if (offer == NULL)
    return TRUE;
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/sdp") != 0)
    {
      _sc_sip_request_respond (invite, 415, NULL, "Accept: application/sdp");
      return FALSE;
    }
  *parsed = _sc_sdp_offer_parse (offer, audio, &error);
  if (*parsed != NULL)
    return TRUE;
  SC_DEBUG ("INVITE refused: %s", error->message);
  /* Garbage is a malformed request; a good SDP with nothing we speak is
   * a negotiation failure. */
  if (_sc_sdp_is_malformed (offer))
    _sc_sip_request_respond (invite, 400, "Malformed SDP", NULL);
  else
    _sc_sip_request_respond (invite, 488, NULL, NULL);
  return FALSE;
}

ScCallerInfo *
_sc_incoming_caller_info (ScSipRequest *invite,
                          const char   *from,
                          const char   *to)
{
  const char *display_name = _sc_sip_request_get_display_name (invite);
  const char *user_agent = _sc_sip_request_get_user_agent (invite);
  const char *contact = _sc_sip_request_get_contact_uri (invite);
  ScCallerInfo *info = sc_caller_info_new (from, to);
  ScCallerInfo *next;

  /* The builder-style setters return new copies. */
  if (display_name != NULL)
    {
      next = sc_caller_info_with_display_name (info, display_name);
      sc_caller_info_free (info);
      info = next;
    }
  if (user_agent != NULL)
    {
      next = sc_caller_info_with_user_agent (info, user_agent);
      sc_caller_info_free (info);
      info = next;
    }
  if (contact != NULL)
    {
      next = sc_caller_info_with_contact (info, contact);
      sc_caller_info_free (info);
      info = next;
    }
  return info;
}
