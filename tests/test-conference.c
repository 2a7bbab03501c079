/* test-conference.c: conferences of real calls: who hears whom, the
 * order of events, states, recording, and every rule and error.
 *
 * Each test runs an ScServerSessionManager and two "phones": plain
 * session managers on loopback, each placing as many calls to the
 * server as the test needs, with real SIP and RTP. What a call hears is
 * judged by the frequencies that arrive (Goertzel), as a person would.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-utils.h"
#include "test-audio.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sc-session-manager-private.h"
#include "media/sc-media-engine.h"

#define N_PHONES  2
#define MAX_CALLS 10
#define LISTEN_MS 600

typedef struct {
  guint  phone;
  char  *phone_id;    /* the phone's session */
  char  *server_id;   /* the server's session */
} Call;

typedef struct {
  ScServerSessionManager *server;
  ScSessionManager       *sm;           /* the server's calls (borrowed) */
  ScConferenceManager    *cm;           /* the server's conferences (borrowed) */
  TestRecorder           *rs;
  ScSessionManager       *phones[N_PHONES];
  TestRecorder           *rp[N_PHONES];
  Call                    calls[MAX_CALLS];
  guint                   n_calls;
  GPtrArray              *events;       /* "nick session reason" strings */
  GPtrArray              *raw_events;   /* ScConferenceEvent */
  char                   *tmpdir;
} Fixture;

/* A server with media (data NULL) or without (data non-NULL). */
static ScServerSessionManager *
server_new (gboolean media)
{
  g_autoptr(ScServerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  ScServerSessionManager *server;

  if (media)
    return test_server_new ();
  config = sc_server_config_new ();
  sc_server_config_set_bind_address (config, "127.0.0.1:0");
  sc_server_config_set_enable_media (config, FALSE);
  server = sc_create_full_server_manager (NULL, config, &error);
  g_assert_no_error (error);
  return server;
}

static const char *
event_nick (ScConferenceEventType type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_CONFERENCE_EVENT_TYPE);

  return g_enum_get_value (klass, type)->value_nick;
}

static void
conference_event_cb (ScConferenceManager *cm,
                     ScConferenceEvent   *event,
                     Fixture             *f)
{
  const char *session = sc_conference_event_get_session_id (event);
  const char *reason = sc_conference_event_get_reason (event);

  g_ptr_array_add (f->events,
                   g_strdup_printf ("%s%s%s%s%s",
                                    event_nick (sc_conference_event_get_event_type (event)),
                                    session ? " " : "", session ? session : "",
                                    reason ? " / " : "", reason ? reason : ""));
  g_ptr_array_add (f->raw_events, sc_conference_event_copy (event));
  g_assert_cmpint (sc_conference_event_get_timestamp (event), >, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = server_new (data == NULL);
  f->sm = sc_server_session_manager_get_session_manager (f->server);
  f->cm = sc_server_session_manager_get_conference_manager (f->server);
  g_assert_true (SC_IS_CONFERENCE_MANAGER (f->cm));
  f->rs = test_recorder_new (f->sm);
  test_recorder_set_decision (f->rs, sc_call_decision_accept (NULL));
  for (guint i = 0; i < N_PHONES; i++)
    {
      f->phones[i] = test_manager_new (0, NULL);
      f->rp[i] = test_recorder_new (f->phones[i]);
    }
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->raw_events = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_conference_event_free);
  g_signal_connect (f->cm, "conference-event", G_CALLBACK (conference_event_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (f->cm, f);
  test_manager_shutdown (f->sm);
  g_clear_pointer (&f->rs, test_recorder_free);
  g_clear_object (&f->server);
  for (guint i = 0; i < N_PHONES; i++)
    {
      test_manager_shutdown (f->phones[i]);
      g_clear_pointer (&f->rp[i], test_recorder_free);
      g_clear_object (&f->phones[i]);
    }
  for (guint i = 0; i < f->n_calls; i++)
    {
      g_free (f->calls[i].phone_id);
      g_free (f->calls[i].server_id);
    }
  g_ptr_array_unref (f->events);
  g_ptr_array_unref (f->raw_events);
  if (f->tmpdir != NULL)
    test_remove_tree (f->tmpdir);
  g_free (f->tmpdir);
}

/* A new call from a phone (alternating) to the server, answered. Returns
 * its index in f->calls. */
static guint
new_call (Fixture *f)
{
  guint index = f->n_calls++;
  Call *call = &f->calls[index];
  g_autofree char *user = g_strdup_printf ("caller%u", index);
  g_autofree char *from = NULL;
  g_autofree char *to = test_uri (f->sm, "conference");
  g_autoptr(ScCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint established = f->rs->n_established;

  g_assert_cmpuint (index, <, MAX_CALLS);
  call->phone = index % N_PHONES;
  from = test_uri (f->phones[call->phone], user);
  session = sc_session_manager_create_outgoing_call (f->phones[call->phone], from, to,
                                                     NULL, &error);
  g_assert_no_error (error);
  TEST_WAIT (sc_call_session_get_state (session) == SC_CALL_STATE_ACTIVE &&
             f->rs->n_established == established + 1, WAIT_MS);
  call->phone_id = g_strdup (sc_call_session_get_id (session));
  call->server_id = test_session_of_call (f->sm, session);
  return index;
}

static const char *
sid (Fixture *f,
     guint    i)
{
  return f->calls[i].server_id;
}

static void
call_plays (Fixture *f,
            guint    i,
            double   frequency)
{
  g_autoptr(GError) error = NULL;
  Call *call = &f->calls[i];

  if (frequency > 0)
    g_assert_true (sc_session_manager_play_tone (f->phones[call->phone], call->phone_id,
                                                 frequency, &error));
  else
    g_assert_true (sc_session_manager_play_silence (f->phones[call->phone], call->phone_id,
                                                    &error));
  g_assert_no_error (error);
}

static ScMediaLeg *
call_leg (Fixture *f,
          guint    i)
{
  ScMediaLeg *leg = _sc_session_manager_get_media_leg (f->phones[f->calls[i].phone],
                                                       f->calls[i].phone_id);

  g_assert_nonnull (leg);
  return leg;
}

/* What calls first..first+n-1 hear during the same LISTEN_MS: each one's
 * samples in heard[i - first] (LISTEN_MS * 8 samples each). */
static void
listen_all (Fixture *f,
            guint    first,
            guint    n,
            gint16 (*heard)[LISTEN_MS * TEST_AUDIO_RATE / 1000],
            guint   *n_heard)
{
  guint wanted = LISTEN_MS * TEST_AUDIO_RATE / 1000;

  for (guint i = 0; i < n; i++)
    _sc_media_leg_set_capture (call_leg (f, first + i), wanted);
  test_run_for (LISTEN_MS + 100);
  for (guint i = 0; i < n; i++)
    {
      n_heard[i] = _sc_media_leg_take_capture (call_leg (f, first + i), heard[i], wanted);
      _sc_media_leg_set_capture (call_leg (f, first + i), 0);
      g_assert_cmpuint (n_heard[i], >, wanted / 2);
    }
}

static double
call_hears (Fixture *f,
            guint    i,
            double   frequency)
{
  gint16 pcm[1][LISTEN_MS * TEST_AUDIO_RATE / 1000];
  guint n;

  listen_all (f, i, 1, pcm, &n);
  return test_tone_share (pcm[0], n, frequency);
}

static gboolean
has_event (Fixture    *f,
           const char *event)
{
  for (guint i = 0; i < f->events->len; i++)
    if (g_str_equal (f->events->pdata[i], event))
      return TRUE;
  return FALSE;
}

static gboolean G_GNUC_PRINTF (2, 3)
has_eventf (Fixture    *f,
            const char *format,
            ...)
{
  g_autofree char *event = NULL;
  va_list args;

  va_start (args, format);
  event = g_strdup_vprintf (format, args);
  va_end (args);
  return has_event (f, event);
}

/* Waits until @n participants' audio reaches the mix of @conf. */
static void
wait_audio (Fixture    *f,
            const char *conf,
            guint       n)
{
  for (;;)
    {
      g_autoptr(ScConferenceStats) stats =
        sc_conference_manager_get_conference_stats (f->cm, conf, NULL);

      if (sc_conference_stats_get_audio_participants (stats) == n)
        break;
      test_iterate_or_fail (WAIT_MS, "participants' audio in the mix");
    }
  test_iterate_reset ();
}

/* The events recorded so far, joined, without the audio ones (whose
 * timing is the network's), then forgotten. */
static char *
take_events (Fixture *f)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; i < f->events->len; i++)
    {
      const char *event = f->events->pdata[i];

      if (g_str_has_prefix (event, "participant-media-") ||
          g_str_has_prefix (event, "stats-updated") ||
          g_str_has_prefix (event, "participant-talking-changed"))
        continue;
      g_strv_builder_add (builder, event);
    }
  kept = g_strv_builder_end (builder);
  g_ptr_array_set_size (f->events, 0);
  g_ptr_array_set_size (f->raw_events, 0);
  return g_strjoinv (", ", kept);
}

static char *
create (Fixture    *f,
        guint       max_participants)
{
  g_autoptr(ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  if (max_participants > 0)
    sc_conference_config_set_max_participants (config, max_participants);
  id = sc_conference_manager_create_conference (f->cm, config, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "conf_"));
  return id;
}

static void
join (Fixture    *f,
      const char *conf,
      guint       i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScParticipantInfo) info =
    sc_conference_manager_join_conference (f->cm, conf, sid (f, i), &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (sc_participant_info_get_session_id (info), ==, sid (f, i));
}

static void
set_status (Fixture             *f,
            const char          *conf,
            guint                i,
            ScParticipantStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_conference_manager_update_participant_status (f->cm, conf, sid (f, i),
                                                                  status, &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%s%u-%u+%u", log->len ? " " : "", position, removed, added);
}

static void
test_event_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *conf = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *events = NULL;
  g_autoptr(ScConference) room = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) list = NULL;
  ScConferenceEvent *status_event;
  guint s1 = new_call (f), s2 = new_call (f);

  g_test_summary ("Create, join s1, join s2, set s1 ACTIVE, s1 leaves, terminate: the "
                  "events in exactly that order, the count up and down, and the "
                  "participants model's items-changed");

  conf = create (f, 0);
  g_assert_cmpuint (sc_conference_manager_get_conference_count (f->cm), ==, 1);
  g_assert_true (sc_conference_manager_conference_exists (f->cm, conf));
  list = sc_conference_manager_list_conferences (f->cm);
  g_assert_cmpstrv (list, ((const char *[]) { conf, NULL }));
  room = sc_conference_manager_get_conference (f->cm, conf);
  g_assert_cmpstr (sc_conference_get_id (room), ==, conf);
  g_assert_cmpint (sc_conference_get_state (room), ==, SC_CONFERENCE_STATE_ACTIVE);
  g_signal_connect (sc_conference_get_participants (room), "items-changed",
                    G_CALLBACK (items_changed_cb), changes);

  join (f, conf, s1);
  join (f, conf, s2);
  g_assert_cmpuint (g_list_model_get_n_items (sc_conference_get_participants (room)), ==, 2);
  set_status (f, conf, s1, SC_PARTICIPANT_STATUS_ACTIVE);
  g_assert_true (sc_conference_manager_leave_conference (f->cm, conf, sid (f, s1), &error));
  g_assert_no_error (error);
  g_assert_true (sc_conference_manager_terminate_conference (f->cm, conf, &error));
  g_assert_no_error (error);

  /* Exactly these, nothing in between (no media here). */
  status_event = f->raw_events->pdata[3];
  g_assert_cmpint (sc_conference_event_get_old_status (status_event), ==,
                   SC_PARTICIPANT_STATUS_JOINING);
  g_assert_cmpint (sc_conference_event_get_new_status (status_event), ==,
                   SC_PARTICIPANT_STATUS_ACTIVE);
  g_assert_cmpint (sc_conference_event_get_new_state (f->raw_events->pdata[5]), ==,
                   SC_CONFERENCE_STATE_TERMINATED);
  g_assert_cmpuint (f->events->len, ==, 6);
  events = take_events (f);
  expected = g_strdup_printf ("conference-created, participant-joined %s, "
                              "participant-joined %s, participant-status-changed %s, "
                              "participant-left %s / left, conference-terminated / terminated",
                              sid (f, s1), sid (f, s2), sid (f, s1), sid (f, s1));
  g_assert_cmpstr (events, ==, expected);

  g_assert_cmpuint (sc_conference_manager_get_conference_count (f->cm), ==, 0);
  g_assert_false (sc_conference_manager_conference_exists (f->cm, conf));
  g_assert_cmpint (sc_conference_get_state (room), ==, SC_CONFERENCE_STATE_TERMINATED);
  g_assert_cmpuint (g_list_model_get_n_items (sc_conference_get_participants (room)), ==, 0);
  /* s1 and s2 added at the end; s1 removed from the front; s2 at
   * termination. */
  g_assert_cmpstr (changes->str, ==, "0-0+1 1-0+1 0-1+0 0-1+0");
  /* The calls are still up. */
  {
    g_autoptr(ScCallSession) session = sc_session_manager_get_session (f->sm, sid (f, s2));

    g_assert_cmpint (sc_call_session_get_state (session), ==, SC_CALL_STATE_ACTIVE);
  }
}

static void
test_stats_and_sdp (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *conf = NULL;
  g_autofree char *sdp0 = NULL;
  g_autofree char *sdp1 = NULL;
  g_autoptr(ScConferenceStats) stats = NULL;
  g_autoptr(ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name_line = NULL;
  guint c[3];

  g_test_summary ("Statuses Active, Active, Muted: total 3, active 2; the conference "
                  "SDP differs per participant and names the conference");

  for (guint i = 0; i < 3; i++)
    c[i] = new_call (f);
  sc_conference_config_set_name (config, "Daily stand-up");
  conf = sc_conference_manager_create_conference (f->cm, config, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    join (f, conf, c[i]);
  set_status (f, conf, c[0], SC_PARTICIPANT_STATUS_ACTIVE);
  set_status (f, conf, c[1], SC_PARTICIPANT_STATUS_ACTIVE);
  set_status (f, conf, c[2], SC_PARTICIPANT_STATUS_MUTED);

  stats = sc_conference_manager_get_conference_stats (f->cm, conf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_conference_stats_get_total_participants (stats), ==, 3);
  g_assert_cmpuint (sc_conference_stats_get_active_participants (stats), ==, 2);
  g_assert_cmpint (sc_conference_stats_get_state (stats), ==, SC_CONFERENCE_STATE_ACTIVE);
  g_assert_true (sc_conference_stats_get_audio_mixing_enabled (stats));
  g_assert_cmpint (sc_conference_stats_get_duration_ms (stats), >=, 0);
  g_assert_cmpint (sc_conference_stats_get_created_at (stats), >, 0);

  participants = sc_conference_manager_list_participants (f->cm, conf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      ScParticipantInfo *info = participants->pdata[i];

      g_assert_cmpstr (sc_participant_info_get_session_id (info), ==, sid (f, c[i]));
      g_assert_true (g_str_has_prefix (sc_participant_info_get_sip_uri (info), "sip:caller"));
      g_assert_nonnull (sc_participant_info_get_display_name (info));
      g_assert_cmpint (sc_participant_info_get_joined_at (info), >, 0);
    }
  g_assert_cmpint (sc_participant_info_get_status (participants->pdata[2]), ==,
                   SC_PARTICIPANT_STATUS_MUTED);

  sdp0 = sc_conference_manager_generate_conference_sdp (f->cm, conf, sid (f, c[0]), &error);
  g_assert_no_error (error);
  sdp1 = sc_conference_manager_generate_conference_sdp (f->cm, conf, sid (f, c[1]), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sdp0, !=, sdp1);
  name_line = g_strdup_printf ("i=Conference %s\r\n", conf);
  g_assert_nonnull (strstr (sdp0, "s=Daily stand-up\r\n"));
  g_assert_nonnull (strstr (sdp0, name_line));
  g_assert_nonnull (strstr (sdp1, "s=Daily stand-up\r\n"));
  g_assert_true (g_str_has_prefix (sdp0, "v=0\r\n"));
}

static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    ScConferenceState from;
    ScConferenceState to;
  } invalid[] = {
    { SC_CONFERENCE_STATE_ACTIVE, SC_CONFERENCE_STATE_ACTIVE },
    { SC_CONFERENCE_STATE_ACTIVE, SC_CONFERENCE_STATE_CREATING },
    { SC_CONFERENCE_STATE_ACTIVE, SC_CONFERENCE_STATE_TERMINATED },
    { SC_CONFERENCE_STATE_LOCKED, SC_CONFERENCE_STATE_LOCKED },
    { SC_CONFERENCE_STATE_LOCKED, SC_CONFERENCE_STATE_CREATING },
    { SC_CONFERENCE_STATE_LOCKED, SC_CONFERENCE_STATE_TERMINATED },
    { SC_CONFERENCE_STATE_TERMINATING, SC_CONFERENCE_STATE_ACTIVE },
    { SC_CONFERENCE_STATE_TERMINATING, SC_CONFERENCE_STATE_LOCKED },
    { SC_CONFERENCE_STATE_TERMINATING, SC_CONFERENCE_STATE_TERMINATING },
    { SC_CONFERENCE_STATE_TERMINATING, SC_CONFERENCE_STATE_CREATING },
  };
  g_autofree char *conf = NULL;
  g_autofree char *events = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  guint a = new_call (f), b = new_call (f);

  g_test_summary ("States: ACTIVE <-> LOCKED -> TERMINATING -> TERMINATED, every other "
                  "move INVALID_TRANSITION; a locked or terminating conference refuses "
                  "joins with INVALID_STATE, its participants go on");

  /* Every invalid move, from each reachable state. */
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *c = create (f, 0);

      if (invalid[i].from == SC_CONFERENCE_STATE_LOCKED ||
          invalid[i].from == SC_CONFERENCE_STATE_TERMINATING)
        g_assert_true (sc_conference_manager_set_conference_state (f->cm, c,
                                                                   invalid[i].from == SC_CONFERENCE_STATE_LOCKED
                                                                     ? SC_CONFERENCE_STATE_LOCKED
                                                                     : SC_CONFERENCE_STATE_TERMINATING,
                                                                   NULL));
      g_assert_false (sc_conference_manager_set_conference_state (f->cm, c, invalid[i].to, &error));
      g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_TRANSITION);
      g_assert_nonnull (strstr (error->message, sc_conference_state_to_string (invalid[i].from)));
      g_clear_error (&error);
      g_assert_true (sc_conference_manager_terminate_conference (f->cm, c, NULL));
    }
  g_ptr_array_set_size (f->events, 0);

  conf = create (f, 0);
  join (f, conf, a);
  g_assert_true (sc_conference_manager_lock_conference (f->cm, conf, &error));
  g_assert_no_error (error);
  g_assert_null (sc_conference_manager_join_conference (f->cm, conf, sid (f, b), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "Locked"));
  g_clear_error (&error);
  g_assert_false (sc_conference_manager_lock_conference (f->cm, conf, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_true (sc_conference_manager_unlock_conference (f->cm, conf, &error));
  g_assert_no_error (error);
  join (f, conf, b);
  g_assert_true (sc_conference_manager_set_conference_state (f->cm, conf,
                                                             SC_CONFERENCE_STATE_TERMINATING,
                                                             &error));
  g_assert_no_error (error);
  g_assert_true (sc_conference_manager_leave_conference (f->cm, conf, sid (f, b), &error));
  g_assert_no_error (error);
  g_assert_null (sc_conference_manager_join_conference (f->cm, conf, sid (f, b), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_true (sc_conference_manager_set_conference_state (f->cm, conf,
                                                             SC_CONFERENCE_STATE_TERMINATED,
                                                             &error));
  g_assert_no_error (error);
  g_assert_false (sc_conference_manager_conference_exists (f->cm, conf));

  events = take_events (f);
  expected = g_strdup_printf ("conference-created, participant-joined %s, "
                              "conference-state-changed, conference-state-changed, "
                              "participant-joined %s, conference-state-changed, "
                              "participant-left %s / left, conference-terminated / terminated",
                              sid (f, a), sid (f, b), sid (f, b));
  g_assert_cmpstr (events, ==, expected);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *conf = NULL;
  g_autofree char *other = NULL;
  g_autofree char *bridge = NULL;
  g_autoptr(ScConferenceConfig) config = sc_conference_config_new ();
  g_autoptr(GError) error = NULL;
  guint a = new_call (f), b = new_call (f), c = new_call (f), d = new_call (f);

  g_test_summary ("Unknown conference, unknown participant, a full conference, a "
                  "duplicate name, ended and bridged sessions, a bad configuration, "
                  "a status that cannot be set: each its own error, nothing changed");

  conf = create (f, 2);
  join (f, conf, a);
  join (f, conf, b);

  /* Unknown conference, for every method that takes one. */
#define NOT_FOUND(call) \
  G_STMT_START { \
    g_assert_false (!!(call)); \
    g_assert_error (error, SC_ERROR, SC_ERROR_CONFERENCE_NOT_FOUND); \
    g_assert_nonnull (strstr (error->message, "conf_nope")); \
    g_clear_error (&error); \
  } G_STMT_END
  NOT_FOUND (sc_conference_manager_join_conference (f->cm, "conf_nope", sid (f, c), &error));
  NOT_FOUND (sc_conference_manager_leave_conference (f->cm, "conf_nope", sid (f, a), &error));
  NOT_FOUND (sc_conference_manager_list_participants (f->cm, "conf_nope", &error));
  NOT_FOUND (sc_conference_manager_get_conference_stats (f->cm, "conf_nope", &error));
  NOT_FOUND (sc_conference_manager_terminate_conference (f->cm, "conf_nope", &error));
  NOT_FOUND (sc_conference_manager_update_participant_status (f->cm, "conf_nope", sid (f, a),
                                                              SC_PARTICIPANT_STATUS_MUTED, &error));
  NOT_FOUND (sc_conference_manager_generate_conference_sdp (f->cm, "conf_nope", sid (f, a), &error));
  NOT_FOUND (sc_conference_manager_get_conference_config (f->cm, "conf_nope", &error));
  NOT_FOUND (sc_conference_manager_update_conference_config (f->cm, "conf_nope", config, &error));
  NOT_FOUND (sc_conference_manager_kick_participant (f->cm, "conf_nope", sid (f, a), NULL, &error));
  NOT_FOUND (sc_conference_manager_mute_all (f->cm, "conf_nope", &error));
  NOT_FOUND (sc_conference_manager_unmute_all (f->cm, "conf_nope", &error));
  NOT_FOUND (sc_conference_manager_set_conference_state (f->cm, "conf_nope",
                                                         SC_CONFERENCE_STATE_LOCKED, &error));
  NOT_FOUND (sc_conference_manager_start_recording (f->cm, "conf_nope", "/tmp/x.wav", &error));
  NOT_FOUND (sc_conference_manager_stop_recording (f->cm, "conf_nope", &error));
#undef NOT_FOUND
  g_assert_false (sc_conference_manager_conference_exists (f->cm, "conf_nope"));
  g_assert_null (sc_conference_manager_get_conference (f->cm, "conf_nope"));

  /* Unknown participants. */
  g_assert_false (sc_conference_manager_leave_conference (f->cm, conf, sid (f, c), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sc_conference_manager_kick_participant (f->cm, conf, "sess_nope", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sc_conference_manager_update_participant_status (f->cm, conf, "sess_nope",
                                                                   SC_PARTICIPANT_STATUS_MUTED,
                                                                   &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sc_conference_manager_generate_conference_sdp (f->cm, conf, sid (f, c), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sc_conference_manager_join_conference (f->cm, conf, "sess_nope", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sc_conference_manager_get_session_conference (f->cm, "sess_nope", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);

  /* Full. */
  g_assert_null (sc_conference_manager_join_conference (f->cm, conf, sid (f, c), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_RESOURCE_LIMIT_EXCEEDED);
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);

  /* Twice, and in two conferences. */
  other = create (f, 0);
  g_assert_null (sc_conference_manager_join_conference (f->cm, other, sid (f, a), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, conf));
  g_clear_error (&error);

  /* A duplicate name; a bad configuration; an empty name. */
  g_assert_true (sc_conference_manager_create_named_conference (f->cm, "sales", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sc_conference_manager_create_named_conference (f->cm, "sales", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "sales"));
  g_clear_error (&error);
  g_assert_false (sc_conference_manager_create_named_conference (f->cm, "", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_clear_error (&error);
  sc_conference_config_set_max_participants (config, 0);
  g_assert_null (sc_conference_manager_create_conference (f->cm, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "max_participants"));
  g_clear_error (&error);
  g_assert_false (sc_conference_manager_update_conference_config (f->cm, conf, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CONFIG);
  g_clear_error (&error);
  sc_conference_config_set_max_participants (config, 1);
  g_assert_false (sc_conference_manager_update_conference_config (f->cm, conf, config, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* Statuses that are not set by hand. */
  for (ScParticipantStatus s = SC_PARTICIPANT_STATUS_JOINING; s <= SC_PARTICIPANT_STATUS_LEFT; s++)
    {
      if (s == SC_PARTICIPANT_STATUS_ACTIVE || s == SC_PARTICIPANT_STATUS_MUTED ||
          s == SC_PARTICIPANT_STATUS_ON_HOLD)
        continue;
      g_assert_false (sc_conference_manager_update_participant_status (f->cm, conf, sid (f, a),
                                                                       s, &error));
      g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_TRANSITION);
      g_clear_error (&error);
    }

  /* Bridges and conferences exclude each other. */
  bridge = sc_server_session_manager_bridge_sessions (f->server, sid (f, a), sid (f, c), &error);
  g_assert_null (bridge);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, conf));
  g_clear_error (&error);
  bridge = sc_server_session_manager_bridge_sessions (f->server, sid (f, c), sid (f, d), &error);
  g_assert_no_error (error);
  g_assert_null (sc_conference_manager_join_conference (f->cm, other, sid (f, c), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, bridge));
  g_clear_error (&error);
  /* Out of the bridge, c may join. */
  g_assert_true (sc_server_session_manager_destroy_bridge (f->server, bridge, NULL));
  join (f, other, c);

  /* Recording: a path that cannot be written, twice, not recording. */
  g_assert_false (sc_conference_manager_start_recording (f->cm, conf,
                                                         "/nonexistent-dir/x.wav", &error));
  g_assert_nonnull (error);
  g_test_message ("unwritable path: %s", error->message);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x.wav"));
  g_clear_error (&error);
  g_assert_false (sc_conference_manager_stop_recording (f->cm, conf, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* An ending call cannot join; an ended one is unknown. */
  g_assert_true (sc_conference_manager_leave_conference (f->cm, other, sid (f, c), NULL));
  g_assert_true (sc_session_manager_terminate_session (f->sm, sid (f, c), NULL));
  {
    g_autoptr(ScCallSession) session = sc_session_manager_get_session (f->sm, sid (f, c));

    if (session != NULL && !sc_call_state_is_final (sc_call_session_get_state (session)))
      {
        g_assert_null (sc_conference_manager_join_conference (f->cm, other, sid (f, c), &error));
        g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
        g_clear_error (&error);
      }
  }
  TEST_WAIT (test_recorder_has_final (f->rs, sid (f, c), NULL), WAIT_MS);
  g_assert_null (sc_conference_manager_join_conference (f->cm, other, sid (f, c), &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing changed by the failures. */
  {
    g_autoptr(GPtrArray) participants = sc_conference_manager_list_participants (f->cm, conf, NULL);

    g_assert_cmpuint (participants->len, ==, 2);
  }
}

/* A participant whose call ends leaves; the coordinator sees it. */
static void
test_call_ends (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScConferenceCoordinator) coordinator = NULL;
  g_autoptr(ScParticipantInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) in = NULL;
  g_auto(GStrv) after = NULL;
  guint a = new_call (f), b = new_call (f);

  g_test_summary ("The coordinator joins and removes sessions; a participant whose "
                  "call ends (remote BYE) leaves every conference, 'session terminated'");

  coordinator = sc_conference_coordinator_new (f->sm, f->cm);
  conf = create (f, 0);
  info = sc_conference_coordinator_add_session_to_conference (coordinator, sid (f, a), conf,
                                                              &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  join (f, conf, b);
  in = sc_conference_coordinator_get_session_conferences (coordinator, sid (f, a));
  g_assert_cmpstrv (in, ((const char *[]) { conf, NULL }));
  g_assert_true (sc_conference_coordinator_remove_session_from_conference (coordinator,
                                                                           sid (f, a), conf,
                                                                           &error));
  g_assert_no_error (error);
  g_assert_false (sc_conference_coordinator_remove_session_from_conference (coordinator,
                                                                            sid (f, a), conf,
                                                                            &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_SESSION_NOT_FOUND);
  g_clear_error (&error);
  g_ptr_array_set_size (f->events, 0);

  /* b's phone hangs up. */
  g_assert_true (sc_session_manager_terminate_session (f->phones[f->calls[b].phone],
                                                       f->calls[b].phone_id, NULL));
  TEST_WAIT (f->events->len > 0, WAIT_MS);
  expected = g_strdup_printf ("participant-left %s / session terminated", sid (f, b));
  {
    g_autofree char *events = take_events (f);

    g_assert_cmpstr (events, ==, expected);
  }
  after = sc_conference_coordinator_get_session_conferences (coordinator, sid (f, b));
  g_assert_cmpstrv (after, ((const char *[]) { NULL }));
  g_assert_true (sc_conference_manager_conference_exists (f->cm, conf));
}

/* ------------------------------------------------------------------ */
/* Audio                                                                */

static const double tones[] = { 400, 700, 1100, 1500 };

static void
test_mix_minus (Fixture       *f,
                gconstpointer  data)
{
  gint16 heard[4][LISTEN_MS * TEST_AUDIO_RATE / 1000];
  guint n[4];
  g_autofree char *conf = create (f, 0);
  g_autoptr(GError) error = NULL;

  g_test_summary ("Four participants, four tones: each hears the three others and not "
                  "itself; a muted one is heard by nobody and still hears; mute_all "
                  "silences the room; a kicked one hears nothing of it any more");

  for (guint i = 0; i < 4; i++)
    {
      new_call (f);
      call_plays (f, i, tones[i]);
      join (f, conf, i);
    }
  wait_audio (f, conf, 4);
  test_run_for (200);

  listen_all (f, 0, 4, heard, n);
  for (guint i = 0; i < 4; i++)
    for (guint j = 0; j < 4; j++)
      {
        double share = test_tone_share (heard[i], n[i], tones[j]);

        g_test_message ("participant %u hears %.0f Hz: %.3f", i, tones[j], share);
        if (i == j)
          g_assert_cmpfloat (share, <, 0.02);
        else
          g_assert_cmpfloat (share, >, 0.15);
      }

  /* Participant 0 muted: gone from what 1..3 hear; it still hears them. */
  set_status (f, conf, 0, SC_PARTICIPANT_STATUS_MUTED);
  listen_all (f, 0, 4, heard, n);
  for (guint i = 1; i < 4; i++)
    g_assert_cmpfloat (test_tone_share (heard[i], n[i], tones[0]), <, 0.02);
  for (guint j = 1; j < 4; j++)
    g_assert_cmpfloat (test_tone_share (heard[0], n[0], tones[j]), >, 0.15);
  set_status (f, conf, 0, SC_PARTICIPANT_STATUS_ACTIVE);
  g_assert_cmpfloat (call_hears (f, 1, tones[0]), >, 0.15);

  /* Everyone muted: nobody hears anybody. */
  g_assert_true (sc_conference_manager_mute_all (f->cm, conf, &error));
  g_assert_no_error (error);
  listen_all (f, 0, 4, heard, n);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (test_rms (heard[i], n[i]), <, 100);
  g_assert_true (sc_conference_manager_unmute_all (f->cm, conf, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (call_hears (f, 2, tones[3]), >, 0.15);

  /* Kicked: 3 no longer hears the room, nor the room it. */
  g_assert_true (sc_conference_manager_kick_participant (f->cm, conf, sid (f, 3), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (has_eventf (f, "participant-left %s / kicked", sid (f, 3)));
  listen_all (f, 0, 4, heard, n);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat (test_tone_share (heard[3], n[3], tones[j]), <, 0.02);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (test_tone_share (heard[i], n[i], tones[3]), <, 0.02);
}

static void
test_isolation (Fixture       *f,
                gconstpointer  data)
{
  enum { N_CONF = 5 };
  gint16 heard[2 * N_CONF][LISTEN_MS * TEST_AUDIO_RATE / 1000];
  guint n[2 * N_CONF];
  double freq[2 * N_CONF];
  char *confs[N_CONF];

  g_test_summary ("Five conferences of two at once: each participant hears its "
                  "partner's tone and none of the eight others");

  for (guint k = 0; k < N_CONF; k++)
    {
      confs[k] = create (f, 0);
      for (guint p = 0; p < 2; p++)
        {
          guint i = new_call (f);

          freq[i] = 350 + 250 * i;
          call_plays (f, i, freq[i]);
          join (f, confs[k], i);
        }
    }
  for (guint k = 0; k < N_CONF; k++)
    wait_audio (f, confs[k], 2);
  test_run_for (200);
  listen_all (f, 0, 2 * N_CONF, heard, n);
  for (guint i = 0; i < 2 * N_CONF; i++)
    {
      guint partner = i ^ 1;

      g_assert_cmpfloat (test_tone_share (heard[i], n[i], freq[partner]), >, 0.6);
      for (guint j = 0; j < 2 * N_CONF; j++)
        if (j != partner)
          g_assert_cmpfloat (test_tone_share (heard[i], n[i], freq[j]), <, 0.02);
    }
  for (guint k = 0; k < N_CONF; k++)
    g_free (confs[k]);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_talking (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *conf = create (f, 0);
  g_autoptr(ScConference) room = NULL;
  g_autoptr(ScConferenceParticipant) talker = NULL;
  guint a = new_call (f), b = new_call (f);
  guint notified = 0;
  gint64 quiet_at;

  g_test_summary ("talking turns on for a tone and off for silence, after its "
                  "hangover, with notify and participant-talking-changed; "
                  "audio-active and media events follow the audio");

  call_plays (f, a, 0);
  call_plays (f, b, 0);
  join (f, conf, a);
  join (f, conf, b);
  room = sc_conference_manager_get_conference (f->cm, conf);
  talker = sc_conference_get_participant (room, sid (f, a));
  g_assert_nonnull (talker);
  g_assert_null (sc_conference_get_participant (room, "sess_nope"));
  g_signal_connect (talker, "notify::talking", G_CALLBACK (notify_count_cb), &notified);

  /* Audio flows (silence): media established, JOINING -> ACTIVE. */
  TEST_WAIT (sc_conference_participant_get_audio_active (talker), WAIT_MS);
  TEST_WAIT (sc_conference_participant_get_status (talker) == SC_PARTICIPANT_STATUS_ACTIVE,
             WAIT_MS);
  g_assert_true (has_eventf (f, "participant-media-established %s", sid (f, a)));
  test_run_for (500);
  g_assert_false (sc_conference_participant_get_talking (talker));
  g_assert_cmpuint (notified, ==, 0);

  call_plays (f, a, 440);
  TEST_WAIT (sc_conference_participant_get_talking (talker), WAIT_MS);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (has_eventf (f, "participant-talking-changed %s / talking", sid (f, a)));
  test_run_for (500);
  g_assert_true (sc_conference_participant_get_talking (talker));   /* no flicker */

  call_plays (f, a, 0);
  quiet_at = g_get_monotonic_time ();
  TEST_WAIT (!sc_conference_participant_get_talking (talker), WAIT_MS);
  g_test_message ("quiet after %.0f ms", (g_get_monotonic_time () - quiet_at) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - quiet_at, >=, 300 * 1000);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_hold (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *conf = create (f, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScConference) room = NULL;
  g_autoptr(ScConferenceParticipant) p = NULL;
  guint a = new_call (f), b = new_call (f), c = new_call (f);

  g_test_summary ("A participant whose call the server holds becomes ON_HOLD: nobody "
                  "hears it; resumed, it is back with its status");

  call_plays (f, a, 400);
  call_plays (f, b, 700);
  call_plays (f, c, 1100);
  join (f, conf, a);
  join (f, conf, b);
  join (f, conf, c);
  set_status (f, conf, a, SC_PARTICIPANT_STATUS_ACTIVE);
  room = sc_conference_manager_get_conference (f->cm, conf);
  p = g_list_model_get_item (sc_conference_get_participants (room), 0);
  wait_audio (f, conf, 3);
  g_assert_cmpfloat (call_hears (f, b, 400), >, 0.15);

  g_assert_true (sc_session_manager_hold_session (f->sm, sid (f, a), &error));
  g_assert_no_error (error);
  TEST_WAIT (sc_conference_participant_get_status (p) == SC_PARTICIPANT_STATUS_ON_HOLD, WAIT_MS);
  g_assert_true (has_eventf (f, "participant-status-changed %s", sid (f, a)));
  g_assert_cmpfloat (call_hears (f, b, 400), <, 0.02);
  g_assert_cmpfloat (call_hears (f, c, 700), >, 0.15);

  g_assert_true (sc_session_manager_resume_session (f->sm, sid (f, a), &error));
  g_assert_no_error (error);
  TEST_WAIT (sc_conference_participant_get_status (p) == SC_PARTICIPANT_STATUS_ACTIVE, WAIT_MS);
  g_assert_cmpfloat (call_hears (f, b, 400), >, 0.15);
}

/* ------------------------------------------------------------------ */
/* Recording                                                            */

static char *
tmp_path (Fixture    *f,
          const char *name)
{
  if (f->tmpdir == NULL)
    {
      g_autoptr(GError) error = NULL;

      f->tmpdir = g_dir_make_tmp ("sc-conference-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (f->tmpdir, name, NULL);
}

static void
assert_recording_holds (const char   *path,
                        const double *freqs,
                        guint         n_freqs,
                        double        min_seconds)
{
  guint n = 0;
  g_autofree gint16 *pcm = test_decode_file (path, &n);

  g_test_message ("%s: %.2f s", path, n / (double) TEST_AUDIO_RATE);
  g_assert_nonnull (pcm);
  g_assert_cmpfloat (n / (double) TEST_AUDIO_RATE, >=, min_seconds);
  /* The last second, when everybody was talking. */
  for (guint j = 0; j < n_freqs; j++)
    {
      double share = test_tone_share (pcm + n - TEST_AUDIO_RATE, TEST_AUDIO_RATE, freqs[j]);

      g_test_message ("  %.0f Hz: %.3f", freqs[j], share);
      g_assert_cmpfloat (share, >, 0.1);
    }
}

static void
test_recording (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *conf = create (f, 0);
  g_autofree char *wav = tmp_path (f, "room.wav");
  g_autofree char *ogg = tmp_path (f, "room.ogg");
  g_autoptr(ScConference) room = sc_conference_manager_get_conference (f->cm, conf);
  g_autoptr(GError) error = NULL;

  g_test_summary ("A 3-participant conference recorded for 3 s to WAV, then to "
                  "Ogg/Opus: each file decodes through GStreamer and holds the three tones");

  for (guint i = 0; i < 3; i++)
    {
      new_call (f);
      call_plays (f, i, tones[i]);
      join (f, conf, i);
    }
  wait_audio (f, conf, 3);
  test_run_for (200);

  g_assert_true (sc_conference_manager_start_recording (f->cm, conf, wav, &error));
  g_assert_no_error (error);
  g_assert_true (sc_conference_get_recording (room));
  g_assert_false (sc_conference_manager_start_recording (f->cm, conf, ogg, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  test_run_for (3000);
  g_assert_true (sc_conference_manager_stop_recording (f->cm, conf, &error));
  g_assert_no_error (error);
  g_assert_false (sc_conference_get_recording (room));
  assert_recording_holds (wav, tones, 3, 2.5);

  g_assert_true (sc_conference_manager_start_recording (f->cm, conf, ogg, &error));
  g_assert_no_error (error);
  test_run_for (2000);
  /* Terminating the conference finishes the file. */
  g_assert_true (sc_conference_manager_terminate_conference (f->cm, conf, &error));
  g_assert_no_error (error);
  assert_recording_holds (ogg, tones, 3, 1.5);
}

static void
test_bridge_recording (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *wav = tmp_path (f, "bridge.wav");
  g_autofree char *bridge = NULL;
  ScBridgeManager *bridges = sc_server_session_manager_get_bridge_manager (f->server);
  g_autoptr(GError) error = NULL;
  guint a = new_call (f), b = new_call (f);

  g_test_summary ("A bridge of two recorded for 2 s: the file holds both tones, and "
                  "each side still hears the other (not itself) while it records");

  call_plays (f, a, tones[0]);
  call_plays (f, b, tones[1]);
  bridge = sc_server_session_manager_bridge_sessions (f->server, sid (f, a), sid (f, b), &error);
  g_assert_no_error (error);
  test_run_for (300);
  g_assert_false (sc_bridge_manager_is_recording (bridges, bridge));
  g_assert_true (sc_bridge_manager_start_recording (bridges, bridge, wav, &error));
  g_assert_no_error (error);
  g_assert_true (sc_bridge_manager_is_recording (bridges, bridge));
  g_assert_cmpfloat (call_hears (f, a, tones[1]), >, 0.6);
  g_assert_cmpfloat (call_hears (f, a, tones[0]), <, 0.02);
  test_run_for (1400);
  g_assert_true (sc_bridge_manager_stop_recording (bridges, bridge, &error));
  g_assert_no_error (error);
  g_assert_false (sc_bridge_manager_is_recording (bridges, bridge));
  assert_recording_holds (wav, tones, 2, 1.5);
  g_assert_false (sc_bridge_manager_stop_recording (bridges, bridge, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_STATE);
  g_clear_error (&error);
  /* Relayed again, as before. */
  g_assert_cmpfloat (call_hears (f, b, tones[0]), >, 0.6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, no_media) \
  g_test_add ("/conference/" path, Fixture, (no_media) ? "no media" : NULL, \
              fixture_setup, func, fixture_teardown)
  ADD ("events/order", test_event_order, TRUE);
  ADD ("stats-and-sdp", test_stats_and_sdp, TRUE);
  ADD ("states", test_states, TRUE);
  ADD ("errors", test_errors, FALSE);
  ADD ("call-ends", test_call_ends, TRUE);
  ADD ("audio/mix-minus", test_mix_minus, FALSE);
  ADD ("audio/isolation", test_isolation, FALSE);
  ADD ("audio/talking", test_talking, FALSE);
  ADD ("audio/hold", test_hold, FALSE);
  ADD ("recording/conference", test_recording, FALSE);
  ADD ("recording/bridge", test_bridge_recording, FALSE);
#undef ADD

  return g_test_run ();
}
