/* sipp-utils.c: running SIPp (sip-tester) from GTest programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipp-utils.h"
#include "test-utils.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#ifndef INTEROP_SRCDIR
#error "INTEROP_SRCDIR must name tests/interop"
#endif

guint
interop_free_udp_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

gboolean
interop_udp_port_bound (guint port)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/udp", &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  /* "  sl  local_address rem_address ...", then "   12: 0100007F:13C4 ..." */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      unsigned int address, local_port;

      if (sscanf (lines[i], " %*u: %8x:%4x", &address, &local_port) == 2 &&
          local_port == port &&
          (address == 0 || address == 0x0100007F))
        return TRUE;
    }
  return FALSE;
}

char *
interop_data_file (const char *name)
{
  char *path = g_build_filename (INTEROP_SRCDIR, name, NULL);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  InteropSipp *sipp = user_data;
  GSubprocess *process = G_SUBPROCESS (source);

  g_subprocess_wait_finish (process, result, NULL);
  sipp->status = g_subprocess_get_if_exited (process)
                 ? g_subprocess_get_exit_status (process) : -1;
  sipp->exited = TRUE;
}

InteropSipp *
interop_sipp_start (const char *const *args,
                    guint              port,
                    guint              timeout_s)
{
  return interop_sipp_start_with_pcaps (args, port, timeout_s, NULL);
}

InteropSipp *
interop_sipp_start_with_pcaps (const char *const *args,
                               guint              port,
                               guint              timeout_s,
                               const char        *pcap_dir)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *command = NULL;
  InteropSipp *sipp = g_new0 (InteropSipp, 1);

  sipp->dir = g_dir_make_tmp ("sessioncore-sipp-XXXXXX", &error);
  g_assert_no_error (error);
  sipp->port = port != 0 ? port : interop_free_udp_port ();
  sipp->status = -1;

  /* Scenarios that play captures find them under ./pcap, and load them
   * while reading the scenario: the link must exist before SIPp starts. */
  if (pcap_dir != NULL)
    {
      g_autofree char *link_path = g_build_filename (sipp->dir, "pcap", NULL);

      if (symlink (pcap_dir, link_path) != 0)
        g_error ("symlink %s: %s", link_path, g_strerror (errno));
    }

  /* The outer bound: SIPp gets its own -timeout, and `timeout` kills it
   * (then KILLs it) if even that does not end it. */
  g_ptr_array_add (argv, g_strdup ("timeout"));
  g_ptr_array_add (argv, g_strdup ("--kill-after=5"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", timeout_s + 10));
  g_ptr_array_add (argv, g_strdup ("sipp"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", sipp->port));
  g_ptr_array_add (argv, g_strdup ("-mi"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("-timeout"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", timeout_s));
  g_ptr_array_add (argv, g_strdup ("-timeout_error"));
  g_ptr_array_add (argv, g_strdup ("-nostdin"));
  g_ptr_array_add (argv, g_strdup ("-trace_err"));
  if (g_getenv ("INTEROP_SIPP_TRACE") != NULL)
    g_ptr_array_add (argv, g_strdup ("-trace_msg"));
  g_ptr_array_add (argv, NULL);

  command = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("in %s: %s", sipp->dir, command);

  out_path = g_build_filename (sipp->dir, "sipp.out", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, sipp->dir);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  sipp->process = g_subprocess_launcher_spawnv (launcher,
                                                (const char *const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (sipp->process, NULL, wait_cb, sipp);
  return sipp;
}

void
interop_sipp_wait_ready (InteropSipp *sipp,
                         guint        timeout_ms)
{
  TEST_WAIT (interop_udp_port_bound (sipp->port) || sipp->exited, timeout_ms);
  g_assert_false (sipp->exited);
}

static void
copy_to_log (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n, first;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  first = n > 150 ? n - 150 : 0;
  g_test_message ("---- %s (%u lines, from line %u)", path, n, first + 1);
  for (guint i = first; i < n; i++)
    g_test_message ("| %s", g_strchomp (lines[i]));
}

int
interop_sipp_wait (InteropSipp *sipp,
                   guint        timeout_ms)
{
  TEST_WAIT (sipp->exited, timeout_ms);
  g_test_message ("sipp exited with status %d", sipp->status);
  if (sipp->status != 0 || g_getenv ("INTEROP_SIPP_TRACE") != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (sipp->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (sipp->dir, name, NULL);

          if (g_str_equal (name, "sipp.out") || g_str_has_suffix (name, "_errors.log") ||
              g_str_has_suffix (name, "_messages.log"))
            copy_to_log (path);
        }
    }
  return sipp->status;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
interop_sipp_free (InteropSipp *sipp)
{
  if (sipp == NULL)
    return;
  if (!sipp->exited)
    {
      /* Our `timeout` child forwards the signal to SIPp. */
      g_subprocess_send_signal (sipp->process, SIGTERM);
      TEST_WAIT (sipp->exited, 20000);
    }
  g_clear_object (&sipp->process);
  remove_tree (sipp->dir);
  g_free (sipp->dir);
  g_free (sipp);
}
