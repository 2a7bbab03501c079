/* test-torture.c: the messages of RFC 4475 ("SIP Torture Test Messages"),
 * section 3, against a session manager over UDP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each message of RFC 4475 section 3 is written out here (from the RFC's
 * descriptions, not copied from a file), sent from a raw UDP socket to a
 * manager on 127.0.0.1 that accepts every call, and judged by what comes
 * back, as the RFC says for it: the valid messages (3.1.1) must be
 * processed, the invalid ones (3.1.2) answered 400 or dropped (505 for
 * the unknown version), the transaction and application-layer ones (3.2,
 * 3.3, 3.4) answered as RFC 3261 wants of a user agent server. Accepted
 * INVITEs are ACKed and hung up. The last test checks that a normal call
 * still succeeds.
 *
 * Adaptations, so that nothing leaves the machine and everything that
 * must come back reaches the test: the host of every top Via is
 * 127.0.0.1 and the test's port (its transport token is the RFC's: a TCP
 * or TLS Via arriving over UDP must be answered over UDP, at the source);
 * SDP bodies carry 127.0.0.1 and the server sends no media; the binary
 * part of mpart01 is our own. Everything else is as the RFC describes it,
 * odd bytes included. Like every test of hostile input, it runs in a
 * network namespace of its own (raw-sip.h), and skips without one.
 *
 * Unknown codecs: the RFC's SDP offers PCMU with 12 (QCELP) and a video
 * stream of 31 (LPC); answering such an offer with the codecs we share is
 * the work of sc-sdp.c (issue 7: "an offer must be answered with the
 * codecs we share and unknown ones ignored"). The INVITE tests accept 200
 * or 488; anything else, "400 Malformed SDP" included, fails.
 */

#include "raw-sip.h"

#include <string.h>

/* How long to listen for answers that may legitimately never come. */
#define QUIET_MS 400

typedef enum {
  EXPECT_NONE,        /* responses, and what the RFC wants dropped */
  EXPECT_CODES,       /* one of codes[] */
  EXPECT_400_OR_NONE, /* RFC 4475 3.1.2: "answered 400 or dropped" */
  EXPECT_INVITE_OK,   /* 200 (ACKed and hung up), or 488 */
} Expect;

typedef struct {
  const char *name;       /* the RFC's name for the message */
  const char *section;
  const char *head;       /* start line and headers, each ending CRLF */
  const char *body;       /* NULL: none */
  const char *trailer;    /* more bytes after the body (dblreq) */
  Expect      expect;
  guint       codes[4];   /* EXPECT_CODES, and extra codes accepted
                           * as well for the other kinds */
  const char *why;        /* what the RFC says, in short */
} Torture;

/* The SDP of the RFC's INVITEs, at 127.0.0.1. */
#define SDP \
  "v=0\r\n" \
  "o=mhandley 29739 7272939 IN IP4 127.0.0.1\r\n" \
  "s=-\r\n" \
  "c=IN IP4 127.0.0.1\r\n" \
  "t=0 0\r\n" \
  "m=audio 49217 RTP/AVP 0 12\r\n" \
  "m=video 3227 RTP/AVP 31\r\n" \
  "a=rtpmap:31 LPC\r\n"

/* Tokens: @PEER@ the test's address ("127.0.0.1:port"), @LEN@ the
 * length of the body, @NUL@ a NUL byte, @LONG:<n>:<text>@ <text> <n>
 * times over. */
static const Torture messages[] = {
  /* ---- 3.1.1 valid messages: processed ---- */
  { "wsinv", "3.1.1.1",
    "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n"
    "TO :\r\n"
    " sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n"
    "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n"
    "  ;\r\n"
    "  tag = 98asjd8\r\n"
    "MaX-fOrWaRdS: 0068\r\n"
    "Call-ID: wsinv.ndaksdj@192.0.2.1\r\n"
    "Content-Length   : @LEN@\r\n"
    "cseq: 0009\r\n"
    "  INVITE\r\n"
    "Via  : SIP  /   2.0\r\n"
    " /UDP\r\n"
    "    @PEER@;branch=390skdjuw\r\n"
    "s :\r\n"
    "NewFangledHeader:   newfangled value\r\n"
    " continued newfangled value\r\n"
    "UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n"
    "Content-Type: application/sdp\r\n"
    "Route:\r\n"
    " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\r\n"
    "v:  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n"
    "  branch  =   z9hG4bK9ikj8  ,\r\n"
    " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n"
    " z9hG4bK30239\r\n"
    "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n"
    "      newvalue ;\r\n"
    "  secondparam ; q = 0.33\r\n",
    SDP, NULL, EXPECT_CODES, { 481 },
    "a short tortuous INVITE: valid; its To has a tag, so it names a dialog "
    "we do not have: 481 (RFC 3261 12.2.2)" },

  { "intmeth", "3.1.1.2",
    "!interesting-Method0123456789_*+`.%indeed'~ "
    "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com "
    "SIP/2.0\r\n"
    "Via: SIP/2.0/TCP @PEER@;branch=z9hG4bK-.!%66*_+`'~\r\n"
    "To: \"BEL:\\\x07 NUL:\\@NUL@ DEL:\\\x7f\" "
    "<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>\r\n"
    "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>"
    ";fromParam''~+*_!.-%=\"\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd0\xb0\xd1\x8e\xd1\x89\xd0\xb8\xd0\xb9\""
    ";tag=_token~1'+`*%!-.\r\n"
    "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{\r\n"
    "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~\r\n"
    "Max-Forwards: 255\r\n"
    "extensionHeader-!.%*+_`'~:\xef\xbb\xbf\xe5\xa4\xa7\xe5\x81\x9c\xe9\x9b\xbb\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 405, 501 },
    "valid characters everywhere, an unknown method: 501 (or 405)" },

  { "esc01", "3.1.1.3",
    "INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0\r\n"
    "To: sip:%75se%72@example.com\r\n"
    "From: <sip:I%20have%20spaces@example.net>;tag=938\r\n"
    "Max-Forwards: 87\r\n"
    "i: esc01.239409asdfakjkn23onasd0-3234\r\n"
    "CSeq: 234234 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw\r\n"
    "C: application/sdp\r\n"
    "Contact:\r\n"
    "  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>\r\n"
    "Content-Length: @LEN@\r\n",
    SDP, NULL, EXPECT_INVITE_OK, { 0 },
    "valid use of % escapes: must be processed" },

  { "escnull", "3.1.1.4",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "To: sip:null-%00-null@example.com\r\n"
    "From: sip:null-%00-null@example.com;tag=839923423\r\n"
    "Max-Forwards: 70\r\n"
    "Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd\r\n"
    "CSeq: 14398234 REGISTER\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw\r\n"
    "Contact: <sip:%00@host5.example.com>\r\n"
    "Contact: <sip:%00%00@host5.example.com>\r\n"
    "L:0\r\n",
    NULL, NULL, EXPECT_CODES, { 405 },
    "escaped NULs in URIs: valid; no registrar here, so 405" },

  { "esc02", "3.1.1.5",
    "RE%47IST%45R sip:registrar.example.com SIP/2.0\r\n"
    "To: \"%Z%45\" <sip:resource@example.com>\r\n"
    "From: \"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23\r\n"
    "Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf\r\n"
    "Via: SIP/2.0/TCP @PEER@;branch=z9hG4bK209%fzsnel234\r\n"
    "CSeq: 29344 RE%47IST%45R\r\n"
    "Max-Forwards: 70\r\n"
    "Contact: <sip:alias1@host1.example.com>\r\n"
    "C%6Fntact: <sip:alias2@host2.example.com>\r\n"
    "Contact: <sip:alias3@host3.example.com>\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 405, 501 },
    "% that is not an escape; RE%47IST%45R is not REGISTER: unknown method" },

  { "lwsdisp", "3.1.1.6",
    "OPTIONS sip:user@example.com SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: caller<sip:caller@example.com>;tag=323\r\n"
    "Max-Forwards: 70\r\n"
    "Call-ID: lwsdisp.1234abcd@funky.example.com\r\n"
    "CSeq: 60 OPTIONS\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 200 },
    "no LWS between display name and <: valid" },

  { "longreq", "3.1.1.7",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "To: \"I have a user name of @LONG:10:extreme@ proportion\" <sip:user@example.com:6000;"
    "unknownparam1=very@LONG:6:long@value;longparam@LONG:5:name@=shortvalue;"
    "very@LONG:10:long@ParameterNameWithNoValue>\r\n"
    "F: sip:@LONG:5:amazinglylongcallername@@example.net;"
    "tag=12@LONG:14:982@424;unknownheaderparam@LONG:7:name@="
    "unknowheaderparam@LONG:5:value@;unknownValuelessparam@LONG:10:name@\r\n"
    "Call-ID: longreq.one@LONG:25:really@long@example.com\r\n"
    "CSeq: 3882340 INVITE\r\n"
    "Unknown-@LONG:8:Long@-Name: unknown-@LONG:10:long@-value; "
    "unknown-@LONG:10:long@-parameter-name = unknown-@LONG:10:long@-parameter-value\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bK@LONG:10:longbranchvalue@\r\n"
    "Via: SIP/2.0/TCP sip33.example.com\r\n"
    "Via: SIP/2.0/TCP sip32.example.com\r\n"
    "Via: SIP/2.0/TCP sip31.example.com\r\n"
    "Via: SIP/2.0/TCP sip30.example.com\r\n"
    "Via: SIP/2.0/TCP sip29.example.com\r\n"
    "Via: SIP/2.0/TCP sip28.example.com\r\n"
    "Via: SIP/2.0/TCP sip27.example.com\r\n"
    "Via: SIP/2.0/TCP sip26.example.com\r\n"
    "Via: SIP/2.0/TCP sip25.example.com\r\n"
    "Via: SIP/2.0/TCP sip24.example.com\r\n"
    "Via: SIP/2.0/TCP sip23.example.com\r\n"
    "Via: SIP/2.0/TCP sip22.example.com\r\n"
    "Via: SIP/2.0/TCP sip21.example.com\r\n"
    "Via: SIP/2.0/TCP sip20.example.com\r\n"
    "Via: SIP/2.0/TCP sip19.example.com\r\n"
    "Via: SIP/2.0/TCP sip18.example.com\r\n"
    "Via: SIP/2.0/TCP sip17.example.com\r\n"
    "Via: SIP/2.0/TCP sip16.example.com\r\n"
    "Via: SIP/2.0/TCP sip15.example.com\r\n"
    "Via: SIP/2.0/TCP sip14.example.com\r\n"
    "Via: SIP/2.0/TCP sip13.example.com\r\n"
    "Via: SIP/2.0/TCP sip12.example.com\r\n"
    "Via: SIP/2.0/TCP sip11.example.com\r\n"
    "Via: SIP/2.0/TCP sip10.example.com\r\n"
    "Via: SIP/2.0/TCP sip9.example.com\r\n"
    "Via: SIP/2.0/TCP sip8.example.com\r\n"
    "Via: SIP/2.0/TCP sip7.example.com\r\n"
    "Via: SIP/2.0/TCP sip6.example.com\r\n"
    "Via: SIP/2.0/TCP sip5.example.com\r\n"
    "Via: SIP/2.0/TCP sip4.example.com\r\n"
    "Via: SIP/2.0/TCP sip3.example.com\r\n"
    "Via: SIP/2.0/TCP sip2.example.com\r\n"
    "Via: SIP/2.0/TCP sip1.example.com\r\n"
    "Via: SIP/2.0/TCP host.example.com;received=192.0.2.5;"
    "branch=very@LONG:50:long@branchvalue\r\n"
    "Max-Forwards: 70\r\n"
    "Contact: <sip:@LONG:5:amazinglylongcallername@@host5.example.net>\r\n"
    "Content-Type: application/sdp\r\n"
    "l: @LEN@\r\n",
    SDP, NULL, EXPECT_INVITE_OK, { 0 },
    "long values in header fields: valid" },

  { "dblreq", "3.1.1.8",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:j.user@example.com;tag=43251j3j324\r\n"
    "Max-Forwards: 8\r\n"
    "I: dblreq.0ha0isndaksdj99sdfafnl3lk233412\r\n"
    "Contact: sip:j.user@host.example.com\r\n"
    "CSeq: 8 REGISTER\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw23492\r\n"
    "Content-Length: 0\r\n",
    "",
    "\r\n"
    "INVITE sip:joe@example.com SIP/2.0\r\n"
    "t: sip:joe@example.com\r\n"
    "From: sip:caller@example.net;tag=141334\r\n"
    "Max-Forwards: 8\r\n"
    "Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15\r\n"
    "CSeq: 8 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw380234\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: @LEN@\r\n"
    "\r\n"
    SDP,
    EXPECT_CODES, { 405 },
    "the REGISTER is processed (405: no registrar), the INVITE after it ignored" },

  { "semiuri", "3.1.1.9",
    "OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0\r\n"
    "To: sip:j_user@example.com\r\n"
    "From: sip:caller@example.org;tag=33242\r\n"
    "Max-Forwards: 3\r\n"
    "Call-ID: semiuri.0ha0isndaksdj\r\n"
    "CSeq: 8 OPTIONS\r\n"
    "Accept: application/sdp, application/pkcs7-mime,\r\n"
    "        multipart/mixed, multipart/signed,\r\n"
    "        message/sip, message/sipfrag\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 200 },
    "semicolons in the user part: valid" },

  { "transports", "3.1.1.10",
    "OPTIONS sip:user@example.com SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: <sip:caller@example.com>;tag=323\r\n"
    "Max-Forwards: 70\r\n"
    "Call-ID:  transports.kijh4akdnaqjkwendsasfdj\r\n"
    "Accept: application/sdp\r\n"
    "CSeq: 60 OPTIONS\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw\r\n"
    "Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf\r\n"
    "Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj\r\n"
    "Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en\r\n"
    "Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 200 },
    "varied and unknown transports in Via: valid" },

  { "mpart01", "3.1.1.11",
    "MESSAGE sip:kumiko@example.org SIP/2.0\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport\r\n"
    "Max-Forwards: 70\r\n"
    "Route: <sip:127.0.0.1:5080>\r\n"
    "Identity: r5mwreLuyDRYBi/0TiPwEsY3rEVsk/G2WxhgTV1PF7hHuLIK0YWVKZhKv9Mj8UeXqkMVbnVq37CD+"
    "813gvYjcBUaZngQmXc9WNZSDNGCzA+fWl9MEUHWIZo1CeJebdY/XlgKeTa0Olvq0rt70Q5jiSfbqMJmQFte"
    "eivUhkMWYUA=\r\n"
    "Contact: <sip:fluffy@127.0.0.1:5070>\r\n"
    "To: <sip:kumiko@example.org>\r\n"
    "From: <sip:fluffy@example.com>;tag=2fb0dcc9\r\n"
    "Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..\r\n"
    "CSeq: 1 MESSAGE\r\n"
    "Content-Transfer-Encoding: binary\r\n"
    "Content-Type: multipart/mixed;boundary=7a9cbec02ceef655\r\n"
    "Date: Sat, 15 Oct 2005 04:44:56 GMT\r\n"
    "User-Agent: SIPimp.org/0.2.5 (curses)\r\n"
    "Content-Length: @LEN@\r\n",
    "--7a9cbec02ceef655\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Transfer-Encoding: binary\r\n"
    "\r\n"
    "Hello\r\n"
    "--7a9cbec02ceef655\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Transfer-Encoding: binary\r\n"
    "\r\n"
    "0\x82\x01R\x06\t*\x86H\x86\xf7\r\x01\x07\x02\xa0\x82\x01\x43\x30\x82\x01?\x02\x01"
    "\x01\x31\x0b\x30\t\x06\x05+\x0e\x03\x02\x1a\x05@NUL@\x30\x0b\x06\t*\x86H\x86\xf7\r"
    "\x01\x07\x01\xff\xfe\xfd\x80\x7f\r\n"
    "--7a9cbec02ceef655--\r\n",
    NULL, EXPECT_CODES, { 405, 415, 501 },
    "a multipart body with a binary part: valid; MESSAGE is not ours (405)" },

  { "unreason", "3.1.1.12",
    "SIP/2.0 200 = 2**3 * 5**2 \xd0\xbd\xd0\xbe \xd1\x81\xd1\x82\xd0\xbe \xd0\xb4\xd0\xb5"
    "\xd0\xb2\xd1\x8f\xd0\xbd\xd0\xbe\xd1\x81\xd1\x82\xd0\xbe \xd0\xb4\xd0\xb5\xd0\xb2"
    "\xd1\x8f\xd1\x82\xd1\x8c - \xd0\xbf\xd1\x80\xd0\xbe\xd1\x81\xd1\x82\xd0\xbe\xd0\xb5\r\n"
    "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\n"
    "Call-ID: unreason.1234ksdfak3j2erwedfsASdf\r\n"
    "CSeq: 35 INVITE\r\n"
    "From: sip:user@example.com;tag=11141343\r\n"
    "To: sip:user@example.edu;tag=2229\r\n"
    "Content-Length: @LEN@\r\n"
    "Content-Type: application/sdp\r\n"
    "Contact: <sip:user@host198.example.com>\r\n",
    SDP, NULL, EXPECT_NONE, { 0 },
    "a response with an unusual reason phrase: valid, matches nothing, no answer" },

  { "noreason", "3.1.1.13",
    "SIP/2.0 100 \r\n"
    "Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\r\n"
    "Call-ID: noreason.asndj203insdf99223ndf\r\n"
    "CSeq: 35 INVITE\r\n"
    "From: <sip:user@example.com>;tag=39ansfi3\r\n"
    "To: <sip:user@example.edu>;tag=902jndnke3\r\n"
    "Content-Length: 0\r\n"
    "Contact: <sip:user@host105.example.com>\r\n",
    NULL, NULL, EXPECT_NONE, { 0 },
    "a response with an empty reason phrase: valid, matches nothing, no answer" },

  /* ---- 3.1.2 invalid messages: 400 or dropped ---- */
  { "badinv01", "3.1.2.1",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:caller@example.net;tag=134161461246\r\n"
    "Max-Forwards: 7\r\n"
    "Call-ID: badinv01.0ha0isndaksdjasdf3234nas\r\n"
    "CSeq: 8 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;;,;,,\r\n"
    "Contact: \"Joe\" <sip:joe@example.org>;;;;\r\n"
    "Content-Length: @LEN@\r\n"
    "Content-Type: application/sdp\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "extraneous header field separators" },

  { "clerr", "3.1.2.2",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "Max-Forwards: 80\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:caller@example.net;tag=93942939o2\r\n"
    "Contact: <sip:caller@hungry.example.net>\r\n"
    "Call-ID: clerr.0ha0isndaksdjweiafasdk3\r\n"
    "CSeq: 8 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bK-39234-23523\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 9999\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "Content-Length larger than the datagram" },

  { "ncl", "3.1.2.3",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "Max-Forwards: 254\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:caller@example.net;tag=32394234\r\n"
    "Call-ID: ncl.0ha0isndaksdj2193423r542w35\r\n"
    "CSeq: 0 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw\r\n"
    "Contact: <sip:caller@example53.example.net>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: -999\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "negative Content-Length" },

  { "scalar02", "3.1.2.4",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP @PEER@;branch=z9hG4bK342sdfoi3\r\n"
    "To: <sip:user@example.com>\r\n"
    "From: <sip:user@example.com>;tag=239232jh3\r\n"
    "CSeq: 36893488147419103232 REGISTER\r\n"
    "Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32\r\n"
    "Max-Forwards: 300\r\n"
    "Expires: 1@LONG:20:0@\r\n"
    "Contact: <sip:user@host129.example.com>\r\n"
    "  ;expires=280297596632815\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_400_OR_NONE, { 0 },
    "request scalar fields with overlarge values" },

  { "scalarlg", "3.1.2.5",
    "SIP/2.0 503 Service Unavailable\r\n"
    "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129\r\n"
    "To: <sip:user@example.com>\r\n"
    "From: <sip:other@example.net>;tag=2easdjfejw\r\n"
    "CSeq: 9292394834772304023312 OPTIONS\r\n"
    "Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r\r\n"
    "Retry-After: 949302838503028349304023988\r\n"
    "Warning: 1812 overture \"In Progress\"\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_NONE, { 0 },
    "a response with overlarge scalar fields: dropped" },

  { "quotbal", "3.1.2.6",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "To: \"Mr. J. User <sip:j.user@example.com>\r\n"
    "From: sip:caller@example.net;tag=93334\r\n"
    "Max-Forwards: 10\r\n"
    "Call-ID: quotbal.aksdj\r\n"
    "Contact: <sip:caller@host59.example.net>\r\n"
    "CSeq: 8 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw39234\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "unterminated quoted string in a display name" },

  { "ltgtruri", "3.1.2.7",
    "INVITE <sip:user@example.com> SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=39291\r\n"
    "Max-Forwards: 23\r\n"
    "Call-ID: ltgtruri.1@192.0.2.5\r\n"
    "CSeq: 1 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@\r\n"
    "Contact: <sip:caller@host5.example.net>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "<> around the Request-URI" },

  { "lwsruri", "3.1.2.8",
    "INVITE sip:user@example.com; lr SIP/2.0\r\n"
    "To: sip:user@example.com;tag=3xfe-9921883-z9f\r\n"
    "From: sip:caller@example.net;tag=231413434\r\n"
    "Max-Forwards: 5\r\n"
    "Call-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423\r\n"
    "CSeq: 2130706432 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw2395\r\n"
    "Contact: <sip:caller@host1.example.net>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "LWS inside the Request-URI" },

  { "lwsstart", "3.1.2.9",
    "INVITE  sip:user@example.com  SIP/2.0\r\n"
    "Max-Forwards: 8\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=8814\r\n"
    "Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com\r\n"
    "CSeq: 1893884 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw3923\r\n"
    "Contact: <sip:caller@host1.example.net>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 200, 488 },
    "several SP between Request-Line elements (being liberal is allowed)" },

  { "trws", "3.1.2.10",
    "OPTIONS sip:remote-target@example.com SIP/2.0  \r\n"
    "Via: SIP/2.0/TCP @PEER@;branch=z9hG4bK-sdfjpw3-trws\r\n"
    "To: <sip:remote-target@example.com>\r\n"
    "From: <sip:local-resource@example.net>;tag=329429089\r\n"
    "Call-ID: trws.oicu34958239neffasdhr2345r\r\n"
    "Accept: application/sdp\r\n"
    "CSeq: 238923 OPTIONS\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_400_OR_NONE, { 200 },
    "SP at the end of the Request-Line (being liberal is allowed)" },

  { "escruri", "3.1.2.11",
    "INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=341518\r\n"
    "Max-Forwards: 7\r\n"
    "Contact: <sip:caller@host39923.example.net>\r\n"
    "Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5\r\n"
    "CSeq: 39234 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bK-eiq2fwsvyw-escruri\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 200, 488 },
    "escaped headers in the Request-URI (being liberal is allowed)" },

  { "baddate", "3.1.2.12",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=2234923\r\n"
    "Max-Forwards: 70\r\n"
    "Call-ID: baddate.239423mnsadf3j23lj42--sedfnm234\r\n"
    "CSeq: 1392934 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-baddate\r\n"
    "Date: Fri, 01 Jan 2010 16:00:00 EST\r\n"
    "Contact: <sip:caller@host5.example.net>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 200, 488 },
    "a Date in EST; may be treated as an unknown header" },

  { "regbadct", "3.1.2.13",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:user@example.com;tag=998332\r\n"
    "Max-Forwards: 70\r\n"
    "Call-ID: regbadct.k345asrl3fdbv@10.0.0.1\r\n"
    "CSeq: 1 REGISTER\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-regbadct\r\n"
    "Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_400_OR_NONE, { 405 },
    "name-addr URI with a header not in <> (being liberal is allowed: 405 here)" },

  { "badaspec", "3.1.2.14",
    "OPTIONS sip:user@example.org SIP/2.0\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdju43234\r\n"
    "Max-Forwards: 70\r\n"
    "From: \"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423\r\n"
    "To: \"Watson, Thomas\" < sip:t.watson@example.org >\r\n"
    "Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3\r\n"
    "Accept: application/sdp\r\n"
    "CSeq: 3923239 OPTIONS\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_400_OR_NONE, { 200 },
    "spaces within an addr-spec (ignoring them is allowed)" },

  { "baddn", "3.1.2.15",
    "OPTIONS sip:t.watson@example.org SIP/2.0\r\n"
    "Via:     SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-baddn\r\n"
    "Max-Forwards:      70\r\n"
    "From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43\r\n"
    "To:      Watson, Thomas <sip:t.watson@example.org>\r\n"
    "Call-ID: baddn.31415@c.example.com\r\n"
    "Accept: application/sdp\r\n"
    "CSeq:    3923239 OPTIONS\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_400_OR_NONE, { 0 },
    "non-token characters in an unquoted display name" },

  { "badvers", "3.1.2.16",
    "OPTIONS sip:t.watson@example.org SIP/7.0\r\n"
    "Via:     SIP/7.0/UDP @PEER@;branch=z9hG4bKkdjuw-badvers\r\n"
    "Max-Forwards:     70\r\n"
    "From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe\r\n"
    "To:      T. Watson <sip:t.watson@example.org>\r\n"
    "Call-ID: badvers.31417@c.example.com\r\n"
    "CSeq:    1 OPTIONS\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 505 },
    "unknown protocol version: 505 Version Not Supported" },

  { "mismatch01", "3.1.2.17",
    "OPTIONS sip:user@example.com SIP/2.0\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:caller@example.net;tag=34525\r\n"
    "Max-Forwards: 6\r\n"
    "Call-ID: mismatch01.dj0234sxdfl3\r\n"
    "CSeq: 8 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-mismatch01\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_400_OR_NONE, { 0 },
    "start line and CSeq method differ" },

  { "mismatch02", "3.1.2.18",
    "NEWMETHOD sip:user@example.com SIP/2.0\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:caller@example.net;tag=34525\r\n"
    "Max-Forwards: 6\r\n"
    "Call-ID: mismatch02.dj0234sxdfl3\r\n"
    "CSeq: 8 INVITE\r\n"
    "Contact: <sip:caller@host.example.net>\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-mismatch02\r\n"
    "Content-Type: application/sdp\r\n"
    "l: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 501 },
    "unknown method, CSeq method differs (501 is allowed too)" },

  { "bigcode", "3.1.2.19",
    "SIP/2.0 4294967301 better not break the receiver\r\n"
    "Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\r\n"
    "Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i\r\n"
    "CSeq: 353494 INVITE\r\n"
    "From: <sip:user@example.com>;tag=39ansfi3\r\n"
    "To: <sip:user@example.edu>;tag=902jndnke3\r\n"
    "Content-Length: 0\r\n"
    "Contact: <sip:user@host105.example.com>\r\n",
    NULL, NULL, EXPECT_NONE, { 0 },
    "a response with an overlarge status code: dropped" },

  /* ---- 3.2 transaction layer ---- */
  { "badbranch", "3.2.1",
    "OPTIONS sip:user@example.com SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.org;tag=33242\r\n"
    "Max-Forwards: 3\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bK\r\n"
    "Accept: application/sdp\r\n"
    "Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n\r\n"
    "CSeq: 8 OPTIONS\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 200 },
    "a branch that is only the magic cookie: valid, processed" },

  /* ---- 3.3 application layer ---- */
  { "insuf", "3.3.1",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "CSeq: 193942 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdj.insuf\r\n"
    "Content-Type: application/sdp\r\n"
    "l: @LEN@\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "no Call-ID, From or To: 400" },

  { "unkscm", "3.3.2",
    "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=384\r\n"
    "Max-Forwards: 3\r\n"
    "Call-ID: unkscm.nasdfasser0q239nwsdfasdkl34\r\n"
    "CSeq: 3923423 OPTIONS\r\n"
    "Via: SIP/2.0/TCP @PEER@;branch=z9hG4bKkdjuw-unkscm\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 416 },
    "a Request-URI scheme nobody knows: 416" },

  { "novelsc", "3.3.3",
    "OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=384\r\n"
    "Max-Forwards: 3\r\n"
    "Call-ID: novelsc.asdfasser0q239nwsdfasdkl34\r\n"
    "CSeq: 3923423 OPTIONS\r\n"
    "Via: SIP/2.0/TCP @PEER@;branch=z9hG4bKkdjuw-novelsc\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 416 },
    "a known but atypical Request-URI scheme: 416" },

  { "unksm2", "3.3.4",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "To: isbn:2983792873\r\n"
    "From: <http://www.example.com>;tag=3234233\r\n"
    "Call-ID: unksm2.daksdj@hyphenated-host.example.com\r\n"
    "CSeq: 234902 REGISTER\r\n"
    "Max-Forwards: 70\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-unksm2\r\n"
    "Contact: <name:John_Smith>\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 400, 405, 416 },
    "unknown schemes in To, From and Contact: syntactically valid, answered" },

  { "bext01", "3.3.5",
    "OPTIONS sip:user@example.com SIP/2.0\r\n"
    "To: sip:j_user@example.com\r\n"
    "From: sip:caller@example.net;tag=242etr\r\n"
    "Max-Forwards: 6\r\n"
    "Call-ID: bext01.0ha0isndaksdj\r\n"
    "Require: nothingSupportsThis, nothingSupportsThisEither\r\n"
    "Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis\r\n"
    "CSeq: 8 OPTIONS\r\n"
    "Via: SIP/2.0/TLS @PEER@;branch=z9hG4bKkdjuw-bext01\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 420 },
    "unknown Require option-tags: 420 Bad Extension (Proxy-Require is for proxies)" },

  { "invut", "3.3.6",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "Contact: <sip:caller@host5.example.net>\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:caller@example.net;tag=8392034\r\n"
    "Max-Forwards: 70\r\n"
    "Call-ID: invut.0ha0isndaksdjadsfij34n23d\r\n"
    "CSeq: 235448 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-invut\r\n"
    "Content-Type: application/unknownformat\r\n"
    "Content-Length: @LEN@\r\n",
    "<audio>\r\n"
    " <pcmu port=\"443\"/>\r\n"
    "</audio>\r\n",
    NULL, EXPECT_CODES, { 415 },
    "a body of an unknown type: 415 Unsupported Media Type" },

  { "regaut01", "3.3.7",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "To: sip:j.user@example.com\r\n"
    "From: sip:j.user@example.com;tag=87321hj23128\r\n"
    "Max-Forwards: 8\r\n"
    "Call-ID: regaut01.0ha0isndaksdj\r\n"
    "CSeq: 9338 REGISTER\r\n"
    "Via: SIP/2.0/TCP @PEER@;branch=z9hG4bKkdjuw-regaut01\r\n"
    "Authorization: NoOneKnowsThisScheme opaque-data=here\r\n"
    "Content-Length:0\r\n",
    NULL, NULL, EXPECT_CODES, { 401, 405 },
    "an unknown authorization scheme: a registrar challenges (no registrar: 405)" },

  { "multi01", "3.3.8",
    "INVITE sip:user@company.com SIP/2.0\r\n"
    "Contact: <sip:caller@host25.example.net>\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-multi01\r\n"
    "Max-Forwards: 70\r\n"
    "CSeq: 5 INVITE\r\n"
    "Call-ID: multi01.98asdh@192.0.2.1\r\n"
    "CSeq: 59 INVITE\r\n"
    "Call-ID: multi01.98asdh@192.0.2.2\r\n"
    "From: sip:caller@example.com;tag=3413415\r\n"
    "To: sip:user@example.com\r\n"
    "To: sip:other@example.net\r\n"
    "From: sip:caller@example.net;tag=2923420123\r\n"
    "Content-Type: application/sdp\r\n"
    "l: @LEN@\r\n"
    "Contact: <sip:caller@host36.example.net>\r\n"
    "Max-Forwards: 5\r\n",
    SDP, NULL, EXPECT_400_OR_NONE, { 0 },
    "several values in single-value fields: 400" },

  { "mcl01", "3.3.9",
    "OPTIONS sip:user@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bK293423\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:other@example.net;tag=3923942\r\n"
    "Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf\r\n"
    "CSeq: 15932 OPTIONS\r\n"
    "Content-Length: 13\r\n"
    "Max-Forwards: 60\r\n"
    "Content-Length: 5\r\n"
    "Content-Type: text/plain\r\n",
    "There's no way to know how many octets are supposed to be here.\r\n",
    NULL, EXPECT_400_OR_NONE, { 0 },
    "two Content-Length values" },

  { "bcast", "3.3.10",
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\n"
    "Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23\r\n"
    "Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf\r\n"
    "CSeq: 35 INVITE\r\n"
    "From: sip:user@example.com;tag=11141343\r\n"
    "To: sip:user@example.edu;tag=2229\r\n"
    "Content-Length: @LEN@\r\n"
    "Content-Type: application/sdp\r\n"
    "Contact: <sip:user@host28.example.com>\r\n",
    SDP, NULL, EXPECT_NONE, { 0 },
    "a 200 with a broadcast Via: matches nothing, nothing sent" },

  { "zeromf", "3.3.11",
    "OPTIONS sip:user@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-zeromf\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:caller@example.net;tag=3ghsd41\r\n"
    "Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas\r\n"
    "CSeq: 39234321 OPTIONS\r\n"
    "Max-Forwards: 0\r\n"
    "Content-Length: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 200 },
    "Max-Forwards 0 at a user agent: processed (483 is for proxies)" },

  { "cparam01", "3.3.12",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-cparam01\r\n"
    "Max-Forwards: 70\r\n"
    "From: sip:watson@example.com;tag=DkfVgjkrtMwaerKKpe\r\n"
    "To: sip:watson@example.com\r\n"
    "Call-ID: cparam01.70710@saturn.example.com\r\n"
    "CSeq: 2 REGISTER\r\n"
    "Contact: sip:+19725552222@gw1.example.net;unknownparam\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 405 },
    "a Contact header parameter: valid (no registrar: 405)" },

  { "cparam02", "3.3.13",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-cparam02\r\n"
    "Max-Forwards: 70\r\n"
    "From: sip:watson@example.com;tag=838293\r\n"
    "To: sip:watson@example.com\r\n"
    "Call-ID: cparam02.70710@saturn.example.com\r\n"
    "CSeq: 3 REGISTER\r\n"
    "Contact: <sip:+19725552222@gw1.example.net;unknownparam>\r\n"
    "l: 0\r\n",
    NULL, NULL, EXPECT_CODES, { 405 },
    "a Contact url-parameter: valid (no registrar: 405)" },

  { "regescrt", "3.3.14",
    "REGISTER sip:example.com SIP/2.0\r\n"
    "To: sip:user@example.com\r\n"
    "From: sip:user@example.com;tag=8\r\n"
    "Max-Forwards: 70\r\n"
    "Call-ID: regescrt.k345asrl3fdbv@192.0.2.1\r\n"
    "CSeq: 14398234 REGISTER\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-regescrt\r\n"
    "M: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>\r\n"
    "L:0\r\n",
    NULL, NULL, EXPECT_CODES, { 400, 405 },
    "a Contact with an escaped header: answered (no registrar: 405)" },

  { "sdp01", "3.3.15",
    "INVITE sip:user@example.com SIP/2.0\r\n"
    "To: sip:j_user@example.com\r\n"
    "Contact: <sip:caller@host15.example.net>\r\n"
    "From: sip:caller@example.net;tag=234\r\n"
    "Max-Forwards: 5\r\n"
    "Call-ID: sdp01.ndaksdj9342dasdd\r\n"
    "Accept: text/nobodyknowsthis\r\n"
    "CSeq: 8 INVITE\r\n"
    "Via: SIP/2.0/UDP @PEER@;branch=z9hG4bKkdjuw-sdp01\r\n"
    "Content-Length: @LEN@\r\n"
    "Content-Type: application/sdp\r\n",
    SDP, NULL, EXPECT_CODES, { 406 },
    "an Accept we cannot answer in: 406 Not Acceptable" },

  /* ---- 3.4 backward compatibility ---- */
  { "inv2543", "3.4.1",
    "INVITE sip:UserB@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP @PEER@\r\n"
    "From: <sip:+13035551111@ift.client.example.net;user=phone>\r\n"
    "Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>\r\n"
    "To: sip:+16505552222@ss1.example.net;user=phone\r\n"
    "Call-ID: inv2543.1717@ift.client.example.com\r\n"
    "CSeq: 56 INVITE\r\n"
    "Content-Type: application/sdp\r\n",
    SDP, NULL, EXPECT_INVITE_OK, { 0 },
    "RFC 2543 syntax (no branch, no tag, no Max-Forwards): processed" },
};

/* ---- the fixture ---- */

typedef struct {
  RawServer *server;
  char      *skip;         /* why there is no network namespace */
} Shared;

/* What each test path gets: the shared server and its message. */
typedef struct {
  Shared        *shared;
  const Torture *torture;
} Case;

typedef struct {
  Shared  *shared;
  RawPeer *peer;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->shared = ((const Case *) data)->shared;
  if (f->shared->server != NULL)
    f->peer = raw_peer_new (raw_server_get_port (f->shared->server));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->peer, raw_peer_free);
}

/* ---- expanding a message ---- */

static void
expand (GString    *out,
        const char *template,
        RawPeer    *peer,
        gsize       body_len)
{
  const char *p = template;

  while (*p != '\0')
    {
      const char *at = strchr (p, '@');
      const char *end;

      if (at == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, at - p);
      if (g_str_has_prefix (at, "@PEER@"))
        {
          g_string_append_printf (out, "127.0.0.1:%u", peer->port);
          p = at + strlen ("@PEER@");
        }
      else if (g_str_has_prefix (at, "@LEN@"))
        {
          g_string_append_printf (out, "%" G_GSIZE_FORMAT, body_len);
          p = at + strlen ("@LEN@");
        }
      else if (g_str_has_prefix (at, "@NUL@"))
        {
          g_string_append_c (out, '\0');
          p = at + strlen ("@NUL@");
        }
      else if (g_str_has_prefix (at, "@LONG:") &&
               (end = strchr (at + 6, '@')) != NULL)
        {
          char *colon;
          guint64 n = g_ascii_strtoull (at + 6, &colon, 10);
          g_autofree char *text = g_strndup (colon + 1, (gsize) (end - colon - 1));

          g_assert_cmpint (*colon, ==, ':');
          for (guint64 i = 0; i < n; i++)
            g_string_append (out, text);
          p = end + 1;
        }
      else
        {
          /* A plain '@' (user@host). */
          g_string_append_c (out, '@');
          p = at + 1;
        }
    }
}

static GString *
build_message (const Torture *t,
               RawPeer       *peer)
{
  GString *message = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) trailer = g_string_new (NULL);

  if (t->body != NULL)
    expand (body, t->body, peer, 0);
  if (t->trailer != NULL)
    expand (trailer, t->trailer, peer, strlen (SDP));
  expand (message, t->head, peer, body->len);
  g_string_append (message, "\r\n");
  g_string_append_len (message, body->str, body->len);
  g_string_append_len (message, trailer->str, trailer->len);
  return message;
}

/* ---- answering what the server sends ---- */

/* ACK for a 2xx to INVITE (its own transaction, to the Contact of the
 * answer) and then BYE, built from the answer's own headers. */
static void
hang_up (Fixture    *f,
         const char *answer)
{
  g_autofree char *from = raw_header_of (answer, "From", "f");
  g_autofree char *to = raw_header_of (answer, "To", "t");
  g_autofree char *call_id = raw_header_of (answer, "Call-ID", "i");
  g_autofree char *cseq = raw_header_of (answer, "CSeq", NULL);
  g_autofree char *contact = raw_header_of (answer, "Contact", "m");
  g_autofree char *target = NULL;
  g_autofree char *ack_branch = raw_peer_unique (f->peer, "z9hG4bK-ack");
  g_autofree char *bye_branch = raw_peer_unique (f->peer, "z9hG4bK-bye");
  g_autofree char *ack = NULL;
  g_autofree char *bye = NULL;
  gint64 deadline;
  guint cseq_number;

  g_assert_nonnull (from);
  g_assert_nonnull (to);
  g_assert_nonnull (call_id);
  g_assert_nonnull (cseq);
  g_assert_nonnull (contact);
  target = g_strndup (strchr (contact, '<') + 1,
                      strcspn (strchr (contact, '<') + 1, ">"));
  cseq_number = (guint) g_ascii_strtoull (cseq, NULL, 10);

  ack = g_strdup_printf ("ACK %s SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                         "Max-Forwards: 70\r\n"
                         "From: %s\r\n"
                         "To: %s\r\n"
                         "Call-ID: %s\r\n"
                         "CSeq: %u ACK\r\n"
                         "Content-Length: 0\r\n\r\n",
                         target, f->peer->port, ack_branch, from, to, call_id,
                         cseq_number);
  raw_peer_send_text (f->peer, ack);

  bye = g_strdup_printf ("BYE %s SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                         "Max-Forwards: 70\r\n"
                         "From: %s\r\n"
                         "To: %s\r\n"
                         "Call-ID: %s\r\n"
                         "CSeq: %u BYE\r\n"
                         "Content-Length: 0\r\n\r\n",
                         target, f->peer->port, bye_branch, from, to, call_id,
                         cseq_number + 1);
  raw_peer_send_text (f->peer, bye);

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *message = raw_peer_receive (f->peer, 100, NULL);
      g_autofree char *via = message ? raw_header_of (message, "Via", "v") : NULL;

      if (via != NULL && strstr (via, bye_branch) != NULL &&
          raw_status_of (message) >= 200)
        {
          g_assert_cmpuint (raw_status_of (message), ==, 200);
          return;
        }
    }
  g_test_fail_printf ("no answer to the BYE of %s", call_id);
}

/* Sends the message and collects every final answer to it. */
static void
test_torture (Fixture       *f,
              gconstpointer  data)
{
  const Torture *t = ((const Case *) data)->torture;
  g_autoptr(GString) message = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  guint n_incoming, finals = 0, final = 0;
  gint64 deadline;
  gboolean accepted = FALSE;

  if (f->shared->skip != NULL)
    {
      g_test_skip (f->shared->skip);
      return;
    }
  g_test_summary (t->why);

  message = build_message (t, f->peer);
  n_incoming = raw_server_n_incoming (f->shared->server);
  raw_peer_send (f->peer, message->str, message->len);

  /* Everything that comes back within QUIET_MS of the last datagram (a
   * final answer ends the wait early, then a moment for duplicates). */
  deadline = g_get_monotonic_time () + QUIET_MS * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      gsize len;
      guint left = (guint) ((deadline - g_get_monotonic_time ()) / 1000) + 1;
      g_autofree char *answer = raw_peer_receive (f->peer, left, &len);
      g_autofree char *line = NULL;
      guint status;

      if (answer == NULL)
        break;
      line = raw_first_line (answer);
      status = raw_status_of (answer);
      g_test_message ("%s: got %s", t->name, line);
      if (status < 200)
        continue;
      g_string_append_printf (got, "%s%u", finals++ ? "," : "", status);
      if (final == 0)
        final = status;
      if (status == 200 && g_str_has_prefix (message->str, "INVITE") && !accepted)
        {
          accepted = TRUE;
          hang_up (f, answer);
        }
      deadline = MIN (deadline, g_get_monotonic_time () + 100 * 1000);
    }

  g_test_message ("TABLE %-10s %-8s got %s", t->name, t->section,
                  got->len ? got->str : "nothing");

  if (finals > 1)
    g_test_fail_printf ("%s: more than one final answer: %s", t->name, got->str);

  switch (t->expect)
    {
    case EXPECT_NONE:
      if (final != 0)
        g_test_fail_printf ("%s: expected no answer, got %u", t->name, final);
      break;

    case EXPECT_400_OR_NONE:
      if (final != 0 && final != 400 &&
          !(t->codes[0] == final || t->codes[1] == final))
        g_test_fail_printf ("%s: expected 400 or no answer, got %u", t->name, final);
      break;

    case EXPECT_CODES:
      {
        gboolean ok = FALSE;

        for (gsize i = 0; i < G_N_ELEMENTS (t->codes) && t->codes[i]; i++)
          ok |= t->codes[i] == final;
        if (!ok)
          g_test_fail_printf ("%s: expected %u%s, got %s", t->name, t->codes[0],
                              t->codes[1] ? " (or another listed code)" : "",
                              final ? got->str : "no answer");
      }
      break;

    case EXPECT_INVITE_OK:
      if (final != 200 && final != 488)
        g_test_fail_printf ("%s: expected 200 or 488, got %s", t->name,
                            final ? got->str : "no answer");
      else if (final == 200 && raw_server_n_incoming (f->shared->server) != n_incoming + 1)
        g_test_fail_printf ("%s: answered 200 without the application's decision",
                            t->name);
      break;
    }

  /* dblreq: the INVITE after the REGISTER must not become a call. */
  if (strcmp (t->name, "dblreq") == 0)
    g_assert_cmpuint (raw_server_n_incoming (f->shared->server), ==, n_incoming);
}

/* After all of it: a plain call from the raw socket still works. */
static void
test_normal_call (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *branch = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *invite = NULL;
  g_autofree char *sdp = NULL;
  guint n_ended;
  gint64 deadline;

  if (f->shared->skip != NULL)
    {
      g_test_skip (f->shared->skip);
      return;
    }
  g_test_summary ("after the torture messages, a normal call is answered, "
                  "ACKed and hung up");

  n_ended = raw_server_n_ended (f->shared->server);
  branch = raw_peer_unique (f->peer, "z9hG4bK-normal");
  tag = raw_peer_unique (f->peer, "tag");
  sdp = g_strdup_printf ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
                         "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                         "m=audio %u RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
                         test_discard_port ());
  invite = g_strdup_printf ("INVITE sip:agent@127.0.0.1:%u SIP/2.0\r\n"
                            "Via: SIP/2.0/UDP 127.0.0.1:%u;branch=%s;rport\r\n"
                            "Max-Forwards: 70\r\n"
                            "From: <sip:caller@127.0.0.1:%u>;tag=%s\r\n"
                            "To: <sip:agent@127.0.0.1:%u>\r\n"
                            "Call-ID: normal-%s\r\n"
                            "CSeq: 1 INVITE\r\n"
                            "Contact: <sip:caller@127.0.0.1:%u>\r\n"
                            "Content-Type: application/sdp\r\n"
                            "Content-Length: %zu\r\n\r\n%s",
                            f->peer->server_port, f->peer->port, branch,
                            f->peer->port, tag, f->peer->server_port, branch,
                            f->peer->port, strlen (sdp), sdp);
  raw_peer_send_text (f->peer, invite);

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *answer = raw_peer_receive (f->peer, 100, NULL);

      if (answer == NULL || raw_status_of (answer) < 200)
        continue;
      g_assert_cmpuint (raw_status_of (answer), ==, 200);
      hang_up (f, answer);
      break;
    }
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (raw_server_n_ended (f->shared->server) == n_ended &&
         g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (raw_server_n_ended (f->shared->server), ==, n_ended + 1);
  g_assert_cmpint (raw_peer_options (f->peer, 1000), >=, 0);
}

int
main (int   argc,
      char *argv[])
{
  Shared shared = { 0 };
  Case cases[G_N_ELEMENTS (messages) + 1];
  RawServerOptions options = { .no_media = TRUE };
  int status;

  shared.skip = raw_netns_enter (argc, argv);
  g_test_init (&argc, &argv, NULL);

  if (shared.skip == NULL)
    shared.server = raw_server_start (&options);

  for (gsize i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/torture/%s-%s", messages[i].section,
                                               messages[i].name);

      cases[i].shared = &shared;
      cases[i].torture = &messages[i];
      g_test_add (path, Fixture, &cases[i], fixture_setup, test_torture,
                  fixture_teardown);
    }
  cases[G_N_ELEMENTS (messages)].shared = &shared;
  cases[G_N_ELEMENTS (messages)].torture = NULL;
  g_test_add ("/torture/zz-normal-call-still-works", Fixture,
              &cases[G_N_ELEMENTS (messages)], fixture_setup, test_normal_call,
              fixture_teardown);

  status = g_test_run ();

  g_clear_pointer (&shared.server, raw_server_stop);
  g_free (shared.skip);
  return status;
}
