/* sc-bridge-info.c: a snapshot of one bridge
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-bridge-info.h"

#include "sc-bridge-private.h"

/**
 * ScBridgeInfo:
 *
 * A snapshot of one bridge (Rust session-core's `BridgeInfo`): its id, its
 * members in the order they joined, when it was created, and how many
 * members it has. It does not change when the bridge does: ask
 * [method@Sc.BridgeManager.get_bridge_info] again.
 *
 * Since: 0.1
 */
struct _ScBridgeInfo
{
  char    *id;
  char    *name;
  GStrv    sessions;
  gint64   created_at;
};

G_DEFINE_BOXED_TYPE (ScBridgeInfo, sc_bridge_info,
                     sc_bridge_info_copy, sc_bridge_info_free)

ScBridgeInfo *
_sc_bridge_info_new (const char         *id,
                     const char         *name,
                     const char * const *sessions,
                     gint64              created_at)
{
  ScBridgeInfo *self = g_new0 (ScBridgeInfo, 1);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->sessions = g_strdupv ((char **) sessions);
  self->created_at = created_at;
  return self;
}

/**
 * sc_bridge_info_copy:
 * @self: a #ScBridgeInfo
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScBridgeInfo
 *
 * Since: 0.1
 */
ScBridgeInfo *
sc_bridge_info_copy (const ScBridgeInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _sc_bridge_info_new (self->id, self->name,
                              (const char * const *) self->sessions,
                              self->created_at);
}

/**
 * sc_bridge_info_free:
 * @self: (nullable): a #ScBridgeInfo
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_bridge_info_free (ScBridgeInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_strfreev (self->sessions);
  g_free (self);
}

/**
 * sc_bridge_info_get_id:
 * @self: a #ScBridgeInfo
 *
 * Gets the bridge id, `bridge_<uuid>`.
 *
 * Returns: the bridge id, `bridge_<uuid>`
 *
 * Since: 0.1
 */
const char *
sc_bridge_info_get_id (const ScBridgeInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * sc_bridge_info_get_sessions:
 * @self: a #ScBridgeInfo
 *
 * Gets the members' session ids, in the order
 * they joined.
 *
 * Returns: (transfer none) (array zero-terminated=1): the members' session
 *   ids, in the order they joined
 *
 * Since: 0.1
 */
const char * const *
sc_bridge_info_get_sessions (const ScBridgeInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->sessions;
}

/**
 * sc_bridge_info_get_created_at:
 * @self: a #ScBridgeInfo
 *
 * Gets when the bridge was created, wall-clock microseconds since 1970
 * (as g_get_real_time()).
 *
 * Returns: when the bridge was created, wall-clock microseconds since
 *   1970 (as g_get_real_time())
 *
 * Since: 0.1
 */
gint64
sc_bridge_info_get_created_at (const ScBridgeInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->created_at;
}

/**
 * sc_bridge_info_get_participant_count:
 * @self: a #ScBridgeInfo
 *
 * Gets the number of members.
 *
 * Returns: the number of members
 *
 * Since: 0.1
 */
guint
sc_bridge_info_get_participant_count (const ScBridgeInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_strv_length (self->sessions);
}

/**
 * sc_bridge_info_get_name:
 * @self: a #ScBridgeInfo
 *
 * Gets the name from the bridge's #ScBridgeConfig.
 *
 * Returns: (nullable): the name from the bridge's #ScBridgeConfig
 *
 * Since: 0.1
 */
const char *
sc_bridge_info_get_name (const ScBridgeInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}
