/* sc-sip-stack.c: one sofia-sip user agent inside a GLib main context
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The stack owns sofia's su_root (a GSource attached to the owning
 * GMainContext) and one nua user agent. It runs entirely in the thread of
 * that context: su_root_threading (root, 0) keeps nua from starting a
 * thread of its own.
 *
 * There is exactly one nua callback. Events of a handle bound to a
 * ScSipTarget (a dialog) go to that target; new requests go up as
 * ScSipRequest snapshots to the request function; events of handles
 * nobody owns any more are absorbed.
 *
 * Shutting down is asynchronous in sofia: nua_shutdown () then wait for
 * nua_r_shutdown with a final status, and only then nua_destroy () and
 * su_root_destroy (), from an idle callback because we cannot destroy the
 * root from inside its own dispatch. When the last reference is dropped
 * before shutdown, the stack keeps itself alive until that sequence ends.
 */

#include "config.h"

#include "sc-debug-private.h"

#include "sc-sip-stack-private.h"
#include "sc-sip-log.h"
#include "sc-sip-overload.h"
#include "sc-sip-tcp-guard.h"
#include "sc-sip-parser-private.h"
#include "sc-sip-request.h"
#include "sc-sip-resolver.h"

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/sresolv.h>
#include <sofia-sip/su_glib.h>
#include <sofia-sip/su_string.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/tport_tag.h>

#include "sc-error.h"

/* Exported by libsofia-sip-ua but declared only in its uninstalled
 * su_port.h: runs the messages queued on a port (the glib port's own
 * dispatch calls it). With threading off, nua's API and stack share the
 * root's port, so its requests and answers are such messages. */
extern int su_base_port_getmsgs (su_port_t *port);

/* The SIP UDP socket's receive buffer. Under a flood the main loop falls
 * behind for a few milliseconds at a time (it shares the CPU), and with
 * Linux's default 208 KB the kernel drops whatever arrives meanwhile: the
 * ACKs and BYEs of calls already admitted among the new INVITEs, and each
 * call that loses both holds its session for the 32 s ACK wait
 * (bench/README.md, "Overload"). 4 MB absorbed those stalls best there
 * (16 MB did no better). sofia asks with SO_RCVBUFFORCE, which takes
 * CAP_NET_ADMIN, then with SO_RCVBUF, which the kernel caps at
 * net.core.rmem_max. */
#define UDP_RECEIVE_BUFFER (4 * 1024 * 1024)

struct _ScSipStack
{
  GMainContext     *context;
  su_root_t        *root;
  nua_t            *nua;
  ScSipResolver    *resolver;        /* the only name server nua asks */

  char             *bound_host;
  guint16           bound_port;
  char             *bound_address;
  gboolean          got_params;
  char             *user_agent;      /* the server name: set once, by the
                                      * first manager; NULL: none */
  guint             transaction_timeout;
  gboolean          params_set;

  ScSipRequestFunc  request_func;
  gpointer          request_data;
  ScSipOverload    *overload;
  ScSipTcpGuard    *tcp_guard;
  char             *listen_host;     /* as asked: a wildcard stays one */
  guint             tcp_idle_timeout;
  guint             max_connections_per_peer;

  guint             ref_count;
  GTask            *shutdown_task;   /* pending shutdown_async */
  gboolean          shutting_down;
  gboolean          shut_down;
  gboolean          self_owned;      /* last ref dropped while shutting down */
};

static void stack_free (ScSipStack *stack);

static gboolean
destroy_nua_idle_cb (gpointer user_data)
{
  ScSipStack *stack = user_data;

  g_clear_pointer (&stack->nua, nua_destroy);
  stack->shut_down = TRUE;
  stack->shutting_down = FALSE;

  if (stack->shutdown_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&stack->shutdown_task);
      g_task_return_boolean (task, TRUE);
    }

  if (stack->self_owned)
    stack_free (stack);

  return G_SOURCE_REMOVE;
}

static void
read_bound_address (ScSipStack *stack,
                    tagi_t      tags[])
{
  sip_contact_t const *contact = NULL;

  tl_gets (tags, NTATAG_CONTACT_REF (contact), TAG_END ());
  if (contact == NULL || contact->m_url->url_host == NULL)
    return;

  g_free (stack->bound_host);
  stack->bound_host = g_strdup (contact->m_url->url_host);
  /* sofia gives IPv6 hosts with brackets; keep the plain literal. */
  if (stack->bound_host[0] == '[')
    {
      stack->bound_host[strlen (stack->bound_host) - 1] = '\0';
      memmove (stack->bound_host, stack->bound_host + 1,
               strlen (stack->bound_host));
    }
  stack->bound_port = contact->m_url->url_port
                      ? (guint16) g_ascii_strtoull (contact->m_url->url_port, NULL, 10)
                      : 5060;
  g_free (stack->bound_address);
  if (strchr (stack->bound_host, ':') != NULL)
    stack->bound_address = g_strdup_printf ("[%s]:%u", stack->bound_host,
                                            stack->bound_port);
  else
    stack->bound_address = g_strdup_printf ("%s:%u", stack->bound_host,
                                            stack->bound_port);
  stack->got_params = TRUE;
}

/* Whether the peer takes SDP in the answer to its INVITE: ours always
 * carries SDP. No Accept means application/sdp (RFC 3261 20.1); an
 * empty one, that nothing is acceptable. */
static gboolean
accepts_sdp (sip_t const *sip)
{
  if (sip == NULL || sip->sip_accept == NULL)
    return TRUE;
  for (sip_accept_t const *ac = sip->sip_accept; ac != NULL; ac = ac->ac_next)
    {
      if (ac->ac_type == NULL || (ac->ac_q != NULL && strtod (ac->ac_q, NULL) <= 0))
        continue;
      if (su_casematch (ac->ac_type, "application/sdp") ||
          su_casematch (ac->ac_type, "application/*") ||
          su_casematch (ac->ac_type, "*/*"))
        return TRUE;
    }
  return FALSE;
}

/* OPTIONS, an application method only for the Server header: answered
 * in the event that announces it, with nothing in between. The rest of
 * the answer is nua's as when it answers by itself (its OPTIONS server
 * adds Accept, and nua_respond () Allow, Supported, User-Agent and
 * Contact): 200, the same whoever owns the handle and however full the
 * manager is, as before.
 *
 * One difference (read in nua_stack.c and nua_dialog.c, not tested):
 * once nua_shutdown () has been called, nua no longer reports requests;
 * an OPTIONS arriving then waits for its next shutdown pass (once a
 * second), which answers it 410, or goes unanswered when the stack is
 * gone first. nua used to answer it 200 at once; INVITE and REGISTER
 * fare the same as OPTIONS now. */
static void
answer_options (ScSipStack   *stack,
                nua_handle_t *nh)
{
  nua_respond (nh, SIP_200_OK,
               TAG_IF (stack->user_agent != NULL,
                       SIPTAG_SERVER_STR (stack->user_agent)),
               NUTAG_WITH_THIS (stack->nua), TAG_END ());
}

static void
nua_event_cb (nua_event_t   event,
              int           status,
              char const   *phrase,
              nua_t        *nua,
              ScSipStack   *stack,
              nua_handle_t *nh,
              ScSipTarget  *target,
              sip_t const  *sip,
              tagi_t        tags[])
{
  switch (event)
    {
    case nua_r_get_params:
      read_bound_address (stack, tags);
      return;

    case nua_r_shutdown:
      SC_DEBUG ("SIP stack shutdown: %d %s", status, phrase);
      if (status >= 200 && stack->nua != NULL)
        {
          /* Not from inside sofia's own dispatch: on the next turn of
           * the stack's context (which need not be the global default). */
          GSource *idle = g_idle_source_new ();

          g_source_set_callback (idle, destroy_nua_idle_cb, stack, NULL);
          g_source_attach (idle, stack->context);
          g_source_unref (idle);
        }
      return;

    default:
      break;
    }

  if (nh == NULL)
    return;

  /* Whoever owns the handle: a dialog, a retired one, nobody. */
  if (event == nua_i_options && status < 200)
    answer_options (stack, nh);

  if (target != NULL)
    {
      target->event (target, event, status, phrase, nh, sip, tags);
      return;
    }

  if (stack->request_func == NULL || stack->shutting_down)
    {
      _sc_sip_refuse_unowned (stack, event, nh, tags);
      return;
    }

  switch (event)
    {
    case nua_i_invite:
      if (!accepts_sdp (sip))
        {
          /* Before anything reads the offer: whatever we would answer
           * is SDP, and the peer said it takes none (RFC 3261 21.4.7). */
          SC_DEBUG ("INVITE that accepts no SDP: 406");
          nua_respond (nh, SIP_406_NOT_ACCEPTABLE,
                       SIPTAG_ACCEPT_STR ("application/sdp"),
                       TAG_IF (stack->user_agent != NULL,
                               SIPTAG_SERVER_STR (stack->user_agent)),
                       NUTAG_WITH_THIS (nua), TAG_END ());
          nua_handle_destroy (nh);
          return;
        }
      /* fall through */
    case nua_i_register:
    case nua_i_refer:
      {
        ScSipRequest *request = _sc_sip_request_new (stack, event, nh, sip);

        _sc_sip_overload_count (stack->overload);

        stack->request_func (stack->request_data, request);
        _sc_sip_request_free (request);
      }
      return;

    case nua_i_state:
      {
        tagi_t const *callstate = tl_find (tags, nutag_callstate);

        /* A call refused before a dialog took it is over. */
        if (callstate != NULL && callstate->t_value == nua_callstate_terminated)
          nua_handle_destroy (nh);
      }
      return;

    case nua_i_options:
      /* Answered above; nothing else will use the handle. */
      nua_handle_destroy (nh);
      return;

    default:
      SC_DEBUG ("ignoring %s on an unbound handle", nua_event_name (event));
      return;
    }
}

/* Nobody owns this handle: answer requests so the peer is not left
 * waiting, and let sofia forget the handle once its dialog is over. */
void
_sc_sip_refuse_unowned (ScSipStack   *stack,
                        nua_event_t   event,
                        nua_handle_t *nh,
                        tagi_t        tags[])
{
  tagi_t const *callstate = tl_find (tags, nutag_callstate);

  if (event == nua_i_invite || event == nua_i_register ||
      event == nua_i_message || event == nua_i_subscribe ||
      event == nua_i_refer)
    nua_respond (nh, SIP_503_SERVICE_UNAVAILABLE,
                 TAG_IF (stack->user_agent != NULL,
                         SIPTAG_SERVER_STR (stack->user_agent)),
                 NUTAG_WITH_THIS (stack->nua), TAG_END ());
  if (event != nua_i_state ||
      (callstate != NULL && callstate->t_value == nua_callstate_terminated))
    nua_handle_destroy (nh);
}

/* sofia-sip quietly opens a TLS listener without a certificate when the
 * directory is missing or empty, and every handshake then fails: say so
 * at once instead. */
static gboolean
check_certificate_dir (const char  *certificate_dir,
                       GError     **error)
{
  g_autofree char *agent = NULL;

  if (certificate_dir == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: TLS needs a certificate directory "
                   "(agent.pem and cafile.pem)");
      return FALSE;
    }
  agent = g_build_filename (certificate_dir, "agent.pem", NULL);
  if (!g_file_test (agent, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CONFIG,
                   "Configuration error: TLS certificate directory '%s' has no "
                   "agent.pem (the private key and certificate)", certificate_dir);
      return FALSE;
    }
  return TRUE;
}

ScSipStack *
_sc_sip_stack_new (GMainContext           *context,
                   const char             *host,
                   guint16                 port,
                   ScTransportProtocol     transport,
                   const char             *certificate_dir,
                   GError                **error)
{
  g_autoptr(ScSipStack) stack = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host_part = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (host != NULL, NULL);

  switch (transport)
    {
    case SC_TRANSPORT_PROTOCOL_UDP:
    case SC_TRANSPORT_PROTOCOL_TCP:
    case SC_TRANSPORT_PROTOCOL_TLS:
      break;
    case SC_TRANSPORT_PROTOCOL_WS:
    case SC_TRANSPORT_PROTOCOL_WSS:
      g_set_error (error, SC_ERROR, SC_ERROR_NOT_SUPPORTED,
                   "Not supported: SIP over WebSocket (%s) is not available: "
                   "Debian's sofia-sip is built without a WebSocket transport",
                   transport == SC_TRANSPORT_PROTOCOL_WS ? "WS" : "WSS");
      return NULL;
    }

  if (transport == SC_TRANSPORT_PROTOCOL_TLS && !check_certificate_dir (certificate_dir, error))
    return NULL;

  _sc_sip_log_init ();

  stack = g_new0 (ScSipStack, 1);
  stack->ref_count = 1;
  stack->context = context ? g_main_context_ref (context)
                           : g_main_context_ref_thread_default ();

  stack->root = su_glib_root_create (stack);
  if (stack->root == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SIP,
                   "SIP error: cannot create the sofia-sip root");
      return NULL;
    }
  su_root_threading (stack->root, 0);
  stack->overload = _sc_sip_overload_new (stack, stack->context);
  stack->listen_host = g_strdup (host);
  /* su_root_destroy () destroys this source. */
  g_source_attach (su_glib_root_gsource (stack->root), stack->context);

  /* Every name nua resolves goes to our resolver, which answers within
   * a deadline (sc-sip-resolver.c says why sofia's own cannot be let
   * near the network). */
  stack->resolver = _sc_sip_resolver_new (stack->context, &local_error);
  if (stack->resolver == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SIP,
                   "SIP error: cannot start the stack's resolver: %s",
                   local_error->message);
      return NULL;
    }

  host_part = strchr (host, ':') ? g_strdup_printf ("[%s]", host)
                                 : g_strdup (host);

  /* "sip:host:port" makes sofia listen on UDP and TCP on the same port. */
  switch (transport)
    {
    case SC_TRANSPORT_PROTOCOL_UDP:
    case SC_TRANSPORT_PROTOCOL_TCP:
      url = g_strdup_printf ("sip:%s:%u", host_part, port);
      break;
    case SC_TRANSPORT_PROTOCOL_TLS:
      url = g_strdup_printf ("sips:%s:%u", host_part, port);
      break;
    case SC_TRANSPORT_PROTOCOL_WS:
    case SC_TRANSPORT_PROTOCOL_WSS:
      g_assert_not_reached ();
    }

  /* NUTAG_MEDIA_ENABLE (0) from the start, not only in nua_set_params ():
   * with media on, nua_create () makes its default handle's SOA before it
   * binds, and when binding fails (port taken) it returns NULL without
   * destroying that SOA: 1 KB lost on every failed start. */
  stack->nua = nua_create (stack->root, nua_event_cb, stack,
                           NUTAG_URL (url),
                           NUTAG_MEDIA_ENABLE (0),
                           TAG_IF (transport == SC_TRANSPORT_PROTOCOL_TLS,
                                   TPTAG_CERTIFICATE (certificate_dir)),
                           /* Every name nua resolves, it asks our resolver. */
                           SRESTAG_RESOLV_CONF (_sc_sip_resolver_get_conf_path (stack->resolver)),
                           /* A request in a datagram is answered where it
                            * came from: our parser makes its top Via say
                            * UDP and drops its maddr (sc-sip-parser.c);
                            * nta adds received=, and rport= even when the
                            * request did not ask for it. */
                           NTATAG_MCLASS (_sc_sip_parser_get_mclass ()),
                           NTATAG_SERVER_RPORT (2),
                           TPTAG_UDP_RMEM (UDP_RECEIVE_BUFFER),
                           TAG_END ());

  /* Read by now: sofia keeps its servers while the file is missing. */
  _sc_sip_resolver_remove_conf (stack->resolver);

  if (stack->nua == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_NETWORK,
                   "Network error: cannot listen on %s:%u (address in use, "
                   "or not an address of this host)", host, port);
      return NULL;
    }

  /* The object model decides every answer, never nua on its own. */
  nua_set_params (stack->nua,
                  NUTAG_AUTOANSWER (0),
                  NUTAG_AUTOALERT (0),
                  NUTAG_MEDIA_ENABLE (0),
                  NUTAG_ENABLEMESSAGE (0),
                  /* Report 3xx to the application instead of following
                   * the Contact on our own: forwarding is its decision. */
                  NUTAG_RETRY_COUNT (0),
                  SIPTAG_ALLOW_STR ("INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, "
                                    "INFO, REFER, NOTIFY, UPDATE, REGISTER"),
                  NUTAG_APPL_METHOD ("REGISTER"),
                  NUTAG_APPL_METHOD ("REFER"),
                  /* Only so that its answer carries Server: nua answers
                   * OPTIONS by itself otherwise, and has no Server
                   * setting. answer_options () answers it as nua would. */
                  NUTAG_APPL_METHOD ("OPTIONS"),
                  TAG_END ());

  /* The real port (when 0 was asked) is only known through get_params,
   * whose request and answer are messages queued on the root's port.
   * Deliver them here, without running the caller's main context: a
   * constructor must not dispatch the application's other sources. */
  nua_get_params (stack->nua, TAG_ANY (), TAG_END ());
  while (!stack->got_params &&
         su_base_port_getmsgs (su_root_task (stack->root)->sut_port) > 0)
    ;

  if (!stack->got_params)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_SIP,
                   "SIP error: the SIP stack did not report its address");
      return NULL;
    }

  SC_DEBUG ("SIP stack listening on %s (%s)", stack->bound_address, url);
  return g_steal_pointer (&stack);
}

static void
stack_free (ScSipStack *stack)
{
  g_clear_pointer (&stack->overload, _sc_sip_overload_free);
  g_clear_pointer (&stack->tcp_guard, _sc_sip_tcp_guard_free);
  g_clear_pointer (&stack->listen_host, g_free);
  g_clear_pointer (&stack->nua, nua_destroy);
  g_clear_pointer (&stack->root, su_root_destroy);
  g_clear_pointer (&stack->resolver, _sc_sip_resolver_free);
  g_clear_pointer (&stack->context, g_main_context_unref);
  g_clear_pointer (&stack->bound_host, g_free);
  g_clear_pointer (&stack->bound_address, g_free);
  g_clear_pointer (&stack->user_agent, g_free);
  g_free (stack);
}

ScSipStack *
_sc_sip_stack_ref (ScSipStack *stack)
{
  g_return_val_if_fail (stack != NULL, NULL);
  g_return_val_if_fail (stack->ref_count > 0, NULL);

  stack->ref_count++;
  return stack;
}

void
_sc_sip_stack_unref (ScSipStack *stack)
{
  g_return_if_fail (stack != NULL);
  g_return_if_fail (stack->ref_count > 0);

  if (--stack->ref_count > 0)
    return;

  if (stack->nua != NULL && !stack->shut_down)
    {
      /* The last user is gone before the stack was shut down: finish the
       * shutdown in the background (it needs the context to run); the
       * stack frees itself when nua_r_shutdown has come. */
      stack->self_owned = TRUE;
      stack->request_func = NULL;
      if (!stack->shutting_down)
        {
          stack->shutting_down = TRUE;
          _sc_sip_overload_flush (stack->overload);
          nua_shutdown (stack->nua);
        }
      return;
    }

  stack_free (stack);
}

nua_t *
_sc_sip_stack_get_nua (ScSipStack *stack)
{
  return stack->nua;
}

const char *
_sc_sip_stack_get_bound_address (ScSipStack *stack)
{
  return stack->bound_address;
}

const char *
_sc_sip_stack_get_bound_host (ScSipStack *stack)
{
  return stack->bound_host;
}

guint16
_sc_sip_stack_get_bound_port (ScSipStack *stack)
{
  return stack->bound_port;
}

const char *
_sc_sip_stack_get_server_name (ScSipStack *stack)
{
  return stack->user_agent;
}

guint
_sc_sip_stack_get_transaction_timeout (ScSipStack *stack)
{
  return stack->transaction_timeout;
}

ScSipOverload *
_sc_sip_stack_get_overload (ScSipStack *stack)
{
  return stack->overload;
}

gboolean
_sc_sip_stack_is_shut_down (ScSipStack *stack)
{
  return stack->shutting_down || stack->shut_down;
}

void
_sc_sip_stack_set_request_func (ScSipStack       *stack,
                                ScSipRequestFunc  func,
                                gpointer          user_data)
{
  stack->request_func = func;
  stack->request_data = user_data;
}

/* TCP: a connection idle (nothing received or sent) or stuck in the middle
 * of a message for the timeout is closed; sofia's own default is 30 min
 * idle and no limit on a half-sent message. tport applies both to the
 * connections it accepts from now on and to those it has, except those
 * that never sent a byte; and sofia has no per-peer limit: the guard
 * (sc-sip-tcp-guard.c) sees to both. */
static void
set_tcp_params (ScSipStack *stack)
{
  guint ms = stack->tcp_idle_timeout > 0 ? stack->tcp_idle_timeout * 1000 : G_MAXUINT;

  nua_set_params (stack->nua, TPTAG_IDLE (ms), TPTAG_TIMEOUT (ms), TAG_END ());
  stack->tcp_guard = _sc_sip_tcp_guard_new (stack->context, stack->listen_host,
                                            stack->bound_port,
                                            stack->max_connections_per_peer,
                                            stack->tcp_idle_timeout);
}

gboolean
_sc_sip_stack_set_params (ScSipStack             *stack,
                          const ScSipStackParams *params)
{
  if (stack->params_set)
    return g_strcmp0 (stack->user_agent, params->user_agent) == 0 &&
           stack->transaction_timeout == params->transaction_timeout &&
           stack->tcp_idle_timeout == params->tcp_idle_timeout &&
           stack->max_connections_per_peer == params->max_connections_per_peer;

  stack->params_set = TRUE;
  stack->user_agent = g_strdup (params->user_agent);
  stack->transaction_timeout = params->transaction_timeout;
  stack->tcp_idle_timeout = params->tcp_idle_timeout;
  stack->max_connections_per_peer = params->max_connections_per_peer;
  set_tcp_params (stack);
  /* nua puts its User-Agent setting on the requests it sends and on the
   * responses that go through it (not on those nta makes alone, such as
   * 100 Trying). It has no such setting for Server (Debian's sofia-sip
   * ignores SIPTAG_SERVER here, and its own answers, 200 to BYE and
   * the like, never carry one): each nua_respond () of ours adds the
   * header itself (_sc_sip_stack_get_server_name ()). */
  nua_set_params (stack->nua,
                  TAG_IF (params->user_agent != NULL, SIPTAG_USER_AGENT_STR (params->user_agent)),
                  TAG_IF (params->transaction_timeout > 0,
                          NTATAG_SIP_T1X64 (params->transaction_timeout * 1000)),
                  TAG_END ());
  return TRUE;
}

void
_sc_sip_stack_shutdown_async (ScSipStack          *stack,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, _sc_sip_stack_shutdown_async);

  if (stack->shut_down)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (stack->shutdown_task != NULL)
    {
      g_task_return_new_error (task, SC_ERROR, SC_ERROR_INVALID_STATE,
                               "Invalid state: shutdown already in progress");
      return;
    }

  stack->shutdown_task = g_steal_pointer (&task);
  stack->request_func = NULL;
  if (!stack->shutting_down)
    {
      stack->shutting_down = TRUE;
      _sc_sip_overload_flush (stack->overload);
      nua_shutdown (stack->nua);
    }
}

gboolean
_sc_sip_stack_shutdown_finish (ScSipStack    *stack,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
