/* cdr.c: one call detail record per customer, as a JSON line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * json-glib is not among sessioncore's dependencies, so strings are
 * escaped here by hand: made valid UTF-8 first (anything from the network
 * may not be), then '"', '\\' and every control character escaped as JSON
 * requires. tests: examples/callcenter/test-unit.c.
 *
 * Each record is flushed when written: a killed server loses none.
 *
 * Fields: call_id (the customer's SIP Call-ID), caller (its From), queue,
 * agent (who talked to it last; null if nobody), transferred_from (the
 * first agent, if one transferred it), then four times, ISO 8601 UTC with
 * milliseconds, null when it did not happen:
 *   arrival  the customer's INVITE arrived;
 *   queued   the customer's call was answered (its ACK arrived): it first
 *            joined a queue and hears hold music;
 *   answer   an agent answered and the two legs were bridged (a
 *            transferred call keeps its first);
 *   end      the customer's leg ended;
 * wait_s (answer − arrival, or end − arrival if never answered), talk_s
 * (end − answer), hangup_by (customer, agent, server), outcome (answered,
 * abandoned, no-agent, rejected) and rtp (packets each way during the
 * conversation). answer − queued is the time the call centre took to find
 * an agent, ring it and bridge it.
 */

#include "callcenter.h"

char *
cc_json_string (const char *text)
{
  g_autofree char *valid = NULL;
  GString *json;

  if (text == NULL)
    return g_strdup ("null");
  valid = g_utf8_make_valid (text, -1);
  json = g_string_new ("\"");
  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (json, "\\\""); break;
        case '\\': g_string_append (json, "\\\\"); break;
        case '\n': g_string_append (json, "\\n"); break;
        case '\r': g_string_append (json, "\\r"); break;
        case '\t': g_string_append (json, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (json, "\\u%04x", c);
          else
            g_string_append_c (json, (char) c);   /* UTF-8 passes as is */
        }
    }
  g_string_append_c (json, '"');
  return g_string_free (json, FALSE);
}

char *
cc_iso8601 (gint64 wall_us)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (wall_us == 0)
    return g_strdup ("null");
  seconds = g_date_time_new_from_unix_utc (wall_us / G_USEC_PER_SEC);
  time = g_date_time_add (seconds, wall_us % G_USEC_PER_SEC);
  /* Milliseconds are plenty for a CDR. */
  text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("\"%s.%03dZ\"", text, g_date_time_get_microsecond (time) / 1000);
}

void
cc_cdr_write (Center *center,
              Call   *call,
              gint64  end_us)
{
  g_autofree char *caller = cc_json_string (call->caller);
  g_autofree char *queue = cc_json_string (call->queue ? call->queue->name : NULL);
  /* The agent who talked: not one that was only rung. */
  g_autofree char *agent = cc_json_string (call->agent && call->state == CALL_TALKING
                                           ? call->agent->name : NULL);
  g_autofree char *first_agent = cc_json_string (call->first_agent);
  g_autofree char *call_id = cc_json_string (call->sip_call_id);
  g_autofree char *arrival = cc_iso8601 (call->arrived);
  g_autofree char *queued = cc_iso8601 (call->queued);
  g_autofree char *answer = cc_iso8601 (call->answered);
  g_autofree char *end = cc_iso8601 (end_us);
  double wait_s = ((call->answered ? call->answered : end_us) - call->arrived) / 1e6;
  double talk_s = call->answered ? (end_us - call->answered) / 1e6 : 0.0;
  const char *outcome = call->outcome ? call->outcome : "abandoned";
  Stats *stats = &center->stats;

  if (g_str_equal (outcome, "answered"))
    {
      stats->answered++;
      stats->talk_total_s += talk_s;
    }
  else if (g_str_equal (outcome, "abandoned"))
    stats->abandoned++;
  else if (g_str_equal (outcome, "no-agent"))
    stats->no_agent++;
  else
    stats->rejected++;
  stats->wait_total_s += wait_s;
  stats->cdrs++;
  if (call->queue != NULL)
    {
      if (g_str_equal (outcome, "abandoned"))
        call->queue->abandoned++;
      else if (g_str_equal (outcome, "no-agent"))
        call->queue->no_agent++;
      else if (g_str_equal (outcome, "rejected"))
        call->queue->rejected++;
    }

  if (center->cdr == NULL)
    return;
  /* %.3f never prints a locale's decimal comma: the C locale is kept. */
  fprintf (center->cdr,
           "{\"call_id\":%s,\"caller\":%s,\"queue\":%s,\"agent\":%s,"
           "\"transferred_from\":%s,\"arrival\":%s,\"queued\":%s,\"answer\":%s,\"end\":%s,"
           "\"wait_s\":%.3f,\"talk_s\":%.3f,\"hangup_by\":\"%s\",\"outcome\":\"%s\","
           "\"rtp\":{\"customer_in\":%" G_GUINT64_FORMAT ",\"customer_out\":%" G_GUINT64_FORMAT
           ",\"agent_in\":%" G_GUINT64_FORMAT ",\"agent_out\":%" G_GUINT64_FORMAT "}}\n",
           call_id, caller, queue, agent, first_agent, arrival, queued, answer, end, wait_s,
           talk_s,
           call->hangup_by ? call->hangup_by : "server", outcome,
           call->customer_in, call->customer_out, call->agent_in, call->agent_out);
  fflush (center->cdr);
}

void
cc_print_summary (Center *center)
{
  Stats *stats = &center->stats;
  guint64 ended = stats->answered + stats->abandoned + stats->no_agent + stats->rejected;

  g_print ("summary: %" G_GUINT64_FORMAT " calls, %" G_GUINT64_FORMAT " answered, %"
           G_GUINT64_FORMAT " abandoned, %" G_GUINT64_FORMAT " no agent, %" G_GUINT64_FORMAT
           " rejected; %" G_GUINT64_FORMAT " CDRs; average wait %.1f s, average talk %.1f s\n",
           stats->offered, stats->answered, stats->abandoned, stats->no_agent, stats->rejected,
           stats->cdrs, ended ? stats->wait_total_s / ended : 0.0,
           stats->answered ? stats->talk_total_s / stats->answered : 0.0);
  for (guint i = 0; i < center->queues->len; i++)
    {
      Queue *queue = center->queues->pdata[i];

      g_print ("summary: queue %s: %u offered, %u answered, %u abandoned, %u no agent, "
               "%u rejected\n", queue->name, queue->offered, queue->answered,
               queue->abandoned, queue->no_agent, queue->rejected);
    }
  for (guint i = 0; i < center->agents->len; i++)
    {
      Agent *agent = center->agents->pdata[i];

      g_print ("summary: agent %s: %u calls answered, %u missed\n", agent->name, agent->calls,
               agent->missed);
    }
}
