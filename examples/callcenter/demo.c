/* demo.c: --demo, the call centre with SIPp agents and customers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two agents of the first queue, each played by two SIPp processes on
 * 127.0.0.1 and free ports: one is the agent's phone (agent.xml: rings,
 * answers, echoes the audio it hears with -rtp_echo), the other
 * registers that phone with digest authentication (agent-register.xml,
 * -au/-ap from the agents configuration). Once both are registered,
 * DEMO_CUSTOMERS SIPp customers call the first queue, one every
 * DEMO_INTERVAL_MS, each hanging up after DEMO_TALK_MS: as root they play
 * a recorded voice (customer.xml: SIPp's G.711 capture through a raw
 * socket), otherwise they send no audio (SIPp's built-in uac). The demo
 * is finished when the customers' SIPp exits and the last call has ended.
 * SIPp's logs go to a temporary directory, removed afterwards.
 */

#include "callcenter.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

#define DEMO_AGENTS       2
#define DEMO_CUSTOMERS    "6"
#define DEMO_INTERVAL_MS  "2000"
#define DEMO_TALK_MS      "5000"
#define REGISTER_WAIT_S   10

struct _Demo {
  Center      *center;
  char        *data_dir;
  char        *dir;            /* SIPp's working directory */
  GPtrArray   *processes;      /* GSubprocess*: phones, registrations */
  GSubprocess *customers;
  guint        agents;
  guint        registered;
  gint64       started;        /* monotonic µs */
  gint64       customers_done; /* monotonic µs, 0 while they run */
  gboolean     failed;
};

static guint
free_udp_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL))
    return 0;
  bound = g_socket_get_local_address (socket, NULL);
  return bound ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
}

/* An even port whose next two are free too (SIPp's -mp uses +2 for RTCP). */
static guint
free_media_port (void)
{
  for (int attempt = 0; attempt < 50; attempt++)
    {
      guint port = 20000 + 2 * (guint) g_random_int_range (0, 10000);
      g_autoptr(GSocket) a = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                           G_SOCKET_PROTOCOL_UDP, NULL);
      g_autoptr(GSocket) b = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                           G_SOCKET_PROTOCOL_UDP, NULL);
      g_autoptr(GSocketAddress) pa = g_inet_socket_address_new_from_string ("127.0.0.1", port);
      g_autoptr(GSocketAddress) pb = g_inet_socket_address_new_from_string ("127.0.0.1", port + 2);

      if (g_socket_bind (a, pa, FALSE, NULL) && g_socket_bind (b, pb, FALSE, NULL))
        return port;
    }
  return 0;
}

/* Appends the words of @words (space-separated) to @args. */
static void
add_words (GPtrArray  *args,
           const char *words)
{
  g_auto(GStrv) split = g_strsplit (words, " ", -1);

  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (args, g_strdup (split[i]));
}

static GSubprocess *
run_sipp (Demo        *demo,
          GPtrArray   *args,
          GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                               G_SUBPROCESS_FLAGS_STDIN_PIPE);

  g_ptr_array_add (args, NULL);
  g_subprocess_launcher_set_cwd (launcher, demo->dir);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, error);
}

static char *
scenario (Demo       *demo,
          const char *name)
{
  return g_build_filename (demo->data_dir, name, NULL);
}

static void
start_customers (Demo *demo)
{
  Center *center = demo->center;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Queue *queue = center->queues->pdata[0];
  gboolean voice = geteuid () == 0;   /* SIPp plays captures through a raw socket */

  g_ptr_array_add (args, g_strdup ("sipp"));
  if (voice)
    {
      g_ptr_array_add (args, g_strdup ("-sf"));
      g_ptr_array_add (args, scenario (demo, "customer.xml"));
    }
  else
    {
      g_ptr_array_add (args, g_strdup ("-sn"));
      g_ptr_array_add (args, g_strdup ("uac"));
    }
  add_words (args, "-m " DEMO_CUSTOMERS " -r 1 -rp " DEMO_INTERVAL_MS
                             " -d " DEMO_TALK_MS " -timeout 120 -timeout_error -nostdin"
                             " -trace_err -i 127.0.0.1 -mi 127.0.0.1");
  g_ptr_array_add (args, g_strdup ("-s"));
  g_ptr_array_add (args, g_strdup (queue->name));
  g_ptr_array_add (args, g_strdup ("-p"));
  g_ptr_array_add (args, g_strdup_printf ("%u", free_udp_port ()));
  g_ptr_array_add (args, g_strdup (sc_session_manager_get_bound_address (center->sessions)));
  demo->customers = run_sipp (demo, args, &error);
  if (demo->customers == NULL)
    {
      cc_log (center, "demo: cannot start the customers: %s", error->message);
      demo->failed = TRUE;
      return;
    }
  cc_log (center, "demo: %s SIPp customers call sip:%s@%s, one every %s ms, %s", DEMO_CUSTOMERS,
          queue->name, sc_session_manager_get_bound_address (center->sessions),
          DEMO_INTERVAL_MS, voice ? "playing a recorded voice" : "silent (not root)");
}

static void
registered_cb (Center   *center,
               Agent    *agent,
               gpointer  data)
{
  Demo *demo = data;

  if (++demo->registered == demo->agents && demo->customers == NULL && !demo->failed)
    start_customers (demo);
}

static gboolean
start_agent (Demo     *demo,
             Agent    *agent,
             GError  **error)
{
  Center *center = demo->center;
  g_autoptr(GPtrArray) phone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) reg = g_ptr_array_new_with_free_func (g_free);
  guint phone_port = free_udp_port ();
  guint media_port = free_media_port ();
  GSubprocess *process;

  /* The phone: answers every call and echoes its audio. */
  g_ptr_array_add (phone, g_strdup ("sipp"));
  g_ptr_array_add (phone, g_strdup ("-sf"));
  g_ptr_array_add (phone, scenario (demo, "agent.xml"));
  add_words (phone, "-rtp_echo -m 1000 -nostdin -trace_err -i 127.0.0.1 "
                             "-mi 127.0.0.1");
  g_ptr_array_add (phone, g_strdup ("-p"));
  g_ptr_array_add (phone, g_strdup_printf ("%u", phone_port));
  g_ptr_array_add (phone, g_strdup ("-mp"));
  g_ptr_array_add (phone, g_strdup_printf ("%u", media_port));
  process = run_sipp (demo, phone, error);
  if (process == NULL)
    return FALSE;
  g_ptr_array_add (demo->processes, process);

  /* Its registration, Contact: the phone's port. */
  g_ptr_array_add (reg, g_strdup ("sipp"));
  g_ptr_array_add (reg, g_strdup ("-sf"));
  g_ptr_array_add (reg, scenario (demo, "agent-register.xml"));
  add_words (reg, "-m 1 -timeout 10 -timeout_error -nostdin -trace_err "
                             "-i 127.0.0.1 -key expires 3600");
  g_ptr_array_add (reg, g_strdup ("-key"));
  g_ptr_array_add (reg, g_strdup ("agent_port"));
  g_ptr_array_add (reg, g_strdup_printf ("%u", phone_port));
  g_ptr_array_add (reg, g_strdup ("-s"));
  g_ptr_array_add (reg, g_strdup (agent->name));
  g_ptr_array_add (reg, g_strdup ("-au"));
  g_ptr_array_add (reg, g_strdup (agent->name));
  g_ptr_array_add (reg, g_strdup ("-ap"));
  g_ptr_array_add (reg, g_strdup (agent->password));
  g_ptr_array_add (reg, g_strdup ("-p"));
  g_ptr_array_add (reg, g_strdup_printf ("%u", free_udp_port ()));
  g_ptr_array_add (reg, g_strdup (sc_session_manager_get_bound_address (center->sessions)));
  /* Give the phone a moment to bind before calls can come. */
  g_usleep (200 * 1000);
  process = run_sipp (demo, reg, error);
  if (process == NULL)
    return FALSE;
  g_ptr_array_add (demo->processes, process);
  cc_log (center, "demo: agent %s's phone is SIPp on 127.0.0.1:%u (RTP echo on %u)",
          agent->name, phone_port, media_port);
  return TRUE;
}

Demo *
cc_demo_start (Center      *center,
               const char  *data_dir,
               GError     **error)
{
  Demo *demo = g_new0 (Demo, 1);
  Queue *queue = center->queues->pdata[0];
  g_autofree char *link = NULL;

  demo->center = center;
  demo->data_dir = g_strdup (data_dir);
  demo->processes = g_ptr_array_new_with_free_func (g_object_unref);
  demo->started = g_get_monotonic_time ();
  demo->dir = g_dir_make_tmp ("sessioncore-callcenter-demo-XXXXXX", error);
  if (demo->dir == NULL)
    goto fail;
  /* customer.xml plays pcap/g711a.pcap, shipped with SIPp. */
  link = g_build_filename (demo->dir, "pcap", NULL);
  if (symlink ("/usr/share/sip-tester", link) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
      goto fail;
    }
  center->on_registered = registered_cb;
  center->on_registered_data = demo;
  for (guint i = 0; i < center->agents->len && demo->agents < DEMO_AGENTS; i++)
    {
      Agent *agent = center->agents->pdata[i];

      if (!cc_agent_serves (agent, queue))
        continue;
      if (!start_agent (demo, agent, error))
        goto fail;
      demo->agents++;
    }
  if (demo->agents == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no agent serves queue %s",
                   queue->name);
      goto fail;
    }
  return demo;

fail:
  cc_demo_free (demo);
  return NULL;
}

gboolean
cc_demo_finished (Demo *demo,
                  int  *exit_status)
{
  gint64 now = g_get_monotonic_time ();

  if (demo->failed ||
      (demo->customers == NULL && now - demo->started > REGISTER_WAIT_S * G_USEC_PER_SEC))
    {
      if (!demo->failed)
        cc_log (demo->center, "demo: only %u of %u agents registered in %d s",
                demo->registered, demo->agents, REGISTER_WAIT_S);
      *exit_status = 1;
      return TRUE;
    }
  if (demo->customers == NULL || g_subprocess_get_identifier (demo->customers) != NULL)
    return FALSE;   /* still running */
  if (demo->customers_done == 0)
    {
      demo->customers_done = now;
      cc_log (demo->center, "demo: the customers are done (SIPp exit status %d)",
              g_subprocess_get_exit_status (demo->customers));
    }
  /* The last BYEs cross; then stop. */
  if (demo->center->calls != NULL && now - demo->customers_done < 3 * G_USEC_PER_SEC)
    return FALSE;
  *exit_status = g_subprocess_get_exit_status (demo->customers) == 0 ? 0 : 1;
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* Never follows the pcap link: only plain files and links here. */
      g_unlink (child);
    }
  g_rmdir (path);
}

void
cc_demo_free (Demo *demo)
{
  for (guint i = 0; demo->processes != NULL && i < demo->processes->len; i++)
    g_subprocess_force_exit (demo->processes->pdata[i]);
  if (demo->customers != NULL)
    g_subprocess_force_exit (demo->customers);
  g_clear_object (&demo->customers);
  g_clear_pointer (&demo->processes, g_ptr_array_unref);
  if (demo->dir != NULL)
    remove_tree (demo->dir);
  g_free (demo->dir);
  g_free (demo->data_dir);
  g_free (demo);
}
