#!/usr/bin/env python3
"""HTTP server for finews fetch tests: 127.0.0.1 only, stdlib only.

Prints the port it bound on its first stdout line. Every request is logged with its headers and
start/end times; GET /_log?t=TOKEN returns the entries whose query carries t=TOKEN as JSON.
Exits when its parent process dies (it polls for that) or after --idle seconds without requests.
"""
import argparse, email.utils, gzip, io, json, os, signal, socket, struct, sys, threading, time, zlib
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


CLUSTER_CHARACTERS = ("央行银行市场资金利率债券股票基金证券指数汇率外汇期货黄金原油经济增长消费投资出口进口制造业"
                      "服务业就业物价通胀政策财政货币监管改革开放企业利润收入成本价格供应需求风险信用贷款存款保险")


def cluster_feed(n, base):
    import random
    items = []
    for i in range(25):
        chooser = random.Random(n * 1000 + i)
        text = "".join(chooser.choice(CLUSTER_CHARACTERS) for _ in range(240))
        items.append((f"第{n}号源 第{i}条 {text[:12]}", "。".join(text[k:k + 40] for k in range(0, 240, 40))))
    return rss(f"集群源{n}", items, base=f"{base}/{n}").encode("utf-8")


# --- a small news site: list pages linking to article pages, in three encodings ----------------------

SIMPLIFIED = {
    1001: ("央行开展1000亿元逆回购操作 维护银行体系流动性合理充裕", "2025-06-03 09:30", "证券时报", [
        "为维护银行体系流动性合理充裕，中国人民银行6月3日以利率招标方式开展了1000亿元7天期逆回购操作，中标利率为1.40%，与此前持平。",
        "市场人士表示，近期资金面总体平稳，跨月后短端利率有所回落，央行通过公开市场操作保持流动性合理充裕的意图明显。",
        "从全周来看，本周共有8000亿元逆回购到期，央行将根据市场需求灵活开展操作，熨平流动性波动，稳定市场预期。",
        "分析人士认为，在稳增长政策持续发力的背景下，货币政策仍将保持稳健偏宽松的取向，降准降息仍有一定空间。",
    ]),
    1002: ("沪深两市成交额突破万亿元 科技板块领涨", "2025-06-03 15:05", "上海证券报", [
        "6月3日，A股三大指数集体收涨，沪指涨0.8%，深成指涨1.2%，创业板指涨1.5%，沪深两市成交额突破万亿元。",
        "盘面上，半导体、人工智能、消费电子等科技板块领涨，银行、煤炭板块小幅调整，北向资金全天净买入超过50亿元。",
        "机构人士指出，近期政策面暖风频吹，市场风险偏好有所回升，科技成长方向有望继续成为资金关注的主线。",
        "也有分析师提醒，短期指数快速上涨后存在震荡整固的需要，投资者应注意控制仓位，关注业绩确定性较高的品种。",
    ]),
}

TRADITIONAL = {
    2001: ("外資買超新臺幣百億元 台股收漲逾百點", "2025-06-03 14:30", "經濟日報", [
        "台股今日在外資買超新臺幣百億元帶動下，加權指數收漲一百二十點，成交量放大至四千億元，電子權值股全面走強。",
        "法人指出，美股科技股走揚帶動亞股回溫，外資連續三日回補台股，半導體與人工智慧供應鏈成為資金追逐的焦點。",
        "金融股則表現相對持平，市場關注央行理監事會議的利率決策，以及新臺幣匯率的後續走勢對出口產業的影響。",
        "投信分析師建議，投資人可逢回布局基本面穩健的龍頭企業，同時留意國際政經情勢變化所帶來的短期波動風險。",
    ]),
}

SITE_CHARSETS = {"utf8": ("utf-8", '<meta charset="utf-8">'), "gbk": ("gbk", ""),
                 "big5": ("big5", '<meta http-equiv="Content-Type" content="text/html; charset=big5">')}


# Page chrome in the script each charset can carry.
CHROME = {
    "simplified": {"list": "财经要闻", "home": "首页", "next": "下一页", "about": "关于我们", "map": "网站地图 联系我们 免责声明",
                   "other": "其他网站的一篇文章标题", "channel": "财经频道", "finance": "财经", "stock": "股票",
                   "source": "来源", "rights": "版权所有 2025 财经网 未经授权禁止转载"},
    "traditional": {"list": "財經要聞", "home": "首頁", "next": "下一頁", "about": "關於我們", "map": "網站地圖 聯絡我們 免責聲明",
                    "other": "其他網站的一篇文章標題", "channel": "財經頻道", "finance": "財經", "stock": "股票",
                    "source": "來源", "rights": "版權所有 2025 財經網 未經授權禁止轉載"},
}


def chrome(kind):
    return CHROME["traditional" if kind == "big5" else "simplified"]


def site_articles(kind):
    return TRADITIONAL if kind == "big5" else SIMPLIFIED


def site_list(kind, token):
    links = "".join(f'<li><a href="/site/{kind}/news/2025/06/03/{n}.html?t={token}">{a[0]}</a></li>'
                    for n, a in site_articles(kind).items())
    c = chrome(kind)
    return (f"<!DOCTYPE html><html><head>{SITE_CHARSETS[kind][1]}<title>{c['list']}</title></head><body>"
            f'<div class="nav"><a href="/site/{kind}/">{c["home"]}</a> <a href="/site/{kind}/list_2.html">{c["next"]}</a> '
            f'<a href="/site/{kind}/about.html">{c["about"]}</a></div>'
            f'<ul class="news-list">{links}</ul>'
            f'<footer><a href="/site/{kind}/news/2025/06/03/9999.html">{c["map"]}</a></footer>'
            f'<a href="http://other.example.com/2025/06/03/5555.html">{c["other"]}</a></body></html>')


def site_article(kind, number):
    title, when, outlet, paragraphs = site_articles(kind)[number]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    c = chrome(kind)
    return (f"<!DOCTYPE html><html><head>{SITE_CHARSETS[kind][1]}<title>{title}_{c['channel']}</title></head><body>"
            f'<div class="nav"><a href="/">{c["home"]}</a> <a href="/finance/">{c["finance"]}</a> '
            f'<a href="/stock/">{c["stock"]}</a></div>'
            f'<div class="article"><h1>{title}</h1><div class="info">{when} {c["source"]}：{outlet}</div>'
            f'<div class="content">{body}</div></div>'
            f"<footer>{c['rights']}</footer></body></html>")


# --- a news API in the seed script's shape: records, then one detail request per infoCode -------------

API_RECORDS = [("NW202506030001", 1001, "证券时报"), ("NW202506030002", 1002, "上海证券报")]


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

    def cluster(self, path):
        """/cluster/N.xml[?delay=SECONDS]: feed N of the cluster tests, 25 items whose texts differ from every
        other feed's (no two are near-duplicates), the same bytes on every request."""
        n = int(path.split("/")[2].split(".")[0])
        delay = float(self.query.get("delay", "0"))
        if delay > 0:
            time.sleep(min(delay, 30))
        self.send_body(200, cluster_feed(n, f"http://{self.headers.get('Host', '127.0.0.1')}"),
                       "application/rss+xml; charset=utf-8")

    def feed(self, path):
        """/feed/bare-amp: RSS with an unescaped ampersand; /feed/wrong-type: RSS served as image/png."""
        kind = path.split("/")[2]
        if kind == "bare-amp":
            body = rss("A&B 财经", [("沪深300 & 创业板", "涨&跌")]).encode()
            return self.send_body(200, body, "application/rss+xml")
        if kind == "wrong-type":
            return self.send_body(200, rss("类型错误", [("标题", "正文")]).encode(), "image/png")
        self.send_body(404, b"no such feed\n", "text/plain")

    def site(self, path):
        """/site/KIND/list.html and /site/KIND/news/2025/06/03/N.html; KIND is utf8, gbk (undeclared) or big5."""
        parts = path.split("/")
        kind = parts[2]
        charset = SITE_CHARSETS[kind][0]
        if parts[-1] == "list.html":
            return self.send_body(200, site_list(kind, self.query.get("t", "")).encode(charset), "text/html")
        number = int(parts[-1].split(".")[0]) if parts[-1].split(".")[0].isdigit() else 0
        if number not in site_articles(kind):
            return self.send_body(404, b"not found\n", "text/plain")
        self.send_body(200, site_article(kind, number).encode(charset), "text/html")

    def api(self, path):
        """/api/list: {"data": {"list": [records]}}; /api/detail?infoCode=: {"data": {"content": html}}."""
        if path == "/api/list":
            records = [{"infoCode": code, "title": SIMPLIFIED[n][0], "showtime": SIMPLIFIED[n][1] + ":00",
                        "medianame": outlet} for code, n, outlet in API_RECORDS]
            body = json.dumps({"data": {"list": records}}, ensure_ascii=False).encode()
            return self.send_body(200, body, "application/json; charset=utf-8")
        number = {code: n for code, n, _ in API_RECORDS}.get(self.query.get("infoCode"))
        if number is None:
            return self.send_body(404, b'{"error": "no such record"}', "application/json")
        content = "".join(f"<p>{p}</p>" for p in SIMPLIFIED[number][3])
        self.send_body(200, json.dumps({"data": {"content": content}}, ensure_ascii=False).encode(),
                       "application/json; charset=utf-8")

    def edited(self, path):
        """/edited/list.html links one article; the article gains a correction after its first fetch
        per token, as sites edit stories after publishing."""
        token = self.query.get("t", "")
        if path.endswith("list.html"):
            body = (f'<html><body><ul class="news-list"><li><a href="/edited/news/2025/06/03/1.html?t={token}">'
                    f'{SIMPLIFIED[1001][0]}</a></li></ul></body></html>')
            return self.send_body(200, body.encode(), "text/html; charset=utf-8")
        key = "edited:" + token
        with LOG_LOCK:
            COUNTERS[key] = COUNTERS.get(key, 0) + 1
            count = COUNTERS[key]
        page = site_article("utf8", 1001)
        if count > 1:
            page = page.replace("</div></div><footer>",
                                "<p>更正：本文第二段中的成交额数据已根据交易所最新公告更新，特此说明。</p></div></div><footer>")
        self.send_body(200, page.encode(), "text/html; charset=utf-8")

    def vanishing(self, path):
        """A feed with two items on the first request of a token and none after: a site that changed."""
        key = "vanishing:" + self.query.get("t", "")
        with LOG_LOCK:
            COUNTERS[key] = COUNTERS.get(key, 0) + 1
            count = COUNTERS[key]
        items = [("第一条快讯", "内容一"), ("第二条快讯", "内容二")] if count == 1 else []
        self.send_body(200, rss("消失的源", items).encode(), "application/rss+xml")


ROUTES = {
    "ok": Handler.ok, "status": Handler.status, "flaky": Handler.flaky, "stall": Handler.stall,
    "trickle": Handler.trickle, "reset": Handler.reset, "loop": Handler.loop, "redirect": Handler.redirect,
    "big": Handler.big, "bomb": Handler.bomb, "encoded": Handler.encoded, "conditional": Handler.conditional,
    "fixture": Handler.fixture, "headers": Handler.headers_echo, "bench": Handler.bench, "feed": Handler.feed, "cluster": Handler.cluster,
    "site": Handler.site, "api": Handler.api, "vanishing": Handler.vanishing, "edited": Handler.edited,
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
    # No PR_SET_PDEATHSIG: it fires when the parent *thread* that spawned us exits, and the tests start
    # this server from a pool thread that libdispatch may retire mid-run ("connection refused" for
    # every later test). The poll in watch_parent sees the parent process itself die.
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=watch_parent, args=(os.getppid(), args.idle), daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
