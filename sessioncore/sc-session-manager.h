/* sc-session-manager.h: calls, their state machines and decisions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (SESSIONCORE_INSIDE) && !defined (SESSIONCORE_COMPILATION)
#error "Only <sessioncore/sessioncore.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sc-types.h"
#include "sc-call-session.h"
#include "sc-incoming-call-notification.h"
#include "sc-media-info.h"
#include "sc-prepared-call.h"
#include "sc-server-config.h"
#include "sc-session-stats.h"

G_BEGIN_DECLS

#define SC_TYPE_SESSION_MANAGER (sc_session_manager_get_type ())

SC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScSessionManager, sc_session_manager, SC, SESSION_MANAGER, GObject)

SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_start                  (ScSessionManager     *self,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_stop                   (ScSessionManager     *self,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_is_running             (ScSessionManager     *self);

SC_AVAILABLE_IN_ALL
ScCallSession   *sc_session_manager_create_outgoing_call   (ScSessionManager     *self,
                                                            const char           *from,
                                                            const char           *to,
                                                            const char           *sdp,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
ScPreparedCall  *sc_session_manager_prepare_outgoing_call  (ScSessionManager     *self,
                                                            const char           *from,
                                                            const char           *to,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
ScCallSession   *sc_session_manager_initiate_prepared_call (ScSessionManager     *self,
                                                            const ScPreparedCall *prepared,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
char            *sc_session_manager_create_outgoing_session (ScSessionManager    *self,
                                                            GError              **error);

SC_AVAILABLE_IN_ALL
ScCallSession   *sc_session_manager_accept_incoming_call   (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            const char           *sdp,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_reject_incoming_call   (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            guint                 status_code,
                                                            const char           *reason,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_terminate_session      (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_hold_session           (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_resume_session         (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_transfer_session       (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            const char           *target_uri,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_send_dtmf              (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            const char           *digits,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_update_media           (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            const char           *sdp,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_set_audio_muted        (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            gboolean              muted,
                                                            GError              **error);

SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_play_tone              (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            double                frequency_hz,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_play_file              (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            const char           *path,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_play_silence           (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            GError              **error);

SC_AVAILABLE_IN_ALL
ScCallSession   *sc_session_manager_get_session            (ScSessionManager     *self,
                                                            const char           *session_id);
SC_AVAILABLE_IN_ALL
GStrv            sc_session_manager_list_active_sessions   (ScSessionManager     *self);
SC_AVAILABLE_IN_ALL
ScSessionStats  *sc_session_manager_get_stats              (ScSessionManager     *self);
SC_AVAILABLE_IN_ALL
ScMediaInfo     *sc_session_manager_get_media_info         (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
char            *sc_session_manager_generate_sdp_offer     (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
char            *sc_session_manager_generate_sdp_answer    (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            const char           *offer,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_send_sip_response      (ScSessionManager     *self,
                                                            const char           *transaction_id,
                                                            guint                 status_code,
                                                            const char           *reason,
                                                            GHashTable           *headers,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
char            *sc_session_manager_get_request_header     (ScSessionManager     *self,
                                                            const char           *transaction_id,
                                                            const char           *name,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
const char      *sc_session_manager_get_bound_address      (ScSessionManager     *self);
SC_AVAILABLE_IN_ALL
ScServerConfig  *sc_session_manager_get_config             (ScSessionManager     *self);
SC_AVAILABLE_IN_ALL
void             sc_session_manager_set_incoming_call_notifier (ScSessionManager *self,
                                                            ScIncomingCallNotification *notifier);

SC_AVAILABLE_IN_ALL
void             sc_session_manager_wait_for_answer_async  (ScSessionManager     *self,
                                                            const char           *session_id,
                                                            guint                 timeout_ms,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_wait_for_answer_finish (ScSessionManager     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
SC_AVAILABLE_IN_ALL
void             sc_session_manager_shutdown_async         (ScSessionManager     *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SC_AVAILABLE_IN_ALL
gboolean         sc_session_manager_shutdown_finish        (ScSessionManager     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
