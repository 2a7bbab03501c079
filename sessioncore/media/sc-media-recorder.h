/* sc-media-recorder.h: 8 kHz mono audio, one frame a tick, into a file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScMediaRecorder ScMediaRecorder;

/* Called in the owner's context when the pipeline fails while recording
 * (disk full, …), at most once. The recorder is still valid: the
 * callback typically stops feeding it and frees it. */
typedef void (*ScMediaRecorderFailedFunc) (gpointer     user_data,
                                           const char  *message);

/* In the owner's thread. Creates @path (WAV; Ogg/Opus when it ends in
 * ".ogg" or ".opus") and starts the pipeline. Fails with a G_IO_ERROR
 * naming @path when the file cannot be created, SC_ERROR_MEDIA when the
 * pipeline cannot start (a file it created is removed then). */
ScMediaRecorder *_sc_media_recorder_new    (const char                 *path,
                                            GMainContext               *owner,
                                            ScMediaRecorderFailedFunc   failed,
                                            gpointer                    user_data,
                                            GError                    **error);

/* One tick's SC_MEDIA_SAMPLES_PER_TICK samples, heard at @now_us (the
 * engine's tick time). From one thread at a time (the media thread, with
 * the engine lock held, while the recorder is fed), never blocking: when
 * GStreamer lags 10 s behind, the frame is dropped and counted. A tick
 * with no frame (nobody to mix) becomes silence in the file: time runs
 * on. */
void             _sc_media_recorder_push   (ScMediaRecorder            *recorder,
                                            const gint16               *samples,
                                            gint64                      now_us);

/* In the owner's thread, once nothing pushes any more: ends the file
 * (silence up to now, then end of stream) and waits, at most 5 s, until
 * it is complete and closed. FALSE: the pipeline failed or took too
 * long; the file may be incomplete. */
gboolean         _sc_media_recorder_finish (ScMediaRecorder            *recorder);

/* In the owner's thread, once nothing pushes any more. Stops the pipeline
 * where it is (finish () first for a complete file). */
void             _sc_media_recorder_free   (ScMediaRecorder            *recorder);

G_END_DECLS
