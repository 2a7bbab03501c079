/* sc-port-pool.c: RTP/RTCP port pairs from a configured range
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A pool hands out even ports p with p + 1 also in the range (RTP on p,
 * RTCP on p + 1, RFC 3550 §11), optionally binding both so that what we
 * announce in SDP is really ours.  The pairs are slots of a bitmap; a
 * search skips whole words of taken slots, so an allocation stays cheap
 * even with thousands of calls up.
 *
 * Threading: not thread-safe.  A pool belongs to one GMainContext and is
 * only touched from it; the media layer gets the sockets from there.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-port-pool.h"

#include "sc-error.h"

#define BITS_PER_WORD (GLIB_SIZEOF_LONG * 8)

typedef struct {
  GSocket *rtp;
  GSocket *rtcp;
} ScPortPair;

struct _ScPortPool {
  GInetAddress *bind_address;
  char         *bind_ip;

  /* As configured, for messages. */
  guint16       first;
  guint16       last;

  /* Slot i is the pair (base + 2 i, base + 2 i + 1). */
  guint         base;
  guint         n_slots;

  /* One bit per slot, set when taken.  The bits past n_slots in the last
   * word are set too, so a search never returns them. */
  gulong       *used;
  guint         n_words;

  /* Where the next search starts: just after the last allocation, so a
   * port that was just released is the last to be handed out again and
   * late packets of the old call do not reach the new one. */
  guint         cursor;

  guint         n_allocated;

  /* port (RTP) → ScPortPair, only for bound pairs. */
  GHashTable   *bound;
};

typedef enum {
  BIND_OK,
  BIND_BUSY,
  BIND_FAILED,
} BindResult;

static void
port_pair_free (gpointer data)
{
  ScPortPair *pair = data;

  /* Close explicitly: the media layer may still hold a reference, but the
   * port has to be free for the next allocation now. */
  g_socket_close (pair->rtp, NULL);
  g_socket_close (pair->rtcp, NULL);
  g_object_unref (pair->rtp);
  g_object_unref (pair->rtcp);
  g_free (pair);
}

static gboolean
slot_is_used (ScPortPool *pool,
              guint       slot)
{
  return (pool->used[slot / BITS_PER_WORD] &
          (1UL << (slot % BITS_PER_WORD))) != 0;
}

static void
slot_set_used (ScPortPool *pool,
               guint       slot,
               gboolean    used)
{
  gulong bit = 1UL << (slot % BITS_PER_WORD);

  if (used)
    pool->used[slot / BITS_PER_WORD] |= bit;
  else
    pool->used[slot / BITS_PER_WORD] &= ~bit;
}

/* The first free slot in [from, to), or G_MAXUINT. */
static guint
find_free_slot (ScPortPool *pool,
                guint       from,
                guint       to)
{
  while (from < to) {
    guint word = from / BITS_PER_WORD;
    guint offset = from % BITS_PER_WORD;
    /* Slots before @from in this word count as taken. */
    gulong taken = pool->used[word] | ((1UL << offset) - 1);
    gint free_bit;

    if (taken != G_MAXULONG) {
      guint slot;

      free_bit = g_bit_nth_lsf (~taken, -1);
      slot = word * BITS_PER_WORD + (guint) free_bit;
      return slot < to ? slot : G_MAXUINT;
    }

    from = (word + 1) * BITS_PER_WORD;
  }

  return G_MAXUINT;
}

static GSocket *
bind_one (ScPortPool *pool,
          guint       port,
          GError    **error)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) address = NULL;

  socket = g_socket_new (g_inet_address_get_family (pool->bind_address),
                         G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP,
                         error);
  if (socket == NULL)
    return NULL;

  address = g_inet_socket_address_new (pool->bind_address, port);
  /* No SO_REUSEADDR/SO_REUSEPORT: a port another process holds must fail
   * here, not be silently shared. */
  if (!g_socket_bind (socket, address, FALSE, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static BindResult
bind_pair (ScPortPool  *pool,
           guint        port,
           ScPortPair **out_pair,
           GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GSocket) rtp = NULL;
  g_autoptr (GSocket) rtcp = NULL;
  ScPortPair *pair;

  rtp = bind_one (pool, port, &local_error);
  if (rtp != NULL)
    rtcp = bind_one (pool, port + 1, &local_error);

  if (rtcp == NULL) {
    if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE)) {
      SC_DEBUG ("RTP port pair %u/%u on %s is busy, skipping it", port,
               port + 1, pool->bind_ip);
      return BIND_BUSY;
    }

    /* Anything else (address not local, no permission) would fail the
     * same way for every pair: give up now rather than walk the range. */
    g_set_error (error, SC_ERROR, SC_ERROR_NETWORK,
                 "Cannot bind RTP port %u on %s: %s",
                 rtp == NULL ? port : port + 1, pool->bind_ip,
                 local_error->message);
    return BIND_FAILED;
  }

  pair = g_new0 (ScPortPair, 1);
  pair->rtp = g_steal_pointer (&rtp);
  pair->rtcp = g_steal_pointer (&rtcp);
  *out_pair = pair;

  return BIND_OK;
}

/* @bind_ip must be an IP address literal (IPv4 or IPv6); it is only used
 * when allocating with bind = TRUE.  Ports are taken in pairs (p even,
 * p + 1), so an odd @first or an even @last leaves its end port unused. */
ScPortPool *
_sc_port_pool_new (const char *bind_ip,
                   guint16     first,
                   guint16     last)
{
  g_autoptr (GInetAddress) bind_address = NULL;
  ScPortPool *pool;
  guint base;

  g_return_val_if_fail (bind_ip != NULL, NULL);
  g_return_val_if_fail (first > 0, NULL);
  g_return_val_if_fail (first <= last, NULL);

  bind_address = g_inet_address_new_from_string (bind_ip);
  g_return_val_if_fail (bind_address != NULL, NULL);

  pool = g_new0 (ScPortPool, 1);
  pool->bind_address = g_steal_pointer (&bind_address);
  pool->bind_ip = g_strdup (bind_ip);
  pool->first = first;
  pool->last = last;

  base = first + (first % 2);
  pool->base = base;
  pool->n_slots = (guint) last >= base + 1 ? ((guint) last - base + 1) / 2 : 0;

  /* At least one word, so the search needs no special case for an empty
   * range: all its bits are "taken". */
  pool->n_words = MAX (1, (pool->n_slots + BITS_PER_WORD - 1) / BITS_PER_WORD);
  pool->used = g_new0 (gulong, pool->n_words);
  for (guint slot = pool->n_slots; slot < pool->n_words * BITS_PER_WORD; slot++)
    slot_set_used (pool, slot, TRUE);

  pool->bound = g_hash_table_new_full (NULL, NULL, NULL, port_pair_free);

  return pool;
}

void
_sc_port_pool_free (ScPortPool *pool)
{
  if (pool == NULL)
    return;

  g_hash_table_unref (pool->bound);
  g_free (pool->used);
  g_free (pool->bind_ip);
  g_object_unref (pool->bind_address);
  g_free (pool);
}

/* Returns the RTP port of a free pair (RTCP is the port + 1), the next free
 * one after the last allocation.  With @bind, both ports are bound on the
 * pool's address and kept for _sc_port_pool_get_rtp_socket() and
 * _sc_port_pool_get_rtcp_socket(); a pair someone else holds is skipped.
 * Returns 0 with SC_ERROR_RESOURCE_LIMIT_EXCEEDED when no pair is left, or
 * SC_ERROR_NETWORK when binding fails for another reason than a busy
 * port. */
guint16
_sc_port_pool_allocate (ScPortPool *pool,
                        gboolean    bind,
                        GError    **error)
{
  g_return_val_if_fail (pool != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  /* The slots from the cursor to the end, then from the start up to the
   * cursor. */
  for (guint pass = 0; pass < 2; pass++) {
    guint slot = pass == 0 ? pool->cursor : 0;
    guint end = pass == 0 ? pool->n_slots : pool->cursor;

    while ((slot = find_free_slot (pool, slot, end)) != G_MAXUINT) {
      guint port = pool->base + 2 * slot;
      ScPortPair *pair = NULL;

      if (bind) {
        switch (bind_pair (pool, port, &pair, error)) {
        case BIND_OK:
          break;
        case BIND_BUSY:
          /* Left free in the bitmap: the other process may let go. */
          slot++;
          continue;
        case BIND_FAILED:
          return 0;
        }

        g_hash_table_insert (pool->bound, GUINT_TO_POINTER (port), pair);
      }

      slot_set_used (pool, slot, TRUE);
      pool->cursor = (slot + 1) % pool->n_slots;
      pool->n_allocated++;

      SC_DEBUG ("RTP ports %u/%u allocated%s%s", port, port + 1,
               bind ? " and bound on " : "", bind ? pool->bind_ip : "");

      return (guint16) port;
    }
  }

  g_set_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED,
               "No free RTP port in range %u-%u", pool->first, pool->last);
  return 0;
}

/* Returns the pair of @port to the pool and closes its sockets, if bound.
 * A port that is not allocated (or not even from this pool) is ignored:
 * call teardown paths may release twice. */
void
_sc_port_pool_release (ScPortPool *pool,
                       guint16     port)
{
  guint slot;

  g_return_if_fail (pool != NULL);

  if (port < pool->base || (port - pool->base) % 2 != 0)
    return;

  slot = (port - pool->base) / 2;
  if (slot >= pool->n_slots || !slot_is_used (pool, slot))
    return;

  g_hash_table_remove (pool->bound, GUINT_TO_POINTER ((guint) port));
  slot_set_used (pool, slot, FALSE);
  pool->n_allocated--;

  SC_DEBUG ("RTP ports %u/%u released", port, port + 1);
}

/* (transfer none) (nullable): the socket bound on @port, or NULL if @port
 * was not allocated with bind = TRUE. */
GSocket *
_sc_port_pool_get_rtp_socket (ScPortPool *pool,
                              guint16     port)
{
  ScPortPair *pair;

  g_return_val_if_fail (pool != NULL, NULL);

  pair = g_hash_table_lookup (pool->bound, GUINT_TO_POINTER ((guint) port));
  return pair != NULL ? pair->rtp : NULL;
}

/* (transfer none) (nullable): the socket bound on @port + 1, where @port
 * is the RTP port _sc_port_pool_allocate() returned. */
GSocket *
_sc_port_pool_get_rtcp_socket (ScPortPool *pool,
                               guint16     port)
{
  ScPortPair *pair;

  g_return_val_if_fail (pool != NULL, NULL);

  pair = g_hash_table_lookup (pool->bound, GUINT_TO_POINTER ((guint) port));
  return pair != NULL ? pair->rtcp : NULL;
}

guint
_sc_port_pool_get_n_allocated (ScPortPool *pool)
{
  g_return_val_if_fail (pool != NULL, 0);

  return pool->n_allocated;
}
