#!/usr/bin/env python3
"""A tiny authoritative DNS server for the test mail stack (standard library only).

    dnsserver.py --listen 127.53.X.Y --port 53 --zone FILE [--pid-file FILE]

Answers UDP and TCP queries on one loopback address from a zone file of lines `NAME TYPE VALUE` (TXT values are
the record's text, split into 255-byte strings here; A values are dotted quads; `#` starts a comment). A name in the
file with another type gets an empty NOERROR answer; any other name NXDOMAIN. It never forwards and never recurses:
mail-stack milters (OpenDKIM, OpenDMARC) find the DKIM keys, DMARC and SPF records here and nothing else. UDP answers
over 512 bytes (or the EDNS size the query offers) are truncated (TC) so the resolver retries over TCP. One line per
query goes to stdout: name, type, answer code.
"""
import argparse
import ipaddress
import os
import signal
import socket
import socketserver
import struct
import sys
import threading

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28, "OPT": 41}
TYPE_NAMES = {v: k for k, v in TYPES.items()}


def load_zone(path):
    """{(name, type): [rdata bytes]} and the set of names that exist."""
    records, names = {}, set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) != 3 or parts[1].upper() not in ("TXT", "A"):
                sys.exit(f"dnsserver: {path}:{lineno}: expected `NAME TXT|A VALUE`")
            name, rtype, value = parts[0].lower().rstrip("."), parts[1].upper(), parts[2]
            if rtype == "TXT":
                data = value.encode()
                chunks = [data[i:i + 255] for i in range(0, len(data), 255)] or [b""]
                rdata = b"".join(bytes([len(c)]) + c for c in chunks)
            else:
                rdata = ipaddress.IPv4Address(value).packed
            records.setdefault((name, TYPES[rtype]), []).append(rdata)
            names.add(name)
    return records, names


def read_name(msg, offset):
    labels = []
    while True:
        if offset >= len(msg):
            raise ValueError("name runs past the end")
        n = msg[offset]
        if n == 0:
            return ".".join(labels), offset + 1
        if n & 0xC0:
            raise ValueError("compressed name in a question")
        labels.append(msg[offset + 1:offset + 1 + n].decode("ascii", "replace"))
        offset += 1 + n


class Resolver:
    def __init__(self, records, names):
        self.records, self.names = records, names

    def answer(self, query, limit=None):
        """The response to QUERY (bytes), or None for something that is not a query."""
        if len(query) < 12:
            return None
        qid, flags, qd, _an, _ns, ar = struct.unpack("!6H", query[:12])
        if flags & 0x8000 or qd != 1:
            return None
        try:
            qname, off = read_name(query, 12)
            qtype, qclass = struct.unpack("!HH", query[off:off + 4])
        except (ValueError, struct.error):
            return struct.pack("!6H", qid, 0x8001, 0, 0, 0, 0)  # FORMERR
        question = query[12:off + 4]
        edns = None
        if ar:
            # An OPT record in the additional section: its CLASS is the UDP size the client takes.
            rest = query[off + 4:]
            if len(rest) >= 11 and rest[0] == 0 and struct.unpack("!H", rest[1:3])[0] == 41:
                edns = max(512, struct.unpack("!H", rest[3:5])[0])
        name = qname.lower().rstrip(".")
        rcode = 0 if name in self.names else 3
        answers = self.records.get((name, qtype), []) if qclass == 1 else []
        body = b""
        for rdata in answers:
            body += b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, 60, len(rdata)) + rdata
        opt = b"\x00" + struct.pack("!HHIH", 41, 4096, 0, 0) if edns else b""
        rflags = 0x8400 | (flags & 0x0100) | rcode  # QR, AA, RD copied, no RA: authoritative only
        msg = struct.pack("!6H", qid, rflags, 1, len(answers), 0, 1 if opt else 0) + question + body + opt
        max_size = limit if limit is not None else (edns or 512)
        if len(msg) > max_size:
            msg = struct.pack("!6H", qid, rflags | 0x0200, 1, 0, 0, 1 if opt else 0) + question + opt
        print(f"{name} {TYPE_NAMES.get(qtype, qtype)} {'NOERROR' if rcode == 0 else 'NXDOMAIN'} {len(answers)}",
              flush=True)
        return msg


def main():
    p = argparse.ArgumentParser(description="a tiny authoritative DNS server for the test mail stack")
    p.add_argument("--listen", required=True, help="a loopback address (127.0.0.0/8)")
    p.add_argument("--port", type=int, default=53)
    p.add_argument("--zone", required=True)
    p.add_argument("--pid-file")
    args = p.parse_args()
    if not ipaddress.IPv4Address(args.listen).is_loopback:
        sys.exit("dnsserver: --listen must be a loopback address: this server is for tests on this machine only")
    resolver = Resolver(*load_zone(args.zone))

    class UDP(socketserver.BaseRequestHandler):
        def handle(self):
            data, sock = self.request
            reply = resolver.answer(data)
            if reply:
                sock.sendto(reply, self.client_address)

    class TCP(socketserver.StreamRequestHandler):
        def handle(self):
            while True:
                head = self.rfile.read(2)
                if len(head) < 2:
                    return
                data = self.rfile.read(struct.unpack("!H", head)[0])
                reply = resolver.answer(data, limit=65535)
                if not reply:
                    return
                self.wfile.write(struct.pack("!H", len(reply)) + reply)

    socketserver.ThreadingUDPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    udp = socketserver.ThreadingUDPServer((args.listen, args.port), UDP)
    tcp = socketserver.ThreadingTCPServer((args.listen, args.port), TCP)
    udp.daemon_threads = tcp.daemon_threads = True
    for server in (udp, tcp):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write(f"{os.getpid()}\n")
    print(f"READY {args.listen}:{args.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    udp.shutdown()
    tcp.shutdown()


if __name__ == "__main__":
    main()
