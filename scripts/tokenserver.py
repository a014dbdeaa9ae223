#!/usr/bin/env python3
"""A small OAuth 2.0 authorization server for the loopback mail stack's XOAUTH2 tests (standard library only).

    scripts/tokenserver.py --port PORT [--host 127.0.0.1] [--access-lifetime SECONDS] [--pid-file FILE]

It keeps everything in memory and serves HTTP on 127.0.0.1 (loopback only, no TLS):

  POST /token        the refresh_token grant (RFC 6749 §6), form-encoded: grant_type=refresh_token, refresh_token,
                     client_id (or HTTP Basic client authentication), client_secret when the client has one, scope.
                     Answers {"access_token", "token_type": "Bearer", "expires_in", "scope"} plus "refresh_token"
                     when the grant rotates refresh tokens and "refresh_token_expires_in" when it lapses.
                     A revoked, unknown or lapsed refresh token: 400 {"error": "invalid_grant"} (RFC 6749 §5.2);
                     a wrong client: 401 invalid_client; another grant type: 400 unsupported_grant_type.
  POST /introspect   token introspection (RFC 7662) for Dovecot's oauth2 passdb (introspection_mode = post):
                     form token=...; {"active": true, "username", "client_id", "scope", "exp", "token_type"}
                     for a live access token, {"active": false} otherwise.
  GET  /health       "ok"

Admin endpoints for tests (JSON in and out):

  POST /admin/issue     {"username", "client_id", "client_secret"?, "rotate"?: bool, "access_lifetime"?: seconds,
                         "refresh_lifetime"?: seconds, "report_refresh_expiry"?: bool}
                        -> {"grant", "refresh_token"}: a new grant (a user's consent) and its first refresh token
  POST /admin/lifetime  {"seconds"}: the default access-token lifetime for grants without their own
  POST /admin/revoke    {"refresh_token"} or {"grant"}: the grant's refresh tokens are refused from now on, and its
                        access tokens stop being active
  GET  /admin/stats?grant=G  -> {"token_requests", "refreshes", "refused", "access_tokens"} for one grant
                        (every grant when no grant is named)

Tokens are random (secrets.token_urlsafe); nothing is logged except the method, path and status of each request.
"""

import argparse
import base64
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
STATE = {
    "access_lifetime": 3600,
    "grants": {},          # grant id -> dict
    "refresh_tokens": {},  # refresh token -> grant id (the current one only, when rotating)
    "access_tokens": {},   # access token -> {"grant", "exp", "scope"}
}


def new_grant(body):
    username = str(body.get("username", "")).strip().lower()
    client_id = str(body.get("client_id", "")).strip()
    if not username or not client_id:
        return None, "username and client_id are required"
    grant_id = "g-" + secrets.token_hex(6)
    refresh = "rt-" + secrets.token_urlsafe(24)
    now = time.time()
    refresh_lifetime = body.get("refresh_lifetime")
    grant = {
        "id": grant_id,
        "username": username,
        "client_id": client_id,
        "client_secret": body.get("client_secret"),
        "rotate": bool(body.get("rotate", False)),
        "access_lifetime": body.get("access_lifetime"),
        "refresh_expires": now + float(refresh_lifetime) if refresh_lifetime else None,
        "report_refresh_expiry": bool(body.get("report_refresh_expiry", refresh_lifetime is not None)),
        "revoked": False,
        "token_requests": 0,
        "refreshes": 0,
        "refused": 0,
        "access_tokens": 0,
    }
    STATE["grants"][grant_id] = grant
    STATE["refresh_tokens"][refresh] = grant_id
    return {"grant": grant_id, "refresh_token": refresh}, None


def client_credentials(handler, form):
    """The client id and secret: HTTP Basic (RFC 6749 §2.3.1) or the form's client_id and client_secret."""
    auth = handler.headers.get("Authorization", "")
    if auth.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(auth[6:].strip()).decode("utf-8")
            cid, _, secret = decoded.partition(":")
            from urllib.parse import unquote_plus
            return unquote_plus(cid), unquote_plus(secret)
        except Exception:
            return None, None
    return form.get("client_id"), form.get("client_secret")


def token_endpoint(handler, form):
    if form.get("grant_type") != "refresh_token":
        return 400, {"error": "unsupported_grant_type", "error_description": "only refresh_token is supported"}
    refresh = form.get("refresh_token", "")
    cid, csecret = client_credentials(handler, form)
    with LOCK:
        grant_id = STATE["refresh_tokens"].get(refresh)
        grant = STATE["grants"].get(grant_id) if grant_id else None
        if grant is not None:
            grant["token_requests"] += 1
        if grant is None or grant["revoked"]:
            if grant is not None:
                grant["refused"] += 1
            return 400, {"error": "invalid_grant", "error_description": "the refresh token is invalid or revoked"}
        if cid != grant["client_id"] or (grant["client_secret"] is not None and csecret != grant["client_secret"]):
            grant["refused"] += 1
            return 401, {"error": "invalid_client", "error_description": "client authentication failed"}
        now = time.time()
        if grant["refresh_expires"] is not None and now >= grant["refresh_expires"]:
            grant["refused"] += 1
            return 400, {"error": "invalid_grant", "error_description": "the refresh token has expired"}
        lifetime = grant["access_lifetime"] if grant["access_lifetime"] is not None else STATE["access_lifetime"]
        access = "at-" + secrets.token_urlsafe(24)
        scope = form.get("scope", "")
        STATE["access_tokens"][access] = {"grant": grant["id"], "exp": now + float(lifetime), "scope": scope}
        grant["refreshes"] += 1
        grant["access_tokens"] += 1
        answer = {"access_token": access, "token_type": "Bearer", "expires_in": int(lifetime)}
        if scope:
            answer["scope"] = scope
        if grant["rotate"]:
            del STATE["refresh_tokens"][refresh]
            rotated = "rt-" + secrets.token_urlsafe(24)
            STATE["refresh_tokens"][rotated] = grant["id"]
            answer["refresh_token"] = rotated
        if grant["refresh_expires"] is not None and grant["report_refresh_expiry"]:
            answer["refresh_token_expires_in"] = max(0, int(grant["refresh_expires"] - now))
        return 200, answer


def introspect_endpoint(form):
    token = form.get("token", "")
    with LOCK:
        info = STATE["access_tokens"].get(token)
        grant = STATE["grants"].get(info["grant"]) if info else None
        if info is None or grant is None or grant["revoked"] or time.time() >= info["exp"]:
            return 200, {"active": False}
        return 200, {
            "active": True,
            "username": grant["username"],
            "client_id": grant["client_id"],
            "scope": info["scope"],
            "exp": int(info["exp"]),
            "token_type": "Bearer",
        }


def admin(path, body, query):
    with LOCK:
        if path == "/admin/issue":
            answer, problem = new_grant(body)
            return (200, answer) if answer else (400, {"error": problem})
        if path == "/admin/lifetime":
            try:
                STATE["access_lifetime"] = float(body["seconds"])
            except (KeyError, TypeError, ValueError):
                return 400, {"error": "give {\"seconds\": N}"}
            return 200, {"access_lifetime": STATE["access_lifetime"]}
        if path == "/admin/revoke":
            grant_id = body.get("grant") or STATE["refresh_tokens"].get(body.get("refresh_token", ""))
            grant = STATE["grants"].get(grant_id) if grant_id else None
            if grant is None:
                return 404, {"error": "no such grant or refresh token"}
            grant["revoked"] = True
            return 200, {"revoked": grant_id}
        if path == "/admin/stats":
            keys = ("token_requests", "refreshes", "refused", "access_tokens")
            wanted = query.get("grant")
            if wanted:
                grant = STATE["grants"].get(wanted)
                if grant is None:
                    return 404, {"error": "no such grant"}
                return 200, {k: grant[k] for k in keys}
            return 200, {g["id"]: {k: g[k] for k in keys} for g in STATE["grants"].values()}
    return 404, {"error": "no such endpoint"}


class Handler(BaseHTTPRequestHandler):
    server_version = "mailstack-tokenserver/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # method, path and status only; never a token
        sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    def answer(self, status, obj):
        data = json.dumps(obj).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def form(self, raw):
        return {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items()}

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path == "/health":
            data = b"ok"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if parts.path == "/admin/stats":
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            self.answer(*admin(parts.path, {}, query))
            return
        self.answer(404, {"error": "no such endpoint"})

    def do_POST(self):
        parts = urlsplit(self.path)
        raw = self.read_body()
        if parts.path == "/token":
            self.answer(*token_endpoint(self, self.form(raw)))
        elif parts.path == "/introspect":
            self.answer(*introspect_endpoint(self.form(raw)))
        elif parts.path.startswith("/admin/"):
            try:
                body = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError:
                self.answer(400, {"error": "the body is not JSON"})
                return
            self.answer(*admin(parts.path, body if isinstance(body, dict) else {}, {}))
        else:
            self.answer(404, {"error": "no such endpoint"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--access-lifetime", type=float, default=3600)
    parser.add_argument("--pid-file")
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the token server listens on loopback only")
    STATE["access_lifetime"] = args.access_lifetime
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write("%d\n" % os.getpid())
    print("READY port=%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
