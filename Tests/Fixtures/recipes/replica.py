#!/usr/bin/env python3
"""Replicas of the news APIs the recipes read, for finews's recipe tests: 127.0.0.1 only, stdlib only.

Serves HTTPS (Tests/Fixtures/recipes/server.pem, issued by ca.pem for the sites' real host names) and
plain HTTP on two free ports and prints "HTTPS_PORT HTTP_PORT" on its first line; the tests reach the
real URLs through libcurl's CONNECT_TO. Each site is answered in the shape its API is publicly known to
have (envelope, field names and types, JSONP) and checks what the site checks (the cls signature, the
jin10 app id, Referer, x-requested-with, the szse POST body); a request that fails a check gets the
site's refusal. The facts are in Tests/Fixtures/recipes/README.md.

--mode changes every list answer: `normal`; `moved` (the records are under another key); `fieldless`
(records lose their title and text fields); `refused` (an error envelope where the site has one).
Exits when its parent dies or after --idle seconds without requests.
"""
import argparse, hashlib, json, os, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl

HERE = os.path.dirname(os.path.abspath(__file__))
MODE = ["normal"]
LAST_REQUEST = [time.monotonic()]
T0 = 1748914200  # 2025-06-03 09:30:00 +08:00


def clock(offset_minutes):
    """China time text, as the sites write it."""
    t = time.gmtime(T0 + 8 * 3600 + offset_minutes * 60)
    return time.strftime("%Y-%m-%d %H:%M:%S", t)


def article_page(title, paragraphs, body_class=None, body_id=None):
    attrs = (f' class="{body_class}"' if body_class else "") + (f' id="{body_id}"' if body_id else "")
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
            f"<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/news/\">要闻</a></div>"
            f"<h1>{title}</h1><div{attrs}>{text}</div>"
            f"<div class=\"footer\">版权所有 未经许可不得转载</div></body></html>")


PARAS = ["记者从相关部门获悉，上半年全国规模以上工业增加值同比增长百分之五点九，主要经济指标保持平稳增长的态势。",
         "分析人士认为，随着稳增长政策持续发力，下半年经济有望延续回升向好态势，市场信心进一步增强。",
         "业内专家表示，应继续加大宏观政策调节力度，着力扩大国内需求，推动经济实现质的有效提升和量的合理增长。"]


def cls_signed(query):
    """The cls rule: parameters sorted by name, sign = md5(hex(sha1(query)))."""
    pairs = [(k, v) for k, v in query if k != "sign"]
    given = dict(query).get("sign")
    names = dict(pairs)
    if names.get("appName") != "CailianpressWeb" or names.get("os") != "web" or names.get("sv") != "7.7.5":
        return False
    text = "&".join(f"{k}={v}" for k, v in sorted(pairs, key=lambda p: p[0]))
    return given == hashlib.md5(hashlib.sha1(text.encode()).hexdigest().encode()).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json;charset=UTF-8", headers=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def json(self, payload, status=200, callback=None, headers=None):
        text = json.dumps(payload, ensure_ascii=False)
        if callback:
            self.send(status, f"{callback}({text});", "application/javascript;charset=UTF-8", headers)
        else:
            self.send(status, text, headers=headers)

    def do_GET(self):
        self.route("GET", b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.route("POST", self.rfile.read(length) if length else b"")

    def route(self, method, body):
        LAST_REQUEST[0] = time.monotonic()
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        parts = urlsplit(self.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        handler = SITES.get((host, parts.path)) or PAGES.get((host, parts.path))
        if handler is None:
            return self.send(404, "<html><body>404 Not Found</body></html>", "text/html; charset=utf-8")
        handler(self, method, dict(query), query, body)

    def referer_ok(self, prefix):
        return (self.headers.get("Referer") or "").startswith(prefix)


def records(mode_key, items, strip):
    """The list under its documented key, or what each failure mode makes of it."""
    if MODE[0] == "fieldless":
        items = [{k: v for k, v in item.items() if k not in strip} for item in items]
    return ("moved_" + mode_key if MODE[0] == "moved" else mode_key), items


# --- eastmoney ----------------------------------------------------------------------------------------

def eastmoney_724(h, method, q, query, body):
    if not h.referer_ok("https://kuaixun.eastmoney.com/"):
        return h.send(403, "<html><body>403 Forbidden</body></html>", "text/html")
    if not q.get("req_trace", "").isdigit() or q.get("biz") != "web_724" or q.get("fastColumn") != "102":
        return h.json({"code": "-1", "message": "参数错误", "data": None})
    if MODE[0] == "refused":
        return h.json({"code": "-2", "message": "请求过于频繁", "data": None})
    items = [
        {"code": "202506033401234567", "title": "央行开展1000亿元逆回购操作", "summary": "【央行开展1000亿元逆回购操作】央行今日开展1000亿元7天期逆回购操作，中标利率1.40%。",
         "showTime": clock(0), "image": [], "stockList": [], "realSort": "1748914200000123", "columnName": "要闻"},
        {"code": "202506033401234568", "title": "", "summary": "【沪指午间收涨0.8%】沪指午间收涨0.8%，两市成交额超6000亿元。",
         "showTime": clock(5), "image": [], "stockList": ["1.600519"], "realSort": "1748914500000123", "columnName": "A股"},
    ]
    key, items = records("fastNewsList", items, {"title", "summary"})
    h.json({"code": "1", "message": "success", "data": {key: items, "sortEnd": "1748914200000123"}}, callback=q.get("callback"))


COLUMN_ETAG = '"column-v1"'


def eastmoney_column(h, method, q, query, body):
    if not q.get("req_trace") or q.get("biz") != "web_news_col" or not q.get("column"):
        return h.json({"code": "-1", "message": "参数错误", "data": None})
    # Served with an ETag so the 30-second polling of the seed script's job can be conditional.
    if h.headers.get("If-None-Match") == COLUMN_ETAG:
        h.send_response(304)
        h.send_header("ETag", COLUMN_ETAG)
        h.send_header("Content-Length", "0")
        return h.end_headers()
    column = q["column"]
    items = [
        {"code": "202506033401000001", "title": f"栏目{column}：东方财富财经早餐 6月3日周二", "showTime": clock(-150),
         "mediaName": "东方财富研究中心", "summary": "今日重点关注：央行公开市场操作、5月财新制造业PMI。", "image": "",
         "url": "http://finance.eastmoney.com/a/202506033401000001.html",
         "uniqueUrl": "https://finance.eastmoney.com/a/202506033401000001.html", "Np_dst": ""},
        {"code": "202506033401000002", "title": "隔夜美股三大指数收涨", "showTime": clock(-160), "mediaName": "东方财富",
         "summary": "道指涨0.1%，纳指涨0.7%，标普500指数涨0.4%。", "image": "", "url": "", "uniqueUrl": "", "Np_dst": ""},
    ]
    key, items = records("list", items, {"title", "summary"})
    h.json({"code": "1", "message": "success", "data": {key: items, "total": 2}}, headers={"ETag": COLUMN_ETAG})


# --- cls ------------------------------------------------------------------------------------------------

def cls_telegraph(h, method, q, query, body):
    if not cls_signed(query) or q.get("name") != "telegraph":
        return h.json({"errno": 50001, "msg": "签名错误", "data": {}})
    if MODE[0] == "refused":
        return h.json({"errno": 40003, "msg": "访问受限", "data": {}})
    items = [
        {"id": 2034561, "title": "", "content": "【宁德时代发布新一代储能系统】财联社6月3日电，宁德时代今日发布新一代储能系统，能量密度提升20%。",
         "brief": "宁德时代发布新一代储能系统", "ctime": T0, "level": "B", "shareurl": "https://api3.cls.cn/share/article/2034561?os=web&sv=7.7.5&app=CailianpressWeb",
         "subjects": [{"subject_name": "储能"}], "images": []},
        {"id": 2034562, "title": "国家统计局：5月CPI同比上涨0.2%", "content": "财联社6月3日电，国家统计局数据显示，5月CPI同比上涨0.2%，环比下降0.1%。",
         "brief": "", "ctime": T0 + 120, "level": "A", "shareurl": "", "subjects": [], "images": []},
        {"id": 2034563, "title": "", "content": "财联社6月3日电，港股恒生指数午间收涨1.2%。科技股普涨。",
         "brief": "", "ctime": T0 + 240, "level": "C", "subjects": [], "images": []},
    ]
    key, items = records("roll_data", items, {"title", "content", "brief"})
    h.json({"errno": 0, "data": {key: items}})


def cls_depth(h, method, q, query, body, column="1000"):
    if not cls_signed(query) or not q.get("last_time", "").isdigit():
        return h.json({"errno": 50001, "msg": "签名错误", "data": []})
    items = [
        {"id": 1988001, "title": "深度｜储能行业迎来新一轮扩产潮", "brief": "多家企业宣布扩产计划。", "ctime": T0 - 3600, "source": "财联社"},
        {"id": 1988002, "title": "", "brief": "光伏组件价格企稳回升", "ctime": T0 - 7200, "source": "科创板日报"},
    ]
    key, items = records("data", items, {"title", "brief"})
    h.json({"errno": 0, key: items})


def cls_detail_page(h, method, q, query, body):
    article_id = h.path.split("?")[0].rsplit("/", 1)[-1]
    content = {"1988001": "<p>储能行业正迎来新一轮扩产潮。</p><p>业内人士认为，需求增长是主要原因。</p>",
               "1988002": "<p>光伏组件价格近期企稳回升。</p><p>产业链库存持续下降。</p>"}.get(article_id)
    if content is None:
        return h.send(404, "<html><body>404</body></html>", "text/html")
    if article_id == "1988002":  # the older page shape
        data = {"props": {"initialState": {"detail": {"articleDetail": {"content": content, "author": {"name": "编辑"}}}}}}
    else:
        data = {"props": {"pageProps": {"articleDetail": {"content": content, "images": [], "author": {"name": "记者"}}}}}
    h.send(200, "<!DOCTYPE html><html><head><title>财联社</title></head><body><div id=\"__next\"></div>"
                f"<script id=\"__NEXT_DATA__\" type=\"application/json\">{json.dumps(data, ensure_ascii=False)}</script>"
                "</body></html>", "text/html; charset=utf-8")


# --- wallstreetcn ---------------------------------------------------------------------------------------

def wscn_lives(h, method, q, query, body):
    if not q.get("channel", "").endswith("-channel"):
        return h.json({"code": 40000, "message": "channel required", "data": None})
    if MODE[0] == "refused":
        return h.json({"code": 50000, "message": "服务繁忙", "data": None})
    items = [
        {"id": 3100001, "title": "", "content": "<p>【美联储理事沃勒：支持年内降息】美联储理事沃勒表示，支持年内降息两次。</p>",
         "content_text": "【美联储理事沃勒：支持年内降息】美联储理事沃勒表示，支持年内降息两次。", "display_time": T0 + 60, "score": 2,
         "uri": "https://wallstreetcn.com/livenews/3100001", "author": {"display_name": "见闻"}},
        {"id": 3100002, "title": "欧元区5月CPI初值同比1.9%", "content": "<p>欧元区5月CPI初值同比1.9%，预期2.0%。</p>",
         "content_text": "欧元区5月CPI初值同比1.9%，预期2.0%。", "display_time": T0 + 180, "score": 1,
         "uri": "https://wallstreetcn.com/livenews/3100002", "author": {"display_name": "见闻"}},
    ]
    key, items = records("items", items, {"title", "content", "content_text"})
    h.json({"code": 20000, "message": "OK", "data": {key: items, "next_cursor": "1748914380"}})


def wscn_flow(h, method, q, query, body):
    if q.get("accept") != "article" or not q.get("channel", "").endswith("-channel"):
        return h.json({"code": 40000, "message": "bad request", "data": None})
    items = [
        {"resource_type": "article", "resource": {"id": 3700001, "title": "全球央行掀起降息潮", "content_short": "多国央行降息。",
                                                  "uri": "https://wallstreetcn.com/articles/3700001", "display_time": T0 - 600, "is_paid": False}},
        {"resource_type": "ad", "resource": {"id": 9900001, "title": "广告：开户送好礼", "uri": "https://ad.example/1", "display_time": T0}},
        {"resource_type": "article", "resource": {"id": 3700002, "title": "付费：机构调研纪要", "uri": "https://wallstreetcn.com/premium/articles/3700002",
                                                  "display_time": T0 - 300, "is_paid": True, "is_priced": True}},
        {"resource_type": "article", "resource": {"id": 3700003, "title": "美债收益率回落", "content_short": "10年期美债收益率下行。",
                                                  "uri": "https://wallstreetcn.com/articles/3700003", "display_time": T0 - 900}},
    ]
    key, items = records("items", items, {"resource"})
    h.json({"code": 20000, "message": "OK", "data": {key: items}})


def wscn_article(h, method, q, query, body):
    article_id = h.path.split("?")[0].rsplit("/", 1)[-1]
    if q.get("extract") != "0":
        return h.json({"code": 40000, "message": "bad request", "data": None})
    bodies = {"3700001": "<p>全球多家央行近期宣布降息。</p><p>分析师预计宽松周期将延续。</p>",
              "3700003": "<p>10年期美债收益率回落至4.2%。</p><p>市场押注美联储降息。</p>"}
    if article_id not in bodies:
        return h.json({"code": 60301, "message": "文章已删除", "data": None})
    h.json({"code": 20000, "message": "OK", "data": {"id": int(article_id), "content": bodies[article_id]}})


# --- jin10 ----------------------------------------------------------------------------------------------

def jin10_flash(h, method, q, query, body):
    if h.headers.get("x-app-id") != "bVBF4FyRTn5NJF5n" or h.headers.get("x-version") != "1.0.0":
        return h.json({"status": 401, "message": "invalid app id", "data": []}, status=401)
    items = [
        {"id": "20250603093000123400", "time": clock(0), "type": 0, "important": 1,
         "data": {"content": "【乘联会：5月乘用车零售同比增长13%】乘联会数据显示，5月全国乘用车零售193万辆。", "vip_title": "", "pic": "", "link": "", "source": "乘联会", "lock": False}},
        {"id": "20250603093100123401", "time": clock(1), "type": 1, "important": 0,
         "data": {"name": "美国5月ISM制造业PMI", "actual": 48.5, "previous": 48.7}},
        {"id": "20250603093200123402", "time": clock(2), "type": 0, "important": 0,
         "data": {"content": "现货黄金日内涨1%，报3380美元/盎司。", "vip_title": "", "pic": "", "link": "", "source": "", "lock": False}},
    ]
    key, items = records("data", items, {"data"})
    h.json({"status": 200, "message": "", key: items})


# --- stcn, yicai, sina, cnstock ---------------------------------------------------------------------------

def stcn_list(h, method, q, query, body):
    if h.headers.get("x-requested-with") != "XMLHttpRequest":
        return h.send(200, "<!DOCTYPE html><html><body><ul class=\"list\"></ul></body></html>", "text/html; charset=utf-8")
    if q.get("type") != "kx":
        return h.send(200, "<html><body>列表</body></html>", "text/html; charset=utf-8")
    items = [
        {"title": "", "content": "【证监会：推进资本市场高水平开放】证监会表示，将持续推进资本市场高水平制度型开放。",
         "time": T0 + 30, "url": "/article/detail/1800001.html", "source": "证券时报网", "tags": [{"name": "证监会"}]},
        {"title": "两市融资余额增加52亿元", "content": "截至6月2日，两市融资余额增加52亿元。",
         "time": T0 + 90, "url": "/article/detail/1800002.html", "source": "", "tags": []},
    ]
    key, items = records("data", items, {"title", "content"})
    h.json({"state": 1, "msg": "", key: items})


def yicai_latest(h, method, q, query, body):
    items = [
        {"NewsTitle": "第一财经研究院：5月经济数据前瞻", "url": "/news/102500001.html", "NewsAuthor": "第一财经研究院",
         "NewsSource": "第一财经", "CreateDate": "2025-06-03T09:10:00", "ChannelName": "宏观", "NewsNotes": "5月经济延续恢复。"},
        {"NewsTitle": "多家银行下调存款利率", "url": "/news/102500002.html", "NewsAuthor": "", "NewsSource": "",
         "CreateDate": "2025-06-03T08:40:00", "ChannelName": "金融", "NewsNotes": "存款利率下调。"},
    ]
    if MODE[0] == "moved":
        return h.json({"list": items})
    h.json(items)


def yicai_page(h, method, q, query, body):
    title = {"/news/102500001.html": "第一财经研究院：5月经济数据前瞻", "/news/102500002.html": "多家银行下调存款利率"}[h.path]
    h.send(200, article_page(title, PARAS, body_class="m-txt multiText"), "text/html; charset=utf-8")


def sina_roll(h, method, q, query, body):
    if not h.referer_ok("https://news.sina.com.cn/"):
        return h.send(403, "<html><body>403 Forbidden</body></html>", "text/html")
    if not q.get("_", "").isdigit() or not q.get("r"):
        return h.json({"result": {"status": {"code": 1, "msg": "bad request"}}})
    items = [
        {"title": "国务院常务会议部署扩大内需", "intro": "会议部署扩大内需若干措施。",
         "url": "https://finance.sina.com.cn/china/2025-06-03/doc-inaa1001.shtml", "media_name": "新华社",
         "intime": str(T0 - 1200), "mtime": str(T0 - 1100), "docid": "comos:inaa1001"},
        {"title": "A股三大指数集体高开", "intro": "沪指高开0.3%。",
         "url": "https://finance.sina.com.cn/stock/2025-06-03/doc-inaa1002.shtml", "media_name": "新浪财经",
         "intime": str(T0 - 600), "mtime": str(T0 - 600), "docid": "comos:inaa1002"},
    ]
    key, items = records("data", items, {"title", "intro"})
    h.json({"result": {"status": {"code": 0, "msg": "succ"}, key: items, "total": 2}})


def sina_page(h, method, q, query, body):
    title = {"/china/2025-06-03/doc-inaa1001.shtml": "国务院常务会议部署扩大内需",
             "/stock/2025-06-03/doc-inaa1002.shtml": "A股三大指数集体高开"}[h.path]
    h.send(200, article_page(title, PARAS, body_id="artibody"), "text/html; charset=utf-8")


def sina_zhibo(h, method, q, query, body):
    if q.get("zhibo_id") != "152" or int(q.get("pagesize", "0")) > 10:
        return h.json({"result": {"status": {"code": 1, "msg": "bad request"}, "data": {}}})
    items = [
        {"id": 4200001, "rich_text": "【工信部：加快推进5G-A商用】工信部表示，将加快推进5G-A规模化商用。", "create_time": clock(3),
         "creator": "editor1", "docurl": "", "tag": [{"name": "宏观"}],
         "ext": json.dumps({"docurl": "https://finance.sina.com.cn/7x24/2025-06-03/doc-inzb4200001.shtml", "stocks": []})},
        {"id": 4200002, "rich_text": "美元指数短线走高，现报99.2。", "create_time": clock(4), "creator": "editor2",
         "docurl": "https://finance.sina.com.cn/7x24/2025-06-03/doc-inzb4200002.shtml", "tag": [], "ext": "{}"},
    ]
    key, items = records("list", items, {"rich_text"})
    h.json({"result": {"status": {"code": 0, "msg": ""}, "data": {"feed": {key: items, "html": ""}}}})


def cnstock_waterfall(h, method, q, query, body):
    if not h.referer_ok("http://news.cnstock.com/news/"):
        return h.send(403, "<html><body>403 Forbidden</body></html>", "text/html")
    if not q.get("colunm", "").startswith("qmt-") or not q.get("callback"):
        return h.send(200, "error", "text/plain")
    items = [
        {"id": 5300001, "title": "沪深交易所发布并购重组新规", "link": "https://news.cnstock.com/news,yw-202506-5300001.htm", "time": clock(-30)},
        {"id": 5300002, "title": "险资加大权益资产配置", "link": "https://news.cnstock.com/news,yw-202506-5300002.htm", "time": clock(-45)},
    ]
    key, items = records("item", items, {"title", "link"})
    h.json({"error": 0, "data": {key: items}}, callback=q["callback"])


def cnstock_page(h, method, q, query, body):
    title = {"/news,yw-202506-5300001.htm": "沪深交易所发布并购重组新规",
             "/news,yw-202506-5300002.htm": "险资加大权益资产配置"}[h.path]
    h.send(200, article_page(title, PARAS, body_class="content"), "text/html; charset=utf-8")


# --- the exchanges and the regulator -----------------------------------------------------------------------

def csrc_list(h, method, q, query, body):
    if q.get("_isJson") != "true":
        return h.send(200, "<html><body>列表</body></html>", "text/html; charset=utf-8")
    items = [
        {"title": "证监会发布《上市公司信息披露管理办法》修订稿", "contentHtml": "<p>为进一步规范信息披露，证监会修订了管理办法。</p><p>自公布之日起施行。</p>",
         "publishedTime": (T0 - 86400) * 1000, "url": "http://www.csrc.gov.cn/csrc/c100028/c7550001/content.shtml"},
        {"title": "证监会召开2025年系统工作会议", "contentHtml": "<p>会议总结工作，部署重点任务。</p>",
         "publishedTime": (T0 - 2 * 86400) * 1000, "url": "http://www.csrc.gov.cn/csrc/c100028/c7550002/content.shtml"},
    ]
    key, items = records("results", items, {"title", "contentHtml"})
    h.json({"data": {key: items, "total": 2}})


def sse_bulletin(h, method, q, query, body):
    if "sse.com.cn" not in (h.headers.get("Referer") or ""):
        return h.send(403, "<html><body>403 Forbidden</body></html>", "text/html")
    items = [
        {"TITLE": "贵州茅台关于2024年度利润分配方案实施公告", "URL": "/disclosure/listedinfo/announcement/c/new/2025-06-03/600519_20250603_ABCD.pdf",
         "ADDDATE": "2025-06-03 16:20:00", "SECURITY_NAME": "贵州茅台", "SECURITY_CODE": "600519"},
        {"TITLE": "工商银行董事会决议公告", "URL": "/disclosure/listedinfo/announcement/c/new/2025-06-03/601398_20250603_EFGH.pdf",
         "ADDDATE": "2025-06-03 17:05:00", "SECURITY_NAME": "工商银行", "SECURITY_CODE": "601398"},
    ]
    key, items = records("result", items, {"TITLE"})
    h.json({"actionErrors": [], key: items, "pageHelp": {"pageNo": 1, "pageSize": 25, "total": 2}},
           callback=q.get("jsonCallBack"))


def szse_annlist(h, method, q, query, body):
    if method != "POST":
        return h.send(405, "<html><body>405</body></html>", "text/html")
    try:
        request = json.loads(body.decode("utf-8"))
    except ValueError:
        return h.json({"announceCount": 0, "data": [], "error": "bad json"}, status=400)
    dates = request.get("seDate")
    if (request.get("channelCode") != ["listedNotice_disc"] or not isinstance(dates, list) or len(dates) != 2
            or not all(isinstance(d, str) and len(d) == 10 for d in dates) or dates[0] > dates[1]
            or not isinstance(request.get("pageSize"), int)):
        return h.json({"announceCount": 0, "data": [], "error": "bad request"}, status=400)
    items = [
        {"id": "a1b2c3d4-0001", "title": "平安银行：2024年年度权益分派实施公告", "publishTime": "2025-06-03 18:30:00",
         "secCode": ["000001"], "secName": ["平安银行"], "attachPath": "/disc/disk03/finalpage/2025-06-04/a1b2c3d4-0001.PDF"},
        {"id": "a1b2c3d4-0002", "title": "万科A：关于董事会换届的公告", "publishTime": "2025-06-03 19:00:00",
         "secCode": ["000002"], "secName": ["万科A"], "attachPath": "/disc/disk03/finalpage/2025-06-04/a1b2c3d4-0002.PDF"},
    ]
    key, items = records("data", items, {"title"})
    h.json({"announceCount": 2, key: items})


SITES = {
    ("np-weblist.eastmoney.com", "/comm/web/getFastNewsList"): eastmoney_724,
    ("np-listapi.eastmoney.com", "/comm/web/getNewsByColumns"): eastmoney_column,
    ("www.cls.cn", "/api/cache"): cls_telegraph,
    ("www.cls.cn", "/v3/depth/list/1000"): cls_depth,
    ("api-one.wallstcn.com", "/apiv1/content/lives"): wscn_lives,
    ("api-one.wallstcn.com", "/apiv1/content/information-flow"): wscn_flow,
    ("flash-api.jin10.com", "/get_flash_list"): jin10_flash,
    ("www.stcn.com", "/article/list.html"): stcn_list,
    ("www.yicai.com", "/api/ajax/getlatest"): yicai_latest,
    ("feed.mix.sina.com.cn", "/api/roll/get"): sina_roll,
    ("zhibo.sina.com.cn", "/api/zhibo/feed"): sina_zhibo,
    ("app.cnstock.com", "/api/waterfall"): cnstock_waterfall,
    ("www.csrc.gov.cn", "/searchList/c100028"): csrc_list,
    ("query.sse.com.cn", "/security/stock/queryCompanyBulletin.do"): sse_bulletin,
    ("www.szse.cn", "/api/disc/announcement/annList"): szse_annlist,
}
PAGES = {
    ("www.cls.cn", "/detail/1988001"): cls_detail_page,
    ("www.cls.cn", "/detail/1988002"): cls_detail_page,
    ("api-one.wallstcn.com", "/apiv1/content/articles/3700001"): wscn_article,
    ("api-one.wallstcn.com", "/apiv1/content/articles/3700003"): wscn_article,
    ("www.yicai.com", "/news/102500001.html"): yicai_page,
    ("www.yicai.com", "/news/102500002.html"): yicai_page,
    ("finance.sina.com.cn", "/china/2025-06-03/doc-inaa1001.shtml"): sina_page,
    ("finance.sina.com.cn", "/stock/2025-06-03/doc-inaa1002.shtml"): sina_page,
    ("news.cnstock.com", "/news,yw-202506-5300001.htm"): cnstock_page,
    ("news.cnstock.com", "/news,yw-202506-5300002.htm"): cnstock_page,
}


def watch_parent(idle):
    # No PR_SET_PDEATHSIG: it fires when the parent *thread* that spawned us exits, and tests start
    # replicas from pool threads that may end while the test still needs its server. Poll the parent
    # process instead; the test also kills its replica when it is done.
    parent = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != parent or time.monotonic() - LAST_REQUEST[0] > idle:
            os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="normal", choices=["normal", "moved", "fieldless", "refused"])
    parser.add_argument("--idle", type=float, default=120)
    args = parser.parse_args()
    MODE[0] = args.mode
    secure = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(HERE, "server.pem"), os.path.join(HERE, "server.key"))
    secure.socket = context.wrap_socket(secure.socket, server_side=True)
    plain = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    for server in (secure, plain):
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"{secure.server_address[1]} {plain.server_address[1]}", flush=True)
    watch_parent(args.idle)


if __name__ == "__main__":
    main()
