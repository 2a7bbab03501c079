/* sc-sip-request.c: an incoming request, as plain values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every field is read from sofia's parsed message the first time it is
 * asked for and cached: admission refuses most overload INVITEs after
 * reading nothing but the body's type.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-sip-stack-private.h"

#include "sc-sip-request.h"

#include <string.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/sip_util.h>
#include <sofia-sip/url.h>

#include "sc-sip-syntax.h"

typedef enum {
  REQUEST_OPEN,       /* nobody has dealt with it yet */
  REQUEST_ANSWERED,
  REQUEST_KEPT,
  REQUEST_TAKEN,      /* a dialog owns its handle now */
} RequestFate;

struct _ScSipRequest
{
  ScSipStack    *stack;
  nua_event_t    event;
  nua_handle_t  *nh;
  const sip_t   *sip;
  RequestFate    fate;

  /* Cached on first use. */
  char          *from_uri;
  char          *to_uri;
  char          *contact_uri;
  char          *display_name;
  gboolean       have_display_name;
  char          *body;
  gboolean       have_body;
  GHashTable    *headers;

  /* _sc_sip_request_new_for_test (): no stack, no handle. */
  msg_t         *test_msg;
  guint          test_status;
};

struct _ScSipPendingRequest
{
  nua_handle_t      *nh;
  char              *server;     /* the stack's server name, or NULL */
  nua_saved_event_t  saved[1];
  gboolean           answered;
};

static char *
url_to_string (const url_t *url)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  char *copy = g_strdup (url_as_string (home, url));

  su_home_deinit (home);
  return copy;
}

/* A header's value as text; NULL when sofia cannot encode it.
 *
 * Debian's sofia-sip (1.12.11+20110422) encodes a string into a buffer
 * only when it ends strictly before the buffer's end (MSG_STRING_E:
 * "p + n + 1 < e"; upstream relaxed it to "<=" in 2025), yet returns the
 * full length as if it had: with a buffer of exactly length + 1 bytes the
 * last string is missing and the bytes where it belongs were never
 * written. Via, Contact, Content-Type, Allow and Supported encode that
 * way. Two readers fell into it: a 1023-byte header in the 1024-byte
 * buffer of _sc_sip_request_get_headers (), and sip_header_as_string (),
 * which sizes its buffer at exactly length + 1 for every header longer
 * than its 128-byte first try; both handed bytes never written (stale or
 * uninitialised) on as the header's value (valgrind: uninitialised read
 * in header_to_string, issue 7). So a result counts only with a byte to
 * spare, and the buffer is cleared first so that a string left out
 * shows as a NUL, never as old bytes. */
static char *
header_to_string (const msg_header_t *header,
                  char               *buffer,
                  gsize               size)
{
  issize_t n;
  char *text;

  memset (buffer, 0, size);
  n = msg_header_field_e (buffer, (isize_t) size, header, 0);
  if (n < 0)
    return NULL;
  if ((gsize) n + 1 < size && strlen (buffer) == (gsize) n)
    return g_strndup (buffer, (gsize) n);

  /* The rare header longer than the caller's buffer. */
  text = g_malloc0 ((gsize) n + 2);
  if (msg_header_field_e (text, n + 2, header, 0) != n || strlen (text) != (gsize) n)
    g_clear_pointer (&text, g_free);
  return text;
}

ScSipRequest *
_sc_sip_request_new (ScSipStack   *stack,
                     nua_event_t   event,
                     nua_handle_t *nh,
                     const sip_t  *sip)
{
  ScSipRequest *request = g_new0 (ScSipRequest, 1);

  request->stack = stack;
  request->event = event;
  request->nh = nh;
  request->sip = sip;
  return request;
}

void
_sc_sip_request_free (ScSipRequest *request)
{
  if (request->fate == REQUEST_OPEN)
    {
      SC_DEBUG ("nobody answered a %s: 500", nua_event_name (request->event));
      _sc_sip_request_respond (request, 500, NULL, NULL);
    }
  if (request->test_msg != NULL)
    msg_destroy (request->test_msg);
  g_free (request->from_uri);
  g_free (request->to_uri);
  g_free (request->contact_uri);
  g_free (request->display_name);
  g_free (request->body);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_free (request);
}

ScSipStack *
_sc_sip_request_get_stack (ScSipRequest *request)
{
  return request->stack;
}

nua_handle_t *
_sc_sip_request_take_handle (ScSipRequest *request)
{
  request->fate = REQUEST_TAKEN;
  return request->nh;
}

ScSipMethod
_sc_sip_request_get_method (ScSipRequest *request)
{
  switch (request->event)
    {
    case nua_i_invite:
      return SC_SIP_METHOD_INVITE;
    case nua_i_register:
      return SC_SIP_METHOD_REGISTER;
    case nua_i_refer:
      return SC_SIP_METHOD_REFER;
    default:
      return SC_SIP_METHOD_OTHER;
    }
}

const char *
_sc_sip_request_get_from_uri (ScSipRequest *request)
{
  if (request->from_uri == NULL && request->sip->sip_from != NULL)
    request->from_uri = url_to_string (request->sip->sip_from->a_url);
  return request->from_uri;
}

const char *
_sc_sip_request_get_to_uri (ScSipRequest *request)
{
  if (request->to_uri == NULL && request->sip->sip_to != NULL)
    request->to_uri = url_to_string (request->sip->sip_to->a_url);
  return request->to_uri;
}

const char *
_sc_sip_request_get_contact_uri (ScSipRequest *request)
{
  if (request->contact_uri == NULL && request->sip->sip_contact != NULL)
    request->contact_uri = url_to_string (request->sip->sip_contact->m_url);
  return request->contact_uri;
}

const char *
_sc_sip_request_get_call_id (ScSipRequest *request)
{
  return request->sip->sip_call_id ? request->sip->sip_call_id->i_id : NULL;
}

const char *
_sc_sip_request_get_display_name (ScSipRequest *request)
{
  const sip_from_t *from = request->sip->sip_from;

  if (!request->have_display_name && from != NULL &&
      from->a_display != NULL && *from->a_display != '\0')
    {
      /* "\"Alice A\"" on the wire is the name Alice A. */
      if (from->a_display[0] == '"')
        {
          su_home_t home[1] = { SU_HOME_INIT (home) };

          request->display_name = g_strdup (msg_unquote_dup (home, from->a_display));
          su_home_deinit (home);
        }
      else
        request->display_name = g_strdup (from->a_display);
    }
  request->have_display_name = TRUE;
  return request->display_name;
}

const char *
_sc_sip_request_get_user_agent (ScSipRequest *request)
{
  return request->sip->sip_user_agent ? request->sip->sip_user_agent->g_string : NULL;
}

const char *
_sc_sip_request_get_body (ScSipRequest *request)
{
  const sip_payload_t *payload = request->sip->sip_payload;

  if (!request->have_body && payload != NULL)
    request->body = _sc_sip_body_to_text (payload->pl_data, payload->pl_len);
  request->have_body = TRUE;
  return request->body;
}

const char *
_sc_sip_request_get_content_type (ScSipRequest *request)
{
  return request->sip->sip_content_type ? request->sip->sip_content_type->c_type : NULL;
}

GHashTable *
_sc_sip_request_get_headers (ScSipRequest *request)
{
  const sip_t *sip = request->sip;
  struct { const char *name; const void *header; } known[] = {
    { "From", sip->sip_from },
    { "To", sip->sip_to },
    { "Call-ID", sip->sip_call_id },
    { "CSeq", sip->sip_cseq },
    { "Via", sip->sip_via },
    { "Contact", sip->sip_contact },
    { "Max-Forwards", sip->sip_max_forwards },
    { "User-Agent", sip->sip_user_agent },
    { "Content-Type", sip->sip_content_type },
    { "Allow", sip->sip_allow },
    { "Supported", sip->sip_supported },
    { "Subject", sip->sip_subject },
    { "Expires", sip->sip_expires },
    /* Parsed by sofia into msg_auth_t, so never among the unknown ones:
     * a registrar needs them to check digest credentials. */
    { "Authorization", sip->sip_authorization },
    { "Proxy-Authorization", sip->sip_proxy_authorization },
  };
  char buffer[1024];

  if (request->headers != NULL)
    return request->headers;

  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      char *value;

      if (known[i].header == NULL)
        continue;
      value = header_to_string (known[i].header, buffer, sizeof buffer);
      if (value != NULL)
        g_hash_table_insert (request->headers, g_strdup (known[i].name), value);
    }

  for (sip_unknown_t *u = sip->sip_unknown; u != NULL; u = u->un_next)
    if (u->un_name != NULL)
      g_hash_table_insert (request->headers, g_strdup (u->un_name),
                           g_strdup (u->un_value ? u->un_value : ""));

  return request->headers;
}

guint
_sc_sip_request_get_expires (ScSipRequest *request)
{
  const sip_t *sip = request->sip;

  if (sip->sip_contact != NULL && sip->sip_contact->m_expires != NULL)
    return (guint) g_ascii_strtoull (sip->sip_contact->m_expires, NULL, 10);
  if (sip->sip_expires != NULL)
    return sip->sip_expires->ex_delta;
  return 3600;
}

/* nua_respond () keeps the phrase by pointer until it sends: give it a
 * copy that lives as long as the handle. */
static const char *
handle_phrase (nua_handle_t *nh,
               guint         status,
               const char   *phrase)
{
  if (phrase == NULL || *phrase == '\0')
    {
      phrase = _sc_sip_status_phrase (status);
      return phrase ? phrase : "Unknown";
    }
  return su_strdup (nua_handle_home (nh), phrase);
}

void
_sc_sip_request_respond (ScSipRequest *request,
                         guint         status,
                         const char   *phrase,
                         const char   *extra_headers)
{
  nua_t *nua;
  const char *server;

  g_return_if_fail (request->fate == REQUEST_OPEN);

  request->fate = REQUEST_ANSWERED;
  if (request->test_msg != NULL)
    {
      request->test_status = status;
      return;
    }
  nua = _sc_sip_stack_get_nua (request->stack);
  server = _sc_sip_stack_get_server_name (request->stack);
  nua_respond (request->nh, (int) status, handle_phrase (request->nh, status, phrase),
               NUTAG_WITH_THIS (nua),
               TAG_IF (server != NULL, SIPTAG_SERVER_STR (server)),
               TAG_IF (extra_headers != NULL, SIPTAG_HEADER_STR (extra_headers)),
               TAG_END ());
  /* An INVITE's handle lives until sofia reports its dialog terminated
   * (the stack then forgets it); other requests are done now. */
  if (request->event != nua_i_invite)
    nua_handle_destroy (request->nh);
}

ScSipPendingRequest *
_sc_sip_request_keep (ScSipRequest *request)
{
  ScSipPendingRequest *pending;

  g_return_val_if_fail (request->fate == REQUEST_OPEN, NULL);
  g_return_val_if_fail (request->test_msg == NULL, NULL);

  pending = g_new0 (ScSipPendingRequest, 1);

  request->fate = REQUEST_KEPT;
  pending->nh = request->nh;
  pending->server = g_strdup (_sc_sip_stack_get_server_name (request->stack));
  nua_save_event (_sc_sip_stack_get_nua (request->stack), pending->saved);
  return pending;
}

void
_sc_sip_pending_request_respond (ScSipPendingRequest *pending,
                                 guint                status,
                                 const char          *phrase,
                                 const char          *extra_headers)
{
  g_return_if_fail (!pending->answered);

  pending->answered = TRUE;
  nua_respond (pending->nh, (int) status, handle_phrase (pending->nh, status, phrase),
               NUTAG_WITH_SAVED (pending->saved),
               TAG_IF (pending->server != NULL, SIPTAG_SERVER_STR (pending->server)),
               TAG_IF (extra_headers != NULL, SIPTAG_HEADER_STR (extra_headers)),
               TAG_END ());
}

void
_sc_sip_pending_request_free (ScSipPendingRequest *pending)
{
  nua_destroy_event (pending->saved);
  nua_handle_destroy (pending->nh);
  g_free (pending->server);
  g_free (pending);
}

/* ------------------------------------------------------------------ */
/* Without a stack: tests and fuzzing                                   */

ScSipRequest *
_sc_sip_request_new_for_test (const char *data,
                              gsize       length)
{
  /* nta's default: header errors that refuse a request
   * (agent_recv_request () in nta.c). */
  const unsigned bad_headers = ~(unsigned) (sip_mask_response | sip_mask_proxy |
                                            sip_mask_registrar | sip_mask_pref |
                                            sip_mask_privacy);
  ScSipRequest *request;
  nua_event_t event;
  msg_t *msg;
  sip_t *sip;

  if (length == 0 || length > G_MAXSSIZE)
    return NULL;
  /* One datagram, parsed as nta parses it. */
  msg = msg_make (sip_default_mclass (), MSG_DO_CANONIC, data, (ssize_t) length);
  if (msg == NULL)
    return NULL;
  sip = sip_object (msg);
  if (sip == NULL || sip->sip_request == NULL || (sip->sip_flags & MSG_FLG_ERROR) ||
      (msg_extract_errors (msg) & bad_headers) != 0 || sip_sanity_check (sip) < 0)
    {
      msg_destroy (msg);
      return NULL;
    }

  switch (sip->sip_request->rq_method)
    {
    case sip_method_invite:
      event = nua_i_invite;
      break;
    case sip_method_register:
      event = nua_i_register;
      break;
    case sip_method_refer:
      event = nua_i_refer;
      break;
    default:
      event = nua_i_method;
      break;
    }

  request = _sc_sip_request_new (NULL, event, NULL, sip);
  request->test_msg = msg;
  return request;
}

guint
_sc_sip_request_get_test_status (ScSipRequest *request)
{
  return request->test_status;
}

void
_sc_sip_request_free_for_test (ScSipRequest *request)
{
  _sc_sip_request_free (request);
}
