/* sc-sip-parser.c: the SIP parser the stack uses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sofia-sip routes the response to a request by its top Via (nta.c,
 * nta_tpn_by_via ()): to "maddr" when there is one, else to "received",
 * else to the sent-by host; over the Via's transport. For a request that
 * came in a datagram, that lets the sender make us
 *
 * - resolve a name of its choosing, with a blocking getaddrinfo () in the
 *   main loop (tport_resolve ()): a maddr, or the sent-by host of a
 *   request answered before nta adds "received" (505 to an unknown
 *   version, 413 to an oversized request);
 * - answer somewhere else, or over TCP to an address that never
 *   connected (a TCP or TLS Via in a UDP datagram is dropped without an
 *   answer at all by nta's Via check).
 *
 * RFC 3581 answers from where the request came: so, for every request
 * that arrives in a datagram, before nta looks at it, the top Via gets
 * the transport it really came over ("SIP/2.0/UDP", also for another
 * version: only then does nta honour rport) and loses its maddr; nta's Via check
 * then adds received= (the sent-by host differs from the source) and
 * rport= (NTATAG_SERVER_RPORT (2), sc-sip-stack.c), and the answer goes
 * to the source address and port. A request of another SIP version gets
 * both here, as nta answers it 505 before its check. Requests over TCP
 * and TLS are answered on their connection and are left alone.
 *
 * The place for that is the message class's body extractor: sofia calls
 * it once the header section of a message is parsed, with the message
 * itself (whose address is the sender's by then, tport_recv_dgram ()),
 * before the message reaches nta.
 *
 * Two more rules make valid requests parse (RFC 4475 3.1.1.2, "intmeth"),
 * which sofia would otherwise drop as garbage, without an answer:
 *
 * - a method is an RFC 3261 token, '+' and '`' included; sofia's
 *   sip_method_d () only takes "unreserved" characters for methods it
 *   does not know. A request line or CSeq whose method has one of these
 *   is read by our parser instead, sofia's pieces but a token for the
 *   method (an unknown method then gets nua's 501, as it should);
 * - a NUL is allowed in a quoted-pair (a display name's "\<NUL>"), but
 *   sofia reads headers as C strings and a NUL cuts the header in two:
 *   NULs in the header section become spaces before any header is read.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-sip-parser-private.h"

#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/msg_buffer.h>
#include <sofia-sip/msg_parser.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_parser.h>
#include <sofia-sip/su_string.h>
#include <sofia-sip/url.h>

static issize_t (*sofia_extract_body) (msg_t *, msg_pub_t *, char [], isize_t, int);

/* Our copies of two header classes, differing in hc_parse only. Parsed
 * headers get sofia's own class back (its encoders assert on it). */
static struct msg_hclass_s request_class;
static struct msg_hclass_s cseq_class;

/* ---- methods are tokens ---- */

/* RFC 3261: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" /
 * "+" / "`" / "'" / "~"). */
static gboolean
is_token (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && strchr ("-.!%*_+`'~", *s) == NULL)
      return FALSE;
  return TRUE;
}

/* NULs between the request line and the end of the header section
 * become spaces. The request line itself is left alone: sofia has put a
 * NUL at its end already, for the parser. */
static void
blank_nuls (msg_t *msg)
{
  char *data = msg_buf_committed_data (msg);
  usize_t len = msg_buf_committed (msg);
  char *start = data ? memchr (data, '\n', len) : NULL;

  /* Almost always none at all. */
  if (start == NULL || memchr (start, '\0', len - (usize_t) (start - data)) == NULL)
    return;
  for (usize_t i = (usize_t) (start - data) + 1; i < len; i++)
    {
      if (data[i] == '\0')
        data[i] = ' ';
      else if (data[i] == '\n' && (i + 1 == len || data[i + 1] == '\n' ||
                                   (data[i + 1] == '\r' && i + 2 < len && data[i + 2] == '\n')))
        break;
    }
}

/* Whether the method at @s (up to the first white space) is one sofia
 * refuses although it is a token: it has a '+' or a '`'. */
static gboolean
needs_our_method (const char *s)
{
  gsize n = strcspn (s, " \t\r\n");

  return memchr (s, '+', n) != NULL || memchr (s, '`', n) != NULL;
}

static issize_t
request_d (su_home_t    *home,
           msg_header_t *h,
           char         *s,
           isize_t       slen)
{
  sip_request_t *rq = (sip_request_t *) h;
  char *uri, *version;
  issize_t retval = -1;

  /* The request line is read first, from the message itself (its home). */
  blank_nuls ((msg_t *) home);

  if (!needs_our_method (s))
    retval = sip_request_class->hc_parse (home, h, s, slen);
  else if (msg_firstline_d (s, &uri, &version) >= 0 && uri != NULL &&
           version != NULL && is_token (s) && url_d (rq->rq_url, uri) >= 0 &&
           sip_version_d (&version, &rq->rq_version) >= 0 && *version == '\0')
    {
      rq->rq_method = sip_method_unknown;
      rq->rq_method_name = s;
      retval = 0;
    }
  h->sh_class = sip_request_class;
  return retval;
}

static issize_t
cseq_d (su_home_t    *home,
        msg_header_t *h,
        char         *s,
        isize_t       slen)
{
  sip_cseq_t *cs = (sip_cseq_t *) h;
  char *method;
  guint64 seq;
  issize_t retval = -1;

  /* 1*DIGIT LWS Method, the number under 2**31 (RFC 3261 8.1.1.5). */
  seq = g_ascii_strtoull (s, &method, 10);
  if (method == s || !g_ascii_isspace (*method))
    retval = sip_cseq_class->hc_parse (home, h, s, slen);
  else
    {
      while (g_ascii_isspace (*method))
        method++;
      if (!needs_our_method (method))
        retval = sip_cseq_class->hc_parse (home, h, s, slen);
      else if (g_ascii_isdigit (s[0]) && seq < G_GUINT64_CONSTANT (0x80000000) &&
               is_token (g_strchomp (method)))
        {
          cs->cs_seq = (uint32_t) seq;
          cs->cs_method = sip_method_unknown;
          cs->cs_method_name = method;
          retval = 0;
        }
    }
  /* sofia takes any 32-bit number. A request numbered 2**31 or more is
   * refused (400, as a CSeq that does not parse): a dialog started by
   * an INVITE numbered 2**32 - 1 (netfuzz sends one) is one in which the
   * caller can never send another request, not even its BYE (each must
   * be numbered higher, RFC 3261 12.2.1.1), and the call held its
   * session and media ports until the session timeout (an hour by
   * default). Our own requests start under 2**27 (nta_leg_tcreate ()),
   * so no answer to them is refused this way. */
  if (retval == 0 && cs->cs_seq >= 0x80000000U)
    retval = -1;
  h->sh_class = sip_cseq_class;
  return retval;
}

/* The top Via of a request received in a datagram, made to say so. */
static void
answer_at_source (msg_t *msg,
                  sip_t *sip)
{
  su_home_t *home = msg_home (msg);
  su_addrinfo_t const *ai = msg_addrinfo (msg);
  sip_via_t *v = sip->sip_via;
  char host[NI_MAXHOST], port[NI_MAXSERV];

  if (v == NULL || ai == NULL || ai->ai_protocol != IPPROTO_UDP)
    return;

  /* It came over UDP: "SIP/2.0/TCP", "SIP/7.0/UDP" -> "SIP/2.0/UDP",
   * what nta's Via check wants, and what makes nta use rport. */
  if (v->v_protocol == NULL || !su_casematch (v->v_protocol, sip_transport_udp))
    {
      v->v_protocol = sip_transport_udp;
      msg_fragment_clear (v->v_common);
    }

  if (v->v_maddr != NULL)
    msg_header_remove_param (v->v_common, "maddr");

  /* nta answers 505 to another version before its Via check would add
   * received= and rport=: add them ourselves then (the check replaces
   * both otherwise, and complains of a "received" it did not write). */
  if (!su_casematch (sip->sip_request->rq_version, sip_version_2_0) &&
      ai->ai_addr != NULL &&
      getnameinfo (ai->ai_addr, (socklen_t) ai->ai_addrlen, host, sizeof host,
                   port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) == 0)
    {
      msg_header_replace_param (home, v->v_common, su_sprintf (home, "received=%s", host));
      msg_header_replace_param (home, v->v_common, su_sprintf (home, "rport=%s", port));
    }
}

/* ---- dialog targets sofia can send to ---- */

static gboolean
is_sip_target (url_t const *url)
{
  return (url->url_type == url_sip || url->url_type == url_sips) &&
         url->url_host != NULL && url->url_host[0] != '\0';
}

/* Requests and responses whose Contact and Record-Route become the
 * target and route of a dialog's later requests (RFC 3261 12.1, 12.2). */
static gboolean
sets_dialog_target (sip_method_t method)
{
  return method == sip_method_invite || method == sip_method_update ||
         method == sip_method_subscribe || method == sip_method_notify ||
         method == sip_method_refer;
}

/* Requests that, outside a dialog, create one (RFC 3261 12.1, RFC 3515,
 * RFC 6665). */
static gboolean
creates_dialog (sip_method_t method)
{
  return method == sip_method_invite || method == sip_method_subscribe ||
         method == sip_method_refer;
}

/* A Contact or Record-Route that is not a sip: or sips: URI with a host
 * would become the target or route of the dialog's requests, and nta
 * cannot send to it: nta_outgoing_mcreate () fails at once, and nua
 * answers that failure of an in-dialog request by shutting the session
 * down with a BYE, which fails the same way, and so on until the stack
 * overflows (issue 7, defect 3: one INVITE with Contact: <tel:…>, never
 * ACKed, crashes the server when the ACK wait ends). Nothing we do later
 * can stop that: the recursion runs inside one call from nta's timer
 * into nua, and nua queues its events to us (nua_stack_event ()), so our
 * callback would hear of the first failed BYE only after the stack is
 * gone. RFC 3261 8.1.1.8 wants a SIP or SIPS URI there. Such a message is
 * marked bad: nta answers a request 400 (before anything creates a
 * dialog) and drops a response.
 *
 * nta fails at once only on the URI it takes the first hop from (the
 * top Route, or the Request-URI: nta_tpn_by_url () takes sip:, sips:,
 * im: and pres:, nothing else); everything else it cannot send to (a
 * transport it has not, sips: without TLS, an IPv6 address on an IPv4
 * stack, port 0, a name that does not resolve) fails later, from the
 * main loop, and nua then ends the call without another BYE.
 *
 * A request that creates a dialog without a Contact leaves nta no target
 * but its From URI (nta_msg_request_complete () falls back on the To of
 * our requests, that is the peer's From): it is held to the same rule.
 * (RFC 3261 8.1.1.8 wants a Contact there; one that names a SIP URI is
 * let through, as before, and our BYE goes to it.) A response without a
 * Contact leaves the target ours: the Request-URI the application chose. */
static void
check_dialog_targets (msg_t *msg,
                      sip_t *sip)
{
  char const *bad = NULL;
  sip_method_t method = sip->sip_request ? sip->sip_request->rq_method
                      : sip->sip_cseq ? sip->sip_cseq->cs_method
                      : sip_method_unknown;

  /* Of responses, those that make or confirm a dialog: the Contacts of
   * a 3xx are alternatives for the application to choose from. */
  if (sip->sip_status != NULL &&
      (sip->sip_status->st_status <= 100 || sip->sip_status->st_status >= 300))
    return;
  if (!sets_dialog_target (method) || (sip->sip_flags & MSG_FLG_TRUNC))
    return;
  for (sip_contact_t const *m = sip->sip_contact; m != NULL && bad == NULL; m = m->m_next)
    if (!is_sip_target (m->m_url))
      bad = "Contact";
  for (sip_record_route_t const *r = sip->sip_record_route; r != NULL && bad == NULL; r = r->r_next)
    if (!is_sip_target (r->r_url))
      bad = "Record-Route";
  if (bad == NULL && sip->sip_request != NULL && sip->sip_contact == NULL &&
      creates_dialog (method) && sip->sip_to != NULL && sip->sip_to->a_tag == NULL &&
      sip->sip_from != NULL && !is_sip_target (sip->sip_from->a_url))
    bad = "From (and no Contact)";
  if (bad == NULL)
    return;

  /* nta's sanity check fails a message so flagged: 400 to a request,
   * nothing to a response. */
  SC_DEBUG ("%s with a %s that is no SIP URI: refused",
            sip->sip_request ? sip->sip_request->rq_method_name : "response", bad);
  sip->sip_flags |= MSG_FLG_TRUNC;
}

static issize_t
extract_body (msg_t     *msg,
              msg_pub_t *pub,
              char       b[],
              isize_t    bsiz,
              int        eos)
{
  sip_t *sip = (sip_t *) pub;

  /* Called again while a stream's body is incomplete: harmless, the
   * result is the same each time. */
  if (sip != NULL && sip->sip_request != NULL)
    answer_at_source (msg, sip);
  if (sip != NULL)
    check_dialog_targets (msg, sip);
  return sofia_extract_body (msg, pub, b, bsiz, eos);
}

/* Makes @mc parse the header of class @original with @ours. sofia finds
 * the class to parse a header with by name, and the place of a header
 * in the message by its class (msg_hclass_offset () compares pointers:
 * nua builds its requests with sofia's own classes); both walk the hash
 * table from the same slot. So @ours takes @original's slot, to be found
 * first by name, and @original moves to the next free slot, where the
 * walk by class still reaches it. */
static gboolean
parse_with (msg_mclass_t       *mc,
            msg_hclass_t const *original,
            msg_hclass_t       *ours)
{
  int n = mc->mc_hash_size;

  for (int i = 0; i < n; i++)
    {
      if (mc->mc_hash[i].hr_class != original)
        continue;
      for (int k = 1; k < n; k++)
        {
          int j = (i + k) % n;

          if (mc->mc_hash[j].hr_class != NULL)
            continue;
          mc->mc_hash[j] = mc->mc_hash[i];
          mc->mc_hash[i].hr_class = ours;
          mc->mc_hash_used++;
          return TRUE;
        }
      return FALSE;
    }
  return FALSE;
}

msg_mclass_t const *
_sc_sip_parser_get_mclass (void)
{
  static msg_mclass_t *mclass;

  if (g_once_init_enter (&mclass))
    {
      msg_mclass_t *clone = msg_mclass_clone (sip_default_mclass (), 0, 0);

      g_assert (clone != NULL);
      sofia_extract_body = clone->mc_extract_body;
      clone->mc_extract_body = extract_body;

      request_class = *sip_request_class;
      request_class.hc_parse = request_d;
      clone->mc_request->hr_class = &request_class;

      cseq_class = *sip_cseq_class;
      cseq_class.hc_parse = cseq_d;
      if (!parse_with (clone, sip_cseq_class, &cseq_class))
        g_error ("sofia-sip's parser has no CSeq header");
      g_once_init_leave (&mclass, clone);
    }
  return mclass;
}
