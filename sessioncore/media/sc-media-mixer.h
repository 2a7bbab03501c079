/* sc-media-mixer.h: mix-minus for any number of legs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "sc-audio-source.h"
#include "sc-media-route.h"

G_BEGIN_DECLS

/* A route (sc-media-route.h): every leg on it hears, each tick, the sum of
 * what all the others said, never itself. An ScMediaMixer is an
 * ScMediaRoute (its first member): pass (ScMediaRoute *) mixer to
 * _sc_media_leg_set_route () and the route functions. Reports no events
 * of its own: @owner, @func and @user_data are those of
 * _sc_media_route_new (). */
typedef struct _ScMediaMixer ScMediaMixer;

ScMediaMixer *_sc_media_mixer_new              (GMainContext          *owner,
                                                ScMediaRouteEventFunc  func,
                                                gpointer               user_data);

/* With the engine lock held (from a route function, or between
 * _sc_media_engine_lock () and _unlock ()), about a leg on the mixer;
 * a leg not on it is ignored. A leg joins contributing, no stand-in. */

/* FALSE: what @leg's peer says reaches nobody (mute in a conference); it
 * still hears the others. */
void          _sc_media_mixer_set_contributes  (ScMediaMixer          *mixer,
                                                ScMediaLeg            *leg,
                                                gboolean               contributes);
/* TRUE: @leg is set aside (held): what its peer sends is ignored, the
 * others hear @source (nullable: silence) in its place, and it hears its
 * own source instead of the mix. FALSE brings it back. */
void          _sc_media_mixer_set_stand_in     (ScMediaMixer          *mixer,
                                                ScMediaLeg            *leg,
                                                gboolean               stand_in,
                                                ScAudioSource         *source);
/* How loud @leg's contribution was at the last tick: the mean absolute
 * sample, 0 to 32767, before the contributes flag applies (so that a
 * muted talker can be told he is muted). 0 for a leg not on the mixer. */
guint         _sc_media_mixer_get_level        (ScMediaMixer          *mixer,
                                                ScMediaLeg            *leg);

/* What the tap gets: the tick's full mix, every contributing member (a
 * stand-in counts, a muted member does not), clamped to 16 bits,
 * SC_MEDIA_SAMPLES_PER_TICK samples that live until it returns. Called in
 * the media thread with the engine lock held, once per tick at which the
 * mixer has members (the first member's tick or fill computes the mix):
 * it must not block. */
typedef void (*ScMediaMixerTap) (gpointer       user_data,
                                 const gint16  *mix,
                                 gint64         now_us);

/* With the engine lock held, or while no leg is on the mixer: @tap
 * (nullable: none) hears every mix from now on. */
void          _sc_media_mixer_set_tap          (ScMediaMixer          *mixer,
                                                ScMediaMixerTap        tap,
                                                gpointer               user_data);

G_END_DECLS
