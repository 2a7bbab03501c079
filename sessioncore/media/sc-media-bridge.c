/* sc-media-bridge.c: the media side of a bridge
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A bridge is a route (sc-media-route.h) that every member's leg is on,
 * for as long as it is a member. It keeps what belongs to the bridge
 * whatever the number of members — who is in, who is held, whose packets
 * flow — and hands the audio to whichever route fits the membership:
 *
 *   - two members, neither held nor muted, the bridge not told to
 *     always mix: the relay (sc-media-relay.c), packet by packet, no
 *     decoding unless the codecs differ;
 *   - anything else (three or more, a held or muted member, one alone, a
 *     conference): the mix-minus mixer (sc-media-mixer.c), where a held
 *     member's place is taken by the music on hold and a muted member
 *     (contributes FALSE) is left out of the sum. A muted member sends
 *     the two of a relayed bridge to the mixer rather than teaching the
 *     relay to drop packets: one place decides who is heard.
 *
 * The legs never change route while they are members: switching between
 * relay and mixer is this route's choice, made under the engine lock in
 * the same step as the change of membership (attach, detach) or hold that
 * calls for it, so no packet and no tick sees half of it. Each leg owns
 * its outgoing stream (sc-media-leg.c), so the switch is one continuous
 * stream to each phone.
 *
 * On the mixer, the bridge also tells who is talking: each tick, from
 * each member's level in the mix (the mean absolute sample, measured
 * before muting applies, so a muted talker is seen too). TALKING after
 * TALK_TICKS ticks in a row above TALK_LEVEL, QUIET after HANGOVER_TICKS
 * below it, so that the pauses between words do not flicker. A talking
 * member always ends QUIET: when it stops talking, stops sending (its
 * FIFO runs dry, so QUIET comes 0.5 s after the last packet, well before
 * MEMBER_SILENT), leaves the bridge, is held, or the bridge goes back to
 * the relay. Only freeing the bridge (or the engine) sends nothing.
 *
 * While recording, the members are on the mixer too: each tick's full
 * mix goes to a recorder (sc-media-recorder.c) through the mixer's tap,
 * in the media thread, which only queues it. Starting, stopping (waiting
 * for the file to be complete) and reacting to the pipeline's failure
 * happen in the owner's thread.
 *
 * Membership is written only in the owner's thread (attach and detach run
 * there, under the lock, whether the bridge, another bridge or the engine
 * moves the leg), so that thread reads it without the lock: that is how
 * the bridge stays usable after the engine removed a member, or was freed
 * with every leg in it.
 */

#include "config.h"

#include "sc-media-bridge.h"

#include "sc-media-engine-private.h"
#include "sc-media-leg-private.h"
#include "sc-error.h"
#include "sc-media-mixer.h"
#include "sc-media-recorder.h"
#include "sc-media-relay.h"
#include "sc-media-route.h"

#define SILENT_AFTER_US  (2 * G_USEC_PER_SEC)

/* Voice: a -20 dBFS tone's mean absolute sample is about 2100; G.711
 * silence decodes to 0 (µ-law) or 8 (A-law), comfort noise and a quiet
 * room stay well under 100. */
#define TALK_LEVEL       200
#define TALK_TICKS       2       /* 40 ms above TALK_LEVEL: talking */
#define HANGOVER_TICKS   25      /* 500 ms below it: quiet */

typedef struct {
  ScMediaLeg    *leg;
  gboolean       on_current;     /* attached to the bridge's current route */
  gboolean       held;
  ScAudioSource *hold_music;
  gboolean       contributes;
  gboolean       flowing;
  gint64         last_rx_us;
  /* Voice activity, on the mixer only. */
  gboolean       talking;
  guint          loud_ticks;     /* in a row, while not talking */
  guint          quiet_ticks;    /* in a row, while talking */
} Member;

struct _ScMediaBridge
{
  ScMediaRoute     parent;       /* what the members' legs are on */
  ScMediaEngine   *engine;
  GMainContext    *owner;
  GHashTable      *members;      /* ScMediaLeg → Member */
  ScMediaRoute    *relay;
  ScMediaMixer    *mixer;
  ScMediaRoute    *current;      /* relay, mixer, or NULL: no member */
  gint64           ticked_at_us; /* the tick last seen */
  gboolean         always_mix;
  ScMediaRecorder *recorder;     /* the mixer's tap while recording */
  gboolean         closing;
};

static void
member_free (gpointer data)
{
  Member *member = data;

  g_clear_pointer (&member->hold_music, _sc_audio_source_unref);
  g_free (member);
}

/* ------------------------------------------------------------------ */
/* Which route carries the audio (the engine lock held)                 */

/* What the mixer keeps per member, from what the bridge keeps. */
static void
apply_member (ScMediaBridge *self,
              Member        *member)
{
  if (self->current != (ScMediaRoute *) self->mixer)
    return;
  _sc_media_mixer_set_stand_in (self->mixer, member->leg, member->held,
                                member->hold_music);
  _sc_media_mixer_set_contributes (self->mixer, member->leg, member->contributes);
}

/* Whoever was talking is no longer heard talking. */
static void
end_talking (ScMediaBridge *self,
             Member        *member)
{
  if (member->talking)
    _sc_media_route_queue_event (&self->parent, member->leg,
                                 SC_MEDIA_BRIDGE_EVENT_MEMBER_QUIET);
  member->talking = FALSE;
  member->loud_ticks = 0;
  member->quiet_ticks = 0;
}

/* Puts every member on the route the membership calls for. */
static void
reconcile (ScMediaBridge *self)
{
  guint n = g_hash_table_size (self->members);
  gboolean any_aside = FALSE;
  ScMediaRoute *wanted;
  GHashTableIter iter;
  Member *member;

  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    any_aside = any_aside || member->held || !member->contributes;
  if (n == 0)
    wanted = NULL;
  else if (n == 2 && !any_aside && !self->always_mix && self->recorder == NULL)
    wanted = self->relay;
  else
    wanted = (ScMediaRoute *) self->mixer;

  if (wanted != self->current)
    {
      g_hash_table_iter_init (&iter, self->members);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
        {
          end_talking (self, member);
          if (member->on_current)
            {
              self->current->funcs->detach (self->current, member->leg);
              member->on_current = FALSE;
            }
        }
      self->current = wanted;
    }
  if (self->current == NULL)
    return;

  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    if (!member->on_current)
      {
        self->current->funcs->attach (self->current, member->leg);
        member->on_current = TRUE;
        apply_member (self, member);
      }
}

/* ------------------------------------------------------------------ */
/* Route functions                                                      */

static void
bridge_attach (ScMediaRoute *route,
               ScMediaLeg   *leg)
{
  ScMediaBridge *self = (ScMediaBridge *) route;
  Member *member = g_new0 (Member, 1);

  member->leg = leg;
  member->contributes = TRUE;
  g_hash_table_replace (self->members, leg, member);
  reconcile (self);
}

static void
bridge_detach (ScMediaRoute *route,
               ScMediaLeg   *leg)
{
  ScMediaBridge *self = (ScMediaBridge *) route;
  Member *member = g_hash_table_lookup (self->members, leg);

  if (member == NULL)
    return;
  end_talking (self, member);
  if (member->on_current)
    self->current->funcs->detach (self->current, leg);
  g_hash_table_remove (self->members, leg);
  /* Closing, the rest leave too: no point in switching for them. */
  if (!self->closing)
    reconcile (self);
}

static void
bridge_receive (ScMediaRoute     *route,
                ScMediaLeg       *leg,
                ScMediaRtpPacket *packet,
                gint64            now_us)
{
  ScMediaBridge *self = (ScMediaBridge *) route;
  Member *member = g_hash_table_lookup (self->members, leg);

  if (member == NULL)
    return;
  member->last_rx_us = now_us;
  if (!member->flowing)
    {
      member->flowing = TRUE;
      _sc_media_route_queue_event (route, leg, SC_MEDIA_BRIDGE_EVENT_MEMBER_FLOWING);
    }
  if (member->held || !member->on_current)
    return;
  self->current->funcs->receive (self->current, leg, packet, now_us);
}

/* Once per tick: who has gone quiet. */
static void
watch_silence (ScMediaBridge *self,
               gint64         now_us)
{
  GHashTableIter iter;
  Member *member;

  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    if (member->flowing && now_us - member->last_rx_us > SILENT_AFTER_US)
      {
        member->flowing = FALSE;
        _sc_media_route_queue_event (&self->parent, member->leg,
                                     SC_MEDIA_BRIDGE_EVENT_MEMBER_SILENT);
      }
}

/* Once per tick, after the mix: who talks. A held member's level is its
 * stand-in's (the music): not a voice. */
static void
watch_voices (ScMediaBridge *self)
{
  GHashTableIter iter;
  Member *member;

  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    {
      gboolean loud = !member->held && member->on_current &&
                      _sc_media_mixer_get_level (self->mixer, member->leg) > TALK_LEVEL;

      if (!member->talking)
        {
          member->loud_ticks = loud ? member->loud_ticks + 1 : 0;
          if (member->loud_ticks >= TALK_TICKS)
            {
              member->talking = TRUE;
              member->quiet_ticks = 0;
              _sc_media_route_queue_event (&self->parent, member->leg,
                                           SC_MEDIA_BRIDGE_EVENT_MEMBER_TALKING);
            }
        }
      else
        {
          member->quiet_ticks = loud ? 0 : member->quiet_ticks + 1;
          if (member->quiet_ticks >= HANGOVER_TICKS)
            end_talking (self, member);
        }
    }
}

static void
bridge_tick (ScMediaRoute *route,
             ScMediaLeg   *leg,
             gint64        now_us)
{
  ScMediaBridge *self = (ScMediaBridge *) route;

  /* Every leg's tick gets the same @now_us: the first one does it. */
  if (now_us == self->ticked_at_us)
    return;
  self->ticked_at_us = now_us;
  watch_silence (self, now_us);
  if (self->current == (ScMediaRoute *) self->mixer)
    {
      self->current->funcs->tick (self->current, leg, now_us);
      watch_voices (self);
    }
}

static ScMediaFill
bridge_fill (ScMediaRoute *route,
             ScMediaLeg   *leg,
             gint16       *samples,
             gint64        now_us)
{
  ScMediaBridge *self = (ScMediaBridge *) route;
  Member *member = g_hash_table_lookup (self->members, leg);

  if (member == NULL || member->held || !member->on_current)
    return SC_MEDIA_FILL_SOURCE;
  return self->current->funcs->fill (self->current, leg, samples, now_us);
}

static void
bridge_finalize (ScMediaRoute *route)
{
  ScMediaBridge *self = (ScMediaBridge *) route;

  /* No leg is on the bridge any more, hence on neither of these. */
  _sc_media_route_destroy (self->relay);
  _sc_media_route_destroy ((ScMediaRoute *) self->mixer);
  g_hash_table_unref (self->members);
  g_main_context_unref (self->owner);
}

static const ScMediaRouteFuncs bridge_funcs = {
  .attach = bridge_attach,
  .detach = bridge_detach,
  .receive = bridge_receive,
  .tick = bridge_tick,
  .fill = bridge_fill,
  .finalize = bridge_finalize,
};

/* ------------------------------------------------------------------ */
/* For the owner (sc-media-bridge.h)                                    */

ScMediaBridge *
_sc_media_bridge_new (ScMediaEngine         *engine,
                      GMainContext          *owner,
                      ScMediaRouteEventFunc  func,
                      gpointer               user_data)
{
  ScMediaBridge *self;

  g_return_val_if_fail (engine != NULL, NULL);
  g_return_val_if_fail (owner != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = (ScMediaBridge *) _sc_media_route_new (&bridge_funcs, sizeof (ScMediaBridge),
                                                owner, func, user_data);
  self->engine = engine;
  self->owner = g_main_context_ref (owner);
  self->members = g_hash_table_new_full (NULL, NULL, NULL, member_free);
  /* Their events would go to the same place; they send none. */
  self->relay = _sc_media_relay_new (owner, func, user_data);
  self->mixer = _sc_media_mixer_new (owner, func, user_data);
  self->ticked_at_us = -1;
  return self;
}

void
_sc_media_bridge_add_leg (ScMediaBridge *self,
                          ScMediaLeg    *leg)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (leg != NULL);
  g_return_if_fail (_sc_media_leg_get_engine (leg) == self->engine);

  /* attach () does the rest, under the lock. */
  _sc_media_leg_set_route (leg, &self->parent);
}

void
_sc_media_bridge_remove_leg (ScMediaBridge *self,
                             ScMediaLeg    *leg)
{
  g_return_if_fail (self != NULL);

  /* Not a member: perhaps freed by the engine already, so not touched. */
  if (leg == NULL || !g_hash_table_contains (self->members, leg))
    return;
  _sc_media_leg_set_route (leg, NULL);
}

void
_sc_media_bridge_set_held (ScMediaBridge *self,
                           ScMediaLeg    *leg,
                           gboolean       held,
                           ScAudioSource *hold_music)
{
  ScAudioSource *old_music;
  Member *member;

  g_return_if_fail (self != NULL);

  member = leg != NULL ? g_hash_table_lookup (self->members, leg) : NULL;
  if (member == NULL)
    return;

  _sc_media_engine_lock (self->engine);
  old_music = g_steal_pointer (&member->hold_music);
  member->held = !!held;
  if (held && hold_music != NULL)
    member->hold_music = _sc_audio_source_ref (hold_music);
  if (held)
    end_talking (self, member);
  if (member->on_current)
    apply_member (self, member);
  reconcile (self);
  _sc_media_engine_unlock (self->engine);

  g_clear_pointer (&old_music, _sc_audio_source_unref);
}

/* With no member, the media thread cannot reach the bridge (and the
 * engine may be gone): nothing to lock. Membership is written only in
 * this thread, so it reads it without the lock. */
static gboolean
lock_if_members (ScMediaBridge *self)
{
  if (g_hash_table_size (self->members) == 0)
    return FALSE;
  _sc_media_engine_lock (self->engine);
  return TRUE;
}

void
_sc_media_bridge_set_always_mix (ScMediaBridge *self,
                                 gboolean       always_mix)
{
  gboolean locked;

  g_return_if_fail (self != NULL);

  locked = lock_if_members (self);
  self->always_mix = !!always_mix;
  reconcile (self);
  if (locked)
    _sc_media_engine_unlock (self->engine);
}

void
_sc_media_bridge_set_contributes (ScMediaBridge *self,
                                  ScMediaLeg    *leg,
                                  gboolean       contributes)
{
  Member *member;

  g_return_if_fail (self != NULL);

  member = leg != NULL ? g_hash_table_lookup (self->members, leg) : NULL;
  if (member == NULL)
    return;

  _sc_media_engine_lock (self->engine);
  member->contributes = !!contributes;
  if (member->on_current)
    apply_member (self, member);
  /* Muted, two members leave the relay for the mixer (see the top). */
  reconcile (self);
  _sc_media_engine_unlock (self->engine);
}

static void
record_tap (gpointer      user_data,
            const gint16 *mix,
            gint64        now_us)
{
  _sc_media_recorder_push (user_data, mix, now_us);
}

/* The recorder, fed no more: nothing in the media thread touches it
 * after this returns. Two members may go back to the relay. */
static ScMediaRecorder *
take_recorder (ScMediaBridge *self)
{
  gboolean locked = lock_if_members (self);
  ScMediaRecorder *recorder = g_steal_pointer (&self->recorder);

  _sc_media_mixer_set_tap (self->mixer, NULL, NULL);
  reconcile (self);
  if (locked)
    _sc_media_engine_unlock (self->engine);
  return recorder;
}

/* In the owner's context, from the recorder's bus watch. */
static void
recording_failed_cb (gpointer    user_data,
                     const char *message)
{
  ScMediaBridge *self = user_data;

  _sc_media_recorder_free (take_recorder (self));
  _sc_media_route_post_event (&self->parent, SC_MEDIA_BRIDGE_EVENT_RECORDING_FAILED,
                              NULL);
}

gboolean
_sc_media_bridge_start_recording (ScMediaBridge  *self,
                                  const char     *path,
                                  GError        **error)
{
  ScMediaRecorder *recorder;
  gboolean locked;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->recorder != NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_STATE,
                   "Invalid state: the bridge is recording already");
      return FALSE;
    }
  recorder = _sc_media_recorder_new (path, self->owner, recording_failed_cb, self, error);
  if (recorder == NULL)
    return FALSE;

  locked = lock_if_members (self);
  self->recorder = recorder;
  _sc_media_mixer_set_tap (self->mixer, record_tap, recorder);
  reconcile (self);
  if (locked)
    _sc_media_engine_unlock (self->engine);
  return TRUE;
}

gboolean
_sc_media_bridge_stop_recording (ScMediaBridge *self)
{
  ScMediaRecorder *recorder;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->recorder == NULL)
    return FALSE;
  recorder = take_recorder (self);
  /* The file may be incomplete: as good as a failure while recording. */
  if (!_sc_media_recorder_finish (recorder))
    _sc_media_route_post_event (&self->parent, SC_MEDIA_BRIDGE_EVENT_RECORDING_FAILED,
                                NULL);
  _sc_media_recorder_free (recorder);
  return TRUE;
}

gboolean
_sc_media_bridge_is_recording (ScMediaBridge *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->recorder != NULL;
}

guint
_sc_media_bridge_get_n_legs (ScMediaBridge *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->members);
}

void
_sc_media_bridge_free (ScMediaBridge *self)
{
  guint n_refs = 0;

  g_return_if_fail (self != NULL);

  /* The members' last words are in the file, and the file complete. */
  _sc_media_bridge_stop_recording (self);

  /* No member left (the engine may be gone, having taken each leg off):
   * nothing to lock. */
  if (g_hash_table_size (self->members) > 0)
    {
      _sc_media_engine_lock (self->engine);
      self->closing = TRUE;
      while (g_hash_table_size (self->members) > 0)
        {
          GHashTableIter iter;
          ScMediaLeg *leg;

          g_hash_table_iter_init (&iter, self->members);
          g_hash_table_iter_next (&iter, (gpointer *) &leg, NULL);
          if (_sc_media_leg_swap_route (leg, NULL) != NULL)
            n_refs++;
        }
      _sc_media_engine_unlock (self->engine);
    }

  /* The legs' references to the bridge; the creator's still holds it. */
  while (n_refs-- > 0)
    _sc_media_route_unref (&self->parent);
  _sc_media_route_destroy (&self->parent);
}
