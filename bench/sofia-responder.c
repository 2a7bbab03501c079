/* sofia-responder.c - baseline for the sessioncore signalling benchmark.
 *
 * A bare sofia-sip nua user-agent server, run inside a GLib main loop,
 * that answers every INVITE with 200 OK and a small fixed SDP (PCMU) and
 * destroys the handle once the call reaches callstate "terminated".
 * It does nothing else: no media, no application logic.  Its CPU time and
 * memory per call are the floor sessioncore's signalling is measured
 * against (see bench/README.md).
 *
 * Usage: sofia-responder [--address IP] [--port N]
 *   Prints "listening on IP:PORT" on stdout when ready (PORT is the port
 *   actually bound, so --port 0 works).  SIGINT/SIGTERM shut it down
 *   cleanly (nua_shutdown, then nua_destroy and su_root_destroy).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>

#include <glib.h>
#include <glib-unix.h>

/* nua's magic types must be defined before nua.h is included. */
typedef struct responder responder_t;
#define NUA_MAGIC_T  responder_t
#define SU_ROOT_MAGIC_T responder_t

#include <sofia-sip/su.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/su_glib.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/url.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>

/* Exported by libsofia-sip-ua but not declared in its headers. */
extern su_log_t nua_log[];
extern su_log_t nta_log[];
extern su_log_t tport_log[];

struct responder {
  GMainLoop *loop;
  su_root_t *root;
  nua_t *nua;
  const char *address;
  gboolean shutting_down;
  gboolean shutdown_done;
  gboolean forced;      /* second signal or timeout: stop waiting for nua */
  gboolean listening_printed;
  guint64 invites;      /* nua_i_invite events (incl. re-INVITEs) */
  guint64 terminated;   /* handles destroyed on callstate terminated */
};

/* The fixed answer.  The address is loopback: the benchmark never sends
 * media (SIPp's plain "uac" scenario does not either). */
static const char answer_sdp[] =
  "v=0\r\n"
  "o=- 1 1 IN IP4 127.0.0.1\r\n"
  "s=-\r\n"
  "c=IN IP4 127.0.0.1\r\n"
  "t=0 0\r\n"
  "m=audio 40000 RTP/AVP 0\r\n"
  "a=rtpmap:0 PCMU/8000\r\n"
  "a=ptime:20\r\n"
  "a=sendrecv\r\n";

static void
print_listening (responder_t *r, sip_contact_t const *m)
{
  const char *port = NULL;

  if (r->listening_printed)
    return;
  if (m && m->m_url->url_port)
    port = m->m_url->url_port;
  if (!port)
    return;

  r->listening_printed = TRUE;
  printf ("listening on %s:%s\n", r->address, port);
  fflush (stdout);
}

static void
on_nua_event (nua_event_t event, int status, char const *phrase,
              nua_t *nua, responder_t *r, nua_handle_t *nh,
              nua_hmagic_t *hmagic, sip_t const *sip, tagi_t tags[])
{
  /* An if-chain rather than a switch: nua_event_t has ~60 values and the
   * project builds with -Wswitch-enum.  Everything not handled here (ACK,
   * BYE, CANCEL, OPTIONS...) is answered by nua itself. */
  if (event == nua_i_invite)
    {
      /* nua has already sent 100 Trying.  Answer at once. */
      r->invites++;
      nua_respond (nh, SIP_200_OK,
                   SIPTAG_CONTENT_TYPE_STR ("application/sdp"),
                   SIPTAG_PAYLOAD_STR (answer_sdp),
                   TAG_END ());
    }
  else if (event == nua_i_state)
    {
      int callstate = nua_callstate_init;

      tl_gets (tags, NUTAG_CALLSTATE_REF (callstate), TAG_END ());
      if (callstate == nua_callstate_terminated && nh)
        {
          /* nua_i_terminated never comes: this is the end of the call. */
          r->terminated++;
          nua_handle_destroy (nh);
        }
    }
  else if (event == nua_r_get_params)
    {
      sip_contact_t const *m = NULL;

      tl_gets (tags, NTATAG_CONTACT_REF (m), TAG_END ());
      print_listening (r, m);
      if (!r->listening_printed)
        {
          g_printerr ("sofia-responder: could not read the bound port\n");
          g_main_loop_quit (r->loop);
        }
    }
  else if (event == nua_r_shutdown)
    {
      /* 1xx: shutdown in progress (calls being terminated). */
      if (status >= 200)
        {
          r->shutdown_done = TRUE;
          g_main_loop_quit (r->loop);
        }
    }
}

static gboolean
on_signal (gpointer user_data)
{
  responder_t *r = user_data;

  if (!r->shutting_down)
    {
      r->shutting_down = TRUE;
      nua_shutdown (r->nua);
      return G_SOURCE_CONTINUE;
    }

  /* A second signal while shutting down: stop waiting. */
  r->forced = TRUE;
  g_main_loop_quit (r->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_shutdown_timeout (gpointer user_data)
{
  responder_t *r = user_data;

  r->forced = TRUE;
  g_main_loop_quit (r->loop);
  return G_SOURCE_REMOVE;
}

static void
silence_sofia (void)
{
  /* SU_DEBUG off, whatever the environment says. */
  su_log_set_level (su_log_default, 0);
  su_log_set_level (nua_log, 0);
  su_log_set_level (nta_log, 0);
  su_log_set_level (tport_log, 0);
}

int
main (int argc, char **argv)
{
  responder_t r = { 0 };
  gint port = 5070;
  gchar *address = NULL;
  gchar *url = NULL;
  GOptionContext *octx;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "UDP/TCP port to listen on (default 5070, 0 = any free port)", "N" },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address,
      "IPv4 address to bind (default 127.0.0.1)", "IP" },
    { NULL }
  };
  guint sig_int, sig_term;
  int rc = 0;

  octx = g_option_context_new ("- bare sofia-sip auto-answer UAS (benchmark baseline)");
  g_option_context_add_main_entries (octx, entries, NULL);
  if (!g_option_context_parse (octx, &argc, &argv, &error))
    {
      g_printerr ("sofia-responder: %s\n", error->message);
      g_error_free (error);
      g_option_context_free (octx);
      return 2;
    }
  g_option_context_free (octx);

  if (port < 0 || port > 65535)
    {
      g_printerr ("sofia-responder: invalid port %d\n", port);
      return 2;
    }
  if (!address)
    address = g_strdup ("127.0.0.1");
  r.address = address;

  if (su_init () != 0)
    {
      g_printerr ("sofia-responder: su_init failed\n");
      return 1;
    }
  silence_sofia ();

  r.loop = g_main_loop_new (NULL, FALSE);
  r.root = su_glib_root_create (&r);
  if (!r.root)
    {
      g_printerr ("sofia-responder: su_glib_root_create failed\n");
      rc = 1;
      goto out_loop;
    }
  /* Keep the whole stack in this (main-loop) thread. */
  su_root_threading (r.root, 0);
  g_source_attach (su_glib_root_gsource (r.root), NULL);

  url = g_strdup_printf ("sip:%s:%d", address, port);
  r.nua = nua_create (r.root, on_nua_event, &r,
                      NUTAG_URL (url),
                      NUTAG_MEDIA_ENABLE (0),
                      TAG_END ());
  if (!r.nua)
    {
      g_printerr ("sofia-responder: cannot bind %s\n", url);
      rc = 1;
      goto out_root;
    }

  sig_int = g_unix_signal_add (SIGINT, on_signal, &r);
  sig_term = g_unix_signal_add (SIGTERM, on_signal, &r);

  /* Read back the bound port (matters for --port 0). */
  nua_get_params (r.nua, TAG_ANY (), TAG_END ());

  g_main_loop_run (r.loop);

  if (!r.shutting_down)
    {
      /* Left the loop for an error: still shut down properly, but give
       * nua a bounded time to finish. */
      r.shutting_down = TRUE;
      rc = 1;
      nua_shutdown (r.nua);
      guint t = g_timeout_add_seconds (5, on_shutdown_timeout, &r);
      g_main_loop_run (r.loop);
      if (!r.forced)
        g_source_remove (t);
    }

  g_source_remove (sig_int);
  g_source_remove (sig_term);

  if (!r.shutdown_done)
    {
      /* nua_destroy refuses to run before nua_shutdown has completed, and
       * tearing down the root under a live stack is unsafe: just exit. */
      g_printerr ("sofia-responder: shutdown did not complete, exiting anyway\n");
      return 1;
    }

  nua_destroy (r.nua);
  r.nua = NULL;

  g_printerr ("sofia-responder: %" G_GUINT64_FORMAT " INVITEs answered, %"
              G_GUINT64_FORMAT " calls terminated\n", r.invites, r.terminated);

out_root:
  su_root_destroy (r.root);
  r.root = NULL;
out_loop:
  g_main_loop_unref (r.loop);
  su_deinit ();
  g_free (url);
  g_free (address);
  return rc;
}
