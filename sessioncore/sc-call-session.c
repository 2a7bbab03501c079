/* sc-call-session.c: one call, as the application sees it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-call-session-private.h"

#include "sc-enum-types.h"

/**
 * ScCallSession:
 *
 * One call (a SIP INVITE dialog), as the application sees it.
 *
 * A call session is created by #ScSessionManager, never by the application.
 * It is a live object: while the call lives its #ScCallSession:state
 * property changes and notifies; after the call ended it keeps its last
 * values. All its properties are read-only.
 *
 * Like everything in sessioncore it belongs to the #GMainContext of its
 * manager and notifies there.
 *
 * Since: 0.1
 */

enum {
  PROP_0,
  PROP_ID,
  PROP_FROM,
  PROP_TO,
  PROP_STATE,
  PROP_DIRECTION,
  PROP_FAILURE_REASON,
  PROP_STARTED_AT,
  PROP_SIP_CALL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _ScCallSession
{
  GObject          parent_instance;

  char            *id;
  char            *from;
  char            *to;
  ScCallState      state;
  ScCallDirection  direction;
  char            *failure_reason;
  gint64           started_at;
  char            *sip_call_id;
};

G_DEFINE_FINAL_TYPE (ScCallSession, sc_call_session, G_TYPE_OBJECT)

/* replace_str () is GLib 2.76; we build against 2.74. */
static gboolean
replace_str (char       **slot,
             const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
sc_call_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScCallSession *self = SC_CALL_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->to);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_FAILURE_REASON:
      g_value_set_string (value, self->failure_reason);
      break;
    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PROP_SIP_CALL_ID:
      g_value_set_string (value, self->sip_call_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_call_session_finalize (GObject *object)
{
  ScCallSession *self = SC_CALL_SESSION (object);

  g_free (self->id);
  g_free (self->from);
  g_free (self->to);
  g_free (self->failure_reason);
  g_free (self->sip_call_id);

  G_OBJECT_CLASS (sc_call_session_parent_class)->finalize (object);
}

static void
sc_call_session_class_init (ScCallSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sc_call_session_get_property;
  object_class->finalize = sc_call_session_finalize;

  /**
   * ScCallSession:id:
   *
   * The session id, `sess_<uuid>`.
   *
   * Since: 0.1
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScCallSession:from:
   *
   * The caller's URI (the From header).
   *
   * Since: 0.1
   */
  properties[PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScCallSession:to:
   *
   * The callee's URI (the To header).
   *
   * Since: 0.1
   */
  properties[PROP_TO] =
    g_param_spec_string ("to", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScCallSession:state:
   *
   * The current state of the call.
   *
   * Since: 0.1
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_CALL_STATE,
                       SC_CALL_STATE_INITIATING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  /**
   * ScCallSession:direction:
   *
   * Whether the call was placed or received by this manager.
   *
   * Since: 0.1
   */
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, SC_TYPE_CALL_DIRECTION,
                       SC_CALL_DIRECTION_OUTGOING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScCallSession:failure-reason:
   *
   * Why the call failed (e.g. "486 Busy Here"), set when the state is
   * %SC_CALL_STATE_FAILED.
   *
   * Since: 0.1
   */
  properties[PROP_FAILURE_REASON] =
    g_param_spec_string ("failure-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /**
   * ScCallSession:started-at:
   *
   * When the call was answered, wall-clock microseconds since the epoch;
   * 0 until then.
   *
   * Since: 0.1
   */
  properties[PROP_STARTED_AT] =
    g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  /**
   * ScCallSession:sip-call-id:
   *
   * The SIP Call-ID of the dialog (%NULL for an idle pre-allocated
   * session).
   *
   * Since: 0.1
   */
  properties[PROP_SIP_CALL_ID] =
    g_param_spec_string ("sip-call-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_call_session_init (ScCallSession *self)
{
  self->state = SC_CALL_STATE_INITIATING;
}

ScCallSession *
_sc_call_session_new (const char      *id,
                      ScCallDirection  direction,
                      const char      *from,
                      const char      *to)
{
  ScCallSession *self = g_object_new (SC_TYPE_CALL_SESSION, NULL);

  self->id = g_strdup (id);
  self->direction = direction;
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  return self;
}

void
_sc_call_session_set_state (ScCallSession *self,
                            ScCallState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_sc_call_session_set_failure_reason (ScCallSession *self,
                                     const char    *reason)
{
  if (replace_str (&self->failure_reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE_REASON]);
}

void
_sc_call_session_set_started_at (ScCallSession *self,
                                 gint64         started_at)
{
  self->started_at = started_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED_AT]);
}

void
_sc_call_session_set_sip_call_id (ScCallSession *self,
                                  const char    *call_id)
{
  if (replace_str (&self->sip_call_id, call_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIP_CALL_ID]);
}

/**
 * sc_call_session_get_id:
 * @self: a #ScCallSession
 *
 * The session id.
 *
 * Returns: (transfer none): `sess_<uuid>`
 *
 * Since: 0.1
 */
const char *
sc_call_session_get_id (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), NULL);
  return self->id;
}

/**
 * sc_call_session_get_from:
 * @self: a #ScCallSession
 *
 * The caller's URI.
 *
 * Returns: (transfer none) (nullable): the From URI (%NULL for an idle
 *   pre-allocated session)
 *
 * Since: 0.1
 */
const char *
sc_call_session_get_from (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), NULL);
  return self->from;
}

/**
 * sc_call_session_get_to:
 * @self: a #ScCallSession
 *
 * The callee's URI.
 *
 * Returns: (transfer none) (nullable): the To URI (%NULL for an idle
 *   pre-allocated session)
 *
 * Since: 0.1
 */
const char *
sc_call_session_get_to (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), NULL);
  return self->to;
}

/**
 * sc_call_session_get_state:
 * @self: a #ScCallSession
 *
 * The current state.
 *
 * Returns: the #ScCallState
 *
 * Since: 0.1
 */
ScCallState
sc_call_session_get_state (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), SC_CALL_STATE_FAILED);
  return self->state;
}

/**
 * sc_call_session_get_direction:
 * @self: a #ScCallSession
 *
 * Whether this manager placed or received the call.
 *
 * Returns: the #ScCallDirection
 *
 * Since: 0.1
 */
ScCallDirection
sc_call_session_get_direction (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), SC_CALL_DIRECTION_OUTGOING);
  return self->direction;
}

/**
 * sc_call_session_get_failure_reason:
 * @self: a #ScCallSession
 *
 * Why the call failed, e.g. "486 Busy Here".
 *
 * Returns: (transfer none) (nullable): the reason, set when the state is
 *   %SC_CALL_STATE_FAILED
 *
 * Since: 0.1
 */
const char *
sc_call_session_get_failure_reason (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), NULL);
  return self->failure_reason;
}

/**
 * sc_call_session_get_started_at:
 * @self: a #ScCallSession
 *
 * When the call was answered.
 *
 * Returns: wall-clock microseconds since the epoch, 0 until answered
 *
 * Since: 0.1
 */
gint64
sc_call_session_get_started_at (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), 0);
  return self->started_at;
}

/**
 * sc_call_session_get_sip_call_id:
 * @self: a #ScCallSession
 *
 * The SIP Call-ID of the call's dialog.
 *
 * Returns: (transfer none) (nullable): the Call-ID
 *
 * Since: 0.1
 */
const char *
sc_call_session_get_sip_call_id (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), NULL);
  return self->sip_call_id;
}

/**
 * sc_call_session_is_active:
 * @self: a #ScCallSession
 *
 * Whether the call is answered and not over: %SC_CALL_STATE_ACTIVE or
 * %SC_CALL_STATE_ON_HOLD.
 *
 * Returns: %TRUE if the call is up
 *
 * Since: 0.1
 */
gboolean
sc_call_session_is_active (ScCallSession *self)
{
  g_return_val_if_fail (SC_IS_CALL_SESSION (self), FALSE);
  return self->state == SC_CALL_STATE_ACTIVE ||
         self->state == SC_CALL_STATE_ON_HOLD;
}
