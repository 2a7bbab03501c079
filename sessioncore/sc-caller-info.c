/* sc-caller-info.c: who is calling
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sc-caller-info.h"

#include "sip/sc-sip-syntax.h"

/**
 * ScCallerInfo:
 *
 * Who is calling (Rust session-core's `CallerInfo`): the `From` and `To`
 * of the INVITE as received, and, when the INVITE carried them, the
 * caller's display name, `User-Agent` and `Contact`.
 *
 * [method@Sc.CallerInfo.from_username] and
 * [method@Sc.CallerInfo.from_domain] take the user and host parts out of
 * the `From` URI (`"\"Alice\" <sip:alice@example.com>;tag=1"` gives
 * "alice" and "example.com").
 *
 * An #ScCallerInfo is an immutable value: the `_with_` functions return a
 * changed copy.
 *
 * Since: 0.1
 */
struct _ScCallerInfo
{
  char *from;
  char *to;
  char *display_name;
  char *user_agent;
  char *contact;
};

G_DEFINE_BOXED_TYPE (ScCallerInfo, sc_caller_info,
                     sc_caller_info_copy, sc_caller_info_free)

/**
 * sc_caller_info_new:
 * @from: the `From` of the call: a SIP URI (`"sip:alice@example.com"`) or
 *   a whole header value (`"\"Alice\" <sip:alice@example.com>;tag=1"`)
 * @to: the `To` of the call
 *
 * Creates caller information with no display name, user agent or
 * contact.
 *
 * Returns: (transfer full): a new #ScCallerInfo
 *
 * Since: 0.1
 */
ScCallerInfo *
sc_caller_info_new (const char *from,
                    const char *to)
{
  ScCallerInfo *self;

  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);

  self = g_new0 (ScCallerInfo, 1);
  self->from = g_strdup (from);
  self->to = g_strdup (to);

  return self;
}

/**
 * sc_caller_info_copy:
 * @self: a #ScCallerInfo
 *
 * Makes a copy of @self.
 *
 * Returns: (transfer full): a new #ScCallerInfo
 *
 * Since: 0.1
 */
ScCallerInfo *
sc_caller_info_copy (const ScCallerInfo *self)
{
  ScCallerInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (ScCallerInfo, 1);
  copy->from = g_strdup (self->from);
  copy->to = g_strdup (self->to);
  copy->display_name = g_strdup (self->display_name);
  copy->user_agent = g_strdup (self->user_agent);
  copy->contact = g_strdup (self->contact);

  return copy;
}

/**
 * sc_caller_info_free:
 * @self: (nullable): a #ScCallerInfo
 *
 * Frees @self. Does nothing if @self is %NULL.
 *
 * Since: 0.1
 */
void
sc_caller_info_free (ScCallerInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->from);
  g_free (self->to);
  g_free (self->display_name);
  g_free (self->user_agent);
  g_free (self->contact);
  g_free (self);
}

/**
 * sc_caller_info_get_from:
 * @self: a #ScCallerInfo
 *
 * The `From` of the call, as given.
 *
 * Returns: (transfer none): the caller
 *
 * Since: 0.1
 */
const char *
sc_caller_info_get_from (const ScCallerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->from;
}

/**
 * sc_caller_info_get_to:
 * @self: a #ScCallerInfo
 *
 * The `To` of the call, as given.
 *
 * Returns: (transfer none): the callee
 *
 * Since: 0.1
 */
const char *
sc_caller_info_get_to (const ScCallerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->to;
}

/**
 * sc_caller_info_get_display_name:
 * @self: a #ScCallerInfo
 *
 * The caller's display name ("Alice").
 *
 * Returns: (transfer none) (nullable): the display name, or %NULL if not
 *   known
 *
 * Since: 0.1
 */
const char *
sc_caller_info_get_display_name (const ScCallerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->display_name;
}

/**
 * sc_caller_info_get_user_agent:
 * @self: a #ScCallerInfo
 *
 * The caller's `User-Agent`.
 *
 * Returns: (transfer none) (nullable): the user agent, or %NULL if not
 *   known
 *
 * Since: 0.1
 */
const char *
sc_caller_info_get_user_agent (const ScCallerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->user_agent;
}

/**
 * sc_caller_info_get_contact:
 * @self: a #ScCallerInfo
 *
 * The caller's `Contact` URI.
 *
 * Returns: (transfer none) (nullable): the contact, or %NULL if not known
 *
 * Since: 0.1
 */
const char *
sc_caller_info_get_contact (const ScCallerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->contact;
}

/**
 * sc_caller_info_with_display_name:
 * @self: a #ScCallerInfo
 * @display_name: (nullable): the caller's display name, or %NULL to unset
 *   it
 *
 * Returns a copy of @self with the display name set; @self is unchanged.
 *
 * Returns: (transfer full): a new #ScCallerInfo
 *
 * Since: 0.1
 */
ScCallerInfo *
sc_caller_info_with_display_name (const ScCallerInfo *self,
                                  const char         *display_name)
{
  ScCallerInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sc_caller_info_copy (self);
  g_free (copy->display_name);
  copy->display_name = g_strdup (display_name);

  return copy;
}

/**
 * sc_caller_info_with_user_agent:
 * @self: a #ScCallerInfo
 * @user_agent: (nullable): the caller's `User-Agent`, or %NULL to unset it
 *
 * Returns a copy of @self with the user agent set; @self is unchanged.
 *
 * Returns: (transfer full): a new #ScCallerInfo
 *
 * Since: 0.1
 */
ScCallerInfo *
sc_caller_info_with_user_agent (const ScCallerInfo *self,
                                const char         *user_agent)
{
  ScCallerInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sc_caller_info_copy (self);
  g_free (copy->user_agent);
  copy->user_agent = g_strdup (user_agent);

  return copy;
}

/**
 * sc_caller_info_with_contact:
 * @self: a #ScCallerInfo
 * @contact: (nullable): the caller's `Contact` URI, or %NULL to unset it
 *
 * Returns a copy of @self with the contact set; @self is unchanged.
 *
 * Returns: (transfer full): a new #ScCallerInfo
 *
 * Since: 0.1
 */
ScCallerInfo *
sc_caller_info_with_contact (const ScCallerInfo *self,
                             const char         *contact)
{
  ScCallerInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sc_caller_info_copy (self);
  g_free (copy->contact);
  copy->contact = g_strdup (contact);

  return copy;
}

/**
 * sc_caller_info_from_username:
 * @self: a #ScCallerInfo
 *
 * The user part of the `From` URI: "alice" for `"sip:alice@example.com"`
 * and for `"\"Alice\" <sip:alice@example.com;transport=udp>;tag=1"`.
 *
 * Returns: (transfer full) (nullable): the user name, or %NULL if the
 *   `From` does not parse or its URI has no user part
 *
 * Since: 0.1
 */
char *
sc_caller_info_from_username (const ScCallerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _sc_sip_uri_get_part (self->from, SC_SIP_URI_PART_USER);
}

/**
 * sc_caller_info_from_domain:
 * @self: a #ScCallerInfo
 *
 * The host part of the `From` URI, without the port: "example.com" for
 * `"sip:alice@example.com:5070"`. An IPv6 host keeps its brackets
 * (`"[::1]"`), as in the URI.
 *
 * Returns: (transfer full) (nullable): the domain, or %NULL if the `From`
 *   does not parse or its URI has no host part
 *
 * Since: 0.1
 */
char *
sc_caller_info_from_domain (const ScCallerInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _sc_sip_uri_get_part (self->from, SC_SIP_URI_PART_HOST);
}
