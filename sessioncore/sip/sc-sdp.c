/* sc-sdp.c: SDP offer/answer for G.711 audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Parsing goes through sofia-sip's SDP parser: it already knows the
 * well-known static payload types, folds a=rtpmap/a=fmtp into
 * sdp_rtpmap_t and resolves media-level over session-level direction
 * attributes (m_mode).  Every text is checked line by line before sofia
 * sees it (check_text (), which says why).  Generating is a fixed
 * template, because we only ever produce one shape of SDP and a template
 * is easier to read than a hand-assembled sdp_session_t.
 *
 * Everything here is pure computation on strings: callable from any
 * thread.
 */

#include "config.h"

#include "sc-sdp.h"

#include <string.h>

#include <gio/gio.h>

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/sdp.h>

#include "sc-error.h"

typedef struct {
  int         pt;
  const char *name;
  guint       rate;
} ScSdpFormat;

/* In our order of preference for offers; answers follow the offer's order
 * instead (RFC 3264 §6.1 lets the answerer pick, and honouring the
 * offerer's preference is what peers expect). */
static const ScSdpFormat supported_formats[] = {
  { SC_SDP_PT_PCMU, "PCMU", 8000 },
  { SC_SDP_PT_PCMA, "PCMA", 8000 },
};

static void
set_negotiation_error (GError    **error,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
set_negotiation_error (GError    **error,
                       const char *format,
                       ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SC_ERROR, SC_ERROR_SDP_NEGOTIATION_FAILED,
               "SDP negotiation failed: %s", reason);
}

static gboolean
direction_sends (ScSdpDirection direction)
{
  return direction == SC_SDP_SENDRECV || direction == SC_SDP_SENDONLY;
}

static gboolean
direction_receives (ScSdpDirection direction)
{
  return direction == SC_SDP_SENDRECV || direction == SC_SDP_RECVONLY;
}

static ScSdpDirection
direction_from_flags (gboolean sends,
                      gboolean receives)
{
  if (sends && receives)
    return SC_SDP_SENDRECV;
  if (sends)
    return SC_SDP_SENDONLY;
  if (receives)
    return SC_SDP_RECVONLY;
  return SC_SDP_INACTIVE;
}

static ScSdpDirection
direction_from_mode (unsigned mode)
{
  return direction_from_flags ((mode & sdp_sendonly) != 0,
                               (mode & sdp_recvonly) != 0);
}

/* The codec of @rm if it is one we can decode, by name: a dynamic payload
 * number mapped to PCMU is as good as 0.  Sofia fills rm_encoding from its
 * table of well-known payloads when there is no a=rtpmap, so static 0 and
 * 8 need no special case. */
static const ScSdpFormat *
lookup_format (const sdp_rtpmap_t *rm)
{
  if (rm->rm_encoding == NULL)
    return NULL;

  /* PCMU/8000/2 would be stereo, which we do not decode. */
  if (rm->rm_params != NULL && g_strcmp0 (rm->rm_params, "1") != 0)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (supported_formats); i++) {
    const ScSdpFormat *format = &supported_formats[i];

    if (g_ascii_strcasecmp (rm->rm_encoding, format->name) == 0 &&
        rm->rm_rate == format->rate)
      return format;
  }

  return NULL;
}

static const ScSdpFormat *
lookup_format_by_pt (int pt)
{
  for (gsize i = 0; i < G_N_ELEMENTS (supported_formats); i++)
    if (supported_formats[i].pt == pt)
      return &supported_formats[i];

  return NULL;
}

static gboolean
is_telephone_event (const sdp_rtpmap_t *rm)
{
  /* Only the 8 kHz one: a telephone-event/48000 belongs to Opus. */
  return rm->rm_encoding != NULL &&
         g_ascii_strcasecmp (rm->rm_encoding, "telephone-event") == 0 &&
         rm->rm_rate == 8000;
}

static const char *
addrtype_of (const char *address)
{
  g_autoptr (GInetAddress) inet = NULL;

  /* A host name is written as IP4: that is what every peer assumes. */
  if (!g_hostname_is_ip_address (address))
    return "IP4";

  inet = g_inet_address_new_from_string (address);
  if (inet != NULL &&
      g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return "IP6";

  return "IP4";
}

/* ------------------------------------------------------------------ */
/* The text check every SDP passes before sofia-sip sees it            */

/* Debian's sofia-sip (1.12.11+20110422) cannot be handed SDP from the
 * network as it is.  In sdp_parse.c, parse_media () reads the format
 * list of an m= line whose transport it does not know (not RTP/AVP,
 * RTP/SAVP, ...) in this loop:
 *
 *     while (r && *r) {
 *       PARSE_ALLOC(p, sdp_list_t, l);
 *       *fmt = l;
 *       l->l_text = token(&r, SPACE TAB, TOKEN, SPACE TAB);
 *       fmt = &l->l_next;
 *     }
 *
 * token () returns NULL without moving r when the next character is
 * neither a token character nor a space, and nothing checks for it: a
 * format such as "\x80" or "@" ("m=audio 40000 RTP/CVP \x80") allocates
 * one sdp_list_t after another, without end, until malloc fails (1 GB in
 * about two seconds, on the main thread).  Upstream fixed it in 2022
 * (freeswitch/sofia-sip a953f25, "fix parse m-line"); the Debian package
 * predates that.
 *
 * So every SDP is checked here against RFC 4566's grammar, line by line,
 * first: <type>=<value> lines, type one lower-case letter, CRLF or LF
 * line ends, UTF-8 text without control characters, bounded sizes, and
 * m= lines whose every field is a token.  A body that fails is malformed
 * (400 at admission) and sofia never sees it.  GStreamer's SDP parser is
 * no help as a second opinion: gst_sdp_message_parse_buffer () returns
 * GST_SDP_OK for that m= line, and for "hello" too.
 *
 * The same pass hides from sofia the a=rtpmap lines it would refuse the
 * whole body for (sofia fails an SDP on "a=rtpmap:31 LPC", which has no
 * clock rate, RFC 4475's torture messages carry it): an rtpmap we cannot
 * read describes a codec we cannot use, and the offer is still answered
 * with the codecs we share (RFC 3264 6.1).  It also hides r= and z=
 * lines, and holds t= to its grammar, for two faults fuzzing found in
 * sofia's parser (with its sdp_parse.c built instrumented), both harmless
 * in Debian's build but undefined behaviour: parse_zone () overflows a
 * signed long on a large offset ("z=1 9223372036854775807h"), and after
 * a t= it cannot read ("t=x") parse_message () takes the address of a
 * member of a session its error message has just overwritten (error and
 * session share a union).  Repeat times and time zones mean nothing to a
 * call (RFC 3264 5: "t=0 0"). */

/* Larger than any UDP datagram can carry, and twice what a WebRTC offer
 * with many candidates needs. */
#define MAX_SDP_LENGTH  65535
/* A long a=fmtp or a=candidate line is a few hundred bytes. */
#define MAX_LINE_LENGTH 4096

static void
set_malformed_error (GError    **error,
                     guint       line,
                     const char *format,
                     ...) G_GNUC_PRINTF (3, 4);

static void
set_malformed_error (GError    **error,
                     guint       line,
                     const char *format,
                     ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    set_negotiation_error (error, "malformed SDP: line %u: %s", line, reason);
  else
    set_negotiation_error (error, "malformed SDP: %s", reason);
}

/* RFC 4566 token-char: the same set as sofia's TOKEN. */
static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) ||
         (c != '\0' && strchr ("!#$%&'*+-.^_`{|}~", c) != NULL);
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Skips a token in [*p, end); FALSE if there is none. */
static gboolean
skip_token (const char **p,
            const char  *end)
{
  const char *start = *p;

  while (*p < end && is_token_char (**p))
    (*p)++;
  return *p > start;
}

static gboolean
skip_blanks (const char **p,
             const char  *end)
{
  const char *start = *p;

  while (*p < end && is_blank (**p))
    (*p)++;
  return *p > start;
}

/* Skips 1*DIGIT; FALSE if there is none or it is above @max. */
static gboolean
skip_number (const char **p,
             const char  *end,
             guint64      max)
{
  const char *start = *p;
  guint64 value = 0;

  while (*p < end && g_ascii_isdigit (**p)) {
    guint64 digit = (guint64) (**p - '0');

    if (value > (max - digit) / 10)
      return FALSE;
    value = value * 10 + digit;
    (*p)++;
  }
  return *p > start;
}

/* m=<media> <port>[/<number>] <proto> <fmt> ... (RFC 4566 5.14), where
 * media, proto's parts and every fmt are tokens.  Runs of blanks are
 * tolerated between fields and at the end, as sofia does. */
static gboolean
media_line_is_valid (const char *p,
                     const char *end)
{
  guint n_formats = 0;

  if (!skip_token (&p, end) || !skip_blanks (&p, end))
    return FALSE;

  if (!skip_number (&p, end, G_MAXUINT16))
    return FALSE;
  if (p < end && *p == '/') {
    p++;
    if (!skip_number (&p, end, G_MAXUINT16))
      return FALSE;
  }
  if (!skip_blanks (&p, end))
    return FALSE;

  if (!skip_token (&p, end))
    return FALSE;
  while (p < end && *p == '/') {
    p++;
    if (!skip_token (&p, end))
      return FALSE;
  }

  while (p < end) {
    if (!skip_blanks (&p, end))
      return FALSE;
    if (p == end)
      break;
    if (!skip_token (&p, end))
      return FALSE;
    n_formats++;
  }

  return n_formats > 0;
}

/* t=<start-time> <stop-time> (RFC 4566 5.9), blanks tolerated. */
static gboolean
time_line_is_valid (const char *p,
                    const char *end)
{
  if (!skip_number (&p, end, G_MAXUINT64) || !skip_blanks (&p, end) ||
      !skip_number (&p, end, G_MAXUINT64))
    return FALSE;
  skip_blanks (&p, end);
  return p == end;
}

/* The value of an a=rtpmap that sofia reads without error: <payload
 * type> <encoding name>/<clock rate>[/<encoding parameters>]. */
static gboolean
rtpmap_is_readable (const char *p,
                    const char *end)
{
  skip_blanks (&p, end);
  if (!skip_number (&p, end, 127) || !skip_blanks (&p, end) ||
      !skip_token (&p, end) || p == end || *p++ != '/' ||
      !skip_number (&p, end, G_MAXUINT32))
    return FALSE;
  skip_blanks (&p, end);
  return p == end || *p == '/';
}

/* Checks @text as described above.  On success, *@out_cleaned is NULL
 * when @text can go to sofia as it is, else the copy to give it instead
 * (without the lines sofia must not see). */
static gboolean
check_text (const char  *text,
            char       **out_cleaned,
            GError     **error)
{
  g_autoptr (GString) cleaned = NULL;
  gsize length = strnlen (text, MAX_SDP_LENGTH + 1);
  const char *end = text + length;
  const char *line = text;
  gboolean in_media = FALSE;
  gboolean blank_seen = FALSE;
  guint number = 0;
  guint n_records = 0;

  *out_cleaned = NULL;

  if (length == 0) {
    set_malformed_error (error, 0, "empty");
    return FALSE;
  }
  if (length > MAX_SDP_LENGTH) {
    set_malformed_error (error, 0, "longer than %u bytes", MAX_SDP_LENGTH);
    return FALSE;
  }
  if (!g_utf8_validate_len (text, length, NULL)) {
    set_malformed_error (error, 0, "not UTF-8 text");
    return FALSE;
  }

  while (line < end) {
    const char *newline = memchr (line, '\n', (gsize) (end - line));
    const char *next = newline != NULL ? newline + 1 : end;
    const char *line_end = newline != NULL ? newline : end;
    gboolean keep = TRUE;

    number++;
    /* CRLF, or LF alone (RFC 4566 5 asks parsers to accept it); a CR
     * anywhere else is a control character, below. */
    if (newline != NULL && line_end > line && line_end[-1] == '\r')
      line_end--;

    if (line_end == line) {
      /* Some peers end the body with an extra CRLF; nothing may follow
       * it. */
      blank_seen = TRUE;
      line = next;
      continue;
    }
    if (blank_seen) {
      set_malformed_error (error, number, "after an empty line");
      return FALSE;
    }
    if (line_end - line > MAX_LINE_LENGTH) {
      set_malformed_error (error, number, "longer than %u bytes",
                           MAX_LINE_LENGTH);
      return FALSE;
    }
    if (line_end - line < 2 || line[0] < 'a' || line[0] > 'z' ||
        line[1] != '=') {
      set_malformed_error (error, number, "not <type>=<value>");
      return FALSE;
    }
    if (number == 1 && line[0] != 'v') {
      set_malformed_error (error, number, "the first line is not v=");
      return FALSE;
    }
    for (const char *c = line + 2; c < line_end; c++) {
      if (((guchar) *c < 0x20 && *c != '\t') || *c == 0x7f) {
        set_malformed_error (error, number, "control character 0x%02x",
                             (guint) (guchar) *c);
        return FALSE;
      }
    }

    if (line[0] == 'm') {
      if (!media_line_is_valid (line + 2, line_end)) {
        set_malformed_error (error, number, "not an m= line of tokens");
        return FALSE;
      }
      in_media = TRUE;
    } else if (line[0] == 't') {
      if (!time_line_is_valid (line + 2, line_end)) {
        set_malformed_error (error, number, "not t=<start> <stop>");
        return FALSE;
      }
    } else if (line[0] == 'r' || line[0] == 'z') {
      keep = FALSE;
    } else if (line[0] == 'a') {
      /* a=<att-field>[:<att-value>], att-field a token (RFC 4566
       * 5.13). */
      const char *name = line + 2;
      const char *name_end = name;

      if (!skip_token (&name_end, line_end) ||
          (name_end < line_end && *name_end != ':')) {
        set_malformed_error (error, number, "not an a= line");
        return FALSE;
      }
      /* sofia matches the name without case. */
      if (in_media && name_end < line_end && name_end - name == 6 &&
          g_ascii_strncasecmp (name, "rtpmap", 6) == 0)
        keep = rtpmap_is_readable (name_end + 1, line_end);
    }
    n_records++;

    if (!keep && cleaned == NULL)
      cleaned = g_string_new_len (text, line - text);
    else if (keep && cleaned != NULL)
      g_string_append_len (cleaned, line, next - line);
    line = next;
  }

  if (n_records == 0) {
    set_malformed_error (error, 0, "empty");
    return FALSE;
  }

  if (cleaned != NULL)
    *out_cleaned = g_string_free (g_steal_pointer (&cleaned), FALSE);
  return TRUE;
}

/* Parses @text; on success the session lives in the returned parser,
 * which the caller frees with sdp_parser_free(). */
static sdp_parser_t *
parse_session (su_home_t      *home,
               const char     *text,
               sdp_session_t **out_session,
               GError        **error)
{
  g_autofree char *cleaned = NULL;
  sdp_parser_t *parser;

  *out_session = NULL;
  if (!check_text (text, &cleaned, error))
    return NULL;

  /* sofia copies the text into the parser: @cleaned may go after. */
  parser = sdp_parse (home, cleaned != NULL ? cleaned : text, -1, 0);
  *out_session = sdp_session (parser);

  if (*out_session == NULL) {
    const char *reason = sdp_parsing_error (parser);

    set_negotiation_error (error, "%s",
                           reason != NULL ? reason : "invalid SDP");
    sdp_parser_free (parser);
    return NULL;
  }

  return parser;
}

/* The first m=audio over RTP/AVP.  A stream the offerer disabled (port 0)
 * is only taken if there is no live one: a re-offer may keep a dead audio
 * line in front of its replacement. */
static sdp_media_t *
find_audio (sdp_session_t *session)
{
  sdp_media_t *dead = NULL;

  for (sdp_media_t *m = session->sdp_media; m != NULL; m = m->m_next) {
    if (m->m_type != sdp_media_audio || m->m_proto != sdp_proto_rtp)
      continue;

    if (m->m_port != 0 && !m->m_rejected)
      return m;

    if (dead == NULL)
      dead = m;
  }

  return dead;
}

static char *
describe_offered (const sdp_media_t *m)
{
  GString *offered = g_string_new (NULL);

  for (const sdp_rtpmap_t *rm = m->m_rtpmaps; rm != NULL; rm = rm->rm_next) {
    if (offered->len > 0)
      g_string_append (offered, ", ");

    if (rm->rm_encoding != NULL && rm->rm_encoding[0] != '\0')
      g_string_append_printf (offered, "%u %s/%lu", (guint) rm->rm_pt,
                              rm->rm_encoding, rm->rm_rate);
    else
      g_string_append_printf (offered, "%u", (guint) rm->rm_pt);
  }

  if (offered->len == 0)
    g_string_append (offered, "nothing");

  return g_string_free (offered, FALSE);
}

static guint
parse_ptime (const sdp_media_t *m)
{
  const sdp_attribute_t *a;
  const char *end = NULL;
  guint64 ptime;

  /* ptime is a media-level attribute, but some peers put it at session
   * level; honour that as a fallback. */
  a = sdp_attribute_find2 (m->m_attributes,
                           m->m_session != NULL ? m->m_session->sdp_attributes
                                                : NULL,
                           "ptime");
  if (a == NULL || a->a_value == NULL)
    return SC_SDP_DEFAULT_PTIME;

  ptime = g_ascii_strtoull (a->a_value, (char **) &end, 10);
  if (end == a->a_value || ptime == 0 || ptime > 1000)
    return SC_SDP_DEFAULT_PTIME;

  return (guint) ptime;
}

/* Fills @out from the audio stream @m as its author described it.  The
 * chosen payload is the first one in m= line order that we support, as
 * RFC 3264 asks of an answerer that honours the offerer's preference. */
static gboolean
describe_audio (const sdp_media_t  *m,
                ScSdpAudio         *out,
                const ScSdpFormat **out_format,
                GError            **error)
{
  const sdp_rtpmap_t *chosen = NULL;
  const ScSdpFormat *format = NULL;
  const sdp_connection_t *c;
  const char *address = NULL;
  int te_pt = -1;

  for (const sdp_rtpmap_t *rm = m->m_rtpmaps; rm != NULL; rm = rm->rm_next) {
    if (chosen == NULL && (format = lookup_format (rm)) != NULL)
      chosen = rm;
    else if (te_pt < 0 && is_telephone_event (rm))
      te_pt = rm->rm_pt;
  }

  if (chosen == NULL) {
    g_autofree char *offered = describe_offered (m);

    set_negotiation_error (error, "no common codec (offered: %s)", offered);
    return FALSE;
  }

  c = sdp_media_connections (m);
  if (c != NULL && c->c_address != NULL)
    address = c->c_address;
  else if (m->m_session != NULL && m->m_session->sdp_origin != NULL &&
           m->m_session->sdp_origin->o_address != NULL)
    /* Only a disabled stream may lack c= (sofia's sanity check ensures
     * it); the o= address is still better than nothing. */
    address = m->m_session->sdp_origin->o_address->c_address;

  out->address = g_strdup (address != NULL ? address : "0.0.0.0");
  out->port = (guint16) m->m_port;
  out->payload_type = chosen->rm_pt;
  out->codec = g_strdup (format->name);
  out->clock_rate = format->rate;
  out->telephone_event_pt = te_pt;
  out->direction = direction_from_mode (m->m_mode);
  out->ptime = parse_ptime (m);

  if (out_format != NULL)
    *out_format = format;

  return TRUE;
}

/* Decimal without printf: every call builds an SDP, and printf was a
 * visible share of that. */
static void
append_uint (GString *sdp,
             guint64  value)
{
  char digits[24];
  int i = sizeof digits;

  do
    {
      digits[--i] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  g_string_append_len (sdp, digits + i, (gssize) (sizeof digits - i));
}

static void
append_session (GString    *sdp,
                const char *address,
                guint64     session_id,
                guint64     version)
{
  const char *addrtype = addrtype_of (address);

  g_string_append (sdp, "v=0\r\no=- ");
  append_uint (sdp, session_id);
  g_string_append_c (sdp, ' ');
  append_uint (sdp, version);
  g_string_append (sdp, " IN ");
  g_string_append (sdp, addrtype);
  g_string_append_c (sdp, ' ');
  g_string_append (sdp, address);
  g_string_append (sdp, "\r\ns=sessioncore\r\nc=IN ");
  g_string_append (sdp, addrtype);
  g_string_append_c (sdp, ' ');
  g_string_append (sdp, address);
  g_string_append (sdp, "\r\nt=0 0\r\n");
}

static void
append_audio (GString           *sdp,
              guint16            port,
              ScSdpDirection     direction,
              const ScSdpFormat *formats,
              gsize              n_formats,
              int                telephone_event_pt)
{
  g_string_append (sdp, "m=audio ");
  append_uint (sdp, port);
  g_string_append (sdp, " RTP/AVP");
  for (gsize i = 0; i < n_formats; i++)
    {
      g_string_append_c (sdp, ' ');
      append_uint (sdp, (guint64) formats[i].pt);
    }
  if (telephone_event_pt >= 0)
    {
      g_string_append_c (sdp, ' ');
      append_uint (sdp, (guint64) telephone_event_pt);
    }
  g_string_append (sdp, "\r\n");

  /* rtpmap even for static payloads: cheap, and some peers insist. */
  for (gsize i = 0; i < n_formats; i++)
    {
      g_string_append (sdp, "a=rtpmap:");
      append_uint (sdp, (guint64) formats[i].pt);
      g_string_append_c (sdp, ' ');
      g_string_append (sdp, formats[i].name);
      g_string_append_c (sdp, '/');
      append_uint (sdp, formats[i].rate);
      g_string_append (sdp, "\r\n");
    }

  if (telephone_event_pt >= 0)
    {
      g_string_append (sdp, "a=rtpmap:");
      append_uint (sdp, (guint64) telephone_event_pt);
      g_string_append (sdp, " telephone-event/8000\r\na=fmtp:");
      append_uint (sdp, (guint64) telephone_event_pt);
      g_string_append (sdp, " 0-16\r\n");
    }

  g_string_append (sdp, "a=ptime:");
  append_uint (sdp, SC_SDP_DEFAULT_PTIME);
  g_string_append (sdp, "\r\na=");
  g_string_append (sdp, _sc_sdp_direction_to_string (direction));
  g_string_append (sdp, "\r\n");
}

/* RFC 3264 §6: the answer has exactly as many m= lines as the offer, in
 * the same order; the ones we do not take are refused with port 0. */
static void
append_rejected (GString           *sdp,
                 const sdp_media_t *m)
{
  gsize len;

  g_string_append_printf (sdp, "m=%s 0 %s",
                          m->m_type_name != NULL ? m->m_type_name : "audio",
                          m->m_proto_name != NULL ? m->m_proto_name
                                                  : "RTP/AVP");
  len = sdp->len;

  if (sdp_media_has_rtp (m)) {
    for (const sdp_rtpmap_t *rm = m->m_rtpmaps; rm; rm = rm->rm_next)
      g_string_append_printf (sdp, " %u", (guint) rm->rm_pt);
  } else {
    for (const sdp_list_t *l = m->m_format; l; l = l->l_next)
      g_string_append_printf (sdp, " %s", l->l_text);
  }

  /* The m= grammar needs at least one format, even on a refusal. */
  if (sdp->len == len)
    g_string_append (sdp, " 0");

  g_string_append (sdp, "\r\n");
}

void
_sc_sdp_audio_clear (ScSdpAudio *audio)
{
  g_return_if_fail (audio != NULL);

  g_clear_pointer (&audio->address, g_free);
  g_clear_pointer (&audio->codec, g_free);
  audio->port = 0;
  audio->payload_type = -1;
  audio->clock_rate = 0;
  audio->telephone_event_pt = -1;
  audio->direction = SC_SDP_SENDRECV;
  audio->ptime = 0;
}

const char *
_sc_sdp_direction_to_string (ScSdpDirection direction)
{
  switch (direction) {
  case SC_SDP_SENDRECV: return "sendrecv";
  case SC_SDP_SENDONLY: return "sendonly";
  case SC_SDP_RECVONLY: return "recvonly";
  case SC_SDP_INACTIVE: return "inactive";
  }
  g_return_val_if_reached ("sendrecv");
}

/* The same stream seen from the other end. */
ScSdpDirection
_sc_sdp_direction_reverse (ScSdpDirection direction)
{
  return direction_from_flags (direction_receives (direction),
                               direction_sends (direction));
}

/* What we may do on a stream, from our side, when the peer declared
 * @remote and we want @local: we send only if they receive, and receive
 * only if they send (RFC 3264 §6.1).  Used for the answerer's a= line and
 * equally by an offerer reading the answer. */
ScSdpDirection
_sc_sdp_direction_negotiate (ScSdpDirection remote,
                             ScSdpDirection local)
{
  return direction_from_flags (direction_receives (remote) &&
                                 direction_sends (local),
                               direction_sends (remote) &&
                                 direction_receives (local));
}

/* @out is overwritten only on success: it may be uninitialised, and its
 * previous contents are not freed. */
gboolean
_sc_sdp_parse_audio (const char *sdp,
                     ScSdpAudio *out,
                     GError    **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  sdp_parser_t *parser;
  sdp_session_t *session = NULL;
  sdp_media_t *audio;
  gboolean ok = FALSE;

  g_return_val_if_fail (sdp != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parser = parse_session (home, sdp, &session, error);
  if (parser == NULL)
    goto out;

  audio = find_audio (session);
  if (audio == NULL)
    set_negotiation_error (error, "no audio stream");
  else
    ok = describe_audio (audio, out, NULL, error);

  sdp_parser_free (parser);

out:
  su_home_deinit (home);
  return ok;
}

char *
_sc_sdp_build (const char    *address,
               guint16        port,
               guint64        session_id,
               guint64        version,
               ScSdpDirection direction,
               const int     *payload_types,
               gsize          n_payload_types,
               int            telephone_event_pt)
{
  g_autofree ScSdpFormat *formats = NULL;
  GString *sdp;

  g_return_val_if_fail (address != NULL && address[0] != '\0', NULL);
  g_return_val_if_fail (payload_types != NULL, NULL);
  g_return_val_if_fail (n_payload_types > 0, NULL);
  g_return_val_if_fail (telephone_event_pt >= -1 && telephone_event_pt < 128,
                        NULL);

  formats = g_new0 (ScSdpFormat, n_payload_types);
  for (gsize i = 0; i < n_payload_types; i++) {
    const ScSdpFormat *format = lookup_format_by_pt (payload_types[i]);

    /* Only static payloads are named by their number alone. */
    g_return_val_if_fail (format != NULL, NULL);
    g_return_val_if_fail (payload_types[i] != telephone_event_pt, NULL);
    formats[i] = *format;
  }

  sdp = g_string_new (NULL);
  append_session (sdp, address, session_id, version);
  append_audio (sdp, port, direction, formats, n_payload_types,
                telephone_event_pt);

  return g_string_free (sdp, FALSE);
}

char *
_sc_sdp_make_offer (const char    *address,
                    guint16        port,
                    guint64        session_id,
                    guint64        version,
                    ScSdpDirection direction)
{
  static const int payload_types[] = { SC_SDP_PT_PCMU, SC_SDP_PT_PCMA };

  g_return_val_if_fail (address != NULL, NULL);

  return _sc_sdp_build (address, port, session_id, version, direction,
                        payload_types, G_N_ELEMENTS (payload_types),
                        SC_SDP_PT_TELEPHONE_EVENT);
}

/* On success @out_negotiated (if not NULL) describes the media session
 * from our side: the offerer's address, port, ptime and payload numbers
 * (where we send RTP), and the direction we put in the answer.  It is
 * overwritten without freeing what it held. */
struct _ScSdpOffer
{
  su_home_t      home[1];
  sdp_parser_t  *parser;
  sdp_session_t *session;
  sdp_media_t   *audio;
};

/* Parses an offer once, for both checking it and answering it later. */
ScSdpOffer *
_sc_sdp_offer_parse (const char  *sdp,
                     ScSdpAudio  *out_audio,
                     GError     **error)
{
  ScSdpOffer *offer;
  g_auto (ScSdpAudio) audio = { 0, };

  g_return_val_if_fail (sdp != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  offer = g_new0 (ScSdpOffer, 1);
  su_home_init (offer->home);
  offer->parser = parse_session (offer->home, sdp, &offer->session, error);
  if (offer->parser == NULL) {
    _sc_sdp_offer_free (offer);
    return NULL;
  }

  offer->audio = find_audio (offer->session);
  if (offer->audio == NULL) {
    set_negotiation_error (error, "no audio stream");
    _sc_sdp_offer_free (offer);
    return NULL;
  }
  if (!describe_audio (offer->audio, &audio, NULL, error)) {
    _sc_sdp_offer_free (offer);
    return NULL;
  }

  if (out_audio != NULL) {
    *out_audio = audio;
    audio.address = NULL;
    audio.codec = NULL;
  }
  return offer;
}

void
_sc_sdp_offer_free (ScSdpOffer *offer)
{
  if (offer == NULL)
    return;
  if (offer->parser != NULL)
    sdp_parser_free (offer->parser);
  su_home_deinit (offer->home);
  g_free (offer);
}

char *
_sc_sdp_offer_answer (ScSdpOffer     *offer,
                      const char     *address,
                      guint16         port,
                      guint64         session_id,
                      guint64         version,
                      ScSdpDirection  local_direction,
                      ScSdpAudio     *out_negotiated,
                      GError        **error)
{
  g_auto (ScSdpAudio) remote = { 0, };
  const ScSdpFormat *supported = NULL;
  ScSdpFormat format;
  ScSdpDirection direction;
  GString *answer;

  g_return_val_if_fail (offer != NULL, NULL);
  g_return_val_if_fail (address != NULL && address[0] != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!describe_audio (offer->audio, &remote, &supported, error))
    return NULL;

  /* Same codec under the offer's payload number, which may be dynamic. */
  format = *supported;
  format.pt = remote.payload_type;

  direction = _sc_sdp_direction_negotiate (remote.direction, local_direction);

  answer = g_string_new (NULL);
  append_session (answer, address, session_id, version);
  for (const sdp_media_t *m = offer->session->sdp_media; m != NULL; m = m->m_next) {
    if (m == offer->audio)
      /* A disabled offered stream stays disabled in the answer. */
      append_audio (answer, remote.port == 0 ? 0 : port, direction,
                    &format, 1, remote.telephone_event_pt);
    else
      append_rejected (answer, m);
  }

  if (out_negotiated != NULL) {
    remote.direction = direction;
    *out_negotiated = remote;
    /* Ownership moved to the caller. */
    remote.address = NULL;
    remote.codec = NULL;
  }

  return g_string_free (answer, FALSE);
}

char *
_sc_sdp_make_answer (const char    *offer,
                     const char    *address,
                     guint16        port,
                     guint64        session_id,
                     guint64        version,
                     ScSdpDirection local_direction,
                     ScSdpAudio    *out_negotiated,
                     GError       **error)
{
  ScSdpOffer *parsed;
  char *answer;

  g_return_val_if_fail (offer != NULL, NULL);
  g_return_val_if_fail (address != NULL && address[0] != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = _sc_sdp_offer_parse (offer, NULL, error);
  if (parsed == NULL)
    return NULL;
  answer = _sc_sdp_offer_answer (parsed, address, port, session_id, version,
                                 local_direction, out_negotiated, error);
  _sc_sdp_offer_free (parsed);
  return answer;
}

/* Whether @sdp is not SDP at all (as opposed to SDP we cannot use): the
 * first deserves 400 Bad Request, the second 488 Not Acceptable Here. */
gboolean
_sc_sdp_is_malformed (const char *sdp)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  sdp_session_t *session = NULL;
  sdp_parser_t *parser;

  g_return_val_if_fail (sdp != NULL, TRUE);

  parser = parse_session (home, sdp, &session, NULL);
  if (parser != NULL)
    sdp_parser_free (parser);
  su_home_deinit (home);
  return parser == NULL;
}
