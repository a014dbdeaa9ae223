#!/usr/bin/env python3
"""A fault-injecting TCP proxy on loopback for tests (Python 3 standard library only).

    scripts/faultproxy.py --listen PORT --target PORT --control PORT [--max-lifetime SECONDS]

Accepts connections on 127.0.0.1:--listen and forwards each to 127.0.0.1:--target. A test steers it through a
line-based control port on 127.0.0.1:--control; each command gets one reply line, `OK ...` or `ERR ...`:

    cut-after-bytes N down|up [rst]   arm a one-shot cut: the first connection (open now or opened later) that
                                      forwards N more bytes in that direction (down: server to client, up: client
                                      to server) forwards exactly those N bytes and then both of its sides are
                                      closed (`rst`: reset with SO_LINGER 0 instead of a clean close)
    pause                             stop forwarding (bytes wait in the kernel buffers; new connections are
                                      accepted but nothing flows)
    resume                            forward again
    drop-all                          close every open connection now
    reset                             clear the armed cut and resume
    stats                             one JSON object: accepted, open, bytes_up, bytes_down, cuts, paused, armed
    quit                              close this control connection
    shutdown                          stop the proxy

A port of 0 picks a free one. When both ports are listening it prints one line to standard output:
`READY listen=P control=C target=T`. It exits when its parent process exits, when standard input reaches end of
file (with --stdin-watch), on `shutdown`, or after --max-lifetime seconds (default 600): it never outlives a test.
"""

import argparse
import json
import os
import socket
import struct
import sys
import threading
import time

CHUNK = 16384


class Connection:
    def __init__(self, proxy, client, server):
        self.proxy = proxy
        self.client = client
        self.server = server
        self.closed = False
        self.lock = threading.Lock()

    def close(self, rst=False):
        with self.lock:
            if self.closed:
                return
            self.closed = True
        self.proxy.forget(self)
        for s in (self.client, self.server):
            try:
                if rst:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                else:
                    s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass

    def pump(self, src, dst, direction):
        proxy = self.proxy
        try:
            while not self.closed:
                proxy.running.wait()
                data = src.recv(CHUNK)
                if not data:
                    break
                while data and not self.closed:
                    proxy.running.wait()
                    allowed, rst = proxy.budget(self, direction, len(data))
                    if allowed is None:
                        dst.sendall(data)
                        data = b""
                    else:
                        if allowed > 0:
                            dst.sendall(data[:allowed])
                        self.close(rst=rst)
                        return
            # One side closed cleanly: pass the half-close on, the other direction keeps flowing.
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        except OSError:
            pass
        if direction == "down":
            self.close()   # the server is done: close both sides (the up pump ends with it)


class Proxy:
    def __init__(self, target):
        self.target = target
        self.lock = threading.Lock()
        self.connections = set()
        self.running = threading.Event()
        self.running.set()
        self.accepted = 0
        self.bytes = {"up": 0, "down": 0}
        self.cuts = 0
        self.armed = None  # {"direction", "remaining": {conn: n}, "n", "rst"}

    def forget(self, conn):
        with self.lock:
            self.connections.discard(conn)

    def add(self, conn):
        with self.lock:
            self.connections.add(conn)
            self.accepted += 1

    def budget(self, conn, direction, size):
        """None: forward all `size` bytes. A number: forward that many, then cut (and whether to reset)."""
        with self.lock:
            self.bytes[direction] += size
            armed = self.armed
            if armed is None or armed["direction"] != direction:
                return None, False
            left = armed["remaining"].get(conn, armed["n"])
            if size < left:
                armed["remaining"][conn] = left - size
                return None, False
            self.bytes[direction] -= size - left
            self.armed = None
            self.cuts += 1
            return left, armed["rst"]

    def command(self, line):
        words = line.split()
        if not words:
            return "ERR empty command"
        name, args = words[0].lower(), words[1:]
        if name == "cut-after-bytes":
            if len(args) not in (2, 3) or not args[0].isdigit() or args[1] not in ("down", "up") \
                    or (len(args) == 3 and args[2] != "rst"):
                return "ERR usage: cut-after-bytes N down|up [rst]"
            with self.lock:
                self.armed = {"direction": args[1], "n": int(args[0]), "rst": len(args) == 3, "remaining": {}}
            return "OK armed"
        if name == "pause":
            self.running.clear()
            return "OK paused"
        if name == "resume":
            self.running.set()
            return "OK resumed"
        if name == "drop-all":
            with self.lock:
                conns = list(self.connections)
            for c in conns:
                c.close()
            return "OK dropped %d" % len(conns)
        if name == "reset":
            with self.lock:
                self.armed = None
            self.running.set()
            return "OK reset"
        if name == "stats":
            with self.lock:
                return "OK " + json.dumps({
                    "accepted": self.accepted, "open": len(self.connections), "bytes_up": self.bytes["up"],
                    "bytes_down": self.bytes["down"], "cuts": self.cuts, "paused": not self.running.is_set(),
                    "armed": None if self.armed is None else
                    {"direction": self.armed["direction"], "n": self.armed["n"], "rst": self.armed["rst"]},
                }, sort_keys=True)
        return "ERR unknown command %r" % name

    def accept_loop(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target), timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = Connection(self, client, server)
            self.add(conn)
            threading.Thread(target=conn.pump, args=(client, server, "up"), daemon=True).start()
            threading.Thread(target=conn.pump, args=(server, client, "down"), daemon=True).start()


def control_loop(listener, proxy, stop):
    def serve(sock):
        with sock:
            f = sock.makefile("rwb", buffering=0)
            for raw in f:
                line = raw.decode("utf-8", "replace").strip()
                if line.lower() == "quit":
                    f.write(b"OK bye\n")
                    return
                if line.lower() == "shutdown":
                    f.write(b"OK shutting down\n")
                    stop.set()
                    return
                f.write((proxy.command(line) + "\n").encode())

    while True:
        try:
            sock, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=serve, args=(sock,), daemon=True).start()


def listen(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    return s


def main():
    p = argparse.ArgumentParser(description="fault-injecting TCP proxy on 127.0.0.1 for tests")
    p.add_argument("--listen", type=int, required=True, help="port to accept on (0: any free port)")
    p.add_argument("--target", type=int, required=True, help="port on 127.0.0.1 to forward to")
    p.add_argument("--control", type=int, required=True, help="control port (0: any free port)")
    p.add_argument("--max-lifetime", type=float, default=600, help="exit after this many seconds (default 600)")
    p.add_argument("--stdin-watch", action="store_true", help="exit when standard input reaches end of file")
    a = p.parse_args()

    proxy = Proxy(a.target)
    stop = threading.Event()
    listener = listen(a.listen)
    control = listen(a.control)
    threading.Thread(target=proxy.accept_loop, args=(listener,), daemon=True).start()
    threading.Thread(target=control_loop, args=(control, proxy, stop), daemon=True).start()
    if a.stdin_watch:
        def watch():
            try:
                while sys.stdin.buffer.read(4096):
                    pass
            except OSError:
                pass
            stop.set()
        threading.Thread(target=watch, daemon=True).start()
    print("READY listen=%d control=%d target=%d" % (listener.getsockname()[1], control.getsockname()[1], a.target),
          flush=True)

    parent = os.getppid()
    deadline = time.monotonic() + a.max_lifetime
    while not stop.wait(0.2):
        if os.getppid() != parent or time.monotonic() > deadline:
            break
    listener.close()
    control.close()
    proxy.command("drop-all")
    os._exit(0)


if __name__ == "__main__":
    main()
