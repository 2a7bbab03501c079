/* test-netfuzz.c: a few thousand mutated SIP datagrams against a session
 * manager over UDP, with liveness and memory checks along the way
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Inside a network namespace of its own (raw-sip.h; every test skips
 * without one), a manager on 127.0.0.1 that accepts every call (media on)
 * gets datagrams from raw UDP sockets on 127.0.0.1: ordinary INVITE (with
 * SDP), REGISTER, OPTIONS, BYE and INFO requests addressed to it (real
 * Call-ID, CSeq, Via with the sender's port and a z9hG4bK branch), mutated
 * deterministically by a seeded GRand: bit flips, random byte runs, NUL
 * bytes, truncation, duplicated and deleted headers, huge values (a 60 KB
 * header value, a Content-Length far past the body, a CSeq of 2^40), Vias
 * with host names, multipart/mixed bodies with garbage parts, random SDP
 * lines. Sent in bursts of 200 with a pause (at most ~2000 datagrams/s),
 * only ever to the server's address. Every 200 to an INVITE that comes
 * back is ACKed and hung up, so calls do not pile up.
 *
 * Every 1000 datagrams and at the end: an OPTIONS from a fresh socket must
 * be answered within 1 s, and VmRSS (the server runs in this process) must
 * not have grown by more than 64 MB. Then a normal INVITE/200/ACK/BYE call
 * must succeed.
 *
 * NETFUZZ_SEED (default: random, printed) and NETFUZZ_COUNT (default 3000)
 * override the seed and the number of datagrams, NETFUZZ_RATE (default
 * 2000) the most datagrams per second; for diagnosis,
 * NETFUZZ_RSS_LIMIT_MB (default 64) and NETFUZZ_SETTLE_S (wait that long
 * after the run, then report VmRSS again).
 */

#include "raw-sip.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WAIT_MS
#define WAIT_MS 5000
#endif
#define BURST 200
#define DEFAULT_RATE 2000               /* datagrams/s at most */
#define CHECK_EVERY 1000
#define N_PEERS 8
/* Under AddressSanitizer VmRSS also holds its quarantine (256 MB) and
 * shadow memory: +68 MB after 1000 datagrams is normal there. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_LIMIT_MB 768
#else
#define RSS_LIMIT_MB 64
#endif
#define MAX_DATAGRAM 65000
/* The longest a call the flood left up may last: an answered INVITE
 * never ACKed ends after the ACK wait (64 x T1, 32 s), then its BYE,
 * which the raw peers never answer, gives up after another 32 s. */
#define SETTLE_BOUND_S (2 * 32 + 6)

typedef struct {
  char       *skip;
  RawServer  *server;
  guint32     seed;
  guint       count;
  guint       rate;
  gsize       rss_limit_kb;
  guint       settle_s;
} Shared;

static Shared shared;

static gsize
read_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  /* What malloc holds but no longer uses is not growth. */
  malloc_trim (0);
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
send_datagram (RawPeer    *peer,
               const void *data,
               gsize       len)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(GError) error = NULL;
      gssize sent = g_socket_send_to (peer->socket, peer->server, data, len,
                                      NULL, &error);

      if (sent >= 0)
        return;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        g_error ("sending %zu bytes: %s", len, error->message);
      g_socket_condition_timed_wait (peer->socket, G_IO_OUT, 100000, NULL, NULL);
    }
}

/* ---- the base messages ---- */

static const char *methods[] = { "INVITE", "REGISTER", "OPTIONS", "BYE", "INFO" };

static char *
make_sdp (GRand *rand)
{
  return g_strdup_printf ("v=0\r\no=- %u 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                          "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                          "m=audio %u RTP/AVP 0 8 101\r\n"
                          "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
                          "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n",
                          g_rand_int (rand), test_discard_port ());
}

/* Headers (index 0: the request line), the body, its type. */
typedef struct {
  GPtrArray *lines;
  GString   *body;
  char      *content_type;
  char      *content_length;    /* NULL: the real length */
} Message;

static void
message_clear (Message *m)
{
  g_ptr_array_unref (m->lines);
  g_string_free (m->body, TRUE);
  g_free (m->content_type);
  g_free (m->content_length);
}

static void
base_message (Message  *m,
              GRand    *rand,
              RawPeer  *peer,
              guint     n)
{
  const char *method = methods[g_rand_int_range (rand, 0, G_N_ELEMENTS (methods))];
  guint sport = peer->server_port, port = peer->port;

  m->lines = g_ptr_array_new_with_free_func (g_free);
  m->body = g_string_new (NULL);
  m->content_type = NULL;
  m->content_length = NULL;

  g_ptr_array_add (m->lines, g_strdup_printf ("%s sip:%s127.0.0.1:%u SIP/2.0", method,
                                              strcmp (method, "REGISTER") ? "agent@" : "",
                                              sport));
  g_ptr_array_add (m->lines, g_strdup_printf ("Via: SIP/2.0/UDP 127.0.0.1:%u;branch=z9hG4bK-nf-%u-%u;rport",
                                              port, n, g_rand_int (rand)));
  g_ptr_array_add (m->lines, g_strdup ("Max-Forwards: 70"));
  g_ptr_array_add (m->lines, g_strdup_printf ("From: <sip:fuzz@127.0.0.1:%u>;tag=nf%u", port,
                                              g_rand_int (rand)));
  if (strcmp (method, "BYE") == 0 || strcmp (method, "INFO") == 0)
    g_ptr_array_add (m->lines, g_strdup_printf ("To: <sip:agent@127.0.0.1:%u>;tag=t%u", sport,
                                                g_rand_int (rand)));
  else
    g_ptr_array_add (m->lines, g_strdup_printf ("To: <sip:agent@127.0.0.1:%u>", sport));
  g_ptr_array_add (m->lines, g_strdup_printf ("Call-ID: nf-%u-%u@127.0.0.1", n, g_rand_int (rand)));
  g_ptr_array_add (m->lines, g_strdup_printf ("CSeq: %u %s", g_rand_int_range (rand, 1, 100000), method));
  g_ptr_array_add (m->lines, g_strdup_printf ("Contact: <sip:fuzz@127.0.0.1:%u>", port));
  if (strcmp (method, "REGISTER") == 0)
    g_ptr_array_add (m->lines, g_strdup ("Expires: 3600"));
  if (strcmp (method, "INVITE") == 0)
    {
      g_autofree char *sdp = make_sdp (rand);

      g_string_assign (m->body, sdp);
      m->content_type = g_strdup ("application/sdp");
    }
  else if (strcmp (method, "INFO") == 0)
    {
      g_string_assign (m->body, "Signal=5\r\nDuration=160\r\n");
      m->content_type = g_strdup ("application/dtmf-relay");
    }
}

/* ---- mutations ---- */

static void
random_bytes (GString *s,
              GRand   *rand,
              guint    n,
              gboolean printable)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, printable ? (char) g_rand_int_range (rand, 0x20, 0x7f)
                                    : (char) g_rand_int_range (rand, 0, 256));
}

static const char *names[] = {
  "Via", "v", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Type",
  "Content-Length", "l", "Max-Forwards", "Route", "Record-Route", "Require",
  "Supported", "Expires", "Session-Expires", "Allow", "Accept", "Event",
  "Authorization", "Proxy-Require", "Min-SE", "Replaces", "Refer-To", "X-Fuzz",
};

static void
mutate_structure (Message *m,
                  GRand   *rand,
                  RawPeer *peer)
{
  guint n = m->lines->len;
  guint i = g_rand_int_range (rand, 1, MAX (2, n));

  switch (g_rand_int_range (rand, 0, 13))
    {
    case 0: /* duplicate a header, 1 to 40 times */
      if (i < n)
        {
          guint copies = g_rand_int_range (rand, 1, 41);

          for (guint k = 0; k < copies; k++)
            g_ptr_array_insert (m->lines, g_rand_int_range (rand, 1, m->lines->len + 1),
                                g_strdup (g_ptr_array_index (m->lines, i)));
        }
      break;
    case 1: /* delete a header */
      if (i < n)
        g_ptr_array_remove_index (m->lines, i);
      break;
    case 2: /* a 60 KB header value */
      {
        GString *v = g_string_new (names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);

        g_string_append (v, ": ");
        if (g_rand_boolean (rand))
          for (guint k = 0; k < 60000; k++)
            g_string_append_c (v, "abc;=,<>@:\" x"[k % 13]);
        else
          random_bytes (v, rand, 60000, TRUE);
        g_ptr_array_insert (m->lines, g_rand_int_range (rand, 1, m->lines->len + 1),
                            g_string_free (v, FALSE));
      }
      break;
    case 3: /* Content-Length far past the body, or nonsense */
      {
        static const char *values[] = { "4294967295", "4294967296", "99999999999999999999",
                                        "-1", "65536", "1000000", "abc", "", "0x10" };

        g_free (m->content_length);
        if (g_rand_boolean (rand))
          m->content_length = g_strdup (values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))]);
        else
          m->content_length = g_strdup_printf ("%u", (guint) m->body->len +
                                               g_rand_int_range (rand, 1, 70000));
      }
      break;
    case 4: /* CSeq of 2^40 and friends */
      {
        static const char *values[] = { "1099511627776", "4294967296", "4294967295",
                                         "0", "-5", "18446744073709551616" };

        for (guint k = 1; k < m->lines->len; k++)
          if (g_str_has_prefix (g_ptr_array_index (m->lines, k), "CSeq:"))
            {
              const char *line0 = g_ptr_array_index (m->lines, 0);
              g_autofree char *name = g_strndup (line0, strcspn (line0, " "));

              g_free (m->lines->pdata[k]);
              m->lines->pdata[k] = g_strdup_printf ("CSeq: %s %s",
                                                    values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))],
                                                    name);
            }
      }
      break;
    case 5: /* a Via with a host name (nothing can leave the namespace) */
      g_ptr_array_insert (m->lines, 1,
                          g_strdup_printf ("Via: SIP/2.0/%s fuzz%u.example%s:%u;branch=z9hG4bK-name%u%s",
                                           g_rand_boolean (rand) ? "UDP" : "TCP",
                                           g_rand_int (rand),
                                           g_rand_boolean (rand) ? ".invalid" : ".com",
                                           g_rand_boolean (rand) ? peer->port : 5060,
                                           g_rand_int (rand),
                                           g_rand_boolean (rand) ? ";rport" : ";maddr=fuzz.example.org"));
      break;
    case 6: /* multipart/mixed with garbage parts */
      {
        g_autofree char *old = g_string_free (m->body, FALSE);
        guint parts = g_rand_int_range (rand, 1, 6);

        m->body = g_string_new (NULL);
        for (guint k = 0; k < parts; k++)
          {
            g_string_append (m->body, "--fuzzb\r\n");
            if (g_rand_boolean (rand))
              g_string_append (m->body, "Content-Type: application/sdp\r\n\r\n");
            else
              {
                random_bytes (m->body, rand, g_rand_int_range (rand, 0, 80), g_rand_boolean (rand));
                g_string_append (m->body, "\r\n\r\n");
              }
            if (g_rand_boolean (rand))
              g_string_append (m->body, old);
            else
              random_bytes (m->body, rand, g_rand_int_range (rand, 0, 400), FALSE);
            g_string_append (m->body, "\r\n");
          }
        if (g_rand_boolean (rand))
          g_string_append (m->body, "--fuzzb--\r\n");
        g_free (m->content_type);
        m->content_type = g_strdup (g_rand_boolean (rand) ? "multipart/mixed;boundary=fuzzb"
                                                          : "multipart/mixed");
      }
      break;
    case 7: /* random SDP lines */
      {
        static const char *lines[] = {
          "m=audio 0 RTP/AVP", "m=audio 65536 RTP/AVP 0", "m=audio 9 RTP/AVP 300 -1",
          "m=video 5000 RTP/AVP 31", "c=IN IP6 ::zz", "c=IN IP4 999.1.1.1", "c=",
          "a=rtpmap:0", "a=rtpmap:96 opus/48000/2", "a=rtpmap:101 telephone-event/0",
          "a=fmtp:101 0-99999", "a=ptime:0", "a=ptime:-20", "a=inactive", "o=",
          "b=AS:99999999999", "t=x y", "v=1", "m=", "a=rtcp:0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x",
        };
        guint k = g_rand_int_range (rand, 1, 6);

        if (m->content_type == NULL)
          {
            g_autofree char *sdp = make_sdp (rand);

            g_string_assign (m->body, sdp);
            m->content_type = g_strdup ("application/sdp");
          }
        while (k--)
          {
            GString *line = g_string_new (NULL);
            /* insert at a line start of the body */
            gsize at = g_rand_int_range (rand, 0, (gint32) m->body->len + 1);
            const char *nl;

            if (g_rand_boolean (rand))
              g_string_append (line, lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))]);
            else
              {
                g_string_append_c (line, (char) g_rand_int_range (rand, 'a', 'z' + 1));
                g_string_append_c (line, '=');
                random_bytes (line, rand, g_rand_int_range (rand, 0, 60), TRUE);
              }
            g_string_append (line, "\r\n");
            nl = memchr (m->body->str + at, '\n', m->body->len - at);
            at = nl ? (gsize) (nl - m->body->str) + 1 : m->body->len;
            g_string_insert_len (m->body, at, line->str, line->len);
            g_string_free (line, TRUE);
          }
      }
      break;
    case 8: /* a random header */
      {
        GString *v = g_string_new (names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);

        g_string_append (v, ": ");
        random_bytes (v, rand, g_rand_int_range (rand, 0, 200), g_rand_int_range (rand, 0, 4) != 0);
        g_ptr_array_insert (m->lines, g_rand_int_range (rand, 1, m->lines->len + 1),
                            g_string_free (v, FALSE));
      }
      break;
    case 9: /* swap two lines (the request line included) */
      if (n > 1)
        {
          guint a = g_rand_int_range (rand, 0, n), b = g_rand_int_range (rand, 0, n);
          gpointer t = m->lines->pdata[a];

          m->lines->pdata[a] = m->lines->pdata[b];
          m->lines->pdata[b] = t;
        }
      break;
    case 10: /* another method in the request line */
      {
        static const char *others[] = { "ACK", "CANCEL", "PRACK", "UPDATE", "REFER", "NOTIFY",
                                        "SUBSCRIBE", "MESSAGE", "PUBLISH", "invite", "FOO" };
        const char *line = g_ptr_array_index (m->lines, 0);
        const char *sp = strchr (line, ' ');

        if (sp != NULL)
          {
            char *new = g_strconcat (others[g_rand_int_range (rand, 0, G_N_ELEMENTS (others))],
                                     sp, NULL);
            g_free (m->lines->pdata[0]);
            m->lines->pdata[0] = new;
          }
      }
      break;
    case 11: /* a header value cut in two by a folded continuation or a bare CR */
      if (i < n)
        {
          char *line = g_ptr_array_index (m->lines, i);
          gsize at = g_rand_int_range (rand, 0, (gint32) strlen (line) + 1);
          const char *fold[] = { "\r\n ", "\r", "\n", "\r\n\t\t", "\r\n" };
          char *new = g_strdup_printf ("%.*s%s%s", (int) at, line,
                                       fold[g_rand_int_range (rand, 0, G_N_ELEMENTS (fold))],
                                       line + at);
          g_free (line);
          m->lines->pdata[i] = new;
        }
      break;
    default: /* empty or odd header names */
      g_ptr_array_insert (m->lines, g_rand_int_range (rand, 1, m->lines->len + 1),
                          g_strdup (g_rand_boolean (rand) ? ":" : " : no name"));
      break;
    }
}

static GByteArray *
assemble (Message *m)
{
  GString *s = g_string_new (NULL);
  gsize len;

  for (guint k = 0; k < m->lines->len; k++)
    {
      g_string_append (s, g_ptr_array_index (m->lines, k));
      g_string_append (s, "\r\n");
    }
  if (m->content_type != NULL)
    g_string_append_printf (s, "Content-Type: %s\r\n", m->content_type);
  if (m->content_length != NULL)
    g_string_append_printf (s, "Content-Length: %s\r\n", m->content_length);
  else
    g_string_append_printf (s, "Content-Length: %zu\r\n", m->body->len);
  g_string_append (s, "\r\n");
  g_string_append_len (s, m->body->str, m->body->len);
  len = s->len;
  return g_byte_array_new_take ((guint8 *) g_string_free (s, FALSE), len);
}

static void
mutate_bytes (GByteArray *b,
              GRand      *rand)
{
  guint len = b->len;

  if (len == 0)
    return;
  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0: /* bit flips */
      for (guint k = g_rand_int_range (rand, 1, 9); k > 0; k--)
        b->data[g_rand_int_range (rand, 0, len)] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
      break;
    case 1: /* a random byte run over what was there */
      {
        guint at = g_rand_int_range (rand, 0, len);
        guint want = (guint) g_rand_int_range (rand, 1, 64);  /* MIN () evaluates twice */
        guint run = MIN (want, len - at);

        for (guint k = 0; k < run; k++)
          b->data[at + k] = (guint8) g_rand_int_range (rand, 0, 256);
      }
      break;
    case 2: /* NUL bytes */
      for (guint k = g_rand_int_range (rand, 1, 4); k > 0; k--)
        {
          guint8 nul = 0;

          if (g_rand_boolean (rand))
            b->data[g_rand_int_range (rand, 0, len)] = 0;
          else
            {
              guint at = g_rand_int_range (rand, 0, b->len);

              g_byte_array_append (b, &nul, 1);
              memmove (b->data + at + 1, b->data + at, b->len - at - 1);
              b->data[at] = 0;
            }
        }
      break;
    case 3: /* truncation */
      g_byte_array_set_size (b, g_rand_int_range (rand, 0, len));
      break;
    default: /* random bytes inserted */
      {
        guint at = g_rand_int_range (rand, 0, len + 1);
        guint run = g_rand_int_range (rand, 1, 32);
        g_autoptr(GByteArray) tail = g_byte_array_new ();

        g_byte_array_append (tail, b->data + at, len - at);
        g_byte_array_set_size (b, at);
        for (guint k = 0; k < run; k++)
          {
            guint8 c = (guint8) g_rand_int_range (rand, 0, 256);

            g_byte_array_append (b, &c, 1);
          }
        g_byte_array_append (b, tail->data, tail->len);
      }
      break;
    }
}

/* ---- what comes back ---- */

typedef struct {
  guint answers;
  guint invites_answered;
  guint ends;
} Stats;

/* ACK and BYE for a 200 to an INVITE, without waiting. */
static void
ack_and_bye (RawPeer    *peer,
             const char *answer)
{
  g_autofree char *from = raw_header_of (answer, "From", "f");
  g_autofree char *to = raw_header_of (answer, "To", "t");
  g_autofree char *call_id = raw_header_of (answer, "Call-ID", "i");
  g_autofree char *cseq = raw_header_of (answer, "CSeq", NULL);
  g_autofree char *contact = raw_header_of (answer, "Contact", "m");
  g_autofree char *target = NULL;
  g_autofree char *b1 = raw_peer_unique (peer, "z9hG4bK-nfack");
  g_autofree char *b2 = raw_peer_unique (peer, "z9hG4bK-nfbye");
  g_autofree char *ack = NULL;
  g_autofree char *bye = NULL;
  guint64 n;

  if (!from || !to || !call_id || !cseq || !contact || !strchr (contact, '<'))
    return;
  target = g_strndup (strchr (contact, '<') + 1, strcspn (strchr (contact, '<') + 1, ">"));
  n = g_ascii_strtoull (cseq, NULL, 10);
  ack = g_strdup_printf ("ACK %s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                         "Max-Forwards: 70\r\nFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\n"
                         "CSeq: %" G_GUINT64_FORMAT " ACK\r\nContent-Length: 0\r\n\r\n",
                         target, peer->port, b1, from, to, call_id, n);
  bye = g_strdup_printf ("BYE %s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                         "Max-Forwards: 70\r\nFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\n"
                         "CSeq: %" G_GUINT64_FORMAT " BYE\r\nContent-Length: 0\r\n\r\n",
                         target, peer->port, b2, from, to, call_id, n + 1);
  send_datagram (peer, ack, strlen (ack));
  send_datagram (peer, bye, strlen (bye));
}

static void
drain (RawPeer *peer,
       Stats   *stats)
{
  char *answer;

  while ((answer = raw_peer_receive (peer, 0, NULL)) != NULL)
    {
      g_autofree char *cseq = raw_header_of (answer, "CSeq", NULL);

      stats->answers++;
      if (raw_status_of (answer) == 200 && cseq != NULL && strstr (cseq, "INVITE") != NULL)
        {
          stats->invites_answered++;
          ack_and_bye (peer, answer);
        }
      g_free (answer);
    }
}

/* ---- the tests ---- */

static gboolean
check_alive (guint  sent,
             gsize  rss0)
{
  RawPeer *probe = raw_peer_new (raw_server_get_port (shared.server));
  gint64 rtt = raw_peer_options (probe, 1000);
  gsize rss = read_rss_kb ();

  raw_peer_free (probe);
  g_test_message ("after %u datagrams: OPTIONS %s%" G_GINT64_FORMAT " us, VmRSS %zu kB (%+zd kB)",
                  sent, rtt < 0 ? "unanswered " : "", rtt, rss, (gssize) rss - (gssize) rss0);
  if (rtt < 0)
    {
      g_test_fail_printf ("NETFUZZ_SEED=%u: no answer to OPTIONS within 1 s after %u datagrams",
                          shared.seed, sent);
      return FALSE;
    }
  if (rss > rss0 + shared.rss_limit_kb)
    {
      g_test_fail_printf ("NETFUZZ_SEED=%u: VmRSS grew by %zu kB (> %zu MB) after %u datagrams",
                          shared.seed, rss - rss0, shared.rss_limit_kb / 1024, sent);
      return FALSE;
    }
  return TRUE;
}

static void
test_mutations (void)
{
  g_autoptr(GRand) rand = NULL;
  RawPeer *peers[N_PEERS];
  Stats stats = { 0 };
  gsize rss0;
  gint64 start, burst_start;
  gint64 burst_min_us = (gint64) BURST * G_USEC_PER_SEC / shared.rate;
  guint sent = 0, bytes_max = 0;

  if (shared.skip != NULL)
    {
      g_test_skip (shared.skip);
      return;
    }
  g_test_summary ("mutated INVITE/REGISTER/OPTIONS/BYE/INFO datagrams: the server keeps "
                  "answering OPTIONS within 1 s and its memory bounded");

  rand = g_rand_new_with_seed (shared.seed);
  for (guint k = 0; k < N_PEERS; k++)
    peers[k] = raw_peer_new (raw_server_get_port (shared.server));
  rss0 = read_rss_kb ();
  g_test_message ("NETFUZZ_SEED=%u NETFUZZ_COUNT=%u NETFUZZ_RATE=%u, server on 127.0.0.1:%u, "
                  "VmRSS %zu kB", shared.seed, shared.count, shared.rate,
                  raw_server_get_port (shared.server), rss0);

  start = burst_start = g_get_monotonic_time ();
  while (sent < shared.count)
    {
      RawPeer *peer = peers[g_rand_int_range (rand, 0, N_PEERS)];
      Message m;
      g_autoptr(GByteArray) bytes = NULL;
      guint n_struct = g_rand_int_range (rand, 0, 4);
      guint n_bytes = g_rand_int_range (rand, 0, 3);

      base_message (&m, rand, peer, sent);
      if (n_struct == 0 && n_bytes == 0)
        n_struct = 1;
      while (n_struct--)
        mutate_structure (&m, rand, peer);
      bytes = assemble (&m);
      message_clear (&m);
      while (n_bytes--)
        mutate_bytes (bytes, rand);
      if (bytes->len > MAX_DATAGRAM)
        g_byte_array_set_size (bytes, MAX_DATAGRAM);
      bytes_max = MAX (bytes_max, bytes->len);
      send_datagram (peer, bytes->data, bytes->len);
      sent++;

      if (sent % BURST == 0 || sent == shared.count)
        {
          gint64 elapsed = g_get_monotonic_time () - burst_start;

          if (elapsed < burst_min_us)
            g_usleep (burst_min_us - elapsed);
          for (guint k = 0; k < N_PEERS; k++)
            drain (peers[k], &stats);
          burst_start = g_get_monotonic_time ();
        }
      if (sent % CHECK_EVERY == 0 && sent < shared.count && !check_alive (sent, rss0))
        break;
    }

  if (sent == shared.count)
    {
      /* A moment for the last answers, then the final check. */
      g_usleep (200000);
      for (guint k = 0; k < N_PEERS; k++)
        drain (peers[k], &stats);
      check_alive (sent, rss0);
    }
  g_test_message ("RESULT seed=%u sent=%u in %.1f s, largest %u bytes, %u answers, "
                  "%u INVITEs answered 200 (ACKed, hung up), incoming calls %u, ended %u, "
                  "VmRSS %+zd kB",
                  shared.seed, sent, (g_get_monotonic_time () - start) / 1e6, bytes_max,
                  stats.answers, stats.invites_answered,
                  raw_server_n_incoming (shared.server), raw_server_n_ended (shared.server),
                  (gssize) read_rss_kb () - (gssize) rss0);
  if (shared.settle_s > 0)
    {
      /* Lets the transactions' 32 s linger pass: what is left is kept for good. */
      g_usleep ((gulong) shared.settle_s * G_USEC_PER_SEC);
      for (guint k = 0; k < N_PEERS; k++)
        drain (peers[k], &stats);
      g_test_message ("RESULT after %u s more: VmRSS %+zd kB", shared.settle_s,
                      (gssize) read_rss_kb () - (gssize) rss0);
    }
  for (guint k = 0; k < N_PEERS; k++)
    raw_peer_free (peers[k]);
}

/* One INVITE/200/ACK/BYE over a fresh socket: the INVITE's final status
 * (0 without one within WAIT_MS), *bye_ok when the BYE got its 200. */
static guint
normal_call (gboolean *bye_ok)
{
  RawPeer *peer = raw_peer_new (raw_server_get_port (shared.server));
  g_autofree char *branch = raw_peer_unique (peer, "z9hG4bK-normal");
  g_autofree char *invite = NULL;
  g_autofree char *sdp = NULL;
  guint status = 0;
  gint64 deadline;

  *bye_ok = FALSE;
  sdp = g_strdup_printf ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                         "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                         "m=audio %u RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
                         test_discard_port ());
  invite = g_strdup_printf ("INVITE sip:agent@127.0.0.1:%u SIP/2.0\r\n"
                            "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                            "Max-Forwards: 70\r\n"
                            "From: <sip:caller@127.0.0.1:%u>;tag=t%s\r\n"
                            "To: <sip:agent@127.0.0.1:%u>\r\n"
                            "Call-ID: normal-%s\r\n"
                            "CSeq: 1 INVITE\r\n"
                            "Contact: <sip:caller@127.0.0.1:%u>\r\n"
                            "Content-Type: application/sdp\r\n"
                            "Content-Length: %zu\r\n\r\n%s",
                            peer->server_port, peer->port, branch, peer->port, branch,
                            peer->server_port, branch, peer->port, strlen (sdp), sdp);
  raw_peer_send_text (peer, invite);

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (g_get_monotonic_time () < deadline && !*bye_ok && (status == 0 || status == 200))
    {
      g_autofree char *answer = raw_peer_receive (peer, 100, NULL);
      g_autofree char *cseq = answer ? raw_header_of (answer, "CSeq", NULL) : NULL;

      if (answer == NULL || raw_status_of (answer) < 200 || cseq == NULL)
        continue;
      if (strstr (cseq, "INVITE") != NULL && status == 0)
        {
          status = raw_status_of (answer);
          if (status == 200)
            ack_and_bye (peer, answer);
        }
      else if (strstr (cseq, "BYE") != NULL)
        {
          g_assert_cmpuint (raw_status_of (answer), ==, 200);
          *bye_ok = TRUE;
        }
    }
  if (status == 200)
    g_assert_cmpint (raw_peer_options (peer, 1000), >=, 0);
  raw_peer_free (peer);
  return status;
}

static void
test_normal_call (void)
{
  gint64 start, deadline;
  guint attempts = 0, status;
  gboolean bye_ok = FALSE;

  if (shared.skip != NULL)
    {
      g_test_skip (shared.skip);
      return;
    }
  g_test_summary ("after the mutated datagrams, a normal call is answered, ACKed and hung "
                  "up, at the latest once the calls still up have had their time");

  /* The calls the flood left up are answered ones whose ACK never came
   * (a folded Call-ID or From the raw peers copy wrong, an answer they
   * never read): each ends after the ACK wait and the BYE that follows
   * it, unanswered by the raw peers (64 x T1 each: 64 s). Until then
   * they may hold every media port of the manager's small range, and a
   * new INVITE gets 503 (RESOURCE_LIMIT_EXCEEDED), as it should. */
  start = g_get_monotonic_time ();
  deadline = start + SETTLE_BOUND_S * G_USEC_PER_SEC;
  do
    {
      if (attempts++ > 0)
        g_usleep (G_USEC_PER_SEC);
      status = normal_call (&bye_ok);
    }
  while (status == 503 && g_get_monotonic_time () < deadline);

  g_test_message ("RESULT normal call: %u after %u attempt%s, %.1f s; calls still up: %u "
                  "(incoming %u, ended %u)",
                  status, attempts, attempts == 1 ? "" : "s",
                  (g_get_monotonic_time () - start) / 1e6,
                  raw_server_n_incoming (shared.server) - raw_server_n_ended (shared.server),
                  raw_server_n_incoming (shared.server), raw_server_n_ended (shared.server));
  if (status != 200)
    g_test_fail_printf ("NETFUZZ_SEED=%u: the normal INVITE got %u, not 200, %u s after the "
                        "flood", shared.seed, status, SETTLE_BOUND_S);
  else if (!bye_ok)
    g_test_fail_printf ("NETFUZZ_SEED=%u: the normal BYE got no 200", shared.seed);
}

int
main (int   argc,
      char *argv[])
{
  RawServerOptions options = { 0 };
  const char *seed = g_getenv ("NETFUZZ_SEED");
  const char *count = g_getenv ("NETFUZZ_COUNT");
  const char *rate = g_getenv ("NETFUZZ_RATE");
  int status;

  shared.skip = raw_netns_enter (argc, argv);
  g_test_init (&argc, &argv, NULL);

  shared.seed = seed && *seed ? (guint32) g_ascii_strtoull (seed, NULL, 10) : g_random_int ();
  shared.count = count && *count ? (guint) g_ascii_strtoull (count, NULL, 10) : 3000;
  shared.rate = rate && *rate ? (guint) g_ascii_strtoull (rate, NULL, 10) : DEFAULT_RATE;
  if (shared.rate == 0)
    shared.rate = DEFAULT_RATE;
  /* Diagnosis only: NETFUZZ_RSS_LIMIT_MB (default 64), NETFUZZ_SETTLE_S (wait
   * after the run and report VmRSS again). */
  shared.rss_limit_kb = (gsize) (g_getenv ("NETFUZZ_RSS_LIMIT_MB") ?
                                 g_ascii_strtoull (g_getenv ("NETFUZZ_RSS_LIMIT_MB"), NULL, 10) :
                                 RSS_LIMIT_MB) * 1024;
  shared.settle_s = g_getenv ("NETFUZZ_SETTLE_S") ?
                    (guint) g_ascii_strtoull (g_getenv ("NETFUZZ_SETTLE_S"), NULL, 10) : 0;
  if (shared.skip == NULL)
    shared.server = raw_server_start (&options);

  g_test_add_func ("/netfuzz/mutations", test_mutations);
  g_test_add_func ("/netfuzz/normal-call-still-works", test_normal_call);
  status = g_test_run ();

  g_clear_pointer (&shared.server, raw_server_stop);
  g_free (shared.skip);
  return status;
}
