/* sc-session-manager-private.h: what the builder, the calls and the tests
 * need of the session manager
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sc-session-manager.h"
#include "sc-call-handler.h"
#include "sc-transaction-manager.h"
#include "media/sc-audio-source.h"
#include "media/sc-media-engine.h"
#include "media/sc-port-pool.h"
#include "sip/sc-sip-dialog.h"

G_BEGIN_DECLS

ScSessionManager *_sc_session_manager_new (const ScServerConfig  *config,
                                           ScTransactionManager  *transaction_manager,
                                           ScCallHandler         *handler,
                                           guint16                media_port_start,
                                           guint16                media_port_end,
                                           const char            *domain,
                                           const char            *music_on_hold_file,
                                           GError               **error);

/* What a call (sc-call.c) tells the application: the manager emits the
 * signals and calls the handler and the notifier. */
void     _sc_session_manager_call_state_changed (ScSessionManager *self,
                                                 ScCall           *call,
                                                 ScCallState       old_state,
                                                 ScCallState       new_state,
                                                 const char       *reason);
void     _sc_session_manager_call_established   (ScSessionManager *self,
                                                 ScCall           *call);
void     _sc_session_manager_call_ended         (ScSessionManager *self,
                                                 ScCall           *call,
                                                 const char       *reason);
/* The call is over: the manager forgets and frees it. */
void     _sc_session_manager_call_finished      (ScSessionManager *self,
                                                 ScCall           *call);
void     _sc_session_manager_dtmf_received      (ScSessionManager *self,
                                                 ScCall           *call,
                                                 const char       *digit,
                                                 guint             duration_ms);
gboolean _sc_session_manager_transfer_requested (ScSessionManager *self,
                                                 ScCall           *call,
                                                 const char       *refer_to,
                                                 const char       *referred_by);

/* What a call uses of its manager. */
GMainContext         *_sc_session_manager_get_context       (ScSessionManager *self);
const ScServerConfig *_sc_session_manager_get_server_config (ScSessionManager *self);
ScPortPool           *_sc_session_manager_get_port_pool     (ScSessionManager *self);
const char           *_sc_session_manager_get_media_host    (ScSessionManager *self);
ScAudioSource        *_sc_session_manager_get_music_on_hold (ScSessionManager *self);
/* NULL when media is disabled. */
ScMediaEngine        *_sc_session_manager_get_media_engine  (ScSessionManager *self);

/* A call's audio is in one bridge or conference at most: its owner says
 * which ("bridge bridge_…"), for error messages. Claimed when it joins,
 * released when it leaves; forgotten with the call. */
const char           *_sc_session_manager_get_audio_owner   (ScSessionManager *self,
                                                             const char       *session_id);
void                  _sc_session_manager_claim_audio       (ScSessionManager *self,
                                                             const char       *session_id,
                                                             const char       *owner);
void                  _sc_session_manager_release_audio     (ScSessionManager *self,
                                                             const char       *session_id);
/* Tests reach a call's RTP leg (NULL when it has none). */
ScMediaLeg           *_sc_session_manager_get_media_leg     (ScSessionManager *self,
                                                             const char       *session_id);

/* What the media-control methods (sc-session-manager-media.c) use of the
 * rest of the manager. */
ScCall   *_sc_session_manager_lookup_call     (ScSessionManager  *self,
                                               const char        *session_id,
                                               GError           **error);
gboolean  _sc_session_manager_check_state     (ScCall            *call,
                                               const char        *operation,
                                               GError           **error,
                                               ScCallState        allowed1,
                                               ScCallState        allowed2);
/* Makes the call send the source cached under @key, made by @make from
 * @data the first time it is asked for; silence for a %NULL @key. */
gboolean  _sc_session_manager_set_call_source (ScSessionManager  *self,
                                               const char        *session_id,
                                               const char        *key,
                                               ScAudioSource     *(*make) (gconstpointer   data,
                                                                           GError        **error),
                                               gconstpointer      data,
                                               GError           **error);

G_END_DECLS
