/* registrar.c: agents REGISTER with HTTP digest authentication
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * RFC 2617 / RFC 3261 section 22, MD5, with qop=auth or without qop:
 *
 * - a REGISTER without Authorization, or with one that does not parse,
 *   gets 401 with `WWW-Authenticate: Digest realm=…, nonce=…,
 *   algorithm=MD5, qop="auth"`; nothing is registered;
 * - nonces are random (getrandom) and live NONCE_LIFETIME_S; a correct
 *   answer to an expired or unknown nonce gets 401 with stale=true;
 * - a wrong answer (wrong password) gets 401 again; after MAX_FAILURES in
 *   a row the agent is refused with 403 for LOCKOUT_S seconds, right
 *   password or not (an attacker can lock an agent out for that long: the
 *   price of slowing password guessing);
 * - an unknown user gets the same 401 as a wrong password (no hint which
 *   names exist); a user registering another agent's address (To/From
 *   user ≠ username) gets 403;
 * - the lifetime asked for is honoured up to MAX_EXPIRES_S; Expires: 0
 *   unregisters. An expired agent is offline (no calls).
 *
 * Not checked: the digest's uri against the Request-URI, and nonce-count
 * replays within a nonce's lifetime (enough for a LAN call centre; a
 * public one would track nc per nonce).
 */

#include "callcenter.h"

#include <sys/random.h>

#define NONCE_LIFETIME_S 300
#define MAX_FAILURES     3
#define LOCKOUT_S        30
#define MAX_EXPIRES_S    3600

static char *
md5_hex (const char *first,
         ...)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  va_list args;

  /* The parts joined with ':', as every digest formula does. */
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      if (part != first)
        g_checksum_update (md5, (const guchar *) ":", 1);
      g_checksum_update (md5, (const guchar *) part, -1);
    }
  va_end (args);
  return g_strdup (g_checksum_get_string (md5));
}

char *
cc_digest_response (const char *username,
                    const char *realm,
                    const char *password,
                    const char *method,
                    const char *uri,
                    const char *nonce,
                    const char *nc,
                    const char *cnonce,
                    const char *qop)
{
  g_autofree char *ha1 = md5_hex (username, realm, password, NULL);
  g_autofree char *ha2 = md5_hex (method, uri, NULL);

  if (qop != NULL)
    return md5_hex (ha1, nonce, nc, cnonce, qop, ha2, NULL);
  return md5_hex (ha1, nonce, ha2, NULL);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

GHashTable *
cc_digest_parse (const char *header)
{
  g_autoptr(GHashTable) params = NULL;
  const char *p = header;

  while (is_space (*p))
    p++;
  if (g_ascii_strncasecmp (p, "Digest", 6) != 0 || !is_space (p[6]))
    return NULL;
  p += 6;
  params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (;;)
    {
      const char *start;
      char *key;
      GString *value;

      while (is_space (*p) || *p == ',')
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && *p != '=' && *p != ',' && !is_space (*p))
        p++;
      if (p == start)
        return NULL;
      key = g_ascii_strdown (start, p - start);
      while (is_space (*p))
        p++;
      if (*p != '=')
        {
          g_free (key);
          return NULL;
        }
      p++;
      while (is_space (*p))
        p++;
      value = g_string_new (NULL);
      if (*p == '"')
        {
          /* quoted-string: backslash quotes the next character. */
          for (p++; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (value, *p);
            }
          if (*p != '"')
            {
              g_free (key);
              g_string_free (value, TRUE);
              return NULL;
            }
          p++;
        }
      else
        {
          start = p;
          while (*p != '\0' && *p != ',' && !is_space (*p))
            p++;
          g_string_append_len (value, start, p - start);
        }
      g_hash_table_replace (params, key, g_string_free (value, FALSE));
    }
  return g_steal_pointer (&params);
}

static char *
new_nonce (Center *center)
{
  guint8 bytes[16];
  GString *nonce = g_string_new (NULL);

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    for (gsize i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) g_random_int ();
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (nonce, "%02x", bytes[i]);
  g_hash_table_replace (center->nonces, g_strdup (nonce->str),
                        g_memdup2 (&(gint64) { g_get_monotonic_time () +
                                               NONCE_LIFETIME_S * G_USEC_PER_SEC },
                                   sizeof (gint64)));
  return g_string_free (nonce, FALSE);
}

static void
respond (Center     *center,
         const char *transaction_id,
         guint       status,
         const char *reason,
         const char *name,
         const char *value)
{
  g_autoptr(GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  if (name != NULL)
    g_hash_table_insert (headers, (gpointer) name, (gpointer) value);
  if (!sc_session_manager_send_sip_response (center->sessions, transaction_id, status,
                                             reason, headers, &error))
    cc_log (center, "cannot answer a REGISTER: %s", error->message);
}

static void
challenge (Center     *center,
           const char *transaction_id,
           gboolean    stale)
{
  g_autofree char *nonce = new_nonce (center);
  g_autofree char *value =
    g_strdup_printf ("Digest realm=\"%s\", nonce=\"%s\", algorithm=MD5, qop=\"auth\"%s",
                     center->realm, nonce, stale ? ", stale=true" : "");

  respond (center, transaction_id, 401, NULL, "WWW-Authenticate", value);
}

/* "sip:alice@host" → "alice" */
static char *
uri_user (const char *uri)
{
  const char *at;

  if (uri == NULL)
    return NULL;
  if (g_str_has_prefix (uri, "sip:"))
    uri += 4;
  else if (g_str_has_prefix (uri, "sips:"))
    uri += 5;
  at = strchr (uri, '@');
  return at ? g_strndup (uri, at - uri) : NULL;
}

static void
registration_request_cb (ScSessionManager *sessions,
                         const char       *transaction_id,
                         const char       *from,
                         const char       *contact,
                         guint             expires,
                         Center           *center)
{
  g_autofree char *authorization =
    sc_session_manager_get_request_header (sessions, transaction_id, "Authorization", NULL);
  g_autoptr(GHashTable) params = authorization ? cc_digest_parse (authorization) : NULL;
  g_autofree char *expected = NULL;
  g_autofree char *aor_user = uri_user (from);
  g_autofree char *binding = NULL;
  const char *username, *nonce, *response, *qop, *algorithm;
  gint64 now = g_get_monotonic_time ();
  gint64 *nonce_expiry;
  Agent *agent;

  username = params ? g_hash_table_lookup (params, "username") : NULL;
  nonce = params ? g_hash_table_lookup (params, "nonce") : NULL;
  response = params ? g_hash_table_lookup (params, "response") : NULL;
  qop = params ? g_hash_table_lookup (params, "qop") : NULL;
  algorithm = params ? g_hash_table_lookup (params, "algorithm") : NULL;
  if (username == NULL || nonce == NULL || response == NULL ||
      g_strcmp0 (g_hash_table_lookup (params, "realm"), center->realm) != 0 ||
      g_hash_table_lookup (params, "uri") == NULL ||
      (algorithm != NULL && g_ascii_strcasecmp (algorithm, "MD5") != 0) ||
      (qop != NULL && (g_strcmp0 (qop, "auth") != 0 ||
                       g_hash_table_lookup (params, "nc") == NULL ||
                       g_hash_table_lookup (params, "cnonce") == NULL)))
    {
      challenge (center, transaction_id, FALSE);
      return;
    }

  agent = cc_find_agent (center, username);
  if (agent != NULL && agent->locked_until > now)
    {
      respond (center, transaction_id, 403, "Too Many Failed Attempts", NULL, NULL);
      return;
    }
  if (agent != NULL)
    expected = cc_digest_response (username, center->realm, agent->password, "REGISTER",
                                   g_hash_table_lookup (params, "uri"), nonce,
                                   g_hash_table_lookup (params, "nc"),
                                   g_hash_table_lookup (params, "cnonce"), qop);
  if (expected == NULL || g_ascii_strcasecmp (expected, response) != 0)
    {
      cc_log (center, "REGISTER %s: wrong credentials for '%s'", from, username);
      if (agent != NULL && ++agent->failures >= MAX_FAILURES)
        {
          agent->failures = 0;
          agent->locked_until = now + LOCKOUT_S * G_USEC_PER_SEC;
          cc_log (center, "agent %s: %d failed attempts, refused for %d s",
                  agent->name, MAX_FAILURES, LOCKOUT_S);
          respond (center, transaction_id, 403, "Too Many Failed Attempts", NULL, NULL);
          return;
        }
      challenge (center, transaction_id, FALSE);
      return;
    }
  /* Right password, but for a nonce we no longer (or never) gave out. */
  nonce_expiry = g_hash_table_lookup (center->nonces, nonce);
  if (nonce_expiry == NULL || *nonce_expiry <= now)
    {
      challenge (center, transaction_id, TRUE);
      return;
    }
  agent->failures = 0;
  if (g_strcmp0 (aor_user, agent->name) != 0)
    {
      cc_log (center, "REGISTER %s: agent %s may not register it", from, agent->name);
      respond (center, transaction_id, 403, "Not Your Address", NULL, NULL);
      return;
    }

  if (contact == NULL)
    {
      /* A query: tell the binding, change nothing. */
      if (cc_agent_registered (agent, now))
        binding = g_strdup_printf ("<%s>;expires=%" G_GINT64_FORMAT, agent->contact,
                                   (agent->expires_at - now) / G_USEC_PER_SEC);
      respond (center, transaction_id, 200, NULL, binding ? "Contact" : NULL, binding);
      return;
    }
  if (expires == 0)
    {
      respond (center, transaction_id, 200, NULL, NULL, NULL);
      if (agent->contact != NULL)
        cc_log (center, "agent %s unregistered", agent->name);
      g_clear_pointer (&agent->contact, g_free);
      if (agent->state == AGENT_IDLE)
        agent->state = AGENT_OFFLINE;
      return;
    }

  expires = MIN (expires, MAX_EXPIRES_S);
  binding = g_strdup_printf ("<%s>;expires=%u", contact, expires);
  respond (center, transaction_id, 200, NULL, "Contact", binding);
  if (!cc_agent_registered (agent, now) || g_strcmp0 (agent->contact, contact) != 0)
    cc_log (center, "agent %s registered at %s for %u s", agent->name, contact, expires);
  g_free (agent->contact);
  agent->contact = g_strdup (contact);
  agent->expires_at = now + (gint64) expires * G_USEC_PER_SEC;
  if (agent->state == AGENT_OFFLINE)
    cc_agent_set_idle (center, agent);
  if (center->on_registered != NULL)
    center->on_registered (center, agent, center->on_registered_data);
}

void
cc_registrar_expire (Center *center)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gint64 *expiry;

  for (guint i = 0; i < center->agents->len; i++)
    {
      Agent *agent = center->agents->pdata[i];

      if (agent->contact != NULL && agent->expires_at <= now)
        {
          cc_log (center, "agent %s: registration expired", agent->name);
          g_clear_pointer (&agent->contact, g_free);
          if (agent->state == AGENT_IDLE)
            agent->state = AGENT_OFFLINE;
        }
    }
  g_hash_table_iter_init (&iter, center->nonces);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &expiry))
    if (*expiry <= now)
      g_hash_table_iter_remove (&iter);
}

void
cc_registrar_init (Center *center)
{
  center->nonces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (center->sessions, "registration-request",
                    G_CALLBACK (registration_request_cb), center);
}
