/* sc-bridge-config.c: how a bridge behaves
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-bridge-config.h"

#include "sc-error.h"

#define DEFAULT_MAX_SESSIONS  10
#define DEFAULT_TIMEOUT_SECS  300
/* Mixing is O(members) per 20 ms: a large room is a conference. */
#define MAX_MAX_SESSIONS      1000

/**
 * ScBridgeConfig:
 *
 * How a bridge behaves (Rust session-core's `BridgeConfig`), given to
 * [method@Sc.BridgeManager.create_bridge]:
 *
 * - `max_sessions` (10): members at most; one more is refused with
 *   %SC_ERROR_BRIDGE_FULL.
 * - `name` (none): a label for logs and [struct@Sc.BridgeInfo] readers.
 * - `timeout_secs` (300, 0 = never): a bridge whose audio has not flowed
 *   in every direction for this long is destroyed (reason "timeout").
 * - `enable_mixing` (%TRUE): with three or more members each hears the
 *   mix of the others; without mixing a bridge holds two members at most,
 *   whatever `max_sessions` says.
 * - `auto_start` (%TRUE): audio is connected as soon as members join;
 *   otherwise only after [method@Sc.BridgeManager.start_bridge].
 * - `auto_stop_on_empty` (%TRUE): the bridge is destroyed when its last
 *   member leaves.
 *
 * Since: 0.1
 */
struct _ScBridgeConfig
{
  guint     max_sessions;
  char     *name;
  guint     timeout_secs;
  gboolean  enable_mixing;
  gboolean  auto_start;
  gboolean  auto_stop_on_empty;
};

G_DEFINE_BOXED_TYPE (ScBridgeConfig, sc_bridge_config,
                     sc_bridge_config_copy, sc_bridge_config_free)

/**
 * sc_bridge_config_new:
 *
 * Creates a configuration with the defaults of Rust session-core's
 * `BridgeConfig`: 10 members at most, no name, a 300 s timeout, mixing on,
 * automatic start, and destruction when empty.
 *
 * Returns: (transfer full): a new #ScBridgeConfig
 *
 * Since: 0.1
 */
ScBridgeConfig *
sc_bridge_config_new (void)
{
  ScBridgeConfig *self = g_new0 (ScBridgeConfig, 1);

  self->max_sessions = DEFAULT_MAX_SESSIONS;
  self->timeout_secs = DEFAULT_TIMEOUT_SECS;
  self->enable_mixing = TRUE;
  self->auto_start = TRUE;
  self->auto_stop_on_empty = TRUE;
  return self;
}

/**
 * sc_bridge_config_copy:
 * @self: a #ScBridgeConfig
 *
 * Makes a deep copy of @self.
 *
 * Returns: (transfer full): a new #ScBridgeConfig
 *
 * Since: 0.1
 */
ScBridgeConfig *
sc_bridge_config_copy (const ScBridgeConfig *self)
{
  ScBridgeConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  return copy;
}

/**
 * sc_bridge_config_free:
 * @self: (nullable): a #ScBridgeConfig
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_bridge_config_free (ScBridgeConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

/**
 * sc_bridge_config_validate:
 * @self: a #ScBridgeConfig
 * @error: return location for a #GError
 *
 * Checks the configuration: `max_sessions` from 2 to 1000.
 *
 * Errors: %SC_ERROR_CONFIG, naming the field and the rule.
 *
 * Returns: %TRUE when the configuration is usable
 *
 * Since: 0.1
 */
gboolean
sc_bridge_config_validate (const ScBridgeConfig  *self,
                           GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->max_sessions < 2 || self->max_sessions > MAX_MAX_SESSIONS)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: bridge max_sessions %u must be from 2 to %u",
                   self->max_sessions, MAX_MAX_SESSIONS);
      return FALSE;
    }
  return TRUE;
}

/**
 * sc_bridge_config_get_max_sessions:
 * @self: a #ScBridgeConfig
 *
 * Gets the maximum number of members.
 *
 * Returns: the maximum number of members
 *
 * Since: 0.1
 */
guint
sc_bridge_config_get_max_sessions (const ScBridgeConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_sessions;
}

/**
 * sc_bridge_config_set_max_sessions:
 * @self: a #ScBridgeConfig
 * @max_sessions: the maximum number of members, 2 to 1000
 *
 * Sets the maximum number of members.
 *
 * Since: 0.1
 */
void
sc_bridge_config_set_max_sessions (ScBridgeConfig *self,
                                   guint           max_sessions)
{
  g_return_if_fail (self != NULL);
  self->max_sessions = max_sessions;
}

/**
 * sc_bridge_config_get_name:
 * @self: a #ScBridgeConfig
 *
 * Gets the bridge's name.
 *
 * Returns: (nullable): the bridge's name
 *
 * Since: 0.1
 */
const char *
sc_bridge_config_get_name (const ScBridgeConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * sc_bridge_config_set_name:
 * @self: a #ScBridgeConfig
 * @name: (nullable): a name, or %NULL for none
 *
 * Sets the bridge's name.
 *
 * Since: 0.1
 */
void
sc_bridge_config_set_name (ScBridgeConfig *self,
                           const char     *name)
{
  g_return_if_fail (self != NULL);
  g_free (self->name);
  self->name = g_strdup (name);
}

/**
 * sc_bridge_config_get_timeout_secs:
 * @self: a #ScBridgeConfig
 *
 * Gets how long the bridge may go without audio in every direction
 * before it is destroyed, in seconds (0 for never).
 *
 * Returns: seconds without audio in every direction before the bridge is
 *   destroyed, 0 for never
 *
 * Since: 0.1
 */
guint
sc_bridge_config_get_timeout_secs (const ScBridgeConfig *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->timeout_secs;
}

/**
 * sc_bridge_config_set_timeout_secs:
 * @self: a #ScBridgeConfig
 * @timeout_secs: seconds, 0 for never
 *
 * Sets how long a bridge may go without audio in every direction.
 *
 * Since: 0.1
 */
void
sc_bridge_config_set_timeout_secs (ScBridgeConfig *self,
                                   guint           timeout_secs)
{
  g_return_if_fail (self != NULL);
  self->timeout_secs = timeout_secs;
}

/**
 * sc_bridge_config_get_enable_mixing:
 * @self: a #ScBridgeConfig
 *
 * Gets whether three or more members are mixed.
 *
 * Returns: whether three or more members are mixed
 *
 * Since: 0.1
 */
gboolean
sc_bridge_config_get_enable_mixing (const ScBridgeConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->enable_mixing;
}

/**
 * sc_bridge_config_set_enable_mixing:
 * @self: a #ScBridgeConfig
 * @enable_mixing: %FALSE to allow two members only
 *
 * Sets whether the bridge may mix three or more members.
 *
 * Since: 0.1
 */
void
sc_bridge_config_set_enable_mixing (ScBridgeConfig *self,
                                    gboolean        enable_mixing)
{
  g_return_if_fail (self != NULL);
  self->enable_mixing = !!enable_mixing;
}

/**
 * sc_bridge_config_get_auto_start:
 * @self: a #ScBridgeConfig
 *
 * Gets whether audio is connected as soon as members join.
 *
 * Returns: whether audio is connected as soon as members join
 *
 * Since: 0.1
 */
gboolean
sc_bridge_config_get_auto_start (const ScBridgeConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->auto_start;
}

/**
 * sc_bridge_config_set_auto_start:
 * @self: a #ScBridgeConfig
 * @auto_start: %FALSE to connect audio only on
 *   [method@Sc.BridgeManager.start_bridge]
 *
 * Sets whether audio is connected as soon as members join.
 *
 * Since: 0.1
 */
void
sc_bridge_config_set_auto_start (ScBridgeConfig *self,
                                 gboolean        auto_start)
{
  g_return_if_fail (self != NULL);
  self->auto_start = !!auto_start;
}

/**
 * sc_bridge_config_get_auto_stop_on_empty:
 * @self: a #ScBridgeConfig
 *
 * Gets whether the bridge is destroyed when its last member leaves.
 *
 * Returns: whether the bridge is destroyed when its last member leaves
 *
 * Since: 0.1
 */
gboolean
sc_bridge_config_get_auto_stop_on_empty (const ScBridgeConfig *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->auto_stop_on_empty;
}

/**
 * sc_bridge_config_set_auto_stop_on_empty:
 * @self: a #ScBridgeConfig
 * @auto_stop_on_empty: %FALSE to keep an empty bridge
 *
 * Sets whether the bridge is destroyed when its last member leaves.
 *
 * Since: 0.1
 */
void
sc_bridge_config_set_auto_stop_on_empty (ScBridgeConfig *self,
                                         gboolean        auto_stop_on_empty)
{
  g_return_if_fail (self != NULL);
  self->auto_stop_on_empty = !!auto_stop_on_empty;
}
