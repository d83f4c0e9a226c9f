#!/usr/bin/env python3
"""HTTP server for finews fetch tests: 127.0.0.1 only, stdlib only.

Prints the port it bound on its first stdout line. Every request is logged with its headers and
start/end times; GET /_log?t=TOKEN returns the entries whose query carries t=TOKEN as JSON.
Exits when its parent dies (PR_SET_PDEATHSIG, and a parent poll as a fallback) or after
--idle seconds without requests.
"""
import argparse, ctypes, email.utils, gzip, io, json, os, signal, socket, struct, sys, threading, time, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

HERE = os.path.dirname(os.path.abspath(__file__))
DECODE = os.path.join(HERE, "..", "decode")
LOG, LOG_LOCK = [], threading.Lock()
COUNTERS = {}
LAST_REQUEST = [time.monotonic()]
LAST_MODIFIED = "Tue, 03 Jun 2025 01:30:00 GMT"
ETAG = '"v1-finews"'


def rss(title, items, encoding="utf-8", base=""):
    entries = "".join(
        f"<item><title>{t}</title><link>{base}/a/{i}.html</link><guid>{base}/a/{i}.html</guid>"
        f"<description>{d}</description><pubDate>Tue, 03 Jun 2025 09:{i % 60:02d}:00 +0800</pubDate></item>"
        for i, (t, d) in enumerate(items))
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link><description>{title}</description>{entries}</channel></rss>\n")


def bench_feed(n, base):
    items = [(f"第{n}号源 第{i}条 央行开展逆回购操作", "银行间市场流动性保持合理充裕。" * 20) for i in range(25)]
    return rss(f"基准源{n}", items, base=base).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        LAST_REQUEST[0] = time.monotonic()
        url = urlsplit(self.path)
        self.query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        entry = {"path": url.path, "query": self.query, "headers": dict(self.headers.items()),
                 "start": time.monotonic(), "end": None}
        if url.path != "/_log":
            with LOG_LOCK:
                LOG.append(entry)
        try:
            if url.path == "/_log":
                return self.send_log()
            route = ROUTES.get(url.path.split("/")[1] if "/" in url.path else "")
            if route is None:
                return self.send_body(404, b"not found\n", "text/plain")
            route(self, url.path)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            entry["end"] = time.monotonic()

    def send_log(self):
        token = self.query.get("t")
        deadline = time.monotonic() + 2
        while True:  # a client may ask before the handler of its last request has finished
            with LOG_LOCK:
                entries = [dict(e) for e in LOG if token is None or e["query"].get("t") == token]
            if all(e["end"] is not None for e in entries) or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        self.send_body(200, json.dumps(entries).encode(), "application/json")

    def send_body(self, status, body, content_type, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    # --- routes -------------------------------------------------------------------------------

    def ok(self, path):
        delay = float(self.query.get("delay", "0"))
        if delay:
            time.sleep(delay)
        self.send_body(200, b"<html><body><p>ok</p></body></html>\n", "text/html; charset=utf-8")

    def status(self, path):
        code = int(path.split("/")[2])
        extra = {}
        if "after" in self.query:
            after = self.query["after"]
            extra["Retry-After"] = (email.utils.formatdate(time.time() + float(after[5:]), usegmt=True)
                                    if after.startswith("date+") else after)
        self.send_body(code, f"status {code}\n".encode(), "text/plain", extra)

    def flaky(self, path):
        """Fails with ?code= (default 500) for the first ?fail= requests of a token, then 200."""
        key = self.query.get("t", "")
        with LOG_LOCK:
            COUNTERS[key] = COUNTERS.get(key, 0) + 1
            count = COUNTERS[key]
        if count <= int(self.query.get("fail", "1")):
            extra = {"Retry-After": self.query["after"]} if "after" in self.query else {}
            return self.send_body(int(self.query.get("code", "500")), b"try again\n", "text/plain", extra)
        self.send_body(200, f"attempt {count}\n".encode(), "text/plain")

    def stall(self, path):
        time.sleep(float(self.query.get("secs", "3")))
        self.send_body(200, b"late\n", "text/plain")

    def trickle(self, path):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(float(self.query.get("gap", "0.3")))

    def reset(self, path):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body>" + b"a" * 2000)
        self.wfile.flush()
        time.sleep(0.05)
        # SO_LINGER with zero timeout: close() sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def loop(self, path):
        n = int(path.split("/")[2]) if path.count("/") >= 2 and path.split("/")[2] else 0
        self.send_response(302)
        self.send_header("Location", f"/loop/{n + 1}?t={self.query.get('t', '')}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def redirect(self, path):
        """/redirect/N: N hops, then /ok. ?to= sends the last hop elsewhere (for scheme tests)."""
        n = int(path.split("/")[2])
        target = f"/redirect/{n - 1}" if n > 1 else self.query.get("to", "/ok")
        self.send_response(301)
        self.send_header("Location", f"{target}?t={self.query.get('t', '')}" if target.startswith("/") else target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def big(self, path):
        size = int(self.query.get("size", str(2 * 1024 * 1024)))
        if self.query.get("chunked"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            block = b"y" * 65536
            sent = 0
            while sent < size:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                sent += len(block)
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_body(200, b"y" * size, "text/plain")

    def bomb(self, path):
        self.send_body(200, BOMB, "text/html", {"Content-Encoding": "gzip"})

    def encoded(self, path):
        """/encoded/gzip or /encoded/deflate: a feed compressed with that Content-Encoding."""
        kind = path.split("/")[2]
        body = rss("压缩", [("标题", "正文" * 200)]).encode()
        data = gzip.compress(body) if kind == "gzip" else zlib.compress(body)
        self.send_body(200, data, "application/rss+xml", {"Content-Encoding": kind,
                                                          "X-Decoded-Length": str(len(body))})

    def conditional(self, path):
        etag_matches = self.headers.get("If-None-Match") == ETAG
        since = self.headers.get("If-Modified-Since")
        if etag_matches or (since and "If-None-Match" not in self.headers and since == LAST_MODIFIED):
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            return
        self.send_body(200, rss("条件请求", [("第一条", "内容")]).encode(), "application/rss+xml",
                       {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    def fixture(self, path):
        """/fixture/NAME?type=…: a file of Tests/Fixtures/decode, served with that Content-Type."""
        name = os.path.basename(path)
        with open(os.path.join(DECODE, name), "rb") as handle:
            body = handle.read()
        self.send_body(200, body, self.query.get("type", "text/html"))

    def headers_echo(self, path):
        self.send_body(200, json.dumps(dict(self.headers.items())).encode(), "application/json")

    def bench(self, path):
        n = int(path.split("/")[2].split(".")[0])
        base = f"http://{self.headers.get('Host', '127.0.0.1')}"
        self.send_body(200, bench_feed(n, base), "application/rss+xml; charset=utf-8")

    def feed(self, path):
        """/feed/bare-amp: RSS with an unescaped ampersand; /feed/wrong-type: RSS served as image/png."""
        kind = path.split("/")[2]
        if kind == "bare-amp":
            body = rss("A&B 财经", [("沪深300 & 创业板", "涨&跌")]).encode()
            return self.send_body(200, body, "application/rss+xml")
        if kind == "wrong-type":
            return self.send_body(200, rss("类型错误", [("标题", "正文")]).encode(), "image/png")
        self.send_body(404, b"no such feed\n", "text/plain")


ROUTES = {
    "ok": Handler.ok, "status": Handler.status, "flaky": Handler.flaky, "stall": Handler.stall,
    "trickle": Handler.trickle, "reset": Handler.reset, "loop": Handler.loop, "redirect": Handler.redirect,
    "big": Handler.big, "bomb": Handler.bomb, "encoded": Handler.encoded, "conditional": Handler.conditional,
    "fixture": Handler.fixture, "headers": Handler.headers_echo, "bench": Handler.bench, "feed": Handler.feed,
}


def make_bomb():
    """64 MiB of zeros gzipped to about 64 KiB."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as handle:
        block = b"\0" * (1024 * 1024)
        for _ in range(64):
            handle.write(block)
    return out.getvalue()


BOMB = make_bomb()


def watch_parent(parent, idle):
    while True:
        time.sleep(0.5)
        if os.getppid() != parent or time.monotonic() - LAST_REQUEST[0] > idle:
            os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle", type=float, default=300)
    args = parser.parse_args()
    # The test process may have blocked SIGTERM; children inherit the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=watch_parent, args=(os.getppid(), args.idle), daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
