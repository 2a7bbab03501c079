/* sc-call-decision.c: what to do with an incoming call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-call-decision.h"

#include <string.h>


#include "sc-call-decision-private.h"
#include "sip/sc-sip-syntax.h"

#define SC_CALL_DECISION_REJECT_DEFAULT_CODE 486
#define SC_CALL_DECISION_FALLBACK_PHRASE     "Rejected"

/**
 * ScCallDecision:
 *
 * What to do with an incoming call (Rust session-core's `CallDecision`):
 *
 * - accept it, answering 200 OK with an optional SDP answer
 *   ([ctor@Sc.CallDecision.accept]);
 * - reject it with a status code and reason
 *   ([ctor@Sc.CallDecision.reject], [ctor@Sc.CallDecision.reject_with_code]);
 * - defer it: ring (180) and decide later ([ctor@Sc.CallDecision.defer]);
 * - forward it: redirect (302) to another URI
 *   ([ctor@Sc.CallDecision.forward]).
 *
 * A decision is an immutable value.
 *
 * Since: 0.1
 */
struct _ScCallDecision
{
  ScCallDecisionKind  kind;
  char               *sdp;
  char               *reason;
  guint               status_code;
  char               *target;

  /* REJECT only: the phrase for the status line, cleaned of the leading
   * "<code> " and of control characters; NULL means the standard one. */
  char               *wire_phrase;
};

G_DEFINE_BOXED_TYPE (ScCallDecision, sc_call_decision,
                     sc_call_decision_copy, sc_call_decision_free)

/* The standard phrase of @status_code, or "Rejected" for a code sofia-sip
 * does not know. Static. */
static const char *
standard_phrase (guint status_code)
{
  const char *phrase = _sc_sip_status_phrase (status_code);

  return phrase ? phrase : SC_CALL_DECISION_FALLBACK_PHRASE;
}

/* What goes on the status line for @reason: @reason without a leading
 * "<status_code> ", made valid UTF-8, with control characters (CR and LF
 * above all, which would split the message) turned to spaces and trimmed.
 * NULL when nothing is left. */
static char *
make_wire_phrase (guint       status_code,
                  const char *reason)
{
  g_autofree char *prefix = NULL;
  g_autofree char *phrase = NULL;
  const char *text = reason;

  if (text == NULL)
    return NULL;

  prefix = g_strdup_printf ("%u ", status_code);
  if (g_str_has_prefix (text, prefix))
    text += strlen (prefix);

  phrase = g_utf8_make_valid (text, -1);
  for (char *p = phrase; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }
  g_strstrip (phrase);

  if (*phrase == '\0')
    return NULL;

  return g_steal_pointer (&phrase);
}

static ScCallDecision *
decision_new (ScCallDecisionKind kind)
{
  ScCallDecision *self = g_new0 (ScCallDecision, 1);

  self->kind = kind;

  return self;
}

static ScCallDecision *
reject_new (guint       status_code,
            const char *reason)
{
  ScCallDecision *self = decision_new (SC_CALL_DECISION_KIND_REJECT);

  self->status_code = status_code;
  self->reason = g_strdup (reason);
  self->wire_phrase = make_wire_phrase (status_code, reason);

  return self;
}

/**
 * sc_call_decision_accept: (constructor)
 * @sdp: (nullable): the SDP answer to send, or %NULL to let the session
 *   manager build it from the offer
 *
 * Accepts the call: the session manager answers 200 OK.
 *
 * Returns: (transfer full): a new %SC_CALL_DECISION_KIND_ACCEPT decision
 *
 * Since: 0.1
 */
ScCallDecision *
sc_call_decision_accept (const char *sdp)
{
  ScCallDecision *self = decision_new (SC_CALL_DECISION_KIND_ACCEPT);

  self->sdp = g_strdup (sdp);

  return self;
}

/**
 * sc_call_decision_reject: (constructor)
 * @reason: why the call is rejected; it becomes the reason phrase of the
 *   486 Busy Here response (the standard phrase when it is empty)
 *
 * Rejects the call with 486 Busy Here.
 *
 * Returns: (transfer full): a new %SC_CALL_DECISION_KIND_REJECT decision
 *   with status code 486
 *
 * Since: 0.1
 */
ScCallDecision *
sc_call_decision_reject (const char *reason)
{
  g_return_val_if_fail (reason != NULL, NULL);

  return reject_new (SC_CALL_DECISION_REJECT_DEFAULT_CODE, reason);
}

/**
 * sc_call_decision_reject_with_code: (constructor)
 * @status_code: the SIP status code to answer with, 300 to 699, or 0 for
 *   486 Busy Here
 * @reason: (nullable): the reason, or %NULL for "<code> <standard phrase>"
 *
 * Rejects the call with @status_code. As in Rust session-core, a %NULL
 * @reason becomes the status code's text: `reject_with_code (503, NULL)`
 * has the reason "503 Service Unavailable". A code with no standard phrase
 * gets "Rejected".
 *
 * The reason phrase on the wire is @reason without a leading
 * "<code> " ("Service Unavailable" in the example above).
 *
 * Returns: (transfer full): a new %SC_CALL_DECISION_KIND_REJECT decision
 *
 * Since: 0.1
 */
ScCallDecision *
sc_call_decision_reject_with_code (guint       status_code,
                                   const char *reason)
{
  g_autofree char *default_reason = NULL;

  /* 0 is "the default rejection", as for reject_incoming_call (). */
  if (status_code == 0)
    status_code = SC_CALL_DECISION_REJECT_DEFAULT_CODE;
  g_return_val_if_fail (status_code >= 300 && status_code <= 699, NULL);

  if (reason == NULL)
    {
      default_reason = g_strdup_printf ("%u %s", status_code,
                                        standard_phrase (status_code));
      reason = default_reason;
    }

  return reject_new (status_code, reason);
}

/**
 * sc_call_decision_defer: (constructor)
 *
 * Defers the decision: the session manager answers 180 Ringing and the
 * application accepts or rejects the call later.
 *
 * Returns: (transfer full): a new %SC_CALL_DECISION_KIND_DEFER decision
 *
 * Since: 0.1
 */
ScCallDecision *
sc_call_decision_defer (void)
{
  return decision_new (SC_CALL_DECISION_KIND_DEFER);
}

/**
 * sc_call_decision_forward: (constructor)
 * @target_uri: the SIP URI to redirect the caller to
 *
 * Forwards the call: the session manager answers 302 Moved Temporarily
 * with @target_uri as the `Contact`.
 *
 * Returns: (transfer full): a new %SC_CALL_DECISION_KIND_FORWARD decision
 *
 * Since: 0.1
 */
ScCallDecision *
sc_call_decision_forward (const char *target_uri)
{
  ScCallDecision *self;

  g_return_val_if_fail (target_uri != NULL, NULL);

  self = decision_new (SC_CALL_DECISION_KIND_FORWARD);
  self->target = g_strdup (target_uri);

  return self;
}

/**
 * sc_call_decision_copy:
 * @self: a #ScCallDecision
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScCallDecision
 *
 * Since: 0.1
 */
ScCallDecision *
sc_call_decision_copy (const ScCallDecision *self)
{
  ScCallDecision *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = decision_new (self->kind);
  copy->sdp = g_strdup (self->sdp);
  copy->reason = g_strdup (self->reason);
  copy->status_code = self->status_code;
  copy->target = g_strdup (self->target);
  copy->wire_phrase = g_strdup (self->wire_phrase);

  return copy;
}

/**
 * sc_call_decision_free:
 * @self: (nullable): a #ScCallDecision
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_call_decision_free (ScCallDecision *self)
{
  if (self == NULL)
    return;

  g_free (self->sdp);
  g_free (self->reason);
  g_free (self->target);
  g_free (self->wire_phrase);
  g_free (self);
}

/**
 * sc_call_decision_get_kind:
 * @self: a #ScCallDecision
 *
 * What the decision is: accept, reject, defer or forward.
 *
 * Returns: the kind of decision
 *
 * Since: 0.1
 */
ScCallDecisionKind
sc_call_decision_get_kind (const ScCallDecision *self)
{
  g_return_val_if_fail (self != NULL, SC_CALL_DECISION_KIND_REJECT);

  return self->kind;
}

/**
 * sc_call_decision_get_sdp:
 * @self: a #ScCallDecision
 *
 * The SDP answer of an %SC_CALL_DECISION_KIND_ACCEPT decision.
 *
 * Returns: (transfer none) (nullable): the SDP answer, or %NULL if none
 *   was given or @self is not an accept decision
 *
 * Since: 0.1
 */
const char *
sc_call_decision_get_sdp (const ScCallDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sdp;
}

/**
 * sc_call_decision_get_reason:
 * @self: a #ScCallDecision
 *
 * The reason of an %SC_CALL_DECISION_KIND_REJECT decision, as given (or
 * "<code> <standard phrase>" for [ctor@Sc.CallDecision.reject_with_code]
 * with a %NULL reason).
 *
 * Returns: (transfer none) (nullable): the reason, or %NULL if @self is
 *   not a reject decision
 *
 * Since: 0.1
 */
const char *
sc_call_decision_get_reason (const ScCallDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reason;
}

/**
 * sc_call_decision_get_status_code:
 * @self: a #ScCallDecision
 *
 * The SIP status code of an %SC_CALL_DECISION_KIND_REJECT decision (486
 * for [ctor@Sc.CallDecision.reject]).
 *
 * Returns: the status code, or 0 if @self is not a reject decision
 *
 * Since: 0.1
 */
guint
sc_call_decision_get_status_code (const ScCallDecision *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status_code;
}

/**
 * sc_call_decision_get_target:
 * @self: a #ScCallDecision
 *
 * The URI an %SC_CALL_DECISION_KIND_FORWARD decision redirects to.
 *
 * Returns: (transfer none) (nullable): the target URI, or %NULL if @self
 *   is not a forward decision
 *
 * Since: 0.1
 */
const char *
sc_call_decision_get_target (const ScCallDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->target;
}

/* _sc_call_decision_get_wire_phrase:
 * @self: a #ScCallDecision
 *
 * For a reject decision, the reason phrase to put on the status line: the
 * reason without a leading "<code> ", with control characters replaced by
 * spaces, or the standard phrase of the code when that leaves nothing.
 *
 * Returns: (transfer none) (nullable): the phrase (owned by @self or
 *   static), or %NULL if @self is not a reject decision
 */
const char *
_sc_call_decision_get_wire_phrase (const ScCallDecision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind != SC_CALL_DECISION_KIND_REJECT)
    return NULL;

  if (self->wire_phrase != NULL)
    return self->wire_phrase;

  return standard_phrase (self->status_code);
}
