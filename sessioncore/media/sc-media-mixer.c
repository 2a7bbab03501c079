/* sc-media-mixer.c: mix-minus for any number of legs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What three or more parties need, and conferences after them: each
 * member hears everyone but itself. Computed as one full sum of every
 * member's latest 20 ms, minus each member's own contribution, so a tick
 * costs O(N) whatever the number of members (one mix per member from the
 * others would be O(N²)). The sum is 32-bit; what each member hears is
 * clamped to 16 bits (a loud room saturates, it never wraps round into
 * noise), then encoded by the member's leg in its own codec.
 *
 * Packets arrive whenever the network brings them; the mix happens on
 * the tick. The members' legs are paced (sc-media-route.h): what arrived
 * since the last tick is read at the tick, before any member's tick or
 * fill, so the mix sees it all without the media thread waking for each
 * packet. Either way, each member's decoded audio waits in a small FIFO
 * (three frames; on overflow the oldest goes). A member starts, or starts
 * again after running dry, once two frames wait: late or lost packets
 * make that member silent for a tick, and nobody else notices. The mix is
 * computed once per tick, at the first member's tick (or fill, whichever
 * comes first), whether or not any member sends that tick; a tap (the
 * recorder) gets the full mix each time.
 *
 * RFC 4733 digits from one member are played again by every other
 * member's leg (its own DTMF sender), so each phone gets them in its own
 * payload type and stream.
 *
 * Runs with the engine lock held, like every route; no allocation per
 * packet or tick (members are allocated when they join).
 */

#include "config.h"

#include "sc-media-mixer.h"

#include <string.h>

#define SAMPLES        SC_MEDIA_SAMPLES_PER_TICK
#define FIFO_SAMPLES   (3 * SAMPLES)
#define PRIME_SAMPLES  (2 * SAMPLES)

typedef struct {
  ScMediaLeg    *leg;
  gboolean       contributes;
  gboolean       stand_in;
  ScAudioSource *stand_in_source;     /* NULL: silence */
  gsize          stand_in_position;

  /* Decoded audio from the peer, a ring, oldest first. */
  gint16         fifo[FIFO_SAMPLES];
  guint          fifo_start;
  guint          fifo_len;
  gboolean       primed;

  /* This tick. */
  gint16         frame[SAMPLES];      /* what it said */
  gboolean       in_sum;              /* frame is part of the sum */
  guint          level;

  gboolean       have_digit;
  guint32        digit_timestamp;     /* of the last digit passed on */
} Member;

struct _ScMediaMixer
{
  ScMediaRoute     parent;
  GHashTable      *members;           /* ScMediaLeg → Member */
  gint64           mixed_at_us;       /* the tick the sum is for */
  gint32           sum[SAMPLES];
  ScMediaMixerTap  tap;
  gpointer         tap_data;
  gint16           tapped[SAMPLES];   /* the sum, clamped, for the tap */
};

static void
member_free (gpointer data)
{
  Member *member = data;

  g_clear_pointer (&member->stand_in_source, _sc_audio_source_unref);
  g_free (member);
}

/* ------------------------------------------------------------------ */
/* One member's audio                                                   */

static void
fifo_push (Member       *member,
           ScG711Law     law,
           const guint8 *payload,
           gsize         n)
{
  guint end, first;

  if (n > FIFO_SAMPLES)
    {
      payload += n - FIFO_SAMPLES;
      n = FIFO_SAMPLES;
    }
  if (member->fifo_len + n > FIFO_SAMPLES)
    {
      guint drop = member->fifo_len + (guint) n - FIFO_SAMPLES;

      member->fifo_start = (member->fifo_start + drop) % FIFO_SAMPLES;
      member->fifo_len -= drop;
    }
  end = (member->fifo_start + member->fifo_len) % FIFO_SAMPLES;
  first = MIN ((guint) n, FIFO_SAMPLES - end);
  _sc_g711_decode (law, payload, member->fifo + end, first);
  _sc_g711_decode (law, payload + first, member->fifo, n - first);
  member->fifo_len += (guint) n;
}

/* The member's next 20 ms into its frame; FALSE: it has none (silence). */
static gboolean
fifo_pop (Member *member)
{
  guint first;

  if (!member->primed)
    {
      if (member->fifo_len < PRIME_SAMPLES)
        return FALSE;
      member->primed = TRUE;
    }
  if (member->fifo_len < SAMPLES)
    {
      member->primed = FALSE;
      return FALSE;
    }
  first = MIN (SAMPLES, FIFO_SAMPLES - member->fifo_start);
  memcpy (member->frame, member->fifo + member->fifo_start, first * sizeof (gint16));
  memcpy (member->frame + first, member->fifo, (SAMPLES - first) * sizeof (gint16));
  member->fifo_start = (member->fifo_start + SAMPLES) % FIFO_SAMPLES;
  member->fifo_len -= SAMPLES;
  return TRUE;
}

static gboolean
stand_in_pop (Member *member)
{
  const gint16 *samples;
  gsize n;

  if (member->stand_in_source == NULL)
    return FALSE;
  samples = _sc_audio_source_get_samples (member->stand_in_source, &n);
  for (guint i = 0; i < SAMPLES; i++)
    {
      member->frame[i] = samples[member->stand_in_position];
      if (++member->stand_in_position >= n)
        member->stand_in_position = 0;
    }
  return TRUE;
}

static guint
frame_level (const gint16 *frame)
{
  guint total = 0;

  for (guint i = 0; i < SAMPLES; i++)
    total += (guint) ABS ((gint) frame[i]);
  return total / SAMPLES;
}

/* ------------------------------------------------------------------ */
/* The tick's mix                                                       */

static void
mix (ScMediaMixer *self,
     gint64        now_us)
{
  GHashTableIter iter;
  Member *member;

  memset (self->sum, 0, sizeof self->sum);
  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    {
      gboolean audio = member->stand_in ? stand_in_pop (member) : fifo_pop (member);

      member->level = audio ? frame_level (member->frame) : 0;
      member->in_sum = audio && member->contributes;
      if (member->in_sum)
        for (guint i = 0; i < SAMPLES; i++)
          self->sum[i] += member->frame[i];
    }

  if (self->tap != NULL)
    {
      for (guint i = 0; i < SAMPLES; i++)
        self->tapped[i] = (gint16) CLAMP (self->sum[i], G_MININT16, G_MAXINT16);
      self->tap (self->tap_data, self->tapped, now_us);
    }
}

/* Once per tick, whichever of the tick's calls comes first. */
static void
mix_once (ScMediaMixer *self,
          gint64        now_us)
{
  /* Every leg's tick gets the same @now_us. */
  if (now_us != self->mixed_at_us)
    {
      mix (self, now_us);
      self->mixed_at_us = now_us;
    }
}

/* ------------------------------------------------------------------ */
/* Route functions                                                      */

static void
mixer_attach (ScMediaRoute *route,
              ScMediaLeg   *leg)
{
  ScMediaMixer *self = (ScMediaMixer *) route;
  Member *member = g_new0 (Member, 1);

  member->leg = leg;
  member->contributes = TRUE;
  g_hash_table_replace (self->members, leg, member);
}

static void
mixer_detach (ScMediaRoute *route,
              ScMediaLeg   *leg)
{
  ScMediaMixer *self = (ScMediaMixer *) route;

  g_hash_table_remove (self->members, leg);
}

/* An RFC 4733 event from @from: at its first end packet (each event's end
 * is sent three times, all with the event's timestamp), every other
 * member's leg plays the digit. */
static void
pass_digit_on (ScMediaMixer     *self,
               Member           *from,
               ScMediaRtpPacket *packet)
{
  const char *digits = "0123456789*#ABCD";
  const guint8 *payload = packet->data + packet->payload_offset;
  GHashTableIter iter;
  Member *member;

  if (packet->payload_len < 4 || !(payload[1] & 0x80) || payload[0] > 15)
    return;
  if (from->have_digit && from->digit_timestamp == packet->timestamp)
    return;
  from->have_digit = TRUE;
  from->digit_timestamp = packet->timestamp;

  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    if (member != from && !member->stand_in)
      _sc_media_leg_queue_dtmf (member->leg, digits[payload[0]]);
}

static void
mixer_receive (ScMediaRoute     *route,
               ScMediaLeg       *leg,
               ScMediaRtpPacket *packet,
               gint64            now_us)
{
  ScMediaMixer *self = (ScMediaMixer *) route;
  Member *member = g_hash_table_lookup (self->members, leg);
  ScG711Law law;
  guint8 payload_type;
  int event_pt;

  if (member == NULL || member->stand_in)
    return;
  _sc_media_leg_get_codec (leg, &law, &payload_type, &event_pt);
  if (packet->payload_type == payload_type)
    fifo_push (member, law, packet->data + packet->payload_offset, packet->payload_len);
  else if (event_pt >= 0 && packet->payload_type == event_pt)
    pass_digit_on (self, member, packet);
}

static void
mixer_tick (ScMediaRoute *route,
            ScMediaLeg   *leg,
            gint64        now_us)
{
  mix_once ((ScMediaMixer *) route, now_us);
}

static ScMediaFill
mixer_fill (ScMediaRoute *route,
            ScMediaLeg   *leg,
            gint16       *samples,
            gint64        now_us)
{
  ScMediaMixer *self = (ScMediaMixer *) route;
  Member *member = g_hash_table_lookup (self->members, leg);

  if (member == NULL)
    return SC_MEDIA_FILL_SOURCE;
  mix_once (self, now_us);
  if (member->stand_in)
    return SC_MEDIA_FILL_SOURCE;

  if (member->in_sum)
    for (guint i = 0; i < SAMPLES; i++)
      samples[i] = (gint16) CLAMP (self->sum[i] - member->frame[i], G_MININT16, G_MAXINT16);
  else
    for (guint i = 0; i < SAMPLES; i++)
      samples[i] = (gint16) CLAMP (self->sum[i], G_MININT16, G_MAXINT16);
  return SC_MEDIA_FILL_AUDIO;
}

static void
mixer_finalize (ScMediaRoute *route)
{
  ScMediaMixer *self = (ScMediaMixer *) route;

  g_hash_table_unref (self->members);
}

static const ScMediaRouteFuncs mixer_funcs = {
  .attach = mixer_attach,
  .detach = mixer_detach,
  .receive = mixer_receive,
  .tick = mixer_tick,
  .fill = mixer_fill,
  .finalize = mixer_finalize,
};

/* ------------------------------------------------------------------ */
/* Public functions                                                     */

ScMediaMixer *
_sc_media_mixer_new (GMainContext          *owner,
                     ScMediaRouteEventFunc  func,
                     gpointer               user_data)
{
  ScMediaMixer *self = (ScMediaMixer *) _sc_media_route_new (&mixer_funcs,
                                                             sizeof (ScMediaMixer),
                                                             owner, func, user_data);

  self->members = g_hash_table_new_full (NULL, NULL, NULL, member_free);
  self->mixed_at_us = -1;
  return self;
}

void
_sc_media_mixer_set_contributes (ScMediaMixer *self,
                                 ScMediaLeg   *leg,
                                 gboolean      contributes)
{
  Member *member = g_hash_table_lookup (self->members, leg);

  if (member != NULL)
    member->contributes = !!contributes;
}

void
_sc_media_mixer_set_stand_in (ScMediaMixer  *self,
                              ScMediaLeg    *leg,
                              gboolean       stand_in,
                              ScAudioSource *source)
{
  Member *member = g_hash_table_lookup (self->members, leg);

  if (member == NULL)
    return;
  if (member->stand_in_source != source)
    {
      g_clear_pointer (&member->stand_in_source, _sc_audio_source_unref);
      member->stand_in_source = source ? _sc_audio_source_ref (source) : NULL;
      member->stand_in_position = 0;
    }
  if (!stand_in)
    g_clear_pointer (&member->stand_in_source, _sc_audio_source_unref);
  /* Back from the side, it starts afresh: what waited is stale. */
  if (member->stand_in != !!stand_in)
    {
      member->fifo_len = 0;
      member->primed = FALSE;
    }
  member->stand_in = !!stand_in;
}

guint
_sc_media_mixer_get_level (ScMediaMixer *self,
                           ScMediaLeg   *leg)
{
  Member *member = g_hash_table_lookup (self->members, leg);

  return member != NULL ? member->level : 0;
}

void
_sc_media_mixer_set_tap (ScMediaMixer    *self,
                         ScMediaMixerTap  tap,
                         gpointer         user_data)
{
  self->tap = tap;
  self->tap_data = user_data;
}
