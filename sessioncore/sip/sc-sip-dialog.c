/* sc-sip-dialog.c: one SIP dialog (a nua handle), in plain values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The translation between nua's events and the call's state machine, in
 * both directions. sofia's callstates map onto the call's got_* ()
 * functions here and nowhere else; the call decides what each means for
 * its state (sc-call.c).
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-sip-stack-private.h"

#include "sc-sip-dialog.h"
#include "sc-sip-overload.h"

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/url.h>

#include "sc-call-private.h"
#include "sc-error.h"
#include "sc-sip-syntax.h"

struct _ScSipDialog
{
  ScSipTarget    target;       /* hmagic of the handle: first member */
  ScSipStack    *stack;
  nua_handle_t  *nh;
  gboolean       referenced;   /* we hold an extra nua_handle_ref */
  ScCall        *call;         /* unowned: the call owns the dialog */
  char          *contact;      /* our Contact, when configured */
  gboolean       answering;    /* an incoming INVITE not answered yet */
  gboolean       unconfirmed;  /* its 2xx sent, no ACK yet */
};

static char *
url_to_string (const url_t *url)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  char *copy = g_strdup (url_as_string (home, url));

  su_home_deinit (home);
  return copy;
}

/* The message body as a string (see _sc_sip_body_to_text ()). */
static char *
sip_body (const sip_t *sip)
{
  if (sip == NULL || sip->sip_payload == NULL)
    return NULL;
  return _sc_sip_body_to_text (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

/* The 2xx to the initial INVITE no longer waits for an ACK: it came, the
 * wait is over or the dialog is. The stack counts such answers to know
 * when reclaim mode can end (sc-sip-overload.c). */
static void
settle_answer (ScSipDialog *dialog)
{
  if (!dialog->unconfirmed)
    return;
  dialog->unconfirmed = FALSE;
  _sc_sip_overload_answer_settled (_sc_sip_stack_get_overload (dialog->stack));
}

static void
got_callstate (ScSipDialog *dialog,
               int          status,
               const char  *phrase,
               const sip_t *sip,
               tagi_t       tags[])
{
  int callstate = -1;

  tl_gets (tags, NUTAG_CALLSTATE_REF (callstate), TAG_END ());

  switch ((enum nua_callstate) callstate)
    {
    case nua_callstate_init:
    case nua_callstate_authenticating:
    case nua_callstate_calling:
    case nua_callstate_completing:
    case nua_callstate_received:
    case nua_callstate_completed:
      break;

    case nua_callstate_proceeding:
      if (status >= 180)
        _sc_call_got_progress (dialog->call, (guint) status);
      break;

    case nua_callstate_early:
      _sc_call_got_progress (dialog->call, (guint) status);
      break;

    case nua_callstate_ready:
      {
        /* Without an offer in the INVITE, the answer is in the ACK. */
        g_autofree char *body = sip_body (sip);

        settle_answer (dialog);
        _sc_call_got_ack (dialog->call, body);
      }
      break;

    case nua_callstate_terminating:
      _sc_call_got_terminating (dialog->call);
      break;

    case nua_callstate_terminated:
      /* The call frees this dialog in here: touch nothing after. */
      _sc_call_got_terminated (dialog->call, status > 0 ? (guint) status : 0, phrase);
      break;

    default:
      /* Not a callstate event (no NUTAG_CALLSTATE tag). */
      break;
    }
}

static void
got_invite_response (ScSipDialog *dialog,
                     int          status,
                     const char  *phrase,
                     const sip_t *sip)
{
  g_autofree char *body = NULL;
  g_autofree char *contact = NULL;

  if (status < 200)
    return;
  body = sip_body (sip);
  if (sip != NULL && sip->sip_contact != NULL)
    contact = url_to_string (sip->sip_contact->m_url);
  _sc_call_got_answer (dialog->call, (guint) status, phrase, body, contact);
}

static void
got_refer (ScSipDialog  *dialog,
           nua_handle_t *nh,
           const sip_t  *sip)
{
  nua_t *nua = _sc_sip_stack_get_nua (dialog->stack);
  const char *server = _sc_sip_stack_get_server_name (dialog->stack);
  g_autofree char *refer_to = NULL;
  g_autofree char *referred_by = NULL;

  if (sip == NULL || sip->sip_refer_to == NULL)
    {
      nua_respond (nh, SIP_400_BAD_REQUEST,
                   TAG_IF (server != NULL, SIPTAG_SERVER_STR (server)),
                   NUTAG_WITH_THIS (nua), TAG_END ());
      return;
    }
  refer_to = url_to_string (sip->sip_refer_to->r_url);
  if (sip->sip_referred_by != NULL)
    referred_by = url_to_string (sip->sip_referred_by->b_url);

  if (_sc_call_got_refer (dialog->call, refer_to, referred_by))
    nua_respond (nh, SIP_202_ACCEPTED,
                 TAG_IF (server != NULL, SIPTAG_SERVER_STR (server)),
                 NUTAG_WITH_THIS (nua), TAG_END ());
  else
    nua_respond (nh, SIP_603_DECLINE,
                 TAG_IF (server != NULL, SIPTAG_SERVER_STR (server)),
                 NUTAG_WITH_THIS (nua), TAG_END ());
}

static void
dialog_event_cb (ScSipTarget  *target,
                 nua_event_t   event,
                 int           status,
                 const char   *phrase,
                 nua_handle_t *nh,
                 const sip_t  *sip,
                 tagi_t        tags[])
{
  ScSipDialog *dialog = (ScSipDialog *) target;

  switch (event)
    {
    case nua_i_state:
      got_callstate (dialog, status, phrase, sip, tags);
      break;

    case nua_i_invite:
      {
        g_autofree char *body = sip_body (sip);

        _sc_call_got_reinvite (dialog->call, body);
      }
      break;

    case nua_r_invite:
      got_invite_response (dialog, status, phrase, sip);
      break;

    case nua_i_cancel:
      _sc_call_got_cancel (dialog->call);
      break;

    case nua_i_bye:
      _sc_call_got_bye (dialog->call);
      break;

    case nua_i_error:
      /* nua's ACK timeout (408 "ACK Timeout"): it has sent a BYE and
       * ends the dialog when that is answered or times out. */
      if (status == 408 && dialog->unconfirmed)
        {
          gboolean reclaim =
            _sc_sip_overload_is_reclaiming (_sc_sip_stack_get_overload (dialog->stack));

          settle_answer (dialog);
          /* May free the dialog: touch nothing after. */
          _sc_call_got_ack_timeout (dialog->call, reclaim);
        }
      break;

    case nua_i_info:
      {
        g_autofree char *body = sip_body (sip);

        _sc_call_got_info (dialog->call,
                           sip && sip->sip_content_type ? sip->sip_content_type->c_type : NULL,
                           body);
      }
      break;

    case nua_r_info:
      if (status >= 200)
        _sc_call_got_info_response (dialog->call, (guint) status);
      break;

    case nua_i_refer:
      got_refer (dialog, nh, sip);
      break;

    case nua_r_refer:
      if (status >= 200)
        _sc_call_got_refer_response (dialog->call, (guint) status);
      break;

    default:
      /* ACK, PRACK, UPDATE, NOTIFY and the like change nothing here. */
      break;
    }
}

static ScSipDialog *
dialog_new (ScSipStack *stack,
            ScCall     *call)
{
  ScSipDialog *dialog = g_new0 (ScSipDialog, 1);

  dialog->target.event = dialog_event_cb;
  dialog->stack = stack;
  dialog->call = call;
  return dialog;
}

ScSipDialog *
_sc_sip_dialog_new_outgoing (ScSipStack  *stack,
                             ScCall      *call,
                             const char  *from,
                             const char  *to,
                             const char  *call_id,
                             GError     **error)
{
  ScSipDialog *dialog = dialog_new (stack, call);

  dialog->nh = nua_handle (_sc_sip_stack_get_nua (stack), &dialog->target,
                           SIPTAG_TO_STR (to),
                           SIPTAG_FROM_STR (from),
                           SIPTAG_CALL_ID_STR (call_id),
                           TAG_END ());
  if (dialog->nh == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SIP,
                   "SIP error: cannot create a dialog to %s", to);
      g_free (dialog);
      return NULL;
    }
  return dialog;
}

ScSipDialog *
_sc_sip_dialog_new_incoming (ScSipRequest *invite,
                             ScCall       *call)
{
  ScSipDialog *dialog = dialog_new (NULL, call);
  nua_handle_t *nh = _sc_sip_request_take_handle (invite);

  dialog->stack = _sc_sip_request_get_stack (invite);
  /* Hold our own reference while the answer may be delayed (deferred
   * calls); _sc_sip_dialog_free () gives it back. */
  dialog->nh = nua_handle_ref (nh);
  dialog->referenced = TRUE;
  dialog->answering = TRUE;
  nua_handle_bind (nh, &dialog->target);
  return dialog;
}

void
_sc_sip_dialog_free (ScSipDialog *dialog)
{
  settle_answer (dialog);
  /* Late events for this handle now arrive unbound and are absorbed. */
  nua_handle_bind (dialog->nh, NULL);
  nua_handle_destroy (dialog->nh);
  if (dialog->referenced)
    nua_handle_unref (dialog->nh);
  g_free (dialog->contact);
  g_free (dialog);
}

void
_sc_sip_dialog_set_contact (ScSipDialog *dialog,
                            const char  *contact)
{
  g_free (dialog->contact);
  dialog->contact = g_strdup (contact);
}

void
_sc_sip_dialog_invite (ScSipDialog *dialog,
                       const char  *sdp)
{
  nua_invite (dialog->nh,
              SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
              SIPTAG_PAYLOAD_STR (sdp),
              TAG_IF (dialog->contact != NULL, SIPTAG_CONTACT_STR (dialog->contact)),
              TAG_END ());
}

void
_sc_sip_dialog_respond (ScSipDialog *dialog,
                        guint        status,
                        const char  *phrase,
                        const char  *sdp)
{
  const char *server = _sc_sip_stack_get_server_name (dialog->stack);

  /* nua_respond () keeps the phrase by pointer until it sends: give it a
   * copy that lives as long as the handle. */
  if (phrase != NULL)
    phrase = su_strdup (nua_handle_home (dialog->nh), phrase);
  else
    phrase = _sc_sip_status_phrase (status);

  if (dialog->answering && status >= 200)
    {
      dialog->answering = FALSE;
      if (status < 300)
        {
          dialog->unconfirmed = TRUE;
          _sc_sip_overload_answer_sent (_sc_sip_stack_get_overload (dialog->stack));
        }
    }

  nua_respond (dialog->nh, (int) status, phrase ? phrase : "Unknown",
               TAG_IF (server != NULL, SIPTAG_SERVER_STR (server)),
               TAG_IF (sdp != NULL, SIPTAG_CONTENT_TYPE_STR ("application/sdp")),
               TAG_IF (sdp != NULL, SIPTAG_PAYLOAD_STR (sdp)),
               TAG_IF (status < 300 && dialog->contact != NULL,
                       SIPTAG_CONTACT_STR (dialog->contact)),
               TAG_END ());
}

void
_sc_sip_dialog_redirect (ScSipDialog *dialog,
                         const char  *target)
{
  const char *server = _sc_sip_stack_get_server_name (dialog->stack);

  nua_respond (dialog->nh, SIP_302_MOVED_TEMPORARILY,
               SIPTAG_CONTACT_STR (target),
               TAG_IF (server != NULL, SIPTAG_SERVER_STR (server)),
               TAG_END ());
}

void
_sc_sip_dialog_cancel (ScSipDialog *dialog)
{
  nua_cancel (dialog->nh, TAG_END ());
}

void
_sc_sip_dialog_bye (ScSipDialog *dialog)
{
  nua_bye (dialog->nh, TAG_END ());
}

void
_sc_sip_dialog_info (ScSipDialog *dialog,
                     const char  *content_type,
                     const char  *body)
{
  nua_info (dialog->nh,
            SIPTAG_CONTENT_TYPE_STR (content_type),
            SIPTAG_PAYLOAD_STR (body),
            TAG_END ());
}

void
_sc_sip_dialog_refer (ScSipDialog *dialog,
                      const char  *target)
{
  nua_refer (dialog->nh, SIPTAG_REFER_TO_STR (target), TAG_END ());
}
