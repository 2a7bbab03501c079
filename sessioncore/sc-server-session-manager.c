/* sc-server-session-manager.c: a SIP server: calls, bridges, notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-server-session-manager.h"

#include "sc-bridge-event.h"
#include "sc-bridge-info.h"
#include "sc-conference-manager-private.h"
#include "sc-error.h"
#include "sc-notification-setter.h"
#include "sc-server-config.h"
#include "sc-server-session-manager-private.h"
#include "sc-session-manager-private.h"

#define DEFAULT_MEDIA_PORT_START 10000
#define DEFAULT_MEDIA_PORT_END   20000

/**
 * ScServerSessionManager:
 *
 * A SIP server (the Rust plan's `ServerSessionManager`): the calls of one
 * #ScSessionManager, the bridges between them (#ScBridgeManager), and
 * the notifications of #ScIncomingCallNotification, behind one object.
 *
 * Make one with sc_create_full_server_manager() from a #ScServerConfig,
 * or with sc_session_manager_builder_build_server(). It is started: calls
 * are taken at once. Every bridge method delegates to the bridge manager,
 * and every #ScBridgeManager::bridge-event is emitted again here, with the
 * same detail.
 *
 * Like its session manager, it lives in the #GMainContext that was
 * thread-default when it was made.
 *
 * Since: 0.1
 */

enum {
  SIGNAL_BRIDGE_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _ScServerSessionManager
{
  GObject           parent_instance;

  ScSessionManager *sessions;
  ScBridgeManager  *bridges;
  ScConferenceManager *conferences;
};

static void notification_setter_iface_init (ScNotificationSetterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScServerSessionManager, sc_server_session_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_NOTIFICATION_SETTER,
                                                      notification_setter_iface_init))

static void
bridge_event_cb (ScBridgeManager        *bridges,
                 ScBridgeEvent          *event,
                 ScServerSessionManager *self)
{
  GQuark detail = g_signal_get_invocation_hint (bridges)->detail;

  g_signal_emit (self, signals[SIGNAL_BRIDGE_EVENT], detail, event);
}

static void
set_notifier_iface (ScNotificationSetter       *setter,
                    ScIncomingCallNotification *notifier)
{
  sc_server_session_manager_set_incoming_call_notifier (SC_SERVER_SESSION_MANAGER (setter),
                                                        notifier);
}

static void
notification_setter_iface_init (ScNotificationSetterInterface *iface)
{
  iface->set_incoming_call_notifier = set_notifier_iface;
}

static void
sc_server_session_manager_dispose (GObject *object)
{
  ScServerSessionManager *self = SC_SERVER_SESSION_MANAGER (object);

  if (self->bridges != NULL)
    g_signal_handlers_disconnect_by_data (self->bridges, self);
  g_clear_object (&self->bridges);
  g_clear_object (&self->conferences);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (sc_server_session_manager_parent_class)->dispose (object);
}

static void
sc_server_session_manager_class_init (ScServerSessionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_server_session_manager_dispose;

  /**
   * ScServerSessionManager::bridge-event:
   * @self: the server
   * @event: what happened
   *
   * A bridge changed: every #ScBridgeManager::bridge-event of the
   * server's bridge manager, in the same order and with the same detail
   * (`bridge-event::media-established`).
   *
   * Since: 0.1
   */
  signals[SIGNAL_BRIDGE_EVENT] =
    g_signal_new ("bridge-event", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, SC_TYPE_BRIDGE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sc_server_session_manager_init (ScServerSessionManager *self)
{
}

ScServerSessionManager *
_sc_server_session_manager_new (ScSessionManager *sessions)
{
  ScServerSessionManager *self = g_object_new (SC_TYPE_SERVER_SESSION_MANAGER, NULL);

  self->sessions = g_object_ref (sessions);
  self->bridges = sc_bridge_manager_new (sessions);
  self->conferences = sc_conference_manager_new (sessions);
  g_signal_connect (self->bridges, "bridge-event", G_CALLBACK (bridge_event_cb), self);
  return self;
}

/* An object made with g_object_new () alone has no managers. */
static gboolean
check_built (ScServerSessionManager  *self,
             GError                 **error)
{
  if (self->sessions != NULL)
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
               "Invalid state: this server was not made by "
               "sc_create_full_server_manager()");
  return FALSE;
}

/**
 * sc_create_full_server_manager:
 * @transaction_manager: (nullable): the SIP stack to use, or %NULL to
 *   create one from @config
 * @config: the server's configuration
 * @error: return location for a #GError
 *
 * Makes a started server from @config: it validates the configuration,
 * binds the transport it names and applies every field —
 * `max_sessions` (503 beyond), `session_timeout` (an answered call older
 * than it is ended with BYE, as the server's doing), `transaction_timeout`,
 * `enable_media`, `server_name` (sent as `User-Agent`, and as `Server`
 * in the responses sessioncore makes: see
 * [method@Sc.ServerConfig.set_server_name]) and
 * `contact_uri` (the `Contact` of our requests and answers). RTP uses
 * ports 10000-20000; sc_session_manager_builder_build_server() chooses
 * others.
 *
 * Errors: %SC_ERROR_CONFIG naming the field and the rule it breaks;
 * %SC_ERROR_NETWORK when the address cannot be bound;
 * %SC_ERROR_NOT_SUPPORTED for WS and WSS; %SC_ERROR_SIP; %SC_ERROR_MEDIA.
 *
 * Returns: (transfer full): a started #ScServerSessionManager, or %NULL
 *   on error
 *
 * Since: 0.1
 */
ScServerSessionManager *
sc_create_full_server_manager (ScTransactionManager  *transaction_manager,
                               const ScServerConfig  *config,
                               GError               **error)
{
  g_autoptr(ScSessionManager) sessions = NULL;

  g_return_val_if_fail (transaction_manager == NULL ||
                        SC_IS_TRANSACTION_MANAGER (transaction_manager), NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sessions = _sc_session_manager_new (config, transaction_manager, NULL,
                                      DEFAULT_MEDIA_PORT_START, DEFAULT_MEDIA_PORT_END,
                                      NULL, NULL, error);
  if (sessions == NULL || !sc_session_manager_start (sessions, error))
    return NULL;
  return _sc_server_session_manager_new (sessions);
}

/**
 * sc_server_session_manager_bridge_sessions:
 * @self: a #ScServerSessionManager
 * @session1: an answered call
 * @session2: another answered call
 * @error: return location for a #GError
 *
 * Connects two calls' audio both ways in a new bridge with the default
 * #ScBridgeConfig: CREATED, then SESSION_ADDED twice, then
 * MEDIA_ESTABLISHED once audio has gone both ways.
 *
 * Errors: as sc_bridge_manager_create_bridge(): %SC_ERROR_SESSION_NOT_FOUND,
 * %SC_ERROR_INVALID_STATE (not answered, over, already bridged, or the
 * same session twice).
 *
 * Returns: (transfer full): the bridge id, or %NULL on error
 *
 * Since: 0.1
 */
char *
sc_server_session_manager_bridge_sessions (ScServerSessionManager  *self,
                                           const char              *session1,
                                           const char              *session2,
                                           GError                 **error)
{
  const char *sessions[] = { session1, session2, NULL };

  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (session1 != NULL, NULL);
  g_return_val_if_fail (session2 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_built (self, error))
    return NULL;
  return sc_bridge_manager_create_bridge (self->bridges, sessions, NULL, error);
}

/**
 * sc_server_session_manager_destroy_bridge:
 * @self: a #ScServerSessionManager
 * @bridge_id: the bridge
 * @error: return location for a #GError
 *
 * Unbridges every member; the calls stay up. See
 * sc_bridge_manager_destroy_bridge().
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_server_session_manager_destroy_bridge (ScServerSessionManager  *self,
                                          const char              *bridge_id,
                                          GError                 **error)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_built (self, error) &&
         sc_bridge_manager_destroy_bridge (self->bridges, bridge_id, error);
}

/**
 * sc_server_session_manager_get_session_bridge:
 * @self: a #ScServerSessionManager
 * @session_id: a session
 * @error: return location for a #GError
 *
 * The bridge a session is in.
 *
 * Errors: %SC_ERROR_SESSION_NOT_FOUND for an unknown session.
 *
 * Returns: (transfer full) (nullable): the bridge id, or %NULL (without
 *   error) when the session is in no bridge
 *
 * Since: 0.1
 */
char *
sc_server_session_manager_get_session_bridge (ScServerSessionManager  *self,
                                              const char              *session_id,
                                              GError                 **error)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_built (self, error))
    return NULL;
  return sc_bridge_manager_get_session_bridge (self->bridges, session_id, error);
}

/**
 * sc_server_session_manager_remove_session_from_bridge:
 * @self: a #ScServerSessionManager
 * @bridge_id: the bridge
 * @session_id: one of its members
 * @error: return location for a #GError
 *
 * Takes a member out of a bridge; its call stays up. See
 * sc_bridge_manager_remove_session_from_bridge().
 *
 * Errors: %SC_ERROR_BRIDGE_NOT_FOUND, %SC_ERROR_SESSION_NOT_FOUND,
 * %SC_ERROR_SESSION_NOT_IN_BRIDGE.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
sc_server_session_manager_remove_session_from_bridge (ScServerSessionManager  *self,
                                                      const char              *bridge_id,
                                                      const char              *session_id,
                                                      GError                 **error)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (bridge_id != NULL, FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_built (self, error) &&
         sc_bridge_manager_remove_session_from_bridge (self->bridges, bridge_id,
                                                       session_id, error);
}

/**
 * sc_server_session_manager_list_bridges:
 * @self: a #ScServerSessionManager
 *
 * Every bridge, whatever its size, oldest first.
 *
 * Returns: (transfer container) (element-type ScBridgeInfo): snapshots of
 *   the bridges; g_ptr_array_unref() frees them too (the array owns its
 *   elements, which is why the annotation says "container")
 *
 * Since: 0.1
 */
GPtrArray *
sc_server_session_manager_list_bridges (ScServerSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);

  if (self->bridges == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sc_bridge_info_free);
  return sc_bridge_manager_list_bridges (self->bridges);
}

/**
 * sc_server_session_manager_subscribe_to_bridge_events:
 * @self: a #ScServerSessionManager
 *
 * A new pull-style subscription to bridge events (the Rust
 * `subscribe_to_bridge_events()`): see #ScEventReceiver. Any number of
 * receivers may exist at once; each gets every event.
 *
 * Returns: (transfer full): a new #ScEventReceiver
 *
 * Since: 0.1
 */
ScEventReceiver *
sc_server_session_manager_subscribe_to_bridge_events (ScServerSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (self->bridges != NULL, NULL);

  return sc_bridge_manager_subscribe_to_bridge_events (self->bridges);
}

/**
 * sc_server_session_manager_create_outgoing_session:
 * @self: a #ScServerSessionManager
 * @error: return location for a #GError
 *
 * Pre-allocates an idle session, as
 * sc_session_manager_create_outgoing_session() does.
 *
 * Errors: %SC_ERROR_INVALID_STATE, %SC_ERROR_RESOURCE_LIMIT_EXCEEDED.
 *
 * Returns: (transfer full): the session id, or %NULL on error
 *
 * Since: 0.1
 */
char *
sc_server_session_manager_create_outgoing_session (ScServerSessionManager  *self,
                                                   GError                 **error)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_built (self, error))
    return NULL;
  return sc_session_manager_create_outgoing_session (self->sessions, error);
}

/**
 * sc_server_session_manager_get_session_manager:
 * @self: a #ScServerSessionManager
 *
 * The calls of this server, for every basic operation (the plan's
 * `session_manager()`).
 *
 * Returns: (transfer none): the session manager
 *
 * Since: 0.1
 */
ScSessionManager *
sc_server_session_manager_get_session_manager (ScServerSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);
  return self->sessions;
}

/**
 * sc_server_session_manager_get_bridge_manager:
 * @self: a #ScServerSessionManager
 *
 * Gets the bridges of this server.
 *
 * Returns: (transfer none): the bridges of this server
 *
 * Since: 0.1
 */
ScBridgeManager *
sc_server_session_manager_get_bridge_manager (ScServerSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);
  return self->bridges;
}

/**
 * sc_server_session_manager_get_conference_manager:
 * @self: a #ScServerSessionManager
 *
 * Gets the conferences of this server: the live manager, whose
 * conferences its calls join.
 *
 * Returns: (transfer none): the conferences of this server
 *
 * Since: 0.1
 */
ScConferenceManager *
sc_server_session_manager_get_conference_manager (ScServerSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);
  return self->conferences;
}

/**
 * sc_server_session_manager_get_config:
 * @self: a #ScServerSessionManager
 *
 * Gets a copy of the configuration the server runs
 * with.
 *
 * Returns: (transfer full): a copy of the configuration the server runs
 *   with
 *
 * Since: 0.1
 */
ScServerConfig *
sc_server_session_manager_get_config (ScServerSessionManager *self)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), NULL);

  if (self->sessions == NULL)
    return sc_server_config_new ();
  return sc_session_manager_get_config (self->sessions);
}

/**
 * sc_server_session_manager_set_incoming_call_notifier:
 * @self: a #ScServerSessionManager
 * @notifier: (nullable): the notifier, or %NULL to remove it
 *
 * Sets the object asked first about every incoming call and told when
 * calls end (the plan's `NotificationSetter`); see
 * sc_session_manager_set_incoming_call_notifier().
 *
 * Since: 0.1
 */
void
sc_server_session_manager_set_incoming_call_notifier (ScServerSessionManager     *self,
                                                      ScIncomingCallNotification *notifier)
{
  g_return_if_fail (SC_IS_SERVER_SESSION_MANAGER (self));
  g_return_if_fail (notifier == NULL || SC_IS_INCOMING_CALL_NOTIFICATION (notifier));
  g_return_if_fail (self->sessions != NULL);

  sc_session_manager_set_incoming_call_notifier (self->sessions, notifier);
}

static void
sessions_shutdown_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_session_manager_shutdown_finish (SC_SESSION_MANAGER (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sc_server_session_manager_shutdown_async:
 * @self: a #ScServerSessionManager
 * @cancellable: (nullable): a #GCancellable (not used: a shutdown cannot
 *   stop halfway)
 * @callback: (scope async): called when the server is down
 * @user_data: data for @callback
 *
 * Destroys every bridge (DESTROYED, reason "shutdown") and terminates
 * every conference (CONFERENCE_TERMINATED, reason "shutdown"), then shuts the
 * session manager down: every call gets its BYE (or CANCEL, or 480), and
 * the SIP stack stops. Finish with
 * sc_server_session_manager_shutdown_finish().
 *
 * Since: 0.1
 */
void
sc_server_session_manager_shutdown_async (ScServerSessionManager *self,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SC_IS_SERVER_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_server_session_manager_shutdown_async);
  if (!check_built (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sc_bridge_manager_destroy_all (self->bridges, "shutdown");
  _sc_conference_manager_terminate_all (self->conferences, "shutdown");
  sc_session_manager_shutdown_async (self->sessions, cancellable, sessions_shutdown_cb,
                                     g_steal_pointer (&task));
}

/**
 * sc_server_session_manager_shutdown_finish:
 * @self: a #ScServerSessionManager
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Finishes sc_server_session_manager_shutdown_async().
 *
 * Errors: as sc_session_manager_shutdown_finish().
 *
 * Returns: %TRUE when the server is down
 *
 * Since: 0.1
 */
gboolean
sc_server_session_manager_shutdown_finish (ScServerSessionManager  *self,
                                           GAsyncResult            *result,
                                           GError                 **error)
{
  g_return_val_if_fail (SC_IS_SERVER_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
