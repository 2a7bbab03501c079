/* sc-sip-resolver.c: the DNS server sofia-sip asks, inside the stack
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why this exists (sofia-sip 1.12.11 as Debian builds it, and upstream):
 *
 * - sres_send_dns_query () marks a name server it cannot connect () to
 *   (no route: ENETUNREACH) with dns_error = SRES_TIME_MAX and asks
 *   sres_next_server () for another; that function "forgets" errors
 *   older than ten seconds with `dns_error + DNS_ERROR_TIMEOUT < now &&
 *   dns_error != SRES_TIME_MAX`. The addition overflows, the compiler
 *   drops the second test as implied by the first, and the unreachable
 *   server is handed back at once: with no name server reachable, the
 *   first query loops socket/connect/close for ever inside one call and
 *   the main loop never runs again (issue 7, defect 2).
 * - Against a name server that never answers, sres retransmits each
 *   query on a fixed schedule (1, 2, 4 … 32 s; the resolv.conf
 *   "timeout:" and "attempts:" options are parsed but not used), and nta
 *   asks NAPTR, SRV per transport, AAAA and A in turn: a request to a
 *   host name waits minutes before it fails, and nta has no timer of its
 *   own on that phase.
 *
 * Neither can be tuned with tags. What can be chosen is the name server
 * (SRESTAG_RESOLV_CONF, with sofia's "port" directive): this one. It
 * listens on the loopback interface, where connect () cannot fail, and
 * answers every query on its own within DEADLINE_MS:
 *
 * - A, AAAA and SRV through GResolver (the system's resolver: hosts file,
 *   nsswitch, resolv.conf), at most MAX_RUNNING at once (GResolver's
 *   lookups hold a thread each until the system gives up);
 * - SERVFAIL when the deadline passes first, when too many lookups run,
 *   or when a lookup of the same domain failed that way in the last
 *   FAILURE_MEMORY_S seconds, so the next queries of the same request
 *   (SRV for other transports, then AAAA, A) fail at once too;
 * - no records for every other type (NAPTR: GResolver cannot look it up;
 *   nta then goes on with SRV, as RFC 3263 allows);
 * - NXDOMAIN for names that are not host names (a label with other than
 *   letters, digits, '-' and '_'), which nobody should be asked about.
 *
 * So a request the stack sends to a host name learns its fate within a
 * few seconds whatever the network does, and nothing here ever blocks the
 * main context.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-sip-resolver.h"

#include <glib/gstdio.h>
#include <string.h>

/* How long sofia waits for any answer from us. */
#define DEADLINE_MS        2000
/* How long a domain whose lookup timed out or failed fails at once. */
#define FAILURE_MEMORY_S   10
/* GResolver lookups running at once; more queries get SERVFAIL. */
#define MAX_RUNNING        8
/* Domains remembered as failing before the memory is cleaned. */
#define MAX_FAILING        1024
/* Answers sofia caches; GResolver does not tell the real TTL. */
#define ANSWER_TTL_S       60
/* Without EDNS, DNS over UDP answers fit in 512 bytes. */
#define MAX_ANSWER_SIZE    512

enum {
  TYPE_A     = 1,
  TYPE_AAAA  = 28,
  TYPE_SRV   = 33,
  CLASS_IN   = 1,
};

enum {
  RCODE_NOERROR  = 0,
  RCODE_FORMERR  = 1,
  RCODE_SERVFAIL = 2,
  RCODE_NXDOMAIN = 3,
  RCODE_NOTIMP   = 4,
  RCODE_REFUSED  = 5,
};

struct _ScSipResolver
{
  GMainContext *context;
  GSocket      *socket;
  GSource      *source;
  GResolver    *resolver;
  GCancellable *cancellable;
  char         *conf_dir;
  char         *conf_path;
  GHashTable   *failing;      /* domain -> gint64 *: monotonic µs it ends */
  GPtrArray    *lookups;      /* Lookup *, running */
};

/* One query sent on to GResolver. It outlives its answer when the
 * deadline comes first, and the resolver when it is freed meanwhile. */
typedef struct {
  ScSipResolver  *self;       /* NULL once the resolver is gone */
  GSocketAddress *peer;
  GBytes         *query;      /* header and question, as received */
  gsize           question_end;
  guint16         qtype;
  char           *name;
  char           *domain;
  GSource        *deadline;
  gboolean        answered;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  if (lookup->deadline != NULL)
    {
      g_source_destroy (lookup->deadline);
      g_source_unref (lookup->deadline);
    }
  g_clear_object (&lookup->peer);
  g_bytes_unref (lookup->query);
  g_free (lookup->name);
  g_free (lookup->domain);
  g_free (lookup);
}

/* ---- the wire format (RFC 1035 section 4) ---- */

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 bytes[2] = { (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff,
                      (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, 4);
}

/* Appends @name ("sip.example.com") as labels; FALSE if it cannot be one. */
static gboolean
put_name (GByteArray *out,
          const char *name)
{
  guint start = out->len;
  const char *label = name;

  while (*label != '\0' && strcmp (label, ".") != 0)
    {
      const char *dot = strchr (label, '.');
      gsize len = dot ? (gsize) (dot - label) : strlen (label);
      guint8 byte = (guint8) len;

      if (len == 0 || len > 63 || out->len - start + len + 2 > 255)
        {
          g_byte_array_set_size (out, start);
          return FALSE;
        }
      g_byte_array_append (out, &byte, 1);
      g_byte_array_append (out, (const guint8 *) label, (guint) len);
      label = dot ? dot + 1 : label + len;
    }
  g_byte_array_append (out, (const guint8 *) "", 1);
  return TRUE;
}

/* The header and question of the answer to @query. */
static GByteArray *
answer_start (GBytes *query,
              gsize   question_end,
              guint   rcode)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (query, &len);
  GByteArray *out = g_byte_array_sized_new (MAX_ANSWER_SIZE);

  g_byte_array_append (out, data, 2);                 /* ID */
  /* QR, opcode QUERY, RD as asked, RA, the code. */
  put16 (out, 0x8000 | (data[2] & 0x01) << 8 | 0x0080 | rcode);
  put16 (out, question_end > 12 ? 1 : 0);             /* QDCOUNT */
  put16 (out, 0);                                     /* ANCOUNT */
  put16 (out, 0);                                     /* NSCOUNT */
  put16 (out, 0);                                     /* ARCOUNT */
  if (question_end > 12)
    g_byte_array_append (out, data + 12, (guint) (question_end - 12));
  return out;
}

/* Appends one resource record about the question's name (a compression
 * pointer to offset 12); FALSE, and nothing, if it would not fit. */
static gboolean
answer_add (GByteArray   *out,
            guint         type,
            const guint8 *rdata,
            gsize         rdata_len)
{
  guint16 count;

  if (out->len + 12 + rdata_len > MAX_ANSWER_SIZE)
    return FALSE;
  put16 (out, 0xc00c);
  put16 (out, type);
  put16 (out, CLASS_IN);
  put32 (out, ANSWER_TTL_S);
  put16 (out, (guint) rdata_len);
  g_byte_array_append (out, rdata, (guint) rdata_len);
  count = (guint16) (out->data[6] << 8 | out->data[7]) + 1;
  out->data[6] = count >> 8;
  out->data[7] = count & 0xff;
  return TRUE;
}

static void
send_answer (ScSipResolver  *self,
             GSocketAddress *peer,
             GByteArray     *answer)
{
  g_autoptr(GError) error = NULL;

  if (g_socket_send_to (self->socket, peer, (const char *) answer->data,
                        answer->len, NULL, &error) < 0)
    SC_DEBUG ("resolver: cannot answer: %s", error->message);
}

static void
answer_code (ScSipResolver  *self,
             GSocketAddress *peer,
             GBytes         *query,
             gsize           question_end,
             guint           rcode)
{
  g_autoptr(GByteArray) answer = answer_start (query, question_end, rcode);

  send_answer (self, peer, answer);
}

/* ---- failing domains ---- */

static gboolean
domain_is_failing (ScSipResolver *self,
                   const char    *domain)
{
  gint64 *until = g_hash_table_lookup (self->failing, domain);

  if (until == NULL)
    return FALSE;
  if (*until > g_get_monotonic_time ())
    return TRUE;
  g_hash_table_remove (self->failing, domain);
  return FALSE;
}

static gboolean
failure_expired (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  return *(gint64 *) value <= *(gint64 *) user_data;
}

static void
domain_failed (ScSipResolver *self,
               const char    *domain)
{
  gint64 now = g_get_monotonic_time ();
  gint64 until = now + FAILURE_MEMORY_S * G_USEC_PER_SEC;

  if (g_hash_table_size (self->failing) >= MAX_FAILING)
    {
      g_hash_table_foreach_remove (self->failing, failure_expired, &now);
      if (g_hash_table_size (self->failing) >= MAX_FAILING)
        g_hash_table_remove_all (self->failing);
    }
  g_hash_table_insert (self->failing, g_strdup (domain),
                       g_memdup2 (&until, sizeof until));
}

/* ---- lookups ---- */

static void
lookup_finish (Lookup     *lookup,
               GByteArray *answer,
               gboolean    failed)
{
  ScSipResolver *self = lookup->self;

  if (self == NULL || lookup->answered)
    return;
  lookup->answered = TRUE;
  if (failed)
    domain_failed (self, lookup->domain);
  send_answer (self, lookup->peer, answer);
}

static void
lookup_done (Lookup *lookup)
{
  if (lookup->self != NULL)
    g_ptr_array_remove_fast (lookup->self->lookups, lookup);
  lookup_free (lookup);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GByteArray) answer = answer_start (lookup->query, lookup->question_end,
                                               RCODE_SERVFAIL);

  SC_DEBUG ("resolver: no answer about %s within %u ms", lookup->name, DEADLINE_MS);
  lookup_finish (lookup, answer, TRUE);
  g_clear_pointer (&lookup->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* GResolver's error: "not found" is an answer (no records), anything
 * else means the system could not ask. */
static GByteArray *
answer_error (Lookup       *lookup,
              const GError *error,
              gboolean     *failed)
{
  *failed = !g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  SC_DEBUG ("resolver: %s: %s", lookup->name, error->message);
  return answer_start (lookup->query, lookup->question_end,
                       *failed ? RCODE_SERVFAIL : RCODE_NOERROR);
}

static void
addresses_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses;
  GByteArray *answer;
  gboolean failed = FALSE;

  addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (source),
                                                           result, &error);
  if (addresses == NULL)
    answer = answer_error (lookup, error, &failed);
  else
    {
      answer = answer_start (lookup->query, lookup->question_end, RCODE_NOERROR);
      for (GList *l = addresses; l != NULL; l = l->next)
        {
          GInetAddress *address = l->data;
          gsize size = g_inet_address_get_native_size (address);

          if ((lookup->qtype == TYPE_A && size == 4) ||
              (lookup->qtype == TYPE_AAAA && size == 16))
            if (!answer_add (answer, lookup->qtype,
                             g_inet_address_to_bytes (address), size))
              break;
        }
      g_resolver_free_addresses (addresses);
    }
  lookup_finish (lookup, answer, failed);
  g_byte_array_unref (answer);
  lookup_done (lookup);
}

static void
records_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  GList *records;
  GByteArray *answer;
  gboolean failed = FALSE;

  records = g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error);
  if (records == NULL)
    answer = answer_error (lookup, error, &failed);
  else
    {
      answer = answer_start (lookup->query, lookup->question_end, RCODE_NOERROR);
      for (GList *l = records; l != NULL; l = l->next)
        {
          g_autoptr(GByteArray) rdata = g_byte_array_new ();
          guint16 priority, weight, port;
          const char *target;

          g_variant_get (l->data, "(qqq&s)", &priority, &weight, &port, &target);
          put16 (rdata, priority);
          put16 (rdata, weight);
          put16 (rdata, port);
          if (put_name (rdata, target) &&
              !answer_add (answer, TYPE_SRV, rdata->data, rdata->len))
            break;
        }
      g_list_free_full (records, (GDestroyNotify) g_variant_unref);
    }
  lookup_finish (lookup, answer, failed);
  g_byte_array_unref (answer);
  lookup_done (lookup);
}

static void
start_lookup (ScSipResolver  *self,
              GSocketAddress *peer,
              GBytes         *query,
              gsize           question_end,
              guint16         qtype,
              const char     *name,
              const char     *domain)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = self;
  lookup->peer = g_object_ref (peer);
  lookup->query = g_bytes_ref (query);
  lookup->question_end = question_end;
  lookup->qtype = qtype;
  lookup->name = g_strdup (name);
  lookup->domain = g_strdup (domain);
  g_ptr_array_add (self->lookups, lookup);

  lookup->deadline = g_timeout_source_new (DEADLINE_MS);
  g_source_set_callback (lookup->deadline, deadline_cb, lookup, NULL);
  g_source_attach (lookup->deadline, self->context);

  /* GResolver calls back in the thread-default context. */
  g_main_context_push_thread_default (self->context);
  if (qtype == TYPE_SRV)
    g_resolver_lookup_records_async (self->resolver, name, G_RESOLVER_RECORD_SRV,
                                     self->cancellable, records_cb, lookup);
  else
    g_resolver_lookup_by_name_with_flags_async (self->resolver, name,
                                                qtype == TYPE_A
                                                  ? G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY
                                                  : G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY,
                                                self->cancellable, addresses_cb, lookup);
  g_main_context_pop_thread_default (self->context);
}

/* ---- queries ---- */

static gboolean
host_label_char (guint8 c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* Reads the question's name at offset 12 into @name (dotted, no final
 * dot). Returns the offset after it, 0 if malformed; @valid says whether
 * it is a host name (or a service label in front of one). */
static gsize
read_name (const guint8 *data,
           gsize         len,
           GString      *name,
           gboolean     *valid)
{
  gsize offset = 12;

  *valid = TRUE;
  while (offset < len)
    {
      guint8 label = data[offset++];

      if (label == 0)
        return name->len <= 253 ? offset : 0;
      /* sofia never compresses its questions; 0x40/0x80 are reserved. */
      if (label > 63 || offset + label > len)
        return 0;
      if (name->len > 0)
        g_string_append_c (name, '.');
      for (guint i = 0; i < label; i++)
        {
          if (!host_label_char (data[offset + i]))
            *valid = FALSE;
          g_string_append_c (name, host_label_char (data[offset + i]) ? (char) data[offset + i] : '?');
        }
      offset += label;
    }
  return 0;
}

static gboolean
same_peer (GSocketAddress *a,
           GSocketAddress *b)
{
  GInetSocketAddress *ia = G_INET_SOCKET_ADDRESS (a);
  GInetSocketAddress *ib = G_INET_SOCKET_ADDRESS (b);

  return g_inet_socket_address_get_port (ia) == g_inet_socket_address_get_port (ib) &&
         g_inet_address_equal (g_inet_socket_address_get_address (ia),
                               g_inet_socket_address_get_address (ib));
}

/* "_sip._udp.Example.COM" -> "example.com": what an SRV, AAAA and A
 * query of one request have in common. */
static char *
domain_of (const char *name)
{
  while (name[0] == '_' && strchr (name, '.') != NULL)
    name = strchr (name, '.') + 1;
  return g_ascii_strdown (name, -1);
}

static void
handle_query (ScSipResolver  *self,
              GSocketAddress *peer,
              const guint8   *data,
              gsize           len)
{
  g_autoptr(GBytes) query = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *domain = NULL;
  gboolean valid;
  gsize question_end;
  guint16 qtype, qclass;
  guint opcode;

  /* A header; not a response; one question. */
  if (len < 12 || (data[2] & 0x80) != 0)
    return;
  query = g_bytes_new (data, len);
  opcode = (data[2] >> 3) & 0x0f;
  if (opcode != 0)
    {
      answer_code (self, peer, query, 12, RCODE_NOTIMP);
      return;
    }
  if (data[4] != 0 || data[5] != 1 ||
      (question_end = read_name (data, len, name, &valid)) == 0 ||
      question_end + 4 > len)
    {
      answer_code (self, peer, query, 12, RCODE_FORMERR);
      return;
    }
  qtype = (guint16) (data[question_end] << 8 | data[question_end + 1]);
  qclass = (guint16) (data[question_end + 2] << 8 | data[question_end + 3]);
  question_end += 4;

  SC_DEBUG ("resolver: query type %u about %s", qtype, name->str);

  if (qclass != CLASS_IN)
    {
      answer_code (self, peer, query, question_end, RCODE_REFUSED);
      return;
    }
  if (!valid || name->len == 0)
    {
      answer_code (self, peer, query, question_end, RCODE_NXDOMAIN);
      return;
    }
  if (qtype != TYPE_A && qtype != TYPE_AAAA && qtype != TYPE_SRV)
    {
      /* No records of that type (NAPTR among them). */
      answer_code (self, peer, query, question_end, RCODE_NOERROR);
      return;
    }

  /* sofia resends a query it has no answer to after a second: the
   * lookup running for it will answer. */
  for (guint i = 0; i < self->lookups->len; i++)
    {
      Lookup *running = g_ptr_array_index (self->lookups, i);

      if (!running->answered && g_bytes_equal (running->query, query) &&
          same_peer (running->peer, peer))
        return;
    }

  domain = domain_of (name->str);
  if (domain_is_failing (self, domain))
    {
      SC_DEBUG ("resolver: %s failed a moment ago", domain);
      answer_code (self, peer, query, question_end, RCODE_SERVFAIL);
      return;
    }
  if (self->lookups->len >= MAX_RUNNING)
    {
      SC_DEBUG ("resolver: %u lookups running already, refusing %s",
                self->lookups->len, name->str);
      answer_code (self, peer, query, question_end, RCODE_SERVFAIL);
      return;
    }
  start_lookup (self, peer, query, question_end, qtype, name->str, domain);
}

static gboolean
socket_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      user_data)
{
  ScSipResolver *self = user_data;
  guint8 buffer[1500];

  /* Bounded, so a flood cannot keep the context here. */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GSocketAddress) peer = NULL;
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_socket_receive_from (socket, &peer, (char *) buffer, sizeof buffer,
                                 NULL, &error);
      if (n < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            SC_DEBUG ("resolver: receive: %s", error->message);
          break;
        }
      handle_query (self, peer, buffer, (gsize) n);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the socket and its resolv.conf ---- */

static GSocket *
bind_loopback (GSocketFamily   family,
               GError        **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, error))
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  return g_steal_pointer (&socket);
}

static gboolean
write_conf (ScSipResolver  *self,
            GError        **error)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;
  g_autofree char *text = NULL;
  GInetSocketAddress *inet;

  local = g_socket_get_local_address (self->socket, error);
  if (local == NULL)
    return FALSE;
  inet = G_INET_SOCKET_ADDRESS (local);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

  self->conf_dir = g_dir_make_tmp ("sessioncore-resolv-XXXXXX", error);
  if (self->conf_dir == NULL)
    return FALSE;
  self->conf_path = g_build_filename (self->conf_dir, "resolv.conf", NULL);
  /* "port" is sofia's own directive: one port for every server. */
  text = g_strdup_printf ("# sessioncore: sofia-sip asks the stack's own resolver\n"
                          "nameserver %s\n"
                          "port %u\n",
                          host, g_inet_socket_address_get_port (inet));
  return g_file_set_contents (self->conf_path, text, -1, error);
}

ScSipResolver *
_sc_sip_resolver_new (GMainContext  *context,
                      GError       **error)
{
  g_autoptr(ScSipResolver) self = g_new0 (ScSipResolver, 1);
  g_autoptr(GError) ipv4_error = NULL;

  self->context = g_main_context_ref (context);
  self->resolver = g_resolver_get_default ();
  self->cancellable = g_cancellable_new ();
  self->failing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->lookups = g_ptr_array_new ();

  self->socket = bind_loopback (G_SOCKET_FAMILY_IPV4, &ipv4_error);
  if (self->socket == NULL)
    self->socket = bind_loopback (G_SOCKET_FAMILY_IPV6, NULL);
  if (self->socket == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&ipv4_error),
                                  "cannot open the resolver's socket on loopback: ");
      return NULL;
    }
  if (!write_conf (self, error))
    return NULL;

  self->source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->source, (GSourceFunc) socket_cb, self, NULL);
  g_source_attach (self->source, self->context);
  return g_steal_pointer (&self);
}

const char *
_sc_sip_resolver_get_conf_path (ScSipResolver *self)
{
  return self->conf_path;
}

void
_sc_sip_resolver_remove_conf (ScSipResolver *self)
{
  if (self->conf_path != NULL)
    g_unlink (self->conf_path);
  if (self->conf_dir != NULL)
    g_rmdir (self->conf_dir);
  g_clear_pointer (&self->conf_path, g_free);
  g_clear_pointer (&self->conf_dir, g_free);
}

void
_sc_sip_resolver_free (ScSipResolver *self)
{
  _sc_sip_resolver_remove_conf (self);

  /* Running lookups call back with CANCELLED on a later turn of the
   * context and free themselves then; they must not touch us. */
  if (self->lookups != NULL)
    {
      for (guint i = 0; i < self->lookups->len; i++)
        {
          Lookup *lookup = g_ptr_array_index (self->lookups, i);

          lookup->self = NULL;
          if (lookup->deadline != NULL)
            {
              g_source_destroy (lookup->deadline);
              g_clear_pointer (&lookup->deadline, g_source_unref);
            }
        }
      g_ptr_array_unref (self->lookups);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_source_unref (self->source);
    }
  g_clear_object (&self->socket);
  g_clear_object (&self->resolver);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->failing, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}
