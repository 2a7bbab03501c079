/* sc-media-bridge.h: the media side of a bridge
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "sc-audio-source.h"
#include "sc-media-engine.h"
#include "sc-media-event.h"
#include "sc-media-leg.h"

G_BEGIN_DECLS

typedef struct _ScMediaBridge ScMediaBridge;

typedef enum {
  SC_MEDIA_BRIDGE_EVENT_MEMBER_FLOWING = 1, /* packets from this member's peer reach the bridge again (first packet, or after silence) */
  SC_MEDIA_BRIDGE_EVENT_MEMBER_SILENT,      /* no packet from this member for 2 s */
  SC_MEDIA_BRIDGE_EVENT_MEMBER_TALKING,     /* voice from this member (mixer only) */
  SC_MEDIA_BRIDGE_EVENT_MEMBER_QUIET,       /* no voice for the hangover time (mixer only) */
  SC_MEDIA_BRIDGE_EVENT_RECORDING_FAILED,   /* the recording pipeline failed; leg_id NULL */
} ScMediaBridgeEventCode;
/* Events arrive as ScMediaRouteEvent { code, leg_id } in @owner's context
 * through @func (see sc-media-event.h), never in the media thread.
 * TALKING: 40 ms with a mean absolute sample above 200 (a muted member
 * too: "you are muted"; a held one never). TALKING and QUIET alternate
 * per member, starting with TALKING; a member reported TALKING always
 * gets its QUIET: 500 ms after its voice (or its packets: so always
 * before MEMBER_SILENT) stops, or at once when it leaves the bridge, is
 * held, or the bridge goes back to the relay. Nothing follows
 * _sc_media_bridge_free (). */

/* All of these are called from the owner's thread (never from route
 * functions). Members are legs of @engine. */

ScMediaBridge *_sc_media_bridge_new        (ScMediaEngine         *engine,
                                            GMainContext          *owner,
                                            ScMediaRouteEventFunc  func,
                                            gpointer               user_data);
/* The leg's audio joins the bridge at once: with 2 members each hears the
 * other, with 3+ each hears the mix of all the others (never itself). A
 * leg in another bridge leaves that one. */
void           _sc_media_bridge_add_leg    (ScMediaBridge         *bridge,
                                            ScMediaLeg            *leg);
/* The leg goes back to its own source (silence / tone / music on hold) at
 * once. A leg that is not a member (or no longer: removed from the engine
 * meanwhile) is ignored. */
void           _sc_media_bridge_remove_leg (ScMediaBridge         *bridge,
                                            ScMediaLeg            *leg);
/* A held member (we put its call on hold): it no longer receives bridge
 * audio (its leg plays its own source, which the call layer sets to music
 * on hold) and its incoming audio is ignored; the OTHER members hear
 * @hold_music (nullable: silence) in its place. FALSE restores it. */
void           _sc_media_bridge_set_held   (ScMediaBridge         *bridge,
                                            ScMediaLeg            *leg,
                                            gboolean               held,
                                            ScAudioSource         *hold_music);
guint          _sc_media_bridge_get_n_legs (ScMediaBridge         *bridge);

/* TRUE: the members are always on the mix-minus mixer, even two of them
 * (a conference: talking detection, muting, recording need the mix).
 * FALSE (the default): two members are relayed. */
void           _sc_media_bridge_set_always_mix (ScMediaBridge     *bridge,
                                            gboolean               always_mix);
/* FALSE: what @leg's peer says reaches nobody; it still hears the others
 * (a muted participant). Kept across relay/mixer switches; while two
 * members are relayed, a muted member's packets are not passed on. */
void           _sc_media_bridge_set_contributes (ScMediaBridge    *bridge,
                                            ScMediaLeg            *leg,
                                            gboolean               contributes);
/* Records the full mix (every member, muted ones excluded, 8 kHz mono)
 * to @path through a GStreamer pipeline: WAV, or Ogg/Opus when @path
 * ends in ".ogg" or ".opus". While recording, the members are on the
 * mixer. Fails (G_IO_ERROR…, or SC_ERROR_MEDIA) when the file cannot be
 * created or the pipeline cannot start, SC_ERROR_INVALID_STATE when
 * recording already; the bridge goes on either way. Never blocks the
 * media thread. A held member's place in the file is its hold music, as
 * the others hear it; while nobody is in, the file gets silence. */
gboolean       _sc_media_bridge_start_recording (ScMediaBridge    *bridge,
                                            const char            *path,
                                            GError               **error);
/* Ends the recording: when it returns the file is complete and closed
 * (waits for the pipeline's EOS, at most 5 s; if it cannot finish the
 * file, RECORDING_FAILED follows). FALSE when not recording (never
 * started, stopped, or failed: RECORDING_FAILED already ended it). */
gboolean       _sc_media_bridge_stop_recording (ScMediaBridge     *bridge);
gboolean       _sc_media_bridge_is_recording (ScMediaBridge       *bridge);
/* Every leg back to its own source; no event is delivered after this
 * returns. Safe with audio flowing, and after the engine was freed. */
void           _sc_media_bridge_free       (ScMediaBridge         *bridge);

G_END_DECLS
